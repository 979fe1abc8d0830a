"""The manual (帮助 → 使用说明, F1) lagged behind the program. F1 in 补录回执列出的记录 opened a paragraph saying only
请按纸质材料补录, naming neither that window nor 按原编号, so a clerk entered the records as new ones (two records of
one meeting at the county, a new number beside the old paper); 逾期, shown in the lists, their status filter and the
指标 page's 需关注, was explained nowhere, nor the orange 提示 the editor counts apart (不影响提交和打印) from a 提醒;
the county part said bundles encrypted to the old county key never opened again, which today's program no longer
does. The part each window opens at now says what that window does, in the program's own words."""

from __future__ import annotations

import re

import pytest

from fazhi_desktop.core import overdue, paths
from fazhi_desktop.core.forms import load_forms
from fazhi_desktop.core.indicators.county_keys import OLD, TAKEN
from fazhi_desktop.core.places import REENTER
from fazhi_desktop.qt import manual_view
from fazhi_desktop.qt.autosave_offer import TITLE as AUTOSAVE_TITLE
from fazhi_desktop.qt.backup_widgets import CodeDialog, TypedConfirmation
from fazhi_desktop.qt.editor.editor import NOT_ASKED
from fazhi_desktop.qt.lost_view import LostDialog

TEXT = paths.resource("manual", "manual.md").read_text(encoding="utf-8")
COUNTY = TEXT[TEXT.index(f"## {manual_view.COUNTY_PART}"):]


def part(heading: str) -> str:
    """The text under `heading`, up to the next heading."""
    found = re.search(rf"^#+ {re.escape(heading)}\n(.*?)(?=^#)", TEXT + "\n#", re.M | re.S)
    assert found, f"使用说明中没有“{heading}”"
    return found.group(1)


def test_f1_in_the_reentry_window_says_to_enter_the_records_there_under_their_printed_numbers():
    place = REENTER.rstrip("…")  # as the receipt's message names it
    said = part(LostDialog.manual_part)
    assert place in said and "按原编号" in said and "补录…" in said
    assert place in part(TypedConfirmation.manual_part)  # 恢复: what follows a restore
    assert "逐条补录" not in TEXT


def test_overdue_is_explained_as_the_lists_and_the_editor_say_it():
    said = part(overdue.MARK)
    assert f"“{overdue.MARK}·" in said and f"选“{overdue.MARK}”" in said  # the mark in 状态, the filter's choice
    forms = load_forms()
    late = [(form.label, check.message) for form in forms.values() for check in form.checks
            if check.kind.startswith("overdue")]
    assert len(late) >= 3
    for ledger, message in late:
        assert ledger in said
        assert message.split("：")[-1] in said, message  # what to do, as the editor says it
    assert "未整改" in said  # a recheck that found it not rectified is late too


def test_the_indicators_part_and_the_countys_integrity_page_say_what_needs_attention():
    for said in (part(manual_view.PAGE_PARTS["indicators"]), COUNTY):
        assert "需关注" in said and "现已逾期" in said


def test_an_orange_note_that_stops_nothing_is_told_from_one_asked_about():
    said = part("红字和橙字是什么意思")
    assert NOT_ASKED in said and "提示" in said and "提醒" in said


@pytest.mark.parametrize("heading, words", [
    (CodeDialog.manual_part, ["更换恢复码", "原来的恢复码"]),
    ("八、账户与密码", ["临时密码", "设置新密码"]),
    ("人员交接", ["更换恢复码", "修改口令", "更换密钥", "临时密码"]),
    ("停电后：恢复未保存的内容", [AUTOSAVE_TITLE, "恢复", "放弃", "以后再说"]),
    ("修改口令（知道口令的人调走了）", ["修改口令", "不用重新登记"]),
    ("从Excel导入以前的记录", ["跳过工作表“全年”"]),
    ("打印一条记录", ["落款日期：", "调解日期"]),
    ("身份证号和电话号码", ["用途"]),
    ("当事人查询和复制个人信息", ["查找当事人", "个人信息摘录"]),
    ("县级人员交接", ["修改口令", "更换县级密钥", OLD]),
])
def test_todays_features_are_in_the_manual(heading, words):
    said = part(heading)
    assert [word for word in words if word not in said] == []


def test_the_county_part_says_the_old_county_key_is_kept_and_revoking_asks_why():
    assert "再也打不开" not in COUNTY
    assert "用本县旧密钥打开" in COUNTY and TAKEN in COUNTY and OLD in COUNTY
    assert all(reason in COUNTY for reason in ("被盗", "丢失", "更换", "吊销原因"))


def test_reopening_says_who_corrects_the_record():
    said = part("三、提交与审核")
    assert "草稿·退回" in said and "退回待改" in said and "草稿·所长修改" in said
