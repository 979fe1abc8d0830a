"""The catalog's filter language: conditions on a record's fields (and on the rows of its repeating groups), read
from TOML and checked against the ledger's form. Compiled to SQL only in `sql.py`.

    { field = "meeting_type", op = "=", value = "专题研究部署法治政府建设会议" }
    { field = "activity_type", op = "in", value = ["专题法治讲座", "法治研讨"] }
    { field = "speaker_is_principal_leader", op = "=", value = true }
    { field = "closed_on", op = "in_year" }                       # within the year being computed
    { field = "performance_deadline", op = "passed" }             # before the day the year stands on (T47's)
    { field = "follow_ups", op = "filled", value = true }          # at least one row / a value
    { field = "reporters", op = "contains", value = "田玉春" }      # people and multi-choice fields
    { days = ["accepted_on", "closed_on"], op = "<=", value = 30 }  # days from one date to another (in a row
                                                                    # condition, one may be the record's own)
    { any = "agenda_items", where = [ ... ] }                       # some row of a group meets all of `where`
    { none = "agenda_items", where = [ ... ] }                      # no row does
    { last = "follow_ups", by = "visited_on", of = [ ... ], where = [ ... ] }
                          # the latest row (by the date `by`, then the later row) of those meeting `of` meets `where`
    { any_of = [ ... ] }   { all_of = [ ... ] }   { not = { ... } }

`!=` and `not_in` also hold for an empty value (a review status not filled in is "not 已审查合法"); a boolean that
was never set counts as false.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from fazhi_desktop.core.forms import FieldDef, LedgerDef

COMPARE = (">", ">=", "<", "<=")
SCALAR_OPS = ("=", "!=", "in", "not_in", "filled")
ORDERED_TYPES = frozenset({"integer", "decimal", "date", "time", "datetime"})
LIST_TYPES = frozenset({"multichoice", "people"})
FILLED_ONLY = frozenset({"group", "attachments", "link"})
_KINDS = ("field", "days", "any", "none", "last", "any_of", "all_of", "not")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Condition:
    """One checked condition. `kind` is one of field, days, any, none, last, any_of, all_of, not."""

    kind: str
    field: str = ""  # the field (kind field), the first date (days) or the group (any, none, last)
    op: str = ""
    value: Any = None
    until: str = ""  # days: the second date field
    field_type: str = ""
    children: tuple[Condition, ...] = ()
    #: days in a row condition: which of its two dates are the record's own, not the row's (a certificate's 有效期
    #: against the check's 检查日期)
    record_fields: tuple[str, ...] = ()
    #: last: the rows looked among (`of`; all rows when empty) and the sub-field that orders them (`by`)
    among: tuple[Condition, ...] = ()
    by: str = ""


Fail = Callable[[str], Exception]


class ConditionReader:
    """Checks conditions against a ledger (or, with `group`, against the sub-fields of one repeating group)."""

    def __init__(self, ledger: LedgerDef, fail: Fail, group: FieldDef | None = None):
        self.ledger, self.fail, self.group = ledger, fail, group

    def conditions(self, raw: Any, where: str) -> tuple[Condition, ...]:
        if not isinstance(raw, list):
            raise self.fail(f"{where} 应为条件列表 [ {{...}}, ... ]")
        return tuple(self.condition(item, f"{where}[{i}]") for i, item in enumerate(raw, 1))

    def condition(self, raw: Any, where: str) -> Condition:
        if not isinstance(raw, dict):
            raise self.fail(f"{where} 应为 {{ field = ..., op = ..., value = ... }} 形式的条件")
        kinds = [k for k in _KINDS if k in raw]
        if len(kinds) != 1:
            raise self.fail(f"{where} 应恰好含 field、days、any、none、last、any_of、all_of、not 之一")
        kind = kinds[0]
        if kind in ("any_of", "all_of"):
            self._keys(raw, {kind}, where)
            children = self.conditions(raw[kind], f"{where}.{kind}")
            if not children:
                raise self.fail(f"{where}.{kind} 不能为空")
            return Condition(kind, children=children)
        if kind == "not":
            self._keys(raw, {"not"}, where)
            return Condition("not", children=(self.condition(raw["not"], f"{where}.not"),))
        if kind in ("any", "none", "last"):
            return self._rows(raw, kind, where)
        if kind == "days":
            return self._days(raw, where)
        return self._field(raw, where)

    def _keys(self, raw: dict[str, Any], allowed: set[str], where: str) -> None:
        unknown = sorted(set(raw) - allowed)
        if unknown:
            raise self.fail(f"{where} 中有未知的键：{'、'.join(unknown)}")

    def _lookup(self, name: Any, where: str) -> FieldDef:
        scope = self.group.fields if self.group else self.ledger.fields
        for f in scope:
            if f.name == name:
                return f
        owner = f"重复组“{self.group.label}”（{self.group.name}）" if self.group else f"台账“{self.ledger.label}”"
        raise self.fail(f"{where}：字段“{name}”不在{owner}中")

    def _rows(self, raw: dict[str, Any], kind: str, where: str) -> Condition:
        self._keys(raw, {kind, "where", "by", "of"} if kind == "last" else {kind, "where"}, where)
        if self.group is not None:
            raise self.fail(f"{where}：重复组的行条件中不能再嵌套 {kind}")
        f = self._lookup(raw[kind], where)
        if f.type != "group":
            raise self.fail(f"{where}：{kind} 须指向重复组字段，“{f.name}”是 {f.type}")
        rows = ConditionReader(self.ledger, self.fail, f)
        children = rows.conditions(raw.get("where", []), f"{where}.where")
        if kind != "last":
            return Condition(kind, field=f.name, field_type="group", children=children)
        by = rows._lookup(raw.get("by"), f"{where}.by")
        if by.type not in ("date", "datetime"):
            raise self.fail(f"{where}.by：last 按重复组中的日期排序，“{by.label}”不是日期字段")
        among = rows.conditions(raw.get("of", []), f"{where}.of")
        return Condition(kind, field=f.name, field_type="group", children=children, among=among, by=by.name)

    def _days(self, raw: dict[str, Any], where: str) -> Condition:
        self._keys(raw, {"days", "op", "value"}, where)
        names = raw["days"]
        if not (isinstance(names, list) and len(names) == 2):
            raise self.fail(f"{where}.days 应为两个日期字段，如 [\"accepted_on\", \"closed_on\"]")
        first, second = (self._date_lookup(n, where) for n in names)
        for f in (first, second):
            if f.type != "date":
                raise self.fail(f"{where}.days：字段“{f.name}”不是日期字段")
        op, value = raw.get("op"), raw.get("value")
        if op not in ("=", *COMPARE):
            raise self.fail(f"{where}.days 的 op 应为 =、>、>=、<、<=，收到 {op!r}")
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(f"{where}.days 的 value 应为整数天数")
        own = tuple(f.name for f in (first, second) if self.group is not None and f not in self.group.fields)
        return Condition("days", field=first.name, op=op, value=value, until=second.name, field_type="date",
                         record_fields=own)

    def _date_lookup(self, name: Any, where: str) -> FieldDef:
        """A date of `days`: in a row condition, the row's sub-field, else the record's own field of that name."""
        if self.group is not None and all(f.name != name for f in self.group.fields):
            return ConditionReader(self.ledger, self.fail)._lookup(name, where)
        return self._lookup(name, where)

    def _field(self, raw: dict[str, Any], where: str) -> Condition:
        self._keys(raw, {"field", "op", "value"}, where)
        f = self._lookup(raw["field"], where)
        op = raw.get("op", "=")
        label = f"{where}（{f.label}）"
        if op in ("in_year", "passed"):
            if f.type != "date" or "value" in raw:
                raise self.fail(f"{label}：{op} 只用于日期字段，且不带 value")
            return Condition("field", f.name, op, None, field_type=f.type)
        allowed = self._ops(f)
        if op not in allowed:
            raise self.fail(f"{label}：{f.type} 字段不能用 op {op!r}（可用：{'、'.join(allowed)}）")
        if "value" not in raw:
            raise self.fail(f"{label}：缺少 value")
        value = raw["value"]
        if op == "filled":
            if not isinstance(value, bool):
                raise self.fail(f"{label}：filled 的 value 应为 true 或 false")
        elif op in ("in", "not_in"):
            if not isinstance(value, list) or not value:
                raise self.fail(f"{label}：{op} 的 value 应为非空列表")
            value = tuple(self._value(f, v, label) for v in value)
        else:
            value = self._value(f, value, label)
        return Condition("field", f.name, op, value, field_type=f.type)

    @staticmethod
    def _ops(f: FieldDef) -> tuple[str, ...]:
        if f.type in FILLED_ONLY:
            return ("filled",)
        if f.type in LIST_TYPES:
            return ("contains", "filled")
        if f.type == "boolean":
            return ("=", "!=", "filled")
        if f.type in ORDERED_TYPES:
            return (*SCALAR_OPS, *COMPARE)
        return SCALAR_OPS

    def _value(self, f: FieldDef, value: Any, label: str) -> Any:
        """A value checked against the field's type and choices; TOML booleans and numbers stay apart."""
        kind = f.type
        if kind == "boolean":
            if not isinstance(value, bool):
                raise self.fail(f"{label}：是否字段的 value 应为 true 或 false，收到 {value!r}")
            return value
        if kind in ("integer", "decimal"):
            if isinstance(value, bool) or not isinstance(value, int | float) or (kind == "integer"
                                                                               and isinstance(value, float)):
                raise self.fail(f"{label}：value 应为{'整数' if kind == 'integer' else '数字'}，收到 {value!r}")
            return value
        if not isinstance(value, str):
            raise self.fail(f"{label}：value 应为文字，收到 {value!r}")
        if kind == "date":
            try:
                if not _DATE.match(value):
                    raise ValueError
                date.fromisoformat(value)
            except ValueError:
                raise self.fail(f"{label}：日期应写成 YYYY-MM-DD，收到“{value}”") from None
        if kind in ("choice", "multichoice") and value not in f.choices:
            raise self.fail(f"{label}：“{value}”不是可选值（可选：{'、'.join(f.choices)}）")
        return value
