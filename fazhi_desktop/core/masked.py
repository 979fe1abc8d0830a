"""Masked numbers sent back in an update: what `fazhi show --format json` gives a user who may not reveal them.

A 录入员 changing a party's address edits the JSON she was shown, whose 身份证号, 联系电话 and 出生日期 are masked
(640522********0024, 1970-**-**), and sends the whole 当事人 group back. A masked value that is the mask of the
stored one means “unchanged” and keeps the stored value (`keep_stored`, on the write path); any other masked value is
refused at the field (validate: `MASKED_NUMBER`). Group rows have no key of their own: a row is the stored row of the
same party (its 姓名, or a 单位's 名称) whose values all its masks are, never the row at its place, so a party removed,
added or moved takes no one else's number; a row of a new name, the one such row of a party no longer sent (renamed);
and no stored row is taken twice (a row copied for a party of the same name). A row that leaves such a value out
would erase it: the CLI refuses that (`left_out`), since she meant to change something else.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from fazhi_desktop.core.display import mask_value
from fazhi_desktop.core.errors import FieldProblem
from fazhi_desktop.core.forms import FieldDef, LedgerDef

#: what a mask is written with (an Excel cell may hold the full-width one)
MASK_MARKS = ("*", "＊")
#: how a masked number that is not the stored one's mask is refused, at the field (the Excel import says where the
#: full number is missing after it)
MASKED_NUMBER = "是遮盖过的号码（含 *）"
REFUSED = f"{MASKED_NUMBER}：请填上完整号码，或删去这一项"
#: two rows of one name sent with one stored row's masks (a row copied for a new party of the same name)
_SAME_NAME = (f"{MASKED_NUMBER}：两位同名当事人写着已存的同一位的号码，无法确定是谁的："
              "新添的那位请填上其完整号码，或删去这一项")
#: a row of a new name whose masks could be more than one renamed party's
_RENAMED = (f"{MASKED_NUMBER}：姓名已改，无法确定是哪位当事人的号码："
            "请先单独改姓名（号码照原样写回，一次改一位），保存后再改别的")


def is_masked(value: Any) -> bool:
    return isinstance(value, str) and any(mark in value for mark in MASK_MARKS)


def keep_stored(ledger: LedgerDef, data: dict[str, Any], stored: dict[str, Any]) -> tuple[dict[str, Any],
                                                                                           list[FieldProblem]]:
    """`data` with each personal value that is the mask of the stored one (or the stored value itself: a text such
    as 张＊ an earlier version saved) replaced by it (a group row's: of the stored row it is matched to, `_match`),
    and the masked values left refused: a group row's here, saying why (validate says the same of a masked number
    at its field, which the store leaves to this), a masked text here too (validate takes a text holding "*", as
    the check of stored values must). The 性别 and 出生日期 a row leaves out are kept as `given_by_number` says.
    A new record holding no masked value (nearly every save of a new one) has nothing to keep or refuse: `data`,
    its group rows copied as below, without the matching (a tenth of a save's time, measured: bench/core_bench.py)."""
    if not stored and not _holds_masks(ledger, data):
        groups = ledger.group_names
        return {name: [dict(row) if isinstance(row, dict) else row for row in value]
                if name in groups and isinstance(value, list) else value for name, value in data.items()}, []
    matched = _matched(ledger, data, stored)
    kept, problems = given_by_number(ledger, data, stored, matched), []
    for f in ledger.fields:
        if f.name not in data:
            continue
        if f.type == "group":
            rows = kept[f.name]
            if isinstance(rows, list):
                olds = _rows(stored.get(f.name))
                taken, refused = matched[f.name]
                kept[f.name] = [_kept(f, row, [olds[taken[index]]] if index in taken else
                                      [old for old in olds if party(f, old) == party(f, row)])
                                if isinstance(row, dict) else row for index, row in enumerate(rows)]
                problems += [FieldProblem(f"{f.name}[{index + 1}].{sub.name}", f"{f.label}第{index + 1}行·{sub.label}",
                                          refused[index, sub.name])
                             for index in range(len(rows)) for sub in f.fields if (index, sub.name) in refused]
        elif _unchanged(f, data[f.name], stored.get(f.name)):
            kept[f.name] = stored[f.name]
        elif _masked_text(f, data[f.name]):
            problems.append(FieldProblem(f.name, f.label, REFUSED))
    return kept, problems


def _holds_masks(ledger: LedgerDef, data: dict[str, Any]) -> bool:
    """Whether `data` holds a masked personal value, at a field or in a group row (only where the form has one:
    `LedgerDef.masked_places`)."""
    for f, subs in ledger.masked_places:
        value = data.get(f.name)
        if not subs:
            if is_masked(value):
                return True
        elif isinstance(value, list) and any(isinstance(row, dict) and any(is_masked(row.get(s)) for s in subs)
                                             for row in value):
            return True
    return False


def _matched(ledger: LedgerDef, data: dict[str, Any], stored: dict[str, Any]) -> dict[str, tuple[
        dict[int, int], dict[tuple[int, str], str]]]:
    """`_match` of each group's sent rows, read once for an update: the 性别 and 出生日期 `given_by_number` puts back
    are full values, which change no row's masks or party."""
    return {f.name: _match(f, data[f.name], _rows(stored.get(f.name))) for f in ledger.fields
            if f.type == "group" and isinstance(data.get(f.name), list)}


def _match(group: FieldDef, rows: list[Any], olds: list[dict[str, Any]]) -> tuple[dict[int, int],
                                                                                 dict[tuple[int, str], str]]:
    """Which stored row each sent row holding masked values takes them from (sent index → stored index), and why
    the others' are refused ((sent index, key) → message). A row takes the stored row of its party whose values all
    its masks are (one such value); a row of a new name, the one stored row of a party no longer sent whose values
    they are (the party renamed). No stored row is taken twice: a row copied for a party of the same name is not a
    second party with the first one's numbers."""
    sent: set[tuple[Any, ...]] | None = None  # read at the first row holding a mask: most saves send none
    taken: dict[int, int] = {}
    refused: dict[tuple[int, str], str] = {}
    renamed: set[int] = set()
    for index, row in enumerate(rows):
        keys = _masks(group, row) if isinstance(row, dict) else []
        if not keys:
            continue
        sent = _parties(group, rows) if sent is None else sent
        own, same, gone = _fitting(group, row, keys, olds, sent)
        if own and len({tuple(olds[at][key] for key in keys) for at in own}) == 1:
            taken[index] = next((at for at in own if at not in taken.values()), own[0])
        elif same:  # two of its stored rows with these masks, or a mask none of them has
            refused.update(_refuse(group, row, keys, [] if own else same, index, REFUSED))
        elif len(gone) == 1:
            taken[index] = gone[0]
            renamed.add(index)
        else:  # several parties renamed, or the masks of no one's (of a party still sent: a new party's copy)
            refused.update(_refuse(group, row, keys, [], index, _RENAMED if gone else REFUSED))
    claimed = Counter(taken.values())
    for index, at in taken.items():
        if claimed[at] > 1:
            refused.update(_refuse(group, rows[index], _masks(group, rows[index]), [], index,
                                   _RENAMED if index in renamed else _SAME_NAME))
    return {index: at for index, at in taken.items() if claimed[at] == 1}, refused


def _fitting(group: FieldDef, row: dict[str, Any], keys: list[str], olds: list[dict[str, Any]],
             sent: set[tuple[Any, ...]]) -> tuple[list[int], list[dict[str, Any]], list[int]]:
    """The stored rows a sent row's masked values (at `keys`) may be: of its party, whose values all its masks are
    (indexes); all of its party; and of a party no longer `sent` whose values they are (indexes: it renamed)."""
    fits = [at for at, old in enumerate(olds) if _fits(group, row, keys, old)]
    same = [old for old in olds if party(group, old) == party(group, row)]
    own = [at for at in fits if party(group, olds[at]) == party(group, row)]
    gone = [at for at in fits if party(group, olds[at]) not in sent]
    return own, same, gone


def shown(ledger: LedgerDef, values: dict[str, Any], stored: dict[str, Any]) -> frozenset[str]:
    """Where `values` (a record's, cleaned) hold a personal value a user who may not reveal them was shown masked
    (paths as validate names them: id_number, parties[2].birth_date): a field's stored value, and a group row's
    value that the stored row of its party holds (of the party it renames, when its party has none: `_fitting`,
    as `_match` pairs them), whether sent back masked or left as it was. The same value typed anew for another
    party (a twin's birth date, the stored party still sent) is not: she typed it whole, and is told as a 所长."""
    paths = set()
    for f in ledger.fields:
        value = values.get(f.name)
        if f.type == "group" and isinstance(value, list):
            olds, sent = _rows(stored.get(f.name)), _parties(f, value)
            paths.update(f"{f.name}[{index}].{sub.name}" for index, row in enumerate(value, 1)
                         for sub in f.fields if _shown_at(f, sub, row, olds, sent))
        elif f.is_sensitive and value is not None and value == stored.get(f.name):
            paths.add(f.name)
    return frozenset(paths)


def _shown_at(group: FieldDef, sub: FieldDef, row: dict[str, Any], olds: list[dict[str, Any]],
              sent: set[tuple[Any, ...]]) -> bool:
    value = row.get(sub.name)
    if not sub.is_sensitive or value is None or not is_masked(mask := mask_value(sub, value)):
        return False
    own, same, gone = _fitting(group, {**row, sub.name: mask}, [sub.name], olds, sent)
    return any(olds[at].get(sub.name) == value for at in (own if same else gone))


def _kept(group: FieldDef, row: dict[str, Any], olds: list[dict[str, Any]]) -> dict[str, Any]:
    """A row with each masked value that a row of `olds` holds replaced by it: `olds` is the stored row `_match`
    gave, or for a refused row those of its party (nothing is saved: only the values refused are then said)."""
    kept = dict(row)
    for key in _masks(group, row):
        if held := [old[key] for old in olds if _fits(group, row, [key], old)]:
            kept[key] = held[0]
    return kept


def _refuse(group: FieldDef, row: dict[str, Any], keys: list[str], olds: list[dict[str, Any]], index: int,
            why: str) -> dict[tuple[int, str], str]:
    """The row's masked values refused: those no row of `olds` holds, all when each is some row's."""
    none = [key for key in keys if not any(_fits(group, row, [key], old) for old in olds)]
    return {(index, key): why for key in (none or keys)}


def _fits(group: FieldDef, row: dict[str, Any], keys: list[str], old: dict[str, Any]) -> bool:
    return all(_unchanged(_sub(group, key), row[key], old.get(key)) for key in keys)


def _masks(group: FieldDef, row: dict[str, Any]) -> list[str]:
    """The keys of a row's masked personal values."""
    return [sub.name for sub in group.fields if sub.is_sensitive and is_masked(row.get(sub.name))]


def _rows(value: Any) -> list[dict[str, Any]]:
    return [row for row in value if isinstance(row, dict)] if isinstance(value, list) else []


def party(group: FieldDef, row: dict[str, Any]) -> tuple[Any, ...]:
    """Who a group row is about: its required texts (当事人's 姓名, a 单位's 名称), spaces around them aside."""
    return tuple(value.strip() if isinstance(value := row.get(sub.name), str) else value
                 for sub in group.fields if sub.required and sub.type == "text" and not sub.is_sensitive)


def _parties(group: FieldDef, rows: list[Any]) -> set[tuple[Any, ...]]:
    """The parties the sent rows are about; a row whose 姓名 is not a text (a list: a JSON slip) is none, refused at
    the field."""
    keys = [party(group, row) for row in rows if isinstance(row, dict)]
    return {key for key in keys if all(value is None or isinstance(value, str) for value in key)}


def _sub(group: FieldDef, name: str) -> FieldDef | None:
    return next((sub for sub in group.fields if sub.name == name), None)


def _unchanged(f: FieldDef, given: Any, old: Any) -> bool:
    """A masked value sent back as it was shown (the mask of `old`), or as an earlier version stored it (张＊)."""
    return f.is_sensitive and is_masked(given) and old is not None and given.strip() in (mask_value(f, old), old)


def _masked_text(f: FieldDef, value: Any) -> bool:
    return f.is_sensitive and f.type in ("text", "longtext", "person") and is_masked(value)


def left_out(ledger: LedgerDef, data: dict[str, Any], stored: dict[str, Any]) -> list[FieldProblem]:
    """The stored personal values that an update's group rows leave out (the key missing, not emptied) of a party
    still sent (a stored row of the same party, or of the party it renames, holds one): saving would erase them
    unseen. A row of a new name leaving out what a party no longer sent holds may be that party renamed: said so.
    A party no longer sent is otherwise a party removed; the 性别/出生日期 its number gave are kept
    (`given_by_number`)."""
    matched = _matched(ledger, data, stored)
    problems, data = [], given_by_number(ledger, data, stored, matched)
    for f in ledger.fields:
        rows, olds = data.get(f.name), _rows(stored.get(f.name))
        if f.type != "group" or not isinstance(rows, list) or not olds:
            continue
        theirs = _theirs(f, rows, olds, matched[f.name][0])
        sent = _parties(f, rows)
        gone = [old for old in olds if party(f, old) not in sent and not any(old is t for ts in theirs for t in ts)]
        for index, row in enumerate(rows, 1):
            if not isinstance(row, dict):
                continue
            for sub in f.fields:
                if not sub.is_sensitive or sub.name in row:
                    continue
                if any(before.get(sub.name) not in (None, "") for before in theirs[index - 1]):
                    why, erase = f"未给出，保存会删去已存的{sub.label}", "要删去"
                elif not theirs[index - 1] and any(before.get(sub.name) not in (None, "") for before in gone):
                    why = f"未给出：如是改了姓名的当事人，保存会删去其已存的{sub.label}"
                    erase = "是新添的当事人或要删去"
                else:
                    continue
                problems.append(FieldProblem(f"{f.name}[{index}].{sub.name}", f"{f.label}第{index}行·{sub.label}",
                                             f"{why}：要保留，请照 fazhi show 给出的原样写回（遮盖的也可）；"
                                             f"{erase}，请写 \"{sub.name}\": null"))
    return problems


def _theirs(group: FieldDef, rows: list[Any], olds: list[dict[str, Any]],
            taken: dict[int, int]) -> list[list[dict[str, Any]]]:
    """The stored rows of each sent row's party: of its 姓名 (名称), or the one it renames (`taken`, `_match`'s)."""
    return [[] if not isinstance(row, dict)
            else [olds[taken[index]]] if index in taken and party(group, olds[taken[index]]) != party(group, row)
            else [old for old in olds if party(group, old) == party(group, row)] for index, row in enumerate(rows)]


def given_by_number(ledger: LedgerDef, data: dict[str, Any], stored: dict[str, Any],
                    matched: dict[str, tuple[dict[int, int], dict[tuple[int, str], str]]]) -> dict[str, Any]:
    """`data` with the 性别 and 出生日期 (the fields of the form's `idcard` check) that a group row leaves out (the key
    missing) put back from the stored row of its party (`_theirs`) with the same number, when they are what the
    number gives: `fazhi update` with the JSON `fazhi add` took, where saving filled them, would erase them (a stored
    number fills nothing, validate._fill_from_id). Asked by the write path (`keep_stored`) and `left_out`, with
    their `_matched`."""
    from fazhi_desktop.core.validate import GIVEN_BY_ID  # validate imports this module

    given = dict(data)
    for check in ledger.checks:
        rows, old = given.get(check.group or ""), stored.get(check.group or "")
        if check.kind not in GIVEN_BY_ID or not isinstance(rows, list) or not isinstance(old, list):
            continue
        group, (card, target) = ledger.field(check.group), check.fields
        card_field = _sub(group, card)
        rows = given[check.group] = [dict(row) if isinstance(row, dict) else row for row in rows]
        for row, theirs in zip(rows, _theirs(group, rows, _rows(old), matched[group.name][0]), strict=True):
            if not isinstance(row, dict) or target in row or row.get(card) in (None, ""):
                continue
            same = {(before[card], before.get(target)) for before in theirs if before.get(card)
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
