# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""保管期限 at the county: the township was told (年度封账, `fazhi year list`) when its mediation files reached their
keeping period; the county, which holds a copy of every township's files, was told nothing of its copies. Now it is
told the same, township by township, in 数据完整性 and `fazhi year list`; nothing is erased."""

from __future__ import annotations

from datetime import UTC, datetime

from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.cli import main
from fazhi_desktop.core import retention
from fazhi_desktop.core.clock import office_date


def concluded(store, valid_record, closed_on: str, period: str):
    return store.save("mediation_case", valid_record(
        "mediation_case", accepted_on=closed_on, mediated_on=closed_on, result="调解成功", agreement_form="口头",
        agreement_content="双方和解", closed_on=closed_on, retention_period=period), "杨芳")


def held_at_county(world, valid_record, year: int) -> None:
    """海城镇 sends one case concluded in `year` kept 10年; 李旺镇 two such, one kept 30年 and one 永久."""
    haicheng, liwang = world.town("640522100"), world.town("640522101")
    concluded(haicheng.store, valid_record, f"{year}-05-10", "10年")
    for period in ("10年", "10年", "30年", "永久"):
        concluded(liwang.store, valid_record, f"{year}-06-01", period)
    for town in (haicheng, liwang):
        assert world.import_(world.export(town).path).ok


def test_the_county_is_told_of_the_copies_it_holds_township_by_township(world, valid_record):
    held_at_county(world, valid_record, 2026)
    world.clock.set(datetime(2035, 12, 31, 2, 0, tzinfo=UTC))
    assert retention.said(world.county) == ""
    world.clock.set(datetime(2036, 3, 10, 2, 0, tzinfo=UTC))
    said = retention.said(world.county)
    assert said.startswith("保管期限（从结案次年1月1日起算），县里保存的各乡镇副本中："
                           "海城镇：2026年结案、保管期限10年的调解案件 1 件，到2036年12月31日届满。"
                           "李旺镇：2026年结案、保管期限10年的调解案件 2 件，到2036年12月31日届满。"
                           "本程序不删除记录：这些是各乡镇报送、县里保存的副本"), said
    assert world.county.conn.execute("SELECT count(*) FROM mediation_case WHERE deleted = 0").fetchone()[0] == 5


def test_year_list_at_the_county_names_them(world, valid_record, capsys):
    year = office_date(datetime.now(UTC)).year  # the command reads the computer's clock
    held_at_county(world, valid_record, year - 10)
    path = str(world.county.path)
    world.county.close()
    assert main(["--db", path, "year", "list"]) == 0
    out = capsys.readouterr().out
    assert (f"县里保存的各乡镇副本中：海城镇：{year - 10}年结案、保管期限10年的调解案件 1 件，到{year}年12月31日届满。"
            f"李旺镇：{year - 10}年结案、保管期限10年的调解案件 2 件") in out
