"""`fazhi` on a damaged or an empty database file: said as such, in Chinese, never Python's English words quoting a
record's bytes; and `fazhi check` never turns an empty file into a database that passes."""

from __future__ import annotations

import pytest
from damage import garble

from fazhi_desktop.cli import main
from fazhi_desktop.core.store import Store


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def damaged_office(db, valid_record) -> None:
    store = Store.open(db)
    for i in range(3):
        store.save("mediation_case", valid_record("mediation_case", case_name=f"马某与李某宅基地纠纷{i}"), "马文")
    garble(store.conn, "mediation_case", "case_name", "number = ?", ["〔2026〕人调字第3号"])
    store.close()


def test_list_and_check_of_a_damaged_record_say_the_file_is_damaged(db, valid_record, capsys):
    damaged_office(db, valid_record)
    code, out, err = run(capsys, "list", "mediation_case")
    assert code == 1
    assert "错误：数据库文件已损坏：“调解案件”台账中记录 〔2026〕人调字第3号的文字无法读取" in err
    assert "fazhi restore" in err and "Could not decode" not in err
    code, out, err = run(capsys, "check")
    assert code == 1
    assert "调解案件 〔2026〕人调字第3号：文字无法读取" in out
    assert "记录：检查 3 条" in out  # past the damaged record, to the end
    assert out.rstrip().endswith("数据库文件已损坏。请不要删除这个文件；可以从最近的备份恢复"
                                 "（文件 → 从备份恢复，或 fazhi restore 备份文件）。")
    assert "Could not decode" not in out + err


def test_check_of_an_empty_file_refuses_and_writes_nothing(tmp_path, monkeypatch, capsys):
    empty = tmp_path / "office.db"
    empty.write_bytes(b"")
    monkeypatch.setenv("FAZHI_DB", str(empty))
    code, out, err = run(capsys, "check")
    assert code == 1
    assert "文件是空的（0 字节），不是法治台账的数据库" in err and "office-backups" in err
    assert "全部一致" not in out
    assert empty.stat().st_size == 0  # was 417 KB: the program's whole schema
    assert sorted(p.name for p in tmp_path.iterdir()) == ["office.db"]


def test_check_reports_a_damaged_record_that_lists_an_attachment(db, valid_record, capsys, tmp_path):
    """The attachment scan met the damaged row and raised: `fazhi check` printed nothing but the one stderr line."""
    from fazhi_desktop.core.attachments import add_attachment, blob_path

    store = Store.open(db)
    (tmp_path / "协议扫描件.pdf").write_bytes(b"scan")
    (tmp_path / "签到表.jpg").write_bytes(b"sign-in sheet")
    scan, sheet = (add_attachment(store, tmp_path / name) for name in ("协议扫描件.pdf", "签到表.jpg"))
    hurt = store.save("mediation_case", valid_record("mediation_case", attachments=[scan]), "马文")
    kept = store.save("mediation_case", valid_record("mediation_case", attachments=[sheet]), "马文")
    garble(store.conn, "mediation_case", "attachments", "id = ?", [hurt.id])
    blob_path(store, sheet["sha256"]).unlink()
    store.close()
    code, out, err = run(capsys, "check")
    assert code == 1 and err == ""
    assert f"调解案件 {hurt.number}：文字无法读取（磁盘或U盘上的数据已损坏）" in out
    assert f"调解案件 {kept.number} 的附件“签到表.jpg”：文件不见了" in out  # the scan goes on past the damaged row
    assert "记录：检查 2 条" in out and "Could not decode" not in out


@pytest.mark.parametrize("left", ["empty", "never set up"])
def test_the_restore_check_prints_for_an_empty_or_unset_file_restores_it_as_printed(left, tmp_path, valid_record,
                                                                                    ledgers, capsys):
    """`fazhi check` of an empty file said （fazhi restore 备份文件）; the command given whole, `fazhi restore` opened
    the empty file the usual way, which wrote the program's tables into it, then refused the backup as another
    office's (当前数据库属于 （None）)."""
    import shlex

    from fazhi_desktop.core.backup import create_backup
    from fazhi_desktop.core.setup import init_database

    db = tmp_path / "我的 数据" / "office.db"
    db.parent.mkdir()
    store = init_database(db, "640522100", operator="马文")
    store.save("meeting", valid_record("meeting", title="专题会议"), "马文")
    store.close()
    create_backup(db)
    db.write_bytes(b"")
    if left == "never set up":  # a first setup cut short: the program's tables, no office
        Store.open(db, ledgers=ledgers, create=True).close()
    code, _, err = run(capsys, "--db", str(db), "check")
    assert code == 1
    command = shlex.split(err.rstrip().splitlines()[-1])
    assert command[:4] == ["fazhi", "--db", str(db), "restore"]
    code, _, err = run(capsys, *command[1:], "--yes")
    assert code == 0, err
    restored = Store.open(db)
    assert restored.count("meeting") == 1
    restored.close()
