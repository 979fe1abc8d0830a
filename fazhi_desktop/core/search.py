"""Substring search over a ledger's text, correct for 1-character and 2-character Chinese queries.

Trigram indexes cannot answer queries shorter than three characters (most Chinese names are two), so each ledger
has a contentless FTS5 table with two columns, as Lucene's CJK analyser does:
- `uni`: every word character of the record's text, one token each (answers 1-character queries);
- `bi`: every overlapping pair of word characters (answers n >= 2 characters as a phrase of n-1 pairs).
Runs of word characters are separated by a sentinel token, so a phrase never spans two fields or a punctuation
mark. A query made only of word characters is then answered exactly by the index; a query holding punctuation is
narrowed by the index and confirmed on the record's text.

The index is contentless (no second copy of the text); a row is removed by replaying the tokens it was added with,
which `remove` regenerates from the stored values.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from typing import Any

import sqlite_utils

from fazhi_desktop.core.db import search_table
from fazhi_desktop.core.forms import LedgerDef

#: a private-use character: never in normalised text, a token character for FTS5's unicode61
SENTINEL = "\ue000"


def normalize(text: str) -> str:
    """NFKC (full-width digits and letters to half-width) and case folding, as both index and query see text."""
    return unicodedata.normalize("NFKC", text).casefold().replace(SENTINEL, " ")


def runs(text: str) -> list[str]:
    """Maximal runs of word characters (letters, including CJK, and digits)."""
    found, current = [], []
    for ch in normalize(text):
        if ch.isalnum():
            current.append(ch)
        elif current:
            found.append("".join(current))
            current = []
    if current:
        found.append("".join(current))
    return found


def record_texts(ledger: LedgerDef, values: dict[str, Any]) -> list[str]:
    """The strings of a record that search looks at: its number, remarks and text-like fields, groups included."""
    texts = [values.get("number") or "", values.get("remarks") or ""]
    for f in ledger.text_fields():
        value = values.get(f.name)
        if value is None:
            continue
        if isinstance(value, str) and f.is_json:
            value = json.loads(value)
        texts.extend(_strings(value))
    return [t for t in texts if t]


def record_text(ledger: LedgerDef, values: dict[str, Any]) -> str:
    return "\n".join(normalize(t) for t in record_texts(ledger, values))


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def tokens(texts: Iterable[str]) -> tuple[str, str]:
    """The `uni` and `bi` column text for a record."""
    all_runs = [r for t in texts for r in runs(t)]
    uni = " ".join(ch for r in all_runs for ch in r)
    pairs = [" ".join(r[i : i + 2] for i in range(len(r) - 1)) for r in all_runs if len(r) > 1]
    bi = f" {SENTINEL} ".join(pairs)
    return uni, bi


def add(db: sqlite_utils.Database, ledger: LedgerDef, rid: int, values: dict[str, Any]) -> None:
    uni, bi = tokens(record_texts(ledger, values))
    db.execute(f'INSERT INTO "{search_table(ledger.name)}"(rowid, uni, bi) VALUES (?, ?, ?)', [rid, uni, bi])


def remove(db: sqlite_utils.Database, ledger: LedgerDef, rid: int, old_values: dict[str, Any]) -> None:
    """Remove a row from the contentless index: FTS5's 'delete' command with exactly the tokens it was given."""
    uni, bi = tokens(record_texts(ledger, old_values))
    table = search_table(ledger.name)
    db.execute(f'INSERT INTO "{table}"("{table}", rowid, uni, bi) VALUES (\'delete\', ?, ?, ?)', [rid, uni, bi])


def rebuild(db: sqlite_utils.Database, ledger: LedgerDef) -> int:
    """Empty and refill a ledger's index from the live records (inside the caller's transaction)."""
    table = search_table(ledger.name)
    db.execute(f'INSERT INTO "{table}"("{table}") VALUES (\'delete-all\')')
    count = 0
    columns = ", ".join(f'"{c}"' for c in ("rid", "number", "remarks", *(f.name for f in ledger.text_fields())))
    for row in db.query(f'SELECT {columns} FROM "{ledger.name}" WHERE deleted = 0'):
        add(db, ledger, row["rid"], row)
        count += 1
    return count


class Query:
    """A parsed search: the FTS5 match expression and whether matches must be confirmed on the text."""

    def __init__(self, text: str):
        self.terms = [normalize(t) for t in text.split() if t.strip()]
        parts = []
        self.needs_check = False
        for term in self.terms:
            term_runs = runs(term)
            if term_runs != [term]:
                self.needs_check = True
            for r in term_runs:
                if len(r) == 1:
                    parts.append(f'uni : "{r}"')
                else:
                    parts.append('bi : "' + " ".join(r[i : i + 2] for i in range(len(r) - 1)) + '"')
        self.match = " AND ".join(parts)

    @property
    def empty(self) -> bool:
        return not self.terms

    @property
    def unanswerable(self) -> bool:
        """Only punctuation: the index holds no such token, so confirm every record."""
        return bool(self.terms) and not self.match

    def confirms(self, text: str) -> bool:
        return all(term in text for term in self.terms)
