"""`fazhi list -o` into a sync client's folder (OneDrive\\文档): the workbook holds the parties' names and disputes
(full ID numbers too with --reveal), and went to the cloud without a word where `fazhi pdf -o` says so."""

from __future__ import annotations

from fazhi_desktop.cli import main
from fazhi_desktop.core import db_place


def test_fazhi_list_into_onedrive_says_it_goes_to_the_cloud_and_elsewhere_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv(db_place.SKIP_VARIABLE, raising=False)
    for variable in db_place.ONEDRIVE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("FAZHI_DB", str(tmp_path / "office.db"))
    assert main(["init", "--township", "640522100", "--operator", "杨芳"]) == 0
    synced = tmp_path / "OneDrive" / "文档"
    synced.mkdir(parents=True)
    capsys.readouterr()
    assert main(["list", "mediation_case", "-o", str(synced / "调解案件.xlsx")]) == 0
    out, err = capsys.readouterr()
    assert "已写入" in out and "注意：这个文件夹在同步盘中（OneDrive）" in err and "个人信息" in err  # before: nothing
    assert main(["list", "mediation_case", "-o", str(tmp_path / "调解案件.xlsx")]) == 0
    assert "同步盘" not in capsys.readouterr().err
