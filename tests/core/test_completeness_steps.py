"""数据完整性's 需关注 says, after each thing it flags, what the county reviewer does next, in the words of the
program's menus (the import report said it; 需关注 said only what was wrong)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

import fazhi_desktop
from fazhi_desktop.core.indicators.completeness import TownshipCompleteness
from fazhi_desktop.core.reopened_years import YearStory
from fazhi_desktop.core.year_close import CLOSE, REOPEN

CHANGED = (("会议", "〔2026〕会记字第1号"),)
MOVED = ("第 2 号数据包的名册改动了2026年在任的人员（“领导干部述法”按名册计应述法人数）：马书记（到任日期 2027-01-05 → "
         "2026-06-01）；该年已评定的指标可能随之改变")


def town(**changes) -> TownshipCompleteness:
    """海城镇 with nothing to say: enrolled, three bundles, the last ten days ago, a record of the year."""
    fields = dict(code="640522100", name="海城镇", enrolled=True, bundles=3, last_sequence=3,
                  last_imported="2026-06-01T02:00:00Z", days_since=10, missing=(), log_gap=None, conflicts=0,
                  records={"meeting": 1}, year=2026)
    return TownshipCompleteness(**{**fields, **changes})


@pytest.mark.parametrize(("changes", "said"), [
    (dict(enrolled=False), "密钥未登记：请在“数据交换 → 密钥与登记”中登记乡镇密钥（或 fazhi enrol）"),
    (dict(enrolled=False, revoked=True),
     "密钥已吊销：请乡镇更换密钥，再在“数据交换 → 密钥与登记”中登记（或 fazhi enrol）"),
    (dict(bundles=0, last_sequence=None, last_imported=None, days_since=None, records={}),
     "从未报送数据包：请乡镇导出数据包报送"),  # alone: 本年没有记录 would say nothing more
    (dict(days_since=75), "已 75 天未报送：请乡镇导出数据包报送"),
    (dict(made_before_year_end=date(2026, 12, 10)),
     "最后一个数据包制作于2026年12月10日，2026年底之后尚未报送（此后登记的记录未到）：请乡镇再导出一个数据包报送"),
    # silent for long, its last bundle from before the year, none of the year's records here: one thing, one step,
    # where three steps were said (请乡镇导出数据包报送 / 再导出一个数据包报送 / 请向乡镇核实) and "年底" read as 2025's
    (dict(days_since=384, made_before_year_end=date(2025, 12, 15), records={}),
     "已 384 天未报送，最后一个数据包制作于2025年12月15日，2026年的记录尚未报送：请乡镇再导出一个数据包报送"),
    (dict(made_before_year_end=date(2026, 3, 1), records={}),
     "最后一个数据包制作于2026年3月1日，2026年底之后尚未报送（此后登记的记录未到，县里尚无本年记录）："
     "请乡镇再导出一个数据包报送"),
    (dict(missing=(2,), log_gap=(4, 6)), "缺少第 2 号数据包（变更日志第 4–6 条）：请乡镇导出时勾选“发送全部数据”"),
    (dict(log_gap=(4, 4)), "缺少变更日志第 4 条：请乡镇导出时勾选“发送全部数据”"),
    (dict(set_aside=3), "3 条记录的版本乡镇已没有（从备份恢复前的数据），不计入指标："
                        "乡镇仍有这些记录的，请乡镇导出时勾选“发送全部数据”；乡镇已没有的（电脑坏了用旧备份恢复），"
                        "县里保留这些记录，写回执给乡镇：回执列出这些记录，乡镇按纸质材料补录"),
    (dict(conflicts=1), "1 条冲突待处理：请在“数据交换 → 处理冲突…”中处理（或 fazhi conflicts）"),
    (dict(records={}), "本年没有记录：请向乡镇核实"),
    (dict(from_log=False, records={}), "本年没有记录：请在各台账中登记本年的工作"),  # the township's own report
])
def test_each_thing_flagged_says_what_to_do(changes, said):
    assert town(**changes).problems() == [said]


def test_a_changed_bundles_traces_end_with_where_the_way_out_is():
    traces = ("第 2 号数据包被改动过：单位名称“海原县人民政府办公室”与登记的不同",
              "记录标识被占用：…，含这条记录的数据包会被拒收")
    assert town(tampered=traces).problems() == [traces[0], f"{traces[1]}；请运行 fazhi check 查看处理办法"]


@pytest.mark.parametrize(("story", "step"), [
    (YearStory(2026, (REOPEN, "2027-03-02"), (), first_closed="2027-01-12", reason="补录"),
     "乡镇再次封账并报送后，请重新核对该年指标"),
    (YearStory(2026, None, (), entries=()), "乡镇再次封账并报送后，请重新核对该年指标"),  # closing gone (a restore)
    (YearStory(2026, (CLOSE, "2027-03-09"), CHANGED, first_closed="2027-01-12"), "请重新核对该年指标"),
    (YearStory(2026, (CLOSE, "2027-03-09"), (), first_closed="2027-01-12"), "该年指标不受影响"),
])
def test_a_reopened_year_says_what_to_do_by_where_it_stands(story, step):
    [said] = town(reopened=story).problems()
    told = story.problem()
    assert said.startswith(told) and said[len(told)] in "：；" and said[len(told) + 1:] == step


def test_a_roster_move_says_to_look_at_the_figures_again_and_the_reopening_leaves_it_to_it():
    story = YearStory(2026, (CLOSE, "2027-03-09"), (), first_closed="2027-01-12")
    assert town(reopened=story, roster_moved=(MOVED,)).problems() == [story.problem(), f"{MOVED}；请重新核对该年指标"]
    assert story.problem().endswith("其间该年记录未变动")  # not 该年指标不受影响: the roster changed it


def test_the_years_items_take_the_recheck_step_once_after_the_last():
    """A year reopened with changes and two roster moves said 请重新核对该年指标 three times in one cell."""
    story = YearStory(2026, (CLOSE, "2027-03-09"), CHANGED, first_closed="2027-01-12")
    other = MOVED.replace("马书记", "李镇长")
    assert town(reopened=story, roster_moved=(MOVED, other)).problems() == [
        story.problem(), MOVED, f"{other}；请重新核对该年指标"]
    open_again = YearStory(2026, (REOPEN, "2027-03-02"), (), first_closed="2027-01-12")
    assert town(reopened=open_again, roster_moved=(MOVED,)).problems() == [
        open_again.problem(), f"{MOVED}；乡镇再次封账并报送后，请重新核对该年指标"]


def test_records_set_aside_while_their_conflict_waits_point_to_the_conflict():
    """A record set aside while its conflict waits (its township restored a backup): 需关注 said 请乡镇导出时勾选
    “发送全部数据” (which brings the same version, the same conflict) and 本年没有记录 (the year has that record)."""
    said = town(records={}, set_aside=1, set_aside_waiting=1, conflicts=1).problems()
    assert said == ["1 条冲突待处理，其中 1 条记录处理前不计入指标（县里的版本乡镇已没有）："
                    "请在“数据交换 → 处理冲突…”中处理（或 fazhi conflicts）"]
    said = town(records={}, set_aside=3, set_aside_waiting=1, conflicts=2).problems()
    assert said[0].startswith("2 条记录的版本乡镇已没有") and said[0].endswith("乡镇按纸质材料补录")
    assert said[1].startswith("2 条冲突待处理，其中 1 条记录处理前不计入指标") and len(said) == 2


def test_the_steps_name_menus_and_options_the_program_has():
    """A renamed menu item would leave 需关注 pointing at nothing."""
    qt = Path(fazhi_desktop.__file__).parent / "qt"
    menus = (qt / "main_window.py").read_text(encoding="utf-8")
    for changes in (dict(conflicts=1), dict(enrolled=False), dict(enrolled=False, revoked=True)):
        [said] = town(**changes).problems()
        menu, item = re.search(r"“(.+?) → (.+?)…?”", said).groups()
        assert f'"{menu}(&' in menus and f'("{item}(&' in menus, said
    assert "“发送全部数据" in (qt / "export_wizard.py").read_text(encoding="utf-8")
