"""文件 → 从Excel导入记录… and 文件 → 下载导入模板…: a ledger's records from a workbook a clerk filled in.

The rules are core's (core/excel_import.py): the dialog picks the ledger (the page shown preselected) and the file,
reads and checks it on a worker thread (qt/tasks.py), lists what it found (N 条记录; every problem by its row in
red, warnings in orange, notes in grey) and offers 导入 only when no row has a problem, asking once about the
warnings (about the same file again by name, when every row was imported from it before). The import is one
transaction, also on a worker thread; the ledger's list then shows the new drafts. Opening the dialog again frees the
last one, its reading (full ID numbers) with it.

While a file is read or imported, the progress box is shown (neither job reports progress before it ends: it is
shown after its minimum duration all the same) and modal, and the controls that change what is read (台账, 选择文件,
重新读取, 导入) are off; what follows a read or an import takes its ledger and file from that reading, never from the
controls. Esc or 取消 during a read cancels it (nothing is written); an import, one transaction of about a second
per thousand records, cannot be stopped halfway: its box has no 取消, ignores Esc and × and the dialog stays until
its message.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fazhi_desktop.core import paths
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.excel_import import Reading, number_ranges
from fazhi_desktop.core.excel_template import write_template
from fazhi_desktop.core.jobs import Progress
from fazhi_desktop.core.links import Unlinked, link_all, unlinked_after_import
from fazhi_desktop.core.places import EXCEL_IMPORT
from fazhi_desktop.core.store import Record, Store
from fazhi_desktop.qt.common import em, fit_to_screen, push_button
from fazhi_desktop.qt.exchange import prompts_of
from fazhi_desktop.qt.hints import hint_label
from fazhi_desktop.qt.tasks import Task, own_store_job, run_task, running

PATTERN = "Excel 工作簿或 CSV 文件 (*.xlsx *.csv)"
PROBLEM_COLOUR, WARNING_COLOUR, NOTE_COLOUR = "#b3261e", "#b35c00", "#5f6368"
HOW = ("先用“下载导入模板”得到这个台账的 Excel 模板，按列填好（每行一条记录；当事人、回访等每项一行，填在同名的"
       "工作表中）。读取时检查全部记录：有任何问题时一条也不导入，列出每个问题所在的行；改好后点“重新读取”。"
       "导入的记录是草稿，按日期顺序编号，排在本年度已有记录的编号之后。")


class ExcelImportDialog(QDialog):
    manual_part = "从Excel导入以前的记录"  # F1 here opens the manual there (qt/manual_view.py)

    def __init__(self, window, ledger: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.window = window
        self.store: Store = window.store
        self.reading: Reading | None = None
        self.task: Task | None = None
        self.importing = False
        self.path: Path | None = None
        #: the sheets the clerk chose to skip, a 全年 sheet repeating the months (`Reading.repeating`)
        self.skipped: set[str] = set()
        self.focus_before: QWidget | None = None
        self.setWindowTitle("从Excel导入记录")
        self.ledger_combo = QComboBox()
        self.ledger_combo.setAccessibleName("台账")
        for name, definition in self.store.ledgers.items():
            self.ledger_combo.addItem(definition.label, name)
        self.ledger_combo.setCurrentIndex(max(self.ledger_combo.findData(ledger), 0))
        self.file_edit = QLineEdit(readOnly=True, placeholderText="尚未选择文件")
        self.file_edit.setAccessibleName("文件")
        self.choose_button = push_button("选择文件(&F)…", "Excel 工作簿（.xlsx）或 CSV 文件")
        self.template_button = push_button("下载导入模板(&T)…", "这个台账的 Excel 模板：列名、下拉选项和填写说明")
        self.summary = QLabel(wordWrap=True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.lines = QListWidget()
        self.lines.setAccessibleName("读取结果")
        self.lines.setWordWrap(True)
        # air between the lines: a problem wrapped onto three lines ran into the next, read as one or as four
        self.lines.setSpacing(self.fontMetrics().height() // 4)
        self.reread_button = push_button("重新读取(&R)", "在 Excel 中改好并保存后，再读一次")
        self.skip_button = push_button("跳过重复的工作表(&K)", "不读取与前面工作表的记录大部分相同的工作表"
                                       "（如“全年”），只导入其余各表")
        self.import_button = push_button("导入(&I)")
        self.close_button = push_button("关闭", "关闭（Esc）")
        self._lay_out()
        self.choose_button.clicked.connect(self.choose_file)
        self.template_button.clicked.connect(lambda: save_template(self.window, self.ledger_name, self))
        self.reread_button.clicked.connect(self.read)
        self.skip_button.clicked.connect(self.skip_repeating)
        self.import_button.clicked.connect(self.import_records)
        self.close_button.clicked.connect(self.reject)
        self.ledger_combo.currentIndexChanged.connect(lambda _i: self.read())
        self._show(None)
        fit_to_screen(self, em(self, 52), em(self, 36))

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow("台账(&L)：", self.ledger_combo)
        row = QHBoxLayout()
        row.addWidget(self.file_edit, 1)
        row.addWidget(self.choose_button)
        form.addRow("文件：", row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.template_button)
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.reread_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint_label(HOW))
        layout.addWidget(self.summary)
        layout.addWidget(self.lines, 1)
        layout.addLayout(buttons)

    @property
    def ledger_name(self) -> str:
        return self.ledger_combo.currentData()

    # -- reading --------------------------------------------------------------------------------------------

    def choose_file(self) -> None:
        chosen = prompts_of(self.window).open_files(self, "选择要导入的 Excel 文件", PATTERN)
        if not chosen:
            return
        self.path = Path(chosen[0])
        self.skipped = set()  # another file: its sheets are read until the clerk skips one
        self.file_edit.setText(str(self.path))
        self.read()

    def read(self) -> Task | None:
        """Read and check the file for the chosen ledger on a worker thread; the result replaces the list."""
        if self.path is None or self.task is not None:
            return None
        path, ledger, skip = self.path, self.ledger_name, set(self.skipped)
        self._show(None, "正在读取……")

        def work(store: Store, progress: Progress) -> Reading:
            from fazhi_desktop.core.excel_import import read_records

            return read_records(store, ledger, path, progress, skip)

        return self._start(f"正在读取 {path.name}", own_store_job(self.store, work),
                           lambda reading: self._read(reading, path), self._not_read)

    def skip_repeating(self) -> Task | None:
        """跳过重复的工作表: read the file again without the sheets that repeat those before them."""
        if self.reading is None or not self.reading.repeating:
            return None
        self.skipped.update(self.reading.repeating)
        return self.read()

    def _read(self, reading: Reading, path: Path) -> None:
        self._stopped()
        if (path, reading.ledger.name) != (self.path, self.ledger_name):  # what to read changed meanwhile
            self.read()
            return
        self._show(reading)

    def _not_read(self, message: str, cancelled: bool) -> None:
        self._stopped()
        self._show(None, "已取消读取" if cancelled else f"无法读取：{message}", None if cancelled else PROBLEM_COLOUR)

    def _show(self, reading: Reading | None, text: str = "", colour: str | None = None) -> None:
        self.reading = reading
        self.lines.clear()
        if reading is None:
            self.summary.setText(text or "请选择要导入的文件。")
            self.summary.setStyleSheet(f"color: {colour};" if colour else "")
        else:
            self.summary.setText(summary(reading))
            self.summary.setStyleSheet(f"color: {PROBLEM_COLOUR};" if reading.problems else "")
            for lines, colour_of in ((reading.problems, PROBLEM_COLOUR), (reading.warnings, WARNING_COLOUR)):
                for line in lines:
                    self._add(str(line), colour_of)
            for note in reading.notes:
                self._add(note, NOTE_COLOUR)
        self.lines.setAccessibleDescription(self.summary.text())  # what a screen reader says with the list
        ok = reading is not None and reading.ok
        self.import_button.setText(f"导入 {len(reading.records)} 条(&I)" if ok and reading else "导入(&I)")
        self.import_button.setToolTip("" if ok else "读取无误后才能导入")
        self._update_controls()

    def _update_controls(self) -> None:
        """台账, 选择文件, 重新读取 and 导入 are off while a file is read or imported (关闭 too during an import)."""
        idle = self.task is None
        self.ledger_combo.setEnabled(idle)
        self.choose_button.setEnabled(idle)
        self.reread_button.setEnabled(idle and self.path is not None)
        repeating = self.reading.repeating if self.reading is not None else []
        self.skip_button.setVisible(bool(repeating))
        self.skip_button.setEnabled(idle and bool(repeating))
        if repeating:
            self.skip_button.setText(f"{self.reading.skip_label()}(&K)")
        self.import_button.setEnabled(idle and self.reading is not None and self.reading.ok)
        self.close_button.setEnabled(not self.importing)

    def _add(self, text: str, colour: str) -> None:
        item = QListWidgetItem(text)
        item.setForeground(QColor(colour))
        self.lines.addItem(item)

    # -- importing ------------------------------------------------------------------------------------------

    def import_records(self) -> Task | None:
        reading = self.reading
        if reading is None or not reading.ok or self.task is not None:
            return None
        if reading.repeated:  # the same file again: every record would count twice
            question = (f"这 {len(reading.records)} 条{reading.ledger.label}记录都已于 {reading.imported_before} "
                        f"从同名文件 {reading.file_name} 导入过，再导入一次会重复登记（重复的记录会重复计入指标）。"
                        f"{reading.replace_said()}。\n\n仍要再导入一次吗？")
        else:  # a repeating sheet named with the way out: the question said only 有 1 条提醒
            question = (f"有 {len(reading.warnings)} 条提醒（橙色），请核对。{reading.skip_said(asked=True)}"
                        f"仍然导入这 {len(reading.records)} 条记录吗？")
        if reading.warnings and not self.window.dialogs.confirm(
                self, "从Excel导入记录", question, yes="仍然导入", no="取消", default=False):
            return None
        actor = self.window.actor

        def work(store: Store, _progress: Progress) -> tuple[list[Record], list[Unlinked]]:
            from fazhi_desktop.core.excel_import import import_records

            saved = import_records(store, reading, actor)
            return saved, unlinked_after_import(store, saved)

        self.importing = True
        task = self._start(f"正在导入 {len(reading.records)} 条记录……", own_store_job(self.store, work),
                           lambda done: self._imported(reading, *done), self._not_imported)
        keep_open(task)
        return task

    def _imported(self, reading: Reading, saved: list[Record], unlinked: list[Unlinked]) -> None:
        self.importing = False
        self._stopped()
        ledger = reading.ledger  # not the 台账 box's: it could have been changed meanwhile
        numbers = [record.number for record in saved if record.number]
        span = f"，编号 {number_ranges(ledger, numbers)}" if numbers else ""
        self.accept()
        self.window.show_page(ledger.name)
        self.window.show_stored([], [ledger.name])
        done = f"已导入 {len(saved)} 条{ledger.label}记录（草稿）{span}。"
        if not unlinked:
            self.window.dialogs.info(self.window, "已导入", done)
            return
        offer_links(self.window, done, unlinked)

    def _not_imported(self, message: str, _cancelled: bool) -> None:
        self.importing = False
        self._stopped()
        self.window.dialogs.error(self, "未能导入", f"{message}\n未导入任何记录。")

    # -- a task running ---------------------------------------------------------------------------------------

    def _start(self, title: str, job: Callable[[Progress], Any], done: Callable[[Any], None],
               failed: Callable[[str, bool], None]) -> Task:
        """Run `job` with its progress box modal over this dialog and the controls off until it ends."""
        self.focus_before = self.focusWidget()
        self.task = run_task(self, title, job)
        self.task.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.task.done.connect(done)
        self.task.failed.connect(failed)
        self._update_controls()
        return self.task

    def _stopped(self) -> None:
        """The task ended: the controls back on, the keyboard's focus back where it was."""
        self.task = None
        self._update_controls()
        if self.focus_before is not None and self.focus_before.isEnabled():
            self.focus_before.setFocus(Qt.FocusReason.OtherFocusReason)

    def reject(self) -> None:
        """Esc, 关闭 or the title bar's ×: a read is cancelled (it writes nothing); during an import the dialog
        stays until the import's message (it cannot be stopped halfway)."""
        if self.importing:
            return
        if self.task is not None:
            self.task.cancel()
        super().reject()


#: the links an import's question names before "等 N 处"
LINKS_NAMED = 8


def offer_links(window, done: str, unlinked: list[Unlinked]) -> list[Record]:
    """After an import (`done` says what it saved): the links it left empty that a record of the same day could
    fill (core/links.unlinked_after_import), named, and linked only when she presses 链接; the records as linked."""
    lines = [f"· {u.said(window.store)}" for u in unlinked[:LINKS_NAMED]]
    if len(unlinked) > LINKS_NAMED:
        lines.append(f"等 {len(unlinked)} 处")
    labels = "、".join(dict.fromkeys(f"“{u.field.label}”" for u in unlinked))
    question = (f"{done}\n\n其中 {len(unlinked)} 处{labels}尚未链接，同日有可链接的记录：\n" + "\n".join(lines)
                + "\n\n链接后，各条记为新的一版（修改历史中可查）。现在链接吗？")
    if not window.dialogs.confirm(window, "链接同日的记录", question, yes="链接", no="不链接", default=True):
        return []
    try:
        linked = link_all(window.store, unlinked, window.actor)
    except FazhiError as exc:
        window.dialogs.error(window, "未能链接", f"{exc}\n未链接任何记录（导入的记录已保存）。")
        return []
    window.show_stored([], list(dict.fromkeys(u.record.ledger for u in unlinked)))
    window.dialogs.info(window, "已链接", f"已链接 {len(linked)} 处{labels}。")
    return linked


def keep_open(task: Task) -> None:
    """A task of one transaction (an import, its undo) cannot be stopped halfway: its box offers no 取消, and Esc
    and the title bar's × leave it until the task ends."""
    task.dialog.setCancelButton(None)
    task.dialog.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
    task.dialog.installEventFilter(_KeptOpen(task.dialog))


class _KeptOpen(QObject):
    """An import's progress box stays until the import ends: Esc or the title bar's × only hid it (the import goes
    on), and × besides said 正在取消……"""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
            return True
        if event.type() == QEvent.Type.Close and event.spontaneous():  # not the task's own close when it ends
            event.ignore()
            return True
        return False


def summary(reading: Reading) -> str:
    """One line over the list: how many records, and whether they can be imported."""
    found = f"{reading.file_name}：{len(reading.records)} 条{reading.ledger.label}记录"
    if reading.problems:
        return f"{found}，有 {len(reading.problems)} 处问题（红色），未导入任何记录：请在 Excel 中改正后重新读取。"
    if not reading.records:
        return f"{reading.file_name}：没有记录可导入。"
    said = f"，{len(reading.warnings)} 条提醒（橙色）请核对" if reading.warnings else ""
    return f"{found}，检查无误{said}，可以导入。"


def open_excel_import(window) -> ExcelImportDialog:
    """The dialog over the main window, the ledger shown preselected (文件 → 从Excel导入记录…)."""
    view = window.current_ledger_view()
    previous = getattr(window, "excel_import_dialog", None)
    if previous is not None and not running():  # its reading (full ID numbers) goes with it; not on close: a
        previous.deleteLater()  # cancelled read's message reaches it after reject
    dialog = ExcelImportDialog(window, view.ledger.name if view is not None else None, parent=window)
    window.excel_import_dialog = dialog
    dialog.open()
    return dialog


def save_template(window, ledger_name: str | None = None, parent: QWidget | None = None) -> Path | None:
    """Ask where, then write the ledger's import template (文件 → 下载导入模板…, the dialog's button)."""
    if ledger_name is None:
        view = window.current_ledger_view()
        if view is None:
            window.dialogs.info(window, "下载导入模板", "请先在左侧选择一个台账，再下载它的导入模板。")
            return None
        ledger_name = view.ledger.name
    ledger = window.store.ledger(ledger_name)
    suggested = paths.safe_file_name(f"{ledger.label}导入模板", "导入模板", ".xlsx")
    path = prompts_of(window).save_file(parent or window, f"保存{ledger.label}导入模板", suggested,
                                        "Excel 工作簿 (*.xlsx)")
    if path is None:
        return None
    path = Path(path) if Path(path).suffix.lower() == ".xlsx" else Path(path).with_name(Path(path).name + ".xlsx")
    try:
        write_template(ledger, path)
    except FazhiError as exc:
        window.dialogs.error(parent or window, "无法保存导入模板", str(exc))
        return None
    window.dialogs.info(parent or window, "已保存导入模板",
                        f"已保存：{path}\n按列填好后，用“{EXCEL_IMPORT}”导入。")
    return path
