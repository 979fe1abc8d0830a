"""Judging a figure against its target, and saying how the year is going.

Rules (docs/INDICATORS.md states them for the county):
- 无数据: a ratio whose denominator is 0, or a township with no record at all dated in the year (nothing entered or
  nothing sent to the county yet). Never 0% or 100%. A township whose whole year is known and empty (it kept
  ledgers before, and the year is over / its bundle was made after it) is judged on its zeros instead
  (completeness.year_known_empty).
- 仅报告: an indicator without a target (direction = report).
- 达标: the target is met. A "不超过" target (T21) is met while the count stays within it. Said 目前达标 while the
  year is open for a target later records can still undo (`word`): a ratio (T40b 11 / 11 in February: the next
  乡镇行政会议 counts in its denominator), a "不超过" or "等于" count. A "不少于" count met stays met.
- 未达标: the year is over and the target was not met; or a "不超过" count went over (it can only grow); or a 100 %
  ratio whose denominator counts events over once entered (`final_misses`: T40b's 乡镇行政会议) fell short: no
  later event can bring it back.
- 有风险 / 进行中 (only during the year, target not yet met): a ratio below target is 有风险. A count is compared with
  an even pace through the year: expected by now = target x (days gone / days in the year); 有风险 when the count is
  more than half a step behind (count < expected - 0.5), else 进行中. So a "1 per year" target becomes at risk on
  2 July with nothing done, a "4 per year" one on 15 February with nothing, or in mid-November with 3.
  Before the catalog's `judged_from` day (T47: 12-01, 述法 is given at the year's end) a figure below its target is
  进行中, not 有风险.
"""

from __future__ import annotations

from datetime import date

MET, ON_TRACK, AT_RISK, MISSED, NO_DATA, REPORT = "达标", "进行中", "有风险", "未达标", "无数据", "仅报告"
#: how 达标 is said while the year is open and later records can still undo it (`word`); the status stays MET
MET_SO_FAR = "目前达标"
STATUSES = (MET, ON_TRACK, AT_RISK, MISSED, NO_DATA, REPORT)
#: matrix legend order (what a county reviewer scans for)
MATRIX_STATUSES = (MET, ON_TRACK, AT_RISK, MISSED, NO_DATA)
#: background colours (RGB hex) shared by the GUI, the XLSX and the PDF; text always says the status too
COLOURS = {MET: "C6EFCE", MET_SO_FAR: "C6EFCE", ON_TRACK: "DDEBF7", AT_RISK: "FFEB9C", MISSED: "FFC7CE",
           NO_DATA: "EDEDED", REPORT: "FFFFFF"}
#: a figure without data in a table of figures (a rate without cases, a township without a record in the year):
#: not "0 件", which reads as a township that reported none
NO_DATA_MARK = "—"


def can_still_miss(direction: str, is_ratio: bool) -> bool:
    """Whether a target met now may be missed by records entered later in the year: a ratio (each later event is
    in its denominator), a "不超过" or "等于" count; not a "不少于" count, which only grows."""
    return is_ratio or direction in ("<=", "=")


def word(status: str, direction: str, is_ratio: bool, year_open: bool) -> str:
    """How a status is said on the page, the county's matrix, the reports and `fazhi indicators`: 达标 as 目前达标
    while the year is open for a target later records can still undo (`can_still_miss`); any other as it is."""
    return MET_SO_FAR if status == MET and year_open and can_still_miss(direction, is_ratio) else status


def so_far_why(direction: str, is_ratio: bool, target: str) -> str:
    """Why a figure is 目前达标 and not 达标: the tooltip of its status and its 说明 on 本年度指标."""
    undone = "超出" if direction == "<=" else "不等于"
    later = "以后的记录也计入比率，其中未达到要求的仍会使比率低于目标" if is_ratio else \
        f"以后的记录仍可能使其{undone}目标（{target}）"
    return f"按目前的记录已达到目标；年度尚未结束，{later}。年度结束后才是最终结果"


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def days_left(year: int, today: date) -> int:
    """Days from today to the end of `year` (0 once it is over; the whole year before it starts)."""
    first, last = year_bounds(year)
    if today > last:
        return 0
    return (last - max(today, first)).days + (1 if today < first else 0)


def elapsed_share(year: int, today: date) -> float:
    """How much of `year` has gone by today, 0..1 (today counts as gone)."""
    first, last = year_bounds(year)
    if today < first:
        return 0.0
    if today >= last:
        return 1.0
    return ((today - first).days + 1) / ((last - first).days + 1)


def meets(direction: str, threshold: float, numerator: float, denominator: float | None) -> bool:
    """Whether a count (denominator None) or a ratio (threshold in percent) meets its target, exactly."""
    if denominator is None:
        value, target = numerator, threshold
    else:
        value, target = numerator * 100, threshold * denominator  # no float division at the boundary
    if direction == ">=":
        return value >= target - 1e-9
    if direction == "<=":
        return value <= target + 1e-9
    return abs(value - target) <= 1e-9


def judged_yet(year: int, today: date, judged_from: str | None) -> bool:
    """Whether the catalog's `judged_from` day (month-day, 12-01) of `year` has come: before it a figure short of its
    target is 进行中. True without one."""
    return not judged_from or today >= date(year, int(judged_from[:2]), int(judged_from[3:]))


def judge(direction: str, threshold: float | None, numerator: float | None, denominator: float | None,
          is_ratio: bool, has_data: bool, year: int, today: date, pace: bool = True, final_misses: bool = False,
          judged_from: str | None = None) -> tuple[str, float | None]:
    """The status of one figure and, for a count target during its year, the count expected by now.
    `final_misses`, `judged_from`: the catalog's keys of the same names (catalog.Indicator)."""
    if not has_data or numerator is None or (is_ratio and not denominator):
        return NO_DATA, None
    if direction == "report" or threshold is None:
        return REPORT, None
    if meets(direction, threshold, numerator, denominator if is_ratio else None):
        return MET, None
    over = today > year_bounds(year)[1]
    if over or direction == "<=" or (direction == "=" and not is_ratio and numerator > threshold):
        return MISSED, None
    if final_misses and is_ratio and direction == ">=" and threshold >= 100 and numerator < (denominator or 0):
        return MISSED, None
    if not judged_yet(year, today, judged_from):
        return ON_TRACK, None
    if is_ratio or not pace:
        return AT_RISK, None
    expected = threshold * elapsed_share(year, today)
    return (AT_RISK if numerator < expected - 0.5 else ON_TRACK), expected
