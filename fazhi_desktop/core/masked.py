"""Masked numbers sent back in an update: what `fazhi show --format json` gives a user who may not reveal them.

A 录入员 changing a party's address edits the JSON she was shown, whose 身份证号 and 联系电话 are masked
(640522********0024), and sends the whole 当事人 group back. A masked value that is the mask of the stored one means
“unchanged” and keeps the stored value (`keep_stored`, on the write path); any other masked value is refused at the
field (validate: `MASKED_NUMBER`). A row that leaves such a number out would erase it: the CLI refuses that
(`left_out`), since she meant to change something else. Group rows have no key of their own: a row is matched with
the stored row at its position.
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


def is_masked(value: Any) -> bool:
    return isinstance(value, str) and any(mark in value for mark in MASK_MARKS)


def keep_stored(ledger: LedgerDef, data: dict[str, Any], stored: dict[str, Any]) -> dict[str, Any]:
    """`data` with each personal value that is the mask of the stored value at its place replaced by the stored
    one (the record's fields, and its groups' rows by position)."""
    kept = dict(data)
    for f in ledger.fields:
        if f.name not in data:
            continue
        if f.type == "group":
            rows, old = data[f.name], stored.get(f.name)
            if isinstance(rows, list) and isinstance(old, list):
                kept[f.name] = [_row(f, row, old[i] if i < len(old) else None) for i, row in enumerate(rows)]
        elif _unchanged(f, data[f.name], stored.get(f.name)):
            kept[f.name] = stored[f.name]
    return kept


def _row(group: FieldDef, row: Any, old: Any) -> Any:
    if not isinstance(row, dict) or not isinstance(old, dict):
        return row
    return {key: (old[key] if (sub := _sub(group, key)) and _unchanged(sub, value, old.get(key)) else value)
            for key, value in row.items()}


def _sub(group: FieldDef, name: str) -> FieldDef | None:
    return next((sub for sub in group.fields if sub.name == name), None)


def _unchanged(f: FieldDef, given: Any, old: Any) -> bool:
    return f.is_sensitive and is_masked(given) and old is not None and mask_value(f, old) == given.strip()


def left_out(ledger: LedgerDef, data: dict[str, Any], stored: dict[str, Any]) -> list[FieldProblem]:
    """The stored personal values of group rows that an update's rows leave out (the key missing, not emptied):
    saving would erase them unseen."""
    problems = []
    for f in ledger.fields:
        rows, old = data.get(f.name), stored.get(f.name)
        if f.type != "group" or not isinstance(rows, list) or not isinstance(old, list):
            continue
        for index, (row, before) in enumerate(zip(rows, old, strict=False), 1):
            if not isinstance(row, dict) or not isinstance(before, dict):
                continue
            problems += [FieldProblem(f"{f.name}[{index}].{sub.name}", f"{f.label}第{index}行·{sub.label}",
                                      f"未给出，保存会删去已存的{sub.label}：要保留，请照 fazhi show 给出的原样写回"
                                      f"（遮盖的也可）；要删去，请写 \"{sub.name}\": null")
                         for sub in f.fields if sub.is_sensitive and sub.name not in row
                         and before.get(sub.name) not in (None, "")]
    return problems
