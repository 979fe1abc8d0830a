"""Draw the application icon: a red ledger book with a gold 法 on its cover.

    .venv/bin/python installer/make_icon.py        writes resources/icons/fazhi.ico (16..256) and fazhi.png (256)

The generated files are committed, so a build never needs this script; run it again only to change the design.
Every size is drawn on its own (supersampled 4x, then reduced) rather than shrunk from the 256 px picture, so the
small sizes stay sharp; below 48 px the book's details are left out and 法 fills the square.
The character is set in LXGW WenKai Bold (OFL-1.1), else WenQuanYi Micro Hei, found by the documents' font resolver.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "icons"
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
SUPERSAMPLE = 4
CHARACTER = "法"
FONT_FILES = (("lxgwwenkai-bold.ttf", 0), ("wqy-microhei.ttc", 0), ("wqy-zenhei.ttc", 0), ("simhei.ttf", 0))

RED_TOP, RED_BOTTOM = (200, 38, 38), (132, 12, 12)
SPINE = (96, 8, 8)
GOLD, GOLD_DARK = (240, 200, 110), (196, 146, 52)
PAPER, PAPER_LINE = (250, 243, 226), (214, 198, 168)


def find_font() -> Path:
    sys.path.insert(0, str(ROOT))
    from fazhi_desktop.core.documents.fonts import font_dirs, index_fonts

    files = index_fonts(font_dirs())
    for name, _index in FONT_FILES:
        if name in files:
            return files[name]
    raise SystemExit("no Chinese TrueType font found: apt-get install fonts-lxgw-wenkai")


def vertical_gradient(size: tuple[int, int], top: tuple[int, int, int], bottom: tuple[int, int, int]) -> Image.Image:
    width, height = size
    column = Image.new("RGB", (1, height))
    for y in range(height):
        t = y / max(height - 1, 1)
        column.putpixel((0, y), tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    return column.resize((width, height))


def draw_character(img: Image.Image, box: tuple[int, int, int, int], font_path: Path, fill, shadow=None) -> None:
    """法 centred in `box`, as large as fits (measured on the glyph's ink, not the font's line box)."""
    x0, y0, x1, y1 = box
    size = y1 - y0
    font = ImageFont.truetype(str(font_path), size)
    for _ in range(4):  # the ink of a glyph is smaller than its em square: grow until it fills the box
        left, top, right, bottom = font.getbbox(CHARACTER)
        scale = min((x1 - x0) / (right - left), (y1 - y0) / (bottom - top))
        if abs(scale - 1) < 0.02:
            break
        size = max(1, int(size * scale))
        font = ImageFont.truetype(str(font_path), size)
    left, top, right, bottom = font.getbbox(CHARACTER)
    x = (x0 + x1 - (right - left)) / 2 - left
    y = (y0 + y1 - (bottom - top)) / 2 - top
    draw = ImageDraw.Draw(img)
    if shadow is not None:
        offset = max(1, size // 40)
        draw.text((x + offset, y + offset), CHARACTER, font=font, fill=shadow)
    draw.text((x, y), CHARACTER, font=font, fill=fill)


def book(px: int, font_path: Path, framed: bool = True) -> Image.Image:
    """The full design on a px x px canvas (px is already supersampled)."""
    u = px / 256  # design units: the 256 px icon
    img = Image.new("RGBA", (px, px), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    # pages showing at the right and bottom edges, behind the cover
    draw.rounded_rectangle((40 * u, 30 * u, 240 * u, 244 * u), radius=14 * u, fill=PAPER, outline=PAPER_LINE,
                           width=max(1, round(2 * u)))
    for i in range(1, 4):
        inset = i * 5 * u
        draw.line((226 * u + inset * 0.6, 40 * u, 226 * u + inset * 0.6, 232 * u), fill=PAPER_LINE,
                  width=max(1, round(1.5 * u)))
        draw.line((52 * u, 230 * u + inset * 0.45, 228 * u, 230 * u + inset * 0.45), fill=PAPER_LINE,
                  width=max(1, round(1.5 * u)))
    # the cover
    cover_box = (16 * u, 12 * u, 226 * u, 230 * u)
    cover = vertical_gradient((px, px), RED_TOP, RED_BOTTOM).convert("RGBA")
    mask = Image.new("L", (px, px), 0)
    ImageDraw.Draw(mask).rounded_rectangle(cover_box, radius=16 * u, fill=255)
    img.paste(cover, (0, 0), mask)
    # the spine, with two gold bands
    spine = Image.new("L", (px, px), 0)
    ImageDraw.Draw(spine).rounded_rectangle((16 * u, 12 * u, 58 * u, 230 * u), radius=16 * u, fill=255)
    ImageDraw.Draw(spine).rectangle((40 * u, 12 * u, 58 * u, 230 * u), fill=255)
    img.paste(Image.new("RGBA", (px, px), (*SPINE, 255)), (0, 0), spine)
    for y in (40, 196):
        draw.rectangle((16 * u, y * u, 58 * u, (y + 8) * u), fill=GOLD_DARK)
    # the title plate: a gold frame, 法 inside (at 48 and 64 px the frame is left out so that 法 can be larger)
    plate = (74 * u, 40 * u, 210 * u, 202 * u)
    if framed:
        draw.rounded_rectangle(plate, radius=8 * u, outline=GOLD, width=max(1, round(5 * u)))
        inner = (plate[0] + 16 * u, plate[1] + 18 * u, plate[2] - 16 * u, plate[3] - 18 * u)
    else:
        inner = (plate[0] - 4 * u, plate[1] - 6 * u, plate[2] + 4 * u, plate[3] + 6 * u)
    draw_character(img, tuple(round(v) for v in inner), font_path, GOLD, shadow=(90, 0, 0))
    return img


def tile(px: int, font_path: Path) -> Image.Image:
    """The small design: a red rounded square filled by a gold 法 (a book's details would be mud at 16 px)."""
    img = Image.new("RGBA", (px, px), (0, 0, 0, 0))
    cover = vertical_gradient((px, px), RED_TOP, RED_BOTTOM).convert("RGBA")
    mask = Image.new("L", (px, px), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, px - 1, px - 1), radius=px * 0.18, fill=255)
    img.paste(cover, (0, 0), mask)
    margin = px * 0.12
    draw_character(img, (round(margin), round(margin), round(px - margin), round(px - margin)), font_path, GOLD)
    return img


def render(size: int, font_path: Path) -> Image.Image:
    px = size * SUPERSAMPLE
    big = tile(px, font_path) if size < 48 else book(px, font_path, framed=size >= 96)
    return big.resize((size, size), Image.Resampling.LANCZOS)


def main() -> int:
    font_path = find_font()
    OUT.mkdir(parents=True, exist_ok=True)
    images = {size: render(size, font_path) for size in ICO_SIZES}
    images[256].save(OUT / "fazhi.png", optimize=True)
    largest = images[256]
    others = [images[s] for s in ICO_SIZES if s != 256]
    largest.save(OUT / "fazhi.ico", sizes=[(s, s) for s in ICO_SIZES], append_images=others)
    print(f"{OUT / 'fazhi.ico'}: {', '.join(map(str, ICO_SIZES))} px; {OUT / 'fazhi.png'}: 256 px "
          f"(法 in {font_path.name})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
