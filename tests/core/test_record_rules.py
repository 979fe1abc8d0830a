# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""The export runs the county's check only on the records that can fail it (core/record_rules.py).

Run on every record, the check cost a full export of 10,000 records as much again as the rest of it. A record this
program saved through the write path was cleaned by today's rules: the database remembers up to which change-log
entry every record meets them, each write of this program carries that mark along, and the export checks the records
changed after it (an older version's), or all of them once after the rules changed."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import replace

import pytest
import review_steps
from bundle_world import (  # noqa: F401  (fixtures)
    county_template,
    held_by_an_older_county,
    saved_by_an_older_version,
    world,
)
from excel_files import filled_template, meetings

from fazhi_desktop.core import import_undo, record_rules
from fazhi_desktop.core.bundle import values
from fazhi_desktop.core.bundle.collect import held_failing_text
from fazhi_desktop.core.bundle.common import BundleError
from fazhi_desktop.core.bundle.export import plan_export
from fazhi_desktop.core.demo import fill_demo
from fazhi_desktop.core.excel_import import import_records, read_records

ACTOR = "杨芳"
FAR_OFF = "会议日期：年份应在 2000–2100 之间，收到 9999"


@pytest.fixture
def checked(monkeypatch) -> list[str]:
    """The ids of the records the county's check is run on, in order (at the county's import too)."""
    seen: list[str] = []
    check = values.check_values

    def counting(ledger, content, content_hash, lookups):
        seen.append(content["id"])
        return check(ledger, content, content_hash, lookups)

    monkeypatch.setattr(values, "check_values", counting)
    return seen


def end(store) -> int:
    return store.conn.execute("SELECT max(seq) FROM changes").fetchone()[0]


def since(store) -> int:
    return record_rules.to_check(store.conn, store.ledgers).through


def test_what_this_program_writes_is_not_checked_again_by_the_export(world, ledgers, valid_record, tmp_path,
                                                                     checked):
    """Every way this program writes records (demo data, a save, an Excel import and its undoing, a review, a
    deletion) keeps the mark at the change log's end, so a full export checks no record and the county takes it."""
    store = world.town().store
    world.county.set_settings(demo="1")  # demo records go to a county demo only (core/bundle/demo_mark.py)
    fill_demo(store, 2026, per_ledger=2, seed=3, actor=ACTOR)
    assert since(store) == end(store)
    record = store.save("meeting", valid_record("meeting"), ACTOR)
    path = filled_template(ledgers["meeting"], tmp_path / "会议.xlsx", meetings(3))
    import_records(store, read_records(store, "meeting", path), ACTOR)
    (plan,) = import_undo.recent(store)
    import_undo.undo(store, plan.id, ACTOR)
    review_steps.submit(store, record.id, ACTOR)
    store.delete(store.save("meeting", valid_record("meeting", title="又一次会"), ACTOR).id, ACTOR)
    assert since(store) == end(store)
    assert plan_export(store, full=True).snapshot.checked.through == end(store)  # nothing to check
    assert checked == []
    assert world.import_(world.export(world.town(), full=True).path).ok


def test_an_older_versions_record_is_checked_though_this_program_wrote_after_it(world, valid_record, checked):
    """An older version does not carry the mark: what it wrote lies after the mark, and this program's writes after
    it no longer carry it past (they find it short of the log's end)."""
    store = world.town().store
    store.save("meeting", valid_record("meeting", title="早先的会"), ACTOR)
    odd = store.save("meeting", valid_record("meeting"), ACTOR)
    saved_by_an_older_version(store, odd.id, held_on="9999-12-31")
    newer = store.save("meeting", valid_record("meeting", title="后来的会"), ACTOR)
    assert since(store) == end(store) - 2
    with pytest.raises(BundleError, match=FAR_OFF):
        plan_export(store)
    assert checked == [odd.id, newer.id]  # not the one saved before the older version wrote


def test_once_corrected_the_export_remembers_and_checks_nothing_the_next_time(world, valid_record, checked):
    town = world.town()
    odd = town.store.save("meeting", valid_record("meeting"), ACTOR)
    saved_by_an_older_version(town.store, odd.id, held_on="9999-12-31")
    town.store.save("meeting", {"held_on": "2026-05-20"}, ACTOR, record_id=odd.id)  # not carried: checked
    assert since(town.store) < end(town.store)
    path = world.export(town).path
    assert checked == [odd.id] and since(town.store) == end(town.store)
    assert world.import_(path).ok
    checked.clear()
    town.store.save("meeting", valid_record("meeting", title="新的会"), ACTOR)
    world.export(town, full=True)
    assert checked == []


@pytest.mark.parametrize("how", ["rules raised", "a form changed", "no mark"])
def test_every_record_is_checked_once_under_new_rules_or_without_a_mark(world, valid_record, monkeypatch, checked,
                                                                       how):
    """After an upgrade that tightened the rules (RULES_VERSION raised, or a form's text changed), and in a database
    an older version made (a backup of it restored too), which has no mark, every live record is checked at the next
    export; that export remembers, and the one after it checks none."""
    town = world.town()
    live = [town.store.save("meeting", valid_record("meeting", title=f"第{n}次会议"), ACTOR).id for n in range(3)]
    town.store.delete(town.store.save("meeting", valid_record("meeting", title="删去的会"), ACTOR).id, ACTOR)
    if how == "rules raised":
        monkeypatch.setattr(record_rules, "RULES_VERSION", record_rules.RULES_VERSION + 1)
    elif how == "a form changed":
        meeting = town.store.ledgers["meeting"]
        monkeypatch.setitem(town.store.ledgers, "meeting", replace(meeting, digest=meeting.digest[::-1]))
    else:
        town.store.conn.execute("DELETE FROM settings WHERE key = ?", [record_rules.MARK])
    assert since(town.store) == 0
    world.export(town)
    assert sorted(checked) == sorted(live)  # the deleted one is not held to today's rules
    assert since(town.store) == end(town.store)
    checked.clear()
    world.export(town, full=True)
    assert checked == []


def test_a_new_township_database_has_the_mark_at_its_empty_change_log_and_a_county_none(world):
    town = world.town()
    assert since(town.store) == 0 and end(town.store) is None
    assert record_rules.at_end(town.store.conn, record_rules.rules(town.store.ledgers))
    assert not record_rules.at_end(world.county.conn, record_rules.rules(world.county.ledgers))


def test_a_failing_record_the_county_holds_no_longer_stops_the_mark(world, valid_record, checked):
    """An older version saved a 9999 date and an older county took it. The mark stopped at it for good: each export
    after the upgrade checked every record (7, 8, 9…), the wizard and `fazhi export` twice. Now the mark goes past
    it, naming it: each export checks the records changed since and it, says it, and a bundle carrying it is still
    refused."""
    town = world.town()
    odd = town.store.save("meeting", valid_record("meeting"), ACTOR)
    saved_by_an_older_version(town.store, odd.id, held_on="9999-12-31")
    held_by_an_older_county(world, town)
    for n in range(3):
        new = town.store.save("meeting", valid_record("meeting", title=f"第{n}次会议"), ACTOR)
        checked.clear()
        plan = plan_export(town.store)
        said = held_failing_text(plan.snapshot.held_failing)
        assert f"会议 {odd.number}：{FAR_OFF}" in said and "不影响导出" in said
        world.export(town, checked=plan.snapshot.checked)
        # the plan checks every record once under the new rules, then only it (the new one was saved past the mark);
        # the export only it again, not what the plan found meeting the rules
        assert checked == ([odd.id, new.id] if n == 0 else [odd.id]) + [odd.id]
        assert since(town.store) == end(town.store)
        assert record_rules.to_check(town.store.conn, town.store.ledgers).failing == (odd.id,)
        world.receipt(town)
    with pytest.raises(BundleError, match=FAR_OFF):  # sent again, it would be refused
        plan_export(town.store, full=True)
    town.store.save("meeting", {"held_on": "2026-05-20"}, ACTOR, record_id=odd.id)
    world.export(town)
    assert record_rules.to_check(town.store.conn, town.store.ledgers).failing == ()


def test_a_save_reads_the_mark_once_and_works_out_the_rules_once_per_store(world, valid_record, monkeypatch):
    """Each write read the mark twice and worked the rules out twice (~6 % of a save under cProfile): now one read,
    the rules worked out once for the Store (its forms are fixed), one write when the change log moved."""
    store = world.town().store
    record = store.save("meeting", valid_record("meeting"), ACTOR)
    worked_out = []
    monkeypatch.setattr(record_rules, "rules", lambda ledgers: worked_out.append(1) or "")
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    try:
        for n in range(3):
            store.save("meeting", {"title": f"第{n}次改"}, ACTOR, record_id=record.id)
    finally:
        store.conn.set_trace_callback(None)
    assert worked_out == []
    about_the_mark = [s for s in statements if "settings" in s and "records.rules_met_through" in s]
    assert len(about_the_mark) == 3 * 2  # a read and a write each
    monkeypatch.undo()
    assert since(store) == end(store)  # carried along still


def test_a_plan_remembers_its_check_so_the_wizard_opened_again_checks_no_record(world, valid_record, monkeypatch,
                                                                               checked):
    """After an upgrade that changed the rules only an export set the mark: a clerk who opened the wizard, looked and
    cancelled (or had no stick) waited for every record to be checked at each opening, until an export went through.
    """
    town = world.town()
    # the database's mark is of the rules it was made under, so what is saved now lies past any mark of the rules in
    # force, as after an upgrade (a Store works out the rules once, at its first write: they are set before it)
    monkeypatch.setattr(record_rules, "RULES_VERSION", record_rules.RULES_VERSION + 1)
    live = [town.store.save("meeting", valid_record("meeting", title=f"第{n}次会议"), ACTOR).id for n in range(3)]
    assert since(town.store) == 0
    plan_export(town.store)  # the wizard's plan page; then 取消
    assert sorted(checked) == sorted(live)
    assert since(town.store) == end(town.store)
    checked.clear()
    plan_export(town.store)  # opened again
    assert checked == []
    newer = town.store.save("meeting", valid_record("meeting", title="后来的会"), ACTOR)
    plan_export(town.store)
    assert checked == []  # saved by this program past the plan's mark: carried along, not checked
    assert since(town.store) == end(town.store) and newer.id not in checked


def test_a_write_between_the_plans_check_and_its_mark_is_not_covered_by_the_mark(world, valid_record, monkeypatch,
                                                                                 checked):
    """The plan reads and checks in one read transaction, then takes the write lock to keep what it found: a record
    an older version wrote in between (here a 9999 date) lies after the mark, and the next plan finds it."""
    from fazhi_desktop.core.bundle import export

    town = world.town()
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    monkeypatch.setattr(record_rules, "RULES_VERSION", record_rules.RULES_VERSION + 1)
    read = export.collect
    written = []

    def then_a_write(store, *args):
        snapshot = read(store, *args)
        odd = store.save("meeting", valid_record("meeting", title="这时另一个程序存的会"), ACTOR)
        saved_by_an_older_version(store, odd.id, held_on="9999-12-31")
        written.append(odd)
        return snapshot

    monkeypatch.setattr(export, "collect", then_a_write)
    plan = export.plan_export(town.store)
    monkeypatch.setattr(export, "collect", read)
    assert plan.snapshot.changes_through == end(town.store) - 1
    assert since(town.store) < end(town.store)  # the write is not under the mark
    checked.clear()
    with pytest.raises(BundleError, match=FAR_OFF):
        plan_export(town.store)
    assert written[0].id in checked


def test_the_plan_does_not_wait_for_another_programs_write_lock(world, valid_record, monkeypatch, checked):
    """The plan, a read, took the write lock to keep its mark: while another program held it (an Excel import, a
    backup, another window's long save) the wizard's 统计 page waited the whole busy timeout (5 s), then kept nothing.
    It tries the lock without waiting and keeps nothing; the next plan, with the lock free, keeps it."""
    town = world.town()
    monkeypatch.setattr(record_rules, "RULES_VERSION", record_rules.RULES_VERSION + 1)  # after an upgrade
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    other = sqlite3.connect(town.store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program writing
    try:
        started = time.monotonic()
        plan_export(town.store)
        took = time.monotonic() - started
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert took < 1.0, f"the plan waited {took:.1f} s"
    assert since(town.store) == 0  # nothing kept
    assert town.store.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000  # a save still waits its turn
    plan_export(town.store)
    assert since(town.store) == end(town.store)
