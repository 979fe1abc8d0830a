# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""The verification mark: a short code naming the record, revision and content hash, and `check_print`, which
tells an inspector whether the paper in hand shows what the database holds."""

from __future__ import annotations

import pytest
from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.documents import build_document, check_print, print_code
from fazhi_desktop.core.documents.layout import Box
from fazhi_desktop.core.documents.verify import QR_PREFIX, parse_code, qr_modules


@pytest.fixture
def meeting(store, valid_record):
    return store.save("meeting", valid_record("meeting", host="田玉春", attendees=["马志刚", "李强"]), "杨芳")


def test_the_code_names_record_and_revision_and_a_digest_keyed_by_the_database(store, meeting):
    code = print_code(store, meeting)
    prefix, revision, digest = parse_code(code)
    assert meeting.id.replace("-", "").startswith(prefix) and len(prefix) == 12
    assert revision == meeting.revision == 1
    assert len(digest) == 8 and not meeting.content_hash.startswith(digest)  # not computable from the content


def test_a_code_typed_with_the_chinese_input_method_on_is_read(store, meeting):
    code = print_code(store, meeting)
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in code.upper())  # ０１Ａ２… as the input method types them
    assert parse_code(full_width) == parse_code(code)


def test_a_printed_document_carries_the_code_and_a_qr_code(store, meeting):
    doc = build_document(store, meeting, "minutes")
    assert doc.code == print_code(store, meeting)
    assert doc.code in doc.text()
    assert sum(isinstance(item, Box) for item in doc.pages[-1].items) > 20  # the QR code's dark modules
    modules = qr_modules(QR_PREFIX + doc.code)
    assert len(modules) >= 21 and len(modules) == len(modules[0])


def test_an_unchanged_record_matches_its_paper(store, meeting):
    result = check_print(store, print_code(store, meeting))
    assert result.ok and result.status == "same"
    assert meeting.number in result.message and "一致" in result.message


def test_the_check_names_the_record_the_paper_printed_not_a_document_kind(store, meeting, valid_record):
    """A 协议书's code answered "纸面即调解案件记录 …", a 签到表's "纸面即会议纪要 …": the code is the same on every
    document of a record, so the answer names the record and its revision, as an inspector holding any of them reads
    it."""
    minutes = store.save("meeting", valid_record("meeting", record_form="会议纪要"), "杨芳")
    said = check_print(store, build_document(store, minutes, "signin").code).message
    assert said.startswith(f"一致：纸面所印为会议 {minutes.number} 第 1 版，") and "纪要" not in said
    case = store.save("mediation_case", valid_record("mediation_case", result="调解成功", agreement_form="书面",
                                                     agreement_content="双方和好。"), "杨芳")
    said = check_print(store, build_document(store, case, "agreement").code).message
    assert f"纸面所印为调解案件 {case.number} 第 1 版" in said and "记录" not in said


def test_a_scanned_qr_text_is_accepted_as_well_as_the_typed_code(store, meeting):
    assert check_print(store, f"{QR_PREFIX}{print_code(store, meeting)}").ok
    assert check_print(store, print_code(store, meeting).upper()).ok


def test_a_record_changed_after_printing_is_detected(store, meeting, clock):
    code = build_document(store, meeting, "record").code
    clock.advance(days=2)
    changed = store.save("meeting", {"location": "司法所调解室"}, "王梅", record_id=meeting.id)
    result = check_print(store, code)
    assert not result.ok and result.status == "changed"
    assert result.printed_revision == 1 and result.current_revision == changed.revision == 2
    assert "第 1 版" in result.message and "第 2 版" in result.message and "王梅" in result.message
    assert check_print(store, print_code(store, changed)).ok


def test_a_record_deleted_after_printing_is_detected(store, meeting):
    code = print_code(store, meeting)
    store.delete(meeting.id, "杨芳")
    result = check_print(store, code)
    assert result.status == "deleted" and "删除" in result.message


def test_a_tampered_or_foreign_code_is_not_accepted(store, meeting):
    prefix, revision, digest = parse_code(print_code(store, meeting))
    forged = f"{prefix}-{revision}-{'0' * 8 if digest != '0' * 8 else '1' * 8}"
    assert check_print(store, forged).status == "mismatch"
    assert check_print(store, f"ffffffffffff-{revision}-{digest}").status == "unknown"
    invalid = check_print(store, "这不是核验码")
    assert invalid.status == "invalid" and "不是有效的核验码" in invalid.message


def test_the_county_checks_a_townships_paper_from_the_received_log(world, valid_record):
    """An inspector at the county types the code of a paper printed at a township: the bundle brought the record
    and its change log, so the county can say whether the paper is current."""
    town = world.town()
    meeting = town.store.save("meeting", valid_record("meeting"), "杨芳")
    printed = print_code(town.store, meeting)
    world.import_(world.export(town).path)
    assert check_print(world.county, printed).status == "same"  # keyed by the township's secret, which came along
    at_county = print_code(world.county, world.county.get(meeting.id))  # keyed by the county's own
    assert at_county != printed and check_print(world.county, at_county).status == "same"
    town.store.save("meeting", {"location": "会议室乙"}, "杨芳", record_id=meeting.id)
    world.import_(world.export(town).path)
    later = check_print(world.county, printed)
    assert later.status == "changed" and later.current_revision == 2 and "第 2 版" in later.message
