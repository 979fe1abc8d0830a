"""Where in the window a message sends the user: the menu paths and page parts named by more than one message.

A path is written as the manual explains it, "menu → entry" (帮助 → 使用说明: the menu 帮助, then its entry 使用说明),
and a third step is a button of the window that entry opens (数据交换 → 密钥与登记 → 写出登记文件). A page of the
navigation on the left is not a menu: a part of one is written “设置”页的“备份”一栏. Messages put a path in “”
(or in （） after the action it is for) and take it from here, so a renamed menu entry is changed in one place;
tests/qt/test_places.py fails when one of these (or a path written anywhere in the program or the manual) is not in
the menus and pages a real main window shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: how a window text reads at the command line: each pattern (a menu path as the text names it) replaced by
#: `re.sub`'s replacement, which names the command doing the same (`for_command_line`)
Rewrites = Iterable[tuple[re.Pattern[str], str]]

#: the office's keys: the signing key, the county key, enrolment (township and county)
KEYS = "数据交换 → 密钥与登记"
#: the township reads the receipt the county wrote onto the USB stick
RECEIPT_IMPORT = "数据交换 → 导入县级回执"
#: the township writes its bundle
EXPORT = "数据交换 → 导出数据包"
#: the county reads the townships' bundles
BUNDLE_IMPORT = "数据交换 → 导入数据包"
#: the county's conflicts between two versions of a record
CONFLICTS = "数据交换 → 处理冲突…"
#: the 管理员's accounts window
ACCOUNTS = "账户 → 账户管理"
#: the restore of a backup (a 管理员's; the settings page has the same button)
RESTORE = "文件 → 从备份恢复"
#: the 所长 or 管理员 closes a year or reopens a closed one (core/year_close.py names the year before it)
YEAR_CLOSE = "编辑 → 年度封账…"
#: the 所长 locks a ledger's reviewed records before the year is over (qt/batch_review.py)
BATCH_LOCK = "编辑 → 批量锁定…"
#: an Excel import taken back (core/import_undo.py): before a corrected file replaces the one imported
IMPORT_UNDO = "文件 → 撤销Excel导入…"
#: this office's deleted records, each of which may be restored (qt/deleted_view.py)
DELETED_RECORDS = "编辑 → 已删除的记录…"
#: where the township enters a lost record again under its printed number (qt/lost_view.py, `fazhi receipt lost`)
REENTER = "数据交换 → 补录回执列出的记录…"
#: records read from a workbook (qt/excel_import_view.py): a whole undone import comes back so
EXCEL_IMPORT = "文件 → 从Excel导入记录…"
#: the 所长 gives a ledger's year its numbers again in date order (qt/numbering_view.py, core/renumber.py)
RENUMBER = "编辑 → 按日期重新编号…"
#: the 所长 sets where a numbering series goes on, after a restore (qt/numbering_view.py, core/renumber.py)
CONTINUE_NUMBERS = "数据交换 → 编号从第N号起…"
#: the backup folder and how many are kept, the recovery code
BACKUP_SECTION = "“设置”页的“备份”一栏"
#: the 管理员 corrects the office's name after the setup (core/office_name.py)
OFFICE_NAME = "“设置”页的“本单位”一栏点“修改单位名称”"


def for_command_line(text: str, rewrites: Rewrites) -> str:
    """`text` as the command line says it, so that someone there is not sent to a menu: the one way the CLI changes
    what core says, each caller with the table of its texts (year_close.REOPEN_BY_COMMAND for every error printed,
    receipt_lost.RECEIPT_BY_COMMAND for `fazhi receipt import`)."""
    for pattern, replacement in rewrites:
        text = pattern.sub(replacement, text)
    return text
