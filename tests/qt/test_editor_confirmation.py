# ruff: noqa: F811  (the office fixture imported from test_editor)
"""申请司法确认日期 in the mediation editor: offered once 司法确认 says an application was made, gone again with it,
and the 30-day window of 人民调解法第三十三条 said in orange at the field after saving."""

from __future__ import annotations

import shutil

from helpers import shown
from test_editor import ACTOR, choose, office, open_window, press_save, typed  # noqa: F401  (fixture)

from fazhi_desktop.core.forms import forms_dir, load_forms
from fazhi_desktop.core.setup import init_database

SETTLED = {"case_category": "人民调解", "case_name": "马某与李某宅基地纠纷", "accepted_on": "2026-03-05",
           "dispute_type": "房屋宅基地纠纷", "parties": [{"role": "申请人", "party_type": "自然人", "name": "马某"}],
           "result": "调解成功", "agreement_form": "书面", "mediated_on": "2026-03-06",
           "rights_notified": True, "rights_notified_on": "2026-03-05"}  # told before mediating: no reminder


def test_the_application_date_appears_with_an_application_and_its_window_is_said(qtbot, office, dialogs):
    case = office.save("mediation_case", SETTLED, ACTOR)
    window = open_window(qtbot, office, "mediation_case", dialogs, office.get(case.id))
    editor = window.editor
    assert not shown(editor, "confirmation_applied_on")  # 未申请: nothing to date

    choose(qtbot, editor.field_widget("judicial_confirmation").control, "已申请")
    assert shown(editor, "confirmation_applied_on")
    date_field = editor.field_widget("confirmation_applied_on")
    press_save(qtbot, window)
    assert office.get(case.id).revision == 2  # saved without the date: older records had none
    assert date_field.warning() == "司法确认为“已申请”，申请司法确认日期未填写，请补充"

    typed(qtbot, editor, "confirmation_applied_on", "2026-04-10")
    press_save(qtbot, window)
    assert office.get(case.id)["confirmation_applied_on"] == "2026-04-10"
    assert date_field.warning() == ("申请司法确认日期在调解日期后第 35 天，"
                                    "超过人民调解法第三十三条规定的30日申请期限，请核对")
    assert "1 条提醒（橙色）" in editor.status.text()

    typed(qtbot, editor, "confirmation_applied_on", "2026-03-20")
    press_save(qtbot, window)
    assert not date_field.warning()

    # a failed mediation has no agreement to confirm: the date goes with 司法确认, whose box still reads 已申请
    choose(qtbot, editor.field_widget("result").control, "调解不成功(终止)")
    assert not shown(editor, "judicial_confirmation")
    assert not shown(editor, "confirmation_applied_on")
    window.close()


def test_a_row_field_shown_by_a_hidden_field_goes_with_it(qtbot, tmp_path, dialogs):
    """The same in a group's row (no shipped form has such a row yet): 民族 asked only of a 女 party, and that party
    then made a 单位, whose hidden 性别 box still reads 女."""
    folder = tmp_path / "forms"
    shutil.copytree(forms_dir(), folder)
    path = folder / "mediation_case.toml"
    ethnicity = '"基诺族",\n]\nvisible_when = { field = "party_type", equals = "自然人" }'
    text = path.read_text(encoding="utf-8")
    assert text.count(ethnicity) == 1, "test setup: the 民族 field changed"
    asked_of_women = '"基诺族",\n]\nvisible_when = { field = "gender", equals = "女" }'
    path.write_text(text.replace(ethnicity, asked_of_women), encoding="utf-8")
    store = init_database(tmp_path / "t.db", "640522100", ledgers=load_forms(folder))
    try:
        window = open_window(qtbot, store, "mediation_case", dialogs)
        party = window.editor.group_widget("parties").row(0)
        assert party.inputs["ethnicity"].isHidden()
        choose(qtbot, party.inputs["gender"].control, "女")
        assert not party.inputs["ethnicity"].isHidden()
        choose(qtbot, party.inputs["party_type"].control, "单位")
        assert party.inputs["gender"].isHidden() and party.inputs["ethnicity"].isHidden()
        assert party.labels["ethnicity"].isHidden()
        window.close()
    finally:
        store.close()
