"""A study typed into the wrong field: a meeting whose 议题 or 备注 says 会前学法 (or starts 学法, 学习《…》) while its
会前学法 link is empty is counted by no target (T46a counts 学法活动 records). It is saved with an orange note at the
会前学法 field naming the target, never refused (`mentioned` check, forms/meeting.toml)."""

from __future__ import annotations

import pytest
from test_checks import with_check
from test_forms import assert_names, line_of, refusal

from fazhi_desktop.core.forms import load_forms
from fazhi_desktop.core.indicators.catalog import load_catalog

ACTOR = "杨芳"
SAYS = ("，但“会前学法”中没有链接记录：不计入本年度指标“会前学法”（第46项）。"
        "请新建学法活动记录（活动类型选“会前学法”），再在本会议的“会前学法”中选中它")


def said(record) -> list[str]:
    return [str(w) for w in record.warnings]


@pytest.mark.parametrize(("typed", "where", "word"), [
    ({"agenda_items": [{"title": "会前学法：学习宪法"}]}, "议题", "会前学法"),
    ({"agenda_items": [{"title": "研究春耕生产"}, {"title": "一、学习《中华人民共和国行政复议法》"}]}, "议题",
     "学习《中华人民共和国行政复议法》"),
    ({"agenda_items": [{"title": "学法", "decision": "由杨芳讲解新修订的行政复议法"}]}, "议题", "学法"),
    ({"agenda_items": [{"title": "研究春耕生产", "decision": "会前学法由田玉春主讲"}]}, "议题", "会前学法"),
    ({"remarks": "会前学法由马志刚主讲《行政处罚法》"}, "备注", "会前学法"),
])
def test_a_study_written_into_the_agenda_or_remarks_is_noted_at_the_empty_link(store, valid_record, typed, where,
                                                                                 word):
    record = store.save("meeting", valid_record("meeting", **typed), ACTOR)
    assert said(record) == [f"会前学法：{where}中写了“{word}”{SAYS}"]
    assert record.warnings[0].path == "pre_meeting_study" and record.warnings[0].advisory  # not asked at printing
    assert store.count("meeting") == 1  # saved: a note, never a refusal


def test_the_note_goes_once_the_study_is_linked(store, valid_record):
    meeting = store.save("meeting", valid_record("meeting", agenda_items=[{"title": "会前学法"}]), ACTOR)
    assert said(meeting)
    study = store.save("law_study", valid_record("law_study", held_on="2026-03-05"), ACTOR)
    assert said(store.save("meeting", {"pre_meeting_study": study.id}, ACTOR, record_id=meeting.id)) == []


@pytest.mark.parametrize("agenda", [
    [{"title": "研究春耕生产", "decision": "同意"}],
    [{"title": "学习贯彻县委全会精神"}],  # 学习 without a law's title
    [{"title": "研究学法用法示范户评选", "decision": "同意"}],  # 学法 not at the start
])
def test_an_agenda_that_is_no_study_is_quiet(store, valid_record, agenda):
    assert said(store.save("meeting", valid_record("meeting", agenda_items=agenda), ACTOR)) == []


def test_the_check_says_it_of_values_not_yet_saved(store, valid_record):
    """What the editor and 从Excel导入 ask of a record before the write path: the same note."""
    from fazhi_desktop.core.validate import clean_record

    result = clean_record(store.ledger("meeting"), valid_record("meeting", remarks="会前学法"), store.lookups())
    assert result.problems == [] and [w.message for w in result.warnings] == [f"备注中写了“会前学法”{SAYS}"]


def test_the_note_names_the_catalogs_own_target():
    """The form's sentence names T46a as the catalog titles and numbers it (本年度指标 shows 会前学法, 第46项)."""
    ledgers = load_forms()
    t46a = next(i for i in load_catalog(None, ledgers).indicators if i.code == "T46a")
    [check] = [c for c in ledgers["meeting"].checks if c.kind == "mentioned"]
    assert f"本年度指标“{t46a.title}”（第{t46a.task}项）" in check.message


@pytest.mark.parametrize(("entry", "reason", "field"), [
    ('kind = "mentioned"\nfields = ["title"]\nwords = ["学法"]\nempty = "pre_meeting_study"', "需要 says", None),
    ('kind = "mentioned"\nfields = ["title"]\nempty = "pre_meeting_study"\nsays = "不计入"', "需要 words", None),
    ('kind = "mentioned"\nfields = ["held_on"]\nwords = ["学法"]\nempty = "pre_meeting_study"\nsays = "不计入"',
     "“会议日期”是 date 类型", "held_on"),
    ('kind = "mentioned"\nrows = "agenda_items"\nwords = ["学法"]\nempty = "pre_meeting_study"\nsays = "不计入"',
     "须同时给出", None),
    ('kind = "mentioned"\nrows = "agenda_items"\nrow_fields = ["needs_review"]\nwords = ["学法"]\n'
     'empty = "pre_meeting_study"\nsays = "不计入"', "不是重复组“议题”的文字字段", "needs_review"),
    ('kind = "mentioned"\ngroup = "agenda_items"\nfields = ["title"]\nwords = ["学法"]\nempty = "presenter"\n'
     'says = "不计入"', "不能再写 group", None),
])
def test_a_malformed_mentioned_check_is_refused_with_its_line_and_reason(tmp_path, entry, reason, field):
    directory = with_check(tmp_path, "meeting.toml", entry)
    error = refusal(directory)
    assert reason in error.reason, error.reason
    assert_names(error, "meeting.toml", field)
    headers = (directory / "meeting.toml").read_text(encoding="utf-8").count("[[checks]]")
    assert error.line == line_of(directory, "meeting.toml", "[[checks]]", headers)


@pytest.mark.parametrize("typed", [
    {"remarks": "未开展会前学法"},
    {"remarks": "本次会议无会前学法"},
    {"remarks": "会前学法：无"},
    {"remarks": "会前学法因故取消，下次补学"},
    {"agenda_items": [{"title": "研究春耕生产", "decision": "同意；会前学法另行安排"}]},
    {"agenda_items": [{"title": "学法用法示范户评选", "decision": "同意推荐3户"}]},
    {"agenda_items": [{"title": "学法考试组织安排"}]},
    {"agenda_items": [{"title": "二、学法积分制管理办法（讨论稿）"}]},
])
def test_a_study_said_not_held_or_a_word_that_only_begins_with_it_is_quiet(store, valid_record, typed):
    """A secretary writes 会前学法：无 in 备注 because none was held; 学法用法示范户 is 普法 work, no study: telling her
    to make a 学法活动 record for either is wrong."""
    assert said(store.save("meeting", valid_record("meeting", **typed), ACTOR)) == []


@pytest.mark.parametrize(("typed", "word"), [
    ({"remarks": "会前学法：学习宪法，无异议"}, "会前学法"),  # a 无 in a later clause is not of the study
    ({"agenda_items": [{"title": "学法（行政复议法）"}]}, "学法（行政复议法）"),
    ({"agenda_items": [{"title": "学法 宪法第三十三条"}]}, "学法"),
])
def test_a_study_held_is_still_noted(store, valid_record, typed, word):
    [note] = said(store.save("meeting", valid_record("meeting", **typed), ACTOR))
    assert f"写了“{word}”" in note


@pytest.mark.parametrize("title", ["学习《习近平谈治国理政》第四卷", "一、学习《关于加强乡镇政府服务能力建设的意见》",
                                   "学习《求是》杂志文章"])
def test_a_book_that_is_no_law_is_no_study_of_law(store, valid_record, title):
    """学习《…》 as the 第一议题 of a township meeting is mostly a political study: no 会前学法 to record."""
    assert said(store.save("meeting", valid_record("meeting", agenda_items=[{"title": title}]), ACTOR)) == []


@pytest.mark.parametrize(("title", "word"), [
    ("学习《中华人民共和国宪法》", "学习《中华人民共和国宪法》"),
    ("学习《宁夏回族自治区信访条例》", "学习《宁夏回族自治区信访条例》"),
    ("学习《习近平法治思想学习纲要》第三章", "学习《习近平法治思想学习纲要》第三章"),
])
def test_a_book_of_law_is_still_noted(store, valid_record, title, word):
    [note] = said(store.save("meeting", valid_record("meeting", agenda_items=[{"title": title}]), ACTOR))
    assert f"写了“{word}”" in note


def test_titles_go_with_a_start_that_opens_a_title(tmp_path):
    entry = ('kind = "mentioned"\nfields = ["remarks"]\nstarts = ["学法"]\ntitles = ["法"]\n'
             'empty = "pre_meeting_study"\nsays = "不计入"')
    error = refusal(with_check(tmp_path, "meeting.toml", entry))
    assert "titles" in error.reason and "《" in error.reason, error.reason
