"""Two people of one name in succession (书记 王军 leaves in March, another 王军 arrives in October) were one person to
T46c/T47, since entries of one name whose terms never overlap are taken for a leader moved to another post: the first
王军's talk counted for the second, who never spoke. The roster has no ID, so the clerk is asked when adding the
second entry (是同一人 / 是另一人), and the figures count by the answer; entries never asked keep that rule."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime

import pytest

from fazhi_desktop.core import migrations
from fazhi_desktop.core.errors import ValidationError
from fazhi_desktop.core.indicators import compute, load_catalog_for
from fazhi_desktop.core.indicators import status as st
from fazhi_desktop.core.indicators.drill import drill
from fazhi_desktop.core.people import add_person, namesakes, same_person_question, update_person
from fazhi_desktop.core.store import Store

AFTER_YEAR = date(2027, 1, 4)
LEADER = ["主要负责同志"]


def first_wang(store, clock):
    clock.set(datetime(2027, 1, 4, 1, 0, tzinfo=UTC))
    return add_person(store, "杨芳", "王军", "镇党委书记", roles=LEADER, joined_on="2024-03-01", left_on="2026-03-31")


def second_wang(store, **answer):
    return add_person(store, "杨芳", "王军", "镇党委书记", roles=LEADER, joined_on="2026-10-08", **answer)


def talks(store, valid_record):
    """The first 王军 spoke (会前学法, 述法) in February; the second did neither."""
    store.save("law_study", valid_record("law_study", held_on="2026-02-20", topic="讲法", speaker="王军",
                                         activity_type="会前学法", speaker_is_principal_leader=True), "杨芳")
    store.save("law_study", valid_record("law_study", held_on="2026-02-21", activity_type="领导干部述法",
                                         topic="述法", reporters=["王军"]), "杨芳")


def figures(store):
    result = compute(store, load_catalog_for(store), 2026, today=AFTER_YEAR)
    return [(f.numerator, f.denominator, f.status) for f in
            (result.figure("T46c", store.township), result.figure("T47", store.township))]


def gap(store, code):
    return [name for _, name in drill(store, load_catalog_for(store), code, 2026, part="gap", today=AFTER_YEAR).people]


def test_another_wang_jun_who_never_spoke_is_not_hidden(store, clock, valid_record):
    first_wang(store, clock)
    second_wang(store, other_person=True)
    talks(store, valid_record)
    assert figures(store) == [(1, 2, st.MISSED), (1, 2, st.MISSED)]  # read 1 / 1 达标 for both
    assert gap(store, "T46c") == gap(store, "T47") == ["王军"]


def test_the_same_wang_jun_back_in_post_counts_once(store, clock, valid_record):
    first = first_wang(store, clock)
    second_wang(store, same_as=first.id)
    talks(store, valid_record)
    assert figures(store) == [(1, 1, st.MET), (1, 1, st.MET)]
    assert gap(store, "T46c") == []


def test_same_person_in_two_posts_at_once_counts_once(store, clock, valid_record):
    clock.set(datetime(2027, 1, 4, 1, 0, tzinfo=UTC))
    mayor = add_person(store, "杨芳", "王军", "镇长", roles=LEADER, joined_on="2024-03-01")
    assert [p.id for p in namesakes(store, "王军", "镇党委书记")] == [mayor.id]  # in post, in another 职务
    assert namesakes(store, "王军", "镇长") == []  # in post in the same 职务: another person, not asked
    second_wang(store, same_as=mayor.id)
    talks(store, valid_record)
    assert figures(store) == [(1, 1, st.MET), (1, 1, st.MET)]  # read 1 / 2: overlapping entries were two


def test_entries_never_asked_keep_the_rule_of_terms_that_never_overlap(store, clock, valid_record):
    first_wang(store, clock)
    second_wang(store)
    talks(store, valid_record)
    assert figures(store) == [(1, 1, st.MET), (1, 1, st.MET)]


def test_the_question_names_the_entry_and_a_wrong_entry_is_refused(store, clock):
    first = first_wang(store, clock)
    [found] = namesakes(store, "王　军", "镇党委书记")
    assert found.id == first.id
    assert same_person_question(found) == (
        "名册中已有“王军”（镇党委书记，2024-03-01 至 2026-03-31）：是同一人改任（或再任）吗？")
    other = add_person(store, "杨芳", "李强", "镇长", roles=LEADER)
    with pytest.raises(ValidationError, match="没有与“王军”同名的这一条"):
        second_wang(store, same_as=other.id)


def test_a_database_of_the_previous_version_is_upgraded_and_keeps_todays_rule(
        tmp_path, ledgers, clock, valid_record, monkeypatch):
    from fazhi_desktop.core.setup import init_database

    with monkeypatch.context() as old_build:
        old_build.setattr(migrations, "MIGRATIONS", [m for m in migrations.MIGRATIONS if m[0] != "049_roster_person"])
        store = init_database(tmp_path / "office.db", "640522100", office="海城镇司法所", ledgers=ledgers, clock=clock)
        path = store.path
        for id_, left in (("01a", "2026-03-31"), ("01b", None)):  # as the previous version saved them
            store.conn.execute(
                "INSERT INTO people (id, name, title, roles, active, updated_at, updated_by, joined_on, left_on) "
                "VALUES (?, '王军', '镇党委书记', '[\"主要负责同志\"]', ?, '2027-01-04T01:00:00Z', '杨芳', ?, ?)",
                [id_, int(left is None), "2024-03-01" if left else "2026-10-08", left])
        store.close()
    conn = sqlite3.connect(path)
    assert "person" not in [row[1] for row in conn.execute("PRAGMA table_info(people)")]
    conn.close()
    store = Store.open(path, ledgers, clock)
    assert "049_roster_person" in [name for (name,) in store.conn.execute("SELECT name FROM _migrations")]
    clock.set(datetime(2027, 1, 4, 1, 0, tzinfo=UTC))
    talks(store, valid_record)
    assert figures(store) == [(1, 1, st.MET), (1, 1, st.MET)]
    third = add_person(store, "杨芳", "王军", "镇党委书记", roles=LEADER, joined_on="2027-01-04", other_person=True)
    assert third.person == third.id
    store.close()

# The answer 是同一人 binds entries of one name. Correcting an entry's name afterwards (王军 → 王俊: the new 书记
# was never the old one) kept the two one person: T46c/T47 read 1 / 2 未达标 with no one in the gap.


def renamed(store, person, name):
    return update_person(store, person.id, "杨芳", name, person.title, person.unit, person.roles,
                         joined_on=person.joined_on, left_on=person.left_on)


def test_an_entry_said_the_same_person_and_then_renamed_is_another_person(store, clock, valid_record):
    first = first_wang(store, clock)
    second = second_wang(store, same_as=first.id)
    talks(store, valid_record)
    assert figures(store) == [(1, 1, st.MET), (1, 1, st.MET)]
    renamed(store, second, "王俊")
    assert figures(store) == [(1, 2, st.MISSED), (1, 2, st.MISSED)]  # read 1 / 2 with an empty gap
    assert gap(store, "T46c") == gap(store, "T47") == ["王俊"]


def test_its_name_put_back_makes_it_the_same_person_again(store, clock, valid_record):
    first = first_wang(store, clock)
    second = second_wang(store, same_as=first.id)
    talks(store, valid_record)
    renamed(store, renamed(store, second, "王俊"), "王军")
    assert figures(store) == [(1, 1, st.MET), (1, 1, st.MET)]


def test_two_entries_said_the_same_as_one_renamed_stay_one_person(store, clock, valid_record):
    """王军 left as 书记, came back as 镇长 and then as 书记 again (both said 是同一人); the first entry's name is then
    corrected: the two later entries, of one name, are still one person, whose 述法 as 镇长 counts for the 书记."""
    first = first_wang(store, clock)
    add_person(store, "杨芳", "王军", "镇长", roles=LEADER, joined_on="2026-05-01", left_on="2026-09-30",
               same_as=first.id)
    second_wang(store, same_as=first.id)
    renamed(store, first, "王君")
    store.save("law_study", valid_record("law_study", held_on="2026-06-20", activity_type="领导干部述法",
                                         topic="述法", reporters=["王军"]), "杨芳")
    assert figures(store)[1] == (1, 1, st.MET)
    assert gap(store, "T47") == []
