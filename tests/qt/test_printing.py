"""打印预览, 打印 and 导出PDF as a clerk uses them: from a record's editor window and from the main window's 文件 menu.

The save-as and printer questions go through a scripted PrintPrompts; message boxes through the `dialogs` fixture.
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

sys.path.insert(0, str(Path(__file__).parent))

from helpers import type_text

from fazhi_desktop.core import documents, reveals
from fazhi_desktop.core.documents import build_document
from fazhi_desktop.core.documents.layout import Document
from fazhi_desktop.core.jobs import Progress
from fazhi_desktop.qt import printing
from fazhi_desktop.qt.editor import EditorWindow
from fazhi_desktop.qt.main_window import create_main_window
from fazhi_desktop.qt.print_views import RegisterDialog
from fazhi_desktop.qt.printing import PagePainter, PrintPrompts, preview_dialog

STAFF_PASSWORD = "mima-2026"  # the `staff` fixture's accounts (tests/conftest.py)
ACTOR = "杨芳"
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is installed by .ci/setup")
CASE = {
    "case_category": "人民调解", "case_name": "马文与李海宅基地纠纷", "accepted_on": "2026-03-02",
    "dispute_type": "房屋宅基地纠纷", "result": "调解成功", "agreement_content": "双方以登记图为准重新确界。",
    "parties": [{"role": "申请人", "party_type": "自然人", "name": "马文", "id_number": "640522196103231939"},
                {"role": "被申请人", "party_type": "自然人", "name": "李海"}],
}


class ScriptedPrompts(PrintPrompts):
    """Answers the save-as question with `path`; "prints" to a PDF file; keeps the preview instead of showing it."""

    def __init__(self, path: Path | None = None, printed_to: Path | None = None):
        self.path, self.printed_to = path, printed_to
        self.previews: list[QPrintPreviewDialog] = []
        self.asked: list[str] = []

    def save_path(self, parent, title, suggested):
        self.asked.append(suggested)
        return self.path

    def choose_printer(self, parent, printer):
        if self.printed_to is None:
            return False  # the clerk pressed 取消 in the print dialog
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(self.printed_to))
        return True

    def show_preview(self, dialog):
        self.previews.append(dialog)


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def editor_window(qtbot, store, ledger, record, dialogs, prompts) -> EditorWindow:
    window = EditorWindow(store, store.ledgers[ledger], record, dialogs, ACTOR)
    qtbot.addWidget(window)
    window.print_bar.outputs.prompts = prompts
    return window


@pytest.fixture
def meeting(store, valid_record):
    data = valid_record("meeting", host="田玉春", attendees=["马志刚", "田玉春", "李强"], location="镇政府三楼会议室")
    return store.save("meeting", data, ACTOR)


@pytest.mark.parametrize(("ledger", "kinds"), [
    ("meeting", ["会议纪要", "会议记录", "签到表"]),
    ("law_study", ["签到表", "学法活动记录"]),
    ("mediation_case", ["调解协议书", "调解案件记录"]),
    ("complaint", ["记录"]),
])
def test_the_editor_offers_the_documents_its_ledger_has(qtbot, store, dialogs, ledger, kinds):
    window = editor_window(qtbot, store, ledger, None, dialogs, ScriptedPrompts())
    combo = window.print_bar.kind_combo
    assert [combo.itemText(i) for i in range(combo.count())] == kinds


@needs_poppler
def test_export_pdf_saves_the_chosen_document_where_the_clerk_says(qtbot, store, dialogs, meeting, tmp_path):
    target = tmp_path / "纪要.pdf"
    prompts = ScriptedPrompts(path=target)
    window = editor_window(qtbot, store, "meeting", meeting, dialogs, prompts)
    bar = window.print_bar
    assert bar.kind() == "record"  # the form's 文书形式 says 会议记录: that is offered first
    bar.kind_combo.setCurrentIndex(bar.kind_combo.findData("minutes"))
    qtbot.mouseClick(bar.export_button, Qt.MouseButton.LeftButton)
    assert target.exists()
    assert prompts.asked == [f"{meeting.values['title']}纪要.pdf"]
    text = pdf_text(target)
    assert "海城镇人民政府常务会议纪要" in text and meeting.number in text
    assert any(title == "已导出PDF" and str(target) in message for _, title, message in dialogs.shown)


class AcceptingPrompts(ScriptedPrompts):
    """The clerk presses 保存 on the name offered, in `folder`."""

    def __init__(self, folder: Path):
        super().__init__()
        self.folder = folder

    def save_path(self, parent, title, suggested):
        self.asked.append(suggested)
        return self.folder / suggested


def test_a_meeting_with_a_long_title_exports_under_the_name_offered(qtbot, store, dialogs, valid_record, tmp_path):
    """A 91-character 会议名称 made a 97-character name of 275 bytes, over Linux's 255: 保存PDF失败 blamed the stick."""
    title = ("海城镇人民政府第3次法治政府建设专题研究部署会议暨" * 5)[:91]
    record = store.save("meeting", valid_record("meeting", title=title, record_form="会议纪要"), ACTOR)
    prompts = AcceptingPrompts(tmp_path)
    window = editor_window(qtbot, store, "meeting", record, dialogs, prompts)
    qtbot.mouseClick(window.print_bar.export_button, Qt.MouseButton.LeftButton)
    offered = prompts.asked[0]
    assert len(offered.encode()) <= 180 and offered.startswith(title[:20]) and offered.endswith("法治政府建设纪要.pdf")
    assert (tmp_path / offered).read_bytes().startswith(b"%PDF")
    assert [title for kind, title, _ in dialogs.shown if kind == "error"] == []


def test_a_pdf_name_typed_too_long_is_said_as_too_long_and_leaves_nothing(qtbot, store, dialogs, meeting, tmp_path):
    folder = tmp_path / "U盘"
    folder.mkdir()
    window = editor_window(qtbot, store, "meeting", meeting, dialogs, ScriptedPrompts(folder / ("会议纪要" * 22)))
    qtbot.mouseClick(window.print_bar.export_button, Qt.MouseButton.LeftButton)
    (_, title, message), = [shown for shown in dialogs.shown if shown[0] == "error"]
    assert title == "无法导出PDF" and "文件名太长" in message and "换一个短一些的文件名" in message
    assert "U盘可能被拔出" not in message and "too long" not in message
    assert list(folder.iterdir()) == []


@needs_poppler
def test_printing_sends_every_page_to_the_printer_chosen(qtbot, store, dialogs, meeting, tmp_path):
    printed = tmp_path / "printer.pdf"
    window = editor_window(qtbot, store, "meeting", meeting, dialogs, ScriptedPrompts(printed_to=printed))
    bar = window.print_bar
    bar.kind_combo.setCurrentIndex(bar.kind_combo.findData("signin"))
    qtbot.mouseClick(bar.print_button, Qt.MouseButton.LeftButton)
    text = pdf_text(printed)
    assert "签到表" in text and "田玉春" in text and "马志刚" in text


def test_cancelling_the_print_dialog_prints_nothing(qtbot, store, dialogs, meeting, tmp_path):
    window = editor_window(qtbot, store, "meeting", meeting, dialogs, ScriptedPrompts(printed_to=None))
    qtbot.mouseClick(window.print_bar.print_button, Qt.MouseButton.LeftButton)
    assert not [m for m in dialogs.shown if m[0] == "error"]


def cancel_when_shown(owner: QWidget) -> list[str]:
    """Press 取消 in the page box as soon as events are let through (they are only if the box lets them): the list
    gets what the box said."""
    said: list[str] = []

    def cancel() -> None:
        box = owner.findChild(QProgressDialog)
        said.append(box.labelText())
        box.cancel()

    QTimer.singleShot(0, cancel)
    return said


def test_a_long_print_says_which_page_goes_to_the_printer_and_can_be_cancelled(qtbot, store, meeting, tmp_path,
                                                                                monkeypatch):
    """The pages are painted in the window's thread: 1,500 of them (打印所选记录's most) took the window away for
    seconds, which Windows shows as 未响应, offering to close the program mid-print. A box says which page goes to
    the printer, lets the window repaint, and its 取消 stops the print job."""
    monkeypatch.setattr(printing, "SHOW_SENDING_MS", 0)  # as when each page takes the printer's driver a while
    one = build_document(store, meeting.id, "signin")
    doc = dataclasses.replace(one, pages=one.pages * 200)
    owner = QWidget()
    qtbot.addWidget(owner)
    owner.show()
    said = cancel_when_shown(owner)
    assert not printing.print_with_dialog(owner, doc, ScriptedPrompts(printed_to=tmp_path / "printer.pdf"))
    assert said and said[0].startswith("正在发送到打印机：第 ") and said[0].endswith("共 200 页")
    assert not any(box.isVisible() for box in owner.findChildren(QProgressDialog))



def long_signin(qtbot, store, meeting, copies: int, monkeypatch) -> tuple[QWidget, Document]:
    """A window shown and a 签到表 of `copies` pages, long enough for the page box, which shows at once."""
    monkeypatch.setattr(printing, "SHOW_SENDING_MS", 0)
    one = build_document(store, meeting.id, "signin")
    owner = QWidget()
    qtbot.addWidget(owner)
    owner.show()
    return owner, dataclasses.replace(one, pages=one.pages * copies)


def test_a_long_preview_says_which_page_it_draws_and_cancelling_closes_it(qtbot, store, meeting, monkeypatch):
    """Qt's preview draws every page before it shows one: a batch's 1,500 pages left the window answering nothing
    for seconds. A box says which page is drawn; 取消 closes the preview rather than show part of the batch."""
    owner, doc = long_signin(qtbot, store, meeting, 200, monkeypatch)
    preview = preview_dialog(owner, doc)
    said = cancel_when_shown(owner)
    preview.open()
    qtbot.waitUntil(lambda: not shiboken6.isValid(preview) or not preview.isVisible())  # closed, and freed
    assert said and said[0].startswith("正在生成预览：第 ") and said[0].endswith("共 200 页")
    assert not any(box.isVisible() for box in owner.findChildren(QProgressDialog))


def test_the_previews_own_print_button_sends_the_pages_as_print_does(qtbot, store, meeting, tmp_path, monkeypatch):
    """The preview's 打印 button asks for the pages again, on the printer: they go out as from 打印 (正在发送到打印机),
    取消 aborts the job and the preview stays open; it must not be taken for a preview cancelled half drawn."""
    owner, doc = long_signin(qtbot, store, meeting, 50, monkeypatch)
    preview = preview_dialog(owner, doc)
    preview.open()
    qtbot.waitUntil(preview.isVisible)
    printer = preview.printer_ref
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printer.pdf"))
    said = cancel_when_shown(preview)
    preview.findChild(QPrintPreviewWidget).print()
    assert said and said[0].startswith("正在发送到打印机：第 ") and said[0].endswith("共 50 页")
    qtbot.wait(50)
    assert preview.isVisible()
    preview.close()


def test_a_closed_preview_goes_with_its_pages(qtbot, store, meeting):
    """Each preview drew its pages into memory and stayed a child of its window after closing: three previews of a
    500-record selection held 110 MB more until the program ended. A closed one is freed."""
    owner = QWidget()
    qtbot.addWidget(owner)
    preview = preview_dialog(owner, build_document(store, meeting.id, "signin"))
    preview.open()
    qtbot.waitUntil(preview.isVisible)
    preview.close()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(preview)

@needs_poppler
def test_the_preview_shows_the_same_pages_the_pdf_has(qtbot, store, dialogs, meeting, tmp_path):
    prompts = ScriptedPrompts()
    window = editor_window(qtbot, store, "meeting", meeting, dialogs, prompts)
    window.print_bar.kind_combo.setCurrentIndex(window.print_bar.kind_combo.findData("minutes"))
    qtbot.mouseClick(window.print_bar.preview_button, Qt.MouseButton.LeftButton)
    assert len(prompts.previews) == 1
    preview = prompts.previews[0]  # a child of the editor window, closed with it
    assert "打印预览" in preview.windowTitle()
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "preview.pdf"))
    preview.paintRequested.emit(printer)  # what the preview paints is what a printer would get
    assert "海城镇人民政府常务会议纪要" in pdf_text(tmp_path / "preview.pdf")


def page_image(doc, index: int = 0, dpi: int = 96) -> QImage:
    """One page as the printer and the preview paint it, as an image."""
    page = doc.pages[index]
    scale = dpi / 72.0
    image = QImage(round(page.width * scale), round(page.height * scale), QImage.Format.Format_RGB32)
    image.setDotsPerMeterX(round(dpi / 0.0254))
    image.setDotsPerMeterY(round(dpi / 0.0254))
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        PagePainter(doc).paint(painter, page, scale)
    finally:
        painter.end()
    return image


@needs_poppler
def test_qt_paints_a_page_where_the_pdf_puts_it(store, meeting, tmp_path):
    doc = build_document(store, meeting, "minutes")
    qt_image = page_image(doc, 0, dpi=50)
    pdf = tmp_path / "m.pdf"
    documents.write_pdf(doc, pdf)
    subprocess.run(["pdftoppm", "-r", "50", "-f", "1", "-l", "1", "-png", "-singlefile", str(pdf),
                    str(tmp_path / "p")], check=True)
    poppler_image = QImage(str(tmp_path / "p.png"))
    assert abs(qt_image.width() - poppler_image.width()) <= 1

    def ink_box(image: QImage) -> tuple[int, int, int, int]:
        xs, ys = [], []
        for y in range(0, image.height()):
            for x in range(0, image.width(), 2):
                if image.pixelColor(x, y).lightness() < 140:
                    xs.append(x)
                    ys.append(y)
        return min(xs), min(ys), max(xs), max(ys)

    qt_box, pdf_box = ink_box(qt_image), ink_box(poppler_image)
    assert all(abs(a - b) <= 4 for a, b in zip(qt_box, pdf_box, strict=True)), (qt_box, pdf_box)  # 4 px = 2 mm


def test_unsaved_changes_are_saved_before_printing_if_the_clerk_agrees(qtbot, store, dialogs, meeting, tmp_path):
    target = tmp_path / "r.pdf"
    window = editor_window(qtbot, store, "meeting", meeting, dialogs, ScriptedPrompts(path=target))
    window.show()
    type_text(qtbot, window.editor.field_widget("location").control, "司法所")
    dialogs.confirm_answers = [False]
    qtbot.mouseClick(window.print_bar.export_button, Qt.MouseButton.LeftButton)
    assert not target.exists() and store.get(meeting.id).revision == 1
    dialogs.confirm_answers = [True]
    qtbot.mouseClick(window.print_bar.export_button, Qt.MouseButton.LeftButton)
    assert target.exists() and store.get(meeting.id).revision == 2


@needs_poppler
def test_agreement_masks_id_numbers_unless_the_clerk_ticks_the_box(qtbot, store, dialogs, tmp_path):
    case = store.save("mediation_case", CASE, ACTOR)
    masked, full = tmp_path / "masked.pdf", tmp_path / "full.pdf"
    prompts = ScriptedPrompts(path=masked)
    window = editor_window(qtbot, store, "mediation_case", case, dialogs, prompts)
    bar = window.print_bar
    window.show()
    assert bar.reveal_box.isVisible() and not bar.reveal_box.isChecked()
    assert bar.kind() == "agreement"
    qtbot.mouseClick(bar.export_button, Qt.MouseButton.LeftButton)
    bar.reveal_box.setChecked(True)
    prompts.path = full
    qtbot.mouseClick(bar.export_button, Qt.MouseButton.LeftButton)
    assert "640522********1939" in pdf_text(masked) and "640522196103231939" not in pdf_text(masked)
    assert "640522196103231939" in pdf_text(full)
    assert [(e["number"], e["how"]) for e in reveals.reveal_log(store)] == [(case.number, "导出PDF调解协议书")]
    # 取消 in the save-as or the print dialog reveals nothing, and nothing is noted
    prompts.path = None
    qtbot.mouseClick(bar.export_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(bar.print_button, Qt.MouseButton.LeftButton)
    assert len(reveals.reveal_log(store)) == 1
    prompts.printed_to = tmp_path / "printed.pdf"
    qtbot.mouseClick(bar.print_button, Qt.MouseButton.LeftButton)
    assert [e["how"] for e in reveals.reveal_log(store)] == ["打印调解协议书", "导出PDF调解协议书"]
    assert "640522196103231939" in pdf_text(tmp_path / "printed.pdf")



@needs_poppler
def test_a_record_with_warnings_is_printed_only_when_the_clerk_says_so_once(qtbot, store, dialogs, tmp_path):
    """The agreement printed "田秀英，男" from a female ID number without a word, though the editor showed it."""
    case = {**CASE, "parties": [CASE["parties"][0], {**CASE["parties"][1], "gender": "女"}]}
    record = store.save("mediation_case", {**case, "parties": [case["parties"][0] | {"gender": "女"},
                                                                case["parties"][1]]}, ACTOR)
    assert [w.message for w in record.warnings] == ["性别与身份证号不符，请核对"]  # 马文's number is a man's
    target = tmp_path / "协议书.pdf"
    window = editor_window(qtbot, store, "mediation_case", record, dialogs, ScriptedPrompts(path=target))
    bar = window.print_bar
    dialogs.confirm_answers = [False]  # 返回核对
    bar.export_pdf()
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("confirm", "打印") and "1 条提醒" in text and "性别与身份证号不符" in text
    assert not target.exists()
    dialogs.confirm_answers = [True]  # 仍要打印
    assert bar.export_pdf() == target
    asked = len([s for s in dialogs.shown if s[0] == "confirm"])
    bar.export_pdf()  # the same version again: not asked twice
    assert len([s for s in dialogs.shown if s[0] == "confirm"]) == asked


def test_a_sign_in_sheet_printed_ahead_of_the_day_is_not_questioned(qtbot, store, dialogs, tmp_path, valid_record):
    """Printing a planned lecture's sign-in sheet is what saving it ahead is for: its date is no doubt to clear."""
    lecture = store.save("law_study", valid_record("law_study", held_on="2026-06-20"), ACTOR)  # today: 2026-06-01
    assert [w.message for w in lecture.warnings] == ["活动日期晚于今天：到当天才计入本年度指标"]
    target = tmp_path / "签到表.pdf"
    window = editor_window(qtbot, store, "law_study", lecture, dialogs, ScriptedPrompts(path=target))
    window.print_bar.kind_combo.setCurrentIndex(window.print_bar.kind_combo.findData("signin"))
    assert window.print_bar.export_pdf() == target
    assert not [s for s in dialogs.shown if s[0] == "confirm"]


def test_a_clerk_cannot_reveal_full_numbers_and_the_box_says_who_can(qtbot, store, staff, dialogs, tmp_path):
    from fazhi_desktop.core import accounts

    store.user = accounts.login(store, "马丽", STAFF_PASSWORD)  # 录入员
    case = store.save("mediation_case", CASE, ACTOR)
    printed = tmp_path / "clerk.pdf"
    window = editor_window(qtbot, store, "mediation_case", case, dialogs, ScriptedPrompts(path=printed))
    bar = window.print_bar
    window.show()
    assert bar.reveal_box.isVisible() and not bar.reveal_box.isEnabled()
    assert "录入员无权显示完整的身份证号和电话（需要所长或管理员）" in bar.reveal_box.toolTip()
    bar.reveal_box.setChecked(True)  # even if ticked some other way
    qtbot.mouseClick(bar.export_button, Qt.MouseButton.LeftButton)
    assert "640522196103231939" not in pdf_text(printed) and "640522********1939" in pdf_text(printed)

def test_a_document_the_record_cannot_have_is_explained_not_crashed(qtbot, store, dialogs, tmp_path):
    case = store.save("mediation_case", {**CASE, "result": "调解不成功(终止)", "termination_reason": "双方分歧较大"},
                      ACTOR)
    window = editor_window(qtbot, store, "mediation_case", case, dialogs, ScriptedPrompts(path=tmp_path / "x.pdf"))
    bar = window.print_bar
    bar.kind_combo.setCurrentIndex(bar.kind_combo.findData("agreement"))  # not offered, but the clerk picks it
    qtbot.mouseClick(bar.export_button, Qt.MouseButton.LeftButton)
    errors = [m for m in dialogs.shown if m[0] == "error"]
    assert errors and "调解不成功" in errors[0][2]
    assert not (tmp_path / "x.pdf").exists()


def test_the_file_menu_prints_the_register_of_the_ledger_and_year_shown(qtbot, store, dialogs, ui_settings,
                                                                        meeting, tmp_path):
    window = create_main_window(store, dialogs, ui_settings, ACTOR)
    qtbot.addWidget(window)
    window.show_page("meeting")
    view = window.pages["meeting"]
    view.year_combo.load()
    view.year_combo.setCurrentIndex(view.year_combo.findData(2026))
    assert window.register_action.text().startswith("打印本年度台账")
    window.register_action.trigger()
    dialog = window.register_dialog
    assert isinstance(dialog, RegisterDialog) and dialog.choice() == ("meeting", 2026)
    target = tmp_path / "台账.pdf"
    dialog.outputs.prompts = ScriptedPrompts(path=target)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(t == "已导出PDF" for _, t, _ in dialogs.shown), timeout=10000)
    assert target.read_bytes().startswith(b"%PDF")
    dialog.close()


def test_the_register_offered_is_the_year_just_ended_in_january_and_never_a_planned_year(qtbot, store, clock, dialogs,
                                                                                        valid_record, beijing_time):
    """With the list on 全部年份 the register offered was the newest year with records: next year's as soon as a
    study planned for it was saved, and in January the new year's instead of the one just ended; with no record,
    the year by UTC, 2026 at 00:30 on New Year's Day in Haiyuan."""
    def offered() -> int:
        dialog = RegisterDialog(store, "law_study", None, dialogs)
        qtbot.addWidget(dialog)
        year = dialog.choice()[1]
        dialog.close()
        return year

    clock.set(datetime(2026, 12, 31, 16, 30, tzinfo=UTC))  # 2027-01-01 00:30 Beijing time
    assert offered() == 2027
    clock.set(datetime(2026, 12, 20, 2, 0, tzinfo=UTC))
    store.save("law_study", valid_record("law_study", held_on="2026-12-18"), ACTOR)
    store.save("law_study", valid_record("law_study", held_on="2027-01-15"), ACTOR)  # planned
    assert offered() == 2026
    clock.set(datetime(2027, 1, 16, 2, 0, tzinfo=UTC))
    assert offered() == 2026
    clock.set(datetime(2027, 2, 1, 2, 0, tzinfo=UTC))
    assert offered() == 2027


def test_a_long_register_can_be_cancelled_and_leaves_no_file(qtbot, store, dialogs, meeting, tmp_path, monkeypatch):
    def slow(store, ledger, year, progress: Progress, township=None, months=None):
        for step in range(500):
            progress(step, 500, f"第 {step} 条")
            time.sleep(0.01)
        raise AssertionError("not cancelled")

    monkeypatch.setattr(documents, "build_register_document", slow)
    dialog = RegisterDialog(store, "meeting", 2026, dialogs)
    qtbot.addWidget(dialog)
    out = tmp_path / "out"
    out.mkdir()
    target = out / "台账.pdf"
    dialog.outputs.prompts = ScriptedPrompts(path=target)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    task = dialog.task
    with qtbot.waitSignal(task.failed, timeout=10000) as failed:
        task.cancel()
    assert failed.args[1] is True  # cancelled, not an error
    assert list(out.iterdir()) == []
    assert not [m for m in dialogs.shown if m[0] == "error"]


def test_a_new_record_can_be_printed_as_soon_as_it_is_saved(qtbot, store, dialogs, valid_record):
    """The print bar under a new record's form says 请先保存记录 on its buttons until the first save, not after."""
    window = editor_window(qtbot, store, "meeting", None, dialogs, ScriptedPrompts())
    bar = window.print_bar
    buttons = (bar.preview_button, bar.print_button, bar.export_button)
    for name, value in valid_record("meeting").items():
        window.editor.field_widget(name).set_value(value)
    assert [(b.isEnabled(), b.toolTip()) for b in buttons] == [(False, "请先保存记录")] * 3
    assert window.save()
    assert [(b.isEnabled(), b.toolTip()) for b in buttons] == [  # what each does, and its key
        (True, "打印预览（Ctrl+Shift+P）"), (True, "打印（Ctrl+P）"), (True, "导出PDF（Ctrl+E）")]


def test_the_preview_window_shows_justified_text_inside_the_page(qtbot, store, dialogs):
    """Regression: QFont letter spacing is replayed unscaled by the preview, pushing spaced text off the page."""
    case = store.save("mediation_case", CASE, ACTOR)
    doc = build_document(store, case, "agreement")
    preview = preview_dialog(None, doc)
    qtbot.addWidget(preview)
    preview.resize(700, 900)
    preview.show()
    qtbot.waitExposed(preview)
    qtbot.wait(200)
    image = preview.grab().toImage()

    def white_run(row: int) -> tuple[int, int]:
        left = next(x for x in range(image.width()) if image.pixelColor(x, row).lightness() > 250)
        right = left
        while image.pixelColor(right + 1, row).lightness() > 250:
            right += 1
        return left, right

    # the page: white from edge to edge on a row between lines of text (where one falls depends on the text)
    page_left, page_right = max((white_run(row) for row in range(image.height() // 6, image.height() * 5 // 6, 5)),
                                key=lambda run: run[1] - run[0])
    dark = [x for y in range(image.height() // 6, image.height() // 2, 3) for x in range(page_left, page_right)
            if image.pixelColor(x, y).lightness() < 100]
    assert dark, "the preview shows no text"
    width = page_right - page_left
    assert max(dark) < page_right - width * 0.08  # the right margin (26 mm of 210) stays clear


def test_the_preview_window_fits_on_the_screen(qtbot, store, dialogs, meeting, monkeypatch):
    """A 1366x768 laptop must show the whole window, its buttons and zoom bar included (the screen is made that
    laptop's, whatever screen the test runs on)."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen

    monkeypatch.setattr(QScreen, "availableGeometry", lambda self: QRect(0, 0, 1366, 728))  # minus the taskbar
    prompts = ScriptedPrompts()
    window = editor_window(qtbot, store, "meeting", meeting, dialogs, prompts)
    qtbot.mouseClick(window.print_bar.preview_button, Qt.MouseButton.LeftButton)
    preview = prompts.previews[0]
    preview.show()
    qtbot.waitExposed(preview)
    room = preview.screen().availableGeometry()
    assert room.height() == 728
    assert preview.height() <= room.height() and preview.width() <= room.width()
    assert preview.height() >= room.height() - 100, "and it uses the height there is"


def test_enter_in_a_field_does_not_press_a_print_button(qtbot, store, dialogs, meeting):
    prompts = ScriptedPrompts()
    window = editor_window(qtbot, store, "meeting", meeting, dialogs, prompts)
    window.show()
    qtbot.waitExposed(window)
    for control in (window.editor.field_widget("location").control, window.print_bar.kind_combo):
        control.setFocus()
        qtbot.keyClick(control, Qt.Key.Key_Return)
    assert prompts.previews == [] and not [m for m in dialogs.shown if m[1] == "打印"]


def test_an_inspector_checks_a_paper_by_its_code_and_opens_the_record(qtbot, store, valid_record, dialogs,
                                                                     ui_settings):
    meeting = store.save("meeting", valid_record("meeting"), "杨芳")
    printed = documents.print_code(store, meeting)
    window = create_main_window(store, dialogs, ui_settings, "杨芳")
    qtbot.addWidget(window)
    window.show()
    check = next(a for m in window.menuBar().actions() if m.menu() for a in m.menu().actions()
                 if a.text().startswith("核验打印件"))
    check.trigger()
    dialog = window.print_check_dialog
    qtbot.keyClicks(dialog.code, "FZTZ " + printed)  # what a USB scanner types for the QR code
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    assert dialog.verdict.text().startswith("一致：") and meeting.number in dialog.verdict.text()
    assert "#1e6b2e" in dialog.verdict.styleSheet() and dialog.open_button.isEnabled()
    store.save("meeting", {"location": "会议室乙"}, "杨芳", record_id=meeting.id)
    qtbot.keyClicks(dialog.code, printed)  # the previous code is selected: the next one replaces it
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    assert dialog.verdict.text().startswith("打印后已修改") and "现为第 2 版" in dialog.verdict.text()
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert meeting.id in window.editors
    type_text(qtbot, dialog.code, "抄错了")  # Chinese goes through the helper (ENVIRONMENT.md)
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    assert "不是有效的核验码" in dialog.verdict.text() and not dialog.open_button.isEnabled()


def test_the_document_offered_follows_the_meetings_record_form_as_it_is_chosen(qtbot, store, dialogs, valid_record):
    window = editor_window(qtbot, store, "meeting", None, dialogs, ScriptedPrompts())
    window.show()
    bar, editor = window.print_bar, window.editor
    record_form = editor.field_widget("record_form")
    assert record_form.value() == "会议记录" and bar.kind_combo.currentText() == "会议记录"
    record_form.control.setFocus()
    qtbot.keyClick(record_form.control, Qt.Key.Key_Down)
    assert record_form.value() == "会议纪要" and bar.kind_combo.currentText() == "会议纪要"
    qtbot.keyClick(record_form.control, Qt.Key.Key_Up)
    assert bar.kind_combo.currentText() == "会议记录"
    for name, value in valid_record("meeting").items():
        editor.field_widget(name).set_value(value)
    assert window.save()
    assert bar.kind_combo.currentText() == "会议记录", "saving keeps the document the form names"
    qtbot.keyClick(record_form.control, Qt.Key.Key_Down)
    assert window.save()
    assert bar.kind() == "minutes"
    again = editor_window(qtbot, store, "meeting", store.get(editor.record.id), dialogs, ScriptedPrompts())
    assert again.print_bar.kind() == "minutes"


def test_a_case_without_an_agreement_offers_its_record_and_follows_its_fields(qtbot, store, dialogs):
    """A 行政裁决 case or a failed mediation offered 调解协议书, and printing it said the case had none (可打印“记录”,
    a name the list does not have)."""
    ruling = store.save("mediation_case", {**CASE, "case_category": "行政裁决", "result": None,
                                                   "adjudication_matter": "土地权属"}, ACTOR)
    window = editor_window(qtbot, store, "mediation_case", ruling, dialogs, ScriptedPrompts())
    bar, editor = window.print_bar, window.editor
    assert bar.kind() == "record" and bar.kind_combo.currentText() == "调解案件记录"
    bar.kind_combo.setCurrentIndex(bar.kind_combo.findData("agreement"))  # chosen all the same: said why not
    bar.preview()
    assert dialogs.shown[-1][0] == "error" and dialogs.shown[-1][2].endswith(
        "是行政裁决案件，没有调解协议书（可打印“调解案件记录”）")
    editor.field_widget("case_category").set_value("人民调解")  # the clerk corrects the case: no 调解结果 yet
    assert bar.kind() == "record"
    editor.field_widget("result").set_value("调解成功")  # mediated: it has one now
    assert bar.kind() == "agreement"
    editor.field_widget("result").set_value("调解不成功(终止)")
    assert bar.kind() == "record"
    editor.field_widget("result").set_value("调解成功")
    editor.field_widget("agreement_form").set_value("口头")
    assert bar.kind() == "record"
    editor.field_widget("agreement_form").set_value("书面")
    assert bar.kind() == "agreement"



def test_preview_and_export_have_keys_from_any_field_and_their_buttons_say_them(qtbot, store, dialogs, meeting):
    """打印预览 and 导出PDF had no key: 38 Tabs from a meeting's first field (twenty-second session)."""
    prompts = ScriptedPrompts()  # 导出PDF's save-as box: 取消
    window = editor_window(qtbot, store, "meeting", meeting, dialogs, prompts)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    title = window.editor.field_widget("title").control
    title.setFocus()
    qtbot.keyClick(title, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(prompts.previews) == 1
    qtbot.keyClick(title, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert len(prompts.asked) == 1  # the save-as box of 导出PDF
    bar = window.print_bar
    assert (bar.preview_button.toolTip(), bar.export_button.toolTip()) == (
        "打印预览（Ctrl+Shift+P）", "导出PDF（Ctrl+E）")
