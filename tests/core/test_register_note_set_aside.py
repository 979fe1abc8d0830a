# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""T29's note under the county's register of a township's checks (session 23 review): a check set aside (不计入: a
version the township no longer has) is listed, and its two 人数 were added into the columns' sum the note sets
against T29, which does not count it; the note then put the whole gap down to counting by person. And the sum was
written 应持证 / 实际持证 beside T29's 持证 / 应持证 ("5 / 10，不是…两列相加（13 / 7）")."""

from __future__ import annotations

from datetime import UTC, datetime

from bundle_world import county_template, set_aside_by_restore, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.documents import build_register_document

CLERK = "杨芳"


def test_a_set_aside_check_is_not_in_the_sum_t29_is_set_against(world, valid_record, clock):
    clock.set(datetime(2026, 3, 1, 4, tzinfo=UTC))
    town = world.town()
    check = lambda **v: town.store.save("enforcement_check", valid_record("enforcement_check", **v), CLERK)  # noqa
    check(checked_on="2026-01-10", staff_requiring_certificate=5, staff_certified=3)
    for day in ("2026-02-10", "2026-02-20"):  # 马强 checked twice: counted once
        check(checked_on=day, staff_requiring_certificate=1, staff_certified=1, certificates=[
            {"name": "马强", "certificate_no": "64052210001", "valid_until": "2027-12-31"}])
    aside = check(checked_on="2026-01-20", staff_requiring_certificate=3, staff_certified=2)
    set_aside_by_restore(world, town, valid_record, "enforcement_check", aside.id, {"problems_found": "补充"})
    doc = build_register_document(world.county, "enforcement_check", 2026, township=town.code)
    text = "".join(doc.text().split("\n"))
    assert "草稿·不计入" in doc.text().split("\n")
    # the counted checks' columns add to 5 / 7 (held / whole, as T29 is written), the 不计入 row's 2 / 3 not in it
    assert ("T29 执法人员持证按人计为 4 / 6（66.7%），不是上表“实际持证人数”“应持证执法人员数”两列相加"
            "（5 / 7，不含标“不计入”的 1 条）") in text, text
