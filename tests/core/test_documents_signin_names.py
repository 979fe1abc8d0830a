"""The 签到表's 姓名 and 职务 columns (the county inspector's copy): a name is never broken inside ("阿依古丽·买买" /
"提" in a fixed 26 mm column), and the 主讲人 from the county has the 主讲人职务 typed on the record, as the
学法活动记录 prints it, not a blank."""

from __future__ import annotations

from fazhi_desktop.core.documents import build_document
from fazhi_desktop.core.people import add_person

NAMES = ["马志刚", "阿依古丽·买买提", "欧阳司马诸葛", "穆罕默德·阿卜杜拉·马", "李强"]


def row_of(page, name: str) -> list[str]:
    """What is printed on the line of `name` in the table, left to right."""
    (y,) = {round(r.y, 1) for r in page.texts() if r.text == name}
    return [r.text for r in sorted(page.texts(), key=lambda r: r.x) if round(r.y, 1) == y]


def test_names_are_printed_whole_in_the_name_column(store, valid_record):
    record = store.save("law_study", valid_record("law_study", host="马志刚", participants=NAMES), "杨芳")
    doc = build_document(store, record, "signin")
    runs = [r.text for r in doc.pages[0].texts()]
    for name in ("阿依古丽·买买提", "欧阳司马诸葛", "马志刚", "李强"):  # each on one line, as one run
        assert name in runs, name
    # wider than nine characters: broken only after a "·", never inside a part of it
    long = [text for text in runs if (text and text in "穆罕默德·阿卜杜拉·马" and len(text) > 1) or text == "马"]
    assert "".join(long) == "穆罕默德·阿卜杜拉·马" and len(long) >= 2, long
    assert all(text.endswith("·") for text in long[:-1]), long
    assert "签名" in runs and "备注" in runs  # the room came from 备注, the table still within the page
    assert max(r.x for r in doc.pages[0].texts()) < doc.pages[0].width - 20 * 2.83


def test_the_speaker_from_the_county_has_the_position_typed_on_the_record(store, valid_record):
    add_person(store, "杨芳", "马志刚", title="镇长")
    add_person(store, "杨芳", "李强", title="司法所所长")
    study = valid_record("law_study", host="马志刚", speaker="苏建国", speaker_position="县司法局副局长",
                         participants=["马志刚", "李强"])
    record = store.save("law_study", study, "杨芳")
    page = build_document(store, record, "signin").pages[0]
    assert row_of(page, "苏建国")[1:] == ["苏建国", "县司法局副局长", "主讲"]  # was blank: not on the roster
    assert row_of(page, "马志刚")[1:] == ["马志刚", "镇长", "主持"]  # the roster still gives the others'
    # the record's value wins over the roster's: what was typed for that day
    record = store.save("law_study", {**study, "speaker": "李强", "speaker_position": "县普法讲师团成员"}, "杨芳",
                        record_id=record.id)
    page = build_document(store, record, "signin").pages[0]
    assert row_of(page, "李强")[1:] == ["李强", "县普法讲师团成员", "主讲"]


def test_a_name_breaks_after_any_of_the_dots_typed_for_its_middle_dot():
    """阿依古丽•买买提 typed with a bullet (another input method's ·) breaks after it as after a ·: the sign-in sheet
    did, until its break was shared with the register's, which knew only · and ・."""
    from fazhi_desktop.core.documents.cjk import name_parts

    for dot in "·・•‧":
        assert name_parts(f"阿依古丽{dot}买买提") == [f"阿依古丽{dot}", "买买提"]
