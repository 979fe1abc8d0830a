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
before this) changes nothing.

The receipt's catalogs are the county's whole set: one the township took from an earlier receipt that this one no
longer carries (the county gave it `from_year`, or went back to the shipped catalog: an empty list) is dropped, and
those years follow the township's own catalog or the shipped one again, as at the county. A receipt written before
the one whose catalogs the township follows (left on the stick, imported after the newer one) brings none: its
catalogs are older than the county's, and adopting them rolled the township's targets back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core.clock import local_time, utc_iso
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


def carried_line(store: Store) -> str:
    """At the county, after receipts are written: which of its catalogs they carry, each by name, version and the
    years it scores, as the township is told on importing them ("县里按《…》（2024.1）评定 2024 年起的指标，本所已
    同步"): "回执同时带去县里的指标目录：《海原县法治建设指标》（2024.1，2024 年起），乡镇导入回执后按它计算这些年度的
    指标". Nothing said of it, a county enabling its 2024 catalog the day before did not know the receipts change the
    townships' targets."""
    held = held_catalogs(store)
    if not held:
        return "回执不带指标目录（县里按程序自带的指标目录评定）：乡镇导入后，先前随回执同步的县里目录不再使用"
    kept = catalog_years.dated(store)
    last = {d.sha256: end for d, end in catalog_years.spans(kept)}
    before = kept[0].from_year - 1 if kept else None  # the first catalog scores the years before the dated ones
    named = []
    for item in held:
        first = item["from_year"] is None
        years = years_text(None, before) if first else years_text(item["from_year"], last.get(item["sha256"]))
        try:
            catalog = parse_catalog(item["text"], item["name"], store.ledgers)
            named.append(f"《{catalog.name}》（{catalog.version}，{years}）")
        except CatalogError:  # enabled and kept by this county: said by its file should it no longer read
            named.append(f"{item['name']}（{years}）")
    it = "它" if len(named) == 1 else "这些目录"
    return f"回执同时带去县里的指标目录：{'、'.join(named)}，乡镇导入回执后按{it}计算这些年度的指标"


def read_catalogs(receipt: dict[str, Any], path: Path, store: Store) -> tuple[list[Carried] | None, str | None]:
    """At a township, before the import's transaction: the receipt's catalogs checked ([]: the county follows the
    shipped one), or None (a county program before this, or refused: then why, said with the receipt's file name)."""
    if KEY not in receipt:
        return None, None
    if receipt[KEY] == []:
        return [], None
    try:
        return _checked(receipt[KEY], store), None
    except CatalogError as exc:
        return None, refused_text(path, str(exc))


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


def adopt(store: Store, carried: list[Carried] | None, written_at: str | None, path: Path
          ) -> tuple[list[str], str | None]:
    """In the receipt's transaction (a savepoint of its own: all of them or none, CatalogError): make the county's
    catalogs this township's for their years, in place of those it took from the county before; what changed, as
    the clerk is told, and why none was adopted when the receipt is older than the one followed (None: it is not,
    or it carries the catalogs followed)."""
    if carried is None:
        return [], None
    county = _from_county(store)
    if not carried and not county:  # the county follows the shipped catalog, and so does (or its own) the township
        return [], None
    newest = max(county.values(), default="")
    if (written_at or "") < newest:  # the county's clock may have gone back: said, so the county can be told
        same = {c.sha256 for c in carried} == set(county)
        return [], None if same else older_text(path, written_at, newest)
    before = _schedule(store)
    first = next((c for c in carried if c.catalog.from_year is None), None)
    dated = sorted((c for c in carried if c.catalog.from_year is not None), key=lambda c: c.catalog.from_year)
    with dbmod.transaction(store.conn, "导入回执"):
        own = [d for d in catalog_years.dated(store) if d.sha256 not in county]
        if first is not None:  # the county scores every year by its own catalogs: so does the township
            kept: list[catalog_years.Dated] = []
        else:  # the years before the county's first dated one stay the township's
            kept = [d for d in own if not dated or d.from_year < dated[0].catalog.from_year]
        for c in carried:
            catalog_copies.keep(store, c.sha256, c.name, c.text, written_at or "")
        ours = [catalog_years.Dated(c.name, c.sha256, c.catalog.from_year, c.catalog.until_year) for c in dated]
        result = sorted([*kept, *ours], key=lambda d: d.from_year)
        catalog_years.checked(store, result, carried[0].name if carried else "（县里的指标目录）")
        settings = catalog_years.save_dated(store, result)
        if first is not None:
            settings |= {SETTING: first.name, DIGEST_SETTING: first.sha256}
        elif store.setting(DIGEST_SETTING) in county:  # the county no longer scores those years by it
            settings |= {SETTING: None, DIGEST_SETTING: None}
        store.set_settings(**settings)
        catalog_copies.prune(store)
    after = _schedule(store)
    by_digest = {c.sha256: c.catalog for c in carried}
    said = []
    for years, sha256 in after:
        if (years, sha256) in before:
            continue
        if (catalog := by_digest.get(sha256)) is not None:
            said.append(f"县里按《{catalog.name}》（{catalog.version}）评定{_space(years)}{years}的指标，本所已同步")
        elif sha256 is None and any(county_sha in county for _, county_sha in before):
            said.append(f"县里按程序自带的指标目录评定{_space(years)}{years}的指标，本所已同步")
    return said, None


def scoring_this_year(store: Store, carried: list[Carried] | None) -> Catalog | None:
    """Before a receipt that carries catalogs is imported: the catalog scoring the year 本年度指标 shows now
    (`targets_changed` compares with it), None when the receipt carries none or the catalog cannot be read."""
    if carried is None:
        return None
    from fazhi_desktop.core.indicators import load_catalog_for

    try:
        return load_catalog_for(store, remember=False, year=_shown_year(store))
    except (CatalogError, OSError):
        return None


def _shown_year(store: Store) -> int:
    """The year 本年度指标 opens on (`default_year`): in January the year just ended while the office reviews it, not
    the new one (a receipt of 8 January said what the county's catalog changed of 2027, 会前学法 0 / 6, and nothing
    of 2026, the year assessed)."""
    from fazhi_desktop.core.indicators import default_year

    return default_year(store)[0]


def targets_changed(store: Store, before: Catalog | None) -> list[str]:
    """After the county's catalogs were adopted: what they changed of this year's targets, each as the office's
    本年度指标 shows it, "会前学法：目标由 不少于 4 次 改为 不少于 6 次，现为 4 / 6 次，有风险（原为 达标）" and
    "学法考试通报：县里不再考核" (the receipt said only 本所已同步, and a target met became one at risk unseen);
    [] when none changed."""
    from fazhi_desktop.core.indicators import compute, load_catalog_for

    if before is None:
        return []
    year = _shown_year(store)
    try:
        after = load_catalog_for(store, remember=False, year=year)
    except (CatalogError, OSError):
        return []
    old, new = ({f.indicator.code: f for f in compute(store, catalog, year).for_township(store.township,
                                                                                         catalog.judged)}
                for catalog in (before, after))
    lines = []
    for code, now in new.items():
        was, ind = old.get(code), now.indicator
        if was is None:
            lines.append(f"{ind.title}：县里新增的指标，目标 {ind.target_text()}，现为 {now.amount_text()}，"
                         f"{now.status_text}")
        elif was.indicator.target_text() != ind.target_text():
            lines.append(f"{ind.title}：目标由 {was.indicator.target_text()} 改为 {ind.target_text()}，现为 "
                         f"{now.amount_text()}，{now.status_text}"
                         + (f"（原为 {was.status_text}）" if was.status_text != now.status_text else ""))
        elif was.status_text != now.status_text:
            lines.append(f"{ind.title}：现为 {now.amount_text()}，{now.status_text}（原为 {was.status_text}）")
    lines += [f"{old[code].indicator.title}：县里不再考核" for code in old if code not in new]
    return [f"本所 {year} 年的指标因此有变化（详见“本年度指标”）：", *(f"　{line}" for line in lines)] if lines else []


def _space(years: str) -> str:
    """A space before "2024 年起", none before "各年度" (评定各年度的指标, not 评定 各年度的指标)."""
    return " " if years[:1].isdigit() else ""


def older_text(path: Path, written_at: str | None, newest: str) -> str:
    when = f"（县里{local_time(written_at)}写）" if written_at else ""
    return (f"回执 {path.name}{when}比本所已同步指标目录的那份回执（{local_time(newest)}写）写得早，它带的县里指标目录"
            "较旧，未采用：本所的指标仍按已同步的目录计算（回执的其余内容已导入）。如这份回执确是县里最近写的，"
            "请告诉县司法局核对县里电脑的日期时间")


def _from_county(store: Store) -> dict[str, str]:
    """The catalogs this township follows that came from the county's receipts: digest -> the receipt's time, or,
    for a receipt written later than this PC's time now, when this township took it. The county's clock ran ahead
    that day and was put right since: every receipt after it was written "earlier", and its catalogs were refused
    until the county's clock passed that day (months on), telling the county to check a clock already right. A
    receipt written before that one was also written before the township took it, and still brings none."""
    now = utc_iso(store.clock())
    out = {}
    for _path, sha256 in catalog_copies.enabled(store):
        copy = catalog_copies.copy_of(store, sha256)
        if copy is not None and copy.county_written_at is not None:
            out[sha256] = copy.county_written_at if copy.county_written_at <= now else copy.kept_at
    return out


def _schedule(store: Store) -> list[tuple[str, str | None]]:
    """Each span of years with the digest of the catalog scoring it (None: the shipped one)."""
    kept = catalog_years.dated(store)
    first = kept[0].from_year if kept else None
    out = [(years_text(None, first - 1 if first else None),
            store.setting(DIGEST_SETTING) if store.setting(SETTING) else None)]
    return out + [(years_text(d.from_year, last), d.sha256) for d, last in catalog_years.spans(kept)]

