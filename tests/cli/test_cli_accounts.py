"""The CLI as a named user: login from FAZHI_PASSWORD, permissions per role, review steps, history, accounts."""

from __future__ import annotations

import json
import re

import pytest

from fazhi_desktop.cli import main
from fazhi_desktop.cli_accounts import COMMAND_ACTIONS, NO_LOGIN
from fazhi_desktop.core import accounts

PASSWORD = "demo2026"
MEETING = {"title": "2026年第3次乡镇政府常务会议", "meeting_type": "乡镇行政会议(政府常务会议)",
           "held_on": "2026-03-05", "office_head_attendance": "全程"}
NUMBER = "〔2026〕会记字第1号"


def run(capsys, *args: str, user: str | None = None, password: str | None = PASSWORD, monkeypatch=None):
    if monkeypatch is not None:
        if password is None:
            monkeypatch.delenv("FAZHI_PASSWORD", raising=False)
        else:
            monkeypatch.setenv("FAZHI_PASSWORD", password)
    code = main([*(["--user", user] if user else []), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def office(capsys, demo_db, tmp_path, monkeypatch):
    """A township database with one meeting and the demonstration accounts (admin, 杨芳 所长, 马丽 录入员)."""
    path = demo_db  # the roster and the accounts: only into a new database
    out = capsys.readouterr().out
    assert "演示账户：admin（管理员）、杨芳（所长）、马丽（录入员），密码均为 demo2026" in out
    (tmp_path / "m.json").write_text(json.dumps(MEETING, ensure_ascii=False), encoding="utf-8")
    added = run(capsys, "add", "meeting", "--json", str(tmp_path / "m.json"), user="马丽", monkeypatch=monkeypatch)
    assert added[0] == 0
    monkeypatch.delenv("FAZHI_PASSWORD")
    return path


def step(capsys, monkeypatch, user: str, *args: str):
    return run(capsys, *args, user=user, monkeypatch=monkeypatch)


def test_without_accounts_commands_run_as_before_and_say_how_to_create_one(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("FAZHI_DB", str(tmp_path / "plain.db"))
    code, _, err = run(capsys, "init", "--township", "640522100")
    assert code == 0 and "fazhi accounts add 姓名 --role 管理员" in err
    code, _, err = run(capsys, "accounts", "list")
    assert code == 1 and "还没有账户" in err


def test_the_first_account_is_added_without_a_login_and_must_be_an_administrator(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("FAZHI_DB", str(tmp_path / "plain.db"))
    monkeypatch.setenv("FAZHI_NEW_PASSWORD", "xin-mima-2026")
    run(capsys, "init", "--township", "640522100")
    code, _, err = run(capsys, "accounts", "add", "马丽", "--role", "录入员")
    assert code == 1 and "第一个账户必须是管理员" in err
    code, out, _ = run(capsys, "accounts", "add", "马文", "--role", "管理员")
    assert code == 0 and out.strip() == "已添加账户：马文（管理员）"
    code, _, err = run(capsys, "accounts", "add", "马丽", "--role", "录入员")
    assert code == 1 and "--user" in err  # from now on, only a logged-in 管理员


def test_init_with_admin_creates_the_operators_administrator_account(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("FAZHI_DB", str(tmp_path / "new.db"))
    monkeypatch.setenv("FAZHI_NEW_PASSWORD", "xin-mima-2026")
    code, out, _ = run(capsys, "init", "--township", "640522100", "--operator", "马文", "--admin")
    assert code == 0 and "已创建管理员账户：马文" in out
    code, out, _ = run(capsys, "accounts", "list", user="马文", password="xin-mima-2026", monkeypatch=monkeypatch)
    assert code == 0 and "马文" in out and "管理员" in out


def test_once_accounts_exist_reading_and_changing_need_a_login(office, monkeypatch, capsys):
    code, _, err = run(capsys, "list", "meeting", password=None, monkeypatch=monkeypatch)
    assert code == 1 and "请用 --user 用户名 登录" in err
    code, _, err = run(capsys, "list", "meeting", user="马丽", password=None, monkeypatch=monkeypatch)
    assert code == 1 and "FAZHI_PASSWORD" in err  # no terminal to ask in
    code, out, _ = run(capsys, "list", "meeting", user="马丽", monkeypatch=monkeypatch)
    assert code == 0 and NUMBER in out


def test_check_and_ledgers_need_no_login(office, monkeypatch, capsys):
    assert "check" in NO_LOGIN
    code, out, _ = run(capsys, "check", password=None, monkeypatch=monkeypatch)
    assert code == 0 and "全部一致" in out
    assert run(capsys, "ledgers", password=None, monkeypatch=monkeypatch)[0] == 0


def test_a_wrong_password_exits_1_with_a_chinese_message_and_no_traceback(office, monkeypatch, capsys):
    code, out, err = run(capsys, "list", "meeting", user="马丽", password="wrong-one", monkeypatch=monkeypatch)
    assert code == 1 and err.strip() == "错误：密码不正确。再输错 4 次，账户将锁定 15 分钟。"
    assert "Traceback" not in err and "wrong-one" not in out + err


def test_lock_out_and_unlock_by_the_administrator(office, monkeypatch, capsys):
    for _ in range(accounts.MAX_FAILURES):
        run(capsys, "list", "meeting", user="马丽", password="wrong-one", monkeypatch=monkeypatch)
    code, _, err = run(capsys, "list", "meeting", user="马丽", monkeypatch=monkeypatch)
    assert code == 1 and "账户已锁定，请 15 分钟后再试" in err
    assert run(capsys, "accounts", "unlock", "马丽", user="admin", monkeypatch=monkeypatch)[0] == 0
    assert run(capsys, "list", "meeting", user="马丽", monkeypatch=monkeypatch)[0] == 0


def test_the_review_workflow_and_its_history(office, monkeypatch, capsys):
    code, out, _ = step(capsys, monkeypatch, "马丽", "submit", NUMBER)
    assert code == 0 and out.strip() == f"提交审核：会议 {NUMBER}，现为“已提交”（第 2 版）"
    assert step(capsys, monkeypatch, "杨芳", "lock", NUMBER)[0] == 0
    code, out, _ = step(capsys, monkeypatch, "杨芳", "reopen", NUMBER, "--reason", "补充参会人员")
    assert code == 0 and "现为“草稿”" in out
    code, out, _ = step(capsys, monkeypatch, "马丽", "history", NUMBER)
    lines = out.splitlines()
    assert lines[0] == f"会议 {NUMBER} 的修改历史（共 4 版，当前：草稿）"
    assert any(line.endswith("杨芳  重新打开（退回录入员修改）  原因：补充参会人员") for line in lines)
    assert "    状态：已锁定 → 草稿" in lines
    code, out, _ = step(capsys, monkeypatch, "马丽", "history", NUMBER, "--format", "json")
    assert json.loads(out)[-1]["reason"] == "补充参会人员"


def test_the_evenings_records_are_submitted_reviewed_and_locked_at_once(office, tmp_path, monkeypatch, capsys):
    """The month-end audit: `submit`, `review` and `lock` took one record each, where the window has 编辑 → 批量….
    Several numbers, or --all LEDGER [--year], take each record on its own; one that cannot be is named."""
    for day in ("2026-03-12", "2026-04-02"):
        (tmp_path / "m.json").write_text(json.dumps(MEETING | {"held_on": day}, ensure_ascii=False), "utf-8")
        assert step(capsys, monkeypatch, "马丽", "add", "meeting", "--json", str(tmp_path / "m.json"))[0] == 0
    code, out, _ = step(capsys, monkeypatch, "马丽", "submit", "--all", "meeting", "--year", "2026")
    assert code == 0 and out.splitlines()[-1] == "提交审核 3 条"
    assert f"会议 {NUMBER}：现为“已提交”" in out
    code, out, _ = step(capsys, monkeypatch, "杨芳", "review", NUMBER, "（2026）会记字第2号")  # typed as a keyboard can
    assert code == 0 and out.splitlines()[-1] == "审核通过 2 条"
    code, out, err = step(capsys, monkeypatch, "杨芳", "lock", NUMBER, "〔2026〕会记字第3号")
    assert code == 0 and out.splitlines()[-1] == "锁定 2 条"  # 已提交 and 所长已审核 alike
    code, out, err = step(capsys, monkeypatch, "杨芳", "lock", NUMBER, "〔2026〕会记字第2号")
    assert code == 1 and out.splitlines()[-1] == "锁定 1 条；1 条未处理"
    assert f"未处理：{NUMBER}：记录状态为“已锁定”" in err
    code, out, _ = step(capsys, monkeypatch, "杨芳", "review", "--all", "meeting")
    assert code == 0 and out.strip() == "会议中没有可审核通过的记录"


def test_a_note_given_to_several_records_goes_into_each_ones_history(office, tmp_path, monkeypatch, capsys):
    """--reason (说明（可选，记入修改历史）) was dropped without a word once more than one record was named."""
    (tmp_path / "m.json").write_text(json.dumps(MEETING | {"held_on": "2026-04-02"}, ensure_ascii=False), "utf-8")
    assert step(capsys, monkeypatch, "马丽", "add", "meeting", "--json", str(tmp_path / "m.json"))[0] == 0
    code, out, _ = step(capsys, monkeypatch, "马丽", "submit", "--all", "meeting", "--reason", "三月底集中报审")
    assert code == 0 and out.splitlines()[-1] == "提交审核 2 条"
    for number in (NUMBER, "〔2026〕会记字第2号"):
        code, out, _ = step(capsys, monkeypatch, "马丽", "history", number, "--format", "json")
        assert json.loads(out)[-1]["reason"] == "三月底集中报审"


@pytest.mark.parametrize(("args", "message"), [
    (["submit"], "请写出记录的编号（可写多个），或用 --all 台账名"),
    (["submit", NUMBER, "--all", "meeting"], "二者选一"),
    (["lock", NUMBER, "--year", "2026"], "--year 须与 --all 同用"),
])
def test_a_batch_without_its_records_is_a_usage_error(args, message, office, monkeypatch, capsys):
    code, _, err = step(capsys, monkeypatch, "杨芳", *args)
    assert code == 2 and message in err


def test_reopen_without_a_reason_is_a_usage_error(office, monkeypatch, capsys):
    monkeypatch.setenv("FAZHI_PASSWORD", PASSWORD)
    with pytest.raises(SystemExit) as exited:
        main(["--user", "杨芳", "reopen", NUMBER])
    assert exited.value.code == 2 and "--reason" in capsys.readouterr().err


def test_an_edit_names_the_changed_field_in_the_history(office, tmp_path, monkeypatch, capsys):
    (tmp_path / "u.json").write_text('{"location": "二楼会议室"}', encoding="utf-8")
    assert step(capsys, monkeypatch, "马丽", "update", NUMBER, "--json", str(tmp_path / "u.json"))[0] == 0
    out = step(capsys, monkeypatch, "马丽", "history", NUMBER)[1]
    assert "马丽  修改" in out and "    地点：（空） → 二楼会议室" in out


def test_a_deleted_records_history_is_read_by_its_number(office, monkeypatch, capsys):
    """删除 says 历史保留, and then `fazhi history` said 找不到记录（可能已删除）."""
    assert step(capsys, monkeypatch, "马丽", "delete", NUMBER)[0] == 0
    code, out, err = step(capsys, monkeypatch, "马丽", "history", NUMBER)
    assert code == 0 and "当前：已删除" in out and "马丽  删除" in out, err


# -- the permissions matrix -------------------------------------------------------------------------------------


def locked(capsys, monkeypatch) -> None:
    assert step(capsys, monkeypatch, "马丽", "submit", NUMBER)[0] == 0
    assert step(capsys, monkeypatch, "杨芳", "lock", NUMBER)[0] == 0


@pytest.mark.parametrize(("args", "message"), [
    (("lock", NUMBER), "录入员无权锁定记录（需要所长或管理员）"),
    (("review", NUMBER), "录入员无权审核记录"),
    (("reopen", NUMBER, "--reason", "想改"), "录入员无权重新打开记录"),
    (("delete", NUMBER), "已锁定，不能删除"),
    (("accounts", "add", "李强", "--role", "录入员"), "录入员无权管理账户（需要管理员）"),
    (("accounts", "deactivate", "杨芳"), "录入员无权管理账户"),
    (("accounts", "unlock", "杨芳"), "录入员无权管理账户"),
    (("accounts", "list"), "录入员无权管理账户"),
    (("accounts", "passwd", "杨芳"), "录入员无权管理账户"),
    (("accounts", "role", "马丽", "所长"), "录入员无权管理账户"),
    (("accounts", "display-name", "马丽", "马丽娟"), "录入员无权管理账户"),
    (("restore", "backup.zip", "--yes"), "录入员无权从备份恢复数据库（需要管理员）"),
])
def test_a_clerk_cannot(args, message, office, monkeypatch, capsys):
    locked(capsys, monkeypatch)
    monkeypatch.setenv("FAZHI_NEW_PASSWORD", "xin-mima-2026")
    code, _, err = step(capsys, monkeypatch, "马丽", *args)
    assert code == 1 and message in err and "Traceback" not in err
    assert step(capsys, monkeypatch, "杨芳", "show", NUMBER)[1].count("已锁定") == 1  # nothing changed


def test_the_office_head_cannot_manage_accounts_or_restore(office, monkeypatch, capsys):
    for args in (("accounts", "list"), ("restore", "backup.zip", "--yes")):
        code, _, err = step(capsys, monkeypatch, "杨芳", *args)
        assert code == 1 and err.startswith("错误：所长无权")


def test_every_command_that_changes_data_needs_a_permission(office):
    for command in ("add", "update", "delete", "demo", "submit", "review", "lock", "reopen", "restore", "import",
                    "export", "accounts add"):
        assert COMMAND_ACTIONS[command], command


def test_the_administrator_adds_an_account_that_can_then_log_in(office, monkeypatch, capsys):
    monkeypatch.setenv("FAZHI_NEW_PASSWORD", "xin-mima-2026")
    code, out, _ = step(capsys, monkeypatch, "admin", "accounts", "add", "李强", "--role", "所长",
                        "--display-name", "李强")
    assert code == 0 and "xin-mima-2026" not in out
    code, out, _ = run(capsys, "accounts", "list", user="admin", monkeypatch=monkeypatch)
    assert "李强" in out and "所长" in out
    code, _, _ = run(capsys, "lock", NUMBER, user="李强", password="xin-mima-2026", monkeypatch=monkeypatch)
    assert code == 1  # a 所长 may lock, but a draft must be submitted first


def test_a_user_changes_their_own_password(office, monkeypatch, capsys):
    monkeypatch.setenv("FAZHI_NEW_PASSWORD", "xin-mima-2026")
    code, out, _ = step(capsys, monkeypatch, "马丽", "accounts", "passwd")
    assert code == 0 and out.strip() == "密码已修改"
    assert run(capsys, "list", "meeting", user="马丽", password="xin-mima-2026", monkeypatch=monkeypatch)[0] == 0


def test_the_administrator_deactivates_an_account(office, monkeypatch, capsys):
    code, out, _ = step(capsys, monkeypatch, "admin", "accounts", "deactivate", "马丽")
    # her draft stays for the newcomer to finish, and says where it waits (before: only 账户已停用)
    assert code == 0 and "马丽 登记的草稿还有 1 条（会议 1）：留在台账中，列在“待办事项”" in out
    code, out, _ = step(capsys, monkeypatch, "杨芳", "todo")
    assert code == 0 and "草稿，登记人 马丽 的账户已停用：请接手补全后提交审核" in out
    code, _, err = step(capsys, monkeypatch, "马丽", "list", "meeting")
    assert code == 1 and "已停用" in err


def test_the_administrator_promotes_a_clerk_who_then_locks_under_the_same_name(office, monkeypatch, capsys):
    """A 录入员 made 所长 could only be stopped and replaced by an account with another user name."""
    step(capsys, monkeypatch, "马丽", "submit", NUMBER)
    code, out, _ = step(capsys, monkeypatch, "admin", "accounts", "role", "马丽", "所长")
    assert code == 0 and out.strip() == "已修改 马丽 的角色：录入员 → 所长"
    code, out, _ = step(capsys, monkeypatch, "admin", "accounts", "role", "马丽", "head")
    assert code == 0 and out.strip() == "未修改：马丽 已是所长"
    code, out, _ = step(capsys, monkeypatch, "马丽", "lock", NUMBER)
    assert code == 0 and "现为“已锁定”" in out
    code, out, _ = step(capsys, monkeypatch, "admin", "accounts", "display-name", "马丽", "马丽娟")
    assert code == 0 and out.strip() == "已修改 马丽 的姓名：马丽 → 马丽娟"
    code, out, _ = step(capsys, monkeypatch, "admin", "accounts", "list")
    assert re.search(r"马丽\s+马丽娟\s+所长\s+在用", out)
    log = step(capsys, monkeypatch, "admin", "accounts", "log")[1]
    assert re.search(r"马丽\s+修改角色：录入员 → 所长\s+admin", log) and "修改姓名：马丽 → 马丽娟" in log
    history = step(capsys, monkeypatch, "马丽", "history", NUMBER)[1]
    assert "  马丽（马丽娟）  提交审核" in history and "  马丽（马丽娟）  锁定" in history  # one person, one name


@pytest.mark.parametrize(("args", "said"), [
    (("admin", "录入员"),
     "错误：角色未修改（角色：这是唯一在用的管理员账户，不能改为其他角色：请先添加或启用另一个管理员）"),
    (("马丽", "组长"), "错误：角色未修改（角色：没有“组长”这个角色（可选：录入员、所长、管理员））"),
    (("李强", "所长"), "错误：没有这个账户"),
])
def test_a_refused_role_change_says_why_and_changes_nothing(args, said, office, monkeypatch, capsys):
    code, out, err = step(capsys, monkeypatch, "admin", "accounts", "role", *args)
    assert code == 1 and err.strip() == said and out == ""
    assert "修改角色" not in step(capsys, monkeypatch, "admin", "accounts", "log")[1]


def test_full_id_and_phone_numbers_are_revealed_only_to_the_roles_allowed(office, tmp_path, capsys, monkeypatch):
    """identifiers.md: masked on screen and in exports unless a user with the right reveals them."""
    case = {"case_category": "人民调解", "case_name": "马某与杨某宅基地纠纷", "accepted_on": "2026-04-01",
            "dispute_type": "房屋宅基地纠纷",
            "parties": [{"role": "申请人", "party_type": "自然人", "name": "马文", "id_number": "11010519491231002X"}]}
    (tmp_path / "case.json").write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    code, _, _ = step(capsys, monkeypatch, "马丽", "add", "mediation_case", "--json", str(tmp_path / "case.json"))
    assert code == 0
    for command in (["list", "mediation_case", "--reveal"], ["list", "mediation_case", "--format", "csv", "--reveal"],
                    ["show", "〔2026〕人调字第1号", "--reveal"],
                    ["pdf", "〔2026〕人调字第1号", "--kind", "agreement", "--reveal", "-o", str(tmp_path / "a.pdf")]):
        code, out, err = step(capsys, monkeypatch, "马丽", *command)
        assert code != 0 and "录入员无权显示完整的身份证号和电话" in err and "11010519491231002X" not in out, command
    code, out, _ = step(capsys, monkeypatch, "马丽", "list", "mediation_case", "--format", "csv")
    assert code == 0 and "110105********002X" in out  # masked, as without --reveal
    code, out, _ = step(capsys, monkeypatch, "杨芳", "show", "〔2026〕人调字第1号", "--reveal")
    assert code == 0 and "11010519491231002X" in out
    code, out, err = step(capsys, monkeypatch, "杨芳", "accounts", "log", "--reveals")
    assert code != 0 and "完整证件号查看日志由管理员查看" in err  # the log answers for the 所长: the 管理员 reads it
    code, out, _ = step(capsys, monkeypatch, "admin", "accounts", "log", "--record", "〔2026〕人调字第1号")
    assert code == 0 and "杨芳" in out and "调解案件 〔2026〕人调字第1号" in out and "fazhi show --reveal" in out
    assert "共 1 条完整证件号查看记录" in out and "11010519491231002X" not in out  # the refused 马丽 is not in it
    code, out, _ = step(capsys, monkeypatch, "admin", "accounts", "log")
    assert code == 0 and "登录失败" not in out and "登录" in out and "共" in out


def test_the_backup_recovery_code_is_for_the_office_head_and_the_administrator(office, tmp_path, capsys,
                                                                               monkeypatch):
    code, out, _ = step(capsys, monkeypatch, "马丽", "backup", "--to", str(tmp_path / "usb"))
    assert code == 0  # a clerk backs up (the first backup says the code to whoever makes it)
    code, out, err = step(capsys, monkeypatch, "马丽", "backup-settings", "--recovery-code")
    assert code != 0 and "录入员无权管理密钥与登记" in err and "备份恢复码：" not in out
    code, out, _ = step(capsys, monkeypatch, "杨芳", "backup-settings", "--recovery-code")
    assert code == 0 and "备份恢复码：" in out
    code, _, err = run(capsys, "backup-settings", "--recovery-code", password=None, monkeypatch=monkeypatch)
    assert code != 0 and "Traceback" not in err  # nobody signed in: nothing shown


def test_a_clerks_first_backup_does_not_print_the_recovery_code_nor_may_she_shrink_the_backups(
        office, monkeypatch, capsys, tmp_path):
    code, clerks, _ = run(capsys, "backup", "--to", str(tmp_path / "usb"), user="马丽", monkeypatch=monkeypatch)
    assert code == 0 and "备份恢复码只给所长或管理员看" in clerks
    code, heads, _ = run(capsys, "backup-settings", "--recovery-code", user="杨芳", monkeypatch=monkeypatch)
    recovery = re.search(r"备份恢复码：([A-Z2-9]{4}(?:-[A-Z2-9]{4}){5})", heads).group(1)
    assert code == 0 and recovery not in clerks
    code, _, err = run(capsys, "backup-settings", "--keep-daily", "1", user="马丽", monkeypatch=monkeypatch)
    assert code == 1 and "录入员无权修改备份设置" in err


def test_a_stopped_account_is_started_again_from_the_command_line(office, monkeypatch, capsys):
    assert run(capsys, "accounts", "deactivate", "马丽", user="admin", monkeypatch=monkeypatch)[0] == 0
    code, out, _ = run(capsys, "accounts", "activate", "马丽", user="admin", monkeypatch=monkeypatch)
    assert code == 0 and "账户已启用" in out
    assert run(capsys, "list", "meeting", user="马丽", monkeypatch=monkeypatch)[0] == 0


def test_init_refuses_an_administrator_name_it_cannot_use_before_creating_anything(tmp_path, monkeypatch, capsys):
    """"马 丽" created the database, then failed the account: the database was left without one, and could not be
    set up again."""
    monkeypatch.setenv("FAZHI_DB", str(tmp_path / "new.db"))
    monkeypatch.setenv("FAZHI_NEW_PASSWORD", "xin-mima-2026")
    code, _, err = run(capsys, "init", "--township", "640522100", "--operator", "马 丽", "--admin")
    assert code != 0 and "不能有空格" in err and not (tmp_path / "new.db").exists()


def test_init_refuses_a_missing_or_short_administrator_password_before_creating_anything(tmp_path, monkeypatch,
                                                                                          capsys):
    """Without a usable password the database was created and the account refused: set up again, it was "已经初始化"."""
    monkeypatch.setenv("FAZHI_DB", str(tmp_path / "new.db"))
    monkeypatch.setenv("FAZHI_NEW_PASSWORD", "short")
    code, _, err = run(capsys, "init", "--township", "640522100", "--operator", "马丽", "--admin")
    assert code != 0 and "错误：数据库未创建（密码：至少 8 个字符）" in err and not (tmp_path / "new.db").exists()
    monkeypatch.setenv("FAZHI_NEW_PASSWORD", "xin-mima-2026")
    code, out, _ = run(capsys, "init", "--township", "640522100", "--operator", "马丽", "--admin")
    assert code == 0 and "已创建管理员账户：马丽" in out


def test_an_office_whose_only_administrator_forgot_the_password_gets_back_with_the_recovery_code(
        office, monkeypatch, capsys, tmp_path):
    """The only 管理员's password forgotten: accounts, settings and restore were out of reach for good."""
    assert run(capsys, "backup", "--to", str(tmp_path / "usb"), user="admin", monkeypatch=monkeypatch)[0] == 0
    _, heads, _ = run(capsys, "backup-settings", "--recovery-code", user="杨芳", monkeypatch=monkeypatch)
    recovery = re.search(r"备份恢复码：([A-Z2-9]{4}(?:-[A-Z2-9]{4}){5})", heads).group(1)
    monkeypatch.delenv("FAZHI_USER", raising=False)
    monkeypatch.setenv("FAZHI_NEW_PASSWORD", "xin-guanli-2026")
    code, _, err = run(capsys, "accounts", "recover", "admin", "--recovery-code", "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF",
                       password=None, monkeypatch=monkeypatch)
    assert code == 1 and "备份恢复码不对" in err
    code, _, err = run(capsys, "accounts", "recover", "马丽", "--recovery-code", recovery, password=None,
                       monkeypatch=monkeypatch)
    assert code == 1 and "不是管理员账户" in err
    code, out, _ = run(capsys, "accounts", "recover", "admin", "--recovery-code", recovery.lower(), password=None,
                       monkeypatch=monkeypatch)
    assert code == 0 and "已用备份恢复码重设 admin 的密码" in out
    code, _, err = run(capsys, "accounts", "list", user="admin", password="xin-guanli-2026", monkeypatch=monkeypatch)
    # a real 管理员 whose account someone else took over with the code (a 录入员 who read the key folder) notices
    assert code == 0 and "注意：账户 admin 的密码已于" in err and "用备份恢复码重设。如非本人所为" in err
    code, _, err = run(capsys, "accounts", "list", user="admin", password="xin-guanli-2026", monkeypatch=monkeypatch)
    assert code == 0 and "备份恢复码" not in err  # said at the first login after it only


def test_the_reveal_log_of_a_record_that_does_not_exist_says_so_rather_than_none_looked(office, capsys, monkeypatch):
    code, _, err = step(capsys, monkeypatch, "admin", "accounts", "log", "--record", "〔2026〕会记字第99号")
    assert code == 1
    assert "没有标识或编号为“〔2026〕会记字第99号”的记录" in err
    code, out, _ = step(capsys, monkeypatch, "admin", "accounts", "log", "--record", NUMBER)
    assert code == 0 and "共 0 条完整证件号查看记录" in out  # a record nobody has looked at


def test_a_refused_account_change_says_what_was_not_done_not_that_a_record_was_not_saved(office, capsys,
                                                                                          monkeypatch):
    """`accounts passwd` with the old password said 错误：记录未保存，请改正以下字段：- 新密码：与原密码相同."""
    monkeypatch.setenv("FAZHI_NEW_PASSWORD", PASSWORD)
    said = {}
    for args in (("马丽", "accounts", "passwd"), ("admin", "accounts", "deactivate", "admin"),
                 ("admin", "accounts", "add", "王新", "--role", "主任")):
        code, _, err = step(capsys, monkeypatch, *args)
        assert code == 1
        said[args[2]] = err.strip()
    assert said == {"passwd": "错误：密码未修改（新密码：与原密码相同）",
                    "deactivate": "错误：账户未停用（状态：这是唯一的管理员账户，不能停用"
                                  "：请先添加或启用另一个管理员）",
                    "add": "错误：账户未添加（角色：没有“主任”这个角色（可选：录入员、所长、管理员））"}
    monkeypatch.setenv("FAZHI_NEW_PASSWORD", "short")
    assert step(capsys, monkeypatch, "admin", "accounts", "add", "王新", "--role", "所长")[2].strip() == (
        "错误：账户未添加（密码：至少 8 个字符）")


def test_someone_elses_password_is_refused_before_a_new_one_is_asked(office, capsys, monkeypatch):
    """`fazhi --user 马丽 accounts passwd admin` asked for the new password (twice, in a terminal), then said 无权."""
    monkeypatch.delenv("FAZHI_NEW_PASSWORD", raising=False)
    code, _, err = step(capsys, monkeypatch, "马丽", "accounts", "passwd", "admin")
    assert code == 1 and err.strip() == "错误：录入员无权管理账户（需要管理员）"
    code, _, err = step(capsys, monkeypatch, "admin", "accounts", "passwd", "王新")
    assert code == 1 and err.strip() == "错误：没有这个账户"
    code, _, err = step(capsys, monkeypatch, "马丽", "accounts", "passwd")  # her own: the new one is asked
    assert code == 1 and "需要密码：请设置环境变量 FAZHI_NEW_PASSWORD" in err
