"""docs/BUNDLES.md's table of program and form versions agrees with the program: its last row is the version in
pyproject.toml and the versions of forms/*.toml, so a form raised without a new program version (or without its
row) is caught before a county's 请升级 hint can point at the wrong program."""

from __future__ import annotations

import re
import tomllib
from itertools import pairwise
from pathlib import Path

from fazhi_desktop.core.forms import load_forms

ROOT = Path(__file__).resolve().parents[1]
#: the rows of docs/BUNDLES.md's table marked 已发布, as released: a release adds its row here, and neither changes
#: again (a form raised after a release needs a new program version, or the county's 请升级 hint names the wrong one)
RELEASED: dict[str, list[str]] = {}


def version_table() -> tuple[list[str], list[list[str]]]:
    text = (ROOT / "docs" / "BUNDLES.md").read_text(encoding="utf-8")
    section = text.split("## Program and form versions", 1)[1].split("\n## ", 1)[0]
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")]
            for line in section.splitlines() if line.startswith("|") and not line.startswith("|---")]
    return rows[0], rows[1:]


def as_tuple(version: str) -> tuple[int, ...]:
    assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"程序版本“{version}”应为 X.Y.Z"
    return tuple(map(int, version.split(".")))


def test_the_last_row_is_this_program_and_its_forms():
    head, rows = version_table()
    program = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    ledgers = load_forms()
    assert head[1:-1] == list(ledgers), "the table names each ledger of forms/, in the order they load"
    last = rows[-1]
    assert last[0] == program, f"docs/BUNDLES.md 的最后一行应为程序版本 {program}"
    assert [int(v) for v in last[1:-1]] == [ledger.version for ledger in ledgers.values()], (
        "a form's version changed: give it a row (after a release, with a higher program version in pyproject.toml)")


def test_released_rows_stay_as_released():
    _, rows = version_table()
    assert {r[0]: r[1:-1] for r in rows if r[-1] == "已发布"} == RELEASED, (
        "a released row changed (or a release was not added to RELEASED): add a row with a higher program version")


def test_rows_go_up_and_only_the_last_may_be_unreleased():
    _, rows = version_table()
    assert [as_tuple(r[0]) for r in rows] == sorted({as_tuple(r[0]) for r in rows}), "one row per version, rising"
    for earlier, later in pairwise(rows):
        # "—": a ledger that version did not have yet
        assert all(a == "—" or int(a) <= int(b) for a, b in zip(earlier[1:-1], later[1:-1], strict=True)), \
            "forms never go back"
    assert all(r[-1] == "已发布" for r in rows[:-1]) and rows[-1][-1] in ("已发布", "未发布")
