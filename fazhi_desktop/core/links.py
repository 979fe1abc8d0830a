"""Who links to a record (a meeting's 会前学法 to a 学法活动): the linking record's paper names it, so deleting it is
said first (`deletion_note`), and the undo of an Excel import keeps it (core/import_undo)."""

from __future__ import annotations

from fazhi_desktop.core.display import gone_link_text
from fazhi_desktop.core.forms import LedgerDef
from fazhi_desktop.core.store import Store


def referrers(store: Store, ledger: LedgerDef, record_ids: list[str]) -> dict[str, list[str]]:
    """Record id -> the live records of other ledgers that link to it, each as "〔2026〕会记字第6号的“会前学法”"
    (by the field that links), oldest first."""
    found: dict[str, list[str]] = {}
    for other in store.ledgers.values():
        for f in other.fields:
            if f.type != "link" or f.link != ledger.name:
                continue
            for start in range(0, len(record_ids), 500):
                chunk = record_ids[start : start + 500]
                for target, number in store.conn.execute(
                        f'SELECT "{f.name}", number FROM "{other.name}" WHERE deleted = 0 AND "{f.name}" IN '
                        f'({", ".join("?" * len(chunk))}) ORDER BY rid', chunk):
                    found.setdefault(target, []).append(f"{number or '（未编号）'}的“{f.label}”")
    return found


def deletion_note(store: Store, record_id: str) -> str:
    """What deleting a record does to the records that link to it, "" when none does: "〔2026〕会记字第6号的“会前学法”
    链接此记录，删除后打印它时写“所链接的〔2026〕学法字第25号已删除”"."""
    record = store.get(record_id)
    named = referrers(store, store.ledger(record.ledger), [record_id]).get(record_id)
    if not named:
        return ""
    shown = "、".join(named[:3]) + (f"等 {len(named)} 条记录" if len(named) > 3 else "")
    return f"{shown}链接此记录，删除后打印{'它' if len(named) == 1 else '它们'}时写“{gone_link_text(record.number)}”"
