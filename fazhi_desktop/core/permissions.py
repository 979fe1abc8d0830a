"""Who may do what: one table, role -> allowed actions, checked in core so the GUI and the CLI cannot diverge.

The GUI asks `why_not()` to disable what a role may not do (with the reason as tooltip); every core function that
acts for a logged-in user calls `require()`, so an action reached some other way is still refused.
"""

from __future__ import annotations

from typing import Protocol

from fazhi_desktop.core.errors import PermissionDenied

CLERK, HEAD, ADMIN = "clerk", "head", "admin"
#: role id -> Chinese name, in rising order of rights
ROLE_LABELS = {CLERK: "录入员", HEAD: "所长", ADMIN: "管理员"}

#: action id -> what it is, as a sentence part ("无权<label>")
ACTIONS = {
    "record.read": "查看记录",
    "record.edit": "新建或修改记录",
    "record.delete": "删除记录",
    "record.submit": "提交记录",
    "record.edit_reviewed": "修改或删除所长已审核的记录",
    "record.review": "审核记录",
    "record.lock": "锁定记录",
    "record.reopen": "重新打开记录",
    "record.reveal": "显示完整的身份证号和电话",
    "year.close": "年度封账或重新打开已封账的年度",
    "clock.confirm": "确认电脑时间无误",
    "restore.notice": "关闭从备份恢复后的提示",
    "people.edit": "修改人员名册",
    "people.tenure": "登记或修改主要负责同志的任职",
    "bundle.export": "导出数据包",
    "bundle.import": "导入数据包",
    "bundle.resolve": "处理数据包冲突",
    "keys.manage": "管理密钥与登记",
    "backup": "备份数据库",
    "restore": "从备份恢复数据库",
    "accounts.manage": "管理账户",
    "settings.manage": "修改单位设置",
    "catalog.manage": "启用或恢复指标目录",
    "backup.settings": "修改备份设置（文件夹、保留份数）",
    "numbers.manage": "调整编号",
}

_CLERK = frozenset({
    "record.read", "record.edit", "record.delete", "record.submit", "people.edit", "bundle.export",
    "bundle.import", "backup",
})
_HEAD = _CLERK | {"record.edit_reviewed", "record.review", "record.lock", "record.reopen", "record.reveal",
                  "people.tenure", "year.close", "clock.confirm", "restore.notice", "backup.settings", "keys.manage",
                  "bundle.resolve", "numbers.manage"}
_ADMIN = _HEAD | {"accounts.manage", "settings.manage", "catalog.manage", "restore"}

#: THE table: role -> the actions it may take. 管理员 may do everything a 所长 may (in a small office the person who
#: set the program up is often the 所长 or the only clerk), plus accounts, settings and restore.
PERMISSIONS: dict[str, frozenset[str]] = {CLERK: _CLERK, HEAD: frozenset(_HEAD), ADMIN: frozenset(_ADMIN)}


class HasRole(Protocol):
    @property
    def role(self) -> str: ...


def role_id(text: str) -> str:
    """A role from its id or its Chinese name ("所长" or "head"); ValueError for anything else."""
    text = (text or "").strip()
    for role, label in ROLE_LABELS.items():
        if text in (role, label):
            return role
    raise ValueError(f"没有“{text}”这个角色（可选：{'、'.join(ROLE_LABELS.values())}）")


def allowed(user: HasRole, action: str) -> bool:
    """May `user` (anything with a `role`) take `action`? Unknown actions are never allowed."""
    if action not in ACTIONS:
        raise KeyError(f"未知的操作：{action}")
    return action in PERMISSIONS.get(user.role, frozenset())


def roles_allowed(action: str) -> list[str]:
    """The Chinese names of the roles that may take `action`."""
    return [label for role, label in ROLE_LABELS.items() if action in PERMISSIONS[role]]


def why_not(user: HasRole, action: str) -> str | None:
    """None when `user` may take `action`, else the Chinese reason (for a tooltip or an error message)."""
    if allowed(user, action):
        return None
    role = ROLE_LABELS.get(user.role, user.role)
    who = "或".join(roles_allowed(action)) or "任何角色"
    return f"{role}无权{ACTIONS[action]}（需要{who}）"


def only_for(user: HasRole | None, action: str, what: str) -> str | None:
    """None when nobody is logged in or `user` may take `action`; else what a greyed-out menu entry or button shown
    as `what` says of itself: “查找当事人须由所长或管理员操作”. It names what the user sees, not the permission
    behind it (查找当事人 said 录入员无权显示完整的身份证号和电话, 显示恢复码 录入员无权管理密钥与登记)."""
    if user is None or allowed(user, action):
        return None
    return f"{what}须由{'或'.join(roles_allowed(action))}操作"


def why_not_logged_in(user: HasRole | None, action: str) -> str | None:
    """`why_not` for the logged-in user, or None when nobody is (a database without accounts checks nothing)."""
    return why_not(user, action) if user is not None else None


def require(user: HasRole, action: str) -> None:
    """Raise PermissionDenied (a Chinese message naming the role and the action) unless `user` may take `action`."""
    reason = why_not(user, action)
    if reason is not None:
        raise PermissionDenied(reason)
