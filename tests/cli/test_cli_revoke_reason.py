# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""`fazhi revoke --reason 被盗|丢失|更换 [--since DATE]`: the reason is asked for (the advice a refused bundle gets
depends on it), and `fazhi verify` of a bundle signed by a stolen key lists what it holds, unverified."""

from __future__ import annotations

from bundle_world import COUNTY_PASS, county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.cli import main
from fazhi_desktop.core.bundle import keys as keymod

HAICHENG = "640522100"


def test_revoking_asks_why_and_keeps_the_reason_and_day(world, valid_record, capsys, monkeypatch):
    town = world.town(HAICHENG)
    meeting = town.store.save("meeting", valid_record("meeting", title="失窃前的会议"), "杨芳")
    stick = world.export(town).path
    county = ["--db", str(world.county.path)]
    assert main([*county, "revoke", HAICHENG, "--yes"]) == 1
    assert "请用 --reason 说明吊销原因：被盗（电脑或存有密钥的U盘被盗）" in capsys.readouterr().err
    assert keymod.enrolled_keys(world.county, HAICHENG)[0].active
    assert main([*county, "revoke", HAICHENG, "--reason", "被盗", "--since", "2026-05-30", "--yes"]) == 0
    out = capsys.readouterr().out
    assert "（原因：被盗）" in out and "自 2026-05-30 起不再信任这把密钥" in out
    key = keymod.enrolled_keys(world.county, HAICHENG)[0]
    assert (key.revoked_reason, key.untrusted_since) == ("被盗", "2026-05-29T16:00:00Z")  # Beijing midnight

    monkeypatch.setenv("FAZHI_PASSPHRASE", COUNTY_PASS)
    assert main([*county, "verify", str(stick)]) == 1
    out = capsys.readouterr().out
    assert "县里无法分辨这个数据包是被盗之前还是之后做的" in out
    assert "数据包中的记录（未核实：签名密钥因被盗吊销，县里无法确认是乡镇所做，未导入）：" in out
    assert f"  [未核实] 会议  {meeting.number}  2026-03-05  失窃前的会议" in out
