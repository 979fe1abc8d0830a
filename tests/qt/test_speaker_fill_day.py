"""The 主讲人职务 the roster fills in is the one of the study's day (twenty-third session, a handover played as
users): a study entered after the 镇长's 职务 was edited in place took today's 职务 for a day he held the old one,
and the 学法活动记录 and the 签到表 print what the record holds."""

from __future__ import annotations

from datetime import UTC, datetime

from test_editor import open_window, typed

from fazhi_desktop.core.people import add_person, update_person
from fazhi_desktop.core.setup import init_database


def test_a_study_entered_late_is_filled_with_the_post_of_its_day(qtbot, tmp_path, dialogs, clock):
    clock.set(datetime(2026, 1, 5, 2, 0, tzinfo=UTC))
    store = init_database(tmp_path / "t.db", "640522100", clock=clock)
    tian = add_person(store, "管理员", "田玉春", title="镇长", roles=["主要负责同志"])
    clock.set(datetime(2026, 8, 5, 2, 0, tzinfo=UTC))
    update_person(store, tian.id, "管理员", "田玉春", title="镇人大主席", roles=["主要负责同志"])
    editor = open_window(qtbot, store, "law_study", dialogs).editor
    typed(qtbot, editor, "held_on", "2026-3-10")
    typed(qtbot, editor, "speaker", "田玉春")
    assert editor.field_widget("speaker_position").value() == "镇长"  # was 镇人大主席: today's
    editor.give_up_changes()
    store.close()
