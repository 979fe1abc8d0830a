"""The printing controls: a bar on the record editor (会议纪要 / 记录 / 签到表 / 协议书 ...) and the yearly register
dialog of the main window. Documents are laid out by core; long registers run on a worker thread (run_task)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from fazhi_desktop.core import documents, printed, reveal_chain, reveals, review
from fazhi_desktop.core.dates import FIRST_YEAR, LAST_YEAR
from fazhi_desktop.core.db_place import synced_note
from fazhi_desktop.core.documents.fonts import take_notice
from fazhi_desktop.core.documents.layout import Document
from fazhi_desktop.core.documents.pdf import write_pdf
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.forms import LedgerDef
from fazhi_desktop.core.jobs import Progress
from fazhi_desktop.core.permissions import why_not_logged_in
from fazhi_desktop.core.reveals import REASON_LABEL, REASON_LIMIT, REVEAL_PURPOSES
from fazhi_desktop.core.store import Record, Store
from fazhi_desktop.qt.common import push_button
from fazhi_desktop.qt.dialogs import Dialogs
from fazhi_desktop.qt.printing import (
    PrintNotStarted,
    PrintPrompts,
    preview_dialog,
    print_with_dialog,
    suggested_name,
)
from fazhi_desktop.qt.tasks import Task, own_store_job, run_task

if TYPE_CHECKING:
    from fazhi_desktop.qt.editor.editor import RecordEditor

#: documents that can show ID and phone numbers, masked unless the clerk ticks 显示完整证件号
_SENSITIVE_KINDS = ("agreement", "record")


class RevealBox(QCheckBox):
    """显示完整证件号, with `reason` beside it once ticked: the purpose (用途) the reveal log keeps, chosen
    (core/reveals.py's REVEAL_PURPOSES), typed after 其他…, or left blank: ticking the box is still all it takes."""

    OTHER = "其他…"

    def __init__(self) -> None:
        super().__init__("显示完整证件号")
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems(["", *REVEAL_PURPOSES, self.OTHER])
        self.reason.setAccessibleName(REASON_LABEL)
        self.reason.lineEdit().setPlaceholderText(f"{REASON_LABEL}（可不选）")
        self.reason.lineEdit().setMaxLength(REASON_LIMIT)
        self.reason.setToolTip(f"为什么显示完整号码，记入{reveal_chain.NAME}；可不选，也可直接输入")
        self.reason.setMinimumContentsLength(8)
        self.reason.hide()
        self.reason.activated.connect(self._chosen)
        self.toggled.connect(lambda ticked: self.reason.setVisible(ticked and not self.isHidden()))

    def _chosen(self, index: int) -> None:
        if self.reason.itemText(index) == self.OTHER:  # typed instead
            self.reason.setEditText("")
            self.reason.lineEdit().setPlaceholderText(f"请输入{REASON_LABEL}")
            self.reason.setFocus()

    def reason_text(self) -> str | None:
        """The purpose given, or None (none, or 其他… with nothing typed)."""
        text = self.reason.currentText().strip()
        return None if text in ("", self.OTHER) else text


def reveal_box(store: Store, ledger: LedgerDef) -> RevealBox:
    """显示完整证件号, shown for a ledger whose records hold ID or phone numbers, and enabled for a 所长 or
    管理员 only (the tooltip says who may). Its `reason` goes into the layout beside it."""
    box = RevealBox()
    box.setToolTip("默认遮盖身份证号和电话；当事人签字的协议书需要完整号码时勾选")
    box.setVisible(any(f.is_sensitive or any(s.is_sensitive for s in f.fields) for f in ledger.fields))
    not_allowed = why_not_logged_in(store.user, "record.reveal")
    if not_allowed:
        box.setEnabled(False)
        box.setToolTip(f"{not_allowed}；打印的号码将遮盖")
    return box


def revealing(box: QCheckBox, kind: str) -> bool:
    """Whether a document of `kind` is to show full numbers: the box is offered, allowed and ticked, and the kind
    prints numbers at all."""
    return not box.isHidden() and box.isEnabled() and box.isChecked() and kind in _SENSITIVE_KINDS


def output_buttons(dialog: QDialog) -> QHBoxLayout:
    """The row a print dialog ends with: 打印预览 打印 导出PDF, and 关闭 at the right, which closes it. The buttons
    become the dialog's `preview_button`, `print_button`, `export_button` and `close_button`."""
    row = QHBoxLayout()
    dialog.preview_button = QPushButton("打印预览")
    dialog.print_button = QPushButton("打印")
    dialog.export_button = QPushButton("导出PDF")
    dialog.close_button = QPushButton("关闭")
    for button in (dialog.preview_button, dialog.print_button, dialog.export_button):
        row.addWidget(button)
    row.addStretch(1)
    row.addWidget(dialog.close_button)
    dialog.close_button.clicked.connect(dialog.reject)
    return row


class Outputs:
    """Preview, print or save a laid-out document; tells the user once about substituted fonts."""

    def __init__(self, owner: QWidget, dialogs: Dialogs, prompts: PrintPrompts):
        self.owner, self.dialogs, self.prompts = owner, dialogs, prompts
        self.preview: QDialog | None = None
        self.printed_despite: set[tuple[str, int]] = set()  # versions (id, revision) printed despite their doubts
        #: how to take back what the print under way noted (its reveal, its paper), should its printer not begin
        self.noted: list[Callable[[], None]] = []

    def confirm_doubts(self, title: str, lead: str, doubts: dict[tuple[str, int], list[str]]) -> bool:
        """Records the forms' checks doubt (性别与身份证号不符) are printed for signing only once the user has said
        so, once per version: the paper would carry the contradiction. `doubts` holds, for each version (record id,
        revision), the lines that list its doubts (none: no doubt); `lead` says how many ({count}: the lines)."""
        new = {version: lines for version, lines in doubts.items() if lines and version not in self.printed_despite}
        lines = [line for listed in new.values() for line in listed]
        if not lines:
            return True
        listed = "\n".join(lines[:6]) + ("\n……" if len(lines) > 6 else "")
        if not self.dialogs.confirm(self.owner, title, f"{lead.format(count=len(lines))}：\n{listed}\n\n仍要打印吗？",
                                    yes="仍要打印", no="返回核对"):
            return False
        self.printed_despite |= new.keys()
        return True

    def note_reveal(self, store: Store, doc: Document, records: Record | Sequence[Record], how: str) -> bool:
        """Note a reveal (显示完整证件号) the user has committed to; a reveal that cannot be noted is not made."""
        try:
            written = documents.note_document_reveal(store, doc, records, how)
        except FazhiError as exc:
            self.dialogs.error(self.owner, f"无法{how}", f"无法记录本次显示完整证件号，未{how}：{exc}")
            return False
        self.noted.append(lambda: reveals.withdraw(store, written))
        return True

    def note_printed(self, store: Store, doc: Document, records: Record | Sequence[Record]) -> bool:
        """Keep the paper of each record printed, once the user has chosen the printer (its 修改历史 shows it, and its
        number is never given back); on a database that cannot be written now it prints all the same."""
        try:
            kept = documents.note_document_printed(store, doc, records)
        except FazhiError as exc:
            self.dialogs.error(self.owner, "无法打印", f"无法记录本次打印，未打印：{exc}")
            return False
        self.noted.append(lambda: printed.withdraw_printed(store, kept))
        return True

    def not_printed(self, exc: PrintNotStarted) -> None:
        """The printer would not begin (`PrintNotStarted`): not a page went out, so what the print noted is taken
        back (its 修改历史 said 已打印 and its number was kept for good), as for a PDF that never took its name
        (`documents.export_pdf`), and the clerk is told why."""
        for undo in reversed(self.noted):
            with contextlib.suppress(FazhiError):
                undo()
        self.noted = []
        self.dialogs.error(self.owner, "无法打印", str(exc))

    def committed(self, store: Store, doc: Document, records: Record | Sequence[Record], how: str) -> bool:
        """What printing `doc` of `records` leaves, the printer chosen: a reveal noted (`note_reveal`), the paper
        kept (`note_printed`). False when either cannot be, and then nothing is printed."""
        return self.note_reveal(store, doc, records, how) and self.note_printed(store, doc, records)

    def notice(self, doc: Document) -> None:
        text = take_notice(doc.fonts)
        if text:
            self.dialogs.info(self.owner, "字体替代", text)

    def show_preview(self, doc: Document, printing: Callable[[], bool] | None = None) -> None:
        """The preview; `printing()` is asked before its own 打印 button sends the pages (`committed`)."""
        self.notice(doc)

        def commit() -> bool:  # the preview's reveal, noted before it showed, is not this print's to take back
            self.noted = []
            return printing is None or printing()

        self.preview = preview_dialog(self.owner, doc, commit, self.not_printed)
        self.prompts.show_preview(self.preview)

    def print(self, doc: Document, before: Callable[[], bool] = lambda: True) -> bool:
        """The print dialog, then `before()` (noting a reveal), then the pages; False when any of them says no."""
        self.notice(doc)
        self.noted = []
        try:
            return print_with_dialog(self.owner, doc, self.prompts, before)
        except PrintNotStarted as exc:
            self.not_printed(exc)
            return False

    def ask_path(self, doc: Document) -> Path | None:
        return self.prompts.save_path(self.owner, "导出PDF", suggested_name(doc.title))

    def saved(self, path: Path, doc: Document) -> None:
        self.notice(doc)
        code = f"\n核验码：{doc.code}" if doc.code else ""
        self.dialogs.info(self.owner, "已导出PDF", f"已保存：{path}（共 {len(doc.pages)} 页）{code}{synced_note(path)}")


#: an editor's keys of 打印预览 and 导出PDF, as Ctrl+P prints there (and Ctrl+E exports the list in the main window)
PREVIEW_KEY, EXPORT_KEY = "Ctrl+Shift+P", "Ctrl+E"


class RecordPrintBar(QWidget):
    """打印：[kind] 打印预览 打印(Ctrl+P) 导出PDF [显示完整证件号] for the record an editor shows, and under
    that row the chosen document's 落款日期 (beside the kind, the editor was 1124 px wide in 长者模式: past a 1024
    screen)."""

    def __init__(self, editor: RecordEditor, dialogs: Dialogs, prompts: PrintPrompts | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.editor, self.dialogs = editor, dialogs
        self.outputs = Outputs(self, dialogs, prompts or PrintPrompts())
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 0, 12, 0)
        row = QHBoxLayout()
        column.addLayout(row)
        row.addWidget(QLabel("打印："))
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName("文书种类")
        for kind, name in documents.kinds_for(editor.ledger.name):
            self.kind_combo.addItem(name, kind)
        for name in documents.kind_fields(editor.ledger.name):
            if name in editor.inputs:
                editor.field_widget(name).changed.connect(self.follow_record)
        self.follow_record()
        row.addWidget(self.kind_combo)
        self.signed_on = QLabel()  # 落款日期：2026年10月23日（调解日期）, under the 调解协议书 chosen
        self.signed_on.setWordWrap(True)
        column.addWidget(self.signed_on)
        dated = {documents.signed_on(editor.ledger.name, kind) for kind, _ in documents.kinds_for(editor.ledger.name)}
        for name in dated & editor.inputs.keys():
            editor.field_widget(name).changed.connect(self.say_signed_on)
        self.kind_combo.currentIndexChanged.connect(self.say_signed_on)
        self.say_signed_on()
        # Enter in a field must never press these
        self.preview_button = push_button("打印预览")  # their tooltips: update_enabled
        self.print_button = push_button("打印")
        self.export_button = push_button("导出PDF")
        self.reveal_box = reveal_box(editor.store, editor.ledger)
        for widget in (self.preview_button, self.print_button, self.export_button, self.reveal_box,
                       self.reveal_box.reason):
            row.addWidget(widget)
        row.addStretch(1)
        self.preview_button.clicked.connect(self.preview)
        self.print_button.clicked.connect(self.print)
        self.export_button.clicked.connect(self.export_pdf)
        # keys, as Ctrl+P prints: 38 Tabs from a meeting's first field reached 导出PDF
        for key, act in ((QKeySequence(QKeySequence.StandardKey.Print), self.print),
                         (QKeySequence(PREVIEW_KEY), self.preview), (QKeySequence(EXPORT_KEY), self.export_pdf)):
            shortcut = QShortcut(key, parent or self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(act)
        self.update_enabled()
        editor.saved.connect(lambda _record: self.update_enabled())

    def update_enabled(self) -> None:
        saved = self.editor.record is not None
        for button, tip in ((self.preview_button, f"打印预览（{PREVIEW_KEY}）"), (self.print_button, "打印（Ctrl+P）"),
                            (self.export_button, f"导出PDF（{EXPORT_KEY}）")):
            button.setEnabled(saved)
            button.setToolTip(tip if saved else "请先保存记录")

    def follow_record(self) -> None:
        """Offer the document the record calls for as the clerk fills it in (core decides which): the one a
        meeting's 文书形式 names; a mediation case's 调解案件记录 until 调解结果 says 调解成功, or once 案件类别 or
        协议形式 rule out its agreement."""
        kind = documents.usual_kind(self.editor.ledger.name, self.editor.collect())
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind)))

    def say_signed_on(self) -> None:
        """The date the chosen document is signed and dated on, as it will print (documents.signed_on): the 协议书's
        落款 is the 调解日期, which a case mediated twice must give as its last session's, not its failed first."""
        from fazhi_desktop.core.dates import cn_date, parse_date

        name = documents.signed_on(self.editor.ledger.name, self.kind())
        self.signed_on.setVisible(name is not None)
        if name is None:
            return
        field = self.editor.ledger.field(name)
        try:
            said = f"{cn_date(parse_date(self.editor.field_widget(name).value()).isoformat())}（{field.label}）"
        except (TypeError, ValueError):  # empty, or still being typed: printed blank, to write by hand
            said = f"空白，未填{field.label}"
        self.signed_on.setText(f"落款日期：{said}")
        self.signed_on.setToolTip(field.help or "")  # the field's own help: 多次调解的，填最后一次…

    def kind(self) -> str:
        """The document chosen: minutes, record, signin or agreement."""
        return self.kind_combo.currentData()

    def document(self, how: str | None) -> Document | None:
        """The chosen document of the saved record; asks to save pending changes first. None if not possible.
        Full numbers (显示完整证件号) are noted in the reveal log as `how` at once (打印预览: shown now), or, with
        `how=None`, by `Outputs.note_reveal` when the user has chosen the printer, or by `documents.export_pdf` once
        the file is written."""
        if self.editor.is_dirty():
            if not self.dialogs.confirm(self, "打印", "记录有未保存的修改。打印前先保存吗？", yes="保存并打印"):
                return None
            if not self.editor.save():
                return None
        record = self.editor.record
        if record is None:
            self.dialogs.info(self, "打印", "请先保存记录，再打印。")
            return None
        warnings = [w for w in self.editor.stored_warnings() if not w.advisory  # a planned date is no doubt
                    and review.correctable(self.editor.store, record)]
        if not self.outputs.confirm_doubts("打印", "此记录有 {count} 条提醒（橙色）尚待核对",
                                           {(record.id, record.revision): [f"· {w}" for w in warnings]}):
            return None
        reveal = revealing(self.reveal_box, self.kind())
        try:
            return documents.build_document(self.editor.store, record.id, self.kind(), reveal=reveal, how=how,
                                            reason=self.reveal_box.reason_text())
        except FazhiError as exc:
            self.dialogs.error(self, "无法打印", str(exc))
            return None

    def preview(self) -> None:
        doc = self.document("打印预览")
        if doc is not None:
            store, record = self.editor.store, self.editor.record  # the full numbers were noted as 打印预览
            self.outputs.show_preview(doc, printing=lambda: self.outputs.note_printed(store, doc, record))

    def print(self) -> None:
        doc = self.document(None)
        if doc is not None:
            store, record = self.editor.store, self.editor.record
            self.outputs.print(doc, before=lambda: self.outputs.committed(store, doc, record, "打印"))

    def export_pdf(self) -> Path | None:
        doc = self.document(None)
        if doc is None:
            return None
        path = self.outputs.ask_path(doc)
        if path is None:
            return None
        try:  # a reveal is noted once the file is complete, and withdrawn if it never takes its name
            written = documents.export_pdf(self.editor.store, doc, self.editor.record, path)
        except FazhiError as exc:
            self.dialogs.error(self, "无法导出PDF", str(exc))
            return None
        self.outputs.saved(written, doc)
        return written


class RegisterDialog(QDialog):
    """文件 → 打印本年度台账…: a ledger (or 全部台账, every ledger's in one PDF) and a year (at the county also the
    township whose register it is: each goes into that township's file), then 打印预览 / 打印 / 导出PDF, laid out on a
    worker thread."""
    manual_part = "打印年度台账"  # F1 here opens the manual there (qt/manual_view.py)

    def __init__(self, store: Store, ledger: str, year: int | None, dialogs: Dialogs,
                 prompts: PrintPrompts | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("打印台账")
        self.store, self.dialogs = store, dialogs
        self.outputs = Outputs(self, dialogs, prompts or PrintPrompts())
        self.task: Task | None = None
        self.ledger_combo = QComboBox()
        for name, ledger_def in store.ledgers.items():
            self.ledger_combo.addItem(ledger_def.label, name)
        # the inspection's five registers in one PDF, one save prompt, each from a new page as printed alone
        self.ledger_combo.addItem(documents.ALL_LABEL, documents.ALL)
        self.ledger_combo.setCurrentIndex(max(0, self.ledger_combo.findData(ledger)))
        self.township_combo = QComboBox()
        self.township_combo.setAccessibleName("乡镇")
        self.year_spin = QSpinBox()
        self.year_spin.setRange(FIRST_YEAR, LAST_YEAR)
        self.year_spin.setSuffix(" 年")
        self.year_spin.setValue(year or documents.register_year(self.store, ledger))
        self.months_combo = QComboBox()  # a clerk asked for May's 调解案件台账 printed the whole year
        self.months_combo.setAccessibleName("范围")
        for months in (None, *map(documents.quarter_months, range(1, 5)), *((m, m) for m in range(1, 13))):
            self.months_combo.addItem(documents.months_name(months), months)
        form = QHBoxLayout()
        township = (QLabel("乡镇："), self.township_combo) if store.is_county else ()
        for widget in (QLabel("台账："), self.ledger_combo, *township, QLabel("年度："), self.year_spin,
                       QLabel("范围："), self.months_combo):
            form.addWidget(widget)
        form.addStretch(1)
        buttons = output_buttons(self)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(QLabel("横排A4，每页重复表头，页脚“第 N 页 共 M 页”。"))
        if store.is_county:
            column.addWidget(QLabel("县里台账按乡镇打印，归入该乡镇的档案；列出的是报送过此台账记录的乡镇。"))
        column.addLayout(buttons)
        self.preview_button.clicked.connect(lambda: self._build(self.outputs.show_preview))
        self.print_button.clicked.connect(lambda: self._build(self.outputs.print))
        self.export_button.clicked.connect(self.export_pdf)
        if store.is_county:
            self.ledger_combo.currentIndexChanged.connect(self._fill_townships)
            self._fill_townships()

    def choice(self) -> tuple[str, int]:
        return self.ledger_combo.currentData(), self.year_spin.value()

    def months(self) -> tuple[int, int] | None:
        """The months of the year chosen (a quarter's, a month's), None for the whole year."""
        return self.months_combo.currentData()

    def township(self) -> str | None:
        """At the county, the township whose register is printed; None at a township (its own)."""
        return self.township_combo.currentData() if self.store.is_county else None

    def _fill_townships(self) -> None:
        """The townships that sent records of the ledger chosen, the one chosen before kept; with none, nothing can
        be printed and the buttons say why."""
        chosen = self.township_combo.currentData()
        self.township_combo.clear()
        ledger = self.ledger_combo.currentData()
        offered = documents.all_townships(self.store) if ledger == documents.ALL else \
            documents.register_townships(self.store, ledger)
        for code, name in offered:
            self.township_combo.addItem(name, code)
        self.township_combo.setCurrentIndex(max(0, self.township_combo.findData(chosen)))
        none = self.township_combo.count() == 0
        if none:
            self.township_combo.addItem("（尚无乡镇报送）", None)
        self.township_combo.setEnabled(not none)
        for button in (self.preview_button, self.print_button, self.export_button):
            button.setEnabled(not none)
            button.setToolTip("还没有乡镇报送此台账的记录" if none else "")

    def _job(self, path: Path | None) -> Callable[[Progress], tuple[Document, Path | None]]:
        ledger, year = self.choice()
        township, months = self.township(), self.months()

        def work(store: Store, progress: Progress) -> tuple[Document, Path | None]:
            doc = documents.build_register_document(store, ledger, year, progress, township, months)
            written = write_pdf(doc, path, progress) if path is not None else None
            return doc, written

        return own_store_job(self.store, work)

    def _run(self, path: Path | None, then: Callable[[Document, Path | None], None]) -> None:
        self.task = run_task(self, "正在生成台账……", self._job(path))
        self.task.done.connect(lambda result: then(*result))
        self.task.failed.connect(self._failed)

    def _build(self, use: Callable[[Document], object]) -> None:
        self._run(None, lambda doc, _path: use(doc))

    def export_pdf(self) -> None:
        ledger, year = self.choice()
        title = documents.all_title(self.store, year, self.township(), self.months()) if ledger == documents.ALL \
            else documents.register_title(self.store, ledger, year, self.township(), self.months())
        path = self.outputs.prompts.save_path(self, "导出PDF", suggested_name(title))
        if path is not None:
            self._run(path, lambda doc, written: self.outputs.saved(written, doc))

    def _failed(self, message: str, cancelled: bool) -> None:
        if not cancelled:
            self.dialogs.error(self, "无法生成台账", message)
