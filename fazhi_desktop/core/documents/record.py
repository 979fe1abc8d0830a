"""A printed record of any ledger, derived from its form definition (会议记录 is the meeting ledger's).

A ruled form: short fields two to a row (label, value, label, value), long text and each row of a repeating group
across the whole width, every visible field shown even when empty (to be filled in by hand), then the remarks,
the signature lines the ledger asks for, a line on who entered and changed the record, and the verification mark.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from fazhi_desktop.core.clock import office_time
from fazhi_desktop.core.dates import cn_number
from fazhi_desktop.core.display import end_time_text, mask_value
from fazhi_desktop.core.documents import cjk
from fazhi_desktop.core.documents.common import (
    BOTTOM_MARGIN,
    MARGIN,
    draw_title,
    group_row_text,
    in_role_order,
    mark_last_page,
    number_pages,
    print_value,
)
from fazhi_desktop.core.documents.fonts import FontSet
from fazhi_desktop.core.documents.issuer import issuer
from fazhi_desktop.core.documents.layout import (
    A4_PORTRAIT,
    GREY,
    MM,
    Document,
    Style,
    Typesetter,
)
from fazhi_desktop.core.documents.table import CellText, Column, Flow, Table
from fazhi_desktop.core.forms import STATUS_LABELS, FieldDef, LedgerDef
from fazhi_desktop.core.store import Record, Store

#: who signs a printed record of each ledger (others: 填表人 and 审核人)
SIGNATURES = {
    "meeting": ("主持人", "记录人"),
    "law_study": ("主持人", "记录人"),
    "enforcement_check": ("检查人员", "被检查单位负责人"),
    "complaint": ("承办人", "审核人"),
    "mediation_case": ("调解员", "记录人"),
}
DEFAULT_SIGNATURES = ("填表人", "审核人")
SIZE, LEADING, PADDING = 11.0, 16.0, 4.0
LABEL_WIDTH = 30 * MM
#: types whose values are short enough to share a row with another field
_SHORT_TYPES = frozenset({"text", "integer", "decimal", "date", "time", "datetime", "boolean", "choice", "person",
                          "idcard", "credit_code", "phone"})
_SHORT_CHARS = 13  # a half-width value cell holds 13 characters of 11 pt (A4: 147.9 pt inside its padding)
#: lines of handwriting an empty field of these types leaves room for (a form printed to be filled in by hand):
#: a one-line row is 28 pt (10 mm); a blank 议题, 发现问题 or 出席人员 needs more than one line
HAND_LINES = {"longtext": 3, "people": 2}
#: types listing names joined by 、: a line may end after a 、, not inside a name
_LISTS = frozenset({"people", "multichoice"})
#: the signature lines, the date under them and the line on who entered the record
SIGNATURE_HEIGHT = 12 * MM + 9 * MM + 12
#: form rows that go onto the signed page with the signatures: the signatures never stand alone on a page
KEEP_ROWS = 2


#: a value as printed: text, or the names of a list of people, each to stay whole on its line
Value = str | tuple[str, ...]


@dataclass
class _Row:
    cells: list[tuple[str, Value]]  # (label, value) pairs: one (full width) or two (half width each)
    lines: int = 1  # the lines of handwriting the row has room for at the least


def record_rows(store: Store, ledger: LedgerDef, record: Record, reveal: bool = False) -> list[_Row]:
    """The form's rows: visible fields in form order, short ones paired, groups one row per entry, then 备注."""
    values = record.values
    rows: list[_Row] = []
    pending: tuple[str, Value] | None = None
    for f in ledger.fields:
        if not (f.visible(values) and f.applies(values)):
            continue  # what the editor does not show: no 调解员 on the record of a 行政裁决
        if f.type == "group":
            entries = in_role_order(f, values.get(f.name) or [])  # 当事人 as the forms list them: 申请人 first
            rows += _flush(pending)
            pending = None
            if not entries:
                rows.append(_Row([(f.label, "")], _group_lines(f)))
            for number, entry in enumerate(entries if reveal else mask_value(f, entries), 1):
                # 议题一, 议题二 …; a single entry goes by the field's label ("请假/缺席人员", not "…人员一")
                label = f"{f.label}{cn_number(number)}" if len(entries) > 1 else f.label
                rows.append(_Row([(label, group_row_text(store, f, entry))]))
            continue
        text = print_value(store, f, values.get(f.name), reveal)
        if f.type == "time" and (start := _range_start(ledger, f.name)):
            text = end_time_text(values.get(start), text)  # 结束时间 次日00:40
        value: Value = tuple(text.split("、")) if f.type in _LISTS and text else text
        if _is_short(f, text):
            if pending is None:
                pending = (f.label, value)
            else:
                rows.append(_Row([pending, (f.label, value)]))
                pending = None
        else:
            rows += _flush(pending)
            pending = None
            rows.append(_Row([(f.label, value)], 1 if text else HAND_LINES.get(f.type, 1)))
    rows += _flush(pending)
    rows.append(_Row([("备注", values.get("remarks") or "")]))
    return rows


def _group_lines(f: FieldDef) -> int:
    """Room for an empty group whose rows hold long text (议题: its discussion and decision); one line for a list of
    short rows (请假/缺席: nobody was away, or a name or two to add)."""
    return 4 if any(sub.type == "longtext" for sub in f.fields) else 1


def _range_start(ledger: LedgerDef, name: str) -> str | None:
    """The start time a time field ends the range of (the form checks that start <= end), if any."""
    for check in ledger.checks:
        if check.kind == "order" and check.group is None and check.fields[1] == name:
            start = ledger.field(check.fields[0])
            return start.name if start.type == "time" else None
    return None


def _flush(pending: tuple[str, Value] | None) -> list[_Row]:
    return [_Row([pending])] if pending else []


def _is_short(f: FieldDef, text: str) -> bool:
    """A value that fits half a row: a short type's, or a short list of names filled in (调解员 苏燕、马秀兰 beside its
    调解日期); an empty list keeps the whole row and its lines of handwriting."""
    short_type = f.type in _SHORT_TYPES or (f.type == "people" and bool(text))
    return short_type and len(text) <= _SHORT_CHARS and "\n" not in text


def build_record(store: Store, record: Record, fonts: FontSet, reveal: bool = False) -> Document:
    """Lay out the printed record of `record` (any ledger)."""
    ledger = store.ledger(record.ledger)
    ts = Typesetter(fonts)
    width, height = A4_PORTRAIT
    flow = Flow((width, height), MARGIN, height - BOTTOM_MARGIN, MARGIN + 5 * MM, width - MARGIN)
    category = record.values.get("case_category") if ledger.name == "mediation_case" else None
    title = f"{category}案件记录" if category else f"{ledger.label}记录"  # a 行政裁决 is no mediation
    draw_title(flow, ts, title, 20.0, gap_after=3 * MM)
    small = Style("fangsong", 10.5)
    office = issuer(store, record).office
    flow.y += 10.5
    ts.draw_text(flow.page, f"编号：{record.number or '（未编号）'}", small, flow.left, flow.y)
    status = STATUS_LABELS.get(record.status, record.status)
    ts.draw_text(flow.page, f"{office}　状态：{status}　第 {record.revision} 版", small, flow.right, flow.y,
                 align="right")
    flow.y += 2.5 * MM
    _draw_form(flow, ts, record_rows(store, ledger, record, reveal))
    signers = ("承办人", "记录人") if category == "行政裁决" else SIGNATURES.get(ledger.name, DEFAULT_SIGNATURES)
    _draw_signatures(flow, ts, signers)
    # in Beijing time, as every printed time (`office_time`), whatever zone the PC is set to
    note = (f"登记：{record.created_by} {office_time(record.created_at, False)}　最后修改：{record.updated_by} "
            f"{office_time(record.updated_at, False)}")
    flow.y += 12
    ts.draw_text(flow.page, note, Style("songti", 8, GREY), flow.left, flow.y)
    code = mark_last_page(flow, ts, store, record)
    footer = f"{title.removesuffix('记录')} {record.number or ''}"  # 行政裁决案件 〔2026〕行裁字第1号, not 调解案件
    number_pages(flow.pages, ts, flow.bottom, flow.left, flow.right, footer_left=footer)
    return Document(flow.pages, fonts, f"{title} {record.number or ''}", "record", office,
                    subject=title, code=code)


def _draw_form(flow: Flow, ts: Typesetter, rows: Sequence[_Row]) -> None:
    body, label = Style("fangsong", SIZE), Style("heiti", SIZE - 0.5)
    half = (flow.width - 2 * LABEL_WIDTH) / 2
    head = Column("", LABEL_WIDTH, "center", label, balanced=True)
    pair = [head, Column("", half), head, Column("", half)]
    single = [head, Column("", flow.width - LABEL_WIDTH)]
    tables = {n: Table(ts, cols, body, label, LEADING, PADDING, header=False, split=True)
              for n, cols in ((2, pair), (1, single))}
    drawn = [(replace(tables[len(row.cells)], min_height=_row_height(row.lines)),
              [_cell_text(text, body) for pair in row.cells for text in pair]) for row in rows]
    kept = sum(table.row_height(cells) for table, cells in drawn[-KEEP_ROWS:]) + SIGNATURE_HEIGHT
    for index, (table, cells) in enumerate(drawn):
        if index == len(drawn) - KEEP_ROWS and kept <= flow.bottom - flow.top:
            flow.need(kept)  # the last rows go over with the signatures rather than leave them alone
        table.draw(flow, [cells])


def _row_height(lines: int) -> float:
    """The least height of a row with room for `lines` lines (one line: 28 pt, a comfortable line to write on)."""
    return lines * LEADING + 2 * PADDING + 4


def _cell_text(value: Value, style: Style) -> CellText:
    return cjk.name_spans(value, style) if isinstance(value, tuple) else value


def _draw_signatures(flow: Flow, ts: Typesetter, who: Sequence[str]) -> None:
    """"主持人（签字）：______" side by side, each line as long as the others, and a date line under them: a long
    label ("被检查单位负责人") takes its room from the page, not from the line to sign on."""
    style = Style("fangsong", 12)
    flow.need(SIGNATURE_HEIGHT)
    flow.y += 12 * MM
    labels = [f"{name}（签字）：" for name in who]
    gap = 6 * MM
    line = (flow.width - sum(ts.width(label, style.role, style.size) for label in labels)) / len(who) - gap
    x = flow.left
    for label in labels:
        x += ts.draw_text(flow.page, label, style, x, flow.y)
        flow.page.rule(x, flow.y + 2, x + line, flow.y + 2, 0.6)
        x += line + gap
    flow.y += 9 * MM
    ts.draw_text(flow.page, "　　　　年　　月　　日", style, flow.right - 6 * MM, flow.y, align="right")
