"""What 本年度指标's 说明 says of a township's figure: days left and what is still needed, who has not yet done what
it counts, what a missed target may still move with, or why there is no verdict. One wording, read on the page
(qt/indicators_view.py) and in 待办事项 (core/todo.py), which lists the targets not yet met with these words."""

from __future__ import annotations

from fazhi_desktop.core.indicators import status as st
from fazhi_desktop.core.indicators.drill import short_numbers
from fazhi_desktop.core.indicators.engine import Figure, Results
from fazhi_desktop.core.indicators.moving import NOT_YET, Moving
from fazhi_desktop.core.indicators.townships import merges
from fazhi_desktop.core.indicators.views import Shortfall, not_yet, shortfalls
from fazhi_desktop.core.store import Store

#: who or what falls short of a target (T29's officers, T30b's open complaints), in 说明, at most about this many
#: characters before "等 N 人" / "等 N 条" (the drill-down lists every one)
SHORT_CHARS = 40
#: how 说明 leads the records a counted ratio still waits for (T30b's complaints still open); once the year is over
#: and none of them can still count in it, "未计入的记录：" (`Moving.not_counted`), as the PDF report says them
WAITING = f"{NOT_YET}的记录："


def still_needs(store: Store, results: Results, township: str) -> tuple[dict[str, str], dict[str, str]]:
    """(code -> the roster people a figure still waits for, T46c's "马志刚" (`views.not_yet`); code -> what else
    falls short, as the PDF report says it: T29's "未持有效执法证：马小龙" (`views.shortfalls`, led by the catalog's
    `lacking`), else the records a counted ratio still waits for, T30b's open complaints by number only,
    "尚未计入的记录：〔2026〕执监投字第1号…等 3 条" (`views.gaps`), for the figures the first leaves out)."""
    waiting = not_yet(store, results, township)
    short = {code: f"{results.catalog.get(code).lacking}：{fell.brief(SHORT_CHARS)}"
             for (code, of), fell in shortfalls(store, results).items()
             if of == township and fell.items and code not in waiting}
    short |= {code: f"{WAITING}{fell.brief(SHORT_CHARS)}"
              for code, fell in open_records(store, results, township).items() if code not in {*waiting, *short}}
    return waiting, short


def open_records(store: Store, results: Results, township: str) -> dict[str, Shortfall]:
    """code -> the records of a records ratio not met that its denominator counts and its numerator not yet, by
    number (ids while unnumbered) as the PDF report's 尚未计入的记录 (`views.gaps`): T30b's complaints still open,
    T35's cases. Numbers only: a complaint's number says which it is without its complainant's name. A final miss
    names them in its own words (`Figure.short`)."""
    merged = merges(store, results.year)
    out = {}
    for fig in results.for_township(township):
        ind = fig.indicator
        if (ind.is_ratio and ind.main.kind == "count" and not ind.from_roster and fig.denominator and not fig.short
                and fig.status not in (st.MET, st.REPORT, st.NO_DATA)):
            found = short_numbers(store, ind, results.year, results.today, [township], merged).get(township)
            if found:
                out[ind.code] = Shortfall(found, "条")
    return out


def explain(fig: Figure, still: Moving | None = None, waiting: str = "", short: str = "") -> str:
    """What the figure means for the clerk: days left and what is still needed (`waiting`: the roster people a
    figure counted by person has not yet counted, T46c's "马志刚"; `short`: who or what else falls short as the PDF
    report says it, T29's "未持有效执法证：马小龙", T30b's "尚未计入的记录：〔2026〕执监投字第1号"), whether a missed
    target may still move (`still`: a matter it counts still being handled), or why there is no verdict
    (`Figure.no_data_reason`)."""
    still = still or Moving()
    ind = fig.indicator
    if fig.status in (st.ON_TRACK, st.AT_RISK):
        text = fig.progress_text().split("，", 1)[1]
        if waiting:  # who, not "请查看尚未计入的记录": no record is missing, a leader has not lectured yet
            text += f"，尚未{ind.act}：{waiting}"
        elif short:  # the inspector asking who is uncertified, or which complaints are open, was told
            text += f"，{short}"  # 请查看尚未计入的记录; the paper named them
        elif fig.status == st.AT_RISK and fig.expected is not None:
            text += f"（按全年均匀进度，此时应完成约 {fig.expected:.1f} {ind.unit}）"
        elif fig.status == st.AT_RISK:
            text += "（比率低于目标，请查看尚未计入的记录）"
        return text
    if fig.status == st.MISSED:
        if ind.direction == "<=" or fig.short:  # over, or short by what no later record makes up: named
            return fig.progress_text().split("，", 1)[-1]
        if short.startswith(WAITING):  # "未计入" once the year's count is final
            short = f"{still.not_counted(fig)}的记录：{short.removeprefix(WAITING)}"
        named = f"（未{ind.act}：{waiting}）" if waiting else f"（{short}）" if short else ""
        return still.missed(fig) + named
    if fig.status == st.NO_DATA:  # the one wording the reports and the command line say too
        return f"{st.NO_DATA}：{fig.no_data_reason()}"
    if fig.status == st.REPORT:
        return "仅报告，方案未定目标值"
    return fig.status_why() or "已达标"
