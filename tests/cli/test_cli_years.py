"""`fazhi year close|reopen|list`: the 所长 closes a year from the command line, is told what closing locks and
which drafts stop it; afterwards `fazhi add`/`update`/`reopen` of that year are refused naming the year."""

from __future__ import annotations

import json

import pytest

from fazhi_desktop.cli import main

PASSWORD = "demo2026"
MEETING = {"title": "2025年第3次乡镇政府常务会议", "meeting_type": "乡镇行政会议(政府常务会议)",
           "held_on": "2025-12-05", "office_head_attendance": "全程"}
NUMBER = "〔2025〕会记字第1号"


def run(capsys, *args: str, user: str = "杨芳"):
    code = main(["--user", user, *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def office(demo_db, tmp_path, monkeypatch, capsys):
    """A township database with a meeting of December 2025 (a 草稿) and the demonstration accounts."""
    monkeypatch.setenv("FAZHI_PASSWORD", PASSWORD)
    (tmp_path / "m.json").write_text(json.dumps(MEETING, ensure_ascii=False), encoding="utf-8")
    assert main(["--user", "马丽", "add", "meeting", "--json", str(tmp_path / "m.json")]) == 0
    capsys.readouterr()
    return tmp_path


def test_a_draft_stops_the_closing_and_each_is_listed(office, capsys):
    code, _, err = run(capsys, "year", "close", "2025", "--yes")
    assert code == 1
    assert err.splitlines() == ["错误：2025年还有 1 条草稿记录：请录入员填完并提交审核（或删除）后再封账",
                                f"  {NUMBER}  草稿  2025年第3次乡镇政府常务会议"]


def test_closing_says_what_it_locks_and_then_the_year_is_closed(office, capsys, monkeypatch):
    assert run(capsys, "submit", NUMBER)[0] == 0
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    code, out, err = run(capsys, "year", "close", "2025")
    assert code == 2 and "非交互运行时请加 --yes 确认" in err and "将锁定 1 条尚未锁定的记录" in out
    code, out, _ = run(capsys, "year", "close", "2025", "--yes")
    assert code == 0 and out.splitlines()[-1] == "已封账：2025年（锁定 1 条记录）"
    code, _, err = run(capsys, "reopen", NUMBER, "--reason", "补充列席人员")
    assert code == 1 and "2025年已封账，须由所长或管理员先重新打开2025年" in err
    (office / "d.json").write_text(json.dumps({**MEETING, "held_on": "2025-12-30"}, ensure_ascii=False))
    code, _, err = run(capsys, "add", "meeting", "--json", str(office / "d.json"))
    assert code == 1 and "会议日期：2025年已封账" in err
    code, out, _ = run(capsys, "year", "list")
    assert out.splitlines()[0] == "已封账：2025" and "锁定 1 条" in out


def test_closing_a_year_without_records_says_so_before_asking(office, capsys, monkeypatch):
    """As the window does: closing 2024 (no record dated in it) would keep its records from being entered later."""
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda _prompt: "")
    code, out, _ = run(capsys, "year", "close", "2024")
    assert code == 1 and "2024年没有记录。封账后就不能再录入或从Excel导入2024年的记录" in out


def test_a_clerk_may_not_close_and_reopening_needs_a_reason(office, capsys):
    run(capsys, "submit", NUMBER)
    code, _, err = run(capsys, "year", "close", "2025", "--yes", user="马丽")
    assert code == 1 and "录入员无权年度封账或重新打开已封账的年度（需要所长或管理员）" in err
    assert run(capsys, "year", "close", "2025", "--yes")[0] == 0
    with pytest.raises(SystemExit):  # argparse: --reason is required
        main(["--user", "杨芳", "year", "reopen", "2025"])
    capsys.readouterr()
    code, out, _ = run(capsys, "year", "reopen", "2025", "--reason", "补录12月30日的党委会")
    assert code == 0 and out.startswith("已重新打开2025年")
    assert run(capsys, "reopen", NUMBER, "--reason", "补充列席人员")[0] == 0
    code, out, _ = run(capsys, "year", "list")
    assert "重新打开" in out and "补录12月30日的党委会" in out and out.splitlines()[0] == "已封账：无"


def test_the_current_year_cannot_be_closed_before_it_is_over(office, capsys):
    code, _, err = run(capsys, "year", "close", "2100", "--yes")
    assert code == 1 and "2100年尚未结束" in err


def test_a_year_not_over_is_refused_without_listing_its_drafts_as_the_reason(office, capsys, tmp_path):
    """In January, `fazhi year close` of the year begun printed its drafts under 尚未结束, as if they were why."""
    from fazhi_desktop.core.clock import office_date, system_clock

    year = office_date(system_clock()).year
    draft = {**MEETING, "title": f"{year}年第1次乡镇政府常务会议", "held_on": f"{year}-01-01"}
    (tmp_path / "n.json").write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
    assert run(capsys, "add", "meeting", "--json", str(tmp_path / "n.json"), user="马丽")[0] == 0
    code, _, err = run(capsys, "year", "close", str(year), "--yes")
    assert code == 1
    assert len(err.splitlines()) == 1 and err.startswith(f"错误：{year}年尚未结束（今天是")


def test_refusals_that_save_no_record_do_not_say_the_record_was_not_saved(office, capsys):
    """`year reopen` and `reopen` with a blank reason said 记录未保存，请改正以下字段 (as `people add` refused did)."""
    assert run(capsys, "submit", NUMBER)[0] == 0
    assert run(capsys, "year", "close", "2025", "--yes")[0] == 0
    code, _, err = run(capsys, "year", "reopen", "2025", "--reason", " ")
    assert code == 1 and err.strip() == "错误：年度未重新打开（原因：重新打开2025年必须说明原因）"
    assert run(capsys, "year", "reopen", "2025", "--reason", "补录12月30日的党委会")[0] == 0
    code, _, err = run(capsys, "reopen", NUMBER, "--reason", " ")
    assert code == 1 and err.strip() == "错误：记录未重新打开（原因：重新打开必须说明原因）"


def test_closing_says_a_complaint_still_being_handled_is_not_locked(office, capsys, valid_record):
    """`fazhi year close` counted every record not locked as one it would lock, and listed a complaint still being
    handled among them: close_year leaves such a matter open."""
    complaint = valid_record("complaint", accepted_on="2025-12-20", closed_on=None)
    (office / "c.json").write_text(json.dumps(complaint, ensure_ascii=False), encoding="utf-8")
    assert run(capsys, "add", "complaint", "--json", str(office / "c.json"), user="马丽")[0] == 0
    assert run(capsys, "submit", NUMBER)[0] == 0
    code, out, _ = run(capsys, "year", "close", "2025", "--yes")
    assert code == 0
    assert "将锁定 1 条尚未锁定的记录（均已提交、所长尚未审核）：" in out
    assert "办理中的 1 条不锁定，办结后仍可登记、审核和锁定：" in out
    assert "投字" not in out.split("将锁定", 1)[1].split("办理中", 1)[0]  # not listed among those locked
    assert out.splitlines()[-1] == "已封账：2025年（锁定 1 条记录）"


def test_after_the_closing_update_concludes_an_open_complaint_and_nothing_else_moves_the_year(office, capsys,
                                                                                              valid_record):
    """`fazhi update` gave the open complaint a 办结日期 inside the closed year (T30b 5 / 6 未达标 became 6 / 6 达标),
    or a new 被投诉对象."""
    complaint = valid_record("complaint", accepted_on="2025-12-20", closed_on=None)
    (office / "c.json").write_text(json.dumps(complaint, ensure_ascii=False), encoding="utf-8")
    assert run(capsys, "add", "complaint", "--json", str(office / "c.json"), user="马丽")[0] == 0
    assert run(capsys, "submit", NUMBER)[0] == 0
    assert run(capsys, "year", "close", "2025", "--yes")[0] == 0
    number = "〔2025〕投诉字第1号"
    for change, said in (({"closed_on": "2025-12-30"}, "办结日期：2025年已封账，办结计入办结的年度：须为2026-01-01"),
                         ({"respondent": "乡政府"}, "被投诉对象：2025年已封账，办理中的记录只能填写办理和办结情况")):
        (office / "u.json").write_text(json.dumps(change, ensure_ascii=False), encoding="utf-8")
        code, _, err = run(capsys, "update", number, "--json", str(office / "u.json"), user="马丽")
        assert code == 1 and said in err
    (office / "u.json").write_text(json.dumps({"closed_on": "2026-01-05", "handling_result": "属实"}), encoding="utf-8")
    assert run(capsys, "update", number, "--json", str(office / "u.json"), user="马丽")[0] == 0
    (office / "u.json").write_text(json.dumps({"respondent": "乡政府"}, ensure_ascii=False), encoding="utf-8")
    code, _, err = run(capsys, "update", number, "--json", str(office / "u.json"), user="马丽")
    assert code == 1 and "被投诉对象：本记录已于2026-01-05办结（2025年已封账）：只能修改办理和办结情况" in err
    assert "重新打开2025年（fazhi year reopen 2025 --reason 原因）" in err and "编辑 →" not in err


def test_a_closed_years_refusal_names_the_command_that_reopens_it_not_the_menu(office, capsys):
    """`fazhi update` of a record of a closed year sent the command-line user to 编辑 → 年度封账…, a menu the
    command line has not got."""
    assert run(capsys, "submit", NUMBER)[0] == 0
    assert run(capsys, "year", "close", "2025", "--yes")[0] == 0
    (office / "u.json").write_text(json.dumps({"office_head_attendance": "部分"}, ensure_ascii=False), encoding="utf-8")
    code, _, err = run(capsys, "update", NUMBER, "--json", str(office / "u.json"))
    assert code == 1
    assert err.strip() == (f"错误：记录 {NUMBER}：2025年已封账，该年的记录不能新增、修改、删除或更改状态；"
                           "须由所长或管理员先重新打开2025年（fazhi year reopen 2025 --reason 原因）")


def test_reopening_a_year_never_closed_says_so_before_asking_for_a_reason(office, capsys):
    """`fazhi year reopen 2025` of a year never closed asked for a reason first, then said there was nothing to
    reopen."""
    code, _, err = run(capsys, "year", "reopen", "2025", "--reason", " ")
    assert code == 1 and err.strip() == "错误：2025年没有封账，无需重新打开"


def test_after_the_closing_people_add_refuses_a_leader_in_post_in_the_closed_year(office, capsys):
    """`fazhi people add` of a leader in post in 2025 turned 2025's T47 from 2 / 2 达标 into 2 / 3 未达标."""
    assert run(capsys, "submit", NUMBER)[0] == 0
    assert run(capsys, "year", "close", "2025", "--yes")[0] == 0
    # the 所长: a 录入员 adds no 主要负责同志 at all (tests/cli/test_cli_people.py)
    code, _, err = run(capsys, "people", "add", "--name", "王新", "--role", "主要负责同志", "--joined-on", "2025-03-01",
                       user="杨芳")
    assert code == 1
    assert err.startswith("错误：未加入名册（到任日期：2025年已封账：到任日期在2025年或之前，即2025年已在任")
    added = run(capsys, "people", "add", "--name", "王新", "--role", "主要负责同志", "--joined-on", "2026-01-05",
                user="杨芳")
    assert added[0] == 0


def test_an_excel_row_of_a_closed_year_names_the_command_that_reopens_it(office, capsys):
    """`fazhi add meeting --from rows.xlsx` with a row dated in closed 2025 printed …（编辑 → 年度封账…）."""
    import openpyxl

    assert run(capsys, "submit", NUMBER)[0] == 0
    assert run(capsys, "year", "close", "2025", "--yes")[0] == 0
    assert run(capsys, "template", "meeting", "-o", str(office / "t.xlsx"))[0] == 0
    book = openpyxl.load_workbook(office / "t.xlsx")
    sheet = book.worksheets[0]
    row = {"会议名称/届次": "补录的会议", "会议类型": "乡镇行政会议(政府常务会议)", "会议日期": "2025-12-20",
           "司法所所长列席情况": "全程"}
    sheet.append([row.get(cell.value) for cell in sheet[1]])
    book.save(office / "rows.xlsx")
    code, _, err = run(capsys, "add", "meeting", "--from", str(office / "rows.xlsx"), user="马丽")
    assert code == 1 and "会议日期：2025年已封账" in err
    assert "须由所长或管理员先重新打开2025年（fazhi year reopen 2025 --reason 原因）" in err and "编辑 →" not in err


def test_fazhi_check_names_the_command_that_reopens_the_closed_year_of_a_failing_record(office, capsys):
    """A record of closed 2025 an older version saved with a 开始时间 of 25:00: `fazhi check`'s way out sent the
    command-line user to 编辑 → 年度封账…."""
    from bundle_world import saved_by_an_older_version

    from fazhi_desktop.core.store import Store

    assert run(capsys, "submit", NUMBER)[0] == 0
    store = Store.open(office / "office.db")
    saved_by_an_older_version(store, store.find_by_number(NUMBER).id, start_time="25:00")
    store.close()
    assert run(capsys, "year", "close", "2025", "--yes")[0] == 0
    code, out, _ = run(capsys, "check")
    assert code == 1 and "开始时间：时间“25:00”无效" in out
    assert "须由所长或管理员先重新打开2025年（fazhi year reopen 2025 --reason 原因），再重新打开记录" in out
    assert "编辑 →" not in out


def test_a_check_still_being_rectified_stays_open_through_the_closing_for_its_january_recheck(office, capsys,
                                                                                            valid_record):
    """A December check whose 整改期限 fell in January (复查结果 整改中) was locked by the closing, which said nothing
    of it, and `fazhi update` of its January recheck was refused until the year was reopened."""
    check = valid_record("enforcement_check", checked_on="2025-12-18", rectify_by="2026-01-10",
                         recheck_result="整改中")
    (office / "c.json").write_text(json.dumps(check, ensure_ascii=False), encoding="utf-8")
    assert run(capsys, "add", "enforcement_check", "--json", str(office / "c.json"), user="马丽")[0] == 0
    number = "〔2025〕执监字第1号"
    assert run(capsys, "submit", number)[0] == 0
    assert run(capsys, "submit", NUMBER)[0] == 0
    code, out, _ = run(capsys, "year", "close", "2025", "--yes")
    assert code == 0 and out.splitlines()[-1] == "已封账：2025年（锁定 1 条记录）"
    held = out.split("办理中的 1 条不锁定，办结后仍可登记、审核和锁定：\n", 1)[1]
    assert held.startswith(f"  {number}  已提交  乡综合执法办")
    (office / "u.json").write_text(json.dumps({"rechecked_on": "2025-12-30", "recheck_result": "已整改"},
                                              ensure_ascii=False), encoding="utf-8")
    code, _, err = run(capsys, "update", number, "--json", str(office / "u.json"), user="马丽")
    assert code == 1 and "复查日期：2025年已封账，办结计入办结的年度：须为2026-01-01或以后" in err
    (office / "u.json").write_text(json.dumps({"rechecked_on": "2026-01-12", "recheck_result": "已整改"},
                                              ensure_ascii=False), encoding="utf-8")
    assert run(capsys, "update", number, "--json", str(office / "u.json"), user="马丽")[0] == 0


def test_closing_says_which_records_it_locks_the_head_never_reviewed_and_reopening_the_next_step(office, capsys,
                                                                                                 tmp_path):
    """The window says it, the command line said 将锁定 2 条尚未锁定的记录 with one never reviewed among them; the
    reopening says what follows it, in both."""
    (tmp_path / "m.json").write_text(json.dumps({**MEETING, "held_on": "2025-12-06"}, ensure_ascii=False))
    assert run(capsys, "add", "meeting", "--json", str(tmp_path / "m.json"), user="马丽")[0] == 0
    assert run(capsys, "submit", NUMBER)[0] == 0 and run(capsys, "submit", "〔2025〕会记字第2号")[0] == 0
    assert run(capsys, "review", NUMBER)[0] == 0
    code, out, _ = run(capsys, "year", "close", "2025", "--yes")
    assert code == 0 and "将锁定 2 条尚未锁定的记录（其中 1 条已提交、所长尚未审核）：" in out
    code, out, _ = run(capsys, "year", "reopen", "2025", "--reason", "会议记录有误需更正")
    assert code == 0 and out.strip() == ("已重新打开2025年：该年的记录可以由所长逐条重新打开后修改，更正后请再次封账；"
                                         "原因已记入年度封账日志，随下一个数据包报送县里")


def concluded_ten_years_ago(office) -> int:
    """A mediation case concluded ten years before this year, kept 10年 (its period ends this December); the year."""
    from fazhi_desktop.core import accounts
    from fazhi_desktop.core.clock import office_date, system_clock
    from fazhi_desktop.core.store import Store

    year = office_date(system_clock()).year
    store = Store.open(office / "office.db")
    accounts.login(store, "杨芳", PASSWORD)
    day = f"{year - 10}-05-10"
    store.save("mediation_case", {"case_category": "人民调解", "case_name": "马某与李某宅基地纠纷", "accepted_on": day,
                                  "dispute_type": "房屋宅基地纠纷", "mediated_on": day, "result": "调解成功",
                                  "agreement_form": "口头", "agreement_content": "双方和解", "closed_on": day,
                                  "parties": [{"role": "申请人", "party_type": "自然人", "name": "马某"}],
                                  "retention_period": "10年"}, "")
    store.close()
    return year


def test_year_list_names_the_mediation_files_whose_keeping_period_ends_this_year(office, capsys):
    year = concluded_ten_years_ago(office)
    assert run(capsys, "submit", NUMBER)[0] == 0
    assert run(capsys, "year", "close", "2025", "--yes")[0] == 0
    code, out, _ = run(capsys, "year", "list")
    assert code == 0 and (f"{year - 10}年结案、保管期限10年的调解案件 1 件，到{year}年12月31日届满。"
                          "本程序不删除记录") in out


def test_year_list_names_them_in_an_office_that_never_closed_a_year(office, capsys):
    """An office that has not used 年度封账 was told only 尚无封账的年度: the keeping periods were said under the
    table of closings alone."""
    year = concluded_ten_years_ago(office)
    code, out, _ = run(capsys, "year", "list")
    assert code == 0 and out.startswith("尚无封账的年度\n")
    assert f"{year - 10}年结案、保管期限10年的调解案件 1 件，到{year}年12月31日届满。本程序不删除记录" in out
