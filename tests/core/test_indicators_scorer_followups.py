"""The county scorer's follow-ups (eleventh session): what a scorer disputing a figure needs to see beside it,
the records nobody has reviewed yet and the ones entered twice, and T29 counted in people, not in checks."""

from __future__ import annotations

from datetime import date

import openpyxl

from fazhi_desktop.core import review
from fazhi_desktop.core.indicators import compute, drill, load_catalog_for
from fazhi_desktop.core.indicators import status as st

ACTOR, TOWN = "杨芳", "640522100"
JANUARY = date(2026, 1, 15)  # the scorer's day: 2025 is over


def study(store, kind, day, topic=None, **more):
    return store.save("law_study", {"activity_type": kind, "topic": topic or f"{kind}（{day}）", "held_on": day,
                                    **more}, ACTOR)


def sessions(store):
    """Four 会前学法 of 2025: one reviewed, one submitted, one locked... and one entered twice, both drafts."""
    first = study(store, "会前学法", "2025-02-10")
    review.review(store, review.submit(store, first.id, ACTOR).id, ACTOR)
    second = study(store, "会前学法", "2025-05-10")
    review.submit(store, second.id, ACTOR)
    third = study(store, "会前学法", "2025-08-10")
    review.lock(store, review.submit(store, third.id, ACTOR).id, ACTOR)
    twice = [study(store, "会前学法", "2025-11-10", "学习《行政复议法》") for _ in range(2)]
    return first, second, third, twice


def test_a_drill_down_shows_each_record_s_status_and_its_twin(store):
    """Drafts count (the ledger is the record of what happened) but a scorer could not tell which of a figure's
    records nobody had reviewed, nor that one meeting was entered twice and counted twice."""
    first, second, third, twice = sessions(store)
    catalog = load_catalog_for(store)
    figure = compute(store, catalog, 2025, today=JANUARY).figure("T46a", TOWN)
    assert (figure.numerator, figure.status) == (5, st.MET)  # the counts stay as they are
    found = {r.id: r for r in drill(store, catalog, "T46a", 2025, TOWN, today=JANUARY).records}
    assert [found[r.id].status_label for r in (first, second, third, *twice)] == [
        "所长已审核", "已提交", "已锁定", "草稿", "草稿"]
    assert found[twice[0].id].twins == (twice[1].number,) and found[twice[1].id].twins == (twice[0].number,)
    assert found[twice[0].id].mark == f"可能重复：{twice[1].number}"
    assert not found[first.id].twins and found[first.id].mark == ""
    # a deleted twin is no twin: it counts for nothing
    store.delete(twice[1].id, ACTOR)
    found = {r.id: r for r in drill(store, catalog, "T46a", 2025, TOWN, today=JANUARY).records}
    assert found[twice[0].id].twins == ()


def test_the_command_line_drill_down_lists_status_and_possible_duplicates(store, capsys):
    from fazhi_desktop.cli import main

    first, _, _, twice = sessions(store)
    numbers = [twice[0].number, twice[1].number]
    path = str(store.path)
    store.close()
    assert main(["--db", path, "indicators", "--year", "2025", "--as-of", "2026-01-15", "--drill", "T46a"]) == 0
    out = capsys.readouterr().out.splitlines()
    header = next(line for line in out if line.startswith("编号"))
    assert header.split() == ["编号", "日期", "名称", "乡镇", "状态", "核对"]
    row = next(line for line in out if line.startswith(first.number))
    assert "所长已审核" in row and "可能重复" not in row
    row = next(line for line in out if line.startswith(numbers[0]))
    assert "草稿" in row and f"可能重复：{numbers[1]}" in row
    assert out[-1] == (f"共 5 条记录（其中草稿 2 条、已提交未审核 1 条；可能重复 2 条（同日同名："
                       f"{numbers[0]}、{numbers[1]}））")


def test_the_workbook_says_how_many_counted_records_are_unreviewed_or_twins(store, tmp_path):
    from fazhi_desktop.core.indicators.report_xlsx import write_xlsx
    from fazhi_desktop.core.indicators.views import build_report

    *_, twice = sessions(store)
    report = build_report(store, load_catalog_for(store), 2025, today=JANUARY)
    sheet = openpyxl.load_workbook(write_xlsx(report, tmp_path / "指标.xlsx"))["指标明细"]
    header = [c.value for c in sheet[3]]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
    t46a = rows["T46a"]
    assert t46a[header.index("完成数/分子")] == 5  # counted all the same
    assert t46a[header.index("待核对")] == (f"其中草稿 2 条、已提交未审核 1 条；可能重复 2 条（同日同名："
                                          f"{twice[0].number}、{twice[1].number}）")
    assert rows["T46b"][header.index("待核对")] is None  # nothing counted, nothing to check
    said = ("计入指标的 5 条记录中，尚未经所长审核的：草稿 2 条、已提交未审核 1 条；可能重复登记的（同一乡镇同一台账中"
            "日期和名称都相同）2 条（海城镇 2 条）。它们照常计入")
    matrix = openpyxl.load_workbook(tmp_path / "指标.xlsx")["汇总矩阵"]
    assert any(said in str(c.value) for row in matrix.iter_rows() for c in row if c.value)


def test_the_pdf_report_says_what_of_the_counted_records_to_check(store):
    from fazhi_desktop.core.indicators.report_pdf import build_pdf_report
    from fazhi_desktop.core.indicators.views import build_report

    sessions(store)
    report = build_report(store, load_catalog_for(store), 2025, today=JANUARY)
    texts = "".join(run.text for page in build_pdf_report(report).pages for run in page.texts())
    assert "尚未经所长审核的：草稿2条、已提交未审核1条" in texts.replace(" ", "")
    assert "Excel报表“指标明细”工作表的“待核对”" in texts.replace(" ", "")
