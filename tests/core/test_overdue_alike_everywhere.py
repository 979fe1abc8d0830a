# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""逾期 counted alike wherever it is said (session 23 review): the county's list and its 逾期 filter, 数据完整性, the
register of the township, `fazhi list`; the township's list, 指标 page count, `fazhi indicators` and register: one
record late in each of two years, a failed 复查, one of an earlier install (重装前) and one set aside (不计入)."""

from __future__ import annotations

from datetime import UTC, datetime

from bundle_world import county_template, set_aside_by_restore, world  # noqa: F401  (fixtures)

from fazhi_desktop.cli import main
from fazhi_desktop.core import overdue
from fazhi_desktop.core.documents import build_register_document
from fazhi_desktop.core.indicators.completeness import completeness
from fazhi_desktop.core.store import ListQuery

CLERK = "杨芳"


def late_in_register(store, ledger, year, township=None) -> int:
    return sum(line.startswith("逾期·") for line in
               build_register_document(store, ledger, year, township=township).text().split("\n"))


def test_late_matters_counted_alike(world, valid_record, clock, capsys, monkeypatch):
    clock.set(datetime(2026, 3, 1, 4, tzinfo=UTC))
    town = world.town()
    save = lambda s, ledger, **v: s.save(ledger, valid_record(ledger, **v), CLERK)  # noqa: E731
    save(town.store, "complaint", accepted_on="2026-01-05", due_on="2026-02-01", matter="重装前的投诉")
    aside = save(town.store, "complaint", accepted_on="2026-01-05", due_on="2026-02-01", matter="恢复前改过的投诉")
    set_aside_by_restore(world, town, valid_record, "complaint", aside.id, {"matter": "恢复前改过的投诉（补充）"})
    new = world.reinstall(town.code)
    world.receipt(new)
    save(new.store, "complaint", accepted_on="2025-11-05", due_on="2025-12-01", matter="去年的投诉")
    save(new.store, "complaint", accepted_on="2026-02-05", due_on="2026-02-20", matter="今年的投诉")
    save(new.store, "complaint", accepted_on="2026-02-05", due_on="2026-02-20", closed_on="2026-02-10",
         matter="办结的投诉", handling_result="属实")
    save(new.store, "enforcement_check", checked_on="2026-01-10", rectify_by="2026-02-01",
         rechecked_on="2026-02-05", recheck_result="未整改")
    world.import_(world.export(new).path)
    county = world.county
    code = town.code

    # the township
    here = new.store
    assert overdue.counts(here) == {"enforcement_check": 1, "complaint": 2}
    assert len(here.query_rids(ListQuery("complaint", overdue=True))) == 2
    assert late_in_register(here, "complaint", 2026) + late_in_register(here, "complaint", 2025) == 2
    assert late_in_register(here, "enforcement_check", 2026) == 1

    # the county: the 重装前 and the 不计入 complaints are held, marked, and late by their dates alone
    held = county.rows("complaint", county.query_rids(ListQuery("complaint", township=code))).values()
    assert sorted(county.county_marks([r.id for r in held]).values()) == ["不计入", "重装前"]
    assert overdue.by_township(county) == {code: {"enforcement_check": 1, "complaint": 2}}
    assert len(county.query_rids(ListQuery("complaint", overdue=True, township=code))) == 2
    row = next(t for t in completeness(county, 2026).townships if t.code == code)
    assert any("投诉举报 2 件" in p and "行政执法监督检查 1 件" in p for p in row.problems()), row.problems()
    assert late_in_register(county, "complaint", 2026, code) + late_in_register(county, "complaint", 2025, code) == 2
    assert late_in_register(county, "enforcement_check", 2026, code) == 1
    monkeypatch.setenv("FAZHI_DB", str(county.path))
    assert main(["list", "complaint", "--status", "逾期"]) == 0
    out = capsys.readouterr().out
    assert "共 2 条" in out and out.count("逾期·") == 2, out
    assert main(["list", "complaint"]) == 0
    assert capsys.readouterr().out.count("逾期·") == 2
