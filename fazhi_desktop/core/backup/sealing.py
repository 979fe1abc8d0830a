"""Backups leave the office on a USB stick, so they are encrypted: whoever finds the stick reads nothing
(../shared/domain/identifiers.md, "Records leaving the office on a USB stick must be unreadable"). Standard age
encryption inside a plain ZIP, so that a technician can open one by hand with the `age` tool:

    <db>-backup-<code>-<time>.zip     (stored, not compressed)
      fazhi-backup.txt                what this is and how to open it by hand
      key.age                         the office's backup identity (an age X25519 secret key), encrypted with the
                                      recovery code (age's passphrase mode, scrypt)
      backup.zip.age                  the backup itself, the ZIP of archive.py (database, attachments, keys,
                                      manifest.json), encrypted to that identity's recipient

The identity lives beside the database (`<db>-keys/backup-key.json`, with the code and key.age, written in one
step; the database itself is on the same PC in clear), so automatic backups ask for nothing and a restore on the
same PC neither. On another PC (the old one died, the keys folder is gone) the recovery code opens key.age. It is
made with the identity, shown in 设置 → 备份 and by `fazhi backup-settings --recovery-code`, and said once by the
first encrypted backup, automatic or not: to be written down and kept apart from the stick. Backups of earlier
versions (a plain archive.py ZIP) are still restored.

更换恢复码 (`replace_key`: a 所长 who knew the code leaves) makes a new identity and code, shown once as the first
one is; later backups are sealed to it. Every backup made before holds its own key.age, sealed with the old code,
so on another PC it still needs the old code. The old identities stay in the key file (`earlier`): a restore on
this PC opens old backups without a code, as before. A restore of a backup made before the change brings back its
key file; the newer one on this PC is kept instead (`keep_newer_key`), so the old code does not come back.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import secrets
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeVar

import pyrage
from pyrage import passphrase as age_passphrase
from pyrage import x25519

from fazhi_desktop.core import failures
from fazhi_desktop.core.atomic import replacing
from fazhi_desktop.core.backup import in_parts
from fazhi_desktop.core.backup.archive import ZIP_ERRORS, BackupError
from fazhi_desktop.core.encryption import encrypt
from fazhi_desktop.core.jobs import Progress, before_a_pause, no_progress
from fazhi_desktop.core.places import RESTORE

T = TypeVar("T")
README = "fazhi-backup.txt"
KEY = "key.age"
PAYLOAD = "backup.zip.age"
KEY_FILE = "backup-key.json"  # identity, recovery code and key.age together, written in one step
#: store setting: a backup made the recovery code while no 所长 or 管理员 was there to be shown it (qt/backup_view.py)
CODE_UNSEEN = "backup.code_unseen"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1: read out and copied by hand
CODE_GROUPS, GROUP = 6, 4  # 24 characters, 120 bits
#: what the recovery code is, wherever it is asked for (restoring on another PC, 重设管理员密码), and one to show
CODE_IS = f"第一次备份（或更换恢复码）时显示、抄在纸上的 {CODE_GROUPS} 组字母数字"
CODE_EXAMPLE = "ABCD-EFGH-JKLM-NPQR-STUV-WXYZ"
KEY_LIMIT = 64 * 1024
CHUNK = 1 << 20
#: said before scrypt runs (about a second, the program held: core/jobs.BEFORE_A_PAUSE)
MAKING_KEY = "正在生成备份密钥（需要几秒钟）……"
OPENING_KEY = "正在用恢复码解开备份密钥（需要几秒钟）……"

_README_TEXT = """法治台账备份（已加密）

这个文件是法治台账的数据备份。内容已用 age 加密，没有密钥无法读取。
在法治台账中恢复：
  - 在原来的电脑上：由管理员点“{restore}”（不需要输入备份恢复码）；
  - 在新电脑上（或重装系统后）：安装并打开法治台账，在“首次使用设置”的第一页选“从备份恢复”，
    选择本文件，输入备份恢复码。恢复后用原来的账户和密码登录。

手工打开（技术人员）：解开的文件中是全部记录和本单位的密钥（县里的备份密钥还能打开县级私钥），
只能放在自己的文件夹里，用完删除。Linux、macOS 上先运行 umask 077（此后新建的文件只有自己能读；
不运行的话，下面写出的文件本机其他账户都能读）：
{joining}  0. umask 077
  1. 解压本文件，得到 key.age 和 backup.zip.age；
  2. age -d -o 备份密钥.txt key.age
     （口令为备份恢复码：大写字母、保留连字符，如 ABCD-EFGH-JKLM-NPQR-STUV-WXYZ）
  3. age -d -i 备份密钥.txt -o 备份.zip backup.zip.age
  4. 备份.zip 中有 database.db（SQLite）、files/（附件）、keys/ 和 manifest.json（每个文件的 SHA-256）。
  5. 用完删除 备份密钥.txt、备份.zip 和从中解出的文件。

A fazhi-desktop backup, encrypted with age. key.age holds the backup identity, encrypted with the recovery code
(passphrase); backup.zip.age is the backup ZIP encrypted to that identity.
"""
#: the first step by hand of a backup in parts (in_parts.py): its parts are one ZIP only once joined
_JOINING = """  合并分卷：本备份分成了几卷：{name}.001、{name}.002 …，另有分卷清单 {name}.sha256。
     先把全部分卷按顺序合并成一个文件（在法治台账中恢复时不用合并，选其中任何一个文件即可）：
       Windows 命令提示符：copy /b {name}.001+{name}.002+… {name}（依次列出全部分卷）
       Linux：sha256sum -c {name}.sha256 核对各卷，再 cat {name}.0* > {name}
     下面的“本文件”是合并得到的 {name}。
"""


def readme_text(parts_of: str | None = None) -> str:
    """fazhi-backup.txt: what the backup is and how to open it by hand; `parts_of`: the joined name of a backup
    written in parts (`NAME.zip`), whose parts must be joined first (`copy /b`, `cat`) before it unzips."""
    joining = _JOINING.format(name=parts_of) if parts_of else ""
    return _README_TEXT.format(restore=RESTORE, joining=joining)


class RecoveryCodeNeeded(BackupError):
    """The backup was made on another PC (or before this PC's keys folder was lost): its recovery code is needed."""


class WrongRecoveryCode(BackupError):
    """A recovery code was given and it does not open this backup: mistyped, not of a code's form, or another
    office's."""


def with_recovery_code(attempt: Callable[[str | None], T], ask: Callable[[BackupError], str | None],
                       code: str | None = None, tries: int = 3) -> T | None:
    """`attempt(code)` (a restore); when the backup needs a recovery code, or the one given was wrong, `ask(why)`
    for one and attempt again, up to `tries` codes asked for. None when `ask` gives up (returns None); raises
    WrongRecoveryCode after the last wrong one. The one loop behind the window, the first-start wizard, the
    damaged-database offer and `fazhi restore`."""
    asked = 0
    while True:
        try:
            return attempt(code)
        except (RecoveryCodeNeeded, WrongRecoveryCode) as why:
            if asked >= tries:
                raise
            code = ask(why)
            asked += 1
            if code is None:
                return None


def question(why: BackupError) -> str:
    """What to say when asking for the code after `why`."""
    return f"{why}。请再输入一次" if isinstance(why, WrongRecoveryCode) else str(why)


@dataclass(frozen=True)
class BackupKey:
    identity: x25519.Identity
    code: str
    sealed_identity: bytes  # key.age of every backup: the identity encrypted with the code
    new: bool = False  # made just now
    shown: bool = True  # the recovery code has been shown to a 所长 or 管理员 (`mark_code_shown`)
    #: the identities this one replaced (更换恢复码), newest first, each with its key.age: old backups restore here
    earlier: tuple[tuple[x25519.Identity, bytes], ...] = ()

    @property
    def recipient(self) -> x25519.Recipient:
        return self.identity.to_public()

    def holds(self, sealed: bytes) -> bool:
        """Whether a backup whose key.age is `sealed` was made with this key or one it replaced."""
        return sealed == self.sealed_identity or any(sealed == old for _, old in self.earlier)

    def replaced(self, identity: x25519.Identity) -> bool:
        """Whether `identity` is one this key replaced (a backup made before 更换恢复码)."""
        return any(str(old.to_public()) == str(identity.to_public()) for old, _ in self.earlier)


def keys_folder(db_path: Path) -> Path:
    return db_path.with_name(db_path.stem + "-keys")


def load_key(db_path: Path) -> BackupKey | None:
    """This database's backup key, or None when it has none (no encrypted backup made yet, or a new PC). A key file
    that cannot be read is refused, never replaced: backups made with it would then open with no code written down."""
    return _load(keys_folder(db_path) / KEY_FILE)


def key_in(folder: Path) -> BackupKey | None:
    """`load_key` of a keys folder (a restore's, unpacked), as `load_key` refuses a damaged one."""
    return _load(folder / KEY_FILE)


def _load(path: Path) -> BackupKey | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        earlier = tuple((x25519.Identity.from_str(old["identity"]),
                         base64.b64decode(old["sealed_identity"], validate=True)) for old in data.get("earlier", []))
        key = BackupKey(x25519.Identity.from_str(data["identity"]), data["recovery_code"],
                        base64.b64decode(data["sealed_identity"], validate=True),
                        shown=data.get("code_shown", True) is not False,  # key files of earlier versions: shown
                        earlier=earlier)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, pyrage.IdentityError, binascii.Error):
        raise BackupError(f"备份密钥文件 {path} 无法读取或已损坏：请从备份恢复它（密钥文件夹在每个备份中），"
                          "不要删除它，否则此后的备份在另一台电脑上无法恢复") from None
    if str(key.recipient) != data.get("recipient") or any(
            str(identity.to_public()) != old.get("recipient") for (identity, _), old in zip(
                earlier, data.get("earlier", []), strict=True)):
        raise BackupError(f"备份密钥文件 {path} 的内容前后不符（已被改动）")
    return key


def readable_key(db_path: Path) -> BackupKey | None:
    """This database's backup key, or None when it has none or its key file cannot be read (for a question that a
    damaged key file only leaves unanswered)."""
    try:
        return load_key(db_path)
    except BackupError:
        return None


def ensure_key(db_path: Path, progress: Progress = no_progress) -> BackupKey:
    """The backup key, made (with a new recovery code) the first time, said on `progress` first: scrypt holds the
    program a second or two. Raises a StorageError when it cannot be written (a read-only medium)."""
    key = load_key(db_path)
    if key is not None:
        return key
    return _make_key(db_path, progress)


def replace_key(db_path: Path, progress: Progress = no_progress) -> BackupKey:
    """更换恢复码: a new identity and recovery code for the backups made from now on, the old identity kept among
    the `earlier` ones (backups made before still restore on this PC without a code). The new code is not yet shown
    (`mark_code_shown` once it is). Raises BackupError when there is no key yet (the first backup makes it) or the
    key file cannot be read, a StorageError when it cannot be written."""
    key = load_key(db_path)
    if key is None:
        raise BackupError("还没有备份恢复码：第一次备份时生成，不需要更换")
    return _make_key(db_path, progress, ((key.identity, key.sealed_identity), *key.earlier))


def _make_key(db_path: Path, progress: Progress,
              earlier: tuple[tuple[x25519.Identity, bytes], ...] = ()) -> BackupKey:
    before_a_pause(progress, MAKING_KEY)
    identity, code, sealed_identity = new_key()
    path = keys_folder(db_path) / KEY_FILE
    data = {"recipient": str(identity.to_public()), "identity": str(identity), "recovery_code": code,
            "sealed_identity": base64.b64encode(sealed_identity).decode("ascii"), "code_shown": False}
    if earlier:
        data["earlier"] = [{"recipient": str(old.to_public()), "identity": str(old),
                            "sealed_identity": base64.b64encode(sealed).decode("ascii")} for old, sealed in earlier]
    _write_key_file(path, data)
    return BackupKey(identity, code, sealed_identity, new=True, shown=False, earlier=earlier)


def keep_newer_key(db_path: Path, restored_keys: Path) -> bool:
    """Before a restore swaps in the backup's keys folder (`restored_keys`, unpacked): when this PC's backup key
    replaced the backup's (更换恢复码 since the backup was made), this PC's key file goes in its place, so that the
    backups made after the restore keep the new code (the old one, with whoever left, would open them again). Any
    other key (another PC's, another office's) is left to the backup, as before. Returns whether it was kept."""
    try:
        current, restored = load_key(db_path), _load(restored_keys / KEY_FILE)
    except BackupError:
        return False  # a damaged file on either side: the restore says nothing new of it
    if current is None or restored is None or not current.replaced(restored.identity):
        return False
    try:
        data = (keys_folder(db_path) / KEY_FILE).read_bytes()
        with replacing(restored_keys / KEY_FILE, private=True) as out:
            out.write(data)
    except OSError as exc:
        raise failures.from_os(exc, restored_keys / KEY_FILE, "恢复（保留更换后的备份密钥）") from None
    return True


def mark_code_shown(db_path: Path) -> None:
    """The recovery code has been shown to a 所长 or 管理员: later backups stop offering it. Until then every backup
    offers it (the first one may have failed after the key was made, on a full stick, and the code would never be
    said). A key file that cannot be rewritten (a read-only medium) offers it again next time: no harm."""
    path = keys_folder(db_path) / KEY_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("code_shown", True) is not False:
            return
        data["code_shown"] = True
        _write_key_file(path, data)
    except (OSError, ValueError, failures.StorageError):
        return


def code_seen(db_path: Path, backup: Path, recovery_code: str | None) -> bool:
    """Whether restoring `backup` (opened with `recovery_code`, if given) shows that the recovery code is already in
    someone's hands: it was typed to open it, or this PC's key opened it and its code had been shown. The backup's
    key file says what it said when the backup was made: the first backup's (`fazhi backup`) says not shown, since
    the code is printed after the backup is written."""
    if not is_sealed(backup):
        return False
    if recovery_code:
        return True  # it opened key.age, or the restore would have been refused
    key = readable_key(db_path)
    return key is not None and key.shown


def _write_key_file(path: Path, data: dict[str, Any]) -> None:
    try:
        with replacing(path, private=True) as out:
            out.write((json.dumps(data, indent=2) + "\n").encode("utf-8"))
    except OSError as exc:
        raise failures.from_os(exc, path, "保存备份密钥") from None


def new_key() -> tuple[x25519.Identity, str, bytes]:
    """A new identity, its recovery code, and the identity encrypted with the code (scrypt: about a second)."""
    identity, code = x25519.Identity.generate(), new_code()
    return identity, code, age_passphrase.encrypt(str(identity).encode("utf-8"), code)


def new_code() -> str:
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUPS * GROUP))
    return "-".join(chars[i : i + GROUP] for i in range(0, len(chars), GROUP))


def normal_code(text: str) -> str:
    """A recovery code as typed (lower case, spaces, full-width, no hyphens) in its written form."""
    chars = [c for c in unicodedata.normalize("NFKC", text).upper() if c.isalnum()]
    joined = "".join(chars)
    return "-".join(joined[i : i + GROUP] for i in range(0, len(joined), GROUP))


def seal(inner: Path, out: IO[bytes], key: BackupKey, parts_of: str | None = None) -> None:
    """Write the encrypted backup of the archive.py ZIP `inner` to `out` (`parts_of`: the joined name of the parts
    `out` writes, said in fazhi-backup.txt, `readme_text`). A file error of `out` (a full or pulled stick) is raised
    as the OSError it is, for the caller to say with the file's name (core/atomic.atomic_output)."""
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as outer:
        outer.writestr(README, readme_text(parts_of).encode("utf-8"))
        outer.writestr(KEY, key.sealed_identity)
        with inner.open("rb") as plain, outer.open(PAYLOAD, "w", force_zip64=True) as sink:
            try:
                encrypt(plain, sink, [key.recipient])
            except pyrage.EncryptError as exc:
                raise BackupError(f"备份加密失败：{exc}") from None


def is_sealed(path: Path) -> bool:
    """Is `path` an encrypted backup (else a plain one of an earlier version, or no backup at all)?"""
    try:
        with in_parts.zip_of(path) as outer:
            return PAYLOAD in outer.namelist()
    except (OSError, BackupError, *ZIP_ERRORS):
        return False


def unseal(path: Path, db_path: Path, target: Path, recovery_code: str | None = None,
           progress: Progress = no_progress) -> None:
    """Decrypt the backup `path` into the archive.py ZIP `target`: with this PC's backup key when it is the one the
    backup was made with, else with `recovery_code` (said on `progress` first: scrypt holds the program a second or
    two). Raises RecoveryCodeNeeded, or BackupError naming the file; for a backup in parts found damaged, the part
    that does not match its list."""
    try:
        _unseal(path, db_path, target, recovery_code, progress)
    except (RecoveryCodeNeeded, WrongRecoveryCode):
        raise
    except BackupError:
        if (bad := in_parts.bad_part(path)) is not None:
            raise BackupError(bad) from None
        raise


def _unseal(path: Path, db_path: Path, target: Path, recovery_code: str | None, progress: Progress) -> None:
    name = path.name
    try:
        outer = in_parts.zip_of(path)
    except (OSError, *ZIP_ERRORS):
        raise BackupError(f"{name} 不是法治台账的备份文件（无法作为 ZIP 打开）") from None
    with outer:
        names = set(outer.namelist())
        if not {KEY, PAYLOAD} <= names:
            raise BackupError(f"备份 {name} 不完整：缺少 {KEY} 或 {PAYLOAD}")
        key = load_key(db_path)
        identities = [key.identity, *(old for old, _ in key.earlier)] if key is not None else []
        if recovery_code:
            identities.insert(0, _identity_from_code(outer, name, recovery_code, progress))
        if not identities:
            raise RecoveryCodeNeeded(_NEEDS_CODE.format(name=name))
        for position, identity in enumerate(identities):
            try:
                with outer.open(PAYLOAD) as sealed, target.open("wb") as plain:
                    pyrage.decrypt_io(sealed, plain, [identity])
                return
            except pyrage.DecryptError as exc:
                with contextlib.suppress(OSError):
                    target.unlink()
                if "no matching keys" not in str(exc).lower():
                    raise BackupError(f"备份 {name} 已损坏或被改动（解密时校验失败）") from None
                if position == len(identities) - 1:
                    if recovery_code:
                        raise WrongRecoveryCode(f"恢复码与备份 {name} 不相配") from None
                    raise RecoveryCodeNeeded(_NEEDS_CODE.format(name=name)) from None
            except OSError as exc:
                with contextlib.suppress(OSError):
                    target.unlink()
                if exc.errno is not None:  # the disk, not the backup
                    raise failures.from_os(exc, target, "解密备份") from None
                raise BackupError(f"备份 {name} 已损坏或被改动（解密时校验失败）") from None  # age's own words
            except ZIP_ERRORS:  # a flipped byte in its directory: a compression method zipfile does not know
                with contextlib.suppress(OSError):
                    target.unlink()
                raise BackupError(f"备份 {name} 已损坏（ZIP 结构不对）") from None


_NEEDS_CODE = ("备份 {name} 是在另一台电脑上（或本机的密钥文件夹丢失之前）做的，需要输入它的备份恢复码"
               f"（{CODE_IS}，如 {CODE_EXAMPLE}）")


def code_problem(text: str) -> str | None:
    """What is wrong with a typed recovery code's form, before trying it (None: it has the form of one)."""
    chars = normal_code(text).replace("-", "")
    if len(chars) != CODE_GROUPS * GROUP or any(c not in CODE_ALPHABET for c in chars):
        return (f"恢复码应为 {CODE_GROUPS} 组、每组 {GROUP} 个字母或数字（恢复码里没有 0、O、1、I），"
                f"输入的是 {len(chars)} 个字符")
    return None


def _identity_from_code(outer: zipfile.ZipFile, name: str, recovery_code: str,
                        progress: Progress) -> x25519.Identity:
    problem = code_problem(recovery_code)
    if problem:
        raise WrongRecoveryCode(f"恢复码不对：{problem}")
    before_a_pause(progress, OPENING_KEY)
    info = outer.getinfo(KEY)
    if info.file_size > KEY_LIMIT:
        raise BackupError(f"备份 {name} 中的 {KEY} 大小不对")
    try:
        with outer.open(info) as source:
            sealed_key = source.read(KEY_LIMIT + 1)
        text = age_passphrase.decrypt(sealed_key, normal_code(recovery_code)).decode("utf-8")
        return x25519.Identity.from_str(text.strip())
    except pyrage.DecryptError:
        raise WrongRecoveryCode(f"恢复码不对：无法打开备份 {name} 的密钥（请核对抄下的恢复码）") from None
    except (pyrage.IdentityError, UnicodeDecodeError, OSError, *ZIP_ERRORS):
        raise BackupError(f"备份 {name} 中的 {KEY} 已损坏") from None
