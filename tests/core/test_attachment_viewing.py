"""Opening an attachment hands the system's viewer a read-only copy under the file's own name, in a file name every
system accepts; the copies are removed again."""

from __future__ import annotations

import os
import stat

import pytest

from fazhi_desktop.core.attachments import add_attachment, viewable_copy
from fazhi_desktop.core.errors import NotFound
from fazhi_desktop.core.leftovers import clear_viewable
from fazhi_desktop.core.paths import safe_file_name


@pytest.mark.parametrize(("given", "name"), [
    ("现场照片.jpg", "现场照片.jpg"),
    ('协议:第1号?.pdf', "协议_第1号_.pdf"),
    ("扫描件. ", "扫描件"),
    ("CON", "_CON"),
    ("nul.tar.gz", "_nul.tar.gz"),
    ("  ", "附件"),
    ("第一行\n第二行.txt", "第一行_第二行.txt"),
    ("长" * 200 + ".pdf", "长" * 49 + "…" + "长" * 8 + ".pdf"),  # 178 bytes: Linux allows 255
    ("会议纪要（2026.3.5 第一次会议）", "会议纪要（2026.3.5 第一次会议）"),
])
def test_file_names_are_made_safe_for_every_system(given, name):
    assert safe_file_name(given, "附件") == name


def test_an_attachment_opens_as_a_read_only_copy_named_as_attached(store, tmp_path):
    scan = tmp_path / "调解协议书扫描件.pdf"
    scan.write_bytes(b"%PDF-1.4 scanned agreement")
    entry = add_attachment(store, scan)
    folder = tmp_path / "opened"
    copy = viewable_copy(store, entry, folder)
    assert copy.name == "调解协议书扫描件.pdf" and copy.read_bytes() == scan.read_bytes()
    assert not os.stat(copy).st_mode & stat.S_IWUSR
    assert viewable_copy(store, entry, folder) == copy  # opened again: the same copy
    same_name = tmp_path / "other" / "调解协议书扫描件.pdf"
    same_name.parent.mkdir()
    same_name.write_bytes(b"%PDF-1.4 another scan")
    other = viewable_copy(store, add_attachment(store, same_name), folder)
    assert other != copy and other.read_bytes() == b"%PDF-1.4 another scan"
    clear_viewable(folder)
    assert not folder.exists()


def test_a_missing_stored_file_is_said(store, tmp_path):
    with pytest.raises(NotFound, match="附件文件缺失"):
        viewable_copy(store, {"sha256": "ab" * 32, "name": "x.pdf", "size": 1}, tmp_path / "opened")


def test_a_folder_given_as_an_attachment_is_named_as_a_folder(store, tmp_path):
    from fazhi_desktop.core.errors import FazhiError

    (tmp_path / "扫描件").mkdir()
    with pytest.raises(FazhiError, match="是文件夹，不是文件"):
        add_attachment(store, tmp_path / "扫描件")


def test_a_scan_that_cannot_be_read_is_said_with_a_way_out_for_reading(store, tmp_path, monkeypatch):
    """No permission to read the scan (a file another user made): the way out was the one for the database on a
    write-protected stick (关闭U盘的写保护，或把数据库文件…复制到本机硬盘)."""
    import errno
    from pathlib import Path

    from fazhi_desktop.core import failures

    scan = tmp_path / "协议扫描件.pdf"
    scan.write_bytes(b"%PDF-1.4")
    opening = Path.open

    def refused(path, *args, **kwargs):
        if path == scan:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return opening(path, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refused)
    with pytest.raises(failures.ReadOnlyStorage) as caught:
        add_attachment(store, scan)
    assert str(caught.value) == (f"无法读取文件 {scan}：没有读取权限。"
                                 "请确认有读取这个文件的权限（或先把它复制到本机硬盘再选），然后再试。")
