# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""更换县级密钥 (a leaver had the keys folder, a passphrase forgotten): the key replaced is kept under the new
passphrase, so that bundles the townships encrypted to it before they took the new key file still import (said in
the report); the county records which key opened each bundle, and 数据完整性 shows which townships still use the old
one; a bundle no county key opens says when the county replaced its key. Before, `fazhi keys init --replace`
deleted the old identity: bundles on their way never opened again, while a leaver's copy of the folder still did."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pyrage
import pytest

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py

from bundle_world import COUNTY_PASS, county_template, world  # noqa: F401

from fazhi_desktop.core.bundle import county_key
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.common import BundleError, keys_dir
from fazhi_desktop.core.indicators.completeness import completeness
from fazhi_desktop.core.indicators.views import completeness_view

NEW = "the-county-new-passphrase"
OLD_KEY_NOTE = "用本县旧密钥打开（乡镇还在用旧的县级公钥）"


def test_a_bundle_on_its_way_imports_with_the_kept_old_key_and_the_report_says_so(world, valid_record):
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    on_its_way = world.export(town).path  # encrypted to the county's key before the change
    world.replace_county_key(NEW)
    [kept] = keymod.retired_files(keys_dir(world.county))
    assert kept.name == "county-identity-retired-2026-06-01.age"
    if os.name == "posix":
        assert kept.stat().st_mode & 0o777 == 0o600  # owner-only, as the key it was
    report = world.import_(on_its_way)
    assert report.ok and report.new == 1 and f"注意：{OLD_KEY_NOTE}" in "\n".join(report.lines())
    with pytest.raises(BundleError, match="口令不对"):  # the leaver's passphrase opens none of it here
        keymod.unlock_county_keys(world.county, COUNTY_PASS)

    county_key.add_county_keys(town.store, world.public.file_text(), "杨芳", replace=True)
    town.store.save("meeting", valid_record("meeting", title="换用新公钥之后"), "杨芳")
    report = world.import_(world.export(town).path)
    assert report.ok and OLD_KEY_NOTE not in "\n".join(report.lines())


def test_a_wrong_old_passphrase_changes_nothing(world):
    folder = keys_dir(world.county)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    with pytest.raises(BundleError, match=r"(?s)原口令不对.*县级密钥未更换"):
        keymod.init_county_keys(world.county, NEW, replace=True, old_passphrase="not-the-passphrase")
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_data_completeness_shows_which_townships_still_use_the_old_county_key(world, valid_record):
    late, quick = world.town("640522100"), world.town("640522101")
    for town in (late, quick):
        town.store.save("meeting", valid_record("meeting"), "杨芳")
    assert "县级公钥" not in completeness_view(world.county, completeness(world.county, 2026)).headers
    on_its_way = world.export(late).path
    world.replace_county_key(NEW)
    county_key.add_county_keys(quick.store, world.public.file_text(), "杨芳", replace=True)
    assert world.import_(on_its_way).ok and world.import_(world.export(quick).path).ok

    comp = completeness(world.county, 2026)
    view = completeness_view(world.county, comp)
    column = view.headers.index("县级公钥")
    cells = {row[1]: row[column] for row in view.rows}
    assert cells["640522100"] == "仍用旧公钥" and cells["640522101"] == "已换用"
    said = {t.code: t.attention() for t in comp.townships}
    assert "最后一个数据包仍加密给本县 2026-06-01 更换前的县级公钥（仍用旧公钥）" in said["640522100"]
    assert "添加本县新的县级公钥文件（替换旧的），电话核对新指纹" in said["640522100"]
    assert "县级公钥" not in said["640522101"]


def test_a_bundle_no_county_key_opens_says_when_the_county_replaced_its_key(world, valid_record):
    """The old passphrase forgotten: the old key is kept as it was (the program cannot open it), and a bundle
    encrypted to it is refused saying the county replaced its key on that day, not guessing 可能是发给别的县."""
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    on_its_way = world.export(town).path
    world.replace_county_key(NEW, old=None)
    assert len(keymod.retired_files(keys_dir(world.county))) == 1 and world.keys.retired == ()
    report = world.import_(on_its_way)
    assert not report.ok and "本县已于 2026-06-01 更换县级密钥" in report.error
    assert "可能是发给别的县，或乡镇用了旧的县级公钥" not in report.error


def test_a_new_passphrase_later_still_opens_the_kept_old_key(world, valid_record):
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    on_its_way = world.export(town).path
    world.replace_county_key(NEW)
    keymod.change_passphrase(world.county, NEW, "a-third-passphrase")  # someone else left since
    world.keys = keymod.unlock_county_keys(world.county, "a-third-passphrase")
    assert len(world.keys.retired) == 1
    assert world.import_(on_its_way).ok


def test_the_fingerprint_of_the_county_key_being_replaced_is_said_as_such(world):
    town = world.town()
    old = world.public
    world.replace_county_key(NEW)
    change = county_key.county_key_change(town.store, world.public.file_text(), "县级公钥-640522.txt")
    assert change.replaces and change.previous == old.fingerprint


def test_the_county_passphrase_message_speaks_of_import_and_receipts():
    said = keymod.passphrase_changed_text(county=True)
    assert "导入数据包和写回执时请用新口令" in said and "登记" not in said and "导出" not in said
    assert "请更换县级密钥" in said


def test_a_restore_after_a_passphrase_change_keeps_the_old_key_under_the_new_passphrase(world, tmp_path):
    world.replace_county_key(NEW)
    backup = tmp_path / "restored-keys"
    shutil.copytree(keys_dir(world.county), backup)  # the backup's keys folder, under NEW
    keymod.change_passphrase(world.county, NEW, "a-third-passphrase")
    assert keymod.keep_current_passphrase(keys_dir(world.county), backup)
    [kept] = keymod.retired_files(backup)
    assert pyrage.passphrase.decrypt(kept.read_bytes(), "a-third-passphrase").startswith(b"# created: ")


def test_a_replacement_cut_at_its_public_key_file_leaves_the_old_key_working(world, monkeypatch):
    """Windows' antivirus holding county-recipient.txt (or a full disk) while 更换县级密钥 writes it: the new private
    keys were already in and the public files still the old ones, so neither passphrase opened anything (不是一对)
    and a second 更换密钥 refused the old passphrase. All five files now go in together or not at all."""
    from fazhi_desktop.core import atomic

    folder = keys_dir(world.county)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    real_rename, refused = atomic.rename, []

    def held(source: Path, target: Path) -> None:
        if Path(target).name == keymod.COUNTY_RECIPIENT and not refused:  # its put-back goes through
            refused.append(target)
            raise PermissionError(13, "另一个程序正在使用此文件")
        real_rename(source, target)

    monkeypatch.setattr(atomic, "rename", held)
    with pytest.raises(BundleError, match="无法写入"):
        keymod.init_county_keys(world.county, NEW, replace=True, old_passphrase=COUNTY_PASS)
    monkeypatch.setattr(atomic, "rename", real_rename)
    # (the backup key made first, for the keys' sealed copy, stays: its own write, harmless, county_escrow.py)
    assert {p.name: p.read_bytes() for p in folder.iterdir()
            if not p.name.endswith(".part") and p.name != "backup-key.json"} == before
    assert keymod.unlock_county_keys(world.county, COUNTY_PASS).retired == ()
    world.replace_county_key(NEW)  # tried again, with the passphrase the county knows
    assert len(world.keys.retired) == 1
