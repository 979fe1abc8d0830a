"""`fazhi pdf -o` into a sync client's folder (OneDrive\\文档) says, as the window does, that the file is uploaded."""

from __future__ import annotations

import io
import json
import sys

from fazhi_desktop.cli import main
from fazhi_desktop.core import db_place

MEETING = {
    "title": "2026年第3次镇政府常务会议", "meeting_type": "乡镇行政会议(政府常务会议)", "held_on": "2026-03-05",
    "office_head_attendance": "全程", "host": "田玉春", "attendees": ["马志刚", "田玉春", "李强"],
    "agenda_items": [{"title": "研究春季森林草原防火工作", "decision": "成立防火工作专班。"}],
}


def test_fazhi_pdf_into_onedrive_says_it_goes_to_the_cloud_and_elsewhere_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv(db_place.SKIP_VARIABLE, raising=False)
    for variable in db_place.ONEDRIVE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("FAZHI_DB", str(tmp_path / "office.db"))
    assert main(["init", "--township", "640522100", "--operator", "杨芳"]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(MEETING, ensure_ascii=False)))
    assert main(["add", "meeting", "--json", "-"]) == 0
    synced = tmp_path / "OneDrive" / "文档"
    synced.mkdir(parents=True)
    capsys.readouterr()
    assert main(["pdf", "〔2026〕会记字第1号", "--kind", "minutes", "-o", str(synced / "纪要.pdf")]) == 0
    _, err = capsys.readouterr()
    assert "注意：这个文件夹在同步盘中（OneDrive）" in err and "个人信息" in err
    assert main(["pdf", "〔2026〕会记字第1号", "--kind", "minutes", "-o", str(tmp_path / "纪要.pdf")]) == 0
    assert "同步盘" not in capsys.readouterr().err
