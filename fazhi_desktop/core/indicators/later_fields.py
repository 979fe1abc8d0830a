"""Ratios over a field added in a later form version (`since` > 1): a township whose records were all entered on
the earlier form cannot record it, so unless the denominator leaves those records out the township reads 0% (有风险
or 未达标) instead of 无数据. `fazhi catalog check` warns of each such indicator (docs/INDICATORS.md).

A record does not say which form version it was entered on, and a later field is never `required` (the loader
refuses it), so "empty" is a valid answer on the new form too: requiring the field itself filled in the denominator
drops the new form's empty answers with the old records. Where the numerator is that field filled (X1: 申请司法确认日期
filled, of the cases mediated), it makes the numerator the denominator: 1 of 2 reads 1 of 1, 100%. What tells the
old records apart is a field every record of the new version fills, or a date after which every township entered
on the new form; the advice says so. Whether a date is after every township's upgrade the program cannot know (nor
does a form version carry its release day): a denominator bounded by a date is still warned of, the line naming the
bound and saying that one on or after the last upgrade is enough."""

from __future__ import annotations

from collections.abc import Iterable

from fazhi_desktop.core.forms import FieldDef, LedgerDef
from fazhi_desktop.core.indicators.catalog import Catalog, Indicator, Measure
from fazhi_desktop.core.indicators.conditions import Condition


def later_field_warnings(catalog: Catalog, ledgers: dict[str, LedgerDef]) -> list[str]:
    """One line per ratio whose numerator reads a later field whose old records its denominator does not leave out,
    or whose denominator leaves them out by requiring the very field the numerator counts filled (always 100%)."""
    out = []
    for ind in catalog.computable:
        if not ind.is_ratio or ind.numerator is None or ind.denominator is None:
            continue
        ledger = ledgers[ind.ledger]
        required = _filled(ind.denominator.where)
        bound = _date_bound(ind.denominator.where)
        for f in _later_fields(ledger, ind.numerator):
            counted = f.name in _filled(ind.numerator.where)  # the numerator is "it is filled"
            if f.name in required and counted:
                out.append(f"{ind.code}：分母要求第 {f.since} 版表单才有的字段“{f.label}”（{f.name}）已填写，"
                           "分子也是它已填写：比例恒为 100%（新版表单中可以不填，不填的记录被排除在分母之外）。"
                           + _how(ind, ledger, f))
            elif any(ledger.field(name).since >= f.since for name in required):
                continue
            elif bound is not None:
                out.append(f"{ind.code}：分子用到第 {f.since} 版表单才有的字段“{f.label}”（{f.name}），"
                           f"分母只计 {bound.field} {bound.op} {bound.value} 的记录：只有这一天不早于最后一个乡镇升级到"
                           f"第 {f.since} 版表单的那一天，旧版表单的记录才被排除（否则只有旧版表单记录的乡镇将计为 0% "
                           "而非无数据）；如已如此，可不理会本条")
            else:
                also = ("不要要求它本身已填写：分子就是它已填写，比例将恒为 100%" if counted else
                        "只有新版表单每条记录都填写它时，才可要求它本身已填写（否则新版中留空的记录也被排除）")
                out.append(f"{ind.code}：分子用到第 {f.since} 版表单才有的字段“{f.label}”（{f.name}），"
                           f"分母未排除旧版表单的记录：只有旧版表单记录的乡镇将计为 0% 而非无数据；{also}。"
                           f"{_how(ind, ledger, f)}")
    return out


def _how(ind: Indicator, ledger: LedgerDef, f: FieldDef) -> str:
    """How the denominator leaves out the records entered on a form before `f` (they carry no version of their own)."""
    day = ind.date_field or ledger.date_field
    return (f"要不计旧版表单的记录，在分母 where 中要求第 {f.since} 版起每条记录都填写的另一个字段已填写，"
            f'或只计各乡镇都已升级之后的记录：{{ field = "{day}", op = ">=", value = "2026-07-01" }}'
            "（日期换成最后一个乡镇升级的那一天）")


def _date_bound(conditions: Iterable[Condition]) -> Condition | None:
    """The denominator's latest lower bound on a date, or None. The program cannot know when the townships upgraded
    (nor does a form version carry its release day), so a bound, however early, is told of, with what makes it
    enough: a bound of 2000 left every old-form record in and silenced the warning."""
    bounds = [c for c in conditions if c.kind == "field" and c.op in (">", ">=") and c.field_type == "date"]
    return max(bounds, key=lambda c: str(c.value), default=None)


def _filled(conditions: Iterable[Condition]) -> set[str]:
    return {c.field for c in conditions if c.kind == "field" and c.op == "filled" and c.value}


def _later_fields(ledger: LedgerDef, measure: Measure) -> list[FieldDef]:
    found: dict[str, FieldDef] = {}
    _walk(ledger, None, measure.where, found)
    if measure.rows:
        group = ledger.field(measure.rows)
        _walk(ledger, group, measure.rows_where, found)
    for name in (measure.sum, measure.rows, measure.people):
        if name and ledger.field(name).since > 1:
            found[name] = ledger.field(name)
    return list(found.values())


def _walk(ledger: LedgerDef, group: FieldDef | None, conditions: Iterable[Condition],
          found: dict[str, FieldDef]) -> None:
    for c in conditions:
        for name in (c.field, c.until, c.by):
            f = _resolve(ledger, group, name)
            if f is not None and f.since > 1:
                found[f.name] = f
        inner = ledger.field(c.field) if c.kind in ("any", "none", "last") else group
        _walk(ledger, inner, (*c.children, *c.among), found)


def _resolve(ledger: LedgerDef, group: FieldDef | None, name: str) -> FieldDef | None:
    if not name:
        return None
    if group is not None:
        sub = next((f for f in group.fields if f.name == name), None)
        if sub is not None:
            return sub
    try:
        return ledger.field(name)
    except KeyError:
        return None
