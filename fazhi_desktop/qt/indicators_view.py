"""本年度指标 (township): each target with a progress bar, its status in colour and words, the days left, a click
through to the records behind it; the mediation statistics the county asks for, with cases by dispute type. Above
them, 需关注: how many complaints and checks are overdue now (core/overdue.py), each a link to its list of them.

`install_pages(window)` adds the page to the main window's navigation (township databases only).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from PySide6.QtCore import QEvent, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFocusEvent
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fazhi_desktop.core import overdue
from fazhi_desktop.core.clock import office_date
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.indicators import Catalog, Figure, Results, compute, load_catalog_for
from fazhi_desktop.core.indicators import status as st
from fazhi_desktop.core.indicators.explained import explain as _explain
from fazhi_desktop.core.indicators.explained import still_needs
from fazhi_desktop.core.indicators.moving import Moving, moving
from fazhi_desktop.core.store import Record, Store
from fazhi_desktop.qt.common import em, on_activate, plain_item, read_only_table, unbroken
from fazhi_desktop.qt.hints import hint_label
from fazhi_desktop.qt.indicator_widgets import (
    BarChart,
    DrillDialog,
    ReportExporter,
    fill_years,
    report_bar,
    reports_allowed,
    show_drill,
    status_colour,
    status_item,
)
from fazhi_desktop.qt.ledger_model import LATE_COLOUR
from fazhi_desktop.qt.table_fit import ColumnFitter

PAGE = "indicators"
COLUMNS = ("代码", "指标", "进度", "完成", "目标", "状态", "说明", "")
#: the least width of 说明, and how far the columns that wrap may be narrowed for it, in characters (a squeezed
#: name or target takes two lines); 代码, the bars, 状态 and 查看记录 stay whole, and 完成's numbers (`whole_numbers`)
EXPLAIN_CHARS = 8  # 10 held 查看记录 off the table in 长者模式 at 1024 pixels
SQUEEZED = {"指标": 4, "完成": 4, "目标": 4, "说明": EXPLAIN_CHARS}
#: the parts of 完成 that stay on one line: "9 / 10" and "（90.0%）" of "9 / 10（90.0%）"
_NUMBERS = re.compile(r"（?[\d.%]+(?: / [\d.%]+)?）?")


def whole_numbers(texts: list[str]) -> str:
    """The widest run of numbers among `texts` (by characters): 完成 squeezed to four characters read
    "1 / 1（10…" in 长者模式; it wraps before "（" and keeps each number whole."""
    return max((run for text in texts for run in _NUMBERS.findall(text)), key=len, default="")


class IndicatorsPage(QWidget):
    """The year's targets of this township. `open_record(Record)` opens a record (the main window's editor);
    `open_late(ledger name)` its list of the records overdue now (需关注's links)."""

    def __init__(self, store: Store, dialogs, open_record, parent: QWidget | None = None,
                 open_late: Callable[[str], None] | None = None):
        super().__init__(parent)
        self.store, self.dialogs, self.open_record = store, dialogs, open_record
        self.open_late = open_late
        self.catalog: Catalog | None = None
        self.results: Results | None = None
        self.moving = Moving()
        self.figures: list[Figure] = []
        self.not_yet: dict[str, str] = {}  # code -> the roster people a figure still waits for (T46c: "马志刚")
        self.short: dict[str, str] = {}  # code -> who else falls short, as the PDF report names them (T29: "马小龙")
        self.drill_dialog: DrillDialog | None = None
        self.exporter = ReportExporter(self, store, dialogs)
        self._build()
        self._computed = False  # figures are computed when the page is first shown, not at start-up

    def _build(self) -> None:
        bar = report_bar(self)
        # what is still open (matters, targets not met, records waiting on someone) in one list: an inspector's
        # "what is still open" had no answer here but each target's 查看记录
        self.todo_button = QPushButton("待办事项…")
        self.todo_button.setToolTip("列出尚未办结的事项、未达标的指标、等待修改或审核的记录，逾期的在前")
        bar.itemAt(0).layout().insertWidget(3, self.todo_button)
        self.source = hint_label()
        self.table = read_only_table(COLUMNS)
        header = self.table.horizontalHeader()
        # 说明 (why a figure is 无数据, what to look at) at least EXPLAIN_CHARS wide, the names, the bars and the
        # targets narrowed first: 长者模式 at 1024 squeezed it to 63 pixels, three characters a line
        self.fitter = ColumnFitter(self.table, self._least, rest=COLUMNS.index("说明"))
        self.table.setWordWrap(True)  # 说明 wraps in its row rather than end in "…" (长者模式 cut the advice off)
        # rows are as tall as 说明's lines once the columns have settled: the ResizeToContents columns and the scroll
        # bars settle after the rows are filled, and rows sized before that cut the advice mid-sentence
        self._row_timer = QTimer(self, singleShot=True, interval=0)
        self._row_timer.timeout.connect(self._fit_rows)
        header.sectionResized.connect(self._row_timer.start)
        header.geometriesChanged.connect(self._row_timer.start)
        self.table.setAccessibleName("本年度指标")
        # as tall as its rows (the page scrolls): a scroll bar of its own took 查看记录's last 16 pixels
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stats_table = read_only_table(("代码", "统计", "数值", "说明"))
        self.stats_table.setAccessibleName("调解统计")
        self.stats_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.stats_table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.chart = BarChart()
        self.chart.setAccessibleName("按纠纷类型的调解案件")
        content = QWidget()
        inner = QVBoxLayout(content)
        self.late_note = LinksLabel()  # 需关注: the records overdue now, whatever year is shown
        self.late_note.linkActivated.connect(lambda name: self.open_late and self.open_late(name))
        self.late_note.hide()
        inner.addWidget(self.late_note)
        inner.addWidget(self.table)
        self.moving_note = hint_label()  # a closed year's figures that its matters still open may move
        self.moving_note.hide()
        inner.addWidget(self.moving_note)
        inner.addWidget(_heading("调解统计（人民调解、行政调解，按受理日期）"))
        inner.addWidget(self.stats_table)
        inner.addWidget(_heading("按纠纷类型：受理案件数（其中调解成功 / 其他）"))
        inner.addWidget(self.chart)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.source)
        layout.addWidget(scroll, 1)
        self.year_combo.currentIndexChanged.connect(self.load)
        self.refresh_button.clicked.connect(self.refresh)
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        on_activate(self.table, lambda row, _col: self.show_records(row))
        on_activate(self.stats_table, lambda row, _col: self.show_records(len(self.targets) + row))

    def _least(self, column: int) -> float | str | None:
        """The targets table's `ColumnFitter` least: 完成 no narrower than its numbers."""
        least = SQUEEZED.get(COLUMNS[column])
        if COLUMNS[column] != "完成":
            return least
        numbers = whole_numbers([self.table.item(row, column).text() for row in range(self.table.rowCount())
                                 if self.table.item(row, column) is not None])
        return numbers if self.fitter.text_width(numbers) > em(self.table, least) else least

    @property
    def year(self) -> int:
        return self.year_combo.currentData() or office_date(self.store.clock()).year

    @property
    def targets(self) -> list[Figure]:
        return [f for f in self.figures if f.indicator.section == "target"]

    def refresh(self) -> None:
        """Read the years again, then the year's catalog and figures (after records were saved elsewhere)."""
        self._computed = True
        fill_years(self.year_combo, self.store)
        self.load()

    def load(self) -> None:
        try:  # each year by the catalog of its own notice (catalog_years.py): read again for the year chosen
            self.catalog = load_catalog_for(self.store, year=self.year)
        except FazhiError as exc:
            self.catalog = None
            self.source.setText(f"无法计算指标：{exc}")
            self.source.setStyleSheet("color: #b3261e;")
            self.summary.setText("")
            self._drop_widgets()
            self.table.setRowCount(0)
            self.stats_table.setRowCount(0)
            self.moving_note.hide()  # it spoke of the figures no longer shown
            self.chart.set_data([], [])  # its bars were the year shown before
            reports_allowed(self, False)
            return
        self.source.setStyleSheet("")
        reports_allowed(self, True)
        self.results = compute(self.store, self.catalog, self.year)
        town = self.results.townships[0].code
        self.figures = [*self.results.for_township(town, self.catalog.targets),
                        *self.results.for_township(town, self.catalog.statistics)]
        later = self.results.ahead_text(town)
        from fazhi_desktop.core.bundle.receipt_earlier import indicators_note  # the bundle package: on first use

        earlier = indicators_note(self.store, self.year)  # re-installed: the county counts more (a receipt said)
        self.source.setText(f"统计截至 {self.results.today.isoformat()}；指标目录：{self.catalog.label}。"
                            f"{later}{earlier}{self.results.merged_note()}双击一行或按“查看记录”看计入的记录。")
        counts = {s: sum(1 for f in self.targets if f.status_text == s) for s in (st.MET, st.MET_SO_FAR,
                                                                                    *st.MATRIX_STATUSES[1:])}
        # wrapped between the counts only: 长者模式 on a small screen broke "进行" / "中 5 项" and "未达标 1" / "项"
        self.summary.setText("　".join(unbroken(f"{s} {n} 项") for s, n in counts.items() if n))
        self.moving = moving(self.store, self.results)
        # the roster people a figure waits for (T46c), the officers without a valid certificate (T29), as 待办事项
        # says them too
        self.not_yet, self.short = still_needs(self.store, self.results, town)
        self.moving_note.setText(self.moving.note())
        self.moving_note.setVisible(bool(self.moving_note.text()))
        self._say_late()
        self._fill_targets()
        self._fill_statistics()

    def _drop_widgets(self) -> None:
        """Hide the rows' bars and buttons before the table replaces or removes them: it deletes them later (deleteLater
        waits for the event loop), and painted or grabbed before that, 刷新's old bars and buttons showed under the
        new ones, their numbers doubled faintly."""
        for row in range(self.table.rowCount()):
            for column in range(self.table.columnCount()):
                if widget := self.table.cellWidget(row, column):
                    widget.hide()

    def _fill_targets(self) -> None:
        self._drop_widgets()
        self.table.setRowCount(len(self.targets))
        for row, fig in enumerate(self.targets):
            ind = fig.indicator
            self.table.setItem(row, 0, plain_item(ind.code))
            name = plain_item(ind.title)
            name.setToolTip(f"海政办发〔2023〕34号 第{ind.task}项：{ind.text}" + (f"\n{ind.note}" if ind.note else ""))
            self.table.setItem(row, 1, name)
            self.table.setCellWidget(row, 2, _progress_bar(fig))
            self.table.setItem(row, 3, plain_item(fig.amount_text()))
            self.table.setItem(row, 4, plain_item(ind.target_text()))
            status = status_item(fig.status_text, fig.status_why())
            if fig.status_text == st.MET_SO_FAR:  # 目前 / 达标 on two lines: 状态 as wide as 有风险 (长者模式 at 1024)
                status.setText(f"{st.MET_SO_FAR[:2]}\n{st.MET_SO_FAR[2:]}")
            self.table.setItem(row, 5, status)
            explanation = plain_item(_explain(fig, self.moving, self.not_yet.get(ind.code, ""),
                                              self.short.get(ind.code, "")))
            explanation.setToolTip(explanation.text())
            self.table.setItem(row, 6, explanation)
            button = QPushButton("查看记录")
            button.setAccessibleName(f"查看{ind.title}的记录")
            button.clicked.connect(lambda _=False, r=row: self.show_records(r))
            self.table.setCellWidget(row, 7, button)
        self.fitter.refit()
        self._fit_rows()
        self._row_timer.start()  # again once the columns have taken their widths

    def _say_late(self) -> None:
        """需关注: the records overdue today (of every year: a complaint of December late in January still is),
        ledger by ledger, each a link to that list filtered to them; hidden when none is. The figures are unchanged
        (T30b counts a complaint 未办结 whether or not it is late)."""
        parts = []
        for name, count in overdue.counts(self.store).items():
            ledger = self.store.ledger(name)
            parts.append(f'<a href="{html.escape(name)}">{html.escape(ledger.label)} {count} 件</a>'
                         f"（{html.escape(overdue.deadlines_said(ledger))}）")
        self.late_note.setText(f'<span style="color: {LATE_COLOUR};"><b>需关注</b>　现已{overdue.MARK}：'
                               f"{'；'.join(parts)}。点击查看这些记录。</span>" if parts else "")
        self.late_note.setVisible(bool(parts))

    def _fit_rows(self) -> None:
        """Rows as tall as their wrapped 说明, and the table as tall as its rows (the page scrolls, not the table)."""
        self.table.resizeRowsToContents()
        sideways = self.table.horizontalScrollBar()  # when it scrolls sideways, the last row above its scroll bar
        below = sideways.sizeHint().height() if sideways.maximum() > 0 else 0
        self.table.setMinimumHeight(self.table.verticalHeader().length() + self.table.horizontalHeader().height()
                                    + below + 4)

    def _fill_statistics(self) -> None:
        stats = [f for f in self.figures if f.indicator.section == "statistic"]
        self.stats_table.setRowCount(len(stats))
        for row, fig in enumerate(stats):
            text = fig.amount_text() if fig.indicator.is_ratio else st.NO_DATA_MARK if fig.status == st.NO_DATA \
                else f"{int(fig.numerator or 0)} {fig.indicator.unit}"  # nothing entered in the year: not "0 件"
            said = "。".join(filter(None, (_explain(fig) if fig.status == st.NO_DATA else "", fig.indicator.note)))
            for column, value in enumerate((fig.indicator.code, fig.indicator.title, text, said)):
                self.stats_table.setItem(row, column, plain_item(value))
        self.stats_table.setMinimumHeight(self.stats_table.verticalHeader().length()
                                          + self.stats_table.horizontalHeader().height() + 4)
        counted = next((f for f in stats if f.breakdown and not f.indicator.is_ratio), None)
        rate = next((f for f in stats if f.breakdown and f.indicator.is_ratio), None)
        rows = []
        if counted is not None:
            for key, (cases, _) in sorted(counted.breakdown.items(), key=lambda kv: -kv[1][0]):
                success = rate.breakdown.get(key, (0, 0))[0] if rate else 0
                rows.append((key, [(success, "调解成功"), (cases - success, "其他（未成功或未结）")]))
        self.chart.set_data(rows, [("调解成功", QColor("#8fd19e")), ("其他（未成功或未结）", QColor("#d0d7de"))])
        self.chart.setMinimumHeight(self.chart.sizeHint().height())

    def show_records(self, row: int) -> DrillDialog | None:
        if not 0 <= row < len(self.figures) or self.catalog is None:
            return None
        fig = self.figures[row]
        # at risk, missed, or still waiting for someone (T47's leaders in July, 进行中): first what is missing
        waits = fig.indicator.code in self.not_yet and fig.township == self.results.townships[0].code
        part = "gap" if fig.indicator.is_ratio and (fig.status in (st.AT_RISK, st.MISSED) or waits) else "value"
        self.drill_dialog = show_drill(self.drill_dialog, DrillDialog(
            self.store, self.catalog, fig.indicator.code, self.year, fig.township, self.open_record, part, self,
            self.results.today))
        return self.drill_dialog

    def export(self, kind: str):
        return self.exporter.export(kind, self.year)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._computed:
            self.refresh()  # the first showing: figures are not computed at start-up
        elif self.results is not None:
            self.load()  # records may have been saved since


class LinksLabel(QLabel):
    """Wrapped rich text whose links Tab and Enter reach: Tab onto it has its first link ready for Enter (Shift+Tab
    its last). A plain QLabel took the first Tab itself, with no link chosen, and Enter there did nothing."""

    def __init__(self):
        super().__init__(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                     | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        reason = event.reason()
        if reason in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason) and "<a " in self.text():
            self.focusNextPrevChild(reason == Qt.FocusReason.TabFocusReason)  # onto the first (last) link


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: bold; margin-top: 8px;")
    return label


class ProgressBar(QProgressBar):
    """A bar with room for its numbers (its format, "100%" or "12 / 12") inside its frame in the font it has now:
    the column is sized to its widgets, and a width set once from the font it was made with showed "00% / 100" after
    长者模式 was turned on. Not wider: "0 / 4" made as wide as "100% / 100%" left 说明 no room in 长者模式."""

    def __init__(self, text: str):
        super().__init__()
        self.setFormat(text)
        self._fit_text()

    def _fit_text(self) -> None:
        metrics = self.fontMetrics()
        self.setMinimumWidth(metrics.horizontalAdvance(self.format()) + metrics.height())

    def sizeHint(self) -> QSize:  # Qt's asks for seven digits' room, whatever the numbers
        return QSize(self.minimumWidth(), super().sizeHint().height())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_text()


def _progress_bar(fig: Figure) -> QWidget:
    """How far along the target is, with the numbers written on the bar; none for report-only and 不超过 targets."""
    ind = fig.indicator
    if ind.direction != ">=" or ind.threshold is None or fig.status == st.NO_DATA:
        label = QLabel("—")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return label
    if ind.is_ratio:  # the rate, filled as far: 目标 beside it says what it must reach ("100% / 100%" and
        # "100% / 90%" made the column so wide that 查看记录 went off the table in 长者模式 at 1024 pixels)
        share = (fig.value or 0) * 100
        bar = ProgressBar(f"{(fig.value or 0):.0%}")
    else:
        share = (fig.numerator or 0) * 100 / ind.threshold if ind.threshold else 100
        bar = ProgressBar(f"{fig.numerator or 0:g} / {ind.threshold:g}")
    bar.setRange(0, 100)
    bar.setValue(int(min(share, 100)))
    colour = status_colour(fig.status).darker(125).name()
    bar.setStyleSheet(f"QProgressBar {{ text-align: center; color: #202124; }} "
                      f"QProgressBar::chunk {{ background-color: {colour}; }}")
    bar.setAccessibleName(f"{ind.title}进度 {bar.format()}")
    return bar


def make_page(window) -> IndicatorsPage:
    """本年度指标 of a township main window (it adds the navigation entry and the 统计 menu)."""
    page = IndicatorsPage(window.store, window.dialogs, _opener(window), open_late=_late_opener(window))
    page.todo_button.clicked.connect(lambda: _qt_todo(window, page.year))
    return page


def _qt_todo(window, year: int):
    """待办事项 of the year shown (qt/todo_view.py)."""
    from fazhi_desktop.qt.todo_view import open_todo

    return open_todo(window, year)


def _late_opener(window) -> Callable[[str], None]:
    def open_late(name: str) -> None:
        window.show_page(name)
        window.page(name).show_late()

    return open_late


def _opener(window):
    def open_record(record: Record) -> None:
        window.open_record(record, viewing=True)  # to be read (shown to inspectors): 编辑 in it to change it

    return open_record
