"""The records behind a figure stand on the figure's day (session 23 review): the figures moved to Beijing's day, the
drill-down did not. On a PC set to UTC at 01:00 on 2 July Beijing time, T40a counted the meeting held that day, while
`fazhi indicators --drill T40a` (and the register's notes, which read the drill-down) listed nothing behind it: the
meeting was still "tomorrow" by the PC's day."""

from __future__ import annotations

from datetime import UTC, datetime

from fazhi_desktop.core.indicators import compute, drill, load_catalog_for
from fazhi_desktop.core.indicators.drill import why_empty


def test_a_drill_down_lists_what_its_figure_counts_on_a_pc_set_to_another_zone(store, valid_record, clock, zone):
    store.save("meeting", valid_record("meeting", title="专题研究部署法治政府建设", held_on="2026-07-02",
                                       meeting_type="专题研究部署法治政府建设会议"), "杨芳")
    catalog = load_catalog_for(store)
    zone("UTC0")
    clock.set(datetime(2026, 7, 1, 17, 0, tzinfo=UTC))  # 2026-07-02 01:00 in Beijing
    figure = compute(store, catalog, 2026).figure("T40a", store.township)
    found = drill(store, catalog, "T40a", 2026, store.township)
    assert figure.numerator == 1
    assert [r.date for r in found.records] == ["2026-07-02"]
    assert why_empty(store, found) == ""
