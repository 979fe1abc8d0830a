"""A case mediated twice (review of session 23): the mediator typed the failed first session's date as the 调解日期,
and the 协议书, dated by it, was signed under the wrong date; that rule was only a comment in the form. 调解日期 now
says under it which session's date it is, and the print bar names the 协议书's 落款日期 as it will print, beside the
调解协议书 chosen. (A check on dates in the 调解记录 was not made: it holds agreed deadlines too, 11月15日前拆除.)"""

from __future__ import annotations

from elder_screen import elder_screen  # noqa: F401  (fixture)
from PySide6.QtCore import QPoint, QRect, Qt
from test_editor import ACTOR, choose, office, open_window, typed  # noqa: F401  (office: fixture)

CASE = {"case_name": "马文礼与李志强宅基地边界纠纷", "accepted_on": "2026-10-09", "dispute_type": "房屋宅基地纠纷",
        "parties": [{"role": "申请人", "name": "马文礼"}], "result": "调解成功", "mediated_on": "2026-10-15"}
HELP = "多次调解的，填最后一次（达成协议或终止调解）的日期；此前各次写入调解记录；协议书落款即此日期"


def test_the_print_bar_names_the_agreements_date_as_the_mediation_date_is_typed(qtbot, office, dialogs):  # noqa: F811
    window = open_window(qtbot, office, "mediation_case", dialogs, office.save("mediation_case", CASE, ACTOR))
    editor, bar = window.editor, window.print_bar
    assert HELP in editor.field_widget("mediated_on").control.toolTip()
    assert any(label.text() == HELP and label.isVisible() for label in editor.field_widget("mediated_on")
               .findChildren(type(bar.signed_on)))  # said under the field, not only on hover
    assert bar.kind_combo.currentText() == "调解协议书"
    assert bar.signed_on.isVisible() and bar.signed_on.text() == "落款日期：2026年10月15日（调解日期）"
    typed(qtbot, editor, "mediated_on", "2026-10-23")  # the second session, that reached the agreement
    assert bar.signed_on.text() == "落款日期：2026年10月23日（调解日期）"
    date_box = editor.field_widget("mediated_on").control
    date_box.selectAll()
    qtbot.keyClick(date_box, Qt.Key.Key_Delete)
    assert bar.signed_on.text() == "落款日期：空白，未填调解日期"
    choose(qtbot, bar.kind_combo, "调解案件记录")
    assert not bar.signed_on.isVisible()  # the record is no signed paper


def test_the_agreements_date_is_said_under_the_print_row_so_the_editor_fits_a_1024_screen_in_large_text(
        qtbot, office, dialogs, elder_screen):  # noqa: F811
    """长者模式 at 1024x768: 落款日期：2026年10月15日（调解日期） in the print row made the mediation editor at least
    1124 px wide, 关闭, 历史 and 显示完整证件号 past the screen's edge. It is said on its own line under the row."""
    window = open_window(qtbot, office, "mediation_case", dialogs, office.save("mediation_case", CASE, ACTOR))
    bar = window.print_bar
    assert bar.signed_on.isVisible() and bar.signed_on.text() == "落款日期：2026年10月15日（调解日期）"
    assert window.minimumSizeHint().width() <= elder_screen.width()
    window.setGeometry(elder_screen)
    qtbot.wait(20)
    for widget in (bar.reveal_box, window.close_button, window.review_bar.history_button):
        assert window.rect().contains(QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())), widget
    assert bar.signed_on.geometry().top() >= bar.kind_combo.geometry().bottom()  # under the row, not beside it


def test_a_case_still_being_mediated_offers_its_record_and_the_agreement_once_mediated(qtbot, office,  # noqa: F811
                                                                                        dialogs):
    """A case without a 调解结果 was offered 调解协议书 first, whose terms (协议内容, 履行方式…) it cannot yet hold:
    its 调解案件记录 is offered until 调解成功 is chosen."""
    pending = {key: value for key, value in CASE.items() if key != "result"}
    window = open_window(qtbot, office, "mediation_case", dialogs, office.save("mediation_case", pending, ACTOR))
    bar = window.print_bar
    assert bar.kind_combo.currentText() == "调解案件记录"
    choose(qtbot, window.editor.field_widget("result").control, "调解成功")
    assert bar.kind_combo.currentText() == "调解协议书"
