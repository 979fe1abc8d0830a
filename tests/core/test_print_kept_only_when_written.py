"""导出PDF over a file the PDF reader still held open (Windows refuses to replace it) said 无法保存 … 文件被占用, and no
file appeared; the reveal noted for it was taken back, but the paper was kept as printed all the same: the record's
修改历史 said 已打印会议纪要, and the number it named on no paper was never given back (a corrected year then left
a gap in the register). A paper that never took its name is no paper: nothing is kept of it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from person_records import HIS_ID, add_his_records

from fazhi_desktop.core import accounts, atomic, person_search
from fazhi_desktop.core.documents import DocumentError, render_document
from fazhi_desktop.core.documents.extract import render_extract
from fazhi_desktop.core.history import record_history
from fazhi_desktop.core.printed import prints_of
from fazhi_desktop.core.year_slip import renumbered_said

ACTOR = "杨芳"


@pytest.fixture
def held_open(monkeypatch):
    """The PDF of that name is open in a reader: Windows refuses to replace it (after atomic.rename's tries)."""
    def refused(source, target):
        raise PermissionError(13, "另一个程序正在使用此文件，进程无法访问。", str(target))

    monkeypatch.setattr(atomic, "rename", refused)


def test_minutes_that_could_not_be_saved_are_not_kept_as_printed(store, valid_record, clock, tmp_path, held_open):
    clock.set(datetime(2027, 1, 2, 1, 0, tzinfo=UTC))
    slipped = store.save("meeting", valid_record("meeting", title="镇党委会议", held_on="2027-12-28"), ACTOR)
    with pytest.raises(DocumentError, match="文件被占用"):
        render_document(store, slipped.id, "minutes", tmp_path / "纪要.pdf")
    assert not (tmp_path / "纪要.pdf").exists()
    assert prints_of(store.conn, slipped.id) == []
    assert [r.action for r in record_history(store, slipped.id)] == ["新建"]
    store.save("meeting", {"held_on": "2026-12-28"}, ACTOR, record_id=slipped.id)
    assert renumbered_said(store, slipped) == "原为 〔2027〕会记字第1号，原编号已收回"  # on no paper


def test_an_extract_that_could_not_be_saved_keeps_none_of_its_records(store, staff, tmp_path, held_open):
    accounts.login(store, "马丽", "mima-2026")
    add_his_records(store)
    accounts.login(store, "杨芳", "mima-2026")
    found = person_search.find(store, person_search.person("马建国", HIS_ID), "当事人本人申请查阅、复制")
    with pytest.raises(DocumentError, match="文件被占用"):
        render_extract(store, found, tmp_path / "摘录.pdf")
    assert found.hits and all(prints_of(store.conn, hit.record.id) == [] for hit in found.hits)
