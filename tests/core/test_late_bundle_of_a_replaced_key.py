# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A township got a new PC: it restored Friday's backup there, made a new key, and the county enrolled it in place
of the old one (revoked as 更换). Monday's bundle, exported on the old PC before the change, reached the county
afterwards on a stick. It was refused as signed by a revoked key, and Monday's two meetings, which the late-bundle
rules would keep set aside (不计入) and name on the receipt for 补录, were lost to the county. Now such a bundle (key
revoked as 更换, made before the revocation, continuing that key's chain as the county holds it) is taken once the
reviewer confirms it; anything else signed by a revoked key is refused as before."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from bundle_world import (  # noqa: F401  (fixtures)
    LOW_COST,
    bundle_hash,
    copy_database,
    county_template,
    decrypt,
    encrypt_to,
    files_of,
    resign,
    snapshot,
    world,
)

from fazhi_desktop.core.bundle import apply, replaced_key, revocation
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.apply import STALE_NOTE, import_bundle
from fazhi_desktop.core.bundle.export import export_bundle
from fazhi_desktop.core.bundle.receipts import import_receipt, write_receipts
from fazhi_desktop.core.clock import local_time
from fazhi_desktop.core.store import Store

HEAD = "杨芳"
#: when the county enrolled the new key, revoking the old one, as this PC shows it
REVOKED = local_time("2026-11-24T01:00:00Z")[:16]
COUNTY = "田敏"


def at(day: int, hour: int = 1) -> datetime:
    """November 2026, 09:00 in Beijing by default."""
    return datetime(2026, 11, day, hour, 0, tzinfo=UTC)


class Case:
    """The township (its old PC), its late bundle from that PC, and the new PC with its new key enrolled."""

    def __init__(self, world, clock, valid_record, new_pc_sends: bool = True):
        self.world = world
        clock.set(at(16))
        self.old = world.town()
        self.old.store.save("meeting", valid_record("meeting", held_on="2026-11-16", title="上周的会议"), HEAD)
        world.import_(world.export(self.old).path)
        world.receipt(self.old)
        backup = copy_database(world, self.old)
        self.old_key = keymod.township_key(self.old.store).public.key_id_hex
        clock.set(at(23))
        self.monday = [self.old.store.save("meeting", valid_record("meeting", held_on="2026-11-23",
                                                                   title=f"周一的会议{n}"), HEAD) for n in (1, 2)]
        self.late = world.export(self.old).path  # Monday's stick, still in the drawer
        self.late_hash = bundle_hash(world, self.late)  # what the question shows and a confirmation names
        clock.set(at(24))
        self.new_pc = Store.open(backup, world.ledgers, world.clock)
        keymod.init_township_key(self.new_pc, "new-pass-2026", replace=True, cost=LOW_COST)
        keymod.enrol(world.county, keymod.township_key(self.new_pc), COUNTY, replace=True)  # old: revoked as 更换
        self.signer = keymod.unlock_township_key(self.new_pc, "new-pass-2026")
        self.tuesday = self.new_pc.save("meeting", valid_record("meeting", held_on="2026-11-24", title="周二的会议"),
                                        HEAD)
        if new_pc_sends:
            (world.root / "usb-new-pc").mkdir()
            assert world.import_(export_bundle(self.new_pc, world.root / "usb-new-pc", self.signer).path).ok
        clock.set(at(25))

    def import_(self, path=None, accept=()):
        return import_bundle(self.world.county, path or self.late, self.world.keys, COUNTY, accept=accept)

    def close(self):
        self.new_pc.close()


@pytest.fixture
def case(world, clock, valid_record):
    made = Case(world, clock, valid_record)
    yield made
    made.close()


def test_confirmed_the_old_pcs_late_bundle_is_taken_as_a_late_bundle(world, case):
    report = case.import_(accept={case.late_hash})
    assert report.ok, report.error
    assert STALE_NOTE in report.notes  # a late bundle: nothing newer overwritten
    assert sorted(report.set_aside) == ["〔2026〕会记字第2号（周一的会议1）", "〔2026〕会记字第3号（周一的会议2）"]
    assert world.county.aside_of([m.id for m in case.monday]) == {m.id for m in case.monday}  # kept, not counted
    assert world.county.get(case.tuesday.id).values["title"] == "周二的会议"  # the new PC's work untouched
    taken = [n for n in report.notes if "作为迟到的数据包接收" in n]
    assert taken == [f"第 2 号数据包由密钥 {case.old_key} 签名，这把密钥已于 {REVOKED} 因更换吊销；数据包是"
                     "吊销之前（乡镇 2026-11-23 制作）导出的，接着县里收到的这把密钥的第 1 号数据包：经 田敏 确认，"
                     "作为迟到的数据包接收"]
    assert world.county.conn.execute("SELECT sequence FROM bundles_received WHERE key_id = ? ORDER BY sequence",
                                     [case.old_key]).fetchall() == [(1,), (2,)]  # held as the old key's
    # the receipt names Monday's meetings for 补录 at the new PC
    (world.root / "receipts").mkdir()
    written = write_receipts(world.county, world.keys, world.root / "receipts", [case.old.code])
    told = import_receipt(case.new_pc, written[0].path, HEAD).text()
    assert "〔2026〕会记字第3号（会议 2026-11-23）" in told and "县里的第2号（会议 2026-11-23）须另行补录" in told
    # read again from the stick: a repeat, not a refusal
    again = case.import_()
    assert again.ok and again.replay


def test_confirmation_is_in_the_account_log(world, case):
    world.county.user = type("U", (), {"name": COUNTY})()  # the import window's logged-in account
    case.import_(accept={case.late_hash})
    events = [row[0] for row in world.county.conn.execute("SELECT event FROM account_log")]
    assert any(e.startswith("接收旧密钥签名的迟到数据包：") and case.old_key in e for e in events), events


def test_not_confirmed_it_is_refused_saying_how_to_take_it(world, case):
    before = snapshot(world.county)
    report = case.import_()
    assert not report.ok and report.replaced_key == case.old_key
    assert f"已于 {REVOKED} 吊销，拒绝接收" in report.error  # today's refusal first
    assert f"fazhi import {replaced_key.OPTION} {case.late_hash}" in report.error
    assert report.replaced_hash == case.late_hash
    assert f"核验值 {replaced_key.grouped(case.late_hash)}" in report.replaced_question  # in groups: the box wraps it
    assert "请先电话向乡镇核实" in report.replaced_question and case.late.name in report.replaced_question
    assert snapshot(world.county) == before
    # another bundle confirmed, or its key, is no confirmation of this one
    assert not case.import_(accept={"0" * 64, case.old_key}).ok
    assert snapshot(world.county) == before


def refused_as_today(report, before, world):
    assert not report.ok and not report.replaced_key
    assert "吊销，拒绝接收" in report.error and replaced_key.OPTION not in report.error
    assert snapshot(world.county) == before


@pytest.mark.parametrize("reason", ["被盗", "丢失"])
def test_a_key_found_stolen_or_lost_since_is_refused_even_confirmed(world, case, reason):
    key = keymod.enrolled_key(world.county, case.old_key)
    revocation.add_reason(world.county, key, reason, since=date(2026, 11, 20))
    before = snapshot(world.county)
    refused_as_today(case.import_(accept={case.late_hash}), before, world)


def test_a_key_revoked_without_a_reason_is_refused_even_confirmed(world, case):
    world.county.conn.execute("UPDATE township_keys SET revoked_reason = NULL WHERE key_id = ?", [case.old_key])
    before = snapshot(world.county)
    refused_as_today(case.import_(accept={case.late_hash}), before, world)


def test_a_bundle_made_after_the_revocation_is_refused_even_confirmed(world, clock, case, valid_record):
    assert case.import_(accept={case.late_hash}).ok  # bundle 2, made before: the key's chain now ends at it
    clock.set(at(26))
    case.old.store.save("meeting", valid_record("meeting", held_on="2026-11-26", title="吊销后的会议"), HEAD)
    after = world.export(case.old).path  # the old PC still signs: bundle 3, after bundle 2, made after the revocation
    before = snapshot(world.county)
    refused_as_today(case.import_(after, accept={bundle_hash(world, after)}), before, world)


def test_a_bundle_that_does_not_continue_the_keys_chain_is_refused_until_the_one_before_it_comes(world, clock,
                                                                                                 valid_record):
    clock.set(at(16))
    old = world.town()
    old.store.save("meeting", valid_record("meeting", title="上周的会议"), HEAD)
    world.import_(world.export(old).path)
    old_key = keymod.township_key(old.store).public.key_id_hex
    clock.set(at(20))
    old.store.save("meeting", valid_record("meeting", title="周五的会议"), HEAD)
    second = world.export(old).path
    second = second.rename(second.with_name("second-" + second.name))
    clock.set(at(23))
    old.store.save("meeting", valid_record("meeting", title="周一的会议"), HEAD)
    third = world.export(old).path
    clock.set(at(24))
    new = world.reinstall(old.code)  # the new key enrolled, the old one revoked as 更换
    assert keymod.enrolled_key(world.county, old_key).revoked_reason == "更换"
    clock.set(at(25))
    before = snapshot(world.county)
    # bundle 3 names bundle 2, which the county does not hold: not the key's chain as the county knows it
    confirmed = {bundle_hash(world, third)}
    refused_as_today(import_bundle(world.county, third, world.keys, COUNTY, accept=confirmed), before, world)
    # bundle 2 comes: it continues bundle 1, then bundle 3 continues it
    assert import_bundle(world.county, second, world.keys, COUNTY, accept={bundle_hash(world, second)}).ok
    assert import_bundle(world.county, third, world.keys, COUNTY, accept={bundle_hash(world, third)}).ok
    assert new.store is not None


def test_a_bundle_of_the_next_number_naming_another_previous_bundle_is_refused_even_confirmed(world, case):
    """Numbered right, signed by the old key, but not chained to the bundle the county holds before it."""
    tar = decrypt(case.late, world.keys.identity)
    info = files_of(tar)["bag-info.txt"].decode()
    held = world.county.conn.execute("SELECT bundle_hash FROM bundles_received WHERE sequence = 1").fetchone()[0]
    assert f"Fazhi-Previous-Bundle-Hash: {held}" in info
    other = info.replace(held, "0" * 64).encode()
    forged = encrypt_to(resign(tar, case.old.signer, {"bag-info.txt": other}), world.public.recipient,
                        world.root / "other-chain.tar.age")
    before = snapshot(world.county)
    refused_as_today(case.import_(forged, accept={bundle_hash(world, forged)}), before, world)
    assert case.import_(accept={case.late_hash}).ok  # the bundle as the township made it is taken


def test_a_failure_while_applying_a_confirmed_one_leaves_nothing(world, case, monkeypatch):
    world.county.user = type("U", (), {"name": COUNTY})()
    before = snapshot(world.county)

    def broken(*args, **kwargs):
        raise OSError("disk gone")

    monkeypatch.setattr(apply, "set_aside", broken)
    report = case.import_(accept={case.late_hash})
    assert not report.ok
    assert snapshot(world.county) == before  # no record, no bundle row, no account-log line


def test_one_confirmation_takes_one_bundle_not_the_next_one_chained_after_it(world, clock, valid_record):
    """`fazhi import --accept-replaced-key KEY E:\\` over a stick holding bundle 2, the one named to the reviewer
    and confirmed on the phone, and a bundle 3 chained after it (whoever holds the old PC can make one, dated before
    the revocation): 3 was never named to her. It is asked about on its own, not taken with 2."""
    clock.set(at(16))
    old = world.town()
    old.store.save("meeting", valid_record("meeting", title="上周的会议"), HEAD)
    assert world.import_(world.export(old).path).ok
    old_key = keymod.township_key(old.store).public.key_id_hex
    clock.set(at(20))
    old.store.save("meeting", valid_record("meeting", title="周五的会议"), HEAD)
    second = world.export(old).path
    clock.set(at(23))
    third_meeting = old.store.save("meeting", valid_record("meeting", title="周一的会议"), HEAD)
    third = world.export(old).path
    clock.set(at(24))
    world.reinstall(old.code)  # the new key enrolled, the old one revoked as 更换
    clock.set(at(25))
    first, then = apply.import_bundles(world.county, [second, third], world.keys, COUNTY,
                                       accept={bundle_hash(world, second)})
    assert first.ok and any("作为迟到的数据包接收" in n for n in first.notes)
    assert not then.ok and then.replaced_key == old_key  # asked about: 第 3 号, on its own
    assert "第 3 号数据包" in then.replaced_question
    assert world.county.conn.execute("SELECT 1 FROM meeting WHERE id = ?", [third_meeting.id]).fetchone() is None
    # confirmed for itself (the next run), it is taken
    assert import_bundle(world.county, third, world.keys, COUNTY, accept={bundle_hash(world, third)}).ok


def test_the_question_names_the_file_as_the_report_does_when_two_sticks_hold_one_name(world, case):
    """The old PC's bundle 2 and the new PC's bundle 2 (numbered on from the same backup) are both
    fazhi-…-000002.tar.age: the report heads them usb-…/fazhi-…; the question and the refusal said only the bare name,
    and the reviewer could not tell which stick's file she was asked to take."""
    new_pcs = next((world.root / "usb-new-pc").iterdir())
    assert new_pcs.name == case.late.name
    reports = apply.import_bundles(world.county, [case.late, new_pcs], world.keys, COUNTY)
    late = next(r for r in reports if r.replaced_key)
    assert late.file_name == f"{case.late.parent.name}/{case.late.name}"
    assert f"（文件 {late.file_name}，核验值 {replaced_key.grouped(late.replaced_hash)}）" in late.replaced_question
    assert f"数据包 {late.file_name} 的签名密钥" in late.error
