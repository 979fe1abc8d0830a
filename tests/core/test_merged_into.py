# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""甘城乡 merged into 李旺镇 from 2027-01-01, the division list saying where (`merged_into`, README 新增或合并乡镇):
its records dated after the merger, and the matters it carried over and concluded after it under its own numbers,
count under 李旺镇 in 2027, while 2026 stays 甘城乡's own, to the last number."""

from __future__ import annotations

from dataclasses import astuple
from datetime import UTC, datetime

import pytest
from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core import divisions, paths
from fazhi_desktop.core.errors import NotFound, SetupError
from fazhi_desktop.core.indicators import compute, drill, load_catalog_for
from fazhi_desktop.core.indicators.completeness import completeness
from fazhi_desktop.core.indicators.views import build_report, shortfalls

GANCHENG, LIWANG = "640522214", "640522101"
NOTE = "2027年1月1日并入李旺镇"
SAID = "含原甘城乡（2027年1月1日并入）的记录 2 条"


def _list(folder, monkeypatch, into: str = LIWANG, extra: str = "") -> None:
    """The list of a build made for the merger: 甘城乡 until 2026, merged into `into` ("" : not said)."""
    shipped = (paths.resource("divisions") / "640522.csv").read_text(encoding="utf-8")
    folder.mkdir(exist_ok=True)
    row = f"{GANCHENG},甘城乡,,,,"
    assert row in shipped
    (folder / "640522.csv").write_text(shipped.replace(row, f"{GANCHENG},甘城乡,{NOTE},,2026,{into}") + extra,
                                       encoding="utf-8")
    real = divisions.load_divisions
    monkeypatch.setattr(divisions, "load_divisions", lambda directory=None: real(directory or folder))


@pytest.fixture
def merged(world, tmp_path, monkeypatch):
    """甘城乡 and 李旺镇 each with 2026's work; 甘城乡 concludes in February 2027 a complaint accepted in November
    2026 (as README step 2 says), and a study typed there in January 2027; all sent to the county."""
    _list(tmp_path / "divisions", monkeypatch)
    world.clock.set(datetime(2026, 3, 1, 2, 0, tzinfo=UTC))
    gancheng, liwang = world.town(GANCHENG), world.town(LIWANG)
    world.clock.set(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))
    for town, day in ((gancheng, "2026-03-10"), (liwang, "2026-04-10")):
        town.store.save("law_study", {"activity_type": "会前学法", "topic": "学习《宪法》", "held_on": day}, "杨芳")
        town.store.save("complaint", {"accepted_on": day, "source": "来电", "respondent": "综合执法队",
                                      "matter": "投诉一", "closed_on": day}, "杨芳")
    carried = gancheng.store.save("complaint", {"accepted_on": "2026-11-05", "source": "来电",
                                                "respondent": "综合执法队", "matter": "投诉二"}, "杨芳")
    gancheng.store.save("mediation_case", {"parties": [{"role": "申请人", "party_type": "自然人", "name": "马文"}],
                                           "dispute_type": "邻里纠纷", "case_category": "人民调解",
                                           "case_name": "邻里纠纷", "accepted_on": "2026-11-20"}, "杨芳")
    world.clock.set(datetime(2027, 2, 20, 2, 0, tzinfo=UTC))
    gancheng.store.save("complaint", {"closed_on": "2027-02-10"}, "杨芳", carried.id, carried.revision)
    gancheng.store.save("law_study", {"activity_type": "会前学法", "topic": "学习《民法典》",
                                      "held_on": "2027-01-06"}, "杨芳")
    liwang.store.save("complaint", {"accepted_on": "2027-01-12", "source": "来电", "respondent": "综合执法队",
                                    "matter": "投诉三"}, "杨芳")
    for town in (gancheng, liwang):
        assert world.import_(world.export(town).path).ok
    return world


def _figures(results) -> dict:
    return {key: astuple(fig) for key, fig in results.figures.items()}


def test_records_after_the_merger_count_under_the_township_it_joined(merged):
    county = merged.county
    results = compute(county, load_catalog_for(county), 2027)
    assert GANCHENG not in [t.code for t in results.townships]  # no row of its own: nothing counted twice
    t30b = results.figure("T30b", LIWANG)
    # 李旺镇's own complaint of 2027 (open) and 甘城乡's of November 2026, concluded in February 2027
    assert (t30b.numerator, t30b.denominator) == (1, 2)
    assert results.figure("T46a", LIWANG).numerator == 1  # the study typed on 甘城乡's PC in January
    assert results.merged_text(LIWANG) == SAID
    assert results.merged_note() == f"李旺镇：{SAID}（撤并后计入并入的乡镇，记录仍列其原乡镇）。"
    # the county's whole count is each record once
    assert sum(results.figure("T30b", t.code).denominator or 0 for t in results.townships) == 2


def test_a_person_checked_by_both_townships_counts_once(merged):
    """An officer found without a certificate by 甘城乡's check in January and with one by 李旺镇's in February is
    one person of 李旺镇's T29, as its latest check found him (it read 1 / 3, him twice); the one 甘城乡 found
    without is named in 李旺镇's report."""
    gancheng, liwang = merged.town(GANCHENG), merged.town(LIWANG)
    held = {"certificate_no": "宁执0087", "valid_until": "2029-12-31"}
    for town, day, rows in ((gancheng, "2027-01-08", [{"name": "海军"}, {"name": "马小龙"}]),
                            (liwang, "2027-02-15", [{"name": "海军", **held}])):
        town.store.save("enforcement_check", {"checked_on": day, "check_type": "日常检查", "supervised_unit": "执法队",
                                              "staff_requiring_certificate": len(rows),
                                              "staff_certified": sum("certificate_no" in r for r in rows),
                                              "certificates": rows}, "杨芳")
        assert merged.import_(merged.export(town).path).ok
    county = merged.county
    results = compute(county, load_catalog_for(county), 2027)
    t29 = results.figure("T29", LIWANG)
    assert (t29.numerator, t29.denominator) == (1, 2)
    assert shortfalls(county, results)["T29", LIWANG].items == ("马小龙",)


def test_the_drill_down_lists_each_record_under_its_own_township(merged):
    county = merged.county
    found = drill(county, load_catalog_for(county), "T30b", 2027, LIWANG, "value")
    assert [(r.township, r.date) for r in found.records] == [(GANCHENG, "2026-11-05")]
    whole = drill(county, load_catalog_for(county), "T30b", 2027, LIWANG, "denominator")
    assert sorted(r.township for r in whole.records) == [LIWANG, GANCHENG]
    with pytest.raises(NotFound, match="2027年它的记录计入李旺镇（640522101）"):
        compute(county, load_catalog_for(county), 2027, GANCHENG)


def test_2026_does_not_change_by_a_single_number(merged, tmp_path, monkeypatch):
    county = merged.county
    catalog = load_catalog_for(county)
    with_into = compute(county, catalog, 2026, ids=True)
    said = {t.code: t.problems() for t in completeness(county, 2026).townships}
    _list(tmp_path / "without", monkeypatch, into="")  # the list as before: merged, not saying where
    without = compute(county, catalog, 2026, ids=True)
    assert _figures(with_into) == _figures(without)
    assert [astuple(t) for t in with_into.townships] == [astuple(t) for t in without.townships]
    assert (with_into.active, with_into.carried) == (without.active, without.carried)
    assert said == {t.code: t.problems() for t in completeness(county, 2026).townships}
    assert with_into.figure("T30b", GANCHENG).denominator == 2  # 甘城乡's own 2026: its open complaint too
    assert with_into.merged_note() == ""
    # and without `merged_into` 2027 is as before: 甘城乡 listed with its own, 李旺镇 without them
    before = compute(county, catalog, 2027)
    assert GANCHENG in [t.code for t in before.townships]
    assert before.figure("T30b", LIWANG).denominator == 1


def test_completeness_says_they_are_counted_under_the_township_it_joined(merged):
    row = next(t for t in completeness(merged.county, 2027).townships if t.code == GANCHENG)
    said = row.attention()
    assert ("该乡镇已撤并（区划名单中为 2026 年及以前，2027年1月1日并入李旺镇），收到本年记录 1 条，已计入李旺镇"
            "（640522101）的本年指标（区划名单写明并入李旺镇）：不必在并入的乡镇重新登记") in said
    assert "重新登记、在原乡镇的数据库中删除" not in said


def test_the_reports_say_whose_records_they_count(merged, tmp_path):
    from fazhi_desktop.core.indicators.report_pdf import write_pdf_report
    from fazhi_desktop.core.indicators.report_xlsx import write_xlsx

    county = merged.county
    report = build_report(county, load_catalog_for(county), 2027)
    matrix, detail = report.views[0], report.views[1]
    assert any(SAID in note for note in matrix.notes) and any(SAID in note for note in detail.notes)
    assert GANCHENG not in [row[1] for row in matrix.rows]
    write_xlsx(report, tmp_path / "r.xlsx")
    write_pdf_report(report, tmp_path / "r.pdf")
    import openpyxl

    cells = [c for row in openpyxl.load_workbook(tmp_path / "r.xlsx")["汇总矩阵"].iter_rows(values_only=True)
             for c in row if isinstance(c, str)]
    assert any(SAID in c for c in cells)
    import subprocess

    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "r.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert SAID.replace(" ", "") in text.replace(" ", "")


@pytest.mark.parametrize(("into", "extra", "reason"), [
    ("640522999", "", "不是区划名单中的乡镇代码"),
    (GANCHENG, "", "是该乡镇自己的代码"),
    ("640522", "", "不是区划名单中的乡镇代码"),
    ("640522216", "640522216,新华乡,,2028,\n", "在名单中的年份不含 2027 年及以后各年"),
    ("640522216", "640522216,新华乡,,,2030\n", "在名单中的年份不含 2027 年及以后各年"),
])
def test_a_bad_merged_into_is_refused_with_file_line_and_reason(tmp_path, monkeypatch, into, extra, reason):
    folder = tmp_path / "divisions"
    _list(folder, monkeypatch, into=into, extra=extra)
    with pytest.raises(SetupError) as refused:
        divisions.load_divisions(folder)
    assert str(refused.value).startswith(f"区划文件 {folder / '640522.csv'} 第 20 行：merged_into“{into}”")
    assert reason in str(refused.value)


def test_merged_into_without_until_year_is_refused(tmp_path):
    folder = tmp_path / "divisions"
    folder.mkdir()
    (folder / "640522.csv").write_text("code,name,note,from_year,until_year,merged_into\n640522101,李旺镇,,,,\n"
                                       "640522214,甘城乡,,,,640522101\n", encoding="utf-8")
    with pytest.raises(SetupError, match="第 3 行：merged_into“640522101”：填了并入的乡镇，until_year 却为空"):
        divisions.load_divisions(folder)


SANHE = "640522104"


def test_a_later_merger_of_the_township_it_joined_is_followed_not_refused(merged, tmp_path, monkeypatch):
    """李旺镇 merged in turn into 三河镇 from 2030: the list refused the build (甘城乡's row named a township that
    does not exist in every later year), and no row could say it. 甘城乡's records count under 李旺镇 until 2029,
    under 三河镇 from 2030, with 李旺镇's."""
    row = f"{LIWANG},李旺镇,,,,"
    folder = tmp_path / "chain"
    _list(folder, monkeypatch)
    text = (folder / "640522.csv").read_text(encoding="utf-8")
    (folder / "640522.csv").write_text(text.replace(row, f"{LIWANG},李旺镇,2030年1月1日并入三河镇,,2029,{SANHE}"),
                                       encoding="utf-8")
    known = divisions.load_divisions(folder)
    assert divisions.merged_into(2027, known) == {GANCHENG: LIWANG}
    assert divisions.merged_into(2030, known) == {GANCHENG: SANHE, LIWANG: SANHE}
    merged.clock.set(datetime(2030, 3, 1, 2, 0, tzinfo=UTC))
    gancheng = merged.town(GANCHENG)
    gancheng.store.save("law_study", {"activity_type": "会前学法", "topic": "学习《宪法》", "held_on": "2030-02-06"},
                        "杨芳")
    assert merged.import_(merged.export(gancheng).path).ok
    county = merged.county
    results = compute(county, load_catalog_for(county), 2030)
    assert {GANCHENG, LIWANG}.isdisjoint(t.code for t in results.townships)
    assert results.figure("T46a", SANHE).numerator == 1
    # (李旺镇's complaint of January 2027, still open, is carried into 三河镇's T30b)
    assert results.merged_text(SANHE) == ("含原李旺镇（2030年1月1日并入）的记录 1 条；"
                                          "含原甘城乡（2027年1月1日并入）的记录 1 条")
    assert compute(county, load_catalog_for(county), 2027).figure("T46a", LIWANG).numerator == 1  # as before


def test_a_merger_back_into_itself_is_refused(tmp_path):
    folder = tmp_path / "divisions"
    folder.mkdir()
    (folder / "640522.csv").write_text("code,name,note,from_year,until_year,merged_into\n"
                                       f"{LIWANG},李旺镇,,,2026,{GANCHENG}\n{GANCHENG},甘城乡,,,2026,{LIWANG}\n",
                                       encoding="utf-8")
    with pytest.raises(SetupError, match="第 2 行：merged_into“640522214”"):
        divisions.load_divisions(folder)
