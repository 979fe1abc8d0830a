"""What a revocation's reason means at the county (the reason is kept by keys.revoke; `fazhi revoke --reason`).

A township key revoked as replaced (更换) is one the township stopped using: a bundle it signed came from the
township, late, and the township sends its changes again with the key enrolled now. One revoked as stolen or lost
(被盗, 丢失) may be in anyone's hands from the day given (`untrusted_since`): the county cannot tell a bundle the
township made before the theft from one the thief made after, so a bundle it signed is refused with that said, and
the township enters again from paper what it did after the last bundle the county holds and trusts; `fazhi verify`
lists what such a bundle holds, as unverified, so the township knows what to look for. A bundle it signed that the
county imported on or after that day (before the revocation: nobody knew yet) is flagged in 数据包记录, `fazhi
bundles` and 数据完整性, and the records it brought that are later set aside are named on receipts apart from those
to enter again (`untrusted_entry`): the thief's forged record is not one for the township to 补录.

A key revoked without a reason (before the reasons were kept) gets one later (`reason_to_add`, `add_reason`), once,
as a revocation is done once. One revoked as 更换 (also by enrolling the township's new key with --replace) may later
be recorded as 被盗 or 丢失, once: the PC was stolen, the township re-installed and re-enrolled, and the county learns
of the theft afterwards; bundles signed after the day given are then flagged as a stolen key's. Nothing else
recorded is changed (`keys.reasons_left`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from fazhi_desktop.core import accounts
from fazhi_desktop.core.bundle.common import BundleError
from fazhi_desktop.core.bundle.keys import (
    REASON_REPLACED,
    REVOKE_REASONS,
    UNTRUSTED_REASONS,
    EnrolledKey,
    enrolled_key,
    enrolled_keys,
    reasons_left,
    untrusted_start,
)
from fazhi_desktop.core.clock import local_time, office_date
from fazhi_desktop.core.db import BUNDLE_MADE, exists, transaction
from fazhi_desktop.core.display import DELETED, cell_value
from fazhi_desktop.core.divisions import town_label
from fazhi_desktop.core.store import Store

#: bundles signed by a key revoked as stolen or lost, imported on or after the day it is not trusted from: the
#: columns bundle_id, township, sequence, imported_at, the reason and that day (UTC)
_UNTRUSTED_SQL = ("SELECT b.bundle_id, b.township, b.sequence, b.imported_at, k.revoked_reason, k.untrusted_since"
                  " FROM bundles_received AS b JOIN township_keys AS k ON k.key_id = b.key_id"
                  f" WHERE k.revoked_reason IN ({', '.join(repr(reason) for reason in UNTRUSTED_REASONS)})"
                  " AND b.imported_at >= k.untrusted_since")


@dataclass(frozen=True)
class UntrustedBundle:
    """A bundle imported from a key that was (or later turned out to be) in other hands by then."""

    bundle_id: str
    township: str
    sequence: int
    imported_at: str
    reason: str  # 被盗 or 丢失
    since: str  # the day the key is not trusted from, YYYY-MM-DD (Beijing time)

    @property
    def flag(self) -> str:
        """What 数据包记录 and `fazhi bundles` say of it first."""
        return (f"签名密钥已因{self.reason}吊销（自 {self.since} 起不信任），本数据包是其后导入的：内容未经核实，"
                "可能不是乡镇所做")

    @property
    def entry(self) -> str:
        """What a receipt and the township's 补录 list say of a record it brought that was set aside."""
        return untrusted_entry(self.reason, self.sequence)

    @property
    def attention(self) -> str:
        """需关注's line (数据完整性)."""
        return (f"第 {self.sequence} 号数据包由已吊销（{self.reason}）的密钥签名，"
                f"于 {office_date(self.imported_at).isoformat()} 导入（自 {self.since} 起不信任）：内容未经核实；"
                "其带来的记录乡镇如没有纸质材料，不要补录，请向乡镇核实")


#: the import window's button that lists them (qt/import_dialog.py), named by the refusal (`refused_hint`)
UNVERIFIED_BUTTON = "查看数据包中的记录（未核实）"


def untrusted_entry(reason: str, sequence: int) -> str:
    """"由已吊销（被盗）密钥签名的第5号数据包带来：没有纸质材料的不要补录"."""
    return f"由已吊销（{reason}）密钥签名的第{sequence}号数据包带来：没有纸质材料的不要补录"


def untrusted_bundles(store: Store, township: str | None = None) -> list[UntrustedBundle]:
    """The bundles imported from keys in other hands by then (`_UNTRUSTED_SQL`), of one township if given, by
    township and number. None at a township, or in a county database without the import log."""
    if not store.is_county or not exists(store.conn, "bundles_received"):
        return []
    where, params = (" AND b.township = ?", [township]) if township else ("", [])
    rows = store.conn.execute(_UNTRUSTED_SQL + where + " ORDER BY b.township, b.sequence", params).fetchall()
    return [UntrustedBundle(*row[:5], office_date(row[5]).isoformat()) for row in rows]


def brought_by_untrusted(store: Store, township: str) -> dict[str, UntrustedBundle]:
    """record id -> the untrusted bundle that brought the version of it the county holds, of `township`'s records."""
    found: dict[str, UntrustedBundle] = {}
    for bundle in untrusted_bundles(store, township):
        for ledger, in store.conn.execute("SELECT DISTINCT ledger FROM received_records WHERE bundle_id = ?",
                                          [bundle.bundle_id]).fetchall():
            if ledger not in store.ledgers:
                continue
            rows = store.conn.execute(f'SELECT r.id FROM received_records AS x JOIN "{ledger}" AS r'
                                      " ON r.id = x.record_id AND r.revision = x.revision WHERE x.bundle_id = ?",
                                      [bundle.bundle_id])
            found.update((record_id, bundle) for record_id, in rows)
    return found


def refused_hint(store: Store, key: EnrolledKey) -> str:
    """The end of the refusal of a bundle signed by a key revoked as stolen or lost: the county cannot tell when it
    was made, nothing was imported, and the township enters again from paper what it did after the last bundle the
    county holds and trusts; `fazhi verify` lists what the bundle holds."""
    since = office_date(key.untrusted_since or key.revoked_at).isoformat()  # Beijing's day, as the comparison's
    held = [k for k in enrolled_keys(store, key.township) if not k.revoked_at]
    then = (f"该乡镇现用密钥 {held[-1].key_id}（登记于 {local_time(held[-1].enrolled_at)[:10]}）" if held
            else "乡镇须在新电脑上更换密钥，电话核对指纹后重新登记")
    return (f"。这把密钥因{key.revoked_reason}吊销（自 {since} 起不信任）：县里无法分辨这个数据包是{key.revoked_reason}"
            f"之前还是之后做的，其中的内容一条也没有导入。{_last_trusted(store, key.township)}"
            f"乡镇把此后登记的记录按纸质材料重新录入（{then}），再导出报送；"
            f"这个数据包里有哪些记录（未核实），可在导入窗口点“{UNVERIFIED_BUTTON}”或用 fazhi verify 数据包文件 查看")


def _last_trusted(store: Store, township: str) -> str:
    """"县里最后收到的可信的数据包是第 4 号（乡镇 2026-11-02 制作）：" or that there is none."""
    untrusted = {b.bundle_id for b in untrusted_bundles(store, township)}
    rows = store.conn.execute(f"SELECT bundle_id, sequence, {BUNDLE_MADE} FROM bundles_received WHERE township = ?"
                              f" AND replaced_by IS NULL ORDER BY {BUNDLE_MADE} DESC, sequence DESC",
                              [township]).fetchall()
    for bundle_id, sequence, made in rows:
        if bundle_id not in untrusted:
            return f"县里最后收到的可信的该乡镇数据包是第 {sequence} 号（乡镇 {office_date(made).isoformat()} 制作）："
    return "县里还没有该乡镇可信的数据包："


def unverified_lines(store: Store, key: EnrolledKey, records: dict) -> list[str]:
    """`fazhi verify` of a bundle signed by a key revoked as stolen or lost, and the import window's
    UNVERIFIED_BUTTON: its records (ledger, number, date, title, shown as the lists show them: masked where the form
    masks), each marked unverified, for the township to look for on paper. `records`: `Contents.records`."""
    lines = [f"数据包中的记录（未核实：签名密钥因{key.revoked_reason}吊销，县里无法确认是乡镇所做，未导入）："]
    for name, items in records.items():
        ledger = store.ledgers.get(name)
        if ledger is None:
            continue
        for item in sorted(items, key=lambda r: (str(r.content["values"].get(ledger.date_field) or ""),
                                                 str(r.content["number"] or ""))):
            values = item.content["values"]
            gone = DELETED if item.content["deleted"] else ""
            day, title = (cell_value(ledger.field(name), values.get(name))
                          for name in (ledger.date_field, ledger.title_field))
            lines.append(f"  [未核实] {ledger.label}  {item.content['number'] or '（无编号）'}  {day}  {title}{gone}")
    if len(lines) == 1:
        lines.append("  （没有记录）")
    return lines


def unverified_listing(store: Store, path, keys) -> list[str]:
    """`fazhi verify` of a bundle refused, and the import window's of each it refused: when a key revoked as stolen
    or lost signed it, its records (`unverified_lines`), else nothing (also when it cannot be read: the refusal said
    why). Nothing is read again while the county has no such key, as nearly always."""
    from fazhi_desktop.core.bundle.verify import open_bundle  # it imports this module

    if not any(key.in_other_hands for key in enrolled_keys(store)):
        return []
    try:
        with open_bundle(store, path, keys, unverified=True) as bundle:
            key = bundle.info.key
            return unverified_lines(store, key, bundle.contents.records) if key.in_other_hands else []
    except BundleError:
        return []


#: the account-log events of `add_reason`: a reason given to a key revoked without one, and 更换 made 被盗 or 丢失
REASON_ADDED = "补记密钥吊销原因"
REASON_CHANGED = "改记密钥吊销原因"


def state(key: EnrolledKey, whole_time: bool = False) -> str:
    """A key's 状态 in the key table and `fazhi keys show`: "有效", "已吊销（被盗）2026-11-28" (the reason named, so a
    stolen key does not read as one replaced), "已吊销 2026-11-28" when none was recorded; `whole_time`: with the time
    of day."""
    if not key.revoked_at:
        return "有效"
    when = local_time(key.revoked_at) if whole_time else local_time(key.revoked_at)[:10]
    return f"已吊销（{key.revoked_reason}）{when}" if key.revoked_reason else f"已吊销 {when}"


def recorded(key: EnrolledKey) -> str:
    """A revoked key's reason as recorded: "被盗（自 2026-05-30 起不信任）", "更换" or "未记录"."""
    if key.revoked_reason in UNTRUSTED_REASONS and key.untrusted_since:
        return f"{key.revoked_reason}（自 {office_date(key.untrusted_since).isoformat()} 起不信任）"
    return key.revoked_reason or "未记录"


def reason_to_add(store: Store, township: str, key_id: str | None = None) -> EnrolledKey | None:
    """The revoked key of `township` that `fazhi revoke --reason` records the reason of (`reasons_left`: none
    recorded yet, or 更换 to become 被盗 or 丢失): `key_id` when it names a revoked key; without it, when the
    township has no working key, its one revoked key still open to a reason. None when a working key is meant
    (revoked as before). BundleError when the key's reason cannot change any more (what is recorded said), or
    several keys are open to one (--key asked for)."""
    if not store.is_county:
        return None  # (`revocable` says why not)
    keys = enrolled_keys(store, township)
    if key_id:
        chosen = [k for k in keys if k.key_id == key_id.upper() and not k.active]
    elif any(k.active for k in keys):
        return None
    else:
        chosen = [k for k in keys if not k.active]
    still = [k for k in chosen if reasons_left(k.revoked_reason)]
    if len(still) > 1:
        raise BundleError(f"{town_label(township)}有 {len(still)} 把已吊销、可以补记或改记原因的密钥"
                          f"（{'、'.join(f'{k.key_id}（原因：{recorded(k)}）' for k in still)}）："
                          "请用 --key 指明是哪一把；未补记")
    if still:
        return still[0]
    if not chosen:
        return None
    said = "；".join(fixed(k) for k in chosen)
    raise BundleError(f"{town_label(township)}没有可吊销的已登记密钥：{said}。已记录的吊销原因不能更改；未改动")


def fixed(key: EnrolledKey) -> str:
    """"密钥 … 于 2026-06-01 吊销，原因：被盗（自 2026-05-20 起不信任）": what a refusal to change it names."""
    return f"密钥 {key.key_id} 于 {local_time(key.revoked_at or '')[:10]} 吊销，原因：{recorded(key)}"


def verb(key: EnrolledKey) -> str:
    """What recording a revoked key's reason is: 补记 when none is recorded, 改记 of one revoked as 更换."""
    return "改记" if key.revoked_reason else "补记"


def open_to(key: EnrolledKey) -> str | None:
    """When a revoked key's reason may still be recorded (`reasons_left`), as said before the way to do it (the 状态
    tooltip, `fazhi revoke`'s hint): "" when none is recorded, "如后来得知被盗或丢失，" of one revoked as 更换; None
    when nothing may."""
    left = reasons_left(key.revoked_reason)
    if not left:
        return None
    return f"如后来得知{'或'.join(left)}，" if key.revoked_reason else ""


def reason_refused(key: EnrolledKey, reason: str) -> str | None:
    """Why `reason` cannot be recorded for revoked `key` (`reasons_left`), naming what is recorded; None when it
    can (or is no reason at all: `untrusted_start` says so)."""
    left = reasons_left(key.revoked_reason)
    if reason not in REVOKE_REASONS or reason in left:
        return None
    only = f"只能改记为{'或'.join(left)}（后来得知电脑或U盘{'、'.join(left)}的）" if left else "已记录的原因不能更改"
    return f"{fixed(key)}，{only}；未改动"


def day_asked(key: EnrolledKey, reason: str) -> str:
    """Why 改记 of a key revoked as 更换 needs the day it was stolen or lost: the revocation's day, the default of a
    reason 补记ed (known by then at the latest), is no day for it, as the theft was not known then; of the thief's
    bundles it would flag only the late ones confirmed after it (core/bundle/replaced_key.py), none imported before
    it. (It said they were all imported before it, which a confirmed late bundle contradicts.)"""
    revoked = office_date(key.revoked_at or "").isoformat()
    return (f"改记为{reason}须给出电脑或U盘{reason}的那天（命令行：--since 日期）：{revoked} 因更换吊销时还不知道"
            f"{reason}；从吊销那天算起，只标得出此后确认接收的迟到数据包，吊销之前导入的它签名的数据包一个也标不出；未改记")


def add_reason(store: Store, key: EnrolledKey, reason: str | None, since: date | None = None) -> EnrolledKey:
    """Record why `key` was revoked, where `reasons_left` allows it (none recorded; 被盗 or 丢失 of a key revoked as
    更换), and for a stolen or lost key the day it is not trusted from (the day it was revoked when not given: known
    by then at the latest; asked for of a key revoked as 更换, `day_asked`); noted in the account log (补记, or 改记
    of a 更换). Only while the reason recorded is still the one `key` was read with: another window or PC may have
    recorded one meanwhile. Returns the key as now recorded."""
    if reason is None:
        raise BundleError("请选择吊销原因；未补记")
    if (refused := reason_refused(key, reason)) is not None:
        raise BundleError(refused)
    if reason in UNTRUSTED_REASONS and since is None:
        if key.revoked_reason == REASON_REPLACED:
            raise BundleError(day_asked(key, reason))
        since = office_date(key.revoked_at or store.clock())
    untrusted = untrusted_start(store, reason, since)
    with transaction(store.conn):
        done = store.conn.execute("UPDATE township_keys SET revoked_reason = ?, untrusted_since = ? WHERE key_id = ?"
                                  " AND revoked_at IS NOT NULL AND revoked_reason IS ?",
                                  [reason, untrusted, key.key_id, key.revoked_reason]).rowcount
        if not done:  # recorded meanwhile (another PC, another window)
            now = enrolled_key(store, key.key_id)
            said = f"，现在的原因：{recorded(now)}" if now is not None else ""
            raise BundleError(f"密钥 {key.key_id} 的吊销原因刚在别处（另一个窗口或另一台电脑）有了记录{said}；未改动")
        added = replace(key, revoked_reason=reason, untrusted_since=untrusted)
        was = f"由{key.revoked_reason}改为" if key.revoked_reason else ""
        event = REASON_CHANGED if key.revoked_reason else REASON_ADDED
        accounts.note(store, f"{event}：{town_label(key.township)}密钥 {key.key_id}，{was}{recorded(added)}")
    return added
