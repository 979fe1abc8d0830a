"""The townships the county is told to enrol (密钥与登记's 尚未登记的乡镇, 第一次使用's 已登记 n / N) are those the
division list has this year: one merged away in an earlier year (README 新增或合并乡镇: `until_year`) was named as
not enrolled for ever, 县里登记之前不能接收它们的数据包, and counted in the total, so the step was never done; one
set up in a later year was asked for before it exists."""

from __future__ import annotations

from datetime import UTC, datetime

from fazhi_desktop.core import divisions, paths
from fazhi_desktop.core.bundle import keys
from fazhi_desktop.core.first_steps import TO_DO, UNKNOWN, first_steps
from fazhi_desktop.core.setup import init_database

NEW, LATER, MERGED = "640522215", "640522216", "640522214"  # 兴隆乡 from 2026, 新华乡 from 2027, 甘城乡 until 2025


def test_a_township_merged_away_or_not_yet_set_up_is_not_asked_for(tmp_path, monkeypatch, ledgers):
    shipped = (paths.resource("divisions") / "640522.csv").read_text(encoding="utf-8")
    folder = tmp_path / "divisions"
    folder.mkdir()
    (folder / "640522.csv").write_text(shipped.replace(f"{MERGED},甘城乡,,,", f"{MERGED},甘城乡,并入关庄乡,,2025")
                                       + f"{NEW},兴隆乡,,2026,\n{LATER},新华乡,,2027,\n", encoding="utf-8")
    real = divisions.load_divisions
    monkeypatch.setattr(divisions, "load_divisions", lambda directory=None: real(directory or folder))
    county = init_database(tmp_path / "county.db", "640522", county=True, ledgers=ledgers,
                           clock=lambda: datetime(2026, 3, 1, tzinfo=UTC))
    try:
        missing, total = keys.townships_without_key(county)
        assert "甘城乡" not in missing and "新华乡" not in missing and "兴隆乡" in missing
        assert (len(missing), total) == (18, 18)
        enrol = next(step for step in first_steps(county) if "登记各乡镇" in step.what)
        assert enrol.detail == "已登记 0 / 18 个乡镇"
    finally:
        county.close()


def test_a_replaced_county_key_asks_for_its_new_public_file(tmp_path, ledgers, clock):
    """After 更换密钥 the step said 已写出 of the old key's file: the townships need the new one."""
    county = init_database(tmp_path / "county.db", "640522", county=True, ledgers=ledgers, clock=clock)
    try:
        keys.init_county_keys(county, "xian-2026-key", cost=(1 << 10, 1 << 20))
        keys.write_county_public(county, tmp_path / "县级公钥-640522.txt")
        keys.init_county_keys(county, "xian-2026-new", replace=True, cost=(1 << 10, 1 << 20),
                              old_passphrase="xian-2026-key")
        step = next(step for step in first_steps(county) if "写出县级公钥文件" in step.what)
        assert (step.state, step.detail) == (TO_DO, "更换密钥后尚未写出新的县级公钥文件")
        keys.write_county_public(county, tmp_path / "县级公钥-640522-新.txt")
        step = next(step for step in first_steps(county) if "写出县级公钥文件" in step.what)
        assert (step.state, step.detail) == (UNKNOWN, "已写出；各乡镇是否都已添加，收到其数据包时才知道")
    finally:
        county.close()
