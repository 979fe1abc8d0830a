# ruff: noqa: F811  (pytest fixtures imported from tests/cli/test_cli_accounts.py)
"""`fazhi undelete NUMBER`: a record deleted by mistake back with its number, for whoever may delete it."""

from __future__ import annotations

from excel_files import filled_template, meetings
from test_cli_accounts import MEETING, NUMBER, office, step  # noqa: F401  (office: a fixture)

from fazhi_desktop.cli import main
from fazhi_desktop.core import import_undo
from fazhi_desktop.core.excel_import import import_records, read_records
from fazhi_desktop.core.store import ListQuery, Store


def test_delete_says_how_to_undo_it_and_undelete_brings_the_record_back(db, capsys):
    store = Store.open(db)
    saved = store.save("meeting", MEETING, "马文")
    store.close()
    assert main(["delete", saved.number]) == 0
    assert f"删错了可以恢复：fazhi undelete {saved.number}" in capsys.readouterr().err

    assert main(["undelete", saved.number]) == 0
    out, err = capsys.readouterr()
    assert f"已恢复：会议 {saved.number}（第 3 版，修改历史中记为“恢复”）" in out, err
    store = Store.open(db)
    assert [r.id for r in store.list(ListQuery("meeting"))] == [saved.id]
    store.close()
    assert main(["history", saved.number]) == 0
    assert "马文  恢复" in capsys.readouterr().out

    assert main(["undelete", saved.number]) == 1  # twice: said, not a traceback
    err = capsys.readouterr().err
    assert "没有删除，不需要恢复" in err and "Traceback" not in err


def test_a_clerk_cannot_undelete_what_she_could_not_delete(office, monkeypatch, capsys):
    assert step(capsys, monkeypatch, "马丽", "submit", NUMBER)[0] == 0
    assert step(capsys, monkeypatch, "杨芳", "review", NUMBER)[0] == 0
    assert step(capsys, monkeypatch, "杨芳", "delete", NUMBER)[0] == 0
    code, _, err = step(capsys, monkeypatch, "马丽", "undelete", NUMBER)
    assert code == 1 and "录入员无权修改或删除所长已审核的记录" in err and "Traceback" not in err
    code, out, err = step(capsys, monkeypatch, "杨芳", "undelete", NUMBER)
    assert code == 0 and f"已恢复：会议 {NUMBER}" in out, err
    code, out, _ = step(capsys, monkeypatch, "马丽", "show", NUMBER)
    assert code == 0 and "所长已审核" in out


def test_undelete_says_what_its_checks_now_refuse(db, capsys):
    from bundle_world import saved_by_an_older_version

    store = Store.open(db)
    saved = store.save("meeting", MEETING, "马文")
    saved_by_an_older_version(store, saved.id, held_on="9999-12-31")
    store.delete(saved.id, "马文")
    store.close()
    capsys.readouterr()
    assert main(["undelete", saved.number]) == 0
    assert "已恢复；导出前须打开记录改正：会议日期：年份应在 2000–2100 之间，收到 9999" in capsys.readouterr().err


def test_undelete_a_number_given_to_a_later_record_says_so(db, capsys, tmp_path):
    """It said 没有删除，不需要恢复 of the number, meaning the later record that holds it now."""
    store = Store.open(db)
    path = filled_template(store.ledger("meeting"), tmp_path / "会议.xlsx", meetings(2))
    first, _ = import_records(store, read_records(store, "meeting", path), "马文")
    (plan,) = import_undo.recent(store)
    import_undo.undo(store, plan.id, "马文")  # the numbers given back
    again = store.save("meeting", {**MEETING, "title": "新登记的会议"}, "马文")
    assert again.number == first.number
    store.close()
    capsys.readouterr()
    assert main(["undelete", first.number]) == 1
    err = capsys.readouterr().err
    assert f"编号 {first.number} 已给了后来登记的另一条记录，这条已删除的记录不能再用这个编号，不能恢复" in err, err
    assert "不需要恢复" not in err
