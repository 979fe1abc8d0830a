"""Writing a bundle: a BagIt bag, its tag manifest signed in minisign format, packed as one tar, encrypted with age.

The file appears under its final name only when complete and synced (`atomic.replacing`); a full or pulled USB
stick leaves no file with the final name, and the temporary one is removed.

Layout of the tar (the bag is one folder; see docs/BUNDLES.md):

    fazhi-<township>-<sequence>/bagit.txt
    fazhi-<township>-<sequence>/bag-info.txt
    fazhi-<township>-<sequence>/manifest-sha256.txt
    fazhi-<township>-<sequence>/tagmanifest-sha256.txt
    fazhi-<township>-<sequence>/tagmanifest-sha256.txt.minisig
    fazhi-<township>-<sequence>/data/changes.jsonl
    fazhi-<township>-<sequence>/data/roster.jsonl
    fazhi-<township>-<sequence>/data/ledgers/<ledger>.jsonl
    fazhi-<township>-<sequence>/data/attachments/<sha256>
"""

from __future__ import annotations

import hashlib
import io
import shutil
import sqlite3
import tarfile
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pyrage
from pyrage import x25519

from fazhi_desktop.core import (
    atomic,
    export_pending,
    file_parts,
    print_key,
    record_rules,
    renamed,
    year_close,
    year_log_label,
)
from fazhi_desktop.core.attachments import blob_path
from fazhi_desktop.core.bundle import bag, demo_mark, minisign
from fazhi_desktop.core.bundle.collect import Snapshot, collect
from fazhi_desktop.core.bundle.common import (
    BUNDLE_SUFFIX,
    SIGNATURE_NAME,
    BundleError,
    explain_os_error,
)
from fazhi_desktop.core.bundle.keys import (
    NO_COUNTY_KEY,
    county_keys_known,
    no_signing_key,
    signing_key_id,
    township_key,
)
from fazhi_desktop.core.bundle.receipt_lost import IMPORTED_WRITTEN, SHOWN_LABEL
from fazhi_desktop.core.clock import local_today, utc_iso
from fazhi_desktop.core.clock_behind import BAG_LABEL as CLOCK_LABEL
from fazhi_desktop.core.clock_behind import (
    CONFIRM_BUTTON,
    bag_value,
    clock_behind,
    closings_ahead,
    closings_ahead_text,
)
from fazhi_desktop.core.display import size_text
from fazhi_desktop.core.encryption import encrypt, encrypted_size
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.failures import NotAFolder, ReadOnlyStorage, location_read_only
from fazhi_desktop.core.ids import canonical_json, uuid7
from fazhi_desktop.core.jobs import Cancelled, Progress, no_progress
from fazhi_desktop.core.leftovers import WorkFolder, remove_parts, unfinished_note
from fazhi_desktop.core.media import STICK_GONE, Placement, medium_gone, placement
from fazhi_desktop.core.paths import app_version
from fazhi_desktop.core.permissions import roles_allowed, why_not_logged_in
from fazhi_desktop.core.places import KEYS
from fazhi_desktop.core.stick_names import program_output
from fazhi_desktop.core.store import Store

CHUNK = 1 << 20


@dataclass(frozen=True)
class ExportPlan:
    """What the next bundle will carry, for the export wizard and `fazhi export` to show before writing."""

    snapshot: Snapshot
    sequence: int
    previous_hash: str | None

    @property
    def file_name(self) -> str:
        return f"fazhi-{self.snapshot.township}-{self.sequence:06d}{BUNDLE_SUFFIX}"

    @property
    def estimated_bytes(self) -> int:
        snap = self.snapshot
        text = sum(len(line.encode()) + 1 for lines in snap.records.values() for line in lines)
        text += sum(len(line.encode()) + 1 for line in [*snap.changes, *snap.roster])
        entries = len(snap.records) + len(snap.attachments) + 12
        return text + snap.attachment_bytes + entries * 1024 + 16 * 1024


@dataclass(frozen=True)
class ExportResult:
    path: Path
    bundle_id: str
    sequence: int
    bundle_hash: str
    size: int
    summary: dict[str, Any]
    changes_after: int = 0  # the change-log entry it starts after (0: from the first)
    #: what became of an export cut before it was recorded (export_pending.settle), said before this one
    earlier: list[str] = field(default_factory=list)
    #: the files written when the bundle went in parts (a FAT32 stick): `….tar.age.001`, …, `….tar.age.sha256`
    parts: list[Path] = field(default_factory=list)


def plan_export(store: Store, full: bool = False, progress: Progress = no_progress,
                checked: record_rules.Mark | None = None) -> ExportPlan:
    """Read what would be sent now. `checked`: an earlier plan's `snapshot.checked`, whose check is not run again.
    Nothing is written but what the check found (`Store.keep_checked`), so that opening the wizard again, after a
    cancel or without the stick, does not check every record again."""
    snapshot = collect(store, full, progress, checked)
    if snapshot.checked is not None:  # not kept (a full disk, a locked or read-only file): all checked next time
        with suppress(FazhiError, sqlite3.Error):
            store.keep_checked(snapshot.checked)
    last = store.conn.execute("SELECT sequence, bundle_hash FROM bundles_sent ORDER BY sequence DESC LIMIT 1"
                              ).fetchone()
    return ExportPlan(snapshot, (last[0] + 1) if last else 1, last[1] if last else None)


def export_bundle(store: Store, dest_dir: Path | str, signer: minisign.SecretKey, *, full: bool = False,
                  progress: Progress = no_progress, actor: str | None = None,
                  checked: record_rules.Mark | None = None, part_bytes: int | None = None) -> ExportResult:
    """Write the next bundle into `dest_dir` (a USB stick or folder); incremental unless `full`.

    `signer` is the township's unlocked key (`keys.unlock_township_key`). Raises BundleError naming the file and
    the reason (no county key yet, disk full, stick pulled); `Cancelled` when the user stops it. Either way no
    file with the final name is left behind. `checked`: the plan's `snapshot.checked` when the caller read one
    first (the wizard, `fazhi export`): the records its check found meeting today's rules are not checked again.
    A bundle larger than the stick holds in one file (FAT32: 4 GB) is written in parts (core/file_parts.py), of
    `part_bytes` each when given (tests: parts whenever the bundle is larger).
    """
    dest_dir = Path(dest_dir)
    renamed.refuse(store.path, store.conn, renamed.NO_EXPORT)
    recipients = _recipients(store)
    if problem := clock_problem(store):
        raise BundleError(problem + (CLOCK_OK if clock_behind(store) else ""))
    key = township_key(store)
    if key is None or key.public != signer.public:
        raise BundleError("签名密钥与本所登记的密钥不一致")
    if dest_dir.exists() and not dest_dir.is_dir():  # a file picked instead of its folder
        raise BundleError(f"无法写入 {dest_dir}：{NotAFolder.reason}。请给出U盘或一个文件夹")
    if not dest_dir.is_dir():
        raise BundleError(f"目标文件夹不存在：{dest_dir}（U盘是否已插好？）")
    chosen = placement(dest_dir)  # to tell a stick pulled out while writing from one that failed
    earlier = export_pending.settle(store, dest_dir)  # an export cut before it was recorded: sent, or not written
    progress(0, 0, "正在读取要发送的记录……")
    plan = plan_export(store, full, progress, checked)
    snap, sequence = plan.snapshot, plan.sequence
    bundle_id = uuid7()
    target = target_path(dest_dir, plan.file_name, clear=True)
    _check_space(dest_dir, plan.estimated_bytes, full)  # before minutes of packing: a FAT32 or write-protected stick
    with _work_folder(store) as work:
        tar_path = work / "bundle.tar"
        total = plan.estimated_bytes * 2
        bundle_hash = _write_tar(tar_path, store, plan, bundle_id, signer, lambda done: progress(done, total,
                                                                                               "正在打包……"))
        size = tar_path.stat().st_size
        _check_space(dest_dir, size, full)
        summary = snap.summary()
        row = {"sequence": sequence, "bundle_id": bundle_id, "bundle_hash": bundle_hash, "full": int(full),
               "changes_after": snap.changes_after, "changes_through": snap.changes_through,
               "file_name": target.name, "summary": canonical_json(summary), "created_at": utc_iso(store.clock()),
               "created_by": actor or store.setting("operator") or ""}
        attachments = sorted(snap.attachments)
        split = file_parts.part_size_for(dest_dir, encrypted_size(size), part_bytes)
        writing = file_parts.replacing_in_parts(target, split) if split else atomic.replacing(target)
        try:
            with writing as out, tar_path.open("rb") as source:
                reader = _ProgressReader(source, lambda done: progress(size + done, 2 * size, "正在加密写入……"),
                                         hashing=False)
                hashed = _HashingWriter(out)
                try:
                    encrypt(reader, hashed, recipients)
                except pyrage.EncryptError as exc:
                    if reader.stopped is not None:
                        raise reader.stopped from None
                    raise BundleError(f"加密失败：{exc}") from None
                # before the final name: an export cut after it finds the bundle sent (export_pending.py)
                export_pending.note(store, row, attachments, target, hashed.digest.hexdigest())
        except OSError as exc:  # the stick failed (full, pulled out, write-protected), not the encryption
            export_pending.drop(store)
            raise BundleError(_write_failed(target, exc, chosen, sequence)) from None
        except BaseException:
            export_pending.drop(store)
            raise
    parts = file_parts.written(target) if split else []
    written = file_parts.size_of(target, "数据包") if split else target.stat().st_size
    export_pending.record(store, row, attachments, snap.checked)
    progress(1, 1, "完成")
    return ExportResult(target, bundle_id, sequence, bundle_hash, written, summary, snap.changes_after,
                        [earlier] * bool(earlier), parts)


def written_text(result: ExportResult) -> str:
    """Where the bundle went, for the done page and `fazhi export` to say after 已写入: the file, or the parts of a
    bundle written in parts, which go to the county together."""
    if not result.parts:
        return f"{result.path}（{size_text(result.size)}）"
    *parts, index = result.parts
    return (f"{result.path.parent} 中的 {len(result.parts)} 个文件：{parts[0].name} 至 {parts[-1].name}，和分卷清单 "
            f"{index.name}（共 {size_text(result.size)}；FAT32 格式的U盘单个文件不能超过 4 GB，数据包分成了 "
            f"{len(parts)} 卷）。请把这 {len(result.parts)} 个文件一起交给县司法局")


def _write_failed(target: Path, exc: OSError, chosen: Placement, sequence: int) -> str:
    """Why the bundle could not be written onto the stick. A stick pulled out half-way leaves its drive letter gone
    (Windows) or its mount point behind (Linux), where the rename fails "not found": that is said as the check
    before writing says it, with what the clerk worries about next (no bundle written, its number not used: the
    temporary file may stay on the stick, under a name no import takes)."""
    if not medium_gone(chosen):
        return f"无法写入 {target}：{explain_os_error(exc)}"
    return (f"无法写入 {target}：{STICK_GONE}（写到一半时 {chosen.folder} 已不在原来的U盘上）。"
            f"数据包没有写成，第 {sequence} 号不算已发送，下次导出仍用这个序号。请插好U盘后重新导出")


def _work_folder(store: Store) -> WorkFolder:
    """Where the bag is packed before it is encrypted onto the stick: beside the database, where opening it again
    removes what a killed export left (the tar holds every record in clear; core/leftovers.py)."""
    try:
        return WorkFolder(store.path.parent if store.path is not None else None, ".fazhi-export-")
    except OSError as exc:
        raise BundleError(f"无法在数据库所在的文件夹中建立临时文件夹：{explain_os_error(exc)}") from None


def target_path(dest_dir: Path, name: str, clear: bool = False) -> Path:
    """`name` in `dest_dir`, or `…-2.tar.age`, `…-3` when taken: a bundle already on the stick is never replaced. The
    same number comes again after a restore from backup or a reinstall, and the older file may hold the only copy
    of changes the restore undid. A name is taken by a bundle in parts too (by its list). Parts without their list,
    which an export killed while writing them left, are no bundle (the county refuses them) and do not take it:
    `clear` (the export itself) removes them, so that they do not fill the stick; the name said before the export
    (the wizard's page, `fazhi export`) is so the one it writes."""
    stem = name.removesuffix(BUNDLE_SUFFIX)
    for n in range(1, 1000):
        target = dest_dir / (name if n == 1 else f"{stem}-{n}{BUNDLE_SUFFIX}")
        if target.exists() or file_parts.index_path(target).is_file():
            continue
        if clear:
            file_parts.remove_unfinished(target)
        return target
    raise BundleError(f"{dest_dir} 中已有太多名为 {stem}… 的数据包，请先移走一些")


def export_blocker(store: Store) -> str | None:
    """What keeps this office from exporting at all (no signing key, no county key), said in the window's words
    before the clerk picks a stick and types a passphrase; None when it can. Whoever may not open 密钥与登记 (a
    录入员) is told whom to ask, not sent to a menu greyed out for her."""
    if (moved := renamed.said(store.path, store.conn, renamed.NO_EXPORT)) is not None:
        return moved
    key = township_key(store)
    if key is None and signing_key_id(store):  # made once, its files moved or lost
        if why_not_logged_in(store.user, "keys.manage"):
            who = "或".join(roles_allowed("keys.manage"))
            return f"本所签名密钥的文件不见了：请{who}在“{KEYS}”中处理"
        return no_signing_key(store)
    if key is None:
        missing, task, way = "本所还没有签名密钥", "创建密钥", "点“创建密钥”"
    elif not county_keys_known(store).recipients:
        missing, task, way = "尚未添加县级公钥", "添加县级公钥", "点“从文件添加县级公钥”，导入县司法局提供的公钥"
    else:
        return clock_problem(store)
    if why_not_logged_in(store.user, "keys.manage"):
        return f"{missing}：请{'或'.join(roles_allowed('keys.manage'))}在“{KEYS}”中{task}"
    return f"{missing}：请先在“{KEYS}”中{way}"


def clock_problem(store: Store) -> str | None:
    """Why this computer's clock cannot date a bundle: it is more than a day behind the office's last change,
    year-log entry, bundle or backup (core/clock_behind.py: a PC whose battery ran out, back at 2019 after a
    repair), or a year is closed on a day later than now. The county tells a restored office's bundles from those
    it abandoned by when they were made (apply._apply_changes), so a bundle dated in the past would be set aside,
    and it refuses one whose year's closing is dated after the bundle (year_close.parse_bag_value). A clock that
    ran ahead and was put right is gotten past by the 所长's or 管理员's word that it is right now
    (clock_behind.confirm: 电脑时间无误…, `fazhi clock confirm`); a year closed meanwhile is reopened."""
    behind = clock_behind(store)
    if behind is not None:
        return (f"{behind}：请先把电脑的日期和时间改正确，再导出数据包（县里按数据包的制作时间分辨先后）。"
                f"若用手机或网络时间核对过，电脑时间无误（是记下那个时间时电脑时间走快了），请所长或管理员点"
                f"“{CONFIRM_BUTTON}…”确认")
    years = closings_ahead(store)
    return closings_ahead_text(years) if years else None


#: what the CLI adds to `clock_problem` when the clock is behind: the way past it there
CLOCK_OK = "（命令行：所长或管理员用 fazhi clock confirm 确认，或导出时加 --clock-ok）"


def _recipients(store: Store) -> list[x25519.Recipient]:
    known = county_keys_known(store)
    if not known.recipients:
        raise BundleError(NO_COUNTY_KEY)
    return [x25519.Recipient.from_str(r) for r in known.recipients]


def space_problem(dest_dir: Path, size: int, full: bool = False) -> str | None:
    """Why a bundle of about `size` bytes cannot be written into `dest_dir`, or None when it can: a write-protected
    stick, too little room. Asked before the bag is packed, so that a large office hears it at once. (A bundle of 4
    GB or more onto a FAT32 stick, which holds no file that large, goes in parts: `parts_text`.) `full`: the bundle
    planned sends everything, so an incremental one is offered when the room is short. What a killed export, backup
    or receipt left there unfinished is removed first (core/leftovers.remove_parts); what another program is
    writing now, or was writing until a moment ago, is named when the room is short."""
    needed = size + size // 1000 + 64 * 1024  # age adds 16 bytes per 64 KiB chunk and a short header
    if location_read_only(dest_dir):
        return f"{dest_dir} 不能写入：{ReadOnlyStorage.reason}。{ReadOnlyStorage.output_way_out.removesuffix('。')}"
    remove_parts(dest_dir, program_output)
    try:
        free = shutil.disk_usage(dest_dir).free
    except OSError as exc:
        return f"无法读取 {dest_dir}：{explain_os_error(exc)}"
    if free < needed:
        smaller = ("；若县里已收到本所以前的数据包，也可以不勾选“发送全部数据”（命令行不加 --full），"
                   "只发送上次回执以来的变更") if full else ""
        return (f"{dest_dir} 空间不足：数据包约 {size_text(size)}（连同余量需 {size_text(needed)}），"
                f"剩余 {size_text(free)}（请换一个U盘，或删去U盘上不用的文件{smaller}）"
                + (f"。{note}" if (note := unfinished_note(dest_dir)) else ""))
    return None


def parts_text(dest_dir: Path, name: str, size: int) -> str | None:
    """What the plan page and `fazhi export` say of a bundle of about `size` bytes going in parts onto a FAT32
    stick (`file_parts.part_size_for`), or None when it goes whole."""
    encrypted = encrypted_size(size)
    part = file_parts.part_size_for(dest_dir, encrypted)
    if part is None:
        return None
    count = file_parts.part_count(encrypted, part)
    return (f"{dest_dir} 是 FAT32 格式的U盘，单个文件不能超过 4 GB，数据包约 {size_text(encrypted)}：将分成 {count} 个"
            f"文件写入（{file_parts.part_name(name, 1)} 至 {file_parts.part_name(name, count)}），另加分卷清单 "
            f"{name}{file_parts.INDEX_SUFFIX}。请把这 {count + 1} 个文件一起交给县司法局，"
            "县里导入时选其中任意一个或整个U盘都可以")


def _check_space(dest_dir: Path, size: int, full: bool) -> None:
    problem = space_problem(dest_dir, size, full)
    if problem:
        raise BundleError(problem)


def _write_tar(tar_path: Path, store: Store, plan: ExportPlan, bundle_id: str, signer: minisign.SecretKey,
               progress: Any) -> str:
    """Write the bag as a tar, tag files (and signature) first so the county checks them before any payload;
    returns the bundle hash (SHA-256 of the signed tag manifest)."""
    snap = plan.snapshot
    root = f"fazhi-{snap.township}-{plan.sequence:06d}"
    now = store.clock().timestamp()  # the store's clock dates the entries, as it dates the bundle
    texts = {"data/changes.jsonl": _lines(snap.changes), "data/roster.jsonl": _lines(snap.roster),
             **{f"data/ledgers/{ledger}.jsonl": _lines(lines) for ledger, lines in snap.records.items()}}
    manifest = {path: hashlib.sha256(data).hexdigest() for path, data in texts.items()}
    manifest.update({f"data/attachments/{sha}": sha for sha in snap.attachments})
    sizes = [len(data) for data in texts.values()] + list(snap.attachments.values())
    info = _bag_info(store, plan, bundle_id, bag.payload_oxum(sizes))
    tags = {bag.BAGIT: bag.BAGIT_TXT, bag.BAG_INFO: info.text(), bag.MANIFEST: bag.manifest_text(manifest)}
    tag_manifest = bag.manifest_text({name: hashlib.sha256(data).hexdigest() for name, data in tags.items()})
    signature = signer.sign(tag_manifest, trusted_comment(snap.township, plan.sequence, bundle_id),
                            untrusted_comment(signer.public))
    done = 0
    with tar_path.open("wb") as raw, tarfile.open(fileobj=raw, mode="w", format=tarfile.USTAR_FORMAT,
                                                  copybufsize=CHUNK) as tar:

        def add_bytes(path: str, data: bytes) -> None:
            nonlocal done
            tar.addfile(_info(f"{root}/{path}", len(data), now), io.BytesIO(data))
            done += len(data)
            progress(done)

        tar.addfile(_info(root, 0, now, directory=True))
        for name, data in [*tags.items(), (bag.TAG_MANIFEST, tag_manifest), (SIGNATURE_NAME, signature.encode())]:
            add_bytes(name, data)
        for folder in ("data", "data/ledgers", "data/attachments"):
            tar.addfile(_info(f"{root}/{folder}", 0, now, directory=True))
        for path, data in texts.items():
            add_bytes(path, data)
        for sha, size in sorted(snap.attachments.items()):
            source = blob_path(store, sha)
            with source.open("rb") as handle:
                reader = _ProgressReader(handle, lambda n, base=done: progress(base + n))
                tar.addfile(_info(f"{root}/data/attachments/{sha}", size, now), reader)
            if reader.digest is None or reader.digest.hexdigest() != sha:
                raise BundleError(f"附件文件已损坏（内容与文件名的摘要不符）：{source}")
            done += size
    return hashlib.sha256(tag_manifest).hexdigest()


def trusted_comment(township: str, sequence: int, bundle_id: str) -> str:
    """What the signature vouches for besides the tag manifest: township, sequence number and bundle id."""
    return f"fazhi-bundle township={township} sequence={sequence} bundle={bundle_id}"


def untrusted_comment(public: minisign.PublicKey) -> str:
    return f"fazhi-desktop bundle signature, key {public.key_id_hex}"


def _bag_info(store: Store, plan: ExportPlan, bundle_id: str, oxum: str) -> bag.BagInfo:
    snap = plan.snapshot
    forms = " ".join(f"{name}={ledger.version}" for name, ledger in sorted(store.ledgers.items()))
    counts = " ".join(f"{name}={count}" for name, count in sorted(snap.counts.items()))
    made = utc_iso(store.clock())
    confirmed = bag_value(store, made)
    return bag.BagInfo((
        ("Source-Organization", snap.office or snap.township),
        ("External-Identifier", bundle_id),
        ("Bagging-Date", local_today(store.clock).isoformat()),
        ("Payload-Oxum", oxum),
        ("Bag-Software-Agent", f"fazhi-desktop {app_version()}"),
        ("Fazhi-Township", snap.township),
        ("Fazhi-Sequence", str(plan.sequence)),
        ("Fazhi-Previous-Bundle-Hash", plan.previous_hash or "none"),
        ("Fazhi-Full", "yes" if snap.full else "no"),
        ("Fazhi-Changes-After", str(snap.changes_after)),
        ("Fazhi-Changes-Through", str(snap.changes_through)),
        ("Fazhi-Last-Entry-Hash", snap.last_entry_hash),
        ("Fazhi-Created-At", made),
        ("Fazhi-App-Version", app_version()),
        ("Fazhi-Form-Versions", forms),
        ("Fazhi-Record-Counts", counts),
        (print_key.BAG_LABEL, print_key.own(store)),  # the county checks the township's papers with it
        # the last receipt imported: the county names again what a receipt lost on the way named (receipt_lost.py)
        *([(SHOWN_LABEL, shown)] if (shown := store.setting_in_file(IMPORTED_WRITTEN)) else []),
        # only once a year was closed: an older county reads past a label it does not know (bag.BagInfo.parse)
        *([(year_close.BAG_LABEL, snap.year_closings)] if snap.year_closings else []),
        *([(year_close.REASONS_LABEL, snap.year_reasons)] if snap.year_reasons else []),
        *([(year_log_label.LABEL, snap.year_log)] if snap.year_log else []),
        # only while a confirmed clock's accepted times lie ahead (core/clock_behind.py): the county's order
        *([(CLOCK_LABEL, confirmed)] if confirmed else []),
        # only from a demonstration database: a real county refuses it (demo_mark.py)
        *demo_mark.bag_fields(store),
    ))


def _lines(lines: list[str]) -> bytes:
    return "".join(line + "\n" for line in lines).encode("utf-8")


def _info(name: str, size: int, mtime: float, directory: bool = False) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mtime = size, int(mtime)
    info.type = tarfile.DIRTYPE if directory else tarfile.REGTYPE
    info.mode = 0o755 if directory else 0o644
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


class _HashingWriter(io.RawIOBase):
    """The bundle file being written, hashed on the way (the SHA-256 export_pending checks it by)."""

    def __init__(self, out: IO[bytes]):
        super().__init__()
        self.out, self.digest = out, hashlib.sha256()

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        written = self.out.write(data)
        written = len(data) if written is None else written
        self.digest.update(memoryview(data)[:written])
        return written


class _ProgressReader(io.RawIOBase):
    """A file being read, hashed on the way, reporting progress (which may raise Cancelled) every few MB."""

    def __init__(self, source: IO[bytes], report: Any, hashing: bool = True):
        super().__init__()
        self.source, self.report = source, report
        self.digest = hashlib.sha256() if hashing else None
        self.done = 0
        self._reported = 0
        self.stopped: BaseException | None = None

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.source.read(size)
        if self.digest is not None:
            self.digest.update(data)
        self.done += len(data)
        if self.done - self._reported >= 8 * CHUNK or not data:
            self._reported = self.done
            try:
                self.report(self.done)
            except Cancelled as exc:
                self.stopped = exc
                raise
        return data

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
