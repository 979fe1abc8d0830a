"""写出登记文件 in 密钥与登记 said only `已保存：…\\登记-640522207.json`: a new 所长 learnt elsewhere that the file goes
to the county with the fingerprint read out on the phone, and that she was to ask the county for its key file in
that same call (without which nothing can be exported). The message says both now."""

from __future__ import annotations

from fazhi_desktop.core import accounts
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.qt.keys_view import KeysDialog


class Prompts:
    def __init__(self, folder):
        self.folder = folder

    def save_file(self, parent, title, suggested, pattern):
        return self.folder / suggested


def test_writing_the_enrolment_file_says_what_to_do_and_ask_for(qtbot, tmp_path, dialogs, ledgers, clock):
    store = init_database(tmp_path / "t.db", "640522207", office="郑旗乡司法所", operator="苏雪",
                          admin_password="suxue-2026", ledgers=ledgers, clock=clock)
    try:
        accounts.login(store, "苏雪", "suxue-2026")
        key = keymod.init_township_key(store, "zhengqi-key-2026", cost=(1 << 10, 1 << 20))
        view = KeysDialog(store, dialogs, "苏雪", Prompts(tmp_path))
        qtbot.addWidget(view)
        view.write_button.click()
        kind, title, said = dialogs.shown[-1]
        assert (kind, title) == ("info", "已保存") and (tmp_path / "登记-640522207.json").is_file()
        assert f"先报乡镇“郑旗乡”，再报指纹：{key.fingerprint}" in said
        assert "请县司法局把县级公钥文件（县级公钥-640522.txt）交给本所" in said
        view.close()
    finally:
        store.close()


def test_the_wizard_tells_a_head_setting_it_up_she_needs_no_second_account(qtbot, tmp_path, dialogs):
    from fazhi_desktop.qt.wizard import SetupWizard

    wizard = SetupWizard(tmp_path / "o.db", dialogs)
    qtbot.addWidget(wizard)
    assert "所长自己设置的，填所长本人的姓名" in wizard.operator_page.subTitle()
