"""`fazhi todo`: the township's 待办事项 on the command line, as 统计 → 待办事项 lists it (core/todo.py): grouped,
overdue first, each record by number with what is missing; `-o` writes it to a workbook for the inspectors, and
`--format json` gives each item's record id. Dates of 2020: late by any clock the test runs on."""

from __future__ import annotations

import json

from openpyxl import load_workbook
from test_cli_overdue import add, run

PHONE = "13909541234"
LATE = {"accepted_on": "2020-06-05", "source": "网络", "complainant": "马兰", "contact": PHONE,
        "respondent": "综合执法办", "matter": "暴力执法", "handler": "马文", "due_on": "2020-06-20"}
OPEN = {**LATE, "matter": "夜间执法扰民", "due_on": "2020-07-20"}
CLOSED = {**LATE, "matter": "乱收费", "closed_on": "2020-06-12", "handling_result": "属实", "closed_in_time": True}


def test_todo_lists_the_open_complaints_overdue_first_and_writes_a_workbook(db, capsys, tmp_path):
    for values in (OPEN, LATE, CLOSED):
        add(capsys, tmp_path, "complaint", values)
    code, out, _ = run(capsys, "todo", "--year", "2020")
    assert code == 0
    assert out.splitlines()[0].startswith("海城镇司法所待办事项") and "未办结的事项 2 项（逾期 2 项）" in out
    lines = [line for line in out.splitlines() if line.startswith("〔2020〕投诉字")]
    first = ["〔2020〕投诉字第2号", "〔2020〕投诉字第1号"]  # the earlier deadline first
    assert [line.split()[0] for line in lines] == first
    assert "办理期限已过（2020-06-20），尚未办结" in lines[0] and "〔2020〕投诉字第3号" not in out
    assert PHONE not in out and "马兰" not in out and "承办人" in out and "马文" in lines[0]

    _, out, _ = run(capsys, "todo", "--format", "json")
    items = json.loads(out)["items"]
    assert [i["number"] for i in items if i["group"] == "未办结的事项"] == first
    assert all(i["late"] and i["ledger"] == "complaint" and i["id"] for i in items if i["group"] == "未办结的事项")
    assert all(i["handler"] == "马文" for i in items if i["group"] == "未办结的事项")  # whose open matters they are

    path = tmp_path / "待办.xlsx"
    code, out, _ = run(capsys, "todo", "-o", str(path))
    assert code == 0 and "已导出待办事项" in out
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0][:2] == ("分类", "编号") and rows[1][1] == "〔2020〕投诉字第2号"
    assert rows[1][rows[0].index("承办人")] == "马文"


def test_todo_refuses_a_file_it_cannot_write_by_its_suffix(db, capsys, tmp_path):
    code, _, err = run(capsys, "todo", "-o", str(tmp_path / "待办.pdf"))
    assert code == 1 and ".xlsx" in err and "Traceback" not in err
