# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""County 指标明细's 待核对 and the drill-down's 核对 named drafts and twins but not a record waiting in an open
conflict (三河镇's T40a meeting: only 需关注 said a conflict waited, not which figure it is behind)."""

from __future__ import annotations

import json

import openpyxl
from bundle_world import conflicted, county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.cli_indicators import _json
from fazhi_desktop.core.bundle.conflicts import KEEP_HELD, list_conflicts, resolve_conflict
from fazhi_desktop.core.indicators import compute, drill, load_catalog_for
from fazhi_desktop.core.indicators.report_xlsx import write_xlsx
from fazhi_desktop.core.indicators.views import build_report


def check_cells(store, year, number, tmp_path):
    """指标明细's 待核对 of each row whose 计入的记录 names `number`."""
    report = build_report(store, load_catalog_for(store), year)
    sheet = openpyxl.load_workbook(write_xlsx(report, tmp_path / "指标.xlsx"))["指标明细"]
    header = [c.value for c in sheet[3]]
    rows = [row for row in sheet.iter_rows(min_row=4, values_only=True)
            if number in str(row[header.index("计入的记录")] or "")]
    assert rows
    notes = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    return {row[0]: row[header.index("待核对")] for row in rows}, notes


def test_a_record_in_an_open_conflict_is_marked_in_the_report_and_the_drill_down(conflicted, tmp_path,
                                                                                  valid_record):
    """The restored PC's version waits in a conflict; the office's other PC, holding the county's version, sends
    its next bundle: the meeting counts again, its conflict still open."""
    world, town, record = conflicted
    town.store.save("meeting", valid_record("meeting", host="马文军", title="另一次会议"), "杨芳")
    assert world.import_(world.export(town).path).counted_again
    county, held = world.county, world.county.get(record.id)
    year = int(held.values["held_on"][:4])
    cells, notes = check_cells(county, year, held.number, tmp_path)
    assert all(f"有冲突 1 条（{held.number}）" in (cell or "") for cell in cells.values()), cells
    assert "有冲突待处理的" in notes
    catalog = load_catalog_for(county)
    found = drill(county, catalog, next(iter(cells)), year, town.code)
    [ref] = [r for r in found.records if r.id == record.id]
    assert ref.mark == "有冲突" and ref.short_mark == "有冲突"
    # `fazhi indicators --format json`: the record says so too
    listed = json.dumps(_json(county, compute(county, catalog, year, ids=True), {}), ensure_ascii=False)
    assert f'"number": "{held.number}", "status": "草稿", "in_conflict": true' in listed
    # settled: nothing left to check
    [conflict] = list_conflicts(county)
    resolve_conflict(county, conflict.id, KEEP_HELD, "杨芳")
    cells, _ = check_cells(county, year, held.number, tmp_path)
    assert not any("有冲突" in (cell or "") for cell in cells.values()), cells
    assert not any(r.mark for r in drill(county, catalog, next(iter(cells)), year, town.code).records)
