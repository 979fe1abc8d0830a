"""The `fazhi` command as a user runs it: exit codes, Chinese messages naming the field, nothing saved on error."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from fazhi_desktop.cli import main
from fazhi_desktop.core.store import ListQuery, Store

MEETING = {
    "title": "2026年法治政府建设专题研究部署会议",
    "meeting_type": "专题研究部署法治政府建设会议",
    "held_on": "2026年3月5日",
    "office_head_attendance": "全程",
    "attendees": "马文、杨芳、李建国",
}


def run(capsys, *args: str, stdin: str | None = None, monkeypatch=None) -> tuple[int, str, str]:
    if stdin is not None:
        import io

        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_init_names_the_township_and_refuses_to_overwrite(db, capsys):
    code, _, err = run(capsys, "init", "--township", "640522100")
    assert code == 1
    assert "已经初始化" in err


def test_init_rejects_an_unknown_township_code(tmp_path, capsys):
    code, _, err = run(capsys, "--db", str(tmp_path / "x.db"), "init", "--township", "640522999")
    assert code == 1
    assert "640522999" in err and "不在乡镇名单中" in err


def test_county_database_uses_the_six_digit_code(tmp_path, capsys):
    code, out, _ = run(capsys, "--db", str(tmp_path / "county.db"), "init", "--township", "640522", "--county")
    assert code == 0
    assert "县级汇总" in out and "单位：海原县司法局（海原县，代码 640522）" in out  # the county justice bureau


def test_demo_lists_the_ledgers_in_the_notices_order(db, capsys):
    code, out, _ = run(capsys, "demo", "--per-ledger", "2")
    assert code == 0 and "已填入" in out
    listed = [line.strip().split("：")[0] for line in out.splitlines() if line.startswith("  ")]
    assert listed == ["会议", "学法活动", "行政执法监督检查", "投诉举报", "调解案件"]


def test_add_prints_the_id_and_stores_the_date_in_iso(db, capsys, monkeypatch):
    code, out, err = run(capsys, "add", "meeting", "--json", "-", stdin=json.dumps(MEETING), monkeypatch=monkeypatch)
    assert code == 0
    record_id = out.strip()
    assert "〔2026〕会记字第1号" in err
    store = Store.open(db)
    record = store.get(record_id)
    assert record["held_on"] == "2026-03-05"
    assert record["attendees"] == ["马文", "杨芳", "李建国"]
    assert record.created_by == "马文"


def test_bad_input_names_each_field_and_saves_nothing(db, capsys, monkeypatch):
    bad = {**MEETING, "held_on": "2026-02-30", "meeting_type": "茶话会", "colour": "红"}
    code, out, err = run(capsys, "add", "meeting", "--json", "-", stdin=json.dumps(bad), monkeypatch=monkeypatch)
    assert code == 1
    assert out == ""
    assert "会议日期" in err and "2月只有28天" in err
    assert "会议类型" in err and "茶话会" in err
    assert "colour" in err
    assert "Traceback" not in err
    assert Store.open(db).count("meeting") == 0


@pytest.mark.parametrize("held_on", ["9999-12-31", "0026-01-05", "2101-01-01"])
def test_a_date_outside_the_programs_years_is_refused_naming_the_field(db, capsys, monkeypatch, held_on):
    """9999-12-31 was saved as 〔9999〕会记字第1号, a register no year box could print."""
    meeting = {**MEETING, "held_on": held_on}
    code, out, err = run(capsys, "add", "meeting", "--json", "-", stdin=json.dumps(meeting), monkeypatch=monkeypatch)
    assert (code, out) == (1, "")
    assert f"会议日期：年份应在 2000–2100 之间，收到 {int(held_on[:4])}" in err
    assert Store.open(db).count("meeting") == 0


def test_a_moment_with_an_offset_is_dated_by_the_day_it_was_in_beijing(db, capsys, monkeypatch, beijing_time):
    """2026-12-31T23:30:00Z kept the UTC day and was numbered 〔2026〕; in Beijing it was 07:30 on 1 January 2027."""
    meeting = {**MEETING, "held_on": "2026-12-31T23:30:00Z"}
    code, out, err = run(capsys, "add", "meeting", "--json", "-", stdin=json.dumps(meeting), monkeypatch=monkeypatch)
    assert code == 0 and "〔2027〕会记字第1号" in err
    assert Store.open(db).get(out.strip())["held_on"] == "2027-01-01"


def test_malformed_json_file_is_named(db, tmp_path, capsys):
    broken = tmp_path / "broken.json"
    broken.write_text('{"title": "会议",', encoding="utf-8")
    code, _, err = run(capsys, "add", "meeting", "--json", str(broken))
    assert code == 1
    assert "broken.json" in err and "不是有效的 JSON" in err


def test_unknown_ledger_is_a_clear_error(db, capsys, monkeypatch):
    code, _, err = run(capsys, "add", "meetings", "--json", "-", stdin="{}", monkeypatch=monkeypatch)
    assert code == 1
    assert "meetings" in err and "meeting" in err


def test_bad_usage_exits_2_and_says_what_is_missing_in_chinese(db, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["list"])
    assert exc.value.code == 2
    assert "fazhi list：错误：缺少必需的参数：ledger" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["list", "meeting", "--year", "二〇二六"])
    assert "参数 --year：应为整数，收到“二〇二六”" in capsys.readouterr().err


def test_help_is_in_chinese(capsys):
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("用法：fazhi export") and "显示本帮助并退出" in out and "options" not in out


def test_version_is_the_packages(capsys):
    """`fazhi --version` did not exist: the county asked which version a township runs."""
    import tomllib
    from pathlib import Path

    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text(encoding="utf-8"))
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"法治台账 fazhi-desktop {pyproject['project']['version']}\n"


def test_update_by_number_bumps_the_revision_and_keeps_other_fields(db, capsys, monkeypatch):
    _, out, _ = run(capsys, "add", "meeting", "--json", "-", stdin=json.dumps(MEETING), monkeypatch=monkeypatch)
    record_id = out.strip()
    code, _, err = run(capsys, "update", "〔2026〕会记字第1号", "--json", "-", stdin='{"location": "三楼会议室"}',
                       monkeypatch=monkeypatch)
    assert code == 0
    assert "第 2 版" in err
    record = Store.open(db).get(record_id)
    assert record["location"] == "三楼会议室"
    assert record["title"] == MEETING["title"]


def test_update_with_a_label_as_key_says_it_once(db, capsys, monkeypatch):
    """The label for a key, the field it names emptied beside it: 会议名称/届次：“会议”台账没有这个字段 and
    会议名称/届次：必填."""
    run(capsys, "add", "meeting", "--json", "-", stdin=json.dumps(MEETING), monkeypatch=monkeypatch)
    code, _, err = run(capsys, "update", "〔2026〕会记字第1号", "--json", "-",
                       stdin='{"title": null, "会议名称/届次": "x"}', monkeypatch=monkeypatch)
    assert code == 1
    assert err.endswith("请改正以下字段：\n"
                        "  - 会议名称/届次：不是字段名（“会议名称/届次”的字段名是 title，见 fazhi ledgers）\n")


def test_update_with_a_stale_revision_is_refused(db, capsys, monkeypatch):
    _, out, _ = run(capsys, "add", "meeting", "--json", "-", stdin=json.dumps(MEETING), monkeypatch=monkeypatch)
    record_id = out.strip()
    run(capsys, "update", record_id, "--json", "-", stdin='{"location": "一楼"}', monkeypatch=monkeypatch)
    code, _, err = run(capsys, "update", record_id, "--revision", "1", "--json", "-", stdin='{"location": "二楼"}',
                       monkeypatch=monkeypatch)
    assert code == 1
    assert "已被他人修改" in err
    assert Store.open(db).get(record_id)["location"] == "一楼"


def test_list_search_finds_a_two_character_name(db, capsys, monkeypatch):
    run(capsys, "add", "meeting", "--json", "-", stdin=json.dumps(MEETING), monkeypatch=monkeypatch)
    other = {**MEETING, "title": "乡镇行政会议", "meeting_type": "乡镇行政会议(政府常务会议)", "attendees": "田野"}
    run(capsys, "add", "meeting", "--json", "-", stdin=json.dumps(other), monkeypatch=monkeypatch)
    code, out, _ = run(capsys, "list", "meeting", "--search", "杨芳")
    assert code == 0
    assert "〔2026〕会记字第1号" in out and "会记字第2号" not in out
    assert "共 1 条" in out
    _, out, _ = run(capsys, "list", "meeting", "--search", "田")
    assert "会记字第2号" in out and "会记字第1号" not in out


def test_list_by_status_as_the_program_names_it(db, capsys, monkeypatch):
    run(capsys, "add", "meeting", "--json", "-", stdin=json.dumps(MEETING), monkeypatch=monkeypatch)
    for status in ("草稿", "draft"):
        code, out, _ = run(capsys, "list", "meeting", "--status", status)
        assert code == 0 and out.splitlines()[-1] == "共 1 条"
    _, out, _ = run(capsys, "list", "meeting", "--status", "已提交")
    assert out.splitlines()[-1] == "共 0 条"
    with pytest.raises(SystemExit):
        main(["--db", str(db), "list", "meeting", "--status", "完成"])
    assert "没有“完成”这一状态（可选：草稿、已提交、所长已审核、已锁定、退回待改、逾期）" in capsys.readouterr().err


def test_list_formats_json_and_csv(db, capsys, monkeypatch):
    run(capsys, "add", "meeting", "--json", "-", stdin=json.dumps(MEETING), monkeypatch=monkeypatch)
    _, out, _ = run(capsys, "list", "meeting", "--format", "json")
    rows = json.loads(out)
    assert rows[0]["number"] == "〔2026〕会记字第1号"
    _, out, _ = run(capsys, "list", "meeting", "--format", "csv", "--year", "2026")
    header, line = out.splitlines()[:2]
    assert header.startswith("编号,状态,会议名称/届次")
    assert "马文、杨芳、李建国" in line


def test_show_masks_id_numbers_unless_revealed(db, capsys, monkeypatch):
    case = {
        "case_category": "人民调解", "case_name": "马某与杨某宅基地纠纷", "accepted_on": "2026-04-01",
        "dispute_type": "房屋宅基地纠纷",
        "parties": [{"role": "申请人", "party_type": "自然人", "name": "马文", "id_number": "11010519491231002x",
                     "birth_date": "1949-12-31"}],
    }
    _, out, err = run(capsys, "add", "mediation_case", "--json", "-", stdin=json.dumps(case), monkeypatch=monkeypatch)
    record_id = out.strip()
    assert "〔2026〕人调字第1号" in err
    _, out, _ = run(capsys, "show", record_id)
    assert "110105********002X" in out
    assert "11010519491231002X" not in out
    # the birth date beside it gave the eight digits the mask hides (19491231)
    assert "1949-**-**" in out and "1231" not in out
    _, out, _ = run(capsys, "show", record_id, "--reveal", "--format", "json")
    party = json.loads(out)["values"]["parties"][0]
    assert (party["id_number"], party["birth_date"]) == ("11010519491231002X", "1949-12-31")


def test_delete_hides_the_record_and_check_still_passes(db, capsys, monkeypatch):
    _, out, _ = run(capsys, "add", "meeting", "--json", "-", stdin=json.dumps(MEETING), monkeypatch=monkeypatch)
    record_id = out.strip()
    code, out, _ = run(capsys, "delete", record_id)
    assert code == 0 and "已删除" in out
    assert Store.open(db).list(ListQuery("meeting")) == []
    code, _, err = run(capsys, "delete", record_id)  # twice: what is gone is said so, as the window says it
    assert code == 1 and "找不到" in err and "Traceback" not in err
    code, out, _ = run(capsys, "check")
    assert code == 0 and "全部一致" in out


def test_deleting_a_study_a_meeting_links_to_names_the_meeting(db, capsys, monkeypatch):
    study = {"activity_type": "会前学法", "topic": "学习宪法", "held_on": "2026-03-05"}
    _, out, _ = run(capsys, "add", "law_study", "--json", "-", stdin=json.dumps(study), monkeypatch=monkeypatch)
    study_id = out.strip()
    meeting = {**MEETING, "pre_meeting_study": study_id}
    run(capsys, "add", "meeting", "--json", "-", stdin=json.dumps(meeting), monkeypatch=monkeypatch)
    code, out, err = run(capsys, "delete", study_id)
    assert code == 0 and "已删除：学法活动 〔2026〕学法字第1号" in out
    assert "注意：〔2026〕会记字第1号的“会前学法”链接此记录" in err and "所链接的〔2026〕学法字第1号已删除" in err


def test_a_number_typed_with_round_brackets_names_the_record_without_calling_it_renumbered(db, capsys, monkeypatch):
    """Domain fields: 〔〕 is on no keyboard; （2026）会记字第1号 as typed is the record, not one renumbered since."""
    run(capsys, "add", "meeting", "--json", "-", stdin=json.dumps(MEETING), monkeypatch=monkeypatch)
    code, out, err = run(capsys, "show", "（2026）会记字第01号")
    assert code == 0 and "〔2026〕会记字第1号" in out
    assert "已改为" not in err


def test_a_number_typed_in_traditional_characters_without_brackets_names_the_record(db, capsys, monkeypatch):
    """`fazhi show 2026會記字第1號` said 找不到记录 (taken for an id: no 〔 before it, 號 not 号), though the search box
    and the changelog read it as 〔2026〕会记字第1号."""
    run(capsys, "add", "meeting", "--json", "-", stdin=json.dumps(MEETING), monkeypatch=monkeypatch)
    for typed in ("2026會記字第1號", "2026会记字1号"):
        code, out, err = run(capsys, "show", typed)
        assert code == 0 and "〔2026〕会记字第1号" in out, err
        assert "已改为" not in err
        code, out, err = run(capsys, "history", typed)
        assert code == 0 and "新建" in out, err


def test_check_finds_a_record_changed_behind_the_programs_back(db, capsys, monkeypatch):
    _, out, _ = run(capsys, "add", "meeting", "--json", "-", stdin=json.dumps(MEETING), monkeypatch=monkeypatch)
    store = Store.open(db)
    store.db.conn.execute("UPDATE meeting SET title = '被篡改的会议'")
    store.close()
    code, out, _ = run(capsys, "check")
    assert code == 1
    assert "内容与其摘要不符" in out


def test_check_reports_the_first_broken_link_of_the_chain(db, capsys, monkeypatch):
    for i in range(3):
        run(capsys, "add", "meeting", "--json", "-", stdin=json.dumps({**MEETING, "title": f"会议{i}"}),
            monkeypatch=monkeypatch)
    store = Store.open(db)
    store.db.conn.execute("UPDATE changes SET actor = '别人' WHERE seq = 2")
    store.close()
    code, out, _ = run(capsys, "check")
    assert code == 1
    assert "变更日志第 2 条" in out


def test_check_lists_each_attachment_whose_file_is_missing(db, capsys, tmp_path):
    """A scan moved out of the attachments folder: `fazhi check` said 全部一致 and the export then stopped."""
    from fazhi_desktop.core.attachments import add_attachment, blob_path

    store = Store.open(db)
    (tmp_path / "协议扫描件.pdf").write_bytes(b"scan")
    (tmp_path / "签到表.jpg").write_bytes(b"sign-in sheet")
    entry, kept = (add_attachment(store, tmp_path / name) for name in ("协议扫描件.pdf", "签到表.jpg"))
    record = store.save("meeting", {**MEETING, "attachments": [entry, kept]}, "杨芳")
    gone = store.save("meeting", {**MEETING, "title": "已删除的会议", "attachments": [entry]}, "杨芳")
    store.delete(gone.id, "杨芳")
    blob_path(store, entry["sha256"]).unlink()
    store.close()
    code, out, _ = run(capsys, "check")
    assert code == 1 and "发现 1 处问题" in out
    assert f"会议 {record.number} 的附件“协议扫描件.pdf”：文件不见了" in out
    assert f"会议 {gone.number}（已删除的记录） 的附件“协议扫描件.pdf”" in out and "签到表" not in out
    live, deleted = (line for line in out.splitlines() if "文件不见了" in line)
    assert live.endswith("请打开记录，在附件中删去它，再从原文件重新添加并保存")
    # a deleted record's files are not sent: its line is a note, saying so, after the problems
    assert out.index("另有 1 处说明（无须处理）") < out.index(deleted)
    assert "已删除的记录的附件不随数据包报送县里，不影响导出" in deleted and "请打开记录" not in deleted


def test_check_notes_a_deleted_records_missing_file_and_passes(db, capsys, tmp_path):
    """A deleted record's scan gone for good: `fazhi check` failed for ever (the record cannot be changed, the
    original was gone), though the export no longer needs the file."""
    from fazhi_desktop.core.attachments import add_attachment, blob_path

    store = Store.open(db)
    (tmp_path / "签到表.jpg").write_bytes(b"sign-in sheet")
    entry = add_attachment(store, tmp_path / "签到表.jpg")
    gone = store.save("meeting", {**MEETING, "attachments": [entry]}, "杨芳")
    store.delete(gone.id, "杨芳")
    blob_path(store, entry["sha256"]).unlink()
    store.close()
    code, out, _ = run(capsys, "check")
    assert code == 0 and "结论：全部一致\n另有 1 处说明（无须处理）：" in out
    assert f"会议 {gone.number}（已删除的记录） 的附件“签到表.jpg”：文件不见了" in out and "不影响导出" in out


def test_people_add_and_list(db, capsys):
    code, out, err = run(capsys, "people", "add", "--name", "马文", "--title", "司法所所长", "--role", "司法所所长")
    assert code == 0 and "马文" in err
    code, out, err = run(capsys, "people", "add", "--name", "杨芳", "--role", "执法人员")  # no certificate yet (T29)
    assert code == 0 and "杨芳" in err
    _, out, _ = run(capsys, "people", "list")
    line = next(line for line in out.splitlines() if "杨芳" in line)
    assert "马文" in out and "未持证" in line and "共 2 人" in out
    run(capsys, "people", "add", "--name", "李强", "--title", "副镇长", "--phone", "13995012345")
    _, out, _ = run(capsys, "people", "list", "--format", "json")
    assert {p["name"]: p["phone"] for p in json.loads(out)}["李强"] == "139****2345"  # masked as on screen


def test_ledgers_lists_fields_with_types(capsys):
    code, out, _ = run(capsys, "ledgers", "--format", "json")
    assert code == 0
    ledgers = {item["name"]: item for item in json.loads(out)}
    assert set(ledgers) == {"meeting", "law_study", "enforcement_check", "complaint", "mediation_case"}
    parties = next(f for f in ledgers["mediation_case"]["fields"] if f["name"] == "parties")
    assert any(sub["type"] == "idcard" for sub in parties["fields"])


def test_ledgers_lists_remarks_where_a_label_key_is_sent_to_look(capsys):
    """`fazhi add --json '{"备注": …}'` says “备注”的字段名是 remarks，见 fazhi ledgers, and no ledger listed it."""
    _, out, _ = run(capsys, "ledgers")
    for block in out.strip().split("\n\n"):
        assert re.search(r"^  remarks +备注 +longtext *$", block, re.M), block
    _, out, _ = run(capsys, "ledgers", "--format", "json")
    for ledger in json.loads(out):
        assert {"name": "remarks", "label": "备注", "type": "longtext", "required": False} in ledger["fields"]


def test_missing_database_says_how_to_create_one(tmp_path, capsys):
    code, _, err = run(capsys, "--db", str(tmp_path / "none.db"), "list", "meeting")
    assert code == 1
    assert "fazhi init" in err


def test_console_script_runs_without_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "fazhi_desktop", "--db", str(tmp_path / "none.db"), "list", "meeting"],
        capture_output=True, text=True, encoding="utf-8",
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "数据库文件不存在" in result.stderr


def test_the_desktop_program_answers_a_wrong_option_in_chinese(capsys):
    from fazhi_desktop.qt.app import parse_args

    with pytest.raises(SystemExit):
        parse_args(["--datenbank", "x.db"])
    assert "fazhi-desktop：错误：无法识别的参数：--datenbank x.db" in capsys.readouterr().err


# -- text from Windows programs: UTF-8 through a cp936 console, and GBK ("ANSI") files ----------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_a_record_piped_in_utf8_or_gbk_is_read_as_written_whatever_the_consoles_code_page(db, capsys, monkeypatch,
                                                                                        encoding):
    """On Chinese Windows the console's code page is cp936: a UTF-8 file piped in (`type rec.json | fazhi add`)
    would turn 马文 into mojibake if read through it."""
    import io

    piped = io.TextIOWrapper(io.BytesIO(json.dumps(MEETING, ensure_ascii=False).encode(encoding)), encoding="cp936")
    monkeypatch.setattr(sys, "stdin", piped)
    assert main(["add", "meeting", "--json", "-"]) == 0
    record_id = capsys.readouterr().out.strip()
    code, out, _ = run(capsys, "show", record_id, "--format", "json")
    assert code == 0 and json.loads(out)["values"]["attendees"] == ["马文", "杨芳", "李建国"]


def test_a_gbk_json_file_is_read_and_a_binary_one_is_refused_in_chinese(db, capsys, tmp_path):
    saved_as_ansi = tmp_path / "记录.json"
    saved_as_ansi.write_bytes(json.dumps(MEETING, ensure_ascii=False).encode("gbk"))
    code, _, _ = run(capsys, "add", "meeting", "--json", str(saved_as_ansi))
    assert code == 0
    binary = tmp_path / "照片.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x80\xff")
    code, _, err = run(capsys, "add", "meeting", "--json", str(binary))
    assert code == 1 and "照片.jpg 不是 UTF-8 或 GBK 编码的文字" in err and "Traceback" not in err


def test_list_writes_a_csv_file_excel_opens_and_prints_plain_lines(db, capsys, monkeypatch, tmp_path):
    run(capsys, "add", "meeting", "--json", "-", stdin=json.dumps(MEETING), monkeypatch=monkeypatch)
    _, out, _ = run(capsys, "list", "meeting", "--format", "csv")
    assert "\r" not in out  # Windows' console adds the CR; csv's own would make CR CR LF, a blank row in Excel
    code, out, _ = run(capsys, "list", "meeting", "--format", "csv", "-o", str(tmp_path / "会议.csv"))
    assert code == 0 and "已写入" in out and "会议 1 条" in out
    data = (tmp_path / "会议.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # without it Excel on a Chinese PC reads GBK
    assert data.count(b"\r\n") == 2 and b"\r\r" not in data
    assert data.decode("utf-8-sig").splitlines()[0].startswith("编号,状态,会议名称/届次")
    code, _, err = run(capsys, "list", "meeting", "-o", str(tmp_path / "x.txt"))
    assert code == 2 and "文件名须以 .xlsx（Excel 工作簿）或 .csv 结尾" in err
    # an .xlsx is a workbook, also with --format csv (it wrote CSV text under the .xlsx name, which Excel refuses)
    for extra in ([], ["--format", "csv"]):
        code, out, _ = run(capsys, "list", "meeting", *extra, "-o", str(tmp_path / "会议.xlsx"))
        assert code == 0 and "会议 1 条" in out
        from openpyxl import load_workbook

        sheet = load_workbook(tmp_path / "会议.xlsx").active
        assert sheet.title == "会议" and sheet["A1"].value == "编号" and sheet["A2"].value == "〔2026〕会记字第1号"
