"""How values read to a person: one formatting for the CLI, the GUI's lists and printed documents."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from fazhi_desktop.core.errors import NotFound
from fazhi_desktop.core.forms import STATUS_LABELS, FieldDef, LedgerDef
from fazhi_desktop.core.identifiers import mask_id_card, mask_phone, masked_numbers

if TYPE_CHECKING:
    from fazhi_desktop.core.store import Store

#: what a sensitive text field may say instead of naming someone: nothing to mask
NOT_A_PERSON = frozenset({"匿名", "无", "不详", "不愿透露"})
#: how lists and listings mark a deleted record (the office still holds it): 查找当事人, `fazhi verify`
DELETED = "（已删除）"
#: a clause ending in one of these is not followed by another "，"
_CLAUSE_ENDS = frozenset("。！？；，、：!?;,:")


def status_text(status: str | None, mark: str = "") -> str:
    """A record's status as a list shows it; `mark`: what the county says of it after the status
    (Store.county_marks: 不计入, a version its township no longer has; 重装前, of an earlier install), so that nobody
    counts it wrongly from a list."""
    return STATUS_LABELS.get(status or "", status or "") + (f"·{mark}" if mark else "")


def mask_value(f: FieldDef, value: Any) -> Any:
    """Personal data masked (ID numbers 6+4 visible, phones 3+4, a birth date to its year), also inside group
    rows."""
    if value is None:
        return None
    if f.type == "idcard":
        return mask_id_card(value)
    if f.type == "phone":
        return mask_phone(value)
    if f.sensitive and f.type == "date" and isinstance(value, str):
        return value[:4] + "-**-**"  # the year (an age); month and day are digits the ID number's mask hides
    if f.sensitive and isinstance(value, str):
        if value.strip() in NOT_A_PERSON:  # "匿名" masked read as a surname: 匿*
            return value
        return value[:1] + "*" * max(len(value) - 1, 1)
    if f.type == "group" and isinstance(value, list):
        return [{sub.name: mask_value(sub, row.get(sub.name)) for sub in f.fields} for row in value]
    return value


def display_value(f: FieldDef, value: Any, reveal: bool = False, unit: bool = True) -> str:
    """One line of text for a value: dates as stored (ISO), lists joined with "、", booleans 是/否, a number with its
    form's `unit` (55岁) unless `unit` is false (a workbook's cells, which Excel sums and an import reads back)."""
    if value is None or value == [] or value == "":
        return ""
    if not reveal:
        value = mask_value(f, value)
    if f.type == "boolean":
        return "是" if value else "否"
    if f.type in ("multichoice", "people"):
        return "、".join(value)
    if f.type == "attachments":
        return "、".join(item.get("name", "") for item in value)
    if f.type == "group":
        return "；".join(_row_text(f, row, unit) for row in value)
    if f.type == "datetime":
        return str(value).replace("T", " ")
    text = str(int(value)) if f.type == "decimal" and isinstance(value, float) and value.is_integer() else str(value)
    if unit and f.unit and isinstance(value, int | float) and not isinstance(value, bool):
        return text + f.unit
    return text


#: 是否按期办结 (an `in_time` check's answer) of a matter not concluded (its 办结日期 empty), in the lists and the
#: register: a blank cell read as an answer forgotten, and only 状态 said 逾期 (ledgers.md names the column, not the
#: word)
NOT_CONCLUDED = "未办结"


def not_concluded(ledger: LedgerDef, values: dict[str, Any], column: str) -> bool:
    """Is `column` the unanswered 是否按期办结 of a matter not yet concluded (NOT_CONCLUDED)?"""
    return values.get(column) is None and any(c.fields[0] == column and not values.get(c.fields[1])
                                              for c in ledger.in_time_checks)


def cell_value(f: FieldDef, value: Any, reveal: bool = False) -> str:
    """A table cell's text under a header that names the field (a list's column, a register's): a number bare, as
    the official registers write 实到人数 21, while a group's rows keep their units (年龄：55岁), having no header."""
    return display_value(f, value, reveal=reveal, unit=f.type == "group")


#: field types whose text may hold an ID or phone number typed into it (纠纷简要情况 “申请人马某，身份证号…”, a
#: 住址 with a phone, 备注)
FREE_TEXT = ("text", "longtext", "group")


def list_cell(f: FieldDef | None, value: Any, reveal: bool = False) -> str:
    """`cell_value` as a ledger's list shows it and 导出列表 writes it (`f` None: the 备注): an ID or phone number
    typed into a text masked as in its own field (640522********009X, 139****0316), unless `reveal`; an amount, a
    date, a file's serial stay. The editor shows the text as typed; printed papers are left as they were."""
    shown = cell_value(f, value, reveal=reveal) if f is not None else str(value or "")
    return shown if reveal else typed_numbers_masked(f, shown)


def typed_numbers_masked(f: FieldDef | None, shown: str) -> str:
    """`shown`, the text of a value of `f` (None: the 备注), with an ID or phone number typed into a free text
    masked as `list_cell` masks it; the text of any other field as it is."""
    return shown if f is not None and f.type not in FREE_TEXT else masked_numbers(shown, proper=True)


def masked_whole(f: FieldDef | None, value: Any) -> Any:
    """`mask_value`, and an ID or phone number typed into a free text masked as `list_cell` masks it, a group's
    rows' too (`f` None: the 备注): a record's values as `fazhi show --format json` and `fazhi list --format json`
    give them without --reveal."""
    if isinstance(value, str) and (f is None or (f.type in FREE_TEXT and not f.sensitive)):
        return masked_numbers(value, proper=True)
    if f is not None and f.type == "group" and isinstance(value, list):
        return [{sub.name: masked_whole(sub, row.get(sub.name)) for sub in f.fields} for row in value]
    return mask_value(f, value) if f is not None else value


def holds_typed_number(f: FieldDef | None, value: Any) -> bool:
    """Does `value` of `f` (None: the 备注) hold an ID or phone number typed into a free text, shown whole only with
    --reveal (which the reveal log then notes)?"""
    if f is not None and f.type not in FREE_TEXT:
        return False
    return masked_whole(f, value) != (value if f is None else mask_value(f, value))  # not a field's own masking


#: sub-field types whose value says what it is (申请人, 男, 2012-**-**, an ID number): shown bare in a row's line
_SELF_EVIDENT = frozenset({"choice", "date", "datetime", "time", "idcard", "phone", "credit_code"})


def _row_text(f: FieldDef, row: dict[str, Any], unit: bool = True) -> str:
    """A group row as one line, each value read by the form's sub-field labels: bare where the value says what it
    is (申请人，自然人，男) and for the row's name (its first text or person value), else after its label
    ("委托代理人：马律师", "年龄：55岁", "是否需合法性审查：否"); a sub-field shown only when another is filled
    qualifies it in brackets, all of them there ("法定代理人：马文（父亲，640522********0030）": the guardian's ID
    number never stands bare beside the party's own)."""
    texts = {sub.name: display_value(sub, row.get(sub.name), reveal=True, unit=unit) for sub in f.fields}
    qualifiers: dict[str, list[str]] = {}
    for sub in f.fields:
        if sub.visible_when is not None and sub.visible_when.op == "filled" and texts[sub.name]:
            qualifiers.setdefault(sub.visible_when.field, []).append(sub.name)
    qualifying = {name for names in qualifiers.values() for name in names}
    parts, named = [], False
    for sub in f.fields:
        text = texts[sub.name]
        if not text or sub.name in qualifying:
            continue
        if sub.name in qualifiers:
            text += f"（{'，'.join(texts[name] for name in qualifiers[sub.name])}）"
        if sub.type in ("text", "person") and not named:
            named = True  # the row's name: 马小军, a body's 名称, a 议题名称
        elif sub.type not in _SELF_EVIDENT:
            text = f"{sub.label}：{text}"
        parts.append(text)
    return join_clauses(parts)


def join_clauses(parts: Iterable[str]) -> str:
    """Texts joined with "，", except after one that already ends in punctuation: "…法律意见。各站所抓好贯彻落实。"."""
    out = ""
    for part in parts:
        out += ("" if not out or out[-1] in _CLAUSE_ENDS else "，") + part
    return out


def end_time_text(start: str | None, end: str | None) -> str:
    """An end time as read next to its start: "次日00:40" when it is earlier than the start (a meeting from 19:30
    that ran past midnight), else as stored."""
    if not end:
        return ""
    begins, ends = _clock(start), _clock(end)
    return f"次日{end}" if begins is not None and ends is not None and ends < begins else end


def time_range(start: str | None, end: str | None) -> str:
    """Start and end times as one reads them: "09:00至11:30", "19:30至次日00:40"; only the start when the end is
    not known. Every printed time range comes from here."""
    if not start:
        return end_time_text(start, end)
    return f"{start}至{end_time_text(start, end)}" if end else start


def _clock(text: str | None) -> tuple[int, ...] | None:
    """"19:30" -> (19, 30); None for anything that is not a clock time."""
    try:
        return tuple(int(part) for part in (text or "").split(":")) if text else None
    except ValueError:
        return None


def shown_value(store: Store | None, f: FieldDef, value: Any, reveal: bool = False) -> str:
    """`display_value`, knowing the database: a linked record (会前学法) by its number and title, not its id. Every
    view of a whole record uses this (fazhi show, history, the county's record view, a conflict's comparison)."""
    if f.type == "link" and store is not None and value:
        return linked_record_text(store, str(value))
    return display_value(f, value, reveal=reveal)


def linked_record_text(store: Store, record_id: str) -> str:
    """A linked record as a person reads it: its number and title ("〔2026〕学法字第3号 学习宪法"), not its id; or,
    deleted, by the number it had ("所链接的〔2026〕学法字第25号已删除"): a raw id was printed on the 会议记录."""
    try:
        linked = store.get(record_id, include_deleted=True)
    except NotFound:  # never in this database (a county that has not received it)
        return "所链接的记录不在本数据库中"
    if linked.deleted:
        return gone_link_text(linked.number)
    ledger = store.ledger(linked.ledger)
    return f"{linked.number or ''} {linked.values.get(ledger.title_field) or ''}".strip()


def linked_number(store: Store, record_id: str) -> tuple[str, str]:
    """A linked record by its number alone, for a narrow column (a complaint's 关联监督检查 in the register);
    deleted or never received, said as `linked_record_text` says it. With it the number the text holds ("" for
    none), which such a column keeps on one line while the words about it wrap."""
    try:
        linked = store.get(record_id, include_deleted=True)
    except NotFound:
        return "所链接的记录不在本数据库中", ""
    number = linked.number or ""
    return (gone_link_text(linked.number) if linked.deleted else number), number


def gone_link_text(number: str | None) -> str:
    """A link to a deleted record as views and paper say it: by the number it had, never by its id."""
    return f"所链接的{number}已删除" if number else "所链接的记录已删除"


def size_text(size: int) -> str:
    """A file's size as a clerk reads it: 1.5 GB, 12.3 MB, 85 KB, 512 字节."""
    if size >= 1024**3:
        return f"{size / 1024**3:.1f} GB"
    if size >= 1024**2:
        return f"{size / 1024**2:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{max(size, 0)} 字节"


def text_width(text: str) -> int:
    """Columns a string takes in a terminal: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def clip(text: str, width: int) -> str:
    """`text` on one line in at most `width` columns, cut with "…" when longer; quick for a text of millions of
    characters too (a name a township sent so), of which only the first `width` are looked at."""
    head = text[:width].replace("\n", " ")  # a character takes one column or two
    if len(text) <= width and text_width(head) <= width:
        return head
    out, used = [], 0
    for ch in head:
        w = text_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def text_table(headers: Sequence[str], rows: Sequence[Sequence[str]], max_width: int = 60, indent: int = 0) -> str:
    """A plain aligned table for the terminal, correct for Chinese (double-width) text."""
    cells = [[clip(str(c), max_width) for c in row] for row in [headers, *rows]]
    widths = [max(text_width(row[i]) for row in cells) for i in range(len(headers))]
    pad = " " * indent
    lines = []
    for index, row in enumerate(cells):
        parts = [c + " " * (widths[i] - text_width(c)) for i, c in enumerate(row)]
        lines.append(pad + "  ".join(parts).rstrip())
        if index == 0:
            lines.append(pad + "  ".join("-" * w for w in widths))
    return "\n".join(lines)
