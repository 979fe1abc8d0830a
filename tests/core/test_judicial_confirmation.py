# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""申请司法确认日期 (mediation form version 3): the parties apply to the court within 30 days of the agreement taking
effect, the 调解日期 (人民调解法第三十三条; for a 行政调解 case the 民事诉讼法's same 30 days). Late, early or
missing dates are saved with an orange warning, never refused: records written before the field existed stay as
they were, in the database and in bundles."""

from __future__ import annotations

import pytest
from bundle_world import county_template, world  # noqa: F401  (fixtures)
from test_form_upgrade import forms_with_mediation_version

from fazhi_desktop.core import review
from fazhi_desktop.core.check import check_database
from fazhi_desktop.core.documents import build_document
from fazhi_desktop.core.forms import load_forms
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import Store

ACTOR = "杨芳"
LATE = "申请司法确认日期：申请司法确认日期在调解日期后第 31 天，超过人民调解法第三十三条规定的30日申请期限，请核对"


def settled(valid_record, **values):
    """A case settled on 2026-03-06 (the agreement signed and in effect that day), the parties told their rights the
    day before, with `values`."""
    return valid_record("mediation_case", result="调解成功", agreement_form="书面", mediated_on="2026-03-06",
                        rights_notified=True, rights_notified_on="2026-03-05", **values)


def said(record) -> list[str]:
    return [str(w) for w in record.warnings]


@pytest.mark.parametrize(("applied", "warned"), [
    ("2026-03-06", []),  # the day it was signed
    ("2026-04-05", []),  # the 30th day after: the first day is not counted, so still in time
    ("2026-04-06", [LATE]),  # the 31st
])
def test_an_application_after_the_30th_day_names_the_law(store, valid_record, applied, warned):
    record = store.save("mediation_case", settled(valid_record, judicial_confirmation="已申请",
                                                  confirmation_applied_on=applied), ACTOR)
    assert said(record) == warned
    assert store.get(record.id)["confirmation_applied_on"] == applied  # saved all the same


def test_an_administrative_mediations_late_application_names_the_civil_procedure_law(store, valid_record):
    """A 行政调解 agreement is not a 人民调解 one: its 30 days are the 民事诉讼法's, and the warning says so."""
    def case(name, applied):
        return settled(valid_record, case_category="行政调解", case_name=name, judicial_confirmation="已申请",
                       confirmation_applied_on=applied)

    late = store.save("mediation_case", case("马某与李某草场纠纷", "2026-04-06"), ACTOR)
    assert said(late) == ["申请司法确认日期：申请司法确认日期在调解日期后第 31 天，"
                          "超过民事诉讼法规定的30日申请期限，请核对"]
    assert said(store.save("mediation_case", case("海某与马某草场纠纷", "2026-04-05"), ACTOR)) == []


def test_an_application_before_the_agreement_is_questioned(store, valid_record):
    record = store.save("mediation_case", settled(valid_record, judicial_confirmation="确认有效",
                                                  confirmation_applied_on="2026-03-05"), ACTOR)
    assert said(record) == ["申请司法确认日期：申请司法确认日期早于调解日期，请核对"]


@pytest.mark.parametrize("state", ["已申请", "确认有效", "确认无效"])
def test_an_application_without_its_date_is_saved_with_a_warning(store, valid_record, state):
    record = store.save("mediation_case", settled(valid_record, judicial_confirmation=state), ACTOR)
    assert said(record) == [f"申请司法确认日期：司法确认为“{state}”，申请司法确认日期未填写，请补充"]
    assert record.warnings[0].path == "confirmation_applied_on"
    # information, not a doubt: printing does not ask about it (a closed year's cases, saved before the field
    # existed, would be questioned at every print)
    assert record.warnings[0].advisory and not review.warnings_of(store, [record], advisory=False)


def test_no_application_asks_for_no_date_and_keeps_none(store, valid_record):
    record = store.save("mediation_case", settled(valid_record, judicial_confirmation="未申请",
                                                  confirmation_applied_on="2026-03-10"), ACTOR)
    assert said(record) == [] and record["confirmation_applied_on"] is None  # hidden: not kept
    failed = store.save("mediation_case", valid_record("mediation_case", case_name="马某与海某借款纠纷",
                                                       result="调解不成功(终止)", termination_reason="双方分歧较大",
                                                       judicial_confirmation="已申请",
                                                       confirmation_applied_on="2026-03-10"), ACTOR)
    # no agreement, no 司法确认, nothing to ask for: a 已申请 left in the hidden box hides its date with it
    assert said(failed) == [] and failed["confirmation_applied_on"] is None


def test_a_record_written_before_the_field_existed_stays_saveable_as_it_is(tmp_path, valid_record, clock):
    """An office on form version 2 recorded 已申请 with no date; the upgraded program keeps its hash and saves an
    edit of it, with the warning only."""
    path = tmp_path / "office.db"
    store = init_database(path, "640522100", operator=ACTOR, ledgers=forms_with_mediation_version(tmp_path, 2),
                          clock=clock)
    case = store.save("mediation_case", settled(valid_record, judicial_confirmation="已申请"), ACTOR)
    store.close()

    store = Store.open(path, load_forms(), clock)
    try:
        kept = store.get(case.id)
        assert kept.content_hash == case.content_hash and kept["confirmation_applied_on"] is None
        assert check_database(store).ok
        edited = store.save("mediation_case", {"performance_status": "已履行"}, ACTOR, record_id=case.id)
        assert edited.revision == 2 and said(edited) == [
            "申请司法确认日期：司法确认为“已申请”，申请司法确认日期未填写，请补充"]
        dated = store.save("mediation_case", {"confirmation_applied_on": "2026-03-20"}, ACTOR, record_id=case.id)
        assert dated.revision == 3 and said(dated) == [] and check_database(store).ok
    finally:
        store.close()


def test_the_date_travels_in_a_bundle_and_a_late_one_is_still_accepted(world, valid_record):
    town = world.town()
    in_time = town.store.save("mediation_case", settled(valid_record, judicial_confirmation="确认有效",
                                                        confirmation_applied_on="2026-03-20"), ACTOR)
    late = town.store.save("mediation_case", settled(valid_record, case_name="马某与海某借款纠纷",
                                                     judicial_confirmation="已申请",
                                                     confirmation_applied_on="2026-04-20"), ACTOR)
    report = world.import_(world.export(town).path)
    assert report.ok and report.new == 2, report.error
    assert world.county.get(in_time.id)["confirmation_applied_on"] == "2026-03-20"
    assert world.county.get(late.id)["confirmation_applied_on"] == "2026-04-20"
    assert world.county.get(in_time.id).content_hash == in_time.content_hash
    assert check_database(world.county).ok


def test_a_township_on_the_form_before_it_still_sends_its_applications(world, valid_record, tmp_path):
    current, world.ledgers = world.ledgers, forms_with_mediation_version(tmp_path, 2)
    town = world.town()
    world.ledgers = current
    case = town.store.save("mediation_case", settled(valid_record, judicial_confirmation="已申请"), ACTOR)
    report = world.import_(world.export(town).path)
    assert report.ok and report.new == 1, report.error
    held = world.county.get(case.id)
    assert held.content_hash == case.content_hash and held["confirmation_applied_on"] is None


def test_the_printed_record_gives_the_date_under_the_confirmation(store, valid_record):
    record = store.save("mediation_case", settled(valid_record, judicial_confirmation="已申请",
                                                  confirmation_applied_on="2026-03-20"), ACTOR)
    text = build_document(store, record, "record").text()
    assert "司法确认\n已申请\n" in text and "申请司法\n确认日期\n2026年3月20日" in text  # its label on two lines
