"""台账 register: one ledger for one year as a landscape table, as inspections ask for it.

At the county a register is of one township, as it goes into that township's file: its office in the title, its
records only (every township numbers its own: two 〔2026〕会记字第1号 side by side told nothing apart), those the
county marks (不计入, 重装前) marked after their status as the lists mark them.

The office name and year in the title, a line with the count and the time it was generated, the ledger's list
columns plus a few more that inspectors look for, the header row repeated on every page, "第 N 页 共 M 页" on each.
Records in date order, a record late today 逾期 in its 状态 as the lists show it (core/overdue.py). Under the table,
what the rows alone do not tell an inspector: 编号说明 (the year's numbers not listed), and the notes of the figures
the rows do not add up to (register_notes.py: T29 counted by person, T30b's complaints carried over). Long registers
report progress and can be cancelled.
"""

from __future__ import annotations

import re
from datetime import date

from fazhi_desktop.core import divisions, overdue
from fazhi_desktop.core.clock import office_date, utc_iso
from fazhi_desktop.core.dates import cn_date, cn_time, year_problem
from fazhi_desktop.core.display import (
    NOT_CONCLUDED,
    cell_value,
    display_value,
    linked_number,
    not_concluded,
    status_text,
)
from fazhi_desktop.core.documents import cjk
from fazhi_desktop.core.documents.common import QR_SIZE, in_role_order, number_pages
from fazhi_desktop.core.documents.errors import DocumentError
from fazhi_desktop.core.documents.fonts import FontSet
from fazhi_desktop.core.documents.issuer import township_issuer
from fazhi_desktop.core.documents.layout import A4_LANDSCAPE, GREY, MM, Document, Style, Typesetter
from fazhi_desktop.core.documents.printable import printable_record
from fazhi_desktop.core.documents.register_codes import Months, period_name, register_title, save_pages
from fazhi_desktop.core.documents.register_notes import figure_notes
from fazhi_desktop.core.documents.table import SHORT_PROSE, Column, Flow, Table, breaks_well, fit_columns
from fazhi_desktop.core.documents.verify import draw_code_mark
from fazhi_desktop.core.forms import FieldDef, LedgerDef
from fazhi_desktop.core.jobs import Progress, no_progress
from fazhi_desktop.core.store import ListQuery, Record, Store

#: columns inspectors look for beyond the ledger's list columns (ledgers.md), as many as a landscape page holds with
#: numbers and dates unwrapped (a choice breaks before its bracket only): a meeting's 会前学法 (T46a, by the study's
#: number: the study's register cannot say its meeting, nor that two meetings of one morning shared it), 持证 feeds
#: T29, 发现问题 and 复查日期 follow a check to its end, 办理期限 judges 按期办结, 关联监督检查 the check a
#: complaint led to (by its number; the check's register cannot say it, the link being the complaint's), 履行情况 a
#: mediation's outcome; a study's 主要负责同志 flag (T46c), 述法人 (T47), an exam's 参考/合格人数 and 成绩通报 in
#: one cell (T49b). Parties by name only, never an ID number or phone. Left to the printed record for want of room:
#: 三项制度 (three columns of long headers), 监督意见书文号, 协议形式, 司法确认.
EXTRA_COLUMNS: dict[str, tuple[str, ...]] = {
    "meeting": ("pre_meeting_study", "location", "agenda_items"),
    "law_study": ("speaker_is_principal_leader", "host", "present_count", "reporters", "exam_result"),
    "enforcement_check": ("inspectors", "staff_requiring_certificate", "staff_certified", "problems_found",
                          "rectify_by", "rechecked_on"),
    "complaint": ("respondent", "handler", "due_on", "closed_on", "handling_result", "related_check"),
    "mediation_case": ("parties", "mediators", "performance_status", "closed_on"),
}
#: registers read in the form's order (ledgers.md's): the list's order put 办结日期 and 是否按期办结
#: before the 被投诉对象 and 办理期限 they answer, and a check's 复查结果 beside its 被监督单位, four columns before
#: the 发现问题 and 整改期限 it was the outcome of, for the 所长 to read across
FORM_ORDER = frozenset({"enforcement_check", "complaint"})
#: headers shorter than the form's labels, for narrow columns of a flag or a count ("主讲人是否主要负责同志" took
#: five lines over a column of 是)
SHORT_LABELS = {"speaker_is_principal_leader": "主要负责同志主讲", "related_check": "关联检查",
                "office_head_attendance": "所长列席",
                "exam_result": "考试：参考/合格人数，成绩通报"}
#: flags printed only when set: a column of 否 under every 会前学法 hid the few lectures T46c counts
YES_ONLY = frozenset({"speaker_is_principal_leader"})
#: field types of free text: a short value of these may wrap (a place), unlike a number, date, choice or name
PROSE = frozenset({"text", "longtext"})
NAME_LISTS = frozenset({"people", "multichoice"})  # cells of names joined by 、
#: a choice's parts, each kept whole on a line: "调解不成功(终止)" may take two lines, broken before its bracket only,
#: and a 纠纷类型 before the 纠纷 it ends in ("拖欠农民工工资" / "纠纷", not a column as wide as the longest type)
_CHOICE_PARTS = re.compile(r"(?=[(（])|(?<=.)(?=纠纷$)")
#: sub-fields that name a row of a repeating group, best first
_ROW_NAMES = ("title", "name", "org_name")
#: ... of which these name a person or a body: such rows are listed as names joined by 、 (当事人 "马文、李四")
_PERSON_NAMES = frozenset({"name", "org_name"})
SIZE, LEADING, PADDING = 9.5, 12.5, 3.0
#: where a page's 核验码 would be when the database could not keep what the page lists (register_codes.save_pages)
UNCODED = "无核验码（打印时数据库不能写入）"
#: 备注 keeps room to write in by hand when empty, and takes no more than about 17 characters a line when long
REMARKS_WIDTH = (16 * MM, 60 * MM)
#: free-text columns of a fixed width, this many characters a line, however full the page until every other column
#: is at its least (`table.fit_columns`): a case's name of 15–20 characters (马某某与李某某因宅基地边界引发的纠纷) on
#: two lines, not four or five beside a roomy 纠纷类型 (a full page took it to nine beside four mediators, to four
#: with long values, before a short column gave anything); wider only by room the other columns do not use
#: (`_spared`: 马某与李某宅基地纠纷10 on one line beside an empty 调解结果)
LINE_CHARS = {"case_name": 10}
#: "阿依古丽·买买提": the longest name a list of names (its 、 besides) or a single name keeps whole on a line when
#: the page is full; a longer one wraps (a 主讲人 "县委党校马晓明老师" held its column at nine characters, and the
#: study's 学习内容 went to four)
NAME_CHARS = 8
CHOICE_CHARS = 8  # "(政府常务会议)": the longest part of a choice kept whole on a line
MARGIN = 14 * MM
BATCH = 200
KEPT_NOTE_LINES = 3  # of the 编号说明, on the page of the table's last row: a short one whole, a long one begun


def register_columns(ledger: LedgerDef) -> list[str]:
    """The register's columns: 序号 is added by the layout; then list columns, extras and 备注."""
    columns = list(ledger.list_columns)
    for name in EXTRA_COLUMNS.get(ledger.name, ()):
        if name not in columns and set(_JOINED.get(name, (name,))) <= set(ledger.field_names):
            columns.append(name)
    if ledger.name in FORM_ORDER:
        place = {name: n for n, name in enumerate(ledger.field_names)}
        columns.sort(key=lambda name: -1 if name == "number" else place.get(name, len(place)))
    # 状态 in one place in every register, before 备注, as every record lists them last (ledgers.md): in the middle
    # of a meeting's row it parted 主持人 and 所长列席 from the 会前学法, 地点 and 议题 of the same meeting
    return [*(c for c in columns if c != "status"), *(["status"] if "status" in columns else []), "remarks"]


def _exam_result(values: dict) -> str:
    """"30/28，已通报": an exam's 参考人数/合格人数 and whether its scores were circulated (T49b counts only those);
    "" for another activity, whose exam fields are hidden and empty."""
    takers, passed, circulated = (values.get(name) for name in _JOINED["exam_result"])
    if takers is None and passed is None and circulated is None:
        return ""
    counts = f"{'' if takers is None else takers}/{'' if passed is None else passed}，"
    return f"{counts if takers is not None or passed is not None else ''}{'已' if circulated else '未'}通报"


#: register columns that print several fields in one cell for want of room (a landscape page held the study's
#: 参考人数, 合格人数 and 成绩是否通报 as three columns only by wrapping every 编号): the fields each reads
_JOINED = {"exam_result": ("exam_takers", "exam_passed", "scores_circulated")}


def cell_text(ledger: LedgerDef, record: Record, column: str, mark: str = "", late: bool = False) -> str:
    """One cell of the register, as `display_value` shows it; a group lists its rows by name ("1.… 2.…"); `mark`:
    what the county says of the record after its status (Store.county_marks); `late`: the record is overdue today,
    its status said as the lists say it (逾期·草稿)."""
    if column == "number":
        return record.number or ""
    if column == "status":
        return overdue.marked(status_text(record.status, mark), late)
    if column == "remarks":
        return record.values.get("remarks") or ""
    if column == "exam_result":
        return _exam_result(record.values)
    f = ledger.field(column)
    value = record.values.get(column)
    if f.type == "group" and value:
        names = [_row_name(f, row) for row in in_role_order(f, value)]  # 申请人 first, as on the 协议书
        if is_name_list(f):
            return "、".join(n for n in names if n)
        return "\n".join(f"{i}. {n}" for i, n in enumerate(names, 1) if n) if len(names) > 1 else names[0]
    if column in YES_ONLY and not value:
        return ""
    if not_concluded(ledger, record.values, column):
        return NOT_CONCLUDED
    return cell_value(f, value)


def is_name_list(f: FieldDef) -> bool:
    """Whether a register cell of `f` lists names joined by 、 (检查人员, 当事人), to wrap between names only."""
    if f.type in NAME_LISTS:
        return True
    subs = {sub.name for sub in f.fields}
    return f.type == "group" and next((n for n in _ROW_NAMES if n in subs), None) in _PERSON_NAMES


def _row_name(f: FieldDef, row: dict) -> str:
    for name in _ROW_NAMES:
        if row.get(name):
            return str(row[name])
    sub = f.fields[0]
    return display_value(sub, row.get(sub.name), reveal=False)


def default_year(store: Store, ledger_name: str, today: date | None = None) -> int:
    """The year whose register is wanted when none is named: in January the year just ended (registers are printed
    at the year's end), else the latest year with records up to this one (a study planned for next year, saved to
    print its sign-in sheet, does not make next year's register the one offered); this year when none has any."""
    today = today or office_date(store.clock())  # the offices' day, Beijing's, as the year-close judges it
    years = [y for y in store.years(ledger_name) if y <= today.year and not year_problem(y)]  # the year box's
    if today.month == 1 and today.year - 1 in years:
        return today.year - 1
    return years[0] if years else today.year


def register_townships(store: Store, ledger_name: str) -> list[tuple[str, str]]:
    """At the county, the townships with live records in `ledger_name`, (code, name) in code order: the registers
    there are to print. Empty at a township, whose register is its own."""
    if not store.is_county:
        return []
    ledger = store.ledger(ledger_name)
    names = divisions.names()
    codes = [c for (c,) in store.conn.execute(
        f'SELECT DISTINCT township FROM "{ledger.name}" WHERE deleted = 0 ORDER BY township')]
    return [(code, names.get(code, code)) for code in codes]


def register_records(store: Store, ledger: LedgerDef, year: int, progress: Progress = no_progress,
                     township: str | None = None, months: Months = None) -> list[Record]:
    """The year's live records (of `township` only, when given; dated in `months` only, when given) in date order,
    read a batch at a time (each batch a chance to cancel), their values as a document prints them
    (`printable_record`: a pasted tab or line break in a title becomes a space)."""
    first, last = months or (1, 12)
    rids = store.query_rids(ListQuery(ledger.name, year=year, descending=False, township=township,
                                      date_from=f"{year:04d}-{first:02d}-01", date_to=f"{year:04d}-{last:02d}-31"))
    records: list[Record] = []
    for start in range(0, len(rids), BATCH):
        chunk = rids[start : start + BATCH]
        by_rid = store.rows(ledger.name, chunk)
        records += [printable_record(ledger, by_rid[r]) for r in chunk]
        progress(len(records), 2 * len(rids), f"正在读取记录：{len(records)} / {len(rids)}")
    return records


def _link_numbers(store: Store, ledger: LedgerDef, columns: list[str], rows: list[list[str]],
                  year: int) -> dict[int, dict[str, str]]:
    """A link column's cells (a complaint's 关联监督检查) by the linked record's number, not its id (`cell_text`
    knows no database); one of the register's year without its 〔year〕 (执监字第3号; deleted, 所链接的执监字第3号
    已删除), to stay on one line beside the columns a complaint is read by, as every 编号 does. Returns, per link
    column, each cell's text and the number it holds: the column is as wide as that number, and the words of a
    deleted link wrap around it (measured whole, they took a third of the page and left the complaint's matter four
    characters a line)."""
    own = f"〔{year}〕"
    found: dict[int, dict[str, str]] = {}
    for i, c in enumerate(columns, 1):
        if c in ledger.field_names and ledger.field(c).type == "link":
            looked: dict[str, tuple[str, str]] = {}
            cells = found[i] = {}
            for row in rows:
                if row[i]:
                    if row[i] not in looked:
                        text, number = linked_number(store, row[i])
                        short = number.removeprefix(own)
                        looked[row[i]] = (text.replace(number, short) if number else text), short
                    text, number = looked[row[i]]
                    row[i] = text
                    cells[text] = number
    return found


def build_register(store: Store, ledger_name: str, year: int, fonts: FontSet,
                   progress: Progress = no_progress, township: str | None = None, months: Months = None) -> Document:
    """Lay out the register of `ledger_name` for `year`, or for the `months` of it (May's: (5, 5), the second
    quarter's: (4, 6)), laid out, sorted and numbered as the year's: at the county of `township`, which must be given
    (at a township its own). What only the whole year tells (编号说明, the notes of the year's figures) is left to the
    year's register. `progress` may raise Cancelled to stop."""
    ledger = store.ledger(ledger_name)
    if not store.is_county:
        township = None
    elif not township:
        raise DocumentError(f"县里打印{ledger.label}台账须选定一个乡镇：台账按乡镇打印，归入该乡镇的档案")
    records = register_records(store, ledger, year, progress, township, months)
    columns = register_columns(ledger)
    labels = ["序号", *(SHORT_LABELS.get(c) or ledger.column_label(c) for c in columns)]
    marks = store.county_marks([r.id for r in records])  # at the county: 不计入, 重装前
    late = late_ids(store, ledger, year, township)
    rows = [[str(i), *(cell_text(ledger, r, c, marks.get(r.id, ""), r.id in late) for c in columns)]
            for i, r in enumerate(records, 1)]
    links = _link_numbers(store, ledger, columns, rows, year)
    ts = Typesetter(fonts)
    width, height = A4_LANDSCAPE
    flow = Flow((width, height), MARGIN, height - MARGIN - 6 * MM, MARGIN, width - MARGIN)
    office = township_issuer(store, township).office
    title, named = register_title(store, ledger.name, year, township, months), period_name(year, months)
    first, end = period_end(ledger, records, year, office_date(store.clock()), months)
    period = f"{cn_date(first.isoformat())}至{cn_date(end.isoformat())}"
    _head(flow, ts, title, len(records), period, utc_iso(store.clock()))
    body, head = Style("songti", SIZE), Style("heiti", SIZE)
    remarks = len(labels) - 1
    # lists of people (检查人员, 调解员, 当事人) wrap between names, as in a record, never inside one: like free text,
    # a list of more than two names may take two lines to leave room for other columns
    lists = {i for i, c in enumerate(columns, 1) if c in ledger.field_names and is_name_list(ledger.field(c))}
    prose = {i for i, c in enumerate(columns, 1) if c in ledger.field_names and ledger.field(c).type in PROSE}
    choices = {i for i, c in enumerate(columns, 1) if c in ledger.field_names and ledger.field(c).type == "choice"}
    persons = {i for i, c in enumerate(columns, 1) if c in ledger.field_names and ledger.field(c).type == "person"}
    # ... and is at least as wide as its longest name with its 、 ("虎小平、" never "虎小" / "平、")
    bounds = {i: (_widest(ts, {f"{name}、" for row in rows[:400] for name in row[i].split("、") if name}, body,
                          NAME_CHARS, longer_wrap=True), flow.width) for i in lists}
    # a choice is measured by its widest part, which it holds whole: 调解结果 as wide as 调解不成功, not
    # 调解不成功(终止), leaves the case's name four characters more; 会议类型 holds 乡镇行政会议 / (政府常务会议)
    bounds |= {i: (_widest(ts, {part for row in rows[:400] for part in _CHOICE_PARTS.split(row[i]) if part}, body,
                           CHOICE_CHARS), flow.width) for i in choices}
    # a case's name LINE_CHARS characters a line; a single name keeps up to NAME_CHARS characters whole however full
    # the page, a status its text (所长已审核, 草稿·重装前), a flag its answer (未办结, not 未办 / 结 in 是否按期办结)
    bounds |= {i: (LINE_CHARS[c] * SIZE + 2 * PADDING + 1,) * 2 for i, c in enumerate(columns, 1) if c in LINE_CHARS}
    flags = {i for i, c in enumerate(columns, 1) if c in ledger.field_names and ledger.field(c).type == "boolean"}
    bounds |= {i: (_widest(ts, {row[i] for row in rows[:400]}, body, NAME_CHARS), flow.width)
               for i in persons | flags | {i for i, c in enumerate(columns, 1) if c == "status"}}
    samples = [[_CHOICE_PARTS.sub("\n", text) if i in choices else text for i, text in enumerate(row)]
               for row in rows[:400]]
    # a 编号 and a date are each one line at their widest, whatever else the page holds ("〔2026〕人" / "调字第1号")
    whole = {i: _whole_width(ts, labels[i], {row[i] for row in rows}, body, head) for i, c in enumerate(columns, 1)
             if c == "number" or (c in ledger.field_names and ledger.field(c).type == "date")}
    whole |= {i: _whole_width(ts, labels[i], set(cells.values()), body, head) for i, cells in links.items()}
    widths = fit_columns(ts, labels, samples, flow.width, body, head, PADDING, fixed={0: 10 * MM, **whole},
                         prose=prose | lists | {remarks}, bounds={**bounds, remarks: REMARKS_WIDTH},
                         names=lists | persons)
    drawn = [[_link_spans(text, links[i].get(text, ""), body) if i in links else
              _cell_spans(text, body, i in lists, i in choices, i in persons) for i, text in enumerate(row)]
             for row in rows]
    # a row taller than a page goes on under its 编号 again, beside "1（续）"
    number = [i for i, c in enumerate(columns, 1) if c == "number"]

    def table_of(widths: list[float]) -> Table:
        return Table(ts, [Column(label, w, "center" if i == 0 else "left") for i, (label, w) in
                          enumerate(zip(labels, widths, strict=True))], body, head, LEADING, PADDING, repeat=number)

    table = table_of(widths)
    # the room a column does not use (备注 empty, a header shortened, a place on two lines) to the text that makes
    # the rows tall (议题, 投诉事项): each column down to its least, a value kept whole kept whole
    spared = _spared(table, drawn[:400], widths, _least_widths(ts, ledger, columns, rows[:400], bounds, body))
    continued = max(widths[0], ts.width("（续）", body.role, SIZE) + 2 * PADDING + 1)
    if any(table.row_height(row) > flow.bottom - flow.top - table.row_height(labels) for row in drawn):
        spared = _from_widest(spared, 0, continued)  # "（续）" whole under the 序号
    if spared != widths:
        table = table_of(spared)
    total = len(rows)

    on_pages = _PageRows(flow)

    def laid_out(done: int) -> None:
        on_pages.drawn(records[done - 1])
        if done % 20 == 0 or done == total:
            progress(total + done, 2 * total, f"正在排版：{done} / {total}")

    missing = [] if store.is_county or months else numbers_missing(store, ledger, year, records)
    said = ["编号说明：" + "；".join(missing) + "。"] if missing else []
    if months is None:  # the year's figures: a month's rows are not what they count
        said += figure_notes(store, ledger, year, township, records)  # 上年结转, a figure counted by person
    note = [line for paragraph in said for line in ts.lines([(paragraph, body)], flow.width)]
    if note and drawn:
        _draw_keeping(flow, table, drawn, laid_out, _note_height(note[:KEPT_NOTE_LINES]))
    else:
        table.draw(flow, drawn, laid_out)
    if not rows:
        flow.y += 2 * LEADING
        ts.draw_text(flow.page, f"（{named}本台账没有记录）", body, flow.left + flow.width / 2, flow.y, align="center")
    if note:
        _note(flow, ts, note)
    # each loose page named as the title and 核验打印件 name the register (not 海城镇司法所 会议台账（2026年）)
    number_pages(flow.pages, ts, flow.bottom - 2 * MM, flow.left, flow.right, footer_left=title)
    codes = save_pages(store, ledger.name, year, township, on_pages.pages(), months)
    for page, code, listed in zip(flow.pages, codes, on_pages.pages(), strict=True):
        what = f"本页 {len(listed)} 条记录" if listed else "本页没有记录"
        if code is None:  # the database could not keep what the page lists: a code would check out nowhere
            ts.draw_text(page, f"{what}，{UNCODED}", Style("songti", 7.5, GREY), flow.right,
                         flow.bottom + 1 * MM + QR_SIZE / 2, align="right")
        else:
            draw_code_mark(page, ts, code, what, flow.right - QR_SIZE, flow.bottom + 1 * MM, QR_SIZE,
                           label_right=False)
    return Document(flow.pages, fonts, title, "register", office, subject=f"{ledger.label}台账 {named}",
                    extra={"rows": len(records), "columns": labels, "codes": codes})


class _PageRows:
    """Which records each page of the register lists, as the table draws them: a row split over two pages (its
    序号 again beside "1（续）") is on both."""

    def __init__(self, flow: Flow):
        self.flow = flow
        self.on: list[list[Record]] = [[]]
        self._mark()

    def _mark(self) -> None:
        self.count, self.items = len(self.flow.pages), len(self.flow.pages[-1].items)

    def drawn(self, record: Record) -> None:
        """After `record`'s row was drawn: on the page that was the last before it if that got more drawn on it,
        and on every page begun since."""
        first = self.count - 1 if len(self.flow.pages[self.count - 1].items) > self.items else self.count
        for number in range(first, len(self.flow.pages)):
            while len(self.on) <= number:
                self.on.append([])
            self.on[number].append(record)
        self._mark()

    def pages(self) -> list[list[Record]]:
        """The records on each page of the flow (none on a page of the notes alone)."""
        return self.on + [[] for _ in range(len(self.flow.pages) - len(self.on))]


def late_ids(store: Store, ledger: LedgerDef, year: int, township: str | None) -> set[str]:
    """The ids of the year's records (of `township` at the county) overdue today, as the list's 逾期 filter finds
    them (core/overdue.py: at the county, not a record of a township's earlier install)."""
    rids = store.query_rids(ListQuery(ledger.name, year=year, township=township, overdue=True))
    return {record.id for record in store.rows(ledger.name, rids).values()} if rids else set()


def numbers_missing(store: Store, ledger: LedgerDef, year: int, records: list[Record]) -> list[str]:
    """The year's numbers this office gave out that the register does not list, each with what became of it: an
    inspector checks that a ledger's numbers run on without a gap ("〔2026〕人调字第3号已删除", "〔2026〕人调字第7号
    已改编为〔2027〕人调字第1号" when a corrected date moved the case to another year). From the office's numbering
    and change log; a number that no record held (none is known to) is said to be unused."""
    listed = {r.number for r in records}
    given = [ledger.numbering.render(year, prefix, seq) for prefix, last in store.conn.execute(
        "SELECT prefix, last_seq FROM numbering WHERE ledger = ? AND year = ? ORDER BY prefix", [ledger.name, year])
        for seq in range(1, last + 1)]
    gaps = [number for number in given if number not in listed]
    if not gaps:
        return []
    holders: dict[str, str] = {}
    for start in range(0, len(gaps), 500):
        chunk = gaps[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        holders.update(store.conn.execute(
            f"SELECT json_extract(data, '$.number') AS number, record_id FROM changes WHERE ledger = ? "
            f"AND json_extract(data, '$.number') IN ({marks}) GROUP BY number", [ledger.name, *chunk]).fetchall())
    now = dict(store.conn.execute(f'SELECT id, number FROM "{ledger.name}" WHERE deleted = 0 AND id IN '
                                  f'({", ".join("?" * len(holders))})', list(holders.values())).fetchall()) \
        if holders else {}
    out = []
    for number in gaps:
        holder = holders.get(number)
        if holder is None:
            out.append(f"{number}未使用")
        elif holder not in now:
            out.append(f"{number}已删除")
        else:
            out.append(f"{number}已改编为{now[holder]}")
    return out


def _least_widths(ts: Typesetter, ledger: LedgerDef, columns: list[str], rows: list[list[str]],
                  bounds: dict[int, tuple[float, float]], body: Style) -> dict[int, float]:
    """The columns that may give room to others (`_spared`), each with the narrowest it may be: a name, a choice's
    part, a status or a flag its widest kept whole (`bounds`), 备注 room to write in by hand, free text (a place, a
    meeting's name) SHORT_PROSE characters a line, a count or another short value its widest. A 编号, a date and a
    link are not among them: they are as wide as their widest value already."""
    least: dict[int, float] = {}
    extra = 2 * PADDING + 1
    for i, c in enumerate(columns, 1):
        f = ledger.field(c) if c in ledger.field_names else None
        if c == "remarks":
            least[i] = REMARKS_WIDTH[0]
        elif i in bounds:
            least[i] = bounds[i][0]
        elif c == "number" or (f is not None and f.type in ("date", "link")):
            continue
        elif f is not None and (f.type in PROSE or f.type == "group"):
            least[i] = SHORT_PROSE * SIZE + extra
        else:
            least[i] = max((ts.width(part, body.role, SIZE) for row in rows for part in row[i].split("\n")),
                           default=0.0) + extra
    return least


def _spared(table: Table, rows: list[list], widths: list[float], least: dict[int, float]) -> list[float]:
    """`widths` with the room a column does not need given to the columns whose text makes the rows tall: 备注
    empty all year, 会议类型 wider than its parts, a place on two lines rather than one, beside a 议题 of nine lines
    (on a page as full as a meeting's, fitting by the text alone left it ten characters a line, and a year of 30
    meetings seven pages of three to five rows). A character's width at a time, or several (an item of 议题 loses a
    line only when it is a few characters wider): the move that makes the rows, all told, shortest, while one makes
    them shorter. No column below its `least`, nor its header taller than the header row is."""
    step, pad = table.style.size, table.padding
    head = table.header_style

    def header_lines(i: int, width: float) -> int:
        return len(table.ts.title_lines(table.columns[i].label, head, max(width - 2 * pad, head.size)))

    def header_reads(i: int, width: float) -> bool:
        lines = table.ts.title_lines(table.columns[i].label, head, max(width - 2 * pad, head.size))
        return len(lines) <= header and (len(lines) == 1 or breaks_well(lines))

    header = max(header_lines(i, w) for i, w in enumerate(widths))
    counted: dict[tuple[int, float], list[int]] = {}

    def lines(i: int, width: float) -> list[int]:
        key = (i, round(width, 2))
        if key not in counted:
            counted[key] = [table.line_count(row[i], i, width) if row[i] else 1 for row in rows]
        return counted[key]

    def narrower(i: int, width: float) -> list[float]:
        """The widths `i` may take below `width`, widest first: a character less each, the last its least."""
        room = width - least[i]
        return [width - cut for cut in sorted({*(k * step for k in range(1, int(room / step + 0.01) + 1)), room})
                if cut > 0.5 and header_reads(i, width - cut)]

    def tallest(widths: list[float]) -> list[list[tuple[int, int]]]:
        """Each row's three tallest cells, (lines, column), tallest first."""
        now = [lines(i, w) for i, w in enumerate(widths)]
        return [sorted(((col[r], i) for i, col in enumerate(now)), reverse=True)[:3] for r in range(len(rows))]

    out = list(widths)
    if not rows:
        return out
    # first the room no row needs: a column's lines the same in every row a character narrower (备注 empty, a status
    # column wider than its header, 所长列席 over 全程) to the column whose text makes the most lines
    top = tallest(out)
    wraps = {i: sum(t[0][0] for t in top if t[0][1] == i) for i in least}
    if wraps and max(wraps.values()) > len(rows):
        taker = max(wraps, key=wraps.__getitem__)
        for giver in least.keys() - {taker}:
            kept, narrowest = lines(giver, out[giver]), out[giver]
            for width in narrower(giver, out[giver]):
                if lines(giver, width) != kept:
                    break
                narrowest = width
            out[taker] += out[giver] - narrowest
            out[giver] = narrowest
    # then room that costs a column lines where the rows, all told, come out shorter
    while True:
        top = tallest(out)
        total = sum(t[0][0] for t in top)
        takers = {i for t in top for n, i in t if n == t[0][0] > 1 and i in least}
        best, move = total, None
        for taker in takers:
            for giver in least.keys() - {taker}:
                for width in narrower(giver, out[giver]):
                    given, taken = lines(giver, width), lines(taker, out[taker] + out[giver] - width)
                    height = sum(max(next((n for n, i in t if i not in (giver, taker)), 1), given[r], taken[r])
                                 for r, t in enumerate(top))
                    if height < best:
                        best, move = height, (giver, taker, out[giver] - width)
        if move is None:
            return out
        giver, taker, width = move
        out[giver] -= width
        out[taker] += width


def _from_widest(widths: list[float], column: int, wanted: float) -> list[float]:
    """`widths` with `column` made `wanted` points wide, the difference taken from the widest other column."""
    if widths[column] >= wanted:
        return widths
    out = list(widths)
    widest = max((i for i in range(len(out)) if i != column), key=out.__getitem__)
    out[widest] -= wanted - out[column]
    out[column] = wanted
    return out


def _draw_keeping(flow: Flow, table: Table, rows: list, progress, after: float) -> None:
    """Draw the table's rows, the last one on the page of the `after` points that follow it (the 编号说明): a note
    alone on a register's last page reads as belonging to no table."""
    table.draw(flow, rows[:-1], progress)
    previous = flow.on_new_page
    flow.on_new_page = table.draw_header  # a page begun for the last row repeats the header, as the table's do
    try:
        flow.need(table.row_height(rows[-1]) + after)
    finally:
        flow.on_new_page = previous
    table.draw(flow, rows[-1:], lambda _done: progress(len(rows)), continued=True)


def _note_height(lines: list[cjk.Line]) -> float:
    return LEADING / 2 + len(lines) * LEADING


def _note(flow: Flow, ts: Typesetter, lines: list[cjk.Line]) -> None:
    """A paragraph under the table, across the page's width, onto the next page when it must."""
    flow.y += LEADING / 2
    for line in lines:
        flow.need(LEADING)
        flow.y += LEADING
        ts.draw_line(flow.page, line, flow.left, flow.y - 3)


def _cell_spans(text: str, style: Style, names: bool, choice: bool, person: bool = False) -> str | list[cjk.Span]:
    """A cell as the table draws it: names kept whole between 、, a choice's parts kept whole, a name longer than its
    column broken after its ·, other text as is."""
    if names and text:
        return cjk.name_spans(text.split("、"), style)
    if person and len(parts := cjk.name_parts(text)) > 1:  # a name longer than its column breaks after a ·
        return [(part, style, "name") for part in parts]
    if choice and _CHOICE_PARTS.search(text):
        return [(part, style, "keep") for part in _CHOICE_PARTS.split(text) if part]
    return text


def _link_spans(text: str, number: str, style: Style) -> str | list[cjk.Span]:
    """A link's cell with the number it holds kept whole: 所链接的 / 执监字第4号 / 已删除."""
    if not number or text == number or number not in text:
        return text
    return [(part, style, "keep") for part in text.partition(number) if part]


def _widest(ts: Typesetter, pieces: set[str], style: Style, most_chars: int, longer_wrap: bool = False) -> float:
    """The width a cell needs to hold the widest of `pieces` whole, up to `most_chars` characters (a name's 、
    besides): a person's name with its 、 (欧阳晓明、), a choice's part. `longer_wrap`: a piece longer than that
    wraps whatever the width and widens nothing (a body's name among the parties, 海原县鑫盛建筑工程有限公司, wraps
    as a case name does: it held the 当事人 column at eight characters and left the case's name five lines)."""
    most = most_chars * style.size
    if longer_wrap:  # a name is judged without its 、: 阿依古丽·买买提 (eight characters) is kept whole, 、 and all
        widths = [ts.width(piece, style.role, style.size) for piece in pieces
                  if ts.width(piece.removesuffix("、"), style.role, style.size) <= most]
        return max(widths, default=0.0) + 2 * PADDING + 1
    widest = max((ts.width(piece, style.role, style.size) for piece in pieces), default=0.0)
    return min(widest, most) + 2 * PADDING + 1


def _whole_width(ts: Typesetter, label: str, values: set[str], style: Style, head: Style) -> float:
    """The width of a column whose values are never wrapped (编号, dates): its widest value, or up to four
    characters of its header when wider (an empty 复查日期 still has room to write one in)."""
    widest = max((ts.width(v, style.role, style.size) for v in values if v), default=0.0)
    header = min(ts.width(label, head.role, head.size), head.size * 4)
    return max(widest, header) + 2 * PADDING + 1


def period_end(ledger: LedgerDef, records: list[Record], year: int, today: date,
               months: Months = None) -> tuple[date, date]:
    """The first and last day a register of `year` (of its `months`) covers: to 31 December (the month's last day)
    when today is past it or before it; today when the period runs now (printed on 2 January, the register is of
    two days), or the day of the last record listed when it lies ahead (a meeting saved beforehand to print its
    sign-in sheet), so that the period holds every row."""
    first, last_month = months or (1, 12)
    start = date(year, first, 1)
    end = date(year + 1, 1, 1) if last_month == 12 else date(year, last_month + 1, 1)
    end = date.fromordinal(end.toordinal() - 1)
    if not start <= today <= end:
        return start, end
    last = records[-1].values.get(ledger.date_field) if records else None  # records in date order
    return start, max(today, date.fromisoformat(last)) if last else today


def _head(flow: Flow, ts: Typesetter, title: str, count: int, period: str, now_utc: str) -> None:
    flow.y += 18
    ts.draw_text(flow.page, title, Style("xiaobiaosong", 18), flow.left + flow.width / 2, flow.y, align="center")
    flow.y += 16
    line = f"统计期间：{period}　共 {count} 条　生成时间：{cn_time(now_utc)}"  # as 统计期间, not 2026-11-28
    ts.draw_text(flow.page, line, Style("songti", 9.5, GREY), flow.right, flow.y, align="right")
    flow.y += 6

