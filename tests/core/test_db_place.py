"""Where the database lies (core/db_place.py): a network share is refused, a sync folder and a stick are told."""

from __future__ import annotations

import ntpath
import os
import sys
import tempfile
from pathlib import Path

import pytest

from fazhi_desktop.core import db_place, media


def mounts(tmp_path: Path, monkeypatch, line: str) -> None:
    """/proc/self/mounts as Linux would list `line` (the last mount on a point is the one seen there)."""
    listing = tmp_path / "mounts"
    listing.write_text(f"/dev/vda / ext4 rw,relatime 0 0\n{line}\n", encoding="utf-8")
    monkeypatch.setattr(media, "MOUNTS", listing)


@pytest.mark.parametrize("path, said", [(r"Z:\共享\fazhi.db", "Z: 是网络驱动器"),
                                        (r"\\PC1\共享\fazhi.db", r"\\PC1\共享"),
                                        (r"\\?\UNC\PC1\共享\fazhi.db", r"\\?\UNC\PC1\共享")])
def test_a_mapped_drive_or_a_share_on_windows_is_refused_with_the_way_out(monkeypatch, path, said):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(db_place, "drive_type", lambda root: db_place.DRIVE_REMOTE if root == "Z:\\" else 3)
    def real(text):  # following links on a share waits for its server, which may be gone
        assert text.startswith("C:"), "followed links on a share"
        return text

    monkeypatch.setattr(ntpath, "realpath", real)
    with pytest.raises(db_place.OnNetwork) as refused:
        db_place.refuse_network(path)
    text = str(refused.value)
    assert f"网络共享文件夹上（{said}）" in text and path in text
    assert "请在存放这个数据库的那台电脑上使用法治台账" in text and "从备份恢复" in text
    db_place.refuse_network(r"C:\Users\mali\AppData\Local\fazhi-desktop\fazhi.db")  # the PC's own disk


def test_windows_onedrive_and_a_stick_are_told_not_refused(monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(db_place, "drive_type", lambda root: media.DRIVE_REMOVABLE if root == "E:\\" else 3)
    monkeypatch.setenv("OneDrive", r"C:\Users\mali\OneDrive - 海城镇")
    assert db_place.place_of(r"C:\Users\mali\OneDrive - 海城镇\文档\fazhi.db") == db_place.Place(
        db_place.SYNCED, r"C:\Users\mali\OneDrive - 海城镇")
    assert db_place.place_of(r"D:\BaiduSyncdisk\法治台账\fazhi.db").kind == db_place.SYNCED
    assert db_place.place_of(r"D:\我的坚果云\fazhi.db").kind == db_place.SYNCED
    assert db_place.place_of(r"E:\法治台账\fazhi.db") == db_place.Place(db_place.REMOVABLE, "E:")
    assert db_place.place_of(r"D:\法治台账\fazhi.db") is None
    db_place.refuse_network(r"D:\BaiduSyncdisk\fazhi.db")  # warned of at the window, not refused


def test_a_cifs_or_nfs_mount_on_linux_is_a_network_share(tmp_path, monkeypatch):
    mounts(tmp_path, monkeypatch, "//pc1/共享 / cifs rw,relatime 0 0")
    with pytest.raises(db_place.OnNetwork, match="网络共享文件夹上（//pc1/共享 挂载于 /）"):
        db_place.refuse_network(tmp_path / "新文件夹" / "fazhi.db")  # not made yet: the volume it would be on
    mounts(tmp_path, monkeypatch, "pc1:/srv / nfs4 rw,relatime 0 0")
    assert db_place.place_of(tmp_path / "fazhi.db").kind == db_place.NETWORK
    mounts(tmp_path, monkeypatch, "tmpfs /dev/shm tmpfs rw 0 0")
    assert db_place.place_of(tmp_path / "fazhi.db") is None


def test_the_warnings_say_what_goes_wrong_and_what_to_do(tmp_path):
    synced = db_place.warning("D:\\BaiduSyncdisk\\fazhi.db", db_place.Place(db_place.SYNCED, "BaiduSyncdisk"))
    assert "冲突副本" in synced and "不要用同步盘在两台电脑之间共用数据库" in synced and "从备份恢复" in synced
    stick = db_place.warning("E:\\fazhi.db", db_place.Place(db_place.REMOVABLE, "E:"))
    assert "拔下U盘" in stick and "U盘只用来放备份和数据包" in stick


@pytest.mark.parametrize("device", [r"C:\134", "drvfs"])
def test_wsl_s_own_windows_drive_is_not_a_network_share(tmp_path, monkeypatch, device):
    """WSL 2 mounts the PC's own C: at /mnt/c as 9p: a developer's database there was refused as on a share."""
    mounts(tmp_path, monkeypatch, f"{device} / 9p rw,noatime,dirsync,aname=drvfs;path=C:\\;uid=1000,trans=fd 0 0")
    assert db_place.place_of(tmp_path / "fazhi.db") is None
    db_place.refuse_network(tmp_path / "fazhi.db")
    mounts(tmp_path, monkeypatch, r"\134\134PC1\134共享 / 9p rw,aname=drvfs;path=\\PC1\共享 0 0")  # a share, in WSL
    assert db_place.place_of(tmp_path / "fazhi.db").kind == db_place.NETWORK


def test_a_folder_linked_to_a_share_is_on_the_share(tmp_path, monkeypatch):
    """A link on the PC's disk to a shared folder (ln -s, a Windows junction) opened the database there as local."""
    share = Path("/dev/shm")
    if not share.is_dir() or not os.path.ismount(share) or not os.access(share, os.W_OK):
        pytest.skip("no /dev/shm mount to stand for the share")
    mounts(tmp_path, monkeypatch, f"//pc1/共享 {share} cifs rw,relatime 0 0")
    target = Path(tempfile.mkdtemp(dir=share))
    try:
        (tmp_path / "台账").symlink_to(target, target_is_directory=True)
        with pytest.raises(db_place.OnNetwork, match="//pc1/共享"):
            db_place.refuse_network(tmp_path / "台账" / "fazhi.db")
    finally:
        os.rmdir(target)


def test_a_technician_may_turn_the_check_off_for_an_odd_disk(tmp_path, monkeypatch):
    """An office whose only disk the check takes for a share or a sync folder had no way to open its database."""
    mounts(tmp_path, monkeypatch, "//pc1/共享 / cifs rw,relatime 0 0")
    monkeypatch.setenv(db_place.SKIP_VARIABLE, "1")
    assert db_place.place_of(tmp_path / "fazhi.db") is None
    db_place.refuse_network(tmp_path / "fazhi.db")
    assert db_place.place_of(tmp_path / "Dropbox" / "fazhi.db") is None
    monkeypatch.setenv(db_place.SKIP_VARIABLE, "0")
    assert db_place.place_of(tmp_path / "fazhi.db").kind == db_place.NETWORK


@pytest.mark.parametrize("path", [r"\\PC1\共享\fazhi.db", r"\\localhost\D$\共享\fazhi.db",
                                  r"\\?\UNC\pc1\共享\fazhi.db"])
def test_a_share_of_this_very_pc_is_told_to_be_opened_by_its_own_disk(monkeypatch, path):
    """The PC holding the share, its shortcut naming \\\\PC1\\共享 as the other PC's did, was told to use the program
    on the PC that holds the database: the one the clerk sat at."""
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("COMPUTERNAME", "PC1")
    with pytest.raises(db_place.OnNetwork) as refused:
        db_place.refuse_network(path)
    text = str(refused.value)
    assert "就是这台电脑共享出去的文件夹" in text and "按它在这台电脑硬盘上的位置打开" in text and "FAZHI_DB" in text
    assert "请在存放这个数据库的那台电脑上使用法治台账" not in text
    monkeypatch.setenv("COMPUTERNAME", "PC2")  # another PC's share: use it there
    with pytest.raises(db_place.OnNetwork, match="请在存放这个数据库的那台电脑上使用法治台账"):
        db_place.refuse_network(r"\\PC1\共享\fazhi.db")
