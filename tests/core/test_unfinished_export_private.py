"""A file the user exports on purpose (a PDF shown with full ID numbers, a 个人信息摘录) is 0644 once complete, but
not while it is written: what a killed program leaves (a power cut, the task manager halfway through the PDF) stays
beside the final name as `.<name>.<random>.part`, never removed from a folder she chose, and was readable to every
account on the PC, full ID numbers in it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from fazhi_desktop.core.atomic import replacing, replacing_together

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX's")
CARD = b"640522197203150014"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def left_behind(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.part"))


def test_an_export_cut_off_while_written_is_readable_by_its_owner_alone(tmp_path):
    target = tmp_path / "个人信息摘录_马建国.pdf"
    with replacing(target) as out:
        out.write(b"%PDF-1.4 " + CARD)
        out.flush()
        (unfinished,) = left_behind(tmp_path)  # what a program killed now leaves there
        assert CARD in unfinished.read_bytes() and mode(unfinished) == 0o600
    assert mode(target) == 0o644 and not left_behind(tmp_path)  # complete: to print and pass on


def test_files_written_together_likewise(tmp_path):
    targets = [tmp_path / "a.json", tmp_path / "a.json.minisig"]
    with replacing_together(targets) as outs:
        for out in outs:
            out.write(CARD)
            out.flush()
        assert [mode(p) for p in left_behind(tmp_path)] == [0o600, 0o600]
    assert [mode(p) for p in targets] == [0o644, 0o644]
