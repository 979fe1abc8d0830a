"""The list's query could not ask for one account's records (登记人: what the person leaving entered, 人员交接) nor
for a range of days: a month's or a quarter's register read the whole year and dropped the other months in Python.
ListQuery takes `entered_by` and `date_from`/`date_to` (on the ledger's date field) now, and the registers use it."""

from __future__ import annotations

from fazhi_desktop.core.documents.register import register_records
from fazhi_desktop.core.store import ListQuery


def _names(records) -> list[str]:
    return [r.values["case_name"] for r in records]


def _cases(store, valid_record) -> None:
    for day, name, actor in (("2026-03-31", "三月末的纠纷", "马丽"), ("2026-04-01", "四月初的纠纷", "杨芳"),
                             ("2026-05-31", "五月末的纠纷", "马丽"), ("2026-06-30", "六月末的纠纷", "杨芳"),
                             ("2026-07-01", "七月初的纠纷", "马丽"), ("2025-05-10", "去年五月的纠纷", "马丽")):
        store.save("mediation_case", valid_record("mediation_case", accepted_on=day, case_name=name), actor)


def test_a_list_of_days_and_of_one_enterer(store, valid_record):
    _cases(store, valid_record)
    days = ListQuery("mediation_case", date_from="2026-04-01", date_to="2026-06-30", descending=False)
    assert _names(store.list(days)) == ["四月初的纠纷", "五月末的纠纷", "六月末的纠纷"]
    hers = ListQuery("mediation_case", entered_by="马丽", descending=False)
    assert _names(store.list(hers)) == ["去年五月的纠纷", "三月末的纠纷", "五月末的纠纷", "七月初的纠纷"]
    assert store.entered_by("mediation_case") == ["杨芳", "马丽"]


def test_a_quarters_and_a_months_register_hold_what_the_year_filtered_by_month_held(store, valid_record):
    _cases(store, valid_record)
    ledger = store.ledger("mediation_case")
    year = register_records(store, ledger, 2026)

    def by_month(first: int, last: int) -> list[str]:  # as the registers did: the year's, the months kept
        return [r.number for r in year if first <= int(r.values["accepted_on"][5:7]) <= last]

    for months in ((4, 6), (5, 5), (3, 3), (7, 9), (10, 12), (1, 12)):
        assert [r.number for r in register_records(store, ledger, 2026, months=months)] == by_month(*months)
    quarter = register_records(store, ledger, 2026, months=(4, 6))
    assert _names(quarter) == ["四月初的纠纷", "五月末的纠纷", "六月末的纠纷"]
