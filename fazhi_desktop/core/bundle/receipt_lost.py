"""The records a receipt names: those the county holds of a township whose versions the township no longer has.

A township whose PC died restores its last backup, two weeks old; the county holds what it did since, printed papers
among it. The county learns it from the township's next bundle and sets those records aside (core/bundle/lost.py:
its import says 其版本乡镇已经没有了). The township cannot know which ones it lost: its receipt tells it, by ledger,
number, id and date only (the receipt is plain text on the stick, so no title, no name), the first `MAX_LISTED` in
ledger and number order with how many there are, and the clerk enters them again from paper.

A receipt names the records set aside that no receipt the township has shown it imported named: each bundle says
which receipt it imported last (`Fazhi-Receipt-Imported`, the receipt's `written_at`: core/bundle/export.py), the
county keeps it from the township's latest bundle (`SHOWN_SETTING`) and, in the order it wrote them, which records
each receipt for the township named (`NAMED_SETTING`): those named by that receipt and the ones written before it
are told (`learnt`). A receipt lost on the way is thus not the end of it: the next receipt names its records again
(before, each was named on the one receipt written after it, and a township that never imported that one never
learnt of them). Once a bundle shows a receipt naming them imported, the records entered again from paper under new
ids (which leave the ones they replace set aside at the county) are not named again: every later receipt warned of
records the clerk had already entered. The county's clock decides nothing here: it compared when a record was set
aside with when the shown receipt was written, and a receipt written while its clock ran a month ahead left every
record set aside in that month unnamed.

    "lost": {"count": 6, "records": [{"ledger": "meeting", "number": "〔2026〕会记字第3号", "id": "…",
                                      "date": "2026-04-01", "revision": 2}, ...]}

A record whose version the county holds came in a bundle signed by a key later revoked as stolen or lost, imported
after the day it is not trusted from (core/bundle/revocation.py), carries `"untrusted": {"reason": "被盗",
"bundle": 5}`: the township is told it apart (`revocation.untrusted_entry`), as one to enter again only from paper
it has, not as one it lost (the thief's forged meeting is on no paper).

The id and date (the ledger's `date_field`: 受理日期, 会议日期) let the township tell the county's record from one it
gave the same number since (a restored database numbers on from its backup until a receipt comes): a receipt that
named only 〔2025〕投诉字第5号 sent the clerk to the 第5号 on her list, another complaint. Ids and dates are no
name and no title: the receipt is signed, not encrypted. The id and revision let the clerk enter a record she lacks
again under its printed number as the county's record (补录: core/bundle/reentry.py), which the county then takes as
an ordinary update of it.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from typing import Any

from fazhi_desktop.core.bundle.keys import UNTRUSTED_REASONS
from fazhi_desktop.core.bundle.revocation import brought_by_untrusted, untrusted_entry
from fazhi_desktop.core.clock import local_time
from fazhi_desktop.core.forms import LedgerDef
from fazhi_desktop.core.places import DELETED_RECORDS, REENTER
from fazhi_desktop.core.store import Store

log = logging.getLogger(__name__)

#: settings key (+ township code) at the county: when the last receipt for that township was written (UTC)
WRITTEN_SETTING = "receipt.written."
#: settings key (+ township code) at the county: the `written_at` of the last receipt the township's latest bundle
#: says it imported (`Fazhi-Receipt-Imported`), "" or none when it imported none
SHOWN_SETTING = "receipt.shown_imported."
#: settings key at a township: the `written_at` of the latest receipt it imported, which its bundles carry
#: (`SHOWN_LABEL`)
IMPORTED_WRITTEN = "receipt.imported_written"
#: the bag-info label carrying it (absent before the township imported a receipt)
SHOWN_LABEL = "Fazhi-Receipt-Imported"
#: the most records a receipt names (with the count of all): a township loses some tens with a two-week-old backup
MAX_LISTED = 200
#: the longest number a township shows from a receipt (the program's are some 15 characters)
MAX_NUMBER_CHARS = 60
#: how a record without a number is named
NO_NUMBER = "（无编号）"


#: settings key (+ township code) at the county: the receipts written for the township, in the order written (the
#: last `MAX_RECEIPTS_KEPT`), each with the records set aside it named (JSON [[written_at, [`_key`, ...]], ...])
NAMED_SETTING = "receipt.named."
#: the receipts `NAMED_SETTING` keeps: one a township shows imported that is older is taken as none (all named again)
MAX_RECEIPTS_KEPT = 100


def _key(record_id: str, at: str) -> str:
    """A record set aside, as `NAMED_SETTING` names it: its id and when it was first set aside (one taken back and set
    aside again by a later restore is news again)."""
    return f"{record_id}@{at}"


def _named(store: Store, township: str) -> list[tuple[str, list[str]]]:
    try:
        kept = json.loads(store.setting_in_file(NAMED_SETTING + township) or "[]")
    except ValueError:
        return []
    return [(item[0], item[1]) for item in kept if isinstance(item, list) and len(item) == 2] \
        if isinstance(kept, list) else []


def learnt(store: Store, township: str) -> set[str]:
    """At the county: the records set aside (`_key`) the township has learnt of, which a receipt written now leaves
    out (`held_lost`): those named by the receipt its latest bundle shows imported and by the receipts written
    before it (which named the others set aside then); none when it shows none (or one not kept). A receipt never
    imported (its stick lost): the next one names its records again."""
    shown = store.setting_in_file(SHOWN_SETTING + township) or ""
    receipts = _named(store, township)
    last = max((at for at, (written, _keys) in enumerate(receipts) if written == shown), default=None)
    if not shown or last is None:
        return set()
    return {key for _written, keys in receipts[: last + 1] for key in keys}


def named_settings(store: Store, township: str, written_at: str, lost: dict[str, Any]) -> dict[str, str]:
    """At the county: the setting to keep with a receipt written (`NAMED_SETTING`): the receipts before it and it,
    with the records its `lost` (`held_lost`) names; records no longer set aside are dropped from every one."""
    held = {row[0]: _key(row[0], row[1]) for row in store.conn.execute(
        "SELECT record_id, at FROM set_aside WHERE township = ?", [township])}
    live = set(held.values())
    receipts = [(written, [key for key in keys if key in live]) for written, keys in _named(store, township)]
    receipts.append((written_at, [held[entry["id"]] for entry in lost["records"] if entry["id"] in held]))
    return {NAMED_SETTING + township: json.dumps(receipts[-MAX_RECEIPTS_KEPT:], ensure_ascii=False)}


def keep_shown(store: Store, township: str, shown: str | None) -> None:
    """At the county, in a bundle's import, when it is the township's latest (as for its roster): the receipt it
    shows imported (`SHOWN_LABEL`; None: none), which `learnt` reads."""
    store.set_settings(**{SHOWN_SETTING + township: shown or ""})


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


def held_lost(store: Store, township: str, known: set[str] | frozenset[str] = frozenset()) -> dict[str, Any]:
    """At the county: the township's records set aside (`set_aside`, as its last import left them) but those it
    learnt of (`known`: `learnt`; none: all), by ledger, number, id, date (the ledger's `date_field`) and the revision
    held, for its receipt."""
    order = list(store.ledgers)
    found: list[tuple[int, tuple[int, str, int, str], dict[str, Any]]] = []
    untrusted = brought_by_untrusted(store, township)
    for name, ledger in store.ledgers.items():
        rows = store.conn.execute(f'SELECT r.number, r.id, r."{ledger.date_field}", r.revision, s.at FROM set_aside'
                                  f' AS s JOIN "{name}" AS r ON r.id = s.record_id'
                                  " WHERE s.township = ? AND s.ledger = ?", [township, name])
        for number, record_id, day, revision, at in rows:
            if _key(record_id, at) in known:
                continue
            entry = {"ledger": name, "number": number, "id": record_id, "date": day, "revision": revision}
            if record_id in untrusted:
                entry["untrusted"] = {"reason": untrusted[record_id].reason, "bundle": untrusted[record_id].sequence}
            found.append((order.index(name), _in_order(ledger, number), entry))
    found.sort(key=lambda item: item[:2])
    return {"count": len(found), "records": [entry for _at, _key, entry in found[:MAX_LISTED]]}


def _in_order(ledger: LedgerDef, number: str | None) -> tuple[int, str, int, str]:
    """A number's place in its ledger's list: 第2号 before 第10号, by year and prefix first."""
    parts = ledger.numbering.series(number) or {}
    return parts.get("year", 0), parts.get("prefix", ""), ledger.numbering.seq(number) or 0, number or ""


#: how a lost record stands here (`LostRecord.here`)
HELD, DELETED, TAKEN, MISSING = "held", "deleted", "taken", "missing"


@dataclass(frozen=True)
class LostRecord:
    """One record a receipt names, as the township reads it (`lost_records`): its ledger (one this program may not
    have), number, id, date and the revision the county holds (None: not given)."""

    ledger: str
    number: str | None
    id: str | None
    date: str | None
    revision: int | None = None
    #: the county's version came in a bundle signed by a key revoked as stolen or lost: (reason, bundle number)
    untrusted: tuple[str, int] | None = None

    def as_dict(self) -> dict[str, Any]:
        said = {"untrusted": {"reason": self.untrusted[0], "bundle": self.untrusted[1]}} if self.untrusted else {}
        return {"ledger": self.ledger, "number": self.number, "id": self.id, "date": self.date,
                "revision": self.revision, **said}

    @property
    def untrusted_text(self) -> str:
        """"由已吊销（被盗）密钥签名的第5号数据包带来：没有纸质材料的不要补录", or ""."""
        return untrusted_entry(*self.untrusted) if self.untrusted else ""

    def here(self, store: Store) -> tuple[str, str | None]:
        """How it stands in this database, and the date of the record here that holds its number (else None): HELD
        by id (in an earlier version), DELETED (by id, or its number is held only by a record deleted here since),
        TAKEN (a live record here holds its number: the restored database gave it out again), or MISSING."""
        ledger = store.ledgers.get(self.ledger)
        if ledger is None:
            return MISSING, None
        if self.id is not None:
            row = store.conn.execute(f'SELECT deleted FROM "{ledger.name}" WHERE id = ?', [self.id]).fetchone()
            if row is not None:
                return (DELETED if row[0] else HELD), None
        if not self.number:
            return MISSING, None
        row = store.conn.execute(f'SELECT "{ledger.date_field}", deleted FROM "{ledger.name}" WHERE number = ?'
                                 " ORDER BY deleted LIMIT 1", [self.number]).fetchone()
        if row is None:
            return MISSING, None
        return (DELETED if row[1] else TAKEN), row[0] or ""


def lost_records(lost: Any) -> tuple[int, list[LostRecord]]:
    """A receipt's `lost`: how many records it counts and those it names that are a ledger and a number as this
    program writes them (a receipt of another county program: counted, not named)."""
    if not isinstance(lost, dict) or not isinstance(lost.get("records"), list):
        return 0, []
    entries = lost["records"]
    count = lost.get("count")
    count = max(count, len(entries)) if isinstance(count, int) and not isinstance(count, bool) else len(entries)
    named = []
    for entry in entries[:MAX_LISTED]:
        if not isinstance(entry, dict) or not isinstance(entry.get("ledger"), str):
            continue
        number = entry.get("number")
        if number is not None and not (isinstance(number, str) and 0 < len(number) <= MAX_NUMBER_CHARS):
            continue
        record_id = entry.get("id")
        day = entry.get("date") if isinstance(entry.get("date"), str) and DAY.fullmatch(entry["date"]) else None
        revision = entry.get("revision")
        revision = revision if isinstance(revision, int) and not isinstance(revision, bool) \
            and 0 < revision < MAX_REVISION else None
        named.append(LostRecord(entry["ledger"][:MAX_NUMBER_CHARS], number,
                                record_id if isinstance(record_id, str) and ID.fullmatch(record_id) else None, day,
                                revision, _untrusted(entry.get("untrusted"))))
    if len(named) < min(len(entries), MAX_LISTED):
        log.warning("receipt: %d of its lost records not named (not a ledger and a number)",
                    min(len(entries), MAX_LISTED) - len(named))
    return count, named


def _untrusted(said: Any) -> tuple[str, int] | None:
    """A receipt entry's `untrusted`, when it is one this program writes."""
    if not isinstance(said, dict) or said.get("reason") not in UNTRUSTED_REASONS:
        return None
    number = said.get("bundle")
    return (said["reason"], number) if isinstance(number, int) and not isinstance(number, bool) \
        and 0 < number < MAX_REVISION else None


def read_lost(receipt: dict[str, Any], store: Store) -> str | None:
    """At the township: what the clerk is told of the records the receipt names, None when it names none. Each is
    looked up here (`LostRecord.here`): held in an earlier version (补上备份之后的修改), deleted here since (恢复 in
    编辑 → 已删除的记录…), its number given since to another record (the restored database numbered on from the backup:
    the one here is not the county's), or missing (补录 under its printed number: core/bundle/reentry.py). An entry
    that is not a ledger and a number (not this program's county) is counted, not named."""
    count, entries = lost_records(receipt.get("lost"))
    if not count:
        return None
    missing: dict[str, list[str]] = {}
    older: dict[str, list[str]] = {}
    deleted: dict[str, list[str]] = {}
    taken: list[str] = []
    untrusted: dict[str, dict[str, list[str]]] = {}  # brought by a stolen key's bundle: told apart, whatever here
    for entry in entries:
        ledger = store.ledgers.get(entry.ledger)
        label = ledger.label if ledger else entry.ledger
        dated = f"（{_day_word(ledger)} {entry.date}）" if entry.date else ""
        named = f"{entry.number or NO_NUMBER}{dated}"
        state, other = entry.here(store)
        if entry.untrusted:
            untrusted.setdefault(entry.untrusted_text, {}).setdefault(label, []).append(named)
        elif state == HELD:
            older.setdefault(label, []).append(named)
        elif state == DELETED:  # by id, or its number held only by a record deleted here: dated when another day
            also = f"，本所删除的那条{_day_word(ledger)} {other}" if other and other != entry.date else ""
            deleted.setdefault(label, []).append(f"{named[:-1]}{also}）" if also and dated else named + also)
        elif state == TAKEN and ledger is not None:
            taken.append(_taken(ledger, entry.number or "", other or "", entry.date))
        else:
            missing.setdefault(label, []).append(named)
    listed = len(entries)
    parts = []  # each group's heading says what to do with it (a closing line said 补录 of them all, the held too)
    if missing:
        parts.append(f"本所已没有的，请按纸质材料在“{REENTER}”中按原编号补录：" + _by_ledger(missing))
    if taken:
        parts.append("编号本所已给了另一件的：" + "".join(f"\n{line}" for line in taken))
    if deleted:
        parts.append(f"本所已删除的（可在“{DELETED_RECORDS}”中查看、恢复；删除的不是县里这一件的，请按原编号补录）："
                     + _by_ledger(deleted))
    if older:
        parts.append("本所还有、县里的是备份之后修改过的，请补上备份之后的修改：" + _by_ledger(older))
    parts += [f"{heading}：{_by_ledger(named)}" for heading, named in untrusted.items()]
    more = f"\n另有 {count - listed} 条回执未列出，请向县司法局查询。" if count > listed else ""
    return f"县里有 {count} 条记录是本所数据库从备份恢复前登记或修改的：\n" + "\n".join(parts) + more


def _by_ledger(named: dict[str, list[str]]) -> str:
    return "".join(f"\n{label}：{'、'.join(numbers)}" for label, numbers in named.items())


#: a receipt's text as `fazhi receipt import` prints it (places.for_command_line): beside each menu path it names, the
#: command doing the same
RECEIPT_BY_COMMAND = tuple((re.compile(re.escape(f"“{place}”")), f"“{place}”（命令行 {commands}）")
                           for place, commands in ((REENTER, "fazhi receipt lost、fazhi receipt reenter"),
                                                   (DELETED_RECORDS, "fazhi undelete")))
#: a record id as the program makes them (a uuid7), or one of an older version: letters, digits and hyphens
ID = re.compile(r"[0-9A-Za-z-]{1,64}")
#: a revision kept in SQLite's integers
MAX_REVISION = 1 << 62


#: a date as a receipt gives it
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _day_word(ledger: LedgerDef | None) -> str:
    """What a record's date is called, short: 受理 (受理日期), 会议 (会议日期)."""
    if ledger is None:
        return "日期"
    return ledger.field(ledger.date_field).label.removesuffix("日期") or "日期"


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
