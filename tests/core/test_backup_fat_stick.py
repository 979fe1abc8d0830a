"""A backup onto the FAT32 stick a township has (no file of 4 GiB or more): an office with years of scans packed
minutes of attachments into the work folder, then failed writing onto the stick with "File too large" (said in
Chinese since session 25, but followed by 请检查U盘或磁盘是否连接正常). Session 26 refused it before packing; it now
goes in parts (tests/core/test_backup_parts.py). A bundle just under the limit is no longer refused."""

from __future__ import annotations

import errno
import os

import pytest
from test_stick_formats import mounted_as

from fazhi_desktop.core import failures
from fazhi_desktop.core.attachments import add_attachment, blob_path
from fazhi_desktop.core.backup import create_backup
from fazhi_desktop.core.bundle import export as export_module
from fazhi_desktop.core.encryption import encrypted_size
from fazhi_desktop.core.media import FAT_MAX_FILE

ACTOR = "杨芳"


@pytest.fixture
def scanned(store, valid_record, tmp_path):
    """The office's database with one scan, which the test may make as large as it likes (a sparse file)."""
    scan = tmp_path / "扫描件.pdf"
    scan.write_bytes(b"%PDF scan " * 50)
    entry = add_attachment(store, scan)
    store.save("law_study", {**valid_record("law_study"), "attachments": [entry]}, ACTOR)
    return store, blob_path(store, entry["sha256"])


@pytest.fixture
def stick(tmp_path, monkeypatch):
    folder = tmp_path / "U盘 备份"
    folder.mkdir()
    mounted_as(monkeypatch, tmp_path, folder, "vfat")
    return folder


def test_the_same_backup_goes_onto_a_stick_that_is_not_fat32(scanned, tmp_path, monkeypatch):
    store, _ = scanned
    usb = tmp_path / "usb"
    usb.mkdir()
    mounted_as(monkeypatch, tmp_path, usb, "exfat")
    assert create_backup(store.path, usb).path.is_file()


def test_a_file_too_large_for_the_stick_while_writing_names_the_way_out_not_a_loose_stick(scanned, stick,
                                                                                          failing_stick):
    """A FAT32 stick the check cannot tell (a Mac's, a network share on one): "File too large" from the writing
    read 请检查U盘或磁盘是否连接正常，然后再试, which a clerk answers by plugging the stick in again."""
    store, _ = scanned
    failing_stick(stick, errno.EFBIG)
    with pytest.raises(failures.FileTooLarge) as caught:
        create_backup(store.path, stick)
    said = str(caught.value)
    assert said.startswith(f"写入备份失败：{stick}{os.sep}")
    assert ("文件超过了U盘允许的单个文件大小（FAT32 格式的U盘单个文件不能超过 4 GB），未写完的文件已删除。"
            "请换一个 exFAT 或 NTFS 格式的U盘或移动硬盘，然后再试。") in said
    assert "连接正常" not in said and "File too large" not in said
    assert list(stick.iterdir()) == []


def test_efbig_said_anywhere_gives_the_way_out_once():
    said = str(failures.from_os(OSError(errno.EFBIG, os.strerror(errno.EFBIG)), "E:/台账.pdf", "导出PDF",
                                cleaned_up=True, output=True))
    assert said.count("exFAT") == 1 and "连接正常" not in said
    assert failures.explain_os_error(OSError(errno.EFBIG, "File too large")) == (
        "文件超过了U盘允许的单个文件大小（FAT32 格式的U盘单个文件不能超过 4 GB）：请换一个 exFAT 或 NTFS 格式的U盘或"
        "移动硬盘，未写完的文件已删除")


def test_a_bundle_that_fits_the_fat32_limit_goes_whole(stick):
    """age adds 16 bytes to each 64 KiB and a short header: a bundle of 4 GiB less 2 MiB fits a FAT32 stick. The
    check added 0.1 % (4 MiB) and refused it, telling the office to reformat its stick. A larger one now goes in
    parts (tests/core/test_bundle_parts.py)."""
    largest = FAT_MAX_FILE - 2 * 1024**2
    assert encrypted_size(largest) <= FAT_MAX_FILE
    assert "FAT32" not in (export_module.space_problem(stick, largest) or "")
    fits = max(size for size in range(largest, largest + 2 * 1024**2, 4096) if encrypted_size(size) <= FAT_MAX_FILE)
    assert "FAT32" not in (export_module.space_problem(stick, fits) or "")
    assert export_module.parts_text(stick, "b.tar.age", fits) is None
    assert "将分成 2 个文件写入" in (export_module.parts_text(stick, "b.tar.age", fits + 4096) or "")


@pytest.mark.parametrize("size", [0, 1, 65535, 65536, 65537, 3 * 65536 + 7])
@pytest.mark.parametrize("recipients", [1, 3])
def test_encrypted_size_is_never_less_than_what_age_writes(size, recipients):
    import pyrage
    from pyrage import x25519

    keys = [x25519.Identity.generate().to_public() for _ in range(recipients)]
    written = len(pyrage.encrypt(b"x" * size, keys))
    assert written <= encrypted_size(size) <= written + 64 * 1024
