# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""逾期 on the command line (session 23): `fazhi list complaint` printed 草稿 for a complaint months past its 办理期限,
`--status 逾期` was refused (没有“逾期”这一状态) and `fazhi indicators` had no 需关注 line, where the window's list
says 逾期·草稿, filters to them and the 指标 page counts them. Dates of 2020: late by any clock the test runs on."""

from __future__ import annotations

import json

import pytest
from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.cli import main

LATE = {"accepted_on": "2020-06-05", "source": "网络", "complainant": "马兰", "respondent": "综合执法办",
        "matter": "暴力执法", "handler": "马文", "due_on": "2020-06-20"}
CLOSED = {**LATE, "matter": "夜间执法扰民", "closed_on": "2020-06-12", "handling_result": "属实",
          "closed_in_time": True}
FAILED = {"checked_on": "2020-05-20", "check_type": "专项检查", "supervised_unit": "市场监管所",
          "rectify_by": "2020-06-30", "rechecked_on": "2020-07-05", "recheck_result": "未整改"}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def add(capsys, tmp_path, ledger: str, values: dict) -> None:
    path = tmp_path / "record.json"
    path.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    assert run(capsys, "add", ledger, "--json", str(path))[0] == 0


@pytest.fixture
def late(db, capsys, tmp_path):
    for ledger, values in (("complaint", LATE), ("complaint", CLOSED), ("enforcement_check", FAILED)):
        add(capsys, tmp_path, ledger, values)
    return db


def test_the_list_marks_a_late_record_and_filters_to_them(late, capsys):
    _, out, _ = run(capsys, "list", "complaint")
    rows = {line.split()[0]: line for line in out.splitlines() if line.startswith("〔2020〕")}
    assert rows["〔2020〕投诉字第1号"].endswith("逾期·草稿")
    assert rows["〔2020〕投诉字第2号"].endswith(" 草稿")  # concluded in time
    code, out, _ = run(capsys, "list", "complaint", "--status", "逾期")
    assert code == 0 and "〔2020〕投诉字第1号" in out and "〔2020〕投诉字第2号" not in out and "共 1 条" in out
    _, out, _ = run(capsys, "list", "enforcement_check", "--status", "逾期", "--format", "json")
    assert [r["overdue"] for r in json.loads(out)] == [
        ["整改期限已过（2020-06-30），复查结果为“未整改”：请重新限期整改或再次复查"]]


def test_a_ledger_without_deadlines_says_which_have_them(late, capsys):
    code, _, err = run(capsys, "list", "meeting", "--status", "逾期")
    assert code != 0 and "会议台账没有期限" in err and "行政执法监督检查、投诉举报" in err


def test_indicators_says_what_is_late_as_the_indicator_page_does(late, capsys):
    _, out, _ = run(capsys, "indicators", "--year", "2020")
    assert ("需关注　现已逾期：行政执法监督检查 1 件（整改期限已过、复查结果不是“已整改”）；"
            "投诉举报 1 件（办理期限已过、未填办结日期）。") in out.splitlines()


def test_show_says_a_record_is_late_as_the_list_does(late, capsys):
    """`fazhi show` printed 状态 草稿 for the complaint `fazhi list` marks 逾期·草稿, and said nothing of why."""
    _, out, _ = run(capsys, "show", "〔2020〕投诉字第1号")
    lines = out.splitlines()
    assert any(line.startswith("状态") and line.endswith("逾期·草稿") for line in lines)
    assert any(line.startswith("逾期") and "办理期限已过（2020-06-20），尚未办结" in line for line in lines)
    _, out, _ = run(capsys, "show", "〔2020〕投诉字第2号")  # concluded in time
    assert "逾期" not in out
    _, out, _ = run(capsys, "show", "〔2020〕执监字第1号", "--format", "json")
    assert json.loads(out)["overdue"] == ["整改期限已过（2020-06-30），复查结果为“未整改”：请重新限期整改或再次复查"]
    _, out, _ = run(capsys, "show", "〔2020〕投诉字第2号", "--format", "json")
    assert json.loads(out)["overdue"] == []


def test_show_never_says_late_of_a_record_the_county_marks(world, valid_record, capsys):
    """重装前: its township cannot conclude it (core/overdue.py), so the county's `fazhi show` says no 逾期."""
    town = world.town()
    complaint = town.store.save("complaint", valid_record("complaint", **{k: LATE[k] for k in ("accepted_on",
                                                                                                "due_on")}), "杨芳")
    world.import_(world.export(town).path)
    new = world.reinstall()
    new.store.save("meeting", valid_record("meeting"), "杨芳")
    world.import_(world.export(new).path)
    path = str(world.county.path)
    world.county.close()
    _, out, _ = run(capsys, "--db", path, "show", complaint.id)
    assert "草稿·重装前" in out and "逾期" not in out
    _, out, _ = run(capsys, "--db", path, "show", complaint.id, "--format", "json")
    assert json.loads(out)["overdue"] == [] and json.loads(out)["earlier_install"] is True


def test_the_countys_indicators_of_one_township_say_its_need_attention(world, valid_record, capsys):
    """The township's `fazhi indicators` prints 需关注　现已逾期：…; the county's `--township` printed none for it,
    where 数据完整性 lists it: it prints that township's 需关注 now, in 数据完整性's words, an item to a line."""
    from fazhi_desktop.core.indicators.completeness import completeness

    town = world.town()
    town.store.save("complaint", valid_record("complaint", **{k: LATE[k] for k in ("accepted_on", "due_on")}),
                    "杨芳")
    world.import_(world.export(town).path)
    [row] = [t for t in completeness(world.county, 2020).townships if t.code == town.code]
    path = str(world.county.path)
    world.county.close()
    _, out, _ = run(capsys, "--db", path, "indicators", "--year", "2020", "--township", town.code)
    lines = out.splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith("需关注"))
    said = [lines[at].removeprefix("需关注　"), *(line.removeprefix("　　　　") for line in lines[at + 1:])]
    assert any(item.startswith("现已逾期：投诉举报 1 件（办理期限已过、未填办结日期）") for item in said)
    late = next(item for item in row.attention().splitlines() if item.startswith("现已逾期"))
    assert late in said  # in 数据完整性's words, its step too
