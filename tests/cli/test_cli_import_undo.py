"""`fazhi imports` and `fazhi imports undo ID`: 撤销Excel导入 scripted, as `fazhi year close` asks before it acts."""

from __future__ import annotations

import json

from excel_files import filled_template, meetings

from fazhi_desktop.cli import main
from fazhi_desktop.core.store import ListQuery, Store


def run(capsys, *args: str):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def meeting_numbers(db) -> list[str]:
    store = Store.open(db)
    try:
        return sorted(record.number for record in store.list(ListQuery("meeting")))
    finally:
        store.close()


def test_the_imports_are_listed_and_one_is_undone_after_a_dry_run(db, ledgers, tmp_path, capsys):
    path = filled_template(ledgers["meeting"], tmp_path / "会议1-8月.xlsx", meetings(3))
    assert run(capsys, "add", "meeting", "--from", str(path))[0] == 0
    edit = tmp_path / "edit.json"
    edit.write_text(json.dumps({"location": "镇政府三楼会议室"}), encoding="utf-8")
    assert run(capsys, "update", "〔2026〕会记字第3号", "--json", str(edit))[0] == 0

    code, out, err = run(capsys, "imports")
    assert code == 0 and "撤销一次导入：fazhi imports undo 序号" in err
    header, _, line = out.splitlines()
    assert header.split() == ["序号", "导入时间", "台账", "文件", "操作人", "条数", "可撤销", "说明"]
    assert line.split()[:1] + line.split()[3:] == ["1", "会议", "会议1-8月.xlsx", "马文", "3", "2",
                                                   "保留", "1", "条（导入后已修改", "1", "条）"]

    code, out, err = run(capsys, "imports", "undo", "1", "--dry-run")
    assert code == 0 and "未撤销（--dry-run）" in err
    assert out.splitlines()[1:] == [
        "保留 1 条（已不是导入时的原样）：",
        "  〔2026〕会记字第3号（2026年第3次乡镇政府常务会议）：导入后已修改",
        "编号不收回（保留的记录中有更后的编号 〔2026〕会记字第3号）：这 2 个编号不再使用，年度台账注明“已删除”。"]
    assert len(meeting_numbers(db)) == 3

    code, out, err = run(capsys, "imports", "undo", "1")  # no terminal to ask on: --yes is needed
    assert code == 2 and "非交互运行时请加 --yes 确认" in err and len(meeting_numbers(db)) == 3

    code, out, err = run(capsys, "imports", "undo", "1", "--yes")
    assert code == 0 and out.splitlines()[-1].startswith("已撤销：删除 2 条会议记录（会议1-8月.xlsx）；保留 1 条：")
    assert meeting_numbers(db) == ["〔2026〕会记字第3号"]

    code, _, err = run(capsys, "imports", "undo", "1", "--yes")
    assert code == 1 and "没有可撤销的记录" in err
    code, _, err = run(capsys, "imports", "undo", "9")
    assert code == 1 and "没有序号为 9 的Excel导入" in err


def test_a_clean_undo_gives_the_numbers_back(db, ledgers, tmp_path, capsys):
    path = filled_template(ledgers["meeting"], tmp_path / "去年的.xlsx", meetings(2))
    run(capsys, "add", "meeting", "--from", str(path))
    code, out, _ = run(capsys, "imports", "undo", "1", "--yes")
    assert code == 0
    assert "编号 〔2026〕会记字第1号 至 〔2026〕会记字第2号 收回，下一条会议记录编为 〔2026〕会记字第1号" in out
    code, out, _ = run(capsys, "add", "meeting", "--from", str(path))  # the right file, of the same name
    assert code == 0 and out == "已导入 2 条会议记录（草稿）：〔2026〕会记字第1号至第2号\n"
    assert "尚未从 Excel 导入过记录" not in run(capsys, "imports")[1]


def test_nothing_imported_yet_is_said(db, capsys):
    assert run(capsys, "imports") == (0, "尚未从 Excel 导入过记录\n", "")
