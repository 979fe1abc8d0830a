# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A bug met while importing one bundle of a folder refuses that bundle, not the folder. Before, the error left
`import_bundles`: the bundles after it were not imported, no report was given, and the window said only 程序内部出错."""

from __future__ import annotations

import logging
import sqlite3

import pytest
from bundle_bug import ACTOR, BAD, GOOD, folder_with_a_bug  # noqa: F401  (fixture)
from bundle_world import county_template, snapshot, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.bundle import apply
from fazhi_desktop.core.bundle.apply import INTERNAL_ERROR, import_bundles, where_logged


def meetings(world, township: str) -> int:
    return world.county.conn.execute("SELECT count(*) FROM meeting WHERE township = ?", [township]).fetchone()[0]


@pytest.mark.parametrize("dry_run", [False, True])
def test_a_bug_on_one_bundle_refuses_it_and_the_rest_of_the_folder_goes_on(world, folder_with_a_bug, caplog, dry_run):
    before = snapshot(world.county)
    with caplog.at_level(logging.ERROR, logger="fazhi_desktop"):
        bad, good = import_bundles(world.county, folder_with_a_bug, world.keys, "马县级", dry_run=dry_run)
    assert (bad.file_name, bad.error) == (folder_with_a_bug[0].name, INTERNAL_ERROR)
    assert "拒绝接收" in bad.lines()[0] and bad.lines()[1] == f"  原因：{INTERNAL_ERROR}"
    assert good.ok and good.new == 1
    if dry_run:
        assert snapshot(world.county) == before
    else:
        assert (meetings(world, BAD), meetings(world, GOOD)) == (0, 1)
        assert [row[0] for row in world.county.conn.execute("SELECT township FROM bundles_received")] == [GOOD]
    # the stack and the error's type for the maintainer; not its message, which can quote a record
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert folder_with_a_bug[0].name in logged and "builtins.KeyError" in logged and "_apply_records" in logged
    assert ACTOR not in logged


def test_the_county_database_failing_is_said_as_such(world, folder_with_a_bug, monkeypatch, caplog):
    """Not a bug: said as the database's failure (damaged, full, locked), as a write in the transaction says it."""

    def damaged(*args, **kwargs):  # a read before the transaction: not said by `db.transaction`
        raise sqlite3.DatabaseError("database disk image is malformed")
    monkeypatch.setattr(apply, "sequence_notes", damaged)
    reports = import_bundles(world.county, folder_with_a_bug, world.keys, "马县级")
    assert [r.error.startswith("导入失败") and "文件已损坏" in r.error for r in reports] == [True, True]
    assert not caplog.records


def test_the_front_end_says_where_its_log_is_on_lines_of_their_own(world, folder_with_a_bug):
    """The core's text is neutral (the window writes a log file, the command line stderr); the front end says where,
    a file's path on a line of its own within the refusal."""
    reports = import_bundles(world.county, folder_with_a_bug, world.keys, "马县级", dry_run=True)
    said = "程序内部出错，未导入；错误的详细情况已写入日志文件：\nC:\\fazhi.log\n请把这个文件交给维护人员。"
    bad, good = where_logged(reports, said)
    assert bad.lines() == [f"{folder_with_a_bug[0].name}：拒绝接收",
                           "  原因：程序内部出错，未导入；错误的详细情况已写入日志文件：",
                           "        C:\\fazhi.log", "        请把这个文件交给维护人员。", "  县级数据库未作任何改动"]
    assert good == reports[1]
