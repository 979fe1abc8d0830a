"""早于已编号的… (a record dated before one numbered earlier in its series) was said as a new record was saved and
shown when it was opened again, but a save of a change to it said nothing: the 所长 opening the April meeting saw
the note, corrected its 地点, saved, and the note was gone from the window (and from `fazhi edit`'s 提示) though its
number still did not follow the dates; a date corrected to before May's was not told either. A save of a change
says it as the reopened record does, while it holds."""

from __future__ import annotations

from fazhi_desktop.core import accounts
from fazhi_desktop.core.renumber import OUT_OF_ORDER


def _late(record) -> list[str]:
    return [w.message for w in record.warnings if w.message.startswith(OUT_OF_ORDER)]


def test_a_change_saved_to_a_record_out_of_order_still_says_so(store, staff, valid_record):
    accounts.login(store, "马丽", "mima-2026")
    store.save("meeting", valid_record("meeting", title="五月例会", held_on="2026-05-10"), "马丽")
    april = store.save("meeting", valid_record("meeting", title="四月例会", held_on="2026-04-08"), "马丽")
    assert _late(april)
    changed = store.save("meeting", {"location": "镇政府二楼会议室"}, "马丽", record_id=april.id,
                         expected_revision=april.revision)
    assert changed.revision == april.revision + 1
    assert _late(changed) == _late(april)


def test_a_date_corrected_to_before_an_earlier_number_is_told_as_it_is_saved(store, staff, valid_record):
    accounts.login(store, "马丽", "mima-2026")
    may = store.save("meeting", valid_record("meeting", title="五月例会", held_on="2026-05-10"), "马丽")
    june = store.save("meeting", valid_record("meeting", title="六月例会", held_on="2026-06-10"), "马丽")
    assert not _late(june)
    moved = store.save("meeting", {"held_on": "2026-05-02"}, "马丽", record_id=june.id, expected_revision=june.revision)
    assert _late(moved) == [f"{OUT_OF_ORDER} {may.number}（2026-05-10），编号 {june.number} 不按日期先后；"
                            "录完补登的记录后，可由所长在“编辑 → 按日期重新编号…”中按日期重新编号"]
