# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A bug met while importing one bundle of a folder refuses that bundle, not the folder. Before, the error left
`import_bundles`: the bundles after it were not imported, no report was given, and the window said only 程序内部出错."""

from __future__ import annotations

import logging
import sqlite3

import pytest
from bundle_world import county_template, snapshot, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.bundle import apply
from fazhi_desktop.core.bundle.apply import INTERNAL_ERROR, import_bundles

ACTOR = "杨芳"
BAD, GOOD = "640522100", "640522101"  # in this order in a folder


@pytest.fixture
def folder(world, valid_record, monkeypatch):
    """Two townships' bundles; the program fails on the first one's records, its message quoting a name."""
    paths = []
    for code in (BAD, GOOD):
        town = world.town(code)
        town.store.save("meeting", valid_record("meeting"), ACTOR)
        paths.append(world.export(town).path)
    writing = apply._apply_records

    def failing(store, ledger_name, lines, bundle_id, report, *args):
        writing(store, ledger_name, lines, bundle_id, report, *args)  # some of it written: rolled back
        if report.township == BAD and lines:
            raise KeyError(lines[0].meta["created_by"])  # the clerk's name
    monkeypatch.setattr(apply, "_apply_records", failing)
    return paths


def meetings(world, township: str) -> int:
    return world.county.conn.execute("SELECT count(*) FROM meeting WHERE township = ?", [township]).fetchone()[0]


@pytest.mark.parametrize("dry_run", [False, True])
def test_a_bug_on_one_bundle_refuses_it_and_the_rest_of_the_folder_goes_on(world, folder, caplog, dry_run):
    before = snapshot(world.county)
    with caplog.at_level(logging.ERROR, logger="fazhi_desktop"):
        bad, good = import_bundles(world.county, folder, world.keys, "马县级", dry_run=dry_run)
    assert (bad.file_name, bad.error) == (folder[0].name, INTERNAL_ERROR)
    assert "拒绝接收" in bad.lines()[0] and "请交给维护人员" in bad.lines()[1]
    assert good.ok and good.new == 1
    if dry_run:
        assert snapshot(world.county) == before
    else:
        assert (meetings(world, BAD), meetings(world, GOOD)) == (0, 1)
        assert [row[0] for row in world.county.conn.execute("SELECT township FROM bundles_received")] == [GOOD]
    # the stack and the error's type for the maintainer; not its message, which can quote a record
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert folder[0].name in logged and "builtins.KeyError" in logged and "_apply_records" in logged
    assert ACTOR not in logged


def test_the_county_database_failing_is_said_as_such(world, folder, monkeypatch, caplog):
    """Not a bug: said as the database's failure (damaged, full, locked), as a write in the transaction says it."""

    def damaged(*args, **kwargs):  # a read before the transaction: not said by `db.transaction`
        raise sqlite3.DatabaseError("database disk image is malformed")
    monkeypatch.setattr(apply, "sequence_notes", damaged)
    reports = import_bundles(world.county, folder, world.keys, "马县级")
    assert [r.error.startswith("导入失败") and "文件已损坏" in r.error for r in reports] == [True, True]
    assert not caplog.records
