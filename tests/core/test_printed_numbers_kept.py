"""A number printed on a record's paper (会议纪要, 签到表, 调解协议书, 个人信息摘录) that went into the archive was
given back all the same when the record's year was corrected or its Excel import undone, and given to the next record:
two papers of the office, one number. Each print is now kept (migration 039), shown in the record's 修改历史, and
the one rule of giving numbers back (printed.number_kept) keeps such a number used, as a bundle's or a printed
register page's, for an edit and for 撤销Excel导入 alike."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from excel_files import filled_template, meetings
from person_records import HIS_ID, add_his_records

from fazhi_desktop.core import accounts, import_undo, person_search
from fazhi_desktop.core.documents import build_document, print_code, render_document
from fazhi_desktop.core.documents.batch import render_batch
from fazhi_desktop.core.documents.extract import render_extract
from fazhi_desktop.core.documents.register_codes import save_pages
from fazhi_desktop.core.excel_import import import_records, read_records
from fazhi_desktop.core.history import record_history, versions
from fazhi_desktop.core.printed import prints_of
from fazhi_desktop.core.store import Store
from fazhi_desktop.core.year_slip import renumbered_said

ACTOR = "杨芳"


@pytest.fixture
def january(store, clock, beijing_time):
    """2 January 2027, the clerk entering last December's paper records."""
    clock.set(datetime(2027, 1, 2, 1, 0, tzinfo=UTC))
    return store


def meeting(store, valid_record, held_on: str, title: str = "镇党委会议"):
    return store.save("meeting", valid_record("meeting", title=title, held_on=held_on), ACTOR)


def printed(store, record, kind: str, tmp_path) -> None:
    render_document(store, record.id, kind, tmp_path / f"{kind}.pdf")


# -- a year corrected ---------------------------------------------------------------------------------------------


def test_a_number_printed_on_minutes_stays_used_when_the_year_is_corrected(january, valid_record, tmp_path):
    slipped = meeting(january, valid_record, "2027-12-28")
    printed(january, slipped, "minutes", tmp_path)  # 〔2027〕会记字第1号 on the minutes, filed
    corrected = january.save("meeting", {"held_on": "2026-12-28"}, ACTOR, record_id=slipped.id)
    assert corrected.number == "〔2026〕会记字第1号"
    assert renumbered_said(january, slipped) == "原为 〔2027〕会记字第1号"
    assert meeting(january, valid_record, "2027-01-05", "一月例会").number == "〔2027〕会记字第2号"


def test_a_number_printed_on_a_sign_in_sheet_from_a_batch_stays_used(january, valid_record, tmp_path):
    other = meeting(january, valid_record, "2027-01-01", "元旦值班会")  # 第1号
    slipped = meeting(january, valid_record, "2027-12-28")  # 第2号
    render_batch(january, [other.id, slipped.id], "signin", tmp_path / "签到表.pdf")
    january.save("meeting", {"held_on": "2026-12-28"}, ACTOR, record_id=slipped.id)
    assert meeting(january, valid_record, "2027-01-05", "一月例会").number == "〔2027〕会记字第3号"


def test_a_paper_printed_after_the_correction_does_not_keep_the_number_left(january, valid_record, tmp_path):
    """The minutes printed once the date was right carry 〔2026〕会记字第1号: 〔2027〕会记字第1号 is on no paper, and
    a preview is no paper."""
    slipped = meeting(january, valid_record, "2027-12-28")
    build_document(january, slipped.id, "minutes", how="打印预览")
    corrected = january.save("meeting", {"held_on": "2026-12-28"}, ACTOR, record_id=slipped.id)
    printed(january, corrected, "minutes", tmp_path)
    assert renumbered_said(january, slipped) == "原为 〔2027〕会记字第1号，原编号已收回"
    assert meeting(january, valid_record, "2027-01-05", "一月例会").number == "〔2027〕会记字第1号"


# -- a record deleted ---------------------------------------------------------------------------------------------


def test_a_printed_record_deleted_keeps_its_number_and_comes_back_with_it(store, valid_record, tmp_path):
    """Deleting one record never gives its number back (the register says 已删除); its print stays in its history."""
    case = store.save("mediation_case", valid_record("mediation_case", result="调解成功"), ACTOR)
    printed(store, case, "record", tmp_path)
    store.delete(case.id, ACTOR)
    assert store.save("mediation_case", valid_record("mediation_case"), ACTOR).number == "〔2026〕人调字第2号"
    assert [r.action for r in record_history(store, case.id)] == ["新建", "已打印调解案件记录", "删除"]


# -- 撤销Excel导入 --------------------------------------------------------------------------------------------------


def imported(store, ledgers, tmp_path, count=3):
    path = filled_template(ledgers["meeting"], tmp_path / "会议.xlsx", meetings(count))
    return import_records(store, read_records(store, "meeting", path), "马文")


def only_import(store) -> import_undo.Plan:
    (plan,) = import_undo.recent(store)
    return plan


def minutes_of_the_last(store, saved, tmp_path) -> None:
    printed(store, saved[-1], "minutes", tmp_path)


def register_page_of_all(store, saved, _tmp_path) -> None:
    save_pages(store, "meeting", 2026, None, [saved])


@pytest.mark.parametrize(("paper", "said"), [
    (minutes_of_the_last, "〔2026〕会记字第3号 已印在 2026-06-01 打印的会议纪要上"),
    (register_page_of_all, "〔2026〕会记字第3号 已印在打印的台账上"),  # the undo did not ask before
])
def test_undoing_an_import_keeps_the_numbers_on_paper(store, ledgers, tmp_path, beijing_time, paper, said):
    paper(store, sorted(imported(store, ledgers, tmp_path), key=lambda r: r.number), tmp_path)
    plan = only_import(store)
    assert plan.numbers_text() == [f"编号不收回（{said}）：这 3 个编号不再使用，年度台账注明“已删除”"]
    import_undo.undo(store, plan.id, "杨芳")
    assert store.last_seq("meeting", 2026, "会记字") == 3


def test_undoing_an_import_gives_back_the_numbers_after_the_last_one_printed(store, ledgers, tmp_path):
    saved = sorted(imported(store, ledgers, tmp_path), key=lambda r: r.number)
    printed(store, saved[0], "signin", tmp_path)  # 第1号's sign-in sheet
    plan = only_import(store)
    assert plan.numbers_text() == [
        "编号 〔2026〕会记字第2号 至 〔2026〕会记字第3号 收回，下一条会议记录编为 〔2026〕会记字第2号"
        "；其余 1 个编号不再使用，年度台账注明“已删除”"]
    import_undo.undo(store, plan.id, "杨芳")
    assert store.last_seq("meeting", 2026, "会记字") == 1


# -- the history, a read-only database, the upgrade -----------------------------------------------------------------


def test_the_history_shows_each_paper_printed_after_the_version_it_printed(store, staff, valid_record, tmp_path, clock,
                                                                          beijing_time):
    accounts.login(store, "杨芳", "mima-2026")
    record = meeting(store, valid_record, "2026-03-05")
    clock.set(datetime(2026, 11, 28, 2, 0, tzinfo=UTC))
    printed(store, record, "minutes", tmp_path)
    store.save("meeting", {"location": "镇政府三楼会议室"}, ACTOR, record_id=record.id)
    history = record_history(store, record.id)
    assert [(r.revision, r.action) for r in history] == [(1, "新建"), (1, "已打印会议纪要"), (2, "修改")]
    line = history[1]
    assert (line.local_time, line.actor, line.status, line.changes) == ("2026-11-28 10:00", "杨芳", "草稿", ())
    assert line.code == print_code(store, record)  # the code on the paper, as the history says it
    assert versions(history) == 2


def test_a_read_only_database_still_prints_and_keeps_nothing(january, valid_record, tmp_path):
    """A database on a write-protected stick opens 可以查看和打印: the paper prints (its 核验码 checks out from the
    change log); nothing is kept, so nothing is in its history."""
    slipped = meeting(january, valid_record, "2027-12-28")
    january.conn.execute("PRAGMA query_only = ON")  # what SQLite says for a read-only file
    try:
        done = render_document(january, slipped.id, "minutes", tmp_path / "纪要.pdf")
    finally:
        january.conn.execute("PRAGMA query_only = OFF")
    assert done.path.is_file() and done.code
    assert prints_of(january.conn, slipped.id) == []


def test_an_upgraded_database_keeps_prints_from_then_on(store, valid_record, tmp_path):
    """The database as the version before left it (no record_prints): the upgrade adds the table, nothing else."""
    record = meeting(store, valid_record, "2026-03-05")
    store.conn.execute("DROP TABLE record_prints")
    store.conn.execute("DELETE FROM _migrations WHERE name = '039_record_prints'")
    path = store.path
    store.close()
    upgraded = Store.open(path)
    try:
        assert upgraded.get(record.id).number == record.number
        assert prints_of(upgraded.conn, record.id) == []
        printed(upgraded, record, "signin", tmp_path)
        assert [p.kind for p in prints_of(upgraded.conn, record.id)] == ["signin"]
        assert "已打印签到表" in [r.action for r in record_history(upgraded, record.id)]
    finally:
        upgraded.close()


def test_a_personal_extract_keeps_each_record_it_lists(store, staff, tmp_path):
    """A 个人信息摘录 handed to the party prints each of his records' numbers and 核验码: each is kept."""
    accounts.login(store, "马丽", "mima-2026")
    add_his_records(store)
    accounts.login(store, "杨芳", "mima-2026")
    found = person_search.find(store, person_search.person("马建国", HIS_ID), "当事人本人申请查阅、复制")
    rendered = render_extract(store, found, tmp_path / "摘录.pdf")
    listed = {hit.record.id: hit.record for hit in found.hits if not hit.name_differs}
    assert rendered.path.is_file() and len(listed) > 1
    for record in listed.values():
        (kept,) = prints_of(store.conn, record.id)
        assert (kept.kind, kept.number, kept.code, kept.by) == ("extract", record.number, print_code(store, record),
                                                                "杨芳")
        assert "已打印个人信息摘录" in [r.action for r in record_history(store, record.id)]
