"""Indicators: the seed's targets computed from the ledgers, for one township or every township of the county.

    catalog = load_catalog_for(store)                       # resources/indicators/catalog.toml, or the county's own
    default_year(store)                                     # (2026, "2027年尚无记录，显示2026年") in January 2027
    results = compute(store, catalog, 2026)                 # every figure, in a handful of GROUP BY queries
    results.figure("T46a", "640522100").progress_text()     # "会前学法 2 / 4 次，还剩 35 天，还差 2 次"
    drill(store, catalog, "T40b", 2026, "640522100", "gap")  # the records behind a figure
    mediation_table(results) / completeness(store, 2026)    # 调解统计, 数据完整性
    write_xlsx(...) / write_pdf_report(...)                 # report_xlsx.py, report_pdf.py

docs/INDICATORS.md describes the catalog format and every rule.
"""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import replace
from pathlib import Path

from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.indicators.catalog import (
    SETTING,
    Catalog,
    CatalogError,
    Indicator,
    Measure,
    catalog_path,
    default_catalog_path,
    load_catalog,
)
from fazhi_desktop.core.indicators.drill import Drill, RecordRef, drill, records_by_ids
from fazhi_desktop.core.indicators.engine import Figure, Results, compute, default_year
from fazhi_desktop.core.indicators.status import MATRIX_STATUSES, STATUSES
from fazhi_desktop.core.indicators.townships import Township, township_list
from fazhi_desktop.core.store import Store

__all__ = [
    "DIGEST_SETTING", "MATRIX_STATUSES", "SETTING", "STATUSES", "Catalog", "CatalogError", "Drill", "Figure",
    "Indicator", "Measure", "RecordRef", "Results", "Township", "catalog_path", "compute", "default_catalog_path",
    "default_year", "drill", "load_catalog", "load_catalog_for", "records_by_ids", "township_list", "use_catalog",
]


def use_catalog(store: Store, path: Path | str | None) -> Catalog:
    """Make the catalog at `path` (None: the shipped one) the one this database's figures follow, once it is
    checked against the ledger forms. Only a 管理员 may: it decides how every township is scored. Its SHA-256 is
    kept with it, so that the file changed afterwards (by anyone with the folder open) is refused, not followed."""
    store.permit("catalog.manage")
    catalog = load_catalog(path, store.ledgers)
    with dbmod.transaction(store.conn, "保存设置"):
        store.permit("catalog.manage")  # again under the write lock, deciding
        store.set_settings(**{SETTING: str(Path(path).resolve()) if path else None,
                              DIGEST_SETTING: _digest(Path(path)) if path else None})
    return catalog


DIGEST_SETTING = "indicator_catalog.sha256"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_catalog_for(store: Store, override: Path | str | None = None, remember: bool = True) -> Catalog:
    """The catalog this database uses: `override` (--catalog), else its `indicator_catalog` setting, else the
    shipped one; checked against the database's ledger forms, and an enabled file against what was enabled. With
    `remember` (not from a worker thread) the digest of a file enabled before digests were kept is kept now, when
    the database can be written."""
    path = catalog_path(store.setting(SETTING), override)
    if override:
        return replace(load_catalog(path, store.ledgers), chosen_for_once=True)
    if store.setting(SETTING):
        try:
            digest = _digest(path)
        except OSError:
            digest = None  # load_catalog says what is wrong with the file
        kept = store.setting(DIGEST_SETTING)
        if digest and kept and digest != kept:
            raise CatalogError(path, "启用后文件被改动过：请管理员检查后重新启用（统计 → 启用指标目录…），"
                                     "或恢复程序自带的指标目录")
        catalog = load_catalog(path, store.ledgers)
        if digest and not kept and remember:  # enabled before digests were kept: from now on, as it is today
            with contextlib.suppress(FazhiError):  # a read-only or busy database: next time
                store.set_settings(**{DIGEST_SETTING: digest})
        return catalog
    return load_catalog(path, store.ledgers)
