"""帮助 → 使用说明: the clerks' manual opens beside the program, at the part that fits, and what it names is what the
program has (its menu paths and page sections: tests/qt/test_places.py, with the messages')."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QUrl
from PySide6.QtGui import QAction, QTextDocument
from PySide6.QtWidgets import QApplication, QMessageBox

from fazhi_desktop.core import paths
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.qt import manual_view
from fazhi_desktop.qt.main_window import _qt_function, create_main_window
from fazhi_desktop.qt.manual_view import ManualWindow

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/test_places.py, whatever pytest's import mode

from test_places import plain

MANUAL = paths.resource("manual", "manual.md")
TEXT = MANUAL.read_text(encoding="utf-8")
HEADINGS = re.findall(r"^#+ (.+)$", TEXT, re.M)
COUNTY_START = TEXT.index(f"## {manual_view.COUNTY_PART}")


@pytest.fixture(autouse=True)
def normal_text_size(qapp):
    font, base = qapp.font(), qapp.property("fazhi_base_point_size")
    yield
    qapp.setFont(font)
    qapp.setProperty("fazhi_base_point_size", base)


def open_window(qtbot, store, ui_settings, dialogs):
    window = create_main_window(store, dialogs, ui_settings, "杨芳")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot, store, ui_settings, dialogs):
    return open_window(qtbot, store, ui_settings, dialogs)


@pytest.fixture
def county_window(qtbot, tmp_path, ledgers, ui_settings, dialogs):
    store = init_database(tmp_path / "county.db", "640522", county=True, ledgers=ledgers)
    yield open_window(qtbot, store, ui_settings, dialogs)
    store.close()


def manual_of(window):
    manual = window.manual_window
    assert manual is not None, "the manual did not open"
    return manual


def shown_heading(manual) -> str:
    """The heading at the top of the manual's window."""
    cursor = manual.browser.cursorForPosition(manual.browser.viewport().rect().topLeft())
    return cursor.block().text()


def test_help_menu_opens_the_manual_beside_the_program(window, qtbot):
    action = next(a for a in window.findChildren(QAction) if plain(a.text()) == "使用说明")
    assert action.shortcut().toString() == "F1"
    action.trigger()
    manual = manual_of(window)
    qtbot.waitExposed(manual)
    assert manual.isVisible() and manual.windowTitle() == "法治台账 — 使用说明"
    assert manual.headings()[0] == "法治台账 使用说明"
    assert manual.contents.topLevelItemCount() >= 10  # the parts, to click
    # not modal: the main window still takes clicks and keys while the clerk reads
    assert not manual.isModal() and manual.windowModality() == Qt.WindowModality.NonModal
    assert QApplication.activeModalWidget() is None
    window.show_page("people")
    assert window.current_name() == "people"
    manual.close()


def test_f1_opens_the_manual_once_and_brings_it_forward_again(window, qtbot):
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    first = manual_of(window)
    assert first.isVisible()
    first.hide()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.manual_window is first and first.isVisible()
    first.close()


def test_clicking_a_part_in_the_contents_goes_there(window, qtbot):
    manual = window.show_manual()
    qtbot.waitExposed(manual)
    item = manual.contents.findItems("九、常见问题", Qt.MatchFlag.MatchExactly)[0]
    manual.contents.itemClicked.emit(item, 0)
    assert shown_heading(manual) == "九、常见问题"
    manual.close()


@pytest.mark.parametrize(("page", "part"), [("settings", "七、备份与恢复"), ("law_study", manual_view.ENTRY_PART),
                                            ("people", "人员名册"), ("indicators", "六、本年度指标")])
def test_the_manual_opens_at_the_part_for_the_page_shown(window, qtbot, page, part):
    window.show_page(page)
    manual = window.show_manual()
    qtbot.waitExposed(manual)
    qtbot.wait(10)  # the second placing, once the window has its size
    assert shown_heading(manual) == part
    manual.close()


def test_f1_in_an_editor_opens_the_manual_at_entering_records(window, qtbot):
    """The clerk in the middle of a record, puzzled by an orange message: F1 there, not only in the main window."""
    window.show_page("settings")
    editor = window.open_editor("meeting", None)
    qtbot.waitExposed(editor)
    editor.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    qtbot.keyClick(editor, Qt.Key.Key_F1)
    manual = manual_of(window)
    qtbot.wait(10)
    assert shown_heading(manual) == manual_view.ENTRY_PART
    manual.close()
    editor.close()


def test_the_county_opens_the_manual_at_the_county_part(county_window, qtbot):
    manual = county_window.show_manual()
    qtbot.waitExposed(manual)
    qtbot.wait(10)
    assert shown_heading(manual) == manual_view.COUNTY_PART
    manual.close()


def test_every_part_the_window_opens_at_is_in_the_manual(window):
    headings = manual_view.ManualWindow(window).headings()
    for part in (manual_view.COUNTY_PART, manual_view.ENTRY_PART, *manual_view.PAGE_PARTS.values()):
        assert part in headings, part


def test_every_picture_the_manual_shows_is_shipped_and_small():
    pictures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", TEXT)
    assert len(pictures) >= 4
    for name in pictures:
        picture = MANUAL.parent / name
        assert picture.is_file(), f"使用说明中的图片不存在：{name}"
        assert picture.stat().st_size < 150 * 1024, f"{name} 超过 150 KB，安装包会变大"


def test_the_export_steps_name_the_buttons_the_wizard_shows(window, qtbot):
    """The plan page commits the export: its button is 导出 (the manual said 下一步 there, as before the change)."""
    from PySide6.QtWidgets import QWizard

    from fazhi_desktop.qt.export_wizard import ExportWizard

    steps = TEXT[TEXT.index("### 导出数据包到U盘"):TEXT.index("### 导入县级回执")]
    wizard = ExportWizard(window.store, window.dialogs, "杨芳", parent=window)
    assert wizard.plan_page.isCommitPage()
    onward = plain(wizard.buttonText(QWizard.WizardButton.NextButton)).removesuffix(" >")
    export = plain(wizard.buttonText(QWizard.WizardButton.CommitButton))
    assert (onward, export) == ("下一步", "导出")
    assert f"点“{onward}”。\n3. " in steps and f"输入签名密钥口令，点“{export}”。\n4. " in steps


def test_the_first_start_says_up_front_the_two_secrets_the_setup_asks_for(qtbot, tmp_path, dialogs):
    """The setup asks a login password and the 数据包密钥口令: the manual named only mode, place and operator."""
    from fazhi_desktop.qt.wizard import SetupWizard

    wizard = SetupWizard(tmp_path / "fazhi.db", dialogs)
    qtbot.addWidget(wizard)
    secrets = (wizard.operator_page.password.accessibleName(), wizard.key_page.title())
    assert secrets == ("登录密码", "数据包密钥口令")
    first_start = TEXT[TEXT.index("## 一、开始使用"):TEXT.index("### 主窗口")]
    assert "设置中要定两个不同的密码，两个都要牢记并妥善保管" in first_start
    assert all(secret in first_start for secret in secrets)


def test_the_manual_follows_large_text_mode(window, qtbot):
    manual = window.show_manual()
    qtbot.waitExposed(manual)
    before = manual.browser.font().pointSizeF()
    window.set_large_text(True)
    QApplication.processEvents()  # the application's font reaches its widgets as posted events
    assert manual.browser.font().pointSizeF() == pytest.approx(before * 1.5)
    assert manual.browser.document().defaultFont().pointSizeF() == pytest.approx(before * 1.5)
    window.set_large_text(False)
    manual.close()


def test_the_installed_program_reads_the_manual_beside_it(window, qtbot, tmp_path, monkeypatch):
    """Frozen, the resources are under sys._MEIPASS (the installer's _internal folder), not the source tree; in a
    folder whose name has spaces and Chinese (a portable copy under C:\\Users\\杨芳), pictures included."""
    installed = tmp_path / "杨芳" / "法治 台账" / "_internal"
    shutil.copytree(MANUAL.parent, installed / "resources" / "manual")
    (installed / "resources" / "manual" / "manual.md").write_text(
        "# 安装版的使用说明\n\n## 一、开始使用\n\n![主窗口](img/main-window.png)\n", encoding="utf-8")
    monkeypatch.setattr(sys, "_MEIPASS", str(installed), raising=False)
    manual = window.show_manual()
    qtbot.waitExposed(manual)
    assert manual.headings() == ["安装版的使用说明", "一、开始使用"]
    picture = manual.browser.document().resource(QTextDocument.ResourceType.ImageResource.value,
                                                 QUrl("img/main-window.png"))
    assert picture is not None and not picture.isNull()
    manual.close()


def test_a_missing_manual_is_said_in_chinese(window, qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    manual = window.show_manual()
    qtbot.waitExposed(manual)
    assert manual.browser.toPlainText().startswith("找不到使用说明文件：")
    manual.close()


@pytest.mark.parametrize("large", [False, True])
def test_the_pictures_fit_the_manual_without_sideways_scrolling(window, qtbot, large, tmp_path):
    """Each picture was made 50 characters wide while the text beside the contents had 48 (less its margins and
    scroll bar): every picture of the manual scrolled sideways by a few dozen pixels, in 长者模式 too."""
    window.set_large_text(large)
    manual = window.show_manual()
    qtbot.waitExposed(manual)
    QApplication.processEvents()
    browser = manual.browser
    assert browser.document().size().width() <= browser.viewport().width()
    assert browser.horizontalScrollBar().maximum() == 0
    assert browser.picture_width > 0.9 * browser.viewport().width()  # as wide as the text, not smaller than need be
    manual.grab().save(str(tmp_path / "manual.png"))
    manual.close()
    window.set_large_text(False)


@pytest.mark.parametrize(("width", "pixels"), [(400, 600), (1000, 1280)])
def test_the_pictures_stay_sharp_on_a_screen_scaled_to_150_percent(qapp, monkeypatch, width, pixels):
    """Most Windows laptops run at 125 or 150 %: a picture made `picture_width` pixels wide was drawn that many
    logical pixels wide, enlarged half again on the screen, and blurred. It keeps the screen's pixels now (all
    its own when it has fewer), at the same width on the page."""
    browser = manual_view.ManualBrowser(MANUAL.parent, width)
    monkeypatch.setattr(browser, "devicePixelRatioF", lambda: 1.5)
    image = browser.loadResource(QTextDocument.ResourceType.ImageResource.value, QUrl("img/main-window.png"))
    assert image.width() == pixels  # main-window.png is 1280 pixels wide
    assert image.deviceIndependentSize().width() == pytest.approx(width)
    browser.setMarkdown("![主窗口](img/main-window.png)")
    browser.document().setTextWidth(2 * width)  # laid out (lazily, as when shown) on a page with room to spare
    margins = 2 * browser.document().documentMargin()
    assert browser.document().idealWidth() == pytest.approx(width + margins, abs=1)  # laid out at its width


# F1 in a dialog: Qt fires no shortcut of a window a modal dialog blocks, so the 帮助 menu's F1 did nothing in
# 导出数据包, 年度封账 and the other dialogs, and a manual owned by the main window would have been blocked with it
# (main_window.HelpKey, manual_view.open_manual).


class BlockWatch(QObject):
    """Whether Qt holds the manual blocked by a modal dialog (no click or key reaches it; a test's click would)."""

    def __init__(self):
        super().__init__()
        self.manual_blocked = False
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if isinstance(watched, ManualWindow) and event.type() in (QEvent.Type.WindowBlocked,
                                                                  QEvent.Type.WindowUnblocked):
            self.manual_blocked = event.type() == QEvent.Type.WindowBlocked
        return False


@pytest.fixture
def watch():
    watch = BlockWatch()
    yield watch
    QApplication.instance().removeEventFilter(watch)


def heading_at_top(manual) -> str:
    """The heading at the top of the manual (a pixel below the edge, which is the previous block's foot: a section
    right under its part's heading read as the part)."""
    return manual.browser.cursorForPosition(QPoint(0, 2)).block().text()


def press_f1(qtbot, dialog):
    if QApplication.activeWindow() is not dialog:  # shown but not yet brought forward on a busy machine
        dialog.raise_()
        dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_F1)
    qtbot.wait(10)  # the second placing, once the window has its size


def click_part(qtbot, manual, part: str) -> None:
    """A click on the contents, as the window system delivers it: a window a modal dialog blocks never gets it.
    Narrowed beside a dialog on the tests' small screen the manual has no contents list: made wider, as a user
    would, it has it back."""
    if manual.contents.isHidden():
        manual.resize(manual.natural_width(), manual.height())
        QApplication.processEvents()
    item = manual.contents.findItems(part, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)[0]
    manual.contents.scrollToItem(item)
    qtbot.mouseClick(manual.contents.viewport(), Qt.MouseButton.LeftButton,
                     pos=manual.contents.visualItemRect(item).center())


def opened(window, module: str, function: str, *args):
    return _qt_function(module, function)(window, *args)


TOWNSHIP = [("export_wizard", "open_export_wizard", (), "导出数据包到U盘"),
            ("keys_view", "open_keys_dialog", (), "第一次报送前（只做一次）"),
            ("exchanges_view", "open_exchanges_dialog", (), "导入县级回执"),  # not modal: the menu's shortcut
            ("year_close_view", "open_year_close", (), "年度封账"),
            ("excel_import_view", "open_excel_import", (), "从Excel导入以前的记录"),
            ("import_undo_view", "open_import_undo", (), "从Excel导入以前的记录"),
            ("print_check", "open_print_check", (), "核验码"),
            ("batch_review", "open_batch_review", ("submit",), "批量审核")]


@pytest.mark.parametrize(("module", "function", "args", "part"), TOWNSHIP, ids=[t[0] for t in TOWNSHIP])
def test_f1_in_a_dialog_opens_the_manual_at_its_part_and_it_can_be_used(window, qtbot, watch, module, function,
                                                                        args, part):
    window.show_page("meeting")  # a page whose own part (登记台账) is none of the dialogs'
    dialog = opened(window, module, function, *args)
    press_f1(qtbot, dialog)
    manual = window.manual_window
    assert manual is not None and manual.isVisible(), "F1 did not open the manual"
    assert heading_at_top(manual) == part
    assert not watch.manual_blocked  # readable and closable while the dialog stays open
    click_part(qtbot, manual, "九、常见问题")
    assert heading_at_top(manual) == "九、常见问题"
    assert dialog.isVisible()
    manual.close()
    assert not manual.isVisible() and dialog.isVisible()
    dialog.close()


def test_the_manual_stays_open_once_the_dialog_closes(window, qtbot, watch):
    dialog = opened(window, "year_close_view", "open_year_close")
    press_f1(qtbot, dialog)
    manual = window.manual_window
    dialog.reject()
    qtbot.wait(10)
    assert manual.isVisible() and manual.parentWidget() is window and not watch.manual_blocked
    click_part(qtbot, manual, "九、常见问题")
    assert heading_at_top(manual) == "九、常见问题"
    manual.close()


def test_a_question_asked_in_a_dialog_opens_the_dialogs_part(window, qtbot, watch):
    """A message box over the export wizard: the wizard's part; the manual stays usable once the box is gone."""
    wizard = opened(window, "export_wizard", "open_export_wizard")
    box = QMessageBox(QMessageBox.Icon.Question, "导出数据包", "写入U盘？", QMessageBox.StandardButton.Ok, wizard)
    box.open()
    press_f1(qtbot, box)
    manual = window.manual_window
    assert heading_at_top(manual) == "导出数据包到U盘"
    box.accept()
    qtbot.wait(10)
    assert manual.isVisible() and not watch.manual_blocked  # the wizard is still modal: the manual is its
    click_part(qtbot, manual, "九、常见问题")
    assert heading_at_top(manual) == "九、常见问题"
    manual.close()
    wizard.close()


def test_f1_when_adding_a_person(window, qtbot):
    window.show_page("people")
    roster = window.page("people")
    roster.add_button.click()
    press_f1(qtbot, roster.dialog)
    assert heading_at_top(window.manual_window) == "人员名册"
    window.manual_window.close()
    roster.dialog.close()


COUNTY = [("import_dialog", "open_import_dialog", "导入数据包"),
          ("keys_view", "open_keys_dialog", "县级密钥和乡镇登记"),
          ("receipts_view", "open_receipts_dialog", "写回执"), ("conflicts_view", "open_conflicts_dialog", "冲突")]


def test_f1_in_the_countys_dialogs(county_window, qtbot, watch):
    for module, function, part in COUNTY:
        dialog = opened(county_window, module, function)
        press_f1(qtbot, dialog)
        manual = county_window.manual_window
        assert manual is not None and manual.isVisible(), module
        assert heading_at_top(manual) == part, module
        assert not watch.manual_blocked, module
        manual.close()
        dialog.close()


def test_every_part_a_window_names_is_a_heading_of_the_manual():
    """Also the parts of dialogs not opened above (账户管理, 自动锁定…): a heading renamed in the manual shows here."""
    source = "\n".join(path.read_text(encoding="utf-8") for path in Path(manual_view.__file__).parent.glob("**/*.py"))
    named = re.findall(r'manual_part = "([^"]+)"(?: if store\.is_county else "([^"]+)")?', source)
    parts = {part for pair in named for part in pair if part}
    assert len(parts) >= 15
    assert parts <= set(HEADINGS), parts - set(HEADINGS)


@pytest.mark.parametrize("wide", [884, None])  # None: a dialog with room beside it for the narrowest manual
def test_the_manual_beside_a_dialog_on_a_1280_pixel_screen_is_narrowed_to_the_room_beside_it(window, qtbot,
                                                                                             monkeypatch, wide):
    """A laptop at 150 % (1280x672 above the task bar): the manual, 68 characters wide, was moved beside the
    export wizard (884 wide, centred) but never narrowed, and covered most of it. It is now as wide as the room
    beside the dialog, down to `NARROWEST` characters, its pictures as wide as its text."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen
    from PySide6.QtWidgets import QDialog

    from fazhi_desktop.qt.common import em

    room = QRect(0, 0, 1280, 672)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda self: room)
    floor = em(window, manual_view.NARROWEST)
    wide = wide or 1280 - 2 * (floor + 20)
    dialog = QDialog(window)
    qtbot.addWidget(dialog)
    dialog.setModal(True)
    dialog.setGeometry((1280 - wide) // 2, 40, wide, 500)
    dialog.show()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is dialog)
    manual = window.show_manual()
    QApplication.processEvents()
    side = dialog.frameGeometry().left()
    overlap = manual.frameGeometry().intersected(dialog.frameGeometry()).width()
    assert room.contains(manual.frameGeometry())
    assert manual.width() < em(manual, 68) and overlap <= max(0, floor - side), (manual.frameGeometry(), overlap)
    if wide == 884:
        assert overlap < wide / 2  # the dialog's greater part is read beside the manual
    browser = manual.browser
    assert browser.horizontalScrollBar().maximum() == 0  # the pictures made narrower too, no sideways scrolling
    assert browser.picture_width > 0.9 * browser.viewport().width()
    manual.close()
    dialog.close()
