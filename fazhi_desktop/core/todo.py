"""待办事项: what is still open at a township, in one list, grouped: the matters not concluded (a complaint without its
办结日期, a case without its 结案日期, a check whose rectification waits for its 复查, the form's `open_until` /
`open_while`: `LedgerDef.in_progress`), with their deadline and the days left or overdue (core/overdue.py's checks);
the agreements whose 履行期限 has passed while their 履行情况 says nothing or still 正在履行 (the form's `passed`
check); the year's targets not yet met, in 本年度指标's words (core/indicators/explained.py); the records waiting on
someone (drafts 退回待改, core/sent_back.py; drafts a stopped account left, core/handover.py; records 已提交
awaiting the 所长's review); and the meetings whose 会前学法 is empty while a study of their day waits to be
linked (core/links.waiting_for).

Asked for at an annual assessment ("a list of what is still open"), there was none: 需关注 names only what is already
逾期, the rest was spread over each target's 查看记录. Every rule is the one its own screen applies; this module only
gathers them. Each item names its record by number and what is missing, never an ID or phone number and no name the
ledger's list does not show (a record's title, as its list shows it) but the staff handling it (承办人, 调解员:
core/handover.handler_field), one who has left said so, for the newcomer taking over. The window
(qt/todo_view.py), `fazhi todo` and its workbook (`write`, through core/list_export.py) read the same `Todo`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from fazhi_desktop.core import damaged, handover, links, list_export, overdue, sent_back, year_close
from fazhi_desktop.core.display import list_cell
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.forms import STATUS_LABELS, LedgerDef
from fazhi_desktop.core.store import ListQuery, Record, Store

MATTERS, AGREEMENTS, TARGETS, WAITING, LINKS = "未办结的事项", "履行期限已过的协议", "未达标的指标", "等待处理的记录", \
    "待链接的会前学法"
#: the groups in the order the list shows them
GROUPS = (MATTERS, AGREEMENTS, TARGETS, WAITING, LINKS)
#: the columns of the window, `fazhi todo` and the workbook
HEADERS = ("分类", "编号", "台账", "日期", "事项", "承办人", "缺少什么", "期限", "剩余")
#: a deadline passed that is not the office's own (an agreement's 履行期限): "已过 12 天", not 逾期
PASSED = "已过"
#: a draft whose 登记人's account is stopped (人员交接): nobody else would know it waits
LEFT = "草稿，登记人 {who} 的账户已停用：请接手补全后提交审核"
#: under the list, when open matters name a handler who has gone (人员交接: core/handover.gone)
HANDED = "承办人已停用或离任的未办结事项 {count} 项（{who}）：请接手办理，并在记录中改填承办人"
COUNTY = "待办事项是乡镇的：县级汇总模式请看“县级汇总”的数据完整性和需关注"


@dataclass(frozen=True)
class Item:
    """One thing still open. `ledger` and `record_id` name the record it opens ("" for a target: `number` is then
    its code, T46a); `due`: its deadline (ISO date, "" when it has none); `late`: 逾期, the office's own deadline
    has passed (core/overdue.py, as 需关注 counts it), or for a target, 未达标; `handlers`: who handles the record
    (core/handover.handler_field: a complaint's 承办人, a case's 调解员), `handler` as listed, one who has gone
    marked (马丽（账户已停用）)."""

    group: str
    number: str
    ledger_label: str
    day: str
    title: str
    missing: str
    due: str = ""
    late: bool = False
    days: str = ""
    ledger: str = ""
    record_id: str = ""
    handlers: tuple[str, ...] = ()
    handler: str = ""

    def cells(self) -> list[str]:
        """The row as every list shows it (`HEADERS`)."""
        return [self.group, self.number, self.ledger_label, self.day, self.title, self.handler, self.missing,
                self.due, self.days]


@dataclass
class Todo:
    """The items in `GROUPS` order, each group overdue first, then by deadline (those without one last, by date);
    `notes`: what could not be asked (a catalog that cannot be read), said under the list."""

    today: str
    year: int
    items: list[Item] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def groups(self) -> dict[str, list[Item]]:
        """Group -> its items, the groups that have any, in `GROUPS` order."""
        found: dict[str, list[Item]] = {}
        for item in self.items:
            found.setdefault(item.group, []).append(item)
        return found

    def summary(self) -> str:
        """"未办结的事项 5 项（逾期 2 项）；未达标的指标 3 项（未达标 1 项）"; "没有待办事项" when there is none."""
        parts = []
        for group, items in self.groups().items():
            late = sum(1 for item in items if item.late)
            word = "未达标" if group == TARGETS else overdue.MARK  # a target missed is not "late"
            parts.append(f"{group} {len(items)} 项" + (f"（{word} {late} 项）" if late else ""))
        return "；".join(parts) or "没有待办事项"


def days_said(due: str, today: str, past: str = overdue.MARK) -> str:
    """"还剩 5 天", "今天到期", "逾期 3 天" of a deadline `due` (ISO) on `today`; "" without a deadline. `past`: the
    word for a deadline passed ("已过" for the parties' 履行期限: not the office's own deadline, not 逾期)."""
    if not due:
        return ""
    try:
        left = (date.fromisoformat(due) - date.fromisoformat(today)).days
    except ValueError:  # a date an older version stored as typed: shown as it is, no days said
        return ""
    return f"还剩 {left} 天" if left > 0 else "今天到期" if left == 0 else f"{past} {-left} 天"


def build(store: Store, year: int | None = None) -> Todo:
    """The township's 待办事项 today: matters of every year (a complaint of December is still open in January), the
    targets of `year` (default: the year 本年度指标 opens on, `default_year`: in January the year just ended while it
    is not closed, the year the 考核组 assesses), said in `notes` when not this year's. FazhiError at the county,
    whose records are the townships'."""
    from fazhi_desktop.core.indicators.engine import default_year

    if store.is_county:
        raise FazhiError(COUNTY)
    lookups = store.lookups()
    today = lookups.today_iso()
    why = ""
    if year is None:
        year, why = default_year(store)
    todo = Todo(today, year)
    if year != int(today[:4]):
        why = why.split("，显示")[0]  # "2027年尚无记录", "1月为2026年度考核期，2026年尚未封账"
        todo.notes.append(f"“{TARGETS}”列的是{year}年的指标" + (f"（{why}）" if why else ""))
    items = [*_matters(store, today), *_agreements(store, today), *_targets(store, year, todo.notes),
             *_waiting(store), *_unlinked(store)]
    # overdue first, then by deadline, those without one by their date
    order = {group: n for n, group in enumerate(GROUPS)}
    todo.items = sorted(_handled(items, todo.notes, handover.gone(store)),
                        key=lambda i: (order[i.group], not i.late, i.due or "9999", i.day, i.number))
    return todo


def _handled(items: list[Item], notes: list[str], away: dict[str, str]) -> list[Item]:
    """The items with their handlers as listed, those who have gone marked (`away`: core/handover.gone), and a
    note of the open matters such handlers leave (`HANDED`), for the newcomer to take over."""
    left: dict[str, int] = {}
    for item in items:
        if item.group == MATTERS:
            for name in dict.fromkeys(n for n in item.handlers if n in away):
                left[name] = left.get(name, 0) + 1
    if left:
        matters = sum(1 for i in items if i.group == MATTERS and any(n in away for n in i.handlers))
        notes.append(HANDED.format(count=matters, who="，".join(f"{name} {n} 项" for name, n in left.items())))
    return [replace(item, handler=handover.names_said(item.handlers, away)) if item.handlers else item
            for item in items]


def _own(store: Store, ledger: LedgerDef, where: str = "1", params: list | None = None) -> list[Record]:
    """This office's live records of `ledger` matching the SQL `where`, as stored (a record a damaged file no longer
    holds as text is left out: its list shows it)."""
    rids = [row[0] for row in store.conn.execute(
        f'SELECT rid FROM "{ledger.name}" WHERE deleted = 0 AND township = ? AND ({where})',
        [store.township, *(params or [])])]
    try:
        return list(store.rows(ledger.name, rids).values())
    except damaged.DamagedRecords as exc:
        return list(exc.readable.values())


def _item(group: str, ledger: LedgerDef, record: Record, missing: str, due: str = "", late: bool = False,
          today: str = "", past: str = overdue.MARK) -> Item:
    return Item(group, record.number or "（未编号）", ledger.label, str(record[ledger.date_field] or ""),
                list_cell(ledger.field(ledger.title_field), record[ledger.title_field]) if ledger.title_field else "",
                missing, due, late,
                days_said(due, today, past) if due else "", ledger.name, record.id,
                handover.handlers_of(ledger, record.values))


def _matters(store: Store, today: str) -> list[Item]:
    """The matters still being handled (`LedgerDef.in_progress`): with the deadline of their `overdue` check and
    what it says once passed, else what concludes them (year_close.conclusion_named)."""
    lookups = store.lookups()
    found = []
    for ledger in store.ledgers.values():
        if ledger.open_until is None:
            continue
        # without `open_while` the rule is `open_until` empty: asked in SQL first, as most records are concluded
        until = ledger.open_until
        where = "1" if ledger.open_while else f'"{until}" IS NULL OR "{until}" = \'\''
        deadlines = [check.fields[0] for check in overdue.checks_of(ledger) if check.group is None]
        for record in _own(store, ledger, where):
            if not ledger.in_progress(record.values):
                continue
            due = next((str(record[name]) for name in deadlines if record[name]), "")
            said = overdue.said(ledger, record.values, lookups)
            missing = "；".join(said) if said else f"办理中：待填{year_close.conclusion_named(ledger)}"
            found.append(_item(MATTERS, ledger, record, missing, due, bool(said), today))
    return found


def _agreements(store: Store, today: str) -> list[Item]:
    """The records a form's `passed` check names (a 履行期限 passed while its 履行情况 is still 正在履行), and those
    whose date has passed with the field that check reads empty where the form shows it (履行情况 never filled).
    Not 逾期 (`late` False, "已过 N 天"): the 履行期限 is the parties', not a deadline of the office's own, and 逾期
    is what 需关注 and the lists' 逾期 filter count (core/overdue.py); the item asks the clerk to say how it went."""
    from fazhi_desktop.core.validate import said_by

    lookups = store.lookups()
    found = []
    for ledger in store.ledgers.values():
        for check in (c for c in ledger.checks if c.kind == "passed" and c.group is None and c.applies is not None):
            dated, status = ledger.field(check.fields[0]), ledger.field(check.applies.field)
            # asked in SQL first: the date passed, the field empty or one of the values the check names
            named = [check.applies.value] if check.applies.op == "equals" else list(check.applies.value)
            marks = ",".join("?" * len(named))
            where = f'"{dated.name}" < ? AND ("{status.name}" IS NULL OR "{status.name}" IN ({marks}))'
            for record in _own(store, ledger, where, [today, *named]):
                said = [w.message for w in said_by((check,), record.values, lookups)]
                if not said and record[status.name] in (None, "") and dated.visible(record.values) \
                        and status.visible(record.values):
                    said = [f"{dated.label}已过，未填{status.label}"]
                if said:
                    found.append(_item(AGREEMENTS, ledger, record, "；".join(said), str(record[dated.name]), False,
                                       today, PASSED))
    return found


def _targets(store: Store, year: int, notes: list[str]) -> list[Item]:
    """The year's targets not yet met (进行中, 有风险, 未达标), with what 本年度指标's 说明 says each still needs."""
    from fazhi_desktop.core.indicators import compute, load_catalog_for
    from fazhi_desktop.core.indicators import status as st
    from fazhi_desktop.core.indicators.explained import explain, still_needs
    from fazhi_desktop.core.indicators.moving import moving

    try:
        catalog = load_catalog_for(store, year=year, remember=False)
        results = compute(store, catalog, year)
    except FazhiError as exc:
        notes.append(f"未能计算{year}年的指标：{exc}")
        return []
    town = results.townships[0].code
    waiting, short = still_needs(store, results, town)
    still = moving(store, results)
    found = []
    for fig in results.for_township(town, catalog.targets):
        code = fig.indicator.code
        if fig.status in (st.ON_TRACK, st.AT_RISK, st.MISSED):
            said = explain(fig, still, waiting.get(code, ""), short.get(code, ""))
            found.append(Item(TARGETS, code, "本年度指标", "", fig.indicator.title, f"{fig.status_text}：{said}",
                              f"{year}-12-31", fig.status == st.MISSED))
    return found


def _waiting(store: Store) -> list[Item]:
    """Drafts sent back for the clerk to correct (退回待改, with who sent them back and why), drafts entered by an
    account since stopped (a clerk who left: `LEFT`), and records 已提交 that the 所长 has not reviewed yet."""
    found = []
    stopped = sorted(handover.stopped_accounts(store))
    for ledger in store.ledgers.values():
        back = store.list(ListQuery(ledger.name, township=store.township, sent_back=True))
        reopened = sent_back.reopenings(store, back)
        for record in back:
            said = reopened[record.id].said() if record.id in reopened else sent_back.MARK
            found.append(_item(WAITING, ledger, record, f"{sent_back.FILTER}（录入员修改后再提交）：{said}"))
        listed = {record.id for record in back}
        if stopped:  # a leaver's drafts: nobody's any more until someone takes them over
            marks = ",".join("?" * len(stopped))
            for record in _own(store, ledger, f"status = 'draft' AND created_by IN ({marks})", stopped):
                if record.id not in listed:
                    found.append(_item(WAITING, ledger, record, LEFT.format(who=record.created_by)))
        for record in store.list(ListQuery(ledger.name, township=store.township, status="submitted")):
            found.append(_item(WAITING, ledger, record, f"{STATUS_LABELS['submitted']}，待所长审核"))
    return found


def _unlinked(store: Store) -> list[Item]:
    """The meetings whose link to a study of their day is empty while a study of that day waits for it
    (`links.waiting_for`: exactly one meeting of the day, which the user may change); a meeting two studies of its
    day wait for, once, naming both (which is hers to say)."""
    waiting: dict[str, tuple[Record, str, list[str]]] = {}
    targets = {check.fields[1] for ledger in store.ledgers.values() for check in ledger.checks
               if check.kind == "link_day" and check.group is None}
    for name in sorted(targets):
        ledger = store.ledger(name)
        studies = _own(store, ledger, _day_waits(store, ledger))
        taken = links.referrers(store, ledger, [s.id for s in studies])
        for study in studies:
            found = None if study.id in taken else links.waiting_for(store, study)
            if found is not None:
                named = f"{ledger.label} {study.number or study.id}（{study[ledger.title_field] or ''}）"
                waiting.setdefault(found.record.id, (found.record, found.field.label, []))[2].append(named)
    return [_item(LINKS, store.ledger(record.ledger), record,
                  f"“{label}”未填：同日的{'、'.join(named)}尚未链接" + ("（请选其一）" if len(named) > 1 else ""))
            for record, label, named in waiting.values()]


def _day_waits(store: Store, ledger: LedgerDef) -> str:
    """SQL for `_own`: a record of `ledger` of a day on which a live record of another ledger has its `link_day`
    link to `ledger` empty (`links.waiting_for` asks the rest). Five years' studies, most with no meeting waiting,
    were each read whole to be asked."""
    day = f'"{ledger.name}"."{ledger.date_field}"'
    waits = [f'EXISTS (SELECT 1 FROM "{other.name}" AS o WHERE o.deleted = 0 AND o."{check.on}" = {day} AND '
             f'(o."{check.fields[0]}" IS NULL OR o."{check.fields[0]}" = \'\'))'
             for other in store.ledgers.values() for check in other.checks
             if check.kind == "link_day" and check.group is None and check.fields[1] == ledger.name]
    return " OR ".join(waits) or "0"


def write(todo: Todo, path: Path | str) -> int:
    """The list to `path` (.xlsx or .csv) as core/list_export.py writes a list: atomically, text as typed. Returns
    how many items."""
    return list_export.write_table(path, "待办事项", list(HEADERS), [item.cells() for item in todo.items])
