"""撤销Excel导入 after 链接同日的记录 (session 25): the import's question offers to link its meetings to the 会前学法 of
their days, 链接 preselected; the links were saved as ordinary changes, so an undo of the import right after kept every
linked meeting as 导入后已修改 (the wrong file's meetings stayed, to be deleted one by one, their numbers used). A
link the import offered is part of it: the undo deletes such a meeting as imported; one changed otherwise stays."""

from __future__ import annotations

import pytest
from excel_files import MEETING, filled_template

from fazhi_desktop.core import import_undo
from fazhi_desktop.core.errors import ValidationError
from fazhi_desktop.core.excel_import import import_records, read_records
from fazhi_desktop.core.links import link_all, unlinked_after_import
from fazhi_desktop.core.store import LINKED_NOTE, ListQuery


def test_meetings_linked_after_their_import_are_undone_with_it(store, ledgers, tmp_path, valid_record):
    studies = [store.save("law_study", valid_record("law_study", held_on=day, activity_type="会前学法"), "马文")
               for day in ("2026-01-08", "2026-02-10")]
    rows = [{**MEETING, "会议名称/届次": f"2026年第{n}次乡镇政府常务会议", "会议日期": day}
            for n, day in enumerate(("2026-01-08", "2026-02-10", "2026-03-03"), 1)]
    path = filled_template(ledgers["meeting"], tmp_path / "会议.xlsx", rows)
    saved = import_records(store, read_records(store, "meeting", path), "马文")
    link_all(store, unlinked_after_import(store, saved), "马文")
    store.save("meeting", {"remarks": "已核对"}, "马文", record_id=saved[2].id)  # her own change: it stays

    [plan] = import_undo.recent(store)
    assert [number for _, number in plan.undoable] == ["〔2026〕会记字第1号", "〔2026〕会记字第2号"]
    assert [str(kept) for kept in plan.kept] == ["〔2026〕会记字第3号（2026年第3次乡镇政府常务会议）：导入后已修改"]
    import_undo.undo(store, plan.id, "杨芳", expected=[record_id for record_id, _ in plan.undoable])
    assert [r.number for r in store.list(ListQuery("meeting"))] == ["〔2026〕会记字第3号"]
    assert all(not store.get(s.id).deleted for s in studies)  # the studies were never the import's


def test_the_links_note_typed_as_a_reason_is_refused_so_an_undo_keeps_her_edit(store, ledgers, tmp_path,
                                                                               valid_record):
    """The note is the undo's proof that a change was the import's link: typed as `fazhi update --reason`, an edit
    of hers passed for one, and the undo deleted the meeting she had corrected."""
    store.save("law_study", valid_record("law_study", held_on="2026-01-08", activity_type="会前学法"), "马文")
    path = filled_template(ledgers["meeting"], tmp_path / "会议.xlsx",
                           [{**MEETING, "会议名称/届次": "2026年第1次乡镇政府常务会议", "会议日期": "2026-01-08"}])
    [meeting] = import_records(store, read_records(store, "meeting", path), "马文")
    [linked] = link_all(store, unlinked_after_import(store, [meeting]), "马文")
    with pytest.raises(ValidationError) as refused:
        store.save("meeting", {"remarks": "已核对纸质记录"}, "马文", record_id=meeting.id,
                   reason=f" {LINKED_NOTE} ")
    assert "修改原因" in str(refused.value) and "程序自动记入" in str(refused.value)
    store.save("meeting", {"remarks": "已核对纸质记录"}, "马文", record_id=meeting.id, reason="核对纸质记录")
    [plan] = import_undo.recent(store)
    assert not plan.undoable and [k.reason for k in plan.kept] == ["导入后已修改"]
    assert linked.revision == 2 and store.history(meeting.id)[1]["reason"] == LINKED_NOTE  # the link's own note
