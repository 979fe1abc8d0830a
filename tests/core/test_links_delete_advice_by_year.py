"""Deleting a cancelled 2023 meeting asked this year's catalog whether its 会前学法 counts through the meeting's link.
The county's 2024 catalog (from_year = 2024) no longer says linked_from, while 2023 is still scored by its own,
which does: the advice to delete the study too (it stays counted in 2023's 会前学法) was no longer given."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/catalog_notices.py

from catalog_notices import notice_2024

from fazhi_desktop.core.indicators import use_catalog
from fazhi_desktop.core.links import deletion_note


def test_a_2023_meetings_study_is_advised_on_by_2023s_catalog(store, valid_record, tmp_path):
    path = notice_2024(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace('linked_from = "meeting.pre_meeting_study"\n', ""),
                    encoding="utf-8")
    use_catalog(store, path)
    study = store.save("law_study", valid_record("law_study", held_on="2023-03-05"), "杨芳")
    meeting = store.save("meeting", valid_record("meeting", title="2023年第3次乡镇政府常务会议", held_on="2023-03-05",
                                                 pre_meeting_study=study.id), "杨芳")
    assert deletion_note(store, meeting.id) == (
        f"其“会前学法”{study.number}仍计入会前学法；会议取消、学法活动也未进行的，请一并删除该学法活动记录")
