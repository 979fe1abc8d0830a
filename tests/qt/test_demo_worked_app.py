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
