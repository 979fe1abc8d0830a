"""`fazhi add` of a 会前学法 after its meeting: the meeting of that day with an empty 会前学法 is named, with the
command that links it (a script is not asked a question), and that command links it."""

from __future__ import annotations

import io
import json

from fazhi_desktop.cli import main
from fazhi_desktop.core.store import Store

MEETING = {"title": "党委会", "meeting_type": "党委会", "held_on": "2026-10-13", "office_head_attendance": "全程"}
STUDY = {"activity_type": "会前学法", "topic": "学习《中华人民共和国行政复议法》", "held_on": "2026-10-13"}


def add(tmp_path, ledger: str, values: dict) -> int:
    (tmp_path / "r.json").write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    return main(["add", ledger, "--json", str(tmp_path / "r.json")])


def test_adding_a_study_after_its_meeting_names_the_meeting_and_the_command(db, tmp_path, capsys, monkeypatch):
    assert add(tmp_path, "meeting", MEETING) == 0
    capsys.readouterr()
    assert add(tmp_path, "law_study", STUDY) == 0
    err = capsys.readouterr().err
    command = ("echo '{\"pre_meeting_study\": \"〔2026〕学法字第1号\"}' | fazhi update 〔2026〕会记字第1号 --json -")
    assert "提示：〔2026〕会记字第1号（2026-10-13 党委会）的“会前学法”尚未链接，与本条同日" in err
    assert command in err
    monkeypatch.setattr("sys.stdin", io.StringIO('{"pre_meeting_study": "〔2026〕学法字第1号"}'))
    assert main(["update", "〔2026〕会记字第1号", "--json", "-"]) == 0
    store = Store.open(db)
    try:
        meeting = store.find_by_number("〔2026〕会记字第1号")
        assert meeting["pre_meeting_study"] == store.find_by_number("〔2026〕学法字第1号").id
        assert meeting.revision == 2
    finally:
        store.close()
    capsys.readouterr()
    assert add(tmp_path, "law_study", STUDY) == 0  # a second study that day: the meeting links one already
    assert "尚未链接" not in capsys.readouterr().err


def test_updating_a_study_into_its_meetings_pre_meeting_study_names_the_meeting_too(db, tmp_path, capsys,
                                                                                   monkeypatch):
    """`fazhi update` of a 专题法治讲座 into the 会前学法 of a meeting's day said nothing of the meeting waiting for it,
    where `fazhi add` of the same study names it with the command that links them."""
    assert add(tmp_path, "meeting", MEETING) == 0
    assert add(tmp_path, "law_study", {**STUDY, "activity_type": "专题法治讲座"}) == 0
    assert "尚未链接" not in capsys.readouterr().err  # a lecture is no meeting's 会前学法
    monkeypatch.setattr("sys.stdin", io.StringIO('{"activity_type": "会前学法"}'))
    assert main(["update", "〔2026〕学法字第1号", "--json", "-"]) == 0
    err = capsys.readouterr().err
    assert "提示：〔2026〕会记字第1号（2026-10-13 党委会）的“会前学法”尚未链接，与本条同日" in err
    assert "echo '{\"pre_meeting_study\": \"〔2026〕学法字第1号\"}' | fazhi update 〔2026〕会记字第1号 --json -" in err
