"""The records a receipt names: those the county holds of a township whose versions the township no longer has.

A township whose PC died restores its last backup, two weeks old; the county holds what it did since, printed papers
among it. The county learns it from the township's next bundle and sets those records aside (core/bundle/lost.py:
its import says 其版本乡镇已经没有了). The township cannot know which ones it lost: its receipt tells it, by ledger,
number, id and date only (the receipt is plain text on the stick, so no title, no name), the first `MAX_LISTED` in
ledger and number order with how many there are, and the clerk enters them again from paper.

Each record is named once: a receipt names those set aside since the last receipt written for the township (all,
for its first; the same ones again when no bundle came in between: the same receipt written again). The records
entered again from paper get new ids, so the ones they replace stay set aside at the county (its 需关注 lists them):
named on every later receipt, they warned of records the clerk had already entered.

    "lost": {"count": 6, "records": [{"ledger": "meeting", "number": "〔2026〕会记字第3号", "id": "…",
                                      "date": "2026-04-01"}, ...]}

The id and date (the ledger's `date_field`: 受理日期, 会议日期) let the township tell the county's record from one it
gave the same number since (a restored database numbers on from its backup until a receipt comes): a receipt that
named only 〔2025〕投诉字第5号 sent the clerk to the 第5号 on her list, another complaint. Ids and dates are no
name and no title: the receipt is signed, not encrypted.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from fazhi_desktop.core.clock import local_time
from fazhi_desktop.core.forms import LedgerDef
from fazhi_desktop.core.store import Store

log = logging.getLogger(__name__)

#: settings key (+ township code) at the county: when the last receipt for that township was written (UTC)
WRITTEN_SETTING = "receipt.written."
#: settings key (+ township code) at the county: after when the records its last receipt named were set aside
#: (`lost_since`, "": all)
LOST_SINCE = "receipt.lost_since."
#: the most records a receipt names (with the count of all): a township loses some tens with a two-week-old backup
MAX_LISTED = 200
#: the longest number a township shows from a receipt (the program's are some 15 characters)
MAX_NUMBER_CHARS = 60
#: how a record without a number is named
NO_NUMBER = "（无编号）"


def lost_since(store: Store, township: str) -> str:
    """At the county: after when a record set aside is new to the township (`held_lost`), for a receipt written now
    (by when the last one was: all when never). A bundle imported since the last receipt: after that receipt,
    which named the ones before. None since: the same receipt again (its stick lost), the same records again."""
    written = store.setting_in_file(WRITTEN_SETTING + township)
    if written is None:
        return ""
    last = store.conn.execute("SELECT max(imported_at) FROM bundles_received WHERE township = ?",
                              [township]).fetchone()[0]
    if last is not None and last > written:
        return written
    return store.setting_in_file(LOST_SINCE + township) or ""


def told_before(store: Store, township: str, firsts: list[str]) -> str:
    """At the county: the import report's line for the records a bundle found still set aside that an earlier one
    set aside (`firsts`: when each first was), outside what needs attention: named on the receipt written after them,
    or not yet (写回执 names them)."""
    if not firsts:
        return ""
    told = told_on(store, township, firsts)
    if told:
        return f"另有 {len(firsts)} 条此前已不计入，{told}"
    return f"另有 {len(firsts)} 条此前已不计入，写回执时告知乡镇"


def told_on(store: Store, township: str, firsts: list[str]) -> str:
    """At the county: "已于 2026-05-02 的回执告知乡镇" when the last receipt written for `township` was written after
    the records set aside at `firsts` (UTC) were, so it or one before it named them; "" when one was set aside since
    (or none was written). Said by the import report (`told_before`) and by 数据完整性
    (core/indicators/completeness.py)."""
    written = store.setting_in_file(WRITTEN_SETTING + township)
    if firsts and written is not None and max(firsts) <= written:
        return f"已于 {local_time(written)[:10]} 的回执告知乡镇"
    return ""


def held_lost(store: Store, township: str, since: str = "") -> dict[str, Any]:
    """At the county: the township's records set aside (`set_aside`, as its last import left them) after `since`
    (`lost_since`; "": all), by ledger, number, id and date (the ledger's `date_field`), for its receipt."""
    order = list(store.ledgers)
    found: list[tuple[int, tuple[int, str, int, str], dict[str, Any]]] = []
    for name, ledger in store.ledgers.items():
        rows = store.conn.execute(f'SELECT r.number, r.id, r."{ledger.date_field}" FROM set_aside AS s'
                                  f' JOIN "{name}" AS r ON r.id = s.record_id'
                                  " WHERE s.township = ? AND s.ledger = ? AND s.at > ?", [township, name, since])
        for number, record_id, day in rows:
            entry = {"ledger": name, "number": number, "id": record_id, "date": day}
            found.append((order.index(name), _in_order(ledger, number), entry))
    found.sort(key=lambda item: item[:2])
    return {"count": len(found), "records": [entry for _at, _key, entry in found[:MAX_LISTED]]}


def _in_order(ledger: LedgerDef, number: str | None) -> tuple[int, str, int, str]:
    """A number's place in its ledger's list: 第2号 before 第10号, by year and prefix first."""
    parts = ledger.numbering.series(number) or {}
    return parts.get("year", 0), parts.get("prefix", ""), ledger.numbering.seq(number) or 0, number or ""


def read_lost(receipt: dict[str, Any], store: Store) -> str | None:
    """At the township: what the clerk is told of the records the receipt names, None when it names none. Each is
    looked up here (`_here`): held in an earlier version (补上备份之后的修改), its number given since to another record
    (the restored database numbered on from the backup: the one here is not the county's), or missing. An entry that
    is not a ledger and a number (not this program's county) is counted, not named."""
    lost = receipt.get("lost")
    if not isinstance(lost, dict) or not isinstance(lost.get("records"), list):
        return None
    entries = lost["records"]
    count = lost.get("count")
    count = max(count, len(entries)) if isinstance(count, int) and not isinstance(count, bool) else len(entries)
    if not count:
        return None
    missing: dict[str, list[str]] = {}
    older: dict[str, list[str]] = {}
    taken: list[str] = []
    for entry in entries[:MAX_LISTED]:
        if not isinstance(entry, dict) or not isinstance(entry.get("ledger"), str):
            continue
        number = entry.get("number")
        if number is not None and not (isinstance(number, str) and 0 < len(number) <= MAX_NUMBER_CHARS):
            continue
        ledger = store.ledgers.get(entry["ledger"])
        label = ledger.label if ledger else entry["ledger"][:MAX_NUMBER_CHARS]
        day = entry.get("date") if isinstance(entry.get("date"), str) and DAY.fullmatch(entry["date"]) else None
        dated = f"（{_day_word(ledger)} {day}）" if day else ""
        held, other = _here(store, ledger, entry.get("id"), number)
        if held:
            older.setdefault(label, []).append(f"{number or NO_NUMBER}{dated}")
        elif other is not None and ledger is not None:
            taken.append(_taken(ledger, number or "", other, day))
        else:
            missing.setdefault(label, []).append(f"{number or NO_NUMBER}{dated}")
    listed = sum(len(n) for n in missing.values()) + sum(len(n) for n in older.values()) + len(taken)
    if listed < min(len(entries), MAX_LISTED):
        log.warning("receipt: %d of its lost records not named (not a ledger and a number)",
                    min(len(entries), MAX_LISTED) - listed)
    parts = []
    if missing:
        parts.append("本所没有的，请补录：" + "".join(f"\n{label}：{'、'.join(named)}"
                                                     for label, named in missing.items()))
    if taken:
        parts.append("编号本所已给了另一件的：" + "".join(f"\n{line}" for line in taken))
    if older:
        parts.append("本所还有、县里的是备份之后修改过的，请补上备份之后的修改："
                     + "".join(f"\n{label}：{'、'.join(named)}" for label, named in older.items()))
    more = f"\n另有 {count - listed} 条回执未列出，请向县司法局查询。" if count > listed else ""
    return (f"县里有 {count} 条本所已没有的记录（本所数据库从备份恢复前登记或修改的）：\n" + "\n".join(parts) + more
            + "\n请按纸质材料或县里的记录补录（已补录的不必再录）。")


#: a date as a receipt gives it
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _day_word(ledger: LedgerDef | None) -> str:
    """What a record's date is called, short: 受理 (受理日期), 会议 (会议日期)."""
    if ledger is None:
        return "日期"
    return ledger.field(ledger.date_field).label.removesuffix("日期") or "日期"


def _here(store: Store, ledger: LedgerDef | None, record_id: Any, number: str | None) -> tuple[bool, str | None]:
    """Whether this database holds the record (by id: in an earlier version), and else the date of the record that
    holds its number here now (None: none does)."""
    if ledger is None:
        return False, None
    if isinstance(record_id, str) and store.conn.execute(f'SELECT 1 FROM "{ledger.name}" WHERE id = ?',
                                                         [record_id]).fetchone():
        return True, None
    if not number:
        return False, None
    row = store.conn.execute(f'SELECT "{ledger.date_field}" FROM "{ledger.name}" WHERE number = ? ORDER BY deleted'
                             " LIMIT 1", [number]).fetchone()
    return False, None if row is None else (row[0] or "")


def _taken(ledger: LedgerDef, number: str, other_day: str, day: str | None) -> str:
    """「本所现在的〔2025〕投诉字第5号是恢复后另登记的一件（受理 2025-09-23）；县里的第5号（受理 2025-08-17）
    须另行补录，补录时得新编号」; when both have the same date the one here may be the county's entered again."""
    word, seq = _day_word(ledger), ledger.numbering.seq(number)
    short = f"第{seq}号" if seq else number
    county = f"县里的{short}" + (f"（{word} {day}）" if day else "")
    if day and other_day == day:
        return (f"本所现在的{number}（{word} {other_day}）与{county}日期相同：如是按纸质材料补录的这一件，不必再录；"
                "不是的，须另行补录，补录时得新编号")
    here = f"（{word} {other_day}）" if other_day else ""
    return f"本所现在的{number}是恢复后另登记的一件{here}；{county}须另行补录，补录时得新编号"
