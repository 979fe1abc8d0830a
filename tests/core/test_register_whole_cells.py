"""A 台账 register's 编号 and dates each on one line, whatever long text, long name or long choice the other
columns hold: "〔2026〕人" / "调字第1号" in every row, once one case had a 调解员 named 欧阳司马诸葛, read as two
numbers to an inspector."""

from __future__ import annotations

import re

import pytest

from fazhi_desktop.core.documents import build_register_document
from fazhi_desktop.core.documents.register import register_columns

ROWS = 30  # a year's register: the columns are measured on many rows, the fault showed only among them
LONG_TEXT = "海原县海城镇人民政府综合行政执法办公室关于山门村宅基地边界问题的专项处理"
LONG_NAMES = ["阿依古丽·买买提", "欧阳司马诸葛", "穆罕默德·马"]
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def long_values(store, ledger_name: str, day: int) -> dict:
    """Every register column of `ledger_name` at its longest: free text, names, the longest choice; dates late in
    the year (two-digit months and days)."""
    ledger = store.ledger(ledger_name)
    values: dict = {}
    for column in register_columns(ledger):
        if column not in ledger.field_names:
            continue
        f = ledger.field(column)
        if f.type in ("text", "longtext"):
            values[column] = LONG_TEXT
        elif f.type == "person":
            values[column] = LONG_NAMES[0]
        elif f.type == "people":
            values[column] = LONG_NAMES
        elif f.type == "choice":
            values[column] = max(f.choices, key=len)
        elif f.type == "date":
            values[column] = f"2026-11-{day:02}"
        elif f.type == "integer":
            values[column] = int(f.max or 9999)
    if ledger_name == "mediation_case":  # 调解不成功(终止) asks its reason; the parties by their longest names
        values |= {"termination_reason": "一方拒绝继续调解",
                   "parties": [{"role": "申请人", "party_type": "自然人", "name": n} for n in LONG_NAMES]}
    return values


def runs(doc) -> list[str]:
    return [r.text for page in doc.pages for r in page.texts()]


@pytest.mark.parametrize("ledger", ["meeting", "law_study", "enforcement_check", "complaint", "mediation_case"])
def test_numbers_and_dates_stay_whole_beside_long_values_in_every_column(store, valid_record, ledger):
    for day in range(1, ROWS + 1):
        store.save(ledger, valid_record(ledger, **long_values(store, ledger, min(day, 28))), "杨芳")
    doc = build_register_document(store, ledger, 2026)
    texts = runs(doc)
    numbers = [t for t in texts if t.startswith("〔2026〕")]
    assert len(numbers) == ROWS and all(re.fullmatch(r"〔2026〕\S+第\d+号", n) for n in numbers), numbers
    form = store.ledger(ledger)
    dates = sum(1 for c in register_columns(form) if c in form.field_names and form.field(c).type == "date")
    assert sum(1 for t in texts if DATE.fullmatch(t)) == ROWS * dates
    # ... nor is a name broken ("阿依古丽·买买" / "提、"): the room comes from the long text
    broken = [t for t in texts for name in LONG_NAMES if name[:2] in t and name not in t]
    assert not broken, broken
