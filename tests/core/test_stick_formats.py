# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""The sticks a township has: a FAT32 one (no file of 4 GB or more: EFBIG), a write-protected one, one whose file
system keeps no permissions. A bundle that cannot be written is said before minutes of packing, in Chinese, naming
the stick and the way out, and nothing is left under the final name."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from bundle_world import county_template, world  # noqa: F401

from fazhi_desktop.core import atomic, failures, file_parts, media
from fazhi_desktop.core.bundle import export as export_module
from fazhi_desktop.core.bundle.common import BundleError

ACTOR = "杨芳"
FIVE_GB = 5 * 1024**3


def mounted_as(monkeypatch, tmp_path: Path, folder: Path, kind: str) -> None:
    """The volume `folder` is on listed in /proc/self/mounts as a file system of `kind` (vfat, exfat)."""
    root = str(media.volume_of(folder)[0]).replace(" ", "\\040")
    mounts = tmp_path / "mounts"
    mounts.write_text(f"/dev/sdb1 {root} {kind} rw,relatime 0 0\n", encoding="utf-8")
    monkeypatch.setattr(media, "MOUNTS", mounts)
    monkeypatch.setattr(media.sys, "platform", "linux")


def no_packing(monkeypatch) -> None:
    def packed(*args, **kwargs):
        raise AssertionError("packed before the stick was found unable to take the bundle")

    monkeypatch.setattr(export_module, "_write_tar", packed)


def test_a_fat32_stick_is_told_apart_from_an_exfat_one(monkeypatch, tmp_path):
    mounted_as(monkeypatch, tmp_path, tmp_path, "vfat")
    assert media.fat_volume(tmp_path)
    mounted_as(monkeypatch, tmp_path, tmp_path, "exfat")
    assert not media.fat_volume(tmp_path)


def test_a_fat32_stick_reached_through_a_symlink_is_still_fat32(monkeypatch, tmp_path):
    """~/U盘 → /media/<user>/STICK: the link's own folder is on the home disk, the files land on the stick."""
    stick = tmp_path / "media" / "STICK"
    stick.mkdir(parents=True)
    link = tmp_path / "home" / "U盘"
    link.parent.mkdir()
    link.symlink_to(stick, target_is_directory=True)
    real_ismount = os.path.ismount
    monkeypatch.setattr(media.os.path, "ismount", lambda path: Path(path) == stick or real_ismount(path))
    mounted_as(monkeypatch, tmp_path, stick, "vfat")
    assert media.fat_volume(link)
    assert file_parts.part_size_for(link, FIVE_GB) is not None  # written in parts there


def test_a_bundle_too_large_for_a_fat32_stick_goes_onto_it_in_parts(world, monkeypatch, tmp_path):
    """Before: refused before packing (请换一个 exFAT 或 NTFS 格式的U盘); a county-issued stick may not be
    reformatted. The stick's largest file made 16 KB stands for 4 GB."""
    town = world.town()
    mounted_as(monkeypatch, tmp_path, town.usb, "vfat")
    monkeypatch.setattr(media, "FAT_MAX_FILE", 16 * 1024)
    result = export_module.export_bundle(town.store, town.usb, town.signer, full=True, actor=ACTOR)
    assert len(result.parts) >= 3 and result.parts[-1].name == "fazhi-640522100-000001.tar.age.sha256"
    assert all(part.stat().st_size <= 16 * 1024 for part in result.parts)
    assert town.store.conn.execute("SELECT COUNT(*) FROM bundles_sent").fetchone()[0] == 1
    assert "FAT32" not in (export_module.space_problem(town.usb, FIVE_GB, full=True) or "")


def test_the_same_bundle_goes_onto_an_exfat_stick_and_a_small_one_onto_fat32(world, monkeypatch, tmp_path):
    town = world.town()
    mounted_as(monkeypatch, tmp_path, town.usb, "exfat")
    assert "FAT32" not in (export_module.space_problem(town.usb, FIVE_GB) or "")
    mounted_as(monkeypatch, tmp_path, town.usb, "vfat")
    assert "FAT32" not in (export_module.space_problem(town.usb, 3 * 1024**3) or "")
    assert world.export(town).path.is_file()
    mounted_as(monkeypatch, tmp_path, town.usb, "exfat")
    monkeypatch.setattr(media, "FAT_MAX_FILE", 1024)  # no FAT32 stick: whole, however large
    assert world.export(town).parts == []


def test_a_file_too_large_for_the_stick_while_writing_is_said_in_chinese_and_leaves_nothing(world, monkeypatch):
    town = world.town()

    def too_large(source, out, recipients):
        out.write(b"x" * 1000)
        raise OSError(errno.EFBIG, os.strerror(errno.EFBIG))

    monkeypatch.setattr(export_module, "encrypt", too_large)
    with pytest.raises(BundleError) as refused:
        export_module.export_bundle(town.store, town.usb, town.signer, actor=ACTOR)
    said = str(refused.value)
    assert "File too large" not in said
    assert "FAT32 格式的U盘单个文件不能超过 4 GB" in said and "未写完的文件已删除" in said
    assert list(town.usb.iterdir()) == []


def test_efbig_is_said_in_chinese_wherever_a_file_is_written():
    exc = OSError(errno.EFBIG, os.strerror(errno.EFBIG))
    said = str(failures.from_os(exc, Path("E:/备份.zip"), "备份", cleaned_up=True, output=True))
    assert "File too large" not in said and "FAT32" in said and "exFAT" in said


def test_a_write_protected_stick_is_said_before_packing(world, monkeypatch):
    town = world.town()
    monkeypatch.setattr(export_module, "location_read_only", lambda path: Path(path) == town.usb)
    no_packing(monkeypatch)
    with pytest.raises(BundleError) as refused:
        export_module.export_bundle(town.store, town.usb, town.signer, actor=ACTOR)
    assert str(refused.value).startswith(f"{town.usb} 不能写入：文件或所在位置只读（例如U盘开了写保护")
    assert "请关闭U盘的写保护，或换一个可以写入的位置" in str(refused.value)


@pytest.mark.parametrize("code", [errno.EPERM, errno.ENOSYS])
def test_a_stick_that_keeps_no_permissions_still_takes_the_bundle(world, monkeypatch, code):
    """FAT32 mounted by hand without `showexec` refuses chmod (EPERM), a FUSE mount does not implement it
    (ENOSYS): "Function not implemented" stopped every export onto such a stick."""
    town = world.town()
    real_chmod = os.chmod

    def chmod(path, mode, *args, **kwargs):
        if Path(path).parent == town.usb:
            raise OSError(code, os.strerror(code), str(path))
        return real_chmod(path, mode, *args, **kwargs)

    monkeypatch.setattr(atomic.os, "chmod", chmod)
    result = world.export(town)
    assert [p.name for p in town.usb.iterdir()] == [result.path.name]
