# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A township importing the county's receipt with its 2024 catalog (会前学法 at least 6, 学法考试通报 dropped) was
told only `县里按《…》评定 2024 年起的指标，本所已同步`: her 会前学法, 4 / 4 达标 that morning, was 4 / 6 at risk from
then on, and nothing said so (played as 杨芳 on the Friday of a 所长's week). The import now says what changed of this
year's targets, as 本年度指标 shows them."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from bundle_world import county_template, world  # noqa: F401  (fixtures)

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/catalog_notices.py

from catalog_notices import notice_2024

from fazhi_desktop.core.bundle.receipts import import_receipt, write_receipts
from fazhi_desktop.core.indicators import use_catalog


def test_the_receipt_says_which_of_this_years_targets_the_countys_catalog_changed(world, valid_record, tmp_path):
    town = world.town()
    for month in (2, 3, 4, 5):
        town.store.save("law_study", valid_record("law_study", held_on=f"2026-{month:02d}-05"), "杨芳")
    world.import_(world.export(town).path)
    use_catalog(world.county, notice_2024(tmp_path))
    [receipt] = write_receipts(world.county, world.keys, town.usb, [town.code])

    said = import_receipt(town.store, receipt.path, "杨芳").text()
    lines = said.split("\n")
    start = lines.index("本所 2026 年的指标因此有变化（详见“本年度指标”）：")
    changed = lines[start + 1 :]
    assert changed[0].startswith("　会前学法：目标由 不少于 4 次 改为 不少于 6 次，现为 4 / 6 次，")
    assert "（原为 达标）" in changed[0] or "（原为 目前达标）" in changed[0]
    assert "　学法考试通报：县里不再考核" in changed
    assert all(line.startswith("　") for line in changed)  # nothing else changed: nothing else listed

    [again] = write_receipts(world.county, world.keys, town.usb, [town.code])
    assert "因此有变化" not in import_receipt(town.store, again.path, "杨芳").text()  # the same catalogs: not said


def test_in_january_the_change_is_said_of_the_year_the_offices_indicators_show(world, valid_record, tmp_path):
    """A receipt imported in January 2027, before anything of 2027 is entered: 本年度指标 shows 2026 (the year the
    考核组 assesses), but the import said what the county's catalog changed of 2027, 会前学法 0 / 6, of a year with no
    record, and not that 2026's 会前学法, 达标 until then, fell short by the county's catalog."""
    town = world.town()
    for month in (2, 3, 4, 5):
        town.store.save("law_study", valid_record("law_study", held_on=f"2026-{month:02d}-05"), "杨芳")
    world.import_(world.export(town).path)
    world.clock.set(datetime(2027, 1, 8, 2, 0, tzinfo=UTC))
    use_catalog(world.county, notice_2024(tmp_path, years=""))  # the county's own catalog, for every year
    [receipt] = write_receipts(world.county, world.keys, town.usb, [town.code])

    lines = import_receipt(town.store, receipt.path, "杨芳").text().split("\n")
    assert "本所 2026 年的指标因此有变化（详见“本年度指标”）：" in lines
    [changed] = [line for line in lines if line.startswith("　会前学法：")]
    assert changed.startswith("　会前学法：目标由 不少于 4 次 改为 不少于 6 次，现为 4 / 6 次，")
    assert "（原为 达标）" in changed
