"""The one clock. Pass another callable in tests to control time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


def utc_iso(moment: datetime) -> str:
    """UTC ISO-8601 to the second, with Z: how every timestamp is stored."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def local_today(clock: Clock) -> date:
    return clock().astimezone().date()
