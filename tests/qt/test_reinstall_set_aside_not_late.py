# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A complaint the county holds both 不计入 (set aside: the township restored a backup from before its last edit)
and 重装前 (the township then re-installed) showed 逾期 in the county's list (逾期·已提交·不计入) while the list's 逾期
filter left it out, and 数据完整性's 需关注 named it as 重装前未办结（受理当年计为未办结）though no figure counts it. A
record the county marks is not late: its township cannot conclude it (重装前), or the county does not count it
(不计入, also when only that: a complaint entered after the backup the township restored)."""

from __future__ import annotations

from bundle_world import copy_database, county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core import overdue
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.export import export_bundle
from fazhi_desktop.core.divisions import names
from fazhi_desktop.core.indicators.completeness import completeness
from fazhi_desktop.core.store import Store
from fazhi_desktop.qt.ledger_model import LedgerTableModel

CLERK = "杨芳"
LATE = {"accepted_on": "2026-03-05", "due_on": "2026-04-05"}  # open, its 办理期限 long past on 1 June


def test_a_set_aside_earlier_installs_complaint_is_not_late_anywhere(qtbot, world, valid_record, clock):
    from bundle_world import TOWN_PASS

    town = world.town()
    aside = town.store.save("complaint", valid_record("complaint", matter="恢复前改过的投诉", **LATE), CLERK)
    kept = town.store.save("complaint", valid_record("complaint", matter="重装前的投诉", **LATE), CLERK)
    world.import_(world.export(town).path)
    world.receipt(town)  # the restored database sends only what follows: its edit after the backup is not sent again
    backup = copy_database(world, town)
    clock.advance(days=1)
    town.store.save("complaint", {**town.store.get(aside.id).values, "matter": "恢复前改过的投诉（补充）"}, CLERK,
                    record_id=aside.id)
    gone = town.store.save("complaint", valid_record("complaint", matter="备份后登记的投诉", **LATE), CLERK)
    world.import_(world.export(town).path)
    clock.advance(days=1)
    restored = Store.open(backup, world.ledgers, world.clock)
    try:
        restored.save("meeting", valid_record("meeting"), CLERK)
        (world.root / "usb-restored").mkdir()
        report = world.import_(export_bundle(restored, world.root / "usb-restored",
                                             keymod.unlock_township_key(restored, TOWN_PASS)).path)
    finally:
        restored.close()
    assert report.set_aside, report.lines()  # its edit after the backup is gone: 不计入
    clock.advance(days=1)
    new = world.reinstall(town.code)
    new.store.save("law_study", valid_record("law_study"), CLERK)
    said = "\n".join(world.import_(world.export(new).path).lines())
    # not said to count: the re-install's note counted the one set aside among those 照常计入指标 (3), as the
    # township's receipt does not
    assert "；重装前的 2 条记录乡镇已没有，县里的是唯一的一份，照常计入指标" in said, said
    assert "县里保存有本所重装前的 2 条记录" in world.receipt(new).text()
    county = world.county
    assert county.county_marks([aside.id, kept.id, gone.id]) == {aside.id: "不计入", kept.id: "重装前",
                                                                  gone.id: "不计入"}
    assert county.earlier_install([aside.id, gone.id]) == {aside.id}  # both marks: 不计入 is said

    # the list: no row says 逾期, as the 逾期 filter lists none
    model = LedgerTableModel(county, county.ledger("complaint"), townships=names())
    status = model.columns.index("status")
    shown = {model.record_at(r).id: model.index(r, status).data() for r in range(model.rowCount())}
    assert shown == {aside.id: "草稿·不计入", kept.id: "草稿·重装前", gone.id: "草稿·不计入"}, shown
    assert overdue.rids(county, county.ledger("complaint")) == set()

    # 需关注 names the one counted, not the one set aside
    row = next(t for t in completeness(county, 2026).townships if t.code == town.code)
    named = [p for p in row.problems() if p.startswith("重装前未办结")]
    assert len(named) == 1 and "未办结的投诉举报 1 件" in named[0] and kept.number in named[0], named
