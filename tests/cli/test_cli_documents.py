"""`fazhi pdf`, `fazhi register` and `fazhi check-print` as a clerk or an inspector runs them."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys

import pytest

from fazhi_desktop.cli import main

MEETING = {
    "title": "2026年第3次镇政府常务会议", "meeting_type": "乡镇行政会议(政府常务会议)", "held_on": "2026-03-05",
    "office_head_attendance": "全程", "host": "田玉春", "attendees": ["马志刚", "田玉春", "李强"],
    "agenda_items": [{"title": "研究春季森林草原防火工作", "decision": "成立防火工作专班。"}],
}
CASE = {
    "case_category": "人民调解", "case_name": "马文与李海宅基地纠纷", "accepted_on": "2026-03-02",
    "dispute_type": "房屋宅基地纠纷", "result": "调解成功", "agreement_content": "双方以登记图为准重新确界。",
    "parties": [{"role": "申请人", "party_type": "自然人", "name": "马文", "id_number": "640522196103231939"},
                {"role": "被申请人", "party_type": "自然人", "name": "李海"}],
}


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "office.db"
    monkeypatch.setenv("FAZHI_DB", str(path))
    assert main(["init", "--township", "640522100", "--operator", "杨芳"]) == 0
    return path


def add(capsys, monkeypatch, ledger: str, data: dict) -> str:
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(data, ensure_ascii=False)))
    assert main(["add", ledger, "--json", "-"]) == 0
    return capsys.readouterr().out.strip()


def test_pdf_writes_the_minutes_and_prints_the_verification_code(db, tmp_path, capsys, monkeypatch):
    add(capsys, monkeypatch, "meeting", MEETING)
    out_file = tmp_path / "纪要.pdf"
    code = main(["pdf", "〔2026〕会记字第1号", "--kind", "minutes", "-o", str(out_file)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out_file.read_bytes().startswith(b"%PDF")
    assert f"已生成会议纪要 〔2026〕会记字第1号：{out_file}（共 1 页）" in out
    assert re.search(r"核验码：[0-9a-f]{12}-1-[0-9a-f]{8}", out)


def test_pdf_of_a_record_the_checks_question_says_so_beside_the_file(db, tmp_path, capsys, monkeypatch):
    """The window asks before printing an agreement saying 马文，女 of a man's ID number; the command said nothing."""
    parties = [CASE["parties"][0] | {"gender": "女"}, CASE["parties"][1]]
    add(capsys, monkeypatch, "mediation_case", {**CASE, "parties": parties})
    code = main(["pdf", "〔2026〕人调字第1号", "--kind", "agreement", "-o", str(tmp_path / "协议书.pdf")])
    _, err = capsys.readouterr()
    assert code == 0 and "提示：当事人第1行·性别：性别与身份证号不符，请核对（文书上照样印出）" in err


def test_pdf_refuses_a_kind_the_ledger_does_not_have(db, tmp_path, capsys, monkeypatch):
    record_id = add(capsys, monkeypatch, "meeting", MEETING)
    code = main(["pdf", record_id, "--kind", "agreement", "-o", str(tmp_path / "x.pdf")])
    _, err = capsys.readouterr()
    assert code == 1
    assert "不能打印为调解协议书" in err and "会议纪要（minutes）" in err
    assert "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()


def test_pdf_of_a_missing_record_says_so(db, tmp_path, capsys):
    code = main(["pdf", "〔2026〕会记字第9号", "--kind", "record", "-o", str(tmp_path / "x.pdf")])
    assert code == 1
    assert "找不到编号为 〔2026〕会记字第9号 的记录" in capsys.readouterr().err


def test_agreement_masks_id_numbers_unless_reveal_is_given(db, tmp_path, capsys, monkeypatch):
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is installed by .ci/setup")
    add(capsys, monkeypatch, "mediation_case", CASE)
    masked, revealed = tmp_path / "masked.pdf", tmp_path / "revealed.pdf"
    assert main(["pdf", "〔2026〕人调字第1号", "--kind", "agreement", "-o", str(masked)]) == 0
    assert main(["pdf", "〔2026〕人调字第1号", "--kind", "agreement", "-o", str(revealed), "--reveal"]) == 0

    def text(path):
        return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout

    assert "640522196103231939" not in text(masked) and "640522********1939" in text(masked)
    assert "640522196103231939" in text(revealed)


def test_pdf_of_several_records_writes_one_file_listing_each_and_naming_what_it_skipped(db, tmp_path, capsys,
                                                                                      monkeypatch):
    for n in (1, 2):
        add(capsys, monkeypatch, "meeting", {**MEETING, "title": f"2026年第{n}次镇政府常务会议"})
    add(capsys, monkeypatch, "mediation_case", CASE)
    add(capsys, monkeypatch, "mediation_case", {**CASE, "agreement_form": "口头"})
    out_file = tmp_path / "签到表.pdf"
    code = main(["pdf", "〔2026〕会记字第2号", "〔2026〕会记字第1号", "--kind", "signin", "-o", str(out_file)])
    out, err = capsys.readouterr()
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == f"已生成签到表 2 份：{out_file}（共 2 页）"
    assert re.fullmatch(r"  〔2026〕会记字第2号：第 1 页，核验码 [0-9a-f]{12}-1-[0-9a-f]{8}", lines[1])
    assert lines[2].startswith("  〔2026〕会记字第1号：第 2 页，核验码 ")
    out_file = tmp_path / "协议书.pdf"
    code = main(["pdf", "〔2026〕人调字第1号", "〔2026〕人调字第2号", "--kind", "agreement", "-o", str(out_file)])
    out, err = capsys.readouterr()
    assert code == 0 and out.startswith("已生成调解协议书 1 份")
    assert "跳过：调解案件 〔2026〕人调字第2号的协议形式为“口头”" in err
    code = main(["pdf", "〔2026〕人调字第2号", "〔2026〕会记字第1号", "--kind", "agreement",
                 "-o", str(tmp_path / "x.pdf")])
    _, err = capsys.readouterr()
    assert code == 1 and "所选 2 条记录都不能打印为调解协议书" in err and "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()


def test_register_writes_the_years_table(db, tmp_path, capsys, monkeypatch):
    add(capsys, monkeypatch, "meeting", MEETING)
    out_file = tmp_path / "台账.pdf"
    assert main(["register", "meeting", "--year", "2026", "-o", str(out_file)]) == 0
    out = capsys.readouterr().out
    assert f"已生成2026年会议台账：{out_file}（共 1 页）" in out


def test_register_without_a_year_prints_the_year_the_window_offers(db, tmp_path, capsys, monkeypatch):
    """`--year` was required; without it the register is the one 打印本年度台账 offers (here the 2026 meeting's
    year, also in 2027 and in January), and the command says which year it chose."""
    add(capsys, monkeypatch, "meeting", MEETING)
    out_file = tmp_path / "台账.pdf"
    assert main(["register", "meeting", "--quiet", "-o", str(out_file)]) == 0
    captured = capsys.readouterr()
    assert "未指定 --year，打印2026年的台账" in captured.err
    assert f"已生成2026年会议台账：{out_file}（共 1 页）" in captured.out


def test_register_of_an_unknown_ledger_names_the_ledgers(db, tmp_path, capsys):
    assert main(["register", "meetings", "--year", "2026", "-o", str(tmp_path / "x.pdf")]) == 1
    err = capsys.readouterr().err
    assert "没有名为“meetings”的台账" in err and "meeting" in err


def test_check_print_says_whether_the_paper_matches(db, tmp_path, capsys, monkeypatch):
    add(capsys, monkeypatch, "meeting", MEETING)
    main(["pdf", "〔2026〕会记字第1号", "--kind", "record", "-o", str(tmp_path / "r.pdf")])
    printed = re.search(r"核验码：(\S+)", capsys.readouterr().out).group(1)

    assert main(["check-print", printed]) == 0
    assert capsys.readouterr().out.startswith("一致：")

    monkeypatch.setattr(sys, "stdin", io.StringIO('{"location": "司法所调解室"}'))
    assert main(["update", "〔2026〕会记字第1号", "--json", "-"]) == 0
    capsys.readouterr()
    assert main(["check-print", printed]) == 1
    out = capsys.readouterr().out
    assert out.startswith("打印后已修改：") and "第 1 版" in out and "第 2 版" in out

    assert main(["check-print", "not-a-code"]) == 1
    assert "不是有效的核验码" in capsys.readouterr().out


def test_register_of_a_month_or_a_quarter(db, tmp_path, capsys, monkeypatch):
    """`fazhi register mediation_case --month 2026-05`: the register of May only (the whole year was all there was);
    --quarter likewise; a month mistyped is refused saying how to write it."""
    add(capsys, monkeypatch, "mediation_case", CASE)  # 2 March
    out_file = tmp_path / "台账.pdf"
    assert main(["register", "mediation_case", "--month", "2026-03", "-o", str(out_file)]) == 0
    assert f"已生成2026年3月调解案件台账：{out_file}（共 1 页）" in capsys.readouterr().out
    assert main(["register", "mediation_case", "--quarter", "2026-1", "-o", str(out_file)]) == 0
    assert "已生成2026年第一季度调解案件台账" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["register", "mediation_case", "--month", "2026-13", "-o", str(out_file)])
    assert "月份应写成 YYYY-MM，如 2026-05，收到“2026-13”" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["register", "mediation_case", "--month", "2026-05", "--year", "2026", "-o", str(out_file)])
    assert "参数 --year：不能与参数 --month 同时使用" in capsys.readouterr().err
