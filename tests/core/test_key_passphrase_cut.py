"""修改口令 cut by a power cut: the township's key file was replaced in two renames (the old file moved aside, then
the new one in), so a cut between them left no `township.key` at all, and the next open removed both unfinished
files (the old key aside and the new one) as leftovers: the office's key was gone, 更换密钥 and enrolling again the
only way on. Now the one file is renamed over the old in one step: a cut leaves the key under the old passphrase or
the new one."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from bundle_world import LOW_COST, TOWN_PASS

from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.common import BundleError, keys_dir
from fazhi_desktop.core.leftovers import remove_parts
from fazhi_desktop.core.store import Store

NEW_PASS = "only-the-new-head-knows"
KILLED = textwrap.dedent("""
    import os, sys
    from fazhi_desktop.core import atomic
    from fazhi_desktop.core.bundle import keys as keymod
    from fazhi_desktop.core.store import Store

    renamed, real = [0], atomic.rename

    def rename(source, target):
        if renamed[0] == int(sys.argv[2]):
            os._exit(9)  # the power goes: nothing after runs, no clean-up
        renamed[0] += 1
        real(source, target)

    atomic.rename = rename
    keymod.change_passphrase(Store.open(sys.argv[1]), sys.argv[3], sys.argv[4])
""")


@pytest.mark.parametrize("cut_at", [0, 1])
def test_a_cut_passphrase_change_leaves_the_key_under_one_passphrase_or_the_other(store, tmp_path, cut_at):
    keymod.init_township_key(store, TOWN_PASS, cost=LOW_COST)
    public = keymod.township_key(store).public
    store.close()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    subprocess.run([sys.executable, "-c", KILLED, str(store.path), str(cut_at), TOWN_PASS, NEW_PASS], env=env,
                   check=False, timeout=120)
    remove_parts(keys_dir(store), lambda _name: True, time.time() + 3600)  # the next open, a while later
    again = Store.open(store.path)
    try:
        opened = []
        for passphrase in (TOWN_PASS, NEW_PASS):
            with contextlib.suppress(BundleError):
                opened.append(keymod.unlock_township_key(again, passphrase).public)
        assert opened == [public]
    finally:
        again.close()
