"""帮助 → 使用说明 (F1): the clerks' manual in a window of its own, beside the program rather than in front of it.

The manual is Markdown (resources/manual/manual.md, its pictures in img/ beside it), shipped with the installer
and found through `paths.resource`, so the frozen program reads the same file. QTextBrowser renders it; the list of
contents on the left is read from the rendered document's headings, so it cannot disagree with the text. The
window opens on the part that fits where the user is (the county part at the county, 登记台账 from a ledger or an
editor, the dialog's own part from a dialog: each names it as its `manual_part`); F1 again brings it forward at
that part. F1 works in every window of the program, modal dialogs included (the main window's `HelpKey`).
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, QUrl
from PySide6.QtGui import QImage, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QSplitter,
    QStyle,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from fazhi_desktop.core import paths
from fazhi_desktop.qt.common import em, fit_to_screen, screen_room

TITLE = "使用说明"
COUNTY_PART = "十、县司法局使用"
ENTRY_PART = "二、登记台账"
#: F1 in an editor at a field with a note (EditorWindow.manual_part): the section that says what it means
NOTES_PART, RENUMBER_PART = "红字和橙字是什么意思", "按日期重新编号"
#: the main window's page -> the part a user there most likely looks for (ledger pages: ENTRY_PART)
PAGE_PARTS = {"indicators": "六、本年度指标", "people": "人员名册", "settings": "七、备份与恢复"}
#: the narrowest the manual is made, in Chinese characters, to fit beside a dialog (`place_beside`)
NARROWEST = 30
#: the narrowest the contents list is shown, in characters: narrower, the manual is read without it (`_share`)
LEAST_CONTENTS = 10
#: a dialog's right side is taken while it has this share of the room on its left: dialogs' text is left-aligned
RIGHT_PREFERRED = 0.85
MISSING = "找不到使用说明文件：{path}\n\n程序安装可能不完整，请重新安装本程序。"


def manual_path() -> Path:
    return paths.resource("manual", "manual.md")


class ManualBrowser(QTextBrowser):
    """The manual's text, its pictures no wider than `picture_width` (a 1280-pixel screenshot beside the contents
    would otherwise need sideways scrolling). Pictures are made smaller as they are loaded, not by changing their
    width in the document afterwards: a document changed after it was laid out put headings in the wrong place."""

    def __init__(self, folder: Path, picture_width: int):
        super().__init__()
        self.folder, self.picture_width = folder, picture_width
        self.setOpenLinks(False)  # the manual links nowhere; the contents list does the moving about

    def loadResource(self, kind: int, name: QUrl):
        if kind != QTextDocument.ResourceType.ImageResource.value:
            return super().loadResource(kind, name)
        image = QImage(str(self.folder / name.toString()))
        if image.width() > self.picture_width:
            # `picture_width` is in logical pixels, drawn on a screen scaled to 150 % (most Windows laptops) with
            # half as many pixels again: a picture made that many pixels wide was enlarged once more, blurred
            pixels = min(image.width(), round(self.picture_width * self.devicePixelRatioF()))
            image = image.scaledToWidth(pixels, Qt.TransformationMode.SmoothTransformation)
            image.setDevicePixelRatio(pixels / self.picture_width)
        return image


class Heading(NamedTuple):
    level: int  # 1 the title, 2 a part (##), 3 a section (###)…
    text: str
    block: int  # its block's number in the document


def read_headings(document: QTextDocument) -> list[Heading]:
    """The headings as the document rendered them, read once: the document does not change after loading."""
    found, block = [], document.begin()
    while block.isValid():
        level = block.blockFormat().headingLevel()
        if level:
            found.append(Heading(level, block.text(), block.blockNumber()))
        block = block.next()
    return found


class ManualWindow(QWidget):
    """The contents (parts and their sections, a click goes there) and the manual; not modal."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(f"法治台账 — {TITLE}")
        path = manual_path()
        self.browser = ManualBrowser(path.parent, em(self, 20))
        self.contents = QTreeWidget()
        self.contents.setHeaderHidden(True)
        self.contents.setAccessibleName("目录")
        self.contents.itemClicked.connect(lambda item: self.show_part(item.text(0)))
        self.contents.itemActivated.connect(lambda item: self.show_part(item.text(0)))
        self.splitter = QSplitter()
        self.splitter.addWidget(self.contents)
        self.splitter.addWidget(self.browser)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([em(self, 18), em(self, 46)])  # 保存并新建、复制为新记录 whole, 长者模式 included
        layout = QHBoxLayout(self)
        layout.addWidget(self.splitter)
        fit_to_screen(self, em(self, 68), em(self, 44))
        self._headings: list[Heading] = []
        self.home: QWidget | None = None  # the main window it is given back to in the end (open_manual)
        self.narrowed = False  # by `fit_width` beside a dialog; F1 from the main window widens it again
        self._fit_pictures()
        self.load(path)

    def _fit_pictures(self) -> None:
        """The pictures as wide as the text beside the contents at this size (a laptop in 长者模式 too): a width
        guessed from the font alone was a few dozen pixels wider, and every picture scrolled sideways."""
        self.layout().activate()
        self.splitter.refresh()  # not shown yet: the splitter gives its panes their widths only when asked
        self.browser.picture_width = max(self.text_width(), em(self, 12))  # legible still, on a small screen

    def natural_width(self) -> int:
        """The manual's own width: 68 characters in today's font (长者模式 too), less on a small screen."""
        room = screen_room(self)
        return min(em(self, 68), room.width() - 40) if room is not None else em(self, 68)

    def fit_width(self, width: int) -> None:
        """Make the window `width` pixels wide, never wider than its own (`natural_width`): narrower beside a
        dialog on a small screen, its own width again later (a manual narrowed once stayed narrow for the session).
        The pictures are made again as wide as the text (they are made smaller as they load)."""
        width = min(width, self.natural_width())
        self.narrowed = width < self.natural_width()
        if width == self.width():
            return
        self.resize(width, self.height())
        self._share(width)
        before = self.browser.picture_width
        self._fit_pictures()
        if self.browser.picture_width != before:
            self.load(manual_path())

    def _share(self, width: int) -> None:
        """The contents list's share of `width`, given up first; hidden below `LEAST_CONTENTS` characters (cut to
        "一、…" it named nothing, the text keeps its headings), back once the window is wide enough again."""
        contents = min(em(self, 18), width * 18 // 64)
        shown = contents >= em(self, LEAST_CONTENTS)
        self.contents.setVisible(shown)
        self.splitter.setSizes([contents, width - contents] if shown else [0, width])

    def resizeEvent(self, event) -> None:
        """Made wider or narrower by the user past the contents list's floor: the list shown or hidden (`_share`)."""
        super().resizeEvent(event)
        wide_enough = min(em(self, 18), self.width() * 18 // 64) >= em(self, LEAST_CONTENTS)
        if self.contents.isHidden() == wide_enough:
            self._share(self.width())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The dialog it is lent to goes (closed, hidden, deleted: not every one says `finished`; an editor closed
        with Esc, the idle lock's box on unlock): given back before Qt deletes it with that dialog. A minimised
        dialog (a spontaneous hide) keeps it."""
        if (event.type() == QEvent.Type.Hide and not event.spontaneous() and watched is self.parentWidget()
                and self.home is not None):
            _give_back(self, watched, self.home)
        return False

    def text_width(self) -> int:
        """The width the browser's text has beside its vertical scroll bar, within the document's margins."""
        browser = self.browser
        bar = browser.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, browser)
        margin = int(browser.document().documentMargin())
        return browser.width() - 2 * browser.frameWidth() - bar - 2 * margin

    def load(self, path: Path) -> None:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            self.browser.setPlainText(MISSING.format(path=path))
            return
        self.browser.setMarkdown(text)
        self._headings = read_headings(self.browser.document())
        self._fill_contents()

    def _fill_contents(self) -> None:
        """Parts (##) with their sections (###) under them."""
        self.contents.clear()
        part = None
        for level, text, _block in self._headings:
            if level == 2 or (level == 3 and part is not None):
                item = QTreeWidgetItem([text])
                item.setToolTip(0, text)  # whole, should a narrowed pane cut it
                if level == 2:
                    self.contents.addTopLevelItem(item)
                    part = item
                else:
                    part.addChild(item)
        self.contents.expandAll()

    def headings(self) -> list[str]:
        """Every heading of the manual as shown, from its title down."""
        return [heading.text for heading in self._headings]

    def show_part(self, heading: str | None) -> bool:
        """Scroll so that the heading is at the top of the window (the top of the manual for None or a heading
        the manual does not have). True when the heading was found."""
        found = self.contents.findItems(heading or "", Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
        self.contents.setCurrentItem(found[0] if found else None)
        number = next((h.block for h in self._headings if heading and h.text == heading), None)
        if number is None:
            self.browser.verticalScrollBar().setValue(0)
            return False
        document = self.browser.document()
        block = document.findBlockByNumber(number)
        self.browser.setTextCursor(QTextCursor(block))
        self.browser.verticalScrollBar().setValue(int(document.documentLayout().blockBoundingRect(block).top()))
        return True


def part_for(window) -> str | None:
    """The part of the manual that fits where the user of `window` (the main window) is now: the part the window
    in front names (its `manual_part`: a dialog's, an editor's 登记台账), or that of the window it was opened from
    (a question the export wizard asks is still 报送县里); else the county part at the county, 登记台账 in a
    ledger's list, the page's own part elsewhere (None: the beginning)."""
    shown = QApplication.activeWindow()
    while shown is not None and shown is not window:
        part = getattr(shown, "manual_part", None)
        if part:
            return part
        shown = shown.parentWidget()
    if window.store is not None and window.store.is_county:
        return COUNTY_PART
    page = window.current_name() if window.nav is not None else None
    return ENTRY_PART if page in window.ledger_names else PAGE_PARTS.get(page)


def open_manual(window) -> ManualWindow:
    """帮助 → 使用说明 (F1): one manual window per main window, brought forward at the part that fits. Over a
    modal dialog (导出数据包, 年度封账…) it is lent to the dialog until the dialog closes: Qt blocks every other
    window of the program while a modal dialog is open, the manual too, which could then be neither read nor
    closed."""
    part = part_for(window)
    modal = QApplication.activeModalWidget()
    manual = window.manual_window
    if manual is None or not shiboken6.isValid(manual):  # it was lent to a dialog deleted since
        manual = window.manual_window = ManualWindow(modal or window)
        manual.home = window
        if modal is not None:
            _watch(manual, modal, window)
            place_beside(manual, modal)
    elif modal is not None and not _belongs_to(manual, modal):
        if not manual.isVisible():
            place_beside(manual, modal)
        _lend(manual, modal, window)
    elif modal is None and manual.narrowed:
        _widen(manual)
    manual.show()
    manual.raise_()
    manual.activateWindow()
    manual.show_part(part)
    # again once shown: a window manager may give the window another size than asked, and the text is laid out
    # anew at that width, moving the heading
    QTimer.singleShot(0, lambda: shiboken6.isValid(manual) and manual.show_part(part))
    return manual


def _belongs_to(manual: QWidget, owner: QWidget) -> bool:
    widget = manual.parentWidget()
    while widget is not None and widget is not owner:
        widget = widget.parentWidget()
    return widget is owner


def _lend(manual: ManualWindow, owner: QWidget, window) -> None:
    """Make `owner` the manual's window (where and whether it is shown stay): a modal dialog does not block its own
    windows. Given on when the dialog closes or is hidden, to the window that opened it, the main window in the
    end."""
    geometry, shown = manual.geometry(), manual.isVisible()
    before = manual.parentWidget()
    if before is not None:
        before.removeEventFilter(manual)
    manual.setParent(owner, manual.windowFlags())  # which hides it
    manual.setGeometry(geometry)
    if shown:
        # back without taking the keyboard: a clerk who closed a dialog types on in the window below it
        manual.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        manual.show()
        manual.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, False)
    _watch(manual, owner, window)


def _watch(manual: ManualWindow, owner: QWidget, window) -> None:
    if owner is not window:
        owner.installEventFilter(manual)  # its Hide: ManualWindow.eventFilter


def _give_back(manual: ManualWindow, owner: QWidget, window) -> None:
    if not shiboken6.isValid(manual) or not shiboken6.isValid(window) or manual.parentWidget() is not owner:
        return
    # the nearest window below it still shown: a dialog closed under its box is hidden already, and being deleted
    above = owner.parentWidget()
    while above is not None and not above.window().isVisible():
        above = above.window().parentWidget()
    _lend(manual, above.window() if above is not None else window, window)


def place_beside(manual: ManualWindow, dialog: QWidget) -> None:
    """Put the manual beside `dialog`, so that it covers as little of the dialog as the screen allows (a window of
    the dialog, it stays in front of it): on its right unless the left has clearly more room (a dialog's lines
    start on the left), as wide as that side where it is narrower than the manual's own width (a dialog centred on
    a 1280-pixel screen was covered), but not narrower than `NARROWEST`."""
    room = screen_room(dialog)
    if room is None:
        return
    frame = dialog.frameGeometry()
    # the manual's frame and title bar, which a window not yet shown does not have yet: taken as the dialog's
    across = max(manual.frameGeometry().width() - manual.width(), frame.width() - dialog.width())
    down = max(manual.frameGeometry().height() - manual.height(), frame.height() - dialog.height())
    right, left = room.right() - frame.right(), frame.left() - room.left()
    on_right = right >= RIGHT_PREFERRED * left
    manual.fit_width(max(right if on_right else left, em(manual, NARROWEST)) - across)
    width, height = manual.width() + across, manual.height() + down
    x = min(frame.right() + 1, room.right() + 1 - width) if on_right else max(frame.left() - width, room.left())
    y = min(max(frame.top(), room.top()), room.bottom() + 1 - height)
    manual.move(max(x, room.left()), max(y, room.top()))


def _widen(manual: ManualWindow) -> None:
    """F1 with no dialog open: the manual narrowed beside a dialog its own width again, moved left as far as it
    takes to stay on the screen."""
    manual.fit_width(manual.natural_width())
    room = screen_room(manual)
    if room is not None:
        right = room.right() + 1 - manual.frameGeometry().width()
        manual.move(max(room.left(), min(manual.x(), right)), manual.y())
