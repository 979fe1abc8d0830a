"""The county's indicator catalogs, carried to each township by its receipt, under the county's signature.

The county's catalogs never reached the townships: after the county enabled its 2024 catalog (会前学法 at least 6),
a township's 本年度指标 said `3 / 4 不少于 4 次` while the county scored it `3 / 6 不少于 6 次`, and neither was told.
Every receipt now carries the county's own catalogs (the first one when the county enabled its own, and each dated
one), each with its file's name, digest, years and text as the county keeps it (core/indicators/catalog_copies.py):

    "catalogs": [{"name": "县目录2024.toml", "sha256": "…", "from_year": 2024, "until_year": null, "text": "…"}]

A township importing the receipt checks each as strictly as a file (`parse_catalog` against its own ledger forms,
its years as the receipt says them) and adopts them into its own schedule: from the county's first dated year on the
county's catalogs replace its own (and every year, when the county enabled its own first catalog). It says what
changed (`县里按《…》（2024.1）评定 2024 年起的指标，本所已同步`) and its pages name them as the county's. One that does
not pass is said with the receipt's file and the reason, and none of them is adopted; the rest of the receipt is
imported all the same (its numbers matter more than the targets). A receipt without `catalogs` (a county program
before this), or with an empty list, changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core.indicators import (
    DIGEST_SETTING,
    SETTING,
    Catalog,
    CatalogError,
    catalog_copies,
    catalog_years,
    parse_catalog,
)
from fazhi_desktop.core.indicators.catalog import years_text
from fazhi_desktop.core.store import Store
from fazhi_desktop.core.validate import unusable_value

KEY = "catalogs"
MAX_CATALOGS = 20  # a county keeps one per notice
MAX_TEXT = 1_000_000  # characters: the shipped catalog has some 21,000
_DIGEST = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Carried:
    """A catalog a receipt carries, checked against this township's ledger forms."""

    catalog: Catalog
    name: str
    sha256: str
    text: str


def held_catalogs(store: Store) -> list[dict[str, Any]]:
    """At the county: its own catalogs for every receipt (none while it follows the shipped one); one enabled by a
    program before copies were kept, whose copy could not be taken (its file gone), is left out."""
    out = []
    first = store.setting(SETTING), store.setting(DIGEST_SETTING)
    dated = [(d.path, d.sha256, d.from_year, d.until_year) for d in catalog_years.dated(store)]
    for _path, sha256, from_year, until_year in ([(*first, None, None)] if all(first) else []) + dated:
        copy = catalog_copies.copy_of(store, sha256)
        if copy is not None:
            out.append({"name": copy.name, "sha256": sha256, "from_year": from_year, "until_year": until_year,
                        "text": copy.text})
    return out


def read_catalogs(receipt: dict[str, Any], path: Path, store: Store) -> tuple[list[Carried], str | None]:
    """At a township, before the import's transaction: the receipt's catalogs checked, or none and why (said with
    the receipt's file name)."""
    items = receipt.get(KEY)
    if not items:
        return [], None
    try:
        return _checked(items, store), None
    except CatalogError as exc:
        return [], refused_text(path, str(exc))


def refused_text(path: Path, reason: str) -> str:
    return (f"回执 {path.name} 带来的县里指标目录未采用：{reason}。本所的指标仍按原来的目录计算"
            "（回执的其余内容已导入）；请告诉县司法局。本所程序比县里旧的，请先升级程序，再导入下一份回执")


def _checked(items: Any, store: Store) -> list[Carried]:
    if not isinstance(items, list) or not 0 < len(items) <= MAX_CATALOGS:
        raise CatalogError("catalogs", f"应为 1 到 {MAX_CATALOGS} 份目录的列表")
    out = []
    for n, item in enumerate(items, 1):
        name = item.get("name") if isinstance(item, dict) else None
        if not isinstance(name, str) or not name.strip() or Path(name).name != name or unusable_value(name) \
                or len(name) > 200:
            raise CatalogError(f"第 {n} 份", "文件名不对")
        text, sha256 = item.get("text"), item.get("sha256")
        if not isinstance(text, str) or len(text) > MAX_TEXT or not isinstance(sha256, str) \
                or not _DIGEST.match(sha256):
            raise CatalogError(name, "内容或摘要不对")
        catalog = parse_catalog(text, name, store.ledgers)
        if (catalog.from_year, catalog.until_year) != (item.get("from_year"), item.get("until_year")):
            raise CatalogError(name, "目录写的适用年度与回执所记不符")
        out.append(Carried(catalog, name, sha256, text))
    if sum(c.catalog.from_year is None for c in out) > 1:
        raise CatalogError(out[-1].name, "回执中有两份不写 from_year 的目录")
    return out


def adopt(store: Store, carried: list[Carried], written_at: str | None) -> list[str]:
    """In the receipt's transaction (a savepoint of its own: all of them or none, CatalogError): make the county's
    catalogs this township's for their years; what changed, as the clerk is told."""
    if not carried:
        return []
    before = _schedule(store)
    first = next((c for c in carried if c.catalog.from_year is None), None)
    dated = sorted((c for c in carried if c.catalog.from_year is not None), key=lambda c: c.catalog.from_year)
    with dbmod.transaction(store.conn, "导入回执"):
        if first is not None:  # the county scores every year by its own catalogs: so does the township
            kept: list[catalog_years.Dated] = []
        else:  # the years before the county's first dated one stay the township's
            kept = [d for d in catalog_years.dated(store) if d.from_year < dated[0].catalog.from_year]
        for c in carried:
            catalog_copies.keep(store, c.sha256, c.name, c.text, written_at or "")
        county = [catalog_years.Dated(c.name, c.sha256, c.catalog.from_year, c.catalog.until_year) for c in dated]
        result = sorted([*kept, *county], key=lambda d: d.from_year)
        catalog_years.checked(store, result, (dated or [first])[0].name)
        settings = catalog_years.save_dated(store, result)
        if first is not None:
            settings |= {SETTING: first.name, DIGEST_SETTING: first.sha256}
        store.set_settings(**settings)
        catalog_copies.prune(store)
    after = _schedule(store)
    by_digest = {c.sha256: c.catalog for c in carried}
    return [f"县里按《{by_digest[sha256].name}》（{by_digest[sha256].version}）评定{' ' * years[0].isdigit()}{years}"
            "的指标，本所已同步" for years, sha256 in after if sha256 in by_digest and (years, sha256) not in before]


def _schedule(store: Store) -> list[tuple[str, str | None]]:
    """Each span of years with the digest of the catalog scoring it (None: the shipped one)."""
    kept = catalog_years.dated(store)
    first = kept[0].from_year if kept else None
    out = [(years_text(None, first - 1 if first else None),
            store.setting(DIGEST_SETTING) if store.setting(SETTING) else None)]
    return out + [(years_text(d.from_year, last), d.sha256) for d, last in catalog_years.spans(kept)]

