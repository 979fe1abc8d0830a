# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A township's printed register page checked at the county: register pages are kept only by the database that
printed them (bundles do not carry them), so the county cannot check one. It said the page might come from another
township's database, which the county, holding every township's records, read as a forgery."""

from __future__ import annotations

from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.documents import build_register_document, check_print, print_code
from fazhi_desktop.core.documents.verify import MARK_LABEL


def page_code(doc) -> str:
    return next(run.text for run in doc.pages[0].texts() if run.text.startswith(MARK_LABEL)).split()[1]


def test_a_townships_register_page_at_the_county_says_where_it_is_checked(world, valid_record):
    haicheng = world.town("640522100")
    case = haicheng.store.save("mediation_case", valid_record("mediation_case", accepted_on="2026-03-01"), "杨芳")
    code = page_code(build_register_document(haicheng.store, "mediation_case", 2026))
    assert check_print(haicheng.store, code).ok  # at the township that printed it
    not_sent = print_code(haicheng.store, haicheng.store.save(
        "mediation_case", valid_record("mediation_case", accepted_on="2026-03-02"), "杨芳"))
    assert world.import_(world.export(haicheng).path).ok
    haicheng.store.save("mediation_case", {"case_name": "改过"}, "杨芳", record_id=case.id)

    result = check_print(world.county, code)
    assert result.status == "unknown"
    assert "其他乡镇的数据库" not in result.message, result.message
    assert "乡镇打印的台账页请在该乡镇司法所的数据库中核验（台账页的核验码不随数据包报送）" in result.message
    assert check_print(world.county, not_sent).status != "unknown"  # sent with the bundle: the county knows it
    county_page = page_code(build_register_document(world.county, "mediation_case", 2026, township="640522100"))
    assert check_print(world.county, county_page).ok  # the county's own printing checks out there
