"""Drill-down: the records (or roster people) behind one figure, with the same SQL the figure was counted with.

Parts of a figure: "value" (the records counted, or a ratio's numerator), "denominator" (a ratio's whole), and
"gap" (in the denominator but short of the numerator: the meetings the office head did not attend throughout, the
complaints still open). For a roster-based indicator (T47) the people are listed as well.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from fazhi_desktop.core.clock import office_date
from fazhi_desktop.core.db import counted, twin_numbers, twins_sql
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.forms import STATUS_LABELS, LedgerDef
from fazhi_desktop.core.identifiers import masked_numbers
from fazhi_desktop.core.indicators.catalog import Catalog, Indicator
from fazhi_desktop.core.indicators.completeness import NEVER_SENT, bundles_received
from fazhi_desktop.core.indicators.roster import (
    counted_in,
    named_people,
    roster_names,
    shared_names,
    unmatched_names,
    unreported,
    unrostered_text,
)
from fazhi_desktop.core.indicators.sql import ALIAS, ROW, Compiler, Sql, earlier_install, numbered_again
from fazhi_desktop.core.indicators.townships import merges, township_list
from fazhi_desktop.core.people import Person, list_people, township_rosters
from fazhi_desktop.core.places import CONFLICTS
from fazhi_desktop.core.store import Store

PARTS = {"value": "计入的记录", "denominator": "分母中的全部记录", "gap": "尚未计入的记录"}
#: the parts of a figure counted in roster people (T47, T46c): what a reviewer is shown is people, not records, named
#: by what they do (catalog `act`: 述法, 讲法)
PEOPLE_PARTS = {"value": "已{act}的人员及记录", "denominator": "名册中应{act}的人员", "gap": "尚未{act}的人员"}
#: the heading of a drill-down's amount column: a shortfall shows what the record has of what it should
QUANTITY = {"value": "数量", "denominator": "数量", "gap": "实有 / 应有"}
#: a shortfall counted by person with the unnamed counted by number (T29, `else_sum`): a check adds the people whose
#: last check of the year it is and those it did not name, not its own 应持证 / 实际持证 (5 / 3 read "1 / 2"): its
#: header says so, in the window, `fazhi indicators --drill` and the report's 尚未计入的记录 alike
COUNTED_HERE = "本条计入 实有 / 应有"
#: statuses the office head has not checked yet: drafts count (the ledger is the record of what happened), but a
#: scorer disputing a figure wants to know which of the records behind it nobody has reviewed
UNREVIEWED = ("draft", "submitted")
#: a roster person's 任职时间 in a drill-down when neither day is entered (counted as in post throughout)
NO_DAYS = "未填到任、离任日期"
#: why a shortfall (gap) lists nothing when the denominator holds something
ALL_COUNTED = "没有尚未计入的：分母中的都已计入。"
#: how many sets of possible duplicates of one township a count line names before "等 N 组" (the 核对 column and
#: its tooltip name every record's; the Excel report's 待核对, without them, names all)
TWIN_SETS = 2
#: the 核对 mark of a record in an open conflict (`RecordRef.conflict`), and what its tooltip says
CONFLICT_MARK = "有冲突"
CONFLICT_TIP = (f"县里收到了这条记录的另一个版本（同一版本号、内容不同），待处理：照常按现有版本计入；"
                f"请在“{CONFLICTS}”中比较后决定")


@dataclass(frozen=True)
class RecordRef:
    """A record as a drill-down lists it; `amount` is what it adds when that is not simply 1 (rows, sums)."""

    ledger: str
    id: str
    township: str
    number: str | None
    date: str | None
    title: str
    amount: float | None = None
    of: float | None = None  # in a shortfall (gap): what the record should have reached
    status: str = ""  # draft / submitted / reviewed / locked
    #: the numbers of the township's other counted records of the ledger with the same date and title: the same
    #: meeting entered twice counts twice, and a scorer should see it before accepting the figure
    twins: tuple[str, ...] = ()
    #: at the county, a record of an earlier install of its township (it re-installed: core/bundle/lost.py)
    earlier: bool = False
    #: of an earlier install, and a counted record of the install after it has its number too (the new install
    #: numbered before it imported a receipt, which carries the numbers on): said only when it is so
    number_again: bool = False
    #: a record no live record links to where the catalog expects one (`linked_from`): "没有会议链接此会前学法"
    unlinked: str = ""
    #: at the county, a record in an open conflict (core/bundle/conflicts.py): another version of it came with the
    #: same revision and waits in 处理冲突; the version held counts until someone decides
    conflict: bool = False

    @property
    def status_label(self) -> str:
        """"草稿", "已提交", "所长已审核", "已锁定"."""
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def mark(self) -> str:
        """"可能重复：〔2026〕会记字第4号" (its twins, the first of them when several), "重装前" for a record of an
        earlier install, CONFLICT_MARK for one in an open conflict, "；"-joined, or "" for none."""
        return self._mark(self.twins[0] if self.twins else "")

    @property
    def short_mark(self) -> str:
        """`mark` with the twin's number short where the record's own says the rest: "可能重复：第4号" in its own
        series, "可能重复：行调字第3号" in another of its year. The window's 核对 cell (its tooltip says the whole):
        13 em showed every row as 可能重复：〔2026〕学…, the one part that tells the rows apart cut off."""
        return self._mark(_short_number(self.twins[0], self.number or "") if self.twins else "")

    def _mark(self, first_twin: str) -> str:
        twins = "可能重复：" + first_twin + (f"等 {len(self.twins)} 条" if len(self.twins) > 1 else "") \
            if self.twins else ""
        return "；".join(part for part in ("重装前" if self.earlier else "", CONFLICT_MARK if self.conflict else "",
                                           twins, self.unlinked) if part)

    @property
    def quantity(self) -> str:
        """"4", or "3 / 4" in a shortfall; "" when the record simply counts 1."""
        if self.amount is None:
            return ""
        return f"{self.amount:g} / {self.of:g}" if self.of is not None else f"{self.amount:g}"


def _short_number(number: str, own: str) -> str:
    """`number` without what it shares with `own`: its series (〔2026〕会记字), else its year (〔2026〕)."""
    for head in (own.rpartition("第")[0], own.partition("〕")[0] + "〕"):
        if head and number.startswith(head) and len(number) > len(head):
            return number[len(head):]
    return number


@dataclass(frozen=True)
class Drill:
    indicator: Indicator
    year: int
    township: str | None
    part: str
    records: list[RecordRef]
    #: (township, name): roster-based indicators (T47), and the people a ratio counted by person falls short by (T29)
    people: list[tuple[str, str]] = field(default_factory=list)
    #: roster-based indicators (T47): each listed person's roster entries of the role that are something to the year
    #: (roster.counted_in): why they are listed, right after a roster change; two for a name that left and came back
    roster: dict[tuple[str, str], tuple[Person, ...]] = field(default_factory=dict)
    #: T47's gap: the names its listed records give that counted for no one (田镇长), in the records' order, and
    #: what the ledger calls them (述法人): the count line names one, as the record may have counted someone else
    uncounted: tuple[str, ...] = ()
    named_as: str = ""
    #: roster-based indicators: the names its records give that two roster people of the role hold (two leaders
    #: called 马志刚): a record naming one counts for one of them only, and the count line says so
    shared: tuple[str, ...] = ()

    @property
    def quantity_header(self) -> str:
        """The amount column's heading: `COUNTED_HERE` for a shortfall counted by person (T29), else `QUANTITY`."""
        return quantity_header(self.indicator, self.part)

    @property
    def heading(self) -> str:
        return f"{self.indicator.code} {self.indicator.title}（{self.year}年）：{part_label(self.indicator, self.part)}"

    def post_of(self, township: str, name: str) -> tuple[str, str]:
        """(职务, 任职时间) of a listed person as the roster has them ("镇长", "2026-09-01 起"; the roles where no
        职务 is entered; NO_DAYS), "；"-joined for a name on the roster twice; ("", "") for people not from it."""
        entries = self.roster.get((township, name), ())
        if not entries:
            return "", ""
        return ("；".join(dict.fromkeys(p.detail for p in entries)),
                "；".join(p.in_post or NO_DAYS for p in entries))


def part_label(ind: Indicator, part: str) -> str:
    """How a part of the figure is named wherever it is chosen or shown: in people for a roster-based indicator
    (T47's chooser read "尚未计入的记录" over a list of names)."""
    return PEOPLE_PARTS[part].format(act=ind.act) if ind.from_roster else PARTS[part]


def drill(store: Store, catalog: Catalog, code: str, year: int, township: str | None = None,
          part: str = "value", today: date | None = None) -> Drill:
    """The records behind one figure (as of `today`, default the store's clock's day in Beijing time, as `compute`
    counts them: on the PC's day a record dated today in Beijing was "tomorrow" and left out of the list).
    `township` None means every township of the database."""
    today = today or office_date(store.clock())
    ind = catalog.get(code)
    if not ind.computable:
        raise FazhiError(f"指标 {code} 本版本不能计算（需要：{ind.needs}）")
    if part not in PARTS or (part != "value" and not ind.is_ratio):
        allowed = "、".join(PARTS if ind.is_ratio else ["value"])
        raise FazhiError(f"指标 {code} 没有“{part}”这一部分（可选：{allowed}）")
    if ind.from_roster:
        return _people(store, ind, year, today, township, part)
    compiler = Compiler(ind.ledger, year, today, merges(store, year))
    base = Sql(counted(ALIAS)) & compiler.period(ind)
    if township:  # with the records of a township merged into it, each listed under its own township
        base = base & compiler.of_township(township)
    amount = compiler.amount(ind, "denominator" if part == "denominator" else "value")
    named = _named(store, compiler, ind, base, part) if ind.main.person else []
    if part == "gap":
        chosen = compiler.contributing(ind, "denominator")
        if amount is None:
            value = compiler.record_filter(ind, "value")
            chosen = chosen & Sql(f"NOT coalesce(({value.text}), 0)", value.params)
        else:
            whole = compiler.amount(ind, "denominator")
            assert whole is not None
            chosen = chosen & Sql(f"{amount.text} < {whole.text}", [*amount.params, *whole.params])
            return Drill(ind, year, township, part, _records(store, ind, base & chosen, amount, whole), named)
    else:
        chosen = compiler.contributing(ind, part)
    return Drill(ind, year, township, part, _records(store, ind, base & chosen, amount), named)


def quantity_header(ind: Indicator, part: str) -> str:
    """What a drill-down's amount column is headed (`Drill.quantity_header`)."""
    return COUNTED_HERE if part == "gap" and ind.main.person and ind.main.else_sum else QUANTITY[part]


def short_numbers(store: Store, ind: Indicator, year: int, today: date, townships: Iterable[str],
                  merged: Mapping[str, str] | None = None) -> dict[str, tuple[str, ...]]:
    """township -> the numbers (ids when unnumbered) of a records ratio's denominator records its numerator did not
    count, in date order: what a final miss names (T40b's meeting attended in part); `merged` as sql.Compiler's. One
    query for them all."""
    return _numbers(store, ind, year, today, townships, merged, over=False)


def over_numbers(store: Store, ind: Indicator, year: int, today: date, townships: Iterable[str],
                 merged: Mapping[str, str] | None = None) -> dict[str, tuple[str, ...]]:
    """township -> the numbers (ids when unnumbered) of the records a "不超过" count went over with, in date order:
    T21's meetings whose items came to the meeting without a legality review, which its 未达标 names (the inspector
    asks which meetings, not how many items)."""
    return _numbers(store, ind, year, today, townships, merged, over=True)


def _numbers(store: Store, ind: Indicator, year: int, today: date, townships: Iterable[str],
             merged: Mapping[str, str] | None, over: bool) -> dict[str, tuple[str, ...]]:
    towns = sorted(set(townships))
    if not towns:
        return {}
    compiler = Compiler(ind.ledger, year, today, merged)
    town = compiler.township()
    codes = [*towns, *(gone for gone, into in compiler.merged.items() if into in towns)]
    if over:
        chosen = compiler.contributing(ind, "value")
    else:
        value = compiler.record_filter(ind, "value")
        chosen = compiler.contributing(ind, "denominator") & Sql(f"NOT coalesce(({value.text}), 0)", value.params)
    where = (Sql(counted(ALIAS)) & compiler.period(ind) & chosen
             & Sql(f"{ALIAS}.township IN ({', '.join('?' for _ in codes)})", codes))
    sql = (f'SELECT {town.text}, coalesce({ALIAS}.number, {ALIAS}.id) FROM "{ind.ledger}" AS {ALIAS} '
           f'WHERE {where.text} ORDER BY 1, {ALIAS}."{ind.date_field}", {ALIAS}.rid')
    found: dict[str, list[str]] = {}
    for code, number in store.conn.execute(sql, [*town.params, *where.params]):
        found.setdefault(code, []).append(number)
    return {code: tuple(numbers) for code, numbers in found.items()}


def _named(store: Store, compiler: Compiler, ind: Indicator, base: Sql, part: str) -> list[tuple[str, str]]:
    """(township, name) of the people a figure counted by person has in `part`, as their latest row of the year
    found them: T29's certified officers ("value"), all it checked ("denominator"), those without a valid
    certificate at their last check ("gap")."""
    measure = ind.main
    chosen = compiler.rows_filter(ind, "denominator" if part == "gap" else part) & compiler.last_of_person(ind, measure)
    if part == "gap":
        held = compiler.rows_filter(ind, "value")
        chosen = chosen & Sql(f"NOT coalesce(({held.text}), 0)", held.params)
    name = f"json_extract({ROW}.value, '$.{measure.person}')"
    sql = (f'SELECT DISTINCT {ALIAS}.township, {name} FROM "{ind.ledger}" AS {ALIAS}, '
           f"json_each({compiler.column(measure.rows, False)}) AS {ROW} WHERE ({base.text}) AND ({chosen.text}) "
           "ORDER BY 1, 2")
    return [(town, person) for town, person in store.conn.execute(sql, [*base.params, *chosen.params])]


def _records(store: Store, ind: Indicator, where: Sql, amount: Sql | None, of: Sql | None = None) -> list[RecordRef]:
    ledger = store.ledger(ind.ledger)
    extra = "".join(f", {part.text}" if part is not None else ", NULL" for part in (amount, of))
    source, _, link = (ind.linked_from or "").partition(".")
    # uncorrelated, the linking records read once: a NOT EXISTS per record searched the unindexed link column behind
    # each, and the county's whole list (T46a: 1,651 studies, 319 of them unlinked) took 16–33 s; now 0.1 s
    unlinked = (f'{ALIAS}.id NOT IN (SELECT l."{link}" FROM "{source}" AS l WHERE {counted("l")} '
                f'AND l."{link}" IS NOT NULL)' if source else "0")
    sql = (f'SELECT {_columns(ledger, ind.date_field)}{extra}, {unlinked} FROM "{ledger.name}" AS {ALIAS} '
           f'WHERE {where.text} ORDER BY {ALIAS}.township, {ALIAS}."{ind.date_field}", {ALIAS}.rid')
    params = [*(amount.params if amount is not None else []), *(of.params if of is not None else []), *where.params]
    said = f"没有{store.ledger(source).label}链接此{ind.title}" if source else ""
    return [replace(_ref(ledger, r[:-1]), unlinked=said if r[-1] else "") for r in store.conn.execute(sql, params)]


def _columns(ledger: LedgerDef, date_field: str) -> str:
    """What a RecordRef is read from (`_ref`): id, township, number, date, title, status, the numbers of its
    twins (db.twins_sql, as the township's own save warns of them), whether it is of an earlier install, and
    whether it is in an open conflict of the revision held (one whose record has since come in a newer revision
    has nothing left to decide: 已被新版本取代)."""
    title = f'{ALIAS}."{ledger.title_field}"'
    apart = f'{ALIAS}."{ledger.twin_apart}"' if ledger.twin_apart else "NULL"
    twins = twins_sql(ledger, f'{ALIAS}."{ledger.date_field}"', title, f"{ALIAS}.township", f"{ALIAS}.id", apart)
    earlier = earlier_install(ALIAS)
    again = f"{earlier} AND {numbered_again(ledger.name, ALIAS)}"
    conflict = (f"EXISTS (SELECT 1 FROM conflicts AS k WHERE k.record_id = {ALIAS}.id AND k.resolved_at IS NULL "
                f"AND k.revision = {ALIAS}.revision)")
    return (f'{ALIAS}.id, {ALIAS}.township, {ALIAS}.number, {ALIAS}."{date_field}", {title}, {ALIAS}.status, '
            f"{twins}, {earlier}, {again}, {conflict}")


def _ref(ledger: LedgerDef, row: Sequence) -> RecordRef:
    extra = row[10:12] if len(row) > 10 else (None, None)
    title = masked_numbers(row[4] or "", proper=True)  # shown as the ledger's list shows it (display.list_cell)
    return RecordRef(ledger.name, row[0], row[1], row[2], row[3], title, *extra, status=row[5] or "",
                     twins=twin_numbers(row[6]), earlier=bool(row[7]), number_again=bool(row[8]),
                     conflict=bool(row[9]))


def unreviewed_text(refs: Iterable[RecordRef]) -> str:
    """"草稿 2 条、已提交未审核 1 条": how many of the records behind a figure the office head has not reviewed
    (they count all the same); "" when every one is reviewed."""
    counts = Counter(r.status for r in refs)
    said = {"draft": "草稿", "submitted": "已提交未审核"}
    return "、".join(f"{said[s]} {counts[s]} 条" for s in UNREVIEWED if counts[s])


def twins_text(refs: Iterable[RecordRef], names: Mapping[str, str] | None = None, *, sets: int | None = TWIN_SETS,
               several: bool = False) -> str:
    """The records behind a figure that share their date and title with another of their township's records:
    "可能重复 2 条（同日同名：〔2026〕学记字第3号、〔2026〕学记字第4号）" for one township, each set named once, the
    first `sets` of them then "等 N 组" (None: all, as the Excel report's 待核对 has no 核对 column to name the
    rest); "可能重复 5 条（海城镇 2 条、李旺镇 3 条）" for several, by `names` (a number means nothing without its
    township, and the whole county's list ran to thousands of characters; the 核对 column marks each record); when
    the records are of `several` townships and only one has duplicates, "（海城镇，同日同名：……）" (every township
    numbers its own 第54号); "" when none does."""
    doubled = [r for r in refs if r.twins]
    if not doubled:
        return ""
    towns = Counter(r.township for r in doubled)
    if len(towns) > 1:
        known = names or {}
        return f"可能重复 {len(doubled)} 条（{per_township(towns, lambda town: known.get(town, town))}）"
    found: dict[frozenset[str], list[str]] = {}
    for ref in doubled:
        own = ref.number or ref.id
        found.setdefault(frozenset((own, *ref.twins)), [own, *(t for t in ref.twins if t != own)])
    named = "；".join("、".join(s) for s in list(found.values())[:sets])
    more = f" 等 {len(found)} 组" if sets is not None and len(found) > sets else ""
    town = f"{(names or {}).get(doubled[0].township, doubled[0].township)}，" if several else ""
    return f"可能重复 {len(doubled)} 条（{town}同日同名：{named}{more}）"


def per_township(counts: Mapping[str, int], name: Callable[[str], str]) -> str:
    """"海城镇 2 条、李旺镇 3 条": records counted by township code, named by `name`, in the matrix's order
    (township_list's, by code), not the records' (by id, or by date)."""
    return "、".join(f"{name(town)} {counts[town]} 条" for town in sorted(counts))


def earlier_tip(ref: RecordRef) -> str:
    """What the drill-down's 核对 tooltip says of a record of an earlier install: that the new install gave its
    number again only when it did (it said 重装后编号从第1号重新开始，可能与此相同 of every one, untrue since a new
    install imports a receipt first and numbers on)."""
    return "乡镇重装前的记录，照常计入" + (f"；重装后的记录也编为{ref.number}" if ref.number_again else "")


def given_again(store: Store, ledger: str, record_id: str) -> bool:
    """Is record `record_id` of `ledger` (at the county) of an earlier install whose number a counted record of the
    install after it has too (`RecordRef.number_again`, for the record viewer)?"""
    row = store.conn.execute(f'SELECT {earlier_install(ALIAS)} AND {numbered_again(ledger, ALIAS)} '
                             f'FROM "{ledger}" AS {ALIAS} WHERE {ALIAS}.id = ?', [record_id]).fetchone()
    return bool(row and row[0])


def earlier_text(refs: Iterable[RecordRef]) -> str:
    """"重装前的记录 3 条（其中 1 条编号与重装后的相同）": the records behind a figure from an earlier install of
    their township, and of them those whose number the new install gave again (`number_again`: only those; it
    said 编号可能与重装后的相同 of every one, while a new install that imported a receipt first numbers on); "" when
    none is."""
    refs = list(refs)
    count, again = sum(r.earlier for r in refs), sum(r.number_again for r in refs)
    if not count:
        return ""
    which = "" if again == count else f"其中 {again} 条"
    return f"重装前的记录 {count} 条" + (f"（{which}编号与重装后的相同）" if again else "")


def check_text(refs: Sequence[RecordRef], names: Mapping[str, str] | None = None, *, sets: int | None = TWIN_SETS,
               several: bool = False) -> str:
    """What a scorer should check before accepting a figure: its unreviewed records, those in an open conflict
    (conflict_text), possible duplicates (by township when of several: `names` codes to names; `sets`, `several` as
    twins_text), and records of an earlier install whose numbers the township gave again."""
    unreviewed = unreviewed_text(refs)
    twins = twins_text(refs, names, sets=sets, several=several)
    return "；".join(part for part in (unreviewed and f"其中{unreviewed}", conflict_text(refs, names, several=several),
                                       twins, earlier_text(refs)) if part)


def conflict_text(refs: Iterable[RecordRef], names: Mapping[str, str] | None = None, *, several: bool = False) -> str:
    """"有冲突 1 条（〔2026〕会记字第1号）": the records behind a figure in an open conflict (`RecordRef.conflict`),
    by township when of several ("有冲突 3 条（海城镇 1 条、李旺镇 2 条）"), the township named when the records are
    of `several` and one has them; "" when none is."""
    held = [r for r in refs if r.conflict]
    if not held:
        return ""
    known = names or {}
    towns = Counter(r.township for r in held)
    if len(towns) > 1:
        return f"{CONFLICT_MARK} {len(held)} 条（{per_township(towns, lambda town: known.get(town, town))}）"
    town = f"{known.get(held[0].township, held[0].township)}，" if several else ""
    return f"{CONFLICT_MARK} {len(held)} 条（{town}{'、'.join(r.number or r.id for r in held)}）"


def count_text(found: Drill, names: Mapping[str, str] | None = None) -> str:
    """The drill's count line, the same in the GUI and the CLI: "共 3 条记录", "共 2 人" when only people are listed
    (T47's gap), "共 1 条记录，2 人" for both; T47's gap says what its records are (述法 naming someone who counts
    for no one, maybe beside one who did: "共 1 人；另有 1 条记录中有述法人未计入（如“田镇长”不是名册中该日在任的
    “主要负责同志”）"), then what to check (`names`: township codes to names; a drill of every township of a county
    names the township of its duplicates)."""
    check = check_text(found.records, names, several=found.township is None and len(names or {}) > 1)
    if found.shared:
        role = found.indicator.main.roster_role or ""
        shared = (f"名册中有同名的“{role}”：{'、'.join(found.shared)}，记录中的此姓名只计为其中一人，"
                  f"另一人列为尚未{found.indicator.act}，请核对")
        check = "；".join(part for part in (check, shared) if part)
    if found.part == "gap" and found.indicator.from_roster and found.records:  # T47: the records are not the gap
        role = found.indicator.main.roster_role or ""
        people = f"共 {len(found.people)} 人；" if found.people else ""
        who = found.named_as or "人"
        why = f"不是名册中该日在任的“{role}”"
        said = (f"中有{who}未计入（如“{found.uncounted[0]}”{why}）" if found.uncounted
                else f"所列的{who}{why}，未计入")
        return f"{people}另有 {len(found.records)} 条记录{said}" + (f"；{check}" if check else "")
    counted = [f"{len(found.records)} 条记录"] if found.records or not found.people else []
    people = [f"{len(found.people)} 人"] if found.people else []
    return "共 " + "，".join([*counted, *people]) + (f"（{check}）" if check else "")


def records_by_ids(store: Store, ledger_name: str, ids: Sequence[str],
                   date_field: str | None = None) -> list[RecordRef]:
    """Records of one ledger by id (deleted ones included, so a stale list still names them), in date order."""
    ledger = store.ledger(ledger_name)
    date_col = date_field or ledger.date_field
    found: list[RecordRef] = []
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        marks = ", ".join("?" for _ in chunk)
        sql = f'SELECT {_columns(ledger, date_col)} FROM "{ledger.name}" AS {ALIAS} WHERE {ALIAS}.id IN ({marks})'
        found += [_ref(ledger, r) for r in store.conn.execute(sql, chunk)]
    return sorted(found, key=lambda r: (r.township, r.date or "", r.number or ""))


def _people(store: Store, ind: Indicator, year: int, today: date, township: str | None, part: str) -> Drill:
    records: list[RecordRef] = []
    role = ind.main.roster_role or ""
    if part == "denominator":
        listed = roster_names(store, ind, year, today, township)
    else:
        ids, listed = named_people(store, ind, year, today, township)
        if part == "gap":  # and the 述法 records that show why someone may look unreported
            listed = unreported(store, ind, year, today, township)
            posts = _posts(store, role, year, listed)  # reads every township's roster at the county: once
            names = _uncounted(store, ind, year, today, township, ids, listed, posts)
            records = records_by_ids(store, ind.ledger, sorted(names), ind.date_field)
            said = tuple(dict.fromkeys(name for r in records for name in names[r.id]))
            return Drill(ind, year, township, part, records, listed, posts, said,
                         store.ledger(ind.ledger).field(ind.main.people or "").label,
                         _shared(store, ind, year, today, township))
        records = records_by_ids(store, ind.ledger, ids, ind.date_field)
    return Drill(ind, year, township, part, records, listed, _posts(store, role, year, listed),
                 shared=_shared(store, ind, year, today, township))


def _shared(store: Store, ind: Indicator, year: int, today: date, township: str | None) -> tuple[str, ...]:
    """The names of the figure's records that two roster people of the role share, township-named at the county's
    whole list (马志刚, 海城镇马志刚)."""
    found = shared_names(store, ind, year, today, township)
    return tuple(name if township or not store.is_county else f"{_who(store, town)}{name}" for town, name in found)


def _uncounted(store: Store, ind: Indicator, year: int, today: date, township: str | None, counted: Sequence[str],
               unreported: Sequence[tuple[str, str]], posts: dict[tuple[str, str], tuple[Person, ...]]
               ) -> dict[str, list[str]]:
    """The ids of T47's 述法 records a reviewer fixing the figure should see beside the people not yet reported
    (`unreported`): those that count for no one (every 述法人 a free name, a deputy, a leader before his 到任日期), and
    those naming one of `unreported` whom they could not count (the leader on a day before his 到任日期, beside
    another who counted). Not a record that counted a leader (`counted`) and names a deputy beside them: nothing of
    it is wrong, and a township whose 班子 report together would have every session listed, every year. A free name
    beside the one who counted that points to one of `unreported` of its township is listed, though (`_points_to`:
    田镇长 for the 镇长 田玉春): it is why he looks unreported. `posts`: the roster entries of `unreported`
    (`_posts`). Each id with the names that put it in the list, sorted."""
    counted_ids, owed = set(counted), set(unreported)
    found: dict[str, list[str]] = {}
    for record_id, town, name in sorted(unmatched_names(store, ind, year, today, township)):
        if record_id not in counted_ids or (town, name) in owed \
                or any(_points_to(name, person) for (town_of, _), entries in posts.items() if town_of == town
                       for person in entries):
            found.setdefault(record_id, []).append(name)
    return found


def _points_to(name: str, person: Person) -> bool:
    """Could the free name `name` mean `person`: it starts with their surname (田镇长, 田玉 for 田玉春), or holds
    their post's word (镇长 of 镇长, 书记 of 党委书记; not 副镇长)? A deputy (李强, 李副镇长 beside 镇长 田玉春) does
    not; nor does a deputy post the person also holds (党委副书记、镇长 is 镇长, not 书记: 纪委书记王军 is not him)."""
    if name.startswith(person.name[:1]):
        return True
    words = {part[-2:] for part in re.split(r"[、，,/\s]+", person.title or "") if len(part) >= 2 and "副" not in part}
    return any(word in name and f"副{word}" not in name for word in words)


def _posts(store: Store, role: str, year: int, listed: Sequence[tuple[str, str]]
           ) -> dict[tuple[str, str], tuple[Person, ...]]:
    """The roster entries of the `listed` (township, name) people that hold `role` and are something to `year`,
    each person's by 到任日期. A person listed under the township their township was merged into (a 甘城乡 leader
    whose 述法 of 2027 counts for 李旺镇: roster.py lists them so) is found on their own township's roster, as is one
    the county's whole list gives under their own township."""
    wanted = set(listed)
    merged = merges(store, year)
    rows = township_rosters(store) if store.is_county else [(store.township, p) for p in list_people(store)]
    found: dict[tuple[str, str], list[Person]] = {}
    for own, person in rows:
        if role not in person.roles \
                or not counted_in(year, person.name, [role], person.joined_on, person.left_on, person.active):
            continue
        for town in dict.fromkeys((own, merged.get(own, own))):  # as the roster lists them, or as their records
            if (town, person.name) in wanted:
                found.setdefault((town, person.name), []).append(person)
    return {key: tuple(sorted(entries, key=lambda p: p.joined_on or "")) for key, entries in found.items()}


def why_empty(store: Store, found: Drill, today: date | None = None) -> str:
    """Why a drill-down lists nothing, in words a reviewer can act on (a bare "共 0 条记录" left them guessing
    whether the township did nothing, entered nothing or sent nothing): "" when it lists something."""
    if found.records or found.people:
        return ""
    today = today or office_date(store.clock())
    ind, year = found.indicator, found.year
    who = _who(store, found.township)
    if found.township and bundles_received(store, found.township) == 0:
        return f"{who}{NEVER_SENT}：县里还没有收到它的任何记录。"
    role = ind.main.roster_role or ""
    if ind.from_roster and (found.part == "denominator"
                                      or not roster_names(store, ind, year, today, found.township)):
        named = _count(store, ind, _year_records(store, ind, year, today, found.township)
                       & _naming(store, ind, year, today))
        if named:  # lectures ticked with no one on the roster to count them for: no 无数据 (Figure.unrostered)
            return (f"{who}{unrostered_text(ind, named)}；应{ind.act}的人员按名册计，"
                    "此项记为“有风险”（年度结束后为“未达标”）。")
        return (f"{who}人员名册中没有{year}年在任的“{role}”，本年也没有人{ind.act}：应{ind.act}的为 0 人，"
                "记为“无数据”。")
    if found.part == "gap" and ind.from_roster:
        return ALL_COUNTED
    label = store.ledger(ind.ledger).label
    compiler = Compiler(ind.ledger, year, today)
    where = _year_records(store, ind, year, today, found.township)
    held = _count(store, ind, where)
    if not held:
        sent = "（已收到的数据包中没有）" if store.is_county and found.township else ""
        return f"{who}{year}年没有{label}记录{sent}。"
    if ind.from_roster:
        named = store.ledger(ind.ledger).field(ind.main.people or "").label
        return f"{who}{year}年的 {held} 条{label}记录中，没有名册中的“{role}”被列为{named}。"
    if not ind.is_ratio:
        return f"{who}{year}年的 {held} 条{label}记录中，没有符合本项条件的。"
    whole = _count(store, ind, where & compiler.contributing(ind, "denominator"))
    if not whole:  # whichever part was asked for: a shortfall of nothing is no data, not "all counted"
        return f"{who}{year}年的 {held} 条{label}记录中，没有符合分母条件的，所以记为“无数据”（不是 0% 或 100%）。"
    if found.part == "gap":
        return ALL_COUNTED
    return f"分母中的 {whole} 条{label}记录都没有计入：请选“尚未计入的记录”查看。"


def _year_records(store: Store, ind: Indicator, year: int, today: date, township: str | None) -> Sql:
    """The counted records of the figure's ledger and period (of `township` and the townships merged into it, or
    all)."""
    compiler = Compiler(ind.ledger, year, today, merges(store, year))
    where = Sql(counted(ALIAS)) & compiler.period(ind)
    return where & compiler.of_township(township) if township else where


def _naming(store: Store, ind: Indicator, year: int, today: date) -> Sql:
    """A roster-based figure's records that name someone in its people field (T46c: ticked as by the 主要负责同志,
    with a 主讲人)."""
    compiler = Compiler(ind.ledger, year, today)
    column = compiler.column(ind.main.people, False)
    one = store.ledger(ind.ledger).field(ind.main.people or "").type == "person"
    named = Sql(f"coalesce({column}, '') != ''" if one else f"json_array_length(coalesce({column}, '[]')) > 0")
    return compiler.where(ind.main.where) & named


def _count(store: Store, ind: Indicator, where: Sql) -> int:
    return store.conn.execute(f'SELECT count(*) FROM "{ind.ledger}" AS {ALIAS} WHERE {where.text}',
                              where.params).fetchone()[0]


def _who(store: Store, township: str | None) -> str:
    """The township by name ("关庄乡"), "全县" for the county's whole list, nothing in a township's own database."""
    if township is None:
        return "全县" if store.is_county else ""
    if not store.is_county:
        return ""
    return next((t.name for t in township_list(store) if t.code == township), township)
