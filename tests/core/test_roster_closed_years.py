"""Once a year is closed, the roster cannot change who was in post in it: 领导干部述法 (T47) counts the roster's
主要负责同志 in post on its 31 December and when they reported, and a leader added, dated or taken out of use
afterwards turned 2025's 2 / 2 达标 into 2 / 3 未达标, by anyone, unseen in the year log."""

from __future__ import annotations

from typing import Any

import pytest
import review_steps

from fazhi_desktop.core import accounts, people, year_close
from fazhi_desktop.core.errors import ValidationError
from fazhi_desktop.core.indicators import compute, drill, load_catalog_for

LEADER = "主要负责同志"
STAFF_PASSWORD = "mima-2026"  # the `staff` fixture's accounts (tests/conftest.py)


def t47(store) -> tuple[Any, ...]:
    """2025's T47 as the county scored it: the numbers and the people behind them."""
    catalog = load_catalog_for(store)
    figure = compute(store, catalog, 2025).figure("T47", store.township)
    owed = drill(store, catalog, "T47", 2025, store.township, "denominator").people
    return figure.numerator, figure.denominator, owed


@pytest.fixture
def closed(store, staff):
    """The roster of 2025 (马书记 since 2021, 田镇长 with no dates, 李强 with no role, 赵调解 a 调解员), a 述法 of
    田镇长 in December, 2025 closed by the 所长 in June 2026 (the store's clock), and the 所长 still logged in: the rule
    binds her too (a clerk may not change a 主要负责同志's tenure at all: tests/core/test_roster_log.py)."""
    accounts.login(store, "杨芳", STAFF_PASSWORD)
    ids = {p.name: p.id for p in (
        people.add_person(store, "", "马书记", roles=[LEADER], joined_on="2021-03-01"),
        people.add_person(store, "", "田镇长", roles=[LEADER]),
        people.add_person(store, "", "李强", title="副镇长"),
        people.add_person(store, "", "赵调解", roles=["调解员"], joined_on="2024-01-01"))}
    review_steps.submit(store, store.save("law_study", {
        "activity_type": "领导干部述法", "topic": "2025年度领导干部述法", "held_on": "2025-12-20",
        "reporters": ["田镇长"]}, "").id)
    year_close.close_year(store, 2025)
    assert t47(store) == (1, 2, [(store.township, "田镇长"), (store.township, "马书记")])
    return ids


def edit(store, ids: dict[str, str], who: str, **changes: Any):
    p = people.get_person(store, ids[who])
    now = {"name": p.name, "title": p.title, "roles": list(p.roles), "joined_on": p.joined_on, "left_on": p.left_on,
           "active": p.active, **changes}
    return people.update_person(store, p.id, "", **now)


CHANGES = [  # (what the 所长 does, the field refused or None)
    (lambda s, i: people.add_person(s, "", "王新", roles=[LEADER], joined_on="2025-03-01"), "joined_on"),
    (lambda s, i: people.add_person(s, "", "王新", roles=[LEADER]), "joined_on"),
    (lambda s, i: people.add_person(s, "", "王新", roles=[LEADER], joined_on="2026-01-05"), None),
    (lambda s, i: people.add_person(s, "", "王旧", roles=[LEADER], joined_on="2019-01-01", left_on="2024-12-31"), None),
    (lambda s, i: people.add_person(s, "", "钱调解", roles=["调解员"]), None),  # no role the figures count
    (lambda s, i: edit(s, i, "马书记", left_on="2025-10-01"), "left_on"),
    (lambda s, i: edit(s, i, "马书记", left_on="2026-02-01"), None),  # in post on 31 December all the same
    (lambda s, i: edit(s, i, "马书记", joined_on="2025-02-01"), "joined_on"),
    (lambda s, i: edit(s, i, "马书记", joined_on="2026-02-01"), "joined_on"),
    (lambda s, i: edit(s, i, "马书记", joined_on="2020-05-01"), None),
    (lambda s, i: people.set_active(s, i["马书记"], False, ""), "left_on"),  # out of use without a 离任日期
    (lambda s, i: people.set_active(s, i["马书记"], False, "", left_on="2026-03-01"), None),
    (lambda s, i: edit(s, i, "田镇长", roles=[]), "roles"),
    (lambda s, i: edit(s, i, "田镇长", name="田振长"), "name"),  # no longer the 述法人 named in December
    (lambda s, i: edit(s, i, "田镇长", phone="13912345678", title="镇长"), None),
    (lambda s, i: edit(s, i, "李强", roles=[LEADER]), "roles"),
    (lambda s, i: edit(s, i, "赵调解", left_on="2025-05-01", roles=["调解员", "执法人员"], cert_no="宁A001"), None),
]


@pytest.mark.parametrize(("change", "refused"), CHANGES)
def test_a_roster_change_that_would_move_a_closed_years_t47_is_refused_at_its_field(store, closed, change, refused):
    before = t47(store)
    roster = [(p.name, p.roles, p.joined_on, p.left_on, p.active, p.revision) for p in people.list_people(store)]
    if refused is None:
        change(store, closed)
    else:
        with pytest.raises(ValidationError) as caught:
            change(store, closed)
        assert [p.path for p in caught.value.problems] == [refused]
        assert caught.value.problems[0].message.startswith("2025年已封账")
        assert [(p.name, p.roles, p.joined_on, p.left_on, p.active, p.revision)
                for p in people.list_people(store)] == roster  # nothing written
    assert t47(store) == before


def test_the_refusal_says_what_to_do_and_a_reopened_year_takes_the_change(store, closed):
    """The reviewer's 王新, 主要负责同志 since 1 March 2025: a leader missing from the roster the county scored."""
    with pytest.raises(ValidationError) as caught:
        people.add_person(store, "", "王新", roles=[LEADER], joined_on="2025-03-01")
    assert str(caught.value) == (
        "到任日期：2025年已封账：到任日期在2025年或之前，即2025年已在任，会改变2025年“领导干部述法”的应述法人数；"
        "2026年起到任的请填写到任日期，2025年已在任的须由所长或管理员先重新打开2025年（编辑 → 年度封账…）")
    with pytest.raises(ValidationError) as out_of_use:
        people.set_active(store, closed["马书记"], False, "")
    assert "停用请填写离任日期（2026年以后）" in str(out_of_use.value)
    year_close.reopen_year(store, 2025, "补登2025年3月到任的王新")
    people.add_person(store, "", "王新", roles=[LEADER], joined_on="2025-03-01")
    assert t47(store)[:2] == (1, 3)


def test_a_leader_who_left_in_the_closed_year_and_came_back_is_told_how_to_record_it(store, closed):
    """启用 again of 马书记, who left on 2025-06-01, was refused only with "此项修改会改变2025年在任的人员": the clerk
    could not tell that a second tenure is added as a new entry with its own 到任日期."""
    year_close.reopen_year(store, 2025, "补录马书记的离任日期")
    people.set_active(store, closed["马书记"], False, "", left_on="2025-06-01")
    year_close.close_year(store, 2025)
    before = t47(store)
    with pytest.raises(ValidationError) as refused:
        people.set_active(store, closed["马书记"], True, "")
    assert [(p.path, p.message) for p in refused.value.problems] == [("left_on", (
        "2025年已封账：马书记已于2025-06-01离任，重新启用会改变2025年在任的人员；如已重新到任，请用“添加人员”另加一条"
        "并填写新的到任日期（2026年以后），或须由所长或管理员先重新打开2025年（编辑 → 年度封账…）"))]
    people.add_person(store, "", "马书记", roles=[LEADER], joined_on="2026-03-01")  # the second tenure
    assert t47(store) == before
