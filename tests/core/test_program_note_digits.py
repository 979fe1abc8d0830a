"""A note the program writes itself in the change log names the file it imported from: 从Excel导入（调解20260301.xlsx
第 5 行）. Since reasons were masked at display (test_reason_numbers_masked.py) its history read
从Excel导入（调解****0301.xlsx 第 5 行）, a file nobody has. Such a note keeps its digits now; an ID or phone number
proper in a file's name is still masked, and a reason a person typed is masked as before."""

from __future__ import annotations

import pytest

from fazhi_desktop.core import history
from fazhi_desktop.core.identifiers import masked_numbers
from fazhi_desktop.core.import_undo import HISTORY_NOTE, undo_note
from fazhi_desktop.core.sent_back import shown_reason

ACTOR = "杨芳"


@pytest.mark.parametrize(("note", "shown"), [
    (HISTORY_NOTE.format(file="调解20260301.xlsx", row=5), HISTORY_NOTE.format(file="调解20260301.xlsx", row=5)),
    (HISTORY_NOTE.format(file="fazhi-20260301-0930.xlsx", row=2), HISTORY_NOTE.format(file="fazhi-20260301-0930.xlsx",
                                                                                         row=2)),
    (undo_note("调解20260301.xlsx", "2026-06-01 16:00"), undo_note("调解20260301.xlsx", "2026-06-01 16:00")),
    (HISTORY_NOTE.format(file="马某13995120316.xlsx", row=5), HISTORY_NOTE.format(file="马某139****0316.xlsx", row=5)),
    (HISTORY_NOTE.format(file="640522198503120091.xlsx", row=5),
     HISTORY_NOTE.format(file="640522********0091.xlsx", row=5)),
    (HISTORY_NOTE.format(file="0955-1234567名单.xlsx", row=5),
     HISTORY_NOTE.format(file="0955-****4567名单.xlsx", row=5)),
    (HISTORY_NOTE.format(file="13995120316-2026.xlsx", row=5), HISTORY_NOTE.format(file="***********2026.xlsx", row=5)),
])
def test_a_note_the_program_wrote_keeps_the_digits_of_its_file_name(note, shown):
    assert shown_reason(note) == shown


def test_a_typed_reason_with_such_digits_is_masked_as_before():
    assert shown_reason("见调解20260301号") == "见调解****0301号" == masked_numbers("见调解20260301号")


def test_the_history_of_an_imported_record_names_its_file(store, valid_record):
    note = HISTORY_NOTE.format(file="调解20260301.xlsx", row=5)
    [saved] = store.save_many("meeting", [valid_record("meeting")], ACTOR, [note])
    assert history.record_history(store, saved.id)[0].reason == "从Excel导入（调解20260301.xlsx 第 5 行）"
