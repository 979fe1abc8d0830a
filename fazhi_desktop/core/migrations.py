"""The named migrations of the system tables: each applied once, in order, inside one transaction, and recorded in
`_migrations` (never edit one that has shipped; add the next). Store.open runs `migrate` on every start; the ledger
tables themselves are made and widened from the forms by db.py (`sync_ledger_tables`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import secrets
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core import failures
from fazhi_desktop.core.clock import OFFICE_ZONE, is_utc_iso, past_slack, utc_iso
from fazhi_desktop.core.textfiles import decode_text


def _m001_system_tables(db: sqlite3.Connection) -> None:
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT)")
    db.execute(
        """CREATE TABLE changes (
            seq INTEGER PRIMARY KEY,
            ledger TEXT NOT NULL,
            record_id TEXT NOT NULL,
            revision INTEGER NOT NULL,
            op TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            actor TEXT NOT NULL,
            at TEXT NOT NULL,
            data TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            entry_hash TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX changes_record ON changes(record_id, revision)")
    db.execute(
        """CREATE TABLE people (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            title TEXT,
            unit TEXT,
            roles TEXT NOT NULL DEFAULT '[]',
            cert_no TEXT,
            cert_expiry TEXT,
            phone TEXT,
            active INTEGER NOT NULL DEFAULT 1,
            revision INTEGER NOT NULL DEFAULT 1,
            updated_at TEXT NOT NULL,
            updated_by TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX people_name ON people(name)")
    db.execute(
        """CREATE TABLE attachments (
            sha256 TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            name TEXT NOT NULL,
            added_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE numbering (
            ledger TEXT NOT NULL, year INTEGER NOT NULL, prefix TEXT NOT NULL, last_seq INTEGER NOT NULL,
            PRIMARY KEY (ledger, year, prefix)
        )"""
    )


def _m002_bundles(db: sqlite3.Connection) -> None:
    """Bundles township -> county: the county's keys as a township knows them, the bundles sent; on the county's
    side the enrolled township keys, the bundles received, their change-log entries and rosters, and conflicts."""
    db.execute(
        """CREATE TABLE county_keys (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('age', 'minisign')),
            value TEXT NOT NULL UNIQUE,
            label TEXT,
            added_at TEXT NOT NULL,
            added_by TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE bundles_sent (
            sequence INTEGER PRIMARY KEY,
            bundle_id TEXT NOT NULL UNIQUE,
            bundle_hash TEXT NOT NULL,
            full INTEGER NOT NULL,
            changes_after INTEGER NOT NULL,
            changes_through INTEGER NOT NULL,
            file_name TEXT NOT NULL,
            summary TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            acknowledged_at TEXT
        )"""
    )
    db.execute(
        """CREATE TABLE township_keys (
            key_id TEXT PRIMARY KEY,
            township TEXT NOT NULL,
            office TEXT NOT NULL,
            public_key TEXT NOT NULL UNIQUE,
            fingerprint TEXT NOT NULL,
            created TEXT,
            enrolled_at TEXT NOT NULL,
            enrolled_by TEXT NOT NULL,
            revoked_at TEXT,
            revoked_by TEXT
        )"""
    )
    db.execute("CREATE INDEX township_keys_township ON township_keys(township)")
    db.execute(
        """CREATE TABLE bundles_received (
            bundle_id TEXT PRIMARY KEY,
            township TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            bundle_hash TEXT NOT NULL,
            previous_hash TEXT,
            changes_after INTEGER NOT NULL,
            changes_through INTEGER NOT NULL,
            key_id TEXT NOT NULL,
            file_name TEXT NOT NULL,
            report TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            imported_by TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX bundles_received_township ON bundles_received(township, sequence)")
    db.execute(
        """CREATE TABLE received_changes (
            township TEXT NOT NULL,
            seq INTEGER NOT NULL,
            ledger TEXT NOT NULL,
            record_id TEXT NOT NULL,
            revision INTEGER NOT NULL,
            op TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            actor TEXT NOT NULL,
            at TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            entry_hash TEXT NOT NULL,
            bundle_id TEXT NOT NULL,
            PRIMARY KEY (township, seq)
        )"""
    )
    db.execute(
        """CREATE TABLE township_people (
            township TEXT NOT NULL,
            id TEXT NOT NULL,
            name TEXT NOT NULL,
            title TEXT,
            unit TEXT,
            roles TEXT NOT NULL,
            cert_no TEXT,
            cert_expiry TEXT,
            phone TEXT,
            active INTEGER NOT NULL,
            revision INTEGER NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (township, id)
        )"""
    )
    db.execute(
        """CREATE TABLE conflicts (
            id INTEGER PRIMARY KEY,
            township TEXT NOT NULL,
            ledger TEXT NOT NULL,
            record_id TEXT NOT NULL,
            revision INTEGER NOT NULL,
            held_hash TEXT NOT NULL,
            incoming_hash TEXT NOT NULL,
            incoming TEXT NOT NULL,
            bundle_id TEXT NOT NULL,
            detected_at TEXT NOT NULL,
            resolved_at TEXT,
            resolved_by TEXT,
            UNIQUE (record_id, revision, incoming_hash)
        )"""
    )


def _m003_accounts(db: sqlite3.Connection) -> None:
    """Local user accounts (core/accounts.py), their audit log, and an optional reason on change-log entries
    (a status change such as 重新打开 carries one; the entry's hash covers it only when present)."""
    db.execute(
        """CREATE TABLE accounts (
            name TEXT PRIMARY KEY COLLATE NOCASE,
            display_name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('clerk', 'head', 'admin')),
            password_hash TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1,
            failed_logins INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT,
            last_login_at TEXT,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            updated_by TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE account_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            account TEXT NOT NULL,
            event TEXT NOT NULL,
            actor TEXT NOT NULL
        )"""
    )
    db.execute("ALTER TABLE changes ADD COLUMN reason TEXT")
    db.execute("ALTER TABLE received_changes ADD COLUMN reason TEXT")


def _m004_conflict_resolution(db: sqlite3.Connection) -> None:
    """How a conflict was closed (held, incoming or superseded) and, when the incoming version was taken, the
    version it replaced (core/bundle/conflicts.py)."""
    db.execute("ALTER TABLE conflicts ADD COLUMN resolution TEXT")
    db.execute("ALTER TABLE conflicts ADD COLUMN replaced TEXT")


def _m005_received_changes_by_record(db: sqlite3.Connection) -> None:
    """County: a printed township record's code is checked against the received change log by record id."""
    db.execute("CREATE INDEX received_changes_record ON received_changes (record_id, revision)")


def _m006_bundle_attachments(db: sqlite3.Connection) -> None:
    """Township: which attachments each bundle carried, so that an incremental bundle leaves out the files the
    county has acknowledged receiving (core/bundle/collect.py)."""
    db.execute(
        """CREATE TABLE bundle_attachments (
            sequence INTEGER NOT NULL REFERENCES bundles_sent (sequence),
            sha256 TEXT NOT NULL,
            PRIMARY KEY (sequence, sha256)
        )"""
    )


def _m007_received_records(db: sqlite3.Connection) -> None:
    """County: which records each imported bundle brought and what became of each (new, updated, older and not
    applied, conflict; unchanged ones are only counted), for 数据包记录 → 查看明细 and `fazhi bundles --show`."""
    db.execute(
        """CREATE TABLE received_records (
            bundle_id TEXT NOT NULL REFERENCES bundles_received (bundle_id),
            record_id TEXT NOT NULL,
            ledger TEXT NOT NULL,
            revision INTEGER NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('new', 'updated', 'older', 'conflict')),
            PRIMARY KEY (bundle_id, record_id)
        ) WITHOUT ROWID"""
    )


def _m008_people_in_post(db: sqlite3.Connection) -> None:
    """到任日期 and 离任日期 of roster people, so that 领导干部述法 (T47) of a past year counts who was in post then,
    not who is in post today (core/indicators/roster.py). NULL: not known (in post since before the records)."""
    for table in ("people", "township_people"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN joined_on TEXT")
        db.execute(f"ALTER TABLE {table} ADD COLUMN left_on TEXT")


def _m009_reveal_log(db: sqlite3.Connection) -> None:
    """Who showed full ID and phone numbers of which record, when and how (core/reveals.py). Stays in the office."""
    db.execute(
        """CREATE TABLE reveal_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            record_id TEXT NOT NULL,
            township TEXT NOT NULL,
            ledger TEXT NOT NULL,
            number TEXT,
            how TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX reveal_log_record ON reveal_log (record_id)")


def _m010_former_numbers(db: sqlite3.Connection) -> None:
    """At the county: the numbers a township's record held before an import renumbered it (its year or category
    corrected), so that a paper carrying the old number is still found. The township's own are in its change log."""
    db.execute(
        """CREATE TABLE former_numbers (
            number TEXT NOT NULL,
            record_id TEXT NOT NULL,
            township TEXT NOT NULL,
            PRIMARY KEY (number, record_id)
        ) WITHOUT ROWID"""
    )



def _m011_set_aside(db: sqlite3.Connection) -> None:
    """At the county: records a township no longer has (kept from the history it abandoned when it restored a
    backup and carried on), left out of the indicators until a bundle brings their state again (core/bundle/lost.py).
    """
    db.execute(
        """CREATE TABLE set_aside (
            record_id TEXT PRIMARY KEY,
            township TEXT NOT NULL,
            ledger TEXT NOT NULL,
            number TEXT,
            bundle_id TEXT NOT NULL,
            at TEXT NOT NULL
        ) WITHOUT ROWID"""
    )
    db.execute("CREATE INDEX set_aside_township ON set_aside (township)")



def _m012_bundle_made(db: sqlite3.Connection) -> None:
    """When each received bundle was made (its bag-info's Fazhi-Created-At): of two bundles a township numbered
    alike (it restored a backup and carried on), the later one is its history (core/bundle/apply.py)."""
    db.execute("ALTER TABLE bundles_received ADD COLUMN created_at TEXT")


#: the reveal log's columns an entry's hash covered when migration 013 chained it: its own copy, so that a column
#: reveal_chain.FIELDS gains later cannot make 013 ask an older database for it
_M013_FIELDS = ("id", "at", "actor", "record_id", "township", "ledger", "number", "how", "withdraws", "prev_hash")


def _m013_reveal_log_chain(db: sqlite3.Connection) -> None:
    """The reveal log hash-chained like the change log, with its newest entry kept apart, so that `fazhi check`
    sees entries deleted with sqlite3 (core/reveal_chain.py); a reveal taken back is an entry that `withdraws` it.
    The entries a database holds are chained as they stand."""
    from fazhi_desktop.core import reveal_chain

    _reveal_log_township(db)
    for column in ("withdraws INTEGER", "prev_hash TEXT", "entry_hash TEXT"):
        db.execute(f"ALTER TABLE reveal_log ADD COLUMN {column}")
    db.execute("CREATE TABLE reveal_log_head (one INTEGER PRIMARY KEY CHECK (one = 1), last_id INTEGER NOT NULL,"
               " last_hash TEXT NOT NULL)")
    reveal_chain.chain_existing(db, reveal_chain.Chain("reveal_log", "reveal_log_head", _M013_FIELDS,
                                                       reveal_chain.NAME))


def _reveal_log_township(db: sqlite3.Connection) -> None:
    """Migration 009 gained `township` after it had shipped (builds b0b96f8 to a1e73ab made reveal logs without it,
    and their databases then stopped at 013 with "no such column: township"): added here where it is missing, each
    entry given its record's township (at the county, whose record it is), else the office's."""
    if "township" in {row[1] for row in db.execute("PRAGMA table_info(reveal_log)")}:
        return
    db.execute("ALTER TABLE reveal_log ADD COLUMN township TEXT NOT NULL DEFAULT ''")
    for (ledger,) in db.execute("SELECT DISTINCT ledger FROM reveal_log").fetchall():
        if {"id", "township"} <= {row[0] for row in db.execute("SELECT name FROM pragma_table_info(?)", [ledger])}:
            db.execute(f'UPDATE reveal_log SET township = coalesce((SELECT township FROM "{ledger}" r'
                       f" WHERE r.id = reveal_log.record_id), '') WHERE ledger = ?", [ledger])
    db.execute("UPDATE reveal_log SET township = coalesce((SELECT value FROM settings WHERE key = 'township'), '')"
               " WHERE township = ''")


def _m014_year_log(db: sqlite3.Connection) -> None:
    """A township's years closed (年度封账) and reopened, hash-chained like the reveal log so that `fazhi check`
    sees an entry removed with sqlite3 (core/year_close.py); at the county, what each bundle said of them."""
    from fazhi_desktop.core import reveal_chain, year_close

    db.execute(
        """CREATE TABLE year_log (
            id INTEGER PRIMARY KEY,
            year INTEGER NOT NULL,
            op TEXT NOT NULL CHECK (op IN ('close', 'reopen')),
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            reason TEXT,
            locked INTEGER NOT NULL DEFAULT 0,
            prev_hash TEXT NOT NULL,
            entry_hash TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX year_log_year ON year_log (year, id)")
    db.execute("CREATE TABLE year_log_head (one INTEGER PRIMARY KEY CHECK (one = 1), last_id INTEGER NOT NULL,"
               " last_hash TEXT NOT NULL)")
    reveal_chain.chain_existing(db, year_close.CHAIN)
    db.execute("ALTER TABLE bundles_received ADD COLUMN year_closings TEXT")


def _m015_year_reasons(db: sqlite3.Connection) -> None:
    """At the county, why a township's years open again were reopened, as its bundle said (year_close.py)."""
    db.execute("ALTER TABLE bundles_received ADD COLUMN year_reasons TEXT")


def _m016_excel_imports(db: sqlite3.Connection) -> None:
    """Each 从Excel导入 as one entry: its ledger, file, time, user, and the change-log entries (`first_seq` to
    `last_seq`, one transaction's) that added its records, so that 撤销Excel导入 finds exactly them
    (core/import_undo.py). The imports made before are found in the change log by their history note."""
    from fazhi_desktop.core import import_undo

    db.execute(
        """CREATE TABLE excel_imports (
            id INTEGER PRIMARY KEY,
            ledger TEXT NOT NULL,
            file_name TEXT NOT NULL,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            records INTEGER NOT NULL,
            first_seq INTEGER NOT NULL,
            last_seq INTEGER NOT NULL,
            undone INTEGER NOT NULL DEFAULT 0,
            undone_at TEXT,
            undone_by TEXT
        )"""
    )
    import_undo.record_earlier_imports(db)


def _m017_earlier_installs(db: sqlite3.Connection) -> None:
    """At the county: the change log of a township's earlier install, kept when the township re-installed (a new
    database whose log shares no entry with the one held, core/bundle/apply.py), so that the records of that install
    stay known as the township's own and counted (core/bundle/lost.py), with their history and printed codes
    (`township_logs`: every log the county holds of its townships, the current ones and the earlier installs'), and
    which bundles were that install's (`bundles_received.replaced_by`: the new one numbers its bundles from 1 again)."""
    db.execute(
        """CREATE TABLE earlier_changes (
            replaced_by TEXT NOT NULL,
            township TEXT NOT NULL,
            seq INTEGER NOT NULL,
            ledger TEXT NOT NULL,
            record_id TEXT NOT NULL,
            revision INTEGER NOT NULL,
            op TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            actor TEXT NOT NULL,
            at TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            entry_hash TEXT NOT NULL,
            bundle_id TEXT NOT NULL,
            reason TEXT,
            PRIMARY KEY (replaced_by, seq)
        )"""
    )
    db.execute("CREATE INDEX earlier_changes_record ON earlier_changes (record_id, revision)")
    columns = ("township, seq, ledger, record_id, revision, op, content_hash, actor, at, prev_hash, entry_hash,"
               " bundle_id, reason")
    db.execute(f"CREATE VIEW township_logs AS SELECT {columns} FROM received_changes"
               f" UNION ALL SELECT {columns} FROM earlier_changes")
    db.execute("ALTER TABLE bundles_received ADD COLUMN replaced_by TEXT")


def _m018_year_log_received(db: sqlite3.Connection) -> None:
    """At the county, each bundle's year log as the township sent it (bag-info's Fazhi-Year-Log), and what its
    change log was to the one held when it came (`history`: apply.py's same, unlinked, restored, reinstalled or
    stale), so that a log shorter than the one held is told apart from a restored backup's (core/reopened_years.py).
    """
    db.execute("ALTER TABLE bundles_received ADD COLUMN year_log TEXT")
    db.execute("ALTER TABLE bundles_received ADD COLUMN history TEXT")


def _m019_changes_by_time(db: sqlite3.Connection) -> None:
    """The change log by time, so that the latest change is one index step (core/clock_behind.py: a computer clock
    behind the last change), not a read of the whole log (0.1 s warm, 0.8 s cold at 120,000 entries)."""
    db.execute("CREATE INDEX changes_at ON changes (at)")


def _m020_roster_log(db: sqlite3.Connection) -> None:
    """Every roster change (added, changed, 停用, 启用): who, when, each field's old and new value, hash-chained like
    the reveal log so that `fazhi check` sees an entry removed with sqlite3 (core/roster_log.py). Only the changes
    made from now on: a person already in the roster has no entry until changed."""
    from fazhi_desktop.core import reveal_chain, roster_log

    db.execute(
        """CREATE TABLE roster_log (
            id INTEGER PRIMARY KEY,
            person_id TEXT NOT NULL,
            name TEXT NOT NULL,
            revision INTEGER NOT NULL,
            op TEXT NOT NULL,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            note TEXT,
            changes TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            entry_hash TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX roster_log_person ON roster_log (person_id, id)")
    db.execute("CREATE TABLE roster_log_head (one INTEGER PRIMARY KEY CHECK (one = 1), last_id INTEGER NOT NULL,"
               " last_hash TEXT NOT NULL)")
    reveal_chain.chain_existing(db, roster_log.CHAIN)


def _m021_bundle_made_after(db: sqlite3.Connection) -> None:
    """Of each received bundle, the latest time its township had recorded when it confirmed its clock right after it
    ran ahead (bag-info's Fazhi-Clock-Confirmed, core/clock_behind.py): the bundle was made after every bundle of
    the township dated up to then (`BUNDLE_MADE`), though its own time is earlier."""
    db.execute("ALTER TABLE bundles_received ADD COLUMN made_after TEXT")


def _m022_year_logs_once(db: sqlite3.Connection) -> None:
    """At the county, each year log a bundle carried kept once however many bundles carry it (`received_year_logs`,
    by its SHA-256), each bundle naming it (`bundles_received.year_log_id`) instead of holding it whole (018's
    `year_log`, emptied): a bundle mostly repeats the log of the one before, and 18 townships x 520 bundles of a
    ten-year log (about 12 KB) took the county database from 10.5 MB to 73 MB. The logs 018 kept were of builds that
    sent the township's local time to the minute (core/year_log_label.py now sends UTC): read as Beijing time, where
    the townships are, and kept in UTC (`log_in_utc`), so that the county still knows the closings and reopenings
    they told; core/reopened_years.py compares such an entry with the same one sent since to the minute. The column
    is set to NULL, not dropped: DROP COLUMN needs SQLite 3.35, and this runs on every township's database too."""
    from fazhi_desktop.core.reopened_years import keep_log  # it imports this module (year_log_label)

    db.execute("CREATE TABLE received_year_logs (id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE,"
               " log TEXT NOT NULL)")
    db.execute("ALTER TABLE bundles_received ADD COLUMN year_log_id INTEGER REFERENCES received_year_logs (id)")
    kept = db.execute("SELECT bundle_id, year_log FROM bundles_received WHERE year_log IS NOT NULL").fetchall()
    db.executemany("UPDATE bundles_received SET year_log_id = ?, year_log = NULL WHERE bundle_id = ?",
                   [(keep_log(db, log_in_utc(log)), bundle) for bundle, log in kept])


def _m023_received_moves(db: sqlite3.Connection) -> None:
    """At the county, a record a bundle dated in another year than the version held before it: that version's date
    and number (`received_records.held_date`, `held_number`; NULL for any other), so that a reopened year's notes
    count and name a record moved out of it (core/reopened_years.py). The county keeps no earlier versions of a
    record, and the change log carries none of its content."""
    db.execute("ALTER TABLE received_records ADD COLUMN held_date TEXT")
    db.execute("ALTER TABLE received_records ADD COLUMN held_number TEXT")


def _m024_bundle_confirmed_at(db: sqlite3.Connection) -> None:
    """Of each received bundle that carried a clock confirmation (Fazhi-Clock-Confirmed), when it was made
    (`bundles_received.confirmed_at`; `made_after` keeps the latest time it accepted): the clock ran ahead before
    then, so only a year's reopening logged between the two is distrusted (core/reopened_years.py), not every one
    before the times accepted. NULL for a bundle imported before: the times bundles carrying the same confirmation
    say, else none (every reopening up to `made_after` distrusted, as before)."""
    db.execute("ALTER TABLE bundles_received ADD COLUMN confirmed_at TEXT")


def _m025_bundles_received_by_time(db: sqlite3.Connection) -> None:
    """The received bundles newest first, all or one township's, so that 数据包记录 reads its first page in one index
    step, not a sort of every bundle's report (0.2 s at 20,000 bundles; core/bundle/exchanges.py)."""
    db.execute("CREATE INDEX bundles_received_imported ON bundles_received (imported_at)")
    db.execute("CREATE INDEX bundles_received_township_imported ON bundles_received (township, imported_at)")


def _m026_received_dates(db: sqlite3.Connection) -> None:
    """At the county, the date of the version of a record each received bundle carried (`received_records.date`,
    its ledger's date field; NULL for a row received before), so that a reopened year's notes know a record's year
    as its first closing left it, also when the bundles came out of order (core/reopened_years.py `_left_open`),
    read by record (the table's key begins with the bundle)."""
    db.execute("ALTER TABLE received_records ADD COLUMN date TEXT")
    db.execute("CREATE INDEX received_records_record ON received_records (record_id, revision)")


def _m027_print_key(db: sqlite3.Connection) -> None:
    """The secret a printed document's verification code is keyed with (core/print_key.py): made with the
    database, so that every backup holds it and a paper checks out after a restore as before."""
    db.execute("INSERT OR IGNORE INTO settings VALUES ('print_key', ?)", [secrets.token_hex(32)])


def _m028_temporary_passwords(db: sqlite3.Connection) -> None:
    """An account's password set by a 管理员 (a new account, a reset) is temporary: asked to be changed at the next
    login (core/accounts.py). Accounts made before keep theirs as they are (0)."""
    db.execute("ALTER TABLE accounts ADD COLUMN password_temporary INTEGER NOT NULL DEFAULT 0")


def _m029_reveal_reasons(db: sqlite3.Connection) -> None:
    """Why numbers were shown (用途: 当事人本人查询, 核对证件 …, as the user gave it) and which were (the party's
    row and role and the field, never the value), in the reveal log (core/reveals.py). Entries written before have
    neither (NULL), and their hashes stay as written: the chain covers the two only where given
    (reveal_chain.OPTIONAL)."""
    db.execute("ALTER TABLE reveal_log ADD COLUMN reason TEXT")
    db.execute("ALTER TABLE reveal_log ADD COLUMN shown TEXT")


def _m030_county_key_opened(db: sqlite3.Connection) -> None:
    """Which of the county's keys opened each bundle (its age recipient): after 更换县级密钥, 数据完整性 tells the
    townships that took the new county key file from those still on the old one (core/indicators/county_keys.py).
    NULL for bundles imported before."""
    db.execute("ALTER TABLE bundles_received ADD COLUMN county_key TEXT")


def _m031_revocation_reasons(db: sqlite3.Connection) -> None:
    """At the county, why a township key was revoked (`revoked_reason`: 被盗, 丢失 or 更换) and, for a stolen or lost
    one, from when it is not trusted (`untrusted_since`, UTC): a bundle it signed is refused with the truth of each
    (core/bundle/revocation.py), and one imported since is flagged with the records it brought. NULL for a key
    revoked before: the advice of a replaced key, as then."""
    db.execute("ALTER TABLE township_keys ADD COLUMN revoked_reason TEXT")
    db.execute("ALTER TABLE township_keys ADD COLUMN untrusted_since TEXT")


def _m032_bundle_made_before(db: sqlite3.Connection) -> None:
    """At the county, of a received bundle dated more than the slack after it was imported (its township's clock ran
    ahead), when it was imported (`bundles_received.made_before`): it was made before then, and is ordered so
    (`BUNDLE_MADE`), unless the county's own clock was in doubt at the import (core/bundle/clock_notes.py). For the
    bundles imported before, the county's clock is taken as in doubt when an earlier import's time is later than
    the slack after it (what the database recorded then; its other times are not told apart by when)."""
    db.execute("ALTER TABLE bundles_received ADD COLUMN made_before TEXT")
    latest, capped = "", []
    for rowid, created, imported in db.execute("SELECT rowid, created_at, imported_at FROM bundles_received"
                                               " ORDER BY rowid").fetchall():
        if not is_utc_iso(imported):
            continue
        if is_utc_iso(created) and created > past_slack(imported) and not latest > past_slack(imported):
            capped.append((imported, rowid))
        latest = max(latest, imported)
    db.executemany("UPDATE bundles_received SET made_before = ? WHERE rowid = ?", capped)


def _m033_receipt_anchors(db: sqlite3.Connection) -> None:
    """At a township, the change-log entry each county receipt it imported confirmed (`seq`, this log's `entry_hash`
    there, which the receipt's tag vouched for; `written_at`: the receipt's time, UTC, NULL when it gave none):
    `fazhi check` compares them with the log (core/anchors.py), the county's word against a rewrite of the file.
    Empty for receipts imported before, and at the county."""
    db.execute("CREATE TABLE receipt_anchors (seq INTEGER PRIMARY KEY, entry_hash TEXT NOT NULL, written_at TEXT,"
               " imported_at TEXT NOT NULL)")


def _m036_register_pages(db: sqlite3.Connection) -> None:
    """What each printed register (台账) page listed, under the code printed on it (core/documents/register_codes.py):
    the register's scope (ledger, year, at the county the township), the page and the records on it with the
    revision printed (`rows`, JSON [[id, revision, number], ...]), so that `fazhi check-print` tells which of them
    changed since. `id` is the start of the hash of all that: a page printed again unchanged is the same row."""
    db.execute("CREATE TABLE register_pages (id TEXT PRIMARY KEY, ledger TEXT NOT NULL, year INTEGER NOT NULL,"
               " township TEXT NOT NULL, page INTEGER NOT NULL, pages INTEGER NOT NULL, rows TEXT NOT NULL,"
               " printed_at TEXT NOT NULL)")


def _m037_reopen_corrector(db: sqlite3.Connection) -> None:
    """Who a 重新打开 leaves the draft to correct, as the 所长 chose it ('clerk': sent back to the clerk, 'self': she
    corrects it herself; core/sent_back.py): kept in the change log (the entry's hash covering it) and, at the
    county, with the townships' logs as received. NULL for every other entry and every reopening before."""
    for table in ("changes", "received_changes", "earlier_changes"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN corrector TEXT")


def _m038_catalog_texts(db: sqlite3.Connection) -> None:
    """The text of each indicator catalog enabled, kept in the database (core/indicators/catalog_copies.py): a
    catalog was only a path and a digest in the settings, and its figures said `无法读取文件（找不到文件）` once the
    file was moved, or the database restored on another PC. Each catalog enabled before is read now from its file when
    it is there and still as enabled (its digest; one enabled before digests were kept, as it is, its digest kept
    too); one gone or changed is left as it was, and says how to enable it again when its figures are asked for."""
    db.execute("CREATE TABLE catalog_texts (sha256 TEXT PRIMARY KEY, name TEXT NOT NULL, text TEXT NOT NULL,"
               " county_written_at TEXT, kept_at TEXT NOT NULL)")
    setting = dict(db.execute("SELECT key, value FROM settings WHERE key LIKE 'indicator_catalog%'").fetchall())
    enabled = [(setting.get("indicator_catalog"), setting.get("indicator_catalog.sha256"))]
    with contextlib.suppress(ValueError, TypeError, KeyError):
        enabled += [(d["path"], d["sha256"]) for d in json.loads(setting.get("indicator_catalog.dated") or "[]")]
    for path, digest in enabled:
        if not path:
            continue
        try:
            data = Path(path).read_bytes()
            text = decode_text(data)
        except (OSError, UnicodeDecodeError, ValueError):
            continue
        now = hashlib.sha256(data).hexdigest()
        if digest and digest != now:
            continue
        if not digest:
            db.execute("INSERT OR REPLACE INTO settings VALUES ('indicator_catalog.sha256', ?)", [now])
        db.execute("INSERT OR REPLACE INTO catalog_texts VALUES (?, ?, ?, NULL, ?)",
                   [now, Path(path).name, text, utc_iso(datetime.now(UTC))])


def _m039_record_prints(db: sqlite3.Connection) -> None:
    """Each paper printed of a record (core/printed.py): the record, the document (`kind`), the number, 核验码 and
    revision printed, when (UTC) and by whom; nothing of its content. Its 修改历史 shows them, and a number a paper
    shows is never given back (printed.number_kept). Empty for what was printed before: those papers were not kept."""
    db.execute("CREATE TABLE record_prints (record_id TEXT NOT NULL, kind TEXT NOT NULL, number TEXT NOT NULL,"
               " code TEXT, revision INTEGER NOT NULL, printed_at TEXT NOT NULL, printed_by TEXT NOT NULL)")
    db.execute("CREATE INDEX record_prints_by_record ON record_prints (record_id)")
    db.execute("CREATE INDEX record_prints_by_number ON record_prints (number)")


def _m040_register_page_months(db: sqlite3.Connection) -> None:
    """The months of a month's or a quarter's register (台账) a printed page belongs to (register_codes.save_pages):
    "5" for May's, "4-6" for the second quarter's; NULL for a year's register, as every page printed before was."""
    db.execute("ALTER TABLE register_pages ADD COLUMN months TEXT")


def _m049_roster_person(db: sqlite3.Connection) -> None:
    """Who a roster entry is, as the user said when adding it under a name the roster already had (王军 left as 镇长
    and 王军 arrives as 书记: 是同一人 or 是另一人), for T46c/T47, which count people, not entries
    (core/indicators/roster.py). NULL: not asked (entries from before, or no namesake): entries of one name none of
    which was in post while another was are one person, as before; the entry's own id: another person than its
    namesakes; another entry's id: the same person as that entry. The county's copy from the bundles likewise."""
    for table in ("people", "township_people"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN person TEXT")


def _m050_prints_unknown_through(db: sqlite3.Connection) -> None:
    """The change-log entry up to which the papers printed are unknown (`printed.UNKNOWN_SETTING`): a version before
    migration 039 printed without keeping it, so a number it gave out may be on a paper in the archive or a party's
    hands, and 按日期重新编号 (or a corrected year, an import undone) gave it to another record. 0 for a new
    database."""
    db.execute("INSERT OR REPLACE INTO settings VALUES ('prints.unknown_through',"
               " (SELECT CAST(coalesce(max(seq), 0) AS TEXT) FROM changes))")


def _m034_search_tokenizer(db: sqlite3.Connection) -> None:
    """The ledgers' search indexes tokenized by FTS5's `ascii` tokenizer instead of `unicode61` (db.py makes them
    so): their text is the search's own tokens, already folded (core/search.py), which `ascii` takes as they are,
    in 40 % less of SQLite's time; a save costs ~2 % less. Each index is dropped here and its mark with it (the
    `search_index.` settings): the start that runs this makes it again (`db.sync_ledger_tables`) and fills it from
    the records with the window's progress line (`search.bring_up_to_date`), as after a change of the index's
    rules; a start cut short before that fills it at the next."""
    for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'search\\_%' "
                              "ESCAPE '\\' AND sql LIKE 'CREATE VIRTUAL TABLE%'").fetchall():
        db.execute(f'DROP TABLE "{name}"')
    db.execute("DELETE FROM settings WHERE key LIKE 'search\\_index.%' ESCAPE '\\'")


def log_in_utc(text: str) -> str | None:
    """A year log as the builds of migrations 018-021 sent it ("at": "2027-01-12 10:00", the township's local time),
    with each time in UTC as the label sends it now ("2027-01-12T02:00:00Z"), read as Beijing time; written as
    year_log_label writes it. None when it is not such a log (then the bundle reads as an earlier version's). Also
    how the county reads such a log in a bundle of those builds (year_log_label.in_utc)."""
    try:
        items = json.loads(text)
        for item in items:
            local = datetime.strptime(item["at"], "%Y-%m-%d %H:%M").replace(tzinfo=OFFICE_ZONE)
            item["at"] = utc_iso(local)
    except (ValueError, TypeError, KeyError):
        return None
    return json.dumps(items, ensure_ascii=False, separators=(",", ":"))


def _m053_late_edits(db: sqlite3.Connection) -> None:
    """At the county: a late bundle's newer revision of a record, from the history a township abandoned when it
    restored a backup, not taken: named in the import report and on its receipts (core/bundle/late_edits.py)."""
    db.execute(
        """CREATE TABLE late_edits (
            record_id TEXT PRIMARY KEY,
            township TEXT NOT NULL,
            ledger TEXT NOT NULL,
            held_revision INTEGER NOT NULL,
            held_hash TEXT NOT NULL,
            revision INTEGER NOT NULL,
            incoming TEXT NOT NULL,
            fields TEXT NOT NULL,
            bundle_id TEXT NOT NULL,
            at TEXT NOT NULL
        ) WITHOUT ROWID"""
    )
    db.execute("CREATE INDEX late_edits_township ON late_edits (township)")


def _m054_late_edits_hash_only(db: sqlite3.Connection) -> None:
    """At the county: 053 kept a late edit's received version whole in `late_edits.incoming` (a case's parties and
    their ID numbers too) for a version the county does not count, and nothing read it: the reviewer is told the
    record and the labels of the fields that differ, the township redoes the edit from paper. Only its content hash
    is kept now (个人信息保护法 art. 6, 19); "" where a row holds no readable line."""
    rows = db.execute("SELECT record_id, incoming FROM late_edits").fetchall()
    db.executemany("UPDATE late_edits SET incoming = ? WHERE record_id = ?",
                   [(_content_hash_of(text), record_id) for record_id, text in rows])


def _content_hash_of(line: str) -> str:
    """A bundle's record line's `content_hash`, "" when it is not such a line."""
    try:
        digest = json.loads(line).get("content_hash")
    except (ValueError, AttributeError):
        return ""
    return digest if isinstance(digest, str) else ""


#: Named, ordered, applied once each inside a transaction and recorded (never edit one that has shipped).
def _m073_register_page_records(db: sqlite3.Connection) -> None:
    """The records each printed register page lists, by record id (`register_pages.rows` as rows). Whether a number
    is on a printed register (printed.number_kept: 按日期重新编号's plan, a deletion, an undone import) read every
    page's rows as JSON, of every year, for each record: five years' registers made the plan seconds long. A page
    whose rows are not JSON, or a row not a list, is passed over: the upgrade failed on it ("malformed JSON") and the
    whole database no longer opened, where before only that page's check said it could not be read."""
    db.execute("CREATE TABLE register_page_records (page_id TEXT NOT NULL, record_id TEXT NOT NULL,"
               " number TEXT NOT NULL, PRIMARY KEY (page_id, record_id))")
    db.execute("CREATE INDEX register_page_records_by_record ON register_page_records (record_id)")
    db.execute("INSERT OR IGNORE INTO register_page_records SELECT p.id, json_extract(r.value, '$[0]'),"
               " json_extract(r.value, '$[2]') FROM register_pages AS p, json_each(p.rows) AS r"
               " WHERE json_valid(p.rows) AND r.type = 'array'")


MIGRATIONS: list[tuple[str, Callable[[sqlite3.Connection], None]]] = [
    ("001_system_tables", _m001_system_tables),
    ("002_bundles", _m002_bundles),
    ("003_accounts", _m003_accounts),
    ("004_conflict_resolution", _m004_conflict_resolution),
    ("005_received_changes_by_record", _m005_received_changes_by_record),
    ("006_bundle_attachments", _m006_bundle_attachments),
    ("007_received_records", _m007_received_records),
    ("008_people_in_post", _m008_people_in_post),
    ("009_reveal_log", _m009_reveal_log),
    ("010_former_numbers", _m010_former_numbers),
    ("011_set_aside", _m011_set_aside),
    ("012_bundle_made", _m012_bundle_made),
    ("013_reveal_log_chain", _m013_reveal_log_chain),
    ("014_year_log", _m014_year_log),
    ("015_year_reasons", _m015_year_reasons),
    ("016_excel_imports", _m016_excel_imports),
    ("017_earlier_installs", _m017_earlier_installs),
    ("018_year_log_received", _m018_year_log_received),
    ("019_changes_by_time", _m019_changes_by_time),
    ("020_roster_log", _m020_roster_log),
    ("021_bundle_made_after", _m021_bundle_made_after),
    ("022_year_logs_once", _m022_year_logs_once),
    ("023_received_moves", _m023_received_moves),
    ("024_bundle_confirmed_at", _m024_bundle_confirmed_at),
    ("025_bundles_received_by_time", _m025_bundles_received_by_time),
    ("026_received_dates", _m026_received_dates),
    ("027_print_key", _m027_print_key),
    ("028_temporary_passwords", _m028_temporary_passwords),
    ("029_reveal_reasons", _m029_reveal_reasons),
    ("030_county_key_opened", _m030_county_key_opened),
    ("031_revocation_reasons", _m031_revocation_reasons),
    ("032_bundle_made_before", _m032_bundle_made_before),
    ("033_receipt_anchors", _m033_receipt_anchors),
    ("034_search_tokenizer", _m034_search_tokenizer),
    ("036_register_pages", _m036_register_pages),
    ("037_reopen_corrector", _m037_reopen_corrector),
    ("038_catalog_texts", _m038_catalog_texts),
    ("039_record_prints", _m039_record_prints),
    ("040_register_page_months", _m040_register_page_months),
    ("049_roster_person", _m049_roster_person),
    ("050_prints_unknown_through", _m050_prints_unknown_through),
    ("053_late_edits", _m053_late_edits),
    ("054_late_edits_hash_only", _m054_late_edits_hash_only),
    ("073_register_page_records", _m073_register_page_records),
]


def migrate(db: Any) -> list[str]:
    """Apply the migrations this file has not seen, all in one transaction: a failure (a full disk at the first
    start after an upgrade) leaves the file as it was, which the version before still opens. Returns their names."""
    db = dbmod._conn(db)
    if not dbmod.exists(db, "_migrations"):
        db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done = {row[0] for row in db.execute("SELECT name FROM _migrations").fetchall()}
    if all(name in done for name, _ in MIGRATIONS):
        return []
    applied = []
    try:
        with dbmod.transaction(db, "升级数据库" if done else "创建数据库"):
            # asked again under the write lock: a program opening the same file at the same moment (the window and
            # a `fazhi` command after an upgrade) may have applied them while this one waited ("table already exists")
            done = {row[0] for row in db.execute("SELECT name FROM _migrations").fetchall()}
            for name, step in MIGRATIONS:
                if name not in done:
                    step(db)
                    db.execute("INSERT INTO _migrations VALUES (?, datetime('now'))", [name])
                    applied.append(name)
            dbmod.mark_upgraded(db)
    except failures.DiskFull as exc:
        raise dbmod.no_room_to_upgrade(db, fresh=not done, unchanged=True) from exc
    _log_folded_in(db)
    return applied


def _log_folded_in(db: sqlite3.Connection) -> None:
    """After an upgrade: the log folded into the file and emptied. A migration that erases (054) wrote zeroed pages
    to the -wal log; until a checkpoint the file itself still holds what it erased, and the log's earlier frames
    may too. Best effort: a reader holding part of the log back leaves it to the next checkpoint, not waited for
    (a TRUNCATE checkpoint waits for readers as long as the connection waits for a lock: 5 s at that start)."""
    with contextlib.suppress(sqlite3.Error):
        (waits,) = db.execute("PRAGMA busy_timeout").fetchone()
        db.execute("PRAGMA busy_timeout=0")
        try:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            db.execute(f"PRAGMA busy_timeout={int(waits)}")
