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
from fazhi_desktop.core.clock import office_date
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.indicators import catalog_years
from fazhi_desktop.core.indicators.catalog import (
    SETTING,
    Catalog,
    CatalogError,
    Indicator,
    Measure,
    catalog_path,
    default_catalog_path,
    load_catalog,
    years_text,
)
from fazhi_desktop.core.indicators.drill import Drill, RecordRef, drill, records_by_ids
from fazhi_desktop.core.indicators.engine import Figure, Results, compute, default_year
from fazhi_desktop.core.indicators.status import MATRIX_STATUSES, STATUSES
from fazhi_desktop.core.indicators.townships import Township, township_list
from fazhi_desktop.core.store import Store

__all__ = [
    "DIGEST_SETTING", "MATRIX_STATUSES", "SETTING", "STATUSES", "Catalog", "CatalogError", "Drill", "Figure",
    "Indicator", "Measure", "RecordRef", "Results", "Township", "catalog_path", "catalog_schedule", "compute",
    "default_catalog_path", "default_year", "drill", "load_catalog", "load_catalog_for", "records_by_ids",
    "schedule_lines", "township_list", "use_catalog",
]


def use_catalog(store: Store, path: Path | str | None) -> Catalog:
    """Make the catalog at `path` (None: the shipped one, for every year) the one this database's figures follow,
    once it is checked against the ledger forms: for the years it says (`from_year`, `until_year`;
    catalog_years.py), or, saying none, for every year before the first dated one. Only a 管理员 may: it decides how
    every township is scored. Its SHA-256 is kept with it, so that the file changed afterwards (by anyone with the
    folder open) is refused, not followed."""
    store.permit("catalog.manage")
    catalog = load_catalog(path, store.ledgers)
    with dbmod.transaction(store.conn, "保存设置"):
        store.permit("catalog.manage")  # again under the write lock, deciding
        if path is None:
            settings = {SETTING: None, DIGEST_SETTING: None, **catalog_years.save_dated(store, [])}
        else:
            resolved, digest = str(Path(path).resolve()), _digest(Path(path))
            kept = [d for d in catalog_years.dated(store) if d.path != resolved]
            if catalog.from_year is None:  # the first catalog: every year before the first dated one
                settings = {SETTING: resolved, DIGEST_SETTING: digest, **catalog_years.save_dated(store, kept)}
            else:
                settings = catalog_years.save_dated(store, catalog_years.add(store, kept, catalog, digest))
                if store.setting(SETTING) and str(Path(store.setting(SETTING)).resolve()) == resolved:
                    settings |= {SETTING: None, DIGEST_SETTING: None}  # that file now says its years
        store.set_settings(**settings)
    return catalog


DIGEST_SETTING = "indicator_catalog.sha256"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_catalog_for(store: Store, override: Path | str | None = None, remember: bool = True,
                     year: int | None = None) -> Catalog:
    """The catalog scoring `year` (None: this year) in this database: `override` (--catalog), else the dated one
    enabled for that year, else the first one (its `indicator_catalog` setting, else the shipped one); checked
    against the database's ledger forms, and an enabled file against what was enabled. With `remember` (not from a
    worker thread) the digest of a file enabled before digests were kept is kept now, when the database can be
    written."""
    year = office_date(store.clock()).year if year is None else year
    if override:
        catalog = replace(load_catalog(Path(override), store.ledgers), chosen_for_once=True)
        if not catalog.applies_to(year):
            raise CatalogError(override, f"本目录适用于 {catalog.years_text}，不适用于 {year} 年")
        return catalog
    found = catalog_years.which(catalog_years.dated(store), year)
    if found is not None:
        return _enabled(store, Path(found.path), found.sha256)
    if store.setting(SETTING):
        path = Path(store.setting(SETTING))
        catalog = _enabled(store, path, store.setting(DIGEST_SETTING))
        if not store.setting(DIGEST_SETTING) and remember:  # enabled before digests were kept: from now on, as it
            with contextlib.suppress(FazhiError, OSError):  # is today; a read-only or busy database: next time
                store.set_settings(**{DIGEST_SETTING: _digest(path)})
        return catalog
    return load_catalog(default_catalog_path(), store.ledgers)


def _enabled(store: Store, path: Path, kept: str | None) -> Catalog:
    """An enabled catalog file, refused when it changed since it was enabled (its digest `kept`)."""
    try:
        digest = _digest(path)
    except OSError:
        digest = None  # load_catalog says what is wrong with the file
    if digest and kept and digest != kept:
        raise CatalogError(path, "启用后文件被改动过：请管理员检查后重新启用（统计 → 启用指标目录…），"
                                 "或恢复程序自带的指标目录")
    return load_catalog(path, store.ledgers)


def catalog_schedule(store: Store) -> list[tuple[str, Catalog]]:
    """Each span of years with the catalog scoring it, first to last ("2023 年及以前", the shipped 2023.5;
    "2024 年起", the county's 2024.1): what `fazhi catalog check` shows. Every file is checked (CatalogError)."""
    return [(years, load_catalog_for(store, remember=False, year=year)) for years, year in _spans(store)]


def schedule_lines(store: Store) -> list[str]:
    """"2023 年及以前：海原县…（2023.5）", one line a span, as the confirmation of a catalog just enabled lists them
    (启用指标目录…, `fazhi catalog use`); a catalog that cannot be used now (its file changed or gone) is named with
    why, "2023 年及以前：无法使用：…": what was enabled stays enabled, and is not to be reported as refused."""
    lines = []
    for years, year in _spans(store):
        try:
            lines.append(f"{years}：{load_catalog_for(store, remember=False, year=year).label}")
        except FazhiError as exc:
            lines.append(f"{years}：{UNUSABLE}{exc}")
    return lines


#: how `schedule_lines` starts the reason a span's catalog cannot be used, and what the confirmation adds then
UNUSABLE = "无法使用："
UNUSABLE_NOTE = "标“无法使用”的年度在改正前不能计算指标：请检查该目录文件后重新启用，或恢复程序自带的指标目录"


def _spans(store: Store) -> list[tuple[str, int]]:
    """Each span of years ("2023 年及以前", "2024 年起") with a year of it, first to last."""
    kept = catalog_years.dated(store)
    first = kept[0].from_year if kept else None
    this_year = office_date(store.clock()).year
    out = [(years_text(None, first - 1), first - 1) if first else ("各年度", this_year)]
    return out + [(years_text(d.from_year, last), d.from_year) for d, last in catalog_years.spans(kept)]
