"""签到表: printed before a meeting or a law-study session, signed on the day, scanned and attached afterwards.

Title (the activity's name), date and time, place, host; a table 序号 / 姓名 / 职务或单位 / 签名 / 备注 with rows tall
enough to sign in, the planned participants first (their titles from the roster), blank rows up to the 应到人数
when it is more than those named, then blank rows for walk-ins down to the end of the page; the header row repeats
on every page.
"""

from __future__ import annotations

from fazhi_desktop.core.clock import local_today
from fazhi_desktop.core.dates import cn_date
from fazhi_desktop.core.display import time_range
from fazhi_desktop.core.documents import cjk
from fazhi_desktop.core.documents.common import (
    BOTTOM_MARGIN,
    MARGIN,
    absence_note,
    draw_title,
    mark_last_page,
    number_pages,
)
from fazhi_desktop.core.documents.errors import DocumentError
from fazhi_desktop.core.documents.fonts import FontSet
from fazhi_desktop.core.documents.issuer import issuer
from fazhi_desktop.core.documents.layout import A4_PORTRAIT, MM, Document, Style, Typesetter
from fazhi_desktop.core.documents.table import CellText, Column, Flow, Table
from fazhi_desktop.core.people import Person, entry_on, roster_on
from fazhi_desktop.core.store import Record, Store

LEDGERS = ("meeting", "law_study")
ROW_HEIGHT = 11 * MM
#: the page the planned list ends on is filled with rows for walk-ins; only when it has room for fewer than this
#: many does a page of blank rows follow. Three rows take the few who come unannounced: asking for five printed a
#: second sheet of twenty blank rows for a meeting of fourteen, for want of one row
MIN_WALK_INS = 3
SIZE, LEADING, PADDING = 12.0, 16.0, 3.0
NAME_WIDTH = 26 * MM  # the 姓名 column at the least (five characters)
NAME_MOST = 9  # ... and at the most, in characters: a longer name breaks after a "·"
NOTE_ROOM = 12 * MM  # the 应到/实到 line under the table


def planned_participants(record: Record) -> list[tuple[str, str]]:
    """(name, remark) of everyone expected, host first, each name once, in the order a clerk would list them."""
    v = record.values
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()

    def add(name: str | None, remark: str = "") -> None:
        if name and name not in seen:
            seen.add(name)
            rows.append((name, remark))

    add(v.get("host"), "主持")
    if record.ledger == "law_study":
        add(v.get("speaker"), "主讲")
        for name in v.get("reporters") or []:
            add(name, "述法")
        for name in v.get("participants") or []:
            add(name)
    else:
        for name in v.get("attendees") or []:
            add(name)
        for name in v.get("observers") or []:
            add(name, "列席")
        add(v.get("recorder"), "记录")
    for absent in v.get("absentees") or []:
        add(absent.get("name"), absence_note(absent.get("reason")))
    return rows


def _titles(store: Store, record: Record) -> dict[str, str]:
    """职务或单位 of each roster name as the roster had it on the record's date (`roster_on`; today for a record
    without one), so that a sheet printed again after a post change or an edited 职务 says what it said that day: of
    several people of a name, the one in post that day (`entry_on`). A study's 主讲人 has the 主讲人职务 typed on its
    record when one is, as the 学法活动记录 prints it: a lecturer from the county is on no township's roster, and
    what was typed for the day is what the speaker was that day."""
    v = record.values
    today = local_today(store.clock).isoformat()
    day = v.get(store.ledger(record.ledger).date_field) or today
    try:
        roster = roster_on(store, day)
    except ValueError:  # not a date (an older version's): the roster as it is
        roster = roster_on(store, day := today)
    named: dict[str, list[Person]] = {}
    for person, _ in roster:
        named.setdefault(person.name, []).append(person)
    titles: dict[str, str] = {}
    for name, persons in named.items():
        person = entry_on(persons, day)
        titles[name] = person.title or person.unit or ""
    if record.ledger == "law_study" and v.get("speaker") and (v.get("speaker_position") or "").strip():
        titles[v["speaker"]] = v["speaker_position"].strip()
    return titles


def activity_title(record: Record) -> str:
    """The meeting's name or the study session's topic: the sign-in sheet's title."""
    v = record.values
    return (v.get("title") or v.get("topic") or "").strip() or ("会议" if record.ledger == "meeting" else "学法活动")


def build_signin(store: Store, record: Record, fonts: FontSet) -> Document:
    """Lay out the sign-in sheet of a meeting or law-study record."""
    if record.ledger not in LEDGERS:
        label = store.ledger(record.ledger).label
        raise DocumentError(f"{label}记录 {record.number or record.id} 没有签到表：签到表只用于会议和学法活动")
    ts = Typesetter(fonts)
    width, height = A4_PORTRAIT
    flow = Flow((width, height), MARGIN, height - BOTTOM_MARGIN, MARGIN + 5 * MM, width - MARGIN)
    draw_title(flow, ts, f"{activity_title(record)}签到表", 18.0, gap_after=4 * MM)
    _info_lines(flow, ts, record)
    titles = _titles(store, record)
    planned = planned_participants(record)
    columns = _columns(flow.width, _name_width(ts, [name for name, _ in planned]))
    rows: list[list[CellText]] = [[str(i), _name_cell(name), titles.get(name, ""), "", remark]
                                  for i, (name, remark) in enumerate(planned, 1)]
    expected = _expected(record)
    # a row for each of the 应到 the list does not name: "应到 32 人" under 18 rows left 14 to sign nowhere
    rows += [[str(n), "", "", "", ""] for n in range(len(rows) + 1, expected + 1)]
    table = Table(ts, columns, Style("fangsong", SIZE), Style("heiti", SIZE), LEADING, padding=PADDING,
                  min_height=ROW_HEIGHT)
    table.draw(flow, rows)
    fits = int((flow.room() - NOTE_ROOM) // ROW_HEIGHT)
    blank = fits if fits >= MIN_WALK_INS else fits + table.rows_per_page(flow)  # never a half-empty last page
    table.draw(flow, [[str(n), "", "", "", ""] for n in range(len(rows) + 1, len(rows) + blank + 1)], continued=True)
    flow.need(NOTE_ROOM)
    flow.y += NOTE_ROOM * 0.7
    expected_text = f"应到 {expected} 人" if expected else "应到＿＿＿＿人"  # nobody planned yet: written in
    note = f"{expected_text}　　实到＿＿＿＿人　　记录人（签字）：＿＿＿＿＿＿"
    ts.draw_text(flow.page, note, Style("fangsong", 12), flow.left, flow.y)
    code = mark_last_page(flow, ts, store, record)
    # every page names its record, as the record form's do: a sheet that comes loose is put back with its meeting
    number_pages(flow.pages, ts, flow.bottom, flow.left, flow.right, footer_left=f"签到表 {record.number or ''}",
                 code=code)
    return Document(flow.pages, fonts, f"{activity_title(record)}签到表", "signin", issuer(store, record).office,
                    subject=f"签到表 {record.number or ''}", code=code)


def sheet_agrees(printed: Record, current: Record) -> bool:
    """Whether a 签到表 printed from `printed` (before the meeting) and signed on the day still agrees with `current`.
    What a signed sheet is checked by: its heading (title, time, place, host, number) and 应到, and that everyone
    printed on it is still one of the record's people. Recording the day (absentees moved to the end with 事假, 实到)
    changes neither; nor does a person added since, who signed in a blank row as walk-ins do. A name printed that
    the record no longer holds, as present or absent, does."""
    names = {name for name, _ in planned_participants(current)}
    stated = current.values.get("expected_count")  # 应到 as the record now says it, when it says it
    return (_heading(printed) == _heading(current)
            and {name for name, _ in planned_participants(printed)} <= names
            and (not stated or stated == _expected(printed)))


def _expected(record: Record) -> int:
    """应到: as the record states it, else as many as the sheet names."""
    return record.values.get("expected_count") or len(planned_participants(record))


def _heading(record: Record) -> tuple[str, ...]:
    """The sheet's heading as printed: its title, 时间, 地点, 主持人 and 编号."""
    v = record.values
    when = cn_date(v.get("held_on"), "")
    if v.get("start_time"):
        when += f" {time_range(v['start_time'], v.get('end_time'))}"
    blank = "＿" * 6  # what the form does not know yet is written in by hand on the day, on a line
    return (activity_title(record), f"时间：{when or blank}", f"地点：{v.get('location') or blank}",
            f"主持人：{v.get('host') or blank}", f"编号：{record.number or ''}")


def _info_lines(flow: Flow, ts: Typesetter, record: Record) -> None:
    _, *parts, number = _heading(record)
    style = Style("fangsong", 12)
    lines = ts.lines(cjk.units(parts, style, gap="　　"), flow.width)
    for line in lines:
        flow.y += 18
        ts.draw_line(flow.page, line, flow.left, flow.y - 4)
    ts.draw_text(flow.page, number, Style("fangsong", 10.5), flow.right, flow.y + 14, align="right")
    flow.y += 20


def _name_width(ts: Typesetter, names: list[str]) -> float:
    """The 姓名 column: as wide as the widest name, measured in the font (阿依古丽·买买提, 欧阳司马诸葛 on one line;
    26 mm broke them), from 26 mm up to nine characters; the room comes from 备注."""
    widest = max((ts.width(name, "fangsong", SIZE) for name in names), default=0.0)
    return min(max(NAME_WIDTH, widest + 2 * PADDING + 1), NAME_MOST * SIZE + 2 * PADDING + 1)


def _name_cell(name: str) -> CellText:
    """A name kept whole in its cell; one wider than the column breaks only after a "·" (穆罕默德·阿卜杜拉· / 马)."""
    return [(part, Style("fangsong", SIZE), "keep") for part in cjk.name_parts(name) if part]


def _columns(total: float, name_width: float = 0.0) -> list[Column]:
    widths = [12 * MM, max(name_width, NAME_WIDTH), 46 * MM, 38 * MM]
    return [Column("序号", widths[0], "center"), Column("姓名", widths[1], "center"),
            Column("职务或单位", widths[2]), Column("签名", widths[3]),
            Column("备注", total - sum(widths))]
