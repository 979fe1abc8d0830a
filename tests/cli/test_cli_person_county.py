"""`fazhi person find|extract` at the county, where every township numbers its own records: 马建国's case is
〔2026〕人调字第1号 at 海城镇 and at 李旺镇 alike. The list, the extract's headings and --leave-out must tell them
apart (core/person_search.said, cli_people.py)."""

# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
from __future__ import annotations

import shutil
import subprocess

import pytest
from bundle_world import county_template, world  # noqa: F401  (fixtures)
from person_records import CASES, HIS_ID

from fazhi_desktop.cli import main

REASON = "司法机关依法调取"
NUMBER = "〔2026〕人调字第1号"


@pytest.fixture
def county(world):
    """His case at 海城镇 and at 李旺镇 (both 第1号), and 李旺镇's case against him, deleted there."""
    haicheng, liwang = world.town("640522100"), world.town("640522101")
    haicheng.store.save("mediation_case", CASES[0], "杨芳")
    liwang.store.save("mediation_case", CASES[0], "李")
    liwang.store.delete(liwang.store.save("mediation_case", CASES[1], "李").id, "李")
    for town in (haicheng, liwang):
        world.import_(world.export(town).path)
    path = str(world.county.path)
    world.county.close()
    return path


def run(capsys, path: str, *args: str):
    code = main(["--db", path, "person", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_list_says_whose_each_record_is(county, capsys):
    code, out, err = run(capsys, county, "find", "--name", "马建国", "--reason", REASON)
    assert code == 0, err
    assert f"海城镇 {NUMBER}" in out and f"李旺镇 {NUMBER}" in out and "李旺镇 〔2026〕人调字第2号（已删除）" in out


def test_leave_out_by_a_number_two_townships_share_is_refused_naming_them(county, capsys, tmp_path):
    code, _, err = run(capsys, county, "extract", "--name", "马建国", "--reason", REASON, "--leave-out", NUMBER,
                         "-o", str(tmp_path / "x.pdf"))
    assert code == 1 and not (tmp_path / "x.pdf").exists()
    assert f"“{NUMBER}”是几个乡镇的记录的编号（海城镇 {NUMBER}、李旺镇 {NUMBER}）：请写记录的ID" in err


def test_the_extract_heads_each_record_with_its_township(county, capsys, tmp_path):
    path = tmp_path / "ma.pdf"
    code, _, err = run(capsys, county, "extract", "--name", "马建国", "--id-number", HIS_ID, "--reason", REASON,
                         "-o", str(path))
    assert code == 0, err
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is installed by .ci/setup")
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    headings = [line for line in text.splitlines() if line.startswith(("一、", "二、", "三、"))]
    assert headings == [f"一、调解案件 海城镇 {NUMBER}", f"二、调解案件 李旺镇 {NUMBER}",
                        "三、调解案件 李旺镇 〔2026〕人调字第2号（已删除，数据库中仍保存）"]
