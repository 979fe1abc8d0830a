"""Township: 导出数据包 (a wizard: where to, what will be sent, progress, summary) and 导入回执."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from fazhi_desktop.core import record_rules, year_close
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.collect import NOTHING_NEW, bundle_kind, contents_text, held_failing_text
from fazhi_desktop.core.bundle.common import BundleError
from fazhi_desktop.core.bundle.export import (
    ExportPlan,
    ExportResult,
    export_blocker,
    export_bundle,
    parts_text,
    plan_export,
    space_problem,
    target_path,
    written_text,
)
from fazhi_desktop.core.bundle.receipts import import_receipt
from fazhi_desktop.core.clock_behind import clock_behind
from fazhi_desktop.core.display import size_text
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.jobs import Progress
from fazhi_desktop.core.media import Placement, medium_changed, placement
from fazhi_desktop.core.places import EXPORT, RECEIPT_IMPORT
from fazhi_desktop.core.store import Store
from fazhi_desktop.qt.clock_banner import confirm_button, confirm_clock
from fazhi_desktop.qt.common import em, fit_to_screen
from fazhi_desktop.qt.exchange import ExchangePrompts, prompts_of, removable_drives
from fazhi_desktop.qt.hints import hint_label
from fazhi_desktop.qt.tasks import Task, own_store_job, run_task

ERROR_COLOUR = "#b3261e"
#: Windows lists only what calls itself removable: a USB hard disk (and a stick that says it is fixed) is chosen here
NO_STICK = "（没有找到U盘：请插入U盘后点“刷新”。USB移动硬盘不在这里列出，请点“选择文件夹”选它的盘符）"


class PlacePage(QWizardPage):
    """Where to: a USB drive from the list, or any folder."""

    def __init__(self, prompts: ExchangePrompts, blocker: str | None = None, clock_button: QPushButton | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.prompts = prompts
        #: no signing key or no county key, a clock behind what was recorded: said first, nothing else to do
        self.blocker = blocker
        self.clock_button = clock_button  # 电脑时间无误…, under a clock's refusal
        self.setTitle("导出到哪里")
        self.setSubTitle("插入U盘后在下面选择；也可以选择任意文件夹。")
        self.drives = QListWidget()
        self.drives.setAccessibleName("U盘")
        self.choose = QPushButton("选择文件夹(&F)…")
        self.refresh_button = QPushButton("刷新(&R)")
        self.chosen = QLabel()
        self.full = QCheckBox("发送全部数据（县里数据丢失或首次上报时使用；平时只发送上次回执以来的变更）")
        buttons = QHBoxLayout()
        buttons.addWidget(self.choose)
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        if blocker:
            stop = QLabel(f"现在还不能导出。{blocker}。", wordWrap=True)
            stop.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: bold;")
            layout.addWidget(stop)
            self.stop_label = stop
            if clock_button is not None:
                row = QHBoxLayout()
                row.addWidget(clock_button)
                row.addStretch(1)
                layout.addLayout(row)
        layout.addWidget(QLabel("U盘："))
        layout.addWidget(self.drives)
        layout.addLayout(buttons)
        layout.addWidget(self.chosen)
        layout.addWidget(self.full)
        self.folder: Path | None = None
        self.placement: Placement | None = None
        self.choose.clicked.connect(self.choose_folder)
        self.refresh_button.clicked.connect(self.refresh)
        self.drives.currentItemChanged.connect(self._drive_chosen)
        self.refresh()

    def refresh(self) -> None:
        self.drives.clear()
        writable = 0
        for drive in removable_drives():
            item = QListWidgetItem(drive.label)
            if drive.read_only:  # listed to be read, in red (a disabled grey was too pale), never chosen
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsSelectable)
                item.setForeground(QColor(ERROR_COLOUR))
            else:
                item.setData(Qt.ItemDataRole.UserRole, str(drive.path))
                writable += 1
            self.drives.addItem(item)
        if self.drives.count() == 0:
            self.drives.addItem(QListWidgetItem(NO_STICK))
        elif writable == 1 and self.drives.count() == 1:
            self.drives.setCurrentRow(0)

    def _drive_chosen(self, item: QListWidgetItem | None) -> None:
        path = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if path:
            self.set_folder(Path(path))

    def choose_folder(self) -> None:
        folder = self.prompts.folder(self, "选择导出到的文件夹")
        if folder is not None:
            self.drives.clearSelection()
            self.set_folder(folder)

    def set_folder(self, folder: Path) -> None:
        self.folder = folder
        self.placement = placement(folder)  # which stick: compared again just before writing
        self.chosen.setText(f"导出到：{folder}")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.folder is not None and not self.blocker

    def unblock(self, blocker: str | None, clock_behind: bool) -> None:
        """What still keeps the office from exporting once the clock was confirmed (a year closed while it ran
        ahead), or nothing."""
        self.blocker = blocker
        self.stop_label.setText(f"现在还不能导出。{blocker}。" if blocker else "")
        self.stop_label.setVisible(bool(blocker))
        if self.clock_button is not None:
            self.clock_button.setVisible(clock_behind)
        self.completeChanged.emit()


class PlanPage(QWizardPage):
    """What will be sent, the passphrase, and the export itself (on a worker thread)."""

    def __init__(self, wizard: ExportWizard):
        super().__init__(wizard)
        self.owner = wizard
        self.setTitle("将要发送的内容")
        # Written is written: no 上一步 past it, so a second stick is a second export, said on the done page (going
        # back once took the clerk to a new plan whose 下一步 showed the first result and wrote nothing)
        self.setCommitPage(True)
        self.summary = QLabel(wordWrap=True)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["台账", "记录数"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.passphrase = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("签名密钥口令")
        self.passphrase.textChanged.connect(lambda _=None: self.completeChanged.emit())
        row = QHBoxLayout()
        row.addWidget(QLabel("签名密钥口令："))
        row.addWidget(self.passphrase, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(hint_label("数据包用县司法局的公钥加密，并用本所的签名密钥签名；U盘丢失也不会泄露内容。"))
        self.plan: ExportPlan | None = None
        self.no_room: str | None = None  # the stick is too full for the bundle planned

    def initializePage(self) -> None:
        """Show nothing stale: the plan is read on a worker thread (a full plan reads every record)."""
        self.passphrase.clear()
        self.plan, self.no_room = None, None
        self.summary.setStyleSheet("")
        self.summary.setText("正在统计将要发送的内容……")
        self.table.setRowCount(0)
        self.owner.start_plan()

    def cleanupPage(self) -> None:  # 上一步: a plan still being read is no longer wanted
        self.owner.stop_plan()
        super().cleanupPage()

    def show_failure(self, message: str) -> None:
        """Why no bundle can be made (a record the county would refuse, a receipt ahead of the log…), in red: the
        page allows no export."""
        self.summary.setText(f"无法导出：{message}")
        self.summary.setStyleSheet(f"color: {ERROR_COLOUR};")

    def show_plan(self, plan: ExportPlan) -> None:
        self.plan = plan
        snap = plan.snapshot
        kind = bundle_kind(snap.full, snap.changes_after)
        if not snap.full:
            since = "尚未收到县级回执" if snap.changes_after == 0 else "上次县级回执以来的变更"
            kind += f"（{since}，从变更日志第 {snap.changes_after + 1} 条起）"
        self.no_room = space_problem(self.owner.place.folder, plan.estimated_bytes, snap.full) \
            if self.owner.place.folder is not None else None
        target = target_path(self.owner.place.folder, plan.file_name)
        parts = parts_text(target.parent, target.name, plan.estimated_bytes)  # a FAT32 stick: in parts
        lines = [
            f"第 {plan.sequence} 号数据包，{kind}",
            f"将发送：{contents_text(snap.summary())}",
            f"文件：{parts}。" if parts else f"文件：{target}（约 {size_text(plan.estimated_bytes)}）",
        ]
        if not (snap.has_news or snap.full):
            lines.append(f"{NOTHING_NEW}。")
        if snap.held_failing:  # the county holds them: said, the export goes on
            lines.append(held_failing_text(snap.held_failing))
        lines += [f"注意：{year_close.reopened_said(state, self.owner.store.user)}；县里会看到该年未封账。"
                  for state in year_close.reopened(self.owner.store.conn)]  # the county flags it
        if self.no_room:
            lines.append(f"不能导出：{self.no_room}。")
        self.summary.setText("\n".join(lines))
        self.summary.setStyleSheet(f"color: {ERROR_COLOUR};" if self.no_room else "")
        rows = [(self.owner.store.ledger(name).label, count) for name, count in snap.counts.items()]
        self.table.setRowCount(len(rows))
        for index, (label, count) in enumerate(rows):
            self.table.setItem(index, 0, QTableWidgetItem(label))
            number = QTableWidgetItem(str(count))
            number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(index, 1, number)
        self.table.resizeColumnToContents(0)
        self.completeChanged.emit()
        self.passphrase.setFocus()

    def isComplete(self) -> bool:
        return self.plan is not None and not self.no_room and bool(self.passphrase.text()) and self.owner.task is None

    def validatePage(self) -> bool:
        if self.owner.result is not None:
            return True
        if not self._worth_writing():
            return False
        self.owner.start_export(self.passphrase.text())
        return False

    def _worth_writing(self) -> bool:
        """A bundle with nothing new still uses up a number, and the clerk carries it to the county: asked first,
        Enter keeping it unwritten."""
        snap = self.plan.snapshot if self.plan is not None else None
        if snap is None or snap.has_news or snap.full:
            return True
        return self.owner.dialogs.confirm(
            self, "没有新变更", f"{NOTHING_NEW}。\n\n仍要写入第 {self.plan.sequence} 号数据包吗？",
            yes="仍然写入", no="不写入", default=False)


class DonePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle("导出完成")
        self.text = QLabel(wordWrap=True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)

    def show_result(self, result: ExportResult, labels: dict[str, str], full: bool) -> None:
        summary = result.summary
        lines = [*(f"注意：{note}" for note in result.earlier), f"已写入：{written_text(result)}",
                 f"第 {result.sequence} 号数据包：{contents_text(summary)}"]
        lines += [f"　{labels.get(name, name)}：{count} 条" for name, count in summary["records"].items() if count]
        lines += ["", f"请把U盘交县司法局。县里导入后会给一个回执文件，用“{RECEIPT_IMPORT}”导入，",
                  "以后导出就只发送新的变更。", "", another_stick_text(result.sequence + 1, full)]
        self.text.setText("\n".join(lines))


def another_stick_text(sequence: int, full: bool) -> str:
    """What a clerk with a second stick (or the wrong one) does: a new export, which carries all this one did."""
    again = "导出一次" + ("并勾选“发送全部数据”" if full else "")
    carries = "全部数据" if full else "本包的全部变更（及此后新的变更）"
    return (f"要再写一个U盘（例如写错了U盘）：点“完成”后再用“{EXPORT}”{again}，"
            f"会生成第 {sequence} 号数据包，带着{carries}；"
            "县里导入其中任何一个都可以，两个都导入也不会重复。")


class ExportWizard(QWizard):
    """导出数据包: choose the USB drive, see what goes, type the passphrase, wait, read the summary."""
    manual_part = "导出数据包到U盘"  # F1 here opens the manual there (qt/manual_view.py)

    def __init__(self, store: Store, dialogs, actor: str, prompts: ExchangePrompts | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.dialogs, self.actor = store, dialogs, actor
        self.prompts = prompts or ExchangePrompts()
        self.setWindowTitle("导出数据包")
        self.setButtonText(QWizard.WizardButton.NextButton, "下一步(&N) >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< 上一步(&B)")
        self.setButtonText(QWizard.WizardButton.CommitButton, "导出(&E)")
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)  # after the commit page it could not work
        self.setButtonText(QWizard.WizardButton.FinishButton, "完成")
        self.setButtonText(QWizard.WizardButton.CancelButton, "取消")
        self.task: Task | None = None  # the export
        self.plan_task: Task | None = None  # reading what will be sent
        self.result: ExportResult | None = None
        blocker = export_blocker(store)
        clock_button = confirm_button(store) if blocker and clock_behind(store) else None
        self.place = PlacePage(self.prompts, blocker, clock_button)
        if clock_button is not None:
            clock_button.clicked.connect(self._confirm_clock)
        self.plan_page = PlanPage(self)
        self.done_page = DonePage()
        for page in (self.place, self.plan_page, self.done_page):
            self.addPage(page)
        fit_to_screen(self, em(self, 63), em(self, 47))

    def _confirm_clock(self) -> None:
        """电脑时间无误… under the refusal: the confirmation box, then what still keeps the office from exporting."""
        if confirm_clock(self, self.store, self.dialogs, self.actor):
            self.place.unblock(export_blocker(self.store), clock_behind(self.store) is not None)

    def start_plan(self) -> None:
        self.stop_plan()
        full = self.place.full.isChecked()
        task = run_task(self, "正在统计将要发送的内容……",
                        own_store_job(self.store, lambda store, progress: plan_export(store, full, progress)))
        self.plan_task = task

        def planned(plan: ExportPlan) -> None:
            if self.plan_task is task:
                self.plan_task = None
                self.plan_page.show_plan(plan)

        def failed(message: str, cancelled: bool) -> None:
            if self.plan_task is task:
                self.plan_task = None
                again = "已取消统计（可点“上一步”后再点“下一步”重新统计）"
                self.plan_page.show_failure(again if cancelled else message)

        task.done.connect(planned)
        task.failed.connect(failed)

    def stop_plan(self) -> None:
        """Forget a plan still being read (its result is ignored) and ask its job to stop."""
        task, self.plan_task = self.plan_task, None
        if task is not None:
            task.cancel()

    def start_export(self, passphrase: str) -> None:
        assert self.place.placement is not None
        plan = self.plan_page.plan  # its check is not run again
        self.task = run_task(self, "正在导出数据包……", _export_job(
            self.store, self.place.placement, passphrase, self.place.full.isChecked(), self.actor,
            plan.snapshot.checked if plan is not None else None))
        self.task.done.connect(self._exported)
        self.task.failed.connect(self._failed)
        self.plan_page.completeChanged.emit()

    def _exported(self, result: ExportResult) -> None:
        self.task = None
        self.result = result
        self.done_page.show_result(result, {name: ledger.label for name, ledger in self.store.ledgers.items()},
                                   self.place.full.isChecked())
        self.next()

    def _failed(self, message: str, cancelled: bool) -> None:
        self.task = None
        self.plan_page.completeChanged.emit()
        if not cancelled:
            self.dialogs.error(self, "无法导出", message)


def _export_job(store: Store, chosen: Placement, passphrase: str, full: bool, actor: str,
                checked: record_rules.Mark | None) -> Callable[[Progress], Any]:
    def work(worker_store: Store, progress: Progress) -> ExportResult:
        signer = keymod.unlock_township_key(worker_store, passphrase)
        changed = medium_changed(chosen)  # unmounted since it was chosen: the bundle would land on the PC's disk
        if changed:
            raise BundleError(changed)
        return export_bundle(worker_store, chosen.folder, signer, full=full, progress=progress, actor=actor,
                             checked=checked)

    return own_store_job(store, work)


def import_receipt_action(window) -> None:
    """数据交换 → 导入县级回执: pick the .json the county wrote, check it, say what it acknowledged."""
    prompts = prompts_of(window)
    paths = prompts.open_files(window, "选择县级回执文件", "县级回执 (fazhi-receipt-*.json)")
    if not paths:
        return
    try:
        result = import_receipt(window.store, paths[0], window.actor)
    except FazhiError as exc:
        window.dialogs.error(window, "无法导入回执", str(exc))
        return
    window.restore_banner.refresh()  # the receipt a restore from backup waited for
    # a numbering entry not used, a confirmation not taken, records to enter again: a warning, not plain information
    say = window.dialogs.warn if result.needs_attention else window.dialogs.info
    say(window, result.title, result.text())


def open_export_wizard(window) -> ExportWizard:
    wizard = ExportWizard(window.store, window.dialogs, window.actor, prompts_of(window), window)
    window.export_wizard = wizard  # kept while open
    wizard.open()
    return wizard
