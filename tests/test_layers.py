"""The architecture (../shared/design/ARCHITECTURE.md), kept by a test and not only by discipline:

- the ledgers' rows, their change log and numbering are written only by the one write path (core/store.py) and what
  it delegates to inside its transaction (the search index, core/search.py);
- the GUI (fazhi_desktop/qt/) runs no SQL of its own: it goes through core;
- core writes files only through core/atomic.py (a file is whole or as it was), except the few listed below, each
  with its reason.

Each check reads the source (its syntax tree: comments and docstrings are not code) and names the file and line of
anything that breaks the rule; a module added to a list here needs its reason written beside it."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import fazhi_desktop
from fazhi_desktop.core.forms import load_forms
from fazhi_desktop.core.search import search_table

PACKAGE = Path(fazhi_desktop.__file__).parent

#: the files that may write a ledger table (paths under fazhi_desktop/), and why
LEDGER_WRITERS = {
    "core/store.py": "the one write path",
    "core/search.py": "the ledgers' search index, kept up by Store inside its own transaction",
}
#: the tables that are the ledgers' data: each form's table and its search index, the change log, the numbering
LEDGER_TABLES = {*(name for name in load_forms()), *(search_table(name) for name in load_forms()),
                 "changes", "numbering", "former_numbers"}
#: tables named by a variable (an f-string) outside LEDGER_WRITERS, which are not ledger tables, and why
NAMED_BY_VARIABLE = {
    ("core/reveal_chain.py", "chain.table"): "a hash-chained log (reveals, year log, roster log), not a ledger",
    ("core/reveal_chain.py", "chain.head_table"): "the head of such a log",
    ("core/db.py", "fts"): "a search index's FTS5 setting (automerge) as db.py makes the index: no row",
    ("core/indicators/catalog_copies.py", "TABLE"): "enabled catalogs' texts (catalog_texts), not a ledger",
}
#: the files of core that write a file other than through core/atomic.py, and why
FILE_WRITERS = {
    "core/atomic.py": "the atomic write itself",
    "core/bundle/export.py": "the bundle's tar, in a private work folder; encrypted onto the stick via atomic",
    "core/bundle/unpack.py": "a received bundle's files, unpacked into a private work folder and removed after",
    "core/backup/restoring.py": "a backup's files, unpacked into the restore's private staging folder before checks",
    "core/backup/sealing.py": "a backup decrypted into a private work folder beside the database, removed after",
}

_SQL_WRITE = re.compile(r"\b(?:INSERT(?:\s+OR\s+[A-Z]+)?\s+INTO|REPLACE\s+INTO|DELETE\s+FROM|UPDATE)\s+"
                        r"[\"']?(\{[^}]+\}|[\w.]+)[\"']?(\s+SET\b)?")


def _modules(under: str = "") -> Iterator[tuple[str, ast.Module]]:
    for path in sorted((PACKAGE / under).rglob("*.py")):
        yield path.relative_to(PACKAGE).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def _sql_writes(tree: ast.Module) -> Iterator[tuple[int, str]]:
    """(line, table) of each SQL write in the module's strings and f-strings (placeholders kept as `{name}`)."""
    inner = {id(value) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for value in node.values}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in inner:
            text = node.value
        elif isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "{" + ast.unparse(v.value) + "}"
                           for v in node.values)
        else:
            continue
        for found in _SQL_WRITE.finditer(text):
            if found.group(0).startswith("UPDATE") and not found.group(2):
                continue  # "UPDATE" without SET is no statement
            yield node.lineno, found.group(1)


def ledger_writes_outside_the_write_path() -> list[str]:
    wrong = []
    for name, tree in _modules():
        if name in LEDGER_WRITERS:
            continue
        for line, table in _sql_writes(tree):
            if table.startswith("{"):
                if (name, table.strip("{}")) not in NAMED_BY_VARIABLE:
                    wrong.append(f"{name}:{line} writes a table named by {table} (a ledger?)")
            elif table.strip('"') in LEDGER_TABLES:
                wrong.append(f"{name}:{line} writes the ledger table {table}")
    return wrong


def sql_in_the_gui() -> list[str]:
    return [f"{name}:{node.lineno} runs SQL ({node.func.attr})" for name, tree in _modules("qt")
            for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("execute", "executemany", "executescript")]


def _mode(call: ast.Call, position: int) -> str:
    """The mode a call of an open function gives, as a literal ("" when none or not a literal)."""
    given = [k.value for k in call.keywords if k.arg == "mode"] or call.args[position:position + 1]
    return given[0].value if given and isinstance(given[0], ast.Constant) and isinstance(given[0].value, str) else ""


def _writes_a_file(call: ast.Call) -> bool:
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr in ("write_text", "write_bytes"):
        return True
    if isinstance(func, ast.Name) and func.id == "open":
        return _mode(call, 1).startswith(("w", "a", "x"))
    if isinstance(func, ast.Attribute) and func.attr == "fdopen":
        return _mode(call, 1).startswith(("w", "a", "x"))
    if isinstance(func, ast.Attribute) and func.attr == "open":  # Path.open(mode); zipfile's open(name, mode) is a
        return _mode(call, 0).startswith(("w", "a", "x"))  # member of an archive, written where the archive is
    return False


def file_writes_outside_atomic() -> list[str]:
    return [f"{name}:{node.lineno} writes a file ({ast.unparse(node.func)})" for name, tree in _modules("core")
            if name not in FILE_WRITERS for node in ast.walk(tree)
            if isinstance(node, ast.Call) and _writes_a_file(node)]


def test_only_the_write_path_writes_the_ledgers():
    assert ledger_writes_outside_the_write_path() == []


def test_the_gui_runs_no_sql():
    assert sql_in_the_gui() == []


def test_core_writes_files_only_through_atomic():
    assert file_writes_outside_atomic() == []


def test_every_allowance_is_still_needed():
    """A file listed as allowed that no longer does what it was allowed for is taken off the list."""
    files = dict(_modules())
    for name in LEDGER_WRITERS:
        assert any(t.strip('"{}') in LEDGER_TABLES or t.startswith("{") for _, t in _sql_writes(files[name])), name
    for name, variable in NAMED_BY_VARIABLE:
        assert ("{" + variable + "}") in {t for _, t in _sql_writes(files[name])}, (name, variable)
    for name in FILE_WRITERS:
        assert any(isinstance(n, ast.Call) and _writes_a_file(n) for n in ast.walk(files[name])), name


def test_each_check_finds_a_violation(tmp_path, monkeypatch):
    """Each check fails when the rule is broken: a module written as a careless change would write it."""
    fake = tmp_path / "fazhi_desktop"
    for where, text in {
        "core/report.py": 'conn.execute("UPDATE meeting SET title = ? WHERE rid = ?", [t, rid])\n'
                          'conn.execute(f"DELETE FROM {ledger.name} WHERE rid = ?", [rid])\n',
        "core/notes.py": 'Path("x.txt").write_text("y")\nwith open(path, "w") as out: pass\n',
        "qt/window.py": 'store.conn.execute("SELECT 1")\n',
    }.items():
        (fake / where).parent.mkdir(parents=True, exist_ok=True)
        (fake / where).write_text(text, encoding="utf-8")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", fake)
    assert ledger_writes_outside_the_write_path() == ["core/report.py:1 writes the ledger table meeting",
                                                      "core/report.py:2 writes a table named by {ledger.name} "
                                                      "(a ledger?)"]
    assert sql_in_the_gui() == ["qt/window.py:1 runs SQL (execute)"]
    assert file_writes_outside_atomic() == ['core/notes.py:1 writes a file (Path(\'x.txt\').write_text)',
                                            "core/notes.py:2 writes a file (open)"]
