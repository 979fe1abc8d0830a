"""Ledger definitions: `forms/<ledger>.toml` read into typed, checked objects.

The definitions are the single source of a ledger's columns, validation, editor, list and print layout
(docs/FORMS.md). A malformed file is refused with its path, line, field and reason: the program must not guess.
"""

from __future__ import annotations

import hashlib
import re
import string
import tomllib
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fazhi_desktop.core import paths
from fazhi_desktop.core.dates import FIRST_YEAR
from fazhi_desktop.core.errors import NotFound
from fazhi_desktop.core.ids import canonical_json

if TYPE_CHECKING:
    from fazhi_desktop.core.form_checks import Check

FIELD_TYPES = frozenset(
    {
        "text", "longtext", "integer", "decimal", "date", "time", "datetime", "boolean", "choice",
        "multichoice", "person", "people", "idcard", "credit_code", "phone", "link", "group", "attachments",
    }
)
#: types stored as JSON text in their column
JSON_TYPES = frozenset({"multichoice", "people", "group", "attachments"})
#: types whose values are personal data, masked on screen and in exports
SENSITIVE_TYPES = frozenset({"idcard", "phone"})

SYSTEM_COLUMNS = (
    "id", "township", "number", "revision", "created_at", "created_by", "updated_at", "updated_by",
    "status", "deleted", "content_hash", "remarks",
)
#: internal columns no field may take: the integer key the search index points at
RESERVED_NAMES = frozenset({*SYSTEM_COLUMNS, "rid"})
STATUS_LABELS = {"draft": "草稿", "submitted": "已提交", "reviewed": "所长已审核", "locked": "已锁定"}
SYSTEM_LABELS = {
    "id": "标识", "township": "乡镇", "number": "编号", "revision": "版本", "created_at": "登记时间",
    "created_by": "登记人", "updated_at": "最后修改时间", "updated_by": "最后修改人", "status": "状态",
    "deleted": "已删除", "content_hash": "内容摘要", "remarks": "备注",
}

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_FIELD_KEYS = frozenset(
    {
        "name", "label", "type", "required", "choices", "min", "max", "pattern", "pattern_message", "help",
        "placeholder", "visible_when", "applies_when", "link", "role", "fields", "default", "sensitive", "since",
        "copy", "suggestions", "absent_in", "first_year", "choices_since", "unit", "default_from",
    }
)
_LEDGER_KEYS = frozenset(
    {"name", "label", "version", "date_field", "title_field", "list_columns", "numbering", "parent", "open_until",
     "open_while", "conclusion", "fill_only", "twin_apart"}
)
#: the earliest `first_year` a date field may have: Excel holds no date before 1900
EARLIEST = 1900
_CONDITION_OPS = ("equals", "in", "not_in", "filled")
#: a unit as written after a number: 岁, 人, 元, 分钟 (no digits, spaces or punctuation)
_UNIT = re.compile(r"[^\W\d_]{1,4}")
#: the fields a sub-field's `default_from` may name: a person, people (their first name) or text
_DEFAULT_SOURCES = frozenset({"person", "people", "text"})
class FormError(Exception):
    """A ledger definition is malformed. Carries where and why, for a message a maintainer can act on."""

    def __init__(self, file: Path | str, reason: str, field: str | None = None, line: int | None = None):
        self.file, self.reason, self.field, self.line = str(file), reason, field, line
        where = self.file + (f":{line}" if line else "")
        what = f" 字段 {field}" if field else ""
        super().__init__(f"表单定义错误 {where}{what}：{reason}")


@dataclass(frozen=True)
class Condition:
    """Visibility rule: the field is shown only when `field` satisfies `op` against `value`."""

    field: str
    op: str
    value: Any

    def holds(self, values: dict[str, Any]) -> bool:
        current = values.get(self.field)
        if self.op == "filled":
            return _is_filled(current) == bool(self.value)
        if self.op == "equals":
            return current == self.value
        if self.op == "in":
            return current in self.value
        return current not in self.value  # not_in


@dataclass(frozen=True)
class FieldDef:
    name: str
    label: str
    type: str
    required: bool = False
    choices: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    pattern: str | None = None
    pattern_message: str | None = None
    help: str | None = None
    placeholder: str | None = None
    visible_when: Condition | None = None
    #: when the field is offered on the form and printed while it is empty (see `applies`)
    applies_when: Condition | None = None
    link: str | None = None
    role: str | None = None
    fields: tuple[FieldDef, ...] = ()
    default: Any = None
    sensitive: bool = False
    #: the form version that added this field (see LedgerDef.content_values)
    since: int = 1
    #: choices added by a later form version than the field's, with that version (办理结果's 撤回（终止办理）, 2): a
    #: county of an older version would refuse a record holding one, so its bundle must name the newer form
    choices_since: tuple[tuple[str, int], ...] = ()
    #: 复制为新记录 carries this field's value into the new record (who, where, what kind; never outcomes)
    copy: bool = False
    #: a text field's usual values: offered as the clerk types, and another value is saved with a warning (民族)
    suggestions: tuple[str, ...] = ()
    #: a people field's `absent_in`: the label of the group of the same level where those not there are entered
    #: (“请假/缺席人员”), named when a name marked 请假 is typed into the field
    absent_label: str = ""
    #: a date's earliest year (dates.FIRST_YEAR unless the form says, as 出生日期 does: 1900)
    first_year: int = FIRST_YEAR
    #: a number's unit, written after it wherever the value is read as text (年龄：55岁, 实到人数：12人); never in
    #: the stored value, an exported workbook or a bundle
    unit: str = ""
    #: a group sub-field's `default_from`: the record's field whose value a row added in the editor starts with
    #: (回访人 from the case's 调解员; of a people field, its first name)
    default_from: str | None = None

    @cached_property  # a FieldDef never changes: a save encodes, and a bundle's records are written, field by field
    def is_json(self) -> bool:
        return self.type in JSON_TYPES

    @cached_property  # validation asks of every value of every save and import
    def is_sensitive(self) -> bool:
        return self.sensitive or self.type in SENSITIVE_TYPES

    @cached_property
    def takes_any_text(self) -> bool:
        """A text, long text or person field without a `pattern` or `suggestions`: any text is a value of it (as
        trimmed). Validation's short path, asked of every value of every save and import."""
        return self.type in ("text", "longtext", "person") and not self.pattern and not self.suggestions

    def visible(self, values: dict[str, Any]) -> bool:
        return self.visible_when is None or self.visible_when.holds(values)

    @cached_property
    def sub_names(self) -> frozenset[str]:
        """A group's sub-fields' names (the keys a row may have)."""
        return frozenset(sub.name for sub in self.fields)

    @cached_property
    def sub_defaults(self) -> tuple[tuple[str, Any], ...]:
        """A group's sub-fields with a `default`, and it: what a row leaving them out holds (validate's write path
        asks for each row of each save)."""
        return tuple((sub.name, sub.default) for sub in self.fields if sub.default is not None)

    @cached_property
    def hides(self) -> bool:
        """Whether a sub-field of a group has a `visible_when`."""
        return any(sub.visible_when is not None for sub in self.fields)

    def applies(self, values: dict[str, Any], stored: dict[str, Any] | None = None) -> bool:
        """Whether the field is offered on the form and printed: its `applies_when` holds for `values`, or it holds
        a value in `stored` (the saved record; `values` when not given). Unlike a hidden field (`visible_when`), a
        field that does not apply keeps its value: saved before, it is still shown, printed and saved."""
        if self.applies_when is None or self.applies_when.holds(values):
            return True
        return _is_filled((values if stored is None else stored).get(self.name))


@dataclass(frozen=True)
class Numbering:
    format: str
    prefix: str
    prefix_field: str | None = None
    prefixes: dict[str, str] = field(default_factory=dict)

    def prefix_for(self, values: dict[str, Any]) -> str:
        if self.prefix_field:
            return self.prefixes.get(values.get(self.prefix_field) or "", self.prefix)
        return self.prefix

    def render(self, year: int, prefix: str, seq: int) -> str:
        return self.format.format(year=year, prefix=prefix, seq=seq)

    @property
    def given_prefixes(self) -> set[str]:
        """The prefixes this numbering gives (会记字; 人调字, 行调字, 行裁字 by 案件类别)."""
        return {self.prefix, *self.prefixes.values()}

    def gives(self, number: str) -> bool:
        """Whether this numbering could have given `number`: written as this format writes numbers, with a prefix it
        gives (a 文号's 〔2026〕3号, spelled 〔2026〕第3号, has none: no record ever had it)."""
        parts = self.series(number)
        return parts is not None and parts.get("prefix", self.prefix) in self.given_prefixes

    def series(self, number: str | None) -> dict[str, Any] | None:
        """What of the record a number this format wrote carries: {"year": 2026, "prefix": "人调字"}, only the parts
        the format has (a county's format may leave out the year or the prefix); None for text it did not write."""
        found = self._written.fullmatch(number or "")
        if not found:
            return None
        parts: dict[str, Any] = {}
        if "year" in found.groupdict():
            parts["year"] = int(found["year"])
        if "prefix" in found.groupdict():
            parts["prefix"] = found["prefix"]
        return parts

    def seq(self, number: str | None) -> int | None:
        """The 第 N 号 of a number this format wrote (12 for 〔2026〕会记字第12号); None for text it did not write."""
        found = self._written.fullmatch(number or "")
        return int(found["seq"]) if found and found.groupdict().get("seq") else None

    @cached_property
    def _written(self) -> re.Pattern[str]:
        """The numbers this format writes, compiled once: a receipt reads every number the county holds."""
        return re.compile(self._pattern(loose=False))

    def spelled(self, text: str) -> str | None:
        """The number as this format writes it, for one typed as a clerk can type it: the year in （）, () , [] or
        【】 rather than 〔〕 (which a keyboard has not; ledgers.md itself writes （2026）人调字第N号) or in none
        (2025人调字第19号, 2025年人调字19号), with spaces, full-width digits, traditional characters (人調字第19號),
        leading zeros (第03号) or without 第 (〔2026〕执监字1号, as papers are often numbered). Typed without its year
        (人调字19号): the number from its prefix on, 人调字第19号, which search finds in every year. A two-digit year
        (25年19号) is not read: it could as well be a day, an amount or a house number. None when the text is not
        such a number. The one reading of a typed number: lookup, search, links."""
        folded = "".join(unicodedata.normalize("NFKC", text).split()).translate(_SIMPLIFIED)
        found = self._read.fullmatch(folded)
        if not found:
            return None
        parts = found.groupdict()
        if "year" in parts and parts["year"] is None:
            return _YEAR_PART.sub("", self.format).format(prefix=parts.get("prefix") or "", seq=int(parts["seq"]))
        return self.render(int(parts.get("year") or 0), parts.get("prefix") or "", int(parts["seq"]))

    @cached_property
    def _read(self) -> re.Pattern[str]:
        """The numbers `spelled` reads, compiled once: a search reads the text typed at every keystroke."""
        return re.compile(self._pattern(loose=True))

    def _pattern(self, loose: bool) -> str:
        """The regular expression of the numbers this format writes; `loose`: as `spelled` reads them, brackets,
        第 and the year optional, 年 after the year, a prefix without digits (（2026）宁0522行初1号 is a court's)."""
        pattern, seen = "", set()
        for literal, name, _spec, _conversion in string.Formatter().parse(self.format):
            for char in unicodedata.normalize("NFKC", literal) if loose else literal:
                bracket = next((b for b in _BRACKETS if char in b), None) if loose else None
                optional = "?" if loose and char == "第" else ""
                pattern += f"[{re.escape(bracket)}]?" if bracket else re.escape(char) + optional
            if name in ("year", "prefix", "seq") and name in seen:
                pattern += f"(?P={name})"
            elif name == "year":
                pattern += r"(?:(?P<year>\d{4})年?)?" if loose else r"(?P<year>\d{4})"
            elif name == "prefix":
                pattern += r"(?P<prefix>\D*?)" if loose else "(?P<prefix>.*?)"
            elif name == "seq":
                pattern += r"0*(?P<seq>\d+)" if loose else r"(?P<seq>\d+)"
            elif name is not None:
                pattern += ".*?"
            seen.add(name)
        return pattern


#: brackets a clerk may type around a number's year, each set as NFKC folds them (（ to (, ［ to [)
_BRACKETS = ("〔(【[", "〕)】]")
#: a format's year with its brackets, left out of a number typed without its year
_YEAR_PART = re.compile(r"[〔（(【\[]?\{year[^}]*\}[〕）)】\]]?")
#: the traditional characters of the shipped numbers' words (人調字第19號), as a traditional input method types them
_SIMPLIFIED = str.maketrans("調訴執監學會記號", "调诉执监学会记号")


@dataclass(frozen=True)
class LedgerDef:
    name: str
    label: str
    version: int
    date_field: str
    title_field: str
    list_columns: tuple[str, ...]
    numbering: Numbering
    fields: tuple[FieldDef, ...]
    parent: str | None = None
    source: str = ""
    #: cross-field plausibility checks (`[[checks]]`), warnings only
    checks: tuple[Check, ...] = ()
    #: a date field left empty while the matter is being handled (办结日期): such a record stays open when its year
    #: is closed, so that its conclusion can still be entered (core/year_close.py)
    open_until: str | None = None
    #: with `open_until`: when a record is a matter still being handled, every condition holding (a check whose
    #: 整改期限 is given and whose 复查结果 is not 已整改); () when it is while `open_until` is empty
    open_while: tuple[Condition, ...] = ()
    #: the fields besides `open_until` that handling the matter to its conclusion fills (调解结果, 答复情况…): all
    #: that may still change once its year is closed (core/year_close.py)
    conclusion: tuple[str, ...] = ()
    #: the `conclusion` fields a closed year counts once given (a 行政裁决's 告知 in its T35): an open matter of a
    #: closed year may fill them (empty or 否 before) but not clear or change them (core/year_close.py); and, written
    #: `group.sub`, sub-fields of a group held otherwise, which its rows may fill where empty (a minor's 法定代理人)
    fill_only: tuple[str, ...] = ()
    #: a text field that tells apart two records of the same date and title (投诉人: the second slip of a day's
    #: 执法人员未出示执法证 from another complainant is another complaint): filled on both and different, they are no
    #: twins (db.twins_sql); None: the date and title alone tell them
    twin_apart: str | None = None
    #: the SHA-256 of the definition file's text: part of the record rules a database remembers its records meet
    #: (core/record_rules.py), so that a form changed in any way has every record checked again once
    digest: str = field(default="", compare=False, repr=False)

    @cached_property
    def concluding_fields(self) -> frozenset[str]:
        """`open_until` and `conclusion`: a matter's conclusion (none for a ledger without `open_until`), with the
        备注 (`remarks`), which no figure reads: what a matter still being handled once its year is closed may change
        (core/year_close.py; a note on 督办 or a call back is written there while the matter is handled)."""
        return frozenset((self.open_until, *self.conclusion, "remarks")) if self.open_until else frozenset()

    @cached_property
    def rows_fill_only(self) -> dict[str, frozenset[str]]:
        """Group -> its sub-fields `fill_only` names (`parties.guardian`): an open matter of a closed year keeps the
        group's rows as they are but may fill these where a row has them empty."""
        found: dict[str, set[str]] = {}
        for name in self.fill_only:
            group, _, sub = name.partition(".")
            if sub:
                found.setdefault(group, set()).add(sub)
        return {group: frozenset(subs) for group, subs in found.items()}

    @cached_property
    def matter_fields(self) -> tuple[str, ...]:
        """The fields that say whether a record is a matter still being handled and until when (`open_until` and
        those `open_while` names): with its date, the years it counts in (core/year_close.spanned_in)."""
        if self.open_until is None:
            return ()
        return tuple(dict.fromkeys((self.open_until, *(c.field for c in self.open_while))))

    def in_progress(self, values: dict[str, Any]) -> bool:
        """Is a record of these `values` a matter still being handled: `open_while` holds, or without it,
        `open_until` is empty (core/year_close.py)? Never for a ledger without `open_until`. Closing its year neither
        waits for it nor locks it: a complaint accepted on 20 December is concluded in January, and its conclusion
        must be entered (it counts in the year it is concluded)."""
        if self.open_until is None:
            return False
        if self.open_while:
            return all(c.holds(values) for c in self.open_while)
        return not values.get(self.open_until)

    def field(self, name: str) -> FieldDef:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @cached_property  # computed once per form (a LedgerDef never changes): validation asks for every record
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @cached_property
    def masked_places(self) -> tuple[tuple[FieldDef, tuple[str, ...]], ...]:
        """Where a record can hold a value masked on screen (an ID or phone number): each personal field with (),
        each group with its personal sub-fields; a form without any (会议, 学法活动) has none, and a save then
        looks for no mask (masked.keep_stored, asked at every save)."""
        places = []
        for f in self.fields:
            if f.type == "group":
                subs = tuple(sub.name for sub in f.fields if sub.is_sensitive)
                if subs:
                    places.append((f, subs))
            elif f.is_sensitive:
                places.append((f, ()))
        return tuple(places)

    @cached_property
    def hides(self) -> bool:
        """Whether a field of the form (not a group's sub-field) has a `visible_when`."""
        return any(f.visible_when is not None for f in self.fields)

    @cached_property
    def in_time_checks(self) -> tuple[Any, ...]:
        """The record's own 是否按期办结 checks (`in_time_blank`, not in a group), which every save asks
        (validate.in_time_answers)."""
        return tuple(c for c in self.checks if c.kind == "in_time_blank" and c.group is None)

    @cached_property
    def time_orders(self) -> tuple[Any, ...]:
        """The record's own `order` checks of two times (开始时间, 结束时间): an end typed in the small hours may be
        after midnight (validate._past_midnight, asked at every save)."""
        return tuple(c for c in self.checks
                     if c.kind == "order" and c.group is None and self.field(c.fields[1]).type == "time")

    @cached_property
    def accepted_keys(self) -> frozenset[str]:
        """The keys a record's values may have: its fields and 备注 (remarks)."""
        return frozenset((*self.field_names, "remarks"))

    def content_values(self, values: dict[str, Any]) -> dict[str, Any]:
        """The field values a record's content hash covers (and a bundle carries): every field the form had in
        its first version, empty or not, and a field added later (`since` > 1) only when it holds a value, in
        group rows too. So adding a field to a form leaves the hash of every record written before unchanged."""
        reshaped = self._later_subs
        return {f.name: _content_value(f, values.get(f.name)) if f.name in reshaped else values.get(f.name)
                for f in self.fields if f.since == 1 or values.get(f.name) is not None}

    @cached_property
    def _later_subs(self) -> frozenset[str]:
        """The groups with a sub-field added later, whose rows `content_values` reshapes (`_content_value`); every
        other value is covered as it is (asked at every save)."""
        return frozenset(f.name for f in self.fields if f.type == "group" and any(sub.since > 1 for sub in f.fields))

    @cached_property
    def group_names(self) -> frozenset[str]:
        """The names of the form's groups (masked.keep_stored, asked at every save)."""
        return frozenset(f.name for f in self.fields if f.type == "group")

    @cached_property
    def defaulted_fields(self) -> tuple[FieldDef, ...]:
        """The fields with a `default` (Store.defaults, asked at every save)."""
        return tuple(f for f in self.fields if f.default is not None)

    def same_value(self, name: str, a: Any, b: Any) -> bool:
        """Are `a` and `b`, two values of field `name` (or 备注), the same content, as the content hash sees them
        (`content_values`): a group row of an older version without a later sub-field (`since` > 1) is the same as
        that row with it empty, which a save's cleaning gives it. Store.save and year_close.check_write compare so."""
        f = self.field(name) if name in self.field_names else None
        if f is not None:
            a, b = _content_value(f, a), _content_value(f, b)
        return canonical_json(a) == canonical_json(b)

    def copied_values(self, values: dict[str, Any]) -> dict[str, Any]:
        """What 复制为新记录 carries from a record's `values` into a new one: the filled fields the form marks
        `copy = true` (the next 常务会议 has the same place, host and attendees; its date, agenda and outcome are
        its own)."""
        return {f.name: values[f.name] for f in self.fields if f.copy and _is_filled(values.get(f.name))}

    @cached_property
    def first_field_names(self) -> frozenset[str]:
        """The fields every record's content names (those of the form's first version)."""
        return frozenset(f.name for f in self.fields if f.since == 1)

    def text_fields(self) -> tuple[FieldDef, ...]:
        """Fields whose words a search should find (groups and people included, as their text)."""
        return self._text_fields

    @cached_property
    def _text_fields(self) -> tuple[FieldDef, ...]:
        searchable = {"text", "longtext", "choice", "multichoice", "person", "people", "group", "phone", "date"}
        return tuple(f for f in self.fields if f.type in searchable)

    @cached_property
    def searched_fields(self) -> tuple[tuple[FieldDef, bool], ...]:
        """`text_fields` and the attachments (their files' names), in the form's order, with whether a value of each
        holds something masked on screen (the field, or a sub-field of a group): search indexes those values masked
        (core/search.record_texts)."""
        text = {f.name for f in self.text_fields()}
        return tuple((f, f.is_sensitive or any(sub.is_sensitive for sub in f.fields)) for f in self.fields
                     if f.name in text or f.type == "attachments")

    def column_label(self, column: str) -> str:
        if column in SYSTEM_LABELS:
            return SYSTEM_LABELS[column]
        return self.field(column).label


def _content_value(f: FieldDef, value: Any) -> Any:
    if f.type == "group" and isinstance(value, list) and any(sub.since > 1 for sub in f.fields):
        return [{sub.name: row.get(sub.name) for sub in f.fields if sub.since == 1 or row.get(sub.name) is not None}
                if isinstance(row, dict) else row for row in value]
    return value


def _is_filled(value: Any) -> bool:
    return value not in (None, "", [], {})


def hidden_fields(fields: tuple[FieldDef, ...], values: dict[str, Any]) -> set[str]:
    """The names of `fields` whose `visible_when` fails for `values`, judged in form order: a hidden field counts as
    empty for the fields after it (申请司法确认日期 goes with its 司法确认 when a failed mediation hides that)."""
    view, hidden = dict(values), set()
    for f in fields:
        if f.visible_when is not None and not f.visible_when.holds(view):
            hidden.add(f.name)
            view[f.name] = None
    return hidden


def forms_dir() -> Path:
    return paths.resource_root() / "forms"


#: the order in which the ledgers are listed everywhere (navigation, export plans, reports): the county's notice
LEDGER_ORDER = ("meeting", "law_study", "enforcement_check", "complaint", "mediation_case")


def named_ledger(ledgers: dict[str, LedgerDef], name: str) -> LedgerDef:
    """The ledger a clerk names on the command line: by its name (mediation_case) or its label (调解案件)."""
    found = ledgers.get(name) or next((ledger for ledger in ledgers.values() if ledger.label == name.strip()), None)
    if found is None:
        names = "、".join(f"{ledger.name}（{ledger.label}）" for ledger in ledgers.values())
        raise NotFound(f"没有名为“{name}”的台账（可用：{names}）")
    return found


def load_forms(directory: Path | None = None) -> dict[str, LedgerDef]:
    """Read every `*.toml` in `directory` (default: the shipped `forms/`), checked; in LEDGER_ORDER, then any other
    ledgers in file-name order.

    Raises FormError for the first problem found, naming the file, line and field.
    """
    directory = directory or forms_dir()
    files = sorted(directory.glob("*.toml"))
    if not files:
        raise FormError(directory, "目录中没有任何台账定义文件（*.toml）")
    read = {}
    for path in files:
        ledger = load_form(path)
        read[ledger.name] = ledger
    ledgers = {name: read[name] for name in LEDGER_ORDER if name in read}
    ledgers.update({name: ledger for name, ledger in read.items() if name not in ledgers})
    for ledger in ledgers.values():
        for f in _all_fields(ledger.fields):
            if f.type == "link" and f.link not in ledgers:
                raise FormError(ledger.source, f"链接的台账“{f.link}”不存在", f.name, _line_of(ledger.source, f.name))
        for check in ledger.checks:
            if check.kind == "link_value":
                _check_linked_value(ledger, ledgers[check.fields[1]], *check.fields[2:])
        if ledger.parent and ledger.parent not in ledgers:
            raise FormError(ledger.source, f"上级台账“{ledger.parent}”不存在")
    return ledgers


def _check_linked_value(ledger: LedgerDef, target: LedgerDef, name: str, value: str) -> None:
    """A `link` check's field and value must be the linked ledger's: a misspelt one would never speak."""
    where = f"链接核对（[[checks]]）：台账“{target.label}”"
    found = next((f for f in target.fields if f.name == name), None)
    if found is None:
        raise FormError(ledger.source, f"{where}没有字段“{name}”", name)
    if found.type == "choice" and value not in found.choices:
        raise FormError(ledger.source, f"{where}的“{found.label}”没有选项“{value}”", name)


def load_form(path: Path) -> LedgerDef:
    """Read and check one definition file."""
    text = path.read_text(encoding="utf-8")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _line_from_message(str(exc))
        raise FormError(path, f"TOML 语法错误：{exc}", line=line) from None
    return _Reader(path, text).ledger(raw)


def _all_fields(fields: tuple[FieldDef, ...]):
    for f in fields:
        yield f
        yield from f.fields


def _line_from_message(message: str) -> int | None:
    m = re.search(r"line (\d+)", message)
    return int(m.group(1)) if m else None


def _version_line(source: str | Path) -> int | None:
    """The line of the form's `version = N`."""
    try:
        lines = Path(source).read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    return next((number for number, line in enumerate(lines, 1) if re.match(r"\s*version\s*=", line)), None)


def field_error(source: str | Path, reason: str, field: str) -> FormError:
    """A FormError naming the line that declares `field` of the form file `source`."""
    return FormError(source, reason, field, _line_of(source, field))


def _line_of(source: str | Path, name: str, group: str | None = None) -> int | None:
    """The line declaring field `name` (within group `group`'s sub-fields when given)."""
    try:
        lines = Path(source).read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    start = (_line_of(source, group) or 1) if group else 1
    pattern = re.compile(r'^\s*name\s*=\s*["\']' + re.escape(name) + r'["\']')
    for number, line in enumerate(lines[start - 1 :], start):
        if pattern.match(line) and (group is None or number > start):
            return number
    return None


class _Reader:
    """Turns one parsed TOML document into a LedgerDef, raising FormError with file, line and field."""

    def __init__(self, path: Path, text: str):
        self.path, self.text = path, text
        self.group: str | None = None  # the group whose sub-fields are being read

    def fail(self, reason: str, field: str | None = None) -> FormError:
        return FormError(self.path, reason, field, _line_of(self.path, field, self.group) if field else None)

    def ledger(self, raw: dict[str, Any]) -> LedgerDef:
        head = raw.get("ledger")
        if not isinstance(head, dict):
            raise self.fail("缺少 [ledger] 表")
        unknown = set(head) - _LEDGER_KEYS
        if unknown:
            raise self.fail(f"[ledger] 中有未知的键：{', '.join(sorted(unknown))}")
        for key in ("name", "label", "version", "date_field", "title_field", "list_columns", "numbering"):
            if key not in head:
                raise self.fail(f"[ledger] 缺少 {key}")
        name = head["name"]
        if not isinstance(name, str) or not _NAME.match(name):
            raise self.fail(f"台账名“{name}”必须是小写英文、数字和下划线")
        if name != self.path.stem:
            raise self.fail(f"台账名“{name}”与文件名“{self.path.stem}”不一致")
        if not isinstance(head["version"], int) or head["version"] < 1:
            raise self.fail("version 必须是正整数")
        raw_fields = raw.get("fields")
        if not isinstance(raw_fields, list) or not raw_fields:
            raise self.fail("没有定义任何字段（[[fields]]）")
        fields = self.fields(raw_fields, nested=False)
        self.versions(head["version"], fields)
        names = {f.name: f for f in fields}
        date_field = names.get(head["date_field"])
        if date_field is None or date_field.type != "date":
            raise self.fail(f"date_field“{head['date_field']}”必须是本台账的日期字段")
        if head["title_field"] not in names:
            raise self.fail(f"title_field“{head['title_field']}”不是本台账的字段")
        open_until = head.get("open_until")
        if open_until is not None and (open_until not in names or names[open_until].type != "date"):
            raise self.fail(f"open_until“{open_until}”必须是本台账的日期字段")
        conclusion = self.conclusion(head.get("conclusion", []), names, open_until, head)
        open_while = self.open_while(head.get("open_while"), names, open_until)
        fill_only = self.fill_only(head.get("fill_only", []), conclusion, names)
        columns = head["list_columns"]
        if not isinstance(columns, list) or not columns:
            raise self.fail("list_columns 必须是非空列表")
        for column in columns:
            if column not in names and column not in SYSTEM_COLUMNS:
                raise self.fail(f"list_columns 中的“{column}”不是字段")
        return LedgerDef(
            name=name,
            label=str(head["label"]),
            version=head["version"],
            date_field=date_field.name,
            title_field=head["title_field"],
            list_columns=tuple(columns),
            numbering=self.numbering(head["numbering"], names),
            fields=fields,
            parent=head.get("parent"),
            source=str(self.path),
            checks=self.checks(raw.get("checks", []), names, date_field.name),
            open_until=open_until,
            open_while=open_while,
            conclusion=conclusion,
            fill_only=fill_only,
            twin_apart=self.twin_apart(head, names),
            digest=hashlib.sha256(self.text.encode("utf-8")).hexdigest(),
        )

    def versions(self, version: int, fields: tuple[FieldDef, ...]) -> None:
        """Each field's `since` names a version the form has, and each version after the first added a field: a
        version raised for a field written without `since` would put that field, empty, into every older record's
        content hash, and `fazhi check` would call each of them altered."""
        added = {f.since for f in _all_fields(fields)} | {v for f in _all_fields(fields) for _, v in f.choices_since}
        for f in _all_fields(fields):
            if f.since > version:
                raise self.fail(f"since = {f.since} 大于表单版本 {version}（since 是加入该字段的表单版本）", f.name)
            for choice, since in f.choices_since:
                if not f.since < since <= version:
                    raise self.fail(f"choices_since 中“{choice}”的版本 {since} 须大于字段的 since（{f.since}）、"
                                    f"不大于表单版本 {version}", f.name)
        for step in range(2, version + 1):
            if step not in added:
                raise FormError(self.path, f"version = {version}，但没有字段写 since = {step}：第 {step} 版新加的字段"
                                f"须写 since = {step}（不写则旧记录的内容摘要全都对不上，fazhi check 会报告记录"
                                "被改动）；没有新加字段就不要提高 version", None, _version_line(self.path))

    def conclusion(self, raw: Any, names: dict[str, FieldDef], open_until: str | None,
                   head: dict[str, Any]) -> tuple[str, ...]:
        """`conclusion`: fields of the record itself, given with `open_until`, none of those that place the record
        in its year, name it or number it (they stay as the closed year counted them)."""
        if not isinstance(raw, list) or not all(isinstance(name, str) for name in raw):
            raise self.fail("conclusion 必须是字段名列表")
        if raw and open_until is None:
            raise self.fail("conclusion 须与 open_until 一起使用")
        numbering = head.get("numbering")
        prefix = numbering.get("prefix_field") if isinstance(numbering, dict) else None
        fixed = {head["date_field"], head["title_field"], open_until, prefix}
        for name in raw:
            if name not in names:
                raise self.fail(f"conclusion 中的“{name}”不是本台账的字段")
            if name in fixed:
                raise self.fail(f"conclusion 中的“{name}”是日期、标题、编号字头或 open_until 字段，不能列入")
        if len(set(raw)) != len(raw):
            raise self.fail("conclusion 中有重复的字段")
        return tuple(raw)

    def open_while(self, raw: Any, names: dict[str, FieldDef], open_until: str | None) -> tuple[Condition, ...]:
        """`open_while`: a list of conditions as `visible_when` writes one, all of which hold while a record is a matter
        still being handled; given with `open_until`, on fields of the record itself that are not lists (a closed
        year's stored row is judged as it is stored)."""
        if raw is None:
            return ()
        if open_until is None:
            raise self.fail("open_while 须与 open_until 一起使用")
        if not isinstance(raw, list) or not raw:
            raise self.fail('open_while 必须是条件列表，如 [{ field = "x", filled = true }]')
        out = []
        for item in raw:
            try:
                cond = read_condition(item, "open_while")
            except ValueError as e:
                raise self.fail(str(e)) from None
            fault = condition_fault("open_while", cond, names)
            if fault is None and names[cond.field].is_json:
                fault = f"open_while 引用的字段“{cond.field}”是列表类字段，不能作为条件"
            if fault:
                raise self.fail(fault)
            out.append(cond)
        return tuple(out)

    def fill_only(self, raw: Any, conclusion: tuple[str, ...], names: dict[str, FieldDef]) -> tuple[str, ...]:
        """`fill_only`: fields of `conclusion`, or `group.sub`, a sub-field of a group not in it, each once."""
        if not isinstance(raw, list) or not all(isinstance(name, str) for name in raw):
            raise self.fail("fill_only 必须是字段名列表")
        for name in raw:
            group, _, sub = name.partition(".")
            if not sub:
                if name not in conclusion:
                    raise self.fail(f"fill_only 中的“{name}”不在 conclusion 中")
                continue
            owner = names.get(group)
            if owner is None or owner.type != "group" or sub not in {f.name for f in owner.fields}:
                raise self.fail(f"fill_only 中的“{name}”不是本台账重复组的子字段（写作 重复组.子字段）")
            if group in conclusion:
                raise self.fail(f"fill_only 中的“{name}”：重复组“{group}”在 conclusion 中，其各项本已可以修改")
        if len(set(raw)) != len(raw):
            raise self.fail("fill_only 中有重复的字段")
        return tuple(raw)

    def twin_apart(self, head: dict[str, Any], names: dict[str, FieldDef]) -> str | None:
        """`twin_apart`: a text field of the record itself (not a list, not the date or title it tells apart)."""
        name = head.get("twin_apart")
        if name is None:
            return None
        f = names.get(name) if isinstance(name, str) else None
        if f is None or f.type != "text" or name in (head["date_field"], head["title_field"]):
            raise self.fail(f"twin_apart“{name}”必须是本台账的文本字段（不是日期或标题字段）")
        return name

    def numbering(self, raw: Any, names: dict[str, FieldDef]) -> Numbering:
        if not isinstance(raw, dict) or "format" not in raw or "prefix" not in raw:
            raise self.fail("[ledger.numbering] 需要 format 和 prefix")
        fmt = raw["format"]
        if "{seq}" not in fmt:
            raise self.fail("编号格式必须包含 {seq}")
        try:
            fmt.format(year=2026, prefix="字", seq=1)
        except (KeyError, IndexError, ValueError) as exc:
            raise self.fail(f"编号格式“{fmt}”无法使用：{exc}") from None
        prefix_field = raw.get("prefix_field")
        prefixes = raw.get("prefixes", {})
        if prefix_field is not None:
            source = names.get(prefix_field)
            if source is None or source.type != "choice":
                raise self.fail(f"prefix_field“{prefix_field}”必须是本台账的单选字段")
            for choice in prefixes:
                if choice not in source.choices:
                    raise self.fail(f"prefixes 中的“{choice}”不是“{source.label}”的选项", prefix_field)
        return Numbering(fmt, str(raw["prefix"]), prefix_field, dict(prefixes))

    def fields(self, raw_fields: list[Any], nested: bool) -> tuple[FieldDef, ...]:
        result: list[FieldDef] = []
        seen: set[str] = set()
        for index, raw in enumerate(raw_fields, 1):
            if not isinstance(raw, dict):
                raise self.fail(f"第 {index} 个字段不是表")
            f = self.one_field(raw, index, nested)
            if f.name in seen:
                raise self.fail("字段名重复", f.name)
            seen.add(f.name)
            result.append(f)
        by_name = {f.name: f for f in result}
        for f in result:
            self.check_condition(f, by_name)
        if not nested:
            self.check_defaults_from(result, by_name)
        return tuple(self.absent_in(f, raw, by_name) for f, raw in zip(result, raw_fields, strict=True))

    def check_defaults_from(self, fields: list[FieldDef], by_name: dict[str, FieldDef]) -> None:
        """A sub-field's `default_from` names a field of the record itself holding a name or text (调解员)."""
        for group in fields:
            for sub in group.fields:
                source = by_name.get(sub.default_from or "")
                if sub.default_from is not None and (source is None or source.type not in _DEFAULT_SOURCES
                                                     or source.is_sensitive):
                    raise FormError(self.path, f"default_from“{sub.default_from}”须是本台账（重复组之外）的人员、"
                                    "姓名或文字字段", sub.name, _line_of(self.path, sub.name, group.name))

    def absent_in(self, f: FieldDef, raw: dict[str, Any], by_name: dict[str, FieldDef]) -> FieldDef:
        """A people field with `absent_in`: the group of its level where those absent are entered, by its label."""
        name = raw.get("absent_in")
        if name is None:
            return f
        if f.type != "people":
            raise self.fail("只有人员（people）字段可以有 absent_in", f.name)
        group = by_name.get(name) if isinstance(name, str) else None
        if group is None or group.type != "group":
            raise self.fail(f"absent_in“{name}”不是本层的重复组（填写请假、缺席人员的那一组）", f.name)
        return replace(f, absent_label=group.label)

    def one_field(self, raw: dict[str, Any], index: int, nested: bool) -> FieldDef:
        name = raw.get("name")
        if not isinstance(name, str) or not _NAME.match(name):
            raise self.fail(f"第 {index} 个字段的 name“{name}”必须是小写英文、数字和下划线")
        unknown = set(raw) - _FIELD_KEYS
        if unknown:
            raise self.fail(f"未知的键：{', '.join(sorted(unknown))}", name)
        if not nested and name in RESERVED_NAMES:
            raise self.fail(f"“{name}”是系统列名，不能用作字段名", name)
        if not isinstance(raw.get("label"), str) or not raw["label"].strip():
            raise self.fail("缺少 label（中文名称）", name)
        ftype = raw.get("type")
        if ftype not in FIELD_TYPES:
            raise self.fail(f"未知的字段类型“{ftype}”", name)
        choices = raw.get("choices", [])
        if ftype in ("choice", "multichoice"):
            if not isinstance(choices, list) or not choices or not all(isinstance(c, str) for c in choices):
                raise self.fail("单选/多选字段需要非空的 choices 列表", name)
            if len(set(choices)) != len(choices):
                raise self.fail("choices 中有重复的选项", name)
        elif choices:
            raise self.fail(f"{ftype} 类型的字段不能有 choices", name)
        suggestions = raw.get("suggestions", [])
        if suggestions and (ftype != "text" or raw.get("sensitive") or raw.get("pattern")):
            raise self.fail("只有（不敏感、无 pattern 的）文字字段可以有 suggestions", name)
        if not isinstance(suggestions, list) or not all(isinstance(c, str) and c.strip() for c in suggestions):
            raise self.fail("suggestions 必须是文字的列表", name)
        if len(set(suggestions)) != len(suggestions):
            raise self.fail("suggestions 中有重复的写法", name)
        if ftype == "link" and not isinstance(raw.get("link"), str):
            raise self.fail("链接字段需要 link（目标台账名）", name)
        pattern = raw.get("pattern")
        if pattern is not None:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise self.fail(f"pattern 不是有效的正则表达式：{exc}", name) from None
        for key in ("min", "max"):
            if key in raw and not isinstance(raw[key], (int, float)):
                raise self.fail(f"{key} 必须是数字", name)
        subfields: tuple[FieldDef, ...] = ()
        if ftype == "group":
            if nested:
                raise self.fail("重复组中不能再嵌套重复组", name)
            raw_sub = raw.get("fields")
            if not isinstance(raw_sub, list) or not raw_sub:
                raise self.fail("重复组需要子字段（[[fields.fields]]）", name)
            self.group = name
            try:
                subfields = self.fields(raw_sub, nested=True)
            finally:
                self.group = None
        elif "fields" in raw:
            raise self.fail("只有重复组（group）可以有子字段", name)
        copy = raw.get("copy", False)
        if not isinstance(copy, bool):
            raise self.fail("copy 必须是 true 或 false", name)
        if copy and nested:
            raise self.fail("copy 只能用于台账的字段，不能用于重复组的子字段", name)
        if copy and (ftype in SENSITIVE_TYPES or ftype == "attachments" or raw.get("sensitive")):
            raise self.fail("证件号、电话、附件和敏感字段不能设 copy（复制为新记录不带个人信息和扫描件）", name)
        since = raw.get("since", 1)
        if not isinstance(since, int) or isinstance(since, bool) or since < 1:
            raise self.fail("since 必须是正整数（加入该字段的表单版本）", name)
        choices_since = raw.get("choices_since", {})
        if not isinstance(choices_since, dict) or not all(
                c in choices and isinstance(v, int) and not isinstance(v, bool) for c, v in choices_since.items()):
            raise self.fail("choices_since 须写成 { \"选项\" = 加入该选项的表单版本 }，选项须在 choices 中", name)
        if since > 1 and raw.get("required"):
            raise self.fail(f"since = {since} 的字段不能 required = true：旧版本保存的记录和未升级的乡镇发来的数据包"
                            "没有这个字段，县里会拒收；请删去 required" + ("" if nested else
                            f"，在文件末尾加一条核对 [[checks]] kind = \"filled\"、fields = [\"{name}\"]"
                            "（未填时提示而不拒收，如申请司法确认日期）"), name)
        unit = raw.get("unit", "")
        if "unit" in raw and ftype not in ("integer", "decimal"):
            raise self.fail("只有数字字段（integer、decimal）可以有 unit", name)
        if not isinstance(unit, str) or ("unit" in raw and not _UNIT.fullmatch(unit)):
            raise self.fail(f"unit 须是写在数字后的单位（1–4 个字，不含空格和数字，如“岁”“人”“元”），"
                            f"收到“{unit}”", name)
        default_from = raw.get("default_from")
        if default_from is not None and (not nested or ftype not in ("person", "text") or raw.get("sensitive")):
            raise self.fail("只有重复组中的姓名（person）或文字（text）子字段可以有 default_from", name)
        if default_from is not None and not isinstance(default_from, str):
            raise self.fail("default_from 须是本台账一个字段的 name", name)
        first_year = raw.get("first_year", FIRST_YEAR)
        if "first_year" in raw and ftype not in ("date", "datetime"):
            raise self.fail("只有日期字段（date、datetime）可以有 first_year", name)
        if not isinstance(first_year, int) or isinstance(first_year, bool) or not EARLIEST <= first_year <= FIRST_YEAR:
            raise self.fail(f"first_year 必须是 {EARLIEST}–{FIRST_YEAR} 之间的年份"
                            f"（Excel 存不了 {EARLIEST} 年以前的日期）", name)
        return FieldDef(
            name=name,
            label=raw["label"].strip(),
            type=ftype,
            required=bool(raw.get("required", False)),
            choices=tuple(choices),
            min=raw.get("min"),
            max=raw.get("max"),
            pattern=pattern,
            pattern_message=raw.get("pattern_message"),
            help=raw.get("help"),
            placeholder=raw.get("placeholder"),
            visible_when=self.condition(raw["visible_when"], name) if "visible_when" in raw else None,
            applies_when=self.condition(raw["applies_when"], name, "applies_when") if "applies_when" in raw else None,
            link=raw.get("link"),
            role=raw.get("role"),
            fields=subfields,
            default=raw.get("default"),
            sensitive=bool(raw.get("sensitive", False)),
            since=since,
            choices_since=tuple(choices_since.items()),
            copy=copy,
            suggestions=tuple(suggestions),
            first_year=first_year,
            unit=unit,
            default_from=default_from,
        )

    def condition(self, raw: Any, name: str, key: str = "visible_when") -> Condition:
        try:
            return read_condition(raw, key)
        except ValueError as e:
            raise self.fail(str(e), name) from None

    def check_condition(self, f: FieldDef, by_name: dict[str, FieldDef]) -> None:
        for key, cond in (("visible_when", f.visible_when), ("applies_when", f.applies_when)):
            if cond is None:
                continue
            if cond.field == f.name:
                raise self.fail(f"{key} 不能引用字段自身", f.name)
            fault = condition_fault(key, cond, by_name)
            if fault:
                raise self.fail(fault, f.name)

    def checks(self, raw: Any, names: dict[str, FieldDef], date_field: str) -> tuple[Check, ...]:
        from fazhi_desktop.core.form_checks import read_checks  # the `[[checks]]` loader, core/form_checks.py

        return read_checks(self.path, self.text, raw, names, date_field)


def read_condition(raw: Any, key: str) -> Condition:
    """A condition as a form writes it (`visible_when`, `applies_when`: `{ field = "x", equals = "y" }`); ValueError
    with the reason when malformed."""
    if not isinstance(raw, dict) or "field" not in raw:
        raise ValueError(f"{key} 需要 field")
    ops = [op for op in _CONDITION_OPS if op in raw]
    extra = set(raw) - {"field", *_CONDITION_OPS}
    if len(ops) != 1 or extra:
        raise ValueError(f"{key} 需要且只能有 equals、in、not_in、filled 之一")
    op = ops[0]
    value = raw[op]
    if op in ("in", "not_in") and not isinstance(value, list):
        raise ValueError(f"{key} 的 {op} 必须是列表")
    if op == "filled" and not isinstance(value, bool):
        raise ValueError(f"{key} 的 filled 必须是 true 或 false")
    return Condition(raw["field"], op, tuple(value) if isinstance(value, list) else value)


def condition_fault(key: str, cond: Condition, by_name: dict[str, FieldDef]) -> str | None:
    """Why `cond` cannot hold among the fields `by_name` (its field missing, a value no choice has), or None."""
    target = by_name.get(cond.field)
    if target is None:
        return f"{key} 引用的字段“{cond.field}”不存在（须在同一层级）"
    if target.type == "choice" and cond.op != "filled":
        values = cond.value if isinstance(cond.value, tuple) else (cond.value,)
        for v in values:
            if v not in target.choices:
                return f"{key} 的值“{v}”不是“{target.label}”的选项"
    if target.type == "boolean" and cond.op == "equals" and not isinstance(cond.value, bool):
        return f"{key} 对是/否字段的 equals 必须是 true 或 false"
    return None
