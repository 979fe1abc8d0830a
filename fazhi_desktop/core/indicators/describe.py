"""What an indicator counts, in the words of the forms: "学法活动：活动类型为“会前学法”；按活动日期计入年度".

Written from the catalog's own conditions, so the reports a township receives say exactly which of its records
counted and why one did not (an exam whose scores were not circulated, a meeting the office head left early), and
a revised catalog is described as it counts, never as a program version once described it.
"""

from __future__ import annotations

from fazhi_desktop.core.forms import FieldDef, LedgerDef
from fazhi_desktop.core.indicators.catalog import Indicator, Measure
from fazhi_desktop.core.indicators.conditions import Condition

#: a `days` condition of 0 days as the order of its two dates
_ORDER = {">=": "不早于", ">": "晚于", "<=": "不晚于", "<": "早于"}
_OPS = {"=": "为", "!=": "不为", ">": "大于", ">=": "不少于", "<": "小于", "<=": "不超过"}


def counting_rule(ind: Indicator, ledger: LedgerDef) -> str:
    """The whole rule of a computable indicator: what is counted (the ratio's two parts), and which dates place a
    record in the year."""
    date_label = _label(ledger.fields, ind.date_field)
    if ind.period == "open_during_year":
        until = _label(ledger.fields, ind.period_until or "")
        # an earlier install's still open is not carried (core/indicators/sql.py `period`)
        period = f"{date_label}在本年内，或早于本年且{until}未填（重装前的除外）或不早于1月1日（跨年结转）"
    else:
        period = f"按{date_label}计入年度"
    if not ind.is_ratio:
        assert ind.count is not None
        return f"{_measure(ind.count, ledger)}；{period}"
    assert ind.numerator is not None and ind.denominator is not None
    if ind.denominator.kind == "roster":
        # a leader who reported and then left owes no report at the year's end but counts on both sides (roster.py)
        whole = f"人员名册中年底（本年为今天）在任的“{ind.denominator.roster_role}”，以及本年已{ind.act}的"
        return f"分子：{_measure(ind.numerator, ledger)}；分母：{whole}；活动{period}"
    part = _conditions(ind.numerator.where, ledger.fields) or _measure(ind.numerator, ledger)
    if ind.numerator.person:
        part = _person_part(ind.numerator, ledger)
    elif ind.numerator.kind == "sum":
        part = f"{_label(ledger.fields, ind.numerator.sum or '')}之和"
    if ind.period == "open_during_year":  # which records the year holds is the denominator's rule, said with it
        where = _conditions(ind.denominator.where, ledger.fields)
        held = period.removesuffix("（跨年结转）")
        whole = f"{ledger.label}中{where + '，且' if where else ''}{held}的记录（跨年结转）"
        return f"分母：{whole}；分子：其中{part}"
    return f"分母：{_measure(ind.denominator, ledger)}；分子：其中{part}；{period}"


def _measure(measure: Measure, ledger: LedgerDef) -> str:
    where = _conditions(measure.where, ledger.fields)
    records = f"{ledger.label}中{where}的记录" if where else f"{ledger.label}的全部记录"
    if measure.kind == "sum":
        return f"{records}的{_label(ledger.fields, measure.sum or '')}之和"
    if measure.kind == "rows":
        group = ledger.field(measure.rows or "")
        rows = _conditions(measure.rows_where, (*group.fields, *ledger.fields))
        of = f"{records}的" if where else f"{ledger.label}的"
        if measure.person:
            once = f"按{_label(group.fields, measure.person)}每人计一次，以其本年最后一条为准"
            whom = f"{of}{group.label}中{rows + '的' if rows else '列出的'}人员（{once}）"
            return whom + _instead(measure, ledger, group)
        return f"{of}{group.label}中{rows}的{group.label}（逐条计）" if rows else f"{of}{group.label}（逐条计）"
    if measure.kind == "people":
        people = _label(ledger.fields, measure.people or "")
        return f"{records}中列为{people}的“{measure.roster_role}”（按人计，须当时在任）"
    return records


def _person_part(measure: Measure, ledger: LedgerDef) -> str:
    """A ratio's numerator counted in people: "执法证号已填，且有效期已填且不早于检查日期的人员（…）"."""
    group = ledger.field(measure.rows or "")
    rows = _conditions(measure.rows_where, (*group.fields, *ledger.fields))
    return f"{rows}的人员" + _instead(measure, ledger, group, "符合条件的")


def _instead(measure: Measure, ledger: LedgerDef, group: FieldDef, which: str = "") -> str:
    """Who a record counts beyond the people its group lists: "（执法证核查未列出的，按应持证执法人员数减去所列人数
    计）", for the numerator "…按实际持证人数减去所列符合条件的人数计"."""
    if not measure.else_sum:
        return ""
    return f"（{group.label}未列出的，按{_label(ledger.fields, measure.else_sum)}减去所列{which}人数计）"


def _conditions(conditions: tuple[Condition, ...], fields: tuple[FieldDef, ...]) -> str:
    return "，且".join(_condition(c, fields) for c in conditions)


def _condition(c: Condition, fields: tuple[FieldDef, ...]) -> str:
    if c.kind in ("all_of", "any_of"):
        joiner = "，且" if c.kind == "all_of" else "，或"
        return "（" + joiner.join(_condition(x, fields) for x in c.children) + "）"
    if c.kind == "not":
        return f"并非（{_condition(c.children[0], fields)}）"
    if c.kind in ("any", "none"):
        group = next(f for f in fields if f.name == c.field)
        rows = _conditions(c.children, group.fields)
        return f"{'有' if c.kind == 'any' else '没有'}{group.label}的{rows}"
    if c.kind == "last":  # "最后一次回访（按回访日期，只看满意度已填的）满意度为…"
        group = next(f for f in fields if f.name == c.field)
        among = _conditions(c.among, group.fields)
        which = f"按{_label(group.fields, c.by)}" + (f"，只看{among}的" if among else "")
        return f"最后一次{group.label}（{which}）{_conditions(c.children, group.fields)}"
    if c.kind == "days":
        first, then = _label(fields, c.field), _label(fields, c.until)
        if c.value == 0 and c.op in _ORDER:  # "有效期已填且不早于检查日期", not "检查日期至有效期不少于 0 天"
            return f"{then}已填且{_ORDER[c.op]}{first}"  # a blank date counts neither way: not "早于" either
        return f"{first}至{then}{_OPS[c.op]} {c.value} 天"
    label, op, value = _label(fields, c.field), c.op, c.value
    if op == "in_year":
        return f"{label}在本年内"
    if op == "passed":
        return f"{label}已过（早于统计截至日）"
    if op == "filled":
        return f"{label}{'已填' if value else '未填'}"
    if op == "contains":
        return f"{label}含“{value}”"
    if c.field_type == "boolean":
        return f"{label}为{'是' if bool(value) == (op == '=') else '否'}"
    if op in ("in", "not_in"):
        choices = "、".join(f"“{v}”" for v in value)
        return f"{label}{'为' if op == 'in' else '不为'}{choices}{'之一' if op == 'in' else '（含未填）'}"
    if op == "!=":
        return f"{label}不为“{value}”（含未填）"
    return f"{label}{_OPS[op]}“{value}”"


def _label(fields: tuple[FieldDef, ...], name: str) -> str:
    return next((f.label for f in fields if f.name == name), name)


def rule_and_note(ind: Indicator, ledger: LedgerDef) -> str:
    """What a drill-down says under its heading: the counting rule, then the catalog's note (the carry-over of
    complaints, why a 述法 is no 讲法)."""
    return f"计入条件：{counting_rule(ind, ledger)}" + (f"\n{ind.note}" if ind.note else "")
