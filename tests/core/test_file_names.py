"""File names the program makes fit every file system (Linux counts 255 bytes, and a Chinese character takes three),
and a name the clerk typed that is too long is said as such, not as a pulled USB stick."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from fazhi_desktop.core import failures
from fazhi_desktop.core.attachments import add_attachment, viewable_copy
from fazhi_desktop.core.backup import create_backup, list_backups, restore
from fazhi_desktop.core.bundle.common import explain_os_error
from fazhi_desktop.core.documents import DocumentError, render_document
from fazhi_desktop.core.list_export import write_list
from fazhi_desktop.core.paths import NAME_BYTES, safe_file_name
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import ListQuery

LINUX_NAME_MAX = 255
#: 91 characters, as in the hands-on test: 97 characters and 261 bytes once "纪要.pdf" follows
LONG_TITLE = ("2026年第3次法治政府建设专题研究部署会议暨海城镇人民政府第12次常务会议"
              "关于农村人居环境整治实施方案（2026年）和矛盾纠纷多元化解工作机制及行政执法公示制度落实情况的专题审议会")
TOO_LONG_TYPED = "会议纪要" * 22 + ".pdf"  # 268 bytes: what a clerk may type into the save dialog


@pytest.mark.parametrize("title", [f"{LONG_TITLE}纪要", f"{LONG_TITLE}签到表", "长" * 300])
def test_a_long_title_gives_a_name_that_fits_and_keeps_its_end_and_extension(title):
    assert len(f"{title}.pdf".encode()) > LINUX_NAME_MAX  # as it stands, Linux refuses it
    name = safe_file_name(f"{title}.pdf", "文书")
    assert len(name.encode()) <= NAME_BYTES
    assert name.endswith(title[-8:] + ".pdf")  # 纪要 and 签到表 still tell the documents apart
    assert name.startswith(title[:20]) and "…" in name


def test_a_long_attachment_name_opens_as_a_copy_whose_name_fits(store, tmp_path):
    scan = tmp_path / "扫描件.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    entry = {**add_attachment(store, scan), "name": "海城镇双河村马文与李海宅基地纠纷调解协议书扫描件" * 4 + ".pdf"}
    copy = viewable_copy(store, entry, tmp_path / "opened")  # named on a Windows PC, 100 characters
    assert copy.read_bytes() == b"%PDF-1.4 scan" and copy.suffix == ".pdf"
    assert len(copy.name.encode()) <= NAME_BYTES


def test_a_database_with_a_long_name_is_backed_up_listed_and_restored(tmp_path, ledgers, clock):
    stem = "海城镇司法所" * 13  # 234 bytes: a name Linux allows, too long with "-backup-…-20260601-080000.zip"
    path = tmp_path / f"{stem}.db"
    store = init_database(path, "640522100", ledgers=ledgers, clock=clock)
    store.close()
    made = create_backup(path, tmp_path / "usb", clock=clock)
    assert len(made.path.name.encode()) <= NAME_BYTES
    assert made.path.name.endswith(f"-backup-640522100-{clock().astimezone():%Y%m%d-%H%M%S}.zip")
    assert [b.path for b in list_backups(tmp_path / "usb", stem)] == [made.path]  # found again: rotation, restore
    assert list_backups(tmp_path / "usb", stem[:-1]) == []  # a database whose name begins alike has none
    clock.advance(minutes=5)
    restored = restore(path, made.path, "管理员", clock=clock)
    assert restored.set_aside and all(len(p.name.encode()) <= LINUX_NAME_MAX for p in restored.set_aside)


def test_a_pdf_name_the_clerk_typed_too_long_says_so_and_leaves_nothing(store, valid_record, tmp_path):
    record = store.save("meeting", valid_record("meeting"), "杨芳")
    folder = tmp_path / "U盘"
    folder.mkdir()
    with pytest.raises(DocumentError) as refused:
        render_document(store, record.id, "minutes", folder / TOO_LONG_TYPED)
    message = str(refused.value)
    assert "保存PDF失败" in message and "文件名太长" in message and "换一个短一些的文件名" in message
    assert "U盘可能被拔出" not in message and "File name too long" not in message
    assert list(folder.iterdir()) == []


def test_a_list_exported_under_a_name_too_long_says_so_and_leaves_nothing(store, valid_record, tmp_path):
    store.save("meeting", valid_record("meeting"), "杨芳")
    folder = tmp_path / "U盘"
    folder.mkdir()
    with pytest.raises(failures.FileNameTooLong, match=r"导出列表失败.*文件名太长.*换一个短一些的文件名"):
        write_list(store, ListQuery("meeting"), folder / ("会议列表" * 22 + ".xlsx"))
    assert list(folder.iterdir()) == []


def test_a_name_typed_just_under_the_limit_is_written(store, valid_record, tmp_path):
    store.save("meeting", valid_record("meeting"), "杨芳")
    name = "会" * 83 + ".xlsx"  # 254 bytes: the temporary name beside it must fit too
    assert write_list(store, ListQuery("meeting"), tmp_path / name) == 1
    assert (tmp_path / name).exists() and not list(tmp_path.glob(".*.part"))


def os_error(number: int, text: str, winerror: int | None = None, filename: Path | None = None) -> OSError:
    exc = OSError(number, text, None if filename is None else str(filename))
    if winerror is not None:
        exc.winerror = winerror  # as Windows' OSError carries it
    return exc


@pytest.mark.parametrize(("exc", "path"), [
    (os_error(errno.ENAMETOOLONG, "File name too long"), Path("/media/usb") / TOO_LONG_TYPED),
    (os_error(errno.ENOENT, "The filename or extension is too long", 206), Path("E:/") / TOO_LONG_TYPED),
    (os_error(errno.ENOENT, "The system cannot find the path specified", 3), Path("E:/") / ("纪要" * 130)),
    (os_error(errno.EINVAL, "The filename, directory name, or volume label syntax is incorrect", 123,
              Path("E:/") / ("纪要" * 130)), Path("E:/") / ("纪要" * 130)),
])
def test_a_name_too_long_is_its_own_failure_on_linux_and_windows(exc, path):
    failure = failures.from_os(exc, path, "保存PDF", cleaned_up=True)
    assert type(failure) is failures.FileNameTooLong
    assert "文件名太长" in str(failure) and "换一个短一些的文件名" in str(failure)
    assert "U盘" not in str(failure) and "too long" not in str(failure)


def test_a_bundle_or_report_says_a_name_too_long_in_chinese():
    assert explain_os_error(os_error(errno.ENAMETOOLONG, "File name too long")).startswith("文件名太长")
    too_long = Path("E:/") / ("纪要" * 130)
    assert explain_os_error(os_error(errno.ENOENT, "not found", 3, too_long)).startswith("文件名太长")


def test_windows_not_found_is_told_apart_from_a_name_too_long_by_its_length():
    """Windows says 3 (path not found) both for a folder that is not there and for a path over 259 characters."""
    not_found = os_error(errno.ENOENT, "The system cannot find the path specified", 3)
    missing = failures.from_os(not_found, Path("E:/法治台账/纪要.pdf"), "保存PDF")
    assert isinstance(missing, failures.FileMissing) and "不存在" in str(missing)
    too_long = failures.from_os(not_found, Path("E:/法治台账") / ("纪要" * 130), "保存PDF")
    assert type(too_long) is failures.FileNameTooLong and "文件名太长" in str(too_long)


def test_a_file_to_read_named_too_long_says_the_way_out_once():
    failure = failures.cannot_read(os_error(errno.ENAMETOOLONG, "File name too long"), "纪要" * 200 + ".json",
                                   "JSON 文件")
    assert type(failure) is failures.FileNameTooLong and str(failure).count("换一个短一些的文件名") == 1
