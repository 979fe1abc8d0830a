"""The main window: a shell of menus, navigation and status bar; each page is a view of its own.

The window is built in two steps so that it is on screen at once: `MainWindow(dialogs, ui)` is the frame (title,
remembered size and place, text size, a line saying which database is being opened), cheap enough to show before
the database and the pages' modules are loaded; `attach(store, actor)` then fills it (navigation, menus, status
bar, the first page). This module therefore imports only Qt at load time; the pages' modules come with `attach`,
and it names `QtCore.Qt`, `QtWidgets.QListWidget`… where they are used: PySide6 builds a class (and its enums) on
first use, ~15 ms for the Qt namespace alone, which can wait until the frame is on screen.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QMainWindow, QWidget

from fazhi_desktop.qt import fonts
from fazhi_desktop.qt.open_over import open_from
from fazhi_desktop.qt.ui_settings import UiSettings

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
    from PySide6.QtWidgets import QListWidget, QListWidgetItem, QMenu

    from fazhi_desktop.core.accounts import User
    from fazhi_desktop.core.store import Record, Store
    from fazhi_desktop.qt.ledger_view import LedgerView

ROSTER_PAGE, SETTINGS_PAGE = "people", "settings"
APP_TITLE = "法治台账"
EXCHANGE_MENU = "数据交换(&X)"
#: county mode -> (page, label, module, first in the list)
STATISTICS = {
    False: ("indicators", "本年度指标", "indicators_view", False),
    True: ("county", "县级汇总", "county_view", True),
}
#: the window's size on a first start, on a screen large enough (else the screen's, less a margin)
DEFAULT_SIZE = (1600, 1000)
READ_ONLY_HINT = "县级汇总模式：各乡镇报送的记录只读，修改须由乡镇进行后重新报送"


class HelpKey(QtCore.QObject):
    """F1 in any window of `window`'s, modal dialogs included: Qt fires no shortcut of a window that a modal dialog
    blocks, so the 帮助 menu's F1 did nothing in 导出数据包, 年度封账 and every other dialog opened with open() or
    exec(), just where the clerk needs the manual (and the menu itself is out of reach there). Each modal dialog of
    the window's gets an F1 of its own when it first comes to the front (a window shortcut: the menu's is not active
    while the dialog is, so the two never compete). Not an application-wide event filter: one in Python ran for
    every event of every object and made a wrapper for each, and a run of the suite crashed in a font change after
    it. While the idle lock is on, F1 does nothing: a manual opened over the lock box took the keyboard, and her
    password went into its contents."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        QApplication.instance().focusWindowChanged.connect(self._to_the_front)

    def _to_the_front(self, _window: QtGui.QWindow | None) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog is not QApplication.activeWindow() or dialog.property("help_key"):
            return
        widget = dialog
        while widget is not None and widget is not self.window:  # one of this main window's, not another's
            widget = widget.parentWidget()
        if widget is None:
            return
        dialog.setProperty("help_key", True)
        QtGui.QShortcut(QtGui.QKeySequence(QtCore.Qt.Key.Key_F1), dialog, self._pressed)

    def _pressed(self) -> None:
        lock = getattr(self.window, "idle_lock", None)
        if lock is None or not lock.locked:  # locked: nothing but the password box, the manual stays covered
            self.window.show_manual()


class MainWindow(QMainWindow):
    #: the close was accepted (editors closed): last work before the window goes, e.g. the backup on exit
    about_to_close = Signal()

    def __init__(self, dialogs, ui: UiSettings, opening: Path | None = None):
        """The frame alone, at the remembered size and place; `opening` names the database being opened."""
        # the text size before any widget exists: widgets made earlier kept Qt's 9 pt until shown, and a table
        # header put into the window then kept it for good (县级汇总's matrix in 长者模式 at a first start)
        fonts.apply_text_size(QApplication.instance(), ui.large_text)
        super().__init__()
        self.dialogs, self.ui = dialogs, ui
        self.store: Store | None = None
        self.pages: dict[str, QWidget] = {}
        self.editors: dict[str, QWidget] = {}
        self.record_menu: QMenu | None = None  # right-click on a ledger list (_record_menu)
        self.manual_window: QWidget | None = None  # 帮助 → 使用说明, once opened (qt/manual_view.py)
        self.factories: dict[str, Callable[[], QWidget]] = {}
        self.nav: QListWidget | None = None
        self.view_menu: QMenu | None = None  # 视图: its page entries follow the navigation (_fill_view_pages)
        self.page_actions: list[QAction] = []
        self.counts_label: QLabel | None = None  # the status bar's, once attached
        self._counts = ("", "")  # the status bar's counts, by ledger and in total (update_counts)
        self.setWindowTitle(APP_TITLE)
        self.opening_label = QLabel(f"正在打开数据库 {opening.name}……" if opening else "正在打开……")
        waiting = QWidget()
        row = QHBoxLayout(waiting)  # centred by stretches (an alignment flag would load the Qt namespace)
        row.addStretch(1)
        row.addWidget(self.opening_label)
        row.addStretch(1)
        self.setCentralWidget(waiting)
        # the screen's width, less a margin, up to DEFAULT_SIZE: at 1180x720 a 1366x768 laptop pushed the county's
        # tables off the right edge and the window's foot under the task bar (fit_to_screen's rule, without loading
        # qt/common.py and the Qt namespace before the frame is on screen)
        room = self.screen().availableGeometry()
        self.resize(min(DEFAULT_SIZE[0], room.width() - 40), min(DEFAULT_SIZE[1], room.height() - 60))
        if ui.geometry is not None:
            self.restoreGeometry(ui.geometry)

    def show_index_progress(self, done: int, total: int) -> None:
        """The opening line while the first open after an upgrade rebuilds the search index (Store.open's
        `progress`): seconds at 100,000 records, which "正在打开数据库……" alone left unexplained."""
        self.opening_label.setText("正在为新版本更新搜索索引（升级后第一次打开时进行一次）："
                                   f"{done:,} / {total:,} 条记录……")
        # painted now (the open runs on this thread); clicks and keys wait until the window is filled
        QApplication.processEvents(QtCore.QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)

    def attach(self, store: Store, actor: str | User) -> None:
        """Fill the frame for `store`: navigation, menus, status bar, the page shown last time."""
        from fazhi_desktop.qt import checkpoints, session
        from fazhi_desktop.qt.clock_banner import ClockBanner
        from fazhi_desktop.qt.restore_banner import RestoreBanner
        from fazhi_desktop.qt.welcome_banner import WelcomeBanner

        self.store = store
        #: the logged-in user's name (a User given is logged in on the store: qt/session.py)
        self.actor = session.bind(store, actor)
        #: county mode: the townships' records are shown as received, never edited here
        self.read_only = store.is_county
        self.ledger_names = list(store.ledgers)  # in the notice's order (forms.LEDGER_ORDER)
        self.page_names = [*self.ledger_names, ROSTER_PAGE, SETTINGS_PAGE]
        office = store.setting("office_name") or APP_TITLE
        self.setWindowTitle(f"{APP_TITLE} — {office}")
        self.labels = {**{n: store.ledger(n).label for n in self.ledger_names}, ROSTER_PAGE: "人员名册",
                       SETTINGS_PAGE: "设置"}
        self.nav = self._build_nav()
        self._fit_nav()
        self.stack = QtWidgets.QStackedWidget()
        self.clock_banner = ClockBanner(self)  # over the pages while the PC's clock is behind the database
        self.restore_banner = RestoreBanner(self)  # after a restore from backup, until the county's receipt
        self.welcome_banner = WelcomeBanner(self)  # an account's first login: where to start
        central = QWidget()
        column = QtWidgets.QVBoxLayout(central)
        column.addWidget(self.clock_banner)
        column.addWidget(self.restore_banner)
        column.addWidget(self.welcome_banner)
        layout = QHBoxLayout()
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        column.addLayout(layout, 1)
        self.setCentralWidget(central)  # the frame's "opening" line goes with it
        self._build_status_bar(office)
        self._build_menus()
        checkpoints.install(self)  # the .db file complete a few seconds after each save (qt/checkpoints.py)
        self.install_statistics_pages()
        self.nav.currentItemChanged.connect(self._show_page)
        # nothing remembered (a first start): the navigation's first page, the county reviewer's 县级汇总 (the
        # ledger order put the county on an empty 会议 list)
        self.show_page(self.ui.last_page if self.ui.last_page in self.page_names else self.nav_order()[0])
        self.update_counts()
        self.clock_banner.refresh()
        self.restore_banner.refresh()
        self.welcome_banner.refresh()
        # the cursor in the list, as without the notes above it: the first login's took it, and Enter opened 待办事项
        self.nav.setFocus()

    def _build_nav(self) -> QListWidget:
        nav = QtWidgets.QListWidget()
        nav.setAccessibleName("页面")
        nav.setSpacing(2)
        for name in self.page_names:
            if name == ROSTER_PAGE:
                gap = QtWidgets.QListWidgetItem()
                gap.setFlags(QtCore.Qt.ItemFlag.NoItemFlags)  # a gap between the ledgers and the rest
                nav.addItem(gap)
            item = QtWidgets.QListWidgetItem(self.labels[name])
            item.setData(QtCore.Qt.ItemDataRole.UserRole, name)
            nav.addItem(item)
        nav.verticalScrollBar().rangeChanged.connect(lambda _low, _high: self._fit_nav())
        return nav

    def _fit_nav(self) -> None:
        """As wide as its longest entry (the style's margins around the text, where the focus rectangle is drawn),
        the items' spacing, the frame and, when the window is too low for every entry, the scroll bar. Twice the
        font height more took 26 pixels from the pages beside it, 42 in 长者模式."""
        nav = self.nav
        bar = nav.verticalScrollBar()
        nav.setFixedWidth(nav.sizeHintForColumn(0) + 2 * (nav.spacing() + nav.frameWidth())
                          + (bar.sizeHint().width() if bar.maximum() > 0 else 0))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if self.nav is not None and event.type() == QtCore.QEvent.Type.FontChange:
            self._fit_nav()
            self._fit_counts()
        if event.type() == QtCore.QEvent.Type.ActivationChange and self.isActiveWindow() and self.store is not None \
                and not self.store.closed:
            self._catch_up()

    def _catch_up(self) -> None:
        """Back from the command line or another program: the counts may have moved, and the list shown with them
        (refreshed only then, keeping its selection: coming back from an editor window changes nothing)."""
        before = self._counts
        self.update_counts()
        self.clock_banner.refresh()  # the clock put right meanwhile (or set back), or confirmed elsewhere
        self.restore_banner.refresh()  # a receipt imported meanwhile (here or with `fazhi receipt import`)
        view = self.current_ledger_view()
        if self._counts != before and view is not None:
            view.refresh()

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_counts()

    # -- building --------------------------------------------------------------------------------------------

    def _build_status_bar(self, office: str) -> None:
        self._office_text = office
        self.office_label = QLabel(office)
        self.office_label.setContentsMargins(4, 0, 12, 0)
        self.office_label.setToolTip(office)  # whole when the bar cuts it (`_fit_counts`)
        self._db_text = f"数据库：{self.store.path.name if self.store.path else '内存'}"
        self.db_label = QLabel(self._db_text)
        self.db_label.setToolTip(str(self.store.path or ""))
        self.counts_label = QLabel()
        self.counts_label.setContentsMargins(12, 0, 0, 0)
        bar = self.statusBar()
        bar.addWidget(self.office_label)
        bar.addWidget(self.db_label)
        from fazhi_desktop.qt.reopened_note import add_reopened_note

        self.reopened_label = add_reopened_note(self)  # a year left reopened
        bar.addPermanentWidget(self.counts_label)

    def show_office(self, office: str) -> None:
        """The office's name in the title and the status bar, after 修改单位名称."""
        self.setWindowTitle(f"{APP_TITLE} — {office or APP_TITLE}")
        self._office_text = office
        self.office_label.setToolTip(office)
        self._fit_counts()

    def _action(self, menu, text: str, slot, shortcut: str | QKeySequence | None = None, hint: str = "") -> QAction:
        action = QtGui.QAction(text + (f"\t{hint}" if hint else ""), self)
        if shortcut:
            action.setShortcut(QtGui.QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("文件(&F)")
        self.new_action = self._action(file_menu, "新建记录(&N)", self.new_record, "Ctrl+N")
        self._add_excel_import_actions(file_menu)
        self._add_print_actions(file_menu)
        file_menu.addSeparator()
        self._action(file_menu, "退出(&X)", self.close, "Ctrl+Q")
        edit_menu = bar.addMenu("编辑(&E)")
        self.open_action = self._action(edit_menu, "打开记录(&O)", self.open_selected, hint="Enter")
        self.copy_action = self._action(edit_menu, "复制为新记录(&C)", self.copy_selected, "Ctrl+D")
        self.copy_action.setToolTip("以选中的记录为底稿新建一条：带上地点、主持人、参加人员等，不带日期、内容和结果")
        self.delete_action = self._action(edit_menu, "删除记录(&D)", self.delete_selected,
                                          QtGui.QKeySequence.StandardKey.Delete)
        edit_menu.addSeparator()
        self._add_deleted_records_action(edit_menu)
        self._add_batch_review_actions(edit_menu)
        self._add_year_close_action(edit_menu)
        self._add_renumber_action(edit_menu)
        edit_menu.addSeparator()
        self._action(edit_menu, "查找(&F)", self.focus_search, "Ctrl+F")
        self._add_person_find_action(edit_menu)
        view_menu = bar.addMenu("视图(&V)")
        self.view_menu, self.page_actions = view_menu, []
        self.pages_end = view_menu.addSeparator()
        self._fill_view_pages()
        self.large_text_action = self._action(view_menu, "长者模式（大字号）(&L)", self.set_large_text)
        self.large_text_action.setCheckable(True)
        self.large_text_action.setChecked(self.ui.large_text)
        self._action(view_menu, "刷新(&R)", self.refresh_current, QtGui.QKeySequence.StandardKey.Refresh)
        help_menu = bar.addMenu("帮助(&H)")
        manual = self._action(help_menu, "使用说明(&M)", self.show_manual, "F1")
        manual.setShortcutContext(QtCore.Qt.ShortcutContext.ApplicationShortcut)  # from an editor window too
        HelpKey(self)  # and from a modal dialog, which the shortcut does not reach
        self._action(help_menu, "第一次使用(&F)…", self.show_first_steps)
        self._action(help_menu, "快捷键(&K)", self.show_shortcuts)
        self._action(help_menu, "关于法治台账(&A)", self.show_about)
        self._add_exchange_actions()
        self._add_backup_actions()
        self._add_account_actions()
        if self.read_only:
            for action in (self.new_action, self.delete_action, self.copy_action):
                action.setEnabled(False)
                action.setToolTip(READ_ONLY_HINT)

    def add_menu(self, title: str) -> QMenu:
        """A menu added by a feature module (数据交换, 统计): before 帮助, which stays last as on every desktop."""
        bar = self.menuBar()
        help_menu = next((a for a in bar.actions() if a.menu() is not None and a.text().startswith("帮助")), None)
        menu = QtWidgets.QMenu(title, bar)
        if help_menu is not None:
            bar.insertMenu(help_menu, menu)
        else:
            bar.addMenu(menu)
        return menu

    def _add_exchange_actions(self) -> None:
        """数据交换: export to / import from a USB stick, keys and enrolment. The modules (and the cryptography they
        bring) load when an action is first used, not at start-up."""
        from fazhi_desktop.qt.session import PERMISSION

        if self.store.is_county:  # (text, module, its function, the permission it needs: qt/session.py)
            entries = [("导入数据包(&I)…", "import_dialog", "open_import_dialog", "bundle.import"),
                       # any time, not only after an import
                       ("写回执(&W)…", "receipts_view", "open_receipts_dialog", None),
                       ("处理冲突(&C)…", "conflicts_view", "open_conflicts_dialog", None)]
        else:
            entries = [("导出数据包(&E)…", "export_wizard", "open_export_wizard", "bundle.export"),
                       ("导入县级回执(&R)…", "export_wizard", "import_receipt_action", "bundle.export"),
                       # the records a receipt named that this office lacks, entered under their printed numbers
                       ("补录回执列出的记录(&B)…", "lost_view", "open_lost_records", "record.edit"),
                       # after a restore: numbers on paper since the backup are not given again (core/renumber.py)
                       ("编号从第N号起(&N)…", "numbering_view", "open_continue_numbers", "numbers.manage")]
        entries.append(("数据包记录(&L)…", "exchanges_view", "open_exchanges_dialog", None))
        entries.append(("密钥与登记(&K)…", "keys_view", "open_keys_dialog", "keys.manage"))
        menu = self.add_menu(EXCHANGE_MENU)
        for text, module, function, permission in entries:
            action = QtGui.QAction(text, self)
            action.triggered.connect(lambda _=False, m=module, f=function: _qt_function(m, f)(self))
            action.setProperty(PERMISSION, permission)
            menu.addAction(action)

    def install_statistics_pages(self) -> None:
        """本年度指标 (township) or 县级汇总 (county, first in the list), and the 统计 menu; the page and the indicator
        engine load when first shown."""
        name, label, module, first = STATISTICS[self.store.is_county]
        self.add_lazy_page(name, label, lambda: _qt_function(module, "make_page")(self), first=first)
        menu = self.add_menu("统计(&T)")
        self.indicator_menu = menu
        # a township's open matters, targets not met and records waiting on someone, in one list (qt/todo_view.py)
        todo = [] if self.store.is_county else [("待办事项(&O)…", lambda: _qt_function("todo_view", "open_todo")(self)),
                                                None]
        items = [*todo, ("导出本年度指标报表（Excel）(&X)…", lambda: self.page(name).export("xlsx")),
                 ("导出本年度指标报表（PDF）(&P)…", lambda: self.page(name).export("pdf")), None,
                 ("启用指标目录(&C)…", lambda: self._choose_catalog(name)),
                 ("恢复程序自带的指标目录(&D)", lambda: self._choose_catalog(name, default=True))]
        from fazhi_desktop.qt import session
        from fazhi_desktop.qt.session import PERMISSION

        for item in items:
            if item is None:
                menu.addSeparator()
                continue
            action = QtGui.QAction(item[0], self)
            action.triggered.connect(lambda _=False, run=item[1]: run())
            if "指标目录" in item[0]:  # decides how every township is scored: 管理员 only, as core checks
                action.setProperty(PERMISSION, "catalog.manage")
            menu.addAction(action)
        menu.setToolTipsVisible(True)
        session.refresh(self)  # the menus before this one were set for the user's role already

    def _choose_catalog(self, page_name: str, default: bool = False) -> bool:
        return _qt_function("indicator_widgets", "choose_catalog")(self, self.page(page_name), default=default)

    def nav_order(self) -> list[str]:
        """The pages as the navigation lists them (county: 县级汇总 first; 本年度指标 before 人员名册)."""
        names = [self.nav.item(r).data(QtCore.Qt.ItemDataRole.UserRole) for r in range(self.nav.count())]
        return [name for name in names if name]

    def _fill_view_pages(self) -> None:
        """视图 → one entry per page, in the navigation's order, Ctrl+1 … Ctrl+9 as the pages stand on the left
        (a page added later, 本年度指标 or 县级汇总, gets its place and number too)."""
        for action in self.page_actions:
            self.view_menu.removeAction(action)
            action.deleteLater()
        self.page_actions = []
        for number, name in enumerate(self.nav_order() if self.nav is not None else self.page_names, 1):
            action = QtGui.QAction(self.labels[name], self)
            if number <= 9:
                action.setShortcut(QtGui.QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _=False, n=name: self.show_page(n))
            self.view_menu.insertAction(self.pages_end, action)
            self.page_actions.append(action)

    def add_lazy_page(self, name: str, label: str, factory, first: bool = False) -> None:
        """A navigation entry (before the gap above 人员名册, or first) whose page `factory()` builds when shown."""
        self.factories[name] = factory
        self.labels[name] = label
        if name not in self.page_names:
            self.page_names.append(name)  # so the window can come back to it next time (ui.last_page)
        item = QtWidgets.QListWidgetItem(label)
        item.setData(QtCore.Qt.ItemDataRole.UserRole, name)
        row = 0 if first else next((r for r in range(self.nav.count())
                                    if not self.nav.item(r).flags() & QtCore.Qt.ItemFlag.ItemIsEnabled),
                                   self.nav.count())
        self.nav.insertItem(row, item)
        self._fit_nav()
        if self.view_menu is not None:
            self._fill_view_pages()

    def _add_batch_review_actions(self, menu: QMenu) -> None:
        """编辑 → 批量提交审核… / 批量审核通过… / 批量锁定… (qt/batch_review.py): enabled for the logged-in user's role
        like every action (qt/session.py); off in county mode, which holds only the townships' records."""
        from fazhi_desktop.core import review
        from fazhi_desktop.qt.session import PERMISSION

        for name, key in zip(review.BATCH_STEPS, "TRL", strict=True):
            action = self._action(menu, f"批量{review.STEPS[name].label}(&{key})…",
                                  lambda _=False, n=name: _qt_function("batch_review", "open_batch_review")(self, n))
            if self.read_only:
                action.setEnabled(False)
                action.setToolTip(review.batch_blocked(self.store, name))
            else:
                action.setProperty(PERMISSION, review.STEPS[name].permission)

    def _add_deleted_records_action(self, menu: QMenu) -> None:
        """编辑 → 已删除的记录… (qt/deleted_view.py): a record deleted by mistake brought back, for the roles that
        delete; off at the county, which deletes nothing of its own."""
        from fazhi_desktop.core.store import COUNTY_KEEPS_NO_LEDGER
        from fazhi_desktop.qt.session import PERMISSION

        action = self._action(menu, "已删除的记录(&E)…", lambda _=False: _qt_function("deleted_view",
                                                                                  "open_deleted_records")(self))
        if self.read_only:
            action.setEnabled(False)
            action.setToolTip(COUNTY_KEEPS_NO_LEDGER)
        else:
            action.setProperty(PERMISSION, "record.delete")

    def _add_person_find_action(self, menu: QMenu) -> None:
        """编辑 → 查找当事人… (qt/person_view.py): a person's records in every ledger and his 个人信息摘录, for the
        roles that may show full numbers (所长, 管理员)."""
        from fazhi_desktop.qt.session import PERMISSION

        action = self._action(menu, "查找当事人(&P)…", lambda _=False: _qt_function("person_view",
                                                                             "open_person_find")(self))
        action.setToolTip("当事人申请查阅、复制本人信息时：在全部台账中查找记有此人的记录，生成个人信息摘录")
        action.setProperty(PERMISSION, "record.reveal")

    def _add_year_close_action(self, menu: QMenu) -> None:
        """编辑 → 年度封账… (qt/year_close_view.py), beside 批量锁定: for the 所长 and the 管理员; off at the county."""
        from fazhi_desktop.core import year_close
        from fazhi_desktop.qt.session import PERMISSION

        action = self._action(menu, "年度封账(&Y)…", lambda _=False: _qt_function("year_close_view",
                                                                               "open_year_close")(self))
        if self.read_only:
            action.setEnabled(False)
            action.setToolTip(year_close.COUNTY)
        else:
            action.setProperty(PERMISSION, "year.close")

    def _add_renumber_action(self, menu: QMenu) -> None:
        """编辑 → 按日期重新编号… (qt/numbering_view.py): for the 所长 and the 管理员; off at the county."""
        from fazhi_desktop.qt.session import PERMISSION

        action = self._action(menu, "按日期重新编号(&U)…", lambda _=False: _qt_function("numbering_view",
                                                                                  "open_renumber")(self))
        if self.read_only:
            action.setEnabled(False)
            action.setToolTip(READ_ONLY_HINT)
        else:
            action.setProperty(PERMISSION, "numbers.manage")

    def _add_backup_actions(self) -> None:
        """文件 → 立即备份 / 从备份恢复…, 设置 → 备份, automatic backups (qt/backup_view.py)."""
        from fazhi_desktop.qt import backup_view

        backup_view.install(self)

    def _add_account_actions(self) -> None:
        """The user in the status bar, 账户 menu, 查看历史, role permissions on every action (qt/session.py)."""
        from fazhi_desktop.qt import session

        session.install(self)

    def update_record_actions(self) -> None:
        """删除记录 / 查看历史 / 复制为新记录 for the selected record (a locked one cannot be deleted: the tooltip says
        why)."""
        from fazhi_desktop.qt import session

        session.update_record_actions(self)
        view = self.current_ledger_view()
        # at the county too: each document carries the name of the township that recorded it (documents/issuer.py)
        self.print_selected_action.setEnabled(view is not None and view.selected_count() > 0)

    def _add_excel_import_actions(self, menu: QMenu) -> None:
        """文件 → 从Excel导入记录… and 下载导入模板… (qt/excel_import_view.py) for the roles that add records, and
        撤销Excel导入… (qt/import_undo_view.py) for those that delete them; off at the county, which keeps no ledger
        of its own."""
        from fazhi_desktop.core.store import COUNTY_KEEPS_NO_LEDGER
        from fazhi_desktop.qt.session import PERMISSION

        for text, module, name, permission in (
                ("从Excel导入记录(&I)…", "excel_import_view", "open_excel_import", "record.edit"),
                ("下载导入模板(&M)…", "excel_import_view", "save_template", "record.edit"),
                ("撤销Excel导入(&U)…", "import_undo_view", "open_import_undo", "record.delete")):
            action = self._action(menu, text, lambda _=False, m=module, n=name: _qt_function(m, n)(self))
            if self.read_only:
                action.setEnabled(False)
                action.setToolTip(COUNTY_KEEPS_NO_LEDGER)
            else:
                action.setProperty(PERMISSION, permission)
        menu.addSeparator()

    def _add_print_actions(self, menu) -> None:
        """文件 → 打印所选记录… for the rows selected in the list shown (qt/batch_print.py), 打印本年度台账… for the
        ledger shown and its year filter (qt/print_views.py), and 核验打印件… for a paper's verification code
        (qt/print_check.py)."""
        self.print_selected_action = self._action(menu, "打印所选记录(&S)…", self.print_selected, "Ctrl+P")
        self.print_selected_action.setToolTip("把列表中选中的记录（Shift 或 Ctrl 加单击多选，Ctrl+A 全选）打印为同一种"
                                              "文书，合成一个PDF")
        self.register_action = self._action(menu, "打印本年度台账(&P)…", self.print_register)
        self._action(menu, "导出列表(&E)…", self.export_list, "Ctrl+E")
        self._action(menu, "核验打印件(&V)…", lambda: _qt_function("print_check", "open_print_check")(self))

    def export_list(self) -> object:
        """The shown ledger's list, as filtered and sorted, into an Excel or CSV file (qt/list_export_view.py)."""
        return _qt_function("list_export_view", "export_list")(self)

    def print_selected(self) -> QWidget | None:
        """The selected records of the list shown as one document kind, in one PDF (qt/batch_print.py)."""
        return _qt_function("batch_print", "open_batch_print")(self)

    def print_register(self) -> QWidget:
        from fazhi_desktop.qt.print_views import RegisterDialog

        view = self.current_ledger_view()
        ledger = view.ledger.name if view else self.ledger_names[0]
        year = view.year_combo.currentData() if view else None
        self.register_dialog = RegisterDialog(self.store, ledger, year, self.dialogs, parent=self)
        self.register_dialog.open()
        return self.register_dialog

    # -- pages -----------------------------------------------------------------------------------------------

    def page(self, name: str) -> QWidget:
        """The view of a page, created the first time it is shown (a ledger's list is read only when needed)."""
        if name not in self.pages:
            if name in self.factories:
                view = self.factories[name]()
            elif name == ROSTER_PAGE:
                from fazhi_desktop.qt.roster_view import RosterView

                view = RosterView(self.store, self.dialogs, self.actor)
            elif name == SETTINGS_PAGE:
                from fazhi_desktop.qt.settings_view import SettingsView

                view = SettingsView(self.store, self.ui.large_text, self.dialogs)
                view.large_text_changed.connect(self.set_large_text)
                view.office_renamed.connect(self.show_office)
            else:
                from fazhi_desktop.qt.ledger_view import LedgerView
                from fazhi_desktop.qt.session import say_why_not_deleted

                view = LedgerView(self.store, self.store.ledger(name))
                view.open_requested.connect(lambda record: self.open_editor(record.ledger, record, from_list=True))
                view.new_requested.connect(self.new_record)
                view.export_button.clicked.connect(self.export_list)
                view.table.selectionModel().selectionChanged.connect(lambda *_: self.update_record_actions())
                view.table.setContextMenuPolicy(QtCore.Qt.ContextMenuPolicy.CustomContextMenu)
                view.table.customContextMenuRequested.connect(lambda pos, v=view: self._record_menu(v, pos))
                say_why_not_deleted(self, view.table)  # Delete on a greyed 删除记录: its reason in the status bar
                # queued: the model finds the damage inside a paint event, where a message box must not open
                view.model.damage_found.connect(self._say_damaged, QtCore.Qt.ConnectionType.QueuedConnection)
                if self.read_only:
                    view.new_button.setEnabled(False)
                    view.new_button.setToolTip(READ_ONLY_HINT)
            self.pages[name] = view
            self.stack.addWidget(view)
        return self.pages[name]

    def _say_damaged(self, text: str) -> None:
        """A list met records that cannot be read (a damaged file; each list tells once): said, with 从备份恢复…."""
        text += "\n\n列表中这些记录显示为“（已损坏）”；其他记录照常可以查看。"
        if self.dialogs.confirm(self, "数据库文件已损坏", text, yes="从备份恢复…", no="稍后再说", default=False):
            self.backup.restore_from_backup()

    def _record_menu(self, view: LedgerView, pos: QtCore.QPoint) -> None:
        """Right-click on a ledger's list: the 编辑 menu's record actions for the row under the pointer."""
        index = view.table.indexAt(pos)
        if not index.isValid():
            return
        view.table.selectRow(index.row())
        if self.record_menu is None:
            self.record_menu = QtWidgets.QMenu(self)
        self.record_menu.clear()  # the actions are the window's; the menu only lists them
        for action in (self.open_action, self.copy_action, self.delete_action, self.history_action):
            self.record_menu.addAction(action)
        self.record_menu.popup(view.table.viewport().mapToGlobal(pos))

    def show_page(self, name: str) -> None:
        for row in range(self.nav.count()):
            if self.nav.item(row).data(QtCore.Qt.ItemDataRole.UserRole) == name:
                self.nav.setCurrentRow(row)

    def _show_page(self, item: QListWidgetItem | None) -> None:
        name = item.data(QtCore.Qt.ItemDataRole.UserRole) if item is not None else None
        if name is None:
            return
        if name in self.pages and isinstance(self.pages[name], _list_views()):
            self.pages[name].refresh()  # coming back to a page shows what changed meanwhile
        self.stack.setCurrentWidget(self.page(name))
        self.ui.last_page = name
        is_ledger = name in self.ledger_names
        self.open_action.setEnabled(is_ledger)
        self.delete_action.setEnabled(is_ledger and not self.read_only)
        self.new_action.setEnabled(name != SETTINGS_PAGE and not self.read_only)  # the county adds nothing
        self.update_record_actions()

    def current_name(self) -> str:
        item = self.nav.currentItem()
        return item.data(QtCore.Qt.ItemDataRole.UserRole) if item is not None else self.page_names[0]

    def current_ledger_view(self) -> LedgerView | None:
        from fazhi_desktop.qt.ledger_view import LedgerView

        view = self.stack.currentWidget()
        return view if isinstance(view, LedgerView) else None

    def refresh_current(self) -> None:
        """刷新, and after an import or a settled conflict: the page shown reads the data again (a list, 县级汇总,
        本年度指标), and the counts; the other pages read it again when next shown."""
        view = self.stack.currentWidget()
        refresh = getattr(view, "refresh", None)
        if callable(refresh):
            refresh()
        self.update_counts()

    def update_counts(self) -> None:
        counts = [(self.store.ledger(n).label, self.store.count(n), self.store.uncounted(n)) for n in self.ledger_names]
        total = f"共 {sum(c for _, c, _ in counts)} 条记录"
        # at the county, the records set aside are said beside their ledger's count: 数据完整性 counts without them
        self._counts = (total + "（" + "，".join(f"{label} {count}" + (f"（其中不计入 {aside}）" if aside else "")
                                                for label, count, aside in counts) + "）", total)
        from fazhi_desktop.qt.reopened_note import show_reopened

        show_reopened(self)
        self._fit_counts()

    def _fit_counts(self) -> None:
        """The records per ledger in the status bar when they fit beside the office, the database, the note of a
        year reopened and the user; else the total, with the rest as tooltip (长者模式 on a small screen cut it off
        mid-word), else the total cut with "…", then the database's name and the office's (长者模式 at 1024 pixels).
        The note is never cut: it says what is still to be done, and squeezed by the bar it lost its end mid-word."""
        full, total = self._counts
        if not full or self.counts_label is None:
            return
        note = self.reopened_label
        if note is not None:
            note.setMinimumWidth(note.sizeHint().width() if not note.isHidden() else 0)
        giving_way = ((self.db_label, self._db_text), (self.office_label, self._office_text))
        for label, text in giving_way:
            label.setText(text)
        taken = sum(w.sizeHint().width() for w in (self.office_label, self.db_label, getattr(self, "user_label", None),
                                                   note) if w is not None and not w.isHidden())
        room = self.statusBar().width() - taken - self.fontMetrics().height() * 3
        metrics = self.counts_label.fontMetrics()
        fits = metrics.horizontalAdvance(full) <= room
        shown = full if fits else total if metrics.horizontalAdvance(total) <= room \
            else metrics.elidedText(total, QtCore.Qt.TextElideMode.ElideRight, max(room, 0))
        self.counts_label.setText(shown)
        self.counts_label.setToolTip("" if fits else full)
        for label, text in giving_way:
            if room >= 0:
                break
            metrics = label.fontMetrics()
            width = metrics.horizontalAdvance(text)
            label.setText(metrics.elidedText(text, QtCore.Qt.TextElideMode.ElideRight, max(width + room, 0)))
            room += width - metrics.horizontalAdvance(label.text())

    # -- records ---------------------------------------------------------------------------------------------

    def new_record(self) -> None:
        view = self.stack.currentWidget()
        ledger_view = self.current_ledger_view()
        if self.read_only and ledger_view is not None:
            return
        if isinstance(view, _list_views()[1]):
            view.add_person()
        elif ledger_view is not None:
            self.open_editor(ledger_view.ledger.name, None)

    def selected_record(self) -> Record | None:
        """The record selected in the ledger list shown (None on other pages or without a selection)."""
        view = self.current_ledger_view()
        return view.selected_record() if view is not None else None

    def open_selected(self) -> QWidget | None:
        record = self.selected_record()
        return self.open_editor(record.ledger, record, from_list=True) if record is not None else None

    def copy_selected(self) -> QWidget | None:
        """复制为新记录: a new record of the same ledger starting from the selected one's `copy = true` fields."""
        record = self.selected_record()
        if record is None or self.read_only:
            return None
        return self.open_editor(record.ledger, None, copy_of=record)

    def open_record(self, record: Record, viewing: bool = False) -> QWidget | None:
        return self.open_editor(record.ledger, record, viewing=viewing)

    def open_editor(self, ledger_name: str, record: Record | None, copy_of: Record | None = None,
                    from_list: bool = False, over: QWidget | None = None, reentering: Any = None,
                    viewing: bool = False) -> QWidget | None:
        """One editor window per record: opening it again brings the open one to the front. A new record may
        start as a copy of another (`copy_of`). `from_list`: opened from its ledger's list, whose order
        通过并打开下一条 then follows. `over`: a window-modal dialog it opens over (qt/open_over.py), whose child it is.
        `reentering`: 补录 of a record a receipt named (core/bundle/reentry.py ToEnter), under its printed number.
        `viewing`: opened to be read, every field read-only until 编辑 (本年度指标 → 查看记录, shown to inspectors);
        opened again otherwise, the window open to be read becomes editable.

        In county mode a record opens read-only, as the township sent it."""
        if self.read_only:
            if record is None:
                return None
            from fazhi_desktop.qt.common import opener
            from fazhi_desktop.qt.indicator_widgets import RecordViewer

            viewer = RecordViewer(self.store, record, opener(self))  # 数据包记录's list of a bundle's records
            viewer.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
            viewer.show()
            return viewer
        if record is not None and record.id in self.editors:
            editor = self.editors[record.id]
            editor.from_list = editor.from_list or from_list
            if not viewing and editor.viewing:
                editor.start_editing()
            editor.show()
            editor.raise_()
            editor.activateWindow()
            return editor
        if record is not None and (record := self._as_stored(record)) is None:
            return None
        if copy_of is not None and (copy_of := self._as_stored(copy_of)) is None:
            return None
        from fazhi_desktop.qt.editor import EditorWindow  # loaded when first needed
        editor = EditorWindow(self.store, self.store.ledger(ledger_name), record, self.dialogs, self.actor,
                              over or self, copy_of=copy_of, reentering=reentering, viewing=viewing)
        editor.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.from_list = from_list
        self.editors[record.id if record is not None else f"new-{id(editor)}"] = editor
        editor.saved.connect(lambda saved, e=editor: self._record_saved(saved, e))
        editor.others_saved.connect(lambda other: self.show_stored([other], [other.ledger]))
        editor.open_unsaved = self._open_unsaved
        editor.new_requested.connect(lambda name, e=editor: self._open_next(name, e))
        editor.copy_requested.connect(lambda saved, e=editor: self._open_next(saved.ledger, e, copy_of=saved))
        editor.another_requested.connect(lambda name, e=editor: self._open_another(name, e))
        editor.review_next_requested.connect(lambda approved, e=editor: self._open_next_to_review(approved, e))
        editor.destroyed.connect(lambda _obj=None, e=editor: self._forget_editor(e))
        editor.show()
        return editor

    def _open_unsaved(self, record_id: str) -> bool:
        """Is the record open in an editor with unsaved changes?"""
        open_editor = self.editors.get(record_id)
        return open_editor is not None and open_editor.editor.is_dirty()

    def _as_stored(self, record: Record) -> Record | None:
        """`record` as stored now. A list's page, a search's results or a drill-down may hold an older version (the
        所长 approved it in another window or on another PC, `fazhi update` changed it): an editor started from that
        showed it editable at the old version and refused the clerk's typing on saving. Its list then shows it as
        stored too; deleted meanwhile, she is told, and the list and the counts are read again."""
        from fazhi_desktop.core.errors import NotFound
        from fazhi_desktop.qt.common import opener

        try:
            stored = self.store.get(record.id)
        except NotFound:
            self.dialogs.warn(opener(self), "无法打开记录", f"{record.number or '这条记录'}已被删除（在另一窗口或另一台"
                              "电脑上），无法打开。列表已按现在的记录刷新。")
            self._refresh_list(record.ledger)
            self.update_counts()
            return None
        if stored.revision != record.revision:
            self._refresh_list(record.ledger)
        return stored

    def _refresh_list(self, ledger_name: str, select_id: str | None = None) -> None:
        view = self.pages.get(ledger_name)
        if isinstance(view, _list_views()[0]):
            view.refresh(select_id=select_id)

    def _open_another(self, ledger_name: str, beside: QWidget) -> None:
        """Ctrl+N in an editor: another new record, a little down and to the right, so the first stays in view."""
        editor = open_from(self, beside, ledger_name, None)
        if editor is not None:
            step = beside.fontMetrics().height() * 2
            editor.move(beside.pos() + QtCore.QPoint(step, step))

    def _open_next(self, ledger_name: str, previous: QWidget, copy_of: Record | None = None) -> None:
        """保存并新建: an empty editor of the same ledger where the saved one was, saying which number the saved
        one got (the clerk writes it on the paper form). 保存并复制为新记录 (`copy_of`, the saved record): the new one
        starts from its fields marked to copy, and says which, to be checked against the paper."""
        editor = open_from(self, previous, ledger_name, None, copy_of=copy_of)
        if editor is not None:
            _take_place(editor, previous)
            saved = previous.editor.record
            if saved is not None:
                copied = editor.editor.ledger.copied_values(copy_of.values) if copy_of is not None else {}
                labels = "、".join(editor.editor.ledger.field(name).label for name in copied)
                also = f"；已从它复制{labels}，请按纸质表单核对" if labels else ""
                late = _out_of_order_said(saved)
                day = saved.values.get(editor.editor.ledger.date_field)
                dated = f"；已从上一条带入日期 {day}，不是这一天的请直接输入" \
                    if editor.editor.carry_date(day if isinstance(day, str) else None) else ""
                editor.editor.announce(f"上一条已保存：{saved.number}{also}{late}{dated}", doubt=bool(late))

    def _open_next_to_review(self, approved: Record, previous: QWidget) -> None:
        """通过并打开下一条: the next 已提交 record after the approved one, in the order of the list it was opened from
        (its sort, search and year) or else in number order, opens where the approved one was, which closes; the list
        selects it. With none left the approved record stays, and the 所长 is told."""
        from fazhi_desktop.core import review

        view = self.pages.get(approved.ledger) if previous.from_list else None
        following = review.next_to_review(self.store, approved, view.model.query if view is not None else None)
        if following is None:
            # a list filtered by year or search ends before the ledger does: she must not take the month for done
            left = review.NONE_LEFT if view is None or review.next_to_review(self.store, approved) is None \
                else review.NONE_LEFT_IN_LIST
            previous.editor.announce(f"已审核通过：{approved.number}（第 {approved.revision} 版）；{left}")
            self.dialogs.info(previous, "通过并打开下一条", f"已审核通过 {approved.number}。{left}。")
            return
        editor = open_from(self, previous, following.ledger, following, from_list=previous.from_list)
        if editor is not None and editor is not previous:
            _take_place(editor, previous)
            previous.close()  # approved just now: nothing left unsaved to ask about
        if view is not None:
            view.refresh(select_id=following.id)

    def _forget_editor(self, editor: QWidget) -> None:
        self.editors = {k: e for k, e in self.editors.items() if e is not editor}

    def _record_saved(self, record: Record, editor: QWidget) -> None:
        self._forget_editor(editor)
        self.editors[record.id] = editor  # a new record's editor is now that record's editor
        self._refresh_list(record.ledger, select_id=record.id)
        self.update_counts()
        self._todo_follows()
        self._links_follow()

    def _links_follow(self) -> None:
        """Each open editor's line on the records linking it, as stored now: a meeting's 会前学法 chosen, changed or
        deleted shows at once in its study's open window (RecordEditor.show_linked_from)."""
        for editor in list(self.editors.values()):
            editor.show_linked_from()

    def _todo_follows(self) -> None:
        """待办事项, while it is open, as the records now are (qt/todo_view.py)."""
        if getattr(self, "todo_dialog", None) is not None:
            _qt_function("todo_view", "follow")(self)

    def show_stored(self, records: Iterable[Record], ledgers: Iterable[str]) -> None:
        """Records changed outside their editors (批量审核, 年度封账) shown as now stored, as after a save: in their
        open editors (not over unsaved changes, which the user still means to save), in the lists of `ledgers`, in
        the counts beside the pages (callers need not update them), and in the record actions (a locked record
        cannot be deleted)."""
        for record in records:
            open_editor = self.editors.get(record.id)
            if open_editor is not None and not open_editor.editor.is_dirty():
                open_editor.editor.replace_record(record)  # its window tells this one, as a save does
        for ledger in ledgers:
            view = self.pages.get(ledger)
            if view is not None:
                view.refresh()
        self.update_counts()  # and the note of a year reopened or closed again
        self.update_record_actions()
        self._todo_follows()
        self._links_follow()

    def delete_selected(self) -> None:
        if self.read_only:
            return
        view = self.current_ledger_view()
        record = self.selected_record()
        if view is None or record is None:
            return
        title = record.values.get(view.ledger.title_field) or ""
        open_editor = self.editors.get(record.id)
        if open_editor is not None and open_editor.editor.is_dirty():
            open_editor.raise_()
            open_editor.activateWindow()
            self.dialogs.warn(self, "删除记录", f"{record.number or '此记录'}正在编辑，有未保存的修改：请先保存或关闭"
                              "它的编辑窗口，再删除。")
            return
        from fazhi_desktop.core import places
        from fazhi_desktop.core.errors import FazhiError
        from fazhi_desktop.core.links import deletion_note

        try:  # deleted meanwhile (in another window, by `fazhi delete`): said as the delete would say it
            note = deletion_note(self.store, record.id)  # a meeting's 会前学法: its paper names this record
        except FazhiError as exc:
            self.dialogs.error(self, "无法删除", str(exc))
            view.refresh()  # the list and the counts as they are now
            self.update_counts()
            return
        if not self.dialogs.confirm(
            self, "删除记录", f"确定从“{view.ledger.label}”台账中删除 {record.number or ''}“{title}”吗？\n"
            "删除后不再出现在列表和统计中，修改历史仍然保留。" + (f"\n\n注意：{note}。" if note else ""), yes="删除",
            default=False  # Enter keeps the record: Delete then Enter, a key too many, deleted it at once
        ):
            return

        try:
            self.store.delete(record.id, self.actor)
        except FazhiError as exc:
            self.dialogs.error(self, "无法删除", str(exc))
            return
        if open_editor is not None:  # unchanged: nothing to keep, and a deleted record cannot be saved
            open_editor.close()
        if self.store.path is not None:  # nor anything a power cut left unsaved of it
            from fazhi_desktop.core import autosave

            autosave.remove_record(self.store.path, record.id)
        view.refresh()
        self.update_counts()
        self._links_follow()  # a deleted meeting no longer names its study's
        # short: the counts at the right leave the message about half the bar (with the number and title, its way back
        # was cut off), and the list there shows the record first
        self.statusBar().showMessage(f"已删除，可在“{places.DELETED_RECORDS}”中恢复", 30_000)

    def focus_search(self) -> None:
        view = self.current_ledger_view()
        if view is None:
            self.show_page(self.ledger_names[0])
            view = self.current_ledger_view()
        view.focus_search()

    # -- display and help ------------------------------------------------------------------------------------

    def set_large_text(self, on: bool) -> None:
        self.ui.large_text = on
        fonts.apply_text_size(QApplication.instance(), on)
        self.large_text_action.setChecked(on)
        settings = self.pages.get(SETTINGS_PAGE)
        if settings is not None:  # the settings page (SettingsView) once it has been shown
            settings.set_large_text(on)

    def show_manual(self) -> QWidget:
        """帮助 → 使用说明 (F1): the clerks' manual, not modal, at the part that fits where the user is."""
        return _qt_function("manual_view", "open_manual")(self)

    def show_shortcuts(self) -> None:
        """帮助 → 快捷键: keys and what they do in two columns, by where they work."""
        from fazhi_desktop.qt.print_views import EXPORT_KEY, PREVIEW_KEY

        pages = f"Ctrl+1 至 Ctrl+{min(len(self.page_actions), 9)}"
        reading = ("Enter", "打开选中的记录（或双击）")
        common = [("Ctrl+F", "查找"), ("Ctrl+H", "选中记录的修改历史"), ("Ctrl+P", "打印选中的记录（可多选）"),
                  ("Ctrl+E", "导出列表（Excel 或 CSV）"), (pages, "按左侧的顺序切换页面"), ("F5", "刷新"),
                  ("F1", "使用说明"), ("Ctrl+Q", "退出")]
        if self.store.is_county:  # the townships' records are read here: no entry keys, so the box fits a laptop
            sections = [
                ("主窗口", [reading, *common]),
                ("县级汇总", [("Ctrl+Tab / Ctrl+PageDown", "下一页（Ctrl+Shift+Tab / Ctrl+PageUp：上一页）"),
                             ("Enter", "查看矩阵中选中一格背后的记录；在记录列表中打开记录"),
                             ("Esc", "关闭记录或列表，回到打开它的地方")]),
            ]
        else:
            sections = [
                ("主窗口", [("Ctrl+N", "新建记录"), ("Ctrl+D", "复制选中的记录为新记录"), reading,
                           ("Delete", "删除选中的记录"), *common]),
                # Ctrl+D beside Ctrl+Shift+S, in one row: the list in 长者模式 fits a laptop's height
                ("编辑窗口", [("Ctrl+S", "保存"), ("Ctrl+Shift+S / Ctrl+D", "保存并新建下一条 / 保存并复制为新记录"),
                            ("Ctrl+N", "另开一条同类的新记录"), ("Ctrl+P", "打印"),
                            (f"{PREVIEW_KEY} / {EXPORT_KEY}", "打印预览 / 导出PDF"), ("Enter / Esc", "到下一项 / 关闭"),
                            ("Ctrl+Enter", "在重复组中添加一行"), ("Ctrl+Shift+Delete", "删除重复组中的此行"),
                            ("F4", "打开日历"), ("Alt+T / Alt+R / Alt+N", "提交审核 / 审核通过 / 通过并打开下一条"),
                            ("Alt+L / Alt+O / Alt+H", "锁定 / 重新打开 / 修改历史")]),
            ]
        rows = "".join(f'<tr><td colspan="2"><b>{title}</b></td></tr>'
                       + "".join(f'<tr><td style="padding-right:16px">{key}</td><td>{what}</td></tr>'
                                 for key, what in keys) for title, keys in sections)
        # rows without spacing: in 长者模式 the table stays within a 1366x768 laptop's screen
        from fazhi_desktop.qt.dialogs import Rich

        self.dialogs.info(self, "快捷键", Rich(f'<table cellspacing="0">{rows}</table>'))

    def show_first_steps(self, after_setup: bool = False) -> None:
        """帮助 → 第一次使用: the steps between setup and the first bundle at the county, each with its state here;
        shown by itself once, `after_setup` the wizard made the database (qt/app.py), saying where to find it again."""
        from html import escape

        from fazhi_desktop.core.first_steps import DONE, TO_DO, UNKNOWN, first_steps
        from fazhi_desktop.qt.dialogs import Rich

        marks = {DONE: "✓", TO_DO: "○", UNKNOWN: "？"}
        rows = "".join(
            f'<tr><td style="padding-right:8px">{marks[step.state]}</td><td><b>{number}. {escape(step.what)}</b><br>'
            f'{escape(step.where)}　<span style="color:#666">{step.state}'
            f'{"：" + escape(step.detail) if step.detail else ""}</span>'
            f"</td></tr>" for number, step in enumerate(first_steps(self.store), 1))
        office = "县司法局" if self.store.is_county else "乡镇司法所"
        legend = "，".join(f"{mark} {state}" for state, mark in marks.items())  # every mark the steps may show
        done = "<p>设置已完成。接下来还有几步（以后可在“帮助 → 第一次使用”中再看）：</p>" if after_setup else ""
        self.dialogs.info(self, "第一次使用", Rich(f"{done}<p>{office}开始使用本程序的步骤（{legend}）：</p>"
                                                   f"<table>{rows}</table>"))  # a backup folder's name escaped

    def show_about(self) -> None:
        """帮助 → 关于法治台账: what the program is, its version (a clerk on the phone with the county says which she
        runs) and the database file."""
        from fazhi_desktop.core.paths import shown_version

        self.dialogs.info(self, "关于法治台账", "法治台账：乡镇司法所法治政府建设台账登记与县级汇总。\n"
                          f"版本：{shown_version()}\n数据库文件：{self.store.path}")

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.store is None:  # closed while still opening: nothing to save yet
            event.accept()
            return
        for editor in list(self.editors.values()):
            if not editor.close():
                event.ignore()
                return
        self.ui.geometry = self.saveGeometry()
        self.about_to_close.emit()
        event.accept()


def _list_views() -> tuple[type, type]:
    """(LedgerView, RosterView): the pages that list records and refresh when shown again (loaded with attach)."""
    from fazhi_desktop.qt.ledger_view import LedgerView
    from fazhi_desktop.qt.roster_view import RosterView

    return LedgerView, RosterView


#: the feature modules of fazhi_desktop.qt loaded by name when first used (the installer must ship them: the
#: self-test imports each, selftest.check_modules)
FEATURE_MODULES = ("import_dialog", "export_wizard", "keys_view", "conflicts_view", "exchanges_view", "indicators_view",
                   "county_view", "indicator_widgets", "print_check", "batch_review", "list_export_view",
                   "receipts_view", "year_close_view", "manual_view", "batch_print", "excel_import_view",
                   "import_undo_view", "deleted_view", "lost_view", "person_view", "todo_view",
                   "numbering_view")


def _qt_function(module: str, name: str):
    """A function of a feature module of fazhi_desktop.qt, imported when first needed."""
    if module not in FEATURE_MODULES:
        raise KeyError(f"{module} is not in FEATURE_MODULES")  # so that the installer's self-test checks it
    return getattr(importlib.import_module(f"fazhi_desktop.qt.{module}"), name)


def _out_of_order_said(saved: Record) -> str:
    """What 上一条已保存 adds of a record saved out of date order (a backlog's April paper after May's): the window
    saying it at the date closed with 保存并新建, and the clerk wrote on the paper a number 按日期重新编号 changes."""
    from fazhi_desktop.core.renumber import OUT_OF_ORDER

    for warning in saved.warnings:
        if warning.message.startswith(OUT_OF_ORDER):
            before = warning.message.split("，编号")[0]
            return f"，{before}，编号不按日期先后，所长按日期重新编号后会改变：请先不要把编号写在纸质表单上"
    return ""


def _take_place(editor: QWidget, previous: QWidget) -> None:
    """An editor that follows another (保存并新建, 通过并打开下一条) takes its place: maximized as it was (a laptop's
    所长 works so), else its geometry."""
    if previous.isMaximized():
        editor.showMaximized()
    else:
        editor.setGeometry(previous.geometry())


def create_main_window(store: Store, dialogs, ui_settings, actor: str | User) -> MainWindow:
    """The composition of the main window (QSettings or UiSettings accepted, so tests pass a temp ini file).
    `actor` is the logged-in User, or a plain name for a database without accounts (tests, self-test)."""
    ui = ui_settings if isinstance(ui_settings, UiSettings) else UiSettings(ui_settings)
    window = MainWindow(dialogs, ui, store.path)
    window.attach(store, actor)
    return window

