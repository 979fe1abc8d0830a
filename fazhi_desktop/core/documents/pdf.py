"""Writing a laid-out Document as a PDF with reportlab: fonts embedded (TrueType subsets), text extractable.

The file appears whole or not at all: it is written to a temporary file in the same folder, flushed to disk
(fsync) and renamed over the target, so a crash or a cancelled job never leaves half a PDF behind.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from reportlab.pdfgen.canvas import Canvas

from fazhi_desktop.core import failures
from fazhi_desktop.core.atomic import replacing
from fazhi_desktop.core.documents.errors import DocumentError
from fazhi_desktop.core.documents.layout import Box, Document, Rule, TextRun
from fazhi_desktop.core.jobs import Progress, no_progress
from fazhi_desktop.core.leftovers import remove_output_parts


def _draw(doc: Document, stream: BinaryIO, progress: Progress) -> None:
    first = doc.pages[0]
    body_font = doc.fonts["fangsong"]  # not Helvetica: a PDF must name no font it does not embed
    canvas = Canvas(stream, pagesize=(first.width, first.height), pageCompression=1,
                    initialFontName=body_font, initialFontSize=12)
    canvas.setTitle(doc.title)
    canvas.setAuthor(doc.author)
    canvas.setSubject(doc.subject)
    canvas.setCreator("法治台账 fazhi-desktop")
    total = len(doc.pages)
    for number, page in enumerate(doc.pages, 1):
        canvas.setPageSize((page.width, page.height))
        height = page.height
        font: tuple[str, float] | None = None
        fill = stroke = None
        line_width = None
        for item in page.items:
            if isinstance(item, TextRun):
                if fill != item.color:
                    canvas.setFillColorRGB(*item.color)
                    fill = item.color
                if font != (item.font, item.size):
                    canvas.setFont(item.font, item.size)
                    font = (item.font, item.size)
                canvas.drawString(item.x, height - item.y, item.text, charSpace=item.char_space)
            elif isinstance(item, Rule):
                if stroke != item.color:
                    canvas.setStrokeColorRGB(*item.color)
                    stroke = item.color
                if line_width != item.width:
                    canvas.setLineWidth(item.width)
                    line_width = item.width
                canvas.line(item.x1, height - item.y1, item.x2, height - item.y2)
            elif isinstance(item, Box):
                if item.fill is not None and fill != item.fill:
                    canvas.setFillColorRGB(*item.fill)
                    fill = item.fill
                if item.stroke is not None:
                    if stroke != item.stroke:
                        canvas.setStrokeColorRGB(*item.stroke)
                        stroke = item.stroke
                    if line_width != item.width:
                        canvas.setLineWidth(item.width)
                        line_width = item.width
                canvas.rect(item.x, height - item.y - item.h, item.w, item.h,
                            stroke=int(item.stroke is not None), fill=int(item.fill is not None))
        canvas.showPage()
        progress(number, total, f"正在写入PDF：第 {number} 页，共 {total} 页")
    canvas.save()


def pdf_bytes(doc: Document) -> bytes:
    """The PDF as bytes, nothing written to disk: bench/documents_bench.py times a document's PDF with it."""
    buffer = io.BytesIO()
    _draw(doc, buffer, no_progress)
    return buffer.getvalue()


def write_pdf(doc: Document, path: Path | str, progress: Progress = no_progress,
              complete: Callable[[], None] | None = None) -> Path:
    """Write `doc` to `path` atomically. Raises DocumentError naming the file and the reason; Cancelled (from
    `progress`) leaves nothing behind. `complete` runs once the file is written, before it takes its name: what
    it raises leaves no file."""
    target = Path(path)
    if not doc.pages:
        raise DocumentError(f"没有可输出的页面：{target}")
    if target.suffix.lower() != ".pdf":
        target = target.with_name(target.name + ".pdf")
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise DocumentError(f"无法保存 {target}：文件夹“{directory}”不存在")
    remove_output_parts(target)  # what a PDF killed while written left there
    try:
        with replacing(target) as stream:  # core/atomic: a document others may read, never half-written
            _draw(doc, stream, progress)
            if complete is not None:
                complete()
    except PermissionError:
        raise DocumentError(
            f"无法保存 {target}：文件被占用或没有写入权限（如已在PDF阅读器中打开，请先关闭）"
        ) from None
    except OSError as exc:  # a full or pulled stick: said in Chinese, as for bundles and backups
        raise DocumentError(str(failures.from_os(exc, target, "保存PDF", cleaned_up=True, output=True))) from None
    return target
