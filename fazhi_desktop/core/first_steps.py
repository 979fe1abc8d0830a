"""The first day's steps, township and county, and how far this database has come (帮助 → 第一次使用).

The setup wizard makes the database, the first account and the office's key; what follows needs two offices and a
phone call, and nothing in the ledgers says so. Each step is read from what the database holds, so the list is the
same for whoever opens it and never needs to be ticked by hand.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from fazhi_desktop.core.accounts import list_accounts
from fazhi_desktop.core.clock import local_time
from fazhi_desktop.core.permissions import ADMIN, CLERK, HEAD, ROLE_LABELS
from fazhi_desktop.core.places import ACCOUNTS, BACKUP_SECTION, BUNDLE_IMPORT, EXPORT, KEYS, RECEIPT_IMPORT
from fazhi_desktop.core.store import Store

#: what a step's state reads as
DONE, TO_DO, UNKNOWN = "已完成", "未完成", "无法自动判断"


@dataclass(frozen=True)
class Step:
    what: str
    where: str  # the menu or page it is done in
    state: str
    detail: str = ""


def first_steps(store: Store) -> list[Step]:
    """The steps in order, each with its state in this database."""
    return _county_steps(store) if store.is_county else _township_steps(store)


def _township_steps(store: Store) -> list[Step]:
    from fazhi_desktop.core.bundle.collect import acked_through
    from fazhi_desktop.core.bundle.receipts import IMPORTED_SETTING

    roles = _roles(store)
    receipt = acked_through(store) > 0
    any_receipt = receipt or bool(store.setting(IMPORTED_SETTING))
    sent = _count(store, "SELECT count(*) FROM bundles_sent")
    records = sum(_count(store, f'SELECT count(*) FROM "{name}" WHERE deleted = 0') for name in store.ledgers)
    return [
        _accounts_step(store, roles),
        _backup_step(store),
        _enrolment_step(store, any_receipt),
        Step("添加县司法局给的县级公钥文件（县级公钥-640522.txt），核对县里的指纹",
             f"{KEYS} → 从文件添加县级公钥",
             DONE if _count(store, "SELECT count(*) FROM county_keys WHERE kind = 'age'") else TO_DO),
        # before the first record: a new install numbers from 第1号, the numbers its earlier install gave on paper
        Step("重装过的（电脑坏了、没有备份，重新设置了本程序）：县里登记新密钥后，先导入县里为新安装写的回执，再登记台账，"
             "编号就接着重装前的往下编", RECEIPT_IMPORT, DONE if any_receipt else UNKNOWN,
             "已导入县里的回执" if any_receipt else "没有重装过的，不必做这一步"),
        _roster_step(store),
        Step("登记台账：会议、学法、执法监督检查、投诉举报、调解案件", "左侧各台账（Ctrl+N 新建）",
             DONE if records else TO_DO, f"共 {records} 条记录"),
        Step("导出数据包到U盘，送交县司法局", EXPORT, DONE if sent else TO_DO,
             f"已导出 {sent} 个数据包" if sent else ""),
        Step("导入县里写到U盘上的回执：此后只导出新的变更", RECEIPT_IMPORT, DONE if receipt else TO_DO),
    ]


def _county_steps(store: Store) -> list[Step]:
    from fazhi_desktop.core.bundle import keys
    from fazhi_desktop.core.bundle.receipts import WRITTEN_SETTING

    roles = _roles(store)
    missing, total = keys.townships_without_key(store)
    enrolled = total - len(missing)
    unenrolled = f"；未登记：{'、'.join(missing)}" if missing and enrolled else ""  # all 18 named is no help
    public = keys.county_public(store)
    handed = store.setting(keys.COUNTY_PUBLIC_WRITTEN)  # the key whose file was written: after 更换密钥, the old one
    written = public is not None and handed == public.signing.key_id_hex
    received = _count(store, "SELECT count(DISTINCT township) FROM bundles_received")
    receipts = len(store.settings_in_file(WRITTEN_SETTING))
    return [
        Step("为局里经办的人各建一个账户", ACCOUNTS, DONE if roles[HEAD] or roles[CLERK] else TO_DO,
             _roles_text(roles)),
        # the county's key and its database on one disk: a backup elsewhere, and the code that opens it on a new PC
        _backup_step(store),
        Step("写出县级公钥文件，交给各乡镇司法所（随U盘或文件），并告诉他们县里的指纹",
             f"{KEYS} → 写出县级公钥文件", UNKNOWN if written else TO_DO,
             "已写出；各乡镇是否都已添加，收到其数据包时才知道" if written
             else "更换密钥后尚未写出新的县级公钥文件" if handed and public is not None else "尚未写出"),
        Step("登记各乡镇的登记文件，电话核对指纹", f"{KEYS} → 登记乡镇密钥",
             DONE if total and enrolled >= total else TO_DO, f"已登记 {enrolled} / {total} 个乡镇{unenrolled}"),
        Step("导入各乡镇送来的数据包（可选整个U盘文件夹）", BUNDLE_IMPORT,
             DONE if total and received >= total else TO_DO, f"已收到 {received} / {total} 个乡镇的数据包"),
        Step("给送来数据包的乡镇写回执（写到U盘上带回）", "数据交换 → 写回执", DONE if receipts else TO_DO,
             f"已给 {receipts} 个乡镇写过回执" if receipts else ""),
        Step("查看县级汇总，导出指标报表", "县级汇总", UNKNOWN),
    ]


def _roles(store: Store) -> Counter[str]:
    """The accounts in use, by role."""
    return Counter(user.role for user in list_accounts(store, include_inactive=False))


def _roles_text(roles: Counter[str]) -> str:
    """"现有：管理员 1、所长 1、录入员 0": two 管理员 are no 所长 and 录入员."""
    return "现有：" + "、".join(f"{ROLE_LABELS[role]} {roles[role]}" for role in (ADMIN, HEAD, CLERK))


def _accounts_step(store: Store, roles: Counter[str]) -> Step:
    """An account for each person. A 所长 who set the program up herself is its 管理员, who may do all a 所长 may:
    the step read 所长 0 and 未完成 for her, and asked for a second account of hers (her records under two names).
    A 管理员 the roster names 司法所所长 in post is the 所长's account."""
    from fazhi_desktop.core.people import ROLES, list_people

    head = ROLES[1]
    heads = {person.name for person in list_people(store, active_only=True) if head in person.roles}
    admins = [user.display_name for user in list_accounts(store, include_inactive=False) if user.role == ADMIN]
    head_admin = next((name for name in admins if name in heads), None)
    done = bool(roles[CLERK] and (roles[HEAD] or head_admin))
    detail = _roles_text(roles)
    if head_admin and not roles[HEAD]:
        detail += f"（管理员{head_admin}是人员名册中的{head}，不必再建所长账户）"
    elif admins and not roles[HEAD]:
        detail += (f"；设置本程序的管理员如是所长本人，不必再建所长账户：在人员名册把{admins[0]}登记为“{head}”，"
                   "这一步就算完成")
    return Step("为所长、录入员各建一个账户（各人用自己的账户登录；所长自己设置本程序的，管理员账户就是所长的）",
                ACCOUNTS, DONE if done else TO_DO, detail)


def _enrolment_step(store: Store, any_receipt: bool) -> Step:
    """The enrolment file to the county: 未完成 until it is written (the step read 无法自动判断 before and after the
    file was written alike), then unknowable here until a receipt the county signed says it was enrolled."""
    from fazhi_desktop.core.bundle.keys import ENROLMENT_WRITTEN

    written = bool(store.setting(ENROLMENT_WRITTEN))
    state = DONE if any_receipt else UNKNOWN if written else TO_DO
    detail = ("已收到县里的回执：县里已登记本所密钥" if any_receipt else
              "已写出登记文件；县里登记后本程序才知道（收到第一份回执时）" if written else "尚未写出登记文件")
    return Step("把本所的登记文件交给县司法局，并在电话里念一遍指纹，由县里核对后登记",
                f"{KEYS} → 写出登记文件", state, detail)


def _roster_step(store: Store) -> Step:
    """The roster: T46c and T47 count its 主要负责同志, and the records' people fields offer its people."""
    from fazhi_desktop.core.people import ROLES, list_people

    people = list_people(store, active_only=True)
    held = {role: sum(role in person.roles for person in people) for role in ROLES}
    return Step("在人员名册登记主要负责同志（到任日期）、司法所所长、执法人员（执法证号）、调解员", "左侧“人员名册”页",
                DONE if held[ROLES[0]] else TO_DO,
                "在任：" + "、".join(f"{role} {count}" for role, count in held.items()))


def _backup_step(store: Store) -> Step:
    """Backups to a USB stick, not only beside the database (a disk that dies takes both), and the recovery code
    written down (a backup opens on another PC only with it): as the backup settings and the key file record them."""
    from fazhi_desktop.core.backup import BackupError, load_key
    from fazhi_desktop.core.backup.config import default_folder, load_settings
    from fazhi_desktop.core.backup.sealing import CODE_UNSEEN

    path = Path(store.path)
    settings = load_settings(path)
    folder = settings.folder
    chosen = bool(folder) and Path(folder) != default_folder(path)
    try:
        key = load_key(path)
    except BackupError:
        key = None  # the settings page says what is wrong with the key file
    shown = key is not None and key.shown and store.setting(CODE_UNSEEN) != "1"
    detail = (f"备份文件夹：{folder}" if chosen else "备份仍在数据库旁的文件夹（与数据库在同一块硬盘上）") + "；" + (
        "恢复码已抄下" if shown else "恢复码尚未显示（第一次备份后显示，所长或管理员可点“显示恢复码”）")
    unsaved = _county_key_not_backed_up(store, settings.last_at)
    return Step("选U盘作备份文件夹，抄下备份恢复码（换电脑恢复备份时需要）", BACKUP_SECTION,
                DONE if chosen and shown and not unsaved else TO_DO, detail + unsaved)


def _county_key_not_backed_up(store: Store, last_backup: str | None) -> str:
    """The county's key made (or replaced) after the last backup, said; "" otherwise. The key every township
    encrypts to is then on this disk alone: a new PC restoring the last backup gets the old key or none."""
    made = store.setting("county_key.created") if store.is_county else None
    if not made or (last_backup is not None and last_backup >= made):
        return ""
    return f"；县级密钥（{local_time(made)} 创建）之后本机还没有做过备份：请立即备份"


def _count(store: Store, sql: str) -> int:
    return int(store.conn.execute(sql).fetchone()[0])
