"""Substring search over a ledger's text, correct for 1-character and 2-character Chinese queries.

Trigram indexes cannot answer queries shorter than three characters (most Chinese names are two), so each ledger
has a contentless FTS5 table of overlapping character pairs, as Lucene's CJK analyser does. A run of word
characters "张三丰" is indexed as the tokens `张三 三丰 丰`: every pair, then the run's last character alone.
- n >= 2 characters: the phrase of the n-1 pairs ("张三丰" -> "张三 三丰"), consecutive tokens inside one run;
- 1 character: the prefix query `张*`, since every occurrence of 张 starts a pair or ends a run.
Runs are separated by a sentinel token, so a phrase never spans two fields or a punctuation mark. Brackets belong to
runs (〔2026〕会记字第3号 is one run, 〔 and 【 folded to [ as ［ is): a number's or a 文号's bracket is typed with
it, 〔2 or （2026）宁0522, and a bracket between runs would leave a short run's every record to confirm (〔2 read every
record of 20,000, 0.7 s, as each holds a run starting with 2). A query made only of word characters and brackets is
then answered exactly by the index; one holding other punctuation is narrowed by the index and confirmed on the
record's text.

The index is contentless (no second copy of the text); a row is removed by replaying the tokens it was added with,
which `remove` regenerates from the stored values.
"""

from __future__ import annotations

import json
import operator
import re
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

from fazhi_desktop.core import failures, settings
from fazhi_desktop.core.db import query, search_table, transaction
from fazhi_desktop.core.display import mask_value
from fazhi_desktop.core.forms import FieldDef, LedgerDef
from fazhi_desktop.core.identifiers import read_out_number
from fazhi_desktop.core.ids import sha256_text
from fazhi_desktop.core.names import name_dots

#: a private-use character: never in normalised text, a token character for FTS5's unicode61
SENTINEL = "\ue000"
#: a word character: a letter (CJK included) or a digit, not the underscore
_WORD = re.compile(r"[^\W_]")
#: what a run is made of: word characters and brackets (folded: （〔【［ are ( and [); possessive, as the two classes
#: never overlap: as fast as word characters alone, where `(?:[^\W_]|[()\[\]])+` took twice (on the write path)
_RUN = re.compile(r"(?:[^\W_]++|[()\[\]]++)++")
#: the same runs as one class of characters, once the underscore (a word character, but in no run) is made a space
#: (`_runs_of`): tested once per character, without `_RUN`'s alternation, in 40 % of its time (on the write path)
_RUN_CHARS = re.compile(r"[\w()\[\]]+")
#: the brackets as the index holds them: private-use characters after the sentinel, token characters for unicode61
#: (which splits at ASCII punctuation); normalised text holds none of them (`normalize` folds none to them)
_BRACKET_TOKENS = (("(", "\ue001"), (")", "\ue002"), ("[", "\ue003"), ("]", "\ue004"))


def _fold_table() -> dict[str, str]:
    """Each character another way of typing ASCII, to that ASCII: the full-width forms a Chinese input method types
    (Ｆ１（）：；，, U+FF01–FF5E) and its full-width space U+3000; the square brackets a number is written or typed
    with, 〔〕 and 【】 (an input method's [ ]), as [ ]; the circled, bracketed and Roman-numeral digits
    and letters (① ⑴ ⒈ Ⓐ Ⅻ ㉑, to 1 (1) 1. A XII 21, as NFKC gives them); a Latin letter with tone marks or accents
    (Pinyin's mǎ lǜ, é) to its letter (`_LATIN_MARKED`)."""
    table = {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
    table["\u3000"] = " "
    table.update({"〔": "[", "〕": "]", "【": "[", "】": "]"})  # 文号 brackets, an input method's [ ]
    for low, high in ((0x2160, 0x2180), (0x2460, 0x2500), (0x3251, 0x3260), (0x32B1, 0x32C0)):
        for code in range(low, high):
            if (ascii_form := unicodedata.normalize("NFKC", chr(code))).isascii():
                table[chr(code)] = ascii_form
    for low, high in _LATIN_MARKED:
        for code in range(low, high):
            base, *marks = unicodedata.normalize("NFD", chr(code))
            if base.isascii() and marks and all(unicodedata.category(m) == "Mn" for m in marks):
                table[chr(code)] = base
    return table


#: the Latin letters that may carry marks (Latin-1 Supplement, Extended-A and -B, Extended Additional): a letter
#: with tone marks or accents (mǎ, ü, é) is folded to its letter, as the index's tokenizer (FTS5 unicode61) strips
#: them, so that index and confirmation agree: mǎ finds what ma finds, and the record's text shows why
_LATIN_MARKED = ((0x00C0, 0x0250), (0x1E00, 0x1F00))


_FOLD = _fold_table()
_FOLDABLE = re.compile(f"[{''.join(_FOLD)}]")  # no ASCII, so nothing to escape


def normalize(text: str) -> str:
    """Text as index, query and confirmation all see it: `_FOLD`'s characters to ASCII, then case folded.

    Character by character, so a record's fields folded one by one or joined are the same text, and a record holding
    ３ folds its ① as one without does: （扩大） is (扩大), ①号 is 1号, on whichever side either was typed. This is on
    the write path: a replace per distinct character found (a text of Chinese punctuation holds a few) costs half of
    `str.translate`'s lookup per character; a replacement is ASCII, never folded again, so their order is free.
    Then a dot typed between two Chinese characters is the name's 间隔号 (`names.name_dots`): 阿依古丽•买买提 and
    阿依古丽．买买提 find 阿依古丽·买买提 and are found by it (a dot is no word character: the index is as before)."""
    for char in set(_FOLDABLE.findall(text)):
        text = text.replace(char, _FOLD[char])
    return name_dots(text).casefold().replace(SENTINEL, " ")


def runs(text: str) -> list[str]:
    """Maximal runs of word characters (letters, including CJK, and digits) and brackets, folded."""
    return _runs_of(normalize(text))


def _runs_of(folded: str) -> list[str]:
    """`_RUN.findall(folded)`, by `_RUN_CHARS`."""
    return _RUN_CHARS.findall(folded.replace("_", " "))


def _as_indexed(text: str) -> str:
    """Runs' text with its brackets as the index holds them (`_BRACKET_TOKENS`)."""
    for bracket, token in _BRACKET_TOKENS:
        text = text.replace(bracket, token)
    return text


def record_texts(ledger: LedgerDef, values: dict[str, Any]) -> list[str]:
    """The strings of a record that search looks at: its number, remarks and text-like fields, groups included.
    Masked values (ID and phone numbers, a party's birth date, a complainant's name) as the screen shows them: a
    search for digits the mask hides would otherwise tell them, one guess at a time, without a reveal. On the write
    path: one list, no per-field lists (`field_texts` gives them by field)."""
    texts = [values.get("number") or "", values.get("remarks") or ""]
    for f, masked in ledger.searched_fields:
        value = values.get(f.name)
        if type(value) is str and value and not masked and not f.is_json:  # most: a title, a name, a date, a choice
            texts.append(value)
        elif value:
            texts.extend(_field_strings(f, masked, value))
    return texts


def field_texts(ledger: LedgerDef, values: dict[str, Any]) -> Iterable[tuple[str, list[str]]]:
    """`record_texts` by field: each field's name (number and remarks too) with its strings; a form field without a
    value is left out."""
    yield "number", [values.get("number") or ""]
    yield "remarks", [values.get("remarks") or ""]
    for f, masked in ledger.searched_fields:
        value = values.get(f.name)
        if value:
            yield f.name, list(_field_strings(f, masked, value))


def _field_strings(f: FieldDef, masked: bool, value: Any) -> Iterable[str]:
    """The strings search looks at of one field's value (not empty), masked as the screen shows it if `masked`."""
    if isinstance(value, str) and f.is_json:
        value = json.loads(value)
    if f.type == "attachments":  # each file's name (马龘宅基地现场照片.jpg), never its sha256 or size
        return [item["name"] for item in value if isinstance(item, dict) and isinstance(item.get("name"), str)]
    if masked and f.type == "group" and isinstance(value, list):
        return _masked_rows(f, value)
    if masked:
        value = mask_value(f, value)
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return _strings(value)


def record_text(ledger: LedgerDef, values: dict[str, Any]) -> str:
    return "\n".join(normalize(t) for t in record_texts(ledger, values))


def found_in(ledger: LedgerDef, values: dict[str, Any], query: Query) -> list[str]:
    """The labels of the fields in which `query` finds a record's text (出席人员, 请假/缺席人员…), by the
    confirmation `Query.confirms` makes on the whole text: none when it does not find the record. A spelling never
    holds a line break, so it is in the joined text exactly when it is in one field's. Each field is masked and
    folded once: the fields' strings joined are `record_text`."""
    folded = [(name, [normalize(t) for t in texts]) for name, texts in field_texts(ledger, values)]
    if not query.confirms("\n".join(t for _, texts in folded for t in texts)):
        return []
    return [ledger.column_label(name) for name, texts in folded if query.holds_any("\n".join(texts))]


def _masked_rows(f: FieldDef, rows: list[Any]) -> Iterable[str]:
    """The strings of a group's rows, sub-fields in the form's order, those masked on screen as shown (what
    `mask_value` gives for the group, without building its rows: this is on a bundle import's write path)."""
    for row in rows:
        if isinstance(row, dict):
            for sub in f.fields:
                value = row.get(sub.name)
                if value:
                    yield from _strings(mask_value(sub, value) if sub.is_sensitive else value)


def _strings(value: Any) -> list[str]:
    """Every string in `value`, depth first in order (a meeting's 议题 rows: each row's texts in turn)."""
    found: list[str] = []
    _gather(value, found)
    return found


def _gather(value: Any, found: list[str]) -> None:
    if isinstance(value, str):
        found.append(value)
    elif isinstance(value, (dict, list)):
        for v in value.values() if isinstance(value, dict) else value:
            if isinstance(v, str):  # most are: no call for them (on the write path)
                found.append(v)
            elif isinstance(v, (dict, list)):
                _gather(v, found)


#: in the pair text, the two pairs that straddle a boundary between runs ("丰\n", "\n李") and what follows them
_STRADDLE = re.compile("\n \n.", re.DOTALL)
_PAIR_SLOTS = "\0\0 ".encode("utf-32-le")


def tokens(texts: Iterable[str]) -> str:
    """The indexed token text of a record: for the runs 张三丰 and 李四, `张三 三丰 丰 <sentinel> 李四 四`.

    This is on the write path (a third of a bundle import's indexing time went here), so no Python code runs per
    character. The runs are joined by newlines; every character and its successor are laid side by side, a space
    after each pair, by filling every third 4-byte slot of a UTF-32 buffer; then each boundary's two straddling
    pairs and the next character become the sentinel. Only whitespace may differ from `tokens_simple`, which FTS5
    ignores (a test holds the two to the same tokens).
    """
    joined = _as_indexed("\n".join(_runs_of(normalize("\n".join(texts)))))
    n = len(joined)
    if n == 0:
        return ""
    chars = memoryview(joined.encode("utf-32-le")).cast("I")
    buffer = bytearray(_PAIR_SLOTS * n)  # n slots of [first, second, space]
    slots = memoryview(buffer).cast("I")
    slots[0 : 3 * (n - 1) : 3] = chars[:-1]
    slots[1 : 3 * (n - 1) : 3] = chars[1:]
    slots[3 * (n - 1)] = chars[-1]  # the last run ends with its last character alone
    with slots, chars:
        pairs = buffer[: 4 * (3 * n - 2)].decode("utf-32-le")
    return _STRADDLE.sub(f" {SENTINEL}", pairs)


def tokens_simple(texts: Iterable[str]) -> str:
    """What `tokens` computes, written plainly: each run's pairs, then its last character; runs between sentinels."""
    all_runs = [_as_indexed(r) for r in _RUN.findall(normalize("\n".join(texts)))]
    return f" {SENTINEL} ".join(" ".join(map(operator.add, r, r[1:])) + " " + r[-1] for r in all_runs)


def insert_statement(ledger: LedgerDef, rid: int, values: dict[str, Any]) -> tuple[str, list[Any]]:
    """The SQL and parameters that index a record (the store batches these in bulk writes)."""
    return (f'INSERT INTO "{search_table(ledger.name)}"(rowid, grams) VALUES (?, ?)',
            [rid, tokens(record_texts(ledger, values))])


def add(conn: sqlite3.Connection, ledger: LedgerDef, rid: int, values: dict[str, Any]) -> None:
    conn.execute(*insert_statement(ledger, rid, values))


def remove(conn: sqlite3.Connection, ledger: LedgerDef, rid: int, old_values: dict[str, Any]) -> None:
    """Remove a row from the contentless index: FTS5's 'delete' command with exactly the tokens it was given."""
    table = search_table(ledger.name)
    conn.execute(f'INSERT INTO "{table}"("{table}", rowid, grams) VALUES (\'delete\', ?, ?)',
                    [rid, tokens(record_texts(ledger, old_values))])


def bring_up_to_date(conn: sqlite3.Connection, ledgers: dict[str, LedgerDef],
                     progress: Callable[[int, int], None] | None = None) -> list[str]:
    """Rebuild the index of each ledger whose indexed text has changed since it was built (this module's rules or
    what the form masks); returns their names. On an ordinary start nothing is written.

    A rebuild happens once, at the first open after an upgrade, and holds the write lock for its whole run (about
    25 s at 100,000 records on a 2-core PC): `progress(done, total)` is told as records are indexed (the window's
    opening line says so), and a program that opens the database meanwhile is told that it is being updated
    (`DatabaseUpdating`) instead of that another program holds it."""
    if not _stale(conn, ledgers):
        return []
    try:
        with transaction(conn, "更新搜索索引"):
            stale = _stale(conn, ledgers)  # read again under the lock: the program that held it may have rebuilt
            total = sum(conn.execute(f'SELECT count(*) FROM "{name}" WHERE deleted = 0').fetchone()[0]
                        for name in stale)
            done = 0
            for name, mark in stale.items():
                step = None if progress is None else (lambda count, before=done: progress(before + count, total))
                done += rebuild(conn, ledgers[name], step)
                settings.write(conn, **{f"{INDEX_SETTING}{name}": mark})
    except failures.DatabaseLocked:  # the write lock is taken first: nothing was rebuilt here
        raise failures.updating(failures.database_path(conn)) from None
    return list(stale)


def _stale(conn: sqlite3.Connection, ledgers: dict[str, LedgerDef]) -> dict[str, str]:
    """The ledgers whose index was built from other rules or fields than now, with the mark of what they will be."""
    held = settings.under(conn, INDEX_SETTING)
    return {name: mark for name, ledger in ledgers.items() if held.get(name) != (mark := _index_mark(ledger))}


INDEX_SETTING = "search_index."  # + ledger name: the `_index_mark` its index was built from

#: raise when `tokens` or `record_texts` index other text for the same record
#: 2: masked values as shown; 3: one character folding (① as 1 whether or not ３ is near); 4: attachments' file
#: names, Latin letters' tone marks folded (mǎ as ma); 5: brackets in runs, 〔〕【】 as []
INDEX_RULES = 5


def _index_mark(ledger: LedgerDef) -> str:
    """What a ledger's index was built from: the rules, and each searched field (its sub-fields too) with its type
    and whether it is masked; a hash, as a setting's value."""
    fields = ",".join(f"{f.name}:{f.type}{'*' if f.is_sensitive else ''}"
                      + "".join(f".{sub.name}:{sub.type}{'*' if sub.is_sensitive else ''}" for sub in f.fields)
                      for f, _ in ledger.searched_fields)
    return f"{INDEX_RULES}:{sha256_text(fields)[:16]}"


def rebuild(conn: sqlite3.Connection, ledger: LedgerDef, progress: Callable[[int], None] | None = None) -> int:
    """Empty and refill a ledger's index from the live records (inside the caller's transaction); `progress` is
    told the count so far every PROGRESS_STEP records."""
    table = search_table(ledger.name)
    conn.execute(f'INSERT INTO "{table}"("{table}") VALUES (\'delete-all\')')
    count = 0
    columns = ", ".join(f'"{c}"' for c in ("rid", "number", "remarks", *(f.name for f, _ in ledger.searched_fields)))
    for row in query(conn, f'SELECT {columns} FROM "{ledger.name}" WHERE deleted = 0'):
        add(conn, ledger, row["rid"], row)
        count += 1
        if progress is not None and count % PROGRESS_STEP == 0:
            progress(count)
    if progress is not None and count % PROGRESS_STEP:  # the last few, unless just said
        progress(count)
    return count


#: how often a rebuild reports its progress: 50 times at 100,000 records, each a repaint of one line
PROGRESS_STEP = 2000


class Query:
    """A parsed search: the FTS5 match expression and whether matches must be confirmed on the text.

    Each whitespace-separated term must be found, any of its spellings sufficing: as typed; a term that reads as a
    date (2026年3月5日, 2026-3-5) also as the lists show dates (2026-03-05), a month without its year (3月, 三月)
    as a month of `year` (the list's) or of any year, a year (2026年) as 2026-; a whole ID or phone number (digit groups
    typed apart, 139 5123 4567, are one term unless `joined` is false: see `readings`) also as stored and as masked
    (139****4567), the parts the screen shows and the index holds, never the digits the mask hides."""

    def __init__(self, text: str, joined: bool = True, year: int | None = None):
        from fazhi_desktop.core.dates import parse_search_date

        self.terms: list[tuple[str, ...]] = []
        for term in _terms(text, joined):
            spellings = [term, parse_search_date(term, year), *map(normalize, read_out_number(term) or ())]
            self.terms.append(tuple(dict.fromkeys(s for s in spellings if s)))
        self.needs_check = any(runs(spelling) != [spelling] for spellings in self.terms for spelling in spellings)
        parts = []
        for spellings in self.terms:
            phrases = [phrase for spelling in spellings if (phrase := _phrase(spelling))]
            # a term of punctuation only (、, -) narrows nothing: it is looked for, on the records the other terms
            # narrow to, when they are confirmed
            if len(phrases) == len(spellings) and phrases:
                parts.append(phrases[0] if len(phrases) == 1 else f"({' OR '.join(phrases)})")
        self.match = " AND ".join(parts)
        #: no letter, digit or Chinese character in any term (〔, （, 、, -, 😀): nothing to look for, so the search
        #: finds nothing (`has_words`), instead of reading every record of the ledger to confirm it
        self.wordless = not has_words(text)

    def confirms(self, text: str) -> bool:
        return all(any(spelling in text for spelling in spellings) for spellings in self.terms)

    def holds_any(self, text: str) -> bool:
        """Whether `text` holds a spelling of any of the terms (where in a record `confirms` found them)."""
        return any(spelling in text for spellings in self.terms for spelling in spellings)


def readings(text: str, year: int | None = None) -> list[Query]:
    """The searches for `text`, of which a record found by either is found: digit groups that together make a whole
    ID or phone number read as that number, and, when there are such, also read apart. `139 5678 2026` may be a
    phone number (13956782026) or a number's visible parts and a year (139****5678's, in 2026), and
    `0955 2345 2026` a landline or 0955-****2345 and a year: the shapes cannot be told apart. `year`: the list's
    year, of which a month typed without one (3月, 三月) is read."""
    joined = Query(text, year=year)
    if _terms(text) == _terms(text, False):  # no digit groups read as one number: one reading (each keystroke)
        return [joined]
    return [joined, Query(text, joined=False, year=year)]


#: a group of digits as a phone or ID number is written apart (139 5123 4567, (0955) 1234567, 640522 1985…)
_DIGIT_GROUP = re.compile(r"[0-9()+-]+x?")
#: the most groups one number is read out in (640 522 1985 0108 1234)
_MOST_GROUPS = 6


def _terms(text: str, joined: bool = True) -> list[str]:
    """The search's terms: the whitespace-separated words, folded, but (if `joined`) consecutive digit groups that
    together are a whole ID or phone number one term (`139 5123 4567`; `139 4567`, a number's visible parts, stays
    two)."""
    words = normalize(text).split()
    if not joined:
        return words
    terms: list[str] = []
    i = 0
    while i < len(words):
        end = next((j for j in range(min(len(words), i + _MOST_GROUPS), i + 1, -1)
                    if all(map(_DIGIT_GROUP.fullmatch, words[i:j])) and read_out_number(" ".join(words[i:j]))),
                   i + 1)
        terms.append(" ".join(words[i:end]))
        i = end
    return terms


def has_words(text: str) -> bool:
    """Whether a search holds a letter, a digit or a Chinese character: one of punctuation only (brackets too)
    searches nothing."""
    return bool(_WORD.search(normalize(text)))


_LATIN = re.compile(r"[a-z\s]+")


def is_latin(text: str) -> bool:
    """Whether a search is of Latin letters only (mawen, mw: Pinyin typed with the input method in English)."""
    return bool(_LATIN.fullmatch(normalize(text))) and bool(text.strip())


def _phrase(spelling: str) -> str:
    """The FTS5 phrase that every text holding `spelling` matches (see `tokens`); "" for one without a run. One run
    of one character: a prefix (it starts a pair or ends a run). Several runs (2026-03-05): one phrase across the
    sentinels between them, where every run but the first starts a run of the text and every run but the last ends
    one (so it ends with its last character alone), which narrows a date to the records holding it instead of
    every record with a 2026, an 03 and a 05 somewhere (each then read to confirm). Punctuation before the first run
    makes it start a run of the text (after a sentinel, or first of all); after the last, end one: 马、 narrows to
    the records where a run ends with 马, not to every 马 (three records in four in Haiyuan)."""
    term_runs = runs(spelling)
    if not term_runs:
        return ""
    folded = normalize(spelling)
    starts, ends = _RUN.match(folded) is None, _RUN.match(folded[-1]) is None
    words: list[str] = []
    for i, run in enumerate(term_runs):
        if i:
            words.append(SENTINEL)
        words += map(operator.add, run, run[1:])
        if i < len(term_runs) - 1 or len(run) == 1 or ends:
            words.append(run[-1])
    prefix = " *" if len(term_runs[-1]) == 1 and not ends else ""
    phrase = _as_indexed(" ".join(words))
    if starts:  # the first run of the record's text, or one after a sentinel
        return f'(^"{phrase}"{prefix} OR "{SENTINEL} {phrase}"{prefix})'
    return f'"{phrase}"{prefix}'
