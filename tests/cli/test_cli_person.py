"""`fazhi person find|extract`: a 所长 answers a villager's request from the command line; a 录入员 is refused."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from person_records import HIS_ID, OTHERS, add_his_records

from fazhi_desktop.cli import main
from fazhi_desktop.core import accounts
from fazhi_desktop.core.store import Store

PASSWORD = "demo2026"
REASON = "当事人本人申请查阅、复制"


@pytest.fixture
def office(tmp_path, monkeypatch, capsys):
    """The demonstration accounts (admin, 杨芳 所长, 马丽 录入员) and 马建国's five records."""
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
    assert f"已记入完整证件号查看日志：查找当事人（{REASON}）" in err


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
