"""A demonstration 签到表扫描件: a small PNG that looks like a scanned sign-in sheet (a title, a ruled table, a name
and an ink signature on each line), drawn without Qt or any imaging library: pixels in a bytearray, written as PNG
with zlib and struct. No text is drawn (that would need a font): the "characters" are glyph-like marks, which at a
glance and in a printed thumbnail read as a sheet filled in by hand."""

from __future__ import annotations

import random
import struct
import zlib

WIDTH, HEIGHT = 560, 792  # A4's proportions
PAPER, PRINT, INK = (244, 242, 236), (40, 40, 40), (28, 52, 140)


class _Sheet:
    def __init__(self) -> None:
        self.pixels = bytearray(bytes(PAPER) * (WIDTH * HEIGHT))

    def box(self, x0: int, y0: int, x1: int, y1: int, color: tuple[int, int, int]) -> None:
        """Fill the rectangle x0..x1, y0..y1 (exclusive ends, clipped to the sheet)."""
        x0, x1, y0, y1 = max(0, x0), min(WIDTH, x1), max(0, y0), min(HEIGHT, y1)
        if x1 <= x0:
            return
        run = bytes(color) * (x1 - x0)
        for y in range(y0, y1):
            start = (y * WIDTH + x0) * 3
            self.pixels[start:start + len(run)] = run

    def glyph(self, x: int, y: int, size: int, r: random.Random) -> None:
        """A printed or handwritten character's likeness: a few strokes across a square."""
        for _ in range(r.randint(3, 5)):
            if r.random() < 0.5:
                row = y + r.randint(1, size - 2)
                self.box(x + r.randint(0, size // 3), row, x + size - r.randint(0, size // 3), row + 2, PRINT)
            else:
                col = x + r.randint(1, size - 2)
                self.box(col, y + r.randint(0, size // 3), col + 2, y + size - r.randint(0, size // 4), PRINT)

    def signature(self, x: int, y: int, width: int, r: random.Random) -> None:
        """A hand-signed name: a wandering line of ink."""
        height, lean = r.randint(6, 10), r.uniform(-0.08, 0.08)
        dy = 0.0
        for step in range(width):
            dy = max(-height, min(height, dy + r.uniform(-2.2, 2.2)))
            self.box(x + step, int(y + dy + lean * step), x + step + 2, int(y + dy + lean * step) + 3, INK)

    def png(self) -> bytes:
        stride = WIDTH * 3
        raw = b"".join(b"\x00" + bytes(self.pixels[y * stride:(y + 1) * stride]) for y in range(HEIGHT))

        def chunk(kind: bytes, data: bytes) -> bytes:
            return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

        header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 2, 0, 0, 0)  # 8-bit RGB
        return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + \
            chunk(b"IEND", b"")


def sign_in_sheet(lines: int, seed: str) -> bytes:
    """The PNG of a sign-in sheet with `lines` people signed in (at least 1, at most 24), the same for one seed."""
    r, sheet = random.Random(seed), _Sheet()
    lines = max(1, min(lines, 24))
    title = r.randint(8, 12)
    left = (WIDTH - title * 26) // 2
    for i in range(title):
        sheet.glyph(left + i * 26, 40, 22, r)
    top, row, columns = 100, 26, (40, 90, 190, 370, 520)  # 序号, 姓名, 单位职务, 签名 and the right edge
    bottom = top + row * (lines + 1)
    for y in range(top, bottom + 1, row):
        sheet.box(columns[0], y, columns[-1] + 2, y + 2, PRINT)
    for x in columns:
        sheet.box(x, top, x + 2, bottom + 2, PRINT)
    for col, count in zip(columns[:-1], (2, 2, 4, 2), strict=True):  # the header's words
        for i in range(count):
            sheet.glyph(col + 8 + i * 16, top + 7, 13, r)
    for line in range(lines):
        y = top + row * (line + 1) + 7
        sheet.glyph(columns[0] + 20, y, 12, r)
        for i in range(r.randint(2, 3)):
            sheet.glyph(columns[1] + 10 + i * 16, y, 13, r)
        for i in range(r.randint(3, 6)):
            sheet.glyph(columns[2] + 10 + i * 16, y, 13, r)
        sheet.signature(columns[3] + 12 + r.randint(0, 20), y + 6, r.randint(60, 110), r)
    sheet.box(380, bottom + 40, 520, bottom + 42, PRINT)  # 记录人 …… on a line below
    sheet.signature(400, bottom + 30, 100, r)
    return sheet.png()
