"""A case saved at 受理, before its 调解结果 (review of session 23): its 协议形式 and 司法确认 were hidden then and
stored empty, so choosing 调解成功 later showed them blank where a new case shows 书面 and 未申请, and the save was
refused 「协议形式：必填」. A field with a default that a change shows, empty, now takes its default, in the editor
and at `fazhi update` alike (core.validate.revealed_defaults; tests/cli/test_cli_result_defaults.py)."""

from __future__ import annotations

from test_editor import ACTOR, choose, office, open_window, press_save, typed  # noqa: F401  (office: fixture)

from fazhi_desktop.core.documents import build_document
from fazhi_desktop.core.store import ListQuery

ACCEPTED = {"case_name": "马文礼与李志强宅基地边界纠纷", "accepted_on": "2026-10-09", "dispute_type": "房屋宅基地纠纷",
            "parties": [{"role": "申请人", "name": "马文礼"}, {"role": "被申请人", "name": "李志强"}]}


def printed(store, record_id: str) -> str:
    doc = build_document(store, record_id, "record")
    return "".join(run.text for page in doc.pages for run in page.texts())


def test_a_case_saved_at_acceptance_shows_the_defaults_when_it_succeeds(qtbot, office, dialogs):  # noqa: F811
    accepted = office.save("mediation_case", ACCEPTED, ACTOR)
    assert accepted["agreement_form"] is None and accepted["judicial_confirmation"] is None  # hidden: kept empty
    window = open_window(qtbot, office, "mediation_case", dialogs, accepted)
    editor = window.editor
    assert editor.field_widget("agreement_form").isHidden()
    choose(qtbot, editor.field_widget("result").control, "调解成功")
    assert editor.field_widget("agreement_form").value() == "书面"
    assert editor.field_widget("judicial_confirmation").value() == "未申请"
    typed(qtbot, editor, "mediated_on", "2026-10-23")
    press_save(qtbot, window)
    assert editor.status.text().startswith("已保存：〔2026〕人调字第1号（第 2 版）"), editor.status.text()
    saved = office.list(ListQuery("mediation_case"))[0]
    assert (saved["agreement_form"], saved["judicial_confirmation"]) == ("书面", "未申请")
    text = printed(office, saved.id)
    assert "书面" in text and "未申请" in text


def test_taking_the_choice_back_leaves_nothing_to_save(qtbot, office, dialogs):  # noqa: F811
    accepted = office.save("mediation_case", ACCEPTED, ACTOR)
    window = open_window(qtbot, office, "mediation_case", dialogs, accepted)
    editor = window.editor
    choose(qtbot, editor.field_widget("result").control, "调解成功")
    choose(qtbot, editor.field_widget("result").control, "—请选择—")
    assert not editor.is_dirty()  # the defaults shown went with the choice: closing asks nothing


def test_a_chosen_value_is_not_filled_over(qtbot, office, dialogs):  # noqa: F811
    accepted = office.save("mediation_case", {**ACCEPTED, "result": "调解成功", "agreement_form": "口头"}, ACTOR)
    window = open_window(qtbot, office, "mediation_case", dialogs, accepted)
    editor = window.editor
    assert editor.field_widget("agreement_form").value() == "口头"
    assert editor.field_widget("judicial_confirmation").value() == "未申请"  # shown at the first save: its default
    choose(qtbot, editor.field_widget("result").control, "调解不成功(终止)")
    choose(qtbot, editor.field_widget("result").control, "调解成功")
    assert editor.field_widget("agreement_form").value() == "口头"  # still there while hidden: never filled over

