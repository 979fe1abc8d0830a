"""Where every benchmark keeps its figures: bench/results/NAME.json, indented, Chinese as it is (the GUI benchmarks
append to a history of runs instead: gui_open_ledger.py, gui_startup.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).resolve().parent / "results"


def save(name: str, out: dict[str, Any]) -> Path:
    """Write `out` to bench/results/`name`.json (the folder made when missing); returns the file."""
    FOLDER.mkdir(exist_ok=True)
    path = FOLDER / f"{name}.json"
    path.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
