"""The verification code of a printed register (台账) page, and checking a page against the database.

A register page lists many records, so its code cannot name one revision as a record's does. What the page listed
is kept instead (`register_pages`, migration 036): the register's scope (ledger, year, at the county the township,
the months of a month's or a quarter's register: migration 040),
the page and each record on it with the revision printed. The code has the shape of a record's, so that it is typed,
scanned and checked the same way (`fazhi check-print`, 文件 → 核验打印件…): the start of the hash of what the page
listed (12 hex digits), the page number and 8 hex digits keyed by the database's secret (core/print_key.py), so that
a typo is told from a page never printed. Printing the same page again unchanged gives the same code.

The check names what changed on the page since it was printed: a record edited (its number and the revision printed
and now) or deleted. A record added to the register since is on no page printed before and is no mismatch of one.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from fazhi_desktop.core import failures, print_key
from fazhi_desktop.core.clock import local_time, utc_iso
from fazhi_desktop.core.db import transaction
from fazhi_desktop.core.documents import mismatch
from fazhi_desktop.core.documents.issuer import township_issuer
from fazhi_desktop.core.errors import NotFound
from fazhi_desktop.core.store import Record, Store


@dataclass(frozen=True)
class PageVerdict:
    """What check_page found: `status` as PrintCheck's (same, changed, deleted, mismatch), the message, the first
    record that changed and every one that did (for 打开记录)."""

    status: str
    message: str
    record_id: str | None = None
    number: str | None = None
    #: (id, number) of every record edited since that the page lists, in its order: 打开记录 offers them
    changed: tuple[tuple[str, str], ...] = ()


#: a part of a year a register may be of: (first month, last month), None for the whole year
Months = tuple[int, int] | None
QUARTER_NAMES = "一二三四"


def quarter_months(quarter: int) -> tuple[int, int]:
    """The months of a quarter (1–4): (4, 6) for the second."""
    return 3 * quarter - 2, 3 * quarter


def months_name(months: Months) -> str:
    """"全年", "5月", "第二季度": the part of a year a register is of."""
    if months is None:
        return "全年"
    first, last = months
    return f"{first}月" if first == last else f"第{QUARTER_NAMES[last // 3 - 1]}季度"


def period_name(year: int, months: Months = None) -> str:
    """"2026年", "2026年5月", "2026年第二季度": what a register is of, as its title and footer say it."""
    return f"{year}年{'' if months is None else months_name(months)}"


def _months_text(months: Months) -> str | None:
    """As `register_pages.months` keeps it: NULL for a year's register, "5" for May's, "4-6" for a quarter's."""
    return None if months is None else str(months[0]) if months[0] == months[1] else f"{months[0]}-{months[1]}"


def months_of(text: str | None) -> Months:
    if not text:
        return None
    first, _, last = text.partition("-")
    return int(first), int(last or first)


def register_title(store: Store, ledger_name: str, year: int, township: str | None = None,
                   months: Months = None, at: str | None = None) -> str:
    """"海城镇司法所2026年会议台账", "海城镇司法所2026年5月调解案件台账": the office whose register it is (at the
    county, `township`'s; as named at `at`, a page's printing), the year or the part of it (`months`), the ledger."""
    office = township_issuer(store, township, at).office
    return f"{office}{period_name(year, months)}{store.ledger(ledger_name).label}台账"


def save_pages(store: Store, ledger: str, year: int, township: str | None,
               pages: list[list[Record]], months: Months = None) -> list[str | None]:
    """Keep what each page of a register lists (`pages`: the records on each, a row split over two pages on both)
    and return each page's code. A database that cannot be written now (a write-protected stick, which opens 可以查看和
    打印, or another program holding the write lock) still prints: a page kept by an earlier printing has its code,
    any other None (it would check out nowhere). `months`: of a month's or a quarter's register, whose pages are
    others than the year's (its title says so when checked)."""
    key = print_key.own(store)
    codes, kept, pages_rows = [], [], []
    for number, records in enumerate(pages, 1):
        rows = [[r.id, r.revision, r.number or ""] for r in records]
        pages_rows.append(rows)
        page_id, content = _hash(ledger, year, township or "", number, len(pages), rows, _months_text(months))
        codes.append(f"{page_id}-{number}-{print_key.digest(key, page_id, number, content)}")
        kept.append([page_id, ledger, year, township or "", number, len(pages),
                     json.dumps(rows, ensure_ascii=False), utc_iso(store.clock()), _months_text(months)])
    try:
        with transaction(store.conn, "记录台账核验码"):
            store.conn.executemany("INSERT OR IGNORE INTO register_pages (id, ledger, year, township, page, pages,"
                                   " rows, printed_at, months) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", kept)
            # by record too, for printed.number_kept (migration 073); a page printed before is listed already
            store.conn.executemany("INSERT OR IGNORE INTO register_page_records (page_id, record_id, number)"
                                   " VALUES (?, ?, ?)", [(page[0], row[0], row[2]) for page, rows in zip(
                                       kept, pages_rows, strict=True) for row in rows])
    except (failures.ReadOnlyStorage, failures.DatabaseLocked):
        held = {row[0] for row in store.conn.execute(
            f"SELECT id FROM register_pages WHERE id IN ({','.join('?' * len(kept))})", [k[0] for k in kept])}
        return [code if row[0] in held else None for code, row in zip(codes, kept, strict=True)]
    return codes


def _hash(ledger: str, year: int, township: str, page: int, pages: int, rows: list,
          months: str | None) -> tuple[str, str]:
    """(the page's id, the hash of what it listed); a year's page hashed as before months were kept (its code the
    same when printed again), a month's with its months (its first page listing what the year's first page lists
    is still another page)."""
    scope = [ledger, year, township, page, pages, rows] + ([months] if months else [])
    text = json.dumps(scope, ensure_ascii=False, separators=(",", ":"))
    content = hashlib.sha256(text.encode()).hexdigest()
    return content[:12], content


def check_page(store: Store, page_id: str, page: int, digest: str, scanned: bool) -> PageVerdict | None:
    """The verdict on a register page's code (id, page number and digits as parse_code read them), None when no
    page printed here has that id. A code one slip from the page's (a digit, or the page number) says so first, then
    what the page's own code says of it."""
    row = store.conn.execute("SELECT ledger, year, township, page, pages, rows, months, printed_at FROM"
                             " register_pages WHERE id = ?", [page_id]).fetchone()
    if row is None:
        return None
    ledger, year, township, number, pages, rows_text, months, printed_at = row
    rows = json.loads(rows_text)
    _, content = _hash(ledger, year, township, number, pages, rows, months)
    right = print_key.digest(print_key.own(store), page_id, number, content)
    title = register_title(store, ledger, year, township or None, months_of(months), printed_at)
    verdict = _verdict(store, rows, f"{title}第 {number} 页（共 {pages} 页）"
                                    f"{_renamed_since(store, township or None, printed_at)}")
    if page == number and digest == right:
        return verdict
    if said := _slip(page, number, digest, right, scanned):
        which = "该页" if page == number else f"第 {number} 页"
        return PageVerdict("mismatch", mismatch.slip_said(said, which, verdict.message), verdict.record_id,
                           verdict.number, verdict.changed)
    typo = "" if scanned else "，或核验码抄写有误"
    return PageVerdict("mismatch", f"纸面与数据不符：{title}第 {page} 页的核验码与打印时不同。打印件可能被改动{typo}。")


def _renamed_since(store: Store, township: str | None, printed_at: str) -> str:
    """"（打印时单位名称为“…”，后改为“…”…）" when the office was renamed (修改单位名称) after the page was first
    printed: its head reads the old name, which is no change of the paper; "" otherwise. A page printed again
    unchanged after the rename is the same page (its code the same), with the new name."""
    then, now = township_issuer(store, township, printed_at).office, township_issuer(store, township).office
    if not then or then == now:
        return ""
    return f"（打印时单位名称为“{then}”，后改为“{now}”；改名后重新打印的，台头为“{now}”；都不算不符）"


def _verdict(store: Store, rows: list, name: str) -> PageVerdict:
    """What a genuine code of the page `name` listing `rows` says: each record edited or deleted since."""
    changed, deleted, first = [], [], []
    for record_id, revision, printed_number in rows:
        record = _current(store, record_id)
        if record is None or record.deleted:
            who = f"，{record.updated_by} 于 {local_time(record.updated_at)} 删除" if record else ""
            deleted.append(f"{printed_number or record_id}（打印的是第 {revision} 版{who}）")
        elif record.revision != revision:
            renumbered = f"，现编号 {record.number}" if record.number != printed_number else ""
            changed.append(f"{printed_number or record_id} 打印的是第 {revision} 版，"
                           f"数据库中现为第 {record.revision} 版（最后由 {record.updated_by} 于 "
                           f"{local_time(record.updated_at)} 修改{renumbered}）")
            first.append((record.id, record.number or record.id))
    listed = f"本页所列 {len(rows)} 条记录" if rows else "本页没有列出记录"
    if not changed and not deleted:
        return PageVerdict("same", f"一致：纸面所印为{name}，{listed}与数据库现有内容相同"
                           "（打印后新增的记录不在本页上，不算不符）。")
    said = [*(f"{c}" for c in changed), *(f"{d}已删除" for d in deleted)]
    rest = len(rows) - len(said)
    same = f"其余 {rest} 条与数据库相同。" if rest else ""
    status = "changed" if changed else "deleted"
    return PageVerdict(status, f"打印后已修改：纸面所印为{name}，{listed}中：{'；'.join(said)}。{same}"
                       "请以数据库为准或重新打印。", first[0][0] if first else None, first[0][1] if first else None,
                       tuple(first))


def _slip(page: int, number: int, digest: str, right: str, scanned: bool) -> str:
    """What slip of the pen makes the typed code of the page's, or "": the page number, or a digit."""
    if scanned:
        return ""
    if page != number and digest == right:
        return f"其中的页码若是 {number}，即为该台账第 {number} 页的核验码"
    if page == number and mismatch.one_slip(right, digest):
        return "与该页的核验码只差一位（或相邻两位颠倒）"
    return ""


def _current(store: Store, record_id: str) -> Record | None:
    try:
        return store.get(record_id, include_deleted=True)
    except NotFound:
        return None
