"""What a 录入员 reads on what is greyed out for her: the entry she pointed at and who may use it. 编辑 → 查找当事人
said 录入员无权显示完整的身份证号和电话 and 设置 → 显示恢复码 / 更换恢复码 录入员无权管理密钥与登记: the permission
behind them, naming something she had not tried (tooltips still come from the one permission table,
core/permissions.py)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/test_idle_lock_gui.py, whatever pytest's import mode

from PySide6.QtGui import QAction
from test_idle_lock_gui import STAFF_PASSWORD, open_window

from fazhi_desktop.core import accounts
from fazhi_desktop.qt.main_window import SETTINGS_PAGE


def entry(window, text: str) -> QAction:
    return next(a for a in window.findChildren(QAction) if a.text().startswith(text))


def test_a_clerk_reads_on_each_greyed_entry_its_own_name_and_who_may_use_it(qtbot, store, staff, dialogs,
                                                                          ui_settings):
    window = open_window(qtbot, store, dialogs, ui_settings, accounts.login(store, "马丽", STAFF_PASSWORD))
    for text, said in (("查找当事人", "查找当事人须由所长或管理员操作"),
                       ("密钥与登记", "密钥与登记须由所长或管理员操作"),
                       ("从备份恢复", "从备份恢复须由管理员操作"),
                       ("账户管理", "账户管理须由管理员操作")):
        action = entry(window, text)
        assert not action.isEnabled() and action.toolTip() == said and action.statusTip() == said
    window.show_page(SETTINGS_PAGE)
    section = window.backup.section
    for button, said in ((section.code_button, "显示恢复码须由所长或管理员操作"),
                         (section.change_code_button, "更换恢复码须由所长或管理员操作"),
                         (section.restore_button, "从备份恢复须由管理员操作")):
        assert not button.isEnabled() and button.toolTip() == said
    assert section.backup_button.isEnabled()  # hers to use: no reason said


def test_the_head_has_them_named_plainly(qtbot, store, staff, dialogs, ui_settings):
    window = open_window(qtbot, store, dialogs, ui_settings, accounts.login(store, "杨芳", STAFF_PASSWORD))
    action = entry(window, "查找当事人")
    assert action.isEnabled() and "须由" not in action.toolTip()
    assert entry(window, "从备份恢复").toolTip() == "从备份恢复须由管理员操作"
