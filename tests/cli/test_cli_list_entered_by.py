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
