"""A complaint's 办理期限 and 是否按期办结 (session 24, after the complaints review): without a 办理期限 a complaint is
never 逾期 nor judged on time, so a blank one is said (advisory: 信访工作条例's 60 days from 受理 is the usual
deadline, not set for her); 是否按期办结 is what the two dates say, filled by the write path and the editor when both
are given, and a value the clerk chose against them is still warned."""

from __future__ import annotations

from datetime import date

from fazhi_desktop.core.validate import Lookups, clean_record

TODAY = date(2026, 6, 1)
NO_DEADLINE = "办理期限未填写：按《信访工作条例》，一般自受理之日起60日内办结；不填的不提示逾期，也无从判断是否按期办结"


def said(ledger, data) -> dict[str, tuple[str, bool]]:
    result = clean_record(ledger, data, Lookups(today=lambda: TODAY))
    assert result.problems == [], [str(p) for p in result.problems]
    return {w.path: (w.message, w.advisory) for w in result.warnings}


def test_a_complaint_without_a_deadline_is_told_the_usual_one(ledgers, valid_record):
    data = valid_record("complaint")
    assert said(ledgers["complaint"], data) == {"due_on": (NO_DEADLINE, True)}
    assert said(ledgers["complaint"], {**data, "due_on": "2026-06-30"}) == {}


def test_a_deadline_left_blank_is_saved_blank_with_the_advice(store, valid_record):
    record = store.save("complaint", valid_record("complaint"), "杨芳")
    assert record.values["due_on"] is None  # no default: a 交办 deadline may be shorter
    assert [(w.path, w.message) for w in record.warnings] == [("due_on", NO_DEADLINE)]


def answer(record) -> bool | None:
    return record.values["closed_in_time"]


def test_closed_in_time_is_what_the_dates_say_when_both_are_given(store, valid_record):
    """She picked 是否按期办结 by hand though the program knew it, and a complaint saved with it blank was locked so
    by 年度封账: the write path fills it from 办结日期 and 办理期限, with no question left about it."""
    on_time = store.save("complaint", valid_record("complaint", due_on="2026-04-30", closed_on="2026-04-30",
                                                   handling_result="属实"), "杨芳")
    late = store.save("complaint", valid_record("complaint", due_on="2026-04-30", closed_on="2026-05-06",
                                                handling_result="属实", matter="检查时态度粗暴"), "杨芳")
    assert (answer(on_time), answer(late)) == (True, False)
    assert on_time.warnings == late.warnings == ()
    open_one = store.save("complaint", valid_record("complaint", due_on="2026-07-31", matter="乱收费"), "杨芳")
    assert answer(open_one) is None  # not concluded: nothing to say yet


def test_the_answer_follows_a_date_corrected_later_but_not_one_chosen_against_them(store, valid_record):
    record = store.save("complaint", valid_record("complaint", due_on="2026-04-30", closed_on="2026-04-28",
                                                  handling_result="属实"), "杨芳")
    moved = store.save("complaint", {"closed_on": "2026-05-08"}, "杨芳", record_id=record.id)  # `fazhi update`
    assert (answer(moved), moved.warnings) == (False, ())
    reopened = store.save("complaint", {"closed_on": None, "handling_result": None}, "杨芳", record_id=record.id)
    assert answer(reopened) is None  # no 办结日期 any more: no answer to give
    # an answer she gives against the dates is kept, and questioned as before
    chosen = store.save("complaint", {"closed_on": "2026-05-08", "handling_result": "属实", "closed_in_time": True},
                        "杨芳", record_id=record.id)
    assert answer(chosen) is True
    assert [w.message for w in chosen.warnings] == ["是否按期办结填“是”，但办结日期晚于办理期限，请核对"]
    kept = store.save("complaint", {"reply": "已电话答复"}, "杨芳", record_id=record.id)
    assert answer(kept) is True and [w.path for w in kept.warnings] == ["closed_in_time"]


def test_a_complaint_saved_blank_before_takes_the_answer_at_its_next_save(store, valid_record, monkeypatch):
    from fazhi_desktop.core import validate

    with monkeypatch.context() as patch:  # saved by a version that did not fill it
        patch.setattr(validate, "in_time_answers", lambda ledger, before, after: {})
        old = store.save("complaint", valid_record("complaint", due_on="2026-04-30", closed_on="2026-04-20",
                                                   handling_result="不属实"), "杨芳")
    assert answer(old) is None
    assert answer(store.save("complaint", {"reply": "已书面答复"}, "杨芳", record_id=old.id)) is True


def test_a_written_date_is_read_as_the_form_reads_it(store, valid_record):
    record = store.save("complaint", valid_record("complaint", due_on="2026年4月30日", closed_on="2026.5.2",
                                                  handling_result="属实"), "杨芳")
    assert answer(record) is False
