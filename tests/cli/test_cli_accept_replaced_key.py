# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""`fazhi import --accept-replaced-key HASH`: a late bundle signed before the revocation by a key replaced (更换),
continuing that key's bundles the county holds, is taken once the reviewer names the bundle by the hash its refusal
printed; without it the refusal says how (core/bundle/replaced_key.py). The key's id, which the option took before,
is refused: any bundle the old key signs after the same one would have been taken with it."""

from __future__ import annotations

from bundle_world import COUNTY_PASS, LOW_COST, bundle_hash, county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.cli import main
from fazhi_desktop.core.bundle import keys as keymod


def test_a_late_bundle_of_a_replaced_key_is_taken_with_the_option(world, valid_record, capsys, monkeypatch):
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    world.import_(world.export(town).path)
    meeting = town.store.save("meeting", valid_record("meeting", title="换密钥前导出的会议"), "杨芳")
    late = world.export(town).path  # made under the old key, left on the stick
    old = keymod.township_key(town.store).public.key_id_hex
    world.clock.advance(days=1)
    keymod.init_township_key(town.store, "new-pass-2026", replace=True, cost=LOW_COST)  # a forgotten passphrase
    keymod.enrol(world.county, keymod.township_key(town.store), "田敏", replace=True)
    monkeypatch.setenv("FAZHI_PASSPHRASE", COUNTY_PASS)
    county = ["--db", str(world.county.path)]

    assert main([*county, "import", str(late)]) == 1
    out = capsys.readouterr().out
    printed = bundle_hash(world, late)
    assert "吊销，拒绝接收" in out and f"fazhi import --accept-replaced-key {printed} 数据包文件" in out
    assert not world.county.conn.execute("SELECT 1 FROM meeting WHERE id = ?", [meeting.id]).fetchone()

    # the key's id names no one bundle: refused before the passphrase is asked, nothing imported
    assert main([*county, "import", "--accept-replaced-key", old, str(late)]) == 1
    out = capsys.readouterr()
    said = "--accept-replaced-key 后面应是拒收时列出的数据包核验值（64 位，0-9 和 a-f）"
    assert f"{said}，而不是“{old}”" in out.err + out.out
    assert not world.county.conn.execute("SELECT 1 FROM meeting WHERE id = ?", [meeting.id]).fetchone()

    grouped = " ".join(printed[at:at + 16] for at in range(0, 64, 16))  # as the window shows it, read out
    assert main([*county, "import", "--accept-replaced-key", grouped.upper(), str(late)]) == 0
    out = capsys.readouterr().out
    assert "已导入" in out and "作为迟到的数据包接收" in out
    assert world.county.get(meeting.id).values["title"] == "换密钥前导出的会议"
