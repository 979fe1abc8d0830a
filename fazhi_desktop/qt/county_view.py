"""县级汇总 (county mode): who met which target at a glance, per year.

Tabs: 指标矩阵 (townships x targets, status in colour and words; double-click any cell for its records), 图表 (per
target, how many townships met it, are on track, at risk, missed it or sent nothing), 数据完整性 (last bundle per
township, days since, gaps), 调解统计, and 各乡镇台账 (every township's records, read-only, with a township filter).
Reports export to Excel and PDF. Records at the county are the townships' and open read-only.

`install_pages(window)` adds the page to the main window's navigation (county databases only).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fazhi_desktop.core import retention, year_close
from fazhi_desktop.core.clock import office_date
from fazhi_desktop.core.dates import cn_date
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.indicators import Catalog, Results, compute, load_catalog_for, township_list
from fazhi_desktop.core.indicators import status as st
from fazhi_desktop.core.indicators.completeness import Completeness, completeness
from fazhi_desktop.core.indicators.moving import moving
from fazhi_desktop.core.indicators.views import NUMBER, PERCENT, View, completeness_view, mediation_view
from fazhi_desktop.core.store import Record, Store
from fazhi_desktop.qt.common import (
    SearchEdit,
    busy_cursor,
    em,
    on_activate,
    opener,
    plain_item,
    read_only_table,
    tab_keys,
)
from fazhi_desktop.qt.hints import hint_label
from fazhi_desktop.qt.indicator_widgets import (
    BarChart,
    DrillDialog,
    RecordViewer,
    ReportExporter,
    fill_years,
    report_bar,
    reports_allowed,
    show_drill,
    status_colour,
    status_item,
)
from fazhi_desktop.qt.ledger_model import LedgerTableModel
from fazhi_desktop.qt.ledger_view import (
    SEARCH_DELAY_MS,
    StatusCombo,
    column_least,
    column_sample,
    empty_list_text,
    title_column,
    whole_choice,
)
from fazhi_desktop.qt.table_fit import ColumnFitter, tight_cells

PAGE = "county"
#: how far 需关注 may be squeezed, in characters: first (while 年度封账 stays whole), then at most
ATTENTION_FIRST, SQUEEZED_LEAST = 12, 4
#: how far 年度封账 may be squeezed: a closing reads whole (a reopening's longer text may end in "…", whole in its
#: tooltip); squeezed like 需关注, it showed "已封账（2…" at 1366 pixels while 需关注 kept 300 pixels
CLOSING_LEAST = year_close.describe(year_close.CLOSE, "2027-01-15")
CODE_HEADER = "代码"
#: the matrix's last rows, on two lines: "未达标乡镇数" made the townships' column two characters wider than 海城街道
SUMMARY_ROWS = ("达标\n乡镇数", "未达标\n乡镇数")
#: pixels between a tab's content and the tab's frame, left and right (`_tab_sides`)
TAB_SIDE = 3


class CountyPage(QWidget):
    def __init__(self, store: Store, dialogs, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.dialogs = store, dialogs
        self.catalog: Catalog | None = None
        self.results: Results | None = None
        self.drill_dialog: DrillDialog | None = None
        self.viewer: RecordViewer | None = None
        self.exporter = ReportExporter(self, store, dialogs)
        #: the database and the day the figures were computed for (`_state`): showing the page again repaints them
        self.computed_for: tuple | None = None
        self._build()  # the figures are computed when the page is shown (showEvent), not at start-up

    def _build(self) -> None:
        bar = report_bar(self)
        self.source = hint_label()
        self.matrix = QTableWidget()
        self.matrix.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.matrix.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.matrix.setAccessibleName("乡镇指标矩阵")
        self.matrix.setTabKeyNavigation(False)  # the arrows move from cell to cell; Tab leaves the matrix
        # statuses are never cut; the titles go to lines of two characters while the columns do not fit otherwise
        self.matrix_fitter = ColumnFitter(self.matrix, lambda _column: None, self._title_matrix, stretch=False)
        tight_cells(self.matrix)
        self.matrix.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # 达标\n乡镇数
        self.chart = BarChart()
        self.chart.setAccessibleName("各指标达标乡镇数")
        self.complete_table = read_only_table([])
        self.complete_table.setAccessibleName("数据完整性")
        self.mediation_table = read_only_table([])
        self.mediation_table.setAccessibleName("调解统计")
        self.records = RecordsBrowser(self.store, self.open_record)
        self.tabs = QTabWidget()
        self.matrix_note = hint_label()  # townships whose records of the ended year may not all have arrived
        # report-only targets (T45, T34, T4, a county's own): no status, so not columns; named with a way to them
        self.reported_notes = (_reported_label(self.show_reported, True), _reported_label(self.show_reported, False))
        self.moving_note = hint_label()  # a closed year's figures that the matters it left open may still move
        self.moving_note.hide()
        self.tabs.addTab(_with_widgets(
            self.matrix, self.matrix_note, self.moving_note, self.reported_notes[0], hint_label(
                "双击任一格（或用方向键选中后按 Enter）查看该乡镇该指标背后的记录；“乡镇数”行是全县的记录。"
                "Ctrl+Tab 切换到下一页。")), "指标矩阵")
        chart_hint = hint_label("每个指标一条：各状态的乡镇数。")
        self.tabs.addTab(_with_widgets(self.chart, self.reported_notes[1], chart_hint), "图表")
        self.complete_note = hint_label()
        self.retention_note = hint_label()  # the copies held whose 保管期限 ends by this December, per township
        self.tabs.addTab(_with_widgets(self.complete_table, self.complete_note, self.retention_note), "数据完整性")
        self.mediation_note = hint_label()
        self.tabs.addTab(_with_widgets(self.mediation_table, self.mediation_note), "调解统计")
        self.tabs.addTab(self.records, "各乡镇台账")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.source)
        layout.addWidget(self.tabs, 1)
        self.year_combo.currentIndexChanged.connect(self.load)
        self.refresh_button.clicked.connect(self.refresh)
        self.xlsx_button.clicked.connect(lambda: self.exporter.export("xlsx", self.year))
        self.pdf_button.clicked.connect(lambda: self.exporter.export("pdf", self.year))
        on_activate(self.matrix, self.show_cell)
        tab_keys(self.tabs, self)

    @property
    def year(self) -> int:
        return self.year_combo.currentData() or office_date(self.store.clock()).year

    def refresh(self) -> None:
        """Everything read again: on the first showing, after an import, a settled conflict, a catalog enabled, 刷新."""
        state = self._state()  # before reading: a commit meanwhile (a job on a worker thread) is read next time
        with busy_cursor():
            self._refresh()
        self.computed_for = state

    def _state(self) -> tuple:
        """What the figures depend on besides the year shown: the database (any commit to it, here or by another
        program: Store.commits) and the day (距今天数, whether the year is over: Beijing's day, as the figures'
        统计截至 and the printed report go by, so that a PC set to another zone recomputes at Beijing's midnight)."""
        return self.store.commits(), office_date(self.store.clock())

    def _refresh(self) -> None:
        fill_years(self.year_combo, self.store)
        self.records.reload()
        self._load()

    def load(self) -> None:
        """The figures of the year chosen (0.5 s at 18 townships x 5 years: under the wait cursor)."""
        with busy_cursor():
            self._load()

    def _load(self) -> None:
        try:  # each year by the catalog of its own notice (catalog_years.py): read again for the year chosen
            self.catalog = load_catalog_for(self.store, year=self.year)
        except FazhiError as exc:
            # the figures need the catalog; what arrived (数据完整性, 各乡镇台账) does not, and stays in view
            self.catalog, self.results = None, None
            self.source.setText(f"无法计算指标：{exc}")
            self.source.setStyleSheet("color: #b3261e;")
            self.summary.setText("")
            self.matrix.setRowCount(0)
            self.matrix_note.hide()  # its * belong to a matrix no longer shown
            self.moving_note.hide()
            self._fill_reported()
            self.chart.set_data([], [])
            self.mediation_table.setRowCount(0)
            self.mediation_note.setText("")
            self._fill_completeness(office_date(self.store.clock()))
            reports_allowed(self, False)
            return
        self.source.setStyleSheet("")
        reports_allowed(self, True)
        self.results = compute(self.store, self.catalog, self.year)
        met = sum(1 for t in self.results.townships
                  if all(self.results.figure(i.code, t.code).status == st.MET for i in self.catalog.judged))
        sent = sum(1 for t in self.results.townships if self.results.active.get(t.code))
        self.summary.setText(f"{len(self.results.townships)} 个乡镇，{sent} 个有{self.year}年记录，{met} 个全部达标")
        self.source.setText(f"统计截至 {self.results.today.isoformat()}；指标目录：{self.catalog.label}。"
                            f"{self.results.ahead_text()}{self.results.merged_note()}")
        comp = completeness(self.store, self.year, self.results.today, self.results.carried)
        self._fill_matrix(comp)
        still = moving(self.store, self.results, comp)
        self.moving_note.setText(still.note())
        self.moving_note.setVisible(bool(self.moving_note.text()))
        self._fill_chart()
        self._fill_reported()
        self._fill_completeness(self.results.today, comp)
        mediation = mediation_view(self.results, still)
        _fill_view(self.mediation_table, mediation)
        self.mediation_note.setText("\n".join(mediation.notes))

    def _fill_completeness(self, today, comp: Completeness | None = None) -> None:
        comp = comp or completeness(self.store, self.year, today)
        _fill_view(self.complete_table, completeness_view(self.store, comp))
        self.complete_note.setText(comp.note)
        self.retention_note.setText(retention.said(self.store, retention.IN_WINDOW))
        self.retention_note.setVisible(bool(self.retention_note.text()))

    def _fill_matrix(self, comp: Completeness) -> None:
        assert self.results is not None and self.catalog is not None
        judged, towns = self.catalog.judged, self.results.townships
        late = comp.not_all_arrived()
        self.matrix.clear()
        self.matrix.setColumnCount(len(judged))
        self.matrix.setRowCount(len(towns) + 2)
        self.matrix.setHorizontalHeaderLabels([i.code for i in judged])  # with their titles once fitted
        self.matrix.setVerticalHeaderLabels([f"{t.name} *" if t.code in late else t.name for t in towns]
                                            + list(SUMMARY_ROWS))
        for row, town in enumerate(towns):
            if town.code in late:
                made = cn_date(late[town.code].isoformat())  # as the note under the matrix says it
                self.matrix.verticalHeaderItem(row).setToolTip(
                    f"最后一个数据包制作于{made}，此后登记的记录尚未报送：状态按已收到的记录评定")
        # why a 无数据 cell is so, under the matrix as under the Excel's, the PDF's and `fazhi indicators`' (a cell's
        # tooltip said it, one cell at a time)
        note = "\n".join(filter(None, (comp.arrival_note() if late else "", self.results.no_data_note(judged))))
        self.matrix_note.setText(note)
        self.matrix_note.setVisible(bool(note))
        for column, ind in enumerate(judged):
            header = self.matrix.horizontalHeaderItem(column)
            header.setToolTip(f"{ind.text}\n目标：{ind.target_text()}")
            for row, town in enumerate(towns):
                fig = self.results.figure(ind.code, town.code)
                self.matrix.setItem(row, column, status_item(fig.status_text, "。".join(filter(None, (
                    f"{town.name}：{fig.progress_text()}", fig.status_why())))))
            for offset, status in enumerate((st.MET, st.MISSED)):
                item = plain_item(str(self.results.summary(ind.code)[status]), align_right=True)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.matrix.setItem(len(towns) + offset, column, item)
        self.matrix_fitter.refit()

    def _title_matrix(self, narrow: bool) -> None:
        """Each target's code over its title, in lines of two characters when `narrow`, else of four."""
        judged = self.catalog.judged if self.catalog is not None else []
        for column, ind in enumerate(judged[:self.matrix.columnCount()]):
            self.matrix.horizontalHeaderItem(column).setText(f"{ind.code}\n{_wrap(ind.title, 2 if narrow else 4)}")

    def _fill_chart(self) -> None:
        assert self.results is not None and self.catalog is not None
        rows = [(f"{i.code} {i.title}", [(float(self.results.summary(i.code)[s]), s) for s in st.MATRIX_STATUSES])
                for i in self.catalog.judged]
        self.chart.set_data(rows, [(s, status_colour(s)) for s in st.MATRIX_STATUSES])

    def _fill_reported(self) -> None:
        """Under the matrix and the chart: the report-only targets, each a link to its records in every township."""
        reported = self.catalog.reported if self.catalog is not None else ()
        links = "、".join(f'<a href="{escape(i.code)}">{escape(i.code)} {escape(i.title)}</a>' for i in reported)
        text = (f"仅报告、不评状态（不在矩阵和图表中，不计入达标乡镇数）：{links}。点击查看全县计入的记录；"
                "各乡镇的数值见导出的 Excel（指标明细）或 PDF 的“仅报告的指标”表。") if reported else ""
        for label in self.reported_notes:
            label.setText(text)
            label.setVisible(bool(text))

    def show_reported(self, code: str) -> DrillDialog | None:
        """The records behind a report-only target in every township (a link under the matrix)."""
        if self.results is None or self.catalog is None or code not in {i.code for i in self.catalog.reported}:
            return None
        self.drill_dialog = show_drill(self.drill_dialog, DrillDialog(
            self.store, self.catalog, code, self.year, None, self.open_record, "value", self, self.results.today))
        return self.drill_dialog

    def show_cell(self, row: int, column: int) -> DrillDialog | None:
        """The records behind one matrix cell (or, on the 乡镇数 rows, behind the target in every township)."""
        if self.results is None or self.catalog is None or not 0 <= column < len(self.catalog.judged) or row < 0:
            return None
        ind = self.catalog.judged[column]
        towns = self.results.townships
        township = towns[row].code if row < len(towns) else None
        fig = self.results.figure(ind.code, township) if township else None
        part = "gap" if fig is not None and ind.is_ratio and fig.status in (st.AT_RISK, st.MISSED) else "value"
        self.drill_dialog = show_drill(self.drill_dialog, DrillDialog(
            self.store, self.catalog, ind.code, self.year, township, self.open_record, part, self, self.results.today))
        return self.drill_dialog

    def export(self, kind: str):
        """The year's report as xlsx or pdf (统计 menu)."""
        return self.exporter.export(kind, self.year)

    def open_record(self, record: Record) -> RecordViewer:
        """The record read-only, owned by the window it was opened from: Esc goes back to the drill-down's row."""
        self.viewer = RecordViewer(self.store, record, opener(self))
        self.viewer.open()
        return self.viewer

    def showEvent(self, event) -> None:
        """Figures are not computed at start-up, only when the page is shown; and again when it is shown after
        the database changed (bundles imported meanwhile: new years, townships and records too) or the day did.
        Otherwise the page shows what it has: recomputed on each showing, coming back from 会议 froze the window
        1.2 s at a county's size. (A catalog file changed on disk is refused at 刷新.)"""
        super().showEvent(event)
        # not merely the window coming back from the task bar
        if not event.spontaneous() and self.computed_for != self._state():
            self.refresh()


def _wrap(title: str, line: int = 4) -> str:
    """A column title in short lines that break between words: titles of up to five characters whole ("未审查上会"),
    longer ones after each four ("专题研究\n部署", "主要负责\n同志讲法"). Chinese words are mostly of two characters,
    so four keeps them whole where an even split did not (专题研\n究部署). Narrower, `line=2`: "数据\n包数",
    "密钥\n已登记"."""
    if len(title) <= line + 1:
        return title
    return title[:line] + "\n" + _wrap(title[line:], line)


def _reported_label(show, keyboard: bool) -> QLabel:
    """A hint whose links (a target's code) call `show(code)`, by mouse, and with `keyboard` by Tab and Enter too
    (under the matrix; under the chart, which takes no keys, Ctrl+Tab leaves the arrows on the tabs)."""
    label = hint_label()
    label.setAccessibleName("仅报告的指标")
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction if keyboard
                                  else Qt.TextInteractionFlag.LinksAccessibleByMouse)
    label.linkActivated.connect(show)
    label.hide()
    return label


def _with_widgets(*widgets: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    _tab_sides(layout)
    for widget in widgets:
        layout.addWidget(widget, 1 if isinstance(widget, QTableWidget | BarChart) else 0)
    return box


def _tab_sides(layout: QVBoxLayout) -> None:
    """A tab's content TAB_SIDE pixels from the tab's frame left and right, not the style's 9: with two pixels a
    column less in its cells, 指标矩阵 in 长者模式 then shows its fourteen targets whole on a 1366x768 laptop."""
    margins = layout.contentsMargins()
    layout.setContentsMargins(TAB_SIDE, margins.top(), TAB_SIDE, margins.bottom())


def _fill_view(table: QTableWidget, view: View) -> None:
    """A core report view in a table widget (percentages written out, statuses coloured) that fits a 1366-pixel
    screen: long titles on two lines (行政执法\n监督检查), the 代码 column folded into the township's tooltip, 需关注
    squeezed before anything scrolls off the edge (调解案件 and 本年记录合计 were off it)."""
    table.clear()
    table.setColumnCount(len(view.headers))
    table.setHorizontalHeaderLabels([_wrap(header) for header in view.headers])
    table.setRowCount(len(view.rows))
    codes = view.headers.index(CODE_HEADER) if CODE_HEADER in view.headers else None
    for r, row in enumerate(view.rows):
        for c, (value, kind) in enumerate(zip(row, view.kinds, strict=True)):
            if kind == PERCENT:
                text = st.NO_DATA_MARK if value is None else f"{value:.1%}"
            elif isinstance(value, float):
                text = f"{value:g}"
            else:
                text = "" if value is None else str(value)
            item = plain_item(_counted(text), isinstance(value, int | float) or kind == PERCENT
                              or value == st.NO_DATA_MARK)
            item.setToolTip(f"{text}（{row[codes]}）" if c == 0 and codes is not None and row[codes] else text)
            table.setItem(r, c, item)
    for c, header in enumerate(view.headers):
        table.horizontalHeaderItem(c).setToolTip(header)
        table.setColumnHidden(c, c == codes)
    fitter = table.findChild(ColumnFitter)
    if fitter is None:
        # 需关注 gives up width first, down to ATTENTION_FIRST characters while 年度封账 stays whole; then 年度封账
        # too, down to a closing's text (CLOSING_LEAST), and 需关注 down to a few characters (the whole text in the
        # tooltip): with 已重新打开（…） kept whole 数据完整性 ran 160 pixels off a 1366-pixel laptop in 长者模式
        def first(column: int) -> int | None:
            return ATTENTION_FIRST if column == _column(table, "需关注") else None

        def least(column: int) -> int | str | None:
            if column == _column(table, "年度封账"):
                return CLOSING_LEAST
            return SQUEEZED_LEAST if column == _column(table, "需关注") else None

        # a table of figures (调解统计) keeps its last column as wide as its figures: stretched, 申请司法确认's
        # counts sat 500 pixels right of the rest; a text last column (数据完整性's 距今天数…) takes the room
        figures = view.kinds[-1] in (NUMBER, PERCENT)
        fitter = ColumnFitter(table, least, lambda narrow: _retitle(table, 2 if narrow else 4), stretch=not figures,
                              first=first)
    fitter.refit()


def _counted(text: str) -> str:
    """A cell of several items, one to a line (需关注): the one-line cell shows only the start of the first, so it
    says first how many there are ("共 2 项：本年度 2027-01-12 02:00 封账后于…"); the tooltip holds them all."""
    lines = text.count("\n") + 1
    return f"共 {lines} 项：{text.splitlines()[0]}" if lines > 1 else text


def _retitle(table: QTableWidget, line: int) -> None:
    """The titles broken into lines of `line` characters (each header's tooltip holds the whole title)."""
    for c in range(table.columnCount()):
        item = table.horizontalHeaderItem(c)
        if item is not None:  # none while _fill_view grows the table (a year with 年度封账): it titles them next
            item.setText(_wrap(item.toolTip(), line))


def _column(table: QTableWidget, header: str) -> int:
    """The column whose (wrapped) title is `header`, or -1."""
    return next((c for c in range(table.columnCount())
                 if table.horizontalHeaderItem(c) and table.horizontalHeaderItem(c).toolTip() == header), -1)


class RecordsBrowser(QWidget):
    """Every township's records of one ledger, read-only: ledger, township, year, status (逾期 too, in a ledger with
    deadlines: as the county's ledger lists filter, `StatusCombo`) and search filters."""

    def __init__(self, store: Store, open_record, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.open_record = store, open_record
        self.ledger_combo, self.township_combo, self.year_combo = QComboBox(), QComboBox(), QComboBox()
        self.ledger_combo.setAccessibleName("台账")
        self.township_combo.setAccessibleName("乡镇")
        self.year_combo.setAccessibleName("年度")
        for ledger in store.ledgers.values():  # in the notice's order (forms.LEDGER_ORDER)
            self.ledger_combo.addItem(ledger.label, ledger.name)
        self.status_combo = StatusCombo(store.ledger(self.ledger_combo.currentData()), county=True)
        self.search = SearchEdit("搜索：姓名、事项、编号……", "搜索姓名、事项、编号", "搜索")
        self.count_label = QLabel()
        self.table = QTableView()
        self.table.setAccessibleName("各乡镇台账记录")
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; the arrows move in it (as in the ledger lists)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)  # "时长…", as in the lists
        # as the ledger lists: measured from the text each column usually shows, not the rows (of one township, or
        # of all, read page by page), choices whole with room to spare, the title taking the rest
        self.fitter = ColumnFitter(self.table, lambda column: self._by_column(column_least, column),
                                   sample=lambda column: self._by_column(column_sample, column),
                                   whole=lambda column: self._by_column(whole_choice, column))
        self.model: LedgerTableModel | None = None
        bar = QHBoxLayout()
        # the status unlabelled, as in the ledger lists: its choices say what they are (全部状态, 草稿, 逾期); with
        # "状态：" and five characters the bar held the window 1054 wide in 长者模式, over a 1024-pixel screen
        filters = (("台账：", self.ledger_combo, 5), ("乡镇：", self.township_combo, 5), ("年度：", self.year_combo, 5),
                   ("", self.status_combo, 4))
        for label, widget, least in filters:
            # as wide as their choices when there is room, narrower when not (in 长者模式 on a 1024-pixel
            # screen the bar held the county's window 1037 wide)
            widget.setMinimumWidth(em(widget, least))
            if label:
                bar.addWidget(QLabel(label))
            bar.addWidget(widget)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        _tab_sides(layout)  # as the other tabs
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.empty_label = hint_label()  # 没有符合条件的记录…, as the ledger lists say it
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()
        layout.addWidget(self.empty_label)
        layout.addWidget(hint_label("县级数据库中的记录来自各乡镇的数据包，只读；双击或按 Enter 查看。"))
        self.reload_choices()
        self.ledger_combo.currentIndexChanged.connect(self._set_model)
        for combo in (self.township_combo, self.year_combo, self.status_combo):
            combo.currentIndexChanged.connect(self.apply_filters)
        # searched after a pause in typing, as the ledger lists are: not once per character of a number
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(self._search_timer.start)
        self.table.doubleClicked.connect(lambda index: self._open(index.row()))
        self._set_model()

    def reload(self) -> None:
        """The choices and the records listed, read again (after an import)."""
        self.reload_choices()
        if self.model is not None:
            self.model.refresh()

    def reload_choices(self) -> None:
        """Townships of the county and years with records (after an import)."""
        self.names = {t.code: t.name for t in township_list(self.store)}
        for combo, items in ((self.township_combo, [("全部乡镇", None), *((n, c) for c, n in self.names.items())]),
                             (self.year_combo, [("全部年份", None), *((f"{y}年", y) for y in self._years())])):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for text, data in items:
                combo.addItem(text, data)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
            combo.blockSignals(False)

    def _years(self) -> list[int]:
        return sorted({y for name in self.store.ledgers for y in self.store.years(name)}, reverse=True)

    def _set_model(self) -> None:
        ledger = self.store.ledger(self.ledger_combo.currentData())
        self.status_combo.set_ledger(ledger)  # 逾期 where the ledger has deadlines
        self.model = LedgerTableModel(self.store, ledger, self, townships=self.names)
        self.table.setSortingEnabled(False)
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSortIndicator(self.model.sort_column(), Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.model.modelReset.connect(self._count)
        self.apply_filters()
        self.fitter.dragged.clear()  # another ledger: other columns
        self.fitter.rest = title_column(self.model.ledger, self.model.columns)
        self.fitter.refit()

    def _by_column(self, rule, column: int):
        """`rule` (ledger_view's column_least, column_sample, whole_choice) for `column` of the ledger shown."""
        return rule(self.model.ledger, self.model.columns[column])

    def apply_filters(self) -> None:
        self._search_timer.stop()
        if self.model is None:
            return
        self.model.set_filters(township=self.township_combo.currentData(), year=self.year_combo.currentData(),
                               text=self.search.text(), **self.status_combo.filters())
        self._count()

    def _count(self) -> None:
        total = self.model.total if self.model else 0
        self.count_label.setText(f"共 {total} 条")
        query = self.model.query if self.model else None
        filtered = query is not None and bool(query.text or query.year or query.township or query.status
                                              or query.overdue)
        self.empty_label.setText(empty_list_text(self.model) if filtered and not total else "")
        self.empty_label.setVisible(filtered and not total)

    def hideEvent(self, event) -> None:
        if self._search_timer.isActive():  # a search still waiting for its pause runs now, as in the ledger lists
            self.apply_filters()
        super().hideEvent(event)

    def _open(self, row: int) -> None:
        record = self.model.record_at(row) if self.model else None
        if record is not None:
            self.open_record(record)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.hasFocus():
            self._open(self.table.currentIndex().row())
            return
        super().keyPressEvent(event)


def make_page(window) -> CountyPage:
    """县级汇总 of a county main window (it adds the navigation entry and the 统计 menu)."""
    return CountyPage(window.store, window.dialogs)
