"""Search reads a digit, a letter or a bracket the same however it was typed: full-width or half-width, ① or 1,
in the record or in the query, whatever else the record holds."""

from __future__ import annotations

import itertools
import random

from fazhi_desktop.core import search
from fazhi_desktop.core.store import ListQuery, Store

ACTOR = "马文军"


def meeting(store: Store, valid_record, title: str, **values) -> str:
    return store.save("meeting", valid_record("meeting", title=title, **values), actor=ACTOR).id


def found(store: Store, text: str) -> list[str]:
    return sorted(r.id for r in store.list(ListQuery("meeting", text=text)))


def test_a_full_width_digit_elsewhere_in_a_record_does_not_change_how_its_circled_digit_is_found(store, valid_record):
    """Two meetings 学习①号文件会议: the one whose 备注 said ３ (full-width) was not found by ①号文件."""
    with_full_width = meeting(store, valid_record, "学习①号文件会议", remarks="另有３人列席")
    with_half_width = meeting(store, valid_record, "学习①号文件会议", remarks="另有3人列席")
    both = sorted([with_full_width, with_half_width])
    assert found(store, "①号文件") == found(store, "1号文件") == found(store, "１号文件") == both
    assert found(store, "３人") == found(store, "3人") == both
    assert found(store, "②号文件") == []


def test_brackets_typed_full_or_half_width_find_a_record_written_either_way(store, valid_record):
    full = meeting(store, valid_record, "２０２６年第３次常务会议（扩大）")
    half_digits = meeting(store, valid_record, "2026年第3次常务会议（扩大）")
    half = meeting(store, valid_record, "2026年第4次常务会议(扩大)")
    meeting(store, valid_record, "2026年第3次常务会议扩大")  # no brackets: not what was asked for
    every = sorted([full, half_digits, half])
    assert found(store, "会议（扩大）") == found(store, "会议(扩大)") == found(store, "会议(扩大）") == every
    assert found(store, "第３次常务会议（扩大）") == found(store, "第3次常务会议(扩大)") == sorted([full, half_digits])
    assert found(store, "（扩大") == found(store, "扩大)") == every


#: what the tests hold to be the same character: typed full-width or half-width, circled, either case
SAME = {"３": "3", "①": "1", "（": "(", "）": ")", "Ａ": "a", "A": "a", "：": ":"}
TYPED = "会议３3①1（(）)Ａa：:"


def same(text: str) -> str:
    return "".join(SAME.get(c, c) for c in text).lower()


def test_every_record_holding_the_text_in_any_spelling_is_found_and_no_other(store, valid_record):
    """Against a brute-force check of every record's text, for every query of one or two of the characters typed
    either way and for pieces of the titles, each character typed the other way at random."""
    rng = random.Random(20)
    for _ in range(30):
        meeting(store, valid_record, "".join(rng.choice(TYPED) for _ in range(rng.randint(1, 8))))
    ledger = store.ledger("meeting")
    texts = {r.id: same("\n".join(search.record_texts(ledger, {**r.values, "number": r.number})))
             for r in store.list(ListQuery("meeting"))}
    other_way = {**{v: k for k, v in SAME.items()}, **SAME}
    pieces = []
    for title in (r["title"] for r in store.list(ListQuery("meeting"))):
        start = rng.randrange(len(title))
        piece = title[start : rng.randint(start + 1, len(title))]
        pieces.append("".join(other_way.get(c, c) if rng.random() < 0.5 else c for c in piece))
    queries = ["".join(p) for n in (1, 2) for p in itertools.product(TYPED, repeat=n)] + pieces
    for query in queries:
        expected = sorted(rid for rid, text in texts.items()
                          if same(query) in text and search.has_words(query))  # （ alone looks for nothing
        assert found(store, query) == expected, query


def test_a_record_folds_field_by_field_as_it_does_whole():
    """The index folds a record's joined text, a confirmation each field: the same, whatever the other fields hold."""
    fields = ["学习①号文件（扩大）", "另有３人列席", "Ⅻ　ＡＢ"]
    assert search.normalize("\n".join(fields)) == "\n".join(map(search.normalize, fields)) == \
        "学习1号文件(扩大)\n另有3人列席\nxii ab"


def test_an_index_built_by_the_earlier_folding_is_rebuilt_when_the_database_opens(store, valid_record, monkeypatch):
    """Before, a record without a full-width letter or digit was indexed with its ① unfolded: the first open after
    the upgrade indexes it again, and 1号文件 finds it."""
    import re

    monkeypatch.setattr(search, "_FOLDABLE", re.compile("[^\\s\\S]"))  # folds nothing, as that record was
    record_id = meeting(store, valid_record, "学习①号文件会议")
    monkeypatch.undo()
    ledger, path = store.ledger("meeting"), store.path
    with store.conn:  # the note of the rules the index was built by, as the earlier version wrote it
        store.conn.execute("UPDATE settings SET value = ? WHERE key = 'search_index.meeting'",
                           [f"2:{search._index_mark(ledger).split(':', 1)[1]}"])
    assert found(store, "1号文件") == []
    store.close()
    again = Store.open(path, store.ledgers)
    try:
        assert found(again, "1号文件") == found(again, "①号文件") == [record_id]
        again.delete(record_id, ACTOR)  # the rebuilt index takes the record out with the tokens it was given
        assert found(again, "1号文件") == []
    finally:
        again.close()
