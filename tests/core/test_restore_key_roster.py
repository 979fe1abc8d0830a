# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A restore at the county does not undo a revocation: the roster of township keys is carried forward from the
database it replaces. Before, a township key revoked this morning (leaked, stolen) signed bundles the county accepted
again once the 管理员 restored last week's backup, and a key enrolled since was 未登记 until the enrolment file and
the phone call were found again."""

from __future__ import annotations

import pytest
from bundle_world import ACTOR, county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.backup import create_backup, restore
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.places import KEYS
from fazhi_desktop.core.store import Store


@pytest.fixture
def backed_up(world, valid_record, clock, tmp_path):
    """海城镇 enrolled and backed up at the county; then its key revoked and 李旺镇 enrolled, each with a bundle
    exported. Returns (backup, 海城镇's bundle, 李旺镇's bundle, 海城镇's key, 李旺镇's key)."""
    haicheng = world.town("640522100")
    backup = create_backup(world.county.path, tmp_path / "usb-county", clock=clock).path
    clock.advance(hours=2)
    keymod.revoke(world.county, "640522100", ACTOR)
    liwang = world.town("640522101")
    for town in (haicheng, liwang):
        town.store.save("meeting", valid_record("meeting"), "杨芳")
    return (backup, world.export(haicheng).path, world.export(liwang).path,
            *(keymod.township_key(town.store).public.key_id_hex for town in (haicheng, liwang)))


def _restore(world, backup, clock) -> str:
    """Restore the county from `backup` (its window closed first, opened again after); what the restore says."""
    world.county.close()
    clock.advance(hours=1)
    said = "\n".join(restore(world.county.path, backup, "admin", clock=clock).lines())
    world.county = Store.open(world.county.path, world.ledgers, clock)
    return said


def test_a_key_revoked_after_the_backup_stays_revoked_and_one_enrolled_since_stays_enrolled(world, backed_up, clock,
                                                                                            beijing_time):
    backup, revoked_bundle, new_bundle, revoked_key, new_key = backed_up
    before = {k.key_id: (k.revoked_at, k.enrolled_at) for k in keymod.enrolled_keys(world.county)}
    said = _restore(world, backup, clock)
    refused = world.import_(revoked_bundle)
    assert not refused.ok
    assert f"的签名密钥 {revoked_key}（海城镇司法所，640522100）已于 2026-06-01 18:00 吊销，拒绝接收" in refused.error
    accepted = world.import_(new_bundle)
    assert accepted.ok, accepted.error
    assert accepted.new == 1
    assert {k.key_id: (k.revoked_at, k.enrolled_at) for k in keymod.enrolled_keys(world.county)} == before
    assert (f"乡镇密钥名单保持恢复前的状态，备份之后的吊销和登记没有撤销：吊销 1 个（海城镇 {revoked_key}），"
            f"登记 1 个（李旺镇 {new_key}）；其中误登记的，请在“{KEYS}”中吊销") in said


def test_a_restore_with_no_change_to_the_roster_since_the_backup_says_nothing_of_it(world, clock, tmp_path):
    world.town("640522100")
    backup = create_backup(world.county.path, tmp_path / "usb-county", clock=clock).path
    said = _restore(world, backup, clock)
    assert "乡镇密钥" not in said
    assert [k.active for k in keymod.enrolled_keys(world.county)] == [True]


@pytest.mark.parametrize("before", ["damaged", "gone"])
def test_with_no_readable_database_before_the_restore_says_revocations_and_enrolments_must_be_made_again(
        world, backed_up, clock, beijing_time, before):
    backup, revoked_bundle = backed_up[:2]
    world.county.close()
    path = world.county.path
    if before == "damaged":
        path.write_bytes(b"\0" * 8192)  # what a dead disk's sectors leave
    else:
        path.unlink()  # a new PC: the county's disk died
    said = "\n".join(restore(path, backup, "admin", clock=clock).lines())
    why = "恢复前的数据库无法读取（已损坏）" if before == "damaged" else "恢复前这里没有数据库（新电脑）"
    assert (f"{why}，乡镇密钥名单回到了备份时（2026-06-01 16:00）：备份之后如吊销过乡镇密钥，它又有效了，须在"
            f"“{KEYS}”中重新吊销（命令行：fazhi revoke）；如登记过，它不再有效，须请乡镇重新写出登记"
            "文件，电话核对指纹后重新登记（fazhi enrol）") in said
    world.county = Store.open(path, world.ledgers, clock)
    assert world.import_(revoked_bundle).ok  # as the line says: nothing here knew of the revocation


def test_a_stolen_keys_reason_and_day_survive_the_restore(world, backed_up, clock, beijing_time):
    """Carried without its reason, a key revoked as stolen after the backup told the township, once the county had
    restored, to export again with its new key, the advice of a replaced key."""
    from datetime import date

    liwang = world.town("640522101")
    keymod.revoke(world.county, "640522101", ACTOR, reason="被盗", since=date(2026, 5, 30))
    _restore(world, backed_up[0], clock)
    key = keymod.enrolled_key(world.county, keymod.township_key(liwang.store).public.key_id_hex)
    assert (key.revoked_reason, key.untrusted_since) == ("被盗", "2026-05-29T16:00:00Z")
    refused = world.import_(backed_up[2])
    assert "县里无法分辨这个数据包是被盗之前还是之后做的" in refused.error


def test_a_stolen_keys_reason_survives_the_restore_of_a_backup_made_before_the_reason_was_kept(
        world, valid_record, clock, tmp_path, beijing_time, monkeypatch):
    """The review's question: a backup the build before migration 031 made has no column for the reason, yet the
    revocation made since keeps it and its day (the restore opens the backup's database, upgraded, before carrying the
    roster into it), so the stolen key's bundle is still refused as stolen, not as a replaced key's."""
    import sqlite3
    from datetime import date

    from fazhi_desktop.core import migrations

    haicheng = world.town("640522100")
    path = world.county.path
    world.county.close()
    conn = sqlite3.connect(path)  # the county's database as the build before 031 left it
    with conn:
        conn.execute("ALTER TABLE township_keys DROP COLUMN revoked_reason")
        conn.execute("ALTER TABLE township_keys DROP COLUMN untrusted_since")
        conn.execute("DELETE FROM _migrations WHERE name = '031_revocation_reasons'")
    conn.close()
    with monkeypatch.context() as old_build:  # and its backup, made by that build
        old_build.setattr(migrations, "MIGRATIONS", [m for m in migrations.MIGRATIONS
                                                     if m[0] != "031_revocation_reasons"])
        backup = create_backup(path, tmp_path / "usb-county", clock=clock).path
    world.county = Store.open(path, world.ledgers, clock)  # this build, upgraded
    clock.advance(hours=2)
    keymod.revoke(world.county, "640522100", ACTOR, reason="被盗", since=date(2026, 6, 1))
    haicheng.store.save("meeting", valid_record("meeting"), "杨芳")
    stick = world.export(haicheng).path
    _restore(world, backup, clock)
    [key] = keymod.enrolled_keys(world.county, "640522100")
    assert (key.revoked_reason, key.untrusted_since) == ("被盗", "2026-05-31T16:00:00Z")
    refused = world.import_(stick)
    assert "县里无法分辨这个数据包是被盗之前还是之后做的" in refused.error
