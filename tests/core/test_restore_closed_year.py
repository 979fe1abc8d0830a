"""A backup made before 年度封账, restored after it: the year is open again, the correction made while it was reopened
is gone, and the register and agreements printed for the archive box no longer match. The 管理员 is told so before
and after the restore, and a paper from the archive box is not taken for another township's."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import review_steps

from fazhi_desktop.core import accounts, review, year_close
from fazhi_desktop.core.backup import create_backup, prepare_restore, restore
from fazhi_desktop.core.documents import build_document, build_register_document, check_print
from fazhi_desktop.core.documents.verify import MARK_LABEL
from fazhi_desktop.core.store import Store

STAFF_PASSWORD = "mima-2026"  # the `staff` fixture's accounts (tests/conftest.py)
JANUARY = datetime(2027, 1, 8, 2, 0, tzinfo=UTC)
ANOTHER_TOWNSHIP = "可能来自其他乡镇的数据库"


@pytest.fixture
def archived(store, staff, valid_record, clock, tmp_path):
    """2026's mediation case entered and reviewed; a backup on 5 January; the year closed on 8 January and its
    agreement and register printed for the archive box; reopened on the 12th for a correction, closed again."""
    accounts.login(store, "马丽", STAFF_PASSWORD)
    case = review_steps.submit(store, store.save("mediation_case", valid_record(
        "mediation_case", result="调解成功", agreement_form="书面", agreement_content="分期履行。",
        closed_on="2026-03-20"), "").id)
    accounts.login(store, "杨芳", STAFF_PASSWORD)
    review_steps.review(store, case.id)
    clock.set(datetime(2027, 1, 5, 2, 0, tzinfo=UTC))
    backup = create_backup(store.path, tmp_path / "usb", clock=clock).path
    clock.set(JANUARY)
    year_close.close_year(store, 2026)
    agreement = build_document(store, store.get(case.id), "agreement").code
    register = build_register_document(store, "mediation_case", 2026)
    page = next(run.text for run in register.pages[0].texts() if run.text.startswith(MARK_LABEL)).split()[1]
    clock.advance(days=4)
    year_close.reopen_year(store, 2026, "县局通知更正履行方式")
    review.apply(store, case.id, "reopen", reason="更正履行方式")
    store.save("mediation_case", {**store.get(case.id).values, "agreement_content": "一次性履行。"}, "",
               record_id=case.id)
    review.apply(store, case.id, "submit")
    clock.advance(hours=1)
    year_close.close_year(store, 2026)
    clock.advance(days=1)
    return {"case": case, "backup": backup, "agreement": agreement, "page": page}


def test_the_restore_says_the_closing_goes_before_and_after(store, archived, clock):
    path = store.path
    store.close()
    prepared = prepare_restore(path, archived["backup"])
    try:
        asked = "\n".join(prepared.lines())
    finally:
        prepared.discard()
    said = ("2026年的年度封账日志中，2027-01-08 10:00 封账、2027-01-12 10:00 重新打开（原因：县局通知更正履行方式）、"
            "2027-01-12 11:00 封账（北京时间）不在所恢复的备份中；恢复后2026年没有封账")
    assert said in asked and "请所长再次封账（编辑 → 年度封账…）" in asked
    result = "\n".join(restore(path, archived["backup"], "admin", clock=clock).lines())
    assert said in result
    restored = Store.open(path, clock=clock)
    assert not year_close.is_closed(restored.conn, 2026)  # as the design has it: the year log goes back too
    restored.close()


def test_a_backup_made_after_the_closing_says_nothing_of_it(store, archived, clock, tmp_path):
    after = create_backup(store.path, tmp_path / "later", clock=clock).path
    path = store.path
    store.close()
    result = "\n".join(restore(path, after, "admin", clock=clock).lines())
    assert "年度封账日志" not in result


def test_the_archive_boxs_papers_name_the_restore_not_another_township(store, archived, clock):
    path = store.path
    store.close()
    restore(path, archived["backup"], "admin", clock=clock)
    restored = Store.open(path, clock=clock)
    agreement = check_print(restored, archived["agreement"])
    assert not agreement.ok and ANOTHER_TOWNSHIP not in agreement.message
    assert agreement.message.startswith("纸面所印为调解案件 〔2026〕人调字第1号 第 4 版，本数据库中该记录只到第 3 版：")
    assert "的备份恢复过" in agreement.message and "纸面多半是备份之后、恢复之前打印的" in agreement.message
    page = check_print(restored, archived["page"])
    assert not page.ok and "的备份恢复过" in page.message and "打印的台账页不在本数据库中" in page.message
    restored.close()


def test_a_revision_beyond_the_records_without_a_restore_is_a_slip_not_another_township(store, archived):
    code = archived["agreement"].replace("-4-", "-9-")
    said = check_print(store, code)
    assert said.status == "unknown" and ANOTHER_TOWNSHIP not in said.message
    assert "只到第 8 版" in said.message and "版次多半抄写有误" in said.message
