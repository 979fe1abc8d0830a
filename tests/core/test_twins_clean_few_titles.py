"""可能重复 compares titles as a save cleans them (db.CLEANED), so that one saved before the twenty-sixth session with
a no-break space pasted from WeChat is the twin of the one typed now. Its first form called the cleaning (Python) on
every title of the day, each save: a day holding many meetings (100,000 in a year: ~270 a day) made a save a third
slower by the year's end. Only the few titles holding such a space (db.ODD_TITLE, their own index) are cleaned now."""

from __future__ import annotations

from fazhi_desktop.core import accounts, db, plaintext

PASTED = "2026年第3次\u00a0镇政府常务会议"
TYPED = "2026年第3次镇政府常务会议"


def _counting_cleaned(store) -> list[str]:
    """Each title the store's connection cleans from now on."""
    cleaned: list[str] = []

    def counted(text):
        cleaned.append(text)
        return plaintext.as_saved(text)

    store.conn.create_function(db.CLEANED, 1, counted, deterministic=True)
    return cleaned


def test_a_save_on_a_busy_day_does_not_clean_each_title_of_the_day(store, staff, valid_record):
    accounts.login(store, "马丽", "mima-2026")
    store.save_many("meeting", [valid_record("meeting", title=f"第{n}次党委会", held_on="2026-03-05")
                                for n in range(1, 41)], "")
    cleaned = _counting_cleaned(store)
    saved = store.save("meeting", valid_record("meeting", title=TYPED, held_on="2026-03-05"), "")
    assert saved.warnings == ()
    assert len(cleaned) <= 2, cleaned  # the title being saved, not the day's 40 others


def test_a_title_saved_with_an_odd_space_is_still_found_and_alone_is_cleaned(store, staff, valid_record,
                                                                          monkeypatch):
    accounts.login(store, "马丽", "mima-2026")
    store.save_many("meeting", [valid_record("meeting", title=f"第{n}次党委会", held_on="2026-03-05")
                                for n in range(1, 41)], "")
    with monkeypatch.context() as before_s26:
        before_s26.setattr(plaintext, "_usual_spaces", lambda text: text)
        old = store.save("meeting", valid_record("meeting", title=PASTED, held_on="2026-03-05"), "")
    assert old.values["title"] == PASTED
    cleaned = _counting_cleaned(store)
    typed = store.save("meeting", valid_record("meeting", title=TYPED, held_on="2026-03-05"), "")
    assert any(w.path == "title" and old.number in w.message for w in typed.warnings)
    assert PASTED in cleaned and not any(title.startswith("第") for title in cleaned)
