"""`fazhi person find|extract`: a 所长 answers a villager's request from the command line; a 录入员 is refused."""

from __future__ import annotations

import builtins
import io
import json
import shutil
import subprocess
import sys

import pytest
from person_records import HIS_ID, OTHERS, add_his_records

from fazhi_desktop.cli import main
from fazhi_desktop.core import accounts
from fazhi_desktop.core.store import Store

PASSWORD = "demo2026"
REASON = "当事人本人申请查阅、复制"
HINT = "提示：写在命令中的身份证号会留在命令历史中"


@pytest.fixture
def office(demo_db, monkeypatch, capsys):
    """The demonstration accounts (admin, 杨芳 所长, 马丽 录入员) and 马建国's five records."""
    path = demo_db
    store = Store.open(path)
    accounts.login(store, "马丽", PASSWORD)
    add_his_records(store)
    store.close()
    monkeypatch.setenv("FAZHI_PASSWORD", PASSWORD)
    capsys.readouterr()
    return path


def run(capsys, user: str, *args: str):
    code = main(["--user", user, "person", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_find_lists_every_record_naming_him_across_ledgers(office, capsys):
    code, out, err = run(capsys, "杨芳", "find", "--name", "马建国", "--id-number", HIS_ID, "--reason", REASON)
    assert code == 0, err
    for number in ("〔2026〕投诉字第1号", "〔2026〕投诉字第2号", "〔2026〕人调字第1号", "〔2026〕人调字第2号"):
        assert number in out
    assert "共 4 处，4 条记录" in out and "身份证号与所填不同（请核对是否同一人）" in out
    mentioned = out.split("文字中提到", 1)[1]
    assert "〔2026〕人调字第3号" in mentioned and "纠纷简要情况" in mentioned
    assert HIS_ID not in out  # the list shows where, not the values
    assert f"已记入完整证件号查看日志：查找当事人（{REASON}），4 条记录" in err


def test_a_search_that_finds_nothing_says_it_noted_nothing(office, capsys):
    code, out, err = run(capsys, "杨芳", "find", "--name", "马小平", "--reason", REASON)
    assert code == 0 and "共 0 处，0 条记录" in out
    assert "没有找到记有此人的记录，未记入完整证件号查看日志" in err and "已记入" not in err
    store = Store.open(office)
    try:
        assert store.query("SELECT count(*) AS n FROM reveal_log")[0]["n"] == 0
    finally:
        store.close()


def test_a_clerk_is_refused(office, capsys):
    code, out, err = run(capsys, "马丽", "find", "--name", "马建国", "--reason", REASON)
    assert code == 1 and out == ""
    assert "错误：录入员无权显示完整的身份证号和电话（需要所长或管理员）" in err


def test_extract_writes_his_data_alone_and_the_log_keeps_the_reason(office, capsys, tmp_path):
    path = tmp_path / "ma.pdf"
    code, out, err = run(capsys, "杨芳", "extract", "--name", "马建国", "--id-number", HIS_ID, "--reason", REASON,
                         "--leave-out", "〔2026〕投诉字第1号", "-o", str(path))
    assert code == 0, err
    assert f"已生成个人信息摘录：{path}" in out and "3 条记录" in out
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is installed by .ci/setup")
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert HIS_ID in text and not [other for other in OTHERS if other in text]
    assert "〔2026〕投诉字第1号" not in text
    code, out, err = main(["--user", "admin", "accounts", "log", "--reveals"]), *capsys.readouterr()
    assert code == 0 and f"个人信息摘录（{REASON}）" in out and HIS_ID not in out
    code, _, err = run(capsys, "杨芳", "extract", "--name", "马建国", "--reason", REASON, "--leave-out", "第9号",
                       "-o", str(path))
    assert code == 1 and "“第9号”不在查找到的记录中" in err


# A full ID number typed as an argument stays in the shell's history (PowerShell's and bash's history files),
# which anyone using the office's PC can scroll back to: written without a value, the options ask for it.

class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def find(capsys, *args: str):
    code = main(["--user", "杨芳", "person", "find", *args, "--reason", REASON])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_id_number_is_asked_at_the_terminal_not_written_in_the_command(office, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr(builtins, "input", lambda prompt="": HIS_ID)
    code, out, err = find(capsys, "--name", "马建国", "--id-number")
    assert code == 0, err
    assert err.startswith("身份证号：")
    assert "记有此人的记录（按姓名、身份证号查找）" in out and "〔2026〕人调字第1号" in out
    assert HINT not in err


def test_the_prompt_is_not_written_into_the_file_the_output_goes_to(office, capsys, monkeypatch):
    # `fazhi person find --id-number --format json > hits.json`: the prompt went into the file, the terminal showed
    # none, and the file was no JSON
    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr(builtins, "input", lambda prompt="": prompt + HIS_ID)
    code, out, err = find(capsys, "--name", "马建国", "--id-number", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["hits"] and "身份证号：" in err


def test_ctrl_d_at_the_prompt_cancels_without_a_traceback(office, capsys, monkeypatch):
    def end_of_input(prompt=""):
        raise EOFError

    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr(builtins, "input", end_of_input)
    code, out, err = find(capsys, "--name", "马建国", "--id-number")
    assert code == 130 and out == "" and "已取消" in err


def piped(data: bytes) -> io.TextIOWrapper:
    """Standard input from a pipe as Python opens it on a Chinese Windows: in the console's code page."""
    return io.TextIOWrapper(io.BytesIO(data), encoding="gb18030")


def test_a_name_piped_in_utf8_is_read_as_utf8_not_in_the_code_page(office, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", piped("\ufeff马建国\n".encode()))  # PowerShell's UTF-8 begins with a BOM
    code, out, err = find(capsys, "--name")
    assert code == 0, err
    assert "〔2026〕人调字第1号" in out


def test_a_name_a_powershell_pipe_made_question_marks_is_refused_not_looked_for(office, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", piped(b"???\r\n"))
    code, out, err = find(capsys, "--name")
    assert code == 1 and out == ""
    assert "标准输入中的姓名是“???”：中文变成了问号" in err and "请在终端中运行，按提示输入姓名" in err


def test_a_script_gives_them_on_standard_input_one_a_line(office, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"马建国\n{HIS_ID}\n"))
    code, out, err = find(capsys, "--name", "--id-number")
    assert code == 0, err
    assert "记有此人的记录（按姓名、身份证号查找）" in out and "〔2026〕人调字第1号" in out
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, out, err = find(capsys, "--id-number")
    assert code == 2 and out == ""
    assert "--id-number 没有写身份证号，标准输入中也没有" in err


def test_a_number_written_in_the_command_still_works_and_says_where_it_stays(office, capsys):
    code, out, err = find(capsys, "--name", "马建国", "--id-number", HIS_ID)
    assert code == 0, err
    assert "〔2026〕人调字第1号" in out
    assert f"{HINT}（PowerShell、bash 的历史文件）" in err and "以后只写 --id-number，不带号码，程序会提示输入" in err
    code, out, err = find(capsys, "--name", "马建国")
    assert code == 0 and "命令历史" not in err  # a name alone: no hint
