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
from dataclasses import replace
from pathlib import Path

from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core.clock import office_date
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.indicators import catalog_copies, catalog_years
from fazhi_desktop.core.indicators.catalog import (
    DIGEST_SETTING,
    SETTING,
    Catalog,
    CatalogError,
    Indicator,
    Measure,
    catalog_file,
    catalog_path,
    default_catalog_path,
    load_catalog,
    parse_catalog,
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
    every township is scored. Its text is kept in the database (catalog_copies.py), so that the figures follow what
    was enabled whatever becomes of the file, on this PC or another one the database is restored on."""
    store.permit("catalog.manage")
    if path is None:
        catalog = load_catalog(None, store.ledgers)
    else:
        text, digest = catalog_file(Path(path))
        catalog = parse_catalog(text, path, store.ledgers)
    with dbmod.transaction(store.conn, "保存设置"):
        store.permit("catalog.manage")  # again under the write lock, deciding
        if path is None:
            store.set_settings(**{SETTING: None, DIGEST_SETTING: None, **catalog_years.save_dated(store, [])})
            catalog_copies.prune(store)
        else:
            enable(store, catalog, str(Path(path).resolve()), digest, text)
    return catalog


def enable(store: Store, catalog: Catalog, path: str, digest: str, text: str, county_written_at: str | None = None,
           kept: list[catalog_years.Dated] | None = None) -> None:
    """In the caller's transaction: make the checked `catalog` (`text`, its file's `digest`) this database's for its
    years, replacing `kept` (the dated ones; default: those enabled) of the same `from_year` or `path` (where it
    came from: the file, or the county's file name for a receipt's, then with the receipt's `county_written_at`).
    CatalogError (its file and the reason) for years overlapping another's or leaving records without a catalog."""
    kept = [d for d in (catalog_years.dated(store) if kept is None else kept) if d.path != path]
    if catalog.from_year is None:  # the first catalog: every year before the first dated one
        settings = {SETTING: path, DIGEST_SETTING: digest, **catalog_years.save_dated(store, kept)}
    else:
        settings = catalog_years.save_dated(store, catalog_years.add(store, kept, catalog, digest, path))
        if store.setting(SETTING) == path:
            settings |= {SETTING: None, DIGEST_SETTING: None}  # that file now says its years
    catalog_copies.keep(store, digest, Path(path).name, text, county_written_at)
    store.set_settings(**settings)
    catalog_copies.prune(store)


def load_catalog_for(store: Store, override: Path | str | None = None, remember: bool = True,
                     year: int | None = None) -> Catalog:
    """The catalog scoring `year` (None: this year) in this database: `override` (--catalog), else the dated one
    enabled for that year, else the first one (its `indicator_catalog` setting, else the shipped one); checked
    against the database's ledger forms. An enabled catalog is read from the copy kept when it was enabled. With
    `remember` (not from a worker thread), one enabled by a program before copies were kept whose file is still as
    enabled is kept now, when the database can be written."""
    year = office_date(store.clock()).year if year is None else year
    if override:
        catalog = replace(load_catalog(Path(override), store.ledgers), chosen_for_once=True)
        if not catalog.applies_to(year):
            raise CatalogError(override, f"本目录适用于 {catalog.years_text}，不适用于 {year} 年")
        return catalog
    found = catalog_years.which(catalog_years.dated(store), year)
    if found is not None:
        return _enabled(store, found.path, found.sha256, remember)
    if store.setting(SETTING):
        return _enabled(store, store.setting(SETTING), store.setting(DIGEST_SETTING), remember)
    return load_catalog(default_catalog_path(), store.ledgers)


#: said after why an enabled catalog without a copy in the database cannot be read from its file
ENABLE_AGAIN = ("请管理员找到这份目录文件，重新启用（统计 → 启用指标目录…，或 fazhi catalog use）；"
                "或恢复程序自带的指标目录")


def _enabled(store: Store, path: str, digest: str | None, remember: bool) -> Catalog:
    """An enabled catalog, from the copy kept of it; else (enabled by a program before copies were kept, and the
    file was not as enabled when it upgraded) from its file, refused when the file is gone or changed."""
    copy = catalog_copies.copy_of(store, digest) if digest else None
    if copy is not None:
        return replace(parse_catalog(copy.text, path, store.ledgers), from_county=copy.county_written_at is not None)
    try:
        text, now = catalog_file(Path(path))
    except CatalogError as exc:
        raise CatalogError(path, f"{exc.reason}，数据库中也没有它的副本：{ENABLE_AGAIN}") from None
    if digest and now != digest:
        raise CatalogError(path, f"启用后文件被改动过，数据库中也没有启用时的副本：{ENABLE_AGAIN}")
    catalog = parse_catalog(text, path, store.ledgers)
    if remember:  # as it was enabled: kept from now on; a read-only or busy database: next time
        with contextlib.suppress(FazhiError, OSError), dbmod.transaction(store.conn, "保存设置"):
            catalog_copies.keep(store, now, Path(path).name, text)
            if not digest:  # enabled before digests were kept: the first catalog
                store.set_settings(**{DIGEST_SETTING: now})
    return catalog


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
