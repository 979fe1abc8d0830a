"""保管期限: ten years on, the 所长 is told which concluded mediation files have reached their keeping period (from
1 January after the year of 结案), instead of the program keeping them for good without a word."""

from __future__ import annotations

from datetime import UTC, date, datetime

from fazhi_desktop.core import retention


def concluded(store, valid_record, closed_on: str, period: str, **more):
    return store.save("mediation_case", valid_record(
        "mediation_case", accepted_on=closed_on, mediated_on=closed_on, result="调解成功",
        agreement_form="口头", agreement_content="双方和解", closed_on=closed_on, retention_period=period,
        **more), "杨芳")


def test_files_whose_period_ends_this_year_or_ended_are_named_with_the_day(store, valid_record, clock):
    for _ in range(2):
        concluded(store, valid_record, "2026-05-10", "10年")
    concluded(store, valid_record, "2026-06-01", "30年")
    concluded(store, valid_record, "2026-06-01", "永久")
    concluded(store, valid_record, "2027-03-01", "10年")
    store.save("mediation_case", valid_record("mediation_case", retention_period="10年"), "杨芳")  # still open
    clock.set(datetime(2036, 3, 10, 2, 0, tzinfo=UTC))
    assert retention.said(store).startswith(
        "保管期限（从结案次年1月1日起算）：2026年结案、保管期限10年的调解案件 2 件，到2036年12月31日届满。"
        "本程序不删除记录")
    clock.set(datetime(2037, 1, 5, 2, 0, tzinfo=UTC))
    assert ("2026年结案、保管期限10年的调解案件 2 件，已于2036年12月31日届满；"
            "2027年结案、保管期限10年的调解案件 1 件，到2037年12月31日届满。") in retention.said(store)


def test_nothing_is_said_before_any_period_ends_and_deleted_files_do_not_count(store, valid_record, clock):
    record = concluded(store, valid_record, "2026-05-10", "10年")
    clock.set(datetime(2035, 12, 31, 2, 0, tzinfo=UTC))
    assert retention.said(store) == ""
    clock.set(datetime(2036, 1, 2, 2, 0, tzinfo=UTC))
    assert "1 件" in retention.said(store)
    store.delete(record.id, "杨芳")
    assert retention.said(store) == ""


def test_a_conclusion_dated_9999_by_an_earlier_version_is_no_traceback(store, valid_record, clock):
    """An earlier version took 9999 as a year (validate._in_years): 9999 + 30年 is past any date Python holds, and
    年度封账 and `fazhi year list` ended in a traceback instead of naming the files due."""
    record = concluded(store, valid_record, "2026-05-10", "30年")
    concluded(store, valid_record, "2026-05-10", "10年")
    with store.conn:  # as the earlier version saved it
        store.conn.execute("UPDATE mediation_case SET closed_on = '9999-05-10' WHERE id = ?", [record.id])
    clock.set(datetime(2036, 3, 10, 2, 0, tzinfo=UTC))
    assert "2026年结案、保管期限10年的调解案件 1 件，到2036年12月31日届满。" in retention.said(store)


def test_any_number_of_years_is_a_period_and_no_other_text():
    assert retention.ends_on(2026, "10年") == date(2036, 12, 31)
    assert retention.ends_on(2026, "5年") == date(2031, 12, 31)  # a choice a later form version may add
    for other in ("永久", "长期", "", None, "10 年", "０年", "0年", "十年", "10年以上"):
        assert retention.ends_on(2026, other) is None, other
