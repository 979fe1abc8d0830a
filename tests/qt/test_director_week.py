# ruff: noqa: F811  (the open_window fixture imported from test_review_gui)
"""A 所长's week (played on the demo database as 杨芳 and 马丽): what she sends back stays sent back until the clerk
corrects it, 待办事项 shrinks as she works down it, and an editor she reopened a record in says what she chose."""

from __future__ import annotations

import review_steps
from test_batch_review import open_dialog, rows, ticked
from test_review_gui import as_user, open_window  # noqa: F401  (open_window is a fixture)

from fazhi_desktop.core import accounts, sent_back

REASON = "参会人员漏了李强，请对照签到表补上"


def sent_back_meetings(store, valid_record):
    """Three of 马丽's meetings: one sent back to her and not touched since, one sent back and corrected, and one
    new draft."""
    as_user(store, "马丽")
    made = [store.save("meeting", valid_record("meeting", title=f"第{n}次乡镇政府常务会议"), "") for n in (1, 2, 3)]
    for record in made[:2]:
        review_steps.submit(store, record.id)
    as_user(store, "杨芳")
    for record in made[:2]:
        review_steps.reopen(store, record.id, REASON, corrector=sent_back.CLERK)
    as_user(store, "马丽")
    corrected = store.get(made[1].id)
    store.save("meeting", {**corrected.values, "location": "镇政府三楼会议室"}, "", record_id=corrected.id,
               expected_revision=corrected.revision)
    accounts.logout(store)
    return made


def test_batch_submit_leaves_a_draft_sent_back_and_not_corrected_unticked(qtbot, store, staff, valid_record,
                                                                          open_window):
    """马丽's 批量提交审核 ticked every draft, 草稿 all alike: the meeting 杨芳 had sent back with its reason went
    back to her uncorrected, as an ordinary submission, and her 批量审核通过 approved it."""
    first, second, third = sent_back_meetings(store, valid_record)
    window = open_window("马丽")
    dialog = open_dialog(window, qtbot, "提交审核")
    listed = {row[0]: row for row in rows(dialog)}
    assert listed[first.number][4] == "草稿·退回" and REASON in listed[first.number][5]
    assert "尚未修改" in listed[first.number][5] and "已修改" in listed[second.number][5]
    assert listed[third.number][4] == "草稿" and listed[third.number][5] == ""
    assert ticked(dialog) == [False, True, True] and dialog.run_button.text() == "提交审核（2 条）"
    assert "退回、尚未修改的" in dialog.hint.text()


def submitted_meetings(store, valid_record, count: int = 3) -> list:
    as_user(store, "马丽")
    made = [review_steps.submit(store, store.save("meeting", valid_record(
        "meeting", title=f"第{n}次乡镇政府常务会议"), "").id) for n in range(1, count + 1)]
    accounts.logout(store)
    return made


def waiting(dialog) -> list[str]:
    return [item.number for item in dialog.rows if item is not None and item.group == "等待处理的记录"]


def test_the_todo_list_shrinks_as_she_approves_and_keeps_her_place(qtbot, store, staff, valid_record, open_window):
    """Approving the first record she opened from 待办事项 left it there, "已提交，待所长审核", until 刷新; and 刷新
    took her back to the top of the list."""
    first, second, third = submitted_meetings(store, valid_record)
    window = open_window("杨芳")
    from fazhi_desktop.qt.todo_view import open_todo

    dialog = open_todo(window)
    row = dialog.rows.index(next(i for i in dialog.rows if i is not None and i.number == first.number))
    dialog.table.selectRow(row)
    editor = dialog.open_row(row)
    editor.start_editing()
    assert editor.review_bar.take("review")
    qtbot.waitUntil(lambda: waiting(dialog) == [second.number, third.number])  # read again once the saves are done
    assert "等待处理的记录 2 项" in dialog.heading.text()
    assert dialog.rows[dialog.table.currentRow()].number == second.number  # the next one, where she was


def test_the_todo_list_follows_a_batch_review(qtbot, store, staff, valid_record, open_window):
    submitted_meetings(store, valid_record)
    window = open_window("杨芳")
    from fazhi_desktop.qt.todo_view import open_todo

    dialog = open_todo(window)
    assert len(waiting(dialog)) == 3
    batch = open_dialog(window, qtbot, "审核通过")
    batch.run()
    qtbot.waitUntil(lambda: batch.task is None and batch.result_label.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: waiting(dialog) == [] and "等待处理的记录" not in dialog.heading.text())


def opened_from_the_list(window, record):
    from fazhi_desktop.qt.todo_view import open_todo

    dialog = open_todo(window)
    row = dialog.rows.index(next(i for i in dialog.rows if i is not None and i.number == record.number))
    return dialog.open_row(row)


def test_sent_back_from_a_record_only_viewed_the_banner_says_so(qtbot, store, staff, valid_record, open_window,
                                                                 dialogs):
    """重新打开… → 退回录入员修改 on a record opened from 待办事项: the banner still said only "仅供查看：…需要修改，
    请按“编辑”", as if it were hers to correct."""
    record = submitted_meetings(store, valid_record, 1)[0]
    editor = opened_from_the_list(open_window("杨芳"), record)
    dialogs.text_answers.append(REASON)
    dialogs.reopen_choices.append(sent_back.CLERK)
    assert editor.review_bar.take("reopen")
    banner = editor.review_bar.banner.text()
    assert banner.startswith("杨芳 于") and f"{sent_back.CORRECTORS[sent_back.CLERK]}：{REASON}" in banner
    assert editor.viewing  # still only viewed: the clerk corrects it


def test_reopened_to_correct_herself_the_record_becomes_editable(qtbot, store, staff, valid_record, open_window,
                                                                 dialogs):
    """由我自己修改 on a record opened to be read left every field read-only, 仅供查看 in the banner: she had to find
    编辑 for what she had just said she would do."""
    record = submitted_meetings(store, valid_record, 1)[0]
    editor = opened_from_the_list(open_window("杨芳"), record)
    dialogs.text_answers.append("地点录错")
    dialogs.reopen_choices.append(sent_back.SELF)
    assert editor.review_bar.take("reopen")
    assert not editor.viewing and not editor.edit_button.isVisible() and editor.save_button.isEnabled()
    assert "仅供查看" not in editor.review_bar.banner.text() and "地点录错" in editor.review_bar.banner.text()
    assert editor.review_bar.banner.text().endswith("改好后请保存，再点“提交审核”。")


def test_once_her_own_correction_is_saved_the_banner_says_submit(qtbot, store, staff, valid_record, open_window,
                                                                 dialogs):
    """The review of the 所长's week: her correction saved, the banner still said 改好后请保存，再点“提交审核”, as if
    nothing were saved yet."""
    record = submitted_meetings(store, valid_record, 1)[0]
    editor = opened_from_the_list(open_window("杨芳"), record)
    dialogs.text_answers.append("地点录错")
    dialogs.reopen_choices.append(sent_back.SELF)
    assert editor.review_bar.take("reopen")
    editor.editor.inputs["location"].set_value("镇政府三楼会议室")
    assert editor.editor.save()
    banner = editor.review_bar.banner.text()
    assert banner.endswith("重新打开：地点录错。已保存，请点“提交审核”。") and "改好后" not in banner
