"""`fazhi check` on a private copy of a database: the backup's copy before it is packed (create.py), the restored
copy before it is swapped in (restoring.py). Both must agree, or backups are made that a restore refuses.

The copy is opened as the program opens a database (brought up to date), and left a single file again (journal
mode DELETE) for the archive or the swap. Measured on 10,000 records: about 1.1–1.8 s (README, Backups).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from fazhi_desktop.core.backup.archive import BackupError
from fazhi_desktop.core.errors import FazhiError, NewerDatabase
from fazhi_desktop.core.forms import LedgerDef
from fazhi_desktop.core.store import Store

#: how many problems a message lists (`fazhi check` lists them all), and the most the check collects
SHOWN, MAX_PROBLEMS = 10, 50


@contextlib.contextmanager
def opened_copy(copy: Path, ledgers: dict[str, LedgerDef] | None, name: str) -> Iterator[Store]:
    """The database copy at `copy` opened; BackupError naming `name` (the backup) when it cannot be."""
    try:
        store = Store.open(copy, ledgers=ledgers)
    except NewerDatabase as exc:  # not "cannot be opened (…a temporary folder's path…)": which program to install
        raise BackupError(f"{name} 来自较新版本的程序（{exc.said}）：请先升级程序再恢复") from None
    except FazhiError as exc:
        raise BackupError(f"{name}：其中的数据库无法打开（{exc}）") from None
    try:
        yield store
        store.conn.execute("PRAGMA journal_mode=DELETE")  # one file again, before it is packed or moved into place
    finally:
        store.close()


def listed(problems: list[str]) -> list[str]:
    """The first problems as lines of a message, and how many more `fazhi check` shows."""
    lines = [f"  - {problem}" for problem in problems[:SHOWN]]
    if len(problems) > SHOWN:
        more = "以上" if len(problems) >= MAX_PROBLEMS else ""
        lines.append(f"  - ……还有 {len(problems) - SHOWN} 处{more}（fazhi check 列出全部）")
    return lines
