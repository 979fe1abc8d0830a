"""What a receipt tells a township that re-installed of its earlier install's records, which the county keeps.

A township whose PC died without a backup sets up a new database; the county keeps the earlier install's records
(core/bundle/lost.py: the only copy) and counts them. The township was never told: its own 指标 page said 未达标
where the county said 达标, and its receipt said only 回执有效 and the numbering. Its receipts now carry how many
records of the earlier install the county keeps, per ledger (numbers only: the receipt is plain text on the stick):

    "earlier_install": {"meeting": 12, "complaint": 18},
    "earlier_install_years": {"2025": 8, "2026": 24}

The township's import says 县里保存有本所重装前的 30 条记录（照常计入指标），不必补录 when the count is new to it, and
keeps both (`SETTING`, `YEARS_SETTING`) so that its 指标 page says, for the year it shows, how many of them the
county's figures of that year count and its own leave out (a complaint accepted in 2025 and concluded in 2026 counts
in both years, as T30b counts it; one the earlier install left open only in the year it was accepted). The page said
the total of every year, 30, above a year whose county figures held 24 of them.
"""

from __future__ import annotations

import json
from typing import Any

from fazhi_desktop.core.clock import local_today
from fazhi_desktop.core.db import counted
from fazhi_desktop.core.indicators.sql import earlier_install
from fazhi_desktop.core.store import Store, decoded_values
from fazhi_desktop.core.year_close import concluded_in, record_year

#: settings key at a township: the counts its last receipt carried (JSON, ledger -> count)
SETTING = "receipt.earlier_install"
#: settings key at a township: how many of them count in each year's figures, as the last receipt gave it (JSON)
YEARS_SETTING = "receipt.earlier_install_years"
#: the most a township takes of one ledger's count (a county holds some hundreds of a township's records a year)
MAX_COUNT = 10_000_000


def held_earlier(store: Store, township: str, new_key: bool = False) -> dict[str, int]:
    """At the county: ledger -> how many live records of the township's earlier installs it keeps and counts (not
    one set aside), for the township's receipt; {} when it never re-installed. With `new_key` (the receipt for a new
    key that has sent nothing yet, `receipts.awaits_new_key`), every one it holds: the county does not know yet
    that the township re-installed, which the township tells by itself (`_fresh_install`)."""
    out = {}
    for name in store.ledgers:
        count = store.conn.execute(f"SELECT count(*) {_held(name, new_key)}", [township]).fetchone()[0]
        if count:
            out[name] = count
    return out


def held_years(store: Store, township: str, new_key: bool = False) -> dict[str, int]:
    """At the county: year ("2026") -> how many of the records `held_earlier` counts the county's figures of that
    year hold: a record in its date's year and, a matter concluded later, in each year up to its conclusion's (as
    T30b carries a complaint); one left open by the earlier install only in its date's year, as the figures do
    (core/indicators/sql.py: its township cannot conclude it)."""
    out: dict[str, int] = {}
    this_year = local_today(store.clock).year
    for ledger in store.ledgers.values():
        fields = [ledger.field(name) for name in (ledger.date_field, *ledger.matter_fields)]
        columns = ", ".join(f'r."{f.name}"' for f in fields)
        for row in store.query(f"SELECT r.number, {columns} {_held(ledger.name, new_key)}", [township]):
            values = decoded_values(fields, row)
            first = record_year(ledger, values[ledger.date_field], row["number"])
            if first is None:
                continue
            last = first if ledger.in_progress(values) else concluded_in(ledger, values, row["number"]) or first
            for year in range(first, max(first, min(last, this_year)) + 1):  # a mistyped 9026: not 7,000 years
                out[str(year)] = out.get(str(year), 0) + 1
    return dict(sorted(out.items()))


def _held(ledger: str, new_key: bool) -> str:
    """SQL from `FROM` on (one parameter: the township): the live records of `ledger` `held_earlier` counts."""
    earlier = "" if new_key else f" AND {earlier_install('r')}"
    return f'FROM "{ledger}" AS r WHERE township = ? AND {counted("r")}{earlier}'


def receipt_fields(store: Store, township: str, new_key: bool = False) -> dict[str, dict[str, int]]:
    """At the county: what the township's receipt carries of them (`held_earlier`, `held_years`)."""
    return {"earlier_install": held_earlier(store, township, new_key),
            "earlier_install_years": held_years(store, township, new_key)}


def read_earlier(receipt: dict[str, Any], store: Store) -> tuple[dict[str, str], str | None]:
    """At the township: the settings to keep of what the receipt carries ({}: it carries none, a county program
    before them, or not in this shape) and what the clerk is told of it, None when it is not news (the last receipt
    said the same)."""
    given = receipt.get("earlier_install")
    if not isinstance(given, dict):
        return {}, None
    counts = _counts(given, lambda name: name in store.ledgers)
    if receipt.get("acknowledged_through") == 0 and not receipt.get("bundles") and not _fresh_install(store):
        return {}, None  # a new key's receipt at an office that kept its database (a forgotten passphrase)
    years = receipt.get("earlier_install_years")
    settings = {SETTING: json.dumps(counts, sort_keys=True),
                YEARS_SETTING: json.dumps(_counts(years, _is_year) if isinstance(years, dict) else {}, sort_keys=True)}
    if not counts or counts == kept(store):
        return settings, None
    per = "、".join(f"{store.ledgers[name].label} {count} 条" for name, count in counts.items())
    return settings, (f"县里保存有本所重装前的 {sum(counts.values())} 条记录（照常计入指标），不必补录：{per}。"
                      "本所的指标页不含这些记录，结果可能与县里的不同。")


def _counts(given: dict[Any, Any], named: Any) -> dict[str, int]:
    """The entries of `given` whose key `named` accepts and whose count is one a township can take."""
    return {key: count for key, count in given.items() if named(key) and isinstance(count, int)
            and not isinstance(count, bool) and 0 < count <= MAX_COUNT}


def _is_year(key: Any) -> bool:
    return isinstance(key, str) and len(key) == 4 and key.isdigit()


def _fresh_install(store: Store) -> bool:
    """Whether this database began with its signing key (a re-install: the key is made when it is set up), not an
    office that made a new key for a forgotten passphrase over the records it had."""
    made = store.setting_in_file("signing_key.created")
    return made is None or store.conn.execute("SELECT 1 FROM changes WHERE at < ? LIMIT 1", [made]).fetchone() is None


def kept(store: Store, setting: str = SETTING) -> dict[str, int]:
    """At the township: the counts the last receipt that carried them gave ({}: none), per ledger, or with
    `YEARS_SETTING` per year."""
    try:
        counts = json.loads(store.setting_in_file(setting) or "{}")
    except ValueError:
        return {}
    return counts if isinstance(counts, dict) else {}


def indicators_note(store: Store, year: int) -> str:
    """The township's 指标 page and `fazhi indicators`, showing `year`: how many of the earlier install's records
    the county keeps its figures of that year count, which these leave out, when a receipt said the county keeps
    some; "" otherwise (none of them counts in that year, and at the county)."""
    if store.is_county:
        return ""
    total = sum(count for count in kept(store).values() if isinstance(count, int))
    years = kept(store, YEARS_SETTING)
    shown = years.get(str(year)) if years else total  # a receipt without years: all of them, said so
    if not total or not isinstance(shown, int) or not shown:
        return ""
    if not years:
        counted = f"县里保存有本所重装前的 {total} 条记录（各年合计），计入县里的指标"
    elif shown == total:
        counted = f"县里保存有本所重装前的 {total} 条记录，计入县里{year}年的指标"
    else:
        counted = f"县里保存有本所重装前的 {total} 条记录，其中 {shown} 条计入县里{year}年的指标"
    return f"{counted}；本所统计的指标不含这些记录，结果可能与县里的不同。"
