"""What `fazhi show` and `fazhi list` print a 录入员 must not let her rebuild a masked number: the record's content
hash, SHA-256 of the full content of which she sees all but the hidden digits, found an ID number's birthday in
366 guesses and a phone's middle digits in 10,000, in a fraction of a second."""

from __future__ import annotations

import json

from fazhi_desktop.cli import main
from fazhi_desktop.core.store import Store

PASSWORD = "demo2026"
CASE = {"case_category": "人民调解", "case_name": "田某与马某邻里纠纷", "accepted_on": "2026-04-01",
        "dispute_type": "邻里纠纷", "parties": [{"role": "申请人", "party_type": "自然人", "name": "田娟",
                                              "id_number": "640522197001010048", "phone": "13912344567"}]}


def test_a_clerk_is_shown_no_content_hash(demo_db, tmp_path, monkeypatch, capsys):
    path = demo_db  # accounts: 马丽 is a 录入员
    (tmp_path / "c.json").write_text(json.dumps(CASE, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("FAZHI_PASSWORD", PASSWORD)
    assert main(["--user", "马丽", "add", "mediation_case", "--json", str(tmp_path / "c.json")]) == 0
    store = Store.open(path)
    record = store.find_by_number("〔2026〕人调字第1号")
    store.close()
    capsys.readouterr()
    for args in (["show", record.id, "--format", "json"], ["list", "mediation_case", "--format", "json"],
                 ["list", "mediation_case", "--format", "csv"], ["show", record.id]):
        assert main(["--user", "马丽", *args]) == 0
        out = capsys.readouterr().out
        assert "640522********0048" in out or "139****4567" in out or "田娟" in out  # the record is shown
        assert record.content_hash not in out and record.content_hash[:8] not in out and "content_hash" not in out
