"""A ledger added as a file gets a working editor for every field type the form language allows, including the
ones no shipped form uses yet (date and time together, several choices): typed, saved, reopened, refused."""

from __future__ import annotations

import shutil

import pytest
import review_steps
from helpers import type_text
from PySide6.QtCore import Qt
from test_editor import open_window, press_save

from fazhi_desktop.core.forms import forms_dir, load_forms
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import ListQuery

VISIT = """
[ledger]
name = "visit"
label = "普法走访"
version = 1
date_field = "held_on"
title_field = "title"
list_columns = ["number", "held_on", "title"]

[ledger.numbering]
format = "〔{year}〕{prefix}第{seq}号"
prefix = "访字"

[[fields]]
name = "title"
label = "事由"
type = "text"
required = true

[[fields]]
name = "held_on"
label = "日期"
type = "date"
required = true

[[fields]]
name = "arrived_at"
label = "到达时间"
type = "datetime"

[[fields]]
name = "topics"
label = "宣传内容"
type = "multichoice"
choices = ["宪法", "民法典", "反电信网络诈骗法"]
"""


@pytest.fixture
def visits(tmp_path):
    folder = tmp_path / "forms"
    shutil.copytree(forms_dir(), folder)
    (folder / "visit.toml").write_text(VISIT, encoding="utf-8")
    store = init_database(tmp_path / "t.db", "640522100", ledgers=load_forms(folder))
    yield store
    store.close()


def fill(qtbot, editor, title: str, day: str, arrived: str) -> None:
    for name, text in (("title", title), ("held_on", day), ("arrived_at", arrived)):
        control = editor.field_widget(name).control
        control.setFocus()
        control.selectAll()
        type_text(qtbot, control, text)


def test_date_and_time_together_and_several_choices_are_saved_and_shown_again(qtbot, visits, dialogs):
    window = open_window(qtbot, visits, "visit", dialogs)
    editor = window.editor
    fill(qtbot, editor, "到李旺村宣传民法典", "2026年3月5日", "2026-3-5 9:30")
    boxes = {box.text(): box for box in editor.field_widget("topics").boxes}
    assert list(boxes) == ["宪法", "民法典", "反电信网络诈骗法"]
    boxes["民法典"].click()
    boxes["反电信网络诈骗法"].click()
    press_save(qtbot, window)
    [record] = visits.list(ListQuery("visit"))
    assert record["arrived_at"] == "2026-03-05T09:30" and record["topics"] == ["民法典", "反电信网络诈骗法"]
    assert record.number == "〔2026〕访字第1号"

    again = open_window(qtbot, visits, "visit", dialogs, record=visits.get(record.id))
    assert again.editor.field_widget("arrived_at").control.text() == "2026-03-05 09:30"
    assert [b.text() for b in again.editor.field_widget("topics").boxes if b.isChecked()] == ["民法典",
                                                                                              "反电信网络诈骗法"]


def test_an_unreadable_date_and_time_is_refused_naming_the_field(qtbot, visits, dialogs):
    window = open_window(qtbot, visits, "visit", dialogs)
    editor = window.editor
    fill(qtbot, editor, "走访", "2026-03-05", "下午三点左右")
    assert editor.save() is False
    message = editor.field_widget("arrived_at").error()
    assert message.startswith("无法识别的日期时间“下午三点左右”，请按 2026-03-05 14:30")
    assert visits.count("visit") == 0


def test_the_ticks_of_a_locked_record_show_but_cannot_be_changed(qtbot, visits, dialogs):
    record = visits.save("visit", {"title": "走访", "held_on": "2026-03-05", "arrived_at": "2026-03-05 09:30",
                                   "topics": ["民法典"]}, "李娟")
    review_steps.submit(visits, record.id, "李娟")
    window = open_window(qtbot, visits, "visit", dialogs, record=review_steps.lock(visits, record.id, "李娟"))
    boxes = {box.text(): box for box in window.editor.field_widget("topics").boxes}
    assert all(box.isEnabled() for box in boxes.values())
    assert window.editor.field_widget("arrived_at").control.placeholderText() == ""
    qtbot.mouseClick(boxes["宪法"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(boxes["民法典"], Qt.MouseButton.LeftButton)
    boxes["民法典"].setFocus()
    qtbot.keyClick(boxes["民法典"], Qt.Key.Key_Space)
    assert [text for text, box in boxes.items() if box.isChecked()] == ["民法典"]
    assert not window.editor.is_dirty()
