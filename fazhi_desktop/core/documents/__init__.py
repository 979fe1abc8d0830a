"""Printed documents: 会议纪要 (GB/T 9704), 会议记录 and any ledger's record, 签到表, 人民调解协议书, yearly 台账.

Each document is laid out once into pages of drawing items (`layout.Document`); `pdf.write_pdf` turns them into
a PDF with every font embedded, and the GUI paints the same pages for its preview and the printer.

    render_document(store, record_id, "minutes", "纪要.pdf")        -> Rendered (path, pages, code, notice)
    render_register(store, "meeting", 2026, "会议台账.pdf", progress) -> Rendered
    render_register(store, "meeting", 2026, "台账.pdf", township="640522100")  at the county: one township's
    render_register(store, ALL, 2026, "全部台账.pdf")                  every ledger's register, one after another
    register_year(store, "meeting")                                 -> 2026 (in January 2027 too)
    check_print(store, "01a215b4ff10-2-3f9c2a1b")                   -> PrintCheck (same / changed / ...)
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fazhi_desktop.core import printed
from fazhi_desktop.core.documents import agreement
from fazhi_desktop.core.documents.agreement import build_agreement
from fazhi_desktop.core.documents.errors import DocumentError
from fazhi_desktop.core.documents.fonts import FontError, FontSet, resolve_fonts, take_notice
from fazhi_desktop.core.documents.layout import Document
from fazhi_desktop.core.documents.minutes import build_minutes
from fazhi_desktop.core.documents.pdf import write_pdf
from fazhi_desktop.core.documents.printable import printable_record
from fazhi_desktop.core.documents.record import build_record
from fazhi_desktop.core.documents.register import build_register, register_title, register_townships
from fazhi_desktop.core.documents.register import default_year as register_year
from fazhi_desktop.core.documents.register_codes import Months, months_name, period_name, quarter_months
from fazhi_desktop.core.documents.register_set import ALL, ALL_LABEL, all_title, all_townships, build_all_registers
from fazhi_desktop.core.documents.signin import build_signin
from fazhi_desktop.core.documents.verify import PrintCheck, check_print, print_code
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.jobs import Progress, no_progress
from fazhi_desktop.core.reveals import checked_reason, entries, may_reveal, note_entries, note_reveals, withdraw
from fazhi_desktop.core.store import Record, Store

#: document kinds of a single record, with their Chinese names
KINDS = {"minutes": "会议纪要", "record": "记录", "signin": "签到表", "agreement": "调解协议书"}
REVEALING = ("agreement", "record")  # the documents that print ID and phone numbers

__all__ = [
    "ALL", "ALL_LABEL", "KINDS", "RECORD_FORM", "DocumentError", "FontError", "PrintCheck", "Rendered", "all_title",
    "all_townships", "build_document", "build_register_document", "check_print", "export_pdf", "kind_fields",
    "kinds_for", "months_name", "note_document_printed", "period_name", "print_code", "quarter_months",
    "register_title", "register_townships", "register_year", "render_document", "render_register", "signed_on",
    "usual_kind",
]


def kinds_for(ledger_name: str) -> list[tuple[str, str]]:
    """The documents a record of `ledger_name` can be printed as, (kind, Chinese name), the usual one first."""
    if ledger_name == "meeting":
        return [("minutes", "会议纪要"), ("record", "会议记录"), ("signin", "签到表")]
    if ledger_name == "law_study":
        return [("signin", "签到表"), ("record", "学法活动记录")]
    if ledger_name == "mediation_case":
        return [("agreement", "调解协议书"), ("record", agreement.RECORD_NAME)]
    return [("record", "记录")]


#: the meeting field (文书形式) whose value names the document a meeting is printed as
RECORD_FORM = "record_form"


def kind_fields(ledger_name: str) -> tuple[str, ...]:
    """The fields of a record of `ledger_name` that `usual_kind` reads: the editor follows them as they are filled."""
    return {"meeting": (RECORD_FORM,), "mediation_case": agreement.DECIDING}.get(ledger_name, ())


def signed_on(ledger_name: str, kind: str) -> str | None:
    """The field whose date a document of `kind` is signed and dated on (its 落款), said beside the document where
    the clerk chooses it: the 调解协议书's is the 调解日期 (a case mediated twice is dated by its last session)."""
    return agreement.DATED_BY if (ledger_name, kind) == ("mediation_case", "agreement") else None


def usual_kind(ledger_name: str, values: Mapping[str, Any]) -> str:
    """The document a record is printed as unless the clerk picks another: for a meeting, the one its 文书形式
    names (会议记录 or 会议纪要); for a mediation case that has no agreement (a 行政裁决 case, a failed mediation, an
    oral agreement: `agreement.no_agreement`) or none yet (no 调解结果: still being mediated, its terms not entered,
    which only 调解成功 shows), its record; else the first of `kinds_for`."""
    if ledger_name == "mediation_case" and (agreement.no_agreement(values) is not None or not values.get("result")):
        return "record"
    kinds = kinds_for(ledger_name)
    named = values.get(RECORD_FORM)
    return next((kind for kind, name in kinds if name == named), kinds[0][0])


@dataclass(frozen=True)
class Rendered:
    """A document written to `path`: its page count, verification code (if any) and, the first time in this
    process, the font substitution notice the user should be shown."""

    path: Path
    pages: int
    title: str
    code: str | None
    notice: str | None


def build_document(store: Store, record: Record | str, kind: str, reveal: bool = False,
                   fonts: FontSet | None = None, how: str | None = "打印", reason: str | None = None) -> Document:
    """Lay out one record as `kind` (minutes, record, signin, agreement). Raises DocumentError when the record's
    ledger has no such document, naming the record and what can be printed instead. With `reveal`, full ID and
    phone numbers, for a 所长 or 管理员 only, noted in the reveal log as `how` (打印预览, fazhi pdf …) for `reason`
    (the user's purpose, optional; the document keeps it); `how=None`: checked now, noted by the caller with
    `note_document_reveal` once the user commits (the printer or the file chosen), so that a cancelled dialog
    leaves no entry."""
    if isinstance(record, str):
        record = store.get(record)
    fonts = fonts or resolve_fonts()
    allowed = [k for k, _ in kinds_for(record.ledger)]
    if kind not in KINDS:
        raise DocumentError(f"未知的文书类型“{kind}”（可选：{'、'.join(KINDS)}）")
    if kind not in allowed:
        label = store.ledger(record.ledger).label
        names = "、".join(f"{name}（{k}）" for k, name in kinds_for(record.ledger))
        raise DocumentError(f"{label}记录 {record.number or record.id} 不能打印为{KINDS[kind]}；可打印：{names}")
    reason = checked_reason(reason) if reveal else None  # a purpose too long is said before the work
    if reveal and kind in REVEALING:
        if how is None:
            may_reveal(store)  # the right now; the entry once the user commits (note_document_reveal)
        else:
            note_reveals(store, [record], f"{how}{KINDS[kind]}", reason)
    printed = printable_record(store.ledger(record.ledger), record)  # pasted tabs and line breaks: see printable
    if kind == "minutes":
        return build_minutes(store, printed, fonts)
    if kind == "signin":
        return build_signin(store, printed, fonts)
    doc = build_agreement(store, printed, fonts, reveal=reveal) if kind == "agreement" \
        else build_record(store, printed, fonts, reveal=reveal)
    doc.extra.update(revealed=reveal, reason=reason)  # for note_document_reveal
    return doc


def note_document_reveal(store: Store, doc: Document, record: Record | Sequence[Record], how: str) -> range:
    """Note the reveal of a document built with `reveal` and `how=None`, as the user commits to it (the printer
    chosen): of `record`, or of each record of a batch (`batch.build_batch`), in one transaction. Returns the log
    rows written (for `reveals.withdraw`)."""
    if doc.kind in REVEALING and doc.extra.get("revealed"):
        records = [record] if isinstance(record, Record) else record
        return note_entries(store, entries(store, records), f"{how}{KINDS[doc.kind]}", doc.extra.get("reason"))
    return range(0)


def note_document_printed(store: Store, doc: Document, record: Record | Sequence[Record]) -> range:
    """Keep that the paper of `record` (or of each record of a batch) was printed, as the user commits to it (the
    printer chosen, the file complete): its 修改历史 shows it, and its number is never given back (core/printed.py).
    Returns the rows kept (none on a database that cannot be written now: it still prints), for
    `printed.withdraw_printed`."""
    return printed.note_printed(store, doc.kind, [record] if isinstance(record, Record) else record)


def export_pdf(store: Store, doc: Document, record: Record | Sequence[Record], path: Path | str,
               how: str = "导出PDF", progress: Progress = no_progress) -> Path:
    """Write a document built with `how=None` as a PDF at `path` (atomically), noting a reveal as `how` once the
    file is complete: a reveal that cannot be noted leaves no file, and a file that never takes its name leaves no
    entry. The print is kept then too (`note_document_printed`), and taken back alike. Raises DocumentError naming
    the file (or why the reveal could not be noted) and the reason."""
    written, kept = range(0), range(0)

    def note() -> None:
        nonlocal written, kept
        try:
            written = note_document_reveal(store, doc, record, how)
        except FazhiError as exc:
            raise DocumentError(f"无法记录本次显示完整证件号，未{how}：{exc}") from exc
        kept = note_document_printed(store, doc, record)

    try:
        return write_pdf(doc, path, progress, complete=note)
    except BaseException:
        with contextlib.suppress(FazhiError):
            withdraw(store, written)  # the file never appeared under its name: nothing was revealed
        with contextlib.suppress(FazhiError):
            printed.withdraw_printed(store, kept)  # nor printed
        raise


def render_document(store: Store, record_id: str, kind: str, path: Path | str, reveal: bool = False,
                    progress: Progress = no_progress, reason: str | None = None) -> Rendered:
    """Write one record's document as a PDF at `path` (atomically). ID numbers are masked unless `reveal` (noted
    with `reason`)."""
    record = store.get(record_id)
    doc = build_document(store, record, kind, reveal=reveal, how=None, reason=reason)
    written = export_pdf(store, doc, record, path, "fazhi pdf 导出", progress)
    return Rendered(written, len(doc.pages), doc.title, doc.code, take_notice(doc.fonts))


def build_register_document(store: Store, ledger: str, year: int, progress: Progress = no_progress,
                            township: str | None = None, months: Months = None) -> Document:
    """Lay out the register of `ledger` for `year` (its `months` only: (5, 5) for May's; at the county, of
    `township`), every ledger's one after another for `ALL` (全部台账); `progress` may raise Cancelled."""
    if ledger == ALL:
        return build_all_registers(store, year, progress, township, months)
    return build_register(store, ledger, year, resolve_fonts(), progress, township, months)


def render_register(store: Store, ledger: str, year: int, path: Path | str,
                    progress: Progress = no_progress, township: str | None = None, months: Months = None) -> Rendered:
    """Write the register of `ledger` for `year` (its `months` only; at the county, of `township`) as a PDF at
    `path`. Cancelling (via `progress`) leaves no file."""
    doc = build_register_document(store, ledger, year, progress, township, months)
    written = write_pdf(doc, path, progress)
    return Rendered(written, len(doc.pages), doc.title, None, take_notice(doc.fonts))
