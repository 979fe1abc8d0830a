"""恢复未保存的内容: after a login, the drafts that account's editors left (a power cut, a crash: core/autosave.py),
each named by ledger, number or title and the time it was last written, with 恢复 (an editor with those values
over the record as stored now) and 放弃 (the draft removed). 以后再说 keeps them for the next login."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from fazhi_desktop.core import autosave
from fazhi_desktop.core.dates import cn_time
from fazhi_desktop.core.display import clip
from fazhi_desktop.core.errors import NotFound
from fazhi_desktop.core.store import Record
from fazhi_desktop.qt.common import em, push_button
from fazhi_desktop.qt.editor.autosave import put_values

TITLE = "恢复未保存的内容"


def offer(window) -> QDialog | None:
    """Show the drafts of the logged-in account that no open editor holds (its windows stay open under the idle
    lock), or nothing. Not at the county: no editor saves anything there."""
    store = window.store
    earlier = getattr(window, "autosave_offer", None)
    if earlier is not None:
        earlier.close()  # another user logged in: theirs are not shown to this one
    window.autosave_offer = None
    if store.path is None or window.read_only:
        return None
    held = {(e.editor.ledger.name, e.autosaver.key) for e in window.editors.values() if hasattr(e, "autosaver")}
    mine = autosave.listed(store.path, window.actor, autosave.identity(store.conn))  # never another database's
    saved = [d for d in mine if autosave.saved_already(store, d)]
    for draft in saved:  # saved, its file left by a power cut just after: nothing in it is unsaved
        autosave.remove(store.path, draft.account, draft.ledger, draft.key)
    drafts = [d for d in mine if (d.ledger, d.key) not in held and d.ledger in store.ledgers and d not in saved]
    if not drafts:
        return None
    window.autosave_offer = OfferDialog(window, drafts)
    window.autosave_offer.open()
    return window.autosave_offer


def stored_now(store, draft: autosave.Draft) -> Record | None:
    """The record a draft was typed over as stored now (None for a new one, or one deleted since)."""
    if draft.record_id is None:
        return None
    try:
        return store.get(draft.record_id)
    except NotFound:
        return None


def describe(store, draft: autosave.Draft) -> str:
    """台账, number (or 新记录) and title, when it was written, and whether the record moved on since."""
    ledger = store.ledger(draft.ledger)
    title = clip(str(draft.values.get(ledger.title_field) or "").strip(), 40)
    name = draft.number or "新记录"
    text = f"{ledger.label}　{name}" + (f"“{title}”" if title else "") + f"\n最后自动保存：{cn_time(draft.written_at)}"
    if draft.record_id is None:
        return text
    now = stored_now(store, draft)
    if now is None:
        # not 恢复后…: beside 已被删除 it read as the record undeleted (编辑 → 已删除的记录 → 恢复)
        return text + "\n原记录已被删除：打开后将作为新记录保存"
    if now.revision != draft.revision:
        return text + f"\n此后已被 {now.updated_by} 修改（现为第 {now.revision} 版）"
    return text


class OfferDialog(QDialog):
    """One row per draft: what it is, 恢复, 放弃. Closes itself when none is left."""
    manual_part = "停电后：恢复未保存的内容"  # F1 here opens the manual there (qt/manual_view.py)

    def __init__(self, window, drafts: list[autosave.Draft]):
        super().__init__(window)
        self.window_, self.drafts = window, list(drafts)
        self.setWindowTitle(TITLE)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        column = QVBoxLayout(self)
        intro = QLabel("上次关闭程序前（例如停电、死机），以下记录有未保存的修改，已自动保存。\n"
                       "“恢复”打开编辑窗口继续填写，核对后请保存；“放弃”删除自动保存的内容。")
        column.addWidget(intro)
        column.addSpacing(em(self, 0.6))
        self.grid = QGridLayout()
        column.addLayout(self.grid)
        self.rows: dict[str, tuple[QLabel, QPushButton, QPushButton]] = {}
        for number, draft in enumerate(self.drafts):
            label = QLabel(describe(window.store, draft))
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            restore = push_button("恢复", "打开编辑窗口，显示未保存的内容")
            drop = push_button("放弃", "删除自动保存的内容")
            restore.clicked.connect(lambda _=False, d=draft: self.restore(d))
            drop.clicked.connect(lambda _=False, d=draft: self.drop(d))
            self.grid.addWidget(label, number, 0)
            self.grid.addWidget(restore, number, 1, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(drop, number, 2, Qt.AlignmentFlag.AlignTop)
            self.rows[draft.key] = (label, restore, drop)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.later = push_button("以后再说", "关闭本窗口，下次登录时再提示")
        self.later.clicked.connect(self.close)
        buttons.addWidget(self.later)
        column.addLayout(buttons)
        self.grid.setColumnStretch(0, 1)
        self.grid.setVerticalSpacing(em(self, 0.8))
        self.setMinimumWidth(em(self, 44))

    def restore(self, draft: autosave.Draft) -> QWidget | None:
        """An editor with the draft's values, over the record as stored now. A record changed since is said first,
        naming the fields where the draft differs from it now, and she chooses (返回 closes that editor)."""
        window, store = self.window_, self.window_.store
        now = stored_now(store, draft)
        open_now = window.editors.get(draft.record_id) if now is not None else None
        if open_now is not None and open_now.editor.is_dirty():  # another draft of it restored there, or typing
            open_now.raise_()
            window.dialogs.warn(open_now, TITLE, f"{now.number} 已在编辑窗口中打开，其中有未保存的修改。\n"
                                "请先在该窗口中保存或关闭，再恢复这一份；自动保存的内容仍保留。")
            return open_now
        editor = window.open_editor(draft.ledger, now)
        if editor is None:
            return None
        reason = editor.editor.read_only_reason()
        if reason is not None:  # locked or reviewed since: shown as stored, the draft kept for when it reopens
            window.dialogs.warn(editor, TITLE, f"{now.number} 现在不能修改（{reason}），未保存的内容暂不能恢复，"
                                "自动保存的内容仍保留。")
            return editor
        put_values(editor.editor, draft.values)
        if now is not None and now.revision != draft.revision and not window.dialogs.confirm(
                editor, TITLE, f"{now.number} 在自动保存之后已被修改（现为第 {now.revision} 版，{now.updated_by}）。\n"
                f"未保存的内容与现在的版本不同之处：{'、'.join(editor.editor.changed_labels()) or '无'}。\n\n"
                "恢复后，窗口中显示您未保存的内容，保存将以它替换现在的版本；不需要时请选“返回”后点“放弃”。",
                yes="恢复我的内容", no="返回", default=False):
            editor.editor.give_up_changes()
            editor.close()
            return None
        editor.autosaver.adopt(draft)
        gone = draft.record_id is not None and now is None
        editor.editor.announce(f"已恢复未保存的内容（自动保存于 {cn_time(draft.written_at)}）"
                               + ("；原记录已被删除，保存后为新记录" if gone else "") + "，请核对后保存")
        self._done(draft)
        return editor

    def drop(self, draft: autosave.Draft) -> None:
        autosave.remove(self.window_.store.path, draft.account, draft.ledger, draft.key)
        self._done(draft)

    def _done(self, draft: autosave.Draft) -> None:
        for widget in self.rows.pop(draft.key):
            widget.hide()
        if not self.rows:
            self.close()
