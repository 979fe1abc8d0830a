"""The reveal log: every deliberate showing of full ID and phone numbers is noted, by whom, of which record and how,
before anything is shown; the numbers themselves never are; only a 所长 or 管理员 may reveal, and a 管理员 reads it."""

from __future__ import annotations

import pytest

from fazhi_desktop.core import accounts, reveals
from fazhi_desktop.core.documents import build_document
from fazhi_desktop.core.errors import FazhiError, PermissionDenied

ID_NUMBER = "640522196103231939"
STAFF_PASSWORD = "mima-2026"  # the `staff` fixture's accounts (tests/conftest.py)


@pytest.fixture
def case(store, staff, valid_record):
    store.user = staff["clerk"]
    party = {"role": "申请人", "party_type": "自然人", "name": "马某", "id_number": ID_NUMBER,
             "phone": "13909541234"}
    record = store.save("mediation_case", valid_record("mediation_case", parties=[party]), "马丽")
    accounts.logout(store)
    return record


def test_printing_with_full_numbers_is_noted_with_who_what_and_how_and_never_the_number(store, staff, case):
    store.user = staff["head"]
    build_document(store, case.id, "agreement", reveal=True, how="打印预览")
    build_document(store, case.id, "agreement")  # masked: nothing to note
    build_document(store, case.id, "record", reveal=True, how="导出PDF")
    store.user = staff["admin"]
    log = reveals.reveal_log(store)
    assert [(e["actor"], e["number"], e["how"]) for e in log] == [
        ("杨芳", case.number, "导出PDF记录"), ("杨芳", case.number, "打印预览调解协议书")]
    assert reveals.record_text(store, log[0]) == f"调解案件 {case.number}"
    stored = store.conn.execute("SELECT * FROM reveal_log").fetchall()
    assert stored and all(ID_NUMBER not in str(v) and "13909541234" not in str(v) for row in stored for v in row)


def test_a_clerk_cannot_reveal_even_past_the_window_and_nothing_is_noted(store, staff, case):
    store.user = staff["clerk"]
    with pytest.raises(PermissionDenied, match="显示完整的身份证号和电话"):
        build_document(store, case.id, "agreement", reveal=True)
    store.user = staff["admin"]
    assert reveals.reveal_log(store) == []


def test_only_records_holding_numbers_are_noted(store, staff, case, valid_record):
    store.user = staff["head"]
    without = store.save("mediation_case", valid_record("mediation_case", case_name="无证件号的案件"), "杨芳")
    assert reveals.note_reveals(store, [case, without], "fazhi list --reveal") == 1
    store.user = staff["admin"]
    assert [e["record_id"] for e in reveals.reveal_log(store)] == [case.id]
    assert reveals.reveal_log(store, record=without.id) == []


def test_the_log_is_for_a_manager(store, staff, case):
    store.user = staff["head"]
    with pytest.raises(PermissionDenied, match="管理账户"):
        reveals.reveal_log(store)
    assert accounts.login(store, "admin", STAFF_PASSWORD)
    assert reveals.reveal_log(store) == []


def test_nobody_logged_in_reveals_nothing_and_reads_no_log_where_there_are_accounts(store, staff, case):
    from fazhi_desktop.core.errors import LoginFailed

    with pytest.raises(LoginFailed, match="请先登录"):
        build_document(store, case.id, "agreement", reveal=True)
    with pytest.raises(LoginFailed, match="请先登录"):
        reveals.reveal_log(store)


def test_a_list_exported_with_numbers_is_noted_once_written_and_not_when_refused(store, staff, case, tmp_path):
    from fazhi_desktop.core.list_export import write_list
    from fazhi_desktop.core.store import ListQuery

    store.user = staff["head"]
    (tmp_path / "占用.xlsx").mkdir()  # no file can be put there: nothing was revealed, nothing is noted
    with pytest.raises(FazhiError, match=r"占用\.xlsx"):
        write_list(store, ListQuery("mediation_case"), tmp_path / "占用.xlsx", reveal=True)
    assert write_list(store, ListQuery("mediation_case"), tmp_path / "案件.csv", reveal=True) == 1
    assert ID_NUMBER in (tmp_path / "案件.csv").read_text(encoding="utf-8-sig")
    store.user = staff["admin"]
    assert [e["how"] for e in reveals.reveal_log(store)] == ["导出列表（案件.csv）"]


def test_a_pdf_with_numbers_is_noted_once_written_and_not_when_it_could_not_be(store, staff, case, tmp_path):
    from fazhi_desktop.core.documents import DocumentError, export_pdf, render_document

    store.user = staff["head"]
    doc = build_document(store, case.id, "agreement", reveal=True, how=None)
    stick = tmp_path / "U盘"
    (stick / "占用.pdf").mkdir(parents=True)  # the finished file cannot take this name: nothing was revealed
    with pytest.raises(DocumentError, match=r"占用\.pdf"):
        export_pdf(store, doc, case, stick / "占用.pdf")
    assert [p.name for p in stick.iterdir()] == ["占用.pdf"]  # no temporary file left either
    store.user = staff["admin"]
    assert reveals.reveal_log(store) == []
    store.user = staff["head"]
    render_document(store, case.id, "agreement", stick / "协议书.pdf", reveal=True)
    assert (stick / "协议书.pdf").stat().st_size > 0
    store.user = staff["admin"]
    assert [e["how"] for e in reveals.reveal_log(store)] == ["fazhi pdf 导出调解协议书"]


def test_a_pdf_in_place_keeps_its_reveal_entry_when_its_folder_cannot_be_synced(store, staff, case, tmp_path,
                                                                                 monkeypatch):
    """The folder's sync failing after the rename withdrew the entry though the PDF with full numbers was there."""
    from fazhi_desktop.core import atomic
    from fazhi_desktop.core.documents import export_pdf

    def refuse(_folder):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(atomic, "fsync_dir", refuse)
    store.user = staff["head"]
    doc = build_document(store, case.id, "agreement", reveal=True, how=None)
    assert export_pdf(store, doc, case, tmp_path / "协议书.pdf").exists()
    store.user = staff["admin"]
    assert [e["how"] for e in reveals.reveal_log(store)] == ["导出PDF调解协议书"]


def test_a_head_made_clerk_while_her_reveal_waits_is_refused_and_nothing_noted(store, staff, case, changed_meanwhile):
    """The right was asked before the entry waited for the write lock: a 管理员's change committed meanwhile let a
    录入员 see the full number, the entry naming her."""
    store.user = staff["head"]
    with changed_meanwhile("杨芳", role="clerk"), pytest.raises(PermissionDenied, match="录入员无权"):
        reveals.note_reveals(store, [case], "编辑窗口")
    store.user = staff["admin"]
    assert reveals.reveal_log(store) == []


def test_a_pdf_whose_reveal_cannot_be_noted_is_not_written(store, staff, case, tmp_path, monkeypatch):
    from fazhi_desktop.core.documents import DocumentError, export_pdf
    from fazhi_desktop.core.failures import DatabaseLocked

    store.user = staff["head"]
    doc = build_document(store, case.id, "agreement", reveal=True, how=None)

    def locked(*_args, **_kwargs):  # as a DB Browser holding the write lock for longer than the 5 s wait
        raise DatabaseLocked("数据库正被另一个程序使用")

    (tmp_path / "U盘").mkdir()
    monkeypatch.setattr(reveals.dbmod, "transaction", locked)
    with pytest.raises(DocumentError, match="无法记录本次显示完整证件号，未导出PDF"):
        export_pdf(store, doc, case, tmp_path / "U盘" / "协议书.pdf")
    assert list((tmp_path / "U盘").iterdir()) == []


def test_the_log_of_a_deleted_record_is_found_by_its_number(store, staff, case):
    store.user = staff["head"]
    reveals.note_reveals(store, [case], "打印调解协议书")
    store.delete(case.id, "杨芳")
    store.user = staff["admin"]
    assert [e["record_id"] for e in reveals.reveal_log(store, record=case.number)] == [case.id]
    assert [e["record_id"] for e in reveals.reveal_log(store, record=case.id)] == [case.id]


def test_the_log_of_a_renumbered_record_is_found_by_its_number_now_and_says_it(store, staff, case):
    """Shown as 〔2026〕人调字第1号, then corrected to 行政调解: asked by its number now, 〔2026〕行调字第1号, the log
    said 共 0 条 although the 所长 had printed it in full."""
    store.user = staff["head"]
    reveals.note_reveals(store, [case], "打印调解协议书")
    renumbered = store.save("mediation_case", {"case_category": "行政调解"}, "杨芳", record_id=case.id)
    assert (case.number, renumbered.number) == ("〔2026〕人调字第1号", "〔2026〕行调字第1号")
    store.user = staff["admin"]
    for key in (renumbered.number, case.number, case.id):
        [entry] = reveals.reveal_log(store, record=key)
        assert reveals.record_text(store, entry) == "调解案件 〔2026〕人调字第1号（现为〔2026〕行调字第1号）"
    person = reveals.person_entry(store, "0190aaaa-0000-7000-8000-000000000001", "李强")
    reveals.note_entries(store, [person], "人员名册中查看电话")  # a roster person's entry: by id or by name
    assert [e["number"] for e in reveals.reveal_log(store, record=person[0])] == ["李强"]
    assert [e["record_id"] for e in reveals.reveal_log(store, record="李强")] == [person[0]]
