# ruff: noqa: F811  (pytest fixtures imported from tests/cli/test_cli_accounts.py)
"""Why a number was shown and why a record was corrected: `fazhi show --reveal --reason`, `fazhi update --reason`.

马建国 asked for his own data: 杨芳 showed his case with `show --reveal`, and the 管理员's log read like any other
reveal (no purpose, no party); she corrected his mistyped ID number with `update`, and its history said a bare 修改."""

from __future__ import annotations

import json

from test_cli_accounts import office, step  # noqa: F401  (office: a fixture)

CASE = {"case_category": "人民调解", "case_name": "马建国与李秀兰宅基地纠纷", "accepted_on": "2026-04-01",
        "dispute_type": "房屋宅基地纠纷",
        "parties": [{"role": "申请人", "party_type": "自然人", "name": "马建国", "id_number": "640522198603120310"},
                    {"role": "被申请人", "party_type": "自然人", "name": "李秀兰", "id_number": "640522197507230427",
                     "phone": "15809553388"}]}
NUMBER = "〔2026〕人调字第1号"


def add_case(tmp_path, capsys, monkeypatch) -> None:
    (tmp_path / "case.json").write_text(json.dumps(CASE, ensure_ascii=False), encoding="utf-8")
    assert step(capsys, monkeypatch, "马丽", "add", "mediation_case", "--json", str(tmp_path / "case.json"))[0] == 0


def test_show_reveal_notes_the_reason_given_and_which_rows_were_shown(office, tmp_path, capsys, monkeypatch):
    add_case(tmp_path, capsys, monkeypatch)
    code, out, _ = step(capsys, monkeypatch, "杨芳", "show", NUMBER, "--reveal", "--reason", "当事人本人查询")
    assert code == 0 and "640522198603120310" in out
    code, out, _ = step(capsys, monkeypatch, "admin", "accounts", "log", "--reveals")
    assert code == 0 and "用途" in out and "当事人本人查询" in out
    # by row and role, never a value (the table cuts the long cell short)
    assert "当事人1（申请人）：出生日期、身份证号；当事人2（被申请人）：" in out
    assert "640522198603120310" not in out and "15809553388" not in out and "李秀兰" not in out


def test_a_reason_without_reveal_or_too_long_is_refused_before_anything_is_shown(office, tmp_path, capsys,
                                                                                monkeypatch):
    add_case(tmp_path, capsys, monkeypatch)
    code, out, err = step(capsys, monkeypatch, "杨芳", "show", NUMBER, "--reason", "当事人本人查询")
    assert code != 0 and "--reason 是显示完整证件号的用途，须与 --reveal 同用" in err
    code, out, err = step(capsys, monkeypatch, "杨芳", "show", NUMBER, "--reveal", "--reason", "查" * 61)
    assert code != 0 and "用途" in err and "不超过 60 个字" in err and "640522198603120310" not in out
    code, out, _ = step(capsys, monkeypatch, "admin", "accounts", "log", "--reveals")
    assert "共 0 条完整证件号查看记录" in out


def test_update_reason_stands_in_the_history_beside_the_change(office, tmp_path, capsys, monkeypatch):
    add_case(tmp_path, capsys, monkeypatch)
    fix = {"parties": [{**CASE["parties"][0], "id_number": "640522196803120316", "birth_date": None},
                       CASE["parties"][1]]}
    (tmp_path / "fix.json").write_text(json.dumps(fix, ensure_ascii=False), encoding="utf-8")
    code, out, err = step(capsys, monkeypatch, "杨芳", "update", NUMBER, "--json", str(tmp_path / "fix.json"),
                          "--reason", "当事人申请更正身份证号")
    assert code == 0 and "已修改" in err, err
    code, out, _ = step(capsys, monkeypatch, "杨芳", "history", NUMBER)
    assert code == 0 and "当事人申请更正身份证号" in out
