"""A stored record's warnings were put together twice: its window (and 打印 of it) said the forms' checks,
早于已编号的… and a character that prints blank (🫠 in the 会议名称); 打印所选记录 and 审核所选 (and `fazhi review`),
through review.warnings_of, said the forms' checks only: printed among others, the 🫠 meeting went to paper with a
blank and no question, where 打印 of it alone asks first, and the 所长 approving in bulk never saw either note. Both
now read review.stored_warnings."""

from __future__ import annotations

from fazhi_desktop.core import accounts, review
from fazhi_desktop.core.renumber import OUT_OF_ORDER

MELTING = "\U0001fae0"  # 🫠 (Unicode 14): in none of the fonts here


def test_printing_and_approving_many_say_what_the_records_window_says(store, staff, valid_record):
    accounts.login(store, "马丽", "mima-2026")
    store.save("meeting", valid_record("meeting", title="五月例会", held_on="2026-05-10"), "马丽")
    april = store.save("meeting", valid_record("meeting", title=f"四月{MELTING}例会", held_on="2026-04-08"), "马丽")
    april = store.get(april.id)

    doubts = review.warnings_of(store, [april], advisory=False)[april.id]  # what 打印所选记录 asks about
    assert any(MELTING in message and "打印件上是空白" in message for message in doubts)  # before: {} (no question)
    assert not any(message.startswith(OUT_OF_ORDER) for message in doubts)  # advisory: nothing to correct before print

    said = review.warnings_of(store, [april])[april.id]  # what 审核所选 lists
    assert any(message.startswith(OUT_OF_ORDER) for message in said) and any(MELTING in m for m in said)
    asked, held = review.stored_warnings(store, store.ledger("meeting"), april)
    assert said == [w.message for w in (*asked, *held)]
