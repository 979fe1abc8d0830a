# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""`fazhi check` on a county database that took in a changed bundle before verification refused it: exit 1, naming
the record, its township and the bundle that brought it, then what the technician can do; a clean county: exit 0."""

from __future__ import annotations

from bundle_world import county_template, imported_before_the_fix, world  # noqa: F401  (fixtures)

from fazhi_desktop.cli import main

HAICHENG, LIWANG = "640522100", "640522101"


def check(capsys, world) -> tuple[int, str]:
    code = main(["--db", str(world.county.path), "check"])
    return code, capsys.readouterr().out


def test_fazhi_check_names_a_record_a_changed_bundle_put_under_another_townships_id(world, valid_record, tmp_path,
                                                                                   capsys):
    liwang = world.town(LIWANG)
    case = liwang.store.save("mediation_case", valid_record("mediation_case"), "李")
    assert world.import_(world.export(liwang).path).ok
    assert check(capsys, world)[0] == 0
    world.clock.advance(days=2)
    name = imported_before_the_fix(world, world.town(HAICHENG), "meeting", case.id, valid_record("meeting"), tmp_path)
    code, out = check(capsys, world)
    assert code == 1
    assert "已收到的数据包：检查 2 个（记录标识、单位名称）" in out
    assert (f"  - 调解案件 {case.number}（李旺镇）的记录标识另有记录使用：会议 〔2026〕会记字第1号（海城镇）"
            f"由海城镇第 1 号数据包 {name}（2026-06-03 ") in out
    assert "李旺镇以后含这条调解案件记录的数据包都会被拒收" in out
    assert out.index("发现 1 处问题") < out.index("处理办法（详见使用说明中的“旧版本导入过被改动的数据包”）：")
    key = world.town(HAICHENG).signer.public.key_id_hex
    assert "fazhi restore" in out and f"fazhi revoke {HAICHENG} --key {key} --reason 被盗 --yes" in out
    assert main(["--db", str(world.county.path), "revoke", HAICHENG, "--key", key, "--reason", "被盗",
                 "--yes"]) == 0  # as printed
    assert f"已吊销海城镇（{HAICHENG}）的密钥：{key}（原因：被盗）。" in capsys.readouterr().out


def test_fazhi_check_on_a_clean_county_database_says_all_is_well(world, valid_record, capsys):
    town = world.town(HAICHENG)
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    assert world.import_(world.export(town).path).ok
    code, out = check(capsys, world)
    assert code == 0
    assert "已收到的数据包：检查 1 个（记录标识、单位名称）" in out and out.rstrip().endswith("结论：全部一致")
    assert "处理办法" not in out
