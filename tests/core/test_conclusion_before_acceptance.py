"""A 办结日期 / 结案日期 before the 受理日期 can never be true: a save that makes it is refused, naming both fields;
a record stored so before (or sent so by an older program) still opens, lists, takes other changes and is
corrected, and the county still accepts it in a bundle."""

from __future__ import annotations

import shutil

import pytest
import review_steps
from excel_files import filled_template

from fazhi_desktop.core import validate
from fazhi_desktop.core.errors import ValidationError
from fazhi_desktop.core.excel_import import read_records
from fazhi_desktop.core.forms import FormError, forms_dir, load_forms
from fazhi_desktop.core.store import ListQuery

ACTOR = "杨芳"
COMPLAINT = {"source": "来电", "respondent": "综合执法队", "matter": "执法人员未出示执法证", "handling_result": "属实",
             "due_on": "2025-03-03", "closed_in_time": True}
REFUSED = "办结日期早于受理日期，不能保存：请改正受理日期或办结日期"


def complaint(store, accepted, closed, record_id=None):
    return store.save("complaint", {**COMPLAINT, "accepted_on": accepted, "closed_on": closed}, ACTOR,
                      record_id=record_id)


def refused(call) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as caught:
        call()
    return [(p.path, p.message) for p in caught.value.problems]


def test_a_new_complaint_closed_before_it_was_accepted_is_refused_naming_both_dates(store):
    assert refused(lambda: complaint(store, "2025-01-03", "2024-01-10")) == [("closed_on", REFUSED)]
    assert store.count("complaint") == 0
    good = complaint(store, "2025-01-03", "2025-01-10")
    # moving either date so that the conclusion comes first is refused too
    assert refused(lambda: complaint(store, "2025-02-01", "2025-01-10", good.id)) == [("closed_on", REFUSED)]
    assert store.get(good.id).values["accepted_on"] == "2025-01-03"
    assert complaint(store, "2025-01-03", "2025-01-03", good.id).warnings == ()  # the same day is fine


def test_a_mediation_case_closed_before_it_was_accepted_is_refused(store):
    case = {"case_category": "人民调解", "case_name": "围墙纠纷", "dispute_type": "邻里纠纷",
            "parties": [{"role": "申请人", "party_type": "自然人", "name": "马文"}],
            "accepted_on": "2025-03-01", "closed_on": "2025-01-19"}
    assert refused(lambda: store.save("mediation_case", case, ACTOR)) == [
        ("closed_on", "结案日期早于受理日期，不能保存：请改正受理日期或结案日期")]


def test_a_complaint_stored_so_before_opens_lists_takes_other_changes_and_is_corrected(store, monkeypatch):
    with monkeypatch.context() as patch:  # saved by the program before this version, with a warning
        patch.setattr(validate, "refuse_at_save", lambda cleaned, stored: cleaned)
        typo = complaint(store, "2025-01-03", "2024-01-10")
    assert [r.id for r in store.list(ListQuery("complaint", year=2025))] == [typo.id]
    assert store.get(typo.id).values["closed_on"] == "2024-01-10"
    # a change elsewhere is saved, still warned of in orange
    noted = store.save("complaint", {"reply": "已电话答复"}, ACTOR, record_id=typo.id)
    assert (noted.revision, [w.message for w in noted.warnings]) == (2, ["办结日期早于受理日期，请核对"])
    # and the dates are corrected
    fixed = complaint(store, "2025-01-03", "2025-01-10", typo.id)
    assert (fixed.revision, fixed.values["closed_on"], fixed.warnings) == (3, "2025-01-10", ())


def test_an_excel_row_closed_before_it_was_accepted_is_refused_at_its_row(store, ledgers, tmp_path):
    rows = [{"受理日期": "2025-01-03", "来源": "来电", "被投诉对象": "综合执法队", "投诉事项": "乱停放",
             "办结日期": "2024-01-10", "办理结果": "属实", "办理期限": "2025-03-03", "是否按期办结": "是"}]
    reading = read_records(store, "complaint", filled_template(ledgers["complaint"], tmp_path / "c.xlsx", rows))
    assert [(p.row, p.label, p.message) for p in reading.problems] == [(2, "办结日期", REFUSED)]
    assert not reading.warnings


def test_refuse_in_a_form_is_checked(tmp_path):
    forms = tmp_path / "forms"
    for file_name, entry, bad, said in (
            ("complaint.toml", 'fields = ["accepted_on", "closed_on"]\nrefuse = true', "refuse = 1",
             "refuse 须为 true 或 false"),
            ("mediation_case.toml", 'group = "follow_ups"\nfields = ["visited_on"]\n', "refuse = true\n",
             "refuse 只用于本台账自己的字段（不能与 group 一起使用）")):
        shutil.rmtree(forms, ignore_errors=True)
        shutil.copytree(forms_dir(), forms)
        shipped = (forms / file_name).read_text(encoding="utf-8")
        assert entry in shipped
        (forms / file_name).write_text(shipped.replace(entry, entry.replace("refuse = true", "") + bad, 1),
                                       encoding="utf-8")
        with pytest.raises(FormError, match=said):
            load_forms(forms)


def test_in_a_closed_year_such_a_record_is_locked_with_it_and_corrected_once_the_year_is_reopened(store, monkeypatch):
    """年度封账 locks it as any concluded record (its 办结日期 is filled), and it lists and opens; reopening the year
    and the record lets its dates be corrected, as any change in a closed year."""
    from fazhi_desktop.core import year_close
    from fazhi_desktop.core.errors import Conflict

    with monkeypatch.context() as patch:
        patch.setattr(validate, "refuse_at_save", lambda cleaned, stored: cleaned)
        typo = complaint(store, "2025-01-03", "2024-01-10")
    review_steps.submit(store, typo.id, ACTOR)
    year_close.close_year(store, 2025, ACTOR)
    assert store.get(typo.id).status == "locked"
    assert [r.id for r in store.list(ListQuery("complaint", year=2025))] == [typo.id]
    with pytest.raises(Conflict):
        complaint(store, "2025-01-03", "2025-01-10", typo.id)
    year_close.reopen_year(store, 2025, "更正投诉的办结日期", ACTOR)
    review_steps.reopen(store, typo.id, "办结日期录错", ACTOR)
    fixed = complaint(store, "2025-01-03", "2025-01-10", typo.id)
    assert (fixed.values["closed_on"], fixed.warnings) == ("2025-01-10", ())
