"""A backup opened by hand as its fazhi-backup.txt says (a county technician on a Linux PC whose umask is the usual
022): the backup identity it writes opens every backup (at the county, also the county's private keys, through
county-recovery.age) and the ZIP it writes holds every record. Before, both were left readable by every account on
the PC; the steps now start with `umask 077` and end by deleting them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile

import pyrage
import pytest

from fazhi_desktop.core.backup import create_backup
from fazhi_desktop.core.backup.sealing import README, load_key

pytestmark = pytest.mark.skipif(os.name != "posix" or shutil.which("age") is None, reason="age and POSIX modes")


def steps(text: str) -> dict[int, str]:
    """The numbered steps of 手工打开（技术人员）, by number."""
    return {int(n): line.strip() for n, line in re.findall(r"^ {2}(\d)\. (.+)$", text, re.MULTILINE)}


def test_the_backups_own_steps_by_hand_leave_nothing_readable_to_others(store, tmp_path):
    backup = create_backup(store.path, tmp_path / "usb").path
    work = tmp_path / "by-hand"
    work.mkdir()
    with zipfile.ZipFile(backup) as outer:
        outer.extractall(work)  # step 1
    said = steps((work / README).read_text(encoding="utf-8"))
    commands = [said[n] for n in sorted(said) if said[n].startswith(("umask", "age "))]
    assert commands[-2:] == ["age -d -o 备份密钥.txt key.age", "age -d -i 备份密钥.txt -o 备份.zip backup.zip.age"]
    # step 2 asks the recovery code on the terminal: the identity written here as age writes it, under the umask
    identity = pyrage.passphrase.decrypt((work / "key.age").read_bytes(), load_key(store.path).code)
    script = "\n".join([*commands[:-2], 'printf "%s" "$IDENTITY" > 备份密钥.txt', commands[-1]])
    subprocess.run(["sh", "-c", "umask 022\n" + script], cwd=work, check=True,
                   env={**os.environ, "IDENTITY": identity.decode()})
    for name in ("备份密钥.txt", "备份.zip"):
        assert (work / name).stat().st_mode & 0o077 == 0, f"{name} readable by other accounts"
    assert "用完删除 备份密钥.txt、备份.zip" in said[max(said)]
