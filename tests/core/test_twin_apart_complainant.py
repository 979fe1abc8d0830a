"""Two complaint slips of one day about the same 投诉事项 from two 投诉人 are two complaints: 执法人员未出示执法证 is
a category more than a title. The form's `twin_apart` (投诉人) tells them apart, for the save's warning and the
county's 可能重复 alike (db.twins_sql); 匿名 tells nothing apart."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from fazhi_desktop.core.forms import FormError, load_form
from fazhi_desktop.core.indicators import drill, load_catalog_for

ACTOR = "杨芳"


def complaint(store, valid_record, complainant, **more):
    return store.save("complaint", valid_record("complaint", complainant=complainant, due_on="2026-05-04", **more),
                      ACTOR)


def test_another_complainants_slip_of_the_day_is_no_duplicate(store, valid_record):
    first = complaint(store, valid_record, "张某")
    other = complaint(store, valid_record, "李某")
    assert [w for w in other.warnings if w.path == "matter"] == []  # was: 与 …第1号 的受理日期和投诉事项相同
    again = complaint(store, valid_record, "张某 ")
    said = {w.path: w.message for w in again.warnings if w.path == "matter"}
    assert said == {"matter": f"与 {first.number} 的受理日期和投诉事项相同，请核对是否重复登记"
                              "（重复的记录会重复计入指标）"}


def test_an_anonymous_or_unnamed_slip_is_still_taken_for_a_possible_duplicate(store, valid_record):
    first = complaint(store, valid_record, "张某")
    for nobody in ("匿名", None, "不详"):
        warned = complaint(store, valid_record, nobody)
        assert [first.number in w.message for w in warned.warnings if w.path == "matter"] == [True], nobody


def test_the_drill_down_agrees_with_the_save(store, valid_record):
    zhang, li = complaint(store, valid_record, "张某"), complaint(store, valid_record, "李某")
    anonymous = complaint(store, valid_record, "匿名")
    found = drill(store, load_catalog_for(store), "T30b", 2026, part="denominator",
                  today=date(2027, 1, 15)).records
    twins = {ref.id: ref.twins for ref in found}
    assert twins[zhang.id] == (anonymous.number,) and twins[li.id] == (anonymous.number,)
    assert twins[anonymous.id] == (zhang.number, li.number)
    ledger = store.ledger("complaint")
    for record in (zhang, li, anonymous):  # what the save would warn of, the record saved again
        stored = store.get(record.id)
        assert tuple(store.lookups(ledger, stored.values, stored.id).twins(
            stored["accepted_on"], stored["matter"], stored["complainant"])) == twins[record.id]


def test_a_form_naming_no_text_field_to_tell_twins_apart_is_refused(tmp_path):
    shipped = Path(__file__).parents[2] / "forms" / "complaint.toml"
    form = tmp_path / "complaint.toml"
    form.write_text(shipped.read_text(encoding="utf-8").replace('twin_apart = "complainant"',
                                                                'twin_apart = "accepted_on"'), encoding="utf-8")
    with pytest.raises(FormError, match="twin_apart“accepted_on”必须是本台账的文本字段"):
        load_form(form)


def test_telling_complaints_apart_keeps_the_lookup_in_the_index(store):
    """The 投诉人 is compared on the few rows the day and title found: the titles are still read in the index."""
    asked: list[str] = []
    store.conn.set_trace_callback(asked.append)
    try:
        store.lookups(store.ledger("complaint"), {}, None).twins("2026-03-05", "x", "张某")
    finally:
        store.conn.set_trace_callback(None)
    [query] = asked
    plan = store.conn.execute(f"EXPLAIN QUERY PLAN {query}").fetchall()
    assert any("COVERING INDEX complaint_twins" in row[3] for row in plan), plan
