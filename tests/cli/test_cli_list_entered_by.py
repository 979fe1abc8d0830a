"""`fazhi list` could not list one account's records (人员交接: what the person leaving entered and must hand over):
`--entered-by` takes the account's name (or its 姓名), and a name nobody entered records under is said, with the
names that did, not listed as an empty ledger."""

from __future__ import annotations

from test_cli import run

from fazhi_desktop.core.store import Store


def test_list_entered_by_one_account_and_a_name_nobody_entered_under(db, capsys, ledgers, clock, valid_record):
    store = Store.open(db, ledgers, clock)
    try:
        store.save("meeting", valid_record("meeting", title="马丽登记的会议"), "马丽")
        store.save("meeting", valid_record("meeting", title="杨芳登记的会议"), "杨芳")
    finally:
        store.close()
    code, out, _ = run(capsys, "list", "meeting", "--entered-by", "马丽")
    assert code == 0 and "马丽登记的会议" in out and "杨芳登记的会议" not in out and "共 1 条" in out
    code, _, err = run(capsys, "list", "meeting", "--entered-by", "马力")
    assert code == 2
    assert "--entered-by 马力：没有这个登记人的会议记录。登记过的：杨芳、马丽" in err


def _offices_with(db, ledgers, clock, valid_record, accounts_entering: list[tuple[str, str]]) -> None:
    """`db` with a 管理员 and the 录入员 accounts (name, 姓名) given, each having entered one meeting titled by its
    account name."""
    from fazhi_desktop.core import accounts

    store = Store.open(db, ledgers, clock)
    try:
        store.user = accounts.add_account(store, "admin", "系统管理员", "管理员", "mima-2026")
        clerks = [accounts.add_account(store, name, shown, "录入员", "mima-2026", temporary=False)
                  for name, shown in accounts_entering]
        for clerk in clerks:
            store.user = clerk
            store.save("meeting", valid_record("meeting", title=f"{clerk.name}登记的会议"), "")
    finally:
        store.close()


def test_an_account_name_given_lists_that_account_not_another_of_that_name(db, capsys, ledgers, clock, valid_record,
                                                                          monkeypatch):
    """Account 马丽 and account lihua, whose 姓名 is also 马丽: `--entered-by 马丽` listed lihua's records (the
    first account in name order whose name or 姓名 matched), not those of the account named so."""
    _offices_with(db, ledgers, clock, valid_record, [("lihua", "马丽"), ("马丽", "马丽")])
    monkeypatch.setenv("FAZHI_PASSWORD", "mima-2026")
    code, out, _ = run(capsys, "--user", "admin", "list", "meeting", "--entered-by", "马丽")
    assert code == 0 and "马丽登记的会议" in out and "lihua登记的会议" not in out


def test_a_name_two_accounts_bear_is_refused_naming_both(db, capsys, ledgers, clock, valid_record, monkeypatch):
    """Two accounts with the 姓名 马丽 (two clerks of one name): `--entered-by 马丽` listed the first one's records
    only, as if they were all that 马丽 had entered."""
    _offices_with(db, ledgers, clock, valid_record, [("mali1", "马丽"), ("mali2", "马丽")])
    monkeypatch.setenv("FAZHI_PASSWORD", "mima-2026")
    code, _, err = run(capsys, "--user", "admin", "list", "meeting", "--entered-by", "马丽")
    assert code == 2
    assert "--entered-by 马丽：姓名为马丽的账户有 2 个：mali1（马丽）、mali2（马丽），请写账户名" in err
    code, out, _ = run(capsys, "--user", "admin", "list", "meeting", "--entered-by", "mali2")
    assert code == 0 and "mali2登记的会议" in out and "mali1登记的会议" not in out
