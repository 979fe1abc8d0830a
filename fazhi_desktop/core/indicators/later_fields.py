"""Ratios over a field added in a later form version (`since` > 1): a township whose records were all entered on
the earlier form cannot record it, so unless the denominator requires it filled the township reads 0% (有风险 or
未达标) instead of 无数据. `fazhi catalog check` warns of each such indicator (docs/INDICATORS.md)."""

from __future__ import annotations

from collections.abc import Iterable

from fazhi_desktop.core.forms import FieldDef, LedgerDef
from fazhi_desktop.core.indicators.catalog import Catalog, Measure
from fazhi_desktop.core.indicators.conditions import Condition


def later_field_warnings(catalog: Catalog, ledgers: dict[str, LedgerDef]) -> list[str]:
    """One line per ratio whose numerator reads a later field its denominator does not require filled."""
    out = []
    for ind in catalog.computable:
        if not ind.is_ratio or ind.numerator is None or ind.denominator is None:
            continue
        ledger = ledgers[ind.ledger]
        required = {c.field for c in ind.denominator.where if c.kind == "field" and c.op == "filled" and c.value}
        for f in _later_fields(ledger, ind.numerator):
            if f.name not in required:
                out.append(f"{ind.code}：分子用到第 {f.since} 版表单才有的字段“{f.label}”（{f.name}），"
                           "分母未要求它已填写：只有旧版表单记录的乡镇将计为 0% 而非无数据；"
                           "如不应计入，在分母 where 中加 "
                           f'{{ field = "{f.name}", op = "filled", value = true }}')
    return out


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
