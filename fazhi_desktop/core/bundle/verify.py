"""Verifying a bundle completely before anything is changed (county side).

In order: decrypt and extract safely (unpack.py); the signature on the tag manifest, by an enrolled and unrevoked
key of the township the bag names; the tag manifest against the tag files; bag-info against the signed comment and
the key's township; the payload manifest against every payload file (none missing, none unlisted); then the
contents (records.py). The first failure is reported, naming the file and the reason.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from fazhi_desktop.core import clock_behind, print_key, year_close, year_log_label
from fazhi_desktop.core.bundle import bag, demo_mark, minisign, replaced_key
from fazhi_desktop.core.bundle.common import SIGNATURE_NAME, BundleError, explain_os_error
from fazhi_desktop.core.bundle.export import trusted_comment, untrusted_comment
from fazhi_desktop.core.bundle.keys import REASON_REPLACED, CountyKeys, EnrolledKey, enrolled_key, enrolled_keys
from fazhi_desktop.core.bundle.receipt_lost import SHOWN_LABEL
from fazhi_desktop.core.bundle.records import Contents, read_contents
from fazhi_desktop.core.bundle.revocation import refused_hint
from fazhi_desktop.core.bundle.unpack import unpack
from fazhi_desktop.core.clock import is_utc_iso, local_time, office_date
from fazhi_desktop.core.db import BUNDLE_MADE
from fazhi_desktop.core.divisions import renamed_office_problem, town_label
from fazhi_desktop.core.jobs import Progress, no_progress
from fazhi_desktop.core.leftovers import WorkFolder
from fazhi_desktop.core.paths import app_version
from fazhi_desktop.core.places import KEYS
from fazhi_desktop.core.store import Store
from fazhi_desktop.core.versions import newer_program

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_HASH = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class BundleInfo:
    """What bag-info.txt says, after the signature and the tag manifest have vouched for it."""

    file_name: str
    bundle_id: str
    township: str
    office: str
    sequence: int
    previous_hash: str | None
    full: bool
    changes_after: int
    changes_through: int
    last_entry_hash: str
    created_at: str
    app_version: str
    form_versions: dict[str, int]
    bundle_hash: str
    key: EnrolledKey
    #: the township's years closed or reopened (core/year_close.py, "2026=close@2027-01-15"); None from a township
    #: that never closed one, or from an earlier version
    year_closings: str | None = None
    #: why the years open again were reopened ('{"2026":"补录12月30日的党委会"}'); None when none is, or from an
    #: earlier version
    year_reasons: str | None = None
    #: every closing and reopening of the township's years (core/year_log_label.py); None from a township that never
    #: closed one, or from an earlier version
    year_log: str | None = None
    #: when the township confirmed its clock right after it ran ahead, and the latest time it had recorded then
    #: (core/clock_behind.py, Fazhi-Clock-Confirmed): its bundles dated up to that time were made before this one
    clock_confirmed: tuple[str, str] | None = None
    #: the key the township's printed codes are made with (core/print_key.py); None from an earlier version
    print_key: str | None = None
    #: when the last receipt the township imported was written (`receipt_lost.SHOWN_LABEL`); None: none imported
    receipt_shown: str | None = None
    #: from a demonstration township (`demo_mark.BAG_LABEL`): only a county demo takes it
    demo: bool = False
    #: when the county imported it, if it says it was made later than that by more than the slack and the county's
    #: own clock was not in doubt then (core/bundle/clock_notes.py `made_before`); set by the import, not bag-info
    made_before: str | None = None
    #: signed by a key revoked as 更换, taken as a late bundle once the reviewer confirmed it
    #: (core/bundle/replaced_key.py): the number of that key's bundle it follows
    replaced_after: int | None = None

    @property
    def made(self) -> str:
        """Where the bundle stands among the township's bundles in the order they were made (db.BUNDLE_MADE)."""
        made = self.made_before or self.created_at
        return max(made, self.clock_confirmed[1]) if self.clock_confirmed else made


@dataclass
class VerifiedBundle:
    info: BundleInfo
    contents: Contents
    attachments: dict[str, Path] = field(default_factory=dict)  # sha256 -> extracted file
    #: the county's age recipient whose identity opened it (kept in `bundles_received.county_key`)
    county_key: str = ""
    #: opened with a key the county had before 更换县级密钥: the township still has its old county key file
    old_county_key: bool = False


@contextlib.contextmanager
def open_bundle(store: Store, path: Path | str, keys: CountyKeys, progress: Progress = no_progress,
                unverified: bool = False, accept: Collection[str] = ()) -> Iterator[VerifiedBundle]:
    """Decrypt and verify `path` completely; yields its verified contents. The extracted files are removed after.

    Raises BundleError naming the file and the first thing wrong with it. Reads the database, never writes it.
    `unverified`: a key revoked does not stop it (its signature is still checked), to list what a bundle signed by
    a stolen key holds (core/bundle/revocation.py), never to import it. `accept`: the hashes of the late bundles
    of keys revoked as 更换 the reviewer confirmed (core/bundle/replaced_key.py).
    """
    path = Path(path)
    parent = store.path.parent if store.path is not None else None
    try:
        folder = WorkFolder(parent, ".fazhi-import-")
    except OSError as exc:
        raise BundleError(f"无法建立临时文件夹：{explain_os_error(exc)}") from None
    with folder as work:
        yield verify_file(store, path, keys, work, progress, unverified, accept)


def verify_file(store: Store, path: Path, keys: CountyKeys, work: Path, progress: Progress,
                unverified: bool = False, accept: Collection[str] = ()) -> VerifiedBundle:
    """Everything: decryption, tag files, payload against the manifest, then the contents."""
    name = path.name
    checked: list[BundleInfo] = []

    def check_tags(root: str, tags: dict[str, bytes]) -> dict[str, str]:
        info, manifest = verify_tags(store, root, tags, name, unverified, accept)
        checked.append(info)
        return manifest

    unpacked = unpack(path, keys, work, progress, check_tags)
    info = checked[0]
    oxum = bag.payload_oxum(list(unpacked.sizes.values()))
    if bag.BagInfo.parse(unpacked.tags[bag.BAG_INFO]).get("Payload-Oxum") != oxum:
        raise BundleError(f"数据包 {name} 的 Payload-Oxum 与实际文件不符")
    sizes = {sha: unpacked.sizes[f"data/attachments/{sha}"] for sha in unpacked.files}
    try:
        contents = read_contents(store, info.township, info.changes_after, info.changes_through,
                                 info.last_entry_hash, unpacked.texts, sizes, name, info.form_versions, progress)
    except BundleError as exc:
        newer = _newer_program(info.app_version, str(exc))
        if newer:
            raise BundleError(f"{exc}{newer}") from None
        raise
    return VerifiedBundle(info, contents, unpacked.files, unpacked.county_key,
                          unpacked.county_key != keys.public.recipient)


def _newer_program(sender: str | None, said: str = "") -> str:
    """A hint when a verified bundle's contents are refused and a newer program wrote them (a township upgraded
    before the county): the format may have grown, and upgrading the county's program is the remedy. Only the
    versions when `said` (the refusal) already says to upgrade (a newer form)."""
    if newer_program(sender) and "升级" in said:
        return f"（数据包由 {sender} 版程序生成，本程序是 {app_version()}）"
    return (f"（数据包由较新版本的程序 {sender} 生成，本程序是 {app_version()}：请先把县级程序升级到 {sender} "
            "或更新版本，再导入）") if newer_program(sender) else ""


def verify_tags(store: Store, root: str, tags: dict[str, bytes], name: str, unverified: bool = False,
                accept: Collection[str] = ()) -> tuple[BundleInfo, dict[str, str]]:
    """The signature, the tag manifest, bagit.txt and bag-info; returns the bundle's identity and its payload
    manifest (path -> SHA-256). A bundle signed by a key revoked as 更换 is checked in full too, then refused as any
    revoked key's unless it is a late one (core/bundle/replaced_key.py) whose hash is in `accept`."""
    for required in (SIGNATURE_NAME, bag.TAG_MANIFEST, *bag.TAG_FILES):
        if required not in tags:
            raise BundleError(f"数据包 {name} 缺少 {required}（或它不在数据文件之前）")
    revoked = _revoked_here(store, tags, name, unverified)
    if revoked is None:
        return _verified_tags(store, root, tags, name, unverified)
    try:  # the signature and everything it vouches for, before anything the bundle says is believed
        info, manifest = _verified_tags(store, root, tags, name, unverified=True)
    except BundleError:
        raise BundleError(_revoked_refusal(store, revoked, name)) from None
    after = replaced_key.continued(store, revoked, info)
    if after is None:
        raise replaced_key.Refused(_revoked_refusal(store, revoked, name), revoked.key_id)
    if info.bundle_hash not in accept:  # this bundle confirmed, not any its key signed
        raise replaced_key.unconfirmed(_revoked_refusal(store, revoked, name), revoked, info, after)
    return replace(info, replaced_after=after), manifest


def _verified_tags(store: Store, root: str, tags: dict[str, bytes], name: str,
                   unverified: bool) -> tuple[BundleInfo, dict[str, str]]:
    key, comment = _check_signature(store, tags, name, unverified)
    tag_entries = bag.parse_manifest(tags[bag.TAG_MANIFEST], f"{name} 的 {bag.TAG_MANIFEST}")
    if set(tag_entries) != set(bag.TAG_FILES):
        raise BundleError(f"数据包 {name} 的标签清单应恰好列出 {'、'.join(bag.TAG_FILES)}")
    for tag_name, digest in tag_entries.items():
        if hashlib.sha256(tags[tag_name]).hexdigest() != digest:
            raise BundleError(f"数据包 {name} 中的 {tag_name} 与标签清单不符（文件被改动）")
    if tags[bag.BAGIT] != bag.BAGIT_TXT:
        raise BundleError(f"数据包 {name} 的 bagit.txt 内容不对")
    try:
        info = _bag_info(tags, name, key, comment, hashlib.sha256(tags[bag.TAG_MANIFEST]).hexdigest())
    except BundleError as exc:  # signed by an enrolled key: a label a newer program writes otherwise, say so
        newer = _newer_program(bag.BagInfo.parse(tags[bag.BAG_INFO]).find("Fazhi-App-Version"))
        if newer:
            raise BundleError(f"{exc}{newer}") from None
        raise
    if root != f"fazhi-{info.township}-{info.sequence:06d}":
        raise BundleError(f"数据包 {name} 的文件夹名 {root} 与 bag-info 不符")
    if info.demo and (why := demo_mark.refused(store, f"数据包 {name} ", info.township, info.office, "未导入")):
        raise BundleError(why)
    return info, bag.parse_manifest(tags[bag.MANIFEST], f"{name} 的 {bag.MANIFEST}")


def _check_signature(store: Store, tags: dict[str, bytes], name: str,
                     unverified: bool = False) -> tuple[EnrolledKey, str]:
    where = f"数据包 {name} 的签名文件 {SIGNATURE_NAME}"
    try:
        signature = minisign.Signature.parse(tags[SIGNATURE_NAME].decode("utf-8"))
    except (minisign.MinisignError, UnicodeDecodeError) as exc:
        reason = exc if isinstance(exc, minisign.MinisignError) else "不是 UTF-8 文字"
        raise BundleError(f"{where}无效：{reason}") from None
    key = enrolled_key(store, signature.key_id_hex)
    if key is None:
        hint = _unknown_key_hint(store, tags)
        raise BundleError(f"数据包 {name} 的签名密钥 {signature.key_id_hex} 未在本县登记"
                          f"（签名文件 {SIGNATURE_NAME}）{hint}")
    if key.revoked_at and not unverified and not _imported_before_revocation(store, key, tags[bag.TAG_MANIFEST]):
        raise BundleError(_revoked_refusal(store, key, name))
    if signature.untrusted_comment != untrusted_comment(key.public):
        raise BundleError(f"{where}：第 1 行的注释被改动")
    try:
        comment = key.public.verify(tags[bag.TAG_MANIFEST], tags[SIGNATURE_NAME].decode("utf-8"))
    except minisign.MinisignError as exc:
        raise BundleError(f"{where}核验失败：{exc}（{bag.TAG_MANIFEST} 或签名被改动）") from None
    return key, comment


def _revoked_here(store: Store, tags: dict[str, bytes], name: str, unverified: bool) -> EnrolledKey | None:
    """The key revoked as 更换 that signed the bundle, when it is to be checked as a late one of that key
    (core/bundle/replaced_key.py); None for any other (`_check_signature` says what it says of it)."""
    if unverified:
        return None
    try:
        key_id = minisign.Signature.parse(tags[SIGNATURE_NAME].decode("utf-8")).key_id_hex
    except (minisign.MinisignError, UnicodeDecodeError):
        return None
    key = enrolled_key(store, key_id)
    if key is None or not key.revoked_at or key.revoked_reason != REASON_REPLACED \
            or _imported_before_revocation(store, key, tags[bag.TAG_MANIFEST]):
        return None
    return key


def _revoked_refusal(store: Store, key: EnrolledKey, name: str) -> str:
    """The refusal of a bundle signed by a revoked key, and what to do about it."""
    return (f"数据包 {name} 的签名密钥 {key.key_id}（{key.office}，{key.township}）"
            f"已于 {local_time(key.revoked_at or '')} 吊销，拒绝接收（签名文件 {SIGNATURE_NAME}）"
            f"{_revoked_key_hint(store, key)}")


def _imported_before_revocation(store: Store, key: EnrolledKey, tag_manifest: bytes) -> bool:
    """Whether this very bundle (its tag manifest's hash) was imported under `key`: before the key was revoked (a
    stick read again after the township's new key was enrolled), or after it as a late bundle the reviewer confirmed
    (core/bundle/replaced_key.py). It is then a repeat, 之前已导入, not a refusal in red of a bundle whose data the
    county holds and counts."""
    return store.conn.execute(
        "SELECT 1 FROM bundles_received WHERE bundle_hash = ? AND key_id = ?",
        [hashlib.sha256(tag_manifest).hexdigest(), key.key_id]).fetchone() is not None


def _revoked_key_hint(store: Store, revoked: EnrolledKey) -> str:
    """What to do about a bundle signed by a revoked key: export again with the key enrolled now, or, with none,
    make a new one and enrol it; a township back on its old key after restoring an old backup has only the second.
    A key revoked as stolen or lost: what the county cannot tell, and what the township enters again
    (`revocation.refused_hint`)."""
    if revoked.in_other_hands:
        return refused_hint(store, revoked)
    held = [k for k in enrolled_keys(store, revoked.township) if not k.revoked_at]
    before = _reinstalled_after(store, revoked) if held else None
    if before is not None:  # its PC re-installed since: a new database, which has none of these changes
        return (f"。这把密钥是该乡镇重装前的电脑用的，乡镇重装后已换用密钥 {held[-1].key_id}（登记于 "
                f"{local_time(held[-1].enrolled_at)}）：这个数据包里的变更新安装中没有，乡镇重新导出也带不来。"
                f"{before}此后在旧电脑上登记或修改的记录，请乡镇按纸质材料在新安装中补录后导出报送")
    if held and not _has_sent(store, held[-1]):  # a new install's or the same database's: not known until it sends
        now = (f"。该乡镇现用密钥 {held[-1].key_id}（登记于 {local_time(held[-1].enrolled_at)}），还没有报送过数据包："
               "只是更换了密钥（如忘记口令）的，请乡镇用它重新导出，未确认的变更会重新发送；"
               "乡镇如是重装了电脑（新设置的数据库），这个数据包里的变更新安装中没有，重新导出也带不来："
               "请乡镇按纸质材料在新安装中补录后导出报送")
    elif held:
        now = (f"。该乡镇现用密钥 {held[-1].key_id}（登记于 {local_time(held[-1].enrolled_at)}）："
               "请乡镇用它重新导出，未确认的变更会重新发送")
    else:
        now = f"。乡镇须在“{KEYS}”中更换密钥，电话核对指纹后重新登记"
    return (f"{now}。如乡镇从更换密钥之前的备份恢复过，它用的又是这把旧密钥："
            "须再更换密钥，电话核对指纹后重新登记，再导出")


def _has_sent(store: Store, key: EnrolledKey) -> bool:
    """Whether the county holds a bundle `key` signed."""
    return store.conn.execute("SELECT 1 FROM bundles_received WHERE key_id = ? LIMIT 1",
                              [key.key_id]).fetchone() is not None


def _reinstalled_after(store: Store, revoked: EnrolledKey) -> str | None:
    """When the install that used `revoked` was replaced by a re-install (its bundles `replaced_by` the new one's
    first, core/bundle/apply.py): "县里收到的重装前的最后一个数据包是第 4 号（乡镇 2026-11-02 制作）。"; None when
    it was not (a key replaced in the same database: that database sends its changes again with the new key)."""
    row = store.conn.execute(
        f"SELECT sequence, {BUNDLE_MADE} FROM bundles_received WHERE key_id = ? AND replaced_by IS NOT NULL"
        f" ORDER BY {BUNDLE_MADE} DESC, sequence DESC LIMIT 1", [revoked.key_id]).fetchone()
    if row is None:
        return None
    return f"县里收到的重装前的最后一个数据包是第 {row[0]} 号（乡镇 {office_date(row[1]).isoformat()} 制作）。"


def _unknown_key_hint(store: Store, tags: dict[str, bytes]) -> str:
    """What to do about a bundle signed by a key the county does not know, going by the township its bag-info
    names (not yet verified, so only for the advice): a township that made a new key must have it enrolled."""
    township = _claimed_township(tags[bag.BAG_INFO])
    held = [k for k in enrolled_keys(store, township) if not k.revoked_at] if township else []
    if held:
        return (f"。数据包自称来自{held[-1].office}（{township}），"
                f"本县为该乡镇登记的是密钥 {held[-1].key_id}：乡镇可能重新生成了密钥，请乡镇送来新的登记文件，"
                f"在“{KEYS}”中登记（会吊销旧密钥），电话核对新密钥的指纹")
    if township:
        return (f"。数据包自称来自{town_label(township)}，本县尚未登记该乡镇的密钥：请在“{KEYS}”中登记乡镇送来的"
                "登记文件（电话核对指纹）")
    return "（请先登记该乡镇的密钥）"


#: how far into an unverified bag-info `_claimed_township` looks: the program writes Fazhi-Township sixth, after
#: the office's name and four short labels
_CLAIM_BYTES = 2048


def _claimed_township(info: bytes) -> str:
    """The township code an unsigned bag-info gives, read from its first lines only, or "": parsing the whole file
    before its signature was checked let anyone with the county's public key hold the import up for a minute."""
    for line in info[:_CLAIM_BYTES].split(b"\n")[:-1]:  # whole lines: not one the cut ends in
        if line.startswith(b"Fazhi-Township: "):
            code = line.removeprefix(b"Fazhi-Township: ")
            return code.decode("ascii") if re.fullmatch(rb"\d{9}", code) else ""
    return ""


def _bag_info(tags: dict[str, bytes], name: str, key: EnrolledKey, comment: str, bundle_hash: str) -> BundleInfo:
    """bag-info checked as far as the county later reads it: every number, time, hash and choice as the program
    writes it (a value kept and read back later, 2026年6月1日 as when a bundle was made, broke 数据完整性 and every
    report for all townships), and the township and office those of the key that signed it."""
    info = bag.BagInfo.parse(tags[bag.BAG_INFO])
    where = f"数据包 {name} 的 bag-info.txt"
    township = info.get("Fazhi-Township")
    sequence = _number(info, "Fazhi-Sequence", where)
    after, through = _number(info, "Fazhi-Changes-After", where), _number(info, "Fazhi-Changes-Through", where)
    try:
        versions = dict(pair.split("=", 1) for pair in info.get("Fazhi-Form-Versions").split())
    except ValueError:
        raise BundleError(f"{where} 中“Fazhi-Form-Versions”的格式不对（应为“台账=版本”）") from None
    if not all(_NUMBER.match(version) for version in versions.values()):
        raise BundleError(f"{where} 中“Fazhi-Form-Versions”的版本号不是数字")
    forms = {ledger: int(version) for ledger, version in versions.items()}
    bundle_id, previous = info.get("External-Identifier"), info.get("Fazhi-Previous-Bundle-Hash")
    last_hash = info.get("Fazhi-Last-Entry-Hash")
    if not _UUID.match(bundle_id) or not _HASH.match(last_hash) or not (previous == "none" or _HASH.match(previous)):
        raise BundleError(f"{where} 中数据包标识或摘要格式不对")
    if not (0 <= after <= through) or sequence < 1:
        raise BundleError(f"{where} 中序号或变更范围不对")
    if township != key.township:
        raise BundleError(f"数据包 {name} 自称来自{town_label(township)}，"
                          f"但签名密钥登记给{town_label(key.township)}，拒绝接收")
    office, enrolled = info.get("Source-Organization"), key.office or key.township  # as export writes it
    if office != enrolled and (why := renamed_office_problem(office, township)):  # renamed: core/office_name.py
        raise BundleError(f"{where} 中的单位名称“{_shown(office)}”与{town_label(township)}登记密钥时的单位名称"
                          f"“{enrolled}”不同，且{why}，拒绝接收（乡镇修改单位名称时程序会核对这一点，数据包可能"
                          "被改动过）")
    if comment != trusted_comment(township, sequence, bundle_id):
        raise BundleError(f"数据包 {name} 签名中的可信注释（{comment}）与 bag-info.txt 不符")
    created, full = info.get("Fazhi-Created-At"), info.get("Fazhi-Full")
    if not is_utc_iso(created):
        raise BundleError(f"{where} 中的制作时间“{_shown(created)}”格式不对（应为 2026-06-01T08:00:00Z 这样的 "
                          "UTC 时间），拒绝接收")
    if full not in ("yes", "no"):
        raise BundleError(f"{where} 中“Fazhi-Full”应为 yes 或 no，实为“{_shown(full)}”")
    closings, reasons = info.find(year_close.BAG_LABEL), info.find(year_close.REASONS_LABEL)
    try:
        years = year_close.parse_bag_value(closings, created)
    except ValueError as exc:
        raise BundleError(f"{where} 中年度封账情况格式不对：{exc}") from None
    try:
        why = year_close.parse_reasons(reasons, years)
    except ValueError as exc:
        raise BundleError(f"{where} 中重新打开年度的原因格式不对：{exc}") from None
    log = year_log_label.in_utc(info.find(year_log_label.LABEL))  # an earlier build's in Beijing time: in UTC
    try:
        year_log_label.parse_log(log, years, why)
    except ValueError as exc:
        raise BundleError(f"{where} 中年度封账日志（{year_log_label.LABEL}）格式不对：{exc}") from None
    try:
        confirmed = clock_behind.parse_bag_value(info.find(clock_behind.BAG_LABEL), created)
    except ValueError as exc:
        raise BundleError(f"{where} 中电脑时间的确认（{clock_behind.BAG_LABEL}）格式不对：{exc}") from None
    key_for_papers = info.find(print_key.BAG_LABEL)
    if key_for_papers is not None and not print_key.is_key(key_for_papers):
        raise BundleError(f"{where} 中打印核验密钥（{print_key.BAG_LABEL}）格式不对（应为 64 位十六进制数字）")
    shown = info.find(SHOWN_LABEL)
    if shown is not None and not is_utc_iso(shown):
        raise BundleError(f"{where} 中已导入回执的时间（{SHOWN_LABEL}）“{_shown(shown)}”格式不对")
    demo = info.find(demo_mark.BAG_LABEL)
    if demo not in (None, "yes"):
        raise BundleError(f"{where} 中“{demo_mark.BAG_LABEL}”应为 yes，实为“{_shown(demo)}”")
    return BundleInfo(
        file_name=name, bundle_id=bundle_id, township=township, office=office,
        sequence=sequence, previous_hash=None if previous == "none" else previous,
        full=full == "yes", changes_after=after, changes_through=through,
        last_entry_hash=last_hash, created_at=created,
        app_version=info.get("Fazhi-App-Version"), form_versions=forms, bundle_hash=bundle_hash, key=key,
        year_closings=closings, year_reasons=reasons, year_log=log, clock_confirmed=confirmed,
        print_key=key_for_papers, receipt_shown=shown, demo=demo == "yes",
    )


#: a count as the program writes it: ASCII digits, no sign, no leading zero, small enough for SQLite's integers
_NUMBER = re.compile(r"^(0|[1-9][0-9]{0,17})$")


def _number(info: bag.BagInfo, label: str, where: str) -> int:
    value = info.get(label)
    if not _NUMBER.match(value):
        raise BundleError(f"{where} 中“{label}”不是有效的数字（“{_shown(value)}”）")
    return int(value)


def _shown(value: str) -> str:
    """A value from a refused bundle as a message quotes it: at most 40 characters."""
    return value if len(value) <= 40 else value[:40] + "…"


def describe(info: BundleInfo) -> dict[str, Any]:
    """The bundle's identity for reports and receipts."""
    return {"bundle_id": info.bundle_id, "township": info.township, "sequence": info.sequence,
            "bundle_hash": info.bundle_hash, "changes_after": info.changes_after,
            "changes_through": info.changes_through, "file_name": info.file_name}
