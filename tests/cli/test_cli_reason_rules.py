# ruff: noqa: F811  (pytest fixtures imported from tests/cli/test_cli_accounts.py)
"""One check of every 用途 the reveal log keeps (core/reveals.py `checked_reason`): the print box and `--reason` of
show/list/pdf took a phone number typed into the purpose and the log kept it, where 查找当事人 refused it; 查找当事人
refused a court's date (2026-03-02) as a phone number, and said at most 100 characters where the log took 60."""

from __future__ import annotations

import pytest
from test_cli_accounts import office, step  # noqa: F401  (office: a fixture)
from test_cli_reveal_reasons import NUMBER, add_case


@pytest.mark.parametrize("command", [["show", NUMBER], ["pdf", NUMBER, "--kind", "agreement", "-o", "a.pdf"]],
                         ids=["show", "pdf"])
def test_a_phone_number_in_the_purpose_of_a_reveal_is_refused_before_anything_is_shown(
        office, tmp_path, capsys, monkeypatch, command):
    add_case(tmp_path, capsys, monkeypatch)
    monkeypatch.chdir(tmp_path)
    code, out, err = step(capsys, monkeypatch, "杨芳", *command, "--reveal", "--reason", "本人来电 139-9512-0316 查询")
    assert code != 0 and "用途：请不要写证件号码或电话号码" in err
    assert "640522198603120310" not in out and not (tmp_path / "a.pdf").exists()
    code, out, _ = step(capsys, monkeypatch, "admin", "accounts", "log", "--reveals")
    assert "共 0 条完整证件号查看记录" in out and "9512" not in out


def test_a_date_in_the_purpose_is_no_number_and_a_search_takes_what_a_print_takes(office, tmp_path, capsys,
                                                                                  monkeypatch):
    add_case(tmp_path, capsys, monkeypatch)
    reason = "县法院2026-03-02来函调取"
    code, out, err = step(capsys, monkeypatch, "杨芳", "person", "find", "--name", "马建国", "--reason", reason)
    assert code == 0, err
    code, out, err = step(capsys, monkeypatch, "杨芳", "show", NUMBER, "--reveal", "--reason", reason)
    assert code == 0, err
    code, out, err = step(capsys, monkeypatch, "杨芳", "person", "find", "--name", "马建国", "--reason", "查" * 61)
    assert code != 0 and "用途：请写得短一些（不超过 60 个字，现有 61 个）" in err  # as show --reveal says it
    code, out, _ = step(capsys, monkeypatch, "admin", "accounts", "log", "--reveals")
    assert out.count(reason) >= 2 and "共 2 条完整证件号查看记录" in out
