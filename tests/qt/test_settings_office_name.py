"""设置 → 本单位 → 修改单位名称…: the 管理员 corrects the office's name (a name refused is asked again with the reason;
the page, the window's title and the status bar show the new one); a 所长 sees why it is greyed."""

from __future__ import annotations

from fazhi_desktop.core import accounts
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.qt.settings_view import SettingsView

PASSWORD = "mima-2026"


class Answers:
    """The dialogs, answering `ask_text` from a list and keeping what was said."""

    def __init__(self, *answers: str | None):
        self.answers, self.said = list(answers), []

    def ask_text(self, parent, title, label, text=""):
        self.said.append(("ask", text))
        return self.answers.pop(0)

    def error(self, parent, title, text):
        self.said.append((title, text))

    def info(self, parent, title, text):
        self.said.append((title, text))


def test_the_admin_corrects_the_office_name_on_the_settings_page(qtbot, tmp_path):
    store = init_database(tmp_path / "t.db", "640522211", office="李俊乡司法所", operator="马丽",
                          admin_password=PASSWORD)
    dialogs = Answers("李俊乡/司法所", "李俊镇司法所")
    view = SettingsView(store, False, dialogs)
    qtbot.addWidget(view)
    view.show()
    assert view.rename_button.isEnabled()
    with qtbot.waitSignal(view.office_renamed) as renamed:
        view.rename_button.click()
    assert renamed.args == ["李俊镇司法所"]
    assert dialogs.said[0] == ("ask", "李俊乡司法所")
    assert dialogs.said[1][0] == "无法修改单位名称" and "/" in dialogs.said[1][1]
    assert dialogs.said[2] == ("ask", "李俊乡/司法所")  # asked again with what was typed, to correct it
    assert dialogs.said[3][0] == "已修改单位名称" and "不必重新登记" in dialogs.said[3][1]
    assert view.office_value.text() == "李俊镇司法所" and store.setting("office_name") == "李俊镇司法所"
    assert accounts.account_log(store)[0]["event"] == "修改单位名称：李俊乡司法所 → 李俊镇司法所"
    store.close()


def test_a_head_sees_why_the_office_name_cannot_be_changed(qtbot, tmp_path):
    store = init_database(tmp_path / "t.db", "640522100", office="海城镇司法所", operator="马丽",
                          admin_password=PASSWORD)
    accounts.add_account(store, "杨芳", None, "所长", PASSWORD)
    accounts.logout(store)
    accounts.login(store, "杨芳", PASSWORD)
    view = SettingsView(store, False, Answers())
    qtbot.addWidget(view)
    view.show()
    assert not view.rename_button.isEnabled() and "修改单位设置" in view.rename_button.toolTip()
    store.close()
