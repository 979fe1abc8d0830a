"""An entry added before 是同一人/是另一人 was asked keeps the old rule "until the township says otherwise" (README),
but the command line had no way to say it: only the window's 是否同一人…. `fazhi people edit NAME [--post P]
--same-as N | --other-person` gives or changes the answer of an entry the roster has."""

from __future__ import annotations

import sqlite3

import pytest
from test_cli_accounts import run  # the password from FAZHI_PASSWORD, as the fixture sets it
from test_cli_people import office

__all__ = ["office"]  # the fixture: a township database whose 管理员 xiaoma filled in the demo roster

EDIT = ("--user", "xiaoma", "people", "edit", "马志刚")


def entries(office):
    with sqlite3.connect(office) as conn:
        return conn.execute("SELECT id, title, person FROM people WHERE name = '马志刚' ORDER BY rowid").fetchall()


def mayor_added_before_it_was_asked(office, capsys):
    code, _, _ = run(capsys, "--user", "xiaoma", "people", "add", "--name", "马志刚", "--title", "镇长",
                     "--joined-on", "2026-01-05", "--other-person")
    assert code == 0
    with sqlite3.connect(office) as conn:
        conn.execute("UPDATE people SET person = NULL WHERE name = '马志刚'")  # as migration 049 left it


def test_the_answer_is_given_to_an_entry_added_before_it_was_asked(office, capsys):
    mayor_added_before_it_was_asked(office, capsys)
    code, _, err = run(capsys, *EDIT, "--same-as", "1")
    assert code == 1 and err.strip() == (
        "错误：名册中有 2 条“马志刚”：马志刚（镇党委书记）、马志刚（镇长）；请用 --post 写明是哪一条的职务"
        "（如 --post 镇党委书记）")
    code, out, err = run(capsys, *EDIT, "--post", "镇长", "--same-as", "1")
    assert code == 0
    [(secretary, _, none), (mayor, _, same)] = entries(office)
    assert (out.strip(), none, same) == (mayor, None, secretary)
    assert err.strip() == "已记下：马志刚（镇长）与 1. 马志刚（镇党委书记）是同一人"

    code, _, err = run(capsys, *EDIT, "--post", "镇长", "--other-person")
    assert code == 0 and entries(office)[1][2] == mayor
    assert err.strip() == "已记下：马志刚（镇长）与同名的人是另一人"
    code, _, err = run(capsys, *EDIT, "--post", "镇长", "--same-as", "2")
    assert code == 1 and err.strip() == "错误：--same-as 2：名册中同名的是 1. 马志刚（镇党委书记），请写其中的序号"
    with pytest.raises(SystemExit):
        run(capsys, *EDIT, "--post", "镇长")
    assert "--same-as" in capsys.readouterr().err  # one of the two is needed


def test_an_entry_without_namesakes_has_nothing_to_answer(office, capsys):
    code, _, err = run(capsys, *EDIT, "--other-person")
    assert code == 1 and err.strip() == "错误：名册中没有与马志刚（镇党委书记）同名的其他人员，无须说明是否同一人"
