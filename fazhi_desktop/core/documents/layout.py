"""A document as a list of pages of simple drawing items, and the helpers that set text on them.

Every document (minutes, records, sign-in sheets, agreements, registers) is laid out once into `Page`s of
`TextRun`s, `Rule`s and `Box`es, measured in points from the top-left corner of the page. The PDF writer
(`pdf.py`, reportlab) and the GUI's preview and printer (`fazhi_desktop.qt.printing`, QPainter) replay the same
items, so what the clerk previews is exactly what the PDF holds, without a PDF renderer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics

from fazhi_desktop.core.documents import cjk
from fazhi_desktop.core.documents.fonts import FontSet, glyph_font
from fazhi_desktop.core.plaintext import drawable

RGB = tuple[float, float, float]
BLACK: RGB = (0.0, 0.0, 0.0)
RED: RGB = (0.86, 0.08, 0.09)  # 公文 red (close to PANTONE 485 on paper)
GREY: RGB = (0.35, 0.35, 0.35)
A4_PORTRAIT = A4
A4_LANDSCAPE = landscape(A4)
MM = mm
#: what `Typesetter` draws a character no font has in: nothing (its width left blank)
BLANK = ""


@dataclass(slots=True)
class TextRun:
    """Text in one font and size; `y` is the baseline. `char_space` is added after every character."""

    x: float
    y: float
    text: str
    font: str
    size: float
    char_space: float = 0.0
    color: RGB = BLACK


@dataclass(slots=True)
class Rule:
    """A straight line from (x1, y1) to (x2, y2), `width` points wide."""

    x1: float
    y1: float
    x2: float
    y2: float
    width: float = 0.5
    color: RGB = BLACK


@dataclass(slots=True)
class Box:
    """A rectangle with its top-left corner at (x, y): filled, outlined, or both (QR modules, header shading)."""

    x: float
    y: float
    w: float
    h: float
    fill: RGB | None = None
    stroke: RGB | None = BLACK
    width: float = 0.5


Item = TextRun | Rule | Box


@dataclass
class Page:
    """One sheet: its size in points and what is drawn on it, in drawing order."""

    width: float
    height: float
    items: list[Item] = field(default_factory=list)

    def text(self, x: float, y: float, text: str, font: str, size: float, char_space: float = 0.0,
             color: RGB = BLACK) -> None:
        if text:
            self.items.append(TextRun(x, y, text, font, size, char_space, color))

    def rule(self, x1: float, y1: float, x2: float, y2: float, width: float = 0.5, color: RGB = BLACK) -> None:
        self.items.append(Rule(x1, y1, x2, y2, width, color))

    def box(self, x: float, y: float, w: float, h: float, fill: RGB | None = None, stroke: RGB | None = BLACK,
            width: float = 0.5) -> None:
        self.items.append(Box(x, y, w, h, fill, stroke, width))

    def texts(self) -> list[TextRun]:
        return [item for item in self.items if isinstance(item, TextRun)]


@dataclass
class Document:
    """A laid-out document: pages plus what the PDF's metadata and the GUI need to know."""

    pages: list[Page]
    fonts: FontSet
    title: str
    kind: str
    author: str = ""
    subject: str = ""
    code: str | None = None  # the verification code printed on it, if any
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def landscape(self) -> bool:
        """Whether the pages are wider than tall (registers)."""
        return bool(self.pages) and self.pages[0].width > self.pages[0].height

    def text(self) -> str:
        """All the text of the document in drawing order (for tests and search)."""
        return "\n".join(run.text for page in self.pages for run in page.texts())


@dataclass(frozen=True)
class Style:
    """How a run of text looks: a font role of the FontSet, a size in points, a colour."""

    role: str
    size: float
    color: RGB = BLACK


class Typesetter:
    """Measures and sets text in the fonts of one FontSet. Character widths are cached per font.

    A character the font lacks (䶮 in WenQuanYi Micro Hei) is measured and drawn in a font that has it
    (`fonts.glyph_font`); one no font has is left blank, its width kept (the font's ☒ box is not drawn). Looking is
    done once per character and font, when its width is first cached; drawing splits a run only if it holds such a
    character, so ordinary text costs one empty-dict test per run."""

    def __init__(self, fonts: FontSet):
        self.fonts = fonts
        self._widths: dict[str, dict[str, float]] = {}
        self._faces: dict[str, Any] = {}
        # font -> {character it lacks: the font that has it, or BLANK when none has}
        self._stand_ins: dict[str, dict[str, str]] = {}

    def font(self, role: str) -> str:
        """The registered font name of a role ("fangsong" -> the file the resolver chose)."""
        return self.fonts[role]

    def width(self, text: str, role: str, size: float) -> float:
        """Natural width of `text` in points, in the font of `role`."""
        return self.advance(text, self.fonts[role], size)

    def advance(self, text: str, name: str, size: float) -> float:
        """Natural width of `text` in points, in the registered font `name`."""
        cache = self._widths.get(name)
        if cache is None:
            cache = self._widths[name] = {}
            self._faces[name] = pdfmetrics.getFont(name).face
        total = 0.0
        for ch in text:
            w = cache.get(ch)
            if w is None:
                w = cache[ch] = self._char_width(ch, name)
            total += w
        return total * size

    def _char_width(self, ch: str, name: str) -> float:
        """Width of `ch` in font `name` per point of size, or in the font it is drawn in when `name` lacks it."""
        face = self._faces[name]
        code = ord(ch)
        if code not in face.charToGlyph and ch != " ":
            other = glyph_font(self.fonts, ch)
            self._stand_ins.setdefault(name, {})[ch] = BLANK if other is None else other
            if other is not None:
                face = pdfmetrics.getFont(other).face
        return face.charWidths.get(code, face.defaultWidth) / 1000.0

    def _put(self, page: Page, x: float, baseline: float, text: str, name: str, size: float, spacing: float,
             color: RGB) -> None:
        """Draw `text` in font `name`, measured before (`advance`); characters the font lacks in the font that has
        them, as runs of their own, and those no font has not at all: the space they were measured in stays blank."""
        stand_ins = self._stand_ins.get(name)
        if not stand_ins or stand_ins.keys().isdisjoint(text):
            page.text(x, baseline, text, name, size, spacing, color)
            return
        start = 0
        for end in range(1, len(text) + 1):
            font = stand_ins.get(text[start], name)
            if end < len(text) and stand_ins.get(text[end], name) == font:
                continue
            piece = text[start:end]
            if font == BLANK:
                x += self.advance(piece, name, size) + spacing * len(piece)
                start = end
                continue
            page.text(x, baseline, piece, font, size, spacing, color)
            x += self.advance(piece, font, size) + spacing * len(piece)
            start = end

    def measure(self) -> cjk.Measure:
        """The width function the line breaker needs, for spans styled with `Style`."""

        def measure(text: str, style: Any) -> float:
            return self.width(text, style.role, style.size)

        return measure

    def lines(self, spans: Sequence[cjk.Span], first_width: float, rest_width: float | None = None,
              tracking: float = 0.0) -> list[cjk.Line]:
        """One paragraph broken into lines (避头尾 obeyed)."""
        return cjk.break_lines(spans, self.measure(), first_width, rest_width, tracking)

    def title_lines(self, text: str, style: Style, max_width: float) -> list[cjk.Line]:
        """A title broken into balanced lines, not inside common words."""
        return cjk.break_title([(text, style)], self.measure(), max_width)

    def paragraphs(self, text: str, style: Style, width: float, indent: float = 0.0) -> list[cjk.Line]:
        """Text with "\\n" paragraph breaks, each paragraph's first line indented by `indent` points."""
        out: list[cjk.Line] = []
        for para in (text or "").split("\n"):
            out += self.lines([(para.strip(), style)], width - indent, width)
        return out

    def draw_line(self, page: Page, line: cjk.Line, x: float, baseline: float, width: float | None = None,
                  tracking: float = 0.0) -> None:
        """Draw a set line at `x`; with `width`, stretch (or squeeze) it to exactly that width (justified), unless
        that would space its characters visibly apart (then it stays ragged: `cjk.justified_spacing`)."""
        spacing = tracking
        if width is not None:
            em = max((style.size for _, style in line.runs()), default=0.0)
            spacing = cjk.justified_spacing(line, width, em, tracking)
        for text, style in line.runs():
            width = self.width(text, style.role, style.size)
            self._put(page, x, baseline, text, self.fonts[style.role], style.size, spacing, style.color)
            x += width + spacing * len(text)

    def draw_text(self, page: Page, text: str, style: Style, x: float, baseline: float, align: str = "left",
                  char_space: float = 0.0) -> float:
        """One line of text aligned left, centre or right on `x`; returns its width. A tab or line break in it is
        drawn as a space, other control characters not at all (`plaintext.drawable`)."""
        text = drawable(text)
        w = self.width(text, style.role, style.size) + char_space * max(len(text) - 1, 0)
        if align == "center":
            x -= w / 2
        elif align == "right":
            x -= w
        self._put(page, x, baseline, text, self.fonts[style.role], style.size, char_space, style.color)
        return w
