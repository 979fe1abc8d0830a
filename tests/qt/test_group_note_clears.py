"""A record check's warning at a group as a whole (当事人), or at a row the group cannot name, was shown under the
group's rows in red, as a refused save's problem, and stayed there once the clerk had mended what it said (the next
row added): the red read as "cannot be saved". It is an orange note now, gone as soon as no check says it."""

from __future__ import annotations

import pytest
from helpers import type_text
from test_editor import ACTOR
from test_editor import open_window as open_editor

from fazhi_desktop.core import validate
from fazhi_desktop.core.errors import FieldProblem
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.qt.editor.context import ORANGE, RED

ONE_SIDE = "只有一方当事人，请核对"


@pytest.fixture
def office(tmp_path):
    store = init_database(tmp_path / "t.db", "640522100")
    yield store
    store.close()


@pytest.fixture
def one_side_checked(monkeypatch):
    """A check at the group as a whole (and one at a row it cannot name): a form's check may say either."""
    clean = validate.clean_record

    def checked(ledger, values, *args, **kwargs):
        result = clean(ledger, values, *args, **kwargs)
        if ledger.name == "mediation_case" and len(result.values.get("parties") or ()) < 2:
            result.warnings += [FieldProblem("parties", "当事人", ONE_SIDE),
                                FieldProblem("parties[2].name", "当事人第2行·姓名", "应填写另一方")]
        return result

    monkeypatch.setattr(validate, "clean_record", checked)


def test_a_warning_at_the_group_is_orange_and_goes_once_mended(qtbot, office, dialogs, one_side_checked):
    values = {"case_category": "人民调解", "case_name": "山门村宅基地纠纷", "accepted_on": "2026-03-05",
              "dispute_type": "邻里纠纷", "mediators": [ACTOR],
              "parties": [{"role": "申请人", "party_type": "自然人", "name": "马某", "address": "海城镇山门村"}]}
    window = open_editor(qtbot, office, "mediation_case", dialogs, office.save("mediation_case", values, ACTOR))
    group = window.editor.group_widget("parties")
    assert group.message.isVisibleTo(window)
    assert group.message.text() == f"{ONE_SIDE}；第2行：应填写另一方"
    assert ORANGE in group.message.styleSheet() and RED not in group.message.styleSheet()
    row = group.add_row()
    type_text(qtbot, row.inputs["name"].control, "Ma")  # the other side named: two parties now
    assert window.editor.collect()["parties"][1]["name"] == "Ma"
    assert not group.message.isVisibleTo(window) and group.message.text() == ""
