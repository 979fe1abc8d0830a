"""An agenda item's 汇报人 the meeting's lists leave out (reviews of printed papers): the 纪要 printed 海军就该事项作
了汇报 while its 出席, 列席 and 签到表 left him out, and nothing on screen asked. A clerk's typo, or an invited
outsider: a warning worded for both (a `listed` check, forms/meeting.toml), never a refusal."""

from __future__ import annotations

from datetime import date

from fazhi_desktop.core.validate import Lookups, clean_record

ACTOR = "杨芳"
SAID = ("议题第2行·汇报人：海军不在出席人员、列席人员、主持人、记录人中，"
        "如是受邀汇报、不列入名单的人员（如外单位人员），无需修改；否则请核对姓名，或把他补入出席或列席人员")


def meeting(valid_record, *presenters):
    return valid_record("meeting", host="马志刚", recorder="田丽", attendees=["李强", "马海军"], observers=["苏明"],
                        agenda_items=[{"title": f"议题{n}", "presenter": name} for n, name in enumerate(presenters, 1)])


def test_a_presenter_the_meetings_lists_leave_out_is_saved_with_a_warning_at_that_row(store, valid_record):
    record = store.save("meeting", meeting(valid_record, "马海军", "海军"), ACTOR)  # 马海军 typed as 海军
    assert [str(w) for w in record.warnings] == [SAID]
    assert record.warnings[0].path == "agenda_items[2].presenter" and not record.warnings[0].advisory
    assert store.get(record.id).values["agenda_items"][1]["presenter"] == "海军"  # saved as typed: not refused


def test_a_presenter_at_the_meeting_in_any_role_or_none_named_says_nothing(ledgers, valid_record):
    values = meeting(valid_record, "马海军", "苏明", "马志刚", "田丽", None)
    result = clean_record(ledgers["meeting"], values, Lookups(today=lambda: date(2026, 6, 1)))
    assert result.problems == [] and result.warnings == []
