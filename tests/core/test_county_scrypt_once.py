# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""`fazhi keys escrow on` and 修改口令 at the county opened the county's keys twice: each opening is age's scrypt
and minisign's (seconds on a county PC), so the technician waited twice as long for the same result."""

from __future__ import annotations

import sys
from pathlib import Path

import pyrage

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py

from bundle_world import COUNTY_PASS, LOW_COST, TOWN_PASS, county_template, world  # noqa: F401
from test_county_escrow import NEW_PASS, county, two_keys  # noqa: F401

from fazhi_desktop.core.bundle import county_escrow, minisign
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.common import keys_dir


def counted(monkeypatch) -> list[str]:
    """The passphrase openings (scrypt) from now on, by kind."""
    runs: list[str] = []
    decrypt, unlock = pyrage.passphrase.decrypt, minisign.unlock_secret_key

    def age_decrypt(*args):
        runs.append("age")
        return decrypt(*args)

    def minisign_unlock(*args):
        runs.append("minisign")
        return unlock(*args)

    monkeypatch.setattr(pyrage.passphrase, "decrypt", age_decrypt)
    monkeypatch.setattr(minisign, "unlock_secret_key", minisign_unlock)
    return runs


def test_turning_the_copy_back_on_opens_the_keys_once_and_writes_the_copy(world, county, monkeypatch):
    escrow = keys_dir(county) / county_escrow.ESCROW
    assert county_escrow.set_kept(county, False) and not escrow.exists()
    runs = counted(monkeypatch)
    assert county_escrow.set_kept(county, True, COUNTY_PASS)
    assert sorted(runs) == ["age", "minisign"] and escrow.exists()
    runs.clear()
    assert not county_escrow.set_kept(county, True, COUNTY_PASS)  # on already: opened once, nothing changed
    assert sorted(runs) == ["age", "minisign"]


def test_changing_the_county_passphrase_opens_the_keys_once(world, county, monkeypatch):
    runs = counted(monkeypatch)
    keymod.change_passphrase(county, COUNTY_PASS, NEW_PASS)
    assert sorted(runs) == ["age", "minisign"]
    keymod.unlock_county_keys(county, NEW_PASS)
