"""Masked numbers sent back in an update: what `fazhi show --format json` gives a user who may not reveal them.

A 录入员 changing a party's address edits the JSON she was shown, whose 身份证号, 联系电话 and 出生日期 are masked
(640522********0024, 1970-**-**), and sends the whole 当事人 group back. A masked value that is the mask of the
stored one means “unchanged” and keeps the stored value (`keep_stored`, on the write path); any other masked value is
refused at the field (validate: `MASKED_NUMBER`). Group rows have no key of their own: a row is the stored row of the
same party (its 姓名, or a 单位's 名称) whose value has that mask, never the row at its place, so a party removed,
added or moved takes no one else's number. A row that leaves such a value out would erase it: the CLI refuses that
(`left_out`), since she meant to change something else.
"""

from __future__ import annotations

from typing import Any

from fazhi_desktop.core.display import mask_value
from fazhi_desktop.core.errors import FieldProblem
from fazhi_desktop.core.forms import FieldDef, LedgerDef

#: what a mask is written with (an Excel cell may hold the full-width one)
MASK_MARKS = ("*", "＊")
#: how a masked number that is not the stored one's mask is refused, at the field (the Excel import says where the
#: full number is missing after it)
MASKED_NUMBER = "是遮盖过的号码（含 *）"
_REFUSED = f"{MASKED_NUMBER}：请填上完整号码，或删去这一项"


def is_masked(value: Any) -> bool:
    return isinstance(value, str) and any(mark in value for mark in MASK_MARKS)


def keep_stored(ledger: LedgerDef, data: dict[str, Any], stored: dict[str, Any]) -> tuple[dict[str, Any],
                                                                                           list[FieldProblem]]:
    """`data` with each personal value that is the mask of the stored one replaced by it (a group row's: of the
    stored row of the same party, `_row`), and the masked texts left (a name such as 张*): refused here, since the
    check of stored values must take a text holding "*" that an earlier version saved (validate refuses the other
    masked values, on every path). The 性别 and 出生日期 a row leaves out are kept as `given_by_number` says."""
    kept, problems = given_by_number(ledger, data, stored), []
    for f in ledger.fields:
        if f.name not in data:
            continue
        if f.type == "group":
            rows, old = kept[f.name], stored.get(f.name)
            if isinstance(rows, list):
                olds = [row for row in old if isinstance(row, dict)] if isinstance(old, list) else []
                kept[f.name] = [_row(f, row, olds) for row in rows]
                problems += [FieldProblem(f"{f.name}[{index}].{sub.name}", f"{f.label}第{index}行·{sub.label}",
                                          _REFUSED)
                             for index, row in enumerate(kept[f.name], 1) if isinstance(row, dict)
                             for sub in f.fields if _masked_text(sub, row.get(sub.name))]
        elif _unchanged(f, data[f.name], stored.get(f.name)):
            kept[f.name] = stored[f.name]
        elif _masked_text(f, data[f.name]):
            problems.append(FieldProblem(f.name, f.label, _REFUSED))
    return kept, problems


def _row(group: FieldDef, row: Any, olds: list[dict[str, Any]]) -> Any:
    """A row with each masked value that one stored row of its party holds (the mask of exactly one stored value)
    replaced by that value; left masked otherwise, to be refused."""
    if not isinstance(row, dict):
        return row
    same = [old for old in olds if party(group, old) == party(group, row)]
    kept = dict(row)
    for key, value in row.items():
        sub = _sub(group, key)
        if sub is None or not is_masked(value):
            continue
        held = {old[key] for old in same if _unchanged(sub, value, old.get(key))}
        if len(held) == 1:
            kept[key] = held.pop()
    return kept


def party(group: FieldDef, row: dict[str, Any]) -> tuple[Any, ...]:
    """Who a group row is about: its required texts (当事人's 姓名, a 单位's 名称), spaces around them aside."""
    return tuple(value.strip() if isinstance(value := row.get(sub.name), str) else value
                 for sub in group.fields if sub.required and sub.type == "text" and not sub.is_sensitive)


def _sub(group: FieldDef, name: str) -> FieldDef | None:
    return next((sub for sub in group.fields if sub.name == name), None)


def _unchanged(f: FieldDef, given: Any, old: Any) -> bool:
    return f.is_sensitive and is_masked(given) and old is not None and mask_value(f, old) == given.strip()


def _masked_text(f: FieldDef, value: Any) -> bool:
    return f.is_sensitive and f.type in ("text", "longtext", "person") and is_masked(value)


def left_out(ledger: LedgerDef, data: dict[str, Any], stored: dict[str, Any]) -> list[FieldProblem]:
    """The stored personal values that an update's group rows leave out (the key missing, not emptied) of a party
    still sent (a stored row of the same party holds one): saving would erase them unseen. A party no longer sent
    is a party removed; the 性别/出生日期 its number gave are kept (`given_by_number`)."""
    problems, data = [], given_by_number(ledger, data, stored)
    for f in ledger.fields:
        rows, old = data.get(f.name), stored.get(f.name)
        if f.type != "group" or not isinstance(rows, list) or not isinstance(old, list):
            continue
        olds = [row for row in old if isinstance(row, dict)]
        for index, row in enumerate(rows, 1):
            if not isinstance(row, dict):
                continue
            same = [before for before in olds if party(f, before) == party(f, row)]
            problems += [FieldProblem(f"{f.name}[{index}].{sub.name}", f"{f.label}第{index}行·{sub.label}",
                                      f"未给出，保存会删去已存的{sub.label}：要保留，请照 fazhi show 给出的原样写回"
                                      f"（遮盖的也可）；要删去，请写 \"{sub.name}\": null")
                         for sub in f.fields if sub.is_sensitive and sub.name not in row
                         and any(before.get(sub.name) not in (None, "") for before in same)]
    return problems


def given_by_number(ledger: LedgerDef, data: dict[str, Any], stored: dict[str, Any]) -> dict[str, Any]:
    """`data` with the 性别 and 出生日期 (the fields of the form's `idcard` check) that a group row leaves out (the key
    missing) put back from the stored row of its party with the same number, when they are what the number gives:
    `fazhi update` with the JSON `fazhi add` took, where saving filled them, would erase them (a stored number fills
    nothing, validate._fill_from_id). Asked by the write path (`keep_stored`) and `left_out`."""
    from fazhi_desktop.core.validate import GIVEN_BY_ID  # validate imports this module

    given = dict(data)
    for check in ledger.checks:
        rows, old = given.get(check.group or ""), stored.get(check.group or "")
        if check.kind not in GIVEN_BY_ID or not isinstance(rows, list) or not isinstance(old, list):
            continue
        group, (card, target) = ledger.field(check.group), check.fields
        card_field = _sub(group, card)
        rows = given[check.group] = [dict(row) if isinstance(row, dict) else row for row in rows]
        for row in rows:
            if not isinstance(row, dict) or target in row or row.get(card) in (None, ""):
                continue
            same = {(before[card], before.get(target)) for before in old if isinstance(before, dict)
                    and party(group, before) == party(group, row) and before.get(card)
                    and (before[card] == row[card] or _unchanged(card_field, row[card], before[card]))}
            if len(same) != 1:
                continue
            number, value = same.pop()
            try:
                if value is not None and value == GIVEN_BY_ID[check.kind](number):
                    row[target] = value
            except ValueError:
                continue
    return given
