"""忘记县级密钥口令：用备份恢复码设新口令. A forgotten county passphrase used to leave one way on: 更换县级密钥, which
costs all the townships a new county key file and strands the bundles already encrypted to the old key. So the
county's private keys are also kept sealed to the office's backup key (core/backup/sealing.py, the key every backup is
encrypted to, opened on another PC by the recovery code): `county-recovery.age` in the keys folder, an age file to
that key's recipient holding the identity file, the receipt-signing key and the retired identities
(keys.COUNTY_RETIRED). A 所长 or 管理员 who types the recovery code sets a new passphrase (`reset_passphrase`).

Why the code may do this (README, "What the program protects and what it does not"; docs/BUNDLES.md): whoever
holds a county backup and its recovery code reads every record the county imported (the backup holds the
database), and whoever holds the county's PC reads the code in backup-key.json; the sealed keys add the bundles not
yet imported, and receipts. The receipt-signing key is included: the county's fingerprint covers both keys, so a
new signing key would cost every township a new key file, the very cost avoided; a forged receipt makes a township
stop re-sending what it confirms, but the township keeps every record (a full export sends them again), and the
one who can forge is the one trusted with the code and the backups. A township's signing key is not kept so: its
forgotten passphrase costs one new enrolment, and its key in other hands would put records into the county's
indicators in the township's name.

Written with the key files whenever they change (`sealed`: made, 修改口令, 更换县级密钥, this reset), sealed again
to the new backup key at 更换恢复码 and by a restore (`reseal`), and written afresh whenever the passphrase opens the
keys and finds it missing or stale (`keep_current`: keys made by an earlier version)."""

from __future__ import annotations

import base64
import contextlib
import hmac
import json
from pathlib import Path
from typing import Any

import pyrage
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from fazhi_desktop.core import accounts, failures
from fazhi_desktop.core.backup import sealing
from fazhi_desktop.core.backup.archive import BackupError
from fazhi_desktop.core.bundle import minisign
from fazhi_desktop.core.bundle.common import BundleError, check_passphrase, keys_dir, read_text, write_files_atomic
from fazhi_desktop.core.jobs import Progress, no_progress
from fazhi_desktop.core.places import KEYS
from fazhi_desktop.core.store import Store

ESCROW = "county-recovery.age"
FORMAT = "fazhi-county-recovery/1"
#: the account-log events (the code and the passphrase are written nowhere)
RESET = "用备份恢复码重设县级密钥口令"
#: the button in 密钥与登记 and the words that point to it
BUTTON = "忘记口令？用备份恢复码设新口令"
COMMAND = "fazhi keys passphrase --recovery-code"
TOWNSHIP_REFUSED = ("乡镇的签名密钥不能用备份恢复码找回（拿到它的人能以本所名义向县里报送数据）：忘记了口令，"
                    f"请在“{KEYS}”中点“更换密钥”，把新的登记文件交县司法局重新登记")
NO_ESCROW = ("本机没有用备份恢复码保存的县级密钥（县级密钥是较早版本创建的，此后还没有用口令导入过数据包或写过回执），"
             "恢复码帮不上：只能更换县级密钥")
#: setting: "off" when the county keeps no copy of its keys sealed to the backup key (`set_kept`)
KEPT = "county_key.escrow"
ESCROW_ON, ESCROW_OFF = "开启用备份恢复码找回县级密钥口令", "关闭用备份恢复码找回县级密钥口令"
TURNED_OFF = ("本县已关闭用备份恢复码找回县级密钥口令（fazhi keys escrow off），恢复码帮不上：只能更换县级密钥"
              "（要重新开启：fazhi keys escrow on）")
OFF_DONE = ("已关闭用备份恢复码找回县级密钥口令：本机另存的那一份已删除，忘记口令只能更换县级密钥。"
            "以前做的县里备份中仍有那一份（拿到备份和恢复码的人仍能打开当时的县级密钥）")
ON_DONE = "已开启用备份恢复码找回县级密钥口令：县级密钥已另存一份（用备份密钥加密）"
ON_NO_KEY = "已开启用备份恢复码找回县级密钥口令：第一次备份生成恢复码之后，下次输入口令时另存一份"
RESET_DONE = ("已用备份恢复码设置新口令：密钥和指纹不变，各乡镇不必换县级公钥文件，已送来还没有导入的数据包照常导入。"
              "导入数据包和写回执时请用新口令")


def sealed(store: Store, identity_text: bytes, signer: minisign.SecretKey, retired: dict[str, bytes],
           progress: Progress = no_progress) -> dict[Path, bytes]:
    """The sealed copy of the county's keys, `{path: bytes}` to be written with the key files (write_files_atomic):
    the identity file as decrypted, the signing key, the retired identity files `retired` (name -> decrypted text).
    Makes the backup key (and its recovery code, shown by the next backup) when there is none yet. Nothing where the
    county keeps no such copy (`kept`), or where the backup key file is damaged: the new passphrase or the new key
    (a leaked one replaced) is not held up for it, and the copy is sealed again once the key file is restored
    (`keep_current`)."""
    if not kept(store):
        return {}
    try:
        key = sealing.ensure_key(store.path, progress)
    except BackupError:
        return {}
    folder = sealing.keys_folder(store.path)
    return {folder / ESCROW: _seal(_payload(identity_text, signer, _with_unopened(folder, key, retired)), key)}


def kept(store: Store) -> bool:
    """Whether the county keeps its keys sealed to the backup key (on unless `fazhi keys escrow off`)."""
    return store.setting(KEPT) != "off"


def set_kept(store: Store, on: bool, passphrase: str = "") -> bool:
    """`fazhi keys escrow on|off` (a 所长 or 管理员, noted in the account log). Off: the sealed copy deleted now and
    never written again, so the recovery code no longer opens the county's keys on this PC (the backups made before
    still hold a copy) and a forgotten passphrase means 更换县级密钥. On: `passphrase` must open the county's keys
    first (a wrong one raises BundleError, 口令不对…, and nothing changes); the copy is then written with them.
    Returns whether the setting changed."""
    from fazhi_desktop.core.bundle.keys import open_county_keys

    if not store.is_county:
        raise BundleError(TOWNSHIP_REFUSED)
    store.permit("keys.manage")
    opened = open_county_keys(store, passphrase) if on else None  # scrypt once: a wrong one changes nothing
    if not on:
        path = keys_dir(store) / ESCROW
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise BundleError(f"无法删除 {path}：{failures.explain_os_error(exc)}") from None
    changed = kept(store) != on
    if changed:
        store.set_settings(**{KEPT: None if on else "off"})
        with contextlib.suppress(failures.DatabaseLocked, failures.ReadOnlyStorage):
            accounts.note(store, ESCROW_ON if on else ESCROW_OFF)
    if opened is not None:  # on (now, or already): the copy written with the keys the passphrase opened
        keep_current(store, opened.identity_text, opened.keys.signer, opened.retired)
    return changed


def _with_unopened(folder: Path, key: sealing.BackupKey, retired: dict[str, bytes]) -> dict[str, bytes]:
    """`retired` (name -> decrypted text, those the passphrase opened) and the retired identities the sealed copy
    holds whose files the passphrase does not open (the key 更换县级密钥 replaced with its passphrase forgotten,
    `identity_held`): sealed again with them, not dropped by the next import or 修改口令, so the recovery code
    brings them back under a new passphrase (`reset_passphrase`) while their files are there."""
    opened = _open(folder, key)
    held = opened[0].get("retired") if opened is not None else None
    if not isinstance(held, dict):
        return retired
    unopened = {name: text.encode("utf-8") for name, text in held.items()
                if isinstance(text, str) and _retired_name(name) and (folder / name).exists()}
    return {**unopened, **retired}


def _retired_name(name: object) -> bool:
    """A retired identity file's own name in the keys folder (the sealed copy names no other file)."""
    from fazhi_desktop.core.bundle.keys import COUNTY_RETIRED

    return isinstance(name, str) and name.startswith(COUNTY_RETIRED) and Path(name).name == name


def identity_held(store: Store) -> tuple[bytes | None, str]:
    """The county's identity in use as its sealed copy holds it (decrypted text), when this PC's backup key opens
    the copy and it is of the key in use: 更换县级密钥 without the old passphrase keeps it there, so bundles still
    encrypted to it import once the recovery code has set a new passphrase. Else None and why not, in words that
    follow "忘记了原口令，"."""
    from fazhi_desktop.core.bundle import keys as keymod

    if not kept(store):
        return None, "本县已关闭用备份恢复码找回县级密钥口令（fazhi keys escrow off）"
    try:
        key = sealing.load_key(store.path)
    except failures.FazhiError:
        return None, "备份密钥文件已损坏，打不开用备份恢复码另存的县级密钥"
    if key is None:
        return None, "本县还没有备份恢复码（第一次备份时生成），也就没有用它另存的县级密钥"
    opened = _open(keys_dir(store), key)
    public = keymod.county_public(store)
    try:
        identity = keymod.identity_in(opened[0]["identity"]) if opened is not None else None
    except (KeyError, TypeError, pyrage.IdentityError):
        identity = None
    if identity is None or public is None:
        return None, "本机没有用备份恢复码另存的县级密钥（或那一份已损坏）"
    if str(identity.to_public()) != public.recipient:
        return None, "用备份恢复码另存的是本县较早的县级密钥，不是现在用的"
    return opened[0]["identity"].encode("utf-8"), ""


def replacing_forgotten(store: Store) -> str:
    """Said to the technician who replaces the county's key with its passphrase forgotten, before it is done: what
    becomes of the bundles still encrypted to the key replaced (`identity_held`)."""
    _, why = identity_held(store)
    if why:
        return (f"忘记了原口令，{why}：旧密钥更换后就再也打不开了。乡镇换用新的县级公钥之前加密给旧密钥、"
                "还没有导入的数据包将无法导入，须请乡镇添加新的县级公钥后重新导出（没有回执确认的变更会再次发送）。")
    return ("忘记了原口令：旧密钥仍在用备份恢复码另存的那一份中，更换后继续另存。乡镇换用新的县级公钥之前加密给旧密钥的"
            f"数据包，更换后由所长或管理员在“{KEYS}”中点“{BUTTON}”（输入备份恢复码，命令行：{COMMAND}），"
            "旧密钥随之改用新口令加密，就能导入。")


def _payload(identity_text: bytes, signer: minisign.SecretKey, retired: dict[str, bytes]) -> dict[str, Any]:
    return {"format": FORMAT, "identity": identity_text.decode("utf-8"),
            "signing": {"key_id": signer.key_id.hex(), "seed": base64.b64encode(signer.seed).decode("ascii")},
            "retired": {name: text.decode("utf-8") for name, text in sorted(retired.items())}}


def _seal(payload: dict[str, Any], key: sealing.BackupKey) -> bytes:
    return pyrage.encrypt(json.dumps(payload, indent=1).encode("utf-8"), [key.recipient])


def _open(folder: Path, key: sealing.BackupKey) -> tuple[dict[str, Any], bool] | None:
    """The payload of `folder`'s sealed copy and whether `key`'s current identity opened it (else one it replaced at
    更换恢复码); None when there is none or no identity of `key` opens it."""
    try:
        data = (folder / ESCROW).read_bytes()
    except OSError:
        return None
    for position, identity in enumerate([key.identity, *(old for old, _ in key.earlier)]):
        try:
            payload = json.loads(pyrage.decrypt(data, [identity]))
        except (pyrage.DecryptError, ValueError):
            continue
        if isinstance(payload, dict) and payload.get("format") == FORMAT:
            return payload, position == 0
    return None


def reseal(folder: Path) -> bool:
    """Seal the copy in `folder` to the backup key its key file holds, when a key that one replaced sealed it
    (更换恢复码 since: code_change; a restored keys folder after sealing.keep_newer_key kept this PC's newer key).
    Returns whether it was rewritten; raises BundleError naming a file that cannot be written."""
    try:
        key = sealing.key_in(folder)
    except failures.FazhiError:
        return False
    opened = _open(folder, key) if key is not None else None
    if key is None or opened is None or opened[1]:
        return False
    write_files_atomic({folder / ESCROW: _seal(opened[0], key)}, private=True)
    return True


def keep_current(store: Store, identity_text: bytes, signer: minisign.SecretKey, retired: dict[str, bytes]) -> None:
    """After the passphrase opened the county's keys: the sealed copy written when it is missing or holds other keys
    (keys made by an earlier version, a replacement cut short), so the recovery code can set a new passphrase
    later. Only where the backup key exists (a county that never made a backup has no code to type); quietly: a
    read-only keys folder leaves it for the next time."""
    if not kept(store):
        return
    try:
        key = sealing.load_key(store.path)
    except failures.FazhiError:
        return
    if key is None:
        return
    payload = _payload(identity_text, signer, _with_unopened(keys_dir(store), key, retired))
    opened = _open(keys_dir(store), key)
    if opened is not None and opened[1] and opened[0] == payload:
        return
    with contextlib.suppress(BundleError):
        write_files_atomic({keys_dir(store) / ESCROW: _seal(payload, key)}, private=True)


def reset_passphrase(store: Store, recovery_code: str, new: str) -> None:
    """忘记口令: the county's private keys (identity, receipt-signing key, the retired identities kept) encrypted
    with `new`, taken from the copy sealed to the backup key after `recovery_code` proved to be the office's current
    one (as accounts.recover_admin checks it). A 所长 or 管理员 only; the keys, fingerprint and the townships' key
    files stay the same. All files written together; noted in the account log, a wrong code too. Raises
    BundleError (nothing changed) on a wrong code, on a township database, without a sealed copy."""
    from fazhi_desktop.core.bundle import keys as keymod

    if not store.is_county:
        raise BundleError(TOWNSHIP_REFUSED)
    store.permit("keys.manage")
    if not kept(store):
        raise BundleError(TURNED_OFF)
    public = keymod.county_public(store)
    if public is None:
        raise BundleError("县级密钥尚未创建，请先创建（fazhi keys init）")
    key = sealing.load_key(store.path) if store.path else None
    if key is None:
        raise BundleError("本县还没有备份恢复码（第一次备份时生成），不能用它设新口令")
    problem = sealing.code_problem(recovery_code or "")
    if problem or not hmac.compare_digest(sealing.normal_code(recovery_code), key.code):
        with contextlib.suppress(failures.DatabaseLocked, failures.ReadOnlyStorage):
            accounts.note(store, accounts.RECOVERY_WRONG)
        raise BundleError(f"恢复码不对：{problem}" if problem else
                          "备份恢复码不对（请核对抄下的恢复码；更换恢复码之后，原来的恢复码不能再用），口令未修改")
    check_passphrase(new)
    folder = keys_dir(store)
    opened = _open(folder, key)
    if opened is None:
        raise BundleError(NO_ESCROW)
    payload = opened[0]
    try:
        identity_text = payload["identity"].encode("utf-8")
        identity = keymod.identity_in(payload["identity"])
        seed = base64.b64decode(payload["signing"]["seed"], validate=True)
        signer = minisign.SecretKey(bytes.fromhex(payload["signing"]["key_id"]), seed, minisign.PublicKey(
            bytes.fromhex(payload["signing"]["key_id"]), Ed25519PrivateKey.from_private_bytes(seed)
            .public_key().public_bytes_raw()))
        retired = {name: text.encode("utf-8") for name, text in payload["retired"].items()}
    except (KeyError, TypeError, ValueError, AttributeError, pyrage.IdentityError):
        raise BundleError(f"{folder / ESCROW} 已损坏，恢复码帮不上：只能更换县级密钥") from None
    if str(identity.to_public()) != public.recipient or signer.public != public.signing:
        raise BundleError(f"{folder / ESCROW} 保存的是本县较早的县级密钥，不是现在用的：恢复码帮不上，只能更换县级密钥")
    cost = minisign.secret_key_cost(read_text(folder / keymod.COUNTY_SECRET))
    files = {folder / keymod.COUNTY_IDENTITY: pyrage.passphrase.encrypt(identity_text, new),
             folder / keymod.COUNTY_SECRET: signer.encrypted_file_text(new, cost).encode(),
             **{folder / name: pyrage.passphrase.encrypt(text, new) for name, text in retired.items()
                if _retired_name(name) and (folder / name).exists()},
             folder / ESCROW: _seal(payload, key)}
    write_files_atomic(files, private=True)
    with contextlib.suppress(failures.DatabaseLocked, failures.ReadOnlyStorage):  # the files are what counts
        accounts.note(store, RESET)
