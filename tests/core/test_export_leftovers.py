# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A bundle export killed mid-way (the task manager, a power cut) leaves the office's records in clear only until
the database is opened again, and a running export's work is never taken from under it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from bundle_world import TOWN_PASS, county_template, world  # noqa: F401

from fazhi_desktop.core import leftovers
from fazhi_desktop.core.store import Store

ID_NUMBER = "11010519491231002X"
PHONE = "13912345678"
REPO = Path(__file__).resolve().parents[2]

KILLED_EXPORT = """
import os, sys
from fazhi_desktop.core.bundle import keys
from fazhi_desktop.core.bundle.export import export_bundle
from fazhi_desktop.core.store import Store

store = Store.open(sys.argv[1])
signer = keys.unlock_township_key(store, sys.argv[3])

def progress(done, total, text):
    if text == "正在加密写入……":
        os.kill(os.getpid(), 9)  # killed by the task manager while encrypting onto the stick

export_bundle(store, sys.argv[2], signer, full=True, progress=progress)
"""


def files_holding(folder: Path, text: str) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and text.encode() in p.read_bytes()]


@pytest.fixture
def town_with_a_party(world, valid_record):
    town = world.town()
    party = {"role": "申请人", "party_type": "自然人", "name": "马某", "id_number": ID_NUMBER, "phone": PHONE}
    town.store.save("mediation_case", valid_record("mediation_case", parties=[party]), "杨芳")
    town.store.close()
    return town


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")
def test_a_killed_export_leaves_nothing_readable_once_the_database_is_opened_again(town_with_a_party, tmp_path):
    db = town_with_a_party.store.path
    temp = tmp_path / "system-temp"
    temp.mkdir()
    env = {**os.environ, "PYTHONPATH": str(REPO), "TMPDIR": str(temp)}
    run = subprocess.run([sys.executable, "-c", KILLED_EXPORT, str(db), str(town_with_a_party.usb), TOWN_PASS],
                         env=env, capture_output=True, timeout=120)
    assert run.returncode == -signal.SIGKILL, run.stderr.decode()
    [work] = db.parent.glob(".fazhi-export-*")  # beside the database, where opening it looks
    assert files_holding(work, ID_NUMBER) and not files_holding(temp, ID_NUMBER)
    assert not files_holding(town_with_a_party.usb, ID_NUMBER)  # on the stick only the unfinished encrypted part

    Store.open(db).close()

    assert not work.exists()
    in_clear = [p for p in files_holding(db.parent, ID_NUMBER) if not p.name.startswith(db.name)]  # the database
    assert in_clear == []


def test_an_export_running_now_keeps_its_work_folder_when_the_database_is_opened_beside_it(world, valid_record):
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    seen = []

    def progress(done, total, text):
        if text == "正在加密写入……" and not seen:
            [work] = town.store.path.parent.glob(".fazhi-export-*")
            Store.open(town.store.path).close()  # the window opened beside a `fazhi export` running now
            assert leftovers.remove_leftovers(town.store.path.parent, age=0) == []
            seen.append(work.exists())

    result = world.export(town, progress=progress)
    assert seen == [True] and result.path.exists()
    assert list(town.store.path.parent.glob(".fazhi-export-*")) == []  # and gone once it is finished
