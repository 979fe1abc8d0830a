"""After a save, the record that waits for it (core/links.waiting_for): a meeting typed before its 会前学法 study,
its 会前学法 empty. Asked (Enter 链接, Esc 不链接), never linked silently; linked through Store.save, as a change of
the meeting (a new version, in its history)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.links import waiting_for
from fazhi_desktop.core.store import Record

if TYPE_CHECKING:
    from fazhi_desktop.qt.editor.editor import RecordEditor


def offer_link(editor: RecordEditor, saved: Record, open_unsaved: Callable[[str], bool]) -> Record | None:
    """Ask whether the one record of `saved`'s day waiting for it is to link it; the record as linked, or None
    (nothing waits, she said 不链接, or it could not be saved: said in the status line). A record open with unsaved
    changes in another window (`open_unsaved`) is not asked about: a new version under it would refuse her save."""
    waiting = waiting_for(editor.store, saved)
    if waiting is None or open_unsaved(waiting.record.id):
        return None
    said = editor.status.text()
    label = waiting.field.label
    question = (f"{waiting.text}的“{label}”尚未链接，与刚保存的{saved.number}同日。\n\n"
                f"链接后，{waiting.record.number}记为第 {waiting.record.revision + 1} 版（修改历史中可查）。")
    if not editor.dialogs.confirm(editor, f"链接{label}", question, yes="链接", no="不链接", default=True):
        editor.announce(f"{said}；未链接{waiting.record.number}的“{label}”")
        return None
    try:
        linked = editor.store.save(waiting.record.ledger, {waiting.field.name: saved.id}, editor.actor,
                                   record_id=waiting.record.id, expected_revision=waiting.record.revision)
    except FazhiError as exc:
        editor.announce(f"{said}；未能链接{waiting.record.number}的“{label}”：{exc}", doubt=True)
        return None
    editor.announce(f"{said}；已链接为{linked.number}的“{label}”（第 {linked.revision} 版）")
    return linked
