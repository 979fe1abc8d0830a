"""The desktop's demonstration database looks like a year of an office's work (fill_demo's `worked`): records entered
by 马丽 some days after they happened, reviewed and locked by 杨芳 as they aged, one sent back, sign-in scans
attached; not 150 草稿 typed by 演示用户 at the minute the demo was built."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from fazhi_desktop.core import attachments, clock_went_back, review
from fazhi_desktop.core.clock import OFFICE_ZONE
from fazhi_desktop.core.demo import DEMO_TOWNSHIP, fill_demo
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import ListQuery, Record, Store

NOW = datetime(2026, 11, 28, 10, 18, tzinfo=UTC)
LEDGERS = ("meeting", "law_study", "enforcement_check", "complaint", "mediation_case")


def built(tmp_path, name: str = "demo.db") -> Store:
    store = init_database(tmp_path / name, DEMO_TOWNSHIP, clock=lambda: NOW, operator="演示用户")
    fill_demo(store, 2026, per_ledger=30, seed=2026, worked=True)
    return store


def all_records(store: Store) -> list[Record]:
    return [r for ledger in LEDGERS for r in store.list(ListQuery(ledger, descending=False))]


def entered(record: Record) -> datetime:
    return datetime.fromisoformat(record.created_at)


def day_of(store: Store, record: Record) -> date:
    return date.fromisoformat(record.values[store.ledger(record.ledger).date_field])


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Store:
    store = built(tmp_path_factory.mktemp("demo"))
    yield store
    store.close()


def test_every_record_is_entered_by_the_clerk_days_after_its_date_and_never_later_than_now(demo):
    records = all_records(demo)
    assert len(records) == 150
    assert {r.created_by for r in records} == {"马丽"}
    for record in records:
        day = day_of(demo, record)
        assert day <= entered(record).astimezone(OFFICE_ZONE).date() and entered(record) <= NOW, record.number
    # a meeting or study session is entered within days of it (a January meeting was 登记 in January, not today);
    # a matter that goes on (a complaint, a mediation) once its conclusion or 回访 is there
    held = [r for r in records if r.ledger in ("meeting", "law_study")]
    assert all(entered(r).date() - day_of(demo, r) <= timedelta(days=10) for r in held)


def test_older_records_are_reviewed_and_locked_by_the_head_and_every_status_shows(demo):
    records = all_records(demo)
    statuses = {r.status for r in records}
    assert statuses == {"draft", "submitted", "reviewed", "locked"}
    today = NOW.date()
    old = [r for r in records if (today - day_of(demo, r)).days > 100]
    assert old and sum(r.status == "locked" for r in old) > len(old) * 3 // 4
    month = [r for r in records if (NOW - entered(r)).days > 40]
    assert month and all(r.status in ("reviewed", "locked") for r in month
               if not demo.ledger(r.ledger).in_progress(r.values) and review.sent_back(demo, r) is None)
    recent = [r for r in records if (today - day_of(demo, r)).days < 7]
    assert recent and all(r.status == "draft" for r in recent)
    steps = demo.query("SELECT actor, count(*) AS n FROM changes WHERE op = 'status' GROUP BY actor")
    assert {row["actor"] for row in steps} == {"马丽", "杨芳"}


def test_one_meeting_is_sent_back_to_the_clerk_with_a_reason(demo):
    back = [r for r in all_records(demo) if review.sent_back(demo, r) is not None]
    assert len(back) == 1 and back[0].ledger == "meeting" and back[0].status == "draft"
    assert "杨芳" in review.sent_back(demo, back[0]) and "签到表" in review.sent_back(demo, back[0])


def test_some_meetings_and_studies_carry_a_sign_in_scan_whose_file_is_there(demo):
    scanned = [r for r in all_records(demo) if r.values.get("attachments")]
    assert {r.ledger for r in scanned} == {"meeting", "law_study"} and len(scanned) >= 4
    entry = scanned[0].values["attachments"][0]
    assert entry["name"].startswith("签到表扫描件") and entry["name"].endswith(".png")
    assert attachments.attachment_path(demo, entry["sha256"]).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert attachments.missing_files(demo) == []


def test_the_change_log_runs_forward_so_no_clock_warning_is_raised(demo):
    assert clock_went_back.own_note(demo) is None
    times = [row["at"] for row in demo.query("SELECT at FROM changes ORDER BY seq")]
    assert times == sorted(times) and times[0] < (NOW - timedelta(days=300)).strftime("%Y-%m-%d")


def test_the_same_today_makes_the_same_demo(demo, tmp_path):
    again = built(tmp_path, "again.db")
    try:
        def seen(store: Store) -> list[tuple]:
            return [(r.number, r.status, r.created_at, r.updated_at, r.updated_by) for r in all_records(store)]

        assert seen(again) == seen(demo)
    finally:
        again.close()
