"""是同一人 / 是另一人 beyond adding (review of the roster's namesake question, session 26): an entry added before the
question (the old rule) could never be answered for; a wrong date was refused only after the question, which was
asked again once it was corrected; and an entry renamed to a name the roster has was not asked about at all."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py, whatever pytest's import mode

from helpers import type_text

from fazhi_desktop.core import people
from fazhi_desktop.core.roster_log import person_history
from fazhi_desktop.qt.person_dialog import SAME_SHOWN, PersonDialog

QUESTION = "名册中已有“王军”（镇党委书记，2024-03-01 至 2026-03-31）：是同一人改任（或再任）吗？"


@pytest.fixture
def first(store):
    return people.add_person(store, "杨芳", "王军", "镇党委书记", roles=["主要负责同志"], joined_on="2024-03-01",
                             left_on="2026-03-31")


def dialog_for(qtbot, store, dialogs, person=None) -> PersonDialog:
    dialog = PersonDialog(store, dialogs, "杨芳", person)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_an_entry_added_before_the_question_is_answered_for_in_its_dialog(qtbot, store, dialogs, first):
    # the second 王军, added by an earlier version: no answer, the old rule
    old = people.add_person(store, "杨芳", "王军", "镇长", roles=["主要负责同志"], joined_on="2026-10-08")
    assert old.person is None
    dialog = dialog_for(qtbot, store, dialogs, old)
    assert dialog.same_row.isVisible() and dialog.same_value.text() == SAME_SHOWN[0]
    dialogs.choices = ["是另一人"]
    dialog.same_button.click()
    assert dialogs.shown == [("choose", "是否同一人", QUESTION)]
    assert dialog.same_value.text().startswith(SAME_SHOWN[1])
    dialog.save_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert people.get_person(store, old.id).person == old.id
    [said] = person_history(store, old.id)[-1].changes  # its 修改历史
    assert (said.label, said.after) == ("同名的人", "是另一人")
    again = dialog_for(qtbot, store, dialogs, people.get_person(store, old.id))
    assert again.same_value.text() == SAME_SHOWN[1]  # and it may be changed again


def test_an_entry_without_a_namesake_shows_no_question(qtbot, store, dialogs, first):
    dialog = dialog_for(qtbot, store, dialogs, first)
    assert not dialog.same_row.isVisible()
    assert not dialog_for(qtbot, store, dialogs).same_row.isVisible()  # 添加人员: asked on 保存


def test_a_wrong_date_is_refused_before_the_question_which_is_asked_once(qtbot, store, dialogs, first):
    dialog = dialog_for(qtbot, store, dialogs)
    type_text(qtbot, dialog.name, "王军")
    type_text(qtbot, dialog.title_edit, "镇党委书记")
    type_text(qtbot, dialog.joined_on, "2026-13-08")
    dialogs.choices = ["是另一人"]
    dialog.save_button.click()
    assert dialogs.shown == []  # the date first
    assert dialog.errors["joined_on"].isVisible()
    dialog.joined_on.clear()
    type_text(qtbot, dialog.joined_on, "2026-10-08")
    dialog.save_button.click()
    assert dialogs.shown == [("choose", "是否同一人", QUESTION)]
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_an_entry_renamed_to_a_name_the_roster_has_is_asked_about(qtbot, store, dialogs, first):
    wang_jun2 = people.add_person(store, "杨芳", "王俊", "镇党委书记", roles=["主要负责同志"], joined_on="2026-10-08")
    dialog = dialog_for(qtbot, store, dialogs, wang_jun2)
    dialog.name.clear()
    type_text(qtbot, dialog.name, "王军")  # 王俊 was a typo
    dialogs.choices = ["是同一人"]
    dialog.save_button.click()
    assert dialogs.shown == [("choose", "是否同一人", QUESTION)]
    renamed = people.get_person(store, wang_jun2.id)
    assert renamed.name == "王军" and renamed.person == first.id


def test_an_old_entry_said_the_same_as_the_one_said_the_same_as_it_is_shown_and_logged_so(qtbot, store, dialogs,
                                                                                           first):
    """The first 王军 (added before the question) and the second, added as 是同一人 with it: answering 是同一人 for
    the first too said 是另一人 in its 修改历史 and its dialog, for the two are held under the first's id."""
    assert first.person is None  # added with no namesake: not asked
    second = people.add_person(store, "杨芳", "王军", "镇长", roles=["主要负责同志"], joined_on="2026-10-08",
                               same_as=first.id)
    dialog = dialog_for(qtbot, store, dialogs, people.get_person(store, first.id))
    dialogs.choices = ["是同一人"]
    dialog.same_button.click()
    dialog.save_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    [said] = person_history(store, first.id)[-1].changes
    assert (said.label, said.after) == ("同名的人", "与同名的一条是同一人")
    again = dialog_for(qtbot, store, dialogs, people.get_person(store, first.id))
    assert again.same_value.text() == SAME_SHOWN[2]
    assert people.get_person(store, second.id).person == first.id  # the second's answer is as it was
