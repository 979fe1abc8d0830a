"""Which townships took the county's new key file after 更换县级密钥: the county key that opened each one's newest
bundle (`bundles_received.county_key`, migration 030), for 数据完整性's 县级公钥 column and 需关注. A township still
on the old key sends bundles the old key opens, and so does anyone holding a copy of it (a leaver's keys folder)."""

from __future__ import annotations

from fazhi_desktop.core.clock import office_date
from fazhi_desktop.core.db import BUNDLE_MADE
from fazhi_desktop.core.places import KEYS
from fazhi_desktop.core.store import Store

TAKEN, OLD = "已换用", "仍用旧公钥"
STEP_NEW_COUNTY_KEY = (f"请乡镇在“{KEYS}”中添加本县新的县级公钥文件（替换旧的），电话核对新指纹，"
                       "之后的数据包就加密给新密钥")


def county_key_states(store: Store) -> dict[str, str]:
    """township -> `TAKEN` or `OLD`, by the key its newest bundle (in the order they were made) was encrypted to;
    empty unless the county replaced its key (keys.COUNTY_REPLACED). A bundle imported before the county kept
    which key opened it is on the old key when it came before the replacement, unknown ("", left out) after."""
    from fazhi_desktop.core.bundle import keys  # loaded here: the bundle package imports the indicators

    replaced, public = store.setting(keys.COUNTY_REPLACED), keys.county_public(store)
    if not replaced or public is None:
        return {}
    out = {}
    for township, opened_by, imported_at in store.conn.execute(
            f"SELECT township, county_key, imported_at FROM (SELECT *, row_number() OVER (PARTITION BY township"
            f" ORDER BY {BUNDLE_MADE} DESC, sequence DESC) AS newest FROM bundles_received) WHERE newest = 1"):
        if opened_by:
            out[township] = TAKEN if opened_by == public.recipient else OLD
        elif imported_at < replaced:
            out[township] = OLD
    return out


def old_key_problem(store: Store) -> str:
    """需关注's item for a township on the old key: when the county replaced it."""
    from fazhi_desktop.core.bundle.keys import COUNTY_REPLACED

    replaced = store.setting(COUNTY_REPLACED) or ""
    try:  # the day in Beijing, as 数据完整性's other days (a PC in another zone said the day before or after)
        day = office_date(replaced.replace("Z", "+00:00")).isoformat()
    except ValueError:
        day = replaced[:10]
    return f"最后一个数据包仍加密给本县 {day} 更换前的县级公钥（{OLD}）"
