"""早于已编号的… is asked of a stored record as it opens and at every key typed in its window (qt/editor's
`_recheck`): for a January meeting numbered in order, the check read every later record of its year into Python and
parsed each number (57 ms a key on a 10,000-record year, on the development machine). Only the numbers written
before its own in its series are read now: none when it is in order."""

from __future__ import annotations

from fazhi_desktop.core import accounts, renumber
from fazhi_desktop.core.forms import Numbering


def test_a_record_in_order_reads_no_later_record(store, staff, valid_record, monkeypatch):
    accounts.login(store, "马丽", "mima-2026")
    items = [valid_record("meeting", title=f"第{n}次例会", held_on=f"2026-{1 + n // 28:02d}-{1 + n % 28:02d}")
             for n in range(120)]
    first, *_rest, last = store.save_many("meeting", items, "马丽")
    ledger = store.ledger("meeting")
    parsed: list[str | None] = []
    series = Numbering.series
    monkeypatch.setattr(Numbering, "series", lambda self, number: parsed.append(number) or series(self, number))

    assert renumber.out_of_order(store, ledger, first.id, first.number, first.values["held_on"]) is None
    assert parsed == [first.number]  # its own: no later record's

    # still told when it holds: the last-numbered record dated back to January
    note = renumber.out_of_order(store, ledger, last.id, last.number, "2026-01-01")
    assert note is not None and note.message.startswith(f"{renumber.OUT_OF_ORDER} 〔2026〕会记字第")
