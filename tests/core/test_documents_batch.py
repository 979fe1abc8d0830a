"""Several records' documents of one kind in one PDF (core/documents/batch.py): each record's document as it
prints alone, one after the other from a new page, its page numbers and verification code its own; records the
kind does not apply to named, never dropped silently."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fazhi_desktop.core import reveals
from fazhi_desktop.core.demo import fill_demo
from fazhi_desktop.core.documents import DocumentError, build_document
from fazhi_desktop.core.documents.batch import MAX_RECORDS, MOST_REASONS, build_batch, render_batch
from fazhi_desktop.core.jobs import Cancelled
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import ListQuery, Store

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is installed by .ci/setup")


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Store:
    """A township with a year of demo records in every ledger."""
    path = tmp_path_factory.mktemp("batch") / "demo.db"
    moment = datetime(2026, 11, 30, 8, tzinfo=UTC)
    store = init_database(path, "640522100", operator="杨芳", clock=lambda: moment)
    fill_demo(store, 2026, per_ledger=12, seed=7)
    yield store
    store.close()


def ids(store: Store, ledger: str, count: int) -> list[str]:
    return [record.id for record in store.list(ListQuery(ledger), limit=count)]


def pdf_pages(path: Path) -> list[str]:
    """The text of each page."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


@needs_poppler
def test_each_meetings_minutes_follow_from_a_new_page_with_their_own_numbers_and_code(demo, tmp_path):
    chosen = ids(demo, "meeting", 4)
    singles = [build_document(demo, record_id, "minutes") for record_id in chosen]
    written = render_batch(demo, chosen, "minutes", tmp_path / "纪要.pdf")
    pages = pdf_pages(written.path)
    assert len(pages) == sum(len(doc.pages) for doc in singles) == len(written.document.pages)
    assert [part.record.id for part in written.parts] == chosen  # in the order given
    for part, single in zip(written.parts, singles, strict=True):
        assert part.pages == len(single.pages) and part.code == single.code
        own = pages[part.first_page - 1 : part.first_page - 1 + part.pages]
        assert "会议纪要" in own[0] and part.record.number in own[0]  # its mark and number open its first page
        assert [re.findall(r"—\s*(\d+)\s*—", page) for page in own] == [[str(n)] for n in range(1, part.pages + 1)]
        assert single.code in own[-1]  # its verification code on its own last page
    assert written.skipped == []


@needs_poppler
def test_agreements_skip_the_cases_without_one_and_name_them(demo, tmp_path):
    cases = demo.list(ListQuery("mediation_case"))
    written = render_batch(demo, [case.id for case in cases], "agreement", tmp_path / "协议书.pdf")
    refused = [case for case in cases if case.values.get("result") == "调解不成功(终止)"
               or case.values.get("agreement_form") == "口头" or case.values.get("case_category") == "行政裁决"]
    assert refused and len(written.parts) == len(cases) - len(refused)
    assert [s.name for s in written.skipped] == [case.number for case in refused]
    assert all(case.number in s.reason for case, s in zip(refused, written.skipped, strict=True))
    pages = pdf_pages(written.path)
    for part in written.parts:  # 第1页 共N页 of that agreement, not of the file
        own = pages[part.first_page - 1 : part.first_page - 1 + part.pages]
        assert [re.findall(r"第\s*(\d+)\s*页\s*共\s*(\d+)\s*页", page) for page in own] == \
            [[(str(n), str(part.pages))] for n in range(1, part.pages + 1)]
    assert f"跳过 {len(refused)} 条" in written.summary() and refused[0].number in written.summary()


def test_a_batch_none_of_which_has_the_document_is_refused_naming_each(demo, tmp_path):
    failed = [case.id for case in demo.list(ListQuery("mediation_case"))
              if case.values.get("result") == "调解不成功(终止)"]
    with pytest.raises(DocumentError, match=r"都不能打印为调解协议书") as refused:
        render_batch(demo, failed, "agreement", tmp_path / "x.pdf")
    assert str(refused.value).count("调解不成功") == len(failed)
    assert not (tmp_path / "x.pdf").exists()


def test_a_long_list_of_refusals_names_ten_and_counts_the_rest(demo, tmp_path):
    """Sixty lines of reasons made the message box, or the batch dialog, taller than the screen."""
    meetings = ids(demo, "meeting", 12)
    with pytest.raises(DocumentError, match=r"所选 12 条记录都不能打印为调解协议书") as refused:
        render_batch(demo, meetings, "agreement", tmp_path / "x.pdf")
    message = str(refused.value)
    assert message.count("\n· ") == MOST_REASONS == 10 and message.endswith("\n……等 12 条")


def test_a_record_deleted_meanwhile_is_named_not_printed(store, valid_record, tmp_path):
    kept = store.save("meeting", valid_record("meeting"), "杨芳")
    gone = store.save("meeting", valid_record("meeting", title="已删除的会议"), "杨芳")
    store.delete(gone.id, "杨芳")
    batch = build_batch(store, [kept.id, gone.id], "signin")
    assert batch.records == [store.get(kept.id)] and batch.skipped[0].name == gone.id
    assert "找不到记录" in batch.skipped[0].reason


def test_cancelling_leaves_no_file(demo, tmp_path):
    def cancel_at_third(done: int, total: int, text: str) -> None:
        if done == 2:
            raise Cancelled()

    with pytest.raises(Cancelled):
        render_batch(demo, ids(demo, "meeting", 5), "minutes", tmp_path / "纪要.pdf", progress=cancel_at_third)
    assert list(tmp_path.iterdir()) == []


def test_cancelling_while_the_pdf_is_written_leaves_no_file(demo, tmp_path):
    def cancel_writing(done: int, total: int, text: str) -> None:
        if text.startswith("正在写入PDF"):
            raise Cancelled()

    with pytest.raises(Cancelled):
        render_batch(demo, ids(demo, "meeting", 3), "signin", tmp_path / "签到表.pdf", progress=cancel_writing)
    assert list(tmp_path.iterdir()) == []


def test_duplex_puts_a_blank_back_behind_a_document_of_odd_pages(demo):
    chosen = ids(demo, "meeting", 3)
    plain = build_batch(demo, chosen, "signin")
    assert [part.pages for part in plain.parts] == [1, 1, 1]
    duplex = build_batch(demo, chosen, "signin", duplex=True)
    assert [part.first_page for part in duplex.parts] == [1, 3, 5]
    assert len(duplex.document.pages) == 5 and duplex.document.pages[1].items == []  # no blank after the last


def test_id_numbers_are_masked_unless_revealed_and_a_reveal_is_noted_once_per_record(store, tmp_path):
    case = {"case_category": "人民调解", "accepted_on": "2026-03-02", "dispute_type": "房屋宅基地纠纷",
            "result": "调解成功", "agreement_content": "双方以登记图为准重新确界。",
            "parties": [{"role": "申请人", "party_type": "自然人", "name": "马文", "id_number": "640522196103231939"},
                        {"role": "被申请人", "party_type": "自然人", "name": "李海"}]}
    cases = [store.save("mediation_case", {**case, "case_name": f"宅基地纠纷{n}"}, "杨芳") for n in (1, 2)]
    masked = build_batch(store, [c.id for c in cases], "agreement")
    assert "640522196103231939" not in masked.document.text() and reveals.reveal_log(store) == []
    render_batch(store, [c.id for c in cases], "agreement", tmp_path / "协议书.pdf", reveal=True, how="导出PDF")
    assert sorted((e["number"], e["how"]) for e in reveals.reveal_log(store)) == \
        sorted((c.number, "导出PDF调解协议书") for c in cases)


def test_an_unknown_kind_an_empty_choice_and_too_many_records_are_refused(demo):
    with pytest.raises(DocumentError, match="未知的文书类型"):
        build_batch(demo, ids(demo, "meeting", 1), "letter")
    with pytest.raises(DocumentError, match="没有选中记录"):
        build_batch(demo, [], "minutes")
    with pytest.raises(DocumentError, match=f"一次最多打印 {MAX_RECORDS} 条"):
        build_batch(demo, ["x"] * (MAX_RECORDS + 1), "minutes")
