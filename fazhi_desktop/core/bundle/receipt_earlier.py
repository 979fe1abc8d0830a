"""What a receipt tells a township that re-installed of its earlier install's records, which the county keeps.

A township whose PC died without a backup sets up a new database; the county keeps the earlier install's records
(core/bundle/lost.py: the only copy) and counts them. The township was never told: its own 指标 page said 未达标
where the county said 达标, and its receipt said only 回执有效 and the numbering. Its receipts now carry how many
records of the earlier install the county keeps, per ledger (numbers only: the receipt is plain text on the stick):

    "earlier_install": {"meeting": 12, "complaint": 18}

The township's import says 县里保存有本所重装前的 30 条记录（照常计入指标），不必补录 when the count is new to it, and
keeps it (`SETTING`) so that its 指标 page says its figures leave those records out.
"""

from __future__ import annotations

import json
from typing import Any

from fazhi_desktop.core.indicators.sql import earlier_install
from fazhi_desktop.core.store import Store

#: settings key at a township: the counts its last receipt carried (JSON, ledger -> count)
SETTING = "receipt.earlier_install"
#: the most a township takes of one ledger's count (a county holds some hundreds of a township's records a year)
MAX_COUNT = 10_000_000


def held_earlier(store: Store, township: str, new_key: bool = False) -> dict[str, int]:
    """At the county: ledger -> how many live records of the township's earlier installs it keeps and counts (not
    one set aside), for the township's receipt; {} when it never re-installed. With `new_key` (the receipt for a new
    key that has sent nothing yet, `receipts.awaits_new_key`), every one it holds: the county does not know yet
    that the township re-installed, which the township tells by itself (`_fresh_install`)."""
    out = {}
    earlier = "" if new_key else f" AND {earlier_install('r')}"
    for name in store.ledgers:
        count = store.conn.execute(
            f'SELECT count(*) FROM "{name}" AS r WHERE township = ? AND deleted = 0{earlier}'
            " AND NOT EXISTS (SELECT 1 FROM set_aside AS s WHERE s.record_id = r.id)", [township]).fetchone()[0]
        if count:
            out[name] = count
    return out


def read_earlier(receipt: dict[str, Any], store: Store) -> tuple[dict[str, int] | None, str | None]:
    """At the township: the counts the receipt carries (None: it carries none, a county program before them, or
    not in this shape) and what the clerk is told of them, None when it is not news (the last receipt said the
    same)."""
    given = receipt.get("earlier_install")
    if not isinstance(given, dict):
        return None, None
    counts = {name: count for name, count in given.items() if name in store.ledgers and isinstance(count, int)
              and not isinstance(count, bool) and 0 < count <= MAX_COUNT}
    if receipt.get("acknowledged_through") == 0 and not receipt.get("bundles") and not _fresh_install(store):
        return None, None  # a new key's receipt at an office that kept its database (a forgotten passphrase)
    if not counts or counts == kept(store):
        return counts, None
    per = "、".join(f"{store.ledgers[name].label} {count} 条" for name, count in counts.items())
    return counts, (f"县里保存有本所重装前的 {sum(counts.values())} 条记录（照常计入指标），不必补录：{per}。"
                    "本所的指标页不含这些记录，结果可能与县里的不同。")


def _fresh_install(store: Store) -> bool:
    """Whether this database began with its signing key (a re-install: the key is made when it is set up), not an
    office that made a new key for a forgotten passphrase over the records it had."""
    made = store.setting_in_file("signing_key.created")
    return made is None or store.conn.execute("SELECT 1 FROM changes WHERE at < ? LIMIT 1", [made]).fetchone() is None


def kept(store: Store) -> dict[str, int]:
    """At the township: the counts the last receipt that carried them gave ({}: none)."""
    try:
        counts = json.loads(store.setting_in_file(SETTING) or "{}")
    except ValueError:
        return {}
    return counts if isinstance(counts, dict) else {}


def indicators_note(store: Store) -> str:
    """The township's 指标 page: that its figures leave out the earlier install's records the county counts, when a
    receipt said the county keeps some; "" otherwise (and at the county)."""
    if store.is_county:
        return ""
    total = sum(count for count in kept(store).values() if isinstance(count, int))
    if not total:
        return ""
    return f"县里保存有本所重装前的 {total} 条记录，计入县里的指标；本页不含这些记录，结果可能与县里的不同。"
