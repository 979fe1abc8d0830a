"""A printed record of any ledger, derived from its form definition (会议记录 is the meeting ledger's).

A ruled form: short fields two to a row (label, value, label, value), long text and each row of a repeating group
across the whole width, every visible field shown even when empty (to be filled in by hand), then the remarks,
the signature lines the ledger asks for, a line on who entered and changed the record, and the verification mark.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from fazhi_desktop.core import links, overdue
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
#: the row naming the records that link this one (links.linked_from: 本次学法活动为…的会前学法), printed when any do
LINKED_LABEL = "关联记录"
#: signers the record names (a list of people field): each named one signs on a line of their own beside their name
NAMED_SIGNERS = {("enforcement_check", "检查人员"): "inspectors", ("mediation_case", "调解员"): "mediators"}
SIZE, LEADING, PADDING = 11.0, 16.0, 4.0
LABEL_WIDTH = 30 * MM
LABEL = Style("heiti", SIZE - 0.5)  # the form's labels (检查日期, 执法证核查1)
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
#: from one row of signature lines to the next (room to sign in), the least line to sign on beside a printed name
#: and the longest line a signer without one gets when alone on the row
SIGN_ROW, SIGN_ROOM, SIGN_LINE_MAX = 10 * MM, 22 * MM, 60 * MM
SIGN_GAP = 6 * MM
#: form rows that go onto the signed page with the signatures: the signatures never stand alone on a page
KEEP_ROWS = 2


#: a value as printed: text, or the names of a list of people, each to stay whole on its line
Value = str | tuple[str, ...]


@dataclass
class _Row:
    cells: list[tuple[str, Value]]  # (label, value) pairs: one (full width) or two (half width each)
    lines: int = 1  # the lines of handwriting the row has room for at the least


def record_rows(store: Store, ledger: LedgerDef, record: Record, reveal: bool = False,
                label_fits: Callable[[str], bool] = lambda label: True) -> list[_Row]:
    """The form's rows: visible fields in form order, short ones paired, groups one row per entry (labelled as
    `group_labels` says, `label_fits` telling a label that fits one line of the label column), then the records
    that link this one (`LINKED_LABEL`: a study's meetings), then 备注."""
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
            labels = group_labels(f.label, len(entries), label_fits)
            for label, entry in zip(labels, entries if reveal else mask_value(f, entries), strict=True):
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
    linked = links.linked_from(store, record)  # the meetings whose 会前学法 this study is
    if linked:
        rows.append(_Row([(LINKED_LABEL, linked)]))
    rows.append(_Row([("备注", values.get("remarks") or "")]))
    return rows


def group_labels(label: str, count: int, fits: Callable[[str], bool]) -> list[str]:
    """The labels of a group's `count` rows: 议题一, 议题二 … while each fits one line of the label column, else
    执法证核查21 for all of them ("执法证核 / 查二十一" broke a word); a label too long for either (请假/缺席人员)
    breaks between its words as before. A single entry goes by the field's label ("请假/缺席人员", not "…人员一")."""
    if count == 1:
        return [label]
    chinese = [f"{label}{cn_number(number)}" for number in range(1, count + 1)]
    arabic = [f"{label}{number}" for number in range(1, count + 1)]
    return arabic if not all(map(fits, chinese)) and all(map(fits, arabic)) else chinese


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
    # a matter late today says so, as its ledger's list and register do (逾期·草稿): the paper of a complaint past its
    # 办理期限 and not concluded said only 草稿 beside its empty 办结日期
    late = bool(overdue.said(ledger, record.values, store.lookups())) and not store.county_marks([record.id])
    status = overdue.marked(STATUS_LABELS.get(record.status, record.status), late)
    ts.draw_text(flow.page, f"{office}　状态：{status}　第 {record.revision} 版", small, flow.right, flow.y,
                 align="right")
    flow.y += 2.5 * MM
    room = LABEL_WIDTH - 2 * PADDING
    rows = record_rows(store, ledger, record, reveal, lambda text: len(ts.title_lines(text, LABEL, room)) == 1)
    roles = ("承办人", "记录人") if category == "行政裁决" else SIGNATURES.get(ledger.name, DEFAULT_SIGNATURES)
    signers = [(role, _signer_names(record, NAMED_SIGNERS.get((ledger.name, role)))) for role in roles]
    signatures = _Signatures(ts, flow.width, signers)
    _draw_form(flow, ts, rows, signatures.height)
    signatures.draw(flow)
    # in Beijing time, as every printed time (`office_time`), whatever zone the PC is set to
    note = (f"登记：{record.created_by} {office_time(record.created_at, False)}　最后修改：{record.updated_by} "
            f"{office_time(record.updated_at, False)}")
    flow.y += 12
    ts.draw_text(flow.page, note, Style("songti", 8, GREY), flow.left, flow.y)
    code = mark_last_page(flow, ts, store, record)
    footer = f"{title.removesuffix('记录')} {record.number or ''}"  # 行政裁决案件 〔2026〕行裁字第1号, not 调解案件
    number_pages(flow.pages, ts, flow.bottom, flow.left, flow.right, footer_left=footer, code=code)
    return Document(flow.pages, fonts, f"{title} {record.number or ''}", "record", office,
                    subject=title, code=code)


def _draw_form(flow: Flow, ts: Typesetter, rows: Sequence[_Row], signatures: float) -> None:
    """The ruled form, its last rows kept on a page with the `signatures` (their height) that follow it."""
    body, label = Style("fangsong", SIZE), LABEL
    half = (flow.width - 2 * LABEL_WIDTH) / 2
    head = Column("", LABEL_WIDTH, "center", label, balanced=True)
    pair = [head, Column("", half), head, Column("", half)]
    single = [head, Column("", flow.width - LABEL_WIDTH)]
    tables = {n: Table(ts, cols, body, label, LEADING, PADDING, header=False, split=True)
              for n, cols in ((2, pair), (1, single))}
    drawn = [(replace(tables[len(row.cells)], min_height=_row_height(row.lines)),
              [_cell_text(text, body) for pair in row.cells for text in pair]) for row in rows]
    kept = sum(table.row_height(cells) for table, cells in drawn[-KEEP_ROWS:]) + signatures
    for index, (table, cells) in enumerate(drawn):
        if index == len(drawn) - KEEP_ROWS and kept <= flow.bottom - flow.top:
            flow.need(kept)  # the last rows go over with the signatures rather than leave them alone
        table.draw(flow, [cells])


def _row_height(lines: int) -> float:
    """The least height of a row with room for `lines` lines (one line: 28 pt, a comfortable line to write on)."""
    return lines * LEADING + 2 * PADDING + 4


def _cell_text(value: Value, style: Style) -> CellText:
    return cjk.name_spans(value, style) if isinstance(value, tuple) else value


def _signer_names(record: Record, field: str | None) -> tuple[str, ...]:
    """The names a signer's field lists (检查人员 王志刚、王秀兰), none for a signer the record does not name."""
    value = record.values.get(field) if field else None
    return tuple(name.strip() for name in value or [] if isinstance(name, str) and name.strip())


class _Signatures:
    """The signature lines under the form, then a date line: a signer the record names by a list of people
    ("检查人员（签字）：" and 25 inspectors) gets a line beside each name, in columns after its label, so that
    each signs on their own line and 25 names take nine rows; the other signers share a row as before
    ("主持人（签字）：______　记录人（签字）：______"), each line as long as the others, a long label
    ("被检查单位负责人") taking its room from the page, not from the line to sign on."""

    style = Style("fangsong", 12)

    def __init__(self, ts: Typesetter, width: float, signers: Sequence[tuple[str, Sequence[str]]]):
        self.ts, self.width = ts, width
        self.named = [(f"{role}（签字）：", names) for role, names in signers if names]
        self.others = [f"{role}（签字）：" for role, names in signers if not names]
        rows = sum(len(self._grid(label, names)[0]) for label, names in self.named) + bool(self.others)
        self.height = SIGNATURE_HEIGHT + (rows - 1) * SIGN_ROW

    def _width(self, text: str) -> float:
        return self.ts.width(text, self.style.role, self.style.size)

    def _grid(self, label: str, names: Sequence[str]) -> tuple[list[Sequence[str]], float]:
        """The names in rows of as many columns as fit after the label, the longest name with SIGN_ROOM to sign
        on, and the columns' width."""
        room = self.width - self._width(label)
        name = max(self._width(n) for n in names) + self.style.size / 3
        columns = max(1, int((room + SIGN_GAP) // (name + SIGN_ROOM + SIGN_GAP)))
        return [names[i:i + columns] for i in range(0, len(names), columns)], (room + SIGN_GAP) / columns

    def draw(self, flow: Flow) -> None:
        page = flow.bottom - flow.top  # more names than a page holds: they start here and go on over the next
        flow.need(self.height if self.height <= page else 12 * MM + 9 * MM)
        flow.y += 12 * MM - SIGN_ROW
        for label, names in self.named:
            rows, column = self._grid(label, names)
            for number, row in enumerate(rows):
                flow.need(SIGN_ROW + 9 * MM)  # a list longer than a page goes on over the next one
                flow.y += SIGN_ROW
                if number == 0:
                    self.ts.draw_text(flow.page, label, self.style, flow.left, flow.y)
                x = flow.left + self._width(label)
                for signer in row:  # "王丽 ______", the line ending where the column does
                    start = x + self.ts.draw_text(flow.page, signer, self.style, x, flow.y) + self.style.size / 3
                    end = min(max(x + column - SIGN_GAP, start + SIGN_ROOM), flow.right)  # a name wider than a row
                    flow.page.rule(start, flow.y + 2, end, flow.y + 2, 0.6)
                    x += column
        if self.others:
            flow.y += SIGN_ROW
            room = self.width - sum(self._width(label) for label in self.others)
            line = min(room / len(self.others) - SIGN_GAP, SIGN_LINE_MAX)
            x = flow.left
            for label in self.others:
                x += self.ts.draw_text(flow.page, label, self.style, x, flow.y)
                flow.page.rule(x, flow.y + 2, x + line, flow.y + 2, 0.6)
                x += line + SIGN_GAP
        flow.y += 9 * MM
        self.ts.draw_text(flow.page, "　　　　年　　月　　日", self.style, flow.right - 6 * MM, flow.y, align="right")
