"""Ctrl-D (Ctrl-Z, Enter on Windows) at any question the `fazhi` command asks at a terminal gives up as Ctrl-C does:
已取消 and exit status 130, nothing changed. It was an EOFError traceback at every prompt but person find's."""

from __future__ import annotations

import io
import json

import pytest

from fazhi_desktop.cli import main
from fazhi_desktop.core import year_close
from fazhi_desktop.core.store import Store

MEETING = {"title": "2025年第3次乡镇政府常务会议", "meeting_type": "乡镇行政会议(政府常务会议)",
           "held_on": "2025-12-05", "office_head_attendance": "全程"}


class ClosedTerminal(io.StringIO):
    """A terminal where the user pressed Ctrl-D: reading gives nothing."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def office(demo_db, tmp_path, monkeypatch, capsys):
    """A township with the demonstration accounts and one meeting of 2025, submitted."""
    monkeypatch.setenv("FAZHI_PASSWORD", "demo2026")
    (tmp_path / "m.json").write_text(json.dumps(MEETING, ensure_ascii=False), encoding="utf-8")
    assert main(["--user", "马丽", "add", "meeting", "--json", str(tmp_path / "m.json")]) == 0
    assert main(["--user", "马丽", "submit", "〔2025〕会记字第1号"]) == 0
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin", ClosedTerminal())
    return demo_db


def _closed_years(path) -> frozenset[int]:
    store = Store.open(path)
    try:
        return year_close.closed_years(store.conn)
    finally:
        store.close()


def test_ctrl_d_at_the_year_close_question_cancels_and_closes_nothing(office, capsys):
    code = main(["--user", "杨芳", "year", "close", "2025"])
    _, err = capsys.readouterr()
    assert code == 130 and "已取消" in err and "Traceback" not in err
    assert _closed_years(office) == frozenset()


def test_ctrl_d_at_the_password_prompt_cancels(office, capsys, monkeypatch):
    monkeypatch.delenv("FAZHI_PASSWORD")
    code = main(["--user", "杨芳", "list", "meeting"])
    _, err = capsys.readouterr()
    assert code == 130 and "已取消" in err and "Traceback" not in err
