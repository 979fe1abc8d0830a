"""Turning what a user entered into stored values, or saying, field by field and in Chinese, why not.

`clean_record` is the only validator: the write path, the GUI (as the user types) and bundle import all call it.
"""

from __future__ import annotations

import copy
import json
import math
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from fazhi_desktop.core import dates, identifiers, masked, number_in_text
from fazhi_desktop.core.errors import FieldProblem
from fazhi_desktop.core.form_checks import Check
from fazhi_desktop.core.forms import FieldDef, LedgerDef, hidden_fields
from fazhi_desktop.core.masked import REFUSED, is_masked
from fazhi_desktop.core.names import NUMBER_IN_NAME, NUMBERS_GO, absence_mark, name_doubt, split_names
from fazhi_desktop.core.plaintext import multi_line, one_line

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_LIST_SEPARATORS = re.compile(r"[、，,；;\n]+")
#: 是/否 as typed, or as an office's Excel 台账 marks it (√ ✓ ✔ ☑, × ✗ ✘ ☐; ☒ is left out: checked to some, crossed
#: out to others)
_TRUE = {"是", "true", "yes", "y", "1", "有", "已告知", "√", "✓", "✔", "☑"}
_FALSE = {"否", "false", "no", "n", "0", "无", "未告知", "×", "✗", "✘", "☐"}


def _no_link_target(ledger: str, text: str) -> str:
    raise ValueError(f"所链接的记录“{text}”不存在")


@dataclass(kw_only=True)
class Lookups:
    """What validation needs to know about the rest of the database (links, attachments, today)."""

    #: the program's clock's date (`Store.lookups`: the Store's clock, on this computer's calendar): no default, so
    #: that no check judges "after today" by another clock than the one the record is saved by
    today: Callable[[], date]
    record_exists: Callable[[str, str], bool] = lambda ledger, record_id: True
    attachment_exists: Callable[[str], bool] = lambda sha256: True
    #: the stored values of the record checked, when the user sees them masked (to one who may not reveal them):
    #: a check judges an ID number or a birth date (2008-**-**) she was shown masked, where she was shown it
    #: (masked.shown: at its field, or its party's row), by what the mask leaves, the birth year; else its warning
    #: would tell the digits the mask hides one guess at a time. The same value typed for another party is hers.
    masked_from: dict[str, Any] | None = None
    #: the names of the fields at the level checked (the record's, or one group row's) that hold such a value: set
    #: for each level as the checks run (`_at_level`)
    masked: frozenset[str] = field(default=frozenset(), init=False)
    #: the ID numbers the saved record holds (its fields' and its groups' rows'): `fill` takes nothing from them
    stored_ids: frozenset[str] = frozenset()
    #: (date, title) -> the numbers of the other counted records of the record's township in the ledger with that
    #: date and title (live, not set aside; at the county the sender's): the same meeting or case entered twice
    #: counts twice for the county (a saved record is not its own twin; db.twins_sql); a third argument, the
    #: record's value of the form's `twin_apart` (投诉人), leaves out the records it tells apart
    twins: Callable[..., list[str]] = lambda day, title, apart=None: []
    #: (ledger, id) -> (number, date, values) of a live record a link points to, or None (unknown, deleted, or not
    #: looked up: a bundle's links may point into the bundle itself)
    linked: Callable[[str, str], tuple[str, str | None, dict[str, Any]] | None] = lambda ledger, record_id: None
    #: (role, date, names) -> those of the names that are the office's roster people tagged with the role and in
    #: post on that date, matched as the figures match them (`indicators.roster.holding`: 王　伟 is 王伟, 马志刚书记
    #: no one); none known at the county, where `roster` is False and the checks that ask say nothing; none for an
    #: office whose roster is empty, where `of_role` rightly names every name listed: T47 counts none of its 述法人,
    #: and the warning, 不是名册中该日在任的…, says why
    role_holding: Callable[[str, str, list[str]], list[str]] = lambda role, day, names: []
    #: (name, date) -> (执法证号, 有效期) the roster gave that name on that date, by its change log
    #: (`people.roster_certificate`: its 执法证号 None for a 执法人员 the roster listed as 未持证), or None: no one,
    #: several, no roster (the county), or a date before the log began for someone whose certificate it saw change
    certificate: Callable[[str, str], tuple[str | None, str | None] | None] = lambda name, day: None
    #: (ledger, text) -> the id of the live record a link typed as its number names (links.link_target); raises
    #: ValueError (none, without a database to look in: a bundle's links are ids)
    link_target: Callable[[str, str], str] = _no_link_target
    #: whether the office keeps the roster `role_holding` reads (not at the county): a name it does not give a role
    #: is then said (`of_role`)
    roster: bool = False
    _today_iso: str | None = field(default=None, init=False, repr=False, compare=False)

    def today_iso(self) -> str:
        """`today()` as stored (2026-06-01), asked once per Lookups (one save, one bundle import): an import compares
        the dates of 10,000 records with it, and asking the clock for the local date costs more than all of that."""
        if self._today_iso is None:
            self._today_iso = self.today().isoformat()
        return self._today_iso


@dataclass
class Cleaned:
    values: dict[str, Any]
    problems: list[FieldProblem] = field(default_factory=list)
    warnings: list[FieldProblem] = field(default_factory=list)
    #: the warnings of `refuse` checks, with their checks: refused when a save makes them (`refuse_at_save`)
    refusable: list[tuple[FieldProblem, Check]] = field(default_factory=list)


class _Invalid(Exception):
    """One value's reason, raised by a cleaner and turned into a FieldProblem by the caller."""


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, (list, dict)) and not value


def clean_record(ledger: LedgerDef, data: dict[str, Any], lookups: Lookups, fill: bool = False) -> Cleaned:
    """Validate a whole record (every field of the form; missing keys are empty).

    Returns the values to store (hidden fields emptied) with every problem and warning found. Unknown keys are
    problems too: a typo in an imported file must not vanish silently. `fill` (the write path): text is cleaned as
    the editor cleans what is pasted (`as_typed`), and what a new ID number gives fills the fields left empty beside
    it (`_fill_from_id`); neither when checking stored values, which must come back as they are (the county's check
    of a bundle, core/bundle/values.py).
    """
    if fill:
        data = typed_record(ledger, data)
    result = Cleaned(values={})
    known = ledger.accepted_keys
    unknown = [key for key in data if key not in known]
    for key in unknown:
        meant = _label_of(ledger.fields, key, top=True)
        result.problems.append(FieldProblem(key, key, f"不是字段名（{meant}）" if meant
                                            else f"“{ledger.label}”台账没有这个字段"))
    remarks = data.get("remarks")
    if remarks is not None and not isinstance(remarks, str):  # a number in a file must not erase the remarks
        result.problems.append(FieldProblem("remarks", "备注", "应为文字"))
    elif remarks and not remarks.isascii() and _bad_text(remarks):
        result.problems.append(FieldProblem("remarks", "备注", _BAD_TEXT))
    result.values["remarks"] = remarks.strip() if isinstance(remarks, str) and remarks.strip() else None
    _clean_fields(ledger.fields, data, result, lookups, prefix="", label_prefix="", hides=ledger.hides)
    if unknown:
        result.problems = _not_also_required(result.problems, ledger.fields, unknown, prefix="")
    if ledger.checks:
        shown = masked.shown(ledger, result.values, lookups.masked_from) if lookups.masked_from is not None else ()
        if fill:
            _fill_from_id(ledger, result, lookups)
            result.values.update(in_time_answers(ledger, {}, result.values))  # 是否按期办结 left empty
        _past_midnight(ledger, data, result)
        _run_checks(ledger.checks, result, lookups, shown)
    _find_twins(ledger, result, lookups)
    if fill:
        _no_number_in_names(result)
        result.warnings.extend(number_in_text.warnings(ledger, result.values))
    return result


def _no_number_in_names(result: Cleaned) -> None:
    """A save refuses a name holding an ID or phone number (names.NUMBER_IN_NAME: a table row pasted into 姓名),
    which would be printed unmasked; the county's check of a bundle and a stored record keep it a warning."""
    refused = [w for w in result.warnings if NUMBER_IN_NAME in w.message]
    if refused:
        result.warnings = [w for w in result.warnings if NUMBER_IN_NAME not in w.message]
        result.problems.extend(FieldProblem(w.path, w.label, NUMBER_IN_NAME + (NUMBERS_GO if NUMBERS_GO in w.message
                                                                               else "")) for w in refused)


#: how the editor cleans what is pasted into a field of each type (core/plaintext.py): a one-line input, a long text's
#: box, a people field's box (one name a line)
_PASTED = {"text": one_line, "person": one_line, "longtext": multi_line, "people": multi_line}
#: the types whose value may come as a list written as JSON text (an Excel cell, `--json`)
_LISTS = frozenset({"people", "group"})


def typed_record(ledger: LedgerDef, data: Mapping[str, Any]) -> dict[str, Any]:
    """A record's values with its text as the write path stores it (`as_typed`, and the 备注 as a long text): what a
    save makes of a value is not a change the user made (year_close.check_write compares a held field with what this
    makes of the stored one). A copy."""
    typed = as_typed(ledger.fields, data)
    if isinstance(typed.get("remarks"), str):
        typed["remarks"] = multi_line(typed["remarks"])
    return typed


def as_typed(fields: tuple[FieldDef, ...], data: Mapping[str, Any]) -> dict[str, Any]:
    """`data` with its text as the editor takes it pasted (core/plaintext.py): a tab, a line break or another control
    character (Word's Shift+Enter is a vertical tab) in a title or a name made one line, in a long text a paragraph
    break or dropped, in a group's rows as in their fields. What `fazhi add/update --json`, an Excel row or an older
    version's value brings is then stored as the editor stores it, and a save never fails for it. A copy: `data`
    is left as it is (a group row or a list nothing changes in is the one given: the write path's every save asks)."""
    return dict(_typed(fields, data))


def _typed(fields: tuple[FieldDef, ...], data: Mapping[str, Any]) -> Mapping[str, Any]:
    """`as_typed`'s answer, `data` itself when nothing in it changes (the usual case: no copy of every row)."""
    cleaned: dict[str, Any] | None = None
    for f in fields:
        raw = data.get(f.name)
        if raw is None or (type(raw) is str and raw.isprintable() and f.type not in _LISTS):
            continue  # the usual value: nothing to clean (every save asks, field by field)
        typed = _typed_value(f, raw)
        if typed is not raw:
            cleaned = dict(data) if cleaned is None else cleaned
            cleaned[f.name] = typed
    return data if cleaned is None else cleaned


def _typed_value(f: FieldDef, raw: Any) -> Any:
    if f.type in _LISTS and isinstance(raw, str) and raw.strip().startswith("["):
        raw = _listed(raw)  # a list as JSON text (an Excel cell, `--json`): the cleaner says when it is not one
    if isinstance(raw, str):
        return _PASTED[f.type](raw) if f.type in _PASTED and not raw.isprintable() else raw
    if isinstance(raw, list) and f.type == "people":
        if all(isinstance(item, str) and item.isprintable() for item in raw):
            return raw  # nothing to split or clean
        return [name for item in raw for name in _names_in(item)]
    if isinstance(raw, list) and f.type == "group":
        rows = [_typed(f.fields, row) if isinstance(row, dict) else row for row in raw]
        return raw if all(row is given for row, given in zip(rows, raw, strict=True)) else rows
    return raw


def _names_in(item: Any) -> list[Any]:
    """A people field's listed item as the editor's box takes it, one name a line: "马文\n杨芳" is two names, not
    马文杨芳 (one_line joins Chinese across a break); str.splitlines breaks where plaintext does (\\v, \\r\\n…)."""
    if not isinstance(item, str):
        return [item]  # the cleaner says what it is
    return [one_line(line) for line in item.splitlines() if line.strip()] or [one_line(item)]


def _listed(text: str) -> Any:
    try:
        parsed = json.loads(text)
    except (ValueError, RecursionError):
        return text
    return parsed if isinstance(parsed, list) else text


#: a start from which an end in the small hours is the same night's (19:30 to 1:10), not an afternoon's
_EVENING = "18:00"


def _past_midnight(ledger: LedgerDef, data: dict[str, Any], result: Cleaned) -> None:
    """An evening meeting's end typed “1:10” is after midnight, as meant: the end time's small-hours doubt
    (dates.time_doubt) is dropped when the form orders it after a start in the evening. The order check still says
    the end is before the start, and that it prints as 次日."""
    for check in ledger.time_orders:
        start, end = (result.values.get(name) for name in check.fields)
        typed = data.get(check.fields[1])
        if start is None or end is None or start < _EVENING or end >= start or not isinstance(typed, str):
            continue
        doubt = dates.time_doubt(typed)
        result.warnings = [w for w in result.warnings if (w.path, w.message) != (check.fields[1], doubt)]


#: check kind -> what a valid ID number gives for the field it checks (GB 11643: birth date, 17th digit's gender)
GIVEN_BY_ID: dict[str, Callable[[str], str]] = {
    "id_gender": identifiers.id_card_gender,
    "id_birth_date": lambda card: identifiers.id_card_birth_date(card).isoformat()}


def _fill_from_id(ledger: LedgerDef, result: Cleaned, lookups: Lookups) -> None:
    """性别 and 出生日期 left empty beside a valid new ID number (not one the saved record holds) take what it gives
    (the fields of the form's `idcard` check), on every write path, as the editor fills them when a number is typed
    (qt/editor/id_fill.py): `fazhi add` and 从Excel导入 stored them empty. A stored number fills nothing: a record
    saved before stays as it was (saved unchanged it is unchanged; an open case of a closed year takes its 结案日期
    without a change to 当事人), and the 协议书 takes an empty 性别 from the number itself."""
    for check in ledger.checks:
        if check.kind not in GIVEN_BY_ID:
            continue
        card_name, target = check.fields
        if check.group is None:
            levels, fields = [result.values], ledger.fields
        else:
            levels, fields = result.values.get(check.group) or [], ledger.field(check.group).fields
        field = next(f for f in fields if f.name == target)
        for values in levels:
            card = values.get(card_name)
            if card is None or card in lookups.stored_ids or values.get(target) is not None \
                    or not field.visible(values):
                continue
            values[target] = GIVEN_BY_ID[check.kind](card)


def _find_twins(ledger: LedgerDef, result: Cleaned, lookups: Lookups) -> None:
    """A warning at the title when another record has the same date and title: entered twice, one event counts
    twice in the county's figures (a 会前学法 twice made 4/4 of 3/4); not one its `twin_apart` tells apart (a
    complaint of the same day and matter from another 投诉人)."""
    day, title = result.values.get(ledger.date_field), result.values.get(ledger.title_field)
    if not day or not isinstance(title, str) or not title:
        return
    apart = result.values.get(ledger.twin_apart) if ledger.twin_apart else None
    result.warnings.extend(twin_warnings(ledger, lookups.twins(day, title, apart)))


def twin_warnings(ledger: LedgerDef, twins: Sequence[str]) -> list[FieldProblem]:
    """The warning at the title naming `twins`, the numbers of the records of the same date and title (none: no
    warning); a save's, and a restore's (a record retyped after it was deleted: Store.restore_deleted)."""
    if not twins:
        return []
    f, when = ledger.field(ledger.title_field), ledger.field(ledger.date_field)
    shown = "、".join(twins[:3]) + (f"等 {len(twins)} 条" if len(twins) > 3 else "")
    said = f"与 {shown} 的{when.label}和{f.label}相同，请核对是否重复登记（重复的记录会重复计入指标）"
    return [FieldProblem(f.name, f.label, said)]


def clean_value(f: FieldDef, raw: Any, lookups: Lookups) -> tuple[Any, str | None]:
    """Clean one value as the GUI checks it while the user types (`lookups`: the editor's, `Store.lookups`):
    (value, warning); raises ValueError."""
    unusable = unusable_value(raw) or (_too_long(f, raw.strip()) if isinstance(raw, str) else None)
    if unusable:
        raise ValueError(unusable)
    try:
        return _clean_one(f, raw, lookups)
    except _Invalid as exc:
        raise ValueError(str(exc)) from None


def _clean_fields(
    fields: tuple[FieldDef, ...], data: dict[str, Any], result: Cleaned, lookups: Lookups, prefix: str,
    label_prefix: str, hides: bool,
) -> None:
    """Clean every field, then decide visibility from the cleaned values ("是" counts as true, " 调解成功 " as
    调解成功), then drop hidden fields with their problems: a hidden field is neither required nor kept. `hides`:
    whether any of `fields` has a `visible_when` (the form's `hides`, worked out once)."""
    values = result.values
    #: the few fields with a problem or a warning, in form order: their outcome, or the field itself where it is
    #: required and left empty ("必填" is made below, for one not hidden: a group row's field shown by another's value)
    said: dict[str, _Outcome | FieldDef] = {}
    for f in fields:
        raw = data.get(f.name)
        if raw is None and f.type != "group":  # nothing entered: a third of the values
            values[f.name] = None
            if f.required:
                said[f.name] = f
            continue
        outcome = _clean_field(f, raw, lookups, prefix, label_prefix)
        values[f.name] = outcome[0]
        if outcome[1] or outcome[2]:
            said[f.name] = outcome
    if hides:
        for name in _hidden(fields, values, said, data):
            values[name] = None
            said.pop(name, None)
    for name, outcome in said.items():
        if isinstance(outcome, FieldDef):
            result.problems.append(FieldProblem(prefix + name, label_prefix + outcome.label, "必填"))
            continue
        _, problems, warnings = outcome
        if problems:
            result.problems.extend(problems)
        if warnings:
            result.warnings.extend(_numbers_go(fields, warnings))


def _numbers_go(fields: tuple[FieldDef, ...], warnings: Sequence[FieldProblem]) -> Sequence[FieldProblem]:
    """`warnings`, a name's NUMBER_IN_NAME saying where the numbers go (`NUMBERS_GO`) when `fields`, its row's, have
    an ID and a phone number field of their own (a 当事人's: not a meeting's 主持人, nor a complaint's 承办人, whose
    form's one 联系方式 is the complainant's)."""
    types = {f.type for f in fields}
    if not any(NUMBER_IN_NAME in w.message for w in warnings) or not {"idcard", "phone"} <= types:
        return warnings
    return [replace(w, message=w.message.replace(NUMBER_IN_NAME, NUMBER_IN_NAME + NUMBERS_GO)) for w in warnings]


def _hidden(fields: tuple[FieldDef, ...], values: dict[str, Any], said: dict[str, _Outcome | FieldDef],
            data: dict[str, Any]) -> set[str]:
    """The fields whose condition fails, judged in form order (a hidden field counts as empty for later ones) on the
    cleaned `values`, or as entered where a value has a problem (and so none: an empty one is None either way)."""
    entered = {name: data[name] for name, outcome in said.items()
               if not isinstance(outcome, FieldDef) and outcome[1] and data.get(name) is not None}
    return hidden_fields(fields, {**values, **entered} if entered else values)


_NONE: tuple[FieldProblem, ...] = ()
_Outcome = tuple[Any, "list[FieldProblem] | tuple[FieldProblem, ...]", "list[FieldProblem] | tuple[FieldProblem, ...]"]
_PLAIN_TEXT = frozenset({"text", "longtext", "person"})
#: the outcome of a field left empty that may be
_EMPTY: _Outcome = (None, _NONE, _NONE)
#: a group row's own person's name (a 当事人's 姓名: a text, since a party is no one of the roster), questioned as a
#: person field's is: “马 赟” (a space typed by mistake, printed so on the 协议书, not found by 马赟), 阿依古丽•买买提
_OWN_NAME = "name"
#: a group row's other people, named in text fields (a 当事人's 法定代理人, 委托代理人, a 单位's 法定代表人): a name
#: there is anything its owner writes, but never an ID or phone number, which has a field of its own (NUMBER_IN_NAME)
_OTHER_NAMES = frozenset({"guardian", "agent", "legal_representative"})
#: the most a value may hold, in characters: a title of 5,000,000 printed a record of 3,421 pages; a 调解记录 of
#: 50,000 characters is some thirty pages
MAX_TEXT, MAX_LONG_TEXT = 2_000, 50_000


def _too_long(f: FieldDef, text: str) -> str | None:
    return _longer_than(text, MAX_LONG_TEXT if f.type == "longtext" else MAX_TEXT)


def _longer_than(text: str, limit: int) -> str | None:
    return f"太长：{len(text)} 个字，最多 {limit} 个字" if len(text) > limit else None


def _clean_field(f: FieldDef, raw: Any, lookups: Lookups, prefix: str, label_prefix: str) -> _Outcome:
    """(value, problems, warnings) of one field; the write path and bundle import call this ~30 times a record,
    so the common cases (plain text, one of a choice's values, a group without rows) take a short path and make no
    objects. A value not entered (None) never comes here: `_clean_fields` takes it."""
    if f.type == "group":
        if raw is None or raw == []:  # no rows (most groups of most records): nothing to clean, only to count
            problems = _row_count_problems(f, 0, prefix + f.name, label_prefix + f.label)
            return (None, problems, _NONE) if problems else _EMPTY
        sub = Cleaned(values={})
        value = _clean_group(f, raw, sub, lookups, prefix + f.name, label_prefix + f.label)
        return value, sub.problems, sub.warnings
    if type(raw) is str:
        text = raw.strip()
        if not text:
            raw = None
        elif f.type == "choice" and text in f.choices and not f.is_sensitive:
            return text, _NONE, _NONE  # what `_choice` gives it: a choice is valid text, short and not masked
        elif not text.isascii() and _bad_text(text):
            return _problem(f, prefix, label_prefix, _BAD_TEXT)
        elif len(text) > MAX_TEXT and (long := _too_long(f, text)):
            return _problem(f, prefix, label_prefix, long)
        elif f.takes_any_text:
            doubt = (name_doubt(text) if f.type == "person" or f.name == _OWN_NAME
                     else NUMBER_IN_NAME if f.name in _OTHER_NAMES and identifiers.holds_number(text) else None)
            if doubt:
                return text, _NONE, [FieldProblem(prefix + f.name, label_prefix + f.label, doubt)]
            return text, _NONE, _NONE
    elif is_empty(raw):
        raw = None
    else:
        unusable = unusable_value(raw)
        if unusable:
            return _problem(f, prefix, label_prefix, unusable)
    if raw is None:
        return _EMPTY if not f.required else _problem(f, prefix, label_prefix, "必填")
    try:
        value, warning = _cleaned(f, raw, lookups)
    except ValueError as exc:
        return _problem(f, prefix, label_prefix, str(exc))
    warnings = [FieldProblem(prefix + f.name, label_prefix + f.label, warning)] if warning else _NONE
    if f.required and is_empty(value):
        return value, [FieldProblem(prefix + f.name, label_prefix + f.label, "必填")], warnings
    return value, _NONE, warnings


def _problem(f: FieldDef, prefix: str, label_prefix: str, message: str) -> _Outcome:
    """No value, and the problem `message` at the field."""
    return None, [FieldProblem(prefix + f.name, label_prefix + f.label, message)], _NONE


def _run_checks(checks: tuple[Check, ...], result: Cleaned, lookups: Lookups, shown: Collection[str] = ()) -> None:
    """The form's cross-field checks (`[[checks]]`) on the cleaned values. A contradiction is a warning at the
    field the check names, never a problem: records saved before a check existed, and bundles the county
    re-checks, must not start being refused (a `refuse` check's is kept in `refusable` too, for the write path's
    `refuse_at_save`). An empty, hidden or invalid value is None here, so it skips. `shown`: the paths of the
    values the user was shown masked (masked.shown)."""
    from fazhi_desktop.core.check_rules import CONTRADICTIONS  # it imports this module

    values = result.values
    levels = _at_level(lookups, shown)
    record_level = levels.get("", lookups)
    for check in checks:
        if check.applies is not None and not check.applies.holds(values):
            continue
        contradicts = CONTRADICTIONS[check.kind]
        if check.group is None:
            said = contradicts(check, values, values, record_level)
            if said:
                result.warnings.append(FieldProblem(check.target, check.label, _said(check, said), check.advisory))
                if check.refusal:
                    result.refusable.append((result.warnings[-1], check))
            continue
        for index, row in enumerate(values.get(check.group) or (), 1):
            level = levels.get(f"{check.group}[{index}]", lookups) if levels else lookups  # (no text made for none)
            said = contradicts(check, row, values, level)
            if said:
                path, label = f"{check.group}[{index}].{check.target}", f"{check.group_label}第{index}行·{check.label}"
                result.warnings.append(FieldProblem(path, label, _said(check, said), check.advisory))


def said_by(checks: tuple[Check, ...], values: dict[str, Any], lookups: Lookups) -> list[FieldProblem]:
    """What some of a form's `checks` say of a record's stored `values`, as `clean_record` would, without cleaning
    the values again or running the form's other checks (the ledger list's 逾期: core/overdue.py)."""
    result = Cleaned(values=values)
    _run_checks(checks, result, lookups)
    return result.warnings


def _at_level(lookups: Lookups, shown: Collection[str]) -> dict[str, Lookups]:
    """`lookups` for each level (the record's "", a group row's parties[2]) holding values shown masked, with
    their field names as `masked`."""
    names: dict[str, set[str]] = {}
    for path in shown:
        level, _, name = path.rpartition(".")
        names.setdefault(level, set()).add(name)
    levels = {}
    for level, held in names.items():
        levels[level] = copy.copy(lookups)  # with the date it has asked for
        levels[level].masked = frozenset(held)
    return levels


def _made_by(check: Check) -> tuple[str, ...]:
    """The fields whose change makes a check's contradiction: its own, and the field of its `applies_when` (a 协议形式
    changed to 口头 makes the 司法确认 it holds impossible)."""
    return (*check.fields, check.applies.field) if check.applies is not None else check.fields


def refuse_at_save(cleaned: Cleaned, stored: dict[str, Any] | None) -> Cleaned:
    """`cleaned` as a save takes it: a contradiction of a `refuse` check (办结日期 before 受理日期, which can never be
    true) is a problem, not a warning, when the save makes it: a new record (`stored` None), or one whose checked
    fields it changes. A record stored so before (or sent so in a bundle, which never comes here) keeps the warning:
    it still opens, lists, and saves other changes until its dates are corrected."""
    made = [(warning, check) for warning, check in cleaned.refusable
            if stored is None or any(cleaned.values.get(name) != stored.get(name) for name in _made_by(check))]
    if not made:
        return cleaned
    refused = [FieldProblem(warning.path, warning.label, check.refusal) for warning, check in made]
    kept = [w for w in cleaned.warnings if all(w is not warning for warning, _ in made)]
    return replace(cleaned, problems=[*cleaned.problems, *refused], warnings=kept, refusable=[])


def _said(check: Check, said: bool | dict[str, Any]) -> str:
    """The check's message, with the figures a contradiction found filled in."""
    return check.message.format(**said) if isinstance(said, dict) else check.message


def id_numbers(ledger: LedgerDef, values: dict[str, Any]) -> frozenset[str]:
    """The ID numbers a record's values hold, in its fields and its groups' rows."""
    found = set()
    for f in ledger.fields:
        value = values.get(f.name)
        if f.type == "idcard" and isinstance(value, str):
            found.add(value)
        elif f.type == "group" and isinstance(value, list):
            found.update(row.get(sub.name) for row in value if isinstance(row, dict)
                         for sub in f.fields if sub.type == "idcard" and isinstance(row.get(sub.name), str))
    return frozenset(found)


def minutes_between(start: str | None, end: str | None) -> int | None:
    """The minutes from clock time `start` to `end` (HH:MM, as stored); None when either is missing or the end is
    earlier (past midnight, or a slip the order check names)."""
    if not start or not end or end < start:
        return None
    return (int(end[:2]) * 60 + int(end[3:5])) - (int(start[:2]) * 60 + int(start[3:5]))


def _label_of(fields: tuple[FieldDef, ...], key: str, top: bool = False) -> str | None:
    """What a key that is a field's label (受理日期, as a form and `fazhi ledgers` show it) means, said to whoever
    wrote it for the field's name: “受理日期”的字段名是 accepted_on, or “议题名称”的字段名是 agenda_items 中的 title
    (a group's; at the top, `top`); None when no label is `key`."""
    names = [f.name for f in fields if f.label == key]
    if top:
        names += [f"{f.name} 中的 {sub.name}" for f in fields if f.type == "group" for sub in f.fields
                  if sub.label == key]
        names += ["remarks"] if key == "备注" else []
    return f"“{key}”的字段名是 {' 或 '.join(names)}，见 fazhi ledgers" if names else None


def _not_also_required(problems: list[FieldProblem], fields: tuple[FieldDef, ...], labels: list[str],
                       prefix: str) -> list[FieldProblem]:
    """`problems` without 必填 for a field whose label was given as a key: its value is there, under the label, and
    “来源：不是字段名（…）” says so; “来源：必填” beside it contradicted it."""
    given = {prefix + f.name for f in fields
             if f.label in labels or (f.type == "group" and any(sub.label in labels for sub in f.fields))}
    return [p for p in problems if not (p.path in given and p.message == "必填")]


def _clean_group(
    f: FieldDef, raw: Any, result: Cleaned, lookups: Lookups, path: str, label: str
) -> list[dict[str, Any]] | None:
    if isinstance(raw, str):
        try:
            raw = json.loads(raw) if raw.strip() else []
        except (ValueError, RecursionError):  # not JSON, a number too long, nesting too deep
            result.problems.append(FieldProblem(path, label, "不是有效的列表"))
            return None
    if raw is None:
        raw = []
    if not isinstance(raw, list) or not all(isinstance(row, dict) for row in raw):
        result.problems.append(FieldProblem(path, label, "应为若干行，每行是一组字段"))
        return None
    # each known value is checked as it is cleaned; the keys are checked here, since unknown ones are named in
    # messages (the values of unknown keys are refused, never stored or shown)
    unusable = next((reason for row in raw for key in row  # a field's name (ASCII) is always usable
                     if (type(key) is not str or not key.isascii()) and (reason := unusable_value(key))), None)
    if unusable:
        result.problems.append(FieldProblem(path, label, unusable))
        return None
    rows = [row for row in raw if not all(is_empty(v) for v in row.values())]
    cleaned_rows = []
    known, defaults = f.sub_names, f.sub_defaults
    for index, row in enumerate(rows, 1):
        unknown = [key for key in row if key not in known]
        for key in unknown:
            meant = _label_of(f.fields, key)
            result.problems.append(FieldProblem(f"{path}[{index}].{key}", f"{label}第{index}行",
                                                f"没有“{key}”这一项" + (f"（{meant}）" if meant else "")))
        missing = {name: value for name, value in defaults if name not in row}
        row = {**missing, **row} if missing else row  # (read, never changed, below)
        sub = Cleaned(values={})
        _clean_fields(f.fields, row, sub, lookups, prefix=f"{path}[{index}].", label_prefix=f"{label}第{index}行·",
                      hides=f.hides)
        result.problems.extend(_not_also_required(sub.problems, f.fields, unknown, prefix=f"{path}[{index}].")
                               if unknown else sub.problems)
        result.warnings.extend(sub.warnings)
        cleaned_rows.append(sub.values)
    result.problems.extend(_row_count_problems(f, len(cleaned_rows), path, label))
    return cleaned_rows or None


def _row_count_problems(f: FieldDef, count: int, path: str, label: str) -> list[FieldProblem]:
    """What a group of `count` rows (those not empty) is refused for: fewer than its `min` (or none, required), more
    than its `max`."""
    low = int(f.min) if f.min is not None else (1 if f.required else 0)
    found = []
    if count < low:
        found.append(FieldProblem(path, label, "必填" if low == 1 else f"至少需要 {low} 行"))
    if f.max is not None and count > f.max:
        found.append(FieldProblem(path, label, f"最多 {int(f.max)} 行"))
    return found


def _clean_one(f: FieldDef, raw: Any, lookups: Lookups) -> tuple[Any, str | None]:
    try:
        return _cleaned(f, raw, lookups)
    except ValueError as exc:
        raise _Invalid(str(exc)) from None


def _cleaned(f: FieldDef, raw: Any, lookups: Lookups) -> tuple[Any, str | None]:
    """(value, warning) of a field's type; raises ValueError. A masked personal value is refused as such (a text
    may hold "*" in records saved before: a save refuses it, core/masked.py)."""
    if f.is_sensitive and f.type not in _PLAIN_TEXT:
        _not_masked(raw)
    return _CLEANERS[f.type](f, raw, lookups)


def _text(f: FieldDef, raw: Any, lookups: Lookups) -> tuple[Any, str | None]:
    if not isinstance(raw, (str, int, float)) or isinstance(raw, bool):
        raise ValueError("应为文字")
    value = str(raw).strip()
    if f.pattern and not re.fullmatch(f.pattern, value):
        raise ValueError(f.pattern_message or "格式不正确")
    return value, _unusual(f, value)


def _unusual(f: FieldDef, value: str) -> str | None:
    """Why a value of a field with `suggestions` may be mistyped (“回” or “回民” for 回族), or None: a warning,
    since a rare value is still a value."""
    if not f.suggestions or value in f.suggestions:
        return None
    meant = [s for s in f.suggestions if value in s] or [s for s in f.suggestions if s[0] == value[0]]
    if len(meant) == 1:
        return f"“{value}”不是{f.label}的规范写法，是否应为“{meant[0]}”"
    return f"“{value}”不是常见的{f.label}写法，请核对"


def _number(f: FieldDef, raw: Any, lookups: Lookups) -> tuple[Any, str | None]:
    if isinstance(raw, bool):
        raise ValueError("应为数字")
    if type(raw) is (int if f.type == "integer" else float) and -_EXACT <= raw <= _EXACT:
        return _in_range(f, raw), None  # as stored (a bundle's): what the reading below makes of it
    text = str(raw).strip().replace(",", "").replace("，", "")
    try:
        if isinstance(raw, str) and not _PLAIN_NUMBER.fullmatch(text):  # float() takes 1e3, inf, 1_000 too
            raise ValueError
        number = float(text)
        if not math.isfinite(number):
            raise ValueError
        if f.type == "integer":
            if not number.is_integer():
                raise ValueError
            value: float = int(raw) if isinstance(raw, int) else int(number)
        else:
            value = number
    except (ValueError, OverflowError):
        raise ValueError("应为整数" if f.type == "integer" else "应为数字") from None
    return _in_range(f, value), None


#: the numbers a float holds exactly, whole ones one by one: a stored integer or decimal of these is its own value
_EXACT = 2**53


def _in_range(f: FieldDef, value: float) -> float:
    if f.min is not None and value < f.min:
        raise ValueError(f"不能小于 {_fmt(f.min)}")
    if f.max is not None and value > f.max:
        raise ValueError(f"不能大于 {_fmt(f.max)}")
    return value


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def _date(f: FieldDef, raw: Any, lookups: Lookups) -> tuple[Any, str | None]:
    return dates.iso_date(_in_years(f, dates.parse_date(raw))), None


def _in_years(f: FieldDef, day: date) -> date:
    """A date of the years the program works in (from the field's `first_year`: 出生日期 from 1900): 0026 for 2026,
    or 9999, was numbered 〔26〕 or 〔9999〕, left out of every register and broke the year's statistics."""
    problem = dates.year_problem(day.year, f.first_year)
    if problem:
        raise ValueError(problem)
    return day


def _time(f: FieldDef, raw: Any, lookups: Lookups) -> tuple[Any, str | None]:
    value = dates.iso_time(dates.parse_time(raw))
    return value, dates.time_doubt(raw) if isinstance(raw, str) else None


def _datetime(f: FieldDef, raw: Any, lookups: Lookups) -> tuple[Any, str | None]:
    moment = dates.parse_datetime(raw)
    _in_years(f, moment)
    return dates.iso_datetime(moment), None


def _boolean(f: FieldDef, raw: Any, lookups: Lookups) -> tuple[Any, str | None]:
    if isinstance(raw, bool):
        return raw, None
    if isinstance(raw, int) and raw in (0, 1):
        return bool(raw), None
    text = str(raw).strip().lower()
    if text in _TRUE:
        return True, None
    if text in _FALSE:
        return False, None
    raise ValueError("应为“是”或“否”")


def _choice(f: FieldDef, raw: Any, lookups: Lookups) -> tuple[Any, str | None]:
    value = str(raw).strip()
    if value not in f.choices:
        raise ValueError(f"“{value}”不是可选值（可选：{'、'.join(f.choices)}）")
    return value, None


def _as_list(raw: Any) -> list[str]:
    if isinstance(raw, str):
        text = raw.strip()
        if text.startswith("["):
            try:
                raw = json.loads(text)
            except (ValueError, RecursionError):
                raise ValueError("不是有效的列表") from None
            _check_usable(raw)
        else:
            raw = _LIST_SEPARATORS.split(text)
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        raise ValueError("应为若干项文字")
    seen: list[str] = []
    for v in raw:
        v = v.strip()
        if v and v not in seen:
            seen.append(v)
    return seen


def _multichoice(f: FieldDef, raw: Any, lookups: Lookups) -> tuple[Any, str | None]:
    values = _as_list(raw)
    wrong = [v for v in values if v not in f.choices]
    if wrong:
        raise ValueError(f"“{'、'.join(wrong)}”不是可选值（可选：{'、'.join(f.choices)}）")
    return values or None, None


def _person(f: FieldDef, raw: Any, lookups: Lookups) -> tuple[Any, str | None]:
    value, _ = _text(f, raw, lookups)
    return value, name_doubt(value)


def _people(f: FieldDef, raw: Any, lookups: Lookups) -> tuple[Any, str | None]:
    if isinstance(raw, str) and not raw.strip().startswith("["):
        absent = absence_mark(raw)
        if absent:
            where = f"请填在“{f.absent_label}”中" if f.absent_label else "请删去"
            raise ValueError(f"“{absent}”：请假、缺席的人员不算{f.label}，{where}")
        raw = split_names(raw)
    names = _as_list(raw)
    doubts = [doubt for doubt in map(name_doubt, names) if doubt]
    return names or None, "；".join(doubts) or None


def _idcard(f: FieldDef, raw: Any, lookups: Lookups) -> tuple[Any, str | None]:
    return identifiers.normalize_id_card(str(raw), today=lookups.today()), None


def _credit_code(f: FieldDef, raw: Any, lookups: Lookups) -> tuple[Any, str | None]:
    return identifiers.check_credit_code(str(raw))


def _not_masked(raw: Any) -> None:
    """A masked number or 出生日期 (as `fazhi show` gives a user who may not reveal it) that is not the stored one's:
    the stored one's is kept before this (core/masked.py); said so, not as a malformed number (前17位应为数字) or
    date (无法识别的日期)."""
    if is_masked(raw):
        raise ValueError(REFUSED)


def _phone(f: FieldDef, raw: Any, lookups: Lookups) -> tuple[Any, str | None]:
    return identifiers.normalize_phone(str(raw)), None


def _link(f: FieldDef, raw: Any, lookups: Lookups) -> tuple[Any, str | None]:
    value = str(raw).strip()
    if lookups.record_exists(f.link or "", value):
        return value, None
    return lookups.link_target(f.link or "", value), None


def _attachments(f: FieldDef, raw: Any, lookups: Lookups) -> tuple[Any, str | None]:
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except (ValueError, RecursionError):
            raise ValueError("附件列表无效") from None
        _check_usable(raw)
    if not isinstance(raw, list):
        raise ValueError("附件列表无效")
    cleaned = []
    for item in raw:
        if not isinstance(item, dict) or not _SHA256.match(str(item.get("sha256", ""))):
            raise ValueError("附件条目无效（缺少内容摘要）")
        if not lookups.attachment_exists(item["sha256"]):
            raise ValueError(f"附件“{item.get('name', '')}”的文件不存在")
        cleaned.append({"sha256": item["sha256"], "name": str(item.get("name") or "附件"), "size": _size(item)})
    return cleaned or None, None


def _size(item: dict[str, Any]) -> int:
    size = item.get("size") or 0
    try:
        if isinstance(size, bool) or not isinstance(size, (int, float, str)):
            raise ValueError
        return int(size)
    except (ValueError, OverflowError):
        raise ValueError("附件条目无效（大小不是整数）") from None


_MAX_DEPTH = 20
_MAX_INT_BITS = 13_000  # about 4,000 digits: beyond, Python refuses to print the number


def _check_usable(parsed: Any) -> None:
    """What JSON text parsed into must be storable too (`"\\ud800"` parses into a lone surrogate)."""
    reason = unusable_value(parsed)
    if reason:
        raise ValueError(reason)


_BAD_TEXT = "含有无效的字符（不是有效的文字编码）"


def _bad_text(text: str) -> bool:
    """Text that is not valid Unicode: a lone surrogate, which a JSON escape can produce."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


#: what no one-line value (a name, a 职务, a record's number) holds: a control character, such as the vertical tab of
#: Word's Shift+Enter, which no worksheet (openpyxl refuses the whole file) and no font can take
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
#: what the one typing it is told to do about a control character (the county, reading a bundle, cannot)
RETYPE = "：请删去后重新输入"
_CONTROL_TEXT = "含有看不见的控制字符（多为从Word等处粘贴带入）" + RETYPE


def line_problem(text: str, limit: int = MAX_TEXT) -> str | None:
    """Why `text` cannot be a one-line value (a roster name, 职务 or 单位; a record's number), or None: not valid
    Unicode (a lone surrogate from a JSON escape), a control character, or longer than `limit` characters (a
    record's text field's limit: a name of 2,000,000 characters printed a report of 9,094 pages). The roster form
    asks it and the county asks it of what a bundle brings, with the same words."""
    if len(text) > limit:
        return _longer_than(text, limit)
    if text.isascii() or not _bad_text(text):
        return _CONTROL_TEXT if CONTROL.search(text) else None
    return _BAD_TEXT


def unusable_value(raw: Any, depth: int = 0) -> str | None:
    """A reason no field can take `raw` (returned, not raised): text that is not valid Unicode (a lone surrogate
    from a JSON escape), a number too long to print, nesting too deep. Cheap for ordinary values."""
    if isinstance(raw, str):
        return _BAD_TEXT if not raw.isascii() and _bad_text(raw) else None
    if isinstance(raw, int):
        return "数字太长" if raw.bit_length() > _MAX_INT_BITS else None
    if isinstance(raw, (list, dict)):
        if depth >= _MAX_DEPTH:
            return "层次太深，不是有效的值"
        items = raw.items() if isinstance(raw, dict) else enumerate(raw)
        for key, value in items:  # text (a name, a row's keys and values) looked at here: no call for each
            if isinstance(key, str) and not key.isascii() and _bad_text(key):
                return _BAD_TEXT
            if isinstance(value, str):
                if not value.isascii() and _bad_text(value):
                    return _BAD_TEXT
            elif value is not None and (reason := unusable_value(value, depth + 1)):
                return reason
    return None


_CLEANERS: dict[str, Callable[[FieldDef, Any, Lookups], tuple[Any, str | None]]] = {
    "text": _text,
    "longtext": _text,
    "person": _person,
    "integer": _number,
    "decimal": _number,
    "date": _date,
    "time": _time,
    "datetime": _datetime,
    "boolean": _boolean,
    "choice": _choice,
    "multichoice": _multichoice,
    "people": _people,
    "idcard": _idcard,
    "credit_code": _credit_code,
    "phone": _phone,
    "link": _link,
    "attachments": _attachments,
}


def default_value(f: FieldDef, today: date) -> Any:
    """The value a new record starts with."""
    if f.default == "today" and f.type == "date":
        return today.isoformat()
    return f.default


def revealed_defaults(fields: Sequence[FieldDef], defaults: Mapping[str, Any], before: Mapping[str, Any],
                      after: Mapping[str, Any]) -> dict[str, Any]:
    """The `defaults` (Store.defaults) of the fields hidden for the values `before` and shown for `after`, where
    `after` leaves them empty: a case saved at 受理, without a 调解结果, stored its hidden 协议形式 and 司法确认 empty
    (a hidden field is kept empty), so choosing 调解成功 later found them blank where a new case shows 书面 and 未申请.
    A field so filled may show another in turn (followed to the end). The editor fills them as the fields appear,
    the write path for an update that does not give them (`fazhi update` setting 调解结果 alone)."""
    fields = tuple(fields)
    was, filled = hidden_fields(fields, dict(before)), {}
    while True:
        now = hidden_fields(fields, {**after, **filled})
        more = {f.name: defaults[f.name] for f in fields
                if f.name in was and f.name not in now and f.name in defaults and f.name not in filled
                and is_empty(after.get(f.name))}
        if not more:
            return filled
        filled.update(more)


def in_time_answers(ledger: LedgerDef, before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """是否按期办结 (each `in_time` check's answer) where the dates of `after` say another answer than those of `before`
    (check_rules.in_time) and `after` leaves it empty or holds what `before`'s said: an answer the program filled, or
    one chosen as the dates said, follows the dates; one chosen against them stays, warned (in_time_yes,
    in_time_no). None where a date is missing or not yet a date. `before` is {} to fill an empty answer (the write
    path: `clean_record` with `fill`); `Store` passes the stored values for a date changed, the editor the values
    shown before a key, so that a choice passing 请选择 on the way to 否 is not answered over. Only what changes is
    returned."""
    if not ledger.in_time_checks:  # most ledgers: nothing to answer
        return {}
    from fazhi_desktop.core.check_rules import in_time  # it imports this module

    changed = {}
    for check in ledger.in_time_checks:
        answer, done, due = check.fields
        held = after.get(answer)
        now = in_time(_day(after.get(done)), _day(after.get(due)))
        was = in_time(_day(before.get(done)), _day(before.get(due)))
        if now is not was and (held is None or held is was) and held is not now \
                and ledger.field(answer).visible(dict(after)):
            changed[answer] = now
    return changed


def _day(value: Any) -> date | None:
    """A date as typed or stored (2026-03-05, 2026年3月5日), or None: empty, or not (yet) a date."""
    if not isinstance(value, (str, date)) or is_empty(value):
        return None
    try:
        return dates.parse_date(value)
    except ValueError:
        return None


def default_from_record(sub: FieldDef, values: dict[str, Any]) -> str | None:
    """What a sub-field with `default_from` starts a new row with, from the record's `values` as they stand: the
    field's text, or of a list of names (调解员) the first; None while that field is empty."""
    if sub.default_from is None:
        return None
    value = values.get(sub.default_from)
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    return value.strip() if isinstance(value, str) and value.strip() else None
