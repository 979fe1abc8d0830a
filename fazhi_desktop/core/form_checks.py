"""Cross-field plausibility checks of a form (`[[checks]]` in forms/*.toml, docs/FORMS.md), read into `Check`s.

A check compares fields of one record or of one group row (order of dates, times or numbers; a date not in the
future, or a row's date not before a date of the record; a date within so many days of another; a field shown but
left empty; an ID number against the gender, birth date or age beside it; 是否按期办结 against the dates; a name
the roster gives a role, listed where its holder cannot be; a name not among the record's people, a 汇报人; a
执法证号 and 有效期 against the roster's).
core.validate evaluates them after cleaning, as warnings (one marked `refuse` is refused when a save makes it:
validate.refuse_at_save). A malformed entry is refused like the rest of a form file, with the file, the entry's
line and the reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from fazhi_desktop.core.forms import FIELD_TYPES, Condition, FieldDef, FormError, condition_fault, read_condition

#: minutes a stated duration may differ from its clock times before it is questioned (times rounded to the quarter)
DURATION_SLACK = 10
#: types whose stored values compare in their natural order, by what they measure: ISO text for dates and times
_ORDERED = {"integer": "数量", "decimal": "数量", "date": "日期", "time": "时间", "datetime": "日期时间"}
_TYPE_NAMES = {**_ORDERED, "integer": "整数", "decimal": "小数", "boolean": "是/否", "choice": "单选",
               "idcard": "身份证号", "person": "人员", "people": "人员（多人）"}
_PEOPLE = ("person", "people")
_TEXTS = ("text", "longtext")


@dataclass(frozen=True)
class Check:
    """One cross-field plausibility check, compiled from a `[[checks]]` entry when the form is read: a record
    that fails it is saved with a warning (`message` at field `target`), refused only when marked `refuse` and a
    save makes the contradiction (`refusal`).

    `kind` is what `core.check_rules` evaluates: `order` (fields[0] <= fields[1]), `not_future`, `not_before`
    (fields[0] not before the record's date `on`), `within_days` (fields[1] at most `days` days after fields[0]),
    `filled` (fields[0] not empty while `when`, its own `visible_when`, holds), `overdue` (fields[1] empty
    after the date fields[0], by the program's clock, unless `when`, its `done_when`, holds), `overdue_failed`
    (fields[1] filled after fields[0] and `when` not holding: a 复查 that found 未整改), `id_gender`,
    `id_birth_date`, `id_age`, `id_born_after` (the birth date, else the ID number's, after `on`), `in_time_yes`,
    `in_time_no`, `in_time_blank` (no answer while both dates are given), `minor` (fields: guardian, then birth
    date, ID number, age or "": someone under 18 on `on` without a guardian), `rows_at_most`, `rows_at_least`,
    `row_expired`, `row_undated` (one
    `[[checks]]` entry may compile to several). For the `rows_*` kinds `fields` is (number, group, the sub-field a
    counted row has filled or "", the sub-field date a counted row has not passed on `on`, or "") and `message`
    has {number} and {counted} to fill in; `not_role` and `of_role` have fields (a people field, a roster role)
    and `on` the ledger's date (who held the role that day), their message {names} (those that hold the role, or
    those that do not) and, `not_role`'s, {value} (its `applies_when` field's);
    `listed_again` (a `not_listed` with `group` and no `in`) is a row's name an earlier row names too;
    `unlisted` (a `listed` check) has fields (a people field, then the record's people fields its names should be
    among) and its message {names} (those in none of them);
    `roster_uncertified`, `roster_cert_no` and `roster_cert_expiry` (a `roster_certificate` entry) have fields (name,
    执法证号, 有效期) and `on` the ledger's date, compared with the roster's certificate of that name that day;
    `row_expired` is a group row whose date (fields[0]) is before `on`, `row_undated` one whose date is empty while
    its `filled` sub-field is filled (a 执法证号 without its 有效期), each said only while its `rows_at_most` check
    (fields[1:]) speaks: an expired certificate is a finding, not a slip.
    `fields` are names at one level: the record's fields, or with `group` the sub-fields of each of its rows.
    `on` names a date of the record itself (also for a group's check): the day an `id_age` check counts the age on,
    the day a `not_before` date may not precede, the day a linked record should be of (`link_day`). `link_value`
    has fields (link, its ledger, a field of that ledger, the value it should have), `link_day` (link, its ledger);
    their messages have {number}, {value}, {day} of the linked record to fill in."""

    kind: str
    fields: tuple[str, ...]
    target: str
    label: str
    message: str
    group: str | None = None
    group_label: str = ""
    on: str | None = None
    advisory: bool = False  # says what the values mean rather than doubting them (FieldProblem.advisory)
    days: int = 0  # within_days: the days fields[1] may be after fields[0]
    #: filled: the condition under which the field is shown; overdue, overdue_failed: `done_when`, what concludes
    when: Condition | None = None
    #: filled: the field's own `applies_when`: not asked for where it does not apply (调解结果 of a 行政裁决)
    offered: Condition | None = None
    applies: Condition | None = None  # `applies_when`: checked only for records whose values it holds for
    #: `refuse = true`: what a save that makes this contradiction is refused with (validate.refuse_at_save); "" for
    #: a check that only warns
    refusal: str = ""
    #: values the check speaks of, not field names: `excluded`'s values that cannot be; `latest_row`'s `found`, the
    #: row values the record must then say too (empty: any difference)
    values: tuple[Any, ...] = ()
    #: not_role's `title`: a text field of the record the editor fills, while empty, with the 职务 the roster gives a
    #: name it finds holding the role (主讲人职务 of a 主讲人 who is a 主要负责同志: qt/editor/role_fill.py)
    title: str | None = None
    #: rows_at_most (and its row_expired, row_undated): `unlisted_of`, the record's number the group's rows are part
    #: of (应持证执法人员数): the number may pass the rows counted by the people it holds that no row lists
    unlisted_of: str | None = None
    #: mentioned: the words looked for anywhere in the texts (fields[1:]), and those looked for at a text's start
    words: tuple[str, ...] = ()
    starts: tuple[str, ...] = ()
    #: mentioned: of a `starts` that opens a title (学习《), the words one of which the title must hold (法, 条例)
    titles: tuple[str, ...] = ()
    #: mentioned: the texts of fields[1:] as (group or "", field, what the warning calls it: a group's sub-field by
    #: the group, 议题), split once here: the check runs at every save
    texts: tuple[tuple[str, str, str], ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in CHECK_KINDS:  # a form saved later would fail in core.check_rules, which evaluates the kinds
            raise ValueError(f"check kind {self.kind!r} is given by no [[checks]] kind (form_checks._KINDS)")


def read_checks(path: Path, text: str, raw: Any, names: dict[str, FieldDef],
                date_field: str | None = None) -> tuple[Check, ...]:
    """The `checks` of form file `path` (its `text` for line numbers), naming fields of `names`; refused with
    FormError when malformed."""
    if not isinstance(raw, list) or not all(isinstance(entry, dict) for entry in raw):
        raise FormError(path, "checks 必须写成 [[checks]] 表")
    headers = [n for n, line in enumerate(text.splitlines(), 1) if _CHECK_HEADER.match(line)]
    return tuple(
        check for index, entry in enumerate(raw, 1)
        for check in _CheckReader(path, index, headers[index - 1] if index <= len(headers) else None,
                                  entry, names, date_field).compile()
    )


_CHECK_HEADER = re.compile(r"\s*\[\[\s*checks\s*\]\]")


class _CheckReader:
    """One `[[checks]]` entry, the `index`-th of its file (at `line`), compiled into Checks or refused."""

    def __init__(self, path: Path, index: int, line: int | None, raw: dict[str, Any], names: dict[str, FieldDef],
                 date_field: str | None = None):
        self.path, self.index, self.line, self.raw = path, index, line, raw
        self.date_field = date_field  # the ledger's own date: the one the indicators count by
        self.kind = raw.get("kind")
        self.group: str | None = None
        self.group_label = ""
        self.level = names  # the fields the check may name: the record's, or its group's sub-fields
        self.record_level = names
        self.applies: Condition | None = None  # `applies_when`, read by `compile`

    def fail(self, reason: str, field: str | None = None) -> FormError:
        return FormError(self.path, f"第 {self.index} 条核对（[[checks]]）：{reason}", field, self.line)

    def compile(self) -> list[Check]:
        if self.kind is None:
            raise self.fail(f"缺少 kind（可用：{'、'.join(_KINDS)}）")
        if self.kind not in _KINDS:
            raise self.fail(f"未知的核对种类“{self.kind}”（可用：{'、'.join(_KINDS)}）")
        kind = _KINDS[self.kind]
        unknown = set(self.raw) - kind.keys - {"kind", "group", "applies_when", "refuse"}
        if unknown:
            raise self.fail(f"{self.kind} 核对中有未知的键：{', '.join(sorted(unknown))}")
        group = self.raw.get("group")
        if group is not None:
            owner = self.level.get(group) if isinstance(group, str) else None
            if owner is None or owner.type != "group":
                raise self.fail(f"group“{group}”不是本台账的重复组", group if isinstance(group, str) else None)
            self.group, self.group_label = owner.name, owner.label
            self.level = {sub.name: sub for sub in owner.fields}
        self.applies = self.applies_when()
        compiled = kind.compile(self)
        if self.refuse():
            if all(check.advisory for check in compiled):
                raise self.fail(f"{self.kind} 核对只是提醒（记录可能没有错），不能写 refuse = true："
                                "refuse 只用于不可能为真的矛盾")
            # an advisory check among them (in_time's 未填写) stays a warning
            compiled = [check if check.advisory else replace(check, refusal=self.refusal(check)) for check in compiled]
        return [replace(check, applies=self.applies) for check in compiled] if self.applies else compiled

    def refuse(self) -> bool:
        """`refuse = true`: a contradiction that can never be true (办结 before 受理), refused when a save makes it."""
        refuse = self.raw.get("refuse", False)
        if not isinstance(refuse, bool):
            raise self.fail("refuse 须为 true 或 false")
        if refuse and self.group is not None:
            raise self.fail("refuse 只用于本台账自己的字段（不能与 group 一起使用）")
        return refuse

    def refusal(self, check: Check) -> str:
        """"办结日期早于受理日期，不能保存：请改正受理日期或办结日期": the warning, naming the fields to correct:
        those of `check.fields` that are fields of the record (not a role, a ledger or a group's sub-field), else the
        field it is said at, and for `excluded` the `applies_when` field whose value excludes it (…或协议形式)."""
        names = [name for name in check.fields if name in self.level] or [check.target]
        if check.kind == "excluded" and self.applies is not None:
            names.append(self.applies.field)
        named = "或".join(self.level[name].label for name in dict.fromkeys(names))
        return f"{check.message.removesuffix('，请核对')}，不能保存：请改正{named}"

    def applies_when(self) -> Condition | None:
        """The records the check is for, by a field of the record (as a field's `applies_when`): the 30 days of
        司法确认 named by the law of the case's kind, 人民调解法 for 人民调解, 民事诉讼法 for 行政调解."""
        if "applies_when" not in self.raw:
            return None
        try:
            cond = read_condition(self.raw["applies_when"], "applies_when")
        except ValueError as e:
            raise self.fail(str(e)) from None
        if cond.field not in self.record_level:  # also for a group's check: the record says which records
            raise self.fail(f"applies_when 引用的字段“{cond.field}”不是本台账的字段")
        fault = condition_fault("applies_when", cond, self.record_level)
        if fault:
            raise self.fail(fault, cond.field)
        return cond

    def field(self, key: str, types: Iterable[str], name: Any = None) -> FieldDef:
        """The field named by key `key` (or `name`, an item of its list), which must have one of `types`."""
        name = self.raw.get(key) if name is None else name
        if not isinstance(name, str):
            raise self.fail(f"{self.kind} 核对需要 {key}（字段名）")
        f = self.level.get(name)
        if f is None:
            where = f"重复组“{self.group_label}”中" if self.group else "本台账"
            raise self.fail(f"{key} 引用的字段“{name}”在{where}不存在", name)
        if f.type not in types:
            raise self.fail(f"“{f.label}”是 {f.type} 类型，{self.kind} 核对的 {key} 须为{_type_names(types)}", name)
        return f

    def says(self, default: str | None = None, *, required: bool = False, hint: str = "", name: str | None = None,
             key: str = "says") -> str | None:
        """The check's `says` (or `key`: overdue's `failed_says`; else `default`), the sentence its warning ends with:
        without braces, the warning being formatted with the record's values (a stray "}" would fail every save of
        the form, not its loading)."""
        says = self.raw.get(key, default)
        if says is None and not required:
            return None
        if not isinstance(says, str) or not says.strip() or "{" in says or "}" in says:
            asked = f"需要 {key}：" if required else f"的 {key} 须是"
            raise self.fail(f"{self.kind} 核对{asked}一句说明（不含花括号）{hint}", name)
        return says

    def make(self, kind: str, fields: tuple[FieldDef, ...], target: FieldDef, message: str,
             on: FieldDef | None = None) -> Check:
        return Check(kind, tuple(f.name for f in fields), target.name, target.label, message, self.group,
                     self.group_label, on.name if on else None)

    def order(self) -> list[Check]:
        listed = self.raw.get("fields")
        if not isinstance(listed, list) or len(listed) != 2 or listed[0] == listed[1]:
            raise self.fail("order 核对的 fields 须是两个不同的字段：先（小）者在前，后（大）者在后")
        first, second = (self.field("fields", _ORDERED, name) for name in listed)
        if _ORDERED[first.type] != _ORDERED[second.type]:
            raise self.fail(f"“{first.label}”（{_TYPE_NAMES[first.type]}）与“{second.label}”"
                            f"（{_TYPE_NAMES[second.type]}）不能比较", second.name)
        if _ORDERED[first.type] == "数量":
            return [self.make("order", (first, second), first, f"{first.label}大于{second.label}，请核对")]
        # two clock times: an end before the start may be a meeting that ran past midnight, printed as 次日
        past_midnight = "；如跨过午夜到次日，无需修改（打印为“次日”）" if first.type == second.type == "time" else ""
        return [self.make("order", (first, second), second, f"{second.label}早于{first.label}，请核对{past_midnight}")]

    def within_days(self) -> list[Check]:
        """A date at most `days` days after another (申请司法确认 within 30 days of the agreement: 人民调解法
        第三十三条), counted as the law counts a period: the first day is not counted, so the 30th day after is still
        in time. `limit` names the period as the warning says it and must name its days: they are set here once."""
        listed, days, limit = self.raw.get("fields"), self.raw.get("days"), self.raw.get("limit")
        if not isinstance(listed, list) or len(listed) != 2 or listed[0] == listed[1]:
            raise self.fail("within_days 核对的 fields 须是两个不同的日期字段：起算的在前，计算的在后")
        first, second = (self.field("fields", ("date",), name) for name in listed)
        if not isinstance(days, int) or isinstance(days, bool) or days < 1:
            raise self.fail("within_days 核对需要 days：正整数（第二个日期最多晚于第一个日期的天数）", second.name)
        if limit is not None and (not isinstance(limit, str) or f"{days}日" not in limit):
            raise self.fail(f"within_days 核对的 limit 须是写明“{days}日”的文字（如：某法第某条规定的{days}日期限）",
                            second.name)
        said = (limit or f"{days}日").replace("{", "{{").replace("}", "}}")
        return [replace(self.make("within_days", (first, second), second,
                                  f"{second.label}在{first.label}后第 {{after}} 天，超过{said}，请核对"), days=days)]

    def filled(self) -> list[Check]:
        """Fields worth filling but not required: empty while shown (their `visible_when` holds), a warning. A record
        saved before the field existed stays saveable as it is (已申请 司法确认 without its 申请日期)."""
        listed = self.raw.get("fields")
        if not isinstance(listed, list) or not listed:
            raise self.fail("filled 核对的 fields 须是非空的字段列表")
        wanted = [self.field("fields", FIELD_TYPES, name) for name in listed]
        for f in wanted:
            if f.type == "group":
                raise self.fail(f"“{f.label}”是重复组，行数用 min 规定，不用 filled 核对", f.name)
            if f.required:
                raise self.fail(f"“{f.label}”已是必填（required），不必再写 filled 核对", f.name)
        says = self.says(hint="：未填写时会怎样")
        # information, not a doubt (advisory): a missing date contradicts nothing on the paper, and the records saved
        # before the field existed (a closed year's, locked) would otherwise be questioned at every print
        message = self._unfilled_message if says is None else self._unfilled_said
        return [replace(self.make("filled", (f,), f, message(f, says)), when=f.visible_when, offered=f.applies_when,
                        advisory=True) for f in wanted]

    def _unfilled_message(self, f: FieldDef, says: str | None = None) -> str:
        shown = f.visible_when  # 司法确认为“已申请”: the choice that asks for the field
        if shown is not None and shown.op in ("equals", "in") and self.level[shown.field].type == "choice":
            return f"{self.level[shown.field].label}为“{{value}}”，{f.label}未填写，请补充"
        return f"{f.label}未填写，请补充"

    def _unfilled_said(self, f: FieldDef, says: str) -> str:
        """With `says`, what an empty field leads to, after what asks for it: the field's `visible_when`, else the
        check's `applies_when` (“已填写办理结果，但未填写办结日期：未填办结日期的投诉按未办结计入…”)."""
        asks = f.visible_when or self.applies
        if asks is not None and asks.op == "filled" and asks.value:
            return f"已填写{self.record_level[asks.field].label}，但未填写{f.label}：{says}"
        if asks is not None and asks.op in ("equals", "in") and self.record_level[asks.field].type == "choice":
            return f"{self.record_level[asks.field].label}为“{{value}}”，但未填写{f.label}：{says}"
        return f"{f.label}未填写：{says}"

    def duration(self) -> list[Check]:
        """A length in minutes against the clock times it lies between (会前学法 from 8:30 to 9:00, 时长 90)."""
        start, end = self.field("start", ("time",)), self.field("end", ("time",))
        minutes = self.field("minutes", ("integer",))
        return [self.make("duration", (start, end, minutes), minutes,
                          f"{{stated}} 分钟与{start.label}至{end.label}的 {{between}} 分钟不符，请核对")]

    def amounts(self) -> list[Check]:
        """A sum of money written in figures and in capitals that differ, in a text (协议内容: 38650元（大写：叁万陆仟
        陆佰伍拾元整）): which was agreed a court cannot tell (core.amounts)."""
        listed = self.raw.get("fields")
        if not isinstance(listed, list) or not listed:
            raise self.fail("amounts 核对的 fields 须是非空的文字字段列表")
        return [self.make("amounts", (f,), f, "{figures}与大写“{capitals}”（即{read}）不符，请核对")
                for f in (self.field("fields", _TEXTS, name) for name in listed)]

    def not_listed(self) -> list[Check]:
        """Names that cannot be in two lists of one record: a meeting's 请假/缺席人员 among its 出席人员 or as its
        主持人, or a 列席 person also 出席. One check for each field `in` (of the record itself) names, so the warning
        says which list the name is also in. With `group` and no `in`, a name in two rows of the group (a 执法证核查
        listing 张伟 twice: T29 counts each name once), said at the later row."""
        listed, among = self.raw.get("fields"), self.raw.get("in")
        if among is None and self.group is not None and isinstance(listed, list) and listed:
            return [self.make("listed_again", (f,), f, f"{self.group_label}中“{{names}}”列了两次；同名的两人请加以区分")
                    for f in (self.field("fields", _PEOPLE, name) for name in listed)]
        if not isinstance(listed, list) or not listed or not isinstance(among, list) or not among:
            raise self.fail("not_listed 核对需要 fields 与 in：两组人员字段（person 或 people）；"
                            "与 group 一起时可不写 in（同一人在重复组中列了两行）")
        names, others = self._people_in(listed, among)
        return [self.make("not_listed", (f, other), f,
                          f"{{names}}同时列在{self.group_label or f.label}和{other.label}中，请核对")
                for f in names for other in others]

    def listed(self) -> list[Check]:
        """Names that should be among the record's lists of people: an agenda item's 汇报人 among the meeting's 出席,
        列席, 主持 or 记录 (the 纪要 prints 某某就该事项作了汇报 while its 签到表 leaves him out: a typo, or someone
        not listed). A warning, not a refusal: a reporter may be an invited outsider listed nowhere, which `says`
        tells the clerk (else 请核对). One check for all of `in`, which the warning names together."""
        listed, among = self.raw.get("fields"), self.raw.get("in")
        if not isinstance(listed, list) or not listed or not isinstance(among, list) or not among:
            raise self.fail("listed 核对需要 fields 与 in：人员字段（person 或 people），名字应出现在 in 的某个字段中")
        names, others = self._people_in(listed, among)
        says = self.says("请核对")
        where = "、".join(other.label for other in others)
        return [self.make("unlisted", (f, *others), f, f"{{names}}不在{where}中，{says}") for f in names]

    def _people_in(self, listed: list, among: list) -> tuple[list[FieldDef], list[FieldDef]]:
        """The people fields `fields` (`listed`, at the check's level) and `in` (`among`, of the record itself, also
        for a group's check) of a `not_listed` or `listed` check, refused when one field is both."""
        names = [self.field("fields", _PEOPLE, name) for name in listed]
        here = self.level, self.group
        self.level, self.group = self.record_level, None
        try:
            others = [self.field("in", _PEOPLE, name) for name in among]
        finally:
            self.level, self.group = here
        if self.group is None and any(f.name in among for f in names):
            raise self.fail(f"{self.kind} 核对的 fields 与 in 不能有同一字段")
        return names, others

    def roster_certificate(self) -> list[Check]:
        """A person's 执法证号 and 有效期 against the roster's for that name on the record's date (a 执法证核查 row):
        a number for someone the roster lists as 未持证, another number, or a later 有效期 than the roster's (one
        already passed on that date is said so), the roster as it was on that date (`people.roster_certificate`: its
        change log takes a later renewal or withdrawal back). What says less than the roster (an earlier
        certificate, from before the person was entered) is not questioned; nor is a name the roster does not tell
        apart, nor a date before the log began for someone whose certificate it saw change."""
        person = self.field("name", ("person",))
        number, valid = self.field("number", ("text",)), self.field("valid_until", ("date",))
        if self.date_field is None:
            raise self.fail("roster_certificate 核对按记录的日期查名册，台账须有 date_field")
        day = self.record_level[self.date_field]
        fields = (person, number, valid)
        return [
            self.make("roster_uncertified", fields, number,
                      "名册中{name}为“未持证”，此处却填写了执法证号{here}，请核对"
                      "（已取得执法证的，请在人员名册中填写其证号和有效期）", day),
            self.make("roster_cert_no", fields, number, "名册中{name}的执法证号为{roster}，与此处的{here}不符，请核对",
                      day),
            self.make("roster_cert_expiry", fields, valid,
                      "名册中{name}的执法证有效期为{roster}{expired}，与此处的{here}不符，请核对", day),
        ]

    def not_role(self) -> list[Check]:
        """Names that are the roster's holder of `role` on the record's date: the 司法所所长 among a meeting's
        请假/缺席人员 while its 司法所所长列席情况 says 全程 or 部分 (`applies_when`, whose value the warning names)."""
        names, role, day = self.role_fields()
        but = ""
        if self.applies is not None:
            value = "{value}"  # a 是/否 field's value said as the form shows it, not True/False
            if self.applies.op == "equals" and isinstance(self.applies.value, bool):
                value = "是" if self.applies.value else "否"
            but = f"，而{self.record_level[self.applies.field].label}为“{value}”"
        says = self.says("请核对")
        title = self.field("title", ("text",)).name if "title" in self.raw and self.group is None else None
        if "title" in self.raw and self.group is not None:
            raise self.fail("title 只用于本台账自己的字段（不能与 group 一起使用）")
        return [replace(self.make("not_role", (f,), f, f"{{names}}是名册中的{role}{but}，{says}", day),
                        fields=(f.name, role), title=title) for f in names]

    def of_role(self) -> list[Check]:
        """Names that are not the roster's holder of `role` on the record's date, each said with what that means
        (`says`, else 请核对): a 述法人 who counts for no one in T47, a 主讲人 ticked 主要负责同志 who is not one."""
        names, role, day = self.role_fields()
        says = self.says("请核对")
        return [replace(self.make("of_role", (f,), f, f"{{names}}不是名册中该日在任的{role}，{says}", day),
                        fields=(f.name, role)) for f in names]

    def role_fields(self) -> tuple[list[FieldDef], str, FieldDef]:
        """A role check's people fields, its roster role and the ledger's date (who held the role that day)."""
        from fazhi_desktop.core.people import ROLES  # the roster's roles; people.py loads the store

        listed, role = self.raw.get("fields"), self.raw.get("role")
        if not isinstance(listed, list) or not listed:
            raise self.fail(f"{self.kind} 核对的 fields 须是非空的人员字段（person 或 people）列表")
        names = [self.field("fields", _PEOPLE, name) for name in listed]
        if role not in ROLES:
            raise self.fail(f"{self.kind} 核对的 role 应为名册角色之一（{'、'.join(ROLES)}），收到 {role!r}")
        if self.date_field is None:
            raise self.fail(f"{self.kind} 核对按记录的日期查名册，台账须有 date_field")
        return names, role, self.record_level[self.date_field]

    def not_future(self) -> list[Check]:
        """Dates not after today. `planned = true` is for a ledger whose own date may rightly lie ahead (a meeting or
        a study session saved beforehand, to print its sign-in sheet): said as information (advisory), since it
        counts from its day. Any other date after today is doubted (请核对): a complaint cannot be accepted later."""
        listed, planned = self.raw.get("fields"), self.raw.get("planned", False)
        if not isinstance(listed, list) or not listed:
            raise self.fail("not_future 核对的 fields 须是非空的字段列表")
        dated = [self.field("fields", ("date", "datetime"), name) for name in listed]
        if not isinstance(planned, bool):
            raise self.fail("not_future 核对的 planned 须为 true 或 false")
        if planned and (self.group is not None or listed != [self.date_field]):
            raise self.fail(f"planned 只用于台账自己的日期（date_field“{self.date_field}”）：只有它按当天计入指标",
                            listed[0] if isinstance(listed[0], str) else None)
        message = "{label}晚于今天：到当天才计入本年度指标" if planned else "{label}晚于今天，请核对"
        return [replace(self.make("not_future", (f,), f, message.format(label=f.label)), advisory=planned)
                for f in dated]

    def passed(self) -> list[Check]:
        """A date already past (before today, this computer's date) while the record, by its `applies_when`, says
        what it dates is still underway: a 履行期限 of April and a 履行情况 still 正在履行 in December. Information
        (advisory), as a record saved true turns stale by the clock alone, also one locked with its year."""
        listed = self.raw.get("fields")
        if not isinstance(listed, list) or not listed:
            raise self.fail("passed 核对的 fields 须是非空的日期字段列表")
        dated = [self.field("fields", ("date",), name) for name in listed]
        if self.applies is None or self.applies.op not in ("equals", "in"):
            raise self.fail("passed 核对需要 applies_when（equals 或 in）：日期已过而该字段仍为何值时提醒",
                            dated[0].name)
        still = self.record_level[self.applies.field].label
        return [replace(self.make("passed", (f,), f, f"{f.label}已过，{still}仍为“{{value}}”，请核对"), advisory=True)
                for f in dated]

    def excluded(self) -> list[Check]:
        """A value that cannot be while the record's `applies_when` holds: 司法确认 已申请 for an agreement made
        orally (口头), which has no 协议书 for a court to confirm; 是否告知权利义务 否 once a 调解日期 is filled (a
        是/否 field takes one value, true or false). `says`: the warning, else one naming both values."""
        listed, values = self.raw.get("fields"), self.raw.get("values")
        if not isinstance(listed, list) or not listed:
            raise self.fail("excluded 核对的 fields 须是非空的单选或是/否字段列表")
        chosen = [self.field("fields", ("choice", "boolean"), name) for name in listed]
        if not isinstance(values, list) or not values or any(not _may_hold(f, v) for f in chosen for v in values):
            raise self.fail("excluded 核对的 values 须是这些字段的可选值列表（是/否字段：[true] 或 [false]）",
                            chosen[0].name)
        if any(f.type == "boolean" for f in chosen) and len(values) != 1:
            raise self.fail("excluded 核对的是/否字段只能排除一个值：[true] 或 [false]", chosen[0].name)
        if self.applies is None:
            raise self.fail("excluded 核对需要 applies_when：何时这些值不可能", chosen[0].name)
        says = self.says(name=chosen[0].name)
        when = self.record_level[self.applies.field].label
        return [replace(self.make("excluded", (f,), f, says or f"{f.label}为“{_value_said(f, values)}”，"
                                  f"而{when}为“{{when}}”，请核对"), values=tuple(values)) for f in chosen]

    def latest_row(self) -> list[Check]:
        """A field of the record against the same sub-field of the latest row of a group that fills it (by the date
        `by`, then the later row; a row without a date is the earliest, as the indicators' `last` orders them): a
        case still 正在履行 whose last 回访 found it 已履行. With `found` (row values), only when the latest row holds
        one of them: a state the record must then have reached too; a case 已履行 since a visit that found it
        正在履行 has moved on, as cases do."""
        if self.group is not None:
            raise self.fail("latest_row 核对比较记录的字段与重复组最近一行，不能再写 group")
        mine = self.field("field", ("choice", "text", "person", "date", "integer"))
        owner = self.record_level.get(self.raw.get("rows")) if isinstance(self.raw.get("rows"), str) else None
        if owner is None or owner.type != "group":
            raise self.fail(f"rows“{self.raw.get('rows')}”不是本台账的重复组", self.raw.get("rows"))
        subs = {sub.name: sub for sub in owner.fields}
        theirs, by = self._sub(subs, owner, "row_field", (mine.type,)), self._sub(subs, owner, "by", ("date",))
        if theirs is None or by is None:
            raise self.fail("latest_row 核对需要 row_field（与 field 同类型的行字段）和 by（行的日期字段）", mine.name)
        found = self.raw.get("found", [])
        if not isinstance(found, list) or ("found" in self.raw and not found) or any(
                not isinstance(v, str) or (theirs.type == "choice" and v not in theirs.choices) for v in found):
            raise self.fail(f"latest_row 核对的 found 须是“{theirs.label}”的值（可选值）列表：最近一行为这些值时，"
                            f"记录也应如此", theirs.name)
        message = f"{mine.label}为“{{value}}”，而最近一次{owner.label}（{{day}}）的{theirs.label}为“{{found}}”，请核对"
        # information (advisory): the case may rightly have moved on since (performed after the last visit)
        return [Check("latest_row", (mine.name, owner.name, theirs.name, by.name), mine.name, mine.label, message,
                      advisory=True, values=tuple(found))]

    def not_before(self) -> list[Check]:
        """Dates not before a date `on` of the record itself: with `group`, each row's (a 回访 before the 调解日期),
        which `order` cannot say, as it compares fields of one level."""
        listed = self.raw.get("fields")
        if not isinstance(listed, list) or not listed:
            raise self.fail("not_before 核对的 fields 须是非空的字段列表")
        dated = [self.field("fields", ("date",), name) for name in listed]
        on = self.raw.get("on")
        day = self.record_level.get(on) if isinstance(on, str) else None
        if day is None or day.type != "date" or (self.group is None and day.name in listed):
            raise self.fail("not_before 核对需要 on：记录中另一个日期字段（fields 不得早于它）",
                            on if isinstance(on, str) else None)
        return [self.make("not_before", (f,), f, f"{f.label}早于{day.label}，请核对", day) for f in dated]

    def idcard(self) -> list[Check]:
        card = self.field("idcard", ("idcard",))
        checks = []
        if self.raw.get("gender") is not None:
            gender = self.field("gender", ("choice",))
            if not {"男", "女"} <= set(gender.choices):
                raise self.fail(f"“{gender.label}”的选项须包括“男”和“女”", gender.name)
            checks.append(self.make("id_gender", (card, gender), gender, f"{gender.label}与{card.label}不符，请核对"))
        on = self.raw.get("on")
        day = self.record_level.get(on) if isinstance(on, str) else None
        if day is not None and day.type != "date":
            day = None
        if on is not None and day is None and self.raw.get("age") is None:
            raise self.fail("idcard 核对的 on 须是记录中的一个日期字段（出生日期不得晚于它）",
                            on if isinstance(on, str) else None)
        if self.raw.get("birth_date") is not None:
            birth = self.field("birth_date", ("date",))
            checks.append(self.make("id_birth_date", (card, birth), birth, f"{birth.label}与{card.label}不符，请核对"))
            if day is not None:  # a birth date (typed, else the number's) after it: one of the dates is a typo
                checks.append(self.make("id_born_after", (card, birth), birth,
                                        f"{birth.label}晚于{day.label}，请核对（{day.label}或{birth.label}、"
                                        f"{card.label}可能填错）", day))
        if self.raw.get("age") is not None:
            age = self.field("age", ("integer",))
            if day is None:
                raise self.fail("idcard 核对给出 age 时需要 on：记录中的一个日期字段（按该日的周岁比对）",
                                on if isinstance(on, str) else age.name)
            checks.append(self.make("id_age", (card, age), age,
                                    f"{age.label}与{card.label}相差一岁以上（按{day.label}计），请核对", day))
        if not checks:
            raise self.fail("idcard 核对需要 gender、birth_date 或 age（与身份证号比对的字段）", card.name)
        return checks

    def minor(self) -> list[Check]:
        """A 法定代理人 left empty for someone under 18 on the record's date `on` (民法典第二十三条), by the birth
        date, else the ID number, else the age: a warning, since the guardian's name may come later."""
        guardian = self.field("guardian", ("text", "person"))
        known = [self.field(key, (wanted,)) if self.raw.get(key) is not None else None
                 for key, wanted in (("birth_date", "date"), ("idcard", "idcard"), ("age", "integer"))]
        if not any(known):
            raise self.fail("minor 核对需要 birth_date、idcard 或 age（判断是否未满18周岁的字段）", guardian.name)
        on = self.raw.get("on")
        day = self.record_level.get(on) if isinstance(on, str) else None
        if day is None or day.type != "date":
            raise self.fail("minor 核对需要 on：记录中的一个日期字段（按该日的周岁判断）",
                            on if isinstance(on, str) else None)
        message = (f"按{day.label}未满18周岁，{guardian.label}未填写，请补充"
                   f"（未成年人的父母是其监护人、{guardian.label}）")
        check = self.make("minor", (guardian,), guardian, message, day)
        return [replace(check, fields=(guardian.name, *(f.name if f else "" for f in known)))]

    def rows(self) -> list[Check]:
        """A number typed in the record against the rows of a group it counts (实际持证人数 against the 执法证核查
        rows with a number and a date not passed): said only when the group lists any rows. With `unlisted_of`
        (compare "<="), a number of the record the rows are part of (应持证执法人员数): the people it holds beyond
        the rows listed may be counted too (5 应持证, 3 listed of whom 2 certified: 实际持证 3 is right, 5 is not),
        as T29 counts them."""
        if self.group is not None:
            raise self.fail("rows 核对比较记录中的数字与重复组的行数，不能再写 group")
        number = self.field("number", ("integer",))
        owner = self.record_level.get(self.raw.get("rows")) if isinstance(self.raw.get("rows"), str) else None
        if owner is None or owner.type != "group":
            raise self.fail(f"rows“{self.raw.get('rows')}”不是本台账的重复组", self.raw.get("rows"))
        compare = self.raw.get("compare")
        if compare not in ("<=", ">="):
            raise self.fail("rows 核对的 compare 须为 \"<=\"（数字不多于行数）或 \">=\"（数字不少于行数）", number.name)
        subs = {sub.name: sub for sub in owner.fields}
        filled = self._sub(subs, owner, "filled", None)
        valid = self._sub(subs, owner, "valid_until", ("date",))
        on = None
        if valid is not None:
            on = self.record_level.get(self.raw.get("on")) if isinstance(self.raw.get("on"), str) else None
            if on is None or on.type != "date":
                raise self.fail("rows 核对给出 valid_until 时需要 on：记录中的一个日期字段", valid.name)
        conditions = [f"{filled.label}已填" if filled else "",  # a blank date is not counted, nor is it "早于"
                      f"{valid.label}已填且不早于{on.label}" if valid and on else ""]
        counted = f"中{'、'.join(c for c in conditions if c)}的" if filled or valid else "所列"
        # {number} and {counted} are filled in when the check speaks (core.check_rules): figures, not only words
        more = "多于" if compare == "<=" else "少于"
        unlisted = self.field("unlisted_of", ("integer",)) if self.raw.get("unlisted_of") is not None else None
        if unlisted is not None and compare != "<=":
            raise self.fail("unlisted_of 只用于 compare = \"<=\"（所列之外未列出姓名的人也可计入）", unlisted.name)
        # {besides}: "与未列出姓名的 1 人之和" when the record holds people no row lists (`unlisted_of`), else ""
        besides = "{besides}" if unlisted is not None else ""
        message = f"{number.label} {{number}} 人，{more}{owner.label}{counted} {{counted}} 人{besides}，请核对"
        kind = "rows_at_most" if compare == "<=" else "rows_at_least"
        checks = [Check(kind, (number.name, owner.name, filled.name if filled else "", valid.name if valid else ""),
                        number.name, number.label, message, None, "", on.name if on else None,
                        unlisted_of=unlisted.name if unlisted else None)]
        if valid is not None and on is not None and compare == "<=":  # and, when it speaks, which rows do not count
            checks.append(Check("row_expired", (valid.name, *checks[0].fields), valid.name, valid.label,
                                f"早于{on.label}，此行不计入{number.label}", owner.name, owner.label, on.name,
                                unlisted_of=checks[0].unlisted_of))
            checks.append(Check("row_undated", (valid.name, *checks[0].fields), valid.name, valid.label,
                                f"未填写，此行不计入{number.label}", owner.name, owner.label, on.name,
                                unlisted_of=checks[0].unlisted_of))
        return checks

    def _sub(self, subs: dict[str, FieldDef], owner: FieldDef, key: str, types: tuple[str, ...] | None
             ) -> FieldDef | None:
        name = self.raw.get(key)
        if name is None:
            return None
        if not isinstance(name, str) or name not in subs:
            raise self.fail(f"{key} 引用的字段“{name}”在重复组“{owner.label}”中不存在", name if isinstance(name, str)
                            else None)
        if types is not None and subs[name].type not in types:
            raise self.fail(f"“{subs[name].label}”是 {subs[name].type} 类型，{key} 须为{_type_names(types)}", name)
        return subs[name]

    def link(self) -> list[Check]:
        """The record a link points to, as the link says it is (a meeting's 会前学法: a 会前学法 of the meeting's
        day, not a 法治研讨 of September). The linked ledger's field and value are checked once every form is
        read (`forms.load_forms`)."""
        link = self.field("link", ("link",))
        checks = []
        field, equals = self.raw.get("field"), self.raw.get("equals")
        if (field is None) != (equals is None) or not all(isinstance(v, str) for v in (field, equals) if v is not None):
            raise self.fail("link 核对的 field（所链接台账的字段名）与 equals（应有的值）须同时给出", link.name)
        if field is not None:
            wanted = equals.replace("{", "{{").replace("}", "}}")
            checks.append(Check("link_value", (link.name, link.link or "", field, equals), link.name, link.label,
                                f"所链接的 {{number}} 为“{{value}}”，不是“{wanted}”，请核对", self.group,
                                self.group_label))
        if self.raw.get("same_day") is not None:  # a date of the record itself, also for a group's link
            here = self.level, self.group
            self.level, self.group = self.record_level, None
            try:
                day = self.field("same_day", ("date",))
            finally:
                self.level, self.group = here
            checks.append(Check("link_day", (link.name, link.link or ""), link.name, link.label,
                                f"所链接的 {{number}} 日期为 {{day}}，与{day.label}不同，请核对", self.group,
                                self.group_label, day.name))
        if not checks:
            raise self.fail("link 核对需要 field 与 equals，或 same_day", link.name)
        return checks

    def mentioned(self) -> list[Check]:
        """A text that says what a field of the record stands for while that field is empty: a meeting whose 议题 or
        备注 says 会前学法 without its 会前学法 link, which no target counts. `fields`: texts of the record (备注 too,
        `remarks`); `rows` and `row_fields`: the texts of a group's rows; `words`: looked for anywhere, `starts`: at
        a text's start (after its numbering, 一、); `empty`: the field, said at it; `says`: what an empty one leads
        to. Advisory, as `filled`: a record saved so is not wrong on paper, and a closed year's would be asked about at
        every print."""
        if self.group is not None:
            raise self.fail("mentioned 核对查看整条记录的文字，不能再写 group（重复组的文字用 rows 与 row_fields）")
        empty = self.field("empty", tuple(t for t in FIELD_TYPES if t != "group"))
        texts = [self._text_field(name) for name in self._names("fields")]
        rows, row_fields = self.raw.get("rows"), self._names("row_fields")
        if (rows is None) != (not row_fields):
            raise self.fail("mentioned 核对的 rows（重复组）与 row_fields（组中的文字字段）须同时给出")
        if rows is not None:
            owner = self.level.get(rows) if isinstance(rows, str) else None
            if owner is None or owner.type != "group":
                raise self.fail(f"rows“{rows}”不是本台账的重复组", rows if isinstance(rows, str) else None)
            subs = {sub.name: sub for sub in owner.fields}
            for name in row_fields:
                if name not in subs or subs[name].type not in _TEXTS:
                    raise self.fail(f"row_fields 中的“{name}”不是重复组“{owner.label}”的文字字段", name)
            texts += [(f"{owner.name}.{name}", owner.label) for name in row_fields]
        if not texts:
            raise self.fail("mentioned 核对需要 fields 或 rows 与 row_fields：在哪些文字中查找")
        words, starts, titles = self._words("words"), self._words("starts"), self._words("titles")
        if not words and not starts:
            raise self.fail("mentioned 核对需要 words（文字中任何位置）或 starts（文字开头）：要查找的词")
        if titles and not any(start.endswith("《") for start in starts):
            raise self.fail("mentioned 核对的 titles（书名中须有的词）只用于以“《”结尾的 starts，如“学习《”")
        says = self.says(required=True, hint="，如“不计入某项指标”")
        missing = f"“{empty.label}”中没有链接记录" if empty.type == "link" else f"未填写{empty.label}"
        return [replace(self.make("mentioned", (empty,), empty, f"{{place}}中写了“{{word}}”，但{missing}：{says}"),
                        fields=(empty.name, *(path for path, _ in texts)),
                        texts=tuple((*path.rpartition(".")[::2], label) for path, label in texts),
                        words=words, starts=starts, titles=titles, advisory=True)]

    def _names(self, key: str) -> list[str]:
        listed = self.raw.get(key, [])
        if not isinstance(listed, list) or not all(isinstance(name, str) for name in listed):
            raise self.fail(f"{self.kind} 核对的 {key} 须是字段名的列表")
        return listed

    def _words(self, key: str) -> tuple[str, ...]:
        listed = self.raw.get(key, [])
        if not isinstance(listed, list) or not all(isinstance(w, str) and w.strip() and "{" not in w and "}" not in w
                                                   for w in listed):
            raise self.fail(f"{self.kind} 核对的 {key} 须是词语的列表（不含花括号）")
        return tuple(w.strip() for w in listed)

    def _text_field(self, name: str) -> tuple[str, str]:
        """(name, label) of a text of the record: a text field, or the 备注 every record has."""
        if name == "remarks":
            return name, "备注"
        f = self.field("fields", _TEXTS, name)
        return f.name, f.label

    def in_time(self) -> list[Check]:
        answer = self.field("answer", ("boolean",))
        done, due = self.field("done", ("date",)), self.field("due", ("date",))
        fields = (answer, done, due)
        return [
            self.make("in_time_yes", fields, answer, f"{answer.label}填“是”，但{done.label}晚于{due.label}，请核对"),
            self.make("in_time_no", fields, answer, f"{answer.label}填“否”，但{done.label}不晚于{due.label}，请核对"),
            # both dates given and no answer: the register prints the column empty (advisory, as `filled`)
            replace(self.make("in_time_blank", fields, answer,
                              f"{answer.label}未填写，请补充：{done.label}{{relation}}{due.label}，应为“{{answer}}”"),
                    advisory=True),
        ]

    def overdue(self) -> list[Check]:
        """A matter still being handled past its deadline, by the program's clock (今天): `due` (a date) passed
        and `done` (its conclusion's date) empty; `says` what is to be done. Information (advisory): the record is
        not wrong, the matter is late (办理期限已过（2025-10-24），尚未办结：请填写办结情况或督办). With `done_when`
        (复查结果 已整改) the matter is concluded only while that holds: a `done` date without it (a 复查 that found
        未整改) is late too, said with `failed_says` (`overdue_failed`), and one that holds is never late."""
        due, done = self.field("due", ("date",)), self.field("done", ("date",))
        says = self.says(required=True, hint="，如“尚未办结：请填写办结情况或督办”")
        late = replace(self.make("overdue", (due, done), done, f"{due.label}已过（{{day}}），{says}"), advisory=True)
        if "done_when" not in self.raw:
            if "failed_says" in self.raw:
                raise self.fail("failed_says 只与 done_when 一起使用（已填完成日期、但未满足 done_when 时的说明）")
            return [late]
        try:
            concluded = read_condition(self.raw["done_when"], "done_when")
        except ValueError as e:
            raise self.fail(str(e)) from None
        if concluded.field not in self.level:
            raise self.fail(f"done_when 引用的字段“{concluded.field}”不是本台账的字段")
        fault = condition_fault("done_when", concluded, self.level)
        if fault:
            raise self.fail(fault, concluded.field)
        failed = self.says(required=True, key="failed_says", hint="，如“请重新限期整改或再次复查”")
        judged = self.level[concluded.field].label
        return [replace(late, when=concluded),
                replace(self.make("overdue_failed", (due, done), done,
                                  f"{due.label}已过（{{day}}），{judged}{{found}}：{failed}"),
                        advisory=True, when=concluded)]


@dataclass(frozen=True)
class _Kind:
    """A `[[checks]]` kind: the keys an entry of it takes besides `kind`, `group`, `applies_when` and `refuse`, the
    reader's method that compiles an entry, and the `Check` kinds that gives."""

    keys: frozenset[str]
    compile: Callable[[_CheckReader], list[Check]]
    gives: tuple[str, ...]


#: the `[[checks]]` kinds (docs/FORMS.md), the one list of them
_KINDS = {
    "order": _Kind(frozenset({"fields"}), _CheckReader.order, ("order",)),
    "not_future": _Kind(frozenset({"fields", "planned"}), _CheckReader.not_future, ("not_future",)),
    "not_before": _Kind(frozenset({"fields", "on"}), _CheckReader.not_before, ("not_before",)),
    "idcard": _Kind(frozenset({"idcard", "gender", "birth_date", "age", "on"}), _CheckReader.idcard,
                    ("id_gender", "id_birth_date", "id_age", "id_born_after")),
    "minor": _Kind(frozenset({"guardian", "birth_date", "idcard", "age", "on"}), _CheckReader.minor, ("minor",)),
    "in_time": _Kind(frozenset({"answer", "done", "due"}), _CheckReader.in_time,
                     ("in_time_yes", "in_time_no", "in_time_blank")),
    "overdue": _Kind(frozenset({"due", "done", "says", "done_when", "failed_says"}), _CheckReader.overdue,
                     ("overdue", "overdue_failed")),
    "rows": _Kind(frozenset({"number", "rows", "compare", "filled", "valid_until", "on", "unlisted_of"}),
                  _CheckReader.rows,
                  ("rows_at_most", "rows_at_least", "row_expired", "row_undated")),
    "duration": _Kind(frozenset({"start", "end", "minutes"}), _CheckReader.duration, ("duration",)),
    "amounts": _Kind(frozenset({"fields"}), _CheckReader.amounts, ("amounts",)),
    "link": _Kind(frozenset({"link", "field", "equals", "same_day"}), _CheckReader.link, ("link_value", "link_day")),
    "not_listed": _Kind(frozenset({"fields", "in"}), _CheckReader.not_listed, ("not_listed", "listed_again")),
    "listed": _Kind(frozenset({"fields", "in", "says"}), _CheckReader.listed, ("unlisted",)),
    "not_role": _Kind(frozenset({"fields", "role", "says", "title"}), _CheckReader.not_role, ("not_role",)),
    "of_role": _Kind(frozenset({"fields", "role", "says"}), _CheckReader.of_role, ("of_role",)),
    "within_days": _Kind(frozenset({"fields", "days", "limit"}), _CheckReader.within_days, ("within_days",)),
    "roster_certificate": _Kind(frozenset({"name", "number", "valid_until"}), _CheckReader.roster_certificate,
                                ("roster_uncertified", "roster_cert_no", "roster_cert_expiry")),
    "filled": _Kind(frozenset({"fields", "says"}), _CheckReader.filled, ("filled",)),
    "passed": _Kind(frozenset({"fields"}), _CheckReader.passed, ("passed",)),
    "excluded": _Kind(frozenset({"fields", "values", "says"}), _CheckReader.excluded, ("excluded",)),
    "mentioned": _Kind(frozenset({"fields", "rows", "row_fields", "words", "starts", "titles", "empty", "says"}),
                       _CheckReader.mentioned, ("mentioned",)),
    "latest_row": _Kind(frozenset({"field", "rows", "row_field", "by", "found"}), _CheckReader.latest_row,
                        ("latest_row",)),
}
#: every kind a `Check` can have: what core.check_rules evaluates (`CONTRADICTIONS`, one evaluator each:
#: tests/core/test_checks.py)
CHECK_KINDS = frozenset(given for kind in _KINDS.values() for given in kind.gives)


def _may_hold(f: FieldDef, value: Any) -> bool:
    """Whether `value` is one `f` can hold: one of a choice's choices, true or false for a 是/否."""
    return isinstance(value, bool) if f.type == "boolean" else value in f.choices


def _value_said(f: FieldDef, values: list[Any]) -> str:
    """How a warning names the value an `excluded` check found: a 是/否's one value as 是 or 否, else {value}."""
    if f.type == "boolean":
        return "是" if values[0] else "否"
    return "{value}"


def _type_names(types: Iterable[str]) -> str:
    """The field types a check's key accepts, as a form author reads them: "日期、时间"."""
    return "、".join(_TYPE_NAMES.get(t, t) for t in types)
