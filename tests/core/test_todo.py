"""待办事项 (core/todo.py): at the annual assessment the inspectors asked the 所长 for "a list of what is still open"
and there was none: 需关注 named only what was already 逾期, the rest was spread over each target's 查看记录. Now one
list, grouped, overdue first and then by deadline, each item naming its record by number and what is missing, by the
rules the program's other screens apply (逾期, 办理中, 退回, 会前学法), and without an ID or phone number."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import review_steps
from openpyxl import load_workbook

from fazhi_desktop.core import overdue, todo
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.indicators import compute, load_catalog_for
from fazhi_desktop.core.indicators.explained import explain, still_needs
from fazhi_desktop.core.indicators.moving import moving

ACTOR = "马文"
PHONE = "13909541234"  # the complainant's: never in the list
PARTY = [{"role": "申请人", "party_type": "自然人", "name": "马某", "phone": "13800001111"}]


@pytest.fixture
def office(store, valid_record):
    """On 2026-06-01 (the test clock): two complaints open (one late), one concluded, a case and a check open, two
    agreements past their 履行期限, a meeting whose 会前学法 of its day is not linked, one record sent back and one
    submitted."""
    def save(ledger, **values):
        return store.save(ledger, valid_record(ledger, **values), ACTOR)

    ids = {
        "late": save("complaint", accepted_on="2026-04-01", due_on="2026-05-01", complainant="马兰", contact=PHONE,
                     matter="执法人员未出示执法证"),
        "soon": save("complaint", accepted_on="2026-05-20", due_on="2026-06-10", matter="夜间施工扰民"),
        "closed": save("complaint", accepted_on="2026-04-02", due_on="2026-05-02", closed_on="2026-04-20",
                       handling_result="属实", matter="已办结的投诉"),
        "case": save("mediation_case", case_name="马某与李某宅基地纠纷"),
        "check": save("enforcement_check", checked_on="2026-05-20", rectify_by="2026-06-20"),
        "performing": save("mediation_case", case_name="田某与王某借款纠纷", mediated_on="2026-03-10",
                           closed_on="2026-03-10", result="调解成功", agreement_form="书面",
                           performance_deadline="2026-05-10", performance_status="正在履行", parties=PARTY),
        "unsaid": save("mediation_case", case_name="杨某与马某赔偿纠纷", mediated_on="2026-03-12",
                       closed_on="2026-03-12", result="调解成功", agreement_form="书面",
                       performance_deadline="2026-04-30", parties=PARTY),
        "kept": save("mediation_case", case_name="已履行的协议", mediated_on="2026-03-12", closed_on="2026-03-12",
                     result="调解成功", agreement_form="书面", performance_deadline="2026-04-30",
                     performance_status="已履行", parties=PARTY),
        "meeting": save("meeting", held_on="2026-05-12", title="2026年第5次镇政府常务会议"),
        "sent": save("meeting", held_on="2026-04-08", title="2026年第3次镇政府常务会议"),
        "asked": save("meeting", held_on="2026-04-15", title="2026年第4次镇政府常务会议"),
    }
    save("law_study", held_on="2026-05-12", topic="学习《中华人民共和国行政复议法》")
    review_steps.submit(store, ids["sent"].id, ACTOR)
    review_steps.reopen(store, ids["sent"].id, "结束时间早于开始时间，请按会议记录改正", ACTOR)
    review_steps.submit(store, ids["asked"].id, ACTOR)
    return ids


def by_number(found: todo.Todo, group: str) -> dict[str, todo.Item]:
    return {item.number: item for item in found.items if item.group == group}


def test_open_matters_are_listed_overdue_first_then_by_deadline_with_the_days_left(store, office):
    found = todo.build(store)
    matters = [item for item in found.items if item.group == todo.MATTERS]
    assert [item.record_id for item in matters] == [office[k].id for k in ("late", "soon", "check", "case")]
    late, soon, check, case = matters
    assert late.late and late.days == "逾期 31 天" and late.due == "2026-05-01"
    assert late.missing.startswith("办理期限已过（2026-05-01），尚未办结")  # the editor's and the list's words
    assert not soon.late and soon.days == "还剩 9 天"
    assert check.days == "还剩 19 天" and check.missing == "办理中：待填复查日期、复查结果为“已整改”"
    assert case.due == "" and case.missing == "办理中：待填结案日期"
    assert office["closed"].number not in by_number(found, todo.MATTERS)
    assert found.groups()[todo.MATTERS] == matters and next(iter(found.groups())) == todo.MATTERS


def test_agreements_past_their_deadline_still_performing_or_never_said(store, office):
    agreements = by_number(todo.build(store), todo.AGREEMENTS)
    assert set(agreements) == {office["performing"].number, office["unsaid"].number}
    assert agreements[office["unsaid"].number].missing == "履行期限已过，未填履行情况"
    assert "履行情况仍为“正在履行”" in agreements[office["performing"].number].missing  # the form's own check
    assert next(iter(agreements)) == office["unsaid"].number  # the earlier deadline first


def test_records_waiting_on_someone_and_the_study_waiting_for_its_meeting(store, office):
    found = todo.build(store)
    waiting = by_number(found, todo.WAITING)
    assert waiting[office["sent"].number].missing.startswith("退回待改")
    assert "结束时间早于开始时间" in waiting[office["sent"].number].missing  # why, as 退回待改's tooltip says
    assert waiting[office["asked"].number].missing == "已提交，待所长审核"
    linked = by_number(found, todo.LINKS)
    assert list(linked) == [office["meeting"].number]
    assert "“会前学法”未填" in linked[office["meeting"].number].missing


def test_targets_not_met_are_said_in_the_words_of_their_page(store, office):
    found = todo.build(store)
    catalog = load_catalog_for(store, year=2026)
    results = compute(store, catalog, 2026)
    town = results.townships[0].code
    waiting, short = still_needs(store, results, town)
    still = moving(store, results)
    targets = by_number(found, todo.TARGETS)
    assert targets  # a June office with a few records has targets still open
    for fig in results.for_township(town, catalog.targets):
        code = fig.indicator.code
        if code in targets:
            said = explain(fig, still, waiting.get(code, ""), short.get(code, ""))
            assert targets[code].missing == f"{fig.status_text}：{said}"
        else:
            assert fig.status not in ("进行中", "有风险", "未达标")


def test_no_phone_number_nor_a_complainants_name_the_list_does_not_show(store, office, tmp_path):
    found = todo.build(store)
    path = tmp_path / "待办事项.xlsx"
    assert todo.write(found, path) == len(found.items)
    sheet = load_workbook(path).active
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert list(todo.HEADERS) == cells[:len(todo.HEADERS)]
    assert office["late"].number in cells
    assert not any(PHONE in c or "13800001111" in c or "马兰" in c for c in cells)


def test_at_the_county_it_is_refused_with_where_to_look(tmp_path, ledgers, clock):
    from fazhi_desktop.core.setup import init_database

    county = init_database(tmp_path / "county.db", "640522", county=True, office="海原县司法局", ledgers=ledgers,
                           clock=clock)
    with pytest.raises(FazhiError, match="县级汇总"):
        todo.build(county)
    county.close()


def test_an_agreement_past_its_deadline_is_not_said_late_where_needs_attention_does_not_count_it(store, office):
    """The 履行期限 is the parties', not the office's: the list said the agreements "逾期 32 天" and counted them in
    its 逾期, while 需关注 and the ledger list's 逾期 filter (core/overdue.py) do not; now the 逾期 of the list is
    需关注's, and an agreement's days are 已过."""
    found = todo.build(store)
    agreements = by_number(found, todo.AGREEMENTS)
    unsaid = agreements[office["unsaid"].number]
    assert unsaid.days == "已过 32 天" and not unsaid.late
    assert all(not item.late for item in agreements.values())
    late = sum(1 for item in found.items if item.late and item.group != todo.TARGETS)
    assert late == sum(overdue.counts(store).values()) == 1
    assert "履行期限已过的协议 2 项；" in found.summary() and "履行期限已过的协议 2 项（" not in found.summary()


def test_in_january_the_targets_are_the_year_being_assessed_as_the_targets_page_opens_on(store, valid_record,
                                                                                         clock):
    """In January, until last year is closed, 本年度指标 opens on last year (the 考核组 assesses it): the list gave
    the new year's targets, each 进行中 with a year left, and not one word of last year's that were missed."""
    store.save("meeting", valid_record("meeting", held_on="2026-03-05"), ACTOR)
    clock.set(datetime(2027, 1, 10, 2, 0, tzinfo=UTC))
    found = todo.build(store)
    assert found.year == 2026
    assert found.notes == ["“未达标的指标”列的是2026年的指标（2027年尚无记录）"]
    assert all(item.due == "2026-12-31" for item in found.items if item.group == todo.TARGETS)
    assert not any("还剩" in item.missing for item in found.items if item.group == todo.TARGETS)
    store.save("meeting", valid_record("meeting", held_on="2027-01-08"), ACTOR)  # the new year's first meeting
    found = todo.build(store)
    assert found.year == 2026
    assert found.notes == ["“未达标的指标”列的是2026年的指标（1月为2026年度考核期，2026年尚未封账）"]
    assert todo.build(store, 2027).notes == []  # this year's, asked for: nothing to say


def test_a_year_asked_for_other_than_this_one_is_said(store, office):
    assert todo.build(store, 2025).notes == ["“未达标的指标”列的是2025年的指标"]
    assert todo.build(store).notes == []
