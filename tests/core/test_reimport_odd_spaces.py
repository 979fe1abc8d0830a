"""An Excel file imported by a version before s26, its titles pasted from a WeChat notice (a no-break space, U+2005),
saved its titles so; the save now takes such spaces out. Imported again, the file was not said to have been
imported before (导入过… 再次导入会重复登记), and the same meeting typed from the paper was not said to be entered
twice: both compared the cleaned title with the stored one, space and all. Both now compare on cleaned text."""

from __future__ import annotations

from contextlib import contextmanager

from excel_files import MEETING, filled_template

from fazhi_desktop.core import accounts, plaintext
from fazhi_desktop.core.excel_import import import_records, read_records

PASTED = "2026年第3次\u00a0镇政府常务会议"
TYPED = "2026年第3次镇政府常务会议"


@contextmanager
def before_s26(monkeypatch):
    with monkeypatch.context() as before:
        before.setattr(plaintext, "_usual_spaces", lambda text: text)
        yield


def test_the_same_file_imported_again_is_said_to_be_imported_before(store, ledgers, tmp_path, monkeypatch):
    path = filled_template(ledgers["meeting"], tmp_path / "会议.xlsx", [{**MEETING, "会议名称/届次": PASTED}])
    with before_s26(monkeypatch):
        [old] = import_records(store, read_records(store, "meeting", path), "马文")
    assert old["title"] == PASTED  # as the version before saved it

    again = read_records(store, "meeting", path)
    assert again.repeated
    assert any("导入过 1 条记录：本文件 1 条中有 1 条与之" in line.message for line in again.warnings)


def test_a_meeting_saved_with_an_odd_space_is_the_twin_of_the_same_meeting_typed(store, staff, valid_record,
                                                                                monkeypatch):
    accounts.login(store, "马丽", "mima-2026")
    with before_s26(monkeypatch):
        old = store.save("meeting", valid_record("meeting", title=PASTED, held_on="2026-03-05"), "")
    assert old.values["title"] == PASTED
    typed = store.save("meeting", valid_record("meeting", title=TYPED, held_on="2026-03-05"), "")
    assert any(w.path == "title" and old.number in w.message for w in typed.warnings)
