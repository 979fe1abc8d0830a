"""`fazhi check` at a township lists the roster entries the county would refuse (a name an earlier version saved with
a control character): the export stopped at the first, naming the person, and the check said 全部一致."""

from __future__ import annotations

from fazhi_desktop.cli import main
from fazhi_desktop.core import people
from fazhi_desktop.core.db import transaction
from fazhi_desktop.core.store import Store


def test_check_names_each_roster_entry_the_county_would_refuse(db, capsys):
    store = Store.open(db)
    people.add_person(store, "马文", "马文军", roles=["主要负责同志"])
    people.add_person(store, "马文", "李强", roles=["司法所所长"])
    people.add_person(store, "马文", "王芳")
    with transaction(store):  # as an earlier version saved them
        store.conn.execute("UPDATE people SET name = ? WHERE name = '马文军'", ["马\x0b文军"])
        store.conn.execute("UPDATE people SET title = ? WHERE name = '李强'", ["所长\t"])
    store.close()
    capsys.readouterr()
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert "发现 2 处问题：" in out
    assert ("  - 人员名册中“马文军”的“姓名”含有看不见的控制字符（多为从Word等处粘贴带入）（是以前版本的程序保存的，"
            "现在不再接受；县里会拒收带着它的数据包，导出时会被拦下）；请在“人员名册”中打开此人改正\n") in out
    assert "  - 人员名册中“李强”的“职务”含有看不见的控制字符" in out
    assert "王芳" not in out
