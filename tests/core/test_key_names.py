"""A key is named as the keyboard labels it, as 帮助 → 快捷键 lists it: Enter, not 回车 in one place and Enter in
the next (a clerk looking for a 回车 key finds Enter). 回车 would be right only for the input method's own
confirmation, which neither the manual nor the program speaks of."""

from __future__ import annotations

from pathlib import Path

import fazhi_desktop
from fazhi_desktop.core import paths


def test_the_manual_and_the_program_call_the_enter_key_enter():
    texts = {path.name: path.read_text(encoding="utf-8")
             for path in Path(fazhi_desktop.__file__).parent.rglob("*.py")}
    texts["manual.md"] = paths.resource("manual", "manual.md").read_text(encoding="utf-8")
    said = [name for name, text in texts.items() if "回车" in text]
    assert not said, f"请写 Enter：{said}"
    assert texts["manual.md"].count("按 Enter") >= 6
