# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""At the county the import report said 更新 1 条（其中删除 1 条） without naming the record deleted: the reviewer had
to open 数据包记录 → 查看明细 to learn which. The report names each record the township deleted by its kind, number
and date, as it names conflicts (nothing of its content: a case's name names its parties), the first five of many."""

from __future__ import annotations

from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.bundle.apply import totals
from fazhi_desktop.core.bundle.import_report import brief

ACTOR = "杨芳"


def cases(town, valid_record, count: int) -> list:
    return [town.store.save("mediation_case", valid_record("mediation_case", accepted_on=f"2026-03-{day:02d}",
                                                           case_name=f"马某与李某宅基地纠纷{day}"), ACTOR)
            for day in range(1, count + 1)]


def test_the_report_names_the_record_the_township_deleted(world, valid_record):
    town = world.town()
    saved = cases(town, valid_record, 3)
    assert world.import_(world.export(town).path).ok
    town.store.delete(saved[1].id, ACTOR)
    report = world.import_(world.export(town).path)
    said = "更新 1 条（其中删除 1 条：调解案件 〔2026〕人调字第2号（2026-03-02））"
    assert said in report.lines()[1]
    assert f"：{said}，未变 2 条" in brief(report)  # the import window's line for a bundle that needs nothing
    assert "宅基地" not in "\n".join(report.lines()) + brief(report)
    assert "更新 1 条（其中删除 1 条）" in totals([report])  # the sum over the stick counts only


def test_many_deleted_are_named_five_and_more_and_new_ones_deleted_too(world, valid_record):
    town = world.town()
    saved = cases(town, valid_record, 7)
    assert world.import_(world.export(town).path).ok
    for record in saved[:6]:
        town.store.delete(record.id, ACTOR)
    gone = town.store.save("meeting", valid_record("meeting", held_on="2026-03-09"), ACTOR)
    town.store.delete(gone.id, ACTOR)  # entered and deleted before the county had it
    report = world.import_(world.export(town).path)
    first = "、".join(f"调解案件 〔2026〕人调字第{n}号（2026-03-0{n}）" for n in range(1, 6))
    assert f"更新 6 条（其中删除 6 条：{first}等）" in report.lines()[1]
    assert "新增 1 条（其中删除 1 条：会议 〔2026〕会记字第1号（2026-03-09））" in report.lines()[1]
