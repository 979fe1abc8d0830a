"""A township still on an older program, as the county meets it while a new one is rolled out.

The county upgrades first (README, Upgrading) and the townships over the weeks after: their bundles import as before,
the fields added since left empty. Nothing told the county's technician which townships still ran the older program:
both builds said 0.1.0, and an older township reads past what a receipt carries that it does not know (the county's
indicator catalogs: its 本年度指标 kept its own targets, 不少于 4 次 where the county scored 不少于 6 次, and nobody was
told). Each bundle names its form versions (`Fazhi-Form-Versions`); forms older than the county's say the township
runs an older program. The county is told so at the import (which forms, and to upgrade the township), keeps it from
the township's latest bundle (`SETTING`), and 写回执 says which townships cannot take the catalogs the receipts carry.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from fazhi_desktop.core.paths import app_version
from fazhi_desktop.core.store import Store

if TYPE_CHECKING:
    from fazhi_desktop.core.bundle.apply import ImportReport

#: settings key (+ township code) at the county: how its latest bundle's forms are older than the county's
#: (`older_forms`), "" when they are not
SETTING = "bundle.older_forms."
#: how the import's note begins (`import_note`)
NOTE = "乡镇的程序较旧（"


def older_forms(store: Store, forms: dict[str, int]) -> str:
    """"“调解案件”表单第 4 版，本县是第 5 版", for each of the county's forms that `forms` (a bundle's) has in an older
    version or not at all; "" when none is older (or the bundle names no forms)."""
    if not forms:
        return ""
    return "；".join(f"“{ledger.label}”表单第 {forms[name]} 版，本县是第 {ledger.version} 版" if name in forms
                    else f"没有“{ledger.label}”表单" for name, ledger in store.ledgers.items()
                    if forms.get(name, 0) < ledger.version)


def import_note(store: Store, township: str, forms: dict[str, int], sender: str) -> str | None:
    """In the import of the township's latest bundle (`sender`: the version of the program that made it): kept for
    写回执, and said when its program is older."""
    said = older_forms(store, forms)
    store.set_settings(**{SETTING + township: said})
    if not said:
        return None
    ours = app_version()
    if sender == ours:  # "升级到与县里相同的版本（本程序是 0.1.0）" at a township whose 关于 said 0.1.0 too looked done
        how = f"乡镇的程序也显示 {ours} 版，但是较早的构建：请用县里升级所用的同一个安装程序为乡镇升级"
    else:
        how = f"请把乡镇的程序（{sender} 版）升级到与县里相同的版本（本程序是 {ours}）"
    return f"{NOTE}{said}）：已照常导入，较新版本增加的字段为空。{how}"


def said_once(store: Store, reports: Sequence[ImportReport]) -> None:
    """A batch of bundles (a stick): the older program named at each township's last bundle only, and not at all
    when its latest bundle came from the program now (upgraded between two bundles on the stick). Three bundles of
    each of 18 townships named each older one three times, and one upgraded since at its earlier bundles."""
    last = {r.township: r for r in reports if any(note.startswith(NOTE) for note in r.notes)}
    for report in reports:
        if last.get(report.township) is not report or not store.setting(SETTING + report.township):
            report.notes = [note for note in report.notes if not note.startswith(NOTE)]


def receipt_note(store: Store, township: str, catalogs: list[dict[str, Any]]) -> str:
    """Why the catalogs a receipt for `township` carries will not reach it: its latest bundle came from an older
    program, which reads past them. "" when the receipt carries none or the township's program is not older."""
    said = store.setting(SETTING + township) if catalogs else ""
    if not said:
        return ""
    return (f"乡镇的程序较旧（{said}），读不了回执带去的县里指标目录，其“本年度指标”仍按自己的目录计算："
            "请为乡镇升级程序，升级后再导入这份回执即同步")
