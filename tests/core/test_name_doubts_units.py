"""The name check as a clerk listing 列席 from the county meets it: “县委依法治县办 田龘” was answered 是否应为
“县委依法治县办田龘”, advice that merged an office into a name; a post spaced from the name likewise. And 马𠮷祥 (𠮷
beyond the BMP, CJK Ext-B) is a name like any other: “杨芳 马𠮷祥” was kept as one name, spaces and all."""

from __future__ import annotations

from fazhi_desktop.core.names import name_doubt, split_names


def test_an_office_before_a_name_is_not_offered_as_part_of_it():
    said = name_doubt("县委依法治县办 田龘")
    assert said == "“县委依法治县办 田龘”前面是单位吗？这里只写姓名“田龘”，单位请写在人员名册的“单位”中"
    assert "县委依法治县办田龘" not in name_doubt("海原县司法局 马𠮷祥").replace("“海原县司法局 马𠮷祥”", "")


def test_a_post_spaced_from_the_name_is_said_to_be_a_post():
    assert name_doubt("海城村党支部书记 张建国") == "“海城村党支部书记 张建国”前面是职务吗？是否应为“张建国”"
    assert name_doubt("镇长 田玉春") == "“镇长 田玉春”前面是职务吗？是否应为“田玉春”"


def test_a_name_spaced_inside_is_still_offered_joined():
    assert name_doubt("王 梅") == "“王 梅”中有空格，是否应为“王梅”"
    assert name_doubt("欧阳 志刚") == "“欧阳 志刚”中有空格，是否应为“欧阳志刚”"


def test_a_name_with_a_character_beyond_the_bmp_is_a_name():
    assert split_names("杨芳 马𠮷祥") == ["杨芳", "马𠮷祥"]
    assert split_names("马　𠮷　祥") == ["马𠮷祥"]  # a name spaced out as a 公文 sets it
    assert name_doubt("马 𠮷祥") == "“马 𠮷祥”中有空格，是否应为“马𠮷祥”"
    assert name_doubt("𠮷") == "“𠮷”只有一个字，请填写全名"
