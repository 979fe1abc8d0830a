"""Looking inside encrypted backups in tests (core/backup/sealing.py): the archive a backup holds, and a backup
sealed around any archive, as a forger who knows the office's backup recipient (it is not secret) could make."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from fazhi_desktop.core.backup import sealing


def inner_bytes(backup: Path, db: Path) -> bytes:
    """The archive.py ZIP inside `backup`, decrypted with the backup key of the database `db`."""
    with tempfile.TemporaryDirectory() as work:
        plain = Path(work) / "backup.zip"
        sealing.unseal(backup, db, plain)
        return plain.read_bytes()


def sealed_bytes(inner: bytes, db: Path) -> bytes:
    """A backup file holding `inner` (any bytes), encrypted with the backup key of the database `db`."""
    key = sealing.load_key(db)
    assert key is not None, "no backup made yet"
    with tempfile.TemporaryDirectory() as work:
        plain = Path(work) / "backup.zip"
        plain.write_bytes(inner)
        out = io.BytesIO()
        sealing.seal(plain, out, key)
        return out.getvalue()


def another_offices_backup(store, ledgers) -> Path:
    """A backup of 李旺镇司法所 (640522101), beside the test's database; that database (海城镇) closed, with a backup
    key of its own, which opens the other office's backup (the tests' offices share one key)."""
    from fazhi_desktop.core.backup import create_backup
    from fazhi_desktop.core.setup import init_database

    other = store.path.parent / "liwang" / "office.db"
    other.parent.mkdir()
    init_database(other, "640522101", office="李旺镇司法所", ledgers=ledgers).close()
    backup = create_backup(other).path
    store.close()
    create_backup(store.path)
    return backup
