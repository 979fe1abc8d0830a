"""A township that sends its database or its backup for its enrolment file: the county is told what the file is.
Before, 无法读取 …：文件被另存成了其他编码（如记事本的“ANSI”）, which sent the technician looking for Notepad."""

from __future__ import annotations

import zipfile

import pytest

from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.common import BundleError
from fazhi_desktop.core.setup import init_database


def test_a_database_or_a_backup_sent_for_the_enrolment_file_is_named(tmp_path, ledgers, clock):
    init_database(tmp_path / "t.db", "640522101", operator="马小花", ledgers=ledgers, clock=clock).close()
    with zipfile.ZipFile(tmp_path / "fazhi-backup-640522101-20260601-173015.zip", "w") as backup:
        backup.writestr("fazhi-backup.txt", "backup")
    with pytest.raises(BundleError) as database:
        keymod.read_enrolment(tmp_path / "t.db")
    said = "t.db 是法治台账的数据库文件（.db），不是这里要的文件（回执、登记文件或公钥，都是文字文件）"
    assert str(database.value) == said
    with pytest.raises(BundleError, match=r"^fazhi-backup-640522101-20260601-173015\.zip 是压缩文件（如法治台账的备份"):
        keymod.read_enrolment(tmp_path / "fazhi-backup-640522101-20260601-173015.zip")
