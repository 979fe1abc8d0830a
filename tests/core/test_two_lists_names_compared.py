"""One person on two lists of a meeting or a study (the `not_listed` check: a 请假/缺席 person also 出席 or 主持, a
列席 person also 出席; and one name in two rows of a group) is found whichever way the name was typed: “王　梅” as
a 公文 spaces it, “王 梅”, a dot typed for the 间隔号 (阿依古丽•买买提), a title in brackets (田玉春（镇长）) or a post
before the name (镇长田玉春). These were compared exactly and so went unquestioned, while the 汇报人 check (`listed`)
already compared the names they stand for; both now compare them through one function (names.compared_names)."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi_desktop.core.validate import Lookups, clean_record

TODAY = date(2026, 6, 1)


def said(ledger, values) -> list[str]:
    result = clean_record(ledger, values, Lookups(today=lambda: TODAY))
    assert result.problems == [], [str(p) for p in result.problems]
    return [str(w) for w in result.warnings]


@pytest.mark.parametrize(("absent", "host"), [
    ("王　梅", "王梅"), ("王 梅", "王梅"), ("王梅", "王　梅"), ("阿依古丽•买买提", "阿依古丽·买买提"),
    ("田玉春（镇长）", "田玉春"), ("镇长田玉春", "田玉春"),
])
def test_an_absentee_who_hosts_is_questioned_however_either_name_was_typed(ledgers, valid_record, absent, host):
    values = valid_record("meeting", host=host, absentees=[{"name": absent, "reason": "病假"}])
    found = [w for w in said(ledgers["meeting"], values) if "同时列在" in w]
    assert len(found) == 1 and "同时列在请假/缺席人员和主持人中" in found[0]


def test_an_absentee_among_the_study_participants_is_questioned_when_spaced(ledgers, valid_record):
    values = valid_record("law_study", participants=["李强", "王梅"], absentees=[{"name": "王　梅", "reason": "开会"}])
    found = [w for w in said(ledgers["law_study"], values) if "同时列在" in w]
    assert len(found) == 1 and "王梅同时列在缺席人员及原因和参加人员中" in found[0]


def test_an_absentee_listed_twice_though_spaced_the_second_time_is_questioned(ledgers, valid_record):
    rows = [{"name": "王梅", "reason": "病假"}, {"name": "王 梅", "reason": "病假"}]
    values = valid_record("meeting", absentees=rows)
    found = [w for w in said(ledgers["meeting"], values) if "列了两次" in w]
    assert len(found) == 1 and found[0].startswith("请假/缺席人员第2行·姓名：")


def test_different_people_on_two_lists_are_not_questioned(ledgers, valid_record):
    values = valid_record("meeting", host="王梅", attendees=["李强"], observers=["苏明"],
                          absentees=[{"name": "王 海", "reason": "病假"}, {"name": "王梅芳", "reason": "出差"}])
    assert not [w for w in said(ledgers["meeting"], values) if "同时列在" in w or "列了两次" in w]
