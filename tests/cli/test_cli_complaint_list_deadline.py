"""`fazhi list complaint` shows each complaint's 办理期限, and 未办结 under 是否按期办结 until it is concluded, as the
window's list and the register do (it printed no deadline, and a blank there)."""

from __future__ import annotations

import json

from fazhi_desktop.cli import main

OPEN = {"accepted_on": "2020-06-05", "source": "网络", "respondent": "综合执法办", "matter": "暴力执法",
        "due_on": "2020-06-20"}


def test_the_list_shows_the_deadline_and_not_concluded(db, capsys, tmp_path):
    path = tmp_path / "record.json"
    path.write_text(json.dumps(OPEN, ensure_ascii=False), encoding="utf-8")
    assert main(["add", "complaint", "--json", str(path)]) == 0
    capsys.readouterr()
    assert main(["list", "complaint"]) == 0
    out = capsys.readouterr().out
    head = next(line for line in out.splitlines() if line.startswith("编号"))
    row = next(line for line in out.splitlines() if line.startswith("〔2020〕"))
    assert head.split() == ["编号", "受理日期", "来源", "投诉事项", "办理期限", "是否按期办结", "状态"]
    assert row.split()[-3:] == ["2020-06-20", "未办结", "逾期·草稿"]
