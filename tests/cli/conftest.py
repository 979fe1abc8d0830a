"""What the command-line tests share: a township database set up as a clerk sets it up, found through FAZHI_DB."""

from __future__ import annotations

import pytest

from fazhi_desktop.cli import main


@pytest.fixture
def db(tmp_path, monkeypatch):
    """海城镇 (640522100), operator 马文, no accounts: `fazhi` commands without --db use it."""
    path = tmp_path / "office.db"
    monkeypatch.setenv("FAZHI_DB", str(path))
    assert main(["init", "--township", "640522100", "--operator", "马文"]) == 0
    return path


@pytest.fixture
def demo_db(db):
    """`db` with the demonstration roster and accounts (admin, 杨芳 所长, 马丽 录入员; password demo2026)."""
    assert main(["demo", "--per-ledger", "0"]) == 0
    return db
