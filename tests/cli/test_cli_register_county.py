# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""`fazhi register` at the county prints one township's register (`--township`, as `fazhi list` takes it); a
township prints its own."""

from __future__ import annotations

from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.cli import main


def test_the_county_names_the_township_whose_register_it_prints(world, valid_record, tmp_path, capsys):
    towns = [world.town(code) for code in ("640522100", "640522101")]
    for town in towns:
        town.store.save("meeting", valid_record("meeting"), "杨芳")
        assert world.import_(world.export(town).path).ok
    db, out_file = str(world.county.path), tmp_path / "台账.pdf"
    assert main(["--db", db, "register", "meeting", "--year", "2026", "-o", str(out_file)]) == 2
    err = capsys.readouterr().err
    assert "请用 --township 指定乡镇" in err and "海城镇（640522100）、李旺镇（640522101）" in err
    assert not out_file.exists()
    assert main(["--db", db, "register", "meeting", "--year", "2026", "--township", "李旺镇", "-o", str(out_file)]) == 0
    assert f"已生成李旺镇2026年会议台账：{out_file}（共 1 页）" in capsys.readouterr().out
    assert main(["--db", str(towns[0].store.path), "register", "meeting", "--township", "海城镇",
                 "-o", str(out_file)]) == 2
    assert "--township 只用于县级数据库" in capsys.readouterr().err


def test_the_county_refuses_a_township_it_holds_no_records_of(world, valid_record, tmp_path, capsys):
    """640522999 (no such township) printed an empty register titled 2026年会议台账 and said 已生成6405229992026年
    会议台账; the window offers only the townships with records, and so does the command now."""
    town = world.town("640522100")
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    assert world.import_(world.export(town).path).ok
    db, out_file = str(world.county.path), tmp_path / "台账.pdf"
    for asked, named in (("640522999", "640522999没有会议记录"), ("李旺镇", "李旺镇（640522101）没有会议记录")):
        assert main(["--db", db, "register", "meeting", "--year", "2026", "--township", asked,
                     "-o", str(out_file)]) == 2
        err = capsys.readouterr().err
        assert named in err and "有会议记录的乡镇：海城镇（640522100）" in err
        assert not out_file.exists()
    assert main(["--db", db, "register", "law_study", "--year", "2026", "--township", "海城镇",
                 "-o", str(out_file)]) == 2  # records of another ledger only
    assert "海城镇（640522100）没有学法活动记录" in capsys.readouterr().err and not out_file.exists()
