"""A 书记 leaving could be recorded only in the window (人员名册 → 停用, with the 离任日期): `fazhi people` had add,
list and history. `fazhi people leave NAME --date D [--post P]` now does what 停用 does, through the same write,
noted in the roster's change log as the window's 停用 is, and refuses a name that is not one entry in use."""

from __future__ import annotations

import sqlite3

from test_cli_accounts import run  # the password from FAZHI_PASSWORD, as the fixture sets it
from test_cli_people import office

from fazhi_desktop.cli import main

__all__ = ["office"]  # the fixture: a township database whose 管理员 xiaoma filled in the demo roster


def test_leave_takes_the_secretary_out_of_use_with_his_date_and_logs_it_as_the_window_does(office, capsys):
    code, out, err = run(capsys, "--user", "xiaoma", "people", "leave", "马志刚", "--date", "2025-06-30")
    assert code == 0
    assert err.strip() == "已停用：马志刚（镇党委书记，2025-06-30离任）；新记录中不再提供此人，已有记录不受影响"
    with sqlite3.connect(office) as conn:
        assert conn.execute("SELECT id, active, left_on FROM people WHERE name = '马志刚'").fetchall() == [
            (out.strip(), 0, "2025-06-30")]
        assert conn.execute("SELECT op, actor FROM roster_log WHERE name = '马志刚' ORDER BY id DESC LIMIT 1"
                            ).fetchone() == ("stop", "xiaoma")
    code, out, _ = run(capsys, "--user", "xiaoma", "people", "history", "马志刚")
    assert "马志刚（镇党委书记） 的名册修改历史（共 2 条，现为：至 2025-06-30，已停用）" in out
    assert "    离任日期：（空） → 2025-06-30" in out and "    状态：在用 → 已停用" in out
    code, _, err = run(capsys, "--user", "xiaoma", "people", "leave", "马志刚", "--date", "2025-06-30")
    assert code == 1 and err.strip() == "错误：马志刚（镇党委书记，2025-06-30离任）已停用，无需再停用"


def test_two_entries_of_one_name_are_refused_until_the_post_says_which(office, capsys):
    assert main(["--user", "xiaoma", "people", "add", "--name", "马志刚", "--title", "镇长", "--role",
                 "主要负责同志", "--same-as", "1"]) == 0  # a second entry of the name: another post
    capsys.readouterr()
    code, _, err = run(capsys, "--user", "xiaoma", "people", "leave", "马志刚", "--date", "2025-06-30")
    assert code == 1 and err.strip() == (
        "错误：名册中有 2 条在用的“马志刚”：马志刚（镇党委书记）、马志刚（镇长）；"
        "请用 --post 写明是哪一条的职务（如 --post 镇党委书记）")
    code, _, err = run(capsys, "--user", "xiaoma", "people", "leave", "马志刚", "--date", "2025-06-30",
                       "--post", "乡长")
    assert code == 1 and err.strip() == (
        "错误：名册中在用的“马志刚”没有职务为“乡长”的（在用的是：马志刚（镇党委书记）、马志刚（镇长））")
    code, _, err = run(capsys, "--user", "xiaoma", "people", "leave", "马志刚", "--date", "2025-06-30",
                       "--post", "书记")
    assert code == 0 and err.startswith("已停用：马志刚（镇党委书记，2025-06-30离任）")
    with sqlite3.connect(office) as conn:
        assert sorted(conn.execute("SELECT title, active FROM people WHERE name = '马志刚'")) == [
            ("镇党委书记", 0), ("镇长", 1)]


def test_a_bad_date_or_an_unknown_name_changes_nothing_and_says_whose(office, capsys):
    code, _, err = run(capsys, "--user", "xiaoma", "people", "leave", "马志刚", "--date", "2099-06-30")
    assert code == 1 and err.strip() == "错误：马志刚（镇党委书记）未停用：离任日期：晚于今天：请在离任后再填写"
    code, _, err = run(capsys, "--user", "xiaoma", "people", "leave", "张三", "--date", "2025-06-30")
    assert code == 1 and err.strip() == "错误：名册中没有名为“张三”的人员（fazhi people list --all 列出全部）"
    with sqlite3.connect(office) as conn:
        assert conn.execute("SELECT active FROM people WHERE name = '马志刚'").fetchall() == [(1,)]
