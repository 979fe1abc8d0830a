"""`fazhi people add` under a name the roster has (书记 王军 left; another 王军, or the same, arrives): the figures
count people (T46c, T47) and the roster has no ID, so the command does not guess. It refuses, naming the entries of
the name, until --same-as N (同一人改任、再任) or --other-person says which, and keeps the answer."""

from __future__ import annotations

import sqlite3

import pytest
from test_cli_accounts import run  # the password from FAZHI_PASSWORD, as the fixture sets it
from test_cli_people import office

__all__ = ["office"]  # the fixture: a township database whose 管理员 xiaoma filled in the demo roster

ADD = ("--user", "xiaoma", "people", "add", "--name", "马志刚", "--title", "镇长", "--role", "主要负责同志",
       "--joined-on", "2026-01-05")


def people_named(office):
    with sqlite3.connect(office) as conn:
        return conn.execute("SELECT id, title, person FROM people WHERE name = '马志刚' ORDER BY rowid").fetchall()


def test_a_namesake_is_refused_naming_the_entries_until_one_of_the_two_flags_says_who(office, capsys):
    code, _, err = run(capsys, *ADD)
    assert code == 1 and err.strip() == (
        "错误：名册中已有“马志刚”：1. 马志刚（镇党委书记）。是同一人改任（或再任）的，"
        "加 --same-as 序号（如 --same-as 1）；"
        "是同名的另一人，加 --other-person")
    assert len(people_named(office)) == 1  # nothing added
    code, _, err = run(capsys, *ADD, "--same-as", "2")
    assert code == 1 and err.strip() == "错误：--same-as 2：名册中同名的是 1. 马志刚（镇党委书记），请写其中的序号"
    code, out, _ = run(capsys, *ADD, "--same-as", "1")
    assert code == 0
    [(secretary, _, none), (mayor, title, same)] = people_named(office)
    assert (mayor, title, none, same) == (out.strip(), "镇长", None, secretary)


def test_other_person_is_kept_as_its_own(office, capsys):
    code, out, _ = run(capsys, *ADD, "--other-person")
    assert code == 0
    assert people_named(office)[1] == (out.strip(), "镇长", out.strip())
    with pytest.raises(SystemExit):
        run(capsys, *ADD, "--other-person", "--same-as", "1")
    assert "不能与参数 --other-person 同时使用" in capsys.readouterr().err  # one of the two


def test_a_name_the_roster_lacks_is_added_as_before_and_same_as_is_refused_there(office, capsys):
    base = ("--user", "xiaoma", "people", "add", "--name", "田志刚", "--title", "镇长")
    code, _, err = run(capsys, *base, "--same-as", "1")
    assert code == 1 and err.strip() == "错误：--same-as 1：名册中没有可能是同一人的“田志刚”"
    code, _, _ = run(capsys, *base)
    assert code == 0
