"""The README's two quick-start commands stay true: CI runs exactly the README's test command."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _code_lines(text: str) -> list[str]:
    blocks = re.findall(r"```(?:bash|sh)?\n(.*?)```", text, re.S)
    return [line.strip() for block in blocks for line in block.splitlines()]


def test_ci_runs_the_readme_test_command():
    readme_lines = _code_lines((ROOT / "README.md").read_text(encoding="utf-8"))
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1].strip()
    assert ci in readme_lines, f"README does not show the command CI runs: {ci}"


def test_readme_starts_with_the_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    first_blocks = re.findall(r"```(?:bash|sh)?\n(.*?)```", text, re.S)[:2]
    joined = "\n".join(first_blocks)
    assert "fazhi-desktop --demo" in joined
    assert "pytest" in joined
