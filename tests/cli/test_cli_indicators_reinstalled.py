# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A re-installed township's `fazhi indicators` said nothing of the earlier install's records the county keeps and
counts, where its 指标 page says so: the same note now, from the same function (receipt_earlier.indicators_note),
for the year asked; none at the county, which counts them itself."""

from __future__ import annotations

from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.cli import main

NOTE = ("县里保存有本所重装前的 2 条记录，其中 1 条计入县里2026年的指标；"
        "本所统计的指标不含这些记录，结果可能与县里的不同。")


def indicators(capsys, db, year: str) -> str:
    assert main(["--db", str(db), "indicators", "--year", year]) == 0
    return capsys.readouterr().out


def test_a_reinstalled_townships_indicators_say_what_the_county_counts_besides(capsys, world, valid_record):
    town = world.town()
    for day in ("2025-05-05", "2026-03-05"):
        town.store.save("meeting", valid_record("meeting", held_on=day), "杨芳")
    world.import_(world.export(town).path)
    new = world.reinstall(town.code)
    assert "重装前" not in indicators(capsys, new.store.path, "2026")  # not told yet: nothing said
    world.receipt(new)
    assert NOTE in indicators(capsys, new.store.path, "2026")
    assert "其中 1 条计入县里2025年的指标" in indicators(capsys, new.store.path, "2025")
    assert "重装前" not in indicators(capsys, new.store.path, "2027")  # none counts there
    assert "县里保存有本所重装前" not in indicators(capsys, world.county.path, "2026")
