"""A 群体性纠纷 of many households, each party's row with its own orange note (a name with a digit in it, typed from
a list as 马某3): opening the case showed each note at its own row, and each key typed then hid every row's note and
showed it again, each of the hundreds of notes finding its row by reading every row (five seconds a key at 200
parties, and the opening twice as long). Each note is now set once to what it is, the rows read once for all."""

from __future__ import annotations

from helpers import type_text
from PySide6.QtCore import QEvent, QObject
from test_editor import ACTOR, open_window

from fazhi_desktop.core.identifiers import id_card_check_char
from fazhi_desktop.core.setup import init_database

PARTIES = 12


def case() -> dict:
    rows = [{"role": "申请人" if i else "被申请人", "party_type": "自然人", "name": f"马某{i}",
             "address": "海城镇山门村"} for i in range(PARTIES)]
    rows[5]["name"] = "杨芳"  # a name with nothing to question
    return {"case_category": "人民调解", "case_name": "山门村征地补偿纠纷", "accepted_on": "2026-03-05",
            "dispute_type": "征地拆迁纠纷", "parties": rows, "mediators": [ACTOR]}


class Hides(QObject):
    """Counts the notes hidden (each hidden and shown again flickers)."""

    def __init__(self):
        super().__init__()
        self.count = 0

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Hide:
            self.count += 1
        return False


def test_each_partys_note_stands_at_its_row_and_typing_elsewhere_leaves_them_shown(qtbot, tmp_path, dialogs):
    store = init_database(tmp_path / "t.db", "640522100")
    window = open_window(qtbot, store, "mediation_case", dialogs, store.save("mediation_case", case(), ACTOR))
    editor = window.editor
    rows = editor.group_widget("parties").rows
    names = [row.inputs["name"] for row in rows]
    assert [bool(n.warning()) for n in names] == [i != 5 for i in range(PARTIES)]
    assert names[3].warning() == "“马某3”中有数字或标点，请核对姓名"
    assert all(n.message.isVisibleTo(window) for i, n in enumerate(names) if i != 5)
    assert editor.status.text().startswith(f"此记录有 {PARTIES - 1} 条提")
    hides = Hides()
    for name in names:
        name.message.installEventFilter(hides)
    address = rows[7].inputs["address"].control
    address.setFocus()
    type_text(qtbot, address, "二组")  # another field of another row
    assert hides.count == 0  # no note hidden and shown again
    assert all(n.message.isVisibleTo(window) for i, n in enumerate(names) if i != 5)
    name = names[3].control
    name.setFocus()
    name.selectAll()
    type_text(qtbot, name, "马文礼")  # the third row's name corrected: its note goes, the others stay
    assert names[3].warning() is None and not names[3].message.isVisibleTo(window)
    assert [bool(n.warning()) for n in names] == [i not in (3, 5) for i in range(PARTIES)]
    assert hides.count == 1
    assert editor.status.text().endswith(f"此记录有 {PARTIES - 2} 条提醒（橙色），请核对")
    store.close()


def test_a_refused_save_shows_each_rows_problem_at_that_row(qtbot, tmp_path, dialogs):
    store = init_database(tmp_path / "t.db", "640522100")
    window = open_window(qtbot, store, "mediation_case", dialogs, store.save("mediation_case", case(), ACTOR))
    editor = window.editor
    rows = editor.group_widget("parties").rows
    first = "64052219900101123"
    wrong = "0" if id_card_check_char(first) != "0" else "1"
    for i in (2, 9):
        rows[i].inputs["id_number"].set_value(first + wrong)  # a wrong check digit
    assert not editor.save()
    said = [row.inputs["id_number"].error() for row in rows]
    assert [bool(s) for s in said] == [i in (2, 9) for i in range(PARTIES)]
    assert "未保存，有 2 处需要修改" in editor.status.text()
    store.close()
