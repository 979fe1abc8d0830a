"""修改单位名称: the 管理员 corrects the office's name after the setup (a typo; 撤乡设镇, 李俊乡司法所 becoming
李俊镇司法所), under the setup's own check. Documents printed from then on carry the new name; so do the next
enrolment file and the next bundle, whose signed bag-info the county takes it from (core/bundle/verify.py)."""

from __future__ import annotations

from fazhi_desktop.core import accounts, divisions
from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core.errors import SetupError
from fazhi_desktop.core.store import Store

#: the account log's entry starts so
EVENT = "修改单位名称"


def change_office_name(store: Store, new: str) -> bool:
    """Set the office's name to `new` (stripped), checked as at the setup (`divisions.setup_office_problem`);
    管理员 only; noted in the account log with the name before. False when it is the name held already."""
    store.permit("settings.manage")
    new = (new or "").strip()
    if not new:
        raise SetupError("单位名称不能为空")
    if problem := divisions.setup_office_problem(new, store.township):
        raise SetupError(problem)
    old = store.setting("office_name") or ""
    if new == old:
        return False
    with dbmod.transaction(store.conn, "保存设置"):  # the name and its account-log entry, both or neither
        store.permit("settings.manage")  # again under the write lock, deciding
        accounts.note(store, f"{EVENT}：{old or '（未设置）'} → {new}")
        store.set_settings(office_name=new)
    return True


def name_at(store: Store, at: str) -> str | None:
    """The office's name at `at` (UTC, as utc_iso writes it) when 修改单位名称 changed it since (the name before the
    first change after `at`, from the account log), None when it has not changed since: a register page printed
    then carries it (core/documents/register_codes.py)."""
    row = store.conn.execute("SELECT event FROM account_log WHERE at > ? AND event LIKE ? ORDER BY at, id LIMIT 1",
                             [at, f"{EVENT}：%"]).fetchone()
    if row is None:
        return None
    old = row[0].removeprefix(f"{EVENT}：").partition(" → ")[0]
    return "" if old == "（未设置）" else old
