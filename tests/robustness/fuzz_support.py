"""What the fuzz tests share: example counts (moderate by default, `FAZHI_FUZZ=long` for the long run) and a tally
of cases run and tampered inputs refused, printed at the end of the test run (conftest.py)."""

from __future__ import annotations

import os
import re
from collections import Counter

from hypothesis import HealthCheck, settings

LONG = os.environ.get("FAZHI_FUZZ", "").lower() == "long"
#: how many examples a fuzz test runs: `normal` in the ordinary run, `long` times 20 with FAZHI_FUZZ=long
SCALE = 20 if LONG else 1

TALLY: Counter[str] = Counter()
CJK = re.compile(r"[\u4e00-\u9fff]")


def fuzz_settings(examples: int, **extra) -> settings:
    """Hypothesis settings for a fuzz test: no deadline (file work varies), fixtures reused across examples on
    purpose (each example checks that the database it touched did not change, or accounts for what did). Seeds
    follow the active profile (fixed in CI: tests/conftest.py)."""
    return settings(max_examples=examples * SCALE, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large],
                    **extra)


def count(kind: str, refused: bool = False) -> None:
    """One case of `kind` ran (and a tampered input was refused)."""
    TALLY[f"cases:{kind}"] += 1
    if refused:
        TALLY[f"refused:{kind}"] += 1


def is_chinese(text: str) -> bool:
    return bool(CJK.search(text))
