"""`fazhi list --reveal` as a table and a list written with --reveal (`-o`, 导出列表) showed a number typed into a text
whole (a complaint's 投诉事项 `马某（13995120316）…` in the table's column, a meeting's 备注 in the file) and the reveal
log noted nothing: the table noted only when one of its columns is a number field, the file only records holding a
number field. Noted as `--format json` and `fazhi show` note it, naming the texts."""

from __future__ import annotations

import json

from test_cli import MEETING, run

from fazhi_desktop.core.store import Store

PHONE = "13995120316"
COMPLAINT = {"accepted_on": "2026-03-05", "source": "12345热线", "respondent": "乡综合执法办",
             "matter": f"马某（{PHONE}）反映暂扣物品"}


def _noted(db) -> list[tuple[str, str]]:
    store = Store.open(db)
    try:
        return [(r["how"], r["shown"]) for r in store.query("SELECT how, shown FROM reveal_log ORDER BY id")]
    finally:
        store.close()


def test_the_table_revealing_a_typed_number_in_its_column_is_noted(db, capsys, monkeypatch):
    assert run(capsys, "add", "complaint", "--json", "-", stdin=json.dumps(COMPLAINT, ensure_ascii=False),
               monkeypatch=monkeypatch)[0] == 0
    _, out, _ = run(capsys, "list", "complaint")
    assert PHONE not in out and _noted(db) == []
    _, out, _ = run(capsys, "list", "complaint", "--reveal")
    assert PHONE in out
    assert _noted(db) == [("fazhi list --reveal --format table", "投诉事项")]


def test_a_list_file_revealing_a_meeting_s_remarks_is_noted(db, capsys, monkeypatch, tmp_path):
    assert run(capsys, "add", "meeting", "--json", "-", stdin=json.dumps({**MEETING, "remarks": f"联系人电话{PHONE}"},
               ensure_ascii=False), monkeypatch=monkeypatch)[0] == 0
    target = tmp_path / "会议.csv"
    assert run(capsys, "list", "meeting", "-o", str(target), "--reveal")[0] == 0
    assert PHONE in target.read_text(encoding="utf-8-sig")
    assert [shown for _, shown in _noted(db)] == ["备注"]


def test_a_record_with_a_number_field_names_the_text_shown_too(db, capsys, monkeypatch):
    """A complaint with its 联系方式 and a phone typed into 投诉事项: `fazhi show --reveal` showed both, the log
    named 联系方式 only."""
    complaint = {**COMPLAINT, "complainant": "马某", "contact": "13895120001"}
    _, out, _ = run(capsys, "add", "complaint", "--json", "-", stdin=json.dumps(complaint, ensure_ascii=False),
                    monkeypatch=monkeypatch)
    _, out, _ = run(capsys, "show", out.strip(), "--reveal")
    assert PHONE in out
    [(_, shown)] = _noted(db)
    assert "联系方式" in shown and "投诉事项" in shown
