"""Keys and trust: the township's signing key, the county's age identity and receipt-signing key, and what each side
knows of the other (the county's public keys at a township; the roster of enrolled township keys at the county).

Key files live in `<db>-keys/` beside the database. Private keys are never written in clear: the township's Ed25519
key is a minisign secret-key file encrypted with the office's passphrase (scrypt); the county's age identity is an
age file encrypted with the county's passphrase (`age -d county-identity.age` opens it), and its receipt-signing key
is a minisign secret-key file under the same passphrase. Files are also created readable by the owner only.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pyrage
from pyrage import x25519

from fazhi_desktop.core import accounts, failures, keys_pending, renamed
from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core.bundle import demo_mark, minisign
from fazhi_desktop.core.bundle.common import (
    CODE,
    BundleError,
    check_passphrase,
    keys_dir,
    read_text,
    write_file_atomic,
    write_files_atomic,
)
from fazhi_desktop.core.clock import OFFICE_ZONE, local_time, office_date, utc_iso
from fazhi_desktop.core.divisions import (
    NEW_TOWNSHIP,
    names,
    office_names_place,
    office_shape_problem,
    town_label,
    townships,
)
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.paths import app_version
from fazhi_desktop.core.permissions import roles_allowed, why_not_logged_in
from fazhi_desktop.core.places import KEYS, OFFICE_NAME
from fazhi_desktop.core.store import Store
from fazhi_desktop.core.textfiles import NotParsed, RepeatedKey, parse_json
from fazhi_desktop.core.versions import PROGRAM_KEY, other_format

ENROLMENT_FORMAT = "fazhi-enrolment/1"
TOWNSHIP_SECRET, TOWNSHIP_PUBLIC = "township.key", "township.pub"
COUNTY_IDENTITY, COUNTY_RECIPIENT = "county-identity.age", "county-recipient.txt"
COUNTY_SECRET, COUNTY_PUBLIC = "county-sign.key", "county-sign.pub"
#: the county's age identities before 更换县级密钥 (`county-identity-retired-2026-11-28.age`), kept under the
#: passphrase of the day: bundles a township encrypted to the key it still has open with them (`unlock_county_keys`)
COUNTY_RETIRED = "county-identity-retired-"
#: setting: when the county last replaced its key (UTC), said when a bundle no county key opens is refused
COUNTY_REPLACED = "county_key.replaced"
FINGERPRINT_DIGITS = 32  # 8 groups of 4
#: said once the county's key is made or replaced: until a backup holds it, the key every township encrypts to is on
#: this PC's disk alone (a restore of an earlier backup brings back the old one: first_steps says so until then)
BACK_UP_NEW_KEY = ("请立即备份一次（文件 → 立即备份；命令行：fazhi backup）：此前的备份中没有这把县级密钥，"
                   "备份之前这台电脑的硬盘坏了，它就没有了，加密给它的数据包都打不开")


def fingerprint(data: bytes) -> str:
    """128 bits of SHA-256 as eight groups of four hex digits: easy to read out on the phone and compare."""
    digest = hashlib.sha256(data).hexdigest()[:FINGERPRINT_DIGITS].upper()
    return " ".join(digest[i : i + 4] for i in range(0, FINGERPRINT_DIGITS, 4))


HEARD_AS_DIGITS = str.maketrans("OIL", "011")


def fingerprint_digits(text: str) -> str:
    """A fingerprint as typed, reduced to its digits: spaces, dashes, case and full-width characters do not matter,
    and the letters O, I and L (written for 零 and 一 heard on the phone) count as 0 and 1: no hex digit is a letter
    O, I or L, so nothing else can be meant."""
    plain = unicodedata.normalize("NFKC", text).upper().translate(HEARD_AS_DIGITS)
    return "".join(ch for ch in plain if ch.isalnum())


def _other_format(data: Any, path: Path) -> str:
    """Why an enrolment file of another format is refused, and which side upgrades (a township that upgraded before
    the county was told its file 不是法治台账的密钥登记文件)."""
    other = other_format(data, ENROLMENT_FORMAT)
    if other is None:
        return f"{path} 不是法治台账的密钥登记文件（缺少 format: {ENROLMENT_FORMAT}）"
    if other.newer:
        return (f"登记文件 {path.name} 来自较新版本的乡镇程序（登记文件格式第 {other.number} 版，{other.written_by}），"
                f"本程序读不了：请先把县级程序升级到{other.upgrade_to}，再登记")
    return (f"登记文件 {path.name} 来自较早版本的乡镇程序（登记文件格式第 {other.number} 版，"
            f"本程序读第 {other.ours} 版）：请乡镇把程序升级到与县里相同的版本，再写出登记文件")


def same_fingerprint(a: str, b: str) -> bool:
    """Compare fingerprints as people type them (`fingerprint_digits`)."""
    return fingerprint_digits(a) == fingerprint_digits(b) and bool(fingerprint_digits(a))


def key_fingerprint(public: minisign.PublicKey) -> str:
    return fingerprint(minisign.SIG_ALG + public.key_id + public.key)


def county_fingerprint(recipient: str, signing: minisign.PublicKey) -> str:
    """The county's fingerprint: of both its public keys, as its 密钥与登记 shows it and its key file carries it, and
    as a township computes it again from the file before reading it back on the phone."""
    return fingerprint(f"{recipient}\n{signing.base64()}\n".encode())


# -- township ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TownshipKey:
    """The township's public signing key as the office shows it and the enrolment file carries it."""

    township: str
    office: str
    public: minisign.PublicKey
    created: str
    #: a demonstration township's key (`demo_mark`): only a county demo enrols it
    demo: bool = False

    @property
    def fingerprint(self) -> str:
        return key_fingerprint(self.public)

    @property
    def place(self) -> str:
        """The township its code names in the shipped division list ("海城镇"), or "" for a code not in it: what the
        county shows beside the office the file gives, and what is read out on the phone with the fingerprint."""
        return names().get(self.township, "")

    @property
    def code_text(self) -> str:
        """"代码 640522101 是李旺镇（按区划名单）": shown first where the county enrols a key, above the office the
        file says."""
        if not self.place:
            return f"代码 {self.township} 不在区划名单中"
        return f"代码 {self.township} 是{self.place}（按区划名单）"

    def enrolment(self) -> dict[str, Any]:
        return {
            "format": ENROLMENT_FORMAT, PROGRAM_KEY: app_version(), "township": self.township, "office": self.office,
            "public_key": self.public.base64(), "key_id": self.public.key_id_hex, "fingerprint": self.fingerprint,
            "created": self.created, **({demo_mark.ENROLMENT_KEY: True} if self.demo else {}),
        }


def init_township_key(store: Store, passphrase: str, replace: bool = False,
                      cost: tuple[int, int] | None = None) -> TownshipKey:
    """Create the township's signing key, its private half encrypted with `passphrase`.

    Refuses to replace an existing key unless `replace` (a new key must be enrolled at the county again)."""
    if store.is_county:
        raise BundleError("县级数据库不需要乡镇签名密钥（县级密钥请用“创建县级密钥”）")
    _may_manage_keys(store)
    check_passphrase(passphrase)
    renamed.refuse(store.path, store.conn, renamed.NO_KEY)
    folder = keys_dir(store)
    if (folder / TOWNSHIP_SECRET).exists() and not replace:
        raise BundleError(f"本所已有签名密钥（{folder / TOWNSHIP_SECRET}），不会覆盖")
    if signing_key_id(store) and not replace:  # its files moved or lost: a new key is enrolled again
        raise BundleError(no_signing_key(store))
    secret = minisign.SecretKey.generate()
    text = secret.encrypted_file_text(passphrase, cost or minisign.DEFAULT_COST)
    settings = {"signing_key.id": secret.public.key_id_hex, "signing_key.created": utc_iso(store.clock())}
    keys_pending.note(store, TOWNSHIP_PUBLIC, secret.public.key_id_hex, settings)  # (settled at the next open)
    # together, as the county's (`_create_county_keys`): the new private key written alone (a full disk, the power
    # gone) sat beside the old public one, a pair that signed nothing, and the old passphrase opened neither
    write_files_atomic({folder / TOWNSHIP_SECRET: text.encode(),
                        folder / TOWNSHIP_PUBLIC: secret.public.file_text().encode()}, private=True)
    keys_pending.done(store, settings)
    key = township_key(store)
    assert key is not None
    return key


NO_COUNTY_KEY = (f"尚未添加县级公钥：请先在“{KEYS}”中点“从文件添加县级公钥”，导入县司法局提供的公钥"
                 "（命令行：fazhi county-key add 文件）")
NO_SIGNING_KEY = f"本所还没有签名密钥：请先在“{KEYS}”中点“创建密钥”（命令行：fazhi keys init）"


def signing_key_id(store: Store) -> str | None:
    """The id of the signing key this database made (kept in its settings), its files there or not; None before
    `init_township_key`."""
    return store.setting("signing_key.id")


def no_signing_key(store: Store) -> str:
    """Why there is no key to sign with: none made yet, or the one made (its id in the settings) has no files."""
    registered = signing_key_id(store)
    if not registered:
        return NO_SIGNING_KEY
    return (f"本所已创建过签名密钥（编号 {registered}），但 {keys_dir(store)} 中没有它的文件："
            "如果密钥文件夹被移走或改了名，请放回原处；确实丢失了，请点“更换密钥”"
            "（命令行：fazhi keys init --replace），之后须把新的登记文件交县司法局重新登记")


def township_key(store: Store) -> TownshipKey | None:
    """The township's public key, or None before `init_township_key`."""
    path = keys_dir(store) / TOWNSHIP_PUBLIC
    if not path.exists():
        return None
    public = minisign.parse_public_key(read_text(path))
    if signing_key_id(store) not in (None, public.key_id_hex):
        raise BundleError(f"密钥文件 {path} 与本数据库登记的密钥不一致（可能是从别处复制来的）")
    return TownshipKey(store.township, store.setting("office_name") or "", public,
                       store.setting("signing_key.created") or "", demo_mark.is_demo(store))


def unlock_township_key(store: Store, passphrase: str) -> minisign.SecretKey:
    """The township's signing key, decrypted for one export. Raises BundleError on a wrong passphrase."""
    if store.is_county:
        raise BundleError("这是县级数据库：数据包由各乡镇导出后送到县里；县里导入数据包（fazhi import）"
                          "并出具回执（fazhi receipt write）")
    key = township_key(store)
    if key is None:
        renamed.refuse(store.path, store.conn, renamed.NO_EXPORT)
        raise BundleError(no_signing_key(store))
    path = keys_dir(store) / TOWNSHIP_SECRET
    try:
        secret = minisign.unlock_secret_key(read_text(path), passphrase)
    except minisign.WrongPassphrase as exc:
        raise BundleError(f"无法打开签名私钥 {path}：{exc}。{forgotten_passphrase(store)}") from None
    except minisign.MinisignError as exc:
        raise BundleError(f"无法打开签名私钥 {path}：{exc}") from None
    if secret.public != key.public:
        raise BundleError(f"私钥 {path} 与公钥 {keys_dir(store) / TOWNSHIP_PUBLIC} 不是一对")
    return secret


def forgotten_passphrase(store: Store) -> str:
    """The way out of a forgotten passphrase, said after 口令不对: a new key (更换密钥… in 密钥与登记), by whom, and
    what it costs (the township enrols again; the county's townships take its new key file)."""
    who = "或".join(roles_allowed("keys.manage")) if why_not_logged_in(store.user, "keys.manage") else ""
    if store.is_county:  # a new county key costs all the townships a new key file and a second export: not for a typo
        from fazhi_desktop.core.bundle.county_escrow import BUTTON, COMMAND, kept

        command = "（命令行：fazhi keys init --replace），"
        after = "之后各乡镇须换用新的县级公钥文件，加密给旧密钥、还没有导入的数据包也要请乡镇重新导出"
        if not kept(store):  # `fazhi keys escrow off`: the code opens nothing
            return f"{TYPO_FIRST}。确实忘记了口令：请{who}在“{KEYS}”中点“更换密钥”{command}{after}"
        return (f"{TYPO_FIRST}。确实忘记了口令：请{who}在“{KEYS}”中点“{BUTTON}”（命令行：{COMMAND}），"
                f"密钥和指纹不变，各乡镇什么都不用做。没有备份恢复码的，才更换密钥{command}{after}")
    return (f"忘记了口令：请{who}在“{KEYS}”中点“更换密钥”，设置新口令"
            "（命令行：fazhi keys init --replace），之后须把新的登记文件交县司法局，电话核对指纹后重新登记")


#: how a passphrase that does not open the county's keys is said first
WRONG_COUNTY_PASSPHRASE = "口令不对，无法打开县级私钥文件"


class WrongCountyPassphrase(BundleError):
    """The passphrase did not open the county's identity file: qt/import_dialog.py offers the way back (the backup
    recovery code) on this error, whatever its words."""
#: said before the county is told to replace its key for a passphrase that would not open it
TYPO_FIRST = "请先看看是否开着大写锁定（Caps Lock）、输入法是否在中文或全角状态，再输入一次"


def passphrase_changed_text(county: bool) -> str:
    """Said once 修改口令 is done: what stays the same and where the new passphrase is asked. The county enrols no
    one and exports nothing: it is asked at 导入 and 写回执; and a copy of its keys folder made before opens with the
    old passphrase still, which only 更换县级密钥 stops."""
    if county:
        return ("口令已修改：密钥和指纹不变，各乡镇不必换县级公钥文件。原口令从此打不开本机的私钥；导入数据包和写回执时"
                "请用新口令。此前复制走的密钥文件夹或县级备份仍能用原口令打开：拿过它们的人离任时，请更换县级密钥")
    return "口令已修改：密钥和指纹不变，县司法局不必重新登记。原口令从此打不开私钥；导出数据包时请用新口令。"


#: what 修改口令 is for, in its tooltip, by the office's mode
PASSPHRASE_TIP = {
    False: "知道口令的人离任时：换一个新口令，密钥和指纹不变，不必重新登记（密钥本身可能被带走时，请更换密钥）",
    True: "知道口令的人离任时：换一个新口令，密钥和指纹不变，各乡镇不必换县级公钥文件"
          "（拿过密钥文件夹或县级备份U盘的人离任时，请更换密钥）",
}


#: the account-log event of `change_passphrase` (the passphrase itself is written nowhere)
PASSPHRASE_CHANGED = "修改密钥口令"


def change_passphrase(store: Store, old: str, new: str) -> None:
    """修改口令: the office's private key(s) encrypted again with `new`, after `old` opened them; the keys stay the
    same (public key, fingerprint, enrolment at the county): nothing to enrol or hand out again. For when someone
    who knew the passphrase leaves. A township's secret-key file is replaced in one step; the county's files
    (county-identity.age and county-sign.key, under one passphrase, and its retired identities, `COUNTY_RETIRED`)
    together (write_files_atomic), with their copy sealed to the backup key (county_escrow.py). The same scrypt
    cost as before. Noted in the account log."""
    _may_manage_keys(store)
    check_passphrase(new)
    if new == old:
        raise BundleError("新口令与原口令相同")
    folder = keys_dir(store)
    if store.is_county:
        from fazhi_desktop.core.bundle import county_escrow

        opened = open_county_keys(store, old)  # a wrong old passphrase: said with the way out
        cost = minisign.secret_key_cost(read_text(folder / COUNTY_SECRET))
        files = {folder / COUNTY_IDENTITY: pyrage.passphrase.encrypt(opened.identity_text, new),
                 folder / COUNTY_SECRET: opened.keys.signer.encrypted_file_text(new, cost).encode(),
                 **{folder / name: pyrage.passphrase.encrypt(text, new) for name, text in opened.retired.items()},
                 # the sealed copy with them: the recovery code sets a new passphrase later (county_escrow.py)
                 **county_escrow.sealed(store, opened.identity_text, opened.keys.signer, opened.retired)}
    else:
        secret = unlock_township_key(store, old)
        cost = minisign.secret_key_cost(read_text(folder / TOWNSHIP_SECRET))
        files = {folder / TOWNSHIP_SECRET: secret.encrypted_file_text(new, cost).encode()}
    write_files_atomic(files, private=True)
    with contextlib.suppress(failures.DatabaseLocked, failures.ReadOnlyStorage):  # the files are what counts
        accounts.note(store, PASSPHRASE_CHANGED)


#: (private files, public files) of each passphrase-locked key: the township's, the county's two
_LOCKED_KEYS = (((TOWNSHIP_SECRET,), (TOWNSHIP_PUBLIC,)),
                ((COUNTY_IDENTITY, COUNTY_SECRET), (COUNTY_RECIPIENT, COUNTY_PUBLIC)))


def keep_current_passphrase(current: Path, restored: Path) -> bool:
    """Before a restore swaps in the backup's keys folder (`restored`, unpacked): where it holds the same key as
    this PC's folder (`current`: the public files alike) under another passphrase (修改口令 since the backup was
    made), this PC's private key files go in its place, so that the passphrase the office knows now opens it, and
    the leaver's does not again. Another key (更换密钥 since) is left to the backup, as before (key_notes.py says
    so). Returns whether any was kept; raises BundleError naming a file that cannot be written."""
    kept = False
    for private, public in _LOCKED_KEYS:
        try:
            if any((current / name).read_bytes() != (restored / name).read_bytes() for name in public):
                continue
            if COUNTY_IDENTITY in private:  # the county's retired identities are under its passphrase too
                private = (*private, *(path.name for path in retired_files(current)))
            files = {restored / name: (current / name).read_bytes() for name in private}
            if all(data == path.read_bytes() for path, data in files.items()):
                continue
        except OSError:  # a file missing on either side: no key, or not the same one
            continue
        write_files_atomic(files, private=True)
        kept = True
    return kept


def _may_manage_keys(store: Store) -> None:
    """Creating or replacing a key is the 所长's or 管理员's (`keys.manage`), checked for whoever is logged in."""
    store.permit("keys.manage")


#: setting: the id of the township key whose enrolment file was last written (it may have been enrolled: a restore
#: that brings back another key says so, core/backup/key_notes.py)
ENROLMENT_WRITTEN = "signing_key.enrolment_written"


def write_enrolment(store: Store, path: Path) -> TownshipKey:
    """The enrolment file for the county: township code, office name, public key, fingerprint, creation time. The
    key is recorded as handed out (`ENROLMENT_WRITTEN`) unless the database cannot be written (a write-protected
    stick: the file is what counts)."""
    key = township_key(store)
    if key is None:
        raise BundleError(NO_SIGNING_KEY)
    text = json.dumps(key.enrolment(), ensure_ascii=False, indent=2) + "\n"
    write_file_atomic(Path(path), text.encode("utf-8"))
    with contextlib.suppress(FazhiError):
        store.set_settings(**{ENROLMENT_WRITTEN: key.public.key_id_hex})
    return key



def enrolment_written_text(store: Store, key: TownshipKey, path: Path) -> str:
    """Said once the enrolment file is written (密钥与登记, `fazhi keys export`): what to hand over, what to read out
    on the phone, and, while the county's key file is not added, to ask the county for it then. It said 已保存 and
    the path only: the new 所长 learnt from 第一次使用 what the file was for, and had to phone the county twice."""
    lines = [f"已写出登记文件：{path}",
             f"请把这份文件交县司法局（U盘或公文系统），并打电话请县里核对：先报乡镇“{key.place}”，"
             f"再报指纹：{key.fingerprint}。"]
    held = county_keys_known(store)
    if not (held.recipients or held.signing):
        lines.append(f"同一次电话里，请县司法局把县级公钥文件（县级公钥-{store.township[:6]}.txt）交给本所，"
                     f"添加时请县里读出县级公钥的指纹核对（{KEYS} → 从文件添加县级公钥）。没有它不能导出数据包。")
    return "\n".join(lines)

# -- the county's keys, at the county --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountyPublic:
    """What townships need from the county: the age recipient bundles are encrypted to, the receipt-signing key."""

    county: str
    office: str
    recipient: str
    signing: minisign.PublicKey
    #: the county demo's keys (`demo_mark.KEY_NOTE`): only a demonstration township adds its file
    demo: bool = False

    @property
    def fingerprint(self) -> str:
        return county_fingerprint(self.recipient, self.signing)

    def file_text(self) -> str:
        """The county key file townships add with `fazhi county-key add`; the age1 line alone also works with
        `age -R`. Lines starting with # are comments."""
        return (f"# 法治台账 县级公钥：{self.office}（{self.county}）\n"
                f"{demo_mark.KEY_NOTE_LINE if self.demo else ''}"
                f"# 指纹：{self.fingerprint}\n"
                f"# 第一行 age 加密公钥（数据包加密给县级），第二行 minisign 公钥（核验县级回执）\n"
                f"{self.recipient}\n{self.signing.base64()}\n")


@dataclass(frozen=True)
class CountyKeys:
    """The county's private keys, unlocked for an import session."""

    identity: x25519.Identity
    signer: minisign.SecretKey
    public: CountyPublic
    #: the identities before 更换县级密钥 the passphrase opens (`COUNTY_RETIRED`), newest first
    retired: tuple[x25519.Identity, ...] = ()
    #: when the county last replaced its key (UTC, `COUNTY_REPLACED`), or ""
    replaced: str = ""

    @property
    def identities(self) -> list[x25519.Identity]:
        """Those a bundle is tried with, the one in use first."""
        return [self.identity, *self.retired]


#: what replacing the county's key means, said before it is done: 密钥与登记's 更换密钥 asks it, `fazhi keys init
#: --replace` prints it
REPLACING_COUNTY = (
    "更换县级密钥（忘记口令、密钥泄露，或知道口令、拿过密钥文件夹或县级备份U盘的人离任时）：\n"
    "· 各乡镇都须添加新的县级公钥文件（替换旧的），并电话核对新的指纹。\n"
    "· 旧密钥保留在密钥文件夹中（改用新口令加密）：乡镇换用之前加密给旧密钥的数据包仍能导入，导入报告注明"
    "“用本县旧密钥打开”；“数据完整性”的“县级公钥”一栏标出还在用旧公钥的乡镇。乡镇换用之前，拿到旧密钥的人"
    "也能打开这些数据包：请各乡镇尽快换用。\n"
    "· 更换时要输入原口令；忘记了原口令的，旧密钥打不开，加密给它、还没有导入的数据包，请乡镇添加新的县级公钥后"
    "重新导出（没有回执确认的变更会再次发送），除非旧密钥用备份恢复码另存过（留空原口令时会说明）。\n"
    "· 本县的回执改用新密钥签名，乡镇添加新的县级公钥后才能导入。\n"
    "· 已登记的乡镇密钥和已导入的数据不受影响。")


def init_county_keys(store: Store, passphrase: str, replace: bool = False,
                     cost: tuple[int, int] | None = None, old_passphrase: str | None = None) -> CountyPublic:
    """Create the county's age identity and receipt-signing key, both encrypted with `passphrase`.

    With `replace`, the identity replaced is kept (`COUNTY_RETIRED`): under `passphrase` when `old_passphrase`
    opens it, so that bundles townships encrypted to it before they took the new key file still import; as it was
    when the old passphrase is forgotten (None). The retired files and the new key's files are written together
    (owner-only, as everything in the keys folder)."""
    return _create_county_keys(store, passphrase, replace, cost, old_passphrase).public


def new_county_keys(store: Store, passphrase: str, cost: tuple[int, int] | None = None) -> CountyKeys:
    """The county's first keys (`init_county_keys`), handed back unlocked: for the county demo, which imports at
    once (`unlock_county_keys` right after would run age's scrypt again, two seconds and more)."""
    return _create_county_keys(store, passphrase, False, cost, None)


def _create_county_keys(store: Store, passphrase: str, replace: bool, cost: tuple[int, int] | None,
                        old_passphrase: str | None) -> CountyKeys:
    """The keys made, unlocked; the identities retired by `replace` are not opened here (`unlock_county_keys`)."""
    from fazhi_desktop.core.bundle import county_escrow

    if not store.is_county:
        raise BundleError("乡镇数据库不能创建县级密钥（乡镇的签名密钥请用“创建签名密钥”）")
    _may_manage_keys(store)
    check_passphrase(passphrase)
    renamed.refuse(store.path, store.conn, renamed.NO_KEY)
    folder = keys_dir(store)
    if (folder / COUNTY_IDENTITY).exists() and not replace:
        raise BundleError(f"县级密钥已存在（{folder / COUNTY_IDENTITY}），不会覆盖。"
                          "要换一把新密钥（忘记口令或密钥泄露时），请加 --replace（命令行：fazhi keys init --replace）")
    now = utc_iso(store.clock())
    # the passphrase forgotten: the key replaced, as its sealed copy holds it, is sealed again with the new one
    held = county_escrow.identity_held(store)[0] if replace and old_passphrase is None else None
    retired, retired_open = _retiring(folder, now, old_passphrase, passphrase, held) if replace else ({}, {})
    identity = x25519.Identity.generate()
    recipient = str(identity.to_public())
    identity_text = f"# created: {now}\n# public key: {recipient}\n{identity}\n"
    signer = minisign.SecretKey.generate(demo_mark.key_id(store))  # the demo's says so (a pasted key is refused)
    settings = {"county_key.created": now, "county_key.id": signer.public.key_id_hex}  # (core/renamed.py)
    if retired:
        settings[COUNTY_REPLACED] = now
    # the public halves with the private ones: one written alone and refused (a full disk, Windows' antivirus
    # holding it) left a new private key beside the old public one, and neither passphrase opened the pair
    files = {**retired,
             folder / COUNTY_IDENTITY: pyrage.passphrase.encrypt(identity_text.encode(), passphrase),
             folder / COUNTY_SECRET: signer.encrypted_file_text(passphrase, cost or minisign.DEFAULT_COST).encode(),
             folder / COUNTY_RECIPIENT: (recipient + "\n").encode(),
             folder / COUNTY_PUBLIC: signer.public.file_text().encode(),
             # sealed to the backup key with them: the recovery code sets a new passphrase (county_escrow.py)
             **county_escrow.sealed(store, identity_text.encode(), signer, retired_open)}
    # noted after the seconds of scrypt above, just before the files: another program opening the database in
    # between (a `fazhi` command) settles the note by the files as they are then, and drops it
    keys_pending.note(store, COUNTY_PUBLIC, signer.public.key_id_hex, settings)  # (settled at the next open)
    write_files_atomic(files, private=True)
    keys_pending.done(store, settings)
    public = county_public(store)
    assert public is not None
    return CountyKeys(identity, signer, public)


def _retiring(folder: Path, now: str, old: str | None, new: str,
              held: bytes | None = None) -> tuple[dict[Path, bytes], dict[str, bytes]]:
    """The files that keep the county's identities when it is replaced: the one in use under a retired name, and
    the earlier retired ones, each encrypted again under `new` where `old` opens it (as it was otherwise); and
    those opened, file name -> decrypted text (for county_escrow; without `old`, the one in use as its sealed copy
    holds it, `held`). Raises BundleError when `old` does not open the identity in use."""
    current = folder / COUNTY_IDENTITY
    try:
        data = current.read_bytes()
    except FileNotFoundError:
        return {}, {}
    except OSError as exc:
        raise BundleError(f"无法读取 {current}：{exc.strerror}") from None
    plain = None
    if old is not None:
        try:
            plain = pyrage.passphrase.decrypt(data, old)
            data = pyrage.passphrase.encrypt(plain, new)
        except pyrage.DecryptError:
            raise BundleError(f"原口令不对，无法打开县级私钥文件：\n{current}\n县级密钥未更换。忘记了原口令的，"
                              "更换时不输入原口令：旧密钥仍按原口令保存，本程序打不开加密给它的数据包") from None
    day = local_time(now)[:10]
    name = folder / f"{COUNTY_RETIRED}{day}.age"
    number = 2
    while name.exists():
        name, number = folder / f"{COUNTY_RETIRED}{day}-{number}.age", number + 1
    if plain is None:
        return {name: data}, ({name.name: held} if held is not None else {})
    others = _retired_open(folder, old)
    return ({name: data, **{path: pyrage.passphrase.encrypt(text, new) for path, text in others.items()}},
            {name.name: plain, **{path.name: text for path, text in others.items()}})


def retired_files(folder: Path) -> list[Path]:
    """The county's retired identity files (`COUNTY_RETIRED`), oldest first."""
    return sorted(folder.glob(f"{COUNTY_RETIRED}*.age"))


def _retired_open(folder: Path, passphrase: str) -> dict[Path, bytes]:
    """The retired identity files `passphrase` opens, oldest first, each with its decrypted text (one kept under a
    passphrase forgotten before is passed over, and stays as it is)."""
    files = {}
    for path in retired_files(folder):
        try:
            files[path] = pyrage.passphrase.decrypt(path.read_bytes(), passphrase)
        except (pyrage.DecryptError, OSError):
            continue
    return files


def county_public(store: Store) -> CountyPublic | None:
    folder = keys_dir(store)
    if not (folder / COUNTY_RECIPIENT).exists():
        return None
    recipient = read_text(folder / COUNTY_RECIPIENT).strip()
    signing = minisign.parse_public_key(read_text(folder / COUNTY_PUBLIC))
    return CountyPublic(store.township, store.setting("office_name") or "", recipient, signing,
                        demo_mark.is_demo(store))


#: setting: the id of the county key whose public key file was last written (handed to townships: a restore that
#: brings back another county key says so, core/backup/key_notes.py)
COUNTY_PUBLIC_WRITTEN = "county_key.public_written"


def write_county_public(store: Store, path: Path) -> CountyPublic:
    """The county public key file for the townships. The key is recorded as handed out (`COUNTY_PUBLIC_WRITTEN`)
    unless the database cannot be written, as `write_enrolment` records a township's."""
    public = county_public(store)
    if public is None:
        raise BundleError("县级密钥尚未创建（fazhi keys init）")
    write_file_atomic(Path(path), public.file_text().encode("utf-8"))
    with contextlib.suppress(FazhiError):
        store.set_settings(**{COUNTY_PUBLIC_WRITTEN: public.signing.key_id_hex})
    return public


def unlock_county_keys(store: Store, passphrase: str) -> CountyKeys:
    """The county's private keys for an import or receipt session. Raises BundleError on a wrong passphrase."""
    from fazhi_desktop.core.bundle import county_escrow

    opened = open_county_keys(store, passphrase)
    # keys of an earlier version, or sealed to another backup key: sealed now, for a passphrase forgotten later
    county_escrow.keep_current(store, opened.identity_text, opened.keys.signer, opened.retired)
    return opened.keys


@dataclass(frozen=True)
class OpenedCountyKeys:
    """The county's keys as the passphrase opened them, with the decrypted texts their sealed copy is made of."""

    keys: CountyKeys
    identity_text: bytes
    #: retired identity file name -> decrypted text, of those the passphrase opens
    retired: dict[str, bytes]


def open_county_keys(store: Store, passphrase: str) -> OpenedCountyKeys:
    """`unlock_county_keys` without sealing them: one run of scrypt, for whoever seals them itself
    (county_escrow.set_kept). Raises BundleError on a wrong passphrase."""
    public = county_public(store)
    if public is None:
        raise BundleError("县级密钥尚未创建，请先创建（fazhi keys init）")
    folder = keys_dir(store)
    try:
        identity_text = pyrage.passphrase.decrypt((folder / COUNTY_IDENTITY).read_bytes(), passphrase).decode()
    except pyrage.DecryptError:
        # the path alone on its line: a 。 after it was copied with it
        raise WrongCountyPassphrase(f"{WRONG_COUNTY_PASSPHRASE}：\n{folder / COUNTY_IDENTITY}\n"
                          f"{forgotten_passphrase(store)}") from None
    except OSError as exc:
        raise BundleError(f"无法读取 {folder / COUNTY_IDENTITY}：{exc.strerror}") from None
    try:
        identity = identity_in(identity_text)
    except pyrage.IdentityError:
        raise BundleError(f"{folder / COUNTY_IDENTITY} 中没有有效的 age 私钥") from None
    if str(identity.to_public()) != public.recipient:
        raise BundleError(f"{folder / COUNTY_IDENTITY} 与 {folder / COUNTY_RECIPIENT} 不是一对")
    try:
        signer = minisign.unlock_secret_key(read_text(folder / COUNTY_SECRET), passphrase)
    except minisign.MinisignError as exc:
        raise BundleError(f"无法打开回执签名私钥 {folder / COUNTY_SECRET}：{exc}") from None
    retired = _retired_open(folder, passphrase)
    keys = CountyKeys(identity, signer, public, _retired_identities(retired), store.setting(COUNTY_REPLACED) or "")
    return OpenedCountyKeys(keys, identity_text.encode(), {path.name: text for path, text in retired.items()})


def identity_in(text: str) -> x25519.Identity:
    """The age identity of a decrypted identity file (its comments before); raises pyrage.IdentityError."""
    return x25519.Identity.from_str(next((ln for ln in text.splitlines() if ln.startswith("AGE-SECRET-KEY-")), ""))


def _retired_identities(opened: dict[Path, bytes]) -> tuple[x25519.Identity, ...]:
    """The retired identities of the files the passphrase opened (`_retired_open`), newest first."""
    found = []
    for text in reversed(opened.values()):
        try:
            found.append(identity_in(text.decode()))
        except (pyrage.IdentityError, UnicodeDecodeError):
            continue
    return tuple(found)


# -- the county's keys, at a township ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountyKeyText:
    """The county's public keys as a township has them, or as a county key file gives them: the age recipient(s)
    bundles are encrypted to, the receipt-signing key(s), and the county office the file names (its first comment)."""

    recipients: list[str]
    signing: list[minisign.PublicKey]
    office: str = ""
    added_at: str = ""
    #: the file says it is the county demo's (`demo_mark.KEY_NOTE`)
    demo: bool = False

    @property
    def fingerprint(self) -> str | None:
        """As the county's 密钥与登记 shows it; None unless there is exactly one key of each kind."""
        if len(self.recipients) == 1 and len(self.signing) == 1:
            return county_fingerprint(self.recipients[0], self.signing[0])
        return None

    def same_keys(self, other: CountyKeyText) -> bool:
        return (set(self.recipients) == set(other.recipients)
                and {k.base64() for k in self.signing} == {k.base64() for k in other.signing})

    def describe(self, between: str = "，") -> str:
        """“海原县司法局（640522），指纹 6CC0 2234 …”: what the clerk compares with what the county reads out."""
        return f"{self.office or '（未写明单位）'}{between}{self.keys_said}"

    @property
    def keys_said(self) -> str:
        """“指纹 6CC0 2234 …” (the keys without the office's name, where it is said just before)."""
        if self.fingerprint:
            return f"指纹 {self.fingerprint}"
        return f"加密公钥 {len(self.recipients)} 个、回执签名公钥 {len(self.signing)} 个"


def county_keys_known(store: Store) -> CountyKeyText:
    """The county keys this township has been given (county_key.py adds, replaces and removes them)."""
    return county_keys_in(store.conn)


def county_keys_in(conn: sqlite3.Connection) -> CountyKeyText:
    """`county_keys_known` of a township database's connection (one not opened as a Store: a restore's)."""
    rows = conn.execute("SELECT kind, value, label, added_at FROM county_keys ORDER BY id").fetchall()
    return CountyKeyText([r[1] for r in rows if r[0] == "age"],
                         [minisign.parse_public_key(r[1]) for r in rows if r[0] == "minisign"],
                         next((r[2] for r in rows if r[2]), ""), rows[0][3] if rows else "")


# -- enrolment and revocation (county) ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class EnrolledKey:
    key_id: str
    township: str
    office: str
    public: minisign.PublicKey
    fingerprint: str
    created: str | None
    enrolled_at: str
    revoked_at: str | None
    #: why it was revoked (`REVOKE_REASONS`; None: not said, a key revoked before the reason was kept)
    revoked_reason: str | None = None
    #: for a stolen or lost key, from when it is not trusted (UTC, the start of the day the county gave)
    untrusted_since: str | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    @property
    def in_other_hands(self) -> bool:
        """Revoked as stolen or lost: whoever holds it can sign bundles the county cannot tell from the township's."""
        return self.revoked_reason in UNTRUSTED_REASONS


def read_enrolment(path: Path | str) -> TownshipKey:
    """An enrolment file, checked: format, township code, public key, and that the fingerprint matches the key."""
    path = Path(path)
    text = read_text(path)
    try:
        data = parse_json(text)
    except NotParsed as exc:
        if any(line.strip().startswith(("age1", "untrusted comment:", "AGE-SECRET-KEY", "RW"))
               for line in text.splitlines()[:6]):
            raise BundleError(f"{path.name} 是公钥或密钥文件，不是乡镇的登记文件"
                              f"（登记文件由乡镇在“{KEYS} → 写出登记文件”生成，扩展名 .json）") from None
        said = exc if isinstance(exc, RepeatedKey) else f"格式错误，第 {exc.line} 行" if exc.line else f"JSON {exc}"
        raise BundleError(f"{path} 不是有效的登记文件（{said}）") from None
    if not isinstance(data, dict) or data.get("format") != ENROLMENT_FORMAT:
        raise BundleError(_other_format(data, path))
    township = str(data.get("township") or "")
    if not CODE.match(township) or len(township) != 9:
        raise BundleError(f"{path}：乡镇代码“{township}”应为9位数字")
    try:
        public = minisign.parse_public_key(str(data.get("public_key") or ""))
    except minisign.MinisignError as exc:
        raise BundleError(f"{path}：公钥无效（{exc}）") from None
    demo = data.get(demo_mark.ENROLMENT_KEY, False)
    if not isinstance(demo, bool):
        raise BundleError(f"{path}：“{demo_mark.ENROLMENT_KEY}”应为 true 或 false")
    office = data.get("office") or ""
    if not isinstance(office, str) or (shape := office_shape_problem(office)):
        said = shape if isinstance(office, str) else "应为文字"
        raise BundleError(f"{path.name}：单位名称{said}，不能登记（单位名称印在县里的报表和文书上）。"
                          f"请与该乡镇核对：乡镇的单位名称就是这样写的，请乡镇管理员在{OFFICE_NAME}改正后，在"
                          f"“{KEYS} → 写出登记文件”重新写出；不是的，登记文件被改动过，请乡镇重新写出")
    key = TownshipKey(township, office, public, str(data.get("created") or ""), demo)
    if not same_fingerprint(str(data.get("fingerprint") or ""), key.fingerprint):
        raise BundleError(f"{path}：文件中的指纹与公钥不符，文件可能被改动")
    return key


@dataclass(frozen=True)
class EnrolmentPlan:
    """What enrolling a key would do, said before anyone compares fingerprints on the phone."""

    key: TownshipKey
    enrolled: EnrolledKey | None  # this very key, enrolled before: nothing to do
    replaces: list[EnrolledKey]  # the township's working key(s) it would revoke

    @property
    def already_text(self) -> str:
        assert self.enrolled is not None
        # which of the two is the newer the file does not say: one written before the rename has the old name
        renamed = (f"登记文件写的单位名称“{self.key.office}”与县里现在记下的“{self.enrolled.office}”不同：乡镇在设置中"
                   "修改单位名称后，县里从该乡镇的下一个数据包按新名称记下（数据包有签名），不必重新登记；修改前写出的"
                   "登记文件仍是原名称。") if self.key.office != self.enrolled.office else ""
        return (f"此密钥（{self.enrolled.key_id}）已于 {local_time(self.enrolled.enrolled_at)[:10]} 登记给"
                f"{self.enrolled.office}（{self.enrolled.township}），无需重复登记。{renamed}")

    @property
    def other_file_text(self) -> str:
        """Said when the fingerprint read out on the phone is not this enrolled key's: the township made a new key
        and this is its old file (or another one picked by mistake); the technician must not say it is enrolled."""
        assert self.enrolled is not None
        return (f"这份登记文件中的密钥 {self.enrolled.key_id} 已于 {local_time(self.enrolled.enrolled_at)[:10]} "
                f"登记过：它是{town_label(self.key.township)}较早的登记文件（乡镇可能已更换密钥），或拿错了文件。"
                f"请乡镇在“{KEYS} → 写出登记文件”中写出新的登记文件交来，再登记")

    @property
    def replacing_text(self) -> str:
        held = "、".join(f"{k.key_id}（登记于 {local_time(k.enrolled_at)[:10]}）" for k in self.replaces)
        return (f"{town_label(self.key.township)}已有有效密钥 {held}。登记新密钥 {self.key.public.key_id_hex} "
                "会吊销它，之后用旧密钥签名的数据包将被拒收。")


def plan_enrolment(store: Store, key: TownshipKey) -> EnrolmentPlan:
    """Whether `key` can be enrolled, was enrolled already, or would replace the township's working key."""
    if not store.is_county:
        raise BundleError("只有县级数据库可以登记乡镇密钥")
    if key.demo and (why := demo_mark.refused(store, "这份登记文件", key.township, key.office, "未登记")):
        raise BundleError(why)
    if key.township[:6] != store.township:
        raise BundleError(f"乡镇代码 {key.township} 不属于本县（{store.township}）")
    if (problem := office_problem(key)) is not None:
        raise BundleError(problem)
    existing = enrolled_key(store, key.public.key_id_hex)
    if existing and existing.revoked_at:
        raise BundleError(f"密钥 {key.public.key_id_hex} 已被吊销，不能再次登记；请乡镇重新生成密钥")
    if existing and existing.township != key.township:
        raise BundleError(f"密钥 {key.public.key_id_hex} 已登记给{town_label(existing.township)}")
    replaces = [k for k in enrolled_keys(store, key.township) if k.active and k.key_id != key.public.key_id_hex]
    return EnrolmentPlan(key, existing, replaces)


def office_problem(key: TownshipKey) -> str | None:
    """Why the office an enrolment file gives is not of the township its code names, or None. Neither is covered by
    the fingerprint, which is of the key alone: a file edited from 640522100 to 640522101 still matches 海城镇's
    fingerprint when 海城镇 reads it out, and its key would be trusted for 李旺镇. So the office must name the
    place of its code (海城镇司法所, or 海城司法所 without 镇/乡/街道) and no other township of the list."""
    place = names().get(key.township)
    if not place:
        return (f"乡镇代码 {key.township} 不在区划名单中（随程序发放：resources/divisions/），无法确认是哪个乡镇。"
                f"请核对代码；{NEW_TOWNSHIP}，再登记")
    if not office_names_place(key.office, key.township):
        said = f"登记文件写的是{key.office}" if key.office else "登记文件没有写单位名称"
        return (f"{said}，但代码 {key.township} 是{place}：文件的代码或单位被改过，或不是该乡镇的登记文件。"
                f"请{place}司法所重新写出登记文件，并在电话中核对乡镇名称和指纹（乡镇的单位名称本身写错的，"
                f"请乡镇管理员先在{OFFICE_NAME}改正）")
    return None


def enrol(store: Store, key: TownshipKey, actor: str, replace: bool = False) -> list[str]:
    """Trust `key` for bundles of its township; returns the ids of the township's keys this revoked. A township's
    working key is revoked only with `replace` (asked first: `plan_enrolment`); a key enrolled before is left as it
    is. Call only after the fingerprint has been compared with the township's."""
    now = utc_iso(store.clock())
    with dbmod.transaction(store.conn):
        plan = plan_enrolment(store, key)
        if plan.enrolled:
            return []
        if plan.replaces and not replace:
            raise BundleError(plan.replacing_text + "未登记。")
        for old in plan.replaces:  # replaced: the reason is known (a theft learnt later: revocation.add_reason)
            store.conn.execute("UPDATE township_keys SET revoked_at = ?, revoked_by = ?, revoked_reason = ?"
                               " WHERE key_id = ?", [now, actor, REASON_REPLACED, old.key_id])
        store.conn.execute(
            "INSERT INTO township_keys (key_id, township, office, public_key, fingerprint, created, enrolled_at,"
            " enrolled_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [key.public.key_id_hex, key.township, key.office, key.public.base64(), key.fingerprint,
             key.created or None, now, actor],
        )
    return [old.key_id for old in plan.replaces]


def revocable(store: Store, township: str, key_id: str | None = None) -> list[EnrolledKey]:
    """The township's working keys `revoke` would revoke (only `key_id`, when given), to be named before asking;
    BundleError when there is none."""
    if not store.is_county:
        raise BundleError("只有县级数据库可以吊销乡镇密钥")
    keys = [k for k in enrolled_keys(store, township) if k.active and (not key_id or k.key_id == key_id.upper())]
    if not keys:
        raise BundleError(f"{town_label(township)}没有可吊销的已登记密钥")
    return keys


#: why a township key is revoked: the PC (or the stick with the key folder) stolen or lost, or the key replaced by a
#: new one (a forgotten passphrase, a re-install); said with the revocation (`fazhi revoke --reason`, 吊销密钥)
#: the reason of a key replaced by a new one, also of one revoked by enrolling the township's new key (`enrol`)
REASON_REPLACED = "更换"
REVOKE_REASONS = ("被盗", "丢失", REASON_REPLACED)
#: the reasons after which someone else may hold the key: bundles it signed are not the township's for sure
UNTRUSTED_REASONS = ("被盗", "丢失")
#: what each reason means, the one wording of them: the 吊销密钥 dialog's choices, `--reason` help and the CLI's
#: message when it is missing (`REVOKE_REASONS_SAID`)
REASON_MEANINGS = {"被盗": "电脑或存有密钥的U盘被盗", "丢失": "电脑或存有密钥的U盘丢失",
                   "更换": "乡镇换了新密钥，旧的不再用，如忘记口令、重装后"}
#: the reasons with their meanings in one line: 被盗（…）、丢失（…）或更换（…）
REVOKE_REASONS_SAID = "、".join(f"{r}（{REASON_MEANINGS[r]}）" for r in REVOKE_REASONS[:-1]) + \
    f"或{REVOKE_REASONS[-1]}（{REASON_MEANINGS[REVOKE_REASONS[-1]]}）"


def reasons_left(recorded: str | None) -> tuple[str, ...]:
    """The reasons a revoked key recorded with `recorded` may still be given (core/bundle/revocation.py): any while
    none is; 被盗 or 丢失 for one revoked as 更换 (its PC found stolen or lost afterwards: the township re-installed
    and re-enrolled, and the county learns of the theft later); none once 被盗 or 丢失 is recorded."""
    if recorded is None:
        return REVOKE_REASONS
    return UNTRUSTED_REASONS if recorded == REASON_REPLACED else ()


def revoke(store: Store, township: str, actor: str, key_id: str | None = None, reason: str | None = None,
           since: date | None = None) -> list[str]:
    """Stop trusting a township's key(s): bundles signed with them are refused from now on, also those already on
    their way, and the key cannot be enrolled again. `reason` (`REVOKE_REASONS`) is kept with it and, for a stolen or
    lost key, `since`: the day (Beijing time; today when not given) from which bundles it signed are not trusted,
    those imported since flagged (core/bundle/revocation.py). Returns the key ids."""
    untrusted = untrusted_start(store, reason, since)
    with dbmod.transaction(store.conn):
        ids = [k.key_id for k in revocable(store, township, key_id)]
        store.conn.executemany("UPDATE township_keys SET revoked_at = ?, revoked_by = ?, revoked_reason = ?,"
                               " untrusted_since = ? WHERE key_id = ?",
                               [(utc_iso(store.clock()), actor, reason, untrusted, key) for key in ids])
    return ids


def untrusted_start(store: Store, reason: str | None, since: date | None) -> str | None:
    """The stored start (UTC) of the day a stolen or lost key is not trusted from; None for another reason."""
    if reason is not None and reason not in REVOKE_REASONS:
        raise BundleError(f"吊销原因应为{'、'.join(REVOKE_REASONS)}之一，收到“{reason}”")
    if reason not in UNTRUSTED_REASONS:
        if since is not None:
            raise BundleError(f"只有被盗或丢失的密钥才给出不再信任的日期（原因是“{reason or '未说明'}”）")
        return None
    today = office_date(store.clock())
    day = since or today
    if day > today:
        raise BundleError(f"不再信任的日期 {day.isoformat()} 晚于今天（{today.isoformat()}）："
                          f"请给出电脑或密钥{reason}的那天")
    return utc_iso(datetime.combine(day, time(), OFFICE_ZONE))


def enrolled_keys(store: Store, township: str | None = None) -> list[EnrolledKey]:
    """The roster of township keys, active and revoked, by township."""
    where, params = ("WHERE township = ?", [township]) if township else ("", [])
    rows = store.query(f"SELECT * FROM township_keys {where} ORDER BY township, enrolled_at", params)
    return [_enrolled(r) for r in rows]


def townships_without_key(store: Store) -> tuple[list[str], int]:
    """The county's townships (by the division list) with no working key enrolled, by name, and how many the list
    has: those whose bundles the county cannot take yet (never enrolled, or revoked with no new key). Only those the
    list has this year: one merged away earlier (`until_year`) or set up later (`from_year`) is not asked for."""
    year = office_date(store.clock()).year
    listed = [division for division in townships(store.township) if division.exists_in(year)]
    working = {key.township for key in enrolled_keys(store) if key.active}
    return [division.name for division in listed if division.code not in working], len(listed)


def enrolled_key(store: Store, key_id: str) -> EnrolledKey | None:
    rows = store.query("SELECT * FROM township_keys WHERE key_id = ?", [key_id])
    return _enrolled(rows[0]) if rows else None


def _enrolled(row: dict[str, Any]) -> EnrolledKey:
    return EnrolledKey(row["key_id"], row["township"], row["office"], minisign.parse_public_key(row["public_key"]),
                       row["fingerprint"], row["created"], row["enrolled_at"], row["revoked_at"], row["revoked_reason"],
                       row["untrusted_since"])
