"""Windows PowerShell 5.1 hands piped text to a program in US-ASCII ($OutputEncoding): every Chinese character
arrives as "?", and `Get-Content m.json | fazhi add meeting --json -` saved a meeting titled "??????" without a
word. Such a record is refused now, naming the field and the cause; a file (`--json m.json`) is the way."""

from __future__ import annotations

import io
import json
import sys

from fazhi_desktop.cli import main
from fazhi_desktop.core.store import Store

MEETING = {"title": "2026年第3次乡镇政府常务会议", "meeting_type": "专题研究部署法治政府建设会议",
           "held_on": "2026-03-05", "office_head_attendance": "全程", "attendees": "马文、杨芳"}


def piped_from_powershell(monkeypatch, record: dict) -> None:
    text = json.dumps(record, ensure_ascii=False).encode("ascii", errors="replace")  # what PowerShell 5.1 sends
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text), encoding="ascii"))


def test_chinese_turned_into_question_marks_by_powershell_is_refused_naming_the_field(db, capsys, monkeypatch):
    piped_from_powershell(monkeypatch, MEETING)
    assert main(["add", "meeting", "--json", "-"]) == 1
    err = capsys.readouterr().err
    arrived = MEETING["title"].encode("ascii", errors="replace").decode()
    assert f"字段 title 是“{arrived}”" in err and "Windows PowerShell" in err and "--json 文件名" in err
    assert Store.open(db).count("meeting") == 0


def test_the_same_record_from_a_file_or_with_a_question_mark_among_chinese_is_saved(db, capsys, monkeypatch,
                                                                                     tmp_path):
    record = {**MEETING, "title": "2026年第3次会议：是否到位?", "attendees": "马文、杨芳 (2)"}
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(record, ensure_ascii=False)))
    assert main(["add", "meeting", "--json", "-"]) == 0
    ascii_file = tmp_path / "m.json"  # a file is read as it is; "?" typed in one is the user's own
    ascii_file.write_text(json.dumps({**MEETING, "title": "Meeting ???"}), encoding="utf-8")
    assert main(["add", "meeting", "--json", str(ascii_file)]) == 0
    assert Store.open(db).count("meeting") == 2


def test_question_marks_typed_on_purpose_beside_chinese_are_saved(db, capsys, monkeypatch):
    """A pipe that kept the Chinese of one field kept them all: "???" for a place not known yet, or "2026-?" typed on
    purpose in a record whose title is Chinese, is the clerk's own and saved (it was refused as PowerShell's)."""
    record = {**MEETING, "location": "???", "absentees": [{"name": "马文", "reason": "2026-?"}]}
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(record, ensure_ascii=False)))
    assert main(["add", "meeting", "--json", "-"]) == 0, capsys.readouterr().err
    escaped = {**MEETING, "location": "?"}  # Chinese sent as \\u escapes (ConvertTo-Json -Compress | ...) arrives whole
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(escaped, ensure_ascii=True)))
    assert main(["add", "meeting", "--json", "-"]) == 0, capsys.readouterr().err
    store = Store.open(db)
    assert sorted(row["location"] for row in store.query('SELECT location FROM "meeting"')) == ["?", "???"]
