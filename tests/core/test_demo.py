"""Demo data: every ledger filled through the write path, valid, repeatable, searchable and never in the future."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from test_documents_pdf import text_of

from fazhi_desktop.core import overdue, people
from fazhi_desktop.core.clock import local_today
from fazhi_desktop.core.demo import DEMO_OFFICE, DEMO_TOWNSHIP, DemoRefused, fill_demo
from fazhi_desktop.core.divisions import names, setup_office_problem
from fazhi_desktop.core.documents import render_document
from fazhi_desktop.core.errors import FazhiError, SetupError
from fazhi_desktop.core.forms import FieldDef
from fazhi_desktop.core.identifiers import check_credit_code, id_card_birth_date, id_card_gender, normalize_id_card
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import ListQuery, Record, Store
from fazhi_desktop.core.validate import clean_record

LEDGERS = ("meeting", "law_study", "enforcement_check", "complaint", "mediation_case")
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
#: dates that may lie ahead in a real ledger: deadlines and certificate expiry
FORWARD_LOOKING = {"due_on", "rectify_by", "performance_deadline", "valid_until"}


def fresh(tmp_path, name: str = "t.db", code: str | None = None) -> Store:
    return init_database(tmp_path / name, code or DEMO_TOWNSHIP, clock=lambda: NOW)


def records(store: Store, ledger: str) -> list[Record]:
    return store.list(ListQuery(ledger, descending=False))


def date_values(fields: tuple[FieldDef, ...], values: dict[str, Any]) -> list[tuple[str, str]]:
    """(field name, ISO date) of every date in a record, group rows included."""
    found = []
    for f in fields:
        value = values.get(f.name)
        if f.type == "date" and value:
            found.append((f.name, value))
        elif f.type == "group":
            for row in value or []:
                found += date_values(f.fields, row)
    return found


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Iterator[tuple[Store, dict[str, int]]]:
    """One demo database for the read-only tests: 2026 up to 1 June, 30 records per ledger."""
    store = fresh(tmp_path_factory.mktemp("demo"))
    counts = fill_demo(store, 2026, per_ledger=30, seed=42)
    yield store, counts
    store.close()


def test_the_demo_opens_as_haicheng_townships_office(tmp_path):
    """The demonstration is of 海城镇, 海原县: its office name names that township (the setup would refuse one that
    named another), and its code is one the county's lists know by that name."""
    store = init_database(tmp_path / "demo.db", DEMO_TOWNSHIP, office=DEMO_OFFICE)
    try:
        assert names()[store.township] == "海城镇" and store.setting("office_name") == "海城镇司法所（演示）"
        assert setup_office_problem(store.setting("office_name"), store.township) is None
    finally:
        store.close()


def test_every_ledger_gets_exactly_n_records(tmp_path):
    store = fresh(tmp_path)
    counts = fill_demo(store, 2025, per_ledger=7, seed=1)
    assert counts == {"people": 13, **dict.fromkeys(LEDGERS, 7)}
    for ledger in LEDGERS:
        assert store.count(ledger) == 7
        assert {(r.number or "")[:6] for r in records(store, ledger)} == {"〔2025〕"}


def test_counts_and_roster(demo):
    store, counts = demo
    assert counts == {"people": 13, **dict.fromkeys(LEDGERS, 30)}
    roster = people.list_people(store)
    assert len(roster) == 13
    assert {role for p in roster for role in p.roles} == set(people.ROLES)
    certified = [p for p in roster if "执法人员" in p.roles and p.name != "马小龙"]
    assert len(certified) == 3
    assert all(p.cert_no and p.cert_no.startswith("宁640522-") and p.cert_expiry for p in certified)


def test_the_officer_the_checks_find_uncertified_is_in_the_roster_as_such(demo):
    """The checks found 协管员马小龙 without a certificate, but the roster had no such 执法人员 to show its 未持证."""
    store, _ = demo
    found = {row["name"] for r in records(store, "enforcement_check") for row in r["certificates"]
             if not row.get("certificate_no")}
    uncertified = [p for p in people.list_people(store) if p.cert_text == "未持证"]
    assert [p.name for p in uncertified] == sorted(found) == ["马小龙"]


def test_the_years_newest_written_agreement_is_a_childs_signed_by_his_guardian(demo, tmp_path):
    """No demo party was a child, so the 协议书 never showed a 法定代理人 (民法典第二十三条): the year's newest
    人民调解 agreed in writing between two people is now a schoolboy's, his parent his guardian, without a warning."""
    store, _ = demo
    cases = [r for r in records(store, "mediation_case") if any(p.get("guardian") for p in r["parties"])]
    assert len(cases) == 1
    case = cases[0]
    child, respondent = case["parties"]
    accepted = date.fromisoformat(case["accepted_on"])
    assert 10 <= (accepted - date.fromisoformat(child["birth_date"])).days // 365 < 18
    assert child["guardian_relation"] in ("父亲", "母亲") and child["guardian"][0] == child["name"][0]
    assert case["agreement_form"] == "书面" and respondent["name"] in case["agreement_content"]
    assert not clean_record(store.ledger("mediation_case"), dict(case.values), store.lookups()).warnings
    later = [r for r in records(store, "mediation_case") if r["accepted_on"] > case["accepted_on"]]
    assert not any(r["case_category"] == "人民调解" and r["result"] == "调解成功" and r["agreement_form"] == "书面"
                   and all(p["party_type"] == "自然人" for p in r["parties"]) and len(r["parties"]) == 2
                   for r in later)
    render_document(store, case.id, "agreement", tmp_path / "a.pdf")
    text = text_of(tmp_path / "a.pdf").replace("\n", "")
    relation = {"父亲": "父", "母亲": "母"}[child["guardian_relation"]]
    assert f"法定代理人：{child['guardian']}，系{child['name']}之{relation}。" in text
    assert f"申请人 {child['name']}的法定代理人 {child['guardian']}：" in text


def test_every_stored_record_validates_again_without_problems_or_warnings(demo):
    store, _ = demo
    for ledger in LEDGERS:
        for record in records(store, ledger):
            cleaned = clean_record(store.ledger(ledger), dict(record.values), store.lookups())
            assert not cleaned.problems, (record.number, cleaned.problems)
            # a matter still open past its deadline, or rechecked after it 未整改, is said late (`overdue`): true of
            # the demo's, not a slip
            late = overdue.said(store.ledger(ledger), record.values, store.lookups())
            slips = [w for w in cleaned.warnings if w.message not in late]
            assert not slips, (record.number, slips)


def test_applications_for_judicial_confirmation_are_dated_within_the_30_days(demo):
    """What a clerk first sees of 司法确认: applications with their date, each within 人民调解法第三十三条's 30 days
    of the agreement (the 调解日期), and none of an oral agreement."""
    store, _ = demo
    applied = [r for r in records(store, "mediation_case") if r["judicial_confirmation"] not in (None, "未申请")]
    assert applied and all(r["agreement_form"] == "书面" for r in applied)
    for r in applied:
        after = date.fromisoformat(r["confirmation_applied_on"]) - date.fromisoformat(r["mediated_on"])
        assert 0 <= after.days <= 30, (r.number, r["mediated_on"], r["confirmation_applied_on"])


def test_a_complaint_that_led_to_a_check_is_against_the_unit_checked(demo):
    """〔2026〕投诉字第4号 against the 综合行政执法队, linked to a check of the 应急管理办公室: 11 of 14 linked
    complaints named another unit than their check, so the demo taught a clerk the link means nothing."""
    store, _ = demo
    linked = [r for r in records(store, "complaint") if r["related_check"]]
    assert linked
    for complaint in linked:
        assert complaint["respondent"] == store.get(complaint["related_check"])["supervised_unit"], complaint.number


def test_a_check_is_rechecked_after_its_rectification_deadline_and_what_is_late_is_not_rectified(demo):
    """〔2026〕执监字第5号: 复查 03-14 未整改, its 整改期限 03-18, listed 逾期 as a failed recheck after the
    deadline (10 of the 21 rechecks came before their 期限). A recheck now follows the 期限; 逾期 is left to the
    未整改 ones and those not yet rechecked, so the demo still shows it."""
    store, _ = demo
    checks = [r for r in records(store, "enforcement_check") if r["rectify_by"]]
    rechecked = [r for r in checks if r["rechecked_on"]]
    assert rechecked
    for r in rechecked:
        assert r["rechecked_on"] > r["rectify_by"], (r.number, r["rectify_by"], r["rechecked_on"])
    late = store.list(ListQuery("enforcement_check", overdue=True))
    assert late and all(r["recheck_result"] != "已整改" for r in late)
    assert any(r["recheck_result"] == "未整改" and r["rechecked_on"] for r in late)  # a failed recheck, honestly late


@pytest.mark.parametrize("seed", range(6))
def test_a_larger_demo_never_checks_one_unit_twice_a_day(tmp_path, seed):
    """`fazhi demo --per-ledger 40` drew two checks of one unit on one day: both then carried 重复登记 warnings and
    the indicators counted the event twice."""
    store = fresh(tmp_path)
    fill_demo(store, 2026, per_ledger=40, seed=seed)
    checks = [(r["checked_on"], r["supervised_unit"]) for r in records(store, "enforcement_check")]
    assert len(checks) == 40 and len(set(checks)) == 40


def test_same_seed_gives_the_same_records(tmp_path):
    def snapshot(store: Store) -> dict[str, list[tuple[str | None, Any]]]:
        return {ledger: [(r.number, r[store.ledger(ledger).title_field]) for r in records(store, ledger)]
                for ledger in LEDGERS}

    first, second, other = (fresh(tmp_path, f"{name}.db") for name in ("a", "b", "c"))
    fill_demo(first, 2026, per_ledger=12, seed=5)
    fill_demo(second, 2026, per_ledger=12, seed=5)
    fill_demo(other, 2026, per_ledger=12, seed=6)
    assert snapshot(first) == snapshot(second)
    assert snapshot(first) != snapshot(other)
    parties = [[p.get("id_number") for p in r["parties"]] for r in records(first, "mediation_case")]
    assert parties == [[p.get("id_number") for p in r["parties"]] for r in records(second, "mediation_case")]


def test_party_id_numbers_and_credit_codes_are_valid(demo):
    store, _ = demo
    parties = [p for r in records(store, "mediation_case") for p in r["parties"]]
    numbers = [p for p in parties if p.get("id_number")]
    assert len(numbers) >= 30
    for p in numbers:
        assert normalize_id_card(p["id_number"], today=date(2026, 6, 1)) == p["id_number"]
        assert p["id_number"][:6] in ("640522", "640422", "640402")
        assert id_card_gender(p["id_number"]) == p["gender"]
        assert id_card_birth_date(p["id_number"]).isoformat() == p["birth_date"]
    by_name: dict[str, str] = {}
    for p in numbers:  # the same person keeps the same number across cases
        assert by_name.setdefault(p["name"], p["id_number"]) == p["id_number"]
    for p in parties:
        if p["party_type"] == "单位":
            assert check_credit_code(p["credit_code"]) == (p["credit_code"], None)


def test_roster_and_party_names_are_found_by_search(demo):
    store, _ = demo
    assert len(store.list(ListQuery("meeting", text="杨芳"))) >= 5
    assert len(store.list(ListQuery("mediation_case", text="马文"))) >= 2
    assert store.list(ListQuery("enforcement_check", text="海军"))


def test_current_year_demo_has_no_future_dates(tmp_path):
    store = fresh(tmp_path)
    today = local_today(store.clock).isoformat()
    fill_demo(store, 2026, per_ledger=40, seed=3)
    for ledger in LEDGERS:
        definition = store.ledger(ledger)
        for record in records(store, ledger):
            assert "2026-01-01" <= record[definition.date_field] <= today
            for name, value in date_values(definition.fields, record.values):
                if name not in FORWARD_LOOKING:
                    assert value <= today, (record.number, name, value)


def test_past_year_spreads_over_the_whole_year(tmp_path):
    store = fresh(tmp_path)
    fill_demo(store, 2025, per_ledger=30, seed=4)
    months = {r["held_on"][5:7] for r in records(store, "meeting")}
    assert len(months) >= 9
    assert all(r["held_on"].startswith("2025-") for r in records(store, "meeting"))


def test_pre_meeting_study_is_a_law_study_session_the_same_day(demo):
    store, _ = demo
    linked = [r for r in records(store, "meeting") if r["pre_meeting_study"]]
    assert linked
    for meeting in linked:
        study = store.get(meeting["pre_meeting_study"])
        assert study.ledger == "law_study"
        assert study["activity_type"] == "会前学法"
        assert study["held_on"] == meeting["held_on"]


def test_indicators_have_something_to_show(demo):
    store, _ = demo
    meetings = records(store, "meeting")
    assert any(r["meeting_type"] == "专题研究部署法治政府建设会议" for r in meetings)
    statuses = [i["review_status"] for r in meetings for i in r["agenda_items"] or [] if i["needs_review"]]
    assert statuses.count("已审查合法") > statuses.count("未审查") >= 1
    studies = records(store, "law_study")
    assert {r["activity_type"] for r in studies} == set(store.ledger("law_study").field("activity_type").choices)
    checks = records(store, "enforcement_check")
    assert any(r["staff_certified"] < r["staff_requiring_certificate"] for r in checks)
    complaints = records(store, "complaint")
    assert sum(1 for r in complaints if r["closed_in_time"]) > len(complaints) // 2
    categories = {r["case_category"] for r in records(store, "mediation_case")}
    assert categories == {"人民调解", "行政调解", "行政裁决"}


def test_progress_is_reported_for_every_step(tmp_path):
    calls: list[tuple[int, int, str]] = []
    fill_demo(fresh(tmp_path), 2025, per_ledger=3, seed=1, progress=lambda *args: calls.append(args))
    total = 13 + 5 * 3
    assert [done for done, _, _ in calls] == list(range(1, total + 1))
    assert {t for _, t, _ in calls} == {total}


def test_second_fill_adds_records_but_not_the_roster_again(tmp_path):
    store = fresh(tmp_path)
    fill_demo(store, 2025, per_ledger=2, seed=1)
    assert fill_demo(store, 2025, per_ledger=2, seed=2)["people"] == 0
    assert len(people.list_people(store)) == 13
    assert store.count("meeting") == 4


def test_refuses_a_county_database_and_a_year_not_begun(tmp_path):
    county = init_database(tmp_path / "county.db", "640522", county=True, clock=lambda: NOW)
    with pytest.raises(SetupError):
        fill_demo(county, 2026)
    with pytest.raises(ValueError):
        fill_demo(fresh(tmp_path), 2027)


@pytest.mark.parametrize("year", [0, 1999, 2101, 99999])
def test_a_year_out_of_range_is_refused_in_chinese_not_filled_as_this_year(tmp_path, year):
    with pytest.raises(DemoRefused, match="年份应在 2000–2100 之间"):
        fill_demo(fresh(tmp_path), year)


def test_a_negative_count_is_refused_as_the_users_error(tmp_path):
    with pytest.raises(FazhiError, match="不能为负数"):
        fill_demo(fresh(tmp_path), 2026, per_ledger=-5)


def test_a_township_gets_its_own_name_and_titles(tmp_path):
    store = fresh(tmp_path, code="640522202")  # 关桥乡
    fill_demo(store, 2025, per_ledger=5, seed=1)
    assert {p.title for p in people.list_people(store)} >= {"乡长", "乡党委书记"}
    assert any("关桥乡" in r["supervised_unit"] for r in records(store, "enforcement_check"))


def test_an_offices_database_is_refused_demo_data_and_left_as_it_was(tmp_path, valid_record):
    """`fazhi --user xiaoma demo` on the office's real database added 150 fake records and 12 roster people, a demo
    镇长 among the 主要负责同志 counted in T47, and roster people cannot be deleted."""
    with_record, with_roster = fresh(tmp_path, "records.db"), fresh(tmp_path, "roster.db")
    with_record.save("meeting", valid_record("meeting"), "杨芳")
    with_record.delete(with_record.list(ListQuery("meeting"))[0].id, "杨芳")  # deleted, still the office's history
    people.add_person(with_roster, "杨芳", "李强", title="司法所所长")
    for store in (with_record, with_roster):
        with pytest.raises(DemoRefused, match=r"^这个数据库已有记录或人员名册，不是演示数据库：演示数据只能填入"):
            fill_demo(store, 2026, per_ledger=2, seed=1)
        assert store.setting("demo") is None
    assert with_record.count("meeting", include_deleted=True) == 1 and not people.list_people(with_record)
    assert [p.name for p in people.list_people(with_roster)] == ["李强"] and with_roster.count("meeting") == 0
    new = fresh(tmp_path)  # a new, empty one may: it is a demonstration database from then on
    fill_demo(new, 2026, per_ledger=2, seed=1)
    assert new.setting("demo") == "1" and fill_demo(new, 2025, per_ledger=2, seed=1)["meeting"] == 2
