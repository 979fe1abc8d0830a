"""待办事项's 待链接的会前学法 asked of every study of the office, of every year, whether a meeting links it already, by
reading the whole 会议 ledger by its link, before looking whether any meeting of the study's day waits for it at all
(most studies have none): five years in, thousands of whole-ledger reads each time the list opened or was read again.
The meetings of the study's day are looked at first (by the day's index); the ledger is read by its link only for a
study one meeting waits for."""

from __future__ import annotations

from datetime import date, timedelta

from fazhi_desktop.core import todo

ACTOR = "马文"
LINK_READ = '"pre_meeting_study" IN ('


def traced_build(store) -> tuple[todo.Todo, list[str]]:
    """2026's 待办事项, and the statements its reading ran."""
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    try:
        return todo.build(store, 2026), statements
    finally:
        store.conn.set_trace_callback(None)


def test_studies_no_meeting_waits_for_are_not_looked_up_one_by_one(store, valid_record):
    first = date(2025, 3, 3)
    for n in range(40):
        store.save("law_study", valid_record("law_study", held_on=(first + timedelta(days=n)).isoformat()), ACTOR)
    store.save("meeting", valid_record("meeting", held_on="2026-10-13", title="党委会"), ACTOR)
    waited = store.save("law_study", valid_record("law_study", held_on="2026-10-13"), ACTOR)
    listed, statements = traced_build(store)

    assert [item.record_id for item in listed.items if item.group == todo.LINKS] != []
    assert any(waited.number in item.missing for item in listed.items if item.group == todo.LINKS)
    # one read of the ledger by its link for all 41 studies, one for the study a meeting waits for
    assert sum(LINK_READ in text for text in statements) <= 2


STUDY_ROWS = 'SELECT * FROM "law_study" WHERE rid IN ('


def studies_read(store) -> tuple[list[str], int]:
    """待办事项 as listed (its 待链接的会前学法 items), and how many study rows its reading read whole."""
    listed, statements = traced_build(store)
    read = sum(text.split(STUDY_ROWS, 1)[1].count(",") + 1 for text in statements if STUDY_ROWS in text)
    return [item.missing for item in listed.items if item.group == todo.LINKS], read


def test_studies_of_other_days_are_not_read_to_find_the_one_a_meeting_waits_for(store, valid_record):
    """Every study ever entered was read whole (five years: thousands of rows) to find the few of a day whose
    meeting has its 会前学法 empty."""
    store.save("meeting", valid_record("meeting", held_on="2026-10-13", title="党委会"), ACTOR)
    waited = store.save("law_study", valid_record("law_study", held_on="2026-10-13"), ACTOR)
    first_year, read_first = studies_read(store)
    first = date(2021, 3, 3)
    for n in range(30):  # the other years' studies, no meeting of their day waiting
        store.save("law_study", valid_record("law_study", held_on=(first + timedelta(days=40 * n)).isoformat()), ACTOR)

    listed, read = studies_read(store)

    assert listed == first_year and len(listed) == 1 and waited.number in listed[0]
    assert read == read_first <= 1
