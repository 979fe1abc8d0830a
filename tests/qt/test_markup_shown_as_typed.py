"""Text that came from outside the program is shown as typed, never read as HTML. A QLabel, a message box and a
tooltip take a text whose first line holds a tag (`<img src=…>`, `<b>`) for rich text, and fetch the picture an
`<img>` names: `file://other-pc/share/x.png` makes Windows log on to that PC with the user's password hash. An
enrolment file's office name (which its fingerprint does not cover, shown before anyone compares it), a county key
file's office, a record a township sent: each reached such a label at the county or the township, and a picture
400×300 pixels of a file on the PC appeared in the message instead of the text."""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QTextDocument
from PySide6.QtWidgets import QLabel, QMessageBox

from fazhi_desktop.qt.dialogs import Rich, info_box, message_box
from fazhi_desktop.qt.fingerprint_check import FingerprintCheck
from fazhi_desktop.qt.ledger_model import LedgerTableModel

FINGERPRINT = "AE7A 409E 1E2A C9F5 0ED3 DC43 0CD6 1AE1"


def picture(tmp_path) -> str:
    """`<img …>` naming a picture of 400×300 pixels on this PC (Windows would fetch one on another PC alike)."""
    image = QImage(400, 300, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    path = tmp_path / "probe.png"
    image.save(str(path))
    return f'<img src="{path.as_uri()}">'


def shown(text: str, text_format: Qt.TextFormat = Qt.TextFormat.AutoText) -> str:
    """What a label (or tooltip) of `text_format` shows of `text`, as plain text."""
    rich = text_format == Qt.TextFormat.RichText or (text_format == Qt.TextFormat.AutoText
                                                     and QtGui.Qt.mightBeRichText(text))
    if not rich:
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def one_line_high(label: QLabel) -> bool:
    return label.sizeHint().height() < label.fontMetrics().height() * 3


def test_a_message_naming_an_office_with_markup_shows_it_as_typed(qtbot, tmp_path):
    office = f"海城镇司法所{picture(tmp_path)}"
    text = f"已登记 {office}（640522100）的签名密钥 0A1B2C3D4E5F6A7B。"
    for box in (message_box(QMessageBox.Icon.Information, None, "已登记", text),
                info_box(None, "已登记", text)):
        qtbot.addWidget(box)
        label = box.findChild(QLabel, "qt_msgbox_label")
        assert shown(label.text(), label.textFormat()) == text
        assert one_line_high(label), label.sizeHint()  # no picture in it


def test_a_message_the_program_writes_as_a_table_is_still_one(qtbot):
    box = message_box(QMessageBox.Icon.Information, None, "快捷键", Rich("<table><tr><td>Ctrl+S</td></tr></table>"))
    qtbot.addWidget(box)
    label = box.findChild(QLabel, "qt_msgbox_label")
    assert shown(label.text(), label.textFormat()).strip() == "Ctrl+S"


def test_the_fingerprint_check_shows_the_files_office_as_typed(qtbot, tmp_path):
    heading = f"代码 640522100 是海城镇（按区划名单）；登记文件写的单位：海城镇司法所{picture(tmp_path)}，密钥编号 0A1B"
    check = FingerprintCheck(FINGERPRINT, heading, "乡镇", "指纹一致，登记", place="海城镇")
    qtbot.addWidget(check)
    labels = [label for label in check.findChildren(QLabel) if "登记文件写的单位" in label.text()]
    assert [shown(label.text(), label.textFormat()) for label in labels] == [heading]
    assert one_line_high(labels[0]) or labels[0].sizeHint().height() < 300


def test_a_records_tooltip_in_the_list_shows_its_text_as_typed(store, valid_record):
    title = '<img src="file://pc/s/x.png">常务会议'
    store.save("meeting", valid_record("meeting", title=title, held_on="2026-03-05"), "马文军")
    model = LedgerTableModel(store, store.ledger("meeting"))
    column = model.columns.index("title")
    assert model.data(model.index(0, column)) == title  # the cell itself, as ever
    assert shown(model.data(model.index(0, column), Qt.ItemDataRole.ToolTipRole)) == title


def test_a_plain_tooltip_is_left_as_it_was(store, valid_record):
    title = "2026年第1次乡镇政府常务会议（a<b 的讨论）"
    store.save("meeting", valid_record("meeting", title=title, held_on="2026-03-05"), "马文军")
    model = LedgerTableModel(store, store.ledger("meeting"))
    assert model.data(model.index(0, model.columns.index("title")), Qt.ItemDataRole.ToolTipRole) == title


def test_plain_text_stays_plain_in_a_message(qtbot):
    box = message_box(QMessageBox.Icon.Information, None, "已保存", "已保存。\n第二行")
    qtbot.addWidget(box)
    assert box.findChild(QLabel, "qt_msgbox_label").text() == "已保存。\n第二行"
