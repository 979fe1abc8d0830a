"""`fazhi template LEDGER -o FILE.xlsx` and `fazhi add LEDGER --from FILE [--dry-run]`: 从Excel导入记录 scripted."""

from __future__ import annotations

import pytest
from excel_files import MEETING, filled_template, meetings
from openpyxl import load_workbook

from fazhi_desktop.cli import main
from fazhi_desktop.core.store import Store


def run(capsys, *args: str):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def count(db) -> int:
    store = Store.open(db)
    try:
        return store.count("meeting")
    finally:
        store.close()


def test_template_writes_the_workbook_to_fill_in(db, tmp_path, capsys):
    code, out, err = run(capsys, "template", "meeting", "-o", str(tmp_path / "会议模板.xlsx"))
    assert code == 0 and out.startswith("已写出“会议”导入模板")
    assert "fazhi add meeting --from" in err
    assert load_workbook(tmp_path / "会议模板.xlsx").sheetnames[0] == "会议"
    assert run(capsys, "template", "meeting", "-o", str(tmp_path / "x.csv"))[0] == 2
    code, _, err = run(capsys, "template", "meetings", "-o", str(tmp_path / "x.xlsx"))
    assert code == 1 and "没有名为“meetings”的台账" in err


def test_a_dry_run_checks_and_imports_nothing_then_the_import_saves_all(db, ledgers, tmp_path, capsys):
    path = filled_template(ledgers["meeting"], tmp_path / "m.xlsx", meetings(3))

    code, out, _ = run(capsys, "add", "meeting", "--from", str(path), "--dry-run")
    assert code == 0 and out == "检查无误：m.xlsx 中有 3 条会议记录可以导入；未导入（--dry-run）\n"
    assert count(db) == 0

    code, out, _ = run(capsys, "add", "meeting", "--from", str(path))
    assert code == 0 and out == "已导入 3 条会议记录（草稿）：〔2026〕会记字第1号至第3号\n"
    assert count(db) == 3


def test_problems_are_listed_by_row_and_nothing_is_imported(db, ledgers, tmp_path, capsys):
    rows = [MEETING, {**MEETING, "会议名称/届次": "另一次", "会议类型": "茶话会"}, {**MEETING, "会议名称/届次": None}]
    path = filled_template(ledgers["meeting"], tmp_path / "m.xlsx", rows)
    code, out, err = run(capsys, "add", "meeting", "--from", str(path))
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert "错误：m.xlsx 有 2 处问题，未导入任何记录：" in lines
    assert lines[-2].startswith("  - 第 3 行·会议类型：“茶话会”不是可选值")
    assert lines[-1] == "  - 第 4 行·会议名称/届次：必填"
    assert count(db) == 0


def test_dry_run_goes_with_from_only(db, tmp_path, capsys):
    (tmp_path / "m.json").write_text("{}", encoding="utf-8")
    code, _, err = run(capsys, "add", "meeting", "--json", str(tmp_path / "m.json"), "--dry-run")
    assert code == 2 and "--dry-run 只与 --from 同用" in err
    with pytest.raises(SystemExit) as stopped:  # neither --json nor --from: argparse's usage
        main(["add", "meeting"])
    assert stopped.value.code == 2


def test_the_same_file_a_second_time_is_refused_unless_again(db, ledgers, tmp_path, capsys):
    path = filled_template(ledgers["meeting"], tmp_path / "会议1-8月.xlsx", meetings(3))
    assert run(capsys, "add", "meeting", "--from", str(path))[0] == 0

    code, out, err = run(capsys, "add", "meeting", "--from", str(path))
    assert code == 1 and out == "" and count(db) == 3
    assert "错误：会议1-8月.xlsx 的 3 条记录都已于 2026-" in err and "从同名文件导入过，未导入" in err
    assert "请加 --again" in err

    code, out, err = run(capsys, "add", "meeting", "--from", str(path), "--dry-run")  # said 检查无误, exit 0
    assert code == 1 and out == "" and "从同名文件导入过，不加 --again 将被拒绝" in err
    code, out, _ = run(capsys, "add", "meeting", "--from", str(path), "--dry-run", "--again")
    assert code == 0 and out.startswith("检查无误：会议1-8月.xlsx 中有 3 条会议记录可以导入") and count(db) == 3

    code, out, _ = run(capsys, "add", "meeting", "--from", str(path), "--again")
    assert code == 0 and out.startswith("已导入 3 条会议记录") and count(db) == 6
    assert run(capsys, "add", "meeting", "--json", str(path), "--again")[0] == 2


def test_the_refusal_of_a_file_imported_before_says_how_a_corrected_one_replaces_it(db, ledgers, tmp_path, capsys):
    """It offered only --again (a second copy of every record), never the undo: followed as said, the corrected file
    comes in once."""
    path = filled_template(ledgers["meeting"], tmp_path / "会议1-8月.xlsx", meetings(3))
    assert run(capsys, "add", "meeting", "--from", str(path))[0] == 0
    code, _, err = run(capsys, "add", "meeting", "--from", str(path))
    said = "如要用改好的文件替换上次导入的记录，请先“文件 → 撤销Excel导入…”（fazhi imports undo 1），再导入"
    assert code == 1 and said in err and count(db) == 3

    assert run(capsys, "imports", "undo", "1", "--yes")[0] == 0 and count(db) == 0
    code, out, _ = run(capsys, "add", "meeting", "--from", str(path))
    assert code == 0 and out == "已导入 3 条会议记录（草稿）：〔2026〕会记字第1号至第3号\n" and count(db) == 3


def test_an_import_of_meetings_names_the_studies_of_their_days_with_the_command_that_links_them(db, ledgers, tmp_path,
                                                                                                capsys, valid_record):
    """The studies typed first, the meetings imported after: the import linked none and said nothing (session 25)."""
    store = Store.open(db)
    try:
        studied = store.save("law_study", valid_record("law_study", held_on=MEETING["会议日期"]), "马文")
    finally:
        store.close()
    path = filled_template(ledgers["meeting"], tmp_path / "m.xlsx", [MEETING])
    code, out, err = run(capsys, "add", "meeting", "--from", str(path))
    assert code == 0 and out == "已导入 1 条会议记录（草稿）：〔2026〕会记字第1号\n"
    assert "提示：1 处链接尚未填写，同日有可链接的记录" in err
    command = f"echo '{{\"pre_meeting_study\": \"{studied.number}\"}}' | fazhi update 〔2026〕会记字第1号 --json -"
    assert command in err
    store = Store.open(db)
    try:
        assert not store.find_by_number("〔2026〕会记字第1号")["pre_meeting_study"]  # not linked without her word
    finally:
        store.close()
