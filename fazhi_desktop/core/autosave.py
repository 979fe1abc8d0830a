"""What an editor holds unsaved, kept on disk while she types: a power cut half an hour into a mediation record
typed from paper lost all of it (the editor kept it only in memory), and the next start said nothing.

One file per open editor with unsaved changes, in `<db stem>-autosave/<account>/` beside the database:
`<ledger>--<record id>-<random>.json`, or `<ledger>--new-<random>.json` for a record not yet saved (each window its
own: a draft left from before is never written over by a window opened on the same record). It holds the values the
editor would hand to `Store.save` (before validation: what was typed, ID numbers included), the version of the
record the editor showed, and when it was written. Written whole or not at all (core/atomic.py), readable by the
user alone (core/private_files.py); the folder's and files' names hold no personal data, and nothing of a draft is
logged.

Not in backups: a draft is minutes of typing not yet saved, and a backup is kept for months on a stick; a restored
draft would offer text over records that moved on long since; a restore sets the folder aside with the database
it replaces (core/backup/swap.py), whose records and scans the drafts were typed over. Removed on saving (and noted
as saved in the save's transaction, `note_saved`: a power cut before the removal reached the disk left it), on 不保存,
on deleting the record and when the account is stopped (accounts.set_active); an account stopped in another window
or process writes none from then on (`keep` asks, as every write of the store does).

A draft belongs to its database, not to the database's file name: it carries the database's `identity` (made from
the key the database is created with, so a copy and a backup of it share it and another office's database, or a
new one, never does). A database renamed or moved with its `-files` and `-keys` but not its `-autosave` takes the
drafts typed over it from the folder under its old name when it is opened (`take_over`; where no database of that
name is left beside it, and only drafts written since its last restore); a draft carrying another database's
identity is never offered (`listed`)."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import logging
import os
import re
import secrets
import shutil
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fazhi_desktop.core import settings
from fazhi_desktop.core.atomic import write_bytes_atomic
from fazhi_desktop.core.errors import AccountStopped
from fazhi_desktop.core.private_files import FOLDER_MODE, restrict

if TYPE_CHECKING:
    import sqlite3

    from fazhi_desktop.core.store import Store

log = logging.getLogger(__name__)
SUFFIX = "-autosave"
NEW = "new"
_SEP = "--"
#: the setting listing the keys of the drafts saved whose files may have been left (`note_saved`)
SAVED_SETTING = "autosave_saved"


@dataclass(frozen=True)
class Draft:
    """One editor's unsaved values. `record_id` None: a new record; `revision`: the version it was typed over."""

    account: str
    ledger: str
    key: str  # <record id>-<random>, or new-<random>
    record_id: str | None
    revision: int | None
    values: dict[str, Any]
    written_at: str  # UTC ISO, as every time is stored
    number: str = ""  # the record's number then ("" for a new one)
    database: str | None = None  # the `identity` of the database it was typed over (None: written before it was kept)


def folder(db_path: Path) -> Path:
    """Where the drafts of the database at `db_path` live."""
    return db_path.with_name(db_path.stem + SUFFIX)


def identity(conn: sqlite3.Connection) -> str | None:
    """The database's identity a draft carries: derived from its print key (core/print_key.py, random, made with the
    database and kept in its backups), which it does not reveal; None for a database without one."""
    key = settings.read(conn, "print_key")
    if not key:
        return None
    return hmac.new(key.encode("utf-8"), b"autosave", hashlib.sha256).hexdigest()[:16]


def new_key(record_id: str | None) -> str:
    """The key of one editor window's draft of `record_id` (None: a new record; several may be open at once)."""
    return f"{record_id or NEW}-{secrets.token_hex(6)}"


def _account_dir(db_path: Path, account: str) -> Path:
    # hex: a user name may hold characters a file name cannot (/, :), and Windows does not tell Admin from admin
    return folder(db_path) / account.encode("utf-8").hex()


def _file(db_path: Path, account: str, ledger: str, key: str) -> Path:
    return _account_dir(db_path, account) / f"{ledger}{_SEP}{key}.json"


def keep(store: Store, draft: Draft) -> None:
    """Keep an editor's `draft` for the store's database, under its identity; refused (AccountStopped, naming the
    account) when the account was stopped since it logged in, by a 管理员 in another window or process. Asked again
    after the write: one stopped meanwhile had its drafts removed before this one came, which goes too."""
    assert store.path is not None
    store.check_account()
    write(store.path, replace(draft, database=identity(store.conn)))
    try:
        store.check_account()
    except AccountStopped:
        remove(store.path, draft.account, draft.ledger, draft.key)
        raise


def write(db_path: Path, draft: Draft) -> None:
    """Keep `draft`, replacing the earlier one of the same editor. Raises core/failures.py's errors (a full disk).
    The file alone: an editor's goes through `keep`."""
    for made in (folder(db_path), _account_dir(db_path, draft.account)):
        made.mkdir(mode=FOLDER_MODE, exist_ok=True)
        restrict(made, FOLDER_MODE)
    data = {"account": draft.account, "ledger": draft.ledger, "key": draft.key, "record_id": draft.record_id,
            "revision": draft.revision, "number": draft.number, "written_at": draft.written_at,
            "database": draft.database, "values": draft.values}
    text = json.dumps(data, ensure_ascii=False, default=str, indent=1)
    write_bytes_atomic(_file(db_path, draft.account, draft.ledger, draft.key), text.encode("utf-8"), "自动保存",
                       output=False)


def listed(db_path: Path, account: str, database: str | None = None) -> list[Draft]:
    """The drafts `account` left, oldest first; given the database's `identity`, not one typed over another database
    (its folder copied here). A file that cannot be read as a draft is passed over (said in the log without its
    content)."""
    found = []
    place = _account_dir(db_path, account)
    for path in sorted(place.glob(f"*{_SEP}*.json")) if place.is_dir() else ():
        draft = _read(path, account)
        if draft is not None and (database is None or draft.database in (None, database)):
            found.append(draft)
    return sorted(found, key=lambda d: d.written_at)


def _read(path: Path, account: str) -> Draft | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Draft(account=account, ledger=str(data["ledger"]), key=str(data["key"]), record_id=data["record_id"],
                     revision=data["revision"], values=dict(data["values"]), written_at=str(data["written_at"]),
                     number=str(data.get("number") or ""), database=data.get("database"))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("an autosaved draft could not be read (%s); left as it is", type(exc).__name__)
        return None


def take_over(conn: sqlite3.Connection, db_path: Path) -> None:
    """The database at `db_path` renamed or moved without its `-autosave` folder (office.db → fazhi.db, its `-files`
    and `-keys` renamed too, as README says for moving it): its drafts, in a folder beside it under another name
    whose database is no longer there, are moved into its own folder, when they carry its identity and were written
    since it was last restored (over the records a restore replaced they are not offered, as core/backup/swap.py
    sets them aside). A database of that name still beside it (a copy, a restore's set-aside one) keeps its own; a
    draft of another database, or one written before drafts carried it, stays where it is. Quietly: a file that
    cannot be moved now is left for the next open."""
    ours = identity(conn)
    if ours is None:
        return
    since = settings.read(conn, "restored_at") or ""
    for other in _left_beside(db_path):
        for path in sorted(other.glob(f"*/*{_SEP}*.json")):
            draft = _read(path, "")
            if draft is None or draft.database != ours or draft.written_at < since:
                continue
            target = folder(db_path) / path.parent.name / path.name
            with contextlib.suppress(OSError):
                for made in (target.parent.parent, target.parent):
                    made.mkdir(mode=FOLDER_MODE, exist_ok=True)
                    restrict(made, FOLDER_MODE)
                if not target.exists():
                    os.replace(path, target)
        with contextlib.suppress(OSError):  # (what is left stays: another database's, a file not moved)
            for emptied in [*other.iterdir(), other]:
                with contextlib.suppress(OSError):
                    emptied.rmdir()


def _left_beside(db_path: Path) -> list[Path]:
    """The draft folders beside the database under another name whose database is no longer there: a rename's."""
    found = []
    for other in sorted(db_path.parent.glob(f"*{SUFFIX}")):
        stem = other.name.removesuffix(SUFFIX)
        if stem and stem != db_path.stem and other.is_dir() and not other.with_name(stem + db_path.suffix).exists():
            found.append(other)
    return found


#: an attachment's sha256 in JSON, indented (a draft here) or compact (the changes log, core/unlisted_files.py)
SHA256_IN_JSON = re.compile(r'"sha256":\s*"([0-9a-f]{64})"')


def attachments(db_path: Path) -> set[str]:
    """The attachments (sha256) every account's drafts list: scans added in an editor not yet saved, which opening
    must not take for files no record lists (core/unlisted_files.py) however old the draft. Those of the drafts a
    rename left under the old name too (`take_over` moves only the drafts it can tell are this database's, and
    only when it can: the others wait there, for a later opening or for the folder renamed by hand)."""
    found: set[str] = set()
    for base in (folder(db_path), *_left_beside(db_path)):
        for path in base.glob(f"*/*{_SEP}*.json") if base.is_dir() else ():
            with contextlib.suppress(OSError, UnicodeDecodeError):
                found.update(SHA256_IN_JSON.findall(path.read_text(encoding="utf-8")))
    return found


def remove(db_path: Path, account: str, ledger: str, key: str) -> None:
    """Forget one editor's draft (saved, 不保存, restored and saved…); none there is fine."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(_file(db_path, account, ledger, key))


def note_saved(store: Store, key: str) -> None:
    """Keep, in the save's own transaction, that the draft `key` was saved: its file is removed only after the save
    commits, and a power cut (the removal not yet on the disk) or a crash between the two left it, offered at the next
    start as unsaved; restored and saved again, a new record was entered twice under two numbers (`saved_already`).
    Only the keys whose files are still there stay listed (left by a cut, waiting for their account's next login)."""
    assert store.path is not None
    place = folder(store.path)
    held = [k for k in _saved_keys(store) if k != key and any(place.glob(f"*/*{_SEP}{k}.json"))]
    store.set_settings(**{SAVED_SETTING: json.dumps([*held, key])})


def saved_already(store: Store, draft: Draft) -> bool:
    """Whether `draft` is one its editor saved (`note_saved`) before its file could go: nothing in it is unsaved. A
    draft written after a save has a key of its own (the editor takes a new one as it saves)."""
    return draft.key in _saved_keys(store)


def _saved_keys(store: Store) -> list[str]:
    try:
        held = json.loads(store.setting_in_file(SAVED_SETTING) or "[]")
    except ValueError:
        return []
    return [str(k) for k in held] if isinstance(held, list) else []


def remove_record(db_path: Path, record_id: str) -> None:
    """Forget every account's draft of a record (deleted: there is nothing to save it to)."""
    base = folder(db_path)
    for path in base.glob(f"*/*{_SEP}{record_id}-*.json") if base.is_dir() else ():
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


def remove_account(db_path: Path, account: str) -> None:
    """Forget every draft of `account` (stopped: the personal data it typed must not stay behind it)."""
    shutil.rmtree(_account_dir(db_path, account), ignore_errors=True)
