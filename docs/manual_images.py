"""The pictures of the clerks' manual (resources/manual/img/), from the screenshots in docs/img/.

    .venv/bin/python docs/manual_images.py

Run docs/screenshots.py, docs/document_images.py and docs/exchange_images.py first when the screens changed. The
manual ships inside the installer, so each picture is reduced to 256 colours (a screen's flat colours survive it,
text stays sharp, unlike scaling down): the main window goes from 311 KB to about 120 KB.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
SOURCE, OUT = ROOT / "docs" / "img", ROOT / "resources" / "manual" / "img"
#: the manual's name for a picture -> the screenshot it is made from
PICTURES = {
    "main-window": "meeting",
    "editor-meeting": "editor-meeting",
    "editor-mediation": "editor-mediation_case",
    "doc-minutes": "doc-minutes",
    "export-plan": "exchange-export-plan",
    "county-matrix": "county-matrix",
    "excel-import": "excel-import",
}


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, source in PICTURES.items():
        image = Image.open(SOURCE / f"{source}.png").convert("RGB")
        reduced = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        target = OUT / f"{name}.png"
        reduced.save(target, "PNG", optimize=True)
        print(f"{target.relative_to(ROOT)}（{target.stat().st_size // 1024} KB）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
