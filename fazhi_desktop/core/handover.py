"""What a person leaving leaves unfinished (人员交接): the drafts an account entered and nobody has submitted, and the
unsaved text the program kept for it against a power cut (core/autosave.py), which stopping the account deletes.

Asked before 停用 (the window's question, `fazhi accounts deactivate`'s report), so the 管理员 knows what the
newcomer takes over and what is lost; and by 待办事项 (core/todo.py), which lists the drafts of stopped accounts for
whoever finishes them. Drafts are found by their 登记人 (`created_by`, the account's user name): a stopped account's
drafts stay where they are, and any 录入员 may correct and submit them, the history still naming who entered them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from fazhi_desktop.core import autosave
from fazhi_desktop.core.store import Store


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
