"""A new clerk with only the manual (帮助 → 使用说明, F1) met today's program where the manual said nothing or said
it wrong: the roster's 核对姓名 question and the editor's orange question of a name's dot, the search that takes
〔〕【】[] as one bracket, 查找当事人 running with 取消 and noting the reveal log only when it found something, the red
banner 本所电脑的时间曾经慢了, a database on a share, a sync folder or a stick, the backup folder only a 所长 chooses,
and at the county the status filter of 各乡镇台账, 补记吊销原因 and a refused bundle's records; the manual sent the
county to a button 吊销 no window has, and F1 in 恢复未保存的内容 opened the manual at 登记台账."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py, test_manual*.py

from helpers import typed_new_record
from test_manual import heading_at_top, press_f1
from test_manual_today import TEXT, part

from fazhi_desktop.core import accounts, clock_went_back, overdue
from fazhi_desktop.core.bundle.revocation import UNVERIFIED_BUTTON
from fazhi_desktop.qt import autosave_offer, keys_view
from fazhi_desktop.qt.main_window import create_main_window

STAFF_PASSWORD = "mima-2026"  # the `staff` fixture's accounts (tests/conftest.py)


def test_f1_in_the_offer_of_unsaved_work_opens_the_manual_at_it(qtbot, store, staff, dialogs, ui_settings):
    """After a power cut the first window a clerk sees is 恢复未保存的内容: F1 there opened 登记台账."""
    window = create_main_window(store, dialogs, ui_settings, accounts.login(store, "马丽", STAFF_PASSWORD))
    window.show()
    qtbot.waitExposed(window)
    editor = typed_new_record(qtbot, window, "meeting", "title", "第5次镇政府常务会议")
    editor.autosaver.keep()  # the 30-second timer's slot
    shiboken6.delete(window)  # the power cut: nothing asked, the draft left on disk
    QApplication.processEvents()
    window = create_main_window(store, dialogs, ui_settings, accounts.login(store, "马丽", STAFF_PASSWORD))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    offered = autosave_offer.offer(window)
    assert offered is not None and offered.windowTitle() == autosave_offer.TITLE
    press_f1(qtbot, offered)
    assert heading_at_top(window.manual_window) == f"停电后：{autosave_offer.TITLE}"
    window.manual_window.close()
    offered.close()


@pytest.mark.parametrize("heading, words", [
    ("人员名册", ["核对姓名", "仍然保存", "返回修改"]),
    ("红字和橙字是什么意思", ["不是姓名的间隔号", "中有空格"]),
    ("主窗口", ["【2026】", "海政发[2026]3号", "阿依古丽.买买提"]),
    ("身份证号和电话号码", ["15 位", "升级后为"]),
    ("当事人查询和复制个人信息", ["正在查找当事人……", "取消", "未记入完整证件号查看日志", "个人信息摘录 2026-11-28"]),
    ("备份", ["选择文件夹…", "所长或管理员", "文件 → 立即备份"]),
    ("停电后：恢复未保存的内容", ["改了名"]),
    ("九、常见问题", [f"{clock_went_back.TOWNSHIP[0]}的时间曾经慢了", "逐条打开", "改为实际的日期",
                  "数据库在网络共享文件夹上", "数据库在同步盘中", "数据库在U盘上"]),
    ("三、提交与审核", ["已提交、所长看了要退回修改的记录"]),
])
def test_todays_program_is_in_the_manual(heading, words):
    said = part(heading)
    assert [word for word in words if word not in said] == []


def test_the_county_part_names_todays_buttons_and_filter():
    keys = part("县级密钥和乡镇登记")
    assert f"点“{keys_view.REVOKE_LABEL}…”" in keys and "补记吊销原因" in keys and "“补记”" in keys
    assert f"“{UNVERIFIED_BUTTON}…”" in part("导入数据包") and "曾经慢了" in part("导入数据包")
    summary = part("县级汇总和报表")
    assert "各乡镇台账" in summary and "状态" in summary and f"“{overdue.MARK}”" in summary
    assert "点“吊销”" not in TEXT  # no window has a button of that name
