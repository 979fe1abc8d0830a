"""自动锁定 in the desktop program: after the minutes set in 设置 without keyboard or mouse input in any of its
windows, every window is covered (the main window, editors, record viewers, dialogs and message boxes, the
county's pages) and a box asks the logged-in user's password (core/idle_lock.py checks it and keeps the log).

How it watches: one event filter on the QApplication sees every event of every window; input only notes the time
(no timer restarted per mouse move), and one single-shot QTimer wakes when the quiet time could be up.

How it hides: an opaque child widget (`Cover`) over each window, nothing hidden or closed. A window keeps what it
holds (typed text, a half-filled dialog, an open question) and a job's progress dialog keeps running under its
cover. The password box is application-modal and shown with show(), never exec(): a message box open in its own
event loop at that moment is covered and blocked by it, and one opening while locked (a finished backup's report)
is covered as it appears, with the box brought back on top of it.
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from fazhi_desktop.core import accounts, idle_lock
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.permissions import why_not_logged_in
from fazhi_desktop.qt import account_watch
from fazhi_desktop.qt.account_watch import STOPPED
from fazhi_desktop.qt.common import em
from fazhi_desktop.qt.hints import error_label, hint_label

if TYPE_CHECKING:
    from fazhi_desktop.core.accounts import User
    from fazhi_desktop.qt.settings_view import SettingsView

#: what counts as the user being there: keys, clicks, the mouse moved, the wheel, text from an input method
INPUT_EVENTS = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                          QEvent.Type.Wheel, QEvent.Type.InputMethod, QEvent.Type.TouchBegin,
                          QEvent.Type.TabletPress})
#: the choices 设置 offers (minutes; 0 = never)
CHOICES = (0, 5, 10, 15, 20, 30, 60, 120)
UNSAVED = "编辑窗口中有未保存的修改：只能由{who}输入密码解锁，保存后再换用户（修改不会丢失）。"
BUSY = "备份、导入或导出等任务还在进行：请等它完成，或由{who}输入密码解锁。"
OPEN_DIALOG = "“{title}”窗口还开着（其中填写的内容会丢失）：只能由{who}输入密码解锁，关闭该窗口后再换用户。"
IDLE = "{minutes} 分钟没有操作，程序已锁定。请输入密码继续：打开的窗口和未保存的内容都还在。"


class Cover(QWidget):
    """An opaque sheet over one window's whole inside (menus and status bar included), following its size."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.setAutoFillBackground(True)
        column = QVBoxLayout(self)
        column.addStretch(1)
        label = QLabel("法治台账已锁定")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(label)
        column.addStretch(1)
        self.setGeometry(window.rect())
        window.installEventFilter(self)
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
            self.raise_()
        return False


class LockBox(QDialog):
    """解锁: the logged-in user's password; 换用户登录 when nothing unsaved would be left behind."""

    def __init__(self, lock: IdleLock, parent: QWidget):
        super().__init__(parent)
        self.lock = lock
        store = lock.window.store
        user = store.user
        self.setWindowTitle("法治台账 — 已锁定")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        # no close button: closing would leave the windows covered with nobody asked
        self.setWindowFlags(Qt.WindowType.Dialog | Qt.WindowType.CustomizeWindowHint | Qt.WindowType.WindowTitleHint)
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("密码")
        self.message = error_label()
        form = QFormLayout()
        form.addRow("用户名：", QLabel(user.label if user else ""))
        form.addRow("密码：", self.password)
        buttons = QDialogButtonBox()
        self.unlock_button = buttons.addButton("解锁", QDialogButtonBox.ButtonRole.AcceptRole)
        self.switch_button = buttons.addButton("换用户登录…", QDialogButtonBox.ButtonRole.ActionRole)
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(lambda _=False: lock.try_unlock(self.password.text()))
        self.switch_button.clicked.connect(lambda _=False: lock.switch_user())
        column = QVBoxLayout(self)
        office = store.setting("office_name") or "法治台账"
        column.addWidget(QLabel(f"<b>{html.escape(office)}</b>", textFormat=Qt.TextFormat.RichText))
        self.why = hint_label(STOPPED.format(name=user.name) if lock.stopped and user else
                              IDLE.format(minutes=lock.minutes))
        column.addWidget(self.why)
        column.addLayout(form)
        column.addWidget(self.message)
        if store.setting("demo") == "1":
            column.addWidget(hint_label(f"演示数据库：密码为 {accounts.DEMO_PASSWORD}"))
        column.addWidget(buttons)
        self.setMinimumWidth(em(self, 26))

    def reject(self) -> None:
        """Esc does nothing: the lock is lifted by the password only."""

    def closeEvent(self, event: Any) -> None:
        if self.lock.locked:
            event.ignore()


class IdleLock(QObject):
    """The idle lock of one main window (`window.idle_lock`). `clock` is a monotonic clock in seconds (tests)."""

    def __init__(self, window: Any, clock: Callable[[], float] = time.monotonic):
        super().__init__(window)
        self.window = window
        self.clock = clock
        self.last_input = clock()
        self.minutes = 0
        self.timeout_ms = 0
        self.locked = False
        self.switching = False  # 换用户登录's login box is on screen: not a window to cover
        self.stopped = False  # locked because a 管理员 stopped the account (qt/account_watch.py)
        self.covers: list[Cover] = []
        self.box: LockBox | None = None
        self.section: QGroupBox | None = None
        self.watching = False
        self.focus_before: QWidget | None = None
        self.new_password: QDialog | None = None  # 设置新密码, after a temporary password unlocked
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.check)
        self.refresh()

    # -- watching ----------------------------------------------------------------------------------------------

    def refresh(self, timeout_ms: int | None = None) -> None:
        """Follow the setting and the user (after a login, a switch, a change in 设置); `timeout_ms` (tests)
        replaces the minutes."""
        store = self.window.store
        self.minutes = idle_lock.minutes(store)
        self.timeout_ms = timeout_ms if timeout_ms is not None else self.minutes * 60_000
        # watched only while there is someone to lock for: no filter on every event of a program that never locks
        self._watch(self.timeout_ms > 0 and not store.closed and store.user is not None)
        self.last_input = self.clock()
        if self.timeout_ms > 0 and not self.locked:
            self.timer.start(self.timeout_ms)
        else:
            self.timer.stop()
        if self.section is not None:
            self.section.refresh()

    def _watch(self, on: bool) -> None:
        if on != self.watching:
            app = QApplication.instance()
            app.installEventFilter(self) if on else app.removeEventFilter(self)
            self.watching = on

    def stop(self) -> None:
        """The window is closing: nothing more to watch."""
        self.timer.stop()
        self._watch(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in INPUT_EVENTS:
            if not self.locked:
                self.last_input = self.clock()
        elif kind == QEvent.Type.Show and self.locked and watched.isWidgetType() and watched.isWindow():
            self._cover_new(watched)
        return False

    def check(self) -> None:
        """The timer: lock when the quiet time is up, else wait for the rest of it."""
        if self.locked or self.timeout_ms <= 0:
            return
        left = self.timeout_ms - int((self.clock() - self.last_input) * 1000)
        if left > 0:
            self.timer.start(left)
            return
        if self.window.store.closed or not idle_lock.applies(self.window.store):
            self.timer.start(self.timeout_ms)  # nobody logged in (a switch of user asking who): nothing to ask
            return
        self.lock()

    # -- locking -----------------------------------------------------------------------------------------------

    def lock(self) -> None:
        """Cover every window and ask for the password."""
        if self.locked:
            return
        # the box first: one that could not be built would leave every window covered with nobody asked
        self.box = LockBox(self, self.window)
        self.locked = True
        self.timer.stop()
        self.focus_before = QApplication.focusWidget()
        for _ in range(10):  # menus, drop-downs, a completer's list of names: closed, not covered
            popup = QApplication.activePopupWidget()
            if popup is None:
                break
            popup.close()
        QToolTip.hideText()
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible() and self._coverable(widget):
                self.covers.append(Cover(widget))
        if not self.stopped:  # the account log has the stopping
            idle_lock.note_locked(self.window.store, self.minutes)
        self._show_box()

    def _coverable(self, widget: QWidget) -> bool:
        if widget is self.box or self.switching or any(c.parentWidget() is widget for c in self.covers):
            return False
        return widget.windowType() not in (Qt.WindowType.Popup, Qt.WindowType.ToolTip)

    def _cover_new(self, widget: QWidget) -> None:
        """A window shown while locked (a finished job's message): covered before it is painted, the box back on
        top (a modal box opened later took the input from it)."""
        if not self._coverable(widget):
            return
        self.covers.append(Cover(widget))
        QTimer.singleShot(0, self._box_on_top)

    def _box_on_top(self) -> None:
        if self.locked and self.box is not None and not self.switching \
                and QApplication.activeModalWidget() is not self.box:
            self.box.hide()  # shown again, it is the newest modal window: the one that takes the input
            self._show_box()

    def _show_box(self) -> None:
        self.box.show()
        self.box.raise_()
        self.box.activateWindow()
        self.box.password.setFocus()

    def try_unlock(self, password: str) -> bool:
        """The password typed in the box: the right one uncovers everything as it was."""
        try:
            user = idle_lock.unlock(self.window.store, password)
        except FazhiError as exc:  # wrong (counted towards the lock-out), locked out, stopped, unwritable
            self.box.message.setText(str(exc))
            self.box.password.clear()
            self.box.password.setFocus()
            return False
        if user.temporary_password:  # a 管理员 reset it meanwhile: her own one first, as at the login
            self._ask_new_password(user, password)
            return False
        self._uncover()
        return True

    def _ask_new_password(self, user: User, temporary: str) -> None:
        """设置新密码 over the box (not covered: `switching`); set, everything is uncovered; given up, the lock stays
        and the box says why."""
        from fazhi_desktop.qt.login import NewPasswordDialog

        self.switching = True
        self.new_password = NewPasswordDialog(self.window.store, user, temporary, self.box)
        self.new_password.accepted.connect(self._uncover)
        self.new_password.rejected.connect(self._password_kept)
        self.new_password.finished.connect(self._new_password_closed)
        self.new_password.open()

    def _new_password_closed(self) -> None:
        self.switching = False

    def _password_kept(self) -> None:
        if self.box is not None:
            self.box.message.setText(f"{accounts.TEMPORARY}，改好后才能解锁。")
            self.box.password.clear()
            self.box.password.setFocus()

    def _uncover(self) -> None:
        self.locked = self.stopped = False
        for cover in self.covers:
            if shiboken6.isValid(cover):
                parent = cover.parentWidget()
                if parent is not None:
                    parent.removeEventFilter(cover)
                cover.hide()
                cover.deleteLater()
        self.covers = []
        if self.box is not None:
            self.box.hide()
            self.box.deleteLater()
            self.box = None
        focus = self.focus_before
        if focus is not None and shiboken6.isValid(focus) and focus.isVisible():
            focus.window().activateWindow()
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
        self.focus_before = None
        self.refresh()

    # -- 换用户登录 ----------------------------------------------------------------------------------------------

    def switch_user(self) -> bool:
        """Another user logs in, when no editor holds unsaved changes and no job runs; the windows of the user
        before (editors, dialogs) are closed once the new user is in, and stay as they were if the login is given
        up. A stopped account's unsaved changes, which it can no longer save, do not stop it: they are given up."""
        from fazhi_desktop.qt import session, tasks

        store, window = self.window.store, self.window
        who = store.user.display_name if store.user else "登录的用户"
        if not self.stopped and any(editor.editor.is_dirty() for editor in window.editors.values()):
            self.box.message.setText(UNSAVED.format(who=who))
            return False
        if tasks.running():
            self.box.message.setText(BUSY.format(who=who))
            return False
        if not self.stopped and (dialog := self._open_dialog()) is not None:
            self.box.message.setText(OPEN_DIALOG.format(title=dialog.windowTitle() or "对话框", who=who))
            return False
        previous = store.user
        accounts.logout(store)
        self.switching = True
        self.box.hide()
        try:
            user = window.login(store, window.dialogs, window)
        except BaseException:  # a fault in the login: the lock and its box as they were, not covers with no box
            store.user = previous
            self._show_box()
            raise
        finally:
            self.switching = False
        if user is None:
            store.user = previous
            self._show_box()
            return False
        store.user = previous  # the windows of the user before close as theirs
        editors = list(window.editors.values())
        for editor in editors if self.stopped else ():  # what it cannot save any more: given up, as the box said
            editor.editor.give_up_changes()
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible() and widget not in (window, self.box) and isinstance(widget, QDialog) \
                    and not isinstance(widget, QProgressDialog):
                # an editor's Esc: nothing unsaved, so nothing asked; a stopped account's other dialogs, unasked
                widget.done(QDialog.DialogCode.Rejected) if self.stopped and widget not in editors else widget.reject()
        session.close_editors(window)
        session.take_over(window, user)
        self._uncover()
        return True


    def _open_dialog(self) -> QDialog | None:
        """A dialog other than an editor, a message or a job's progress that is open now: what it holds (a person
        half entered in 人员名册, a reason half typed) would be thrown away by another user's login."""
        from PySide6.QtWidgets import QMessageBox

        editors = {editor for editor in self.window.editors.values()}
        offer = getattr(self.window, "autosave_offer", None)  # 恢复未保存的内容 holds nothing typed: as 以后再说
        return next((widget for widget in QApplication.topLevelWidgets()
                     if widget.isVisible() and isinstance(widget, QDialog) and widget not in (self.box, offer)
                     and widget not in editors and not isinstance(widget, QProgressDialog | QMessageBox)), None)


class LockSection(QGroupBox):
    """设置 → 自动锁定: the minutes, set by the 管理员 for the whole office."""

    def __init__(self, lock: IdleLock, parent: QWidget | None = None):
        super().__init__("自动锁定", parent)
        self.lock = lock
        self.choice = QComboBox()
        self.choice.setAccessibleName("闲置多久后锁定")
        self.hint = hint_label()
        form = QFormLayout(self)
        form.addRow("闲置多久后锁定：", self.choice)
        form.addRow(self.hint)
        self.refresh()
        self.choice.activated.connect(lambda _index: self.choose(self.choice.currentData()))

    def refresh(self) -> None:
        store = self.lock.window.store
        current = idle_lock.minutes(store)
        self.choice.blockSignals(True)
        self.choice.clear()
        for minutes in sorted({*CHOICES, current}):
            self.choice.addItem(f"{minutes} 分钟" if minutes else "从不锁定", minutes)
        self.choice.setCurrentIndex(self.choice.findData(current))
        self.choice.blockSignals(False)
        has_accounts = accounts.has_accounts(store)
        reason = why_not_logged_in(store.user, "settings.manage") if has_accounts else idle_lock.NO_ACCOUNTS
        self.choice.setEnabled(reason is None)
        self.choice.setToolTip(reason or "")
        self.hint.setText(idle_lock.NO_ACCOUNTS if not has_accounts else
                          "这段时间里没有键盘或鼠标操作，程序就遮住所有窗口，输入登录时的密码才能继续（输错计入"
                          "登录的锁定次数）；打开的窗口和未保存的内容不受影响，备份、导入导出等任务照常进行。"
                          "对本所所有账户生效，由管理员设置。")

    def choose(self, minutes: int) -> None:
        window = self.lock.window
        try:
            idle_lock.set_minutes(window.store, minutes)
        except FazhiError as exc:
            window.dialogs.error(window, "无法修改自动锁定", str(exc))
        self.lock.refresh()


def install(window: Any) -> IdleLock:
    """The idle lock for a main window (`window.idle_lock`) and its section in 设置, once that page is built."""
    from fazhi_desktop.qt.settings_view import when_built

    lock = IdleLock(window)
    window.idle_lock = lock
    account_watch.install(window, lock)

    def add_section(page: SettingsView) -> None:
        lock.section = LockSection(lock, page.content)
        page.add_section(lock.section)

    when_built(window, add_section)
    if hasattr(window, "about_to_close"):
        window.about_to_close.connect(lock.stop)
    return lock
