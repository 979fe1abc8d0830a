# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""Control characters in a record's text. The editor cleans what is pasted (core/plaintext.py: Word's Shift+Enter is
a vertical tab, a tab from a numbered list, a stray \\x00), but `fazhi add/update --json`, an Excel row and an older
version stored them as they came: a title "第20次\\v镇党委会议" was not found searching 第20次镇党委, went to the
county as it was, and a list's CSV carried the vertical tab and the NUL into Excel. Every save now cleans text as the
editor does; the county takes a bundle with such text (townships of older versions send it, and its hash is of it)
and every output it makes cleans it (the records' number: test_bundle_contents.py; the roster: test_roster_text.py)."""

from __future__ import annotations

import pytest
from bundle_world import county_template, saved_by_an_older_version, world  # noqa: F401  (fixtures)
from openpyxl import load_workbook

from fazhi_desktop.core.bundle.values import unsendable_records
from fazhi_desktop.core.check import check_database
from fazhi_desktop.core.documents import render_document
from fazhi_desktop.core.excel_import import import_records, read_records
from fazhi_desktop.core.list_export import write_list
from fazhi_desktop.core.store import ListQuery

ACTOR = "杨芳"
CONTROL = {chr(code) for code in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20))}


def test_a_save_cleans_text_as_the_editor_cleans_it_pasted(store, valid_record):
    data = valid_record("meeting", title="第20次\v镇党委会议", location="三楼\x00会议室", host="马\t文军",
                        attendees=["马\x01文", "杨芳"], remarks="备\x01注\r\n第二段",
                        agenda_items=[{"title": "审议\v方案", "discussion": "一、\t讨论甲\v二、讨论乙\x07"}])
    saved = store.save("meeting", data, ACTOR).values
    assert (saved["title"], saved["location"], saved["host"]) == ("第20次镇党委会议", "三楼会议室", "马文军")
    assert saved["attendees"] == ["马文", "杨芳"] and saved["remarks"] == "备注\n第二段"
    [item] = saved["agenda_items"]
    assert (item["title"], item["discussion"]) == ("审议方案", "一、讨论甲\n二、讨论乙")
    assert len(store.list(ListQuery("meeting", text="第20次镇党委"))) == 1  # found as the clerk reads it


def test_a_line_break_inside_a_listed_name_makes_two_names_as_the_editors_box_takes_them(store, valid_record):
    """`fazhi add --json '{"attendees": ["马文\\n杨芳"]}'` stored one attendee 马文杨芳 (one_line joins Chinese across
    a break), where the same text as a string, or in the editor's one-name-a-line box, is two names."""
    as_text = store.save("meeting", valid_record("meeting", attendees="马文\n杨芳"), ACTOR).values["attendees"]
    as_list = store.save("meeting", valid_record("meeting", attendees=["马文\n杨芳", "海玉\v", "马斌\r\n马丽"]),
                         ACTOR).values["attendees"]
    assert as_text == ["马文", "杨芳"] and as_list == ["马文", "杨芳", "海玉", "马斌", "马丽"]


def test_an_update_cleans_the_text_it_brings_and_a_group_given_as_json_text(store, valid_record):
    record = store.save("meeting", valid_record("meeting"), ACTOR)
    updated = store.save("meeting", {"location": "镇政府\v三楼", "agenda_items": '[{"title": "审议\\u000b方案"}]'},
                         ACTOR, record_id=record.id).values
    assert updated["location"] == "镇政府三楼" and updated["agenda_items"][0]["title"] == "审议方案"


def test_a_value_of_control_characters_only_is_empty_and_said_so(store, valid_record):
    from fazhi_desktop.core.errors import ValidationError

    with pytest.raises(ValidationError, match="会议名称/届次：必填"):
        store.save("meeting", valid_record("meeting", title="\v\x01"), ACTOR)


def test_an_excel_row_is_cleaned_as_the_editor_cleans_it(store, tmp_path):
    path = tmp_path / "会议.csv"
    path.write_text("会议名称/届次,会议类型,会议日期,司法所所长列席情况,出席人员\r\n"
                    "第一次\v会议,党委会,2026/3/5,全程,\"马\x01文\v杨\x00芳\"\r\n", encoding="utf-8-sig")
    [saved] = import_records(store, read_records(store, "meeting", path), "马文")
    assert (saved["title"], saved["attendees"]) == ("第一次会议", ["马文", "杨芳"])


def test_a_value_an_older_version_stored_is_cleaned_by_an_unrelated_save_and_stops_nothing(world, valid_record):
    town = world.town()
    record = town.store.save("meeting", valid_record("meeting"), ACTOR)
    saved_by_an_older_version(town.store, record.id, title="第20次\v镇党委会议")
    assert unsendable_records(town.store) == []  # the county takes it as older versions sent it
    saved = town.store.save("meeting", {"location": "一楼"}, ACTOR, record_id=record.id)
    assert saved.values["title"] == "第20次镇党委会议"
    assert unsendable_records(town.store) == [] and check_database(town.store).ok


def test_the_county_takes_such_text_as_sent_and_no_output_carries_it(world, valid_record, tmp_path):
    """A bundle of an older version (or one made by hand): taken, its hash its own; the list, its CSV and the record's
    PDF show the text without a control character."""
    town = world.town()
    record = town.store.save("meeting", valid_record("meeting", agenda_items=[{"title": "审议方案"}]), ACTOR)
    [item] = record.values["agenda_items"]
    saved_by_an_older_version(town.store, record.id, title="第20次\v镇党委会议", location="三楼\x00会议室",
                              agenda_items=[{**item, "title": "审议\v方案", "discussion": "甲\x07乙"}])
    report = world.import_(world.export(town).path)
    assert report.ok, report.error
    county = world.county
    assert county.get(record.id).values["title"] == "第20次\v镇党委会议" and check_database(county).ok
    write_list(county, ListQuery("meeting"), tmp_path / "会议.csv")
    text = (tmp_path / "会议.csv").read_text(encoding="utf-8-sig")
    assert "第20次 镇党委会议" in text and "三楼 会议室" in text and not CONTROL & set(text)
    write_list(county, ListQuery("meeting"), tmp_path / "会议.xlsx")
    cells = [c for row in load_workbook(tmp_path / "会议.xlsx").active.iter_rows(values_only=True) for c in row]
    assert "第20次 镇党委会议" in cells
    render_document(county, record.id, "record", tmp_path / "记录.pdf")
    assert (tmp_path / "记录.pdf").stat().st_size > 0
