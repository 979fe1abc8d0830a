# ruff: noqa: F811  (the archived fixture imported from tests/archived_year.py)
"""A backup made before 年度封账, restored after it: the year is open again, the correction made while it was reopened
is gone, and the register and agreements printed for the archive box no longer match. The 管理员 is told so before
and after the restore, and a paper from the archive box is not taken for another township's."""

from __future__ import annotations

from archived_year import archived  # noqa: F401  (fixture)

from fazhi_desktop.core import year_close
from fazhi_desktop.core.backup import create_backup, prepare_restore, restore
from fazhi_desktop.core.documents import check_print
from fazhi_desktop.core.store import Store

ANOTHER_TOWNSHIP = "可能来自其他乡镇的数据库"


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
