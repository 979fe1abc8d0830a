"""Edits the township made after its backup, on the PC that died, that reach the county in a late bundle.

The township restored a backup on a new PC and carried on; the dead PC's last bundle reached the county afterwards
(apply: STALE). Of a record the county holds in a version the township still has, that bundle may carry a newer
revision: Monday's edit of an older meeting, made after the backup, which the restored PC never had. The county does
not take it (the restored PC's line is the township's now, and its own next edit of the record may carry the same
revision number), but it no longer drops it unnamed either: it is noted here (table `late_edits`, migration 053), the
import report names it, and each receipt to the township names it, by ledger, number, id, date and revision, with the
labels of the fields that differ and never their values (as `receipt_kept` does), until the county receives a newer
revision of the record from the township's line:

    "late_edits": [{"ledger": "meeting", "number": "〔2026〕会记字第1号", "id": "…", "date": "2026-11-16",
                    "revision": 1, "fields": ["地点"]}, ...]

`revision` is the one the county counts, which the township holds. A receipt of an earlier version carries no
"late_edits" and an earlier township reads past it.

Of the version received, only its content hash is kept (`incoming`; migration 054 emptied what earlier builds kept
whole): the county does not count it, the township redoes the edit from its paper, and the values (a case's parties,
their ID numbers) are no business of the county's database (个人信息保护法 art. 6, 19).
"""

from __future__ import annotations

import json
from typing import Any

from fazhi_desktop.core.bundle.receipt_kept import MAX_LISTED, still_here
from fazhi_desktop.core.clock import utc_iso
from fazhi_desktop.core.history import diff_contents
from fazhi_desktop.core.store import Store

KEY = "late_edits"


def keep(store: Store, ledger: Any, held: dict[str, Any], line: Any, bundle_id: str) -> str:
    """At the county, inside the import's transaction: keep a late bundle's newer revision `line` of the held record
    `held` (a ledger row), not taken; returns how the import report names it (kind, number, date: the fields that
    differ)."""
    fields = [change.label for change in diff_contents(ledger, store.content(ledger, held), line.content, store=store)]
    store.conn.execute(
        "INSERT INTO late_edits (record_id, township, ledger, held_revision, held_hash, revision, incoming, fields,"
        " bundle_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (record_id) DO UPDATE SET"
        " held_revision = excluded.held_revision, held_hash = excluded.held_hash, revision = excluded.revision,"
        " incoming = excluded.incoming, fields = excluded.fields, bundle_id = excluded.bundle_id, at = excluded.at"
        " WHERE excluded.revision >= late_edits.revision OR late_edits.held_revision != excluded.held_revision",
        [line.id, held["township"], ledger.name, held["revision"], held["content_hash"], line.revision,
         line.content_hash, json.dumps(fields, ensure_ascii=False), bundle_id, utc_iso(store.clock())])
    day = held.get(ledger.date_field)
    named = f"{ledger.label} {held['number'] or held['id']}" + (f"（{day}）" if day else "")
    return named + (f"：{'、'.join(fields)}" if fields else "")


def held_late(store: Store, township: str) -> list[dict[str, Any]]:
    """At the county: the township's late edits still standing (the county still counts the version the late bundle
    was newer than), for its receipt."""
    out: list[dict[str, Any]] = []
    rows = store.conn.execute("SELECT record_id, ledger, held_revision, held_hash, fields FROM late_edits"
                              " WHERE township = ? ORDER BY at, record_id", [township]).fetchall()
    for record_id, ledger_name, held_revision, held_hash, fields in rows:
        if ledger_name not in store.ledgers:
            continue
        ledger = store.ledgers[ledger_name]
        held = store.conn.execute(f'SELECT number, revision, content_hash, "{ledger.date_field}" FROM "{ledger.name}"'
                                  " WHERE id = ? AND township = ?", [record_id, township]).fetchone()
        if held is None or (held[1], held[2]) != (held_revision, held_hash):
            continue  # the township sent a newer revision since: the county counts that
        out.append({"ledger": ledger_name, "number": held[0], "id": record_id, "date": held[3],
                    "revision": held_revision, "fields": json.loads(fields)})
    return out[:MAX_LISTED]


def read_late(receipt: dict[str, Any], store: Store) -> str | None:
    """At the township: what the clerk is told of the edits made after the backup that the county received late and
    this PC does not have, those of records still at the revision the county named (one edited since goes to the
    county in the next bundle, which it takes); None when none."""
    lines = still_here(receipt.get(KEY), store)
    if not lines:
        return None
    return ("下列记录在本所从备份恢复之前、在原来的电脑上修改过，县里收到了那次修改，本所现在的电脑上没有"
            "（县里仍按本所现在的版本计入指标）；那次修改过的项目：\n" + "\n".join(lines) +
            "\n请按纸质材料核对所列项目，需要的话在本所再修改一次并导出数据包报送；县里收到本所修改后的版本，就不再列出")
