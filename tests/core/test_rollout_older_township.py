# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A rollout over weeks: the county upgraded first, the townships one by one. A township still on the older program
sent bundles that imported without a word, and the receipts carrying the county's indicator catalogs reached it
without effect (an older program reads past them: its 本年度指标 kept 不少于 4 次 where the county scored 不少于 6
次). Both builds said 0.1.0, so the technician could not tell which townships were still to do. The county is told
at the import and at 写回执."""

from __future__ import annotations

import sys
from pathlib import Path

from bundle_world import county_template, world  # noqa: F401  (fixtures)
from test_form_upgrade import forms_with_mediation_version

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/catalog_notices.py

from catalog_notices import notice_2024

from fazhi_desktop.core.bundle.apply import import_bundles
from fazhi_desktop.core.bundle.receipts import write_receipts
from fazhi_desktop.core.indicators import use_catalog
from fazhi_desktop.core.paths import app_version

OLDER = "乡镇的程序较旧（“调解案件”表单第 4 版，本县是第 5 版）"


def older_town(world, tmp_path, code: str = "640522100"):
    """A township whose program is the one before: its mediation form at version 4."""
    current, world.ledgers = world.ledgers, forms_with_mediation_version(tmp_path, 4)
    try:
        return world.town(code)
    finally:
        world.ledgers = current


def test_a_township_on_the_older_program_is_named_at_the_import_and_at_the_receipt(world, valid_record, tmp_path):
    town = older_town(world, tmp_path)
    town.store.save("mediation_case", valid_record("mediation_case"), "杨芳")
    report = world.import_(world.export(town).path)
    assert report.ok and report.new == 1, report.error
    # both builds said 0.1.0: "升级到与县里相同的版本（本程序是 0.1.0）" sent the technician to a township whose
    # 关于 said 0.1.0 too, and it looked done
    assert (f"{OLDER}：已照常导入，较新版本增加的字段为空。乡镇的程序也显示 {app_version()} 版，但是较早的构建："
            "请用县里升级所用的同一个安装程序为乡镇升级") in "\n".join(report.lines())
    [receipt] = write_receipts(world.county, world.keys, town.usb, [town.code])
    assert receipt.older == ""  # the county follows the shipped catalog: nothing the township misses
    use_catalog(world.county, notice_2024(tmp_path))
    [receipt] = write_receipts(world.county, world.keys, town.usb, [town.code])
    assert receipt.older == (f"{OLDER}，读不了回执带去的县里指标目录，其“本年度指标”仍按自己的目录计算："
                             "请为乡镇升级程序，升级后再导入这份回执即同步")


def test_once_the_township_upgraded_its_next_bundle_clears_the_note(world, valid_record, tmp_path):
    town = older_town(world, tmp_path)
    world.import_(world.export(town).path)
    use_catalog(world.county, notice_2024(tmp_path))
    town.store.close()
    town.store = type(town.store).open(town.store.path, world.ledgers, world.clock)  # the new program
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    report = world.import_(world.export(town).path)
    assert report.ok and "程序较旧" not in "\n".join(report.lines()), "\n".join(report.lines())
    [receipt] = write_receipts(world.county, world.keys, town.usb, [town.code])
    assert receipt.older == ""


def test_a_township_on_the_same_program_is_told_nothing(world, valid_record):
    town = world.town()
    town.store.save("mediation_case", valid_record("mediation_case"), "杨芳")
    report = world.import_(world.export(town).path)
    assert report.ok and "程序较旧" not in "\n".join(report.lines())


def test_a_township_on_an_older_version_is_told_both_versions(world, valid_record, tmp_path, monkeypatch):
    town = older_town(world, tmp_path)
    monkeypatch.setattr("fazhi_desktop.core.bundle.export.app_version", lambda: "0.0.9")
    report = world.import_(world.export(town).path)
    assert (f"{OLDER}：已照常导入，较新版本增加的字段为空。请把乡镇的程序（0.0.9 版）升级到与县里相同的版本（本程序是 "
            f"{app_version()}）") in "\n".join(report.lines())


def test_a_stick_with_several_bundles_of_a_township_names_it_once(world, valid_record, tmp_path):
    """18 townships of three bundles each on one stick: each older one was named at each of its bundles, and one
    upgraded between two bundles was still named at the first."""
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    older, upgraded = older_town(world, tmp_path / "a"), older_town(world, tmp_path / "b", "640522101")
    paths = []
    for _ in range(3):
        for town in (older, upgraded):
            town.store.save("meeting", valid_record("meeting"), "杨芳")
            paths.append(world.export(town).path)
    upgraded.store.close()
    upgraded.store = type(upgraded.store).open(upgraded.store.path, world.ledgers, world.clock)  # the new program
    upgraded.store.save("meeting", valid_record("meeting"), "杨芳")
    paths.append(world.export(upgraded).path)
    for dry_run in (True, False):
        reports = import_bundles(world.county, paths, world.keys, "县管理员", dry_run=dry_run)
        assert all(r.ok for r in reports)
        said = [(r.township, r.sequence) for r in reports for line in r.lines() if "程序较旧" in line]
        assert said == [(older.code, 3)], said  # before: every bundle of both
