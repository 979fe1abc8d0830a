"""The check every record's values meet to travel in a bundle.

The county (records.py) runs `clean_record` on each record a bundle carries, deleted ones included, and wants the
values back unchanged (a township only ever stores cleaned values); one record that fails refuses the whole
bundle.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fazhi_desktop.core.clock import local_today
from fazhi_desktop.core.forms import LedgerDef
from fazhi_desktop.core.ids import canonical_json, sha256_text
from fazhi_desktop.core.store import Store
from fazhi_desktop.core.validate import Lookups, clean_record

NOT_CANONICAL = "字段值不是本程序保存的规范形式"
NOT_ITS_HASH = "内容与其摘要不符"


@dataclass(frozen=True)
class Checked:
    content: dict[str, Any]  # rebuilt from the cleaned values when accepted: what the county stores
    reason: str | None = None  # why the county refuses the record; None when it does not


def lookups(store: Store, carried: Mapping[str, set[str]] | None = None) -> Lookups:
    """What the check asks of the database: a linked record is in the bundle (`carried`: ledger -> ids) or held,
    deleted or not; today by the store's clock. Whether an attachment's file exists is checked apart: at the county
    with a message that says where it was looked for (records._check_attachment), at the township by the export
    (collect._attachment_sizes)."""

    def record_exists(ledger_name: str, record_id: str) -> bool:
        if carried is not None and record_id in carried.get(ledger_name, ()):
            return True
        if ledger_name not in store.ledgers:
            return False
        return store.conn.execute(f'SELECT 1 FROM "{ledger_name}" WHERE id = ?', [record_id]).fetchone() is not None

    return Lookups(record_exists=record_exists, attachment_exists=lambda sha: True,
                   today=lambda: local_today(store.clock))


def check_values(ledger: LedgerDef, content: dict[str, Any], content_hash: str, checks: Lookups) -> Checked:
    """`clean_record` on a record's content (values and remarks), which must come back as they are."""
    cleaned = clean_record(ledger, {**content["values"], "remarks": content["remarks"]}, checks)
    if cleaned.problems:
        return Checked(content, "；".join(str(p) for p in cleaned.problems[:5]))
    # one hash answers two questions: is the stated hash right, and were the values stored clean?
    values = cleaned.values
    rebuilt = {**content, "remarks": values["remarks"], "values": ledger.content_values(values)}
    if sha256_text(canonical_json(rebuilt)) == content_hash:
        return Checked(rebuilt)
    return Checked(content, NOT_CANONICAL if sha256_text(canonical_json(content)) == content_hash else NOT_ITS_HASH)
