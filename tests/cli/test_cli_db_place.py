"""`fazhi` on a database on a network share refuses, saying what to do; in a sync folder it warns and works."""

from __future__ import annotations

from fazhi_desktop.cli import main
from fazhi_desktop.core import media


def on_a_share(tmp_path, monkeypatch) -> None:
    listing = tmp_path / "mounts"
    listing.write_text("/dev/vda / ext4 rw 0 0\n//pc1/共享 / cifs rw,relatime 0 0\n", encoding="utf-8")
    monkeypatch.setattr(media, "MOUNTS", listing)


def test_a_database_on_a_network_share_is_neither_made_nor_opened(tmp_path, monkeypatch, capsys, db):
    on_a_share(tmp_path, monkeypatch)
    new = tmp_path / "共享" / "fazhi.db"
    assert main(["--db", str(new), "init", "--township", "640522100", "--operator", "马文"]) == 1
    said = capsys.readouterr().err
    assert "错误：数据库文件在网络共享文件夹上（//pc1/共享 挂载于 /）" in said and "fazhi restore" in said
    assert not new.exists() and not new.parent.exists()
    assert main(["list", "meeting"]) == 1  # one made before (FAZHI_DB): not opened either
    assert "网络共享文件夹" in capsys.readouterr().err


def test_a_database_in_a_sync_folder_is_warned_of_and_used(tmp_path, monkeypatch, capsys):
    path = tmp_path / "BaiduSyncdisk" / "fazhi.db"
    assert main(["--db", str(path), "init", "--township", "640522100", "--operator", "马文"]) == 0
    capsys.readouterr()
    assert main(["--db", str(path), "list", "meeting"]) == 0
    said = capsys.readouterr().err
    assert said.startswith("注意：数据库文件在同步盘的文件夹中（BaiduSyncdisk）") and "冲突副本" in said
