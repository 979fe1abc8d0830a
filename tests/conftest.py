"""Shared fixtures: the shipped ledger definitions, a fresh office database per test, a controllable clock and
minimal valid records for each of the five ledgers."""

from __future__ import annotations

import copy
import os
import secrets
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import age_low_cost
import pyrage
import pytest
from hypothesis import settings

from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core import print_key
from fazhi_desktop.core.forms import LedgerDef, load_forms
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import Store

# CI runs the property tests with fixed seeds, so a run's result does not depend on luck; a developer's run
# explores new examples (and hypothesis keeps any failure it finds in .hypothesis/ to replay it).
settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

TOWNSHIP = "640522100"
OFFICE = "海城镇司法所"
START = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)


class FixedClock:
    """A clock that stands still at `now` until a test moves it."""

    def __init__(self, now: datetime = START):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def set(self, now: datetime) -> None:
        self.now = now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture(scope="session")
def ledgers() -> dict[str, LedgerDef]:
    """The five shipped ledger definitions, read once."""
    return load_forms()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def beijing_time(monkeypatch):
    """This computer keeps Beijing time (UTC+8, as in Ningxia), whatever the test machine's zone; a POSIX zone
    string, so no time-zone database is needed."""
    monkeypatch.setenv("TZ", "CST-8")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def zone(monkeypatch):
    """Set this PC's time zone (a POSIX zone string: no time-zone database needed), as often as a test likes."""
    def set_zone(tz: str) -> None:
        monkeypatch.setenv("TZ", tz)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()


@pytest.fixture(scope="session")
def set_up_office(tmp_path_factory, ledgers) -> tuple[Path, list[str]]:
    """海城镇司法所's database as `init_database` leaves it at START, made once a session for `store` to copy (a
    fifth of a second each, more than a thousand tests a run), and the settings its Store had read or set by then."""
    path = tmp_path_factory.mktemp("set-up-office") / "office.db"
    made = init_database(path, TOWNSHIP, office=OFFICE, ledgers=ledgers, clock=FixedClock())
    known = list(made._settings)
    made.close()
    assert not path.with_name("office.db-wal").exists()  # all of it in the one file
    return path, known


@pytest.fixture
def store(tmp_path, ledgers, clock, set_up_office) -> Store:
    """A freshly set-up township database (海城镇司法所) in this test's own directory: a copy of `set_up_office` with a
    print key of its own, as `init_database` makes it (itself when the clock no longer reads START)."""
    path = tmp_path / "office.db"
    if clock() != START or path.exists():
        db = init_database(path, TOWNSHIP, office=OFFICE, ledgers=ledgers, clock=clock)
    else:
        made, known = set_up_office
        shutil.copy(made, path)  # the file's mode too (private: core/private_files.py)
        with closing(sqlite3.connect(path, isolation_level=None)) as conn:
            conn.execute("PRAGMA synchronous=OFF")  # a test's file: no power cut to survive before it is opened
            conn.execute("UPDATE settings SET value = ? WHERE key = ?", [secrets.token_hex(32), print_key.SETTING])
        db = Store.open(path, ledgers=ledgers, clock=clock)
        for key in known:  # read already, as by the Store init_database returns (a test counting queries sees so)
            db.setting(key)
    yield db
    db.close()


_VALID: dict[str, dict[str, Any]] = {
    "meeting": {
        "title": "2026年第3次乡镇政府常务会议",
        "meeting_type": "乡镇行政会议(政府常务会议)",
        "held_on": "2026-03-05",
        "office_head_attendance": "全程",
    },
    "law_study": {
        "activity_type": "会前学法",
        "topic": "学习《中华人民共和国行政处罚法》",
        "held_on": "2026-03-05",
    },
    "mediation_case": {
        "case_category": "人民调解",
        "case_name": "马某与李某宅基地纠纷",
        "accepted_on": "2026-03-05",
        "dispute_type": "房屋宅基地纠纷",
        "parties": [{"role": "申请人", "party_type": "自然人", "name": "马某"}],
    },
    "enforcement_check": {
        "checked_on": "2026-03-05",
        "check_type": "日常检查",
        "supervised_unit": "乡综合执法办",
    },
    "complaint": {
        "accepted_on": "2026-03-05",
        "source": "12345热线",
        "respondent": "乡综合执法办",
        "matter": "执法人员未出示执法证",
    },
}


@pytest.fixture
def valid_record() -> Callable[..., dict[str, Any]]:
    """`valid_record("meeting", title="...")`: a fresh dict of the least a ledger accepts, with overrides."""

    def make(ledger_name: str, **overrides: Any) -> dict[str, Any]:
        return {**copy.deepcopy(_VALID[ledger_name]), **overrides}

    return make


@pytest.fixture(autouse=True)
def own_data_dir(monkeypatch, tmp_path_factory):
    """The program's data folder (demo database, log file) is a temporary one: tests never write into the real
    user's folder. Tests of the folder itself set these again."""
    folder = tmp_path_factory.mktemp("user-data")
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))
    monkeypatch.setenv("LOCALAPPDATA", str(folder))


@pytest.fixture(scope="session")
def session_backup_key():
    """The office backup key every test database gets, its key.age at the tests' low work factor."""
    from fazhi_desktop.core.backup import sealing

    return sealing.new_key()


@pytest.fixture(autouse=True)
def one_backup_key_a_session(monkeypatch, session_backup_key, request):
    """Every database made in tests gets the same backup key: making one costs scrypt (the recovery code's
    encryption), which each test's first backup would otherwise pay; a test marked `real_age_cost` makes its own."""
    from fazhi_desktop.core.backup import sealing

    if not request.node.get_closest_marker("real_age_cost"):
        monkeypatch.setattr(sealing, "new_key", lambda: session_backup_key)


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch):
    """Accounts made in tests hash with scrypt n=2^10: the real cost (n=2^15, ~0.1 s a hash) is tested on its own
    in tests/core/test_accounts.py."""
    from fazhi_desktop.core import accounts

    monkeypatch.setattr(accounts, "DEFAULT_COST", accounts.ScryptCost(n=2**10))


#: age's own passphrase encryption, for the tests marked `real_age_cost`
REAL_AGE_ENCRYPT = pyrage.passphrase.encrypt


@pytest.fixture(scope="session", autouse=True)
def age_files_at_low_cost():
    """The files the program locks with a passphrase (the county's identity, a backup's key.age) are age-encrypted
    at a low scrypt work factor (tests/age_low_cost.py) and still opened by the real age. For the whole session, so
    that module and session fixtures (a county made once for a module) get it too."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pyrage.passphrase, "encrypt", age_low_cost.encrypt)
        yield


@pytest.fixture(autouse=True)
def age_cost_when_marked(monkeypatch, request):
    """A test marked `real_age_cost` writes age's own work factor."""
    if request.node.get_closest_marker("real_age_cost"):
        monkeypatch.setattr(pyrage.passphrase, "encrypt", REAL_AGE_ENCRYPT)


#: the program's own connection to a database (core/db.connect: `synchronous=FULL`), for the tests marked
#: `real_disk_sync`
REAL_CONNECT = dbmod.connect


def _connect_without_waiting_for_the_disk(path):
    conn = REAL_CONNECT(path)
    conn.execute("PRAGMA synchronous=OFF")
    return conn


@pytest.fixture(scope="session", autouse=True)
def databases_not_synced_to_disk():
    """The program's databases in tests are written without waiting for the disk at each commit (SQLite's
    `synchronous=OFF`): FULL waits for each commit to reach the disk, which only a power cut tells apart, and took
    two fifths of a run's time on the shared CI machine. Everything else is the program's own connection; a
    process the tests start (the crash trials, `fazhi` run as a command) and the tests marked `real_disk_sync` keep
    FULL (tests/core/test_disk_sync.py)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dbmod, "connect", _connect_without_waiting_for_the_disk)
        yield


@pytest.fixture(autouse=True)
def disk_sync_when_marked(monkeypatch, request):
    """A test marked `real_disk_sync` opens databases as the program does."""
    if request.node.get_closest_marker("real_disk_sync"):
        monkeypatch.setattr(dbmod, "connect", REAL_CONNECT)


STAFF_PASSWORD = "mima-2026"


@pytest.fixture
def fonts_not_yet_told(monkeypatch):
    """The fonts notices (documents/fonts.take_notice, once a process) not yet given: as in a program just
    started, whatever tests ran before; given or not after the test, as before it."""
    from fazhi_desktop.core.documents import fonts

    monkeypatch.setattr(fonts, "_notice_given", False)
    monkeypatch.setattr(fonts, "_missing_told", set())


@pytest.fixture
def staff(store):
    """A township office's accounts, nobody logged in: 管理员 admin, 所长 杨芳, 录入员 马丽 (STAFF_PASSWORD)."""
    from fazhi_desktop.core import accounts

    admin = accounts.add_account(store, "admin", "系统管理员", "管理员", STAFF_PASSWORD)
    store.user = admin
    # accounts in use for a while: each has changed the first, temporary password to their own
    head = accounts.add_account(store, "杨芳", None, "所长", STAFF_PASSWORD, temporary=False)
    clerk = accounts.add_account(store, "马丽", None, "录入员", STAFF_PASSWORD, temporary=False)
    accounts.logout(store)
    return {"admin": admin, "head": head, "clerk": clerk}


@pytest.fixture
def changed_meanwhile(store) -> Callable[..., Any]:
    """A 管理员 in another window changing an account while this one's write waits for the lock:
    `with changed_meanwhile("杨芳", role="clerk"):` (or `active=False`) holds SQLite's write lock with the change
    written, and commits it 0.3 s later, while what the body does waits at BEGIN IMMEDIATE. A right asked before
    that wait sees the old role; one asked under the lock, the new."""

    @contextmanager
    def change(name: str, role: str | None = None, active: bool = True) -> Iterator[None]:
        other = sqlite3.connect(str(store.path), isolation_level=None, check_same_thread=False, timeout=5)
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE accounts SET role = coalesce(?, role), active = ? WHERE name = ?",
                      [role, int(active), name])
        commit = threading.Timer(0.3, other.execute, ["COMMIT"])
        commit.start()
        try:
            yield
        finally:
            commit.join()
            other.close()

    return change


class _FailingFile:
    """A file on a stick that takes `room` bytes, then fails every write with `error` (ENOSPC: full; EIO: pulled
    out), as the system does; everything else is the real file's."""

    def __init__(self, real, room: int, error: int):
        self.real, self.room, self.error = real, room, error

    def write(self, data) -> int:
        if len(data) > self.room:
            raise OSError(self.error, os.strerror(self.error))
        self.room -= len(data)
        return self.real.write(data)

    def __getattr__(self, name: str):
        return getattr(self.real, name)


@pytest.fixture
def failing_stick(monkeypatch) -> Callable[..., None]:
    """`failing_stick(folder, errno.ENOSPC)`: from now on every file written whole-or-nothing (core/atomic.py, whose
    temporary files `_part` opens: bundles, backups, receipts) into `folder` fails after `room` bytes with that error,
    through the real writing and clean-up; files elsewhere (the work folder on the PC's disk) are written as usual."""
    from fazhi_desktop.core import atomic

    real = atomic._part

    def fail(folder, error: int, room: int = 4096) -> None:
        def part(path, private=False):
            out, tmp = real(path, private)
            return (_FailingFile(out, room, error) if path.parent == folder else out), tmp

        monkeypatch.setattr(atomic, "_part", part)

    return fail
