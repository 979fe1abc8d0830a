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
it replaces (core/backup/swap.py), whose records and scans the drafts were typed over. Removed on saving, on 不保存,
on deleting the record and when the account is stopped (accounts.set_active)."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fazhi_desktop.core.atomic import write_bytes_atomic
from fazhi_desktop.core.private_files import FOLDER_MODE, restrict

log = logging.getLogger(__name__)
SUFFIX = "-autosave"
NEW = "new"
_SEP = "--"


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


def folder(db_path: Path) -> Path:
    """Where the drafts of the database at `db_path` live."""
    return db_path.with_name(db_path.stem + SUFFIX)


def new_key(record_id: str | None) -> str:
    """The key of one editor window's draft of `record_id` (None: a new record; several may be open at once)."""
    return f"{record_id or NEW}-{secrets.token_hex(6)}"


def _account_dir(db_path: Path, account: str) -> Path:
    # hex: a user name may hold characters a file name cannot (/, :), and Windows does not tell Admin from admin
    return folder(db_path) / account.encode("utf-8").hex()


def _file(db_path: Path, account: str, ledger: str, key: str) -> Path:
    return _account_dir(db_path, account) / f"{ledger}{_SEP}{key}.json"


def write(db_path: Path, draft: Draft) -> None:
    """Keep `draft`, replacing the earlier one of the same editor. Raises core/failures.py's errors (a full disk)."""
    for made in (folder(db_path), _account_dir(db_path, draft.account)):
        made.mkdir(mode=FOLDER_MODE, exist_ok=True)
        restrict(made, FOLDER_MODE)
    data = {"account": draft.account, "ledger": draft.ledger, "key": draft.key, "record_id": draft.record_id,
            "revision": draft.revision, "number": draft.number, "written_at": draft.written_at,
            "values": draft.values}
    text = json.dumps(data, ensure_ascii=False, default=str, indent=1)
    write_bytes_atomic(_file(db_path, draft.account, draft.ledger, draft.key), text.encode("utf-8"), "自动保存",
                       output=False)


def listed(db_path: Path, account: str) -> list[Draft]:
    """The drafts `account` left, oldest first. A file that cannot be read as a draft is passed over (said in the
    log without its content)."""
    found = []
    place = _account_dir(db_path, account)
    for path in sorted(place.glob(f"*{_SEP}*.json")) if place.is_dir() else ():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            found.append(Draft(account=account, ledger=str(data["ledger"]), key=str(data["key"]),
                               record_id=data["record_id"], revision=data["revision"], values=dict(data["values"]),
                               written_at=str(data["written_at"]), number=str(data.get("number") or "")))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("an autosaved draft could not be read (%s); left as it is", type(exc).__name__)
    return sorted(found, key=lambda d: d.written_at)


#: an attachment's sha256 in JSON, indented (a draft here) or compact (the changes log, core/unlisted_files.py)
SHA256_IN_JSON = re.compile(r'"sha256":\s*"([0-9a-f]{64})"')


def attachments(db_path: Path) -> set[str]:
    """The attachments (sha256) every account's drafts list: scans added in an editor not yet saved, which opening
    must not take for files no record lists (core/unlisted_files.py) however old the draft."""
    found: set[str] = set()
    base = folder(db_path)
    for path in base.glob(f"*/*{_SEP}*.json") if base.is_dir() else ():
        with contextlib.suppress(OSError, UnicodeDecodeError):
            found.update(SHA256_IN_JSON.findall(path.read_text(encoding="utf-8")))
    return found


def remove(db_path: Path, account: str, ledger: str, key: str) -> None:
    """Forget one editor's draft (saved, 不保存, restored and saved…); none there is fine."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(_file(db_path, account, ledger, key))


def remove_record(db_path: Path, record_id: str) -> None:
    """Forget every account's draft of a record (deleted: there is nothing to save it to)."""
    base = folder(db_path)
    for path in base.glob(f"*/*{_SEP}{record_id}-*.json") if base.is_dir() else ():
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


def remove_account(db_path: Path, account: str) -> None:
    """Forget every draft of `account` (stopped: the personal data it typed must not stay behind it)."""
    shutil.rmtree(_account_dir(db_path, account), ignore_errors=True)
