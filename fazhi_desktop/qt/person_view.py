"""编辑 → 查找当事人…: a person's records across every ledger, and his 个人信息摘录 as a PDF (个人信息保护法 arts.
44–45), for a 所长 or 管理员 (`record.reveal`; the menu entry is off for a 录入员, and core refuses her too).

She types his full name and/or ID number and/or phone, and the 用途 (the request: noted in the reveal log, never
the numbers); 查找 lists each field that names him (台账, 编号, 日期, his 身份 there, what matched, what he gave that
the record holds otherwise), and apart the records whose free text names him (文字中提到: perhaps someone else of
the same name). The ticked hits go into the extract (core/documents/extract.py); one found by a number under another
name starts unticked. 打开记录 opens the selected record's window. The search and the extract run on a worker
thread (`tasks.run_task`, its own connection), the window answering meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fazhi_desktop.core import person_search, reveals
from fazhi_desktop.core.clock import local_today
from fazhi_desktop.core.db_place import synced_note
from fazhi_desktop.core.errors import ValidationError
from fazhi_desktop.core.jobs import Progress
from fazhi_desktop.core.places import DELETED_RECORDS
from fazhi_desktop.core.store import Record, Store
from fazhi_desktop.qt.common import (
    as_typed,
    em,
    fit_to_screen,
    plain_item,
    push_button,
    read_only_table,
    set_rows,
    show_beside,
)
from fazhi_desktop.qt.hints import error_label, hint_label
from fazhi_desktop.qt.printing import PrintPrompts, suggested_name
from fazhi_desktop.qt.tasks import Task, own_store_job, run_task

if TYPE_CHECKING:
    from fazhi_desktop.core.documents import Rendered

T = TypeVar("T")

HIT_COLUMNS = ("摘录", "台账", "编号", "日期", "身份", "所在字段", "相符", "说明")
MENTION_COLUMNS = ("台账", "编号", "日期", "所在字段")
HOW = ("当事人依《个人信息保护法》第四十四、四十五条申请查阅、复制本人信息时使用：按完整姓名、身份证号或电话，"
       "在全部台账（含已删除的记录）中查找记有此人的记录，屏幕上遮盖显示的投诉人也能找到。查找到的和摘录的记录中，含遮盖显示信息的"
       "记入完整证件号查看日志（记用途，不记所查的姓名和号码）。摘录只含本人的信息，不含其他当事人的。")


class PersonFindDialog(QDialog):
    manual_part = "当事人查询和复制个人信息"  # F1 here opens the manual there (qt/manual_view.py)

    def __init__(self, window, parent: QWidget | None = None, prompts: PrintPrompts | None = None):
        super().__init__(parent)
        self.window = window
        self.store: Store = window.store
        self.prompts = prompts or PrintPrompts()
        self.found: person_search.Found | None = None
        self.task: Task | None = None  # a search or an extract running on a worker thread
        self.setWindowTitle("查找当事人")
        self.name_edit, self.id_edit, self.phone_edit = QLineEdit(), QLineEdit(), QLineEdit()
        self.id_edit.setPlaceholderText("完整的18位号码（可不填）")
        self.phone_edit.setPlaceholderText("可不填")
        self.reason_combo = QComboBox(editable=True)
        self.reason_combo.addItems(person_search.REQUEST_PURPOSES)
        self.reason_combo.lineEdit().setMaxLength(reveals.REASON_LIMIT)
        self.reason_combo.setToolTip("记入完整证件号查看日志；可改写，不要写号码")
        for widget, name in ((self.name_edit, "姓名"), (self.id_edit, "身份证号"), (self.phone_edit, "电话"),
                             (self.reason_combo, "用途")):
            widget.setAccessibleName(name)
        self.find_button = push_button("查找(&F)")
        self.find_button.setDefault(True)
        self.problem_label = error_label()
        self.problem_label.hide()
        self.result_label = QLabel()
        self.hits = read_only_table(HIT_COLUMNS, stretched=("说明",))
        self.hits.setAccessibleName("记有此人的记录")
        self.mention_label = QLabel("文字中提到（可能是同名的他人，请打开记录核对；不列入摘录）：")
        self.mentions = read_only_table(MENTION_COLUMNS, stretched=("所在字段",))
        self.mentions.setAccessibleName("文字中提到")
        self.open_button = push_button("打开记录(&O)")
        self.extract_button = push_button("生成个人信息摘录（PDF）(&P)…",
                                          "把勾选的记录中本人的信息（含完整身份证号）摘录为PDF，不含其他当事人的信息")
        close_button = push_button("关闭", "关闭（Esc）")
        form = QFormLayout()
        form.addRow("姓名(&N)：", self.name_edit)
        form.addRow("身份证号(&I)：", self.id_edit)
        form.addRow("电话：", self.phone_edit)
        form.addRow("用途(&U)：", self.reason_combo)
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label(HOW))
        layout.addLayout(form)
        row = QHBoxLayout()
        row.addWidget(self.problem_label, 3)
        row.addStretch(1)
        row.addWidget(self.find_button)
        layout.addLayout(row)
        layout.addWidget(self.result_label)
        layout.addWidget(self.hits, 2)
        layout.addWidget(self.mention_label)
        layout.addWidget(self.mentions, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.extract_button)
        buttons.addWidget(close_button)
        layout.addLayout(buttons)
        self.find_button.clicked.connect(self.find)
        for edit in (self.name_edit, self.id_edit, self.phone_edit):
            edit.returnPressed.connect(self.find)
        self.open_button.clicked.connect(self.open_selected)
        self.hits.doubleClicked.connect(lambda _index: self.open_selected())
        self.mentions.doubleClicked.connect(lambda _index: self.open_selected(self.mentions))
        self.extract_button.clicked.connect(self.extract)
        close_button.clicked.connect(self.reject)
        self._show()
        fit_to_screen(self, em(self, 74), em(self, 40))
        self.name_edit.setFocus()

    def find(self) -> Task | None:
        """Check what was typed here, then search on a worker thread (`tasks.run_task`, as backups and exports
        run): the window repaints and the progress box's 取消 works meanwhile; 查找 and the extract wait."""
        if self.task is not None:  # Enter pressed again while it runs
            return None
        self.problem_label.hide()
        try:
            asked = person_search.person(self.name_edit.text(), self.id_edit.text(), self.phone_edit.text(),
                                         local_today(self.store.clock))
            reason = reveals.checked_reason(self.reason_combo.currentText(), required=True, names=[asked.name])
        except ValidationError as exc:
            self.problem_label.setText("；".join(str(problem) for problem in exc.problems))
            self.problem_label.show()
            return None
        self.result_label.setText("正在查找……")
        return self._run("正在查找当事人……", lambda store, progress: person_search.find(store, asked, reason, progress),
                         self._found, "无法查找")

    def _found(self, found: person_search.Found) -> None:
        self.found = found
        self._show()

    def _run(self, title: str, work: Callable[[Store, Progress], T], then: Callable[[T], None],
             failed_title: str) -> Task:
        """`work` on its own connection on a worker thread, 查找 and the extract off until it ends; `then` its
        result; an error in a box titled `failed_title` (nothing when cancelled)."""
        self._busy(True)
        self.task = run_task(self, title, own_store_job(self.store, work))

        def done(result: T) -> None:
            self._busy(False)
            then(result)

        def failed(message: str, cancelled: bool) -> None:
            self._busy(False)
            self._show()  # the earlier result, as it was
            if not cancelled:
                self.window.dialogs.error(self, failed_title, message)

        self.task.done.connect(done)
        self.task.failed.connect(failed)
        return self.task

    def _busy(self, busy: bool) -> None:
        if not busy:
            self.task = None
        self.find_button.setEnabled(not busy)
        self.extract_button.setEnabled(not busy and bool(self.found and self.found.hits))

    def _show(self) -> None:
        found = self.found
        hits = found.hits if found else []
        mentions = found.mentions if found else []
        default = {id(hit) for hit in hits if not hit.name_differs}
        set_rows(self.hits, len(hits))
        for row, hit in enumerate(hits):
            tick = QTableWidgetItem()
            tick.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
            tick.setCheckState(Qt.CheckState.Checked if id(hit) in default else Qt.CheckState.Unchecked)
            self.hits.setItem(row, 0, tick)
            texts = (hit.ledger_label, person_search.said(self.store, hit.record), hit.day, hit.role, hit.field,
                     "、".join(hit.matched), hit.note)
            for column, text in enumerate(texts, 1):
                cell = plain_item(text)
                cell.setToolTip(as_typed(text))
                self.hits.setItem(row, column, cell)
        set_rows(self.mentions, len(mentions))
        for row, mention in enumerate(mentions):
            for column, text in enumerate((mention.ledger_label, person_search.said(self.store, mention.record),
                                           mention.day, "、".join(mention.fields))):
                self.mentions.setItem(row, column, plain_item(text))
        if found is None:
            self.result_label.setText("填写姓名（或身份证号、电话）和用途，点“查找”。")
        else:
            said = f"按{found.person.said}查找：记有此人的 {len(found.records)} 条记录（{len(hits)} 处）"
            said += f"；文字中提到的 {len(mentions)} 条" if mentions else ""
            if found.unreadable:
                said += f"；{'、'.join(found.unreadable)} 的文字无法读取（数据库已损坏），未能查找"
            self.result_label.setText(f"{said}。{found.log_said}。")
        self.mention_label.setVisible(bool(mentions))
        self.mentions.setVisible(bool(mentions))
        self.extract_button.setEnabled(bool(hits))
        self.open_button.setEnabled(bool(hits or mentions))

    def chosen(self) -> list[person_search.Hit]:
        hits = self.found.hits if self.found else []
        return [hit for row, hit in enumerate(hits)
                if self.hits.item(row, 0).checkState() == Qt.CheckState.Checked]

    def open_selected(self, table: QTableWidget | None = None) -> QWidget | None:
        """The selected hit's (or mention's) record in its window; a deleted record is read under 已删除的记录."""
        if table is None:
            table = self.mentions if self.mentions.hasFocus() else self.hits
        items = (self.found.hits if table is self.hits else self.found.mentions) if self.found else []
        row = table.currentRow()
        if not 0 <= row < len(items):
            return None
        record: Record = items[row].record
        if record.deleted:
            # named as the list names it (an unnumbered one by its id), the menu as places.py spells it
            self.window.dialogs.info(self, "已删除的记录", f"{person_search.said(self.store, record)}："
                                                     f"在“{DELETED_RECORDS}”中查看或恢复。")
            return None
        return self.window.open_record(self.store.get(record.id))

    def extract(self) -> Task | None:
        """The chosen hits' 个人信息摘录, written on a worker thread as the search ran."""
        from fazhi_desktop.core.documents.extract import TITLE, document_title, render_extract

        if self.task is not None:
            return None
        chosen = self.chosen()
        if self.found is None or not chosen:
            self.window.dialogs.warn(self, TITLE, "请至少勾选一条记录")
            return None
        found = self.found
        path = self.prompts.save_path(self, f"保存{TITLE}", suggested_name(document_title(self.store)))
        if path is None:
            return None

        def saved(rendered: Rendered) -> None:
            notice = f"\n\n{rendered.notice}" if rendered.notice else ""
            logged = "已记入完整证件号查看日志。" if person_search.log_entries(self.store, chosen) else ""
            self.window.dialogs.info(self, TITLE, f"已保存：{rendered.path}（共 {rendered.pages} 页，"
                                                  f"{len({hit.record.id for hit in chosen})} 条记录）。"
                                                  f"{logged}{notice}{synced_note(rendered.path)}")

        return self._run(f"正在生成{TITLE}……",
                         lambda store, progress: render_extract(store, found, path, chosen, progress),
                         saved, f"无法生成{TITLE}")


def open_person_find(window) -> PersonFindDialog:
    """The dialog beside the main window (编辑 → 查找当事人…): not modal, so that the records it opens can be used."""
    dialog = PersonFindDialog(window, parent=window)
    window.person_dialog = dialog
    show_beside(dialog)
    return dialog
