"""`fazhi update` of a party, as a 录入员 does it: the JSON `fazhi show` gave her, one address changed. The masked
身份证号 was refused as malformed (前17位应为数字); left out, it was erased with no word."""

from __future__ import annotations

import io
import json
import sys

from fazhi_desktop.cli import main
from fazhi_desktop.core.store import Store

CARD = "640522197001010048"
CASE = {"case_category": "人民调解", "case_name": "田某与马某邻里纠纷", "accepted_on": "2026-04-01",
        "dispute_type": "邻里纠纷",
        "parties": [{"role": "申请人", "party_type": "自然人", "name": "田娟", "id_number": CARD}]}
NUMBER = "〔2026〕人调字第1号"


def run(capsys, monkeypatch, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def shown_parties(capsys, monkeypatch) -> list[dict]:
    _, out, _ = run(capsys, monkeypatch, "show", NUMBER, "--format", "json")
    return json.loads(out)["values"]["parties"]


def test_a_party_sent_back_as_shown_keeps_its_number_and_one_left_out_is_refused(db, capsys, monkeypatch):
    run(capsys, monkeypatch, "add", "mediation_case", "--json", "-", stdin=json.dumps(CASE))
    parties = shown_parties(capsys, monkeypatch)
    assert parties[0]["id_number"] == "640522********0048"
    parties[0]["address"] = "新址"
    left = [{k: v for k, v in parties[0].items() if k != "id_number"}]
    code, _, err = run(capsys, monkeypatch, "update", NUMBER, "--json", "-", stdin=json.dumps({"parties": left}))
    assert code == 1
    assert "当事人第1行·身份证号：未给出，保存会删去已存的身份证号" in err
    assert Store.open(db).find_by_number(NUMBER)["parties"][0]["id_number"] == CARD  # nothing written

    code, _, err = run(capsys, monkeypatch, "update", NUMBER, "--json", "-", stdin=json.dumps({"parties": parties}))
    assert code == 0, err
    saved = Store.open(db).find_by_number(NUMBER)["parties"][0]
    assert (saved["address"], saved["id_number"], saved["gender"]) == ("新址", CARD, "女")

    parties[0]["id_number"] = "640522********0049"  # not the stored number's mask
    code, _, err = run(capsys, monkeypatch, "update", NUMBER, "--json", "-", stdin=json.dumps({"parties": parties}))
    assert code == 1 and "当事人第1行·身份证号：是遮盖过的号码（含 *）" in err and "前17位" not in err


def test_update_with_the_file_add_took_keeps_what_the_number_gave(db, capsys, monkeypatch):
    """Refused as `出生日期：未给出，保存会删去…` (advising null, which would erase it): saving had filled 性别 and
    出生日期 from the number, which her file did not hold."""
    run(capsys, monkeypatch, "add", "mediation_case", "--json", "-", stdin=json.dumps(CASE))
    changed = {**CASE, "parties": [{**CASE["parties"][0], "address": "新址"}]}
    code, _, err = run(capsys, monkeypatch, "update", NUMBER, "--json", "-", stdin=json.dumps(changed))
    assert code == 0, err
    saved = Store.open(db).find_by_number(NUMBER)["parties"][0]
    assert (saved["address"], saved["gender"], saved["birth_date"]) == ("新址", "女", "1970-01-01")


def test_removing_a_middle_party_keeps_the_others_numbers(db, capsys, monkeypatch):
    """Rows were paired by position: removing the 2nd party was refused for the 3rd's number (`当事人第2行·身份证号：
    未给出…`), and following the message erased it."""
    cards = [CARD, "640522198503120030", "64052219900202001X"]
    parties = [{"role": r, "party_type": "自然人", "name": n, "id_number": c}
               for r, n, c in zip(["申请人", "被申请人", "第三人"], ["田娟", "马文", "李强"], cards, strict=True)]
    run(capsys, monkeypatch, "add", "mediation_case", "--json", "-", stdin=json.dumps({**CASE, "parties": parties}))
    shown = shown_parties(capsys, monkeypatch)
    code, _, err = run(capsys, monkeypatch, "update", NUMBER, "--json", "-",
                       stdin=json.dumps({"parties": [shown[0], shown[2]]}))
    assert code == 0, err
    saved = Store.open(db).find_by_number(NUMBER)["parties"]
    assert [(p["name"], p["id_number"], p["birth_date"]) for p in saved] == [("田娟", CARD, "1970-01-01"),
                                                                              ("李强", cards[2], "1990-02-02")]
    left = [{k: v for k, v in shown[0].items() if k != "id_number"}, shown[2]]  # a number left out is still refused
    code, _, err = run(capsys, monkeypatch, "update", NUMBER, "--json", "-", stdin=json.dumps({"parties": left}))
    assert code == 1 and "当事人第1行·身份证号：未给出" in err and "第2行" not in err


def test_add_with_a_party_name_sent_as_a_list_says_the_field(db, capsys, monkeypatch):
    case = json.loads(json.dumps(CASE))
    case["parties"][0]["name"] = ["田娟"]
    code, _, err = run(capsys, monkeypatch, "add", "mediation_case", "--json", "-", stdin=json.dumps(case))
    assert code == 1 and "当事人第1行" in err and "Traceback" not in err, err
