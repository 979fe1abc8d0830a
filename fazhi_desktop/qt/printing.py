"""打印预览, 打印 and 导出PDF of laid-out documents (core/documents), with PySide6-Essentials only.

QtPdf is not part of PySide6-Essentials, so the GUI does not render the PDF: it paints the same laid-out pages
(text runs, rules, boxes) with QPainter, in the same embedded TrueType fonts the PDF uses (loaded from the files
the core's font resolver chose). The preview is Qt's own QPrintPreviewDialog and printing goes to the QPrinter the
system print dialog configured, so preview, paper and PDF show the same layout. The questions printing asks (where
to save, which printer) go through `PrintPrompts`, which tests replace.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPaintEngine,
    QPainter,
    QPen,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QFileDialog, QProgressDialog, QWidget

from fazhi_desktop.core import paths
from fazhi_desktop.core.documents.fonts import FontSet
from fazhi_desktop.core.documents.layout import Box, Document, Page, Rule, TextRun, Typesetter
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.qt.common import documents_dir, fit_to_screen

_loaded: dict[str, tuple[str, str]] = {}  # reportlab font name -> (Qt family, style)


def qt_fonts(fonts: FontSet) -> dict[str, tuple[str, str]]:
    """Load each font file of `fonts` into Qt once (GUI thread); reportlab name -> (family, style). With the
    spare fonts used for rare characters (李䶮) the role fonts lack."""
    for choice in fonts.every_choice():
        if choice.name in _loaded:
            continue
        font_id = QFontDatabase.addApplicationFont(str(choice.path))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        family = choice.family if choice.family in families or not families else families[0]
        _loaded[choice.name] = (family, choice.style)
    return _loaded


class PagePainter:
    """Paints the pages of one Document on any QPaintDevice (printer, preview, image) at its resolution."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.families = qt_fonts(doc.fonts)
        self.metrics = Typesetter(doc.fonts)  # the PDF's character widths
        self._fonts: dict[tuple[str, float, float], QFont] = {}

    def _font(self, name: str, size: float, scale: float) -> QFont:
        key = (name, size, scale)
        font = self._fonts.get(key)
        if font is None:
            family, style = self.families.get(name, ("", "Regular"))
            font = QFontDatabase.font(family, style, 12) if family else QFont()
            font.setPixelSize(max(1, round(size * scale)))
            font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)  # advances as in the PDF
            font.setKerning(False)
            self._fonts[key] = font
        return font

    def _text(self, painter: QPainter, run: TextRun, scale: float, ox: float, oy: float) -> None:
        painter.setFont(self._font(run.font, run.size, scale))
        painter.setPen(QColor.fromRgbF(*run.color))
        y = oy + run.y * scale
        if not run.char_space:
            painter.drawText(QPointF(ox + run.x * scale, y), run.text)
            return
        # Spaced (justified) text: each character where the PDF puts it. QFont's letter spacing is not used: the
        # print preview replays it unscaled, at the printer's resolution.
        x = run.x
        for ch in run.text:
            painter.drawText(QPointF(ox + x * scale, y), ch)
            x += self.metrics.advance(ch, run.font, run.size) + run.char_space

    def paint(self, painter: QPainter, page: Page, scale: float, origin: QPointF | None = None) -> None:
        """Paint `page` with 1 pt = `scale` device pixels, its top-left corner at `origin`."""
        ox, oy = (origin.x(), origin.y()) if origin is not None else (0.0, 0.0)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        for item in page.items:
            if isinstance(item, TextRun):
                self._text(painter, item, scale, ox, oy)
            elif isinstance(item, Rule):
                painter.setPen(QPen(QColor.fromRgbF(*item.color), max(item.width * scale, 1.0)))
                painter.drawLine(QPointF(ox + item.x1 * scale, oy + item.y1 * scale),
                                 QPointF(ox + item.x2 * scale, oy + item.y2 * scale))
            elif isinstance(item, Box):
                rect = QRectF(ox + item.x * scale, oy + item.y * scale, item.w * scale, item.h * scale)
                if item.fill is not None:
                    painter.fillRect(rect, QColor.fromRgbF(*item.fill))
                if item.stroke is not None:
                    painter.setPen(QPen(QColor.fromRgbF(*item.stroke), max(item.width * scale, 1.0)))
                    painter.drawRect(rect)


def device_scale(device: QPaintDevice) -> float:
    """Device pixels per point."""
    return device.logicalDpiX() / 72.0


def setup_printer(printer: QPrinter, doc: Document) -> None:
    """A4, portrait or landscape as the document is, no margins: page coordinates are the paper's. A document laid
    out for both sides (打印所选记录's 双面打印: a blank page after an odd one) is printed on both sides, flipped on
    the long edge, as the print dialog then shows (it may still be changed there): else the blank pages came out as
    sheets of their own."""
    if doc.extra.get("duplex"):
        printer.setDuplex(QPrinter.DuplexMode.DuplexLongSide)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Landscape if doc.landscape
                               else QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)
    printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    printer.setDocName(doc.title)


class PrintNotStarted(FazhiError):
    """The printer would not begin the job (Qt's painter could not begin on it): not a page went out."""


#: why nothing was printed when the printer would not begin the job
NOT_STARTED = ("打印机没有开始打印，一页也没有打印：请检查打印机是否开机、联机；选了“打印到文件”的，请检查那个文件"
               "是否正在别的程序中打开、所在的文件夹（U盘）是否还在")


def paint_document(printer: QPrinter, doc: Document,
                   going_on: Callable[[int, int], bool] = lambda _done, _total: True, abort: bool = True) -> bool:
    """Send every page of `doc` to `printer` (a real printer, a preview or a PDF file). `going_on(done, total)` is
    asked before each page; when it says no, the print job is aborted (with `abort`: a preview's printer is not, as
    Qt 6.11 crashes aborting it; the pages stop there). Returns whether every page was sent; raises PrintNotStarted
    when the printer would not begin (then the paper noted as printed is taken back: qt/print_views.Outputs)."""
    page_painter = PagePainter(doc)
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintNotStarted(NOT_STARTED)
    try:
        scale = device_scale(printer)
        for index, page in enumerate(doc.pages):
            if not going_on(index, len(doc.pages)):
                if abort:
                    printer.abort()
                return False
            if index:
                printer.newPage()
            page_painter.paint(painter, page, scale)
    finally:
        painter.end()
    return True


def suggested_name(text: str, extension: str = ".pdf") -> str:
    """A file name from a document's title, without characters Windows forbids and short enough for every file
    system (a long 会议名称 is cut, the extension kept: `paths.fit_name`)."""
    return paths.safe_file_name(text, "文书", extension)


class PrintPrompts:
    """Where to save and which printer: the questions printing asks. Tests pass a replacement."""

    def save_path(self, parent: QWidget | None, title: str, suggested: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(parent, title, str(documents_dir() / suggested), "PDF 文件 (*.pdf)")
        return Path(path) if path else None

    def choose_printer(self, parent: QWidget | None, printer: QPrinter) -> bool:
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle("打印")
        return dialog.exec() == QDialog.DialogCode.Accepted

    def show_preview(self, dialog: QPrintPreviewDialog) -> None:
        dialog.open()


def preview_dialog(parent: QWidget | None, doc: Document, printing: Callable[[], bool] | None = None,
                   failed: Callable[[PrintNotStarted], None] | None = None) -> QPrintPreviewDialog:
    """Qt's print preview of `doc` (zoom, pages, and its own 打印 button, which prints what is shown once
    `printing()`, when given, says yes: a record's paper is kept then, as from 打印; `failed(exc)` when that printer
    would not begin)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    setup_printer(printer, doc)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # its pages (50 MB for 500) go with it, not at exit
    dialog.setWindowTitle(f"打印预览 — {doc.title}")
    dialog.paintRequested.connect(lambda target: _paint_preview(dialog, target, doc, printing, failed))
    fit_to_screen(dialog, 900, 1000)  # a whole A4 page where there is room, never taller than the screen
    dialog.printer_ref = printer  # type: ignore[attr-defined]  # the dialog does not own its printer
    return dialog


def _paint_preview(dialog: QPrintPreviewDialog, target: QPrinter, doc: Document,
                   printing: Callable[[], bool] | None = None,
                   failed: Callable[[PrintNotStarted], None] | None = None) -> None:
    """The preview draws every page before it shows one (again when its page setup changes): a batch's 1,500 pages
    took 3.6 s here, longer on an office PC. A long one says which page it is at, and 取消 closes the preview. The
    preview's own 打印 button asks for the pages too, on the printer chosen: they go out as from 打印, and 取消
    aborts the job rather than send part of it."""
    engine = target.paintEngine()
    if engine is not None and engine.type() != QPaintEngine.Type.Picture:  # a printer, not the preview's pages
        if printing is None or printing():
            try:
                _send_pages(dialog, "打印", "正在发送到打印机", target, doc)
            except PrintNotStarted as exc:
                if failed is not None:
                    failed(exc)
    else:
        try:
            shown = _send_pages(dialog.parentWidget() or dialog, "打印预览", "正在生成预览", target, doc, abort=False)
        except PrintNotStarted:  # the preview's own pages: no printer of the clerk's
            shown = False
        if not shown:
            QTimer.singleShot(0, dialog.reject)  # the clerk does not want this preview: none half drawn


def print_with_dialog(parent: QWidget | None, doc: Document, prompts: PrintPrompts,
                      before: Callable[[], bool] = lambda: True) -> bool:
    """The system print dialog, then `before()` (it may still say no), then the pages to the printer chosen.
    Returns whether anything was printed; raises PrintNotStarted when the printer would not begin."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    setup_printer(printer, doc)
    if not prompts.choose_printer(parent, printer) or not before():
        return False
    return _send_pages(parent, "打印", "正在发送到打印机", printer, doc)


def _send_pages(parent: QWidget | None, title: str, doing: str, printer: QPrinter, doc: Document,
               abort: bool = True) -> bool:
    """`paint_document` with a box that says which page goes out once it takes a while (`_pages_box`) and whose
    取消 stops it. Returns whether every page was sent."""
    box = _pages_box(parent, title, len(doc.pages))
    try:
        return paint_document(printer, doc, lambda done, total: _going_on(box, doing, done, total), abort=abort)
    finally:
        box.close()
        box.deleteLater()


#: a print (or a preview) that takes longer than this shows its pages going out, with 取消
SHOW_SENDING_MS = 500


def _pages_box(parent: QWidget | None, title: str, pages: int) -> QProgressDialog:
    """The pages going to the printer (or into the preview), in a window-modal progress box that answers 取消: the
    pages are painted in the window's own thread (1,500 pages of agreements, 打印所选记录's most, take 12 s even into
    Qt's own PDF, a Windows printer's driver longer), and Windows shows a window that answers nothing for five
    seconds as 未响应 and offers to close it, the print half sent."""
    box = QProgressDialog(f"{title}……", "取消", 0, max(pages, 1), parent)
    box.setWindowTitle(title)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.setMinimumDuration(SHOW_SENDING_MS)
    box.setAutoClose(False)
    box.setAutoReset(False)
    return box


def _going_on(box: QProgressDialog, doing: str, done: int, total: int) -> bool:
    box.setLabelText(f"{doing}：第 {done + 1} 页，共 {total} 页")
    box.setValue(done)  # once shown, a modal progress box lets the windows repaint and 取消 be pressed here
    return not box.wasCanceled()
