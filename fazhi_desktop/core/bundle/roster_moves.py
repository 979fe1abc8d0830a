"""At the county: a township's roster changed who was in post in a year it closed (and the county scored).

T47 (领导干部述法) counts the roster's 主要负责同志 in post in the year, from the roster each bundle carries. A township
changes a closed year's T47 through its roster only after reopening the year (core/people.py), which its bundle
tells (core/reopened_years.py); but that note counts the year's records, and said 本数据包没有改动该年的记录 when only
a leader's 到任日期 had moved into the year. Before the county replaces the roster it holds with the bundle's
(apply.py), the two are compared for each year the township closed or reopened: each person of a counted role whose
place in that year's figures differs (`counted_in`) is named, with what changed. The county keeps the note with
the bundle's import record, as data beside the note's text, and 数据完整性's 需关注 says it of the year from there
(core/roster_move_notes.py).

The roster's change log (who changed it) stays in the township's database (core/roster_log.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from fazhi_desktop.core import roster_move_notes
from fazhi_desktop.core.display import clip
from fazhi_desktop.core.indicators.roster import counted_in
from fazhi_desktop.core.people import counted_roles
from fazhi_desktop.core.roster_move_notes import NAME_WIDTH
from fazhi_desktop.core.store import Store
from fazhi_desktop.core.year_close import parse_bag_value

_SHOWN = (("name", "姓名"), ("roles", "角色"), ("joined_on", "到任日期"), ("left_on", "离任日期"), ("active", "状态"))


def roster_moved(store: Store, township: str, roster: list[dict[str, Any]],
                 year_closings: str | None) -> dict[str, list[str]]:
    """Year ("2026": the report's JSON keys are text) -> the people of `roster` (a bundle's, as records.py read it)
    whose place in that year's T47 count differs from the roster held for `township`, described, for the years its
    `year_closings` label names; none for a first roster (nothing scored from one). Kept in the import report as
    data (`ImportReport.roster_moved`), which 需关注 reads back (core/roster_move_notes.py)."""
    years = sorted(parse_bag_value(year_closings)) if year_closings else []
    held = {row["id"]: {**row, "roles": json.loads(row["roles"])} for row in store.query(
        "SELECT id, name, roles, joined_on, left_on, active FROM township_people WHERE township = ?", [township])}
    if not years or not held:
        return {}
    counted = counted_roles(store)
    incoming = {person["id"]: person for person in roster}
    moved = {}
    for year in years:
        people = [_described(held.get(person_id), incoming.get(person_id))
                  for person_id in dict.fromkeys([*held, *incoming])
                  if _place(year, held.get(person_id), counted) != _place(year, incoming.get(person_id), counted)]
        if people:
            moved[str(year)] = people
    return moved


def roster_notes(moved: dict[str, list[str]]) -> list[str]:
    """The import report's notes of `moved` (as `roster_moved` gives it), a year each."""
    return [roster_move_notes.note(int(year), people) for year, people in moved.items()]


def _place(year: int, person: dict[str, Any] | None, counted: Iterable[str]) -> Any:
    if person is None:
        return None
    roles = set(person["roles"]) & set(counted)
    return counted_in(year, person["name"], roles, person["joined_on"], person["left_on"], bool(person["active"]))


def _described(before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    """"马书记（到任日期 2027-01-05 → 2026-06-01）", "王新（新登记）", "张某（乡镇名册中已没有）"; a name cut to
    roster_move_notes.NAME_WIDTH columns (one of 2,000,000 characters made the note and 需关注 4 M characters)."""
    if after is None:
        assert before is not None
        return f"{clip(before['name'], NAME_WIDTH)}（乡镇名册中已没有）"
    if before is None:
        return f"{clip(after['name'], NAME_WIDTH)}（新登记）"
    changes = [f"{label} {_shown(key, before.get(key))} → {_shown(key, after.get(key))}" for key, label in _SHOWN
               if _shown(key, before.get(key)) != _shown(key, after.get(key))]
    return f"{clip(after['name'], NAME_WIDTH)}（{'，'.join(changes)}）"


def _shown(key: str, value: Any) -> str:
    if key == "active":
        return "在用" if value else "已停用"
    if key == "roles":
        return "、".join(value or []) or "无"
    if key == "name":
        return clip(value, NAME_WIDTH)
    return value or "未填"
