# ruff: noqa: F811  (the `wizard` fixture imported from tests/qt/test_wizard.py)
"""A new 所长 setting up a new office: the wizard showed no office code (the one in the enrolment file's, the
backups' names and the county's key table); a keys folder left beside a deleted database (a half re-install) made it
refuse to create the key and 密钥与登记 show the old key with a blank date `（ 创建）`; and the 口令 page did not say
the passphrase is not the login password, nor who keeps it."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/test_wizard.py, whatever pytest's import mode

from test_wizard import (  # noqa: F401  (the `wizard` fixture)
    FAST_KEY,
    PASSPHRASE,
    PASSWORD,
    choose,
    finish,
    next_page,
    set_operator,
    set_passphrase,
    wizard,
)

from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.qt import keys_view


def left_behind(tmp_path: Path) -> str:
    """An office set up at office.db with its key, then the database deleted and its keys folder not: the old key's
    id."""
    db = tmp_path / "office.db"
    store = init_database(db, "640522207", office="郑旗乡司法所", operator="苏雪", admin_password=PASSWORD)
    old = keymod.init_township_key(store, PASSPHRASE, cost=FAST_KEY).public.key_id_hex
    store.close()
    for path in tmp_path.glob("office.db*"):
        path.unlink()
    return old


def test_the_place_page_shows_the_office_code_as_the_township_is_chosen(wizard):
    next_page(wizard)
    place = wizard.place_page
    choose(place.township_combo, "郑旗乡")
    said = place.code_label.text()
    assert said.startswith("640522207") and "登记-640522207.json" in said and "office-backup-640522207-" in said
    choose(place.township_combo, "李旺镇")
    assert place.code_label.text().startswith("640522101") and place.code_label.isVisible()


def test_the_passphrase_page_says_it_is_not_the_login_password_and_who_keeps_it(qtbot, wizard):
    next_page(wizard)
    next_page(wizard)
    set_operator(qtbot, wizard, "苏雪")
    set_passphrase(qtbot, wizard, PASSWORD)  # the login password again
    said = wizard.key_page.forgotten.text()
    assert "不要和登录密码相同" in said and "所长" in said
    assert wizard.key_page.problem.text() == "口令不能和登录密码相同"
    assert not wizard.key_page.isComplete()


def test_an_old_keys_folder_is_set_aside_and_a_new_key_made_for_the_county_to_enrol(qtbot, wizard, dialogs, tmp_path):
    old = left_behind(tmp_path)
    next_page(wizard)
    choose(wizard.place_page.township_combo, "郑旗乡")
    next_page(wizard)
    set_operator(qtbot, wizard, "苏雪")
    set_passphrase(qtbot, wizard)
    dialogs.confirm_answers.append(True)
    finish(wizard)

    kind, title, question = dialogs.shown[0]
    assert title == "发现旧的密钥文件夹"
    assert kind == "confirm" and str(tmp_path / "office-keys") in question
    assert "私钥不会删除" in question and "更换" in question and "从备份恢复" in question
    assert not [m for m in dialogs.shown if m[0] in ("warn", "error")]  # no 密钥未创建
    new = keymod.township_key(wizard.store)
    assert new is not None and new.public.key_id_hex != old and new.created
    [aside] = tmp_path.glob("office-keys-旧-*")
    assert aside.name in question and (aside / keymod.TOWNSHIP_SECRET).is_file()  # the old private key kept


def test_declining_keeps_the_old_folder_and_creates_nothing(qtbot, wizard, dialogs, tmp_path):
    left_behind(tmp_path)
    next_page(wizard)
    next_page(wizard)
    set_operator(qtbot, wizard, "苏雪")
    set_passphrase(qtbot, wizard)
    finish(wizard)  # 取消 on the question
    assert wizard.store is None and not (tmp_path / "office.db").exists()
    assert wizard.currentPage() is wizard.key_page
    assert not list(tmp_path.glob("office-keys-旧-*")) and (tmp_path / "office-keys").is_dir()


def test_keys_window_never_shows_a_blank_creation_date(qtbot, tmp_path, dialogs):
    left_behind(tmp_path)  # then set up again by the command line, the old folder left where it was
    store = init_database(tmp_path / "office.db", "640522207", office="郑旗乡司法所", operator="苏雪",
                          admin_password=PASSWORD)
    view = keys_view.KeysDialog(store, dialogs, "苏雪")
    qtbot.addWidget(view)
    said = view.status.text()
    assert "（ 创建）" not in said and "创建时间没有记录" in said
    view.close()
    store.close()


def test_a_login_password_changed_to_the_passphrase_after_it_was_typed_is_said_on_the_passphrase_page(qtbot, wizard):
    """The passphrase typed, then 上一步 and the login password changed to it: back on the 口令 page 完成 was greyed
    with nothing said why (the line was said only while typing the passphrase)."""
    next_page(wizard)
    next_page(wizard)
    set_operator(qtbot, wizard, "苏雪")
    set_passphrase(qtbot, wizard)
    assert wizard.key_page.isComplete() and wizard.key_page.problem.text() == ""
    wizard.back()
    assert wizard.currentPage() is wizard.operator_page
    for edit in (wizard.operator_page.password, wizard.operator_page.again):
        edit.setText(PASSPHRASE)
    next_page(wizard)
    assert wizard.currentPage() is wizard.key_page
    assert not wizard.key_page.isComplete()
    assert wizard.key_page.problem.text() == "口令不能和登录密码相同"
