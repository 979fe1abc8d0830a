# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A stick whose list of parts (`….tar.age.sha256`) is no plain file: a named pipe (FIFO) left by another program
or made on purpose, or a folder. The county's import opened the pipe to read the list and waited for a writer that
never came: the import window hung at 正在核验 for good, and the folder's other bundles were never imported. Now the
list is looked at before it is opened, and refused, naming it, like any other bad set."""

from __future__ import annotations

import os
import threading

import pytest
from bundle_world import county_template, snapshot, world  # noqa: F401
from test_bundle_parts import big_town, import_, in_parts

from fazhi_desktop.core import export_pending, file_parts


def import_unstuck(world, paths, fifo):
    """`import_` on another thread; a reader stuck on `fifo` is let go (a writer opens and closes it), so that the
    test fails rather than hangs. Returns the reports and whether it had to be let go."""
    done: list = []
    worker = threading.Thread(target=lambda: done.append(import_(world, paths)), daemon=True)
    worker.start()
    worker.join(20)
    stuck = worker.is_alive()
    if stuck:
        os.close(os.open(fifo, os.O_WRONLY))
        worker.join()
    return done[0], stuck


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_list_of_parts_that_is_a_named_pipe_is_refused_without_waiting(world, valid_record, tmp_path):
    town = big_town(world, valid_record, tmp_path)
    result = in_parts(world, town)
    index = file_parts.index_path(result.path)
    index.unlink()
    os.mkfifo(index)
    before = snapshot(world.county)
    reports, stuck = import_unstuck(world, [town.usb / f"{result.path.name}.001"], index)
    assert not stuck
    assert len(reports) == 1 and not reports[0].ok
    assert f"分卷清单 {index.name} 不是普通文件" in reports[0].error
    assert snapshot(world.county) == before


def test_a_list_of_parts_that_is_a_folder_is_refused_naming_it(world, valid_record, tmp_path):
    town = big_town(world, valid_record, tmp_path)
    result = in_parts(world, town)
    index = file_parts.index_path(result.path)
    index.unlink()
    index.mkdir()
    reports = import_(world, [town.usb / f"{result.path.name}.001"])
    assert len(reports) == 1 and f"分卷清单 {index.name} 不是普通文件" in reports[0].error


def test_a_list_of_parts_not_text_is_refused_in_words(world, valid_record, tmp_path):
    town = big_town(world, valid_record, tmp_path)
    result = in_parts(world, town)
    index = file_parts.index_path(result.path)
    index.write_bytes(b"\xff\xfe" + os.urandom(200))
    reports = import_(world, [town.usb / f"{result.path.name}.001"])
    assert len(reports) == 1 and f"分卷清单 {index.name} 不是文本" in reports[0].error
    assert "Error" not in reports[0].error


def test_a_list_larger_than_any_set_has_is_refused_unread(world, valid_record, tmp_path):
    """999 parts make a list of some 100 KB; a larger one is not read into memory (a 4 GB one would be)."""
    town = big_town(world, valid_record, tmp_path)
    result = in_parts(world, town)
    index = file_parts.index_path(result.path)
    with index.open("r+b") as handle:
        handle.truncate(file_parts.MAX_INDEX_BYTES + 1)  # sparse: its lines as written, then zeros
    reports = import_(world, [town.usb / f"{result.path.name}.001"])
    assert len(reports) == 1 and f"分卷清单 {index.name} 太大" in reports[0].error


class Killed(BaseException):
    """The program killed (a power cut): nothing after it runs, no clean-up."""


def test_an_export_killed_while_writing_its_parts_leaves_none_on_the_stick(world, valid_record, tmp_path,
                                                                          monkeypatch):
    """Killed while writing the last part (before the bundle was noted as pending), the parts before it stayed
    under their final names. The next export, seeing the number taken, wrote `…-2.tar.age` and left the 4 GB
    parts: the stick had no room for the new one (空间不足), and the county's import refused the stray parts as
    分卷不完整 beside the bundle it did import. Now the parts of the bundle's own name without their list go
    before it is written."""
    town = big_town(world, valid_record, tmp_path)
    killed_writing_parts(world, town, monkeypatch)
    name = "fazhi-640522100-000001.tar.age"
    assert on_stick(town) == [f"{name}.001", f"{name}.002"]
    again = in_parts(world, town)
    assert again.sequence == 1 and again.path.name == name
    assert on_stick(town) == [f"{name}.{n}" for n in ("001", "002", "003", "sha256")]
    assert [r.ok for r in import_(world, [town.usb / name])] == [True]


def killed_writing_parts(world, town, monkeypatch) -> None:
    """An export of `town` in parts killed while writing its last part: the parts before it stay under their final
    names, without their list, and nothing is noted as pending."""

    def killed(*_args, **_kwargs):
        raise Killed

    with monkeypatch.context() as patch:
        patch.setattr(export_pending, "note", killed)  # the last part still being written, nothing noted
        patch.setattr(file_parts._PartsWriter, "abandon", lambda writer, exc: None)  # a killed program cleans nothing
        with pytest.raises(Killed):
            in_parts(world, town)


def on_stick(town) -> list[str]:
    """The files on the stick under their names (not an unfinished write's hidden temporary file)."""
    return sorted(p.name for p in town.usb.iterdir() if not p.name.startswith("."))
