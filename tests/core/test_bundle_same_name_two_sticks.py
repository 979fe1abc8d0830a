# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""The county reviewer's Monday: a restored township's new bundle 2 and its dead PC's bundle 2 came on two sticks,
both `fazhi-640522103-000002.tar.age`. The import report and 数据包记录 named each by its file name alone: two lines
alike. Now a name two files of one import share is given with its folder, and 数据包记录 and `fazhi bundles --show`
say when each was made."""

from __future__ import annotations

from datetime import UTC, datetime

from bundle_world import ACTOR, county_template, restored_and_dead_pc, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.bundle import exchanges
from fazhi_desktop.core.bundle.apply import import_bundles
from fazhi_desktop.core.bundle.import_report import report_text

NAME = "fazhi-640522103-000002.tar.age"


def two_bundles_2(world, clock, valid_record):
    new, dead = restored_and_dead_pc(world, clock, valid_record)
    assert new.name == dead.name == NAME
    clock.set(datetime(2026, 12, 7, 1, 30, tzinfo=UTC))
    return new, dead


def test_two_files_of_one_name_are_told_apart_by_folder_and_made_time(world, clock, valid_record):
    new, dead = two_bundles_2(world, clock, valid_record)
    reports = import_bundles(world.county, [new, dead], world.keys, ACTOR)
    names = {report.file_name for report in reports}
    assert names == {f"usb-restored/{NAME}", f"usb-640522103/{NAME}"}
    text = report_text(reports)
    assert f"usb-restored/{NAME}" in text and f"usb-640522103/{NAME}" in text, text
    listed = exchanges.received_bundles(world.county, "640522103", 2)
    assert {bundle.file_name for bundle in listed} == names
    made = {bundle.file_name: exchanges.made_text(bundle) for bundle in listed}
    assert made == {f"usb-restored/{NAME}": "制作时间：2026-12-01 09:00（北京时间）",
                    f"usb-640522103/{NAME}": "制作时间：2026-11-20 09:00（北京时间）"}


def test_a_name_no_other_file_of_the_import_has_is_given_alone(world, clock, valid_record):
    new, _dead = two_bundles_2(world, clock, valid_record)
    (report,) = import_bundles(world.county, [new], world.keys, ACTOR)
    assert report.file_name == NAME
    (bundle,) = exchanges.received_bundles(world.county, "640522103", 2)
    assert bundle.file_name == NAME
