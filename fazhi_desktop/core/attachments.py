"""Attachments (scans, photos, notes) stored once by content: `<db>-files/ab/abcdef...`.

A record's attachments field lists `{sha256, name, size}`; the same file attached twice is stored once.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fazhi_desktop.core import damaged, failures, paths
from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core.atomic import replacing
from fazhi_desktop.core.clock import utc_iso
from fazhi_desktop.core.errors import FazhiError, NotFound
from fazhi_desktop.core.forms import LedgerDef
from fazhi_desktop.core.store import Store

MAX_ATTACHMENT_BYTES = 200 * 1024 * 1024
#: why a deleted record's attachment has no file at the county (and needs none at the township to export)
NOT_SENT = "已删除的记录的附件不随数据包报送县里"


def files_dir(store: Store) -> Path:
    if store.path is None:
        raise FazhiError("内存数据库没有附件目录")
    return files_dir_at(store.path)


def files_dir_at(db_path: Path) -> Path:
    """The attachments folder of the database file `db_path`."""
    return db_path.with_name(db_path.stem + "-files")


def blob_path(store: Store, sha256: str) -> Path:
    return files_dir(store) / sha256[:2] / sha256


def add_attachment(store: Store, source: Path | str) -> dict:
    """Copy a file into the store (atomically: temp file, fsync, rename) and return its field entry. Refused
    (AccountStopped) for an account a 管理员 stopped since it logged in, as every write is: a stopped clerk's scan,
    copied in and registered, was a file of hers left behind her."""
    store.check_account()
    source = Path(source)
    if source.is_dir():
        raise FazhiError(f"“{source}”是文件夹，不是文件：请选择文件夹中的扫描件或照片")
    if not source.is_file():
        raise NotFound(f"附件文件不存在：{source}")
    try:
        size = source.stat().st_size
        if size > MAX_ATTACHMENT_BYTES:
            raise FazhiError(f"附件“{source.name}”太大（{size // 1024**2} MB），"
                             f"上限 {MAX_ATTACHMENT_BYTES // 1024**2} MB")
        digest = hashlib.sha256()
        with source.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as exc:  # a stick pulled out, a bad sector, a file another program holds (Windows)
        raise failures.cannot_read(exc, source, "文件") from None
    sha = digest.hexdigest()
    target = blob_path(store, sha)
    if target.exists():  # added again: a day more before an unsaved one goes (core/unlisted_files.py)
        with contextlib.suppress(OSError):
            os.utime(target)
    else:
        try:
            write_atomic_copy(source, target)
        except OSError as exc:  # disk full, read-only medium, pulled stick: nothing half-written is left
            raise failures.from_os(exc, target, "保存附件", cleaned_up=True) from None
    with dbmod.transaction(store.conn):
        store.conn.execute(
            "INSERT OR IGNORE INTO attachments (sha256, size, name, added_at) VALUES (?, ?, ?, ?)",
            [sha, size, source.name, utc_iso(store.clock())],
        )
    return {"sha256": sha, "name": source.name, "size": size}


def write_atomic_copy(source: Path, target: Path) -> None:
    """Copy `source` to `target` all or nothing (core/atomic.py), readable by the user alone; raises the plain
    OSError."""
    with replacing(target, private=True) as out, source.open("rb") as src:
        shutil.copyfileobj(src, out, 1 << 20)


def held_size(store: Store, sha256: str) -> int | None:
    """The size of an attachment this database holds (listed, and its file present), or None."""
    row = store.conn.execute("SELECT size FROM attachments WHERE sha256 = ?", [sha256]).fetchone()
    return row[0] if row is not None and blob_path(store, sha256).exists() else None


def files_not_held(store: Store, ledger: LedgerDef, values: dict[str, Any]) -> list[str]:
    """The names of a record's attachments whose file is not in this database's folder (at the county: a deleted
    record's, which no bundle sends), each once."""
    return list(dict.fromkeys(str(item.get("name") or "附件") for item in attachment_refs(ledger, values)
                              if not blob_path(store, str(item.get("sha256"))).is_file()))


def attachment_path(store: Store, sha256: str) -> Path:
    """Where an attachment's bytes are, for opening it; raises NotFound when the file is missing."""
    path = blob_path(store, sha256)
    if not path.exists():
        raise NotFound(f"附件文件缺失：{path}")
    return path


def viewable_copy(store: Store, entry: dict, folder: Path) -> Path:
    """A read-only copy of attachment `entry` ({sha256, name, size}) under its own name in `folder`, for the
    system's viewer: Windows chooses the program by the file's extension, which the stored file (named by its hash)
    has not. A copy made earlier is used again. Raises NotFound when the stored file is missing, StorageError when
    the copy cannot be written."""
    source = attachment_path(store, entry["sha256"])
    target = folder / entry["sha256"][:16] / paths.safe_file_name(str(entry.get("name") or ""), "附件")
    if target.is_file() and target.stat().st_size == source.stat().st_size:
        return target
    try:
        if target.exists():
            os.chmod(target, stat.S_IWRITE | stat.S_IREAD)
        write_atomic_copy(source, target)
        os.chmod(target, stat.S_IREAD)  # a viewer's edits to the copy would be lost: it says so by refusing them
    except OSError as exc:
        raise failures.from_os(exc, target, "打开附件") from None
    return target


def attachment_refs(ledger: LedgerDef, values: dict[str, Any]) -> list[dict[str, Any]]:
    """Every attachment entry `{sha256, name, size}` a record's values refer to, repeating groups included."""
    return [item for _, item in _labelled_refs(ledger, values)]


def _labelled_refs(ledger: LedgerDef, values: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each attachment entry of a record's values with the label of the field that lists it (附件, 当事人的附件)."""
    for f in ledger.fields:
        value = values.get(f.name)
        if not value or not isinstance(value, list):
            continue
        if f.type == "attachments":
            yield from ((f.label, item) for item in value if isinstance(item, dict))
        elif f.type == "group":
            for sub in f.fields:
                if sub.type != "attachments":
                    continue
                for row in value:
                    items = row.get(sub.name) if isinstance(row, dict) else None
                    if isinstance(items, list):
                        yield from ((f"{f.label}的{sub.label}", item) for item in items if isinstance(item, dict))


@dataclass(frozen=True)
class MissingFile:
    """An attachment a record lists whose file is not in the attachments folder (deleted or moved outside the
    program): which record, which field, the file's name as attached."""

    ledger: str  # the ledger's label
    number: str  # the record's number (its id when it has none)
    field: str
    name: str
    sha256: str
    deleted: bool

    def __str__(self) -> str:
        gone = "（已删除的记录）" if self.deleted else ""
        return f"{self.ledger} {self.number}{gone} 的{self.field}“{self.name}”"

    @property
    def way_out(self) -> str:
        """What the clerk can do. A deleted record's files are not sent to the county (core/bundle/collect.py), so
        its missing file needs nothing; it cannot be opened to change it (Store.save refuses it), but the file is
        stored by its content, so the same original added anywhere puts it back."""
        if self.deleted:
            return (f"{NOT_SENT}，不影响导出；如果还有原文件，可以在任意一条记录（新建记录也可以）的附件中添加同一个"
                    "原文件，文件按内容保存，添加时就放回了，那条记录不必保存")
        return "请打开记录，在附件中删去它，再从原文件重新添加并保存"


def missing_files(store: Store, among: set[str] | None = None) -> list[MissingFile]:
    """The attachments records list (deleted records too, marked: `fazhi check` says they block nothing) whose file
    is missing, in ledger and record order; `among`: only these files (by sha256). Reads the attachment columns of
    the records that have any, and looks for each file once; passes over records whose text a damaged file no longer
    holds."""
    found: list[MissingFile] = []
    present: dict[str, bool] = {}
    for ledger in store.ledgers.values():
        columns = [f.name for f in ledger.fields if f.type == "attachments"
                   or (f.type == "group" and any(sub.type == "attachments" for sub in f.fields))]
        if not columns:
            continue
        listed = " OR ".join(f"instr(\"{c}\", '\"sha256\"') > 0" for c in columns)
        named = ", ".join(f'"{c}"' for c in columns)
        try:
            rows = store.query(f'SELECT id, number, deleted, {named} FROM "{ledger.name}" WHERE {listed} ORDER BY rid')
        except damaged.DamagedRows as exc:  # a record a damaged file no longer holds: `fazhi check` names it
            rows = exc.readable()
        for row in rows:
            try:
                values = {c: json.loads(row[c]) for c in columns if row[c]}
            except ValueError:  # a record changed outside the program: `fazhi check` reports its hash
                continue
            for label, item in _labelled_refs(ledger, values):
                sha = item.get("sha256")
                if not isinstance(sha, str) or (among is not None and sha not in among):
                    continue
                if sha not in present:
                    present[sha] = blob_path(store, sha).is_file()
                if not present[sha]:
                    found.append(MissingFile(ledger.label, row["number"] or row["id"], label,
                                             str(item.get("name") or "附件"), sha, bool(row["deleted"])))
    return found
