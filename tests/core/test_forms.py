"""Ledger definitions: the shipped forms load, and a malformed form is refused with its file, field and line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from fazhi_desktop.core.forms import FormError, forms_dir, load_forms

SHIPPED = ("complaint", "enforcement_check", "law_study", "mediation_case", "meeting")


# --- helpers --------------------------------------------------------------------------------------------------


def copy_forms(tmp_path: Path) -> Path:
    target = tmp_path / "forms"
    target.mkdir()
    for path in forms_dir().glob("*.toml"):
        shutil.copy(path, target)
    return target


def break_form(tmp_path: Path, file_name: str, old: str, new: str) -> Path:
    """A copy of the shipped forms with exactly one passage of one file rewritten."""
    directory = copy_forms(tmp_path)
    path = directory / file_name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"test setup: {old!r} must occur once in {file_name}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return directory


def line_of(directory: Path, file_name: str, text: str, occurrence: int = 1) -> int:
    """The 1-based line of the `occurrence`-th line that equals `text` (stripped)."""
    seen = 0
    for number, line in enumerate((directory / file_name).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() == text:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"test setup: {text!r} not found in {file_name}")


def refusal(directory: Path) -> FormError:
    with pytest.raises(FormError) as caught:
        load_forms(directory)
    return caught.value


def assert_names(error: FormError, file_name: str, field: str | None) -> None:
    message = str(error)
    assert Path(error.file).name == file_name
    assert file_name in message
    if field is not None:
        assert error.field == field
        assert field in message


# --- the shipped forms ----------------------------------------------------------------------------------------


def test_all_five_shipped_forms_load(ledgers):
    assert sorted(ledgers) == sorted(SHIPPED)


@pytest.mark.parametrize("name", SHIPPED)
def test_each_shipped_form_has_a_chinese_label_a_date_field_and_fields(ledgers, name):
    ledger = ledgers[name]
    assert ledger.label and not ledger.label.isascii()
    assert ledger.field(ledger.date_field).type == "date"
    assert ledger.title_field in ledger.field_names
    assert ledger.fields


def test_shipped_forms_keep_their_documented_numbering(ledgers):
    assert ledgers["meeting"].numbering.render(2026, ledgers["meeting"].numbering.prefix, 1) == "〔2026〕会记字第1号"
    mediation = ledgers["mediation_case"].numbering
    assert mediation.prefix_for({"case_category": "行政裁决"}) == "行裁字"
    assert mediation.prefix_for({"case_category": "人民调解"}) == "人调字"


def test_complaints_belong_to_enforcement_checks(ledgers):
    assert ledgers["complaint"].parent == "enforcement_check"
    assert ledgers["complaint"].field("related_check").link == "enforcement_check"


def test_a_copy_of_the_shipped_forms_loads_like_the_originals(tmp_path, ledgers):
    copied = load_forms(copy_forms(tmp_path))
    assert {n: ledger.field_names for n, ledger in copied.items()} == {
        n: ledger.field_names for n, ledger in ledgers.items()
    }


def test_an_empty_forms_directory_is_refused(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(FormError, match="没有任何台账定义文件"):
        load_forms(tmp_path / "empty")


# --- malformed forms are refused with file, field and line ----------------------------------------------------


def test_unknown_field_type_is_refused(tmp_path):
    directory = break_form(
        tmp_path, "meeting.toml", 'name = "location"\nlabel = "地点"\ntype = "text"',
        'name = "location"\nlabel = "地点"\ntype = "txt"',
    )
    error = refusal(directory)
    assert_names(error, "meeting.toml", "location")
    assert error.line == line_of(directory, "meeting.toml", 'name = "location"')
    assert "txt" in error.reason


def test_duplicate_field_name_is_refused(tmp_path):
    directory = break_form(tmp_path, "meeting.toml", 'name = "recorder"', 'name = "host"')
    error = refusal(directory)
    assert_names(error, "meeting.toml", "host")
    assert "重复" in error.reason
    # either definition of the duplicated name is a useful place to look
    assert error.line in (
        line_of(directory, "meeting.toml", 'name = "host"', 1),
        line_of(directory, "meeting.toml", 'name = "host"', 2),
    )


def test_condition_on_a_field_that_does_not_exist_is_refused(tmp_path):
    directory = break_form(
        tmp_path, "law_study.toml",
        'visible_when = { field = "activity_type", equals = "旁听庭审" }\n\n[[fields]]\nname = "case_no"',
        'visible_when = { field = "activity_kind", equals = "旁听庭审" }\n\n[[fields]]\nname = "case_no"',
    )
    error = refusal(directory)
    assert_names(error, "law_study.toml", "court")
    assert "activity_kind" in error.reason
    assert error.line == line_of(directory, "law_study.toml", 'name = "court"')


def test_condition_on_a_subfield_of_another_level_is_refused(tmp_path):
    # a group's sub-field may only refer to sub-fields of its own row
    directory = break_form(
        tmp_path, "meeting.toml", 'visible_when = { field = "needs_review", equals = true }\n\n[[fields.fields]]\n'
        'name = "review_doc_no"',
        'visible_when = { field = "meeting_type", equals = "党委会" }\n\n[[fields.fields]]\nname = "review_doc_no"',
    )
    error = refusal(directory)
    assert_names(error, "meeting.toml", "review_status")
    assert "meeting_type" in error.reason


def test_condition_value_that_is_not_among_the_choices_is_refused(tmp_path):
    directory = break_form(
        tmp_path, "law_study.toml",
        'equals = "旁听庭审" }\n\n[[fields]]\nname = "case_no"',
        'equals = "庭审旁听" }\n\n[[fields]]\nname = "case_no"',
    )
    error = refusal(directory)
    assert_names(error, "law_study.toml", "court")
    assert "庭审旁听" in error.reason
    assert error.line == line_of(directory, "law_study.toml", 'name = "court"')


def test_condition_in_list_with_a_value_not_among_the_choices_is_refused(tmp_path):
    directory = break_form(
        tmp_path, "mediation_case.toml", 'visible_when = { field = "result", equals = "调解不成功(终止)" }',
        'visible_when = { field = "result", in = ["调解不成功(终止)", "调解失败"] }',
    )
    error = refusal(directory)
    assert_names(error, "mediation_case.toml", "termination_reason")
    assert "调解失败" in error.reason


@pytest.mark.parametrize("system_column", ["status", "remarks", "number", "id", "rid"])
def test_system_column_name_cannot_be_a_field_name(tmp_path, system_column):
    directory = break_form(tmp_path, "meeting.toml", 'name = "location"', f'name = "{system_column}"')
    error = refusal(directory)
    assert_names(error, "meeting.toml", system_column)
    assert "系统列名" in error.reason
    assert error.line == line_of(directory, "meeting.toml", f'name = "{system_column}"')


@pytest.mark.parametrize(("old", "new", "field", "reason"), [
    ("first_year = 1900", "first_year = 1800", "birth_date", "first_year 必须是 1900–2000 之间的年份"),
    ("first_year = 1900", 'first_year = "1900"', "birth_date", "first_year 必须是 1900–2000 之间的年份"),
    ("first_year = 1900", "first_year = 2026", "birth_date", "first_year 必须是 1900–2000 之间的年份"),
    ('name = "occupation"', 'name = "occupation"\nfirst_year = 1900', "occupation", "只有日期字段"),
])
def test_a_date_fields_first_year_is_a_year_excel_can_hold(tmp_path, old, new, field, reason):
    """出生日期 goes back to 1900 (`first_year`), the other dates to 2000; earlier than 1900 an Excel list export
    writes no date (a negative serial, shown #####)."""
    error = refusal(break_form(tmp_path, "mediation_case.toml", old, new))
    assert_names(error, "mediation_case.toml", field)
    assert reason in error.reason


def test_choice_field_without_choices_is_refused(tmp_path):
    directory = break_form(tmp_path, "meeting.toml", 'choices = ["全程", "部分", "未列席"]\n', "")
    error = refusal(directory)
    assert_names(error, "meeting.toml", "office_head_attendance")
    assert "choices" in error.reason
    assert error.line == line_of(directory, "meeting.toml", 'name = "office_head_attendance"')


def test_choice_field_with_an_empty_choice_list_is_refused(tmp_path):
    directory = break_form(tmp_path, "meeting.toml", 'choices = ["全程", "部分", "未列席"]', "choices = []")
    error = refusal(directory)
    assert_names(error, "meeting.toml", "office_head_attendance")


def test_group_inside_a_group_is_refused(tmp_path):
    directory = break_form(
        tmp_path, "meeting.toml", 'name = "reason"\nlabel = "原因"\ntype = "text"',
        'name = "reason"\nlabel = "原因"\ntype = "group"\n\n[[fields.fields.fields]]\nname = "detail"\n'
        'label = "详情"\ntype = "text"',
    )
    error = refusal(directory)
    assert_names(error, "meeting.toml", "reason")
    assert "嵌套" in error.reason
    assert error.line == line_of(directory, "meeting.toml", 'name = "reason"')


def test_bad_toml_syntax_is_refused_with_its_line(tmp_path):
    directory = break_form(tmp_path, "meeting.toml", 'label = "地点"', 'label = "地点')
    error = refusal(directory)
    assert_names(error, "meeting.toml", None)
    assert "TOML" in error.reason
    assert error.line == line_of(directory, "meeting.toml", 'label = "地点')
    assert f"meeting.toml:{error.line}" in str(error)


def test_link_to_an_unknown_ledger_is_refused(tmp_path):
    directory = break_form(tmp_path, "meeting.toml", 'link = "law_study"', 'link = "law_studies"')
    error = refusal(directory)
    assert_names(error, "meeting.toml", "pre_meeting_study")
    assert "law_studies" in error.reason
    assert error.line == line_of(directory, "meeting.toml", 'name = "pre_meeting_study"')


def test_link_to_a_ledger_whose_file_is_missing_is_refused(tmp_path):
    directory = copy_forms(tmp_path)
    (directory / "enforcement_check.toml").unlink()
    error = refusal(directory)
    assert_names(error, "complaint.toml", None)
    assert "enforcement_check" in error.reason


def test_date_field_that_is_not_a_date_is_refused(tmp_path):
    directory = break_form(tmp_path, "meeting.toml", 'date_field = "held_on"', 'date_field = "start_time"')
    error = refusal(directory)
    assert_names(error, "meeting.toml", None)
    assert "date_field" in str(error) and "start_time" in str(error)


def test_date_field_that_names_no_field_is_refused(tmp_path):
    directory = break_form(tmp_path, "meeting.toml", 'date_field = "held_on"', 'date_field = "held_at"')
    error = refusal(directory)
    assert "held_at" in str(error)


@pytest.mark.parametrize(("old", "new", "said"), [
    ('"retention_period", "attachments"]', '"retention_period", "attachments", "respondent_x"]',
     "“respondent_x”不是本台账的字段"),
    ('"retention_period", "attachments"]', '"retention_period", "attachments", "accepted_on"]',
     "“accepted_on”是日期、标题"),
    ('open_until = "closed_on"\n', "", "conclusion 须与 open_until 一起使用"),
])
def test_conclusion_fields_are_of_the_form_and_never_those_that_place_the_record_in_its_year(tmp_path, old, new,
                                                                                             said):
    """What an open matter of a closed year may still change (年度封账): its date could move it out of the year."""
    error = refusal(break_form(tmp_path, "complaint.toml", old, new))
    assert_names(error, "complaint.toml", None)
    assert said in str(error)


def test_ledger_name_must_match_its_file_name(tmp_path):
    directory = copy_forms(tmp_path)
    (directory / "meeting.toml").rename(directory / "meetings.toml")
    error = refusal(directory)
    assert_names(error, "meetings.toml", None)


def test_unknown_key_in_a_field_is_refused(tmp_path):
    directory = break_form(
        tmp_path, "meeting.toml", 'placeholder = "如：乡政府三楼会议室"', 'hint = "如：乡政府三楼会议室"'
    )
    error = refusal(directory)
    assert_names(error, "meeting.toml", "location")
    assert "hint" in error.reason


def test_error_in_a_group_subfield_points_at_the_subfield_line(tmp_path):
    directory = break_form(
        tmp_path, "meeting.toml", 'name = "title"\nlabel = "议题名称"\ntype = "text"',
        'name = "title"\nlabel = "议题名称"\ntype = "txt"',
    )
    error = refusal(directory)
    assert_names(error, "meeting.toml", "title")
    assert error.line == line_of(directory, "meeting.toml", 'name = "title"', 2)


def test_a_field_added_later_must_name_a_version_the_form_has(tmp_path):
    directory = break_form(tmp_path, "mediation_case.toml", "since = 3", "since = 6")
    error = refusal(directory)
    assert_names(error, "mediation_case.toml", "confirmation_applied_on")
    assert "大于表单版本 5" in str(error)
    (tmp_path / "b").mkdir()
    directory = break_form(tmp_path / "b", "mediation_case.toml", "since = 2", 'since = "2"')
    assert "since 必须是正整数" in str(refusal(directory))


NEXT = load_forms()["meeting"].version + 1  # the meeting form's next version


def meeting_with_added_field(tmp_path: Path, field_keys: str, raise_version: bool = True) -> Path:
    """The shipped forms with a field 会议方式 (`trial_mode`) added to the meeting form, with `field_keys`, and its
    version raised to NEXT (or, without `raise_version`, left)."""
    tmp_path.mkdir(exist_ok=True)
    directory = copy_forms(tmp_path)
    path = directory / "meeting.toml"
    text = path.read_text(encoding="utf-8")
    if raise_version:
        text = text.replace(re.search(r"^version = .*$", text, re.MULTILINE).group(0), f"version = {NEXT}")
    host = '[[fields]]\nname = "host"'
    added = ('[[fields]]\nname = "trial_mode"\nlabel = "会议方式"\ntype = "choice"\n'
             f'choices = ["现场", "视频"]\n{field_keys}')
    path.write_text(text.replace(host, f"{added}\n\n{host}"), encoding="utf-8")
    return directory


def test_a_raised_version_without_a_field_of_that_since_is_refused(tmp_path):
    """A field added and the version raised, but `since` forgotten: every older record would hash the new empty
    field and `fazhi check` would call them all altered."""
    directory = meeting_with_added_field(tmp_path, "")
    error = refusal(directory)
    assert_names(error, "meeting.toml", None)
    assert error.line == line_of(directory, "meeting.toml", f"version = {NEXT}")
    assert f"第 {NEXT} 版新加的字段须写 since = {NEXT}" in error.reason, error.reason
    assert load_forms(meeting_with_added_field(tmp_path / "b", f"since = {NEXT}"))["meeting"].version == NEXT


def test_a_field_added_later_cannot_be_required(tmp_path):
    """A required field of a later version would make the county refuse every bundle of a township not yet
    upgraded (会议方式：必填)."""
    directory = meeting_with_added_field(tmp_path, f"since = {NEXT}\nrequired = true")
    error = refusal(directory)
    assert_names(error, "meeting.toml", "trial_mode")
    assert error.line == line_of(directory, "meeting.toml", 'name = "trial_mode"')
    assert "不能 required = true" in error.reason and 'kind = "filled"、fields = ["trial_mode"]' in error.reason


M = "meeting.toml"
L = "law_study.toml"
MEETING = (forms_dir() / M).read_text(encoding="utf-8")  # as it is now: a maintainer may have raised its version
VERSION_LINE = re.search(r"^version = .*$", MEETING, re.MULTILINE).group(0)
LIST_COLUMNS = re.search(r"^list_columns = .*$", MEETING, re.MULTILINE).group(0)
LEDGER_HEAD = '[ledger]\nname = "meeting"\nlabel = "会议"\n' + VERSION_LINE
DURATION = 'name = "duration_minutes"\nlabel = "时长（分钟）"\ntype = "integer"\nmin = 0'
REPORTERS = 'visible_when = { field = "activity_type", equals = "领导干部述法" }\n\n[[fields]]\nname = "report_form"'


@pytest.mark.parametrize(("file_name", "old", "new", "reason", "field"), [
    (M, LEDGER_HEAD, LEDGER_HEAD + '\ncolour = "red"', "[ledger] 中有未知的键：colour", None),
    (M, LEDGER_HEAD, '[ledger]\nname = "meeting"\nlabel = "会议"\nversion = 0', "version 必须是正整数", None),
    (M, LEDGER_HEAD, '[ledger]\nname = "meeting"\n' + VERSION_LINE, "[ledger] 缺少 label", None),
    (M, 'title_field = "title"', 'title_field = "subject"', "title_field“subject”不是本台账的字段", None),
    (M, LIST_COLUMNS, "list_columns = []", "list_columns 必须是非空列表", None),
    (M, LIST_COLUMNS, 'list_columns = ["number", "chairman"]', "list_columns 中的“chairman”不是字段", None),
    (M, 'format = "〔{year}〕{prefix}第{seq}号"', 'format = "〔{year}〕{prefix}第号"', "编号格式必须包含 {seq}", None),
    (M, 'name = "title"\nlabel = "会议名称/届次"', 'name = "Title"\nlabel = "会议名称/届次"',
     "name“Title”必须是小写英文、数字和下划线", None),
    (M, 'name = "title"\nlabel = "会议名称/届次"', 'name = "title"', "缺少 label（中文名称）", "title"),
    (M, 'choices = ["会议记录", "会议纪要"]', 'choices = ["会议记录", "会议记录"]', "choices 中有重复的选项",
     "record_form"),
    (M, 'name = "title"\nlabel = "会议名称/届次"\ntype = "text"',
     'name = "title"\nlabel = "会议名称/届次"\ntype = "text"\nchoices = ["甲"]',
     "text 类型的字段不能有 choices", "title"),
    (L, DURATION, DURATION.replace("min = 0", 'min = "零"'), "min 必须是数字", "duration_minutes"),
    (L, REPORTERS, REPORTERS.replace('equals = "领导干部述法"', 'equals = "领导干部述法", in = ["其他"]'),
     "visible_when 需要且只能有 equals、in、not_in、filled 之一", "reporters"),
    (L, REPORTERS, REPORTERS.replace('{ field = "activity_type", equals = "领导干部述法" }',
                                     '{ equals = "领导干部述法" }'), "visible_when 需要 field", "reporters"),
    (L, REPORTERS, REPORTERS.replace('equals = "领导干部述法"', 'in = "领导干部述法"'),
     "visible_when 的 in 必须是列表", "reporters"),
    (L, REPORTERS, REPORTERS.replace('equals = "领导干部述法"', 'filled = "是"'),
     "visible_when 的 filled 必须是 true 或 false", "reporters"),
    (L, REPORTERS, REPORTERS.replace('field = "activity_type"', 'field = "reporters"'),
     "visible_when 不能引用字段自身", "reporters"),
    ("mediation_case.toml", 'applies_when = { field = "case_category", not_in = ["行政裁决"] }\ncopy = true',
     'applies_when = { field = "case_category", not_in = ["行政仲裁"] }\ncopy = true',
     "applies_when 的值“行政仲裁”不是“案件类别”的选项", "mediators"),
    (M, 'name = "title"\nlabel = "会议名称/届次"\ntype = "text"',
     'name = "title"\nlabel = "会议名称/届次"\ntype = "text"\ncopy = "yes"', "copy 必须是 true 或 false", "title"),
    (L, DURATION, DURATION.replace('type = "integer"', 'type = "phone"\ncopy = true').replace("min = 0", ""),
     "证件号、电话、附件和敏感字段不能设 copy", "duration_minutes"),
    (M, 'type = "people"\nabsent_in = "absentees"\ncopy = true\n\n[[fields]]\nname = "observers"',
     'type = "people"\nabsent_in = "agenda_items_x"\ncopy = true\n\n[[fields]]\nname = "observers"',
     "absent_in“agenda_items_x”不是本层的重复组", "attendees"),
    (M, 'name = "title"\nlabel = "会议名称/届次"\ntype = "text"',
     'name = "title"\nlabel = "会议名称/届次"\ntype = "text"\nabsent_in = "absentees"',
     "只有人员（people）字段可以有 absent_in", "title"),
])
def test_each_malformed_definition_is_refused_with_its_reason(tmp_path, file_name, old, new, reason, field):
    """What a maintainer adding or editing a form file reads when something is off."""
    error = refusal(break_form(tmp_path, file_name, old, new))
    assert_names(error, file_name, field)
    assert reason in error.reason, error.reason


def test_copy_as_new_carries_who_where_and_what_kind_never_dates_contents_or_outcomes(ledgers):
    """复制为新记录: the next 常务会议 has the same place, host and attendees; its date, agenda, result its own."""
    copied = {name: [f.name for f in ledger.fields if f.copy] for name, ledger in ledgers.items()}
    assert copied["meeting"] == ["meeting_type", "record_form", "start_time", "end_time", "location", "host",
                                 "recorder", "attendees", "observers"]
    assert copied["mediation_case"] == ["case_category", "case_source", "mediators"]  # never the parties
    for ledger in ledgers.values():
        for f in ledger.fields:
            if f.copy:
                assert f.name != ledger.date_field and f.type not in ("longtext", "group", "attachments", "date")
    meeting = {"title": "2026年第3次常务会议", "held_on": "2026-03-05", "location": "三楼会议室", "host": "田玉春",
               "attendees": ["马明", "李娟"], "observers": [], "agenda": [{"topic": "研究春耕"}]}
    assert ledgers["meeting"].copied_values(meeting) == {"location": "三楼会议室", "host": "田玉春",
                                                         "attendees": ["马明", "李娟"]}


def test_copy_is_refused_on_a_group_subfield(tmp_path):
    directory = break_form(tmp_path, "mediation_case.toml", 'name = "party_type"', 'name = "party_type"\ncopy = true')
    error = refusal(directory)
    assert "copy 只能用于台账的字段，不能用于重复组的子字段" in error.reason and error.field == "party_type"


@pytest.mark.parametrize(("old", "new", "field", "reason"), [
    ('unit = "岁"', 'unit = "周 岁"', "age", "单位"),
    ('placeholder = "如：回族"', 'placeholder = "如：回族"\nunit = "族"', "ethnicity", "只有数字字段"),
])
def test_a_unit_is_a_few_characters_after_a_number(tmp_path, old, new, field, reason):
    error = refusal(break_form(tmp_path, "mediation_case.toml", old, new))
    assert_names(error, "mediation_case.toml", field)
    assert reason in error.reason


@pytest.mark.parametrize(("old", "new", "field"), [
    ('default_from = "mediators"', 'default_from = "mediator"', "visitor"),  # no such field
    ('default_from = "mediators"', 'default_from = "parties"', "visitor"),  # a group: no name of the record
    ('name = "closed_on"\nlabel = "结案日期"\ntype = "date"', 'name = "closed_on"\nlabel = "结案日期"\ntype = "date"\n'
     'default_from = "mediators"', "closed_on"),  # a field of the record itself: no row to start
])
def test_default_from_names_a_field_of_the_record_that_holds_a_name(tmp_path, old, new, field):
    directory = break_form(tmp_path, "mediation_case.toml", old, new)
    error = refusal(directory)
    assert_names(error, "mediation_case.toml", field)
    assert "default_from" in error.reason
    if field == "visitor":
        assert error.line == line_of(directory, "mediation_case.toml", 'name = "visitor"')
