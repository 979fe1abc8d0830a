"""全部台账: every ledger's register of a year (or of its months) in one PDF, as the county's inspection asks for the
five at once: five runs of 打印本年度台账, each with its own save prompt, were what a 所长 did before.

Each register is laid out by the single register's layout (`register.build_register`), one after another in the
ledgers' order, each from a new page: its own title, 第 N 页 共 M 页 and footer, and every page kept in
`register_pages` with its 核验码 exactly as when it is printed alone, so a page's code checks out the same. A ledger
without records in the period prints its register saying so (an inspector sees it was not left out).
"""

from __future__ import annotations

from fazhi_desktop.core.documents.fonts import resolve_fonts
from fazhi_desktop.core.documents.issuer import township_issuer
from fazhi_desktop.core.documents.layout import Document
from fazhi_desktop.core.documents.register import build_register, register_townships
from fazhi_desktop.core.documents.register_codes import Months, period_name
from fazhi_desktop.core.jobs import Progress, no_progress
from fazhi_desktop.core.store import Store

#: the register choice (台账 box, `fazhi register all`) that prints every ledger's
ALL = "all"
ALL_LABEL = "全部台账"
_STEP = 1000  # each register's share of the progress


def all_title(store: Store, year: int, township: str | None = None, months: Months = None) -> str:
    """"海城镇司法所2026年全部台账": the file's name and the PDF's title (each register keeps its own on its pages)."""
    return f"{township_issuer(store, township).office}{period_name(year, months)}{ALL_LABEL}"


def all_townships(store: Store) -> list[tuple[str, str]]:
    """At the county, the townships with live records in any ledger, (code, name) in code order; empty at a
    township."""
    found = {code: name for ledger in store.ledgers for code, name in register_townships(store, ledger)}
    return sorted(found.items())


def build_all_registers(store: Store, year: int, progress: Progress = no_progress, township: str | None = None,
                        months: Months = None) -> Document:
    """Lay out every ledger's register of `year` (its `months` only; at the county, of `township`) into one
    Document, each from a new page; `extra["parts"]`: (ledger label, first page, pages) of each. `progress` may
    raise Cancelled."""
    fonts = resolve_fonts()  # once for all five
    names = list(store.ledgers)
    pages, parts, codes = [], [], []
    author = ""
    for index, name in enumerate(names):
        label = store.ledger(name).label

        def step(done: int, total: int, text: str, index: int = index, label: str = label) -> None:
            progress(index * _STEP + _STEP * done // max(total, 1), len(names) * _STEP, f"{label}台账：{text}")

        doc = build_register(store, name, year, fonts, step, township, months)
        parts.append((label, len(pages) + 1, len(doc.pages)))
        pages += doc.pages
        codes += doc.extra.get("codes", [])
        author = doc.author
    title = all_title(store, year, township, months)
    return Document(pages, fonts, title, "register", author, subject=f"{ALL_LABEL} {period_name(year, months)}",
                    extra={"parts": parts, "codes": codes})
