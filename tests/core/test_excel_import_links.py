"""After an Excel import, the 会前学法 links it left empty (session 25): the editor and `fazhi add`/`update` offer the
study of a meeting's day one record at a time, and an import of 30 meetings, with their studies typed before, left
every 会前学法 empty, which the figures then did not count. `unlinked_after_import` names each link a record of the
same day could fill, in both directions, and `link_all` links them when she says so; nothing is linked by the import
itself."""

from __future__ import annotations

from excel_files import MEETING, filled_template

from fazhi_desktop.core.excel_import import import_records, read_records
from fazhi_desktop.core.links import link_all, unlinked_after_import


def study(store, valid_record, day: str, kind: str = "会前学法"):
    return store.save("law_study", valid_record("law_study", held_on=day, activity_type=kind), "马文")


def meeting_rows(*days: str) -> list[dict]:
    return [{**MEETING, "会议名称/届次": f"2026年第{n}次乡镇政府常务会议", "会议日期": day}
            for n, day in enumerate(days, 1)]


def test_imported_meetings_are_told_the_study_of_their_day_and_linked_only_when_asked(store, ledgers, tmp_path,
                                                                                      valid_record):
    first, second = study(store, valid_record, "2026-01-08"), study(store, valid_record, "2026-02-10")
    study(store, valid_record, "2026-03-03", kind="专题法治讲座")  # not a 会前学法: not offered
    study(store, valid_record, "2026-04-01")  # two meetings of one morning: which is hers to say
    path = filled_template(ledgers["meeting"], tmp_path / "m.xlsx",
                           meeting_rows("2026-01-08", "2026-02-10", "2026-03-03", "2026-04-01", "2026-04-01"))
    saved = import_records(store, read_records(store, "meeting", path), "马文")
    assert all(not r["pre_meeting_study"] for r in saved)  # not linked by the import
    unlinked = unlinked_after_import(store, saved)
    assert [(u.record.number, u.target.id) for u in unlinked] == [("〔2026〕会记字第1号", first.id),
                                                                 ("〔2026〕会记字第2号", second.id)]
    assert unlinked[0].said(store) == ("〔2026〕会记字第1号（2026-01-08 2026年第1次乡镇政府常务会议）的“会前学法”："
                                       f"{first.number}（同日）")
    assert unlinked[0].command() == (f"echo '{{\"pre_meeting_study\": \"{first.number}\"}}' | fazhi update "
                                     "〔2026〕会记字第1号 --json -")
    linked = link_all(store, unlinked, "马文")
    assert [r["pre_meeting_study"] for r in linked] == [first.id, second.id]
    assert unlinked_after_import(store, saved) == []


def test_imported_studies_are_told_the_meeting_of_their_day_that_waits_for_them(store, ledgers, tmp_path,
                                                                                valid_record):
    waiting = store.save("meeting", valid_record("meeting", held_on="2026-03-05"), "马文")
    path = filled_template(ledgers["law_study"], tmp_path / "s.xlsx",
                           [{"活动类型": "会前学法", "学习内容": "学习《行政处罚法》", "活动日期": "2026-03-05"}])
    saved = import_records(store, read_records(store, "law_study", path), "马文")
    [unlinked] = unlinked_after_import(store, saved)
    assert (unlinked.record.id, unlinked.field.name, unlinked.target.id) == (waiting.id, "pre_meeting_study",
                                                                            saved[0].id)
