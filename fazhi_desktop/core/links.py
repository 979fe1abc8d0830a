"""Which record a link names (`link_target`: by its number or its id), and who links to a record (a meeting's
会前学法 to a 学法活动): the linking record's paper names it, so deleting it is said first (`deletion_note`), and the
undo of an Excel import keeps it (core/import_undo). A record saved after the one that should link it
(`waiting_for`), and the links an Excel import left empty that a record of the same day could fill
(`unlinked_after_import`), are said with the way to link them, never linked silently."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fazhi_desktop.core.clock import local_today
from fazhi_desktop.core.display import gone_link_text
from fazhi_desktop.core.errors import Conflict, FazhiError, NotFound
from fazhi_desktop.core.forms import FieldDef, LedgerDef
from fazhi_desktop.core.store import LINKED_NOTE, Record, Store

if TYPE_CHECKING:
    from fazhi_desktop.core.indicators.catalog import Catalog


def referrers(store: Store, ledger: LedgerDef, record_ids: list[str]) -> dict[str, list[str]]:
    """Record id -> the live records of other ledgers that link to it, each as "〔2026〕会记字第6号的“会前学法”"
    (by the field that links), oldest first."""
    found: dict[str, list[str]] = {}
    for target, f, _other, number in _linking(store, ledger, record_ids):
        found.setdefault(target, []).append(f"{number or '（未编号）'}的“{f.label}”")
    return found


def _linking(store: Store, ledger: LedgerDef, record_ids: list[str]) -> Iterator[tuple[str, FieldDef, str, str | None]]:
    """(the id linked, the link field, the linking record's id, its number) of each live record of another ledger
    linking one of `record_ids`, oldest first by field."""
    for other in store.ledgers.values():
        for f in other.fields:
            if f.type != "link" or f.link != ledger.name:
                continue
            for start in range(0, len(record_ids), 500):
                chunk = record_ids[start : start + 500]
                for target, record_id, number in store.conn.execute(
                        f'SELECT "{f.name}", id, number FROM "{other.name}" WHERE deleted = 0 AND "{f.name}" IN '
                        f'({", ".join("?" * len(chunk))}) ORDER BY rid', chunk):
                    yield target, f, record_id, number


#: the ledgers a record linking another is named of by number and day alone, its title left out: a complaint's
#: 投诉事项 tells what its complainant (who may be anonymous) said of the unit a check's paper is shown to
UNTITLED = frozenset({"complaint"})


def linked_from(store: Store, record: Record) -> str:
    """"本次学法活动为〔2026〕会记字第11号（2026-06-03 党委会）、第12号（2026-06-03 政府常务会议）的会前学法": the live
    records that link `record` (`_linking`, as `referrers` finds them), each by its number, day and title as the
    clerk knows it (`_day_named`; a number of the same kind as the one before it from its 第; a complaint without
    its title: `UNTITLED`), by the field that links; "" when none does. Said read-only in its editor and on its
    printed record: the study two meetings of one morning share was seen as theirs from neither."""
    ledger = store.ledger(record.ledger)
    named: dict[str, list[str]] = {}  # the link's label -> the records linking by it
    kinds: dict[str, str] = {}  # the link's label -> the kind of number last named in full (〔2026〕会记字)
    for _target, f, record_id, _number in _linking(store, ledger, [record.id]):
        linking = store.get(record_id)
        other = store.ledger(linking.ledger)
        title = None if other.name in UNTITLED else linking[other.title_field]
        text = _day_named(linking, linking[other.date_field], title)
        kind = text.partition("第")[0] if linking.number and "第" in linking.number else ""
        if kind and kinds.get(f.label) == kind:
            text = text[len(kind):]  # 〔2026〕会记字第11号（…）、第12号（…）
        kinds[f.label] = kind
        named.setdefault(f.label, []).append(text)
    said = "，".join(f"{'、'.join(texts)}的{label}" for label, texts in named.items())
    return f"本次{ledger.label}为{said}" if said else ""


def deletion_note(store: Store, record_id: str) -> str:
    """What deleting a record does to the records that link to it, and leaves of those it links to; "" when it
    links to nothing and nothing links to it: "〔2026〕会记字第6号的“会前学法”链接此记录，删除后打印它时写“所链接的
    〔2026〕学法字第25号已删除”"; "其“会前学法”〔2026〕学法字第5号仍计入会前学法；会议取消、学法活动也未进行的，
    请一并删除该学法活动记录" (a cancelled meeting left its study counted, and nothing was said)."""
    record = store.get(record_id)
    named = referrers(store, store.ledger(record.ledger), [record_id]).get(record_id)
    said = []
    if named:
        said.append(f"{_few(named)}链接此记录，删除后打印{'它' if len(named) == 1 else '它们'}时写"
                    f"“{gone_link_text(record.number)}”")
    return "；".join([*said, *_linked_notes(store, record)])


def _few(numbers: list[str]) -> str:
    """The first three of `numbers`, 等 and how many there are after them when there are more."""
    return "、".join(numbers[:3]) + (f"等 {len(numbers)} 条记录" if len(numbers) > 3 else "")


def _linked_notes(store: Store, record: Record) -> list[str]:
    """For each live record `record` links to by a field the catalog counts the linked record through
    (`linked_from`: a meeting's 会前学法), that it stays, and counts in the figures it counts in (deleting a meeting
    deletes not its 会前学法). Nothing is deleted for the clerk: the study may have taken place all the same; and
    deleting it is not suggested while another live record links it too (two meetings of one morning sharing the
    study). A link the catalog does not count through (a complaint's 关联监督检查) is said nothing of: the check was
    held whatever became of the complaint. By the catalog of the record's year: a catalog of this year may not
    count through the link a closed year's did."""
    ledger = store.ledger(record.ledger)
    catalogs: dict[int | None, Catalog | None] = {}  # the year's catalog (catalog_years.py), each read once
    out = []
    for f in ledger.fields:
        target_id = record.values.get(f.name) if f.type == "link" else None
        if not target_id:
            continue
        row = store.conn.execute(f'SELECT number FROM "{f.link}" WHERE id = ? AND deleted = 0',
                                 [target_id]).fetchone()
        if row is None:
            continue
        year = _year(store, store.get(target_id))  # the linked record counts in its year, by that year's catalog
        catalog = catalogs[year] if year in catalogs else catalogs.setdefault(year, _catalog(store, year))
        if catalog is None or f"{ledger.name}.{f.name}" not in {i.linked_from for i in catalog.indicators}:
            continue
        target = store.ledger(f.link or "")
        titles = counted_in(store, catalog, target_id) if catalog else []
        kept = f"仍计入{'、'.join(titles)}" if titles else "仍保留"
        others = [number or "（未编号）" for (number,) in store.conn.execute(
            f'SELECT number FROM "{ledger.name}" WHERE deleted = 0 AND "{f.name}" = ? AND id != ? ORDER BY rid',
            [target_id, record.id])]
        if others:
            out.append(f"其“{f.label}”{row[0] or '（未编号）'}{kept}，{_few(others)}的“{f.label}”也链接它，请保留")
            continue
        out.append(f"其“{f.label}”{row[0] or '（未编号）'}{kept}；{ledger.label}取消、{target.label}也未进行的，"
                   f"请一并删除该{target.label}记录")
    return out


def _catalog(store: Store, year: int | None) -> Catalog | None:
    """The indicator catalog scoring `year` (its `linked_from` links: the link fields a linked record counts through,
    e.g. "meeting.pre_meeting_study"), None when it cannot be read or the record has no year."""
    from fazhi_desktop.core.indicators import load_catalog_for

    if year is None:
        return None
    try:
        return load_catalog_for(store, remember=False, year=year)
    except FazhiError:
        return None


def _year(store: Store, record: Record) -> int | None:
    """The year a record counts in: its date's (None when it has none)."""
    day = record.values.get(store.ledger(record.ledger).date_field)
    try:
        return int(str(day)[:4])
    except ValueError:
        return None


def counted_in(store: Store, catalog: Catalog, record_id: str) -> list[str]:
    """The titles of the indicators of `catalog` (the one scoring the record's year) that count a record now (会前学法,
    主要负责同志讲法), in the catalog's order."""
    from dataclasses import replace

    from fazhi_desktop.core.indicators import compute

    record = store.get(record_id)
    year = _year(store, record)
    if year is None:
        return []
    own = replace(catalog, indicators=tuple(i for i in catalog.computable if i.ledger == record.ledger))
    if not own.indicators:
        return []
    results = compute(store, own, year, record.township, ids=True)
    return [f.indicator.title for f in results.figures.values() if record_id in (f.ids or ())]


def link_target(store: Store, ledger_name: str, text: str) -> str:
    """The id of the live record of `ledger_name` a link names: typed as its number (〔2026〕执监字第3号, as a clerk
    knows it, or as an exported list shows it with its title after) or as its id. Excel import and `fazhi add/update
    --json` both read a link so; ValueError says what to write instead."""
    target = store.ledger(ledger_name)
    text = text.strip()
    for candidate in dict.fromkeys((text, *text.split()[:1])):
        found = _numbered(store, candidate)
        if found is None:
            continue
        if found.ledger != target.name:
            raise ValueError(f"{found.number} 不是{target.label}的记录")
        if found.deleted:
            raise ValueError(_gone(found.number, target))
        return found.id
    row = store.conn.execute(f'SELECT deleted, number FROM "{target.name}" WHERE id = ?', [text]).fetchone()
    if row is not None and not row[0]:
        return text
    if row is not None:  # a saved link whose record was deleted since
        raise ValueError(_gone(row[1], target))
    raise ValueError(f"找不到编号为“{text}”的{target.label}记录（{_examples(store, target)}）")


def _numbered(store: Store, number: str) -> Record | None:
    """The record holding `number` (typed as a keyboard allows), a live one first, else a deleted one."""
    for include_deleted in (False, True):
        try:
            return store.find_by_number(number, include_deleted)
        except NotFound:
            continue
        except Conflict as exc:
            raise ValueError(str(exc)) from None
    return None


def _gone(number: str | None, target: LedgerDef) -> str:
    return f"{gone_link_text(number)}：请链接其他{target.label}记录，或清空此项"


def _examples(store: Store, target: LedgerDef) -> str:
    """What to write instead: the ledger's two latest numbers, as the clerk can look them up; with none, how this
    year's numbers look (never a fixed example, which may be the very number mistyped)."""
    numbers = [row[0] for row in store.conn.execute(
        f'SELECT number FROM "{target.name}" WHERE deleted = 0 AND number IS NOT NULL ORDER BY rid DESC LIMIT 2')]
    if numbers:
        return f"请写所链接记录的编号，如 {'、'.join(numbers)}"
    year = local_today(store.clock).year
    return (f"{target.label}中还没有已编号的记录；编号形如 {target.numbering.render(year, target.numbering.prefix, 1)}")


@dataclass(frozen=True)
class Waiting:
    """A record whose link waits for one just saved: a meeting of the day of a 会前学法 typed after it, its
    会前学法 empty. `field` is its link; `text` names it as the clerk knows it (〔2026〕会记字第6号（2026-10-13
    党委会））."""

    record: Record
    field: FieldDef
    text: str


def waiting_for(store: Store, saved: Record) -> Waiting | None:
    """The one live record that would link `saved` had it been typed after it: a form's `link` check with
    `same_day` (and `equals`, if given: a 会前学法) names a link to `saved`'s ledger, and exactly one live record of
    `saved`'s day has that link empty and may be changed by the logged-in user. None when a record links `saved`
    already, when none or several wait (two meetings of one morning: which is hers to say), or the form has no such
    link. The meeting typed before its study was never linked: the editor links a study to a new meeting of its
    day, not a meeting to a study saved later."""
    from fazhi_desktop.core.review import change_blocked

    ledger = store.ledger(saved.ledger)
    day = saved[ledger.date_field]
    if saved.deleted or not day:
        return None
    for other in store.ledgers.values():
        for check in other.checks:
            if check.kind != "link_day" or check.group is not None or check.fields[1] != ledger.name:
                continue
            link = other.field(check.fields[0])
            if not _of_kind(other, link.name, saved):
                continue
            # the records of its day first (by the day's index): whether any links `saved` reads the whole
            # ledger by its link, which 待办事项 asked of every study of five years, most with no meeting waiting
            ids = [record_id for (record_id,) in store.conn.execute(
                f'SELECT id FROM "{other.name}" WHERE deleted = 0 AND "{check.on}" = ? AND '
                f'("{link.name}" IS NULL OR "{link.name}" = \'\') ORDER BY rid', [day])]
            if len(ids) != 1 or referrers(store, ledger, [saved.id]).get(saved.id):
                continue
            record = store.get(ids[0])
            if change_blocked(store, record) is None:
                return Waiting(record, link, _day_named(record, day, record[other.title_field]))
    return None


def _day_named(record: Record, day: object, title: object) -> str:
    """"〔2026〕会记字第6号（2026-10-13 党委会）": a record by its number, day and title, as the clerk knows it."""
    return f"{record.number or '（未编号）'}（{day}{f' {title}' if title else ''}）"


def _of_kind(ledger: LedgerDef, link: str, saved: Record) -> bool:
    """Is `saved` of the kind `ledger`'s `link` asks for (its `link_value` check: activity_type 会前学法)?"""
    return all(saved[check.fields[2]] == check.fields[3] for check in ledger.checks
               if check.kind == "link_value" and check.group is None and check.fields[0] == link)


@dataclass(frozen=True)
class Unlinked:
    """After an Excel import: `record`'s link `field` is empty, and `target`, of its day, is the one record it could
    link (a meeting's 会前学法 and the study of that day)."""

    record: Record
    field: FieldDef
    target: Record

    def said(self, store: Store) -> str:
        """"〔2026〕会记字第3号（2026-03-05 党委会）的“会前学法”：〔2026〕学法字第2号（同日）"."""
        ledger = store.ledger(self.record.ledger)
        named = _day_named(self.record, self.record[ledger.date_field], self.record[ledger.title_field])
        return f"{named}的“{self.field.label}”：{self.target.number or self.target.id}（同日）"

    def command(self) -> str:
        """The command that links them, as `fazhi add` of a study after its meeting prints it."""
        value = json.dumps({self.field.name: self.target.number or self.target.id}, ensure_ascii=False)
        return f"echo '{value}' | fazhi update {self.record.number or self.record.id} --json -"


def unlinked_after_import(store: Store, saved: list[Record]) -> list[Unlinked]:
    """The links an Excel import of `saved` left empty that one record of the same day could fill, as the editor
    and `fazhi add` offer them one record at a time: an imported meeting whose 会前学法 is empty and one 会前学法 of
    its day that no record links yet (a study claimed by two imported meetings of one morning is left out: which is
    which is hers to say); and an imported study a meeting of its day waits for (`waiting_for`). In the import's
    order, each record and link once."""
    from fazhi_desktop.core.review import change_blocked

    found: dict[tuple[str, str], Unlinked] = {}
    for record in saved:
        ledger = store.ledger(record.ledger)
        for check in ledger.checks:
            if check.kind != "link_day" or check.group is not None:
                continue
            link = ledger.field(check.fields[0])
            if record.values.get(link.name) or not record[check.on] or change_blocked(store, record) is not None:
                continue
            target = store.ledger(check.fields[1])
            ids = [rid for (rid,) in store.conn.execute(
                f'SELECT id FROM "{target.name}" WHERE deleted = 0 AND "{target.date_field}" = ? ORDER BY rid',
                [record[check.on]])]
            taken = referrers(store, target, ids)
            free = [r for r in (store.get(rid) for rid in ids if rid not in taken) if _of_kind(ledger, link.name, r)]
            if len(free) == 1:
                found[(record.id, link.name)] = Unlinked(record, link, free[0])
        waiting = waiting_for(store, record)
        if waiting is not None:
            found.setdefault((waiting.record.id, waiting.field.name), Unlinked(waiting.record, waiting.field, record))
    claimed: dict[str, int] = {}
    for unlinked in found.values():
        claimed[unlinked.target.id] = claimed.get(unlinked.target.id, 0) + 1
    return [u for u in found.values() if claimed[u.target.id] == 1]


def link_all(store: Store, unlinked: list[Unlinked], actor: str) -> list[Record]:
    """Link each of `unlinked` (the user said so), as a change of its record (a new version, in its history, noted
    `LINKED_NOTE`), in one transaction: all or, when one cannot be saved (changed meanwhile), none."""
    from fazhi_desktop.core import db as dbmod

    with dbmod.transaction(store.conn, "链接"):
        return [store.save(u.record.ledger, {u.field.name: u.target.id}, actor, record_id=u.record.id,
                           expected_revision=u.record.revision, note=LINKED_NOTE) for u in unlinked]
