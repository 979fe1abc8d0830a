"""`fazhi add/update --json` with text pasted from Word (a vertical tab for its Shift+Enter, a tab, a NUL) stores it
as the editor stores it pasted, and `fazhi list --format csv` writes a record an older version saved with such text
without it (the county side and Excel: tests/core/test_record_text_control.py)."""

from __future__ import annotations

import io
import json
import sys

from fazhi_desktop.cli import main
from fazhi_desktop.core.store import Store

MEETING = {"title": "第20次\u000b镇党委会议", "meeting_type": "党委会", "held_on": "2026-03-05",
           "office_head_attendance": "全程", "attendees": "马文\u000b杨芳", "remarks": "第一段\u000b第二段\u0000"}


def run(capsys, monkeypatch, *args: str, stdin: str) -> str:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    assert main(list(args)) == 0
    return capsys.readouterr().out


def test_add_and_update_store_text_as_the_editor_does_and_the_csv_list_holds_no_control_character(db, capsys,
                                                                                                   monkeypatch):
    record_id = run(capsys, monkeypatch, "add", "meeting", "--json", "-", stdin=json.dumps(MEETING)).strip()
    run(capsys, monkeypatch, "update", record_id, "--json", "-", stdin=json.dumps({"location": "三楼\t会议室\u0001"}))
    store = Store.open(db)
    record = store.get(record_id)
    assert (record["title"], record["attendees"], record["remarks"]) == ("第20次镇党委会议", ["马文", "杨芳"],
                                                                         "第一段\n第二段")
    assert record["location"] == "三楼会议室"
    store.conn.execute("UPDATE meeting SET location = ?", ["三楼\x00会议室"])  # as an older version saved it
    store.conn.commit()
    store.close()
    assert main(["list", "meeting", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "三楼 会议室" in out and "\x00" not in out and "\x0b" not in out
