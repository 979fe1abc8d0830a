# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A stick's bundles are imported each township's oldest first, by the township and sequence each bundle carries:
a renamed file was imported after all the others, and 第 2 号 after 第 3 号 was said as 顺序颠倒."""

from __future__ import annotations

import shutil

import pytest
from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.bundle import unpack
from fazhi_desktop.core.bundle.apply import bundle_files, import_bundles
from fazhi_desktop.core.jobs import Cancelled

ACTOR = "杨芳"


@pytest.fixture
def renamed_stick(world, valid_record, tmp_path):
    """海城镇 第1号 imported; on the stick 第2号 renamed by the township, 第3号 as written, a file that is no bundle."""
    town = world.town()
    bundles = []
    for n in range(3):
        town.store.save("meeting", valid_record("meeting", title=f"第{n + 1}次专题会议"), ACTOR)
        bundles.append(world.export(town).path)
    world.import_(bundles[0])
    stick = tmp_path / "stick"
    stick.mkdir()
    shutil.copy(bundles[1], stick / "海城镇12月.tar.age")
    shutil.copy(bundles[2], stick / bundles[2].name)
    (stick / "坏的.tar.age").write_bytes(b"not a bundle")
    return world, stick, bundles[2].name


@pytest.mark.parametrize("dry_run", [True, False])
def test_a_renamed_bundle_is_imported_in_its_place_decrypted_once(renamed_stick, monkeypatch, dry_run):
    world, stick, third = renamed_stick
    decrypted = []
    real = unpack.pyrage.decrypt_file
    monkeypatch.setattr(unpack.pyrage, "decrypt_file", lambda src, *rest: (decrypted.append(src), real(src, *rest)))
    reports = import_bundles(world.county, bundle_files(stick), world.keys, ACTOR, dry_run=dry_run)
    assert [(r.file_name, r.sequence, r.new) for r in reports] == [
        ("海城镇12月.tar.age", 2, 1), (third, 3, 1), ("坏的.tar.age", 0, 0)]
    assert not any("顺序颠倒" in note for r in reports for note in r.notes), [r.notes for r in reports]
    assert reports[2].error.startswith("数据包 坏的.tar.age 不是本程序导出的加密数据包")  # in its place, as before
    assert sorted(decrypted) == sorted(str(stick / name) for name in ("海城镇12月.tar.age", third))  # once each
    assert not list(world.county.path.parent.glob(".fazhi-import-*"))  # the renamed one's work folder too


def test_a_batch_cancelled_before_a_renamed_bundle_was_imported_removes_it_decrypted(renamed_stick):
    """取消 before the renamed file's turn leaves nothing decrypted behind (its place was read in memory)."""
    world, stick, _third = renamed_stick

    def cancel(_done, _total, text):
        if text.startswith("正在核验"):
            raise Cancelled()

    reports = import_bundles(world.county, bundle_files(stick), world.keys, ACTOR, progress=cancel)
    assert [r.cancelled for r in reports] == [True, True, True]
    assert not list(world.county.path.parent.glob(".fazhi-import-*"))
