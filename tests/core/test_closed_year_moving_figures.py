"""Which figures of a closed year can still move, said where a county reviewer reads them: a closed year's figures
that count a case in the year it was accepted take its handling whenever it comes (a 告知 given in January, a
result, a 回访), and the reports said nothing of it."""

from __future__ import annotations

from datetime import date

from fazhi_desktop.core.indicators import load_catalog_for
from fazhi_desktop.core.indicators.views import build_report


def test_the_report_names_the_figures_a_closed_year_can_still_take_later_handling_into(store):
    report = build_report(store, load_catalog_for(store), 2026, today=date(2027, 3, 1))
    notes = {view.name: "".join(view.notes) for view in report.views}
    said = next(note for note in report.views[1].notes if note.startswith("年度封账后仍可能变动的指标："))
    moving = said.removeprefix("年度封账后仍可能变动的指标：").split("。")[0].split("、")
    assert [item.split()[0] for item in moving] == ["T35", "T4", "M2", "M3", "M4", "M5", "M6", "M7", "M8"]
    assert "T35 行政裁决权利告知" in moving  # scored: a 告知 given after the closing counts in its year
    # T30b counts a conclusion in the year it is concluded, T34 and M1 only what acceptance registered: they stay
    assert "其他指标（如按办结年度计入的投诉举报办结率）封账后不再变动" in said
    assert "年度封账后，该年仍在办理的案件办结时，该年的调解成功率等仍会随之变动" in notes["调解统计"]
