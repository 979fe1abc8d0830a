"""导出列表 said `身份证号、电话已遮盖`, but an ID or phone number typed into a text (a complaint's 投诉内容, 备注, a
party's 住址) went into the workbook in full: a list sent to the county or kept on a stick carried it. Masked there as
in the number's own field now, unless revealed; a list saved into a sync folder says it is uploaded."""

from __future__ import annotations

import io
import json
import sys

from openpyxl import load_workbook

from fazhi_desktop.cli import main
from fazhi_desktop.core import db_place
from fazhi_desktop.core.list_export import write_list
from fazhi_desktop.core.store import ListQuery

ACTOR = "杨芳"
ID_NUMBER = "64052219850312009X"
PHONE = "13995120316"


def _complaint(valid_record):
    return valid_record("complaint", matter_details=f"投诉人马某（身份证号{ID_NUMBER}，电话 139 9512 0316）反映：…",
                        remarks=f"已电话联系{PHONE}，罚款2000元，2026-03-05 答复")


def test_numbers_typed_into_text_are_masked_in_the_workbook_and_the_csv(store, valid_record, tmp_path):
    store.save("complaint", _complaint(valid_record), ACTOR)
    write_list(store, ListQuery("complaint"), tmp_path / "投诉.xlsx")
    header, row = ([c.value for c in r] for r in load_workbook(tmp_path / "投诉.xlsx").active.iter_rows())
    cells = dict(zip(header, row, strict=True))
    assert cells["投诉内容"] == "投诉人马某（身份证号640522********009X，电话 139****0316）反映：…"
    assert cells["备注"] == "已电话联系139****0316，罚款2000元，2026-03-05 答复"  # an amount and a date stay
    write_list(store, ListQuery("complaint"), tmp_path / "投诉.csv")
    text = (tmp_path / "投诉.csv").read_text(encoding="utf-8-sig")
    assert ID_NUMBER not in text and PHONE not in text and "640522********009X" in text


def test_a_revealed_list_keeps_them_whole(store, valid_record, tmp_path):
    store.save("complaint", _complaint(valid_record), ACTOR)
    write_list(store, ListQuery("complaint"), tmp_path / "投诉.csv", reveal=True, reason="县局核查")
    text = (tmp_path / "投诉.csv").read_text(encoding="utf-8-sig")
    assert ID_NUMBER in text and f"已电话联系{PHONE}" in text


def test_fazhi_list_into_onedrive_masks_and_says_it_goes_to_the_cloud(tmp_path, monkeypatch, capsys, valid_record):
    monkeypatch.delenv(db_place.SKIP_VARIABLE, raising=False)
    for variable in db_place.ONEDRIVE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("FAZHI_DB", str(tmp_path / "office.db"))
    assert main(["init", "--township", "640522100", "--operator", "杨芳"]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(_complaint(valid_record), ensure_ascii=False)))
    assert main(["add", "complaint", "--json", "-"]) == 0
    synced = tmp_path / "OneDrive" / "文档"
    synced.mkdir(parents=True)
    capsys.readouterr()
    assert main(["list", "complaint", "-o", str(synced / "投诉.csv")]) == 0
    assert "注意：这个文件夹在同步盘中（OneDrive）" in capsys.readouterr().err
    assert ID_NUMBER not in (synced / "投诉.csv").read_text(encoding="utf-8-sig")
    assert main(["list", "complaint", "-o", str(tmp_path / "投诉.csv")]) == 0
    assert "同步盘" not in capsys.readouterr().err


def test_fazhi_list_as_a_table_masks_it_as_the_window_does(tmp_path, monkeypatch, capsys, valid_record):
    monkeypatch.setenv("FAZHI_DB", str(tmp_path / "office.db"))
    assert main(["init", "--township", "640522100", "--operator", "杨芳"]) == 0
    complaint = valid_record("complaint", matter=f"马某（{PHONE}）反映暂扣物品")
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(complaint, ensure_ascii=False)))
    assert main(["add", "complaint", "--json", "-"]) == 0
    capsys.readouterr()
    assert main(["list", "complaint"]) == 0
    out = capsys.readouterr().out
    assert "马某（139****0316）" in out and PHONE not in out


def test_fazhi_list_as_json_masks_it_too(tmp_path, monkeypatch, capsys, valid_record):
    """`fazhi list --format json` gave every text as typed: the README says `fazhi list` masks a number typed into a
    text, and its table and CSV did."""
    monkeypatch.setenv("FAZHI_DB", str(tmp_path / "office.db"))
    assert main(["init", "--township", "640522100", "--operator", "杨芳"]) == 0
    complaint = valid_record("complaint", matter=f"马某（{PHONE}）反映暂扣物品", remarks=f"身份证号{ID_NUMBER}")
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(complaint, ensure_ascii=False)))
    assert main(["add", "complaint", "--json", "-"]) == 0
    capsys.readouterr()
    assert main(["list", "complaint", "--format", "json"]) == 0
    [listed] = json.loads(capsys.readouterr().out)
    assert listed["values"]["matter"] == "马某（139****0316）反映暂扣物品"
    assert listed["remarks"] == "身份证号640522********009X"
    assert main(["list", "complaint", "--format", "json", "--reveal"]) == 0
    [revealed] = json.loads(capsys.readouterr().out)
    assert revealed["values"]["matter"] == complaint["matter"] and revealed["remarks"] == complaint["remarks"]
