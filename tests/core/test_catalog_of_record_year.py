"""A record's year is scored by its own catalog, and so are the questions asked of it: deleting a 2025 meeting asked
nothing of its 会前学法 because this year's catalog no longer counts studies through meetings (`linked_from`), and a
closed 2025's leaders could be re-dated because this year's catalog no longer counts 主要负责同志 (T47). Both now ask
the catalog of the record's year."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/catalog_notices.py

from catalog_notices import notice_2024

from fazhi_desktop.core import accounts, people, year_close
from fazhi_desktop.core.errors import ValidationError
from fazhi_desktop.core.indicators import use_catalog
from fazhi_desktop.core.links import deletion_note

STAFF_PASSWORD = "mima-2026"


def notice_2026(tmp_path) -> Path:
    """A 2026 catalog without the link count (T46a's linked_from) and without the roster's targets (T46c, T47)."""
    path = notice_2024(tmp_path, "from_year = 2026", name="县目录2026.toml")
    text = path.read_text(encoding="utf-8").replace('linked_from = "meeting.pre_meeting_study"\n', "")
    for code in ("T46c", "T47"):
        text = re.sub(r'\[\[indicator\]\]\ncode = "' + code + r'".*?(?=\[\[indicator\]\])', "", text, flags=re.S)
    path.write_text(text, encoding="utf-8")
    return path


def test_deleting_a_2025_meeting_asks_of_its_study_by_2025s_catalog(store, valid_record, tmp_path):
    study = store.save("law_study", valid_record("law_study", held_on="2025-03-05"), "杨芳")
    meeting = store.save("meeting", valid_record("meeting", held_on="2025-03-05", pre_meeting_study=study.id), "杨芳")
    use_catalog(store, notice_2026(tmp_path))
    assert deletion_note(store, meeting.id) == (
        "其“会前学法”〔2025〕学法字第1号仍计入会前学法；会议取消、学法活动也未进行的，请一并删除该学法活动记录")


def test_a_closed_years_leader_stays_by_that_years_catalog(store, staff, tmp_path):
    accounts.login(store, "admin", STAFF_PASSWORD)
    use_catalog(store, notice_2026(tmp_path))
    accounts.login(store, "杨芳", STAFF_PASSWORD)
    leader = people.add_person(store, "", "马书记", roles=["主要负责同志"], joined_on="2021-03-01")
    year_close.close_year(store, 2025)
    with pytest.raises(ValidationError, match="2025年已封账：此项修改会改变2025年在任的人员"):
        people.update_person(store, leader.id, "", name="马书记", title=None, roles=["主要负责同志"],
                             joined_on="2021-03-01", left_on="2025-10-01", active=True)
