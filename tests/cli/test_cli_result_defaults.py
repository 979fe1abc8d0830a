"""`fazhi update` of a case saved at 受理 that sets its 调解结果 alone (review of session 23): its 协议形式 and
司法确认, hidden at the first save and stored empty, take their defaults (书面, 未申请) as the editor shows them; it was
refused 「协议形式：必填」. A value given is kept as given."""

from __future__ import annotations

import json

from test_cli_party_numbers import run

CASE = {"case_name": "马文礼与李志强宅基地边界纠纷", "accepted_on": "2026-10-09", "dispute_type": "房屋宅基地纠纷",
        "parties": [{"role": "申请人", "name": "马文礼"}, {"role": "被申请人", "name": "李志强"}]}
NUMBER = "〔2026〕人调字第1号"


def shown(capsys, monkeypatch) -> dict:
    _, out, _ = run(capsys, monkeypatch, "show", NUMBER, "--format", "json")
    return json.loads(out)["values"]


def test_setting_the_result_alone_fills_the_defaults_it_shows(db, capsys, monkeypatch):
    assert run(capsys, monkeypatch, "add", "mediation_case", "--json", "-", stdin=json.dumps(CASE))[0] == 0
    assert shown(capsys, monkeypatch)["agreement_form"] is None  # hidden without a result: kept empty
    code, out, err = run(capsys, monkeypatch, "update", NUMBER, "--json", "-",
                         stdin=json.dumps({"result": "调解成功", "mediated_on": "2026-10-23"}))
    assert code == 0, out + err
    values = shown(capsys, monkeypatch)
    assert (values["agreement_form"], values["judicial_confirmation"]) == ("书面", "未申请")


def test_a_value_given_with_the_result_is_kept(db, capsys, monkeypatch):
    run(capsys, monkeypatch, "add", "mediation_case", "--json", "-", stdin=json.dumps(CASE))
    code, out, err = run(capsys, monkeypatch, "update", NUMBER, "--json", "-",
                         stdin=json.dumps({"result": "调解成功", "agreement_form": "口头"}))
    assert code == 0, out + err
    values = shown(capsys, monkeypatch)
    assert (values["agreement_form"], values["judicial_confirmation"]) == ("口头", "未申请")
