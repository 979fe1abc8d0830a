"""A key being made or replaced, written down before its files: the settings that go with the new key (its id, when
it was made, when the county replaced its own), noted as pending (setting `keys.pending`) before the key files are
written, and set right after.

Making a key wrote its files and then its settings: a power cut between left the database naming the old key beside
the new files. A township's key was then refused as "not the one this database registered" (no export), and a
county's `county_key.id` no longer told its folder of keys from another's (core/renamed.py), nor did it say it had
replaced its key. Now the next open settles it by the public key file, the truth: it holds the key noted, so the
files were written and the settings are set; it holds another (the old key: the files were not written), the note
is dropped; no file there (the folder renamed away, or not readable), it waits.

Here, not in core/bundle, so that opening the database does not load the bundle modules."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from typing import TYPE_CHECKING

from fazhi_desktop.core.failures import StorageError

if TYPE_CHECKING:
    from fazhi_desktop.core.store import Store

SETTING = "keys.pending"


def note(store: Store, public: str, key_id: str, values: dict[str, str]) -> None:
    """Write down the settings `values` of the key of id `key_id` about to be written, its public key in the file
    named `public` in the database's folder of keys. Raises as `set_settings` does: then nothing is written."""
    store.set_settings(**{SETTING: json.dumps({"public": public, "id": key_id, "settings": values})})


def done(store: Store, values: dict[str, str]) -> None:
    """The key's files are written: its settings set and the note cleared, in one write."""
    store.set_settings(**values, **{SETTING: None})


def settle(store: Store) -> None:
    """At the open: a key noted and its files written, its settings set; its files not written, the note dropped
    (see the module docstring). Quietly: a file it cannot write to is left for the next open."""
    from fazhi_desktop.core.renamed import key_id_of

    noted = _noted(store)
    if noted is None or store.path is None:
        return
    public, key_id, values = noted
    found = key_id_of(store.path.with_name(store.path.stem + "-keys") / public)
    if found is None:
        return
    with contextlib.suppress(sqlite3.Error, StorageError):  # (the write path turns SQLite's into StorageError)
        done(store, values if found == key_id else {})


def noted_id(store: Store, public: str) -> str | None:
    """The id of the key noted as being written to the public key file named `public`, None when none is (a
    restore's check of a backup taken between the two writes accepts that key as the database's own)."""
    noted = _noted(store)
    return noted[1] if noted is not None and noted[0] == public else None


def _noted(store: Store) -> tuple[str, str, dict[str, str]] | None:
    """The note: the public key file's name, the key's id and its settings; None when there is none (or unreadable)."""
    try:
        pending = json.loads(store.setting(SETTING) or "null")
        return pending["public"], pending["id"], dict(pending["settings"])
    except (TypeError, ValueError, KeyError):
        return None
