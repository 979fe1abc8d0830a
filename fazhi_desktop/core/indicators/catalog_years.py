"""Which catalog scores which year: a county keeps one catalog per notice, each for the years it applies to.

The county's notices change the targets from a year on (海政办发〔2024〕12号: 会前学法 at least 6 a year from 2024).
A closed year stays scored by the targets in force that year: the 2023 report asked for again in an audit is the one
of 2023's notice, not re-scored by today's. So a database keeps

- its first catalog (`SETTING`, the shipped one when not set): a catalog without `from_year`, for every year before
  the first dated one (every year while there is none);
- dated catalogs (`DATED_SETTING`, JSON): each with its `from_year` (and maybe `until_year`), for its years up to
  the year before the next one's `from_year`.

Enabling a dated catalog replaces the one of the same `from_year` (or the same file); two whose years overlap (an
`until_year` at or after the next one's `from_year`) are refused, and so is a gap (years after an `until_year` no
catalog covers) holding records. The years are kept with each file's digest, so the schedule is known without
reading one; the text of each is kept in the database (catalog_copies.py), what its figures follow.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from pathlib import Path

from fazhi_desktop.core.clock import office_date
from fazhi_desktop.core.indicators.catalog import Catalog, CatalogError, years_text
from fazhi_desktop.core.store import Store

DATED_SETTING = "indicator_catalog.dated"


@dataclass(frozen=True)
class Dated:
    """A dated catalog enabled for this database: its file, digest and the years it says it applies to."""

    path: str
    sha256: str
    from_year: int
    until_year: int | None


def dated(store: Store) -> list[Dated]:
    """The dated catalogs enabled, by `from_year`."""
    kept = json.loads(store.setting(DATED_SETTING) or "[]")
    return sorted((Dated(k["path"], k["sha256"], k["from_year"], k["until_year"]) for k in kept),
                  key=lambda d: d.from_year)


def save_dated(store: Store, kept: list[Dated]) -> dict[str, str | None]:
    """The setting that keeps `kept` (for `Store.set_settings`)."""
    value = [{"path": d.path, "sha256": d.sha256, "from_year": d.from_year, "until_year": d.until_year}
             for d in sorted(kept, key=lambda d: d.from_year)]
    return {DATED_SETTING: json.dumps(value, ensure_ascii=False) if value else None}


def spans(kept: list[Dated]) -> list[tuple[Dated, int | None]]:
    """Each dated catalog with the last year it scores: its `until_year`, or the year before the next one's
    `from_year`, or None (open)."""
    out = []
    for n, d in enumerate(kept):
        following = kept[n + 1].from_year - 1 if n + 1 < len(kept) else None
        bounds = [y for y in (d.until_year, following) if y is not None]
        out.append((d, min(bounds) if bounds else None))
    return out


def which(kept: list[Dated], year: int) -> Dated | None:
    """The dated catalog scoring `year`; None: the first catalog's (a year before every `from_year`). A year after an
    `until_year` no later catalog covers has none: CatalogError, saying so."""
    found = [(d, last) for d, last in spans(kept) if d.from_year <= year]
    if not found:
        return None
    d, last = found[-1]
    if last is None or year <= last:
        return d
    raise CatalogError(d.path, f"只适用于 {years_text(d.from_year, last)}，{year} 年没有适用的指标目录："
                               f"请启用适用于 {year} 年的目录（统计 → 启用指标目录…，或 fazhi catalog use）")


def _covered(kept: list[Dated], year: int) -> bool:
    try:
        which(kept, year)
    except CatalogError:
        return False
    return True


def data_years(store: Store) -> set[int]:
    """The years this database holds live records of, by each ledger's date field."""
    return {year for name in store.ledgers for year in store.years(name)}


def add(store: Store, kept: list[Dated], catalog: Catalog, sha256: str, path: str) -> list[Dated]:
    """`kept` with the dated `catalog` (from `path`) enabled: it replaces one of the same `from_year` or file;
    refused (CatalogError, its file and the reason) when its years overlap another's or leave years with records
    without a catalog."""
    assert catalog.from_year is not None
    new = Dated(path, sha256, catalog.from_year, catalog.until_year)
    others = [d for d in kept if d.from_year != new.from_year and d.path != path]
    result = sorted([*others, new], key=lambda d: d.from_year)
    checked(store, result, catalog.source, new)
    return result


def checked(store: Store, result: list[Dated], source: str, new: Dated | None = None) -> None:
    """Refuse (CatalogError naming `source`, the file being enabled, and the reason) a schedule whose years overlap
    (`new`: the catalog being enabled, the other one is named) or leave years with records without a catalog."""
    for earlier, later in itertools.pairwise(result):
        if earlier.until_year is not None and earlier.until_year >= later.from_year:
            other = later if earlier is new else earlier
            raise CatalogError(source, f"适用年度与已启用的目录 {Path(other.path).name}"
                               f"（{years_text(other.from_year, other.until_year)}）重叠："
                               f"{years_text(earlier.from_year, earlier.until_year)}与"
                               f"{years_text(later.from_year, later.until_year)}都含 {later.from_year} 年；"
                               "每一年只能按一份目录计算，请改正 from_year 或 until_year")
    years = data_years(store)
    uncovered = sorted(y for y in years if not _covered(result, y))
    if uncovered:
        listed = "、".join(str(y) for y in uncovered)
        raise CatalogError(source, f"启用后 {listed} 年没有适用的指标目录，而数据库中有这些年度的记录："
                           "请改正 until_year，或先启用适用于这些年度的目录")


def undated_note(store: Store, catalog: Catalog) -> str:
    """What enabling `catalog` without a `from_year` does to the ended years the first catalog scores now (they are
    scored anew by it), said before it is enabled; "" when it names its years or no ended year has records."""
    if catalog.from_year is not None:
        return ""
    kept, this_year = dated(store), office_date(store.clock()).year
    ended = sorted(y for y in data_years(store) if y < this_year and _covered(kept, y) and which(kept, y) is None)
    if not ended:
        return ""
    listed = "、".join(str(y) for y in ended)
    return (f"本目录没有写 from_year（从哪一年起适用），{listed} 年的指标也按本目录重新计算（已结束的年度按新目标"
            f"评定）。如新目标只从某年起执行，请在目录开头写 from_year = {this_year} 这样的一行后重新启用；"
            "要恢复原来的，用“恢复程序自带的指标目录”或重新启用原来的目录文件")
