"""A 签到表 prints each name's 职务 as the roster had it on the meeting's day (twenty-third session, a handover played
as users): after a post change recorded as README says (离任 on the old entry, a new entry), the September sheet
listed 田玉春 as 镇长 under the new 镇长 王建军, since the first entry of a name won; and a 职务 edited in place
changed every old sheet printed again, its 核验码 still 一致."""

from datetime import UTC, datetime

import pytest

from fazhi_desktop.core import people
from fazhi_desktop.core.documents import build_document

ACTOR = "杨芳"
JANUARY, APRIL, JUNE, SEPTEMBER = (datetime(2026, month, 20, 2, 0, tzinfo=UTC) for month in (1, 4, 6, 9))


def titles(store, record) -> dict[str, str]:
    """What the sheet prints in 职务或单位 after each name of its table."""
    page = build_document(store, record, "signin").pages[0]
    runs = page.texts()
    signed = next(r.x for r in runs if r.text == "签名")  # the 签名 column, empty, right of 职务或单位
    names = [r for r in runs if r.text in ("田玉春", "王建军", "李强", "赵刚", "马志刚")]
    return {name.text: "".join(r.text for r in runs if abs(r.y - name.y) < 1 and name.x < r.x < signed)
            for name in names}


@pytest.fixture
def handover(store, clock):
    """January: 田玉春 镇长, 李强 副镇长（分管政法）, 马志刚 镇党委书记. In September, as README says: 田玉春's entry
    离任 2026-07-15 and a new one 镇人大主席 from that day, 王建军 镇长 from 2026-07-16."""
    clock.set(JANUARY)
    tian = people.add_person(store, ACTOR, "田玉春", title="镇长")
    people.add_person(store, ACTOR, "李强", title="副镇长（分管政法）")
    people.add_person(store, ACTOR, "马志刚", title="镇党委书记")
    clock.set(SEPTEMBER)
    people.set_active(store, tian.id, False, ACTOR, left_on="2026-07-15")
    people.add_person(store, ACTOR, "田玉春", title="镇人大主席", joined_on="2026-07-15")
    people.add_person(store, ACTOR, "王建军", title="镇长", joined_on="2026-07-16")
    return store


def meeting(store, valid_record, day, names):
    return store.save("meeting", valid_record("meeting", held_on=day, attendees=names), ACTOR)


def test_after_a_post_change_each_sheet_prints_the_post_of_its_day(handover, valid_record):
    names = ["马志刚", "王建军", "田玉春", "李强"]
    september = meeting(handover, valid_record, "2026-09-08", names)
    assert titles(handover, september) == {"马志刚": "镇党委书记", "王建军": "镇长", "田玉春": "镇人大主席",
                                           "李强": "副镇长（分管政法）"}  # was 田玉春 镇长, under the new 镇长
    june = meeting(handover, valid_record, "2026-06-10", ["马志刚", "田玉春"])
    assert titles(handover, june) == {"马志刚": "镇党委书记", "田玉春": "镇长"}
    # the day the new post begins is the new post's (the old entry's 离任日期 is its last day in the old one)
    assert titles(handover, meeting(handover, valid_record, "2026-07-15", ["田玉春"])) == {"田玉春": "镇人大主席"}


def test_a_title_edited_in_place_leaves_old_sheets_as_they_were_printed(store, clock, valid_record):
    clock.set(JANUARY)
    li = people.add_person(store, ACTOR, "李强", title="副镇长（分管政法）")
    clock.set(APRIL)
    march = meeting(store, valid_record, "2026-03-05", ["李强"])
    printed = titles(store, march)
    clock.set(JUNE)
    people.update_person(store, li.id, ACTOR, "李强", title="镇党委副书记")
    assert titles(store, march) == printed == {"李强": "副镇长（分管政法）"}  # reprinted: as it was signed
    assert titles(store, meeting(store, valid_record, "2026-06-20", ["李强"])) == {"李强": "镇党委副书记"}


def test_someone_in_the_roster_before_its_log_has_the_title_of_its_first_entry(store, clock, valid_record):
    """A database from before the roster's change log (migration 020): what 赵刚 was before the first change it
    logged is that entry's old value, the best the office knows (a certificate so unknown is not judged)."""
    store.conn.execute("INSERT INTO people (id, name, title, roles, active, revision, updated_at, updated_by)"
                       " VALUES ('old', '赵刚', '副镇长', '[]', 1, 3, '2025-04-01T02:00:00Z', '马文')")
    store.conn.commit()
    clock.set(JUNE)
    march = meeting(store, valid_record, "2026-03-05", ["赵刚"])
    people.update_person(store, "old", ACTOR, "赵刚", title="镇长")
    assert titles(store, march) == {"赵刚": "副镇长"}
    assert titles(store, meeting(store, valid_record, "2026-06-20", ["赵刚"])) == {"赵刚": "镇长"}
