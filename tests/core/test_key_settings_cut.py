# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A power cut after a key's files were written and before its settings were (更换县级密钥, 更换密钥): the database
named the old key beside the new files. The county's `county_key.id` no longer told its folder of keys apart (a
renamed database was not told where its keys were) and it had forgotten it replaced its key; a township's export was
refused as "密钥文件与本数据库登记的密钥不一致". Now the settings are noted first and the next open settles them."""

from __future__ import annotations

import sys
from contextlib import closing
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py

from bundle_world import COUNTY_PASS, LOW_COST, TOWN_PASS, county_template, world  # noqa: F401

from fazhi_desktop.core import renamed
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.common import keys_dir
from fazhi_desktop.core.bundle.export import export_blocker
from fazhi_desktop.core.store import Store

NEW = "the-county-new-passphrase"


class PowerCut(Exception):
    pass


def cut_before(monkeypatch, setting: str) -> None:
    """The power goes when the key's settings are about to be set (its files written)."""
    original = Store.set_settings

    def set_settings(self, **values):
        if setting in values:
            raise PowerCut
        original(self, **values)

    monkeypatch.setattr(Store, "set_settings", set_settings)


def test_a_county_key_replaced_and_cut_before_its_settings_is_settled_at_the_next_open(world, monkeypatch, ledgers,
                                                                                     clock):
    path, folder = world.county.path, keys_dir(world.county)
    world.county.set_settings(**{"county_key.id": renamed.key_id_of(folder / keymod.COUNTY_PUBLIC)})
    cut_before(monkeypatch, "county_key.id")
    with pytest.raises(PowerCut):
        keymod.init_county_keys(world.county, NEW, replace=True, cost=LOW_COST, old_passphrase=COUNTY_PASS)
    monkeypatch.undo()
    world.county.close()
    new_id = renamed.key_id_of(folder / keymod.COUNTY_PUBLIC)

    with closing(Store.open(path, ledgers, clock=clock)) as county:
        assert county.setting("county_key.id") == new_id
        assert county.setting(keymod.COUNTY_REPLACED)  # a bundle no key opens says the county replaced its key
        assert keymod.unlock_county_keys(county, NEW).public.signing.key_id_hex == new_id
    moved = path.rename(path.with_name("fazhi.db"))  # its keys folder left under the old name: it is told so
    with closing(Store.open(moved, ledgers, clock=clock)) as county:
        assert "请把 county-keys 一并改名为 fazhi-keys" in str(renamed.find(county.path, county.conn))


def test_files_not_written_leave_the_old_county_key_as_it_was(world, monkeypatch, ledgers, clock):
    path, old_id = world.county.path, renamed.key_id_of(keys_dir(world.county) / keymod.COUNTY_PUBLIC)
    monkeypatch.setattr(keymod, "write_files_atomic", lambda *a, **k: (_ for _ in ()).throw(PowerCut()))
    with pytest.raises(PowerCut):
        keymod.init_county_keys(world.county, NEW, replace=True, cost=LOW_COST, old_passphrase=COUNTY_PASS)
    world.county.close()
    with closing(Store.open(path, ledgers, clock=clock)) as county:
        assert county.setting("county_key.id") == old_id and not county.setting(keymod.COUNTY_REPLACED)
        assert keymod.unlock_county_keys(county, COUNTY_PASS)
        assert not county.setting("keys.pending")


def test_a_township_key_replaced_and_cut_before_its_settings_still_exports(store, monkeypatch, ledgers, clock):
    keymod.init_township_key(store, TOWN_PASS, cost=LOW_COST)
    cut_before(monkeypatch, "signing_key.id")
    with pytest.raises(PowerCut):
        keymod.init_township_key(store, TOWN_PASS, replace=True, cost=LOW_COST)
    monkeypatch.undo()
    store.close()
    with closing(Store.open(store.path, ledgers, clock=clock)) as town:
        key = keymod.township_key(town)  # not 密钥文件…与本数据库登记的密钥不一致
        assert key is not None and town.setting("signing_key.id") == key.public.key_id_hex
        assert keymod.unlock_township_key(town, TOWN_PASS).public == key.public
        assert "不一致" not in (export_blocker(town) or "")


def test_a_township_key_replaced_and_cut_between_its_two_files_keeps_the_old_pair(store, monkeypatch, ledgers,
                                                                                clock):
    """更换密钥 wrote the new private key file, then the public one: a full disk (or the power) between left the new
    private key beside the old public key, a pair that signs nothing (私钥…与公钥…不是一对) and the old passphrase
    opening neither. Now both are written together or not at all."""
    from fazhi_desktop.core import atomic
    from fazhi_desktop.core.bundle.common import BundleError

    old = keymod.init_township_key(store, TOWN_PASS, cost=LOW_COST).public
    part = atomic._part

    def full_at_the_public_file(path, private):
        if path.name == keymod.TOWNSHIP_PUBLIC:
            raise OSError(28, "No space left on device")
        return part(path, private)

    monkeypatch.setattr(atomic, "_part", full_at_the_public_file)
    with pytest.raises(BundleError, match="无法写入"):
        keymod.init_township_key(store, "a-new-passphrase", replace=True, cost=LOW_COST)
    monkeypatch.undo()
    assert keymod.unlock_township_key(store, TOWN_PASS).public == old  # the old key signs on, as before
    store.close()
    with closing(Store.open(store.path, ledgers, clock=clock)) as town:
        assert keymod.unlock_township_key(town, TOWN_PASS).public == old
        assert town.setting("signing_key.id") == old.key_id_hex and not town.setting("keys.pending")
        assert "不一致" not in (export_blocker(town) or "")


def test_another_program_opening_while_the_county_key_is_encrypted_does_not_drop_the_note(world, monkeypatch,
                                                                                          ledgers, clock):
    """The note was written before the seconds of scrypt that encrypt the new county key: a `fazhi` command opening
    the database then found the old key's file, dropped the note, and a power cut after the files left the county
    naming its old key again (its folder of keys no longer told apart, its replacement forgotten)."""
    import pyrage

    path = world.county.path
    world.county.set_settings(**{"county_key.id": renamed.key_id_of(keys_dir(world.county) / keymod.COUNTY_PUBLIC)})
    encrypt = pyrage.passphrase.encrypt

    def meanwhile_another_program_opens(data, passphrase):
        Store.open(path, ledgers, clock=clock).close()
        return encrypt(data, passphrase)

    monkeypatch.setattr(pyrage.passphrase, "encrypt", meanwhile_another_program_opens)
    cut_before(monkeypatch, "county_key.id")
    with pytest.raises(PowerCut):
        keymod.init_county_keys(world.county, NEW, replace=True, cost=LOW_COST, old_passphrase=COUNTY_PASS)
    monkeypatch.undo()
    world.county.close()
    with closing(Store.open(path, ledgers, clock=clock)) as county:
        assert county.setting("county_key.id") == renamed.key_id_of(keys_dir(county) / keymod.COUNTY_PUBLIC)
        assert county.setting(keymod.COUNTY_REPLACED)
