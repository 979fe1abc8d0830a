"""The text of each catalog a database follows, kept in the database itself (`catalog_texts`, migration 038).

An enabled catalog was a path and a digest in the settings: the file moved or deleted, or the database restored from
a backup on a new PC (a backup holds the database, not the file), and every year it scored said `无法读取文件（找不到
文件）` in place of its figures. Enabling a catalog now keeps its checked text here, under the digest of the file as
it was enabled, with the file's name as a label; the figures read this copy, and backups and restores carry it with
the database. The file on disk is no longer watched: `fazhi catalog check` says when it now differs from the copy
enabled (enabling it again takes the new text). At a township a catalog may also come from the county's receipt
(core/bundle/receipt_catalogs.py): `county_written_at` is that receipt's time, and its pages name it as the county's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fazhi_desktop.core.clock import utc_iso
from fazhi_desktop.core.indicators.catalog import DIGEST_SETTING, SETTING, CatalogError, catalog_file
from fazhi_desktop.core.indicators.catalog_years import dated
from fazhi_desktop.core.store import Store

TABLE = "catalog_texts"


@dataclass(frozen=True)
class Copy:
    name: str  # the file's name when enabled: a label
    text: str
    county_written_at: str | None  # brought by the county's receipt written then; None: enabled here
    kept_at: str  # when this database took it (by its own clock)


def copy_of(store: Store, sha256: str) -> Copy | None:
    row = store.conn.execute(f"SELECT name, text, county_written_at, kept_at FROM {TABLE} WHERE sha256 = ?",
                             [sha256]).fetchone()
    return Copy(*row) if row else None


def keep(store: Store, sha256: str, name: str, text: str, county_written_at: str | None = None) -> None:
    """Keep the text of a catalog being enabled (inside the caller's transaction, with the settings naming it)."""
    store.conn.execute(f"INSERT OR REPLACE INTO {TABLE} (sha256, name, text, county_written_at, kept_at)"
                       " VALUES (?, ?, ?, ?, ?)", [sha256, name, text, county_written_at, utc_iso(store.clock())])


def prune(store: Store) -> None:
    """Forget the copies no enabled catalog names (after the settings changed, in the caller's transaction)."""
    named = {sha256 for _, sha256 in enabled(store)}
    for (sha256,) in store.conn.execute(f"SELECT sha256 FROM {TABLE}").fetchall():
        if sha256 not in named:
            store.conn.execute(f"DELETE FROM {TABLE} WHERE sha256 = ?", [sha256])


def enabled(store: Store) -> list[tuple[str, str]]:
    """(path, digest) of every catalog enabled: the first one, then the dated ones."""
    first = [(store.setting(SETTING), store.setting(DIGEST_SETTING))] if store.setting(SETTING) else []
    return [(path, sha256) for path, sha256 in first if sha256] + [(d.path, d.sha256) for d in dated(store)]


def files_changed(store: Store) -> list[str]:
    """What `fazhi catalog check` notes: each enabled catalog whose file, still where it was enabled from, now
    differs from the copy the figures follow (someone edited it since). A file gone is no matter: the copy counts."""
    notes = []
    for path, sha256 in enabled(store):
        if not Path(path).is_absolute():  # the county's, from its receipt: no file here
            continue
        try:
            now = catalog_file(Path(path))[1]
        except CatalogError:
            continue
        if now != sha256:
            notes.append(f"{path} 启用后被改动过，与启用时的副本不同：指标仍按启用时的副本计算；要按改过的文件计算，"
                         "请检查后重新启用（统计 → 启用指标目录…，或 fazhi catalog use）")
    return notes
