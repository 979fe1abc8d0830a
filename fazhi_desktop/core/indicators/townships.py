"""Which townships a computation covers: the office's own township, or in county mode every township of the county
(from the shipped division list) plus any other township that has sent records."""

from __future__ import annotations

from dataclasses import dataclass

from fazhi_desktop.core import divisions
from fazhi_desktop.core.errors import NotFound, SetupError
from fazhi_desktop.core.store import Store


@dataclass(frozen=True)
class Township:
    code: str
    name: str


def townships_with_records(store: Store) -> set[str]:
    """Township codes found in any ledger table (one index scan per ledger)."""
    found: set[str] = set()
    for ledger in store.ledgers:
        found.update(r[0] for r in store.conn.execute(f'SELECT DISTINCT township FROM "{ledger}"'))
    return found


def township_list(store: Store, only: str | None = None) -> list[Township]:
    """The townships to compute for, in code order. `only` picks one (it must belong to this database)."""
    try:
        known = divisions.load_divisions()
    except SetupError:
        known = {}
    if store.is_county:
        county = store.township[:6]
        codes = {d.code for d in divisions.townships(county, known)} if known else set()
        codes |= {c for c in townships_with_records(store) if c.startswith(county) or not known}
    else:
        codes = {store.township}
    if only:
        if only not in codes:
            where = "本县" if store.is_county else f"本数据库（{store.township}）"
            raise NotFound(f"乡镇代码“{only}”不属于{where}")
        codes = {only}
    return [Township(code, known[code].name if code in known else code) for code in sorted(codes)]
