# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""The reveal log's 用途 and 显示的项目 (migration 029) through what a database meets: a restore carries the entries
written since the backup with both, a database from before 029 upgrades with its entries verifying as written, and
a county that shows an imported township's numbers keeps a log `fazhi check` passes after the next import."""

from __future__ import annotations

from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core import reveals
from fazhi_desktop.core.backup import create_backup, restore
from fazhi_desktop.core.check import check_database
from fazhi_desktop.core.store import Store

PARTY = {"role": "被申请人", "party_type": "自然人", "name": "李秀兰", "id_number": "640522197507230427"}
SHOWN = "当事人1（被申请人）：出生日期、身份证号"


def logged(store: Store) -> list[tuple]:
    return [(e["how"], e["reason"], e["shown"]) for e in reveals.reveal_log(store)][::-1]


def test_a_restore_carries_the_purpose_and_what_was_shown_and_the_chain_holds(store, staff, valid_record, tmp_path,
                                                                               clock):
    store.user = staff["head"]
    case = store.save("mediation_case", valid_record("mediation_case", parties=[PARTY]), "杨芳")
    reveals.note_reveals(store, [case], "打印预览调解协议书", "核对证件")
    backup = create_backup(store.path, tmp_path / "usb", clock=clock).path
    clock.advance(hours=1)
    reveals.note_reveals(store, [case], "fazhi show --reveal", "当事人本人查询")
    reveals.note_entries(store, [reveals.entry(store, case, "当事人1（被申请人）：身份证号")], "编辑窗口中查看")
    store.user = staff["admin"]
    before = logged(store)
    assert before == [("打印预览调解协议书", "核对证件", SHOWN), ("fazhi show --reveal", "当事人本人查询", SHOWN),
                      ("编辑窗口中查看", None, "当事人1（被申请人）：身份证号")]
    store.close()
    restore(store.path, backup, "admin", clock=clock)
    restored = Store.open(store.path)
    try:
        restored.user = staff["admin"]
        assert logged(restored) == before
        assert check_database(restored).ok
    finally:
        restored.close()


def test_a_database_from_before_029_upgrades_and_its_entries_verify_before_and_after_new_ones(store, staff,
                                                                                           valid_record):
    store.user = staff["head"]
    case = store.save("mediation_case", valid_record("mediation_case", parties=[PARTY]), "杨芳")
    # as a build before 029 wrote it: neither column (an entry naming what was shown could not be hashed so)
    reveals.note_entries(store, [(case.id, case.ledger, case.number, case.township, None)], "fazhi show --reveal")
    conn = store.conn
    for column in ("reason", "shown"):
        conn.execute(f"ALTER TABLE reveal_log DROP COLUMN {column}")
    conn.execute("DELETE FROM _migrations WHERE name = '029_reveal_reasons'")
    path = store.path
    store.close()
    upgraded = Store.open(path)
    try:
        upgraded.user = staff["head"]
        assert check_database(upgraded).ok
        reveals.note_reveals(upgraded, [upgraded.get(case.id)], "打印调解协议书", "当事人签字的协议书")
        upgraded.user = staff["admin"]
        assert logged(upgraded) == [("fazhi show --reveal", None, None),
                                    ("打印调解协议书", "当事人签字的协议书", SHOWN)]
        assert check_database(upgraded).ok
        upgraded.conn.execute("UPDATE reveal_log SET reason = '核对证件' WHERE id = 1")  # filled in afterwards
        assert "第 1 条：条目内容被改动" in "\n".join(check_database(upgraded).problems)
    finally:
        upgraded.close()


def test_a_county_showing_a_townships_numbers_keeps_a_log_that_verifies_across_imports(world, valid_record):
    town = world.town()
    case = town.store.save("mediation_case", valid_record("mediation_case", parties=[PARTY]), "杨芳")
    world.import_(world.export(town).path)
    county = world.county
    reveals.note_reveals(county, [county.get(case.id)], "fazhi show --reveal", "核对证件")
    town.store.save("mediation_case", {"case_name": "李秀兰宅基地纠纷"}, "杨芳", record_id=case.id)
    assert world.import_(world.export(town).path).updated == 1
    reveals.note_reveals(county, [county.get(case.id)], "fazhi show --reveal", "当事人本人查询")
    assert logged(county) == [("fazhi show --reveal", "核对证件", SHOWN),
                              ("fazhi show --reveal", "当事人本人查询", SHOWN)]
    assert check_database(county).ok
