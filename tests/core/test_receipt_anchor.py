# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""The county as the witness of a township's change log. Whoever holds the database file can rewrite a record in
every revision and compute the chain again (SHA-256 keyed by nothing), and `fazhi check` said 结论：全部一致. The
township now keeps the entry each county receipt confirmed, and `fazhi check` holds the log to it: a rewrite of what
the county received is said; one of what it has not received is not claimed; an older backup restored, a new
install and a forged receipt trip nothing."""

from __future__ import annotations

import json

import pytest
from bundle_world import TOWN_PASS, Town, copy_database, county_template, world  # noqa: F401  (fixtures)
from test_print_check_audit import rewrite_history

from fazhi_desktop.cli import main
from fazhi_desktop.core.backup import create_backup, restore
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.common import BundleError
from fazhi_desktop.core.bundle.receipts import import_receipt, write_receipts
from fazhi_desktop.core.check import check_database
from fazhi_desktop.core.store import Store

ACTOR = "杨芳"
REWRITTEN = "被申请人赔偿申请人人民币50000元。"


def mediated(town: Town, valid_record, content: str = "双方和好。"):
    return town.store.save("mediation_case", valid_record("mediation_case", result="调解成功", agreement_form="书面",
                                                          agreement_content=content), ACTOR)


@pytest.fixture
def received(world, valid_record):
    """A township whose case the county received and confirmed by a receipt the township imported. Returns the
    town, the case and the entry the receipt confirmed."""
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    case = mediated(town, valid_record)
    assert world.import_(world.export(town).path).ok
    result = world.receipt(town)
    assert result.advanced
    return town, case, result.acknowledged_through


def said(store: Store) -> list[str]:
    return [p for p in check_database(store).problems if "回执所记不符" in p]


def test_a_rewrite_of_what_the_county_received_is_caught(world, received, clock, tmp_path):
    town, case, through = received
    backup = create_backup(town.store.path, tmp_path / "usb-backup", clock=clock).path  # before the rewrite
    rewrite_history(town.store, case.id, agreement_content=REWRITTEN)
    report = check_database(town.store)
    assert not report.ok and "结论：全部一致" not in report.lines()
    [problem] = report.problems
    assert problem.startswith(f"变更日志第 {through} 条与县里 2026-06-01 的回执所记不符：本数据库在县里收到之后"
                              "被改写过（或从另一个数据库恢复）")
    assert "请从此前做的备份恢复" in problem and "请县司法局核对" in problem
    # the window's backups (daily, or 立即备份) check their copy: they say it, naming the last backup that passed
    clock.advance(minutes=5)
    after = create_backup(town.store.path, tmp_path / "usb-backup", clock=clock)
    assert after.problems == [problem] and after.last_passing == backup
    # the way out: the backup made before the rewrite passes, as restored
    town.store.close()
    clock.advance(hours=1)
    restore(town.store.path, backup, "admin", clock=clock)
    town.store = Store.open(town.store.path, world.ledgers, clock)
    assert check_database(town.store).ok
    assert town.store.get(case.id).values["agreement_content"] == "双方和好。"


def test_a_rewrite_of_what_the_county_has_not_received_is_not_claimed(world, received, valid_record):
    town, _case, _through = received
    later = mediated(town, valid_record, "后来调解的案件。")
    rewrite_history(town.store, later.id, agreement_content=REWRITTEN)
    assert check_database(town.store).ok  # the chain's limit README states: nothing outside the PC holds it yet
    # once the county holds it, the next receipt witnesses it
    assert world.import_(world.export(town).path).ok
    world.receipt(town)
    rewrite_history(town.store, later.id, agreement_content="再次改写。")
    assert said(town.store)


def test_an_older_backup_restored_is_not_a_rewrite(world, received, valid_record):
    """Backed up, then more sent and confirmed; the backup restored and work done past the county's entry: the
    entry the last receipt confirmed is another one now, as the restore made it, not a rewrite."""
    town, _case, _through = received
    backup = copy_database(world, town)
    for n in range(3):
        mediated(town, valid_record, f"备份之后的案件{n}。")
    assert world.import_(world.export(town).path).ok
    [written] = write_receipts(world.county, world.keys, world.root, [town.code])
    assert import_receipt(town.store, written.path, ACTOR).advanced
    restored = Store.open(backup, world.ledgers, world.clock)
    world.towns["restored"] = Town(restored, keymod.unlock_township_key(restored, TOWN_PASS), town.usb)  # closed
    assert check_database(restored).ok  # shorter than the county's entry
    for n in range(5):
        mediated(world.towns["restored"], valid_record, f"恢复之后的案件{n}。")
    assert check_database(restored).ok  # past it, another entry there
    again = import_receipt(restored, written.path, ACTOR)  # the stick's receipt imported again
    assert again.not_this_log and check_database(restored).ok
    # the county takes the restored office's bundle; its next receipt is of this log, and holds it from then on
    assert world.import_(world.export(world.towns["restored"]).path).ok
    [latest] = write_receipts(world.county, world.keys, world.root, [town.code])
    assert import_receipt(restored, latest.path, ACTOR).advanced
    assert check_database(restored).ok


def test_a_new_install_trips_nothing(world, received, valid_record):
    town, _case, _through = received
    new = world.reinstall(town.code)
    [for_new] = write_receipts(world.county, world.keys, world.root, [town.code])  # numbers only, confirms nothing
    assert for_new.for_new_key and for_new.acknowledged_through == 0
    import_receipt(new.store, for_new.path, ACTOR)
    mediated(new, valid_record, "重装之后的案件。")
    assert check_database(new.store).ok


def test_a_receipt_of_the_earlier_install_is_not_kept(world, received, valid_record):
    """The old install's receipt, on the stick, imported into the new database: not this log's, kept as nothing."""
    town, _case, _through = received
    [old] = town.usb.glob("fazhi-receipt-*.json")
    new = world.reinstall(town.code)
    for n in range(4):
        mediated(new, valid_record, f"重装之后的案件{n}。")
    assert import_receipt(new.store, old, ACTOR).not_this_log
    assert check_database(new.store).ok


def test_a_forged_receipt_is_refused_and_anchors_nothing(world, valid_record):
    """A receipt changed to name another entry (to have a genuine database called rewritten, or a rewritten one
    vouched for) is refused by its signature, as before, and keeps nothing."""
    town = world.town()
    mediated(town, valid_record)
    assert world.import_(world.export(town).path).ok
    [written] = write_receipts(world.county, world.keys, town.usb, [town.code])
    receipt = json.loads(written.path.read_text(encoding="utf-8"))
    receipt["written_at"] = "2026-01-01T00:00:00Z"
    written.path.write_text(json.dumps(receipt, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    with pytest.raises(BundleError, match="核验失败"):
        import_receipt(town.store, written.path, ACTOR)
    assert town.store.conn.execute("SELECT count(*) FROM receipt_anchors").fetchone()[0] == 0


def test_fazhi_check_says_it_and_fails(world, received, capsys, monkeypatch):
    town, case, through = received
    rewrite_history(town.store, case.id, agreement_content=REWRITTEN)
    monkeypatch.setenv("FAZHI_PASSWORD", "mima-2026")
    assert main(["--db", str(town.store.path), "--user", ACTOR, "check"]) == 1
    out = capsys.readouterr().out
    assert f"发现 1 处问题：\n  - 变更日志第 {through} 条与县里 2026-06-01 的回执所记不符" in out


def test_entries_the_county_received_deleted_are_caught(world, received):
    """The case the county received taken out of the file, its log entries with it (the tail of a chain is still a
    chain): the log ends before the entry the receipt confirmed, which no restore makes (a backup holds the anchors
    of its own log)."""
    town, case, through = received
    first = town.store.conn.execute("SELECT min(seq) FROM changes WHERE record_id = ?", [case.id]).fetchone()[0]
    town.store.conn.execute("DELETE FROM changes WHERE seq >= ?", [first])
    town.store.conn.execute("DELETE FROM mediation_case WHERE id = ?", [case.id])
    town.store.conn.commit()
    [problem] = check_database(town.store).problems
    assert problem.startswith(f"变更日志只到第 {first - 1} 条，而县里 2026-06-01 的回执确认过第 {through} 条："
                              "本数据库在县里收到之后被改写过"), problem
