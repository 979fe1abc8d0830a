"""个人信息摘录: a copy of one person's own data across the records that name him (个人信息保护法 art. 45), and
nobody else's.

Per record: its ledger, number, date and title (another party's name in it said by role: 申请人与马建国相邻关系纠纷),
his role, his own values in full (his 身份证号 too: he asked to check it) and the record's 核验码; never another
party's row, the dispute's text or a witness's name (人民调解法 art. 15(4)). Headed with the office, the date, who
printed it and 依据《个人信息保护法》第四十五条; page numbers as every printed record. The reveal is noted, record
by record, as 个人信息摘录（reason） once the file is complete (core/person_search.py found them).

    doc = build_extract(store, found)                    hits whose name differs from the one asked are left out
    render_extract(store, found, "摘录.pdf", chosen=[...])  -> Rendered, the reveal noted
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from fazhi_desktop.core.clock import local_today
from fazhi_desktop.core.dates import cn_date, cn_number
from fazhi_desktop.core.display import DELETED
from fazhi_desktop.core.documents.common import BOTTOM_MARGIN, MARGIN, draw_title, number_pages, print_value
from fazhi_desktop.core.documents.errors import DocumentError
from fazhi_desktop.core.documents.fonts import FontSet, resolve_fonts, take_notice
from fazhi_desktop.core.documents.issuer import township_issuer
from fazhi_desktop.core.documents.layout import A4_PORTRAIT, GREY, MM, Document, Style, Typesetter
from fazhi_desktop.core.documents.pdf import write_pdf
from fazhi_desktop.core.documents.table import Column, Flow, Table
from fazhi_desktop.core.documents.verify import print_code
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.jobs import Progress, no_progress
from fazhi_desktop.core.person_search import Found, Hit, Person, log_entries, said
from fazhi_desktop.core.printed import EXTRACT, note_printed, withdraw_printed
from fazhi_desktop.core.reveals import may_reveal, note_entries, withdraw
from fazhi_desktop.core.store import Store

if TYPE_CHECKING:
    from fazhi_desktop.core.documents import Rendered

TITLE = "个人信息摘录"
BASIS = "《中华人民共和国个人信息保护法》第四十五条（个人有权向个人信息处理者查阅、复制其个人信息）"
HOW = "个人信息摘录"
LEFT_OUT = ("本摘录只列出上述记录中属于本人的信息；记录中其他当事人、证人等他人的信息依法不予提供"
            "（《个人信息保护法》第四十五条，《人民调解法》第十五条）。")
SIZE, LEADING, PADDING = 11.0, 16.0, 4.0
LABEL_WIDTH = 32 * MM


def chosen_by_default(found: Found) -> list[Hit]:
    """The hits an extract takes unless the user chooses: all but those found by a number under another name
    (perhaps a relative's row with his phone)."""
    return [hit for hit in found.hits if not hit.name_differs]


def document_title(store: Store) -> str:
    """The extract's PDF title, print-job name and suggested file name: 个人信息摘录 2026-11-28. It names no person:
    a shared printer's job log, a PDF viewer's title bar and a folder's listing are read by others."""
    return f"{TITLE} {local_today(store.clock).isoformat()}"


def one_person(asked: Person) -> None:
    """Refuse (DocumentError) an extract of a search without his name: a phone or ID number alone finds the rows
    of whoever shares it (his family's phone, the child he is 法定代理人 of), each under its own name."""
    if not asked.name:
        raise DocumentError(f"{TITLE}只给一个人：请填写本人姓名后重新查找（只按号码找到的记录，可能是同一电话的"
                            "家人、他监护的孩子的）")


def build_extract(store: Store, found: Found, chosen: Sequence[Hit] | None = None,
                  fonts: FontSet | None = None) -> Document:
    """Lay out the extract of `chosen` (default: `chosen_by_default`). Raises DocumentError when nothing is chosen,
    PermissionDenied for a user who may not reveal."""
    actor = may_reveal(store)
    one_person(found.person)
    hits = chosen_by_default(found) if chosen is None else list(chosen)
    if not hits:
        raise DocumentError("没有可摘录的记录：请先查找，并至少选中一条")
    fonts = fonts or resolve_fonts()
    ts = Typesetter(fonts)
    width, height = A4_PORTRAIT
    flow = Flow((width, height), MARGIN, height - BOTTOM_MARGIN, MARGIN + 5 * MM, width - MARGIN)
    draw_title(flow, ts, TITLE, 20.0, gap_after=2 * MM)
    office = township_issuer(store, None).office
    name = next((value for hit in hits for label, value, _ in hit.own if label == "姓名"), found.person.name)
    by_record = _by_record(hits)
    head = [("出具单位", office), ("本人", str(name or "")),
            ("查找方式", f"按{found.person.said}在全部台账中查找，摘录 {len(by_record)} 条记录"),
            ("依据", BASIS), ("用途", found.reason),
            ("打印人", actor), ("打印日期", cn_date(local_today(store.clock).isoformat()))]
    table = _table(ts, flow)
    table.draw(flow, [list(row) for row in head])
    body = Style("fangsong", SIZE)
    for number, record_hits in enumerate(by_record, 1):
        first = record_hits[0]
        record = first.record
        ledger = store.ledger(record.ledger)
        heading = f"{cn_number(number)}、{first.ledger_label} {said(store, record).removesuffix(DELETED)}"
        if record.deleted:
            heading += "（已删除，数据库中仍保存）"
        rows = [["编号", record.number or "（未编号）"], [ledger.column_label(ledger.date_field), cn_date(first.day)]]
        if first.title and ledger.title_field:
            rows.append([ledger.column_label(ledger.title_field), _said_by_role(first)])
        rows.append(["本人身份", "、".join(dict.fromkeys(hit.role for hit in record_hits))])
        for hit in record_hits:
            rows += [[label, print_value(store, f, value, reveal=True)] for label, value, f in hit.own
                     if label != "角色"]
        rows += [["请核对", _differs(hit)] for hit in record_hits if hit.differs]
        rows.append(["核验码", f"{print_code(store, record)}（第 {record.revision} 版）"])
        # a record on one page where it fits on one: its heading never alone at a page's foot
        flow.need(min(sum(table.row_height(row) for row in rows) + 9 * MM, flow.bottom - flow.top))
        flow.y += 7 * MM
        ts.draw_text(flow.page, heading, Style("heiti", SIZE + 1), flow.left, flow.y)
        flow.y += 2 * MM
        table.draw(flow, rows)
    flow.y += 6 * MM
    for index, line in enumerate(ts.lines([(_closing(found, hits), body)], flow.width - 2 * SIZE, flow.width)):
        flow.need(LEADING)
        flow.y += LEADING
        ts.draw_line(flow.page, line, flow.left + (0 if index else 2 * SIZE), flow.y)
    _signatures(flow, ts)
    number_pages(flow.pages, ts, flow.bottom, flow.left, flow.right, footer_left=f"{TITLE}（{name}）")
    doc = Document(flow.pages, fonts, document_title(store), "extract", office, subject=TITLE)
    doc.extra["records"] = [hits[0].record for hits in by_record]
    doc.extra["hits"] = [hit for hits in by_record for hit in hits]  # what the reveal log names (his rows only)
    return doc


def _by_record(hits: Iterable[Hit]) -> list[list[Hit]]:
    grouped: dict[str, list[Hit]] = {}
    for hit in hits:
        grouped.setdefault(hit.record.id, []).append(hit)
    return list(grouped.values())


def _said_by_role(hit: Hit) -> str:
    """The record's title with the other people (and 单位) it names said by their role: 申请人与马建国相邻关系纠纷;
    a name as typed with spaces in it too (李 秀兰), and never inside his own (马林 in 马林海)."""
    own = next((str(value) for label, value, _ in hit.own if label == "姓名"), "")
    parts = _split_on(hit.title, "".join(own.split())) if own.strip() else [hit.title]
    for name, role in sorted(hit.others, key=lambda other: -len("".join(other[0].split()))):
        name = "".join(name.split())
        if len(name) >= 2:
            spaced = _spaced(name)
            parts = [part if index % 2 else spaced.sub(role, part) for index, part in enumerate(parts)]
    return "".join(parts)


def _split_on(text: str, name: str) -> list[str]:
    """`text` cut at each place naming `name` (spaces allowed between its characters): the pieces between at
    even indices, his name at odd ones."""
    return re.split(f"({_spaced(name).pattern})", text)


def _spaced(name: str) -> re.Pattern[str]:
    """`name` as typed with or without spaces between its characters (李 秀兰 is 李秀兰)."""
    return re.compile(r"\s*".join(map(re.escape, name)))


def _differs(hit: Hit) -> str:
    """A number of his the record holds otherwise, said to him (the list's 请核对是否同一人 is for the staff, who
    chose to take the record in): 此记录中的身份证号与本人此次提供的不同…."""
    return (f"此记录中的{'、'.join(hit.differs)}与本人此次提供的不同；如记录有误，可申请更正"
            "（《个人信息保护法》第四十六条）")


def _closing(found: Found, hits: Sequence[Hit]) -> str:
    text = LEFT_OUT
    mentions = len(found.mentions)
    left = len({hit.record.id for hit in found.hits} - {hit.record.id for hit in hits})
    if mentions:
        text += f"另有 {mentions} 条记录的文字中出现同名者或相同号码（可能是他人），未列入本摘录。"
    if left:
        text += f"查找到的另 {left} 条记录经核对未列入本摘录。"
    return text


def _table(ts: Typesetter, flow: Flow) -> Table:
    body, label = Style("fangsong", SIZE), Style("heiti", SIZE - 0.5)
    columns = [Column("", LABEL_WIDTH, "center", label, balanced=True), Column("", flow.width - LABEL_WIDTH)]
    return Table(ts, columns, body, label, LEADING, PADDING, header=False, split=True)


def _signatures(flow: Flow, ts: Typesetter) -> None:
    style = Style("fangsong", 12)
    flow.need(24 * MM)
    flow.y += 14 * MM
    ts.draw_text(flow.page, "经办人（签字）：　　　　　　　　本人（签字）：", style, flow.left, flow.y)
    flow.y += 8 * MM
    ts.draw_text(flow.page, "　　　　年　　月　　日", style, flow.right - 6 * MM, flow.y, align="right")
    flow.y += 6 * MM
    ts.draw_text(flow.page, "本摘录各记录的核验码可在司法所用法治台账“文件→核验打印件”核对。", Style("songti", 8, GREY),
                 flow.left, flow.y)


def render_extract(store: Store, found: Found, path: Path | str, chosen: Sequence[Hit] | None = None,
                   progress: Progress = no_progress) -> Rendered:
    """Write the extract as a PDF at `path` (atomically), noting the reveal of each record once the file is
    complete: one that cannot be noted leaves no file, and a file that never takes its name leaves no entry.
    `progress` is told the pages as they are written (a cancel there leaves no file and no entry)."""
    from fazhi_desktop.core.documents import Rendered  # the package imports its modules first

    doc = build_extract(store, found, chosen)
    written, kept = range(0), range(0)

    def note() -> None:
        nonlocal written, kept
        try:
            written = note_entries(store, log_entries(store, doc.extra["hits"], own=True), f"{HOW}（{found.reason}）",
                                   found.reason)
        except FazhiError as exc:
            raise DocumentError(f"无法记录本次显示完整证件号，未生成{TITLE}：{exc}") from exc
        kept = note_printed(store, EXTRACT, doc.extra["records"])  # each record's number and 核验码 on paper now

    try:
        target = write_pdf(doc, path, progress, complete=note)
    except BaseException:
        with contextlib.suppress(FazhiError):
            withdraw(store, written)
        with contextlib.suppress(FazhiError):
            withdraw_printed(store, kept)  # the file never took its name: no paper
        raise
    return Rendered(target, len(doc.pages), doc.title, None, take_notice(doc.fonts))
