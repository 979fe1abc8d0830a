"""更换恢复码: when a 所长 or 管理员 who knew the backup recovery code leaves, a new backup key and code for the
backups made from now on (sealing.replace_key), in 设置 → 备份 and `fazhi backup-settings --new-recovery-code`.
Noted in the account log, never the code."""

from __future__ import annotations

import contextlib

from fazhi_desktop.core import accounts, failures
from fazhi_desktop.core.backup import sealing
from fazhi_desktop.core.jobs import Progress, no_progress
from fazhi_desktop.core.store import Store

#: the account-log event
CODE_CHANGED = "更换备份恢复码"
#: asked before, in the window and in the manual's words
BEFORE = ("更换备份恢复码（知道恢复码的人离任或调走时）：\n"
          "· 生成新的恢复码，只显示这一次，请抄在纸上，与U盘分开保管；以后的备份都用新的恢复码加密。\n"
          "· 更换之前做的备份（包括U盘上已有的）不变：在另一台电脑上恢复它们，仍须用原来的恢复码；"
          "在这台电脑上恢复不需要恢复码。请把旧备份U盘一并交接，不再需要的旧备份可删除。\n"
          "· 原来的恢复码不能再用来重设管理员密码。\n"
          "· 更换后请立即备份一次。\n"
          "更换吗？")
#: said with the new code
AFTER = ("这是新的备份恢复码：以后的备份都用它加密。更换之前做的备份在另一台电脑上仍只能用原来的恢复码恢复。"
         "请抄在纸上，与备份U盘分开妥善保管，不要发给他人；然后立即备份一次。")


def change_recovery_code(store: Store, progress: Progress = no_progress) -> sealing.BackupKey:
    """A new backup key and recovery code for the database of `store` (a 所长 or 管理员: `keys.manage`); its code
    to be shown once, as the first one is. Raises BackupError when there is none yet (the first backup makes it)."""
    store.permit("keys.manage")
    key = sealing.replace_key(store.path, progress)
    if store.is_county:  # the county's keys, sealed to the old key, go to the new one: the old code opens them no more
        from fazhi_desktop.core.bundle.county_escrow import reseal

        reseal(sealing.keys_folder(store.path))
    with contextlib.suppress(failures.DatabaseLocked, failures.ReadOnlyStorage):  # the key file is what counts
        accounts.note(store, CODE_CHANGED)
    return key
