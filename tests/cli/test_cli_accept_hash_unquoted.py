# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""`fazhi import --accept-replaced-key` given the 核验值 as the import window shows it, four groups of 16, without
quotes: the shell passed the first group alone, and the refusal said `密钥编号不算`, as if a key id had been typed.
It says to put the four groups in quotes."""

from __future__ import annotations

from bundle_world import COUNTY_PASS, LOW_COST, bundle_hash, county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.cli import main
from fazhi_desktop.core.bundle import keys as keymod


def test_a_hash_in_four_groups_unquoted_is_said_to_want_quotes(world, valid_record, capsys, monkeypatch):
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    world.import_(world.export(town).path)
    town.store.save("meeting", valid_record("meeting", title="换密钥前导出的会议"), "杨芳")
    late = world.export(town).path
    world.clock.advance(days=1)
    keymod.init_township_key(town.store, "new-pass-2026", replace=True, cost=LOW_COST)
    keymod.enrol(world.county, keymod.township_key(town.store), "田敏", replace=True)
    monkeypatch.setenv("FAZHI_PASSPHRASE", COUNTY_PASS)
    printed = bundle_hash(world, late)
    groups = [printed[at:at + 16] for at in range(0, 64, 16)]
    assert main(["--db", str(world.county.path), "import", "--accept-replaced-key", *groups, str(late)]) == 1
    out = capsys.readouterr()
    said = out.out + out.err
    assert f"而不是“{groups[0]}”" in said
    assert "照导入窗口分四组抄写的核验值，请整个放在引号里：--accept-replaced-key \"… … … …\"" in said
