"""可能重复 compares titles as a save cleans them (db.CLEANED), so that one saved before the twenty-sixth session with
a no-break space pasted from WeChat is the twin of the one typed now. Its first form called the cleaning (Python) on
every title of the day, each save: a day holding many meetings (100,000 in a year: ~270 a day) made a save a third
slower by the year's end. Only the few titles holding such a space (db.ODD_TITLE, their own index) are cleaned now."""

from __future__ import annotations

import sqlite3

from fazhi_desktop.core import accounts, db, plaintext
from fazhi_desktop.core.store import Store

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


def test_a_title_saved_before_a_save_cleaned_it_is_found_whatever_the_save_now_changes(store, staff, valid_record):
    """Not only odd spaces: a tab, a line break or a zero-width space pasted from Word or WeChat into a title saved
    before a save cleaned them (validate.as_typed) is cleaned as the title is compared (db.CLEANED), and such a
    title is one the index of titles saved unusual holds (db.ODD_TITLE): the meeting typed again is its twin."""
    accounts.login(store, "马丽", "mima-2026")
    for day, pasted in enumerate(("2026年第3次\t镇政府常务会议", "2026年第3次\u200b镇政府常务会议",
                                  "2026年第3次\n镇政府常务会议", "2026年第3次\uf0b7镇政府常务会议"), 1):
        held_on = f"2026-03-0{day}"
        old = store.save("meeting", valid_record("meeting", title=TYPED, held_on=held_on), "")
        store.conn.execute("UPDATE meeting SET title = ? WHERE id = ?", [pasted, old.id])  # as an older save kept it
        typed = store.save("meeting", valid_record("meeting", title=plaintext.as_saved(pasted), held_on=held_on), "")
        assert any(w.path == "title" and old.number in w.message for w in typed.warnings), repr(pasted)


def test_the_titles_held_apart_are_exactly_those_a_save_changes():
    """db.ODD_TITLE (SQLite's GLOB) holds a title exactly when plaintext.as_saved would change a character in it."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (title TEXT)")
    titles = [f"会{chr(code)}议" for code in range(1, 0x10000) if not 0xD800 <= code < 0xE000]
    conn.executemany("INSERT INTO t VALUES (?)", [(title,) for title in titles])
    held = {title for (title,) in conn.execute(f"SELECT title FROM t WHERE title {db.ODD_TITLE}")}
    changed = {title for title in titles if plaintext.as_saved(title) != title}
    assert held == changed, sorted(f"U+{ord(t[1]):04X}" for t in held ^ changed)


def test_a_database_holding_the_index_of_other_titles_gets_it_made_again(store, staff, valid_record):
    """A database given this index of odd spaces alone (this session's first form) opens with it made again:
    twins_sql asks SQLite to use it (INDEXED BY), and one of other titles failed every save ("no query solution")."""
    path = store.path
    index = db.odd_titles_index("meeting")
    store.conn.execute(f'DROP INDEX "{index}"')
    store.conn.execute(f'CREATE INDEX "{index}" ON meeting(deleted, held_on, title) '
                       f"WHERE title GLOB '*[{plaintext.ODD_SPACES}]*'")
    store.close()
    again = Store.open(path)
    try:
        accounts.login(again, "马丽", "mima-2026")
        saved = again.save("meeting", valid_record("meeting", title=TYPED, held_on="2026-03-05"), "")
        assert saved.number
    finally:
        again.close()
