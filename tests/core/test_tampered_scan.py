# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A county database that imported a changed bundle before verification refused it (fifteenth session) keeps what
it took in. The scan names each such record and bundle: which township, which record, which bundle brought it and
when, and what the technician can do. It changes nothing, and a clean county database gives nothing.

Verification now refuses these bundles, so the tests import them as the version before the fix did: through the
same import, with the checks that version lacked switched off (bundle_world.before_the_fix), or, for the office
name that only the import report keeps, with the one SQL update that makes the report say what such a bundle's
said."""

from __future__ import annotations

import sqlite3

import pytest
from bundle_world import (  # noqa: F401  (fixtures)
    ACTOR,
    LOW_COST,
    conflicted,
    county_template,
    imported_before_the_fix,
    liwang_case,
    snapshot,
    world,
)
from damage import garble

from fazhi_desktop.core import tampered
from fazhi_desktop.core.bundle import apply
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.collect import META_KEYS
from fazhi_desktop.core.bundle.conflicts import KEEP_HELD, list_conflicts, resolve_conflict
from fazhi_desktop.core.clock import utc_iso
from fazhi_desktop.core.documents.issuer import township_issuer
from fazhi_desktop.core.ids import canonical_json
from fazhi_desktop.core.indicators.completeness import completeness
from fazhi_desktop.core.store import write_received

HAICHENG, LIWANG = "640522100", "640522101"


@pytest.fixture
def case(liwang_case):
    """李旺镇's mediation case, imported at the county."""
    return liwang_case[1]


def forge(world, tmp_path, ledger: str, record_id: str, valid_record) -> str:
    """海城镇's changed bundle carrying `record_id` as a `ledger` record, imported before the fix; its file name."""
    record = valid_record(ledger, **({"title": "伪造的会议"} if ledger == "meeting" else {}))
    world.clock.advance(days=2)
    return imported_before_the_fix(world, world.town(HAICHENG), ledger, record_id, record, tmp_path)


def test_a_record_added_under_another_townships_id_is_named_with_its_bundle(world, case, valid_record,
                                                                            tmp_path):
    """李旺镇's case id sent as 海城镇's meeting came in as 新增 1; it blocks 李旺镇 from sending that case again."""
    name = forge(world, tmp_path, "meeting", case.id, valid_record)
    meeting = world.county.query("SELECT number FROM meeting WHERE id = ?", [case.id])[0]["number"]
    before = snapshot(world.county)
    [found] = tampered.scan(world.county)
    assert snapshot(world.county) == before  # nothing changed
    assert found.kind == tampered.TWO
    assert f"调解案件 {case.number}（李旺镇）的记录标识另有记录使用" in found.text
    assert f"会议 {meeting}（海城镇）由海城镇第 1 号数据包 {name}（" in found.text
    assert "导入）带来，该数据包被改动过，现在会被拒收" in found.text
    assert "李旺镇以后含这条调解案件记录的数据包都会被拒收" in found.text
    notes = tampered.by_township([found])
    assert notes[HAICHENG] == [
        f"第 1 号数据包被改动过：会议 {meeting}用了李旺镇调解案件 {case.number}的记录标识"]
    assert notes[LIWANG] == [f"记录标识被占用：调解案件 {case.number}的标识被海城镇的会议 {meeting}占用，"
                             "含这条记录的数据包会被拒收"]
    # what the message says is so: 李旺镇's full bundle, which carries the case, is refused now
    refused = world.import_(world.export(world.town(LIWANG), full=True).path)
    assert not refused.ok and "记录标识与海城镇" in refused.error
    way_out = "\n".join(tampered.way_out(world.county, [found]))
    assert "本程序不能在县级数据库中改正或删去" in way_out and "fazhi restore" in way_out
    key = world.town(HAICHENG).signer.public.key_id_hex  # the key that signed it, not every key of 海城镇
    assert f"fazhi revoke {HAICHENG} --key {key} --reason 被盗 --yes" in way_out


def test_restoring_the_county_from_before_the_import_and_a_full_bundle_put_it_right(world, case, valid_record,
                                                                                      tmp_path):
    """The way out the scan gives, followed: the county database as it was before the changed bundle (a backup),
    then a full bundle of each township that sent bundles since; the changed one is refused when read again."""
    import sqlite3

    from fazhi_desktop.core.store import Store

    haicheng = world.town(HAICHENG)
    backup = tmp_path / "before.db"
    with sqlite3.connect(backup) as copy:
        world.county.conn.backup(copy)
    name = imported_before_the_fix(world, haicheng, "meeting", case.id, valid_record("meeting"), tmp_path)
    path = tmp_path / name
    assert tampered.scan(world.county)
    restored = Store.open(backup, world.ledgers, world.clock)
    try:
        assert not apply.import_bundle(restored, path, world.keys, ACTOR).ok  # refused now
        for town in (haicheng, world.town(LIWANG)):
            report = apply.import_bundle(restored, world.export(town, full=True).path, world.keys, ACTOR)
            assert report.ok, report.error
        assert tampered.scan(restored) == []
    finally:
        restored.close()


def test_a_conflict_kept_between_two_townships_is_named_until_closed_and_its_history_after(
        world, case, valid_record, tmp_path):
    """The same ledger: it came in as 冲突 1 条 against 李旺镇's case."""
    name = forge(world, tmp_path, "mediation_case", case.id, valid_record)
    [conflict] = list_conflicts(world.county)
    assert conflict.township == HAICHENG
    [found] = tampered.scan(world.county)
    assert (found.kind, found.conflict) == (tampered.CONFLICT, conflict.id)
    assert (f"调解案件 {case.number}（李旺镇）：海城镇第 1 号数据包 {name}（" in found.text
            and f"以同一记录标识送来另一个版本，留作冲突 {conflict.id} 待处理" in found.text)
    assert tampered.by_township([found])[LIWANG] == [
        f"冲突 {conflict.id} 来自海城镇被改动的数据包：请在“数据交换 → 处理冲突…”中关闭（保留现有版本）"]
    assert f"fazhi conflicts resolve {conflict.id} --keep held" in "\n".join(tampered.way_out(world.county, [found]))
    resolve_conflict(world.county, conflict.id, KEEP_HELD, ACTOR)  # what the way out says
    [after] = tampered.scan(world.county)
    assert after.kind == tampered.HISTORY and after.conflict is None
    assert f"调解案件 {case.number}（李旺镇）：记录无误，但县里的修改历史中有海城镇第 1 号数据包" in after.text
    assert world.county.get(case.id).township == LIWANG


def test_the_scan_is_kept_for_the_years_shown_and_done_again_after_each_change(world, case, valid_record,
                                                                           tmp_path, monkeypatch):
    """县级汇总 reads the findings for each year it shows (0.3 s each at a county's size): kept while the database is
    unchanged, new after a conflict is settled, after an import, and after a write by another program."""
    forge(world, tmp_path, "mediation_case", case.id, valid_record)
    [conflict] = list_conflicts(world.county)
    scans = []
    real = tampered.scan
    monkeypatch.setattr(tampered, "scan", lambda store: scans.append(store) or real(store))

    def liwang(year: int = 2026) -> list[str]:
        [town] = completeness(world.county, year).only([LIWANG]).townships
        return town.problems()

    assert liwang()[0].startswith(f"冲突 {conflict.id} 来自海城镇被改动的数据包")
    assert liwang(2025)[0].startswith(f"冲突 {conflict.id} 来自海城镇被改动的数据包")  # another year
    assert len(scans) == 1
    resolve_conflict(world.county, conflict.id, KEEP_HELD, ACTOR)
    assert liwang()[0].startswith(f"修改历史混入别的乡镇的条目：调解案件 {case.number}")
    assert len(scans) == 2
    haicheng = world.town(HAICHENG)
    haicheng.store.save("meeting", valid_record("meeting"), ACTOR)
    assert world.import_(world.export(haicheng).path).ok
    liwang()
    assert len(scans) == 3
    other = sqlite3.connect(world.county.path)  # `fazhi` at the command line, or a job on a worker thread
    with other:
        other.execute("UPDATE bundles_received SET report = json_set(report, '$.office', ?) WHERE township = ?",
                      ["海原县人民政府办公室", HAICHENG])
    other.close()
    [town] = completeness(world.county, 2026).only([HAICHENG]).townships
    assert any("单位名称“海原县人民政府办公室”与登记的不同" in p for p in town.problems())
    assert len(scans) == 4


def test_a_record_taken_over_by_another_township_is_named_with_whose_it_was(world, case, valid_record,
                                                                            tmp_path):
    """采用新收到的版本 of that conflict replaced 李旺镇's case with 海城镇's, as the version before the fix did."""
    forge(world, tmp_path, "mediation_case", case.id, valid_record)
    [conflict] = list_conflicts(world.county)
    county, ledger = world.county, world.county.ledger("mediation_case")
    held = county.query("SELECT * FROM mediation_case WHERE id = ?", [case.id])[0]
    replaced = canonical_json({"content": county.content(ledger, held), "content_hash": held["content_hash"],
                               "meta": {k: held[k] for k in META_KEYS}})
    write_received(county, ledger, conflict.incoming, conflict.incoming_hash, conflict.incoming_meta, held)
    county.conn.execute("UPDATE conflicts SET resolved_at = ?, resolved_by = ?, resolution = 'incoming', replaced = ?"
                        " WHERE id = ?", [utc_iso(county.clock()), ACTOR, replaced, conflict.id])
    assert county.get(case.id).township == HAICHENG
    [found] = tampered.scan(county)
    assert found.kind == tampered.MOVED
    number = county.get(case.id).number
    assert f"调解案件 {number}：原是李旺镇第 1 号数据包 fazhi-{LIWANG}-000001.tar.age（" in found.text
    assert "现在是海城镇的版本，由海城镇第 1 号数据包" in found.text
    assert f"李旺镇原来的版本保存在冲突 {conflict.id} 中" in found.text
    assert tampered.by_township([found])[LIWANG] == [
        f"记录被替换：调解案件 {number}已被海城镇被改动的数据包替换，含这条记录的数据包会被拒收"]
    refused = world.import_(world.export(world.town(LIWANG), full=True).path)
    assert not refused.ok  # as the finding says


def test_a_bundle_that_named_another_office_is_named(world, valid_record):
    haicheng = world.town(HAICHENG)
    haicheng.store.save("meeting", valid_record("meeting"), ACTOR)
    assert world.import_(world.export(haicheng).path).ok
    # what the import report of such a bundle kept: bag-info's Source-Organization
    world.county.conn.execute("UPDATE bundles_received SET report = json_set(report, '$.office', ?)",
                              ["海原县人民政府办公室"])
    assert township_issuer(world.county, HAICHENG).office == "海原县人民政府办公室"  # the documents' heading
    [found] = tampered.scan(world.county)
    assert found.kind == tampered.OFFICE
    assert (f"海城镇第 1 号数据包 fazhi-{HAICHENG}-000001.tar.age（" in found.text
            and "单位名称“海原县人民政府办公室”与海城镇登记密钥时的“海城镇司法所”不同" in found.text
            and f"fazhi bundles --township {HAICHENG} --show 1 逐条列出" in found.text
            and "县里打印的海城镇文书以“海原县人民政府办公室”为抬头" in found.text)
    [town] = completeness(world.county, 2026).only([HAICHENG]).townships
    assert town.problems()[0] == (
        "第 1 号数据包被改动过：单位名称“海原县人民政府办公室”与登记的不同；请运行 fazhi check 查看处理办法")


def test_a_county_database_without_changed_bundles_says_nothing(conflicted, valid_record):
    """Conflicts of one township (a restored backup), a re-install, several townships: nothing is named."""
    world, town, _record = conflicted
    liwang = world.town(LIWANG)
    liwang.store.save("meeting", valid_record("meeting"), "李")
    assert world.import_(world.export(liwang).path).ok
    new = world.reinstall(HAICHENG)
    new.store.save("meeting", valid_record("meeting"), "杨芳")
    assert world.import_(world.export(new).path).ok
    assert world.county.query("SELECT count(*) AS n FROM earlier_changes")[0]["n"] > 0
    assert tampered.scan(world.county) == [] and tampered.way_out(world.county, []) == []
    assert not any("改动" in p for t in completeness(world.county, 2026).townships for p in t.problems())
    assert tampered.scan(town.store) == []  # a township's database: nothing to look for


def test_once_the_township_replaced_its_key_the_advice_does_not_revoke_its_new_one(world, case, valid_record,
                                                                                 tmp_path):
    """海城镇 replaced its key since (更换密钥…: the county enrolled the new one with --replace, which revoked the
    old one): `fazhi revoke 640522100 --yes` revoked the new key, the only working one, and 海城镇 could no longer
    report; the key that signed the changed bundle was revoked already."""
    forge(world, tmp_path, "meeting", case.id, valid_record)
    haicheng = world.town(HAICHENG)
    old = haicheng.signer.public.key_id_hex
    keymod.init_township_key(haicheng.store, "another-passphrase-123", replace=True, cost=LOW_COST)
    keymod.enrol(world.county, keymod.township_key(haicheng.store), ACTOR, replace=True)
    way_out = "\n".join(tampered.way_out(world.county, tampered.scan(world.county)))
    assert "fazhi revoke" not in way_out
    assert (f"被改动的数据包由海城镇（{HAICHENG}）的密钥 {old} 签名，该密钥已于 2026-06-03 " in way_out
            and "无需再吊销（不要吊销该乡镇现在登记的密钥）" in way_out)
    assert [k.active for k in keymod.enrolled_keys(world.county, HAICHENG)] == [False, True]
    # a bundle whose import record is gone: which key signed it is not known, so none is named to revoke
    unknown = tampered.Finding(tampered.HISTORY, "…", bundle=tampered.Arrival(HAICHENG, "meeting", None, None, None))
    said = "\n".join(tampered.way_out(world.county, [unknown]))
    assert ("不知是哪一把）：如不是该所所为，可用 fazhi keys show 查看该乡镇的密钥，与乡镇核对后只吊销那一把"
            f"（fazhi revoke {HAICHENG} --key 密钥编号 --reason 被盗 --yes）") in said


def test_text_a_damaged_file_no_longer_holds_is_said_not_a_traceback(world, case, valid_record, tmp_path):
    forge(world, tmp_path, "meeting", case.id, valid_record)
    garble(world.county.conn, "meeting", "number", "id = ?", [case.id])  # a bad sector in the record named
    [found] = tampered.scan(world.county)
    assert found.text == "已收到的数据包：无法逐条检查，文字无法读取（磁盘或U盘上的数据已损坏）"
    assert tampered.way_out(world.county, tampered.scan(world.county)) == []  # the check's line says to restore
