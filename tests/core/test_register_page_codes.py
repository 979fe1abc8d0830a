"""A printed register (台账) page carries a 核验码 over what it lists, as minutes, sign-in sheets and agreements carry
one: an inspector with a register page could not tell whether it matched the data."""

from __future__ import annotations

from fazhi_desktop.core.documents import build_register_document, check_print
from fazhi_desktop.core.documents.verify import MARK_LABEL, QR_PREFIX


def cases(store, valid_record, count: int) -> list:
    return [store.save("mediation_case", valid_record("mediation_case", accepted_on=f"2026-{3 + day // 28:02d}-"
                                                      f"{1 + day % 28:02d}", case_name=f"马某与李某宅基地纠纷{day}"),
                       "杨芳") for day in range(count)]


def page_codes(doc) -> list[str]:
    """The code printed on each page, read from the page itself."""
    codes = []
    for page in doc.pages:
        marks = [run.text for run in page.texts() if run.text.startswith(f"{MARK_LABEL} ")]
        assert len(marks) == 1, marks
        codes.append(marks[0].removeprefix(f"{MARK_LABEL} "))
    return codes


def test_every_register_page_carries_its_own_code_and_a_genuine_page_verifies(store, valid_record):
    cases(store, valid_record, 40)  # more than a landscape page holds
    doc = build_register_document(store, "mediation_case", 2026)
    codes = page_codes(doc)
    assert len(doc.pages) >= 2 and len(set(codes)) == len(codes)
    assert len(codes[0]) == len("01a215c7799b-1-98e25040")  # as short to type as a record's
    assert codes[1].split("-")[1] == "2"  # the page number in the middle
    for number, code in enumerate(codes, 1):
        result = check_print(store, code)
        assert result.ok, result.message
        title = "海城镇司法所2026年调解案件台账"
        assert result.message.startswith(f"一致：纸面所印为{title}第 {number} 页（共 {len(codes)} 页）")
        assert "条记录与数据库现有内容相同" in result.message
    assert check_print(store, QR_PREFIX + codes[0]).ok  # scanned
    again = page_codes(build_register_document(store, "mediation_case", 2026))
    assert again == codes  # printed again unchanged: the same codes


def test_a_record_changed_or_deleted_after_printing_is_named_and_one_added_is_no_mismatch(store, valid_record):
    saved = cases(store, valid_record, 5)
    code = page_codes(build_register_document(store, "mediation_case", 2026))[0]
    store.save("mediation_case", valid_record("mediation_case", accepted_on="2026-03-02"), "杨芳")  # added
    assert check_print(store, code).ok  # on no page printed before
    store.save("mediation_case", {"case_name": "马某与李某宅基地边界纠纷"}, "杨芳", record_id=saved[1].id)
    store.delete(saved[3].id, "杨芳")
    result = check_print(store, code)
    assert result.status == "changed" and not result.ok
    assert "〔2026〕人调字第2号 打印的是第 1 版，数据库中现为第 2 版（最后由 杨芳 于" in result.message
    assert "〔2026〕人调字第4号（打印的是第 1 版，杨芳 于" in result.message and "删除）已删除" in result.message
    assert "其余 3 条与数据库相同。请以数据库为准或重新打印。" in result.message
    assert result.record_id == saved[1].id  # 打开记录 opens the one changed


def test_a_mistyped_register_code_is_refused_saying_so(store, valid_record):
    cases(store, valid_record, 3)
    code = page_codes(build_register_document(store, "mediation_case", 2026))[0]
    page_id, page, digits = code.split("-")
    slip = f"{page_id}-{page}-{digits[:-1]}{'0' if digits[-1] != '0' else '1'}"
    result = check_print(store, slip)
    assert result.status == "mismatch" and "核验码多半抄写有误：与该页的核验码只差一位" in result.message
    wrong_page = check_print(store, f"{page_id}-2-{digits}")
    assert "其中的页码若是 1，即为该台账第 1 页的核验码" in wrong_page.message
    unknown = check_print(store, f"{'0' * 12}-1-{digits}")
    assert unknown.status == "unknown" and "没有核验码" in unknown.message and "对应的记录或台账页" in unknown.message


def test_a_row_continued_on_the_next_page_is_on_both_pages_codes(store, valid_record):
    """A meeting of twenty long 议题 goes on under "1（续）" on page 2: a change to it shows on both pages."""
    items = [{"title": f"关于《海原县海城镇2026年第{n}批次农村人居环境整治及矛盾纠纷排查化解工作方案（试行）》的审议"}
             for n in range(1, 21)]
    big = store.save("meeting", valid_record("meeting", agenda_items=items, held_on="2026-03-05"), "杨芳")
    store.save("meeting", valid_record("meeting", held_on="2026-03-06"), "杨芳")
    codes = page_codes(build_register_document(store, "meeting", 2026))
    store.save("meeting", {"location": "司法所调解室"}, "杨芳", record_id=big.id)
    for code in codes[:2]:
        result = check_print(store, code)
        assert result.status == "changed" and f"{big.number} 打印的是第 1 版" in result.message


def test_a_read_only_database_still_prints_its_register_without_codes_that_check_out_nowhere(store, valid_record):
    """A database on a write-protected stick opens 可以查看和打印: the register failed to print at all
    (记录台账核验码失败…只读). It prints; a page kept by an earlier printing keeps its code, any other says it has
    none."""
    cases(store, valid_record, 40)
    kept = page_codes(build_register_document(store, "mediation_case", 2026))
    store.conn.execute("PRAGMA query_only = ON")  # what SQLite says for a read-only file
    try:
        again = build_register_document(store, "mediation_case", 2026)
        assert page_codes(again) == kept  # printed before: their codes, which check out
        store.conn.execute("PRAGMA query_only = OFF")
        store.save("mediation_case", valid_record("mediation_case", accepted_on="2026-02-01"), "杨芳")  # page 1 moves
        store.conn.execute("PRAGMA query_only = ON")
        doc = build_register_document(store, "mediation_case", 2026)
    finally:
        store.conn.execute("PRAGMA query_only = OFF")
    texts = [[run.text for run in page.texts()] for page in doc.pages]
    assert not any(text.startswith(MARK_LABEL) for text in texts[0])
    assert "本页 23 条记录，无核验码（打印时数据库不能写入）" in texts[0], texts[0][-5:]  # a case a line
