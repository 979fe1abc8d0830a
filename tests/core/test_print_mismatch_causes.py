# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""纸面与数据不符 says the likely truth (core/documents/mismatch.py). A code review found it told every genuine paper
"打印件可能被改动，或来自另一个数据库，或本数据库在本程序之外被改写过": of a revision made before an older backup was
restored, of a paper the county printed, of a code mistyped by one digit, and of a database the county's receipts
showed rewritten, where it can tell which."""

from __future__ import annotations

import pytest
from bundle_world import Town, county_template, world  # noqa: F401  (fixtures)
from test_print_check_audit import rewrite_history

from fazhi_desktop.core.backup import create_backup, restore
from fazhi_desktop.core.documents import build_document, check_print, print_code
from fazhi_desktop.core.documents.verify import QR_PREFIX, parse_code
from fazhi_desktop.core.store import Store

ACTOR = "杨芳"
MAYBE_REWRITTEN = "本数据库在本程序之外被改写过"


def mediated(town: Town, valid_record):
    return town.store.save("mediation_case", valid_record("mediation_case", result="调解成功", agreement_form="书面",
                                                          agreement_content="双方和好。"), ACTOR)


def edited(town: Town, record, content: str):
    return town.store.save("mediation_case", {**record.values, "agreement_content": content}, ACTOR,
                           record_id=record.id)


def forged(code: str) -> str:
    """Another code of the same record and revision, many digits off (not a slip of the pen)."""
    prefix, revision, digest = parse_code(code)
    other = "".join("0" if c != "0" else "1" for c in digest)
    return f"{prefix}-{revision}-{other}"


def test_a_paper_of_a_revision_made_before_a_restore_names_the_restore(world, valid_record, clock, tmp_path):
    """Revision 2 printed, the PC restored from the backup of revision 1 and the case edited again to a revision 2:
    the genuine paper was blamed on itself, another database or a rewrite."""
    town = world.town()
    case = mediated(town, valid_record)
    clock.advance(hours=1)
    backup = create_backup(town.store.path, tmp_path / "usb-backup", clock=clock).path
    clock.advance(hours=1)
    code = build_document(town.store, edited(town, case, "分三期履行。"), "agreement").code
    town.store.close()
    clock.advance(days=1)
    restore(town.store.path, backup, "admin", clock=clock)
    town.store = Store.open(town.store.path, world.ledgers, clock)
    clock.advance(hours=1)
    again = edited(town, town.store.get(case.id), "一次付清。")
    assert again.revision == 2
    said = check_print(town.store, code)
    assert said.status == "mismatch"
    assert "本数据库于 " in said.message and "的备份恢复过" in said.message
    assert "打印时的第 2 版可能是恢复前所做、已不在本数据库中" in said.message
    assert f"{town.store.path.stem}-before-restore-… 若还在，可用 --db 打开它核验" in said.message
    assert MAYBE_REWRITTEN not in said.message
    # revision 1 was in the backup: a paper of it that does not match is not the restore's doing
    first = check_print(town.store, forged(print_code(town.store, town.store.get(case.id))).replace("-2-", "-1-"))
    assert first.status == "mismatch" and "备份恢复过" not in first.message


def test_a_paper_the_county_printed_is_sent_to_the_county(world, valid_record):
    """README: a paper the county prints checks out at the county, not at the township; at the township it was told
    it might be altered, from another database or of a rewritten database, and not where to check it."""
    town = world.town()
    case = mediated(town, valid_record)
    assert world.import_(world.export(town).path).ok
    at_county = world.county.get(case.id)
    code = build_document(world.county, at_county, "agreement").code
    assert check_print(world.county, code).ok
    said = check_print(town.store, code)
    assert said.status == "mismatch"
    assert "若是县司法局打印的，请到县里核验" in said.message and MAYBE_REWRITTEN not in said.message
    # a record the county has not received: the county printed no paper of it
    later = mediated(town, valid_record)
    unsent = check_print(town.store, forged(print_code(town.store, later)))
    assert "县司法局" not in unsent.message and MAYBE_REWRITTEN in unsent.message


def test_a_code_mistyped_says_so(world, valid_record):
    """One digit typed wrong gave 纸面与数据不符 with no word of a typo (the unknown answer had it)."""
    town = world.town()
    case = mediated(town, valid_record)
    first = print_code(town.store, case)
    code = print_code(town.store, edited(town, case, "分三期履行。"))
    slip = code[:-1] + ("0" if code[-1] != "0" else "1")
    said = check_print(town.store, slip)
    assert said.status == "mismatch" and said.message.startswith("核验码多半抄写有误：与第 2 版的核验码只差一位")
    assert "纸面与数据不符" not in said.message and MAYBE_REWRITTEN not in said.message
    swapped = code[:-2] + code[-1] + code[-2]
    if swapped != code:
        assert "核验码多半抄写有误" in check_print(town.store, swapped).message
    revision_slip = first.replace("-1-", "-2-")  # revision 1's digits under the number 2
    assert "其中的版次若是 1，即为该记录第 1 版的核验码" in check_print(town.store, revision_slip).message
    # digits far off: a typo is one possibility among others; scanned, the QR code leaves none
    assert "或核验码抄写有误" in check_print(town.store, forged(code)).message
    scanned = check_print(town.store, QR_PREFIX + forged(code))
    assert scanned.status == "mismatch" and "抄写" not in scanned.message


@pytest.fixture
def received(world, valid_record):
    """A township case the county received and confirmed by a receipt the township imported, and its code."""
    town = world.town()
    case = mediated(town, valid_record)
    code = build_document(town.store, case, "agreement").code
    assert world.import_(world.export(town).path).ok
    assert world.receipt(town).advanced
    return town, case, code


def test_a_rewrite_the_receipts_show_is_said_for_certain(received):
    """The county's receipts prove the log rewritten (fazhi check says so): the answer said only that it might be."""
    town, case, code = received
    rewrite_history(town.store, case.id, agreement_content="被申请人赔偿申请人人民币50000元。")
    said = check_print(town.store, code)
    assert said.status == "mismatch"
    assert "经与县里的回执核对，本数据库在县里收到之后被改写过" in said.message
    assert "可能" not in said.message.split("。")[1].split("被改写过")[0]
    assert MAYBE_REWRITTEN not in said.message and "请到县里核验同一核验码，真件在县里核验一致" in said.message


def test_with_the_receipts_intact_a_rewrite_is_not_claimed(received):
    town, _case, code = received
    said = check_print(town.store, forged(code))
    assert said.status == "mismatch" and "被改写过" not in said.message
