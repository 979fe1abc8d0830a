"""`fazhi pdf` of a record's paper is kept, and `fazhi history` reads it after the version it printed:
`第 1 版  …  马文  已打印会议纪要  核验码：…`; a number on paper is never given back (core/printed.py)."""

from __future__ import annotations

import json
import sys

from fazhi_desktop.cli import main

MEETING = {"title": "2026年第3次乡镇政府常务会议", "meeting_type": "乡镇行政会议(政府常务会议)",
           "held_on": "2026-03-05", "office_head_attendance": "全程", "attendees": "马文、杨芳"}


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_fazhi_history_says_the_minutes_printed_with_their_code(db, capsys, monkeypatch, tmp_path):
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(MEETING)))
    assert run(capsys, "add", "meeting", "--json", "-")[0] == 0
    code, out, err = run(capsys, "pdf", "〔2026〕会记字第1号", "--kind", "minutes", "-o", str(tmp_path / "纪要.pdf"))
    assert code == 0, err
    printed_code = next(line.split("：")[1] for line in out.splitlines() if line.startswith("核验码："))
    code, out, err = run(capsys, "history", "〔2026〕会记字第1号")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("会议 〔2026〕会记字第1号 的修改历史（共 1 版，")
    assert lines[-1].startswith("第 1 版  ") and lines[-1].endswith(f"  马文  已打印会议纪要  核验码：{printed_code}")
    code, out, err = run(capsys, "history", "〔2026〕会记字第1号", "--format", "json")
    assert [(entry["action"], entry.get("code")) for entry in json.loads(out)] == [
        ("新建", None), ("已打印会议纪要", printed_code)]
