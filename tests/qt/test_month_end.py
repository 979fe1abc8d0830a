# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""The 所长's month end: the month's records reviewed and locked, the bundle to the county, the receipt back; what
each window says about it agrees with the others and with the lists."""

from __future__ import annotations

import sys
from pathlib import Path

import review_steps

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/, whatever pytest's import mode
sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py

from bundle_world import county_template, world  # noqa: F401
from test_bundles_gui import ScriptedPrompts, cheap_keys, export_with_wizard, make_window  # noqa: F401
from test_review_gui import as_user, editor_of, open_window  # noqa: F401  (open_window is a fixture)

from fazhi_desktop.core import accounts


def test_the_export_summary_counts_deleted_records_as_the_plan_did(qtbot, world, valid_record, dialogs,
                                                                   ui_settings):
    """A record deleted this month goes to the county as a deletion: the plan said "记录 5 条（其中已删除 1 条）"
    beside a list of four, and the done page must say the same, not an unexplained five."""
    town = world.town()
    records = [town.store.save("meeting", valid_record("meeting", title=f"第{i}次乡镇政府常务会议"), "马丽")
               for i in range(1, 6)]
    town.store.delete(records[0].id, "马丽")
    window = make_window(qtbot, town.store, dialogs, ui_settings, ScriptedPrompts())
    wizard = export_with_wizard(qtbot, window, town.usb)
    planned = wizard.plan_page.summary.text().splitlines()[1]
    assert planned == "将发送：变更 6 条，记录 5 条（其中已删除 1 条），附件 0 个（0 字节），名册 0 人"
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.done_page, timeout=20000)
    done = wizard.done_page.text.text().splitlines()
    assert done[1] == "第 1 号数据包：" + planned.removeprefix("将发送：")
    assert window.pages["meeting"].count_label.text() == "共 4 条"


def test_a_record_sent_back_tells_the_clerk_why_until_she_submits_it_again(qtbot, store, staff, valid_record,
                                                                          open_window, dialogs):
    """The 所长 reopens a reviewed meeting with her reason; the clerk's list shows one more 草稿 among her drafts,
    and the reason was only in 历史: opened, the record says who sent it back, why, and what to do next."""
    as_user(store, "马丽")
    record = review_steps.submit(store, store.save("meeting", valid_record("meeting"), "").id)
    as_user(store, "杨芳")
    review_steps.review(store, record.id)
    accounts.logout(store)
    window = open_window("杨芳")
    editor = editor_of(window, qtbot)
    assert editor.review_bar.banner.isHidden()
    dialogs.text_answers.append("议题的决定事项不完整，请按纪要原件补齐")
    editor.review_bar.buttons["reopen"].click()
    at = window.store.clock().astimezone().strftime("%Y-%m-%d %H:%M")  # the computer's local time
    assert editor.review_bar.banner.text() == (f"杨芳 于 {at} 重新打开，退回录入员修改：议题的决定事项不完整，"
                                               "请按纪要原件补齐。录入员改好后会再提交审核。")  # the clerk's to do
    editor.close()
    window.close()

    window = open_window("马丽")
    editor = editor_of(window, qtbot)
    bar = editor.review_bar
    assert bar.banner.isVisibleTo(editor) and "重新打开（退回修改）：议题的决定事项不完整" in bar.banner.text()
    assert editor.editor.read_only_reason() is None  # a note, not a lock: she corrects the record
    editor.editor.field_widget("location").control.setText("镇政府三楼会议室")
    assert editor.editor.save()
    assert "议题的决定事项不完整" in bar.banner.text()  # still a draft sent back: still said after a save
    bar.buttons["submit"].click()
    assert store.get(record.id).status == "submitted" and bar.banner.isHidden()
