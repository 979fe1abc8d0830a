"""Creating an office's database: township or county mode."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core import divisions, record_rules
from fazhi_desktop.core.clock import Clock, office_date, system_clock, utc_iso
from fazhi_desktop.core.errors import SetupError
from fazhi_desktop.core.forms import LedgerDef, load_forms
from fazhi_desktop.core.store import Store


def init_database(path: Path | str, code: str, office: str | None = None, county: bool = False,
                  operator: str | None = None, ledgers: dict[str, LedgerDef] | None = None,
                  clock: Clock = system_clock, admin_password: str | None = None) -> Store:
    """Create and set up a database for a township (9-digit code) or, with `county`, a county (6-digit code).

    With `admin_password`, the operator also gets the first account, a 管理员, and is logged in (`store.user`).
    Refuses to set up a file that already belongs to an office, so nothing is overwritten.
    """
    code = code.strip()
    if county and len(code) != 6:
        raise SetupError(f"县级代码应为6位（例如 640522），收到“{code}”")
    if not county and len(code) != 9:
        raise SetupError(f"乡镇代码应为9位（例如 640522100），收到“{code}”")
    division = divisions.lookup(code)
    if not county and (gone := divisions.setup_year_problem(code, office_date(clock()).year)):
        raise SetupError(gone)
    default_office = f"{division.name}司法局" if county else f"{division.name}司法所"  # as the setup wizard suggests
    office = (office or default_office).strip()
    if problem := divisions.setup_office_problem(office, code):
        raise SetupError(problem)
    path = Path(path)
    existing = dbmod.peek_setting(path, "township")  # asked before anything is written: another program's file, a
    if existing:  # newer version's or an office's database is left exactly as it is
        raise SetupError(f"数据库 {path} 已经初始化（代码 {existing}），不会覆盖")
    dbmod.refuse_foreign(path, ledgers if ledgers is not None else load_forms())
    store = Store.open(path, ledgers=ledgers, clock=clock, create=True)
    store.set_settings(
        mode="county" if county else "township",
        township=code,
        county=code[:6],
        division_name=division.name,
        office_name=office,
        operator=(operator or "").strip() or None,
        created_at=utc_iso(clock()),
    )
    if county:
        dbmod.sync_ledger_tables(store.conn, store.ledgers)  # what differs in a county's tables (db._sync_one)
    else:  # no record yet, so every one meets today's rules: only what an older version writes is checked
        with dbmod.transaction(store.conn):
            record_rules.remember(store.conn, record_rules.Mark(record_rules.rules(store.ledgers), 0))
    if admin_password is not None:
        _first_admin(store, (operator or "").strip(), admin_password)
    return store


def _first_admin(store: Store, name: str, password: str) -> None:
    """The operator's 管理员 account; a refused name or password leaves no half-set-up database behind."""
    from fazhi_desktop.core import accounts

    try:
        accounts.add_account(store, name, name, "admin", password)
        user = accounts.login(store, name, password)
        store.user = replace(user, first_login=False)  # the office's first day: 第一次使用 says where to start
    except Exception:
        path = store.path
        store.close()
        if path is not None:
            for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                leftover.unlink(missing_ok=True)
        raise
