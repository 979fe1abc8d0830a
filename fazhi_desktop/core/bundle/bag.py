"""BagIt (RFC 8493) tag files: `bagit.txt`, `bag-info.txt` and the SHA-256 manifests, written and parsed.

Manifests use two spaces between checksum and path, so `sha256sum -c manifest-sha256.txt` checks a bag as well as
`bagit.py --validate` does. Paths inside a bundle are plain ASCII (ledger names, SHA-256 hex), so the RFC's
percent-encoding of CR, LF and % never arises; a manifest naming anything else is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fazhi_desktop.core.bundle.common import BundleError

BAGIT_TXT = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
MANIFEST = "manifest-sha256.txt"
TAG_MANIFEST = "tagmanifest-sha256.txt"
BAG_INFO = "bag-info.txt"
BAGIT = "bagit.txt"
TAG_FILES = (BAGIT, BAG_INFO, MANIFEST)
#: a path inside a bag: ASCII words separated by single slashes, never `.` or `..`
SAFE_PATH = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*(/[A-Za-z0-9_][A-Za-z0-9_.\-]*)*$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_LABEL = re.compile(r"^[A-Za-z][A-Za-z0-9\-]*$")
#: lines of bag-info.txt at most: the program writes about twenty labels (export.py `_bag_info`); its size is capped
#: before it is read (common.MAX_TAG_FILE_BYTES)
MAX_BAG_INFO_LINES = 200


def safe_path(path: str) -> bool:
    return bool(SAFE_PATH.match(path)) and ".." not in path.split("/")


def manifest_text(entries: dict[str, str]) -> bytes:
    """`<sha256>  <path>` per line, sorted by path."""
    return "".join(f"{digest}  {path}\n" for path, digest in sorted(entries.items())).encode("ascii")


def parse_manifest(data: bytes, name: str) -> dict[str, str]:
    """path -> sha256 from a manifest; refuses duplicates, unsafe paths and anything but lower-case SHA-256."""
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        raise BundleError(f"{name} 含有非 ASCII 字符") from None
    if text and not text.endswith("\n"):
        raise BundleError(f"{name} 最后一行没有换行")
    entries: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        digest, sep, path = line.partition("  ")
        if not sep or not _SHA256.match(digest) or not safe_path(path):
            raise BundleError(f"{name} 第 {number} 行格式不对（应为“SHA-256  路径”）")
        if path in entries:
            raise BundleError(f"{name} 第 {number} 行：{path} 重复列出")
        entries[path] = digest
    if manifest_text(entries) != data:
        raise BundleError(f"{name} 格式不规范（顺序或空白不对）")
    return entries


@dataclass(frozen=True)
class BagInfo:
    """bag-info.txt: the standard labels and this program's `Fazhi-*` labels, in the order written."""

    fields: tuple[tuple[str, str], ...]

    def get(self, label: str) -> str:
        for key, value in self.fields:
            if key == label:
                return value
        raise BundleError(f"bag-info.txt 缺少“{label}”")

    def find(self, label: str) -> str | None:
        """A label's value, or None for one a bundle may leave out (written only by later versions)."""
        return next((value for key, value in self.fields if key == label), None)

    def text(self) -> bytes:
        return "".join(f"{key}: {value}\n" for key, value in self.fields).encode("utf-8")

    @classmethod
    def parse(cls, data: bytes) -> BagInfo:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise BundleError("bag-info.txt 不是 UTF-8 文字") from None
        if text.count("\n") > MAX_BAG_INFO_LINES:  # read in the county's time before its signature is checked
            raise BundleError(f"bag-info.txt 超过 {MAX_BAG_INFO_LINES} 行（本程序写出的只有二十行左右），"
                              "不是本程序导出的数据包，已拒绝")
        fields: list[tuple[str, str]] = []
        seen: set[str] = set()
        for number, line in enumerate(text.splitlines(), 1):
            label, sep, value = line.partition(": ")
            if not sep or not _LABEL.match(label) or "\r" in line:
                raise BundleError(f"bag-info.txt 第 {number} 行格式不对（应为“标签: 值”）")
            if label in seen:
                raise BundleError(f"bag-info.txt 第 {number} 行：“{label}”重复")
            seen.add(label)
            fields.append((label, value))
        info = cls(tuple(fields))
        if info.text() != data:
            raise BundleError("bag-info.txt 格式不规范")
        return info


def payload_oxum(sizes: list[int]) -> str:
    """`<octets>.<files>` of the payload, as RFC 8493 defines it."""
    return f"{sum(sizes)}.{len(sizes)}"
