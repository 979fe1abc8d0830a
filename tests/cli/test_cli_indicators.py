# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py and tests/indicator_data.py)
"""`fazhi indicators`, `fazhi report` and `fazhi catalog` as a township clerk or a county technician runs them."""

from __future__ import annotations

import json
import shutil

import openpyxl
import pytest
from bundle_world import county_template, world  # noqa: F401
from indicator_data import fill_known_year, known_template  # noqa: F401

from fazhi_desktop.cli import main

AS_OF = ["--as-of", "2026-06-01"]  # mid-year: records dated later have not happened yet and do not count
YEAR_OVER = ["--as-of", "2027-01-10"]


@pytest.fixture
def db(tmp_path, monkeypatch, known_template):
    """The known year of tests/indicator_data.py in a township database set up as `fazhi init` does."""
    path = tmp_path / "office.db"
    shutil.copyfile(known_template[0], path)
    monkeypatch.setenv("FAZHI_DB", str(path))
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_as_of_says_that_a_cases_conclusion_is_read_as_entered_now(db, capsys):
    """`--as-of 2026-06-30` counted a case closed on 30 July and a 回访 of 5 July without a word: the header says
    what as-of means, as --help does (a conclusion is not dated back to that day)."""
    _, out, _ = run(capsys, "indicators", "--year", "2026", *AS_OF)
    said = ("其结论（调解结果、履行情况、结案日期、回访、司法确认、权利义务告知）按生成时已填写的计，"
            "即使其日期晚于统计截至日")
    assert said in out.splitlines()[1]
    _, today, _ = run(capsys, "indicators", "--year", "2026")
    assert "按生成时已填写的计" not in today  # today: nothing after it to explain
    with pytest.raises(SystemExit):
        main(["indicators", "--help"])
    assert "按现在所填的计，不退回到此日" in capsys.readouterr().out.replace("\n", "").replace(" ", "")


def test_indicators_prints_each_target_with_progress_and_the_mediation_statistics(db, capsys):
    code, out, _ = run(capsys, "indicators", "--year", "2026", *AS_OF)
    assert code == 0
    assert "统计截至 2026-06-01" in out
    line = next(x for x in out.splitlines() if x.startswith("T46a"))
    # one 会前学法 by 1 June (the June and December ones lie ahead): behind an even pace of 4 a year
    assert line.split() == ["T46a", "会前学法", "1", "/", "4", "次", "不少于", "4", "次", "有风险", "213", "天"]
    assert next(x for x in out.splitlines() if x.startswith("T40b")).split()[2:5] == ["1", "/", "1（100.0%）"]
    _, out, _ = run(capsys, "indicators", "--year", "2026", *YEAR_OVER)
    assert next(x for x in out.splitlines() if x.startswith("T46a")).split()[2:10] == \
        ["3", "/", "4", "次", "不少于", "4", "次", "未达标"]
    assert next(x for x in out.splitlines() if x.startswith("T40b")).split()[2:5] == ["1", "/", "2（50.0%）"]
    assert "调解成功率" in out and "2 / 3（66.7%）" in out
    assert "本版本不能计算（缺少台账）：T1 示范创建" in out


def test_indicators_as_json_carries_the_records_behind_every_figure(db, capsys):
    code, out, _ = run(capsys, "indicators", "--year", "2026", "--format", "json", *YEAR_OVER)
    assert code == 0
    data = json.loads(out)
    figures = {f["code"]: f for f in data["townships"][0]["figures"]}
    assert (figures["T40b"]["numerator"], figures["T40b"]["denominator"], figures["T40b"]["value"]) == (1, 2, 0.5)
    assert len(figures["T40b"]["denominator_records"]) == 2
    assert all(r["number"].startswith("〔2026〕会记字") for r in figures["T40b"]["records"])
    assert figures["M1"]["breakdown"]["邻里纠纷"] == {"numerator": 3, "denominator": None}
    assert {x["code"] for x in data["not_computable"]} >= {"T8", "T33"}


def test_drill_lists_the_complaints_still_open(db, capsys):
    code, out, _ = run(capsys, "indicators", "--year", "2026", "--drill", "T30b", "--part", "gap", *YEAR_OVER)
    assert code == 0
    assert "T30b 投诉举报办结率（2026年）：尚未计入的记录" in out
    assert "2026-12-20" in out and "2026-12-31" in out and "共 2 条记录" in out


def test_a_bad_catalog_is_refused_with_file_entry_and_reason(db, capsys, tmp_path):
    bad = tmp_path / "县目录.toml"
    bad.write_text('format = 1\n\n[[indicator]]\ncode = "X9"\ntitle = "t"\ntext = "t"\nledger = "meeting"\n'
                   'count = { where = [{ field = "meeting_kind", op = "=", value = "党委会" }] }\n'
                   'threshold = 1\ndirection = ">="\n', encoding="utf-8")
    code, out, err = run(capsys, "indicators", "--year", "2026", "--catalog", str(bad))
    assert code == 1 and out == ""
    assert err.startswith(f"错误：指标目录 {bad} 第 4 行，指标 X9：")
    assert "字段“meeting_kind”不在台账“会议”中" in err
    code, _, err = run(capsys, "catalog", "use", str(bad))
    assert code == 1 and "X9" in err


def test_catalog_check_warns_of_a_ratio_over_a_field_the_first_form_version_lacks(db, capsys, tmp_path):
    own = tmp_path / "县目录.toml"
    own.write_text('format = 1\n\n[[indicator]]\ncode = "X1"\ntitle = "t"\ntext = "t"\nledger = "mediation_case"\n'
                   'formula = "ratio"\ndenominator = { where = [] }\n'
                   'numerator = { where = [{ field = "confirmation_applied_on", op = "filled", value = true }] }\n'
                   'direction = "report"\n', encoding="utf-8")
    code, out, _ = run(capsys, "catalog", "check", str(own))
    assert code == 0 and "指标目录无误" in out
    assert "注意：X1：分子用到第 3 版表单才有的字段“申请司法确认日期”（confirmation_applied_on）" in out


def test_the_county_enables_its_own_catalog_and_can_go_back(db, capsys, tmp_path):
    from fazhi_desktop.core.indicators import default_catalog_path

    own = tmp_path / "县目录.toml"
    own.write_text(default_catalog_path().read_text(encoding="utf-8").replace(
        'count = { where = [{ field = "activity_type", op = "=", value = "会前学法" }] }\nthreshold = 4',
        'count = { where = [{ field = "activity_type", op = "=", value = "会前学法" }] }\nthreshold = 2'),
        encoding="utf-8")
    code, out, _ = run(capsys, "catalog", "use", str(own))
    assert code == 0 and "已启用" in out
    _, out, _ = run(capsys, "indicators", "--year", "2026", *AS_OF)
    assert next(x for x in out.splitlines() if x.startswith("T46a")).split()[2:5] == ["1", "/", "2"]
    assert run(capsys, "catalog", "use", "--default")[0] == 0
    _, out, _ = run(capsys, "indicators", "--year", "2026", *AS_OF)
    assert next(x for x in out.splitlines() if x.startswith("T46a")).split()[2:5] == ["1", "/", "4"]


def test_report_writes_xlsx_and_pdf_and_refuses_other_suffixes(db, capsys, tmp_path):
    code, out, _ = run(capsys, "report", "--year", "2026", "-o", str(tmp_path / "指标.xlsx"))
    assert code == 0 and "工作表：汇总矩阵、指标明细、数据完整性、调解统计、指标说明" in out
    assert openpyxl.load_workbook(tmp_path / "指标.xlsx").sheetnames[0] == "汇总矩阵"
    code, out, _ = run(capsys, "report", "--year", "2026", "-o", str(tmp_path / "指标.pdf"))
    assert code == 0 and (tmp_path / "指标.pdf").read_bytes().startswith(b"%PDF")
    code, _, err = run(capsys, "report", "--year", "2026", "-o", str(tmp_path / "指标.docx"))
    assert code == 1 and ".xlsx 或 .pdf" in err


def test_the_county_sees_the_matrix_of_its_townships(world, capsys):
    town = world.town("640522100")
    fill_known_year(town.store)
    assert world.import_(world.export(town).path).ok
    db = str(world.county.path)
    code, out, _ = run(capsys, "--db", db, "indicators", "--year", "2026", *AS_OF)
    assert code == 0
    header = next(x for x in out.splitlines() if x.startswith("乡镇"))
    assert "T40a" in header and "T45" not in header  # report-only indicators are not judged in the matrix
    # T40b 1 / 1 while the year is open: 目前达标 (shown 目前)
    assert next(x for x in out.splitlines() if x.startswith("海城镇")).split()[1:4] == ["达标", "目前", "未达"]
    assert next(x for x in out.splitlines() if x.startswith("西安镇")).split()[1] == "—"
    # the columns are codes: the indicators are named below, and every short status explained (not "达标＝达标")
    assert "  T46a  会前学法（不少于 4 次）" in out.splitlines() and "达标＝达标" not in out
    assert "  风险  有风险：进度落后（按全年均匀进度计）或比率低于目标" in out.splitlines()
    assert ("仅报告、不评状态（不在矩阵中，各乡镇数值见 --township CODE 或 fazhi report 的指标明细）："
            "T45 宪法宣誓、T34 行政调解、T4 调解回访满意度") in out.splitlines()
    code, out, _ = run(capsys, "--db", db, "indicators", "--year", "2026", "--township", "640522100", *AS_OF)
    assert code == 0 and "海城镇 2026 年" in out and "会前学法" in out
    code, _, err = run(capsys, "--db", db, "indicators", "--year", "2026", "--township", "999999999")
    assert code == 1 and "不属于本县" in err


def test_drill_shows_why_each_leader_owes_the_report(db, capsys):
    """T47's 尚未述法的人员 were names alone: after a roster change a reviewer could not see who counts and why."""
    assert run(capsys, "people", "add", "--name", "田镇长", "--title", "镇长", "--role", "主要负责同志",
               "--joined-on", "2026-09-01")[0] == 0
    code, out, _ = run(capsys, "indicators", "--year", "2026", "--drill", "T47", "--part", "gap", *YEAR_OVER)
    assert code == 0
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line.startswith(("田镇长", "马志刚"))}
    assert rows["田镇长"][1:] == ["镇长", "2026-09-01", "起"]
    assert rows["马志刚"][1:] == ["镇党委书记", "未填到任、离任日期"]  # in post all along
    # the people alone: the 述法 where 田玉春 and 副镇长 李强 both reported counted 田玉春, and is nothing to correct
    assert [line for line in out.splitlines() if line.startswith("共 ")] == ["共 2 人"]



def test_a_year_without_records_says_why_once(tmp_path, monkeypatch, capsys, db):
    """`fazhi indicators --year 2026` of a township with no record yet printed `无数据的原因：本年还没有任何记录。`
    under the targets and again under 调解统计: said once. A year with records still says each table's own reasons."""
    _, known, _ = run(capsys, "indicators", "--year", "2025")
    notes = [line for line in known.splitlines() if line.startswith("无数据的原因")]
    assert len(notes) == 2 and notes[0] != notes[1]  # the targets' and the statistics' own
    monkeypatch.setenv("FAZHI_DB", str(tmp_path / "new.db"))
    assert run(capsys, "init", "--township", "640522100")[0] == 0
    code, out, _ = run(capsys, "indicators", "--year", "2026")
    assert code == 0
    assert out.count("无数据的原因：本年还没有任何记录。") == 1
