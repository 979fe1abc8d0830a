"""Creating an office's database: township or county mode."""

from __future__ import annotations

from pathlib import Path

from fazhi_desktop.core import divisions
from fazhi_desktop.core.clock import Clock, system_clock, utc_iso
from fazhi_desktop.core.errors import SetupError
from fazhi_desktop.core.forms import LedgerDef
from fazhi_desktop.core.store import Store


def init_database(path: Path | str, code: str, office: str | None = None, county: bool = False,
                  operator: str | None = None, ledgers: dict[str, LedgerDef] | None = None,
                  clock: Clock = system_clock) -> Store:
    """Create and set up a database for a township (9-digit code) or, with `county`, a county (6-digit code).

    Refuses to set up a file that already belongs to an office, so nothing is overwritten.
    """
    code = code.strip()
    if county and len(code) != 6:
        raise SetupError(f"县级代码应为6位（例如 640522），收到“{code}”")
    if not county and len(code) != 9:
        raise SetupError(f"乡镇代码应为9位（例如 640522100），收到“{code}”")
    division = divisions.lookup(code)
    store = Store.open(path, ledgers=ledgers, clock=clock, create=True)
    existing = store.setting("township")
    if existing:
        store.close()
        raise SetupError(f"数据库 {path} 已经初始化（代码 {existing}），不会覆盖")
    default_office = f"{division.name}人民政府" if county else f"{division.name}司法所"
    store.set_settings(
        mode="county" if county else "township",
        township=code,
        county=code[:6],
        division_name=division.name,
        office_name=(office or default_office).strip(),
        operator=(operator or "").strip() or None,
        created_at=utc_iso(clock()),
    )
    return store
