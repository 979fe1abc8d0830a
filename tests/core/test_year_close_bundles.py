# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""年度封账 at the county: the bundle says which years the township closed or reopened (a bag-info label written
only once a year was closed, so a bundle of an office that never closed one is as before), and 数据完整性 shows
"2026年已封账" and flags a year reopened after it was closed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from bundle_world import county_template, decrypt, encrypt_to, files_of, resign, world  # noqa: F401  (fixtures)

from fazhi_desktop.core import review, year_close
from fazhi_desktop.core.bundle.export import plan_export
from fazhi_desktop.core.indicators.completeness import completeness
from fazhi_desktop.core.indicators.views import completeness_view

A, B = "640522100", "640522101"
MEETING = {"title": "2026年第3次镇政府常务会议", "meeting_type": "乡镇行政会议(政府常务会议)", "held_on": "2026-03-05",
           "office_head_attendance": "全程"}


def send(world, town) -> str:
    """Export and import a bundle; its bag-info.txt."""
    result = world.export(town)
    report = world.import_(result.path)
    assert report.ok, report.error
    tar = decrypt(result.path, world.keys.identity)
    return next(data for name, data in files_of(tar).items() if name.endswith("bag-info.txt")).decode()


def row_of(view, code: str) -> dict:
    return dict(zip(view.headers, next(row for row in view.rows if row[1] == code), strict=True))


def test_the_county_sees_a_closed_year_and_a_reopened_one_is_flagged(world):
    a, b = world.town(A), world.town(B)
    record = a.store.save("meeting", MEETING, "杨芳")
    review.submit(a.store, record.id, "杨芳")
    b.store.save("meeting", MEETING, "杨芳")
    world.clock.set(datetime(2027, 1, 12, 2, 0, tzinfo=UTC))
    year_close.close_year(a.store, 2026, "杨芳")
    assert "Fazhi-Year-Closings: 2026=close@2027-01-12\n" in send(world, a)
    assert "Fazhi-Year-Closings" not in send(world, b)  # never closed a year: bag-info as before
    view = completeness_view(world.county, completeness(world.county, 2026))
    assert row_of(view, A)["年度封账"] == "已封账（2027-01-12）"
    assert row_of(view, B)["年度封账"] == "" and "重新打开" not in row_of(view, A)["需关注"]

    world.clock.set(datetime(2027, 3, 2, 2, 0, tzinfo=UTC))
    year_close.reopen_year(a.store, 2026, "补录12月30日的党委会", "杨芳")
    review.reopen(a.store, record.id, "补充列席人员", "杨芳")
    send(world, a)
    view = completeness_view(world.county, completeness(world.county, 2026))
    assert row_of(view, A)["年度封账"] == "已重新打开（2027-03-02）"
    assert "本年度封账后于 2027-03-02 重新打开，记录可能已变动" in row_of(view, A)["需关注"]


def test_without_any_closed_year_the_completeness_table_keeps_its_columns(world):
    a = world.town(A)
    a.store.save("meeting", MEETING, "杨芳")
    send(world, a)
    assert "年度封账" not in completeness_view(world.county, completeness(world.county, 2026)).headers


def test_a_closing_that_locked_nothing_is_still_news_for_the_county(world):
    """Every record already locked: closing the year changes no record, and `fazhi export` would have said 无新变更
    and written nothing, leaving the county without the closing."""
    a = world.town(A)
    record = a.store.save("meeting", MEETING, "杨芳")
    review.lock(a.store, review.submit(a.store, record.id, "杨芳").id, "杨芳")
    world.clock.set(datetime(2027, 1, 12, 2, 0, tzinfo=UTC))
    send(world, a)
    world.receipt(a)
    assert not plan_export(a.store).snapshot.has_news
    assert year_close.close_year(a.store, 2026, "杨芳") == []
    assert plan_export(a.store).snapshot.has_news
    send(world, a)
    world.receipt(a)
    assert not plan_export(a.store).snapshot.has_news


@pytest.mark.parametrize(("said", "reason"), [
    ("２０２６=close@２０２７-０１-１５", "不是“年份=close或reopen@日期”"),  # full-width digits, which int() reads
    ("2026=close@2026-99-99", "2026年的日期 2026-99-99 不存在"),
    ("1066=close@2027-01-15", "年份应在 2000–2100 之间"),
    ("2026=close@2026-06-01", "不在该年结束之后"),  # closed before the year was over: the program cannot
    ("2026=close@2027-01-15 2026=reopen@2027-02-01", "2026年出现了两次"),
    ("2026=close@2027-01-15" + "x" * 100_000, "…”不是"),  # the reason quotes a little of it, not all
], ids=["full-width-digits", "no-such-day", "year-out-of-range", "before-the-year-ended", "a-year-twice", "long"])
def test_a_signed_bundle_whose_year_closings_the_program_cannot_have_written_is_refused(world, tmp_path, said,
                                                                                        reason):
    """Fazhi-Year-Closings is shown at the county as sent and kept in bundles_received: a broken or forged one
    (signed with the township's key) is refused with the bundle, before anything is imported."""
    a = world.town(A)
    a.store.save("meeting", MEETING, "杨芳")
    tar = decrypt(world.export(a).path, world.keys.identity)
    info = files_of(tar)["bag-info.txt"] + f"{year_close.BAG_LABEL}: {said}\n".encode()
    forged = encrypt_to(resign(tar, a.signer, {"bag-info.txt": info}), world.public.recipient, tmp_path / "x.tar.age")
    changes = world.county.conn.total_changes
    report = world.import_(forged)
    assert not report.ok and "年度封账情况" in report.error and reason in report.error
    assert len(report.error) < 300
    assert world.county.conn.total_changes == changes


def test_the_year_closings_a_township_writes_are_read_back():
    text = "2025=close@2026-01-12 2026=reopen@2027-03-02"
    assert year_close.parse_bag_value(text) == {2025: ("close", "2026-01-12"), 2026: ("reopen", "2027-03-02")}
