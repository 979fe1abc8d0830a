"""The backup file: one ZIP archive, readable with any unzip tool (Windows Explorer opens it).

    manifest.json                 what the backup is (written last): format, time, program and form versions,
                                  office, counts, and the size and SHA-256 of every other member
    database.db                   the database, copied with SQLite's online backup API (a consistent snapshot)
    files/ab/ab12…                the attachments, as stored beside the database (`<db>-files/`)
    keys/township.key …           the key folder (`<db>-keys/`); private keys stay encrypted with the passphrase

A member may only be one of these names; anything else (a path with `..`, an absolute path, a name listed twice, a
member not in the manifest) makes the whole file refused.
"""

from __future__ import annotations

import json
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fazhi_desktop.core import failures, settings
from fazhi_desktop.core.clock import local_time
from fazhi_desktop.core.divisions import town_label
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.versions import other_format

#: what zipfile raises on a damaged or hostile archive, not only BadZipFile: a flipped byte in the directory gives a
#: compression method it does not know (NotImplementedError), an impossible size (OverflowError, struct.error) …
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ValueError, NotImplementedError,
              RuntimeError, OverflowError, struct.error)

FORMAT = "fazhi-backup/1"
MANIFEST = "manifest.json"
DATABASE = "database.db"
SUFFIX = ".zip"
MAX_MANIFEST_BYTES = 64 * 1024**2
MAX_MEMBERS = 2_000_000
_FILE_MEMBER = re.compile(r"^files/([0-9a-f]{2})/([0-9a-f]{64})$")
_KEY_MEMBER = re.compile(r"^keys/[A-Za-z0-9_][A-Za-z0-9._-]{0,99}$")
_HASH = re.compile(r"^[0-9a-f]{64}$")
_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


class BackupError(FazhiError):
    """A backup could not be made, or a backup file was refused; says which file and why."""


def member_allowed(name: str) -> bool:
    """Is `name` one of the names a backup may hold (see the module docstring)?"""
    if name in (MANIFEST, DATABASE) or _KEY_MEMBER.match(name):
        return True
    match = _FILE_MEMBER.match(name)
    return bool(match and match.group(2).startswith(match.group(1)))


@dataclass(frozen=True)
class Member:
    size: int
    sha256: str


@dataclass
class Manifest:
    """What manifest.json says, checked for shape (not yet against the members: see `restore.extract`)."""

    created_at: str
    app_version: str
    form_versions: dict[str, int]
    office: dict[str, str]
    database: dict[str, Any]
    members: dict[str, Member] = field(default_factory=dict)

    @property
    def township(self) -> str:
        return self.office.get("township", "")

    @property
    def whose(self) -> settings.Office:
        """The office the backup says it is (settings.office's, read from the manifest)."""
        return settings.Office(self.township or None, settings.mode_of(self.office.get("mode")),
                               self.office.get("name") or "")

    @property
    def attachments(self) -> int:
        return sum(1 for name in self.members if name.startswith("files/"))

    @property
    def keys(self) -> list[str]:
        return sorted(name.split("/", 1)[1] for name in self.members if name.startswith("keys/"))

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT, "created_at": self.created_at, "app_version": self.app_version,
            "form_versions": self.form_versions, "office": self.office, "database": self.database,
            "attachments": {"count": self.attachments,
                            "bytes": sum(m.size for n, m in self.members.items() if n.startswith("files/"))},
            "keys": self.keys,
            "members": {name: {"size": m.size, "sha256": m.sha256} for name, m in sorted(self.members.items())},
        }

    def summary(self) -> str:
        """One line a clerk reads before restoring: office, time, counts."""
        db = self.database
        return (f"{town_label(self.township, self.office.get('name') or '')}，备份于 {local_time(self.created_at)}："
                f"记录 {db.get('records', '?')} 条，变更 {db.get('changes', '?')} 条，"
                f"附件 {self.attachments} 个，密钥文件 {len(self.keys)} 个")


def parse_manifest(data: bytes, where: str) -> Manifest:
    """manifest.json -> Manifest, or a BackupError naming `where` and what is wrong."""
    try:
        obj = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BackupError(f"{where}：清单 manifest.json 不是有效的 JSON") from None
    if not isinstance(obj, dict) or obj.get("format") != FORMAT:
        other = other_format(obj, FORMAT)
        if other is not None and other.newer:  # a PC reinstalled from an old stick
            raise BackupError(f"{where}：备份来自较新版本的程序（备份格式第 {other.number} 版，{other.written_by}），"
                              f"本程序不能恢复：请先把程序升级到{other.upgrade_to}，再恢复")
        raise BackupError(f"{where}：不是法治台账的备份文件（清单格式应为 {FORMAT}）")
    try:
        members = {str(name): Member(_size(m["size"]), _sha(m["sha256"])) for name, m in obj["members"].items()}
        manifest = Manifest(
            created_at=_text(obj["created_at"]), app_version=_text(obj["app_version"]),
            form_versions={str(k): _size(v) for k, v in obj["form_versions"].items()},
            office={str(k): _text(v) for k, v in obj["office"].items()},
            database=dict(obj["database"]), members=members,
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        raise BackupError(f"{where}：清单 manifest.json 缺少内容或格式不对") from None
    if not _TIME.match(manifest.created_at) or not manifest.township:
        raise BackupError(f"{where}：清单 manifest.json 中的备份时间或单位格式不对")
    bad = next((name for name in members if not member_allowed(name) or name == MANIFEST), None)
    if bad is not None:
        raise BackupError(f"{where}：清单中有不允许的文件名“{bad[:80]}”，已拒绝")
    if DATABASE not in members:
        raise BackupError(f"{where}：清单中没有数据库文件 {DATABASE}")
    return manifest


def open_archive(path: Path, name: str | None = None) -> tuple[zipfile.ZipFile, Manifest]:
    """Open a backup's archive (decrypted, sealing.py) and read its manifest, checking that the members are exactly
    those the manifest lists, each once, with safe names and plain storage. `name` is the backup file's name for
    messages (default: `path`'s). The caller closes the ZipFile."""
    name = name or path.name
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise BackupError(f"备份文件不存在：{path}") from None
    except ZIP_ERRORS:
        raise BackupError(f"{name} 不是完整的备份文件（不是 ZIP 文件，或复制时被截断、已损坏）") from None
    except OSError as exc:
        raise BackupError(f"无法读取备份文件 {path}：{failures.read_reason(exc)}") from None
    try:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise BackupError(f"{name}：文件条目太多（{len(infos)} 个），已拒绝")
        names = [info.filename for info in infos]
        duplicate = _first_duplicate(names)
        if duplicate is not None:
            raise BackupError(f"{name}：条目“{duplicate[:80]}”出现了不止一次，已拒绝")
        unsafe = next((n for n in names if not member_allowed(n)), None)
        if unsafe is not None:
            raise BackupError(f"{name}：条目“{unsafe[:80]}”不是备份应有的文件（路径不安全或多余），已拒绝")
        if any(info.flag_bits & 0x1 for info in infos):
            raise BackupError(f"{name}：含有加密的条目，不是本程序写的备份")
        if MANIFEST not in names:
            raise BackupError(f"{name}：缺少清单 {MANIFEST}（不是法治台账的备份，或备份未写完）")
        info = archive.getinfo(MANIFEST)
        if info.file_size > MAX_MANIFEST_BYTES:
            raise BackupError(f"{name}：清单 {MANIFEST} 太大，已拒绝")
        manifest = parse_manifest(read_member(archive, info, MAX_MANIFEST_BYTES, name), name)
        listed, present = set(manifest.members), set(names) - {MANIFEST}
        if listed != present:
            extra = sorted(present - listed)
            missing = sorted(listed - present)
            what = f"多出“{extra[0]}”" if extra else f"缺少“{missing[0]}”"
            raise BackupError(f"{name}：文件与清单不符（{what}），备份可能不完整或被改动")
        for info in infos:
            if info.filename != MANIFEST and info.file_size != manifest.members[info.filename].size:
                raise BackupError(f"{name}：{info.filename} 的大小与清单不符，备份可能被改动")
    except BaseException:
        archive.close()
        raise
    return archive, manifest


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, name: str) -> bytes:
    """A small member's bytes, never more than `limit` (the declared size is not trusted)."""
    try:
        with archive.open(info) as handle:
            data = handle.read(limit + 1)
    except (*ZIP_ERRORS, OSError) as exc:
        raise BackupError(f"{name}：无法读出 {info.filename}（文件已损坏：{type(exc).__name__}）") from None
    if len(data) > limit:
        raise BackupError(f"{name}：{info.filename} 太大，已拒绝")
    return data


def _first_duplicate(names: list[str]) -> str | None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            return name
        seen.add(name)
    return None


def _size(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError
    return value


def _sha(value: Any) -> str:
    if not isinstance(value, str) or not _HASH.match(value):
        raise ValueError
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError
    return value
