"""County: 导入数据包 — one file or a whole folder (a USB stick); verify, then import; the report, what needs attention
first (core/bundle/import_report.py), which can be saved as a text file; the records of a bundle refused because a key
revoked as stolen or lost signed it, unverified (core/bundle/revocation.py); then signed receipts written back to the
stick (qt/receipts_view.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QFont, QKeyEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from fazhi_desktop.core.bundle import county_escrow, replaced_key
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.apply import (
    INTERNAL_ERROR_LEAD,
    ImportReport,
    as_bundles,
    bundle_files,
    bundle_label,
    import_bundles,
    no_bundles_text,
    run_names,
    totals,
    where_logged,
)
from fazhi_desktop.core.bundle.import_report import ATTENTION, REPEATED, report_text, save_report, sections
from fazhi_desktop.core.bundle.receipts import receipt_states
from fazhi_desktop.core.bundle.revocation import UNVERIFIED_BUTTON, unverified_listing
from fazhi_desktop.core.clock import local_time, utc_iso
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.jobs import Progress
from fazhi_desktop.core.permissions import why_not_logged_in
from fazhi_desktop.core.places import CONFLICTS
from fazhi_desktop.core.stick_names import mac_leftover, mac_leftovers_text, skipped_text
from fazhi_desktop.core.store import Store
from fazhi_desktop.qt import crash
from fazhi_desktop.qt.common import em, fit_to_screen
from fazhi_desktop.qt.exchange import ExchangePrompts, prompts_of
from fazhi_desktop.qt.hints import hint_label
from fazhi_desktop.qt.tasks import Task, own_store_job, run_task

ATTENTION_COLOUR = "#b3261e"
REPEATS_LINK = "fazhi:repeats"


class ImportDialog(QDialog):
    """Pick bundles, type the county passphrase, 核验 (nothing changes) or 导入, read the report, write receipts."""
    manual_part = "导入数据包"  # F1 here opens the manual there (qt/manual_view.py)

    def __init__(self, store: Store, dialogs, actor: str, prompts: ExchangePrompts | None = None,
                 parent: QWidget | None = None, on_imported: Callable[[], None] | None = None):
        super().__init__(parent)
        self.store, self.dialogs, self.actor = store, dialogs, actor
        self.prompts = prompts or ExchangePrompts()
        self.recovery: Task | None = None  # 用备份恢复码设新口令, offered when the passphrase did not open the keys
        self.on_imported = on_imported
        self.setWindowTitle("导入数据包")
        self.files = QListWidget()
        self.files.setAccessibleName("数据包文件")
        #: what the last folder or files chosen held besides bundles (a Mac's ._ files, receipts): passed over, said
        self.skipped = QLabel(wordWrap=True)
        self.skipped.setVisible(False)
        self.add_files_button = QPushButton("选择数据包文件(&F)…")
        self.add_folder_button = QPushButton("选择文件夹（U盘）(&D)…")
        self.clear_button = QPushButton("清空列表")
        self.passphrase = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("县级密钥口令")
        self.verify_button = QPushButton("只核验(&V)")
        self.import_button = QPushButton("核验并导入(&I)")
        self.import_button.setDefault(True)
        self.receipt_button = QPushButton("写回执到U盘(&R)…")
        # the bundles imported before count too: a reviewer who closed this window need not import the stick again
        self.receipt_button.setEnabled(bool(receipt_states(store)))
        self.save_button = QPushButton("保存报告(&S)…")
        self.save_button.setToolTip("把报告存为文字文件：关闭窗口后，被拒收文件的原因仍可查看、转告乡镇")
        self.save_button.setEnabled(False)
        self.conflicts_button = QPushButton("处理冲突(&C)…")  # shown when an import brought conflicts
        self.conflicts_button.setVisible(False)
        # shown when a bundle was refused because a key revoked as stolen or lost signed it: what it holds
        self.unverified_button = QPushButton(f"{UNVERIFIED_BUTTON}(&U)…")
        self.unverified_button.setToolTip("被拒收的数据包由已吊销（被盗、丢失）的密钥签名：列出其中的记录（未导入），"
                                          "供乡镇对照纸质材料重新录入")
        self.unverified_button.setVisible(False)
        self.close_button = QPushButton("关闭")
        self.report = QTextBrowser()
        self.report.setOpenLinks(False)  # its one link lists or folds the bundles imported before
        self.report.setAccessibleName("导入报告")
        self.report.anchorClicked.connect(self._toggle_repeats)
        self.list_repeats = False
        self.finished_at = ""
        self._layout()
        self.folder: Path | None = None
        self.task: Task | None = None
        self.keys: keymod.CountyKeys | None = None
        self.reports: list[ImportReport] = []
        #: file, as the report names it (`run_names`) -> its records, unverified (`unverified_listing`), of the
        #: bundles refused for a stolen or lost key
        self.unverified: dict[str, list[str]] = {}
        self.unverified_dialog: QDialog | None = None
        self.add_files_button.clicked.connect(self.choose_files)
        self.add_folder_button.clicked.connect(self.choose_folder)
        self.clear_button.clicked.connect(self.clear)
        self.verify_button.clicked.connect(lambda: self.start(dry_run=True))
        self.import_button.clicked.connect(lambda: self.start(dry_run=False))
        self.receipt_button.clicked.connect(self.write_receipts)
        self.save_button.clicked.connect(self.save_report)
        self.conflicts_button.clicked.connect(self.open_conflicts)
        self.unverified_button.clicked.connect(self.show_unverified)
        self.close_button.clicked.connect(self.reject)
        self.passphrase.textChanged.connect(self._update_buttons)
        self._update_buttons()
        fit_to_screen(self, em(self, 68), em(self, 53))

    def _layout(self) -> None:
        pick = QHBoxLayout()
        for button in (self.add_files_button, self.add_folder_button, self.clear_button):
            pick.addWidget(button)
        pick.addStretch(1)
        secret = QHBoxLayout()
        secret.addWidget(QLabel("县级密钥口令："))
        secret.addWidget(self.passphrase, 1)
        actions = QHBoxLayout()
        for button in (self.verify_button, self.import_button, self.receipt_button, self.conflicts_button,
                       self.unverified_button, self.save_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(pick)
        layout.addWidget(self.files, 1)
        layout.addWidget(self.skipped)
        layout.addLayout(secret)
        layout.addWidget(hint_label("先完整核验（解密、签名、清单、每条记录），全部无误才在一个事务中导入；"
                                    "有问题的数据包不会改动任何数据。"))
        layout.addLayout(actions)
        layout.addWidget(self.report, 2)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter presses 核验并导入 from the passphrase only: pressed while reading the report (or in the file list)
        it imported the stick again and put "之前已导入" over the report being read, refused files' reasons and all."""
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and self.focusWidget() is not self.passphrase:
            event.accept()
            return
        super().keyPressEvent(event)

    # -- choosing ---------------------------------------------------------------------------------------------------

    def paths(self) -> list[Path]:
        return [self.files.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.files.count())]

    def add_paths(self, paths: list[Path]) -> None:
        known = set(self.paths())
        for path in as_bundles(paths):  # a bundle in parts once, by the name its parts join into
            if path not in known:
                item = QListWidgetItem(bundle_label(path))
                item.setData(Qt.ItemDataRole.UserRole, path)
                self.files.addItem(item)
        self._list_changed()

    def choose_files(self) -> None:
        paths = self.prompts.open_files(self, "选择数据包", "数据包 (*.tar.age *.tar.age.0?? *.tar.age.sha256)")
        if paths:
            self.folder = paths[0].parent
            self._say_skipped(mac_leftovers_text(paths))  # all picked with Ctrl+A: not refused in red one by one
            self.add_paths([path for path in paths if not mac_leftover(path.name)])

    def choose_folder(self) -> None:
        folder = self.prompts.folder(self, "选择存放数据包的文件夹或U盘")
        if folder is None:
            return
        try:
            found = bundle_files(folder)
        except FazhiError as exc:
            self.dialogs.error(self, "无法读取文件夹", str(exc))
            return
        if not found:
            self.dialogs.info(self, "没有数据包", no_bundles_text(folder) + "。")
            return
        self.folder = folder
        self._say_skipped(skipped_text(folder, found))
        self.add_paths(found)

    def _say_skipped(self, text: str | None) -> None:
        self.skipped.setText(f"{text}。" if text else "")
        self.skipped.setVisible(bool(text))

    def clear(self) -> None:
        self._say_skipped(None)
        self.files.clear()
        self._list_changed()

    def _list_changed(self) -> None:
        """The report below was the previous list's: read under a new list, it passed for the new stick's result.
        (What was imported stays known for 写回执.)"""
        if self.report.toPlainText():
            self.report.clear()
            self.report.setPlaceholderText("文件列表已改变：点“只核验”或“核验并导入”后，在这里显示新的报告。")
            self.save_button.setEnabled(False)
            self.unverified = {}  # the refused files' records go with their report
            self.unverified_button.setVisible(False)
        self._update_buttons()

    def _update_buttons(self) -> None:
        ready = self.files.count() > 0 and bool(self.passphrase.text()) and self.task is None
        self.verify_button.setEnabled(ready)
        self.import_button.setEnabled(ready)

    # -- running ----------------------------------------------------------------------------------------------------

    def start(self, dry_run: bool) -> None:
        title = "正在核验数据包……" if dry_run else "正在核验并导入数据包……"
        self.task = run_task(self, title, _import_job(self.store, self.paths(), self.passphrase.text(), self.actor,
                                                      dry_run))
        self.task.done.connect(self._finished)
        self.task.failed.connect(self._failed)
        self._update_buttons()

    def _finished(self, result: tuple[keymod.CountyKeys, list[ImportReport], dict[str, list[str]]],
                  ask: bool = True) -> None:
        self.task = None
        self.keys, self.reports, self.unverified = result
        self.finished_at = utc_iso(self.store.clock())
        self.list_repeats = False
        self.show_reports(self.reports)
        self._update_buttons()
        self.report.setFocus(Qt.FocusReason.OtherFocusReason)  # what the reviewer reads next (a screen reader too)
        imported = [r for r in self.reports if r.ok and not r.dry_run]
        self.receipt_button.setEnabled(bool(imported) or bool(receipt_states(self.store)))
        if imported and self.on_imported is not None:
            self.on_imported()
        if ask:
            self._ask_replaced()

    def _ask_replaced(self, among: set[str] | None = None) -> None:
        """Each late bundle of a key revoked as 更换 that is refused until the reviewer confirms it
        (core/bundle/replaced_key.py) is asked about, 不接收 by default (`among`: of those files only, the ones read
        again after a bundle before them was taken; None: all); those confirmed are imported again, each confirmed by
        its hash as the question showed it (a file swapped meanwhile is refused), their lines in the report
        replaced."""
        names = run_names(self.paths())
        by_name = {name: path for path, name in names.items()}
        chosen = [r for r in self.reports if r.replaced_key and not r.dry_run and r.file_name in by_name
                  and (among is None or r.file_name in among)
                  and self.dialogs.confirm(self, replaced_key.TITLE, r.replaced_question, yes=replaced_key.YES,
                                           no=replaced_key.NO, default=False)]
        if not chosen:
            return
        self._again([by_name[r.file_name] for r in chosen], names, {r.replaced_hash for r in chosen})

    def _again(self, paths: list[Path], names: dict[Path, str], accept: set[str]) -> None:
        """Import `paths` again on their own: the confirmed ones with their hashes (`_taken`), or, with `accept`
        empty, those read again after a bundle before them was taken (`_read`): each is then refused again, or
        refused until confirmed and asked about on its own; a bundle is never taken without its own question."""
        job = _import_job(self.store, paths, self.passphrase.text(), self.actor, False, accept)
        self.task = run_task(self, "正在导入确认接收的数据包……" if accept else "正在核验其后的数据包……", job)
        then = self._taken if accept else self._read
        self.task.done.connect(lambda result: then(result, paths, names))
        self.task.failed.connect(self._failed)
        self._update_buttons()

    def _taken(self, result: tuple[keymod.CountyKeys, list[ImportReport], dict[str, list[str]]],
               paths: list[Path], names: dict[Path, str]) -> None:
        """The bundles imported once confirmed, in the report in place of their refusals; then the bundles of the
        same keys refused as not continuing their chains are read again (`_again`): the stick's 3, chained after
        the 2 just taken, is asked about now, not when 核验并导入 is clicked again."""
        keys, reports, _unverified = result
        self._finished((keys, self._merged(reports, paths, names), self.unverified), ask=False)
        spent = {r.replaced_taken for r in reports if r.replaced_taken}
        by_name = {name: path for path, name in names.items()}
        after = [by_name[r.file_name] for r in self.reports
                 if r.replaced_refused and r.replaced_refused in spent and r.file_name in by_name]
        if after:
            self._again(after, names, set())

    def _read(self, result: tuple[keymod.CountyKeys, list[ImportReport], dict[str, list[str]]],
              paths: list[Path], names: dict[Path, str]) -> None:
        keys, reports, _unverified = result
        self._finished((keys, self._merged(reports, paths, names), self.unverified), ask=False)
        self._ask_replaced({names[path] for path in paths})

    def _merged(self, reports: list[ImportReport], paths: list[Path], names: dict[Path, str]) -> list[ImportReport]:
        """The window's reports with those of `paths`, imported again on their own, in place of their lines."""
        again = run_names(paths)
        taken = {names[path]: report for path in paths
                 for report in reports if report.file_name == again[path]}
        return [replace(taken[r.file_name], file_name=r.file_name) if r.file_name in taken else r
                for r in self.reports]

    def _failed(self, message: str, cancelled: bool) -> None:
        error = self.task.error if self.task is not None else None
        self.task = None
        self._update_buttons()
        if cancelled:
            return
        if isinstance(error, keymod.WrongCountyPassphrase) and county_escrow.kept(self.store) and \
                not why_not_logged_in(self.store.user, "keys.manage"):
            # the way back offered where the passphrase failed: the same keys, nothing for the townships to do
            if self.dialogs.confirm(self, "无法导入", f"{message}\n\n现在用备份恢复码设新口令吗？",
                                    yes=county_escrow.BUTTON.partition("？")[2], default=False):
                from fazhi_desktop.qt.keys_view import recover_county_passphrase

                self.recovery = recover_county_passphrase(self, self.store, self.dialogs, self.prompts)
            return
        self.dialogs.error(self, "无法导入", message)

    def show_reports(self, reports: list[ImportReport]) -> None:
        """The totals, then what needs attention (refused files with their reasons, conflicts, restored townships,
        gaps) in red, then the bundles imported, a line each, then those imported before, folded into one line
        whose link lists them: a stick of eighteen townships gave ~150 lines with the conflicts in the middle."""
        self.report.clear()
        cursor = self.report.textCursor()
        heading = QTextCharFormat()
        heading.setFontWeight(QFont.Weight.Bold)
        plain = QTextCharFormat()
        urgent = QTextCharFormat()
        urgent.setForeground(QColor(ATTENTION_COLOUR))
        cursor.insertText(totals(reports) + "\n", heading)
        conflicts = any(r.conflicts and r.ok and not r.dry_run for r in reports)
        for section in sections(reports, self.list_repeats):
            attention = section.kind == ATTENTION
            title = QTextCharFormat(heading)
            if attention:
                title.setForeground(QColor(ATTENTION_COLOUR))
            cursor.insertText("\n" + section.title, title)
            if section.kind == REPEATED:
                link = QTextCharFormat()
                link.setAnchor(True)
                link.setAnchorHref(REPEATS_LINK)
                link.setFontUnderline(True)
                link.setForeground(QColor("#1a57b5"))
                cursor.insertText("  ", plain)
                cursor.insertText("收起" if self.list_repeats else "列出", link)
            cursor.insertText("\n", plain)
            if attention and conflicts:
                cursor.insertText(f"有冲突待处理：请按“处理冲突…”（或“{CONFLICTS}”）逐条比较后决定采用哪一版\n",
                                  urgent)
            for index, entry in enumerate(section.entries):
                if attention and index:
                    cursor.insertText("\n", plain)
                for line in entry:
                    cursor.insertText(line + "\n", urgent if attention else plain)
        self.conflicts_button.setVisible(conflicts)
        self.unverified_button.setVisible(bool(self.unverified))
        self.save_button.setEnabled(bool(reports))
        self.report.moveCursor(QTextCursor.MoveOperation.Start)

    def _toggle_repeats(self, url: QUrl) -> None:
        if url.toString() == REPEATS_LINK:
            self.list_repeats = not self.list_repeats
            self.show_reports(self.reports)

    def save_report(self) -> Path | None:
        """保存报告…: the whole report, every bundle named, as a text file (refused files' reasons were lost when
        the window closed)."""
        if not self.reports:
            return None
        kind = "核验报告" if any(r.dry_run for r in self.reports) else "导入报告"
        moment = local_time(self.finished_at) if self.finished_at else ""
        suggested = f"{kind}-{moment.replace(':', '').replace(' ', '-')}.txt" if moment else f"{kind}.txt"
        path = self.prompts.save_file(self, f"保存{kind}", suggested, "文字文件 (*.txt)")
        if path is None:
            return None
        heading = [f"法治台账 数据包{kind}", f"单位：{self.store.setting('office_name') or ''}",
                   f"时间：{moment}，操作人：{self.actor}"]
        try:
            save_report(path, report_text(self.reports, heading) + "".join(
                f"\n【{name}】\n" + "\n".join(lines) + "\n" for name, lines in self.unverified.items()))
        except FazhiError as exc:
            self.dialogs.error(self, f"无法保存{kind}", str(exc))
            return None
        self.dialogs.info(self, f"已保存{kind}", f"已保存：{path}")
        return path

    def show_unverified(self) -> QDialog:
        """The records of each bundle refused because a key revoked as stolen or lost signed it, as `fazhi verify`
        lists them: the report said only that nothing was imported and that the township enters again from paper."""
        text = "\n\n".join(f"文件：{name}\n" + "\n".join(lines) for name, lines in self.unverified.items())
        self.unverified_dialog = _text_window(self, UNVERIFIED_BUTTON.removeprefix("查看"), text)
        self.unverified_dialog.open()
        return self.unverified_dialog

    def open_conflicts(self) -> QDialog:
        from fazhi_desktop.qt.conflicts_view import ConflictsDialog

        self.conflicts_dialog = ConflictsDialog(self.store, self.dialogs, self.actor, self, self.on_imported)
        self.conflicts_dialog.open()
        return self.conflicts_dialog

    def write_receipts(self) -> QDialog:
        """写回执: the townships just imported ticked (else those with bundles since their last receipt), with the
        county keys this window has open; written to the stick the bundles came from unless told otherwise."""
        from fazhi_desktop.qt.receipts_view import ReceiptsDialog

        imported = sorted({r.township for r in self.reports if r.ok and not r.dry_run})
        self.receipts_dialog = ReceiptsDialog(self.store, self.dialogs, self.prompts, self, self.keys,
                                              imported or None, self.folder)
        self.receipts_dialog.open()
        return self.receipts_dialog


def _import_job(store: Store, paths: list[Path], passphrase: str, actor: str, dry_run: bool,
                accept: frozenset[str] | set[str] = frozenset()) -> Callable[[Progress], Any]:
    def work(worker_store: Store, progress: Progress) -> tuple[keymod.CountyKeys, list[ImportReport],
                                                                dict[str, list[str]]]:
        progress(0, 0, "正在打开县级密钥……")
        keys = keymod.unlock_county_keys(worker_store, passphrase)
        reports = import_bundles(worker_store, paths, keys, actor, dry_run=dry_run, progress=progress, accept=accept)
        # a bug met on a bundle: the log file named, as every other internal error in the window names it
        reports = where_logged(reports, INTERNAL_ERROR_LEAD + crash.logged_at(crash.log_file()))
        refused = {r.file_name for r in reports if not r.ok and not r.cancelled}
        unverified = {}
        names = run_names(paths)
        for path in paths:
            if names[path] in refused:
                progress(0, 0, f"正在读出 {names[path]} 中的记录……")
                if lines := unverified_listing(worker_store, path, keys):
                    unverified[names[path]] = lines  # two files of one name told apart as in the report
        return keys, reports, unverified

    return own_store_job(store, work)


def _text_window(parent: QWidget, title: str, text: str) -> QDialog:
    """A window of plain text to read (and select and copy), with 关闭."""
    window = QDialog(parent)
    window.setWindowTitle(title)
    shown = QPlainTextEdit(text, readOnly=True)
    shown.setAccessibleName(title)
    shown.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
    close = QPushButton("关闭")
    close.clicked.connect(window.accept)
    buttons = QHBoxLayout()
    buttons.addStretch(1)
    buttons.addWidget(close)
    layout = QVBoxLayout(window)
    layout.addWidget(shown, 1)
    layout.addLayout(buttons)
    fit_to_screen(window, em(window, 56), em(window, 30))
    return window


def open_import_dialog(window) -> ImportDialog:
    dialog = ImportDialog(window.store, window.dialogs, window.actor, prompts_of(window), window,
                          window.refresh_current)
    window.import_dialog = dialog  # kept while open
    dialog.open()
    return dialog
