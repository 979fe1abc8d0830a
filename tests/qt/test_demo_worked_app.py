"""`fazhi-desktop --demo` makes its database as a year of an office's work (core/demo_work.py): the records are the
clerk 马丽's, not 演示用户's, and the sign-in scans some carry are in the attachments folder beside the database
(built under a temporary name, the folder moved with it)."""

from __future__ import annotations

from fazhi_desktop.core import attachments
from fazhi_desktop.core.store import ListQuery
from fazhi_desktop.qt import app as app_module


def test_the_desktop_demo_is_entered_by_the_clerk_with_its_scans_beside_it(tmp_path):
    store = app_module.open_demo(tmp_path / "demo.db")
    try:
        records = [r for ledger in store.ledgers for r in store.list(ListQuery(ledger))]
        assert records and {r.created_by for r in records} == {"马丽"}
        scanned = [r for r in records if r.values.get("attachments")]
        assert scanned and attachments.missing_files(store) == []
        assert attachments.files_dir(store) == tmp_path / "demo-files"
    finally:
        store.close()
    assert sorted(p.name for p in tmp_path.iterdir() if "demo" in p.name and not p.name.startswith("demo.db")) == \
        ["demo-files"]


def test_a_demo_built_in_january_is_the_year_just_ended_not_its_first_days(tmp_path, monkeypatch):
    """Built on 3 January 2027, the demo held 30 meetings of 1 to 3 January (25 on 元旦), every record a 草稿 entered
    that minute. It is now 2026 as the office worked it, reviewed and locked, as 本年度指标 opens on 2026 in January."""
    from datetime import UTC, datetime

    from fazhi_desktop.core import setup

    built = setup.init_database
    monkeypatch.setattr(setup, "init_database", lambda *args, **kwargs: built(
        *args, **kwargs, clock=lambda: datetime(2027, 1, 3, 2, 0, tzinfo=UTC)))
    store = app_module.open_demo(tmp_path / "demo.db")
    try:
        meetings = store.list(ListQuery("meeting"))
        days = [r.values["held_on"] for r in meetings]
        assert len(meetings) == app_module.DEMO_PER_LEDGER and all(day.startswith("2026-") for day in days)
        assert max(days.count(day) for day in days) <= 3  # a year's meetings, not a day's
        assert sum(r.status == "locked" for r in meetings) > len(meetings) // 2
    finally:
        store.close()


def test_a_demo_named_without_a_suffix_is_built_with_its_scans(tmp_path):
    """`--demo --db 演示`: the file built as 演示.partial keeps its scans in 演示-files, the folder the demo's own is;
    copying the folder onto itself failed (shutil.Error), so the demo was never made and the window said it could
    not open the database, each time it was started."""
    store = app_module.open_demo(tmp_path / "演示", named=True)
    try:
        assert any(r.values.get("attachments") for r in store.list(ListQuery("meeting")))
        assert attachments.missing_files(store) == []
        assert attachments.files_dir(store) == tmp_path / "演示-files"
    finally:
        store.close()
    assert not list(tmp_path.glob("*.partial*"))
