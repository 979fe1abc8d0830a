"""Results kept while the database is unchanged. 县级汇总 reads, for each year it shows, what does not depend on the
year: the traces of changed bundles (core/tampered.py, 0.3 s at 18 townships x 5 years: every ledger against the whole
received change log) and the bundle log per township (0.15 s). `kept(store, read)` reads again only once something
was committed to the file (an import, a conflict settled, a catalog enabled; here or by another connection:
`Store.commits`) or its tables changed (PRAGMA schema_version).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from fazhi_desktop.core.store import Store

T = TypeVar("T")

#: store -> read -> (the database's state, what it read): gone with the Store (a restored file opens a new one)
_kept: WeakKeyDictionary[Store, dict[Callable[[Store], Any], tuple[tuple[int, ...], Any]]] = WeakKeyDictionary()


def kept(store: Store, read: Callable[[Store], T]) -> T:
    """`read(store)`, or what it gave while the database has not changed since. The caller must not change it.
    Not kept inside a transaction: a ROLLBACK undoes what it read and leaves the counters as they were."""
    if store.conn.in_transaction:
        return read(store)
    state = (*store.commits(), store.conn.execute("PRAGMA schema_version").fetchone()[0])
    reads = _kept.setdefault(store, {})
    known = reads.get(read)
    if known is None or known[0] != state:
        known = reads[read] = (state, read(store))
    return known[1]
