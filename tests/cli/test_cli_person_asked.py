"""`fazhi person find|extract` asks for 姓名, 身份证号 and 电话 when their options are written without a value: a full
ID number typed as an argument stays in the shell's history (PowerShell's and bash's history files), which anyone
using the office's PC can scroll back to, and in the process list while the command runs."""

from __future__ import annotations

import builtins
import io
import sys

import pytest
from person_records import HIS_ID, add_his_records

from fazhi_desktop.cli import main
from fazhi_desktop.core import accounts
from fazhi_desktop.core.store import Store

PASSWORD = "demo2026"
REASON = "当事人本人申请查阅、复制"
HINT = "提示：写在命令中的身份证号会留在命令历史中"


@pytest.fixture
def office(tmp_path, monkeypatch, capsys):
    """The demonstration accounts (admin, 杨芳 所长, 马丽 录入员) and 马建国's records."""
    path = tmp_path / "office.db"
    monkeypatch.setenv("FAZHI_DB", str(path))
    assert main(["init", "--township", "640522100", "--operator", "马文"]) == 0
    assert main(["demo", "--per-ledger", "0"]) == 0
    store = Store.open(path)
    accounts.login(store, "马丽", PASSWORD)
    add_his_records(store)
    store.close()
    monkeypatch.setenv("FAZHI_PASSWORD", PASSWORD)
    capsys.readouterr()
    return path


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def find(capsys, *args: str):
    code = main(["--user", "杨芳", "person", "find", *args, "--reason", REASON])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_id_number_is_asked_at_the_terminal_not_written_in_the_command(office, capsys, monkeypatch):
    prompts = []
    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr(builtins, "input", lambda prompt="": prompts.append(prompt) or HIS_ID)
    code, out, err = find(capsys, "--name", "马建国", "--id-number")
    assert code == 0, err
    assert prompts == ["身份证号："]
    assert "记有此人的记录（按姓名、身份证号查找）" in out and "〔2026〕人调字第1号" in out
    assert HINT not in err


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
