"""`fazhi people history NAME`: who changed what of a roster person, when; and the roster's changes made by the
logged-in user, not by the name the command passed (after `fazhi --user xiaoma demo` the rows said 演示数据)."""

from __future__ import annotations

import sqlite3

import pytest
from test_cli_accounts import run  # the password from FAZHI_PASSWORD, as the fixture sets it

from fazhi_desktop.cli import main

PASSWORD = "xin-mima-2026"


@pytest.fixture
def office(tmp_path, monkeypatch, capsys):
    """A new township database whose 管理员 is xiaoma (FAZHI_PASSWORD set), with the demo roster he filled in."""
    path = tmp_path / "office.db"
    monkeypatch.setenv("FAZHI_DB", str(path))
    monkeypatch.setenv("FAZHI_NEW_PASSWORD", PASSWORD)
    monkeypatch.setenv("FAZHI_PASSWORD", PASSWORD)
    assert main(["init", "--township", "640522100", "--operator", "xiaoma", "--admin"]) == 0
    assert main(["--user", "xiaoma", "demo", "--per-ledger", "0"]) == 0
    capsys.readouterr()
    return path


def test_demo_roster_rows_and_their_history_name_the_logged_in_user(office, capsys):
    with sqlite3.connect(office) as conn:
        assert {row[0] for row in conn.execute("SELECT updated_by FROM people")} == {"xiaoma"}
    code, out, _ = run(capsys, "--user", "xiaoma", "people", "history", "马志刚")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "马志刚（镇党委书记） 的名册修改历史（共 1 条，现为：在用）"
    assert lines[1].startswith("第 1 版  ") and lines[1].endswith("  xiaoma  添加  说明：演示数据")
    assert "    角色：（空） → 主要负责同志" in lines


def test_history_lists_each_person_of_the_name_with_old_and_new_values(office, capsys):
    code, _, _ = run(capsys, "--user", "xiaoma", "people", "add", "--name", "马志刚", "--role", "主要负责同志",
                     "--joined-on", "2026-03", "--same-as", "1")
    assert code == 0  # a second entry of the same name: a second term
    code, out, _ = run(capsys, "--user", "xiaoma", "people", "history", "马志刚")
    assert code == 0 and out.count("的名册修改历史") == 2
    assert "马志刚（主要负责同志） 的名册修改历史（共 1 条，现为：2026-03-01 起，在用）" in out
    assert "    到任日期：（空） → 2026-03-01" in out


def test_a_name_not_in_the_roster_and_the_county_are_said_so(office, tmp_path, monkeypatch, capsys):
    code, _, err = run(capsys, "--user", "xiaoma", "people", "history", "张三")
    assert code == 1 and err.strip() == "错误：名册中没有名为“张三”的人员（fazhi people list --all 列出全部）"
    monkeypatch.setenv("FAZHI_DB", str(tmp_path / "county.db"))
    assert main(["init", "--county", "--township", "640522"]) == 0
    capsys.readouterr()
    code, _, err = run(capsys, "people", "history", "马志刚")
    assert code == 1 and "县级数据库没有名册修改日志" in err


def test_a_clerk_is_refused_a_leader_at_the_roles_field(office, monkeypatch, capsys):
    monkeypatch.setenv("FAZHI_NEW_PASSWORD", "lu-ru-2026")
    assert main(["--user", "xiaoma", "accounts", "add", "马丽", "--role", "录入员"]) == 0
    monkeypatch.setenv("FAZHI_PASSWORD", "lu-ru-2026")
    monkeypatch.setenv("FAZHI_NEW_PASSWORD", "ma-li-own-2026")  # the 管理员's password is temporary: her own first
    assert main(["--user", "马丽", "accounts", "passwd"]) == 0
    monkeypatch.setenv("FAZHI_PASSWORD", "ma-li-own-2026")
    capsys.readouterr()
    code, _, err = run(capsys, "--user", "马丽", "people", "add", "--name", "王新", "--role", "主要负责同志")
    assert code == 1 and "角色：录入员无权登记或修改主要负责同志的任职（需要所长或管理员）" in err
    code, _, _ = run(capsys, "--user", "马丽", "people", "add", "--name", "王新", "--role", "调解员")
    assert code == 0


def test_an_expired_certificate_is_noted_when_added_and_marked_in_the_list(office, capsys):
    """`people list` printed 2025-06-30 bare where 人员名册 shows it red “（已过期）”; `people add` took it silently."""
    code, _, err = run(capsys, "--user", "xiaoma", "people", "add", "--name", "苏振华", "--role", "执法人员",
                       "--cert-no", "64052210003", "--cert-expiry", "2025-06-30")
    assert code == 0
    assert "提示：苏振华的执法证有效期2025-06-30早于今天，名册中显示为“已过期”" in err
    code, out, _ = run(capsys, "--user", "xiaoma", "people", "list")
    [line] = [line for line in out.splitlines() if line.startswith("苏振华")]
    assert "2025-06-30（已过期）" in line


def test_a_name_with_another_dot_or_a_space_is_questioned_when_added(office, capsys):
    """The roster took 阿依古丽•买买提 (not the 间隔号 ·) and 海 昇 without a word: the figures match the records'
    names against it, and a record's name so typed is questioned."""
    code, _, err = run(capsys, "--user", "xiaoma", "people", "add", "--name", "阿依古丽•买买提", "--role", "调解员")
    assert code == 0
    assert "提示：“阿依古丽•买买提”中的“•”不是姓名的间隔号，是否应为“阿依古丽·买买提”" in err
    code, _, err = run(capsys, "--user", "xiaoma", "people", "add", "--name", "海 昇", "--role", "调解员")
    assert code == 0 and "提示：“海 昇”中有空格，是否应为“海昇”" in err
    code, _, err = run(capsys, "--user", "xiaoma", "people", "add", "--name", "阿依古丽·买买提", "--role", "调解员")
    assert code == 0 and "提示" not in err
