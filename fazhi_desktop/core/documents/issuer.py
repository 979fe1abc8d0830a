"""Whose name a record's document carries: the office that recorded it.

At a township that is the office itself (its settings). At the county every record was recorded by a township and
sent in its bundles: a 纪要 printed there from the county's settings was headed 海原县人民政府常务会议纪要 under
海原县司法局, for a meeting of 海城镇. The township's name comes from the shipped division list, its office's
name from its newest bundle (bag-info's Source-Organization, kept in the import report), else from its enrolled
key, else 〈乡镇〉司法所.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from fazhi_desktop.core import divisions, office_name
from fazhi_desktop.core.store import Record, Store


@dataclass(frozen=True)
class Issuer:
    office: str  # 海城镇司法所
    division: str  # 海城镇: the 纪要's mark, the 调解协议书's 人民调解委员会 and 人民政府
    committee: str  # the 人民调解委员会's own name, when the office set one ("" for 〈division〉人民调解委员会)


def issuer(store: Store, record: Record) -> Issuer:
    """The office whose document `record`'s is."""
    return township_issuer(store, record.township)


def township_issuer(store: Store, township: str | None, at: str | None = None) -> Issuer:
    """The office whose documents `township`'s records are: the office itself at a township, at the county the
    township's office (its 台账 is printed there for its file). `at` (UTC): as it was named then, before a
    修改单位名称 since (at the county, by the bundles imported by then), for a page printed then."""
    if not store.is_county or not township:
        office = store.setting("office_name") or ""
        if at is not None and (then := office_name.name_at(store, at)) is not None:
            office = then
        return Issuer(office, store.setting("division_name") or "", store.setting("mediation_committee") or "")
    division = divisions.names().get(township, "")
    by_then = "" if at is None else " AND imported_at <= ?"
    row = store.conn.execute(f"SELECT report FROM bundles_received WHERE township = ?{by_then} ORDER BY sequence"
                             " DESC, imported_at DESC LIMIT 1", [township, *([] if at is None else [at])]).fetchone()
    office = json.loads(row[0]).get("office", "") if row else ""
    if not office:
        key = store.conn.execute("SELECT office FROM township_keys WHERE township = ? ORDER BY enrolled_at DESC "
                                 "LIMIT 1", [township]).fetchone()
        office = key[0] if key else ""
    return Issuer(office or (f"{division}司法所" if division else ""), division, "")
