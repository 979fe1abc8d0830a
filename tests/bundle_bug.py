"""A folder of two townships' bundles the program fails on the first of (a bug met while writing its records):
for the core, the window and the command line, which each say where the details were logged."""

from __future__ import annotations

import pytest

from fazhi_desktop.core.bundle import apply

ACTOR = "杨芳"
BAD, GOOD = "640522100", "640522101"  # in this order in a folder


@pytest.fixture
def folder_with_a_bug(world, valid_record, monkeypatch):
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
