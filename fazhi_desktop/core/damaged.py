"""Rows a damaged file no longer holds as text. A bad sector or one flipped bit leaves bytes in a record that are not
UTF-8; Python's sqlite3 then refuses the whole query with "Could not decode to UTF-8 column 'case_name' with text
'…'", in English and quoting the record's bytes, and every list, check and export that met it stopped there.

The normal read pays nothing for this: `db.query` reads as always and, only when that error comes, reads the query
again with a decoder that marks what it cannot decode (`reread`). The caller then gets `DamagedRows`, a
`DatabaseDamaged` (the GUI and the CLI say the file is damaged and how to restore a backup), which carries the rows
that could be read and names the ones that could not; `Store.rows` turns it into `DamagedRecords`, naming the
ledger and the records' numbers. A list shows such a record as “（已损坏）”; `fazhi check` names each and goes on.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fazhi_desktop.core import failures

#: what a list shows in place of a record that cannot be read
DAMAGED = "（已损坏）"
#: how the damage is said, after what was being read
REASON = "文字无法读取（磁盘或U盘上的数据已损坏）"
_NAMED = 3  # records named in a message; the rest are counted


def among(problems: list[str]) -> bool:
    """Do `fazhi check`'s problems name text a damaged file no longer holds (a bad sector, not an edit made outside
    the program: nothing can open such a record to correct it, and the way out is a backup)?"""
    return any(REASON in problem for problem in problems)


def undecodable(exc: BaseException) -> bool:
    """Is `exc` Python's sqlite3 refusing text that is not UTF-8 (a damaged row, not a mistake in the program)?"""
    return isinstance(exc, sqlite3.OperationalError) and str(exc).startswith("Could not decode to UTF-8")


class _Unreadable(str):
    """A text value that was not UTF-8, decoded with U+FFFD in place of the bad bytes."""


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return _Unreadable(raw.decode("utf-8", "replace"))


class DamagedRows(failures.DatabaseDamaged):
    """A query met rows whose text cannot be read. `rows`: every row it gave, bad bytes replaced by U+FFFD;
    `damaged`: the index of each damaged row in `rows` -> the columns that could not be read."""

    def __init__(self, message: str, path: Path | str | None, rows: list[dict[str, Any]],
                 damaged: dict[int, tuple[str, ...]]):
        super().__init__(message, path)
        self.rows, self.damaged = rows, damaged

    def readable(self) -> list[dict[str, Any]]:
        """The rows that were read whole."""
        return [row for index, row in enumerate(self.rows) if index not in self.damaged]

    def intact(self, index: int, column: str) -> Any:
        """A damaged row's value of `column` when that column was read whole (its number, its id), else None."""
        return None if column in self.damaged[index] else self.rows[index].get(column)

    def keyed(self, key: str, name: str) -> dict[Any, str | None]:
        """The damaged rows as `key` (an integer column, never damaged) -> `name` where it can be read."""
        return {self.rows[index][key]: self.intact(index, name) for index in self.damaged}


def reread(conn: sqlite3.Connection, sql: str, params: Any) -> DamagedRows:
    """Read the query that failed to decode again, keeping what can be read: the error to raise in its place."""
    before = conn.text_factory
    conn.text_factory = _decode  # this connection's thread only: nothing else reads through it meanwhile
    try:
        cursor = conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        fetched = cursor.fetchall()
    finally:
        conn.text_factory = before
    rows: list[dict[str, Any]] = []
    bad_rows: dict[int, tuple[str, ...]] = {}
    for index, values in enumerate(fetched):
        bad = tuple(name for name, value in zip(names, values, strict=True) if isinstance(value, _Unreadable))
        if bad:
            bad_rows[index] = bad
        rows.append({name: str(value) if isinstance(value, _Unreadable) else value
                     for name, value in zip(names, values, strict=True)})
    message = f"数据库文件已损坏：有 {len(bad_rows)} 条数据的{REASON}。{failures.DatabaseDamaged.way_out}"
    return DamagedRows(message, failures.database_path(conn), rows, bad_rows)


class DamagedRecords(failures.DatabaseDamaged):
    """Records of a ledger that cannot be read. `unreadable`: row key -> the record's number (None when that is
    damaged too); `readable`: the records of the same read that could be read, by row key."""

    def __init__(self, label: str, unreadable: dict[int, str | None], readable: dict[int, Any],
                 path: Path | str | None):
        super().__init__(f"数据库文件已损坏：“{label}”台账中{records_named(unreadable.values())}的{REASON}。"
                         f"{failures.DatabaseDamaged.way_out}", path)
        self.label, self.unreadable, self.readable = label, unreadable, readable


def records_named(numbers: Any) -> str:
    """记录 〔2026〕人调字第3号, 记录 A、B、C 等 5 条, 1 条记录 (its number damaged too)."""
    numbers = list(numbers)
    known = [n for n in numbers if n]
    if not known:
        return f"{len(numbers)} 条记录"
    more = f" 等 {len(numbers)} 条" if len(numbers) > min(len(known), _NAMED) else ""
    return f"记录 {'、'.join(known[:_NAMED])}{more}"


@contextmanager
def reading(label: str, path: Path | str | None) -> Iterator[None]:
    """SQLite's own damage errors ("database disk image is malformed") met while reading `label`'s records become
    a DatabaseDamaged naming it; other errors pass unchanged."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        if failures.sqlite_failure_class(exc) is not failures.DatabaseDamaged:
            raise
        raise failures.DatabaseDamaged(f"数据库文件已损坏：读取“{label}”的记录时出错。"
                                       f"{failures.DatabaseDamaged.way_out}", path) from None


def said(exc: BaseException) -> failures.DatabaseDamaged | None:
    """The damage an error that reached the top (a worker thread, the CLI, the window) stands for: itself when it is
    a DatabaseDamaged, a DatabaseDamaged for text that could not be decoded (without the text: it is a record's),
    else None."""
    if isinstance(exc, failures.DatabaseDamaged):
        return exc
    if undecodable(exc):
        return failures.DatabaseDamaged(f"数据库文件已损坏：有数据的{REASON}。{failures.DatabaseDamaged.way_out}")
    return None
