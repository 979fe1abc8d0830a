"""A bundle written onto the stick but not yet recorded as sent: the export's row for `bundles_sent`, written down as
pending (setting `bundle.pending`) before the bundle gets its final name, and recorded as sent right after.

An export cut between the two (a power cut, the task manager) used to leave on the stick a bundle of a number the
township did not know it had sent: the next export wrote another bundle of that number beside it (`…-2.tar.age`),
and a county that imported both showed for good that it had received two different bundles of one number. Now the
next open or export looks for the pending bundle: found under its final name with the content written (its SHA-256),
it counts as sent (`settle` says so); otherwise, at the next export, it was not written and its number is used again.
Opening the database only records what it finds: a stick not in now may hold it.

Here, not in core/bundle, so that opening the database does not load the bundle modules."""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core import record_rules
from fazhi_desktop.core.errors import FazhiError

if TYPE_CHECKING:
    from fazhi_desktop.core.store import Store

SETTING = "bundle.pending"
_COLUMNS = ("sequence", "bundle_id", "bundle_hash", "full", "changes_after", "changes_through", "file_name",
            "summary", "created_at", "created_by")


def note(store: Store, row: dict[str, Any], attachments: list[str], path: Path, file_sha256: str) -> None:
    """Write down the bundle about to get its final name `path`: its `bundles_sent` row, its attachments and the
    SHA-256 of the file's content."""
    store.set_settings(**{SETTING: json.dumps({"row": row, "attachments": attachments, "path": str(path),
                                               "sha256": file_sha256}, ensure_ascii=False)})


def record(store: Store, row: dict[str, Any], attachments: list[str],
           checked: record_rules.Mark | None = None) -> None:
    """The bundle as sent, in one transaction that also clears what `note` wrote. Once only: a bundle recorded
    meanwhile (another program opening the database found it on the stick) is not recorded again."""
    with dbmod.transaction(store.conn):
        store.conn.execute(f"INSERT OR IGNORE INTO bundles_sent ({', '.join(_COLUMNS)}) VALUES "
                           f"({', '.join('?' * len(_COLUMNS))})", [row[column] for column in _COLUMNS])
        store.conn.executemany("INSERT OR IGNORE INTO bundle_attachments (sequence, sha256) VALUES (?, ?)",
                               [(row["sequence"], sha) for sha in attachments])
        if checked is not None:  # what the check found: the next export checks only what changed after
            record_rules.remember(store.conn, checked)
        store.set_settings(**{SETTING: None})


def drop(store: Store) -> None:
    """The bundle did not get its final name: nothing was sent."""
    with contextlib.suppress(FazhiError, sqlite3.Error):
        store.set_settings(**{SETTING: None})


def settle(store: Store, dest_dir: Path | None = None) -> str | None:
    """What became of a bundle written down as pending, said in one sentence (None when there was none, or, when
    opening the database (`dest_dir` None), when its stick is not in). Found (where it was written, or in
    `dest_dir` under its name: the stick under another drive letter now) with the content written: recorded as
    sent. At an export (`dest_dir` given) not found: dropped, its number used again."""
    try:
        pending = json.loads(store.setting_in_file(SETTING) or "null")
        row, path, sha = pending["row"], Path(pending["path"]), pending["sha256"]
    except (TypeError, ValueError, KeyError):
        return None
    number = f"第 {row['sequence']} 号数据包（{path.name}）"
    for place in dict.fromkeys([path, *([dest_dir / path.name] if dest_dir is not None else [])]):
        if _holds(place, sha):
            record(store, row, pending.get("attachments") or [])
            return f"上次导出的{number}在程序中断前已写到 {place.parent}，现已记为已发送：请把它交给县司法局"
    if dest_dir is None:
        return None
    drop(store)
    if path.parent.is_dir():
        return f"上次导出的{number}在写完之前程序中断，没有写成；这次仍用第 {row['sequence']} 号"
    return (f"上次导出的{number}写到 {path.parent} 时程序中断，现在找不到那里（U盘不在？）：这次仍用第 "
            f"{row['sequence']} 号；那个U盘上若有 {path.name}，请删去，不要交给县里")


def _holds(path: Path, sha: str) -> bool:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return False
    return digest.hexdigest() == sha
