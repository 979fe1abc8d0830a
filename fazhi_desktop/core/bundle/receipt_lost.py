"""The records a receipt names: those the county holds of a township whose versions the township no longer has.

A township whose PC died restores its last backup, two weeks old; the county holds what it did since, printed papers
among it. The county learns it from the township's next bundle and sets those records aside (core/bundle/lost.py:
its import says 其版本乡镇已经没有了). The township cannot know which ones it lost: its receipt tells it, by ledger
and number only (the receipt is plain text on the stick, so no title, no name), the first `MAX_LISTED` in ledger
and number order with how many there are, and the clerk enters them again from paper.

Each record is named once: a receipt names those set aside since the last receipt written for the township (all,
for its first; the same ones again when no bundle came in between: the same receipt written again). The records
entered again from paper get new ids, so the ones they replace stay set aside at the county (its 需关注 lists them):
named on every later receipt, they warned of records the clerk had already entered.

    "lost": {"count": 6, "records": [{"ledger": "meeting", "number": "〔2026〕会记字第3号"}, ...]}
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fazhi_desktop.core.forms import LedgerDef
from fazhi_desktop.core.store import Store

log = logging.getLogger(__name__)

#: settings key (+ township code) at the county: after when the records its last receipt named were set aside
#: (`lost_since`, "": all)
LOST_SINCE = "receipt.lost_since."
#: the most records a receipt names (with the count of all): a township loses some tens with a two-week-old backup
MAX_LISTED = 200
#: the longest number a township shows from a receipt (the program's are some 15 characters)
MAX_NUMBER_CHARS = 60
#: how a record without a number is named
NO_NUMBER = "（无编号）"


def lost_since(store: Store, township: str, written: str | None) -> str:
    """At the county: after when a record set aside is new to the township (`held_lost`), for a receipt written now
    (`written`: when the last one was, None: never). A bundle imported since the last receipt: after that receipt,
    which named the ones before. None since: the same receipt again (its stick lost), the same records again."""
    if written is None:
        return ""
    last = store.conn.execute("SELECT max(imported_at) FROM bundles_received WHERE township = ?",
                              [township]).fetchone()[0]
    if last is not None and last > written:
        return written
    return store.setting_in_file(LOST_SINCE + township) or ""


def held_lost(store: Store, township: str, since: str = "") -> dict[str, Any]:
    """At the county: the township's records set aside (`set_aside`, as its last import left them) after `since`
    (`lost_since`; "": all), by ledger and number, for its receipt."""
    order = list(store.ledgers)
    found: list[tuple[int, tuple[int, str, int, str], str, str | None]] = []
    for name, ledger in store.ledgers.items():
        rows = store.conn.execute(f'SELECT r.number FROM set_aside AS s JOIN "{name}" AS r ON r.id = s.record_id'
                                  " WHERE s.township = ? AND s.ledger = ? AND s.at > ?", [township, name, since])
        for (number,) in rows:
            found.append((order.index(name), _in_order(ledger, number), name, number))
    found.sort()
    return {"count": len(found), "records": [{"ledger": name, "number": number}
                                             for _at, _key, name, number in found[:MAX_LISTED]]}


def _in_order(ledger: LedgerDef, number: str | None) -> tuple[int, str, int, str]:
    """A number's place in its ledger's list: 第2号 before 第10号, by year and prefix first."""
    parts = ledger.numbering.series(number) or {}
    return parts.get("year", 0), parts.get("prefix", ""), ledger.numbering.seq(number) or 0, number or ""


def read_lost(receipt: dict[str, Any], ledgers: Mapping[str, LedgerDef]) -> str | None:
    """At the township: what the clerk is told of the records the receipt names, None when it names none. An entry
    that is not a ledger and a number (not this program's county) is counted, not named."""
    lost = receipt.get("lost")
    if not isinstance(lost, dict) or not isinstance(lost.get("records"), list):
        return None
    entries = lost["records"]
    count = lost.get("count")
    count = max(count, len(entries)) if isinstance(count, int) and not isinstance(count, bool) else len(entries)
    if not count:
        return None
    named: dict[str, list[str]] = {}
    for entry in entries[:MAX_LISTED]:
        if not isinstance(entry, dict) or not isinstance(entry.get("ledger"), str):
            continue
        number = entry.get("number")
        if number is not None and not (isinstance(number, str) and 0 < len(number) <= MAX_NUMBER_CHARS):
            continue
        ledger = ledgers.get(entry["ledger"])
        label = ledger.label if ledger else entry["ledger"][:MAX_NUMBER_CHARS]
        named.setdefault(label, []).append(number or NO_NUMBER)
    listed = sum(len(numbers) for numbers in named.values())
    if listed < min(len(entries), MAX_LISTED):
        log.warning("receipt: %d of its lost records not named (not a ledger and a number)",
                    min(len(entries), MAX_LISTED) - listed)
    lines = "".join(f"\n{label}：{'、'.join(numbers)}" for label, numbers in named.items())
    more = f"\n另有 {count - listed} 条回执未列出，请向县司法局查询。" if count > listed else ""
    return (f"县里有 {count} 条本所已没有的记录（本所数据库从备份恢复前登记或修改的）：{lines}{more}\n"
            "请按纸质材料或县里的记录补录（本所还有的，补上备份之后的修改；已补录的不必再录）。")
