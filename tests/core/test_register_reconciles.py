# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A county inspector lays the paper registers beside the indicators: what the rows do not add up to is said under
the table (T29 counted by person, T30b's complaints carried over from last year), and a late matter is 逾期 on paper
as on the screen."""

from __future__ import annotations

from datetime import UTC, datetime

from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.documents import build_register_document
from fazhi_desktop.core.documents.layout import Rule

CERTIFIED = {"certificate_no": "64052210001", "valid_until": "2027-12-31"}


def checks(store, valid_record) -> None:
    """The review's year: 马强 and 李娟 checked twice, 李娟's certificate run out by her second check, one check
    listing no one. Its columns add to 13 / 7; T29 counts 5 / 10."""
    c = lambda **v: store.save("enforcement_check", valid_record("enforcement_check", **v), "杨芳")  # noqa: E731
    c(checked_on="2026-03-10", staff_requiring_certificate=5, staff_certified=3, certificates=[
        {"name": "马强", **CERTIFIED}, {"name": "李娟", "certificate_no": "64052210002", "valid_until": "2026-06-30"},
        {"name": "王军"}])
    c(checked_on="2026-05-20", staff_requiring_certificate=2, staff_certified=1, certificates=[
        {"name": "海燕", "certificate_no": "64052210004", "valid_until": "2028-06-30"}, {"name": "田刚"}])
    c(checked_on="2026-08-15", staff_requiring_certificate=3, staff_certified=2)
    c(checked_on="2026-09-10", staff_requiring_certificate=2, staff_certified=0, certificates=[
        {"name": "李娟", "certificate_no": "64052210002", "valid_until": "2026-06-30"}, {"name": "王军"}])
    c(checked_on="2026-11-05", staff_requiring_certificate=1, staff_certified=1,
      certificates=[{"name": "马强", **CERTIFIED}])


def text_of(doc) -> str:
    return "".join(doc.text().split("\n"))


def test_the_check_register_gives_t29_by_person_beside_its_columns_added(store, valid_record, clock):
    clock.set(datetime(2026, 11, 28, 4, tzinfo=UTC))
    checks(store, valid_record)
    doc = build_register_document(store, "enforcement_check", 2026)
    text = text_of(doc)
    assert ("指标说明：T29 执法人员持证按人计为 5 / 10（50.0%），不是上表“实际持证人数”“应持证执法人员数”两列相加"
            "（7 / 13）") in text
    assert ("执法证核查列出的 5 人每人只计一次，按其本年最后一次核查：持证 2 人（海燕、马强），"
            "未持证 3 人（李娟、王军、田刚）") in text
    assert "未逐人列出的，按各次检查的两个人数减去所列人数计入，共 5 人，其中持证 3 人。" in text
    # under the table, on its page, across its width
    page = doc.pages[-1]
    runs = page.texts()
    note = next(r for r in runs if r.text.startswith("指标说明"))
    bottom = max(item.y2 for item in page.items if isinstance(item, Rule) and item.x1 == item.x2)
    assert note.y > bottom


def test_a_register_whose_rows_add_up_to_t29_says_nothing_more(store, valid_record, clock):
    clock.set(datetime(2026, 11, 28, 4, tzinfo=UTC))
    store.save("enforcement_check", valid_record("enforcement_check", staff_requiring_certificate=3,
                                                 staff_certified=2), "杨芳")
    assert "指标说明" not in text_of(build_register_document(store, "enforcement_check", 2026))


def complaints(store, valid_record) -> None:
    """〔2025〕投诉字第2号 accepted 2025-12-20, closed 2026-01-15; two of 2026, one closed."""
    p = lambda **v: store.save("complaint", valid_record("complaint", **v), "杨芳")  # noqa: E731
    p(accepted_on="2025-11-02", closed_on="2025-11-20", handling_result="属实")  # closed in its year: not carried
    p(accepted_on="2025-12-20", closed_on="2026-01-15", handling_result="属实")
    p(accepted_on="2026-02-03", closed_on="2026-02-15", handling_result="属实")
    p(accepted_on="2026-06-05", due_on="2026-06-20")


def test_the_complaint_register_names_what_last_year_carried_into_this_years_t30b(store, valid_record, clock):
    clock.set(datetime(2026, 11, 28, 4, tzinfo=UTC))
    complaints(store, valid_record)
    text = text_of(build_register_document(store, "complaint", 2026))
    assert ("上年结转：往年受理、到2026年1月1日尚未办结的投诉举报 1 件不在上表（列在受理当年的台账），计入本年 T30b "
            "投诉举报办结率 2 / 3（66.7%）：〔2025〕投诉字第2号（受理日期 2025-12-20，办结日期 2026-01-15）。") in text
    assert "〔2025〕投诉字第1号" not in text
    # last year's own register lists it, and has nothing carried into it
    last = text_of(build_register_document(store, "complaint", 2025))
    assert "〔2025〕投诉字第2号" in last and "上年结转" not in last


def test_a_late_matter_is_marked_on_the_register_as_in_the_list(store, valid_record, clock):
    clock.set(datetime(2026, 11, 28, 4, tzinfo=UTC))
    complaints(store, valid_record)
    store.save("enforcement_check", valid_record("enforcement_check", checked_on="2026-08-15",
                                                 rectify_by="2026-09-30"), "杨芳")
    lines = build_register_document(store, "complaint", 2026).text().split("\n")
    assert lines.count("逾期·草稿") == 1 and lines.count("草稿") == 1  # 第4号 late, 第3号 closed in time
    assert "逾期·草稿" in build_register_document(store, "enforcement_check", 2026).text().split("\n")
    clock.set(datetime(2026, 6, 10, 4, tzinfo=UTC))  # before its 办理期限: not late
    assert "逾期·草稿" not in build_register_document(store, "complaint", 2026).text().split("\n")


def test_the_county_prints_a_townships_register_as_its_own_with_what_reconciles_it(world, valid_record, clock):
    """李旺镇's register at the county: its late complaint 逾期, last year's carried; 海城镇's complaint of an install
    it lost stays 草稿·重装前 (its township cannot close it: never 逾期), and nothing of it is carried."""
    clock.set(datetime(2026, 11, 28, 4, tzinfo=UTC))
    haicheng = world.town("640522100")
    haicheng.store.save("complaint", valid_record("complaint", accepted_on="2025-12-01", due_on="2025-12-15"), "杨芳")
    haicheng.store.save("complaint", valid_record("complaint", accepted_on="2026-03-01", due_on="2026-03-15"), "杨芳")
    liwang = world.town("640522101")
    complaints(liwang.store, valid_record)
    for town in (haicheng, liwang):
        assert world.import_(world.export(town).path).ok
    again = world.reinstall("640522100")
    again.store.save("complaint", valid_record("complaint", accepted_on="2026-08-01", closed_on="2026-08-05"), "杨芳")
    assert world.import_(world.export(again).path).ok
    doc = build_register_document(world.county, "complaint", 2026, township="640522101")
    assert doc.text().split("\n").count("逾期·草稿") == 1
    said = text_of(doc)
    assert "上年结转：" in said and "〔2025〕投诉字第2号（受理日期 2025-12-20，办结日期 2026-01-15）" in said
    lost = build_register_document(world.county, "complaint", 2026, township="640522100")
    assert "草稿·重装前" in lost.text().split("\n") and "逾期" not in lost.text() and "上年结转" not in lost.text()
