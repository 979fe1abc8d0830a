"""A printed code a 录入员 could compute: `id-revision-content_hash[:8]`, the hash of content she sees all of but the
digits the mask hides. Hashing each guess (366 birthdays, 10,000 phone endings) and comparing with her paper's code,
or asking 核验打印件 which guess is 一致, told her the number. The code is keyed by the database's secret now."""

from __future__ import annotations

from fazhi_desktop.core.backup import create_backup, restore
from fazhi_desktop.core.documents import build_document, check_print, print_code
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import Store

CARD = "640522197203150014"  # masked 640522********0014: its month and day are the guess
PHONE = "13912344567"  # masked 139****4567


def the_case(store, valid_record):
    party = {"role": "申请人", "party_type": "自然人", "name": "马某", "id_number": CARD, "phone": PHONE}
    return store.save("mediation_case", valid_record("mediation_case", parties=[party]), "马丽")


def test_a_code_built_from_the_hash_of_the_right_guess_is_not_told_apart_from_a_wrong_one(store, valid_record):
    case = the_case(store, valid_record)
    printed = build_document(store, case, "record").code
    assert printed == print_code(store, case) and check_print(store, printed).status == "same"
    # the code as it was built before, of the full content: the one guess of 366 she was looking for
    right_guess = f"{case.id.replace('-', '')[:12]}-{case.revision}-{case.content_hash[:8]}"
    wrong_guess = f"{case.id.replace('-', '')[:12]}-{case.revision}-{'0' * 8}"
    assert printed != right_guess
    assert check_print(store, right_guess).status == check_print(store, wrong_guess).status == "mismatch"


def test_two_databases_key_the_same_content_apart(store, valid_record, tmp_path, ledgers, clock):
    """A secret of each database, not one of the program: another office's copy of the program computes nothing."""
    other = init_database(tmp_path / "other.db", "640522100", office="海城镇司法所", ledgers=ledgers, clock=clock)
    try:
        case = the_case(store, valid_record)
        assert print_code(other, case) != print_code(store, case)
    finally:
        other.close()


def test_a_paper_printed_before_a_backup_checks_out_after_it_is_restored(store, valid_record, tmp_path, clock):
    case = the_case(store, valid_record)
    printed = print_code(store, case)
    path = store.path
    backup = create_backup(path, tmp_path / "usb", clock=clock)
    store.close()
    clock.advance(minutes=5)
    restore(path, backup.path, "管理员", clock=clock)
    restored = Store.open(path)
    try:
        assert check_print(restored, printed).status == "same"
    finally:
        restored.close()
