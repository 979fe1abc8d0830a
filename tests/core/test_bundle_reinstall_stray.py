# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A second (test) install of a township enrolled at the county by mistake, and the real install coming back with
a new key: its log continues the one the county kept as the earlier install's, so it is that install's again."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from bundle_world import ACTOR, LOW_COST, TOWN_PASS, copy_database, county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.apply import covered_through
from fazhi_desktop.core.bundle.export import export_bundle
from fazhi_desktop.core.indicators import load_catalog_for
from fazhi_desktop.core.indicators.drill import drill
from fazhi_desktop.core.indicators.engine import compute
from fazhi_desktop.core.store import Store

CLERK = "杨芳"
TOWNSHIP = "640522100"
ADMIN_MEETING = {"meeting_type": "乡镇行政会议(政府常务会议)", "office_head_attendance": "全程"}  # T40b


@pytest.mark.parametrize("full", [False, True], ids=["next-bundle", "all-data"])
def test_the_real_install_coming_back_sets_the_stray_install_aside(world, valid_record, clock, full):
    """The county took the real install's next bundle for a third history: 缺少该乡镇变更日志第 2 条 and 前一个数据包
    （第 1 号）的摘要与本县收到的不同 (both false), the real 会议1/会议2 listed 重装前, and the test install's meeting
    counted (T40b 4/4 where the township holds 3); its 全部数据 made it worse."""
    real = world.town()
    kept = [real.store.save("meeting", valid_record("meeting", title=f"会议{n}", held_on=f"2026-0{n + 1}-10",
                                                    **ADMIN_MEETING), CLERK) for n in (1, 2)]
    world.import_(world.export(real).path)
    world.receipt(real)
    clock.advance(days=1)
    stray = world.reinstall()  # the test install's enrolment file enrolled with --replace
    test = stray.store.save("meeting", valid_record("meeting", title="测试会议", held_on="2026-04-10",
                                                    **ADMIN_MEETING), CLERK)
    assert "乡镇重装过" in "\n".join(world.import_(world.export(stray).path).lines())
    clock.advance(days=1)
    keymod.init_township_key(real.store, TOWN_PASS, replace=True, cost=LOW_COST)  # noticed: a new key, enrolled
    real.signer = keymod.unlock_township_key(real.store, TOWN_PASS)
    keymod.enrol(world.county, keymod.township_key(real.store), ACTOR, replace=True)
    third = real.store.save("meeting", valid_record("meeting", title="会议3", held_on="2026-05-10", **ADMIN_MEETING),
                            CLERK)

    report = world.import_(world.export(real, full=full).path)
    text = "\n".join(report.lines())
    assert report.ok and report.new == 1 and report.set_aside == [f"{test.number}（测试会议）"]
    assert "缺少" not in text and "摘要与本县收到的不同" not in text and "乡镇重装过" not in text
    assert "乡镇原来的安装送来了数据包" in text and "变更日志接着县里作为重装前保存的第 1–2 条" in text
    assert f"重装后收到的 1 条记录（{test.number}（测试会议））不是乡镇现在的数据，已不计入指标" in text
    assert "从备份恢复" not in text
    county = world.county
    assert {row[0] for row in county.conn.execute("SELECT record_id FROM set_aside")} == {test.id}
    assert covered_through(county, TOWNSHIP) == 3  # the receipts follow the real install's log again
    assert world.receipt(real).acknowledged_through == 3
    figure = compute(county, load_catalog_for(county, remember=False), 2026, township=TOWNSHIP,
                     today=date(2027, 1, 6)).figure("T40b", TOWNSHIP)
    assert (figure.numerator, figure.denominator) == (3, 3)
    found = drill(county, load_catalog_for(county, remember=False), "T40b", 2026, TOWNSHIP,
                  today=date(2027, 1, 6)).records
    assert {(r.id, r.earlier) for r in found} == {(m.id, False) for m in (*kept, third)}


def test_a_late_bundle_of_a_died_install_signed_with_the_key_kept_is_no_return(world, valid_record, clock):
    """A genuine re-install that kept the key files, the new PC's clock behind the old one's: the old install's last
    bundle, made before it died and imported late, was taken for the earlier install come back (it was made after
    every bundle of the install now, by the clocks), and the new install's real records were set aside."""
    old = world.town()
    old.store.save("meeting", valid_record("meeting", title="会议1", held_on="2026-02-10", **ADMIN_MEETING), CLERK)
    world.import_(world.export(old).path)
    clock.advance(days=10)
    old.store.save("meeting", valid_record("meeting", title="会议2", held_on="2026-03-10", **ADMIN_MEETING), CLERK)
    late = world.export(old).path  # made on day 10; the PC dies before it is sent
    clock.advance(days=-5)  # the new PC's clock is behind
    new = world.reinstall(enrol=False)
    for f in keymod.keys_dir(old.store).iterdir():  # the same key: its files copied across
        shutil.copy2(f, keymod.keys_dir(new.store) / f.name)
    new.store.set_settings(**{"signing_key.id": old.signer.public.key_id_hex})
    new.signer = keymod.unlock_township_key(new.store, TOWN_PASS)
    fresh = new.store.save("meeting", valid_record("meeting", title="新电脑会议", held_on="2026-04-10",
                                                   **ADMIN_MEETING), CLERK)
    assert "乡镇重装过" in "\n".join(world.import_(world.export(new).path).lines())
    clock.advance(days=10)
    text = "\n".join(world.import_(late).lines())
    assert "乡镇原来的安装送来了数据包" not in text, text
    set_aside = {row[0] for row in world.county.conn.execute("SELECT record_id FROM set_aside")}
    assert fresh.id not in set_aside, text


def _meet(town, valid_record, title, month):
    return town.store.save("meeting", valid_record("meeting", title=title, held_on=f"2026-{month:02d}-10",
                                                   **ADMIN_MEETING), CLERK)


def _sent(world, town, valid_record, title, month):
    """A meeting entered at `town` and its bundle imported at the county."""
    record = _meet(town, valid_record, title, month)
    world.import_(world.export(town).path)
    return record


def _set_aside(world):
    return {row[0] for row in world.county.conn.execute("SELECT record_id FROM set_aside")}


def test_two_strays_in_a_row_then_the_real_install_back(world, valid_record, clock):
    """Two test installs enrolled by mistake one after the other (a second try at a test PC), then the real install
    back with a new key: only the second test install's records left the figures; the first's 测试会议一 stayed
    counted as 重装前, its log kept as an earlier install's."""
    real = world.town()
    _meet(real, valid_record, "会议1", 2)
    _sent(world, real, valid_record, "会议2", 3)
    world.receipt(real)
    clock.advance(days=1)
    t1 = _sent(world, world.reinstall(), valid_record, "测试会议一", 4)
    clock.advance(days=1)
    world.towns["640522100-first-test"] = world.towns.pop("640522100-new")
    root, world.root = world.root, world.root / "second-test-pc"
    world.root.mkdir()
    two = world.reinstall()
    world.root = root
    t2 = _sent(world, two, valid_record, "测试会议二", 5)
    clock.advance(days=1)
    keymod.init_township_key(real.store, TOWN_PASS, replace=True, cost=LOW_COST)
    real.signer = keymod.unlock_township_key(real.store, TOWN_PASS)
    keymod.enrol(world.county, keymod.township_key(real.store), ACTOR, replace=True)
    _meet(real, valid_record, "会议3", 6)

    report = world.import_(world.export(real).path)
    text = "\n".join(report.lines())
    assert report.ok and "乡镇原来的安装送来了数据包" in text, text
    assert "之前当作重装收到的 2 个数据包不是乡镇现在的数据" in text, text
    assert "重装后收到的 2 条记录" in text, text
    assert _set_aside(world) == {t1.id, t2.id}, text
    assert world.county.conn.execute("SELECT count(*) FROM earlier_changes WHERE township = ?",
                                     [TOWNSHIP]).fetchone()[0] == 0, text
    assert covered_through(world.county, TOWNSHIP) == 3


def test_the_real_install_back_from_a_backup_after_the_stray(world, valid_record, clock):
    """After the stray's bundle, the real install restores a backup made before 会议2 (a new key, as the keys advice
    says) and sends 会议3: the report said its log continued entries 1–2 (it continues entry 1 only) and named
    会议2, the township's own abandoned record, among the stray install's, without the restore's advice."""
    real = world.town()
    _sent(world, real, valid_record, "会议1", 2)
    world.receipt(real)
    backup = copy_database(world, real)
    second = _sent(world, real, valid_record, "会议2", 3)
    world.receipt(real)
    clock.advance(days=1)
    test = _sent(world, world.reinstall(), valid_record, "测试会议", 4)
    clock.advance(days=1)
    restored = Store.open(backup, world.ledgers, world.clock)
    try:
        keymod.init_township_key(restored, TOWN_PASS, replace=True, cost=LOW_COST)
        keymod.enrol(world.county, keymod.township_key(restored), ACTOR, replace=True)
        restored.save("meeting", valid_record("meeting", title="会议3", held_on="2026-05-10", **ADMIN_MEETING), CLERK)
        (world.root / "usb-restored").mkdir()
        path = export_bundle(restored, world.root / "usb-restored",
                             keymod.unlock_township_key(restored, TOWN_PASS)).path
    finally:
        restored.close()

    report = world.import_(path)
    text = "\n".join(report.lines())
    assert report.ok and "变更日志接着县里作为重装前保存的第 1 条，" in text, text
    assert _set_aside(world) == {second.id, test.id}, text
    assert f"重装后收到的 1 条记录（{test.number}（测试会议））不是乡镇现在的数据" in text, text
    assert f"乡镇从备份恢复前的数据：{second.number}（会议2））" in text, text
    assert "请乡镇导出时勾选“发送全部数据”" in text, text
