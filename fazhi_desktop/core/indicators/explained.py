"""What 本年度指标's 说明 says of a township's figure: days left and what is still needed, who has not yet done what
it counts, what a missed target may still move with, or why there is no verdict. One wording, read on the page
(qt/indicators_view.py) and in 待办事项 (core/todo.py), which lists the targets not yet met with these words."""

from __future__ import annotations

from fazhi_desktop.core.indicators import status as st
from fazhi_desktop.core.indicators.engine import Figure, Results
from fazhi_desktop.core.indicators.moving import Moving
from fazhi_desktop.core.indicators.views import not_yet, shortfalls
from fazhi_desktop.core.store import Store

#: who or what falls short of a target counted by person or amount (T29's officers), in 说明, at most about this
#: many characters before "等 N 人" (the drill-down lists every one)
SHORT_CHARS = 40


def still_needs(store: Store, results: Results, township: str) -> tuple[dict[str, str], dict[str, str]]:
    """(code -> the roster people a figure still waits for, T46c's "马志刚" (`views.not_yet`); code -> who else falls
    short, as the PDF report names them after 未达到：, T29's "马小龙" (`views.shortfalls`), for the figures the
    first leaves out)."""
    waiting = not_yet(store, results, township)
    short = {code: fell.brief(SHORT_CHARS) for (code, of), fell in shortfalls(store, results).items()
             if of == township and fell.items and code not in waiting}
    return waiting, short


def explain(fig: Figure, still: Moving | None = None, waiting: str = "", short: str = "") -> str:
    """What the figure means for the clerk: days left and what is still needed (`waiting`: the roster people a
    figure counted by person has not yet counted, T46c's "马志刚"; `short`: who or what else falls short, T29's
    officers without a valid certificate, as the PDF report says them after 未达到：), whether a missed target may
    still move (`still`: a matter it counts still being handled), or why there is no verdict
    (`Figure.no_data_reason`)."""
    still = still or Moving()
    ind = fig.indicator
    if fig.status in (st.ON_TRACK, st.AT_RISK):
        text = fig.progress_text().split("，", 1)[1]
        if waiting:  # who, not "请查看尚未计入的记录": no record is missing, a leader has not lectured yet
            text += f"，尚未{ind.act}：{waiting}"
        elif short:  # the inspector asking who is uncertified was told 请查看尚未计入的记录; the paper named them
            text += f"，未达到：{short}"
        elif fig.status == st.AT_RISK and fig.expected is not None:
            text += f"（按全年均匀进度，此时应完成约 {fig.expected:.1f} {ind.unit}）"
        elif fig.status == st.AT_RISK:
            text += "（比率低于目标，请查看尚未计入的记录）"
        return text
    if fig.status == st.MISSED:
        if ind.direction == "<=" or fig.short:  # over, or short by what no later record makes up: named
            return fig.progress_text().split("，", 1)[-1]
        named = f"（未{ind.act}：{waiting}）" if waiting else f"（未达到：{short}）" if short else ""
        return still.missed(fig) + named
    if fig.status == st.NO_DATA:  # the one wording the reports and the command line say too
        return f"{st.NO_DATA}：{fig.no_data_reason()}"
    if fig.status == st.REPORT:
        return "仅报告，方案未定目标值"
    return fig.status_why() or "已达标"
