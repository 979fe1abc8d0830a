"""Where the database lies (core/db_place.py): a network share is refused, a sync folder and a stick are told."""

from __future__ import annotations

import sys
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
