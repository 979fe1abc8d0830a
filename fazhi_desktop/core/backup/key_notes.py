"""What a restore says of the keys it brings back (restoring.py), told and nothing more.

A backup carries the office's keys as they were when it was made. One made before the township's 更换密钥 brings back
the key the county revoked when it enrolled the new one: the next export is refused as revoked. One made before the
township replaced the county key (替换县级公钥) brings back the old county key: its bundles cannot be opened at the
county, nor the county's new receipts checked here. One made at the county before it made a new key brings back the
old identity: bundles encrypted to the new one cannot be opened. The restore compares the database it replaces with
the one it brings in and says which key comes back and the way on; the replaced key's files stay in the folder the
restore kept aside (`<stem>-before-restore-<time>-keys`), but the restored database registers the old key, and the
program has no way to put the newer one back: the way on is a new key, enrolled (or given to the townships) again.
Unless the replaced key never went out (`_Keys.used`): the first-start wizard's key on a new PC, set up before the
office's backup was restored, is no newer key; the backup's is the one the county enrolled (at a township) or the one
every township holds (at the county).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core import settings as db_settings
from fazhi_desktop.core.backup.carry import worked_in
from fazhi_desktop.core.bundle.keys import CountyKeyText, county_keys_in
from fazhi_desktop.core.clock import local_time
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.places import KEYS

_SETTINGS = ("mode", "signing_key.id", "signing_key.created", "county_key.id", "county_key.created")


@dataclass(frozen=True)
class _Keys:
    settings: dict[str, str]
    county: CountyKeyText | None  # at a township: the county key it holds
    #: the office's own key (the township's, or the county's) may have gone out: anything done in the database
    #: (`carry.worked_in`: a bundle signed or imported, a key enrolled, the enrolment or county public key file
    #: written, a receipt written or imported, a record saved: a version before the twenty-second session recorded
    #: no file written), or the database cannot tell. One made in a database nothing was done in (the first-start
    #: wizard's on a new PC, before the office's backup was restored) went nowhere.
    used: bool

    def own(self, what: str) -> tuple[str | None, str]:
        """The key id and creation date of the office's own key (`signing_key`, or `county_key` at the county)."""
        return self.settings.get(f"{what}.id"), local_time(self.settings.get(f"{what}.created") or "")[:10]


def _read(path: Path) -> _Keys | None:
    with dbmod.read_only(path) as peek:
        if peek is None:
            return None
        try:
            settings = db_settings.among(peek, _SETTINGS)
            county = None if settings.get("mode") == "county" else county_keys_in(peek)
        except (sqlite3.Error, FazhiError):
            return None
        try:  # apart: a damaged page in `changes` (what a restore is often for) must not silence the key's warning
            used = worked_in(peek)
        except sqlite3.Error:
            used = True  # cannot tell: the key may have gone out
    return _Keys(settings, county, used)


def keys_said(before: Path, restored: Path, kept: Path | None) -> list[str]:
    """What the restore says when the backup's keys differ from those of the database it replaced (`before`, now
    under its set-aside name; `kept`: the keys folder set aside with it, if any). Nothing when either cannot be
    read (a new PC has no database before)."""
    was, now = _read(before), _read(restored)
    if was is None or now is None or (was.settings.get("mode") == "county") != (now.settings.get("mode") == "county"):
        return []
    folder = f"恢复前的密钥文件保留在 {kept.name} 中，" if kept is not None else ""
    if now.county is None:
        return _county_identity(was, now, folder)
    return [*_own_key(was, now, folder), *_county_key(was, now)]


def _own_key(was: _Keys, now: _Keys, folder: str) -> list[str]:
    (old, made), (new, _) = now.own("signing_key"), was.own("signing_key")
    if new is None or old == new:
        return []
    if old and not was.used:  # the backup's key is the office's: the one replaced went nowhere
        return [f"恢复后导出用的是备份中的签名密钥（编号 {old}，{made} 创建），即本所原来的密钥；恢复前的密钥"
                f"（编号 {new}）没有用过（恢复前的数据库没有登记过台账、导出过数据包，也没有写出过登记文件），"
                "县里登记的仍是原来的密钥：不必更换密钥，也不必重新登记"]
    back = (f"备份中的签名密钥是旧的（编号 {old}，{made} 创建），恢复后导出用的是它，而不是恢复前的密钥（编号 {new}）"
            if old else f"备份是创建签名密钥之前做的，恢复后本所没有签名密钥（恢复前的是编号 {new}）")
    return [f"注意：{back}。县里登记新密钥时已吊销旧密钥的，用它导出的数据包会被拒收。{folder}但恢复的数据登记的是"
            f"备份中的密钥，程序不能把恢复前的放回：请在“{KEYS}”中点“{'更换' if old else '创建'}密钥”"
            f"（命令行：fazhi keys init{' --replace' if old else ''}），把新的登记文件交县司法局，"
            "电话核对指纹后重新登记；未确认的变更会在下次导出时重新发送"]


def _county_key(was: _Keys, now: _Keys) -> list[str]:
    assert was.county is not None and now.county is not None
    if not (was.county.recipients or was.county.signing) or was.county.same_keys(now.county):
        return []
    back = ("备份中没有县级公钥" if not (now.county.recipients or now.county.signing)
            else f"备份中的县级公钥是替换之前的（{now.county.describe()}）")
    return [f"注意：{back}，与恢复前的（{was.county.describe()}）不同：县里更换密钥后，恢复后导出的数据包县里无法解密，"
            f"县里的新回执本所也无法核验。请在“{KEYS}”中重新添加县司法局的县级公钥文件（电话核对指纹）替换，"
            "再导出；未确认的变更会重新发送"]


def _county_identity(was: _Keys, now: _Keys, folder: str) -> list[str]:
    (old, made), (new, _) = now.own("county_key"), was.own("county_key")
    if new is None or old is None or old == new:
        return []
    if not was.used:  # the backup's key is the one the townships hold: the one replaced went nowhere
        return [f"恢复后用的是备份中的县级密钥（编号 {old}，{made} 创建），即本县原来的密钥；恢复前的县级密钥"
                f"（编号 {new}）没有用过（恢复前的数据库没有登记过乡镇密钥、导入过数据包、写过回执，也没有写出过县级"
                "公钥文件），各乡镇用的仍是原来的县级公钥：密钥不必更换，县级公钥文件也不必重新交各乡镇"]
    return [f"注意：备份中的县级密钥是旧的（编号 {old}，{made} 创建），不是恢复前的（编号 {new}）："
            f"已换用新县级公钥文件的乡镇发来的数据包，恢复后无法解密，本县写的回执这些乡镇也无法核验。{folder}但恢复的数据登记的是备份中的密钥，"
            f"程序不能把恢复前的放回：请在“{KEYS}”中点“更换密钥”（命令行：fazhi keys init --replace），把新的县级"
            "公钥文件交各乡镇，电话核对指纹后替换"]
