"""What the township's 本年度指标 page and the county's dashboard share: status cells (colour and text, never colour
alone), a bar chart painted with QPainter (QtCharts is not in PySide6-Essentials), the drill-down dialog listing
the records behind a figure, a read-only record viewer, and the report export (xlsx / pdf) on a worker thread."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from fazhi_desktop.core import divisions, paths
from fazhi_desktop.core.attachments import NOT_SENT, files_not_held
from fazhi_desktop.core.clock import local_time, office_date
from fazhi_desktop.core.dates import year_problem
from fazhi_desktop.core.display import display_value, shown_value
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.forms import STATUS_LABELS
from fazhi_desktop.core.indicators import Catalog, RecordRef, default_year, drill, township_list
from fazhi_desktop.core.indicators.describe import rule_and_note
from fazhi_desktop.core.indicators.drill import (
    CONFLICT_TIP,
    PARTS,
    count_text,
    earlier_tip,
    given_again,
    part_label,
    why_empty,
)
from fazhi_desktop.core.indicators.status import COLOURS
from fazhi_desktop.core.jobs import Progress
from fazhi_desktop.core.store import Record, Store
from fazhi_desktop.qt.common import (
    em,
    fit_to_screen,
    on_activate,
    plain_item,
    read_only_table,
    set_rows,
    show_beside,
)
from fazhi_desktop.qt.exchange import prompts_of
from fazhi_desktop.qt.hints import BoundedLabel, hint_label
from fazhi_desktop.qt.tasks import Task, own_store_job, run_task

TEXT_DARK = QColor("#202124")


def status_colour(status: str) -> QColor:
    return QColor("#" + COLOURS.get(status, "FFFFFF"))


def status_item(status: str, tooltip: str = "") -> QTableWidgetItem:
    """A table cell showing a status as text on its colour (readable without colour too)."""
    item = QTableWidgetItem(status)
    item.setBackground(QBrush(status_colour(status)))
    item.setForeground(QBrush(TEXT_DARK))
    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if tooltip:
        item.setToolTip(tooltip)
    return item


class BarChart(QWidget):
    """Horizontal bars, each made of coloured segments with their numbers written on them; a legend on top.

    `set_data(rows, legend)`: rows are (label, [(value, status or colour name)]); legend is [(name, colour)].
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list[tuple[str, list[tuple[float, str]]]] = []
        self.legend: list[tuple[str, QColor]] = []
        self.setMinimumHeight(120)

    def set_data(self, rows: list[tuple[str, list[tuple[float, str]]]], legend: list[tuple[str, QColor]]) -> None:
        self.rows, self.legend = rows, legend
        self.updateGeometry()
        self.update()

    def _line(self) -> int:
        return self.fontMetrics().height() + 8

    def sizeHint(self) -> QSize:
        return QSize(640, self._line() * (len(self.rows) + 2) + 8)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        metrics, line = self.fontMetrics(), self._line()
        colours = dict(self.legend)
        x = 8
        for name, colour in self.legend:  # legend: a swatch and its name, text always beside the colour
            painter.fillRect(QRectF(x, 8, 14, 14), colour)
            painter.setPen(QColor("#5f6368"))
            painter.drawRect(QRectF(x, 8, 14, 14))
            painter.setPen(TEXT_DARK)
            painter.drawText(QRectF(x + 18, 4, metrics.horizontalAdvance(name) + 4, 22),
                             Qt.AlignmentFlag.AlignVCenter, name)
            x += 18 + metrics.horizontalAdvance(name) + 16
        label_w = max((metrics.horizontalAdvance(label) for label, _ in self.rows), default=0) + 12
        total = max((sum(v for v, _ in segs) for _, segs in self.rows), default=0) or 1
        width = max(self.width() - label_w - 48, 40)
        for index, (label, segments) in enumerate(self.rows):
            top = 8 + line * (index + 1)
            painter.setPen(TEXT_DARK)
            painter.drawText(QRectF(4, top, label_w - 8, line - 4), Qt.AlignmentFlag.AlignRight |
                             Qt.AlignmentFlag.AlignVCenter, label)
            left = float(label_w)
            for value, key in segments:
                if value <= 0:
                    continue
                seg_w = width * value / total
                rect = QRectF(left, top + 2, seg_w, line - 8)
                painter.fillRect(rect, colours.get(key, status_colour(key)))
                painter.setPen(QColor("#9aa0a6"))
                painter.drawRect(rect)
                text = f"{value:g}"
                if metrics.horizontalAdvance(text) + 4 <= seg_w:
                    painter.setPen(TEXT_DARK)
                    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
                left += seg_w
        painter.end()


#: what the record viewer says of a county mark (Store.county_marks) after the status; of 重装前, the number shared
#: with the new install only when it is (drill.given_again), as the drill-down's tooltip (`earlier_tip`) says it
_MARKS_SAID = {"不计入": "（不计入指标：这个版本乡镇已经没有了，乡镇从备份恢复过）",
               "重装前": "（重装前的记录：乡镇重装过，县里保留的是唯一的一份，照常计入指标{again}）"}


class RecordViewer(QDialog):
    """One record, read-only (county mode: the township's record as received). Personal numbers stay masked."""

    def __init__(self, store: Store, record: Record, parent: QWidget | None = None):
        super().__init__(parent)
        ledger = store.ledger(record.ledger)
        self.setWindowTitle(f"{ledger.label} {record.number or ''}（只读）")
        self.text = QTextBrowser()
        self.text.setAccessibleName("记录内容")
        place = divisions.names().get(record.township)
        status = "已删除" if record.deleted else STATUS_LABELS.get(record.status, record.status)
        mark = store.county_marks([record.id]).get(record.id, "")  # core/bundle/lost.py
        again = f"；重装后的记录也编为{record.number}" if mark == "重装前" and given_again(store, record.ledger,
                                                                                    record.id) else ""
        status += _MARKS_SAID.get(mark, "").format(again=again)
        rows = [("编号", record.number or ""), ("乡镇", f"{place}（{record.township}）" if place else record.township),
                ("状态", status), ("版本", str(record.revision)),
                ("最后修改", f"{record.updated_by} {local_time(record.updated_at)}")]
        for f in ledger.fields:
            value = record.values.get(f.name)
            if value in (None, "", []):
                continue
            if f.type == "group":
                rows.append((f.label, "<br>".join(f"{i}. {_escape(display_value(f, [row]))}"
                                                   for i, row in enumerate(value, 1))))
            else:
                rows.append((f.label, _escape(shown_value(store, f, value))))
        absent = files_not_held(store, ledger, record.values) if record.deleted and store.is_county else []
        if absent:  # the files a bundle does not send (core/bundle/collect.py): their names, and why there are none
            rows.append(("附件文件", _escape(f"{'、'.join(absent)}：{NOT_SENT}，本县没有收到")))
        body = "".join(f"<tr><td style='padding:2px 12px 2px 0; color:#5f6368'>{_escape(k)}</td>"
                       f"<td style='padding:2px 0'>{v}</td></tr>" for k, v in rows)
        self.text.setHtml(f"<table>{body}</table>")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        self.store, self.record_id = store, record.id
        self.history_button = buttons.addButton("查看历史(&H)…", QDialogButtonBox.ButtonRole.ActionRole)
        self.history_button.setToolTip("这条记录的修改历史：乡镇随数据包报送的变更日志（Alt+H）")
        self.history_button.clicked.connect(self.show_history)
        self.history_dialog: QDialog | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label("县级汇总中的记录来自乡镇数据包，只能查看，不能修改。"))
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        fit_to_screen(self, em(self, 53), em(self, 47))

    def show_history(self) -> QDialog:
        """查看历史: the change log's entries the township's bundles brought of this record (qt/history_dialog.py)."""
        from fazhi_desktop.qt.history_dialog import HistoryDialog

        self.history_dialog = HistoryDialog(self.store, self.record_id, self)
        self.history_dialog.open()
        return self.history_dialog


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")


def show_drill(previous: QDialog | None, drill: QDialog) -> QDialog:
    """Show `drill` in place of the drill-down shown before: one at a time, so Enter on another cell shows that
    cell's records (the one before stayed open behind it, out of the keyboard's reach, and was never freed)."""
    if previous is not None:
        previous.close()
        previous.deleteLater()
    show_beside(drill)
    return drill


#: the drill-down's 核对 column at most this many em wide ("可能重复：第12号", `RecordRef.short_mark`; the whole in its
#: tooltip): a mark still longer (重装前 and several twins of another series) is cut
MARK_EM = 13


class DrillDialog(QDialog):
    """The records behind one figure (and, for 述法, the people); 打开 opens the selected record."""

    def __init__(self, store: Store, catalog: Catalog, code: str, year: int, township: str | None,
                 open_record: Callable[[Record], None], part: str = "value", parent: QWidget | None = None,
                 today: date | None = None):
        super().__init__(parent)
        # F1 here opens the manual there (qt/manual_view.py)
        self.manual_part = "县级汇总和报表" if store.is_county else "六、本年度指标"
        self.store, self.catalog, self.code, self.year, self.township = store, catalog, code, year, township
        self.today = today  # the day the figure was counted on: the list shows the same records
        self.open_record = open_record
        self.indicator = catalog.get(code)
        self.records: list[RecordRef] = []
        self.names = {t.code: t.name for t in township_list(store)}
        self.heading = QLabel(wordWrap=True)
        self.heading.setStyleSheet("font-weight: bold;")
        # which records count and why: what a township disputing the figure checks the list against
        self.note = hint_label(rule_and_note(self.indicator, store.ledger(self.indicator.ledger)))
        self.part_combo = QComboBox()
        for key in PARTS:
            if key == "value" or self.indicator.is_ratio:
                self.part_combo.addItem(part_label(self.indicator, key), key)
        self.part_combo.setCurrentIndex(max(0, self.part_combo.findData(part)))
        self.part_combo.setVisible(self.indicator.is_ratio)
        # 状态 and 核对: drafts and twins count, but a scorer disputing the figure looks at them first
        self.table = read_only_table(["编号", "日期", "名称", "乡镇", "状态", "数量", "核对"])
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName("计入的记录")
        # 述法's people with their 职务 and 任职时间 from the roster: why each is listed, right after a roster change
        self.people_table = read_only_table(["姓名", "乡镇", "职务", "任职时间"])
        self.people_table.setAccessibleName("人员")
        self.people_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.people_table.horizontalHeader().setStretchLastSection(True)
        # where nothing is listed, why (never sent, nothing entered, nothing that counts) in place of an empty table
        self.empty_reason = QLabel(wordWrap=True)
        self.empty_reason.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_reason.setStyleSheet("color: #5f6368; padding: 2em;")
        # beside the buttons, at most 3 lines high: the whole county's, long with what to check, squeezed the table
        # (on a line of its own, the usual one-line count took a table row's height for nothing)
        self.count_label = BoundedLabel(3)
        self.open_button = QPushButton("打开记录(&O)")  # the letters of 待办事项's 打开(O) and 导出列表(X)…
        # the listed records into a workbook (IDs masked), for the inspectors: the list could not be printed or kept
        self.export_button = QPushButton("导出列表(&X)…")
        self.export_button.setVisible(parent is not None)  # the main window asks where and says how it went
        self.export_task = None
        close = QPushButton("关闭")
        bar = QHBoxLayout()
        bar.addWidget(self.count_label, 1)
        bar.addWidget(self.open_button)
        bar.addWidget(self.export_button)
        bar.addWidget(close)
        layout = QVBoxLayout(self)
        for widget in (self.heading, self.note, self.part_combo, self.people_table, self.table, self.empty_reason):
            layout.addWidget(widget, 1 if widget is self.empty_reason else 0)
        layout.addLayout(bar)
        self.part_combo.currentIndexChanged.connect(self.load)
        on_activate(self.table, lambda row, _col: self.open_row(row))
        self.open_button.clicked.connect(lambda: self.open_row(self.table.currentRow()))
        self.export_button.clicked.connect(self.export_list)
        close.clicked.connect(self.reject)
        self.setWindowTitle(f"{self.indicator.code} {self.indicator.title}：查看记录")
        fit_to_screen(self, em(self, 63), em(self, 40))
        self.load()

    def load(self) -> None:
        found = drill(self.store, self.catalog, self.code, self.year, self.township, self.part_combo.currentData(),
                      self.today)
        self.records = found.records
        town = self.names.get(self.township or "", self.township)
        self.heading.setText(found.heading + (f"（{town}）" if self.township else "（全部乡镇）"))
        set_rows(self.table, len(found.records))
        for row, ref in enumerate(found.records):
            cells = [ref.number or "", ref.date or "", ref.title, self.names.get(ref.township, ref.township),
                     ref.status_label, ref.quantity, ref.short_mark]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, plain_item(text, column == 5))
            tips = ([f"与 {'、'.join(ref.twins)} 的日期和名称相同：可能重复登记，照常计入"] if ref.twins else []) \
                + ([earlier_tip(ref)] if ref.earlier else []) + ([CONFLICT_TIP] if ref.conflict else []) \
                + ([f"{ref.unlinked}：照常计入；会议已取消、此活动也未进行的，请删除此记录"] if ref.unlinked else [])
            if tips:
                self.table.item(row, 6).setToolTip("\n".join(tips))
        self.table.setColumnHidden(5, all(r.amount is None for r in found.records))
        self.table.setColumnHidden(6, not any(r.mark for r in found.records))
        self.table.horizontalHeaderItem(5).setText(found.quantity_header)
        self.table.resizeColumnsToContents()
        # 核对 at most MARK_EM wide (its tooltip names every twin): at its contents' width it left 名称 3 characters
        self.table.setColumnWidth(6, min(self.table.columnWidth(6), em(self, MARK_EM)))
        # 述法: the people are the answer (who has not reported); the records, when there are any, follow
        set_rows(self.people_table, len(found.people))
        for row, (town, name) in enumerate(found.people):
            for column, text in enumerate([name, self.names.get(town, town), *found.post_of(town, name)]):
                self.people_table.setItem(row, column, plain_item(text))
        for column in (2, 3):
            self.people_table.setColumnHidden(column, not self.indicator.from_roster)
        self.people_table.setVisible(bool(found.people))
        reason = why_empty(self.store, found, self.today)
        self.empty_reason.setText(reason)
        self.empty_reason.setVisible(bool(reason))
        self.table.setVisible(bool(found.records) or not (found.people or reason))
        self.count_label.setText(count_text(found, self.names))
        self.open_button.setEnabled(bool(found.records))
        self.export_button.setEnabled(bool(found.records))
        self.export_button.setToolTip("把列出的记录导出为 Excel 工作簿（身份证号、电话已遮盖）" if found.records
                                      else "没有列出记录，无可导出")
        if found.records:
            self.table.selectRow(0)

    def export_list(self) -> object:
        """导出列表…: the records listed, in the list's order, as 文件 → 导出列表 writes a ledger's
        (qt/list_export_view.py)."""
        from fazhi_desktop.qt.list_export_view import export_records

        part = part_label(self.indicator, self.part_combo.currentData())
        town = self.names.get(self.township, self.township) if self.township and self.store.is_county else ""
        name = f"{self.year}年{town}{self.indicator.code}{self.indicator.title}{part}"
        self.export_task = export_records(self.parentWidget().window(), self, self.indicator.ledger,
                                          [r.id for r in self.records], name)
        return self.export_task

    def open_row(self, row: int) -> None:
        if not 0 <= row < len(self.records):
            return
        try:
            record = self.store.get(self.records[row].id)
        except FazhiError as exc:
            self.table.setToolTip(str(exc))
            return
        self.open_record(record)


PATTERNS = {"xlsx": "Excel 工作簿 (*.xlsx)", "pdf": "PDF 文件 (*.pdf)"}


class ReportExporter:
    """导出 Excel / PDF: asks where (the window's replaceable prompts), then builds and writes the report on a worker
    thread with its own database connection; tells the user where it went or why not."""

    def __init__(self, owner: QWidget, store: Store, dialogs):
        self.owner, self.store, self.dialogs = owner, store, dialogs
        self.task: Task | None = None
        self.prompts = None  # tests set scripted prompts; else the main window's (qt/exchange.py)

    def export(self, kind: str, year: int, township: str | None = None) -> Task | None:
        office = self.store.setting("office_name") or "法治台账"
        suggested = paths.safe_file_name(f"{office}{year}年法治政府建设指标", "指标报表", f".{kind}")
        prompts = self.prompts or prompts_of(self.owner.window())
        path = prompts.save_file(self.owner, f"导出{year}年指标报表", suggested, PATTERNS[kind])
        if path is None:
            return None
        path = Path(path)
        if path.suffix.lower() != f".{kind}":
            path = path.with_name(path.name + f".{kind}")

        def work(worker: Store, progress: Progress) -> tuple[Path, str | None]:
            from fazhi_desktop.core.indicators import load_catalog_for
            from fazhi_desktop.core.indicators.views import build_report

            # checked as the page checks it (a file changed since it was enabled is refused), never written from
            # this thread
            catalog = load_catalog_for(worker, remember=False, year=year)
            report = build_report(worker, catalog, year, township, progress=progress)
            if kind == "xlsx":
                from fazhi_desktop.core.indicators.report_xlsx import write_xlsx

                return write_xlsx(report, path, progress), None
            from fazhi_desktop.core.indicators.report_pdf import write_pdf_report

            written, _pages, notice = write_pdf_report(report, path, progress)
            return written, notice

        self.task = run_task(self.owner, "正在生成指标报表", own_store_job(self.store, work))
        self.task.done.connect(self._done)
        self.task.failed.connect(self._failed)
        return self.task

    def _done(self, result) -> None:
        path, notice = result
        text = f"已保存：{path}" + (f"\n\n{notice}" if notice else "")
        self.dialogs.info(self.owner, "已导出指标报表", text)

    def _failed(self, message: str, cancelled: bool) -> None:
        if not cancelled:
            self.dialogs.error(self.owner, "无法导出指标报表", message)


def choose_catalog(window, page, default: bool = False) -> bool:
    """统计 → 启用指标目录…: check the chosen catalog and make it this database's (or go back to the shipped one).
    A bad catalog is refused with its file, entry and reason, and the current one stays."""
    from fazhi_desktop.core.errors import FazhiError
    from fazhi_desktop.core.indicators import UNUSABLE, UNUSABLE_NOTE, load_catalog, schedule_lines, use_catalog
    from fazhi_desktop.core.indicators.catalog_years import undated_note
    from fazhi_desktop.core.indicators.later_fields import later_field_warnings

    chosen = None if default else prompts_of(window).open_files(window, "选择指标目录", "指标目录 (*.toml)")
    if not default and not chosen:
        return False
    try:
        # said before enabling: the ended years the catalog enabled now scores that another scored until now
        note = "" if default else undated_note(window.store, load_catalog(chosen[0], window.store.ledgers))
        catalog = use_catalog(window.store, None if default else chosen[0])
    except FazhiError as exc:
        window.dialogs.error(window, "指标目录未启用", str(exc))
        return False
    page.refresh()
    if default:
        window.dialogs.info(window, "指标目录", "已恢复使用程序自带的指标目录（各年度）。")
    else:
        # another year's catalog unusable now (its file changed or gone): said there; this one stays enabled
        schedule = schedule_lines(window.store)
        unusable = [UNUSABLE_NOTE] if any(UNUSABLE in line for line in schedule) else []
        # as `fazhi catalog use`: a ratio over a field of a later form version scores old-form townships 0%
        said = [*later_field_warnings(catalog, window.store.ledgers), *([note] if note else []), *unusable]
        warnings = [f"注意：{w}" for w in said]
        text = "\n".join([f"已启用：{catalog.label}（适用年度：{catalog.years_text}）", str(chosen[0]),
                          f"可计算 {len(catalog.computable)} 项，本版本不能计算 {len(catalog.not_computable)} 项。",
                          "", "各年度按以下目录计算：", *schedule, *(["", *warnings] if warnings else [])])
        (window.dialogs.warn if warnings else window.dialogs.info)(window, "指标目录", text)
    return True


def reports_allowed(page: QWidget, allowed: bool) -> None:
    """The report bar's 导出 buttons (report_bar), off with the reason while the catalog is refused."""
    for button in (page.xlsx_button, page.pdf_button):
        button.setEnabled(allowed)
        button.setToolTip("" if allowed else "指标目录有误，不能生成报表")


def report_bar(page: QWidget) -> QVBoxLayout:
    """The bar above both statistics pages: 年度, a summary, 刷新, 导出 Excel…, 导出 PDF… (set on `page`), and
    under it, when the year shown first is not this year, a line saying why. The years are filled at once, so that
    统计 → 导出本年度指标报表 before the page was ever shown exports the year the page would open on (a January
    export wrote the new, empty year)."""
    page.year_note = hint_label()  # a line of its own: beside the chooser it squeezed it in 长者模式
    page.year_combo = YearChooser(page.year_note)
    page.year_combo.setAccessibleName("年度")
    fill_years(page.year_combo, page.store)
    page.summary = QLabel(wordWrap=True)  # in 长者模式 on a 1024-pixel screen it held the window 1168 wide
    page.refresh_button = QPushButton("刷新")
    page.xlsx_button = QPushButton("导出 Excel…")
    page.pdf_button = QPushButton("导出 PDF…")
    bar = QHBoxLayout()
    bar.addWidget(QLabel("年度："))
    bar.addWidget(page.year_combo)
    bar.addWidget(page.summary, 1)
    for button in (page.refresh_button, page.xlsx_button, page.pdf_button):
        bar.addWidget(button)
    rows = QVBoxLayout()
    rows.addLayout(bar)
    rows.addWidget(page.year_note)
    return rows


class YearChooser(QComboBox):
    """年度 of a statistics page: the years that have records, this year, and the year a review wants (`default_year`:
    last year, in a January at a township until last year is closed (or while nothing of this year is recorded), and
    at the county all through January, records of it or not),
    newest first; only the program's years (a record dated 9999 before dates were checked is the list's to correct:
    统计 cannot count to 10000). Until a year is chosen (by the user, or by a test), the year a review wants, with
    `note` saying so ("2027年尚无记录，显示2026年"); a year once chosen stays chosen."""

    def __init__(self, note: QLabel, parent: QWidget | None = None):
        super().__init__(parent)
        self.note = note
        self.note.hide()
        self.chosen = False
        self.currentIndexChanged.connect(self._chosen)  # fill() blocks signals: only a real choice arrives

    def _chosen(self, _index: int) -> None:
        self.chosen = True
        self.note.hide()

    def fill(self, store: Store) -> None:
        this_year = office_date(store.clock()).year
        default, why = default_year(store)
        shown = self.currentData() if self.chosen else default
        # the year a review wants is offered even without records: the county's January scores last year before any
        # of its records has arrived (the list had 2027 and 2025, not 2026)
        years = sorted({this_year, default,
                        *(y for name in store.ledgers for y in store.years(name) if not year_problem(y))}, reverse=True)
        self.blockSignals(True)
        self.clear()
        for year in years:
            self.addItem(f"{year}年", year)
        self.setCurrentIndex(max(0, self.findData(shown)))
        self.blockSignals(False)
        if not self.chosen:
            self.note.setText(f"{why}；可在“年度”中改选其他年份。" if why else "")
            self.note.setVisible(bool(why))


def fill_years(combo: YearChooser, store: Store) -> None:
    """The years again (after records were saved or bundles imported): see YearChooser."""
    combo.fill(store)
