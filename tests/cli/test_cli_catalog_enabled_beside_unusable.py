"""`fazhi catalog use 县目录2024.toml` while the catalog enabled earlier for the years before (a county
file without from_year) was since moved away, and the database keeps no copy of it (enabled by a
program before copies were kept, migration 038, the file already gone at the upgrade): the 2024
catalog was enabled, yet the command ended in the old file's error with exit status 1 and never said
已启用, so the 管理员 took it as refused. It now says 已启用, lists the years before as 无法使用 with why, and
what to do."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/catalog_notices.py

from catalog_notices import NOTICE_2024, notice_2024

from fazhi_desktop.cli import main
from fazhi_desktop.core.indicators import default_catalog_path
from fazhi_desktop.core.indicators.catalog_copies import TABLE


def forget_copies(path) -> None:
    """The database as an older program left it: the enabled catalog named by path and digest, no copy of its text."""
    import sqlite3

    with sqlite3.connect(path) as conn:
        conn.execute(f"DELETE FROM {TABLE}")


def test_enabling_a_dated_catalog_beside_an_unusable_one_says_it_was_enabled(db, capsys, tmp_path):
    first = tmp_path / "县目录.toml"
    first.write_text(default_catalog_path().read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["catalog", "use", str(first)]) == 0
    first.unlink()  # the folder it was kept in was tidied away
    forget_copies(db)
    capsys.readouterr()
    assert main(["catalog", "use", str(notice_2024(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "已启用；" in out
    assert "  2023 年及以前：无法使用：指标目录 " in out and "县目录.toml" in out
    assert "注意：标“无法使用”的年度在改正前不能计算指标" in out
    assert main(["indicators", "--year", "2024"]) == 0
    assert NOTICE_2024 in capsys.readouterr().out.splitlines()[0]
