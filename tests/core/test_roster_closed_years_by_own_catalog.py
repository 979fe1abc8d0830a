"""A closed year's roster guard asked the catalog of THIS year which roles the figures count. The county's 2026
catalog (from_year = 2026) no longer scores 主要负责同志讲法 and 领导干部述法, while 2025, closed, is still scored by
its own catalog that does (T47 counts the roster's 主要负责同志 in post on 31 December): a 主要负责同志's 到任日期
moved into 2025 was saved without a word, and 2025's closed T47 went from 1 / 2 to 1 / 1."""

from __future__ import annotations

import pytest
import review_steps

from fazhi_desktop.core import accounts, people, year_close
from fazhi_desktop.core.errors import ValidationError
from fazhi_desktop.core.indicators import compute, default_catalog_path, load_catalog_for, use_catalog

LEADER = "主要负责同志"
STAFF_PASSWORD = "mima-2026"  # the `staff` fixture's accounts (tests/conftest.py)


def without_roster_figures(tmp_path):
    """The shipped catalog as a county might rewrite it for 2026: no figure counts the roster any more."""
    text = default_catalog_path().read_text(encoding="utf-8")
    text = text.replace('version = "2023.5"', 'version = "2026.1"\nfrom_year = 2026')
    for code in ("T46c", "T47"):
        start = text.index(f'[[indicator]]\ncode = "{code}"')
        text = text[:start] + text[text.index("[[indicator]]", start + 5):]
    path = tmp_path / "县目录2026.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_closed_years_leaders_stay_guarded_by_that_years_catalog(store, staff, tmp_path):
    accounts.login(store, "admin", STAFF_PASSWORD)
    use_catalog(store, without_roster_figures(tmp_path))
    assert not load_catalog_for(store).roster_roles  # this year's figures count no roster role
    accounts.login(store, "杨芳", STAFF_PASSWORD)
    ma = people.add_person(store, "", "马书记", roles=[LEADER], joined_on="2021-03-01")
    people.add_person(store, "", "田镇长", roles=[LEADER])
    review_steps.submit(store, store.save("law_study", {
        "activity_type": "领导干部述法", "topic": "2025年度领导干部述法", "held_on": "2025-12-20",
        "reporters": ["田镇长"]}, "").id)
    year_close.close_year(store, 2025)
    t47 = compute(store, load_catalog_for(store, year=2025), 2025).figure("T47", store.township)
    assert (t47.numerator, t47.denominator) == (1, 2)
    with pytest.raises(ValidationError) as refused:
        people.update_person(store, ma.id, "", name="马书记", title=ma.title, roles=[LEADER],
                             joined_on="2026-02-01", left_on=None, active=True)
    assert "2025年已封账" in str(refused.value)
    t47 = compute(store, load_catalog_for(store, year=2025), 2025).figure("T47", store.township)
    assert (t47.numerator, t47.denominator) == (1, 2)
