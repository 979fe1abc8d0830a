"""An agenda item's 汇报人 compared with the meeting's lists of people (the `listed` check, forms/meeting.toml): two
reporters in one box (马海军、李强), a name spaced as a 公文 sets it (王　梅), a dot typed for the 间隔号
(阿依古丽•买买提), a title in brackets (田玉春（镇长）) or a post before the name (镇长田玉春) were each said to be in
none of 出席/列席/主持/记录 while every one of them was there; the name's own doubt (有空格, 不是姓名的间隔号…) is
warning enough. A reporter who is not there is still named, alone."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi_desktop.core.validate import Lookups, clean_record

NOT_LISTED = "不在出席人员、列席人员、主持人、记录人中"


def warnings_of(ledgers, valid_record, presenter: str) -> list[str]:
    values = valid_record("meeting", host="田玉春", recorder="田丽", observers=["苏明"],
                          attendees=["李强", "马海军", "王梅", "阿依古丽·买买提"],
                          agenda_items=[{"title": "议题", "presenter": presenter}])
    result = clean_record(ledgers["meeting"], values, Lookups(today=lambda: date(2026, 6, 1)))
    assert result.problems == []
    return [str(w) for w in result.warnings]


@pytest.mark.parametrize("presenter", ["马海军、李强", "王　梅", "王 梅", "阿依古丽•买买提", "田玉春（镇长）",
                                       "镇长田玉春"])
def test_a_reporter_at_the_meeting_however_typed_is_not_said_to_be_missing(ledgers, valid_record, presenter):
    assert not [w for w in warnings_of(ledgers, valid_record, presenter) if NOT_LISTED in w]


def test_of_two_reporters_the_one_not_there_is_named_alone(ledgers, valid_record):
    said = [w for w in warnings_of(ledgers, valid_record, "马海军、海军") if NOT_LISTED in w]
    assert len(said) == 1 and said[0].startswith(f"议题第1行·汇报人：海军{NOT_LISTED}")


def test_a_reporter_by_title_alone_is_still_asked_about(ledgers, valid_record):
    said = [w for w in warnings_of(ledgers, valid_record, "马乡长") if NOT_LISTED in w]
    assert said and said[0].startswith(f"议题第1行·汇报人：马乡长{NOT_LISTED}")


def test_a_usual_name_is_compared_as_the_general_path_would_compare_it():
    """compared_names takes a two- or three-character name as typed (a fifth of a meeting's save went to splitting
    every name of every list): the same names as the general path, which a separator after it forces, for names
    ending in 等 (王平等: 王平, as 出席：…等 is read), numerals read as list numbers and posts before a name."""
    import itertools

    from fazhi_desktop.core.names import compared_names

    chars = "马王李等一二三十人同志镇长所村主任书记副田玉春海军平五"
    for size in (2, 3):
        for combo in itertools.product(chars, repeat=size):
            name = "".join(combo)
            assert compared_names(name) == compared_names(name + "、"), name
