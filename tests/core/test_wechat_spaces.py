"""A title or a name pasted from a WeChat notice or a web page holds spaces no keyboard types (U+2005, a no-break
space): it looked like the one typed, but the same meeting entered twice was never said to be twice (the check
compares titles), and both counted in the county's figures."""

from __future__ import annotations

from fazhi_desktop.core.plaintext import multi_line, one_line

PASTED = "2026年第3次\u2005镇政府常务会议\u00a0"
TYPED = "2026年第3次镇政府常务会议"


def test_the_same_meeting_pasted_then_typed_is_said_to_be_entered_twice(store, staff, valid_record):
    from fazhi_desktop.core import accounts

    accounts.login(store, "马丽", "mima-2026")
    first = store.save("meeting", valid_record("meeting", title=PASTED, held_on="2026-03-05",
                                                host="马\u00a0建国", location="镇政府三楼\u2005会议室"), "")
    assert first.values["title"] == TYPED
    assert first.values["host"] == "马建国" and first.values["location"] == "镇政府三楼会议室"
    second = store.save("meeting", valid_record("meeting", title=TYPED, held_on="2026-03-05"), "")
    assert any(w.path == "title" and first.number in w.message and "重复登记" in w.message for w in second.warnings)


def test_odd_spaces_become_what_a_keyboard_types():
    assert one_line("关于\u2002人居环境整治") == "关于人居环境整治"  # between Chinese: none
    assert one_line("Room\u00a0301\u202f") == "Room 301"  # elsewhere one, at the ends none
    assert one_line("王\u3000梅") == "王\u3000梅"  # typed by a Chinese input method: kept (names compare it)
    assert multi_line("大家一致同意\u00a0\n\u2005下一步\u00a0落实") == "大家一致同意\n下一步落实"


def test_an_odd_space_beside_a_chinese_character_goes_as_a_keyboard_would_not_type_it(store, staff, valid_record):
    """A notice pasted from a web page sets its figures apart with no-break spaces (“2026年第\u00a03\u00a0次”): the
    title was saved as 2026年第 3 次…, which no clerk types, and the same meeting typed from the paper was not said to
    be entered twice. Beside a Chinese character an odd space goes; between two words (John Smith) it is one space."""
    from fazhi_desktop.core import accounts

    assert one_line("3\u00a0号楼") == "3号楼"
    assert one_line("2026\u2005年第\u20053\u2005次") == "2026年第3次"
    assert one_line("John\u00a0Smith\u00a0和\u00a0Room\u00a0301") == "John Smith和Room 301"
    accounts.login(store, "马丽", "mima-2026")
    first = store.save("meeting", valid_record("meeting", title="2026年第\u00a03\u00a0次镇政府常务会议",
                                                held_on="2026-03-05"), "")
    assert first.values["title"] == TYPED
    second = store.save("meeting", valid_record("meeting", title=TYPED, held_on="2026-03-05"), "")
    assert any(w.path == "title" and first.number in w.message for w in second.warnings)
