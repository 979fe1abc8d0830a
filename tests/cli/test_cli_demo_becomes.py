"""`fazhi demo` on a new, empty office database makes it a demonstration database for good: its bundles and
enrolment file are marked demo data, which a real county refuses. It filled the database and said nothing of it, so an
office that tried the demo in the database it had just set up (its key perhaps enrolled already) learnt it only
from the county's refusal of its first real bundle."""

from __future__ import annotations

from fazhi_desktop.cli import main

BECAME = "这个数据库从此是演示数据库"


def test_demo_on_a_new_office_database_says_it_is_a_demo_database_now(db, capsys):
    assert main(["demo", "--per-ledger", "1"]) == 0
    err = capsys.readouterr().err
    assert BECAME in err and "正式的县级数据库不接收" in err and "另建数据库" in err


def test_demo_filled_again_says_it_no_more(db, capsys, monkeypatch):
    assert main(["demo", "--per-ledger", "1"]) == 0
    capsys.readouterr()
    monkeypatch.setenv("FAZHI_USER", "杨芳")
    monkeypatch.setenv("FAZHI_PASSWORD", "demo2026")
    assert main(["demo", "--per-ledger", "1", "--year", "2025"]) == 0
    assert BECAME not in capsys.readouterr().err
