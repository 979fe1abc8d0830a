"""What the bundle modules share: the error type, size limits, where key files live, atomic file writing."""

from __future__ import annotations

import re
from pathlib import Path

from fazhi_desktop.core import atomic
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.failures import explain_os_error, read_reason
from fazhi_desktop.core.store import Store
from fazhi_desktop.core.textfiles import decode_text

BUNDLE_SUFFIX = ".tar.age"
SIGNATURE_NAME = "tagmanifest-sha256.txt.minisig"
#: a township code (9 digits) or a county code (6 digits)
CODE = re.compile(r"^\d{6}(\d{3})?$")

# Limits for what a bundle may hold. Neither tar nor age compresses, so a bundle cannot expand beyond its own size;
# these caps still stop a planted file from filling the disk or memory before its signature has been checked.
# An attachment's cap is the one on attaching a file (core.attachments.MAX_ATTACHMENT_BYTES).
MAX_BUNDLE_BYTES = 16 * 1024**3
MAX_ENTRIES = 200_000
#: bagit.txt, bag-info.txt, the tag manifest and its signature: read before the signature is checked, by anyone who
#: has the county's public key. The program writes them in under 1 KB each; bag-info grows only by the year labels
#: (Fazhi-Year-Log at most 60,000 characters: under 100 KB even of Chinese reasons)
MAX_TAG_FILE_BYTES = 256 * 1024
#: manifest-sha256.txt: a line of at most 148 bytes per payload file, `MAX_ENTRIES` of them under 30 MB
MAX_MANIFEST_BYTES = 64 * 1024**2
#: each record file (a ledger's, the change log, the roster), read into memory: it bounds memory only (a crafted
#: bundle's repeated or unlisted records are refused at their line). A full bundle of 10,000 records
#: (bench/bundle_bench.py) has 23 MB of them, the largest 5.4 MB (2,000 mediation cases) and the change log 4.1 MB
#: (10,100 changes, about 400 bytes each). By the form limits: a 调解案件 with its nine long-text fields full
#: (`MAX_LONG_TEXT`, 50,000 characters, 150 KB of UTF-8 each) is 1.35 MB, and a busy township's year of 300 such
#: cases 405 MB; a meeting with one agenda item full is 300 KB, a year of 100 such 30 MB. A bundle over it is
#: refused at the export, naming the ledger (collect._within_cap), never made to be refused at the county
MAX_JSONL_BYTES = 512 * 1024**2
MIN_PASSPHRASE = 8
#: a key, enrolment or receipt file that no encoding reads: re-saved or not a text file at all
RESAVED = "文件被另存成了其他编码（如记事本的“ANSI”），请使用对方发来的原文件"
#: said whenever a county private key turns up where a file from the stick was expected
SECRET_TRAVELS = ("私钥只应留在县司法局的电脑上，不得拷到U盘或发给别人：如果它是从U盘或别处拿到的，请立即告知县司法局，"
                  "由县司法局重新创建密钥，并把新的县级公钥文件发给各乡镇。")


class BundleError(FazhiError):
    """A bundle, key, enrolment or receipt file was refused, or could not be written; says which file and why."""


def keys_dir(store: Store) -> Path:
    """`<db>-keys/` beside the database: part of the office's data, so a backup of the folder carries the keys
    (the private ones encrypted)."""
    if store.path is None:
        raise BundleError("内存数据库没有密钥目录")
    return keys_folder(store.path)


def keys_folder(db_path: Path) -> Path:
    """`keys_dir` of the database at `db_path`, before it is opened (or made: the setup wizard)."""
    return db_path.with_name(db_path.stem + "-keys")


def check_passphrase(passphrase: str) -> None:
    if len(passphrase or "") < MIN_PASSPHRASE:
        raise BundleError(f"口令至少需要 {MIN_PASSPHRASE} 个字符")


def write_file_atomic(path: Path, data: bytes, private: bool = False) -> None:
    """Write `data` to `path` so that `path` holds either the old content or all of the new, never a part
    (core/atomic.py); on any error (a full or pulled USB stick included) the temporary file is removed and a
    BundleError names the file and the reason."""
    write_files_atomic({path: data}, private)


def write_files_atomic(files: dict[Path, bytes], private: bool = False) -> None:
    """`write_file_atomic` for files that go together (a receipt and its signature): all are written or none, the
    files of those names left as they were (atomic.replacing_together). One file is renamed over its old one in one
    step (atomic.replacing): moved aside first, a power cut between the two renames left neither under its name (a
    key file among them), and the next open removed both as unfinished writes."""
    try:
        if len(files) == 1:
            [(path, data)] = files.items()
            with atomic.replacing(path, private) as out:
                out.write(data)
            return
        with atomic.replacing_together(list(files), private) as outs:
            for out, data in zip(outs, files.values(), strict=True):
                out.write(data)
    except OSError as exc:
        raise BundleError(f"无法写入 {'、'.join(str(path) for path in files)}：{explain_os_error(exc)}") from None


def read_text(path: Path, signed: bool = False) -> str:
    """A small text file (key, enrolment, receipt), or a BundleError naming it and why it cannot be read.

    A key or enrolment file re-saved in Notepad ("Unicode", "ANSI") is read as well (`textfiles.decode_text`): what
    is read is parsed and checked (the fingerprint) anyway. A `signed` file is verified as the bytes it holds, so
    it is read as UTF-8 only."""
    try:
        with path.open("rb") as file:  # the first bytes say a bundle or database picked instead, before its gigabytes
            data = file.read(MAX_TEXT_BYTES + 1)
    except FileNotFoundError:
        raise BundleError(f"文件不存在：{path}") from None
    except OSError as exc:  # a folder picked instead of the file, no permission: said in Chinese (core/failures)
        raise BundleError(f"无法读取 {path}：{read_reason(exc)}") from None
    if data.startswith(b"age-encryption.org/") and b"\n-> scrypt " in data[:200]:  # locked with a passphrase
        raise BundleError(f"{path.name} 是县司法局的私钥（用口令加密保存的县级私钥），不是这里要的文件。"
                          + SECRET_TRAVELS)
    if data.startswith(b"age-encryption.org/"):  # picked from the stick beside the receipt or key it should be
        raise BundleError(f"{path.name} 是加密的数据包（.tar.age），不是这里要的文件"
                          "（回执、登记文件或公钥，都是文字文件）")
    for start, kind in NOT_TEXT:  # a township's database or backup sent for its enrolment file: not "另存成了其他编码"
        if data.startswith(start):
            raise BundleError(f"{path.name} 是{kind}，不是这里要的文件（回执、登记文件或公钥，都是文字文件）")
    if len(data) > MAX_TEXT_BYTES:
        raise BundleError(f"{path.name} 大于 {MAX_TEXT_BYTES // 2**20} MB，不是这里要的文件（回执、登记文件或公钥，都是"
                          "文字文件，最大的回执也只有几十 MB）")
    try:
        return data.decode("utf-8-sig") if signed else decode_text(data)
    except UnicodeDecodeError:
        raise BundleError(f"无法读取 {path}：{RESAVED}") from None


#: the largest receipt, enrolment or key file read: a receipt with 20 catalogs of 1,000,000 characters each is about
#: 60 MB; read whole before, a 4 GB bundle (or its part) picked instead took the PC's memory before being named
MAX_TEXT_BYTES = 128 * 2**20

#: files people pick or send instead of a receipt, enrolment or key file, by their first bytes
NOT_TEXT = ((b"SQLite format 3\x00", "法治台账的数据库文件（.db）"),
            (b"PK\x03\x04", "压缩文件（如法治台账的备份 .zip 或 Excel 表格）"))
