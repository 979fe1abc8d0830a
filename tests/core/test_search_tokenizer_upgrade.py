"""The ledgers' search indexes are tokenized by FTS5's `ascii` tokenizer (the text is the search's own tokens,
folded already; `unicode61` classified and folded it again, 40 % of SQLite's part of a save's index insert).
Migration 034 remakes the indexes a database of the previous version made with `unicode61`: the first open rebuilds
them, says so, and every search finds what it found before."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from fazhi_desktop.core import migrations
from fazhi_desktop.core.store import ListQuery, Store

ACTOR = "马文军"
TITLES = ["2026年第3次乡镇政府常务会议", "马文军主持研究宅基地纠纷", "学习海政发〔2025〕3号文件",
          "旁听庭审（2025）宁0522行初1号", "阿依古丽·买买提反映拖欠工资", "Mǎ Wén 拼音标题",
          "①号议题：土地承包", "研究武塬村草原禁牧问题"]
#: what clerks type: one and two characters, a name, a number's bracket, a date as typed, Latin letters, a circled digit
QUERIES = ["马", "马文", "马文军", "〔2", "（2025）宁0522", "2026-3-5", "3月5日", "ma", "mǎ wén", "1号", "禁牧",
           "纠纷 研究", "阿依古丽•买买提", "会记字", "乡镇", "、"]


def index_sql(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT sql FROM sqlite_master WHERE name LIKE 'search\\_%' ESCAPE '\\'"
                                               " AND sql LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name")]
    finally:
        conn.close()


def as_the_previous_version_left_it(path: Path) -> None:
    """The database as the version before migration 034 kept it: its search indexes made with `unicode61` and
    filled by the same rules (their marks current), the migration not applied."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN")
        names = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE name LIKE 'search\\_%' "
                                                "ESCAPE '\\' AND sql LIKE 'CREATE VIRTUAL TABLE%'")]
        for name in names:
            conn.execute(f'DROP TABLE "{name}"')
            conn.execute(f"CREATE VIRTUAL TABLE \"{name}\" USING fts5(grams, content='', columnsize=0, "
                         "tokenize='unicode61')")
            conn.execute(f"INSERT INTO \"{name}\"(\"{name}\", rank) VALUES ('automerge', 16)")
        conn.execute("DELETE FROM settings WHERE key LIKE 'search\\_index.%' ESCAPE '\\'")  # rebuilt below
        conn.execute("DELETE FROM _migrations WHERE name = '034_search_tokenizer'")
        conn.execute("COMMIT")
    finally:
        conn.close()


def everything_found(store: Store) -> dict[str, list[str]]:
    return {text: sorted(r.number for r in store.list(ListQuery("meeting", text=text))) for text in QUERIES}


def test_a_new_database_indexes_with_the_ascii_tokenizer(store):
    assert index_sql(store.path) and all("tokenize='ascii'" in sql for sql in index_sql(store.path))


def test_the_previous_versions_index_is_remade_once_and_finds_what_it_found(store, valid_record, monkeypatch):
    store.save_many("meeting", [valid_record("meeting", title=title, host="马文军" if n % 2 else "杨芳")
                                for n, title in enumerate(TITLES)], ACTOR)
    path = store.path
    store.close()
    as_the_previous_version_left_it(path)
    with monkeypatch.context() as older:  # the previous version's program: no migration 034
        older.setattr(migrations, "MIGRATIONS", [m for m in migrations.MIGRATIONS if m[0] != "034_search_tokenizer"])
        before = Store.open(path)
        found_before = everything_found(before)
        before.close()
    assert all("tokenize='unicode61'" in sql for sql in index_sql(path))
    assert found_before["马"] and found_before["〔2"] and found_before["ma"]  # the queries find something

    told: list[tuple[int, int]] = []
    upgraded = Store.open(path, progress=lambda done, total: told.append((done, total)))
    try:
        assert all("tokenize='ascii'" in sql for sql in index_sql(path))
        assert told[-1] == (len(TITLES), len(TITLES))  # rebuilt at this open, with the window's progress line
        assert everything_found(upgraded) == found_before
        added = upgraded.save("meeting", valid_record("meeting", title="马文军列席专题会"), ACTOR)
        assert added.number in everything_found(upgraded)["马文军"]
    finally:
        upgraded.close()
    told.clear()
    again = Store.open(path, progress=lambda done, total: told.append((done, total)))
    again.close()
    assert told == []  # once: the next open rebuilds nothing
