"""Moving the office to a new PC: the technician sets the new PC up first (the first-start wizard makes a database, a
管理员 account and a signing key), then restores the office's backup. Before, the result told him to replace the key
the county had enrolled (following it revoked a working key), the technician's account stayed an active 管理员 that
refused the office's 管理员 `fazhi accounts recover`, the recovery-code box came back on the new PC, and an older
backup chosen beside a newer one on the stick was restored without a word."""

from __future__ import annotations

import pytest

from fazhi_desktop.core import accounts
from fazhi_desktop.core.backup import create_backup, load_key, mark_code_shown, prepare_restore, restore
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.errors import LoginFailed
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import Store

LOW_COST = (32768, 1 << 21)
PASS = "pass-phrase-1234"
TECH = "jishu-mima-2026"


@pytest.fixture
def office(store, staff, valid_record, clock, tmp_path):
    """The old PC: the office's accounts, a key, a record and its first backup (the code not yet marked shown, as
    `fazhi backup` leaves the key file it packs). Returns (backup, its recovery code, the old key's id)."""
    key = keymod.init_township_key(store, PASS, cost=LOW_COST).public.key_id_hex
    store.user = staff["admin"]
    store.save("meeting", valid_record("meeting"), "admin")
    backup = create_backup(store.path, tmp_path / "usb", clock=clock).path
    store.close()
    return backup, load_key(store.path).code, key


def _new_pc(tmp_path, clock, enrolled: bool = False) -> tuple[Store, str]:
    """The new PC set up as 乡镇司法所 by the technician: database, his 管理员 account, a signing key."""
    clock.advance(days=10)
    new = init_database(tmp_path / "new" / "fazhi.db", "640522100", office="海城镇司法所", operator="技术员",
                        admin_password=TECH, clock=clock)
    key = keymod.init_township_key(new, PASS, cost=LOW_COST).public.key_id_hex
    if enrolled:
        keymod.write_enrolment(new, tmp_path / "登记.json")
    new.close()
    return new, key


def test_restoring_over_a_new_pcs_setup_says_the_backups_key_is_the_enrolled_one_and_drops_the_setup_account(
        office, tmp_path, clock):
    backup, code, old = office
    new, throwaway = _new_pc(tmp_path, clock)
    prepared = prepare_restore(new.path, backup, recovery_code=code)
    assert ("  注意：恢复前的数据库是新建的（没有记录、名册和数据包，如在新电脑上先做了首次使用设置）："
            "恢复后账户用备份中的，当前的账户不保留") in prepared.lines()  # in the question before
    said = "\n".join(prepared.commit("技术员", clock=clock).lines())
    assert "点“更换密钥”" not in said and "签名密钥是旧的" not in said
    assert (f"恢复后导出用的是备份中的签名密钥（编号 {old}，") in said
    assert (f"恢复前的密钥（编号 {throwaway}）没有用过（恢复前的数据库没有登记过台账、导出过数据包，"
            "也没有写出过登记文件），县里登记的仍是原来的密钥：不必更换密钥，也不必重新登记") in said
    assert ("恢复前的数据库是新建的（没有记录、名册和数据包，如在新电脑上先做了首次使用设置）：账户回到了备份时的状态"
            "（此后停用的账户、重设的密码、改过的角色须由管理员重新处理），请用原来的账户和密码登录；"
            "恢复前新建的账户没有带过来：技术员") in said
    assert "账户保持恢复前的状态" not in said
    restored = Store.open(new.path)
    try:
        assert [u.name for u in accounts.list_accounts(restored)] == ["admin", "杨芳", "马丽"]
        with pytest.raises(LoginFailed, match="没有这个用户名"):
            accounts.login(restored, "技术员", TECH)
        # the office's 管理员 who forgot his password is no longer refused for the technician's sake
        accounts.recover_admin(restored, "admin", code, "xin-mima-2026")
        assert accounts.login(restored, "admin", "xin-mima-2026").name == "admin"
    finally:
        restored.close()


def test_a_setup_whose_enrolment_file_was_written_still_warns_of_the_old_key(office, tmp_path, clock):
    backup, code, old = office
    new, handed_out = _new_pc(tmp_path, clock, enrolled=True)
    said = "\n".join(restore(new.path, backup, "技术员", clock=clock, recovery_code=code).lines())
    assert (f"注意：备份中的签名密钥是旧的（编号 {old}，2026-06-01 创建），恢复后导出用的是它，而不是恢复前的密钥"
            f"（编号 {handed_out}）") in said


def test_the_code_typed_to_restore_is_not_offered_again_on_the_new_pc(office, tmp_path, clock):
    backup, code, _ = office
    new_db = tmp_path / "new" / "fazhi.db"
    restore(new_db, backup, "admin", clock=clock, recovery_code=code)
    assert load_key(new_db).shown  # the main window's box (qt/backup_view.remind_code) offers it only when not


def test_a_restore_on_the_same_pc_keeps_the_code_shown(office, tmp_path, clock):
    backup, _, _ = office
    db = backup.parent.parent / "office.db"
    mark_code_shown(db)  # `fazhi backup` printed it to the 管理员 after the backup was written
    restore(db, backup, "admin", clock=clock)
    assert load_key(db).shown


def test_an_older_backup_chosen_names_the_newer_one_beside_it(store, staff, tmp_path, clock, beijing_time):
    older = create_backup(store.path, tmp_path / "usb", clock=clock).path
    clock.advance(days=14)
    newer = create_backup(store.path, tmp_path / "usb", clock=clock).path
    store.close()
    prepared = prepare_restore(store.path, older)
    try:
        assert (f"  注意：同一文件夹中有更新的备份：{newer.name}（备份于 2026-06-15 16:00），"
                "这一份是 2026-06-01 16:00 的，恢复后此后的修改都不在；"
                "要恢复最新的数据，请取消并改选那一份") in prepared.lines()
    finally:
        prepared.discard()
    prepared = prepare_restore(store.path, newer)
    try:
        assert "更新的备份" not in "\n".join(prepared.lines())
    finally:
        prepared.discard()


def test_a_townships_restore_says_what_to_do_before_entering_anything(office, tmp_path, clock):
    """The new PC's restore said nothing of the work since the backup: the clerk entered Tuesday's meetings at once
    and they took the numbers of Monday's, already printed (the county's receipt, which numbers on, was never asked
    for), and Monday's bundle on the old stick stayed in a drawer."""
    backup, code, _key = office
    result = restore(tmp_path / "new" / "fazhi.db", backup, "技术员", recovery_code=code)
    said = "\n".join(result.lines())
    assert "此后录入或修改的记录都不在恢复的数据库中。录入新记录之前，请先" in said
    assert "旧电脑导出后还没交县里的数据包（U盘上的），交县里导入" in said
    assert "请县里写回执，在“数据交换 → 导入县级回执”中导入：编号才会接着县里已有的编" in said
    # numbers on paper since the backup, never sent: the 所长 sets where the series goes on (core/renumber.py)
    assert "纸上已用过的编号，由所长在“数据交换 → 编号从第N号起…”中设定从纸上最后一个编号之后起编" in said
