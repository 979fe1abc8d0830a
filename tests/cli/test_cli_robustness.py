"""What a user meets when `fazhi` cannot end normally: a full disk behind `>`, a closed pipe, Ctrl-C, a folder or a
misspelt name where a file was wanted, input beyond what Python reads, a year or a number out of range. Each is said
in Chinese with the reason (exit 1, or 2 for a bad argument, 130 for Ctrl-C), never as a Python traceback."""

from __future__ import annotations

import errno
import io
import json
import subprocess
import sys

import pytest

from fazhi_desktop import cli, cli_backup, cli_guards
from fazhi_desktop.cli import main
from fazhi_desktop.core import dates

MEETING = {"title": "专题会议", "meeting_type": "其他", "held_on": "2026-03-05", "office_head_attendance": "全程"}


@pytest.fixture
def county(tmp_path):
    path = tmp_path / "county.db"
    assert main(["--db", str(path), "init", "--township", "640522", "--county"]) == 0
    return path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def refused(capsys, *args: str) -> str:
    """A bad argument: argparse's exit 2, and what it said."""
    with pytest.raises(SystemExit) as exc:
        main(list(args))
    assert exc.value.code == 2
    return capsys.readouterr().err


class FullDisk(io.StringIO):
    """Standard output redirected to a full stick: every write fails as Windows and Linux fail it."""

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


# -- standard output ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_a_list_sent_to_a_full_disk_says_the_disk_is_full_and_fails(db, capsys, monkeypatch, fmt):
    assert main(["add", "meeting", "--json", _meeting_file(db)]) == 0
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdout", FullDisk())
    assert main(["list", "meeting", "--format", fmt]) == 1
    err = capsys.readouterr().err
    assert "无法写出结果（标准输出" in err and "磁盘（U盘）空间不足" in err and "不完整" in err


def test_a_closed_pipe_ends_the_command_quietly(db, tmp_path):
    """`fazhi list … | head -1`: the reader has gone before the output is written; no message, exit 0."""
    env = {"FAZHI_DB": str(db), "PYTHONPATH": ":".join(sys.path)}
    child = subprocess.Popen([sys.executable, "-m", "fazhi_desktop", "check"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=env)
    child.stdout.close()  # the reader leaves at once
    _, err = child.communicate(timeout=60)
    assert child.returncode == 0
    assert err.decode() == ""


# -- Ctrl-C ---------------------------------------------------------------------------------------------------------


def test_ctrl_c_during_a_command_says_cancelled(db, capsys, monkeypatch):
    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setitem(cli.COMMANDS, "check", interrupted)
    code, _, err = run(capsys, "check")
    assert code == 130
    assert err.strip() == "已取消"


def test_ctrl_c_while_the_program_loads_says_cancelled_without_a_traceback(capsys):
    with pytest.raises(SystemExit) as exc, cli_guards.starting():
        raise KeyboardInterrupt
    assert exc.value.code == 130
    assert capsys.readouterr().err.strip() == "已取消"


def test_ctrl_c_after_the_backup_file_is_complete_says_the_backup_is_there(db, tmp_path, capsys, monkeypatch):
    from fazhi_desktop.core.backup import create

    def interrupted_while_tidying(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(create, "_after_success", interrupted_while_tidying)
    code, _, err = run(capsys, "backup", "--to", str(tmp_path / "stick"))
    assert code == 130
    backups = list((tmp_path / "stick").glob("*.zip"))
    assert len(backups) == 1
    assert f"已取消：备份文件已写好：{backups[0]}" in err


# -- files that are not what was asked for --------------------------------------------------------------------------


def test_a_folder_or_a_misspelt_name_given_as_the_json_file_is_said_in_chinese(db, tmp_path, capsys):
    (tmp_path / "adir").mkdir()
    code, _, err = run(capsys, "add", "meeting", "--json", str(tmp_path / "adir"))
    assert code == 1 and "是一个文件夹，不是文件" in err and "Is a directory" not in err
    code, _, err = run(capsys, "add", "meeting", "--json", str(tmp_path / "nope.json"))
    assert code == 1 and "nope.json：找不到文件" in err and "No such file" not in err


def test_a_list_written_onto_a_folder_says_it_is_a_folder_not_a_disk_fault(db, tmp_path, capsys):
    (tmp_path / "m.xlsx").mkdir()
    code, _, err = run(capsys, "list", "meeting", "-o", str(tmp_path / "m.xlsx"))
    assert code == 1
    assert "m.xlsx：是一个文件夹，不是文件" in err and "读写磁盘出错" not in err


def test_a_backup_to_a_file_says_it_is_not_a_folder(db, tmp_path, capsys):
    (tmp_path / "afile").write_text("x")
    code, _, err = run(capsys, "backup", "--to", str(tmp_path / "afile"))
    assert code == 1
    assert "不是文件夹（已有同名的文件）" in err and "File exists" not in err


def test_a_folder_given_as_the_database_is_said_to_be_a_folder(tmp_path, capsys):
    code, _, err = run(capsys, "--db", str(tmp_path), "list", "meeting")
    assert code == 1
    assert "是一个文件夹，不是文件" in err and "文件夹不存在" not in err


def test_a_missing_or_folder_catalog_is_said_in_chinese(db, tmp_path, capsys):
    code, _, err = run(capsys, "catalog", "check", str(tmp_path))
    assert code == 1 and "无法读取文件（是一个文件夹，不是文件）" in err


# -- input beyond what Python reads ---------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["[" * 100_000 + "]" * 100_000, "9" * 5000], ids=["nested", "5000 digits"])
def test_json_nested_too_deep_or_with_a_huge_number_is_refused_in_chinese(db, tmp_path, capsys, value):
    path = tmp_path / "r.json"
    path.write_text('{"title": ' + value + "}", encoding="utf-8")
    for command in (["add", "meeting"], ["update", "〔2026〕会记字第1号"]):
        code, _, err = run(capsys, *command, "--json", str(path))
        assert code == 1
        assert "不是有效的 JSON（数字太长或层次太深）" in err


@pytest.mark.parametrize("value", ["[" * 100_000 + "]" * 100_000, "9" * 5000], ids=["nested", "5000 digits"])
def test_a_catalog_nested_too_deep_or_with_a_huge_number_is_refused_in_chinese(db, tmp_path, capsys, value):
    path = tmp_path / "catalog.toml"
    path.write_text(f"format = {value}\n", encoding="utf-8")
    for command in ("check", "use"):
        code, _, err = run(capsys, "catalog", command, str(path))
        assert code == 1
        assert "TOML 数字太长或层次太深" in err


# -- years and numbers out of range ---------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [
    "register meeting --year 0 -o r.pdf", "register meeting --year 9999 -o r.pdf", "demo --year 0",
    "demo --year 99999", "indicators --year 0", "indicators --year -1", "indicators --year 10000",
    "report --year 0 -o r.xlsx", "year close 9999", "year reopen 9999 --reason x",
])
def test_a_year_to_make_something_for_outside_the_programs_years_is_refused(db, capsys, command):
    err = refused(capsys, *command.split())
    assert "年份应在 2000–2100 之间" in err


@pytest.mark.parametrize("command, wrong", [("list meeting", "0"), ("submit --all meeting", "-1"),
                                            ("lock --all meeting", "10000")])
def test_a_year_to_find_records_by_that_no_date_holds_is_refused_not_taken_for_every_year(db, capsys, command,
                                                                                          wrong):
    err = refused(capsys, *command.split(), "--year", wrong)
    assert f"--year：年份应在 1–9999 之间，收到 {wrong}" in err


def test_a_record_an_earlier_version_dated_9999_is_found_by_its_year_from_the_terminal(db, capsys, monkeypatch):
    """`fazhi list meeting --year 9999` was refused (2000–2100) although the window's year filter offers 9999年 and
    finds the record there, and `fazhi check` or the county names it for correcting."""
    with monkeypatch.context() as before:  # as an older version saved it, before dates were held to the years
        before.setattr(dates, "year_problem", lambda year, first=dates.FIRST_YEAR: None)
        path = db.with_name("m9999.json")
        path.write_text(json.dumps({**MEETING, "title": "九九九九年的会", "held_on": "9999-12-31"},
                                   ensure_ascii=False), encoding="utf-8")
        assert main(["add", "meeting", "--json", str(path)]) == 0
    assert main(["add", "meeting", "--json", _meeting_file(db)]) == 0
    capsys.readouterr()

    code, out, _ = run(capsys, "list", "meeting", "--year", "9999", "--format", "json")
    assert code == 0
    assert [r["values"]["title"] for r in json.loads(out)] == ["九九九九年的会"]
    code, out, _ = run(capsys, "submit", "--all", "meeting", "--year", "9999")  # the batch steps find it alike
    assert code == 0
    assert "〔9999〕会记字第1号：现为“已提交”" in out and "提交审核 1 条" in out


def test_an_as_of_date_past_2100_is_refused(db, capsys):
    err = refused(capsys, "indicators", "--year", "2026", "--as-of", "9999-12-31")
    assert "--as-of：日期应在 2000–2100 年之间" in err


def test_negative_counts_are_refused(db, capsys):
    assert "--per-ledger：应为 0 或正整数，收到 -5" in refused(capsys, "demo", "--per-ledger", "-5")
    assert "--keep-daily：应为 0 或正整数，收到 -1" in refused(capsys, "backup-settings", "--keep-daily", "-1")


@pytest.mark.parametrize("command", ["bundles --township 640522100 --show", "conflicts show", "conflicts resolve"])
def test_a_number_too_large_for_the_database_is_refused(county, capsys, command):
    extra = ["--keep", "held"] if "resolve" in command else []
    err = refused(capsys, "--db", str(county), *command.split(), "99999999999999999999", *extra)
    assert "应为 1 到 9223372036854775807 之间的整数" in err


# -- what a command is for ------------------------------------------------------------------------------------------


def test_conflicts_on_a_township_database_say_it_is_a_county_command(db, capsys):
    code, _, err = run(capsys, "conflicts")
    assert code == 1
    assert "县级数据库" in err


def test_the_counties_own_code_as_a_township_is_explained(county, capsys):
    code, _, err = run(capsys, "--db", str(county), "indicators", "--year", "2026", "--township", "640522")
    assert code == 1
    assert "“640522”是海原县的代码，不是乡镇的" in err and "乡镇名称" in err


def test_a_backup_folder_that_cannot_be_written_is_accepted_with_a_warning(db, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(cli_backup, "location_read_only", lambda path: True)
    code, out, err = run(capsys, "backup-settings", "--folder", str(tmp_path))
    assert code == 0 and "已保存备份设置" in out
    assert "现在不能写入" in err and "换一个可以写入的位置" in err


def _meeting_file(db) -> str:
    path = db.with_name("meeting.json")
    path.write_text(json.dumps(MEETING, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_control_characters_in_a_value_reach_a_terminal_as_visible_escapes():
    """A title holding ESC [31m, BEL and a right-to-left override was printed raw: the terminal ran them."""
    import io

    from fazhi_desktop.cli_guards import StandardOutput

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    shown = Terminal()
    StandardOutput(shown).write("A\x1b[31mRED\x1b[0m\x07\u202eB\t会议\n")
    assert shown.getvalue() == "A\\x1b[31mRED\\x1b[0m\\x07\\u202eB\t会议\n"
    piped = io.StringIO()  # into a file or a pipe the value goes as it is: it is the user's data
    StandardOutput(piped).write("A\x1b[31m\n")
    assert piped.getvalue() == "A\x1b[31m\n"


def test_control_characters_in_what_a_command_says_on_standard_error_reach_a_terminal_escaped(db, monkeypatch):
    """Warnings and errors quote titles and file names; only standard output was escaped."""
    import io

    from fazhi_desktop.cli import main

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    said = Terminal()
    monkeypatch.setattr("sys.stderr", said)
    monkeypatch.setenv("FAZHI_DB", str(db))
    assert main(["show", "〔2026〕会记字第9\x1b[2J号"]) == 1
    assert "会记字第9\\x1b[2J号" in said.getvalue() and "\x1b" not in said.getvalue()


def test_nan_and_infinity_in_a_json_file_are_refused_not_saved_as_text():
    """`{"title": NaN}` was saved as the title "nan"."""
    from fazhi_desktop.core.textfiles import NotParsed, parse_json

    for word in ("NaN", "Infinity", "-Infinity"):
        with pytest.raises(NotParsed, match=f"{word} 不是 JSON 的值"):
            parse_json(f'{{"title": {word}}}')


def test_a_key_written_twice_in_a_json_file_is_refused_at_its_line_not_the_last_one_saved(db, tmp_path, capsys):
    """`{"title": "a", "title": "b"}` saved b, silently."""
    path = tmp_path / "r.json"
    path.write_text(json.dumps(MEETING, ensure_ascii=False), encoding="utf-8")
    assert run(capsys, "add", "meeting", "--json", str(path))[0] == 0
    path.write_text(json.dumps(MEETING, ensure_ascii=False)[:-1] + ', "remarks": "甲",\n "remarks": "乙"}',
                    encoding="utf-8")
    for command in (["add", "meeting"], ["update", "〔2026〕会记字第1号"]):
        code, _, err = run(capsys, *command, "--json", str(path))
        assert code == 1 and "r.json 不是有效的 JSON（第 2 行：字段“remarks”出现两次）" in err
    code, out, _ = run(capsys, "list", "meeting", "--format", "json")
    assert [r["remarks"] for r in json.loads(out)] == [None]  # one meeting, unchanged


def test_a_key_twice_in_an_inner_object_is_said_at_the_first_such_line():
    from fazhi_desktop.core.textfiles import RepeatedKey, parse_json

    text = '{"a": [{"x": 1}, {"x": 2,\n "y": {"z": "}", "z": 2}}],\n "a": 3}'
    with pytest.raises(RepeatedKey, match=r"^第 2 行：字段“z”出现两次$"):
        parse_json(text)
    assert parse_json('{"t": {"t": 1}, "T": [{"t": 2}, {"t": 3}]}') == {"t": {"t": 1}, "T": [{"t": 2}, {"t": 3}]}


def test_json_given_inline_to_json_says_that_json_takes_a_file_or_standard_input(db, capsys):
    # fazhi add mediation_case --json "$(cat c.json)": the record's text, too long a file name for any disk
    inline = json.dumps({"case_name": "马某与李某林地权属争议", "dispute_facts": "长" * 200}, ensure_ascii=False)
    code, _, err = run(capsys, "add", "mediation_case", "--json", inline)
    assert code == 1 and "--json 需要文件名，或用 - 从标准输入读取" in err and "文件名太长" not in err
