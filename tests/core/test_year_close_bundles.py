# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""年度封账 at the county: the bundle says which years the township closed or reopened (a bag-info label written
only once a year was closed, so a bundle of an office that never closed one is as before), and 数据完整性 shows
"2026年已封账" and flags a year reopened after it was closed, with the reason the 所长 gave."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import review_steps
from bundle_world import county_template, decrypt, encrypt_to, files_of, resign, world  # noqa: F401  (fixtures)

from fazhi_desktop.core import year_close, year_log_label
from fazhi_desktop.core.bundle.export import plan_export
from fazhi_desktop.core.indicators.completeness import completeness
from fazhi_desktop.core.indicators.views import completeness_view

pytestmark = pytest.mark.usefixtures("beijing_time")  # the year log's times are the township's local ones

A, B = "640522100", "640522101"
MEETING = {"title": "2026年第3次镇政府常务会议", "meeting_type": "乡镇行政会议(政府常务会议)", "held_on": "2026-03-05",
           "office_head_attendance": "全程"}


def send(world, town, notes: list | None = None) -> str:
    """Export and import a bundle; its bag-info.txt (and the import report's notes in `notes`)."""
    result = world.export(town)
    report = world.import_(result.path)
    assert report.ok, report.error
    if notes is not None:
        notes += report.notes
    tar = decrypt(result.path, world.keys.identity)
    return next(data for name, data in files_of(tar).items() if name.endswith("bag-info.txt")).decode()


def closed_and_sent(world):
    """海城镇 with one meeting of 2026, the year closed on 12 January at 10:00 and the bundle at the county; the
    township and the meeting."""
    a = world.town(A)
    record = a.store.save("meeting", MEETING, "杨芳")
    review_steps.submit(a.store, record.id, "杨芳")
    world.clock.set(datetime(2027, 1, 12, 2, 0, tzinfo=UTC))
    year_close.close_year(a.store, 2026, "杨芳")
    send(world, a)
    return a, record


def meeting_changed_in_2026_reopened(town, record, why_year: str, why_record: str) -> None:
    """2026 reopened (`why_year`), the meeting `record` reopened (`why_record`) and changed to 未列席, locked again,
    2026 closed again."""
    year_close.reopen_year(town.store, 2026, why_year, "杨芳")
    review_steps.reopen(town.store, record.id, why_record, "杨芳")
    town.store.save("meeting", {"office_head_attendance": "未列席"}, "杨芳", record_id=record.id)
    review_steps.lock(town.store, review_steps.submit(town.store, record.id, "杨芳").id, "杨芳")
    year_close.close_year(town.store, 2026, "杨芳")


def row_of(view, code: str) -> dict:
    return dict(zip(view.headers, next(row for row in view.rows if row[1] == code), strict=True))


def test_the_county_sees_a_closed_year_and_a_reopened_one_is_flagged(world):
    a, b = world.town(A), world.town(B)
    record = a.store.save("meeting", MEETING, "杨芳")
    review_steps.submit(a.store, record.id, "杨芳")
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
    review_steps.reopen(a.store, record.id, "补充列席人员", "杨芳")
    assert 'Fazhi-Year-Reopen-Reasons: {"2026":"补录12月30日的党委会"}\n' in send(world, a)
    view = completeness_view(world.county, completeness(world.county, 2026))
    assert row_of(view, A)["年度封账"] == "已重新打开（2027-03-02）"
    said = ("本年度 2027-01-12 10:00（北京时间）"
            "封账后于 2027-03-02 10:00 重新打开（原因：补录12月30日的党委会），记录可能已变动")
    assert f"{said}；乡镇再次封账并报送后，请重新核对该年指标" in row_of(view, A)["需关注"]

    world.clock.set(datetime(2027, 3, 9, 2, 0, tzinfo=UTC))
    review_steps.lock(a.store, review_steps.submit(a.store, record.id, "杨芳").id, "杨芳")
    year_close.close_year(a.store, 2026, "杨芳")
    assert "Fazhi-Year-Reopen-Reasons" not in send(world, a)  # closed again: nothing open to explain
    view = completeness_view(world.county, completeness(world.county, 2026))
    assert row_of(view, A)["年度封账"] == "已封账（2027-03-09）"
    assert row_of(view, A)["需关注"] == ("本年度 2027-01-12 10:00（北京时间）封账后于 2027-03-02 10:00 重新打开"
                                      "（原因：补录12月30日的党委会），2027-03-09 10:00 再次封账；"
                                      "其间该年记录变动 1 条：会议 〔2026〕会记字第1号；请重新核对该年指标。")


def test_a_reason_travels_on_one_line_and_a_second_reopening_the_same_day_is_news(world):
    """A reason typed over two lines (or pasted with a tab) must not break bag-info.txt, one label a line; the
    county reads the second reopening's reason although the closings say the same "2026=reopen@2027-03-02"."""
    a = world.town(A)
    review_steps.submit(a.store, a.store.save("meeting", MEETING, "杨芳").id, "杨芳")
    world.clock.set(datetime(2027, 3, 2, 2, 0, tzinfo=UTC))
    year_close.close_year(a.store, 2026, "杨芳")
    year_close.reopen_year(a.store, 2026, "补录\n12月30日的\t党委会\u2028纪要", "杨芳")
    assert 'Fazhi-Year-Reopen-Reasons: {"2026":"补录 12月30日的 党委会 纪要"}\n' in send(world, a)
    world.receipt(a)
    assert not plan_export(a.store).snapshot.has_news
    year_close.close_year(a.store, 2026, "杨芳")
    year_close.reopen_year(a.store, 2026, "更正调解案件日期", "杨芳")
    assert plan_export(a.store).snapshot.has_news
    send(world, a)
    view = completeness_view(world.county, completeness(world.county, 2026))
    assert "原因：更正调解案件日期" in row_of(view, A)["需关注"]


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
    review_steps.lock(a.store, review_steps.submit(a.store, record.id, "杨芳").id, "杨芳")
    world.clock.set(datetime(2027, 1, 12, 2, 0, tzinfo=UTC))
    send(world, a)
    world.receipt(a)
    assert not plan_export(a.store).snapshot.has_news
    assert year_close.close_year(a.store, 2026, "杨芳") == []
    assert plan_export(a.store).snapshot.has_news
    send(world, a)
    world.receipt(a)
    assert not plan_export(a.store).snapshot.has_news


def refusal_of_signed_labels(world, tmp_path, labels: str) -> str:
    """Import a bundle whose bag-info.txt ends with `labels`, signed with the township's key; the refusal, after
    checking that it is short and that the county database was not touched."""
    a = world.town(A)
    world.clock.set(datetime(2027, 6, 1, 2, 0, tzinfo=UTC))  # made after every day the labels say
    a.store.save("meeting", MEETING, "杨芳")
    tar = decrypt(world.export(a).path, world.keys.identity)
    info = files_of(tar)["bag-info.txt"] + labels.encode()
    forged = encrypt_to(resign(tar, a.signer, {"bag-info.txt": info}), world.public.recipient, tmp_path / "x.tar.age")
    changes = world.county.conn.total_changes
    report = world.import_(forged)
    assert not report.ok and len(report.error) < 300
    assert world.county.conn.total_changes == changes
    return report.error


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
    error = refusal_of_signed_labels(world, tmp_path, f"{year_close.BAG_LABEL}: {said}\n")
    assert "年度封账情况" in error and reason in error


@pytest.mark.parametrize(("said", "reason"), [
    ('{"2025":"补录"}', "“2025”不是数据包所说已重新打开的年份"),  # 2025 was never reopened
    ('{"2026":""}', "原因为空"),
    ('{"2026":"补录\\n党委会"}', "不是一行文字"),  # a line break, JSON-escaped
    ('{"2026":"' + "补" * 201 + '"}', "过长"),
    ('{"2026": "补录"}', "不是程序写出的格式"),  # not as the program writes it
    ('["2026"]', "不是程序写出的格式"),
    ("[" * 100_000, "不是程序写出的格式"),
], ids=["year-not-reopened", "empty", "line-break", "too-long", "spaced", "a-list", "nested"])
def test_a_signed_bundle_whose_reopen_reasons_the_program_cannot_have_written_is_refused(world, tmp_path, said,
                                                                                         reason):
    """The reasons are shown at the county as sent: a forged or broken label is refused with the bundle."""
    error = refusal_of_signed_labels(
        world, tmp_path, f"{year_close.BAG_LABEL}: 2026=reopen@2027-03-02\n{year_close.REASONS_LABEL}: {said}\n")
    assert "重新打开年度的原因" in error and reason in error


def test_the_year_closings_a_township_writes_are_read_back():
    text = "2025=close@2026-01-12 2026=reopen@2027-03-02"
    assert year_close.parse_bag_value(text) == {2025: ("close", "2026-01-12"), 2026: ("reopen", "2027-03-02")}


@pytest.mark.parametrize("reason", [
    "补录" + "一" * (year_close.REASON_SENT - 3) + " 12月30日的党委会",  # cut at 200 characters: a space last
    "\x07\x1b",  # typed characters that do not print: nothing left to say
])
def test_a_reason_cut_or_emptied_on_the_way_still_lets_the_bundle_in(world, reason):
    """The bundle carries a reason made one line and cut to `REASON_SENT` characters: a cut that ends on a space,
    or a reason of characters that do not print, wrote a label the county refused as 不是程序写出的格式 — and with
    it every bundle of the township until the year was closed again."""
    a = world.town(A)
    review_steps.submit(a.store, a.store.save("meeting", MEETING, "杨芳").id, "杨芳")
    world.clock.set(datetime(2027, 3, 2, 2, 0, tzinfo=UTC))
    year_close.close_year(a.store, 2026, "杨芳")
    year_close.reopen_year(a.store, 2026, reason, "杨芳")
    send(world, a)  # imported, not refused
    view = completeness_view(world.county, completeness(world.county, 2026))
    assert "本年度 2027-03-02 10:00（北京时间）封账后于 2027-03-02 10:00 重新打开" in row_of(view, A)["需关注"]


@pytest.fixture
def earlier_version(monkeypatch):
    """Townships of a version before the year log (Fazhi-Year-Log): their bundles say only each year's latest state,
    and the county still reads them as it did."""
    monkeypatch.setattr(year_log_label, "log_value", lambda conn: None)


def test_a_year_reopened_changed_and_closed_again_between_two_bundles_is_told_to_the_county(world, valid_record,
                                                                                          earlier_version):
    """An earlier version's bag-info says only each year's latest state: reopened and closed again before the next
    bundle, 2026 arrived as 2026=close@2027-03-02, the import said 更新 1 条 and 数据完整性 nothing, while the scored
    record now said 未列席. Without the year log the county infers it (test_year_log_bundles.py: with it)."""
    a, b = world.town(A), world.town(B)
    record = a.store.save("meeting", MEETING, "杨芳")
    review_steps.submit(a.store, record.id, "杨芳")
    other = b.store.save("meeting", MEETING, "杨芳")
    review_steps.submit(b.store, other.id, "杨芳")
    complaint = b.store.save("complaint", valid_record("complaint", accepted_on="2026-12-20", due_on="2027-01-20"),
                             "杨芳")  # still being handled when 2026 is closed
    world.clock.set(datetime(2027, 1, 12, 2, 0, tzinfo=UTC))
    year_close.close_year(a.store, 2026, "杨芳")
    year_close.close_year(b.store, 2026, "杨芳")
    notes: list[str] = []
    send(world, a, notes), send(world, b, notes)
    assert notes == []  # a year closed: nothing to follow up

    world.clock.set(datetime(2027, 3, 2, 2, 0, tzinfo=UTC))
    meeting_changed_in_2026_reopened(a, record, "改一下列席情况", "改列席")
    dry = world.import_(world.export(a).path, dry_run=True)
    send(world, a, notes)
    said = ("2026年（县里已知 2027-01-12 封账）此后曾重新打开，已于 2027-03-02 再次封账（重新打开的原因未随数据包报来，"
            "各条记录重新打开的原因见其修改历史）；本数据包改动了该年 1 条记录：会议 〔2026〕会记字第1号，"
            "该年已评定的指标可能随之改变")
    assert notes == [said] and dry.notes == [said]
    view = completeness_view(world.county, completeness(world.county, 2026))
    assert row_of(view, A)["年度封账"] == "已封账（2027-03-02）"
    assert row_of(view, A)["需关注"] == ("本年度 2027-01-12 封账后曾重新打开，2027-03-02 再次封账；"
                                      "其间该年记录变动 1 条：会议 〔2026〕会记字第1号；请重新核对该年指标。")
    assert "重新打开" not in row_of(view, B)["需关注"]

    # a matter of the closed year concluded, a record of another year: not the closed year's figures moving
    world.clock.set(datetime(2027, 3, 5, 2, 0, tzinfo=UTC))
    b.store.save("complaint", {"closed_on": "2027-01-18"}, "杨芳", record_id=complaint.id)
    b.store.save("meeting", {**MEETING, "held_on": "2027-03-04"}, "杨芳")
    notes.clear()
    send(world, b, notes)
    assert notes == [] and world.county.get(complaint.id).values["closed_on"] == "2027-01-18"
    assert "重新打开" not in row_of(completeness_view(world.county, completeness(world.county, 2026)), B)["需关注"]


def test_a_year_reopened_while_the_county_watches_is_told_with_each_bundle_that_changes_it(world, earlier_version):
    a, _ = closed_and_sent(world)
    world.clock.set(datetime(2027, 3, 2, 2, 0, tzinfo=UTC))
    year_close.reopen_year(a.store, 2026, "补录12月30日的党委会", "杨芳")
    notes: list[str] = []
    send(world, a, notes)
    assert notes == ["2026年（县里已知 2027-01-12 封账）已于 2027-03-02 重新打开（原因：补录12月30日的党委会）；"
                     "本数据包没有改动该年的记录"]
    late = a.store.save("meeting", {**MEETING, "title": "2026年12月30日党委会", "held_on": "2026-12-30"}, "杨芳")
    notes.clear()
    send(world, a, notes)
    assert notes == [f"2026年仍为重新打开（2027-03-02）；本数据包改动了该年 1 条记录：会议 {late.number}，"
                     "该年已评定的指标可能随之改变"]
    world.clock.set(datetime(2027, 3, 9, 2, 0, tzinfo=UTC))
    review_steps.submit(a.store, late.id, "杨芳")
    year_close.close_year(a.store, 2026, "杨芳")
    notes.clear()
    send(world, a, notes)
    assert notes == [f"2026年（2027-03-02 重新打开）已于 2027-03-09 再次封账；本数据包改动了该年 1 条记录："
                     f"会议 {late.number}，该年已评定的指标可能随之改变"]
    view = completeness_view(world.county, completeness(world.county, 2026))
    assert row_of(view, A)["需关注"] == ("本年度 2027-01-12 封账后曾重新打开（原因：补录12月30日的党委会），"
                                      f"2027-03-09 再次封账；其间该年记录变动 1 条：会议 {late.number}；"
                                      "请重新核对该年指标。")


def test_the_rights_notice_of_an_adjudication_left_open_is_not_told_as_a_change_to_the_closed_year(world,
                                                                                                 valid_record):
    """The 权利义务告知 of a 行政裁决 accepted in December, entered after 2026 was closed, in the bundle that also
    tells of 2026 reopened for a meeting and closed again: the county names the meeting, not the case (handling an
    open matter, as its conclusion), and scores 2026's T35 with it."""
    from fazhi_desktop.core.indicators import compute, load_catalog_for

    a = world.town(A)
    record = a.store.save("meeting", MEETING, "杨芳")
    review_steps.submit(a.store, record.id, "杨芳")
    case = a.store.save("mediation_case", valid_record(
        "mediation_case", accepted_on="2026-12-28", case_category="行政裁决", case_name="马某与李某土地权属争议",
        adjudication_matter="土地权属"), "杨芳")
    world.clock.set(datetime(2027, 1, 2, 2, 0, tzinfo=UTC))
    year_close.close_year(a.store, 2026, "杨芳")
    send(world, a)
    world.clock.set(datetime(2027, 1, 3, 2, 0, tzinfo=UTC))
    meeting_changed_in_2026_reopened(a, record, "补充列席人员", "补充列席人员")
    world.clock.set(datetime(2027, 1, 4, 2, 0, tzinfo=UTC))
    a.store.save("mediation_case", {"rights_notified": True, "rights_notified_on": "2027-01-04"}, "杨芳",
                 record_id=case.id)
    notes: list[str] = []
    send(world, a, notes)
    assert len(notes) == 1 and "本数据包改动了该年 1 条记录：会议 〔2026〕会记字第1号，" in notes[0], notes
    view = completeness_view(world.county, completeness(world.county, 2026))
    assert "其间该年记录变动 1 条：会议 〔2026〕会记字第1号；" in row_of(view, A)["需关注"]
    fig = compute(world.county, load_catalog_for(world.county), 2026, today=datetime(2027, 3, 1).date()).figure(
        "T35", A)
    assert (fig.numerator, fig.denominator) == (1, 1)
