"""A file too large for the stick it goes onto (a FAT32 stick holds no file of 4 GB or more), written as numbered
parts: `NAME.001`, `NAME.002`, … and, written last, the list of parts `NAME.sha256`, in sha256sum's format (one line
a part: its SHA-256, two spaces, its name).

The parts concatenated in order are the file byte for byte (`cat NAME.0* > NAME`, `copy /b NAME.001+NAME.002 NAME`),
and `sha256sum -c NAME.sha256` checks each part with stock tools. Each part gets its final name only once complete and
synced (`atomic.replacing`); the list comes last, so parts without their list are no set: an export cut off (a
power cut, the stick pulled) leaves parts that are refused as incomplete, never a set that passes for whole. The list
says how many parts there are and what each holds, so a reader names the part missing, left over, cut short or taken
from another file, without reading the rest.

Readers take a set by its joined name (`NAME`, which is no file), by any of its parts or by its list
(`joined_path`), and read it as one stream (`open_joined`): never the whole file in memory, no joined copy on disk.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from fazhi_desktop.core import atomic, media
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.failures import explain_os_error

#: the size of each part but the last on a FAT32 stick: under its largest file (`media.FAT_MAX_FILE`), in whole MB
PART_BYTES = 4095 * 1024**2
INDEX_SUFFIX = ".sha256"
MAX_PARTS = 999
#: the largest list of parts read: 999 lines of a SHA-256, two spaces and a part's name (at most 255 bytes)
MAX_INDEX_BYTES = MAX_PARTS * (64 + 2 + 255 + 1)
_PART = re.compile(r"^(?P<stem>.+)\.(?P<number>\d{3})$")
_LINE = re.compile(r"^(?P<sha>[0-9a-f]{64}) [ *](?P<name>.+)$")
_BLOCK = 1 << 20


class PartsError(FazhiError):
    """A set of parts that cannot be read as its file: a part missing, left over, cut short, or another file's."""


def part_name(name: str, number: int) -> str:
    return f"{name}.{number:03d}"


def part_size_for(folder: Path, size: int, part_bytes: int | None = None) -> int | None:
    """The size of the parts a file of (at most) `size` bytes is written in, in `folder`; None when it goes whole.
    `part_bytes` given: parts of that size whenever the file is larger (tests); else parts only on a FAT32 stick
    and a file over its largest (`media.FAT_MAX_FILE`)."""
    if part_bytes is not None:
        return part_bytes if size > part_bytes else None
    if size <= media.FAT_MAX_FILE or not media.fat_volume(folder):
        return None
    return min(PART_BYTES, media.FAT_MAX_FILE)


def part_count(size: int, part_bytes: int) -> int:
    """How many parts of `part_bytes` a file of `size` bytes takes."""
    return max(1, -(-size // part_bytes))


def joined_path(path: Path) -> Path:
    """The file a set's part (`NAME.002`) or list (`NAME.sha256`) belongs to (`NAME`); any other path as it is."""
    if path.name.lower().endswith(INDEX_SUFFIX):
        return path.with_name(path.name[: -len(INDEX_SUFFIX)])
    match = _PART.match(path.name)
    return path.with_name(match["stem"]) if match else path


def index_path(path: Path) -> Path:
    return path.with_name(path.name + INDEX_SUFFIX)


def is_set(path: Path) -> bool:
    """Is `path` (a joined name) no file of its own but a set's (its list, or parts of it, beside)?"""
    if path.is_file():
        return False
    return index_path(path).is_file() or bool(found_parts(path))


def found_parts(path: Path) -> dict[int, Path]:
    """The parts of `path` in its folder, by number."""
    with contextlib.suppress(OSError):
        return {int(match["number"]): part for part in path.parent.iterdir()
                if (match := _PART.match(part.name)) and match["stem"] == path.name and part.is_file()}
    return {}


def names_in(folder: Path, joined: Callable[[str], bool]) -> list[Path]:
    """The sets in `folder` whose joined name `joined` accepts, each once by its joined name (a set with its list or
    parts without one alike: the latter is refused, as incomplete, when read)."""
    with contextlib.suppress(OSError):
        return sorted({joined_path(p) for p in folder.iterdir()
                       if (p.name.lower().endswith(INDEX_SUFFIX) or _PART.match(p.name)) and p.is_file()
                       and not p.name.startswith(".") and joined(joined_path(p).name)
                       and not joined_path(p).is_file()})
    return []


@dataclass(frozen=True)
class PartSet:
    """A set read from its list: the parts in order and the SHA-256 each should have."""

    path: Path  # the joined name
    parts: tuple[Path, ...]
    digests: tuple[str, ...]
    sizes: tuple[int, ...]

    @property
    def size(self) -> int:
        return sum(self.sizes)


def read_set(path: Path, what: str) -> PartSet:
    """The set `path` (its joined name) after checking that every part its list names is there, none beside it
    that the list does not name, and none shorter than the first (each part but the last is as long as the first).
    `what` names the file in the messages (数据包). Raises PartsError naming the part and what to do."""
    name, index = path.name, index_path(path)
    found = found_parts(path)
    stick, job, again = _whence(what)
    copy_all = (f"请把{stick}上 {name} 的全部分卷（{part_name(name, 1)}、{part_name(name, 2)} …）和分卷清单 "
                f"{index.name} 一起复制过来")
    try:
        # looked at before it is opened: a named pipe (FIFO) put in its place held the import waiting for good
        kind = index.stat()
        if not stat.S_ISREG(kind.st_mode):
            raise PartsError(f"分卷清单 {index.name} 不是普通文件（是文件夹或设备等）：{copy_all}")
        if kind.st_size > MAX_INDEX_BYTES:
            raise PartsError(f"分卷清单 {index.name} 太大（{kind.st_size} 字节，{MAX_PARTS} 卷的清单也不到 "
                             f"{MAX_INDEX_BYTES // 1024} KB）：清单被改动过，{copy_all}")
        text = index.read_bytes().decode("utf-8")
    except FileNotFoundError:
        numbers = "、".join(part.name for _, part in sorted(found.items())[:3]) + (" 等" if len(found) > 3 else "")
        raise PartsError(f"{what} {name} 分卷不完整：有分卷 {numbers}，但没有分卷清单 {index.name}（{job}没有完成，"
                         f"或没有复制全）。{copy_all}；{job}时中断的，{again}") from None
    except UnicodeError:
        raise PartsError(f"分卷清单 {index.name} 不是文本（sha256sum 格式的清单）：清单被改动过或已损坏，"
                         f"{copy_all}") from None
    except OSError as exc:
        raise PartsError(f"无法读取分卷清单 {index}：{explain_os_error(exc)}") from None
    digests: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        match = _LINE.match(line)
        if not match or _PART.match(match["name"]) is None or int(_PART.match(match["name"])["number"]) != number \
                or number > MAX_PARTS:
            raise PartsError(f"分卷清单 {index.name} 第 {number} 行不对（应为“SHA-256 摘要、两个空格、第 {number:03d} "
                             f"卷的文件名”）：清单被改动过，{copy_all}")
        digests.append(match["sha"])
    if not digests:
        raise PartsError(f"分卷清单 {index.name} 是空的：{copy_all}")
    count = len(digests)
    for number in range(1, count + 1):
        if number not in found:
            raise PartsError(f"{what} {name} 缺少第 {number} 卷 {part_name(name, number)}（共 {count} 卷）：{copy_all}")
    if extra := sorted(number for number in found if number > count):
        raise PartsError(f"{what} {name} 多出分卷 {found[extra[0]].name}：分卷清单 {index.name} 只列了 {count} 卷，"
                         "多出的不是这个文件的（可能是别的导出留下的），请把它移走后再试")
    parts = tuple(found[number] for number in range(1, count + 1))
    try:
        sizes = tuple(part.stat().st_size for part in parts)
    except OSError as exc:
        raise PartsError(f"无法读取 {what} {name} 的分卷：{exc.__class__.__name__}") from None
    for number, size in enumerate(sizes, 1):
        if size == 0 or (number < count and size != sizes[0]):
            raise PartsError(cut_short(what, name, number, parts[number - 1].name, size, sizes[0]))
    return PartSet(path, parts, tuple(digests), sizes)


def _whence(what: str) -> tuple[str, str, str]:
    """Where the parts of a `what` came from, what wrote them and what to do when it was cut off: a township's
    bundle (数据包) at the county; else the office's own backup (备份)."""
    if what == "数据包":
        return "乡镇U盘", "导出", "请乡镇重新导出"
    return "原来的U盘", what, f"请重新{what}或改用另一份{what}"


def cut_short(what: str, name: str, number: int, part: str, size: int, first: int) -> str:
    return (f"{what} {name} 的第 {number} 卷 {part} 不完整（{size} 字节，第 1 卷 {first} 字节）：复制时没有完成，"
            f"请从{_whence(what)[0]}重新复制这一卷")


def not_its_part(what: str, name: str, number: int, part: str) -> str:
    return (f"{what} {name} 的第 {number} 卷 {part} 与分卷清单不符：这一卷已损坏、被截断，或是别的文件的分卷"
            f"（文件名被改过）。请从{_whence(what)[0]}重新复制这一卷，或{_whence(what)[2]}")


class JoinedReader(io.RawIOBase):
    """The parts of a set read one after another as one stream, each hashed on the way (`first_bad`). It seeks too
    (a ZIP written in parts, a backup, is read from its end first); once it has, the parts are no longer hashed on
    the way, and `first_bad` reads them again."""

    def __init__(self, parts: PartSet):
        super().__init__()
        self.set = parts
        self.index = 0
        self.current: IO[bytes] | None = None
        self.digest = hashlib.sha256()
        self.checked: list[bool] = []  # per part read to its end: did it match its list line?
        self.position = 0
        self.hashing = True

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        target = {io.SEEK_SET: 0, io.SEEK_CUR: self.position, io.SEEK_END: self.set.size}[whence] + offset
        if target < 0:
            raise OSError(22, "Invalid argument")
        if target != self.position:
            self.hashing = False
            if self.current is not None:
                self.current.close()
                self.current = None
            self.index, start = len(self.set.parts), 0
            for number, size in enumerate(self.set.sizes):
                if target < start + size:
                    self.index = number
                    break
                start += size
            if self.index < len(self.set.parts):
                self.current = self.set.parts[self.index].open("rb")
                self.current.seek(target - start)
            self.position = target
        return self.position

    def readinto(self, buffer: Any) -> int:
        while self.index < len(self.set.parts):
            if self.current is None:
                self.current = self.set.parts[self.index].open("rb")
            data = self.current.read(len(buffer))
            if data:
                if self.hashing:
                    self.digest.update(data)
                buffer[: len(data)] = data
                self.position += len(data)
                return len(data)
            self.current.close()
            self.current = None
            if self.hashing:
                self.checked.append(self.digest.hexdigest() == self.set.digests[self.index])
            self.digest = hashlib.sha256()
            self.index += 1
        return 0

    def close(self) -> None:
        if self.current is not None:
            self.current.close()
            self.current = None
        super().close()

    def first_bad(self) -> int | None:
        """The number of the first part whose content is not what the list says (1 for the first), or None. The
        parts read to their end are known; the rest are read now (after a failure only)."""
        for number, good in enumerate(self.checked, 1):
            if not good:
                return number
        for number in range(len(self.checked) + 1, len(self.set.parts) + 1):
            if file_sha256(self.set.parts[number - 1]) != self.set.digests[number - 1]:
                return number
        return None


def file_sha256(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while block := handle.read(_BLOCK):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def written(path: Path) -> list[Path]:
    """The files of the set `path` as written: its parts in order, then its list."""
    return [part for _, part in sorted(found_parts(path).items())] + [index_path(path)]


def unfinished(path: Path) -> bool:
    """Did a write of the set `path` stop before its list (parts there without it, or a part's temporary file)?"""
    if index_path(path).is_file():
        return False
    if found_parts(path):
        return True
    with contextlib.suppress(OSError):
        return any((start := atomic.part_of(tmp.name)) is not None and joined_path(Path(start)).name == path.name
                   and start != path.name for tmp in path.parent.glob(".*.part"))
    return False


def remove_unfinished(path: Path) -> None:
    """Remove the parts of the set `path` a write that stopped before its list left under their final names: without
    the list they are no set, and the next write of that name begins anew."""
    if index_path(path).is_file():
        return
    for part in found_parts(path).values():
        with contextlib.suppress(OSError):
            part.unlink()


def open_joined(path: Path, what: str) -> IO[bytes]:
    """`path` to read: the file itself, or the set of that joined name as one buffered stream (`read_set`)."""
    if not is_set(path):
        return path.open("rb")
    return io.BufferedReader(JoinedReader(read_set(path, what)), _BLOCK)


def size_of(path: Path, what: str) -> int:
    """The size of the file `path`, or of the set of that joined name, parts added."""
    return read_set(path, what).size if is_set(path) else path.stat().st_size


def stream_sha256(path: Path, what: str) -> str | None:
    """The SHA-256 of the file `path` or of its set joined; None when it cannot be read whole."""
    if not is_set(path):
        return file_sha256(path)
    digest = hashlib.sha256()
    try:
        with open_joined(path, what) as source:
            while block := source.read(_BLOCK):
                digest.update(block)
    except (OSError, PartsError):
        return None
    return digest.hexdigest()


class _PartsWriter(io.RawIOBase):
    """Writes across parts of `part_bytes`, each through `atomic.replacing`: complete, synced and renamed before the
    next is begun, or, `hold`, each kept under its temporary name until all are written. `finish` writes the list
    last."""

    def __init__(self, path: Path, part_bytes: int, private: bool, hold: bool = False,
                 before_renames: Callable[[], None] | None = None):
        super().__init__()
        self.path, self.part_bytes, self.private, self.hold = path, part_bytes, private, hold
        self.before_renames = before_renames
        self.done: list[Path] = []  # the parts under their final names
        self.held: list[contextlib.ExitStack] = []  # `hold`: the parts written, under their temporary names
        self.digests: list[str] = []
        self._stack: contextlib.ExitStack | None = None
        self._out: IO[bytes] | None = None
        self._digest = hashlib.sha256()
        self._left = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        written = 0
        while written < len(view):
            if self._out is None:
                self._begin()
            assert self._out is not None
            piece = view[written: written + self._left]
            self._out.write(piece)
            self._digest.update(piece)
            written += len(piece)
            self._left -= len(piece)
            if self._left == 0:
                self._end()
        return written

    def _begin(self) -> None:
        number = len(self.digests) + 1
        if number > MAX_PARTS:
            raise OSError(27, "File too large")  # EFBIG: more than 999 parts is no stick's
        self._stack = contextlib.ExitStack()
        self._out = self._stack.enter_context(atomic.replacing(self.path.with_name(part_name(self.path.name, number)),
                                                               self.private))
        self._digest, self._left = hashlib.sha256(), self.part_bytes

    def _end(self) -> None:
        assert self._stack is not None
        stack, self._stack, self._out = self._stack, None, None
        self.digests.append(self._digest.hexdigest())
        if self.hold:
            self.held.append(stack)
            return
        stack.close()  # synced and renamed
        self.done.append(self.path.with_name(part_name(self.path.name, len(self.done) + 1)))

    def _rename_held(self) -> None:
        while self.held:
            self.held.pop(0).close()  # synced and renamed
            self.done.append(self.path.with_name(part_name(self.path.name, len(self.done) + 1)))

    def abandon(self, exc: BaseException) -> None:
        """Remove the unfinished part (atomic.replacing's own clean-up) and the parts already renamed."""
        if self._stack is not None:
            self.held.append(self._stack)
            self._stack, self._out = None, None
        for stack in self.held:
            with contextlib.suppress(BaseException):
                stack.__exit__(type(exc), exc, exc.__traceback__)
        self.held = []
        for part in self.done:
            with contextlib.suppress(OSError):
                part.unlink()

    def finish(self) -> list[Path]:
        if self._out is not None:
            self._end()
        elif not self.digests:  # nothing written: one empty part, as `atomic.replacing` leaves an empty file
            self._begin()
            self._end()
        if self.held and self.before_renames is not None:
            self.before_renames()
        self._rename_held()
        lines = "".join(f"{sha}  {part.name}\n" for sha, part in zip(self.digests, self.done, strict=True))
        with atomic.replacing(index_path(self.path), self.private) as out:
            out.write(lines.encode("utf-8"))
        return [*self.done, index_path(self.path)]


@contextlib.contextmanager
def replacing_in_parts(path: Path, part_bytes: int, private: bool = False, hold: bool = False,
                       before_renames: Callable[[], None] | None = None) -> Iterator[IO[bytes]]:
    """`atomic.replacing` for a file written as the parts of `path` (`NAME.001`, …) of `part_bytes` each, the list
    (`NAME.sha256`) written last. On any error the parts written are removed (a stick pulled out keeps them:
    without their list they are no set) and the plain OSError raised, as `atomic.replacing` does. `hold` (a
    backup): every part keeps its temporary name until all are written, so that a program killed while writing
    them leaves none under a final name, only temporary files the next write removes (core/leftovers.py);
    `before_renames` is called once they are all written, before the first is renamed (a backup's mark: a program
    killed among the renames leaves parts marked as no set, core/backup/in_parts.py)."""
    writer = _PartsWriter(path, part_bytes, private, hold, before_renames)
    try:
        yield writer
        writer.finish()
    except BaseException as exc:
        writer.abandon(exc)
        raise
