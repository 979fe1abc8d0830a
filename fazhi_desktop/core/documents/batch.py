"""Several records' documents of one kind in one PDF: 文件 → 打印所选记录… and `fazhi pdf ID ID … --kind K`.

A 所长 files the month's 会议纪要 and 签到表, or the year's 调解协议书, at once. Each record is laid out by the single
record's layout (`build_document`), so its document keeps its own page numbers (第1页 共N页, a 纪要's "— N —") and
its own verification mark; the documents follow one another in the order given, each from a new page. A record
the kind does not apply to (a case whose agreement was oral has no 调解协议书) is skipped and named in the result,
never dropped silently.

    build_batch(store, [id1, id2, id3], "minutes", progress=p)  -> Batch (document, parts, skipped)
    render_batch(store, ids, "agreement", "协议书.pdf")          -> Batch, with the PDF written atomically
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fazhi_desktop.core.documents import KINDS, REVEALING, build_document, export_pdf, kinds_for, note_document_reveal
from fazhi_desktop.core.documents.errors import DocumentError
from fazhi_desktop.core.documents.fonts import resolve_fonts
from fazhi_desktop.core.documents.layout import Document, Page
from fazhi_desktop.core.errors import NotFound
from fazhi_desktop.core.jobs import Progress, no_progress
from fazhi_desktop.core.reveals import checked_reason
from fazhi_desktop.core.store import Record, Store

#: more records than this are refused: 500 agreements are about 1,500 pages, and the whole document is kept in
#: memory while it is previewed or printed
MAX_RECORDS = 500
#: the records left out that a message names one by one; the rest are counted
MOST_REASONS = 10


@dataclass(frozen=True)
class Part:
    """One record's document in the batch: where it starts (page 1 is the first), how long it is, its code."""

    record: Record
    first_page: int
    pages: int
    code: str | None


@dataclass(frozen=True)
class Skipped:
    """A record left out, as the user knows it (its number, or its id), and why."""

    name: str
    reason: str


@dataclass(frozen=True)
class Batch:
    """The records' documents as one Document, what each part is, and the records left out."""

    document: Document
    parts: list[Part]
    skipped: list[Skipped]

    @property
    def records(self) -> list[Record]:
        """The records printed, in the order printed."""
        return [part.record for part in self.parts]

    def summary(self) -> str:
        """"会议纪要 3 份（共 7 页）", with the records left out and why (`reasons`), for a message."""
        text = f"{kind_name(self.records, self.document.kind)} {len(self.parts)} 份（共 {len(self.document.pages)} 页）"
        if self.skipped:
            text += f"；跳过 {len(self.skipped)} 条：\n" + reasons(self.skipped)
        return text


def reasons(skipped: Sequence[Skipped]) -> str:
    """Why records were left out, a line each: the first `MOST_REASONS`, then "……等 60 条" (sixty lines made the
    dialog saying them taller than the screen, its buttons below it)."""
    lines = [f"· {s.reason}" for s in skipped[:MOST_REASONS]]
    if len(skipped) > MOST_REASONS:
        lines.append(f"……等 {len(skipped)} 条")
    return "\n".join(lines)


def kind_name(records: Sequence[Record], kind: str) -> str:
    """The document's name as the ledger calls it (学法活动记录, 调解案件记录), or the plain one (记录) for a mix."""
    names = {dict(kinds_for(r.ledger)).get(kind, KINDS[kind]) for r in records}
    return names.pop() if len(names) == 1 else KINDS[kind]


def build_batch(store: Store, records: Sequence[Record | str], kind: str, reveal: bool = False,
                how: str | None = None, progress: Progress = no_progress, duplex: bool = False,
                reason: str | None = None) -> Batch:
    """Lay out `records` (records or ids, in the order to print) as `kind` into one Document. Records the kind does
    not apply to, or deleted meanwhile, are skipped and named in `Batch.skipped`; when none is left, DocumentError
    says why for each. `reveal`, `how`, `reason`: as `build_document` (with `how=None` the reveal is noted by
    `documents.export_pdf` or `note_document_reveal` once the user commits). With `duplex` a document of an odd
    number of pages is followed by a blank page, so that each starts on the front of a sheet printed on both
    sides, and the document says so (`extra["duplex"]`: the printer is set to print both sides, qt/printing.py).
    `progress` may raise Cancelled."""
    if kind not in KINDS:
        raise DocumentError(f"未知的文书类型“{kind}”（可选：{'、'.join(KINDS)}）")
    if not records:
        raise DocumentError("没有选中记录：请先在列表中选中要打印的记录")
    if len(records) > MAX_RECORDS:
        raise DocumentError(f"一次最多打印 {MAX_RECORDS} 条记录，选中了 {len(records)} 条："
                            "请用年份、状态或搜索缩小范围，分几次打印")
    reason = checked_reason(reason) if reveal else None  # a purpose too long is said before the work
    fonts = resolve_fonts()  # once for all: a 16 MB font is registered once, and every part uses the same names
    pages: list[Page] = []
    parts: list[Part] = []
    skipped: list[Skipped] = []
    titles: list[str] = []
    authors: list[str] = []
    total = len(records)
    for index, item in enumerate(records):
        progress(index, total, f"正在排版{KINDS[kind]}：第 {index + 1} 份，共 {total} 份")
        record = item if isinstance(item, Record) else None
        try:
            record = record or store.get(item)  # read now: the revision printed is the one the code names
            doc = build_document(store, record, kind, reveal=reveal, how=None, fonts=fonts, reason=reason)
        except (DocumentError, NotFound) as exc:
            skipped.append(Skipped(record.number or record.id if record else str(item), str(exc)))
            continue
        if duplex and pages and len(pages) % 2:
            pages.append(Page(pages[-1].width, pages[-1].height))  # the back of the previous one's last sheet
        parts.append(Part(record, len(pages) + 1, len(doc.pages), doc.code))
        pages += doc.pages
        titles.append(doc.title)
        authors.append(doc.author)
    progress(total, total, f"已排版 {len(parts)} 份{KINDS[kind]}")
    if not parts:
        raise DocumentError(f"所选 {total} 条记录都不能打印为{KINDS[kind]}：\n{reasons(skipped)}")
    records_printed = [part.record for part in parts]
    name = kind_name(records_printed, kind)
    title = titles[0] if len(parts) == 1 else f"{name}（{len(parts)}份）"  # one: as printed from its editor
    author = authors[0] if len(set(authors)) == 1 else store.setting("office_name") or ""  # whose documents
    document = Document(pages, fonts, title, kind, author, subject=name,
                        code=parts[0].code if len(parts) == 1 else None,
                        extra={"revealed": reveal and kind in REVEALING, "duplex": duplex,
                               "reason": reason})
    if how is not None:
        note_document_reveal(store, document, records_printed, how)
    return Batch(document, parts, skipped)


@dataclass(frozen=True)
class Written(Batch):
    """A Batch written as a PDF at `path`."""

    path: Path


def render_batch(store: Store, records: Sequence[Record | str], kind: str, path: Path | str, reveal: bool = False,
                 progress: Progress = no_progress, duplex: bool = False, how: str = "fazhi pdf 导出",
                 reason: str | None = None) -> Written:
    """Write the documents of `records` as one PDF at `path` (atomically: cancelling leaves no file); a reveal is
    noted as `how`, for `reason`, once the file is complete."""
    batch = build_batch(store, records, kind, reveal=reveal, progress=progress, duplex=duplex, reason=reason)
    written = export_pdf(store, batch.document, batch.records, path, how, progress)
    return Written(batch.document, batch.parts, batch.skipped, written)
