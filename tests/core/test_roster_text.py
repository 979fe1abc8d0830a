# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""What a roster name may hold. A name typed with a control character (马\\x01文; a vertical tab, Word's Shift+Enter,
pasted) was taken by the township, and at the county it stopped the indicator Excel report for every township; a name
of 2,000,000 characters made the import note and 需关注 4 M characters and the report PDF 9,094 pages. The township
refuses such a name at the field, as a record's text field would (the county's refusals: test_bundle_contents.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from bundle_world import county_template, world  # noqa: F401  (fixtures)
from openpyxl import load_workbook

from fazhi_desktop.core import people, roster_move_notes, year_close
from fazhi_desktop.core.bundle.common import BundleError
from fazhi_desktop.core.db import transaction
from fazhi_desktop.core.errors import ValidationError
from fazhi_desktop.core.indicators import load_catalog_for
from fazhi_desktop.core.indicators.report_xlsx import write_xlsx
from fazhi_desktop.core.indicators.views import build_report

ACTOR = "杨芳"
LEADER = "主要负责同志"
#: what the clerk is told of a control character she cannot see (a vertical tab pasted from Word shows as a space)
CONTROL = "含有看不见的控制字符（多为从Word等处粘贴带入）：请删去后重新输入"


def refused(store, **fields) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        people.add_person(store, ACTOR, **{"name": "马文军", **fields})
    assert people.list_people(store) == []
    return {p.label: p.message for p in caught.value.problems}


def test_a_control_character_in_a_name_title_or_unit_is_refused_at_the_field(store):
    assert refused(store, name="马\x01文") == {"姓名": CONTROL}
    assert refused(store, title="司法所\x0b所长", unit="海城镇\t司法所") == {
        "职务": CONTROL, "单位": CONTROL}
    assert refused(store, cert_no="宁A\x00123") == {"执法证号": CONTROL}
    assert refused(store, name="马\ud800文") == {"姓名": "含有无效的字符（不是有效的文字编码）"}


def test_a_name_longer_than_a_record_field_takes_is_refused(store):
    assert refused(store, name="马" * 2001) == {"姓名": "太长：2001 个字，最多 2000 个字"}
    assert refused(store, title="所" * 2001) == {"职务": "太长：2001 个字，最多 2000 个字"}
    person = people.add_person(store, ACTOR, "马" * 2000)  # the most a record's name field takes
    with pytest.raises(ValidationError, match=f"姓名：{CONTROL}"):
        people.update_person(store, person.id, ACTOR, "马\x0b文军")
    assert people.get_person(store, person.id).name == "马" * 2000


def test_a_name_stored_with_a_control_character_no_longer_stops_the_excel_report(world, tmp_path):
    """A county that took such a name before (it no longer does): the report writes it as T47 counts it, without the
    control character (indicators/roster.py cleans roster names as people.counted_name does)."""
    town = world.town()
    people.add_person(town.store, ACTOR, "马文军", roles=[LEADER], joined_on="2025-01-01")
    assert world.import_(world.export(town).path).ok
    with transaction(world.county):
        world.county.conn.execute("UPDATE township_people SET name = ?", ["马\x0b文军"])
    report = build_report(world.county, load_catalog_for(world.county), 2026, today=date(2026, 6, 1))
    path = write_xlsx(report, tmp_path / "全县.xlsx")
    texts = [str(c) for ws in load_workbook(path).worksheets for row in ws.iter_rows(values_only=True) for c in row]
    assert any("马文军" in text for text in texts)
    assert not any("\x0b" in text for text in texts)


def test_a_name_an_earlier_version_saved_so_stops_the_export_with_what_to_do(world):
    """The county would refuse the bundle for it: the township is told before one is made, and whom to correct."""
    town = world.town()
    person = people.add_person(town.store, ACTOR, "马文军", roles=[LEADER], joined_on="2025-01-01")
    with transaction(town.store):
        town.store.conn.execute("UPDATE people SET name = ?", ["马\x0b文军"])
    with pytest.raises(BundleError, match=f"县里会拒收这个数据包：人员名册中“马文军”的“姓名”{CONTROL}"
                                          r".*请在人员名册中打开此人，改正后再导出"):
        world.export(town)
    people.update_person(town.store, person.id, ACTOR, "马文军", roles=[LEADER], joined_on="2025-01-01")
    assert world.import_(world.export(town).path).ok


@pytest.mark.usefixtures("beijing_time")
def test_a_long_name_is_cut_in_the_roster_move_note(world):
    town = world.town()
    name = "马" * 2000
    leader = people.add_person(town.store, ACTOR, name, roles=[LEADER], joined_on="2027-01-05")
    world.clock.set(datetime(2027, 1, 12, 2, 0, tzinfo=UTC))
    year_close.close_year(town.store, 2026, ACTOR)
    assert world.import_(world.export(town).path).ok
    year_close.reopen_year(town.store, 2026, "补登到任日期", ACTOR)
    people.update_person(town.store, leader.id, ACTOR, name, roles=[LEADER], joined_on="2026-06-01")
    year_close.close_year(town.store, 2026, ACTOR)
    report = world.import_(world.export(town).path)
    assert report.ok, report.error
    [moved] = [text for text in report.notes if text.startswith("名册改动了2026年")]
    assert f"{'马' * 19}…（到任日期 2027-01-05 → 2026-06-01）" in moved and len(moved) < 200


def test_a_long_name_a_report_stored_before_holds_is_cut_when_said_again():
    said = roster_move_notes.note(2026, ["马" * 2_000_000 + "（新登记）", "王新（新登记）"])
    assert len(said) < 300 and said.endswith("…；王新（新登记）；该年已评定的指标可能随之改变")
