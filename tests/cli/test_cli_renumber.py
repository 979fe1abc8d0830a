"""`fazhi renumber` and `fazhi number-from`, the command line's 按日期重新编号 and 编号从第N号起: `fazhi add` of a
meeting dated before the year's latest numbered one says so and names the command; a dry run lists 旧号→新号 and
writes nothing; only the 所长 renumbers or sets where a series goes on, and a number in use is refused."""

from __future__ import annotations

import json

import pytest
from test_cli_years import PASSWORD, run

MEETING = {"title": "镇党委会议", "meeting_type": "乡镇行政会议(政府常务会议)", "office_head_attendance": "全程"}


@pytest.fixture
def office(demo_db, tmp_path, monkeypatch, capsys):
    """The demonstration database, the clerk having entered a May meeting of 2024 before an April one."""
    monkeypatch.setenv("FAZHI_PASSWORD", PASSWORD)
    for day in ("2024-05-10", "2024-04-02"):
        (tmp_path / f"{day}.json").write_text(json.dumps({**MEETING, "held_on": day}, ensure_ascii=False))
    assert run(capsys, "add", "meeting", "--json", str(tmp_path / "2024-05-10.json"), user="马丽")[0] == 0
    return tmp_path


def test_an_entry_out_of_date_order_is_said_and_renumbered_by_the_head(office, capsys):
    code, _, err = run(capsys, "add", "meeting", "--json", str(office / "2024-04-02.json"), user="马丽")
    assert code == 0
    assert ("提示：会议日期：早于已编号的 〔2024〕会记字第1号（2024-05-10），编号 〔2024〕会记字第2号 不按日期先后；"
            "录完补登的记录后，可由所长在“编辑 → 按日期重新编号…”（命令行 fazhi renumber）中按日期重新编号") in err
    code, out, _ = run(capsys, "renumber", "--ledger", "meeting", "--year", "2024", "--dry-run", user="马丽")
    assert code == 0
    assert out.splitlines() == ["2024年的会议将按日期重新编号 2 条（旧号→新号）：",
                                "  〔2024〕会记字第2号 → 〔2024〕会记字第1号",
                                "  〔2024〕会记字第1号 → 〔2024〕会记字第2号", "（只列出，未改动数据）"]
    code, _, err = run(capsys, "renumber", "--ledger", "meeting", "--year", "2024", user="马丽")
    assert code == 1 and err.strip() == "错误：录入员无权调整编号（需要所长或管理员）"
    code, out, _ = run(capsys, "renumber", "--ledger", "会议", "--year", "2024")
    assert code == 0 and out.splitlines()[0] == "2024年的会议已按日期重新编号 2 条（旧号→新号）："
    code, out, _ = run(capsys, "show", "〔2024〕会记字第1号", "--format", "json")
    assert json.loads(out)["values"]["held_on"] == "2024-04-02"
    code, out, _ = run(capsys, "history", "〔2024〕会记字第1号")
    assert "按日期重新编号（原为 〔2024〕会记字第2号）" in out


def test_the_head_sets_where_a_series_goes_on(office, capsys):
    code, _, err = run(capsys, "number-from", "--ledger", "meeting", "--year", "2024", "1")
    assert code == 1
    assert err.strip() == "错误：编号未设定（编号从第N号起：〔2024〕会记字第1号 已经用过，只能从第 2 号或更大的号起编）"
    code, _, err = run(capsys, "number-from", "--ledger", "meeting", "--year", "2024", "9", user="马丽")
    assert code == 1 and "录入员无权调整编号" in err
    code, out, _ = run(capsys, "number-from", "--ledger", "meeting", "--year", "2024", "9")
    assert code == 0 and out.strip() == "已设定：会议 2024年会记字从第 9 号起编号（原接着第 1 号编；记入账户日志）"
    code, _, err = run(capsys, "add", "meeting", "--json", str(office / "2024-04-02.json"), user="马丽")
    assert "已添加：会议 〔2024〕会记字第9号" in err
