"""Numbers in date order: the note of a record dated before its series' latest one, 按日期重新编号, 编号从第N号起.

Numbers are given in the order records are entered. A clerk entering a backlog (May's cases first, then two April
ones) gives the April cases 第7–8号, and the 调解案件台账, sorted by date, reads 7, 8, 1, 2…: an inspector asks why.
`out_of_order` is the note such a record's save says (at its date, in orange, advisory: nothing to correct in it).
`plan` is 按日期重新编号 of one ledger's year: in each series (〔2026〕人调字, 〔2026〕行调字…) the records
whose numbers nothing outside the database shows (printed.number_kept: never printed on a paper or a register page,
never carried to the county in a bundle) and that are not locked take the numbers they hold among them again, in
date order (a day's records in the order they were numbered); the others keep theirs and are said. No number is
given out that was not held, none is left free, the series' last number does not move. Store.renumber_by_date
writes it (the one write path).

`continue_from` is 编号从第N号起: after a restore from a backup, the numbers printed since on paper (and never
carried to the county) would be given again; the 所长 says where a series goes on (Store.continue_numbers), logged in
the account log. N at or below a number the series gave out already is refused.

Both are the 所长's or 管理员's (permission `numbers.manage`): numbers are what an inspector checks the office by,
and renumbering changes 所长已审核 records too.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core import printed, year_close
from fazhi_desktop.core.errors import Conflict, FieldProblem, ValidationError
from fazhi_desktop.core.places import RENUMBER

if TYPE_CHECKING:
    from fazhi_desktop.core.forms import LedgerDef
    from fazhi_desktop.core.store import Store

#: the change-log reason of a record renumbered, before （原为 …）
RENUMBERED = "按日期重新编号"
#: how the note of a record dated before one numbered earlier begins (`out_of_order`): the editor's F1 finds it by this
OUT_OF_ORDER = "早于已编号的"
#: why a locked record keeps its number
LOCKED = "已锁定"
#: the document of a record that names what it links to by number (a 会议记录's 会前学法; a 会议纪要 says its topic)
RECORD = "record"
#: how many numbers a line of kept numbers names before 等 N 个
SHOWN = 8


@dataclass(frozen=True)
class Move:
    record_id: str
    old: str
    new: str


@dataclass
class Renumbering:
    """What 按日期重新编号 of one ledger's year changes (`moves`, 旧号→新号) and leaves (`kept`: reason → numbers)."""

    label: str
    year: int
    moves: list[Move] = field(default_factory=list)
    kept: dict[str, list[str]] = field(default_factory=dict)
    #: some numbers do not follow the dates: when nothing moves, those kept (`kept`) are why
    out_of_order: bool = False

    def lines(self, done: bool) -> list[str]:
        """What the dialog, its result and `fazhi renumber` say: the numbers that change, and those kept, why."""
        if not self.moves and self.out_of_order:
            out = [f"{self.year}年的{self.label}有编号不按日期先后，但不能按日期重新编号：不按先后的都是下面这些"
                   "不能改的编号（原因见各行）"]
        elif not self.moves:
            out = [f"{self.year}年的{self.label}编号已按日期先后，无须重新编号"]
        else:
            verb = "已按日期重新编号" if done else "将按日期重新编号"
            out = [f"{self.year}年的{self.label}{verb} {len(self.moves)} 条（旧号→新号）："]
            out += [f"  {move.old} → {move.new}" for move in self.moves]
        for reason, numbers in self.kept.items():
            more = f"等 {len(numbers)} 个" if len(numbers) > SHOWN else ""
            out.append(f"编号不改（{reason}）：{'、'.join(numbers[:SHOWN])}{more}")
        return out


def _series(store: Store, ledger: LedgerDef, year: int) -> dict[str, list[dict[str, Any]]]:
    """The live records of this office numbered in `year`, by prefix, each {id, number, seq, day, status}."""
    numbering, date = ledger.numbering, ledger.date_field
    found: dict[str, list[dict[str, Any]]] = {}
    for record_id, number, day, status in store.conn.execute(
            f'SELECT id, number, "{date}", status FROM "{ledger.name}" WHERE deleted = 0 AND township = ?'
            " AND number IS NOT NULL", [store.township]):
        series, seq = numbering.series(number), numbering.seq(number)
        if series is None or seq is None or series.get("year") != year:
            continue
        found.setdefault(series.get("prefix", numbering.prefix), []).append(
            {"id": record_id, "number": number, "seq": seq, "day": day or "", "status": status})
    return found


def plan(store: Store, ledger: LedgerDef, year: int) -> Renumbering:
    """按日期重新编号 of `ledger`'s records numbered in `year`, not written (Store.renumber writes it). Refused
    (Conflict) for a closed year."""
    if year in year_close.closed_years(store.conn):
        raise Conflict(year_close.refusal(year))
    done = Renumbering(ledger.label, year)
    named = _named_on_paper(store, ledger)
    for prefix, rows in sorted(_series(store, ledger, year).items()):
        movable = []
        by_number = sorted(rows, key=lambda r: r["seq"])
        done.out_of_order |= any(later["day"] and later["day"] < earlier["day"]
                                 for earlier, later in itertools.pairwise(by_number))
        for row in by_number:
            reason = LOCKED if row["status"] == "locked" else printed.number_kept(
                store.conn, ledger.name, row["id"], row["number"]) or named.get(row["id"])
            if reason is None:
                movable.append(row)
            else:
                done.kept.setdefault(reason, []).append(row["number"])
        numbers = [row["seq"] for row in movable]
        for row, seq in zip(sorted(movable, key=lambda r: (r["day"], r["seq"])), numbers, strict=True):
            if seq != row["seq"]:
                done.moves.append(Move(row["id"], row["number"], ledger.numbering.render(year, prefix, seq)))
    return done


def _named_on_paper(store: Store, ledger: LedgerDef) -> dict[str, str]:
    """Record id -> why its number is on a paper of a record linking to it (a meeting's 会前学法, a complaint's
    关联监督检查): the linking record's printed 记录 (会议记录) names it, its register (会议台账) prints it in a column
    (a 会议纪要 names the study by its topic). Any linking record, deleted too (its paper is filed), by the link it
    holds now."""
    found: dict[str, str] = {}
    for other in store.ledgers.values():
        for f in other.fields:
            if f.type != "link" or f.link != ledger.name:
                continue
            on_pages = {linker for (linker,) in store.conn.execute(
                "SELECT json_extract(r.value, '$[0]') FROM register_pages, json_each(register_pages.rows) AS r"
                " WHERE register_pages.ledger = ?", [other.name])}
            for linker, number, target, kind in store.conn.execute(
                    f'SELECT id, number, "{f.name}", (SELECT kind FROM record_prints AS p WHERE p.record_id = l.id'
                    f' AND p.kind = ? LIMIT 1) FROM "{other.name}" AS l WHERE "{f.name}" IS NOT NULL', [RECORD]):
                if kind is not None:
                    paper = printed.document_name(other.name, kind)
                    found.setdefault(target, f"已作为{number}的“{f.label}”印在其{paper}上")
                elif linker in on_pages:
                    found.setdefault(target, f"已作为“{f.label}”印在打印的{other.label}台账上")
    return found


def out_of_order(store: Store, ledger: LedgerDef, record_id: str, number: str | None, day: Any
                 ) -> FieldProblem | None:
    """The note of record `number` dated `day` before a record numbered earlier in its series: its number does not
    follow the date order (advisory: nothing in the record is wrong). Said as a record is saved (new or changed) and
    as a stored one is opened, while it holds (none once 按日期重新编号 has given it its place). None otherwise."""
    series = ledger.numbering.series(number) if number else None
    seq = ledger.numbering.seq(number) if number else None
    if not isinstance(day, str) or series is None or "year" not in series or seq is None:
        return None
    year, date = series["year"], ledger.date_field
    # only the numbers written before `number` in its series are read: the same text but for fewer digits, or as
    # many and smaller (a stored January record, numbered in order, read every later record of a 10,000-record
    # year at each key typed in its window; the series is asked of what is left)
    later = store.conn.execute(
        f'SELECT number, "{date}" FROM "{ledger.name}" WHERE deleted = 0 AND "{date}" > ? AND "{date}" < ?'
        f' AND township = ? AND id != ? AND (length(number) < ? OR length(number) = ? AND number < ?)'
        f' ORDER BY "{date}" DESC',
        [day, f"{year + 1}", store.township, record_id, len(number), len(number), number])
    for other, other_day in later:
        if ledger.numbering.series(other) == series and (ledger.numbering.seq(other) or 0) < seq:
            label = ledger.field(date).label
            return FieldProblem(date, label, f"{OUT_OF_ORDER} {other}（{other_day}），编号 {number} 不按日期先后；"
                                f"录完补登的记录后，可由所长在“{RENUMBER}”中按日期重新编号", advisory=True)
    return None


def continue_from(store: Store, ledger: LedgerDef, year: int, prefix: str, first: int) -> int:
    """编号从第 `first` 号起: the series (`ledger`, `year`, `prefix`) gives `first` next, logged in the account log,
    in one transaction. Refused when `first` is at or below a number the series gave out (ValidationError at 编号从第
    N 号起), for a prefix the ledger does not give, or without the right. Returns the last number before."""
    label = "编号从第N号起"
    if prefix not in ledger.numbering.given_prefixes:
        raise ValidationError([FieldProblem("prefix", "编号字头", f"{ledger.label}的编号没有“{prefix}”，可选："
                                            f"{'、'.join(sorted(ledger.numbering.given_prefixes))}")])
    if not 1 <= first <= 99999:
        raise ValidationError([FieldProblem("first", label, "应为 1 到 99999 之间的整数")])
    with dbmod.transaction(store.conn, "设定编号"):
        store.permit("numbers.manage")
        last = max([store.last_seq(ledger.name, year, prefix),
                    *(row["seq"] for row in _series(store, ledger, year).get(prefix, []))], default=0)
        if first <= last:
            raise ValidationError([FieldProblem("first", label, f"{ledger.numbering.render(year, prefix, last)} 已经"
                                                f"用过，只能从第 {last + 1} 号或更大的号起编")])
        before = store.continue_numbers(ledger.name, year, prefix, first - 1)
        from fazhi_desktop.core import accounts

        accounts.note(store, f"编号从第 {first} 号起：{ledger.label} {year}年{prefix}（原接着第 {before} 号编）")
    return before
