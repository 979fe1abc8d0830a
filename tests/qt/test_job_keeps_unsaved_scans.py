"""A job of the window (batch print, Excel import, export) opens the database again on its own connection; that
open does not tidy: the window's own open did, and an editor of the window may hold a scan added yesterday and not
saved yet (a window left open overnight), which the job's open removed as a scan no record lists."""

from __future__ import annotations

import os
import time

from fazhi_desktop.core.attachments import add_attachment, blob_path
from fazhi_desktop.qt.tasks import own_store_job


def test_a_job_of_the_window_leaves_a_scan_an_editor_added_yesterday(store, tmp_path):
    source = tmp_path / "昨天扫描的协议.pdf"
    source.write_bytes(b"%PDF scan" + os.urandom(1024))
    held = add_attachment(store, source)  # in an editor still open, not saved
    yesterday = time.time() - 26 * 3600
    os.utime(blob_path(store, held["sha256"]), (yesterday, yesterday))
    assert own_store_job(store, lambda worker, _progress: worker.count("meeting"))(None) == 0
    assert blob_path(store, held["sha256"]).exists()
