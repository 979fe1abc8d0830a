# ruff: noqa: F811  (the pytest fixture `confirmed` imported from test_search_as_clerks_type.py)
"""A number's brackets are in the search index: 〔2 or （2026）宁0522 typed into the search box is answered by the
index, not by reading every record of the ledger (each holds a run starting with 2: 0.7 s at 20,000 records, 4.4 s
on an office PC), and 〔〕, 【】 (what an input method types for [ ]), ［］ and [] are the same bracket."""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # tests/core/test_search_as_clerks_type.py, whatever the import mode

from test_search_as_clerks_type import ACTOR, confirmed, found, meeting  # noqa: F401  (confirmed: a fixture)

from fazhi_desktop.core import search, settings
from fazhi_desktop.core.store import ListQuery, Store


def test_a_bracket_then_a_digit_reads_no_record_to_confirm(store, valid_record, confirmed):
    """〔2 narrowed to the records with a run starting with 2, which is every record (its number 〔2026〕…), and
    read each of them."""
    document = meeting(store, valid_record, "学习海政发〔2025〕3号文件")
    case = meeting(store, valid_record, "旁听庭审（2025）宁0522行初1号")
    others = [meeting(store, valid_record, f"第{n}次常务会议") for n in range(5)]
    numbered = sorted([document, case, *others])
    assert found(store, "〔2") == found(store, "〔20") == numbered  # 〔2026〕会记字第N号, and the 文号
    assert found(store, "〔2025") == found(store, "[2025]3号") == [document]
    assert found(store, "（2") == found(store, "(2025)宁0522") == [case]
    assert confirmed == []


def test_a_document_number_is_found_whichever_square_brackets_were_typed(store, valid_record):
    written = {typed: meeting(store, valid_record, f"学习海政发{typed}号文件")
               for typed in ("〔2026〕3", "【2026】3", "［2026］3", "[2026]3")}
    meeting(store, valid_record, "学习海政发（2026）3号文件")  # round brackets: another number
    meeting(store, valid_record, "学习海政发2026年3号文件")
    for typed in written:
        assert found(store, f"海政发{typed}号") == sorted(written.values()), typed
    assert found(store, "发【2") == found(store, "6〕3号") == sorted(written.values())
    record = store.get(written["〔2026〕3"])
    assert store.found_in(record, "【2026】3号") == ["会议名称/届次"]


#: the characters of the generated titles and queries: brackets of every kind and what stands beside them
ALPHABET = "〔〕【】［］[]（）()2026号发、-马 "


def test_the_index_finds_exactly_what_reading_every_record_finds(store, valid_record):
    """Random titles and queries of brackets, digits and other punctuation: each reading of each query finds the
    records whose text holds it, as a scan of every record's text does."""
    rng = random.Random(24)
    titles = ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 10))) for _ in range(60)]
    titles += ["海政发〔2026〕3号", "海政发【2026】3号", "（2026）宁0522行初1号", "[2026]", "〔〕"]
    store.save_many("meeting", [valid_record("meeting", title=title) for title in titles], ACTOR)
    ledger = store.ledger("meeting")
    rids = store.query_rids(ListQuery("meeting"))
    texts = {rid: search.record_text(ledger, {**record.values, "number": record.number})
             for rid, record in store.rows("meeting", rids).items()}
    queries = [a + b for a in ALPHABET for b in ALPHABET if (a + b).strip()]
    for title in titles:
        start = rng.randrange(len(title))
        queries.append(title[start : rng.randint(start + 1, len(title))])
    for typed in queries:
        for query in search.readings(typed):
            expected = [] if query.wordless else [rid for rid in rids if query.confirms(texts[rid])]
            assert store._search(ledger, rids, query) == expected, typed


def test_an_index_built_before_brackets_were_indexed_is_rebuilt_when_opened(store, valid_record, ledgers):
    record_id = meeting(store, valid_record, "学习海政发〔2026〕3号文件")
    table = "search_meeting"
    with store.conn:  # the index as the last version built it, under its rules' mark
        store.conn.execute(f'INSERT INTO "{table}"("{table}") VALUES (\'delete-all\')')
        store.conn.execute(f'INSERT INTO "{table}"(rowid, grams) VALUES (1, ?)',
                           ["海政 政发 发 \ue000 20 02 26 6 \ue000 3号 号 文件 件"])
        old_mark = f"4:{search._index_mark(store.ledger('meeting')).split(':', 1)[1]}"
        settings.write(store.conn, **{f"{search.INDEX_SETTING}meeting": old_mark})
    path = store.path
    store.close()
    reopened = Store.open(path, ledgers=ledgers)
    try:
        assert found(reopened, "发【2026】3") == found(reopened, "〔2") == [record_id]
        reopened.delete(record_id, ACTOR)  # the rebuilt index takes the record out with the tokens it was given
        assert found(reopened, "〔2") == []
    finally:
        reopened.close()
