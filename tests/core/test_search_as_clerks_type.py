"""Searches as the review of finding a record typed them (s23): a search of punctuation only (〔 an input method
commits alone) reads no record and finds nothing, and punctuation next to a word narrows to where that word starts or
ends a run; a month without its year (3月, 三月) is a month of the list's year, 2025年 that year; an attachment's file
name is searched, never its digest; Latin letters with tone marks are folded as the index folds them."""

from __future__ import annotations

import pytest

from fazhi_desktop.core import attachments, search, settings
from fazhi_desktop.core.db import search_table
from fazhi_desktop.core.store import ListQuery, Store

ACTOR = "马文军"


def meeting(store: Store, valid_record, title: str, **values) -> str:
    return store.save("meeting", valid_record("meeting", title=title, **values), actor=ACTOR).id


def found(store: Store, text: str, year: int | None = None) -> list[str]:
    return sorted(r.id for r in store.list(ListQuery("meeting", text=text, year=year)))


@pytest.fixture
def confirmed(store, monkeypatch) -> list[int]:
    """How many records each search read to confirm its matches (the seconds a punctuation search took)."""
    counts: list[int] = []
    confirm = Store._confirm

    def counting(self, ledger, rids, query):
        counts.append(len(rids))
        return confirm(self, ledger, rids, query)

    monkeypatch.setattr(Store, "_confirm", counting)
    return counts


@pytest.mark.parametrize("typed", ["〔", "（", "(", "、", "-", "😀", "〔〕 、"])
def test_a_search_of_punctuation_only_reads_no_record_and_finds_nothing(store, valid_record, confirmed, typed):
    """〔 committed alone by the input method read every record of the ledger (2.8 s at 20,000) and listed all."""
    for title in ("学习（扩大）会议", "张三、李四参加", "2026-03 例会 😀"):
        meeting(store, valid_record, title)
    assert found(store, typed) == []
    assert confirmed == []
    assert not search.has_words(typed) and search.has_words("〔2026")


def test_punctuation_beside_other_words_is_looked_for_among_their_records_only(store, valid_record, confirmed):
    both = meeting(store, valid_record, "马文、李四参加")
    meeting(store, valid_record, "马文参加")
    meeting(store, valid_record, "张三、李四参加")
    assert found(store, "马文 、") == [both]
    assert confirmed == [2]  # the two 马文 records, not the third


def test_a_word_then_punctuation_narrows_to_where_the_word_ends_a_run(store, valid_record, confirmed):
    """马、 confirmed every record holding a 马 (three in four in Haiyuan: 1.6 s at 20,000); only a run ending in 马
    can be followed by 、."""
    listed = meeting(store, valid_record, "参加人员：张三、马、李四")
    meeting(store, valid_record, "马文参加")
    meeting(store, valid_record, "马秀兰调解")
    assert found(store, "马、") == [listed]
    assert confirmed == [1]


def test_punctuation_then_a_word_finds_it_at_a_run_start_also_first_in_the_record(store, valid_record):
    after = meeting(store, valid_record, "参加人员：张三、马文")
    meeting(store, valid_record, "张马文参加")
    assert found(store, "、马") == [after]
    numbered = found(store, "〔2026")  # every number starts 〔2026〕: the first run of each record's text
    assert len(numbered) == 2 and numbered == found(store, "2026〕")


def test_a_month_without_its_year_is_that_month_of_the_years_listed(store, valid_record):
    """马 3月 with 2025年 chosen missed a case accepted on 2025-03-18 whose text said no 3月; 三月 found nothing."""
    march = meeting(store, valid_record, "安全生产例会", held_on="2025-03-18")
    march_before = meeting(store, valid_record, "安全生产例会", held_on="2024-03-05")
    meeting(store, valid_record, "安全生产例会", held_on="2025-04-03")
    for typed in ("3月", "三月", "3月份", "03月", "2025年三月", "例会 3月"):
        assert found(store, typed, year=2025) == [march], typed
    assert found(store, "三月") == sorted([march, march_before])
    assert found(store, "十二月") == []


def test_a_year_alone_finds_that_years_records(store, valid_record):
    """2025年 with 2025年 chosen: 共 0 条 while 31 existed."""
    in_2025 = meeting(store, valid_record, "安全生产例会", held_on="2025-06-01")
    meeting(store, valid_record, "安全生产例会", held_on="2024-06-01")
    assert found(store, "2025年", year=2025) == found(store, "2025年") == [in_2025]


def test_an_attachments_file_name_is_searched_never_its_digest(store, valid_record, tmp_path):
    scan = tmp_path / "马龘宅基地现场照片.jpg"
    scan.write_bytes(b"jpeg")
    entry = attachments.add_attachment(store, scan)
    with_photo = meeting(store, valid_record, "宅基地纠纷现场会", attachments=[entry])
    meeting(store, valid_record, "宅基地纠纷现场会")
    assert found(store, "现场照片") == found(store, "jpg") == [with_photo]
    assert found(store, entry["sha256"][:12]) == []
    assert store.found_in(store.get(with_photo), "现场照片") == ["附件"]


def test_an_index_built_before_attachments_were_searched_is_rebuilt_when_opened(store, valid_record, tmp_path,
                                                                                 ledgers):
    scan = tmp_path / "协议扫描件.pdf"
    scan.write_bytes(b"pdf")
    with_scan = meeting(store, valid_record, "调解协议签订", attachments=[attachments.add_attachment(store, scan)])
    table = search_table("meeting")
    with store.conn:  # the index as the last version built it: without file names, under its rules' mark
        store.conn.execute(f'INSERT INTO "{table}"("{table}") VALUES (\'delete-all\')')
        store.conn.execute(f'INSERT INTO "{table}"(rowid, grams) VALUES (1, ?)', [search.tokens(["调解协议签订"])])
        settings.write(store.conn, **{f"{search.INDEX_SETTING}meeting": "3:0123456789abcdef"})
    path = store.path
    store.close()
    reopened = Store.open(path, ledgers=ledgers)
    try:
        assert found(reopened, "扫描件") == [with_scan]
    finally:
        reopened.close()


def test_a_tone_marked_letter_finds_what_the_record_shows_it_holds(store, valid_record):
    """mǎ found the records of “ma” (the index strips tone marks, the check did not), and said nowhere why."""
    marked = meeting(store, valid_record, "Pinyin mǎ wén")
    plain = meeting(store, valid_record, "Pinyin ma wen")
    meeting(store, valid_record, "Pinyin mo")
    assert found(store, "mǎ") == found(store, "ma") == found(store, "má") == sorted([marked, plain])
    for rid in (marked, plain):
        assert store.found_in(store.get(rid), "mǎ") == ["会议名称/届次"] == store.found_in(store.get(rid), "ma wén")
    assert search.normalize("Lǜ Wén É") == "lu wen e"
