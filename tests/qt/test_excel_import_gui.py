"""文件 → 从Excel导入记录…: the clerk picks the file, sees what was read (every problem by its row, ID numbers masked),
imports only a clean file, is asked once about warnings, and finds the records in the ledger's list."""

from __future__ import annotations

import pytest
from excel_files import MEETING, filled_template, meetings
from openpyxl import load_workbook

from fazhi_desktop.qt.main_window import create_main_window

ACTOR = "马文"


class FilePrompts:
    """Answers the file questions with the test's paths."""

    def __init__(self, open_path=None, save_path=None):
        self.open_path, self.save_path = open_path, save_path

    def open_files(self, parent, title, pattern):
        return [self.open_path]

    def save_file(self, parent, title, suggested, pattern):
        self.suggested = suggested
        return self.save_path


@pytest.fixture
def window(qtbot, store, dialogs, ui_settings):
    w = create_main_window(store, dialogs, ui_settings, ACTOR)
    qtbot.addWidget(w)
    w.show()
    w.show_page("meeting")
    return w


def menu_action(window, text):
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text().startswith("文件"))
    return next(a for a in file_menu.actions() if a.text().startswith(text))


def open_dialog(qtbot, window, path):
    window.exchange_prompts = FilePrompts(path)
    menu_action(window, "从Excel导入记录").trigger()
    dialog = window.excel_import_dialog
    assert dialog.ledger_combo.currentText() == "会议"  # the page shown
    dialog.choose_button.click()
    assert dialog.task is not None  # read on a worker thread
    qtbot.waitUntil(lambda: dialog.task is None, timeout=20000)
    return dialog


def test_a_clean_file_is_imported_and_the_list_shows_it(qtbot, window, dialogs, ledgers, tmp_path):
    path = filled_template(ledgers["meeting"], tmp_path / "会议.xlsx", meetings(3))
    dialog = open_dialog(qtbot, window, path)
    assert dialog.summary.text() == "会议.xlsx：3 条会议记录，检查无误，可以导入。"
    assert dialog.import_button.isEnabled() and dialog.import_button.text() == "导入 3 条(&I)"

    dialog.import_button.click()
    qtbot.waitUntil(lambda: bool(dialogs.shown), timeout=20000)
    assert dialogs.shown[-1][:2] == ("info", "已导入")
    assert "已导入 3 条会议记录（草稿），编号 〔2026〕会记字第1号至第3号" in dialogs.shown[-1][2]
    assert window.pages["meeting"].model.total == 3


def test_problems_are_listed_by_row_masked_and_import_stays_off(qtbot, window, ledgers, tmp_path):
    rows = [MEETING, {**MEETING, "会议名称/届次": "另一次", "会议类型": "茶话会"}]
    path = filled_template(ledgers["meeting"], tmp_path / "会议.xlsx", rows)
    dialog = open_dialog(qtbot, window, path)
    assert "有 1 处问题（红色），未导入任何记录" in dialog.summary.text()
    assert dialog.lines.item(0).text().startswith("第 3 行·会议类型：“茶话会”不是可选值")
    assert not dialog.import_button.isEnabled()

    dialog.ledger_combo.setCurrentIndex(dialog.ledger_combo.findData("mediation_case"))
    qtbot.waitUntil(lambda: dialog.task is None and dialog.reading.ledger.name == "mediation_case", timeout=20000)
    case = {"案件名称": "马某纠纷", "受理日期": "2026-03-05", "纠纷类型": "邻里纠纷"}
    party = {"记录序号": 1, "角色": "申请人", "姓名": "马某", "身份证号": "640522196113011938"}
    dialog.path = filled_template(ledgers["mediation_case"], tmp_path / "调解.xlsx", [case], {"当事人": [party]})
    dialog.reread_button.click()
    qtbot.waitUntil(lambda: dialog.task is None and dialog.reading.file_name == "调解.xlsx", timeout=20000)
    texts = [dialog.lines.item(i).text() for i in range(dialog.lines.count())]
    assert "工作表“当事人”第 2 行·身份证号：出生日期（第7至14位）不存在" in texts
    assert not any("19611301" in text for text in texts)


def test_each_problem_stands_apart_from_the_next(qtbot, window, ledgers, tmp_path):
    """A problem naming the choices wraps onto two or three lines: with no air between the lines it ran into the
    next problem, and a clerk read two problems as one, or the wrapped rest as a problem of its own."""
    rows = [{**MEETING, "会议类型": "茶话会"}, {**MEETING, "会议名称/届次": "另一次", "会议日期": "2026-02-30"}]
    dialog = open_dialog(qtbot, window, filled_template(ledgers["meeting"], tmp_path / "会议.xlsx", rows))
    lines = dialog.lines
    assert lines.count() == 2
    first, second = (lines.visualItemRect(lines.item(row)) for row in (0, 1))
    assert first.height() > 1.5 * lines.fontMetrics().height()  # wrapped
    assert second.top() - first.bottom() > lines.fontMetrics().height() // 3


def test_warnings_are_asked_about_once_and_no_means_nothing_saved(qtbot, window, dialogs, ledgers, tmp_path):
    rows = [MEETING, MEETING]  # the same meeting twice
    dialog = open_dialog(qtbot, window, filled_template(ledgers["meeting"], tmp_path / "m.xlsx", rows))
    assert "1 条提醒（橙色）请核对" in dialog.summary.text()
    dialog.import_button.click()  # the scripted answer: 取消
    assert dialogs.shown[-1][0] == "confirm" and "有 1 条提醒" in dialogs.shown[-1][2]
    assert window.store.count("meeting") == 0 and dialog.task is None


def test_the_same_file_again_is_asked_about_by_name_and_the_last_dialog_is_freed(qtbot, window, dialogs, ledgers,
                                                                                tmp_path):
    """A second import of the same file asked the question of any warning (有 1 条提醒…); the dialog of the first,
    its reading's full ID numbers with it, was kept until the program ended."""
    import shiboken6

    path = filled_template(ledgers["meeting"], tmp_path / "会议1-8月.xlsx", meetings(2))
    first = open_dialog(qtbot, window, path)
    dialog = first
    dialog.import_button.click()
    qtbot.waitUntil(lambda: bool(dialogs.shown), timeout=20000)

    dialog = open_dialog(qtbot, window, path)
    qtbot.waitUntil(lambda: not shiboken6.isValid(first), timeout=5000)
    assert dialog.reading.repeated
    dialog.import_button.click()  # the scripted answer: 取消
    kind, _, question = dialogs.shown[-1]
    assert kind == "confirm" and question.endswith("仍要再导入一次吗？")
    when = dialog.reading.imported_before
    assert question.startswith(f"这 2 条会议记录都已于 {when} 从同名文件 会议1-8月.xlsx 导入过")
    assert "如要用改好的文件替换上次导入的记录，请先“文件 → 撤销Excel导入…”（fazhi imports undo 1），再导入" in question
    assert window.store.count("meeting") == 2


def test_a_file_that_is_no_workbook_is_said_in_chinese(qtbot, window, tmp_path):
    (tmp_path / "坏.xlsx").write_text("not a workbook")
    dialog = open_dialog(qtbot, window, tmp_path / "坏.xlsx")
    said = dialog.summary.text()
    assert said.startswith("无法读取：坏.xlsx 不是 Excel 工作簿") and "Traceback" not in said


def test_the_template_is_saved_for_the_ledger_shown(window, dialogs, tmp_path):
    window.exchange_prompts = FilePrompts(save_path=tmp_path / "模板")
    menu_action(window, "下载导入模板").trigger()
    assert window.exchange_prompts.suggested == "会议导入模板.xlsx"
    assert load_workbook(tmp_path / "模板.xlsx").sheetnames[:3] == ["会议", "请假／缺席人员", "议题"]
    assert dialogs.shown[-1][:2] == ("info", "已保存导入模板")


def test_the_county_cannot_import(qtbot, tmp_path, ledgers, dialogs, ui_settings):
    from fazhi_desktop.core.setup import init_database

    county = init_database(tmp_path / "county.db", "640522", county=True, ledgers=ledgers)
    w = create_main_window(county, dialogs, ui_settings, "李明")
    qtbot.addWidget(w)
    action = menu_action(w, "从Excel导入记录")
    assert not action.isEnabled() and "县级数据库不登记台账记录" in action.toolTip()


def test_the_studies_of_the_imported_meetings_days_are_named_and_linked_when_she_says_so(qtbot, window, dialogs,
                                                                                         ledgers, tmp_path, store,
                                                                                         valid_record):
    """从Excel导入 of meetings whose 会前学法 were typed before: the import left every link empty and said nothing,
    while the editor offers the study of a new meeting's day (session 25). Asked, named; linked on 链接 alone."""
    studied = store.save("law_study", valid_record("law_study", held_on=MEETING["会议日期"]), ACTOR)
    path = filled_template(ledgers["meeting"], tmp_path / "会议.xlsx", [MEETING])
    dialog = open_dialog(qtbot, window, path)
    dialogs.confirm_answers.append(False)  # 不链接 first: nothing linked
    dialog.import_button.click()
    qtbot.waitUntil(lambda: bool(dialogs.shown), timeout=20000)
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("confirm", "链接同日的记录")
    assert text.startswith("已导入 1 条会议记录（草稿），编号 〔2026〕会记字第1号。")
    named = "· 〔2026〕会记字第1号（2026-01-08 2026年第1次乡镇政府常务会议）的“会前学法”"
    assert f"{named}：{studied.number}（同日）" in text
    meeting = store.find_by_number("〔2026〕会记字第1号")
    assert not meeting["pre_meeting_study"]

    from fazhi_desktop.core.links import unlinked_after_import
    from fazhi_desktop.qt.excel_import_view import offer_links

    dialogs.confirm_answers.append(True)  # 链接
    linked = offer_links(window, "已导入。", unlinked_after_import(store, [meeting]))
    assert [r["pre_meeting_study"] for r in linked] == [studied.id]
    assert dialogs.shown[-1] == ("info", "已链接", "已链接 1 处“会前学法”。")
