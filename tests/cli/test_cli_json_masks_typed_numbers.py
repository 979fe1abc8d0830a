"""`fazhi list --format json` and `fazhi show` masked by field only: a phone or ID number typed into a free
text (投诉事项, 投诉内容, 备注, a 当事人's 住址) came out whole, though the ledger's list, `fazhi list` as a table and
导出列表 mask it. Masked as the list masks it now; whole with --reveal, which the reveal log notes (a meeting too,
whose form has no number field)."""

from __future__ import annotations

import json

from test_cli import MEETING, run

from fazhi_desktop.core.store import Store

ID_NUMBER = "64052219850312009X"
PHONE = "13995120316"
COMPLAINT = {"accepted_on": "2026-03-05", "source": "12345热线", "respondent": "乡综合执法办",
             "matter": f"马某（{PHONE}）反映暂扣物品",
             "matter_details": f"投诉人马某，身份证号{ID_NUMBER}，2026-03-05 来电",
             "remarks": "已电话联系 139 9512 0316，罚款2000元"}


def added(capsys, monkeypatch, ledger: str, values: dict) -> str:
    code, out, _ = run(capsys, "add", ledger, "--json", "-", stdin=json.dumps(values, ensure_ascii=False),
                       monkeypatch=monkeypatch)
    assert code == 0
    return out.strip()


def test_json_and_show_mask_numbers_typed_into_texts(db, capsys, monkeypatch):
    record_id = added(capsys, monkeypatch, "complaint", COMPLAINT)
    for command in (["list", "complaint", "--format", "json"], ["show", record_id, "--format", "json"],
                    ["show", record_id]):
        _, out, _ = run(capsys, *command)
        assert PHONE not in out and ID_NUMBER not in out and "139 9512" not in out, command
        assert "马某（139****0316）反映暂扣物品" in out and "640522********009X" in out, command
        assert "罚款2000元" in out and "2026-03-05" in out, command  # an amount and a date stay
    _, out, _ = run(capsys, "show", record_id, "--format", "json")
    values = json.loads(out)["values"]
    assert values["matter"] == "马某（139****0316）反映暂扣物品"
    assert json.loads(out)["remarks"] == "已电话联系 139****0316，罚款2000元"
    _, out, _ = run(capsys, "show", record_id, "--reveal", "--format", "json")
    assert json.loads(out)["values"]["matter"] == COMPLAINT["matter"]


def test_a_party_s_address_is_masked_in_the_json(db, capsys, monkeypatch):
    case = {"case_category": "人民调解", "case_name": "马某与杨某宅基地纠纷", "accepted_on": "2026-04-01",
            "dispute_type": "房屋宅基地纠纷",
            "parties": [{"role": "申请人", "party_type": "自然人", "name": "马文", "address": f"海城镇 电话{PHONE}"}]}
    added(capsys, monkeypatch, "mediation_case", case)
    _, out, _ = run(capsys, "list", "mediation_case", "--format", "json")
    assert json.loads(out)[0]["values"]["parties"][0]["address"] == "海城镇 电话139****0316"


def test_revealing_a_typed_number_is_noted_though_the_form_has_no_number_field(db, capsys, monkeypatch):
    added(capsys, monkeypatch, "meeting", {**MEETING, "remarks": f"联系人电话{PHONE}"})
    _, out, _ = run(capsys, "list", "meeting", "--format", "json")
    assert PHONE not in out and json.loads(out)[0]["remarks"] == "联系人电话139****0316"
    _, out, _ = run(capsys, "list", "meeting", "--format", "json", "--reveal")
    assert json.loads(out)[0]["remarks"] == f"联系人电话{PHONE}"
    store = Store.open(db)
    try:
        assert store.query("SELECT count(*) AS n FROM reveal_log")[0]["n"] == 1
    finally:
        store.close()
