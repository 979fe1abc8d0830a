"""`fazhi add`/`update --json` of a minor party: 提示 names the row while the 法定代理人 is missing, and the
guardian sent later is saved and shown."""

from __future__ import annotations

import json

from test_cli_party_numbers import run

CHILD = {"role": "申请人", "party_type": "自然人", "name": "田小花", "age": 12}
CASE = {"case_category": "人民调解", "case_name": "田小花与马某邻里纠纷", "accepted_on": "2026-04-01",
        "dispute_type": "邻里纠纷", "parties": [{"role": "被申请人", "party_type": "自然人", "name": "马某"}, CHILD]}
NUMBER = "〔2026〕人调字第1号"


def test_a_minor_is_saved_with_a_hint_naming_the_row_until_the_guardian_is_sent(db, capsys, monkeypatch):
    code, out, err = run(capsys, monkeypatch, "add", "mediation_case", "--json", "-", stdin=json.dumps(CASE))
    assert code == 0, err
    assert "提示：当事人第2行·法定代理人：按受理日期未满18周岁，法定代理人未填写，请补充" in out + err
    parties = [CASE["parties"][0], {**CHILD, "guardian": "田军", "guardian_relation": "父亲"}]
    code, out, err = run(capsys, monkeypatch, "update", NUMBER, "--json", "-", stdin=json.dumps({"parties": parties}))
    assert code == 0 and "法定代理人" not in out + err, out + err
    _, out, _ = run(capsys, monkeypatch, "show", NUMBER, "--format", "json")
    shown = json.loads(out)["values"]["parties"][1]
    assert (shown["guardian"], shown["guardian_relation"]) == ("田军", "父亲")
