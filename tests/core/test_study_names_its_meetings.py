"""A 学法活动 never said which meetings link to it as their 会前学法, neither in its editor nor on its printed
record: the study a 党委会 and a 政府常务会议 of one morning share could not be seen as theirs from the study.
Its printed record now names them (links.linked_from), and a meeting deleted is no longer named."""

from __future__ import annotations

from fazhi_desktop.core.documents import build_document
from fazhi_desktop.core.links import linked_from

SAID = ("本次学法活动为〔2026〕会记字第1号（2026-03-05 党委会）、第2号（2026-03-05 政府常务会议）的会前学法")


def one_morning(store, valid_record):
    """A study and the two meetings of its morning that link it, the 党委会 first."""
    study = store.save("law_study", valid_record("law_study"), "杨芳")
    party = store.save("meeting", valid_record("meeting", title="党委会", pre_meeting_study=study.id), "杨芳")
    government = store.save("meeting", valid_record("meeting", title="政府常务会议", pre_meeting_study=study.id),
                            "杨芳")
    return study, party, government


def test_the_study_names_both_meetings_of_its_morning(store, valid_record):
    study, _party, _government = one_morning(store, valid_record)
    assert linked_from(store, study) == SAID


def test_its_printed_record_names_them_and_a_deleted_meeting_drops_out(store, valid_record):
    study, party, _government = one_morning(store, valid_record)
    text = build_document(store, study, "record").text().replace("\n", "")
    assert "关联记录" in text and "〔2026〕会记字第1号（2026-03-05 党委会）" in text
    assert "第2号（2026-03-05 政府常务会议）的会前学法" in text
    store.delete(party.id, "杨芳")
    assert linked_from(store, study) == "本次学法活动为〔2026〕会记字第2号（2026-03-05 政府常务会议）的会前学法"
    text = build_document(store, study, "record").text().replace("\n", "")
    assert "党委会" not in text


def test_a_study_no_meeting_links_prints_no_such_row(store, valid_record):
    study = store.save("law_study", valid_record("law_study"), "杨芳")
    assert linked_from(store, study) == ""
    assert "关联记录" not in build_document(store, study, "record").text()
