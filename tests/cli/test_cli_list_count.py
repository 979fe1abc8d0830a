"""`fazhi list`: a ledger named by its label, and a count line that says how many match when only some are shown."""

from __future__ import annotations

import json

from test_cli import MEETING, run


def add_meetings(capsys, monkeypatch, count: int) -> None:
    for _ in range(count):
        assert run(capsys, "add", "会议", "--json", "-", stdin=json.dumps(MEETING), monkeypatch=monkeypatch)[0] == 0


def test_a_limited_list_says_how_many_match_and_how_many_it_shows(db, capsys, monkeypatch):
    """`--limit 2` printed 共 2 条 where 3 matched."""
    add_meetings(capsys, monkeypatch, 3)
    code, out, _ = run(capsys, "list", "meeting", "--limit", "2")
    assert code == 0 and out.splitlines()[-1] == "共 3 条（显示前 2 条）"
    assert run(capsys, "list", "meeting", "--limit", "3")[1].splitlines()[-1] == "共 3 条"
    assert run(capsys, "list", "meeting")[1].splitlines()[-1] == "共 3 条"


def test_a_ledger_is_named_by_its_label_too(db, capsys, monkeypatch):
    """`fazhi list 调解案件` was refused, the message listing only meeting、law_study…"""
    add_meetings(capsys, monkeypatch, 1)
    code, out, _ = run(capsys, "list", "会议")
    assert code == 0 and "〔2026〕会记字第1号" in out
    code, _, err = run(capsys, "list", "调解")
    assert code == 1 and "没有名为“调解”的台账" in err and "mediation_case（调解案件）" in err
    assert "meeting（会议）" in err
