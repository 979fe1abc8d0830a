"""The cross-field checks of a form (`[[checks]]`, read by form_checks.py) as evaluated: one function per kind, each
given the check, the values at its level, the record's values and the lookups, and saying whether they contradict
each other (or the figures its message names). validate.py runs them (`_run_checks`) and turns what they say into
warnings.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from fazhi_desktop.core import amounts, identifiers
from fazhi_desktop.core.form_checks import DURATION_SLACK, Check
from fazhi_desktop.core.names import compared_names
from fazhi_desktop.core.validate import Lookups, is_empty, minutes_between

#: (the check, the values at its level: the record's or one group row's, the record's values, lookups) -> whether
#: the values contradict each other, or (a true dict) the figures its message names
_Contradiction = Callable[[Check, dict[str, Any], dict[str, Any], Lookups], "bool | dict[str, Any]"]


def _out_of_order(check: Check, values: dict[str, Any], record: dict[str, Any], lookups: Lookups) -> bool:
    first, second = values.get(check.fields[0]), values.get(check.fields[1])
    return first is not None and second is not None and first > second  # ISO text for dates and times


def _in_future(check: Check, values: dict[str, Any], record: dict[str, Any], lookups: Lookups) -> bool:
    value = values.get(check.fields[0])
    return value is not None and value[:10] > lookups.today_iso()  # a date-time's date


def _before_on(check: Check, values: dict[str, Any], record: dict[str, Any], lookups: Lookups) -> bool:
    value, day = values.get(check.fields[0]), record.get(check.on or "")
    return value is not None and day is not None and value < day


def _too_late(check: Check, values: dict[str, Any], record: dict[str, Any],
              lookups: Lookups) -> bool | dict[str, Any]:
    first, second = values.get(check.fields[0]), values.get(check.fields[1])
    if first is None or second is None:
        return False
    after = (date.fromisoformat(second) - date.fromisoformat(first)).days
    return after > check.days and {"after": after}


def _left_empty(check: Check, values: dict[str, Any], record: dict[str, Any],
                lookups: Lookups) -> bool | dict[str, Any]:
    """Shown (a hidden field is None, as is a condition's hidden field), offered (its `applies_when` holds: a
    行政裁决 is asked for no 调解结果) and empty: an invalid value is a problem."""
    if values.get(check.fields[0]) is not None or (check.when is not None and not check.when.holds(values)) \
            or (check.offered is not None and not check.offered.holds(values)):
        return False
    asks = check.when or check.applies  # the choice that asks for it, which its message may name
    return {"value": values.get(asks.field)} if asks is not None else True


def _overdue(check: Check, values: dict[str, Any], record: dict[str, Any], lookups: Lookups) -> bool | dict[str, Any]:
    """A deadline (fields[0]) before today, by the program's clock, with the conclusion's date (fields[1]) empty
    and what concludes it (`when`, the form's `done_when`: 复查结果 已整改) not said."""
    due = values.get(check.fields[0])
    return (due is not None and values.get(check.fields[1]) is None and due < lookups.today_iso()
            and not (check.when is not None and check.when.holds(values)) and {"day": due})


def _overdue_failed(check: Check, values: dict[str, Any], record: dict[str, Any],
                    lookups: Lookups) -> bool | dict[str, Any]:
    """A deadline (fields[0]) before today with the conclusion's date (fields[1]) given and what concludes it
    (`when`) not holding: a 复查 after which the 复查结果 is 未整改 (or 整改中). Not while that result is empty: the
    form's own check asks for it (已填写复查日期，但未填写复查结果), and 请重新限期整改 would be the wrong advice."""
    due, found = values.get(check.fields[0]), values.get(check.when.field) if check.when is not None else None
    if due is None or values.get(check.fields[1]) is None or due >= lookups.today_iso() \
            or check.when is None or check.when.holds(values) or found in (None, ""):
        return False
    return {"day": due, "found": f"为“{found}”"}


def _applies_value(check: Check, record: dict[str, Any]) -> Any:
    """The record's value of the field the check's `applies_when` names (what a warning says it is), else None."""
    return record.get(check.applies.field) if check.applies is not None else None


def _passed(check: Check, values: dict[str, Any], record: dict[str, Any],
            lookups: Lookups) -> bool | dict[str, Any]:
    """A date before today while the record still says what the check's `applies_when` names (正在履行)."""
    value = values.get(check.fields[0])
    return value is not None and value < lookups.today_iso() and {"value": _applies_value(check, record)}


def _excluded(check: Check, values: dict[str, Any], record: dict[str, Any],
              lookups: Lookups) -> bool | dict[str, Any]:
    """One of the values that cannot be while the check's `applies_when` holds (已申请 司法确认 of a 口头 agreement)."""
    value = values.get(check.fields[0])
    return value in check.values and {"value": value, "when": _applies_value(check, record)}


def _latest_differs(check: Check, values: dict[str, Any], record: dict[str, Any],
                    lookups: Lookups) -> bool | dict[str, Any]:
    """The record's field against the same sub-field of the latest group row that fills it (by its date, then the
    later row; a row without a date is the earliest); with `found` (`check.values`), only where that row holds one
    of them: a visit that found 已履行 questions a case still 正在履行, not one performed since a visit."""
    mine, group, theirs, by = check.fields
    value = values.get(mine)
    rows = [(row.get(by) or "", index, row) for index, row in enumerate(record.get(group) or ())
            if isinstance(row, dict) and row.get(theirs) is not None]
    if value is None or not rows:
        return False
    day, _, latest = max(rows, key=lambda item: item[:2])
    if check.values and latest[theirs] not in check.values:
        return False
    return latest[theirs] != value and {"value": value, "found": latest[theirs], "day": day or "日期未填"}


#: a text's own numbering before what it says (一、 2. （三）), skipped before `starts` is looked for
_NUMBERING = re.compile(r"\s*(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．])?\s*")
#: what such a numbering may begin with: a text beginning otherwise is not matched against it (the check runs at
#: every save)
_NUMBERING_FIRST = frozenset(" \t\n（(一二三四五六七八九十0123456789")
#: where a text's first clause ends: what a `starts` warning quotes of it
_CLAUSE_END = re.compile(r"[，。；：,;:\s]")
#: where a sentence ends: a word's negation is looked for in its own sentence
_SENTENCE_END = re.compile(r"[，。；,;\n]")
#: a word said as not done, by what comes just before it (未开展会前学法, 本次会议无会前学法, 没有进行会前学法) or
#: right after it (会前学法：无, 会前学法因故取消, 会前学法另行安排): not a study held
_NOT_BEFORE = ("未", "无", "没有", "没", "不", "取消", "暂停", "暂缓", "推迟")
_NOT_AFTER = (*_NOT_BEFORE, "另行", "因故", "改期")


def _mentioned(check: Check, values: dict[str, Any], record: dict[str, Any],
               lookups: Lookups) -> bool | dict[str, Any]:
    """A text saying one of `words` (anywhere) or `starts` (at its start, after its numbering) while the field
    fields[0] is empty: where it was found first and what it says (the word, or the first clause it starts)."""
    if values.get(check.fields[0]) is not None:  # cleaned: an empty field is None
        return False
    for group, name, place in check.texts:
        for row in (values.get(group) or ()) if group else (values,):
            text = row.get(name) if isinstance(row, dict) else None
            if isinstance(text, str) and (said := _says(check, text)):
                return {"place": place, "word": said}
    return False


def _says(check: Check, text: str) -> str:
    """The word of `check.words` the text holds, else the first clause of a text starting with one of
    `check.starts` (学习《中华人民共和国行政复议法》), else ""."""
    for word in check.words:  # `in` first: most texts hold no word, and a save asks every text of the record
        if word in text and any(_held(text, at.start(), at.end()) for at in re.finditer(re.escape(word), text)):
            return word
    if not check.starts or not text or (text[0] not in _NUMBERING_FIRST and not text.startswith(check.starts)):
        return ""
    text = text[_NUMBERING.match(text).end():]
    if not any(text.startswith(start) and _whole(check, text, start) and _held(text, 0, len(start))
               for start in check.starts):
        return ""
    clause = _CLAUSE_END.split(text, 1)[0]
    return clause if len(clause) <= 24 else clause[:23] + "…"


def _whole(check: Check, text: str, start: str) -> bool:
    """Whether `start` begins `text` as a word of its own: 学法：…, 学法（…）, not 学法用法示范户 or 学法考试 (普法
    work, no study); a start that opens a title (学习《) with a title holding one of `check.titles` (a law's, not
    《习近平谈治国理政》)."""
    rest = text[len(start):]
    if start.endswith("《"):
        title = rest.split("》", 1)[0]
        return not check.titles or any(word in title for word in check.titles)
    return not (start[-1].isalnum() and rest[:1].isalnum())


def _held(text: str, start: int, end: int) -> bool:
    """Whether the word at text[start:end] is said as done: no negation in the four characters before it in its
    sentence (未开展会前学法), none right after it (会前学法：无, 会前学法因故取消)."""
    before = _SENTENCE_END.split(text[:start])[-1][-4:]
    after = _SENTENCE_END.split(text[end:], 1)[0].lstrip("：: \t")
    return not any(word in before for word in _NOT_BEFORE) and not after.startswith(_NOT_AFTER)


def _linked_value(check: Check, values: dict[str, Any], record: dict[str, Any],
                  lookups: Lookups) -> bool | dict[str, Any]:
    link, ledger, name, wanted = check.fields
    found = lookups.linked(ledger, values[link]) if values.get(link) else None
    if found is None or found[2].get(name) in (None, wanted):
        return False
    return {"number": found[0], "value": found[2][name]}


def _linked_day(check: Check, values: dict[str, Any], record: dict[str, Any],
                lookups: Lookups) -> bool | dict[str, Any]:
    link, ledger = check.fields
    day = record.get(check.on or "")
    found = lookups.linked(ledger, values[link]) if values.get(link) and day else None
    if found is None or found[1] in (None, day):
        return False
    return {"number": found[0], "day": found[1]}


def _listed_twice(check: Check, values: dict[str, Any], record: dict[str, Any],
                  lookups: Lookups) -> bool | dict[str, Any]:
    """A name of `fields[0]` that `fields[1]` holds too (a 请假 person also 出席), as the names they stand for."""
    both = _compared_with(_names(values.get(check.fields[0])), _names(record.get(check.fields[1])))[0]
    return {"names": "、".join(both)} if both else False


def _unlisted(check: Check, values: dict[str, Any], record: dict[str, Any],
              lookups: Lookups) -> bool | dict[str, Any]:
    """A name of `fields[0]` that none of the record's people fields `fields[1:]` holds (a 汇报人 not at the
    meeting by its lists), the names on both sides compared as the names they stand for (`compared_names`: two
    reporters in one box, 王　梅, 田玉春（镇长） were said to be missing while each was there)."""
    named = _names(values.get(check.fields[0]))
    if not named:  # no 汇报人: nothing to look for
        return False
    typed = frozenset([name for field in check.fields[1:] for name in _names(record.get(field))])
    if all(name in typed for name in named):  # as typed in the lists, as almost always: the same names they stand for
        return False  # (comparing every name of every list took a fifth of a meeting's save)
    missing = _compared_with(named, typed)[1]
    return {"names": "、".join(missing)} if missing else False


def _compared_with(named: list[str], typed: Iterable[str]) -> tuple[list[str], list[str]]:
    """The names `named` stands for (`compared_names`: 王　梅 is 王梅, 田玉春（镇长） and 镇长田玉春 are 田玉春,
    阿依古丽•买买提 is 阿依古丽·买买提), split into those the names `typed` stand for too and those they do not:
    how every check that looks for a name in another list compares them (`not_listed`, `listed_again`, `listed`)."""
    present = _compared(typed if type(typed) is frozenset else frozenset(typed))
    keys = compared_names(named[0]) if len(named) == 1 else [key for name in named for key in compared_names(name)]
    if len(keys) > 1:  # each name once (马军、马军), in the order typed
        keys = list(dict.fromkeys(keys))
    found: tuple[list[str], list[str]] = ([], [])
    for key in keys:
        found[key not in present].append(key)
    return found


@functools.lru_cache(maxsize=64)
def _compared(typed: frozenset[str]) -> frozenset[str]:
    """The names the record's lists stand for (`compared_names`), worked out once for its rows (议题 by 议题)."""
    return frozenset(key for name in typed for key in compared_names(name))


def _listed_again(check: Check, values: dict[str, Any], record: dict[str, Any],
                  lookups: Lookups) -> bool | dict[str, Any]:
    """A name of this row (`values`) that an earlier row of its group names too: said at the later row."""
    rows = record.get(check.group or "") or []
    here = next((index for index, row in enumerate(rows) if row is values), 0)
    earlier = [name for row in rows[:here] for name in _names(row.get(check.fields[0]))]
    again = _compared_with(_names(values.get(check.fields[0])), earlier)[0]
    return {"names": "、".join(again)} if again else False


def _roster_says(check: Check, values: dict[str, Any], record: dict[str, Any], lookups: Lookups
                 ) -> tuple[str, str | None, str | None, str | None, str | None] | None:
    """(name, the row's number and 有效期, the roster's number and 有效期) of a row with a 执法证号 naming someone
    whose certificate the roster gives on the record's date (`Lookups.certificate`); None otherwise: a row without
    a number counts as 未持证 whatever else it holds."""
    name, number, valid = (values.get(f) for f in check.fields)
    day = record.get(check.on or "")
    if not isinstance(name, str) or is_empty(number) or day is None:
        return None
    found = lookups.certificate(name, day)
    return None if found is None else (name, number, valid, *found)


def _roster_uncertified(check: Check, values: dict[str, Any], record: dict[str, Any],
                        lookups: Lookups) -> bool | dict[str, Any]:
    """A 执法证号 for someone the roster lists as 未持证 on the record's date."""
    said = _roster_says(check, values, record, lookups)
    return said is not None and said[3] is None and {"name": said[0], "here": said[1]}


def _earlier_certificate(valid: str | None, roster_valid: str | None) -> bool:
    """A row's 有效期 before the roster's: a certificate before the one the roster holds (renewed since)."""
    return valid is not None and roster_valid is not None and valid < roster_valid


def _roster_cert_no(check: Check, values: dict[str, Any], record: dict[str, Any],
                    lookups: Lookups) -> bool | dict[str, Any]:
    """Another 执法证号 than the roster's, unless the row's 有效期 is before the roster's (an earlier certificate)."""
    said = _roster_says(check, values, record, lookups)
    if said is None or said[3] is None or said[1].strip() == said[3].strip() or _earlier_certificate(said[2], said[4]):
        return False
    return {"name": said[0], "roster": said[3], "here": said[1]}


def _roster_cert_expiry(check: Check, values: dict[str, Any], record: dict[str, Any],
                        lookups: Lookups) -> bool | dict[str, Any]:
    """A 有效期 later than the roster's for the same person: the row counts a certificate the roster says ended
    sooner (already, on the record's date: （已过期）)."""
    said = _roster_says(check, values, record, lookups)
    if said is None or said[2] is None or said[4] is None or said[2] <= said[4]:
        return False
    expired = "（已过期）" if said[4] < record[check.on or ""] else ""
    return {"name": said[0], "roster": said[4], "expired": expired, "here": said[2]}


def _names(value: Any) -> list[str]:
    """The names a person or people field holds."""
    return [value] if isinstance(value, str) else [v for v in value or () if isinstance(v, str)]


def _holds_role(check: Check, values: dict[str, Any], record: dict[str, Any],
                lookups: Lookups) -> bool | dict[str, Any]:
    """A name the roster gives role `fields[1]` on the record's date: the 司法所所长 among a meeting's 请假/缺席
    人员 while its 列席情况 says 全程 (the check's `applies_when`, whose value the message may name)."""
    found = _role_names(check, values, record, lookups, holding=True)
    return bool(found) and {"names": "、".join(found), "value": _applies_value(check, record)}


def _lacks_role(check: Check, values: dict[str, Any], record: dict[str, Any],
                lookups: Lookups) -> bool | dict[str, Any]:
    """Names the roster does not give role `fields[1]` on the record's date (a free name, someone without the role,
    one not yet or no longer in post): a 述法人 T47 counts for no one. Nothing where no roster is kept."""
    found = _role_names(check, values, record, lookups, holding=False) if lookups.roster else []
    return bool(found) and {"names": "、".join(found)}


def _role_names(check: Check, values: dict[str, Any], record: dict[str, Any], lookups: Lookups,
                holding: bool) -> list[str]:
    """The names field `fields[0]` lists that the roster gives (`holding`), or does not give, role `fields[1]` on
    the record's date (`check.on`); none without that date."""
    name, role = check.fields
    day = record.get(check.on or "")
    listed = _names(values.get(name))
    if not listed or day is None:
        return []
    held = set(lookups.role_holding(role, day, listed))
    return [n for n in listed if (n in held) == holding]


def _gender_differs(check: Check, values: dict[str, Any], record: dict[str, Any], lookups: Lookups) -> bool:
    card, gender = values.get(check.fields[0]), values.get(check.fields[1])
    return card is not None and gender is not None and identifiers.id_card_gender(card) != gender


def _birth_differs(check: Check, values: dict[str, Any], record: dict[str, Any], lookups: Lookups) -> bool:
    card, birth = values.get(check.fields[0]), values.get(check.fields[1])
    if card is None or birth is None:
        return False
    born = identifiers.id_card_birth_date(card).isoformat()
    if check.fields[0] in lookups.masked:  # month and day are the digits its mask hides: the year only
        return born[:4] != birth[:4]
    return born != birth


def _born_after(check: Check, values: dict[str, Any], record: dict[str, Any], lookups: Lookups) -> bool:
    """A birth date (typed, else the ID number's) after the record's date `check.on`: one of the two is a typo
    (受理日期 2016 typed for 2026). Of a number or a birth date the user sees masked only the birth year counts, as
    for the age."""
    birth, card, day = values.get(check.fields[1]), values.get(check.fields[0]), record.get(check.on or "")
    if day is None or (birth is None and card is None):
        return False
    if birth is not None and check.fields[1] in lookups.masked:
        return birth[:4] > day[:4]
    if birth is not None:
        return birth > day
    if check.fields[0] in lookups.masked:
        return identifiers.id_card_birth_date(card).year > int(day[:4])
    return identifiers.id_card_birth_date(card).isoformat() > day


def _age_differs(check: Check, values: dict[str, Any], record: dict[str, Any], lookups: Lookups) -> bool:
    """More than a year apart from the age the ID number gives on the record's date `check.on`: a clerk may count
    completed years (周岁) or subtract the years, on the day of the check's date or of another one near it.

    Of a number the user sees masked only the birth year counts: whether the date falls before or after the
    birthday would otherwise tell its month and day (the digits the mask hides), one saved date at a time. The
    ages quiet for some birthday of that year are quiet for all: the years subtracted, two less to one more."""
    card, age, day = values.get(check.fields[0]), values.get(check.fields[1]), record.get(check.on or "")
    if card is None or age is None or day is None:
        return False
    if check.fields[0] in lookups.masked:
        years = int(day[:4]) - identifiers.id_card_birth_date(card).year
        return not years - 2 <= age <= years + 1
    if identifiers.id_card_birth_date(card).isoformat() > day:
        return False  # no age on that day: `_born_after` questions the dates
    return abs(identifiers.age_on(card, date.fromisoformat(day)) - age) > 1


def _minor_alone(check: Check, values: dict[str, Any], record: dict[str, Any], lookups: Lookups) -> bool:
    """Under 18 on the record's date `check.on` (by birth date, ID number or age) with no 法定代理人; nothing for a
    row whose guardian field is hidden (a 单位: its birth date and the rest are hidden too). The date it goes by,
    seen masked (`Lookups.masked`), counts by its year only: the warning would tell its month and day."""
    guardian, birth, card, age = check.fields
    day = record.get(check.on or "")
    if day is None or values.get(guardian) is not None:
        return False
    number, born = values.get(card) if card else None, values.get(birth) if birth else None
    seen = any(name in lookups.masked for name in (card, birth) if name)
    return identifiers.is_minor(born, number, values.get(age) if age else None, day, masked=seen)


def _counted_rows(check: Check, record: dict[str, Any]) -> int | None:
    """The rows of the group `check.fields[1]` that count (None when the group lists none)."""
    _, group, filled, valid = check.fields[-4:]
    rows = record.get(group) or []
    if not rows:
        return None
    day = record.get(check.on or "")
    return sum(1 for row in rows if (not filled or not is_empty(row.get(filled)))
               and (not valid or (row.get(valid) is not None and (day is None or row[valid] >= day))))


def _more_than_rows(check: Check, values: dict[str, Any], record: dict[str, Any],
                    lookups: Lookups) -> bool | dict[str, Any]:
    """More than the rows counted, and (`unlisted_of`: 应持证执法人员数) more beyond them than the people the record
    holds that no row lists: 应持证 5, 3 listed of whom 2 certified, 实际持证 3 counts a certified one not listed."""
    number, counted = record.get(check.fields[-4]), _counted_rows(check, record)
    if number is None or counted is None:
        return False
    unlisted = max((record.get(check.unlisted_of) or 0) - len(record.get(check.fields[-3]) or ()), 0) \
        if check.unlisted_of else 0
    return number - counted > unlisted and {"number": number, "counted": counted,
                                            "besides": f"与未列出姓名的 {unlisted} 人之和" if unlisted else ""}


def _fewer_than_rows(check: Check, values: dict[str, Any], record: dict[str, Any],
                     lookups: Lookups) -> bool | dict[str, Any]:
    number, counted = record.get(check.fields[-4]), _counted_rows(check, record)
    return number is not None and counted is not None and number < counted and {"number": number, "counted": counted}


def _row_expired(check: Check, values: dict[str, Any], record: dict[str, Any], lookups: Lookups) -> bool:
    """A row past its date, said while its count's own check (`fields[1:]`, as `_more_than_rows` reads them)
    speaks."""
    until, day = values.get(check.fields[0]), record.get(check.on or "")
    return until is not None and day is not None and until < day and bool(_more_than_rows(check, values, record,
                                                                                           lookups))


def _row_undated(check: Check, values: dict[str, Any], record: dict[str, Any], lookups: Lookups) -> bool:
    """A row whose number is filled but its date is not (a 执法证号 without its 有效期), which the count does not
    take, said while the count's check speaks, as `_row_expired`."""
    filled = check.fields[-2]
    return values.get(check.fields[0]) is None and bool(filled) and not is_empty(values.get(filled)) \
        and bool(_more_than_rows(check, values, record, lookups))


def in_time(done: date | str | None, due: date | str | None) -> bool | None:
    """是否按期办结 as the dates say: done (办结日期) not after due (办理期限); None while either is missing. The one
    rule the `in_time` checks judge an answer by and the write path and the editor fill it with
    (validate.in_time_answers)."""
    return None if done is None or due is None else done <= due


def _late_but_yes(check: Check, values: dict[str, Any], record: dict[str, Any], lookups: Lookups) -> bool:
    return values.get(check.fields[0]) is True and in_time(values.get(check.fields[1]),
                                                           values.get(check.fields[2])) is False


def _on_time_but_no(check: Check, values: dict[str, Any], record: dict[str, Any], lookups: Lookups) -> bool:
    return values.get(check.fields[0]) is False and in_time(values.get(check.fields[1]),
                                                            values.get(check.fields[2])) is True


def _in_time_blank(check: Check, values: dict[str, Any], record: dict[str, Any],
                   lookups: Lookups) -> bool | dict[str, Any]:
    """No answer while both dates are given (a record saved before the write path filled it): what it should be,
    as the dates say."""
    should = in_time(values.get(check.fields[1]), values.get(check.fields[2]))
    if values.get(check.fields[0]) is not None or should is None:
        return False
    return {"relation": "不晚于" if should else "晚于", "answer": "是" if should else "否"}


def _duration_differs(check: Check, values: dict[str, Any], record: dict[str, Any],
                      lookups: Lookups) -> bool | dict[str, Any]:
    between = minutes_between(values.get(check.fields[0]), values.get(check.fields[1]))
    stated = values.get(check.fields[2])
    if between is None or stated is None or abs(stated - between) <= DURATION_SLACK:
        return False
    return {"stated": stated, "between": between}


def _amounts_differ(check: Check, values: dict[str, Any], record: dict[str, Any],
                    lookups: Lookups) -> bool | dict[str, Any]:
    """The first sum of the text written in figures and capitals that differ (38650元 and 叁万陆仟陆佰伍拾元整)."""
    text = values.get(check.fields[0])
    found = amounts.disagreeing(text) if isinstance(text, str) else []
    return bool(found) and {"figures": found[0].figures, "capitals": found[0].capitals, "read": found[0].read}


#: check kind (form_checks.CHECK_KINDS) -> what evaluates it
CONTRADICTIONS: dict[str, _Contradiction] = {
    "duration": _duration_differs,
    "amounts": _amounts_differ,
    "order": _out_of_order,
    "not_future": _in_future,
    "not_before": _before_on,
    "within_days": _too_late,
    "filled": _left_empty,
    "passed": _passed,
    "excluded": _excluded,
    "latest_row": _latest_differs,
    "mentioned": _mentioned,
    "link_value": _linked_value,
    "link_day": _linked_day,
    "not_listed": _listed_twice,
    "listed_again": _listed_again,
    "unlisted": _unlisted,
    "not_role": _holds_role,
    "of_role": _lacks_role,
    "id_gender": _gender_differs,
    "id_birth_date": _birth_differs,
    "id_age": _age_differs,
    "id_born_after": _born_after,
    "minor": _minor_alone,
    "rows_at_most": _more_than_rows,
    "rows_at_least": _fewer_than_rows,
    "row_expired": _row_expired,
    "row_undated": _row_undated,
    "in_time_yes": _late_but_yes,
    "in_time_no": _on_time_but_no,
    "roster_uncertified": _roster_uncertified,
    "roster_cert_no": _roster_cert_no,
    "roster_cert_expiry": _roster_cert_expiry,
    "in_time_blank": _in_time_blank,
    "overdue": _overdue,
    "overdue_failed": _overdue_failed,
}
