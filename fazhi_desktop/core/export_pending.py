"""A bundle written onto the stick but not yet recorded as sent: the export's row for `bundles_sent`, written down as
pending (setting `bundle.pending`) before the bundle gets its final name, and recorded as sent right after.

An export cut between the two (a power cut, the task manager) used to leave on the stick a bundle of a number the
township did not know it had sent: the next export wrote another bundle of that number beside it (`…-2.tar.age`),
and a county that imported both showed for good that it had received two different bundles of one number. Now the
next open or export looks for the pending bundle: found under its final name with the content written (its SHA-256),
it counts as sent (`settle` says so); at the next export, not found but its unfinished file is, it was not written
and its number is used again; neither found, the number is not used again (see `settle`).
Opening the database only records what it finds: a stick not in now may hold it.

Here, not in core/bundle, so that opening the database does not load the bundle modules."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core import file_parts, paths, record_rules
from fazhi_desktop.core.atomic import part_of
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
    sent. At an export (`dest_dir` given) not found but its unfinished file there (the export was cut before the
    rename): dropped, its number used again. Neither: it may be on a stick not in now, another in its place under
    the same drive letter, so it is recorded as sent too and the next number used (a number skipped is nothing to the
    county: each bundle carries every change since the last receipt; one number used twice is flagged for good)."""
    try:
        pending = json.loads(store.setting_in_file(SETTING) or "null")
        row, path, sha = pending["row"], Path(pending["path"]), pending["sha256"]
    except (TypeError, ValueError, KeyError):
        return None
    number = f"第 {row['sequence']} 号数据包（{path.name}）"
    places = list(dict.fromkeys([path, *([dest_dir / path.name] if dest_dir is not None else [])]))
    for place in places:
        if _holds(place, sha):
            record(store, row, pending.get("attachments") or [])
            return f"上次导出的{number}在程序中断前已写到 {place.parent}，现已记为已发送：请把它交给县司法局"
    if dest_dir is None:
        return None
    if any(_cut_before_rename(place) for place in places):  # its unfinished file beside: the number is free
        for place in places:  # a bundle in parts cut before its list: its parts are no bundle, and go
            file_parts.remove_unfinished(place)
        drop(store)
        return f"上次导出的{number}在写完之前程序中断，没有写成；这次仍用第 {row['sequence']} 号"
    # not where it was written, nor its unfinished file: that may be another stick (the same drive letter), and the
    # bundle on the one not in now; its number used again would make two different bundles of one number
    record(store, row, pending.get("attachments") or [])
    return (f"上次导出的{number}写到 {path.parent} 时程序中断，现在那里没有这个数据包（当时的U盘不在？）："
            f"已记为已发送，这次用第 {row['sequence'] + 1} 号；找到那个U盘时，上面的 {path.name} "
            "也可以交给县司法局（县里不会重复计算）")


def _cut_before_rename(path: Path) -> bool:
    """Whether the folder of `path` holds the unfinished file (core/atomic.py's temporary name) of the bundle, which a
    program killed before the final rename leaves: the bundle was not written there under its name. A bundle in
    parts (core/file_parts.py) cut before its list of parts was written was not written either."""
    start = paths.shorten(path.name, paths.NAME_BYTES, paths.NAME_CHARS)
    try:
        return any(part_of(part.name) == start for part in path.parent.glob(".*.part")) or file_parts.unfinished(path)
    except OSError:
        return False


def _holds(path: Path, sha: str) -> bool:
    """Is the bundle `path` there (as one file, or as its parts with their list) with that content?"""
    return file_parts.stream_sha256(path, "数据包") == sha
