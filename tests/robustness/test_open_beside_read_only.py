"""Opening tidies beside the database (unfinished writes, scans no record lists): where that cannot be written — its
`-files/` folder or its backup folder on a write-protected medium — the open goes on and leaves them."""

from __future__ import annotations

import os
import subprocess
import time

from small_disk import mounted

from fazhi_desktop.core.backup.config import BackupSettings, save_settings
from fazhi_desktop.core.store import Store


def test_a_write_protected_files_folder_and_backup_folder_do_not_stop_the_open(store, tmp_path):
    files = store.path.with_name(store.path.stem + "-files")
    usb = tmp_path / "usb"
    save_settings(store.path, BackupSettings(folder=str(usb)))
    store.close()
    then = time.time() - 3 * 24 * 3600
    with mounted(files, "1m"), mounted(usb, "1m"):
        unlisted = files / "ab" / ("ab" + "3" * 62)
        unlisted.parent.mkdir()
        unlisted.write_bytes(b"a scan never saved")
        for part in (files / "ab" / f".{unlisted.name}.abcd1234.part", usb / ".office-backup.abcd1234.part"):
            part.write_bytes(b"cut off")
        for path in (unlisted, *files.rglob(".*.part"), *usb.glob(".*.part")):
            os.utime(path, (then, then))
        for folder in (files, usb):
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        reopened = Store.open(store.path)
        try:
            assert reopened.setting("township")
            assert unlisted.exists()
        finally:
            reopened.close()
