"""Pieces the form-like documents share: values as printed, titles, page numbers, the verification mark's place."""

from __future__ import annotations

import re
from typing import Any

from fazhi_desktop.core.dates import cn_date
from fazhi_desktop.core.display import mask_value, shown_value
from fazhi_desktop.core.documents.layout import GREY, MM, Page, Style, Typesetter
from fazhi_desktop.core.documents.table import Flow
from fazhi_desktop.core.documents.verify import MARK_LABEL, draw_mark
from fazhi_desktop.core.forms import FieldDef
from fazhi_desktop.core.plaintext import one_line
from fazhi_desktop.core.store import Record, Store

MARGIN = 20 * MM
BOTTOM_MARGIN = 28 * MM  # room for the page number and the verification mark
FOOTER_GAP = 8 * MM
QR_SIZE = 15 * MM
_LEAVE = re.compile(r"^请假(?=[（(：:，,、\s]|$)[：:，,、\s]*")  # "请假（下村入户）", "请假：病假", "请假"
_TRAILING = re.compile(r"[（(]([^（）()]*)[）)]$")  # a bracketed note ending the text
_ABSENT = re.compile(r"缺席|未到")  # "缺席", "未到会"
_NO_LEAVE = re.compile(r"[未没不无]请假|无故")  # "未请假", "没请假", "无故缺席", "无故未参加"
_ON_LEAVE = re.compile(r"假")  # "请假（未到会）", "已请假，未到会", "病假", "请假未到"


def print_value(store: Store, f: FieldDef, value: Any, reveal: bool = False) -> str:
    """A value as printed on paper: dates the Chinese way, a linked record by its number and title, group rows one
    per line ("1. …"), everything else as `shown_value` shows it (personal numbers masked unless `reveal`)."""
    if value in (None, "", []):
        return ""
    if f.type == "date":
        return cn_date(str(value))
    if f.type == "group":
        rows = value if reveal else mask_value(f, value)
        return "\n".join(f"{i}. {group_row_text(store, f, row)}" for i, row in enumerate(rows, 1))
    if f.type == "link":  # the linked record's title, as stored: one line
        return one_line(shown_value(store, f, value, reveal=reveal))
    return shown_value(store, f, value, reveal=reveal)


def absence_reason(reason: str | None) -> str:
    """An absentee's reason as the documents print it, in brackets of their own ("马斌（下村入户）", "请假（…）"):
    without a leading 请假 or brackets around it all, and a bracketed note at its end made a clause ("公差（县里开会）"
    -> "公差，县里开会"). Brackets inside the text stay: "乡镇（街道）司法所" is a name, and a comma would change it.
    Reasons were saved like "请假（下村入户）" while the form suggested it."""
    text, previous = (reason or "").strip(), None
    while text != previous:
        previous = text
        text = _LEAVE.sub("", text)
        if _wrapped(text):
            text = text[1:-1].strip()
    trailing = _TRAILING.search(text)  # "公差（县里开会）": a note after the reason reads as a clause
    if trailing and trailing.start() > 0:
        text = text[:trailing.start()] + "，" + trailing.group(1).strip()
    return text.strip("，,。；; ")


def _wrapped(text: str) -> bool:
    """Whether one pair of brackets encloses all of `text`: "（下村入户）" yes, "（甲）乙（丙）" no."""
    depth = 0
    for index, ch in enumerate(text):
        depth += (ch in "（(") - (ch in "）)")
        if depth == 0:
            return index == len(text) - 1 and index > 0 and text[0] in "（("
    return False


def absent_without_leave(reason: str | None) -> bool:
    """Whether the reason says the person was 缺席 (absent without leave: "缺席", "无故缺席", "未到会", "未请假"), not
    请假: the form's 请假/缺席人员 holds both, and the documents must not print an absentee as excused. Read as typed:
    a leave said anywhere ("请假（未到会）", "已请假，未到会", "病假") is a leave, unless it is denied ("未请假")."""
    text = (reason or "").strip()
    if _NO_LEAVE.search(text):
        return True
    return not _ON_LEAVE.search(text) and bool(_ABSENT.search(text))


def absence_note(reason: str | None) -> str:
    """What the sign-in sheet notes for an absentee: "请假（下村入户）", or "病假" or "无故缺席" as it stands, or just
    "请假"."""
    text = absence_reason(reason)
    if not text:
        return "请假"
    if absent_without_leave(reason) or text.startswith("请假") or text.endswith("假"):
        return text
    return f"请假（{text}）"


def group_row_text(store: Store, f: FieldDef, row: dict[str, Any]) -> str:
    """One row of a repeating group: "姓名：马文　性别：男 …" for short values, long text on lines of its own."""
    short, long = [], []
    for sub in f.fields:
        if not sub.visible(row):
            continue
        text = print_value(store, sub, row.get(sub.name), reveal=True)  # the row is already masked if need be
        if not text:
            continue
        (long if sub.type == "longtext" else short).append(f"{sub.label}：{text}")
    return "\n".join(["　".join(short), *long]) if short else "\n".join(long)


def draw_title(flow: Flow, ts: Typesetter, text: str, size: float = 20.0, gap_after: float = 4 * MM) -> None:
    """A centred title in 小标宋 (or its stand-in), balanced over lines if long."""
    style = Style("xiaobiaosong", size)
    centre = flow.left + flow.width / 2
    for line in ts.title_lines(text, style, flow.width * 0.9):
        flow.y += size * 1.35
        ts.draw_line(flow.page, line, centre - line.width / 2, flow.y - size * 0.3)
    flow.y += gap_after


def number_pages(pages: list[Page], ts: Typesetter, bottom: float, left: float, right: float,
                 footer_left: str = "", code: str = "") -> None:
    """"第 N 页 共 M 页" centred under the text area of every page, and an optional note on the left; with `code`,
    the verification code on the right of every page but the last, which has the mark (`page_code`)."""
    style = Style("songti", 9, GREY)
    total = len(pages)
    for number, page in enumerate(pages, 1):
        y = bottom + FOOTER_GAP
        ts.draw_text(page, f"第 {number} 页 共 {total} 页", style, (left + right) / 2, y, align="center")
        if footer_left:
            ts.draw_text(page, footer_left, style, left, y)
        if code and number < total:
            page_code(page, ts, code, right, y, align="right")


def page_code(page: Page, ts: Typesetter, code: str, x: float, y: float, align: str = "left") -> None:
    """The verification code in a page's footer: the mark (QR code and code) is on the last page only, and a page 1
    without a code could be swapped for one of another revision, or a retyped one, under a last page that checks
    out as 一致; with the code on it, each page names the record and revision it was printed from."""
    ts.draw_text(page, f"{MARK_LABEL} {code}", Style("songti", 7.5, GREY), x, y, align=align)


def mark_last_page(flow: Flow, ts: Typesetter, store: Store, record: Record) -> str:
    """The verification mark at the bottom right of the last page, below the text area."""
    page = flow.pages[-1]
    top = min(flow.bottom + 4 * MM, page.height - QR_SIZE - 4 * MM)
    return draw_mark(page, ts, store, record, flow.right - QR_SIZE, top, QR_SIZE, label_right=False)


def in_role_order(f: FieldDef, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of a group whose entries have a 角色 (当事人) in the order of its choices, as official forms list
    parties (申请人, then 被申请人, then 第三人), each role's in the order typed; a role not among the choices after
    them. Other groups as they are."""
    role = next((sub for sub in f.fields if sub.name == "role" and sub.choices), None)
    if role is None:
        return list(rows)
    order = {choice: n for n, choice in enumerate(role.choices)}
    return sorted(rows, key=lambda row: order.get(row.get("role") or "", len(order)))
