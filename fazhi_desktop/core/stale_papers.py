"""年度封账 again after a reopening: the papers printed for the archive box that the correction made out of date.

At the first closing the 所长 prints the year's registers and papers for the archive box. The county then asks for a
correction; she reopens the year, the record is corrected and the year closed again, and the box still holds the
register page and the agreement of the version before. Nothing said so: the closing said only 已封账. Now the
closing names, among the records of the year changed since its previous closing, each paper printed before the
change whose printed content the change altered (verify.check_print's 打印后已修改), and each register page of the
year that lists one of them and was not printed again since, so that she reprints those and replaces them in the box.
"""

from __future__ import annotations

import json

from fazhi_desktop.core import year_close
from fazhi_desktop.core.documents.register_codes import months_of, register_title
from fazhi_desktop.core.documents.verify import check_print
from fazhi_desktop.core.printed import document_name
from fazhi_desktop.core.store import Record, Store


def since_last_closing(store: Store, year: int) -> list[str]:
    """The papers of `year` out of date since its previous closing ("调解案件 〔2026〕人调字第7号的调解协议书
    （第 4 版）", "…2026年调解案件台账第 1 页"), ledger by ledger in date order; [] at its first closing, at the
    county, or when none."""
    if store.is_county:
        return []
    closings = [e["at"] for e in year_close.log(store) if e["year"] == year and e["op"] == year_close.CLOSE]
    if len(closings) < 2:  # newest first: the one just made, and the one before
        return []
    changed = {record_id for (record_id,) in store.conn.execute(
        "SELECT DISTINCT record_id FROM changes WHERE at >= ?", [closings[1]])}
    records = [store.get(record_id, include_deleted=True) for record_id in changed]
    ledgers = list(store.ledgers)
    out = []
    for record in sorted(records, key=lambda r: (ledgers.index(r.ledger), str(_day(store, r)), r.number or "")):
        if record.deleted or year_close.record_year(store.ledger(record.ledger), _day(store, record),
                                                    record.number) != year:
            continue
        for kind, code, revision in store.conn.execute(
                "SELECT kind, code, max(revision) FROM record_prints WHERE record_id = ? AND code IS NOT NULL"
                " GROUP BY kind ORDER BY min(rowid)", [record.id]).fetchall():
            if revision < record.revision and check_print(store, code).status == "changed":
                out.append(f"{store.ledger(record.ledger).label} {record.number}的{document_name(record.ledger, kind)}"
                           f"（第 {revision} 版）")
    return out + _pages(store, year, {record.id: record.revision for record in records})


def _pages(store: Store, year: int, revisions: dict[str, int]) -> list[str]:
    """The year's register pages listing a changed record (`revisions`: its current revision) at a revision before
    its current one, unless the same page of the same register was printed again later."""
    rows = store.conn.execute("SELECT ledger, page, rows, months, printed_at FROM register_pages"
                              " WHERE year = ? ORDER BY printed_at", [year]).fetchall()
    latest: dict[tuple, tuple] = {}
    for ledger, page, listed, months, printed_at in rows:
        latest[(ledger, months, page)] = (listed, printed_at)
    ledgers, out = list(store.ledgers), []
    for (ledger, months, page), (listed, printed_at) in sorted(latest.items(), key=lambda kv: (
            ledgers.index(kv[0][0]) if kv[0][0] in ledgers else len(ledgers), kv[0][1] or "", kv[0][2])):
        stale = any(revisions.get(record_id, revision) != revision for record_id, revision, _ in json.loads(listed))
        if stale and ledger in store.ledgers:
            title = register_title(store, ledger, year, None, months_of(months), printed_at)
            out.append(f"{title}第 {page} 页")
    return out


def said(store: Store, year: int) -> str:
    """The sentence after 已封账, or ""."""
    papers = since_last_closing(store, year)
    if not papers:
        return ""
    return (f"重新打开期间修改过的记录，此前打印的以下纸面已与数据库不符，已归档的请重新打印替换："
            f"{'；'.join(papers)}")


def _day(store: Store, record: Record) -> object:
    return record.values.get(store.ledger(record.ledger).date_field)


