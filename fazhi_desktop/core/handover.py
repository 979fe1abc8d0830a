"""What a person leaving leaves unfinished (人员交接): the drafts an account entered and nobody has submitted, and the
unsaved text the program kept for it against a power cut (core/autosave.py), which stopping the account deletes.

Asked before 停用 (the window's question, `fazhi accounts deactivate`'s report), so the 管理员 knows what the
newcomer takes over and what is lost; and by 待办事项 (core/todo.py), which lists the drafts of stopped accounts for
whoever finishes them, and names who handles each open matter (`handler_field`), marking one who has gone (`gone`):
a complaint or case keeps its 承办人 / 调解员 when her account is stopped. Drafts are found by their 登记人
(`created_by`, the account's user name): a stopped account's drafts stay where they are, and any 录入员 may correct
and submit them, the history still naming who entered them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from fazhi_desktop.core import autosave
from fazhi_desktop.core.forms import FieldDef, LedgerDef
from fazhi_desktop.core.people import list_people
from fazhi_desktop.core.store import Store

#: how 待办事项 marks a handler who has gone (`gone`)
STOPPED, LEFT_ROSTER = "账户已停用", "已离任"


@dataclass(frozen=True)
class Left:
    """`drafts`: ledger label -> how many drafts the account entered, live, of this office; `unsaved`: how many
    editor windows' unsaved text the program keeps for it (only its own login offers them)."""

    account: str
    drafts: Counter[str]
    unsaved: int

    def said(self, stopped: bool = False) -> str:
        """What the 停用 question adds ("" when the account leaves nothing unfinished); `stopped`: as said after it."""
        parts = []
        if self.drafts:
            each = "、".join(f"{label} {count}" for label, count in self.drafts.items())
            parts.append(f"{self.account} 登记的草稿还有 {sum(self.drafts.values())} 条（{each}）："
                         f"{'' if stopped else '停用后'}留在台账中，列在“待办事项”的“等待处理的记录”里，"
                         "接手的人可以补全后提交审核（修改历史仍记着登记人）。")
        if self.unsaved:
            gone = "已随账户删除。" if stopped else ("停用后将删除。要保留的，请先由本人登录，在“恢复未保存的内容”中"
                                              "恢复并保存。")
            parts.append(f"{self.account} 还有 {self.unsaved} 个编辑窗口的内容没有保存（程序为防停电自动保存的，"
                         f"只有本人登录才能恢复）：{gone}")
        return "\n\n".join(parts)


def left_by(store: Store, account: str) -> Left:
    """What `account` leaves unfinished in this database (see `Left`)."""
    drafts: Counter[str] = Counter()
    for name, ledger in store.ledgers.items():
        count = store.conn.execute(f'SELECT count(*) FROM "{name}" WHERE deleted = 0 AND status = ? AND '
                                   "created_by = ? AND township = ?", ["draft", account, store.township]).fetchone()[0]
        if count:
            drafts[ledger.label] = count
    unsaved = len(autosave.listed(store.path, account, autosave.identity(store.conn))) if store.path else 0
    return Left(account, drafts, unsaved)


def stopped_accounts(store: Store) -> set[str]:
    """The user names of the accounts stopped (停用): whose drafts someone else must finish."""
    return {row[0] for row in store.conn.execute("SELECT name FROM accounts WHERE active = 0")}


def handler_field(ledger: LedgerDef) -> FieldDef | None:
    """The field naming who handles a matter of `ledger` (a complaint's 承办人, a case's 调解员, a check's 检查人员):
    its first person or people field, not in a group, of a ledger whose records are matters (`open_until`); None
    for the others (a meeting is nobody's to finish)."""
    if ledger.open_until is None:
        return None
    return next((f for f in ledger.fields if f.type in ("person", "people")), None)


def handlers_of(ledger: LedgerDef, values: dict) -> tuple[str, ...]:
    """The names `handler_field` holds in a record's `values`, as typed; () without one."""
    field = handler_field(ledger)
    value = values.get(field.name) if field is not None else None
    names = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return tuple(name for name in names if isinstance(name, str) and name.strip())


def gone(store: Store) -> dict[str, str]:
    """Name -> why someone named in records no longer works here: the user name or 姓名 of a stopped account
    (`STOPPED`) no account in use has, else a roster name nobody of that name is in post under today
    (`LEFT_ROSTER`: taken out of use, or past its 离任日期)."""
    rows = list(store.conn.execute("SELECT name, display_name, active FROM accounts"))
    in_use = {name for row in rows if row[2] for name in row[:2]}
    found = {name: STOPPED for row in rows if not row[2] for name in row[:2] if name and name not in in_use}
    today = store.lookups().today_iso()
    roster = list_people(store)
    serving = {p.name for p in roster if p.in_post_on(today)}
    for person in roster:
        if person.name not in serving and person.name not in found and (
                not person.active or (person.left_on or "9999") < today):
            found[person.name] = LEFT_ROSTER
    return found


def names_said(names: tuple[str, ...], away: dict[str, str]) -> str:
    """"杨芳、马丽（账户已停用）": the handlers as 待办事项 lists them, each who has gone (`gone`) marked."""
    return "、".join(f"{name}（{away[name]}）" if name in away else name for name in names)
