"""The verification mark as the county's inspectors meet it (twenty-fifth session, played as 所长 杨芳 at the year's
assessment): under every QR code the paper said `核验：fazhi check-print 核验码`, a command line the inspectors and the
parties to an agreement cannot use, where the program's 文件 → 核验打印件 is what they open; and a code read out in
groups and typed with spaces (01a2 21aa 2188 - 1 - 0b70 7327) was refused as 不是有效的核验码."""

from __future__ import annotations

from datetime import UTC, datetime

from fazhi_desktop.core.documents import build_document, build_register_document, check_print, print_code
from fazhi_desktop.core.documents.verify import parse_code


def test_the_mark_names_the_programs_menu_not_a_command(store, valid_record, clock):
    clock.set(datetime(2026, 11, 28, 4, tzinfo=UTC))
    meeting = store.save("meeting", valid_record("meeting", host="田玉春", attendees=["马志刚", "李强"]), "杨芳")
    for doc in (build_document(store, meeting, "minutes"), build_document(store, meeting, "signin"),
                build_register_document(store, "meeting", 2026)):
        text = doc.text()
        assert "核验：法治台账“文件→核验打印件”" in text
        assert "fazhi check-print" not in text


def test_a_code_typed_with_spaces_is_checked(store, valid_record):
    meeting = store.save("meeting", valid_record("meeting"), "杨芳")
    code = print_code(store, meeting)
    head, revision, tail = code.split("-")
    read_out = f"{head[:4]} {head[4:8]} {head[8:]} - {revision} - {tail[:4]} {tail[4:]}"
    assert parse_code(read_out) == parse_code(code)
    assert check_print(store, read_out).status == "same"
    assert check_print(store, f"  核验码 {read_out} ").status == "same"  # copied with its label


def test_other_text_is_still_no_code(store):
    assert check_print(store, "01a2 21aa - 1").status == "invalid"
