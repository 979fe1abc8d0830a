# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""The county scorer's follow-ups (eleventh session): what a scorer disputing a figure needs to see beside it,
the records nobody has reviewed yet and the ones entered twice, and T29 counted in people, not in checks."""

from __future__ import annotations

from datetime import date

import openpyxl
import review_steps
from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.indicators import compute, drill, load_catalog_for
from fazhi_desktop.core.indicators import status as st
from fazhi_desktop.core.indicators.drill import RecordRef
from fazhi_desktop.core.indicators.views import shortfalls

ACTOR, TOWN = "杨芳", "640522100"
JANUARY = date(2026, 1, 15)  # the scorer's day: 2025 is over


def study(store, kind, day, topic=None, **more):
    return store.save("law_study", {"activity_type": kind, "topic": topic or f"{kind}（{day}）", "held_on": day,
                                    **more}, ACTOR)


def sessions(store):
    """Four 会前学法 of 2025: one reviewed, one submitted, one locked... and one entered twice, both drafts."""
    first = study(store, "会前学法", "2025-02-10")
    review_steps.review(store, review_steps.submit(store, first.id, ACTOR).id, ACTOR)
    second = study(store, "会前学法", "2025-05-10")
    review_steps.submit(store, second.id, ACTOR)
    third = study(store, "会前学法", "2025-08-10")
    review_steps.lock(store, review_steps.submit(store, third.id, ACTOR).id, ACTOR)
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
    # no meeting links to these 会前学法: said after (catalog 2023.5, linked_from), and they count all the same
    assert found[twice[0].id].mark == f"可能重复：{twice[1].number}；没有会议链接此会前学法"
    assert not found[first.id].twins and found[first.id].mark == "没有会议链接此会前学法"
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



def test_the_workbook_names_every_possible_duplicate_of_a_township(store, tmp_path):
    """The drill-down's count line names two sets then "等 3 组" (its 核对 column names the rest); 指标明细's 待核对,
    with no such column, said the same and named 第5、第6号 nowhere (code review, eighteenth session)."""
    from fazhi_desktop.core.indicators.report_xlsx import write_xlsx
    from fazhi_desktop.core.indicators.views import build_report

    twice = [study(store, "会前学法", day, f"学习（{day}）") for day in ("2025-03-10", "2025-06-10", "2025-09-10")
             for _ in range(2)]
    report = build_report(store, load_catalog_for(store), 2025, today=JANUARY)
    sheet = openpyxl.load_workbook(write_xlsx(report, tmp_path / "指标.xlsx"))["指标明细"]
    header = [c.value for c in sheet[3]]
    cell = next(row for row in sheet.iter_rows(min_row=4, values_only=True) if row[0] == "T46a")[header.index("待核对")]
    assert [r.number for r in twice if r.number not in cell] == [], cell
    assert "等 3 组" not in cell

def test_the_pdf_report_says_what_of_the_counted_records_to_check(store):
    from fazhi_desktop.core.indicators.report_pdf import build_pdf_report
    from fazhi_desktop.core.indicators.views import build_report

    sessions(store)
    report = build_report(store, load_catalog_for(store), 2025, today=JANUARY)
    texts = "".join(run.text for page in build_pdf_report(report).pages for run in page.texts())
    assert "尚未经所长审核的：草稿2条、已提交未审核1条" in texts.replace(" ", "")
    assert "Excel报表“指标明细”工作表的“待核对”" in texts.replace(" ", "")


def check(store, day, rows, requiring=None, certified=None):
    """An enforcement check listing `rows` as (name, certificate number or None, valid until or None)."""
    listed = [{"name": name, **({"certificate_no": no} if no else {}), **({"valid_until": until} if until else {})}
              for name, no, until in rows]
    valid = sum(1 for _, no, until in rows if no and until and until >= day)
    return store.save("enforcement_check", {
        "checked_on": day, "check_type": "日常检查", "supervised_unit": "乡综合执法办", "certificates": listed,
        "staff_requiring_certificate": len(rows) if requiring is None else requiring,
        "staff_certified": valid if certified is None else certified}, ACTOR)


HAIJUN = ("海军", "宁执0087", "2027-12-31")
MA = ("马小龙", None, None)


def test_t29_counts_enforcement_staff_once_each_as_their_latest_check_found_them(store):
    """Task 29: 从事行政执法活动的人员应当持有执法证 is about staff. The ratio summed 持证/应持证 over checks, so an
    officer checked three times counted three times: 海军 (certified) checked twice and 马小龙 (not) once read 2/3,
    the same staff checked the other way round 1/3."""
    catalog = load_catalog_for(store)
    first = check(store, "2025-03-01", [HAIJUN, MA])
    second = check(store, "2025-09-01", [HAIJUN, MA, ("禹成", "宁执0123", "2025-06-30")])  # 禹成's ran out in June
    figure = compute(store, catalog, 2025, today=JANUARY, ids=True).figure("T29", TOWN)
    assert (figure.numerator, figure.denominator) == (1, 3)  # 海军; of 海军, 马小龙, 禹成 (was 2 / 5)
    assert figure.status == st.MISSED
    assert set(figure.ids) == {second.id}  # the March check's people were all checked again in September
    gap = drill(store, catalog, "T29", 2025, TOWN, "gap", today=JANUARY)
    assert [(r.id, r.quantity) for r in gap.records] == [(second.id, "1 / 3")]
    # the people it falls short by, as their latest check found them: what the report's shortfall names
    assert gap.people == [(TOWN, "禹成"), (TOWN, "马小龙")]
    results = compute(store, catalog, 2025, today=JANUARY)
    assert shortfalls(store, results)["T29", TOWN].text() == "禹成、马小龙"

    # 马小龙 certified in November: at his latest check he holds a valid certificate
    check(store, "2025-11-01", [("马小龙", "宁执0456", "2028-10-31"), ("马小龙", "宁执0456", "2028-10-31")])
    figure = compute(store, catalog, 2025, today=JANUARY).figure("T29", TOWN)
    assert (figure.numerator, figure.denominator) == (2, 3)  # listed twice on one check: still one person
    # a check that entered only its totals names no one: its numbers count as before
    check(store, "2025-12-01", [], requiring=4, certified=3)
    figure = compute(store, catalog, 2025, today=JANUARY).figure("T29", TOWN)
    assert (figure.numerator, figure.denominator) == (5, 7)
    denominator = {r.id for r in drill(store, catalog, "T29", 2025, TOWN, "denominator", today=JANUARY).records}
    assert first.id not in denominator and second.id in denominator and len(denominator) == 3


def test_t29_at_the_county_counts_each_township_s_staff_apart(world):
    """The same name in two townships is two people: the latest check is looked for in the record's township."""
    from datetime import UTC, datetime

    world.clock.set(datetime(2026, 1, 10, 8, 0, tzinfo=UTC))  # entered in January (an export behind them is refused)
    towns = [world.town(code) for code in ("640522100", "640522101")]
    check(towns[0].store, "2025-04-01", [HAIJUN])
    check(towns[0].store, "2025-06-01", [HAIJUN])
    check(towns[1].store, "2025-05-01", [("海军", None, None)])
    for town in towns:
        assert world.import_(world.export(town).path).ok
    results = compute(world.county, load_catalog_for(world.county), 2025, today=JANUARY)
    assert [(results.figure("T29", t.code).numerator, results.figure("T29", t.code).denominator)
            for t in towns] == [(1, 1), (0, 1)]


def test_a_catalog_counting_people_in_rows_is_checked(tmp_path, ledgers):
    import pytest

    from fazhi_desktop.core.indicators.catalog import CatalogError, default_catalog_path, load_catalog

    shipped = default_catalog_path().read_text(encoding="utf-8")
    for old, new, said in [
        ('person = "name"\nelse_sum = "staff_requiring_certificate"', 'person = "name"\nwhere = [{ field = '
         '"check_type", op = "=", value = "日常检查" }]\nelse_sum = "staff_requiring_certificate"',
         "按人计（person）时不能带 where 条件"),
        ('person = "name"\nelse_sum = "staff_certified"', 'person = "valid_until"\nelse_sum = "staff_certified"',
         "person 应为重复组“执法证核查”中的人员或文字字段"),
        ('person = "name"\nelse_sum = "staff_certified"', 'person = "name"',
         "分子与分母须按同一字段计人（person），并同样写或不写 else_sum"),
        ('days = ["checked_on", "valid_until"]', 'days = ["rechecked", "valid_until"]', "字段“rechecked”不在台账"),
    ]:
        assert old in shipped
        path = tmp_path / "目录.toml"
        path.write_text(shipped.replace(old, new, 1), encoding="utf-8")
        with pytest.raises(CatalogError, match=said):
            load_catalog(path, ledgers)


def test_the_window_names_a_twin_by_what_tells_it_apart():
    """The drill-down's 核对 cell (13 em) showed 可能重复：〔2026〕学… on every row: the twin's number now drops what
    the row's own number says (its series, else its year); the command line's table keeps the whole."""
    def ref(number, *twins, earlier=False):
        return RecordRef("study", "id", "640522100", number, "2026-10-10", "学习", twins=twins, earlier=earlier)
    assert ref("〔2026〕学法字第15号", "〔2026〕学法字第16号").short_mark == "可能重复：第16号"
    assert ref("〔2026〕学法字第15号", "〔2026〕学法字第16号").mark == "可能重复：〔2026〕学法字第16号"
    other_series = ref("〔2026〕人调字第3号", "〔2026〕行调字第3号", "〔2026〕行调字第4号")
    assert other_series.short_mark == "可能重复：行调字第3号等 2 条"
    assert ref("〔2026〕学法字第1号", "〔2026〕学法字第2号", earlier=True).short_mark == "重装前；可能重复：第2号"
    assert ref(None, "〔2026〕学法字第2号").short_mark == "可能重复：〔2026〕学法字第2号"  # no number of its own
    assert ref("〔2026〕学法字第1号").short_mark == ""
