"""What a user types, turned into stored values, or refused field by field with a Chinese reason."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from fazhi_desktop.core import dates
from fazhi_desktop.core.forms import FieldDef
from fazhi_desktop.core.identifiers import credit_code_check_char
from fazhi_desktop.core.validate import Lookups, clean_record, clean_value

TODAY = date(2026, 6, 1)
VALID_ID = "11010519491231002X"
GOOD_CREDIT_CODE = "91350100M000100Y4" + credit_code_check_char("91350100M000100Y4")


def lookups(**overrides) -> Lookups:
    return Lookups(today=lambda: TODAY, **overrides)


def clean(field: FieldDef, raw, **overrides):
    """The stored value of one field, as the GUI checks it while the user types."""
    value, warning = clean_value(field, raw, lookups(**overrides))
    assert warning is None
    return value


def refused(field: FieldDef, raw, **overrides) -> str:
    with pytest.raises(ValueError) as caught:
        clean_value(field, raw, lookups(**overrides))
    return str(caught.value)


def problems(ledger, data, **overrides) -> dict[str, str]:
    """path -> "label：message" for every problem clean_record finds."""
    result = clean_record(ledger, data, lookups(**overrides))
    return {p.path: str(p) for p in result.problems}


def cleaned(ledger, data, **overrides) -> dict:
    result = clean_record(ledger, data, lookups(**overrides))
    assert result.problems == [], [str(p) for p in result.problems]
    return result.values


CASE_NO = FieldDef(
    "case_no", "案号", "text", pattern=r"（\d{4}）宁\d{4}\w+\d+号", pattern_message="案号格式如（2026）宁0522行初1号"
)


# --- every shipped ledger accepts its minimal record ----------------------------------------------------------


@pytest.mark.parametrize("name", ["meeting", "law_study", "mediation_case", "enforcement_check", "complaint"])
def test_minimal_record_of_each_ledger_is_accepted(ledgers, valid_record, name):
    assert problems(ledgers[name], valid_record(name)) == {}


@pytest.mark.parametrize("name", ["meeting", "law_study", "mediation_case", "enforcement_check", "complaint"])
def test_an_empty_record_is_refused_naming_every_required_field(ledgers, name):
    ledger = ledgers[name]
    found = problems(ledger, {})
    required = {f.name for f in ledger.fields if f.required and f.visible_when is None}
    assert required <= set(found)
    for path in required:
        assert found[path] == f"{ledger.field(path).label}：必填"


# --- text, longtext -------------------------------------------------------------------------------------------


def test_text_is_trimmed():
    assert clean(FieldDef("location", "地点", "text"), "  乡政府三楼会议室 ") == "乡政府三楼会议室"


def test_text_matching_its_pattern_is_accepted():
    assert clean(CASE_NO, "（2026）宁0522行初1号") == "（2026）宁0522行初1号"


def test_text_not_matching_its_pattern_is_refused_with_the_forms_message():
    assert refused(CASE_NO, "2026宁0522") == "案号格式如（2026）宁0522行初1号"


def test_pattern_must_match_the_whole_text():
    digits = FieldDef("code", "代码", "text", pattern=r"\d+")
    assert "格式不正确" in refused(digits, "12a")
    assert clean(digits, "12") == "12"


def test_longtext_keeps_its_lines():
    decision = FieldDef("decision", "决定事项", "longtext")
    assert clean(decision, "一、同意。\n二、由司法所牵头。") == "一、同意。\n二、由司法所牵头。"


def test_text_cannot_be_a_list():
    assert "文字" in refused(FieldDef("location", "地点", "text"), ["乡政府"])


# --- integer, decimal -----------------------------------------------------------------------------------------


def test_integer_accepts_digits_and_a_sign(ledgers):
    minutes = ledgers["law_study"].field("duration_minutes")
    assert clean(minutes, "30") == 30
    assert clean(minutes, "+45") == 45
    assert clean(minutes, 60) == 60


def test_integer_refuses_non_digits(ledgers):
    minutes = ledgers["law_study"].field("duration_minutes")
    assert refused(minutes, "30分钟") == "应为整数"
    assert refused(minutes, "3.5") == "应为整数"


def test_integer_below_min_or_above_max_is_refused(ledgers):
    minutes = ledgers["law_study"].field("duration_minutes")  # 0 .. 600
    assert refused(minutes, "-1") == "不能小于 0"
    assert refused(minutes, 601) == "不能大于 600"
    assert clean(minutes, 600) == 600
    assert clean(minutes, 0) == 0


def test_integer_refuses_a_boolean(ledgers):
    assert refused(ledgers["law_study"].field("duration_minutes"), True) == "应为数字"


def test_integer_accepts_a_whole_number_given_as_a_float(ledgers):
    assert clean(ledgers["law_study"].field("duration_minutes"), 30.0) == 30


def test_decimal_accepts_decimals_and_enforces_bounds(ledgers):
    score = ledgers["law_study"].field("average_score")  # 0 .. 100
    assert clean(score, "87.5") == 87.5
    assert clean(score, 90) == 90.0
    assert refused(score, "100.5") == "不能大于 100"
    assert refused(score, "-0.5") == "不能小于 0"
    assert refused(score, "八十") == "应为数字"


def test_decimal_refuses_not_a_number(ledgers):
    assert refused(ledgers["law_study"].field("average_score"), "nan") == "应为数字"


# --- dates and times ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["2026-03-05", "2026年3月5日", "2026/3/5", "2026.3.5", "20260305"])
def test_date_in_the_forms_people_write_is_stored_iso(ledgers, written):
    assert clean(ledgers["meeting"].field("held_on"), written) == "2026-03-05"


@pytest.mark.parametrize("written", ["2026-02-30", "3月5日", "明天", "2026年13月1日"])
def test_invalid_date_is_refused_with_a_chinese_message_naming_the_field(ledgers, valid_record, written):
    found = problems(ledgers["meeting"], valid_record("meeting", held_on=written))
    assert set(found) == {"held_on"}
    assert found["held_on"].startswith("会议日期：")
    assert "日期" in found["held_on"].removeprefix("会议日期：")


def test_date_that_does_not_exist_says_why(ledgers):
    assert "2月只有28天" in refused(ledgers["meeting"].field("held_on"), "2026-02-30")


@pytest.mark.parametrize(("written", "stored"), [("9:30", "09:30"), ("09:30", "09:30"), ("9点30分", "09:30"),
                                                  ("下午3点", "15:00")])
def test_time_is_stored_as_hours_and_minutes(ledgers, written, stored):
    assert clean(ledgers["meeting"].field("start_time"), written) == stored


def test_impossible_time_is_refused(ledgers):
    assert "0-23" in refused(ledgers["meeting"].field("start_time"), "25:00")


def test_datetime_is_stored_iso_to_the_minute():
    at = FieldDef("served_at", "送达时间", "datetime")
    assert clean(at, "2026-03-05 14:30") == "2026-03-05T14:30"
    assert clean(at, "2026年3月5日下午2点30分") == "2026-03-05T14:30"


def test_a_datetime_with_a_mistyped_year_is_refused_naming_the_year():
    # 0226 for 2026 was stored (the stored form keeps its four digits: dates.iso_datetime, unlike strftime) and
    # numbered 〔226〕; it is not a year the program works in
    at = FieldDef("served_at", "送达时间", "datetime")
    assert refused(at, "0226-03-05 14:30") == "年份应在 2000–2100 之间，收到 226"
    assert dates.iso_datetime(datetime(226, 3, 5, 14, 30)) == "0226-03-05T14:30"


@pytest.mark.parametrize("written", ["0026-01-05", "0001-01-01", "1999-12-31", "9999-12-31", "2101-01-01",
                                     "9999年12月31日"])
def test_a_record_date_outside_the_programs_years_is_refused_naming_the_year(ledgers, valid_record, written):
    """0026 for 2026 was saved as 〔26〕会记字第1号, 9999 hid the record from every register and broke 统计."""
    year = int(written[:4])
    assert refused(ledgers["meeting"].field("held_on"), written) == f"年份应在 2000–2100 之间，收到 {year}"
    record = valid_record("meeting", held_on=written)
    assert problems(ledgers["meeting"], record) == {"held_on": f"会议日期：年份应在 2000–2100 之间，收到 {year}"}


def test_the_first_and_last_of_the_programs_years_are_dates(ledgers):
    held_on = ledgers["meeting"].field("held_on")
    assert clean(held_on, "2000-01-01") == "2000-01-01" and clean(held_on, "2100-12-31") == "2100-12-31"


def test_a_birth_date_may_go_back_to_1900_as_the_form_says(ledgers):
    birth = next(f for f in ledgers["mediation_case"].field("parties").fields if f.name == "birth_date")
    assert birth.first_year == 1900
    assert clean(birth, "1900-01-01") == "1900-01-01" and clean(birth, "1936年5月2日") == "1936-05-02"
    assert refused(birth, "1899-12-31") == "年份应在 1900–2100 之间，收到 1899"


@pytest.mark.parametrize(("written", "stored"), [
    ("2026-12-31T23:30:00Z", "2027-01-01"),  # 07:30 on 1 January in Beijing
    ("2026-12-31T23:30:00+00:00", "2027-01-01"),
    ("2026-12-31T23:30:00+08:00", "2026-12-31"),
    ("2027-01-01T01:00:00+09:00", "2027-01-01"),  # 00:00 in Beijing
    ("2027-01-01T00:30:00+09:00", "2026-12-31"),
    ("2026-12-31 23:30", "2026-12-31"),  # no offset: the time is already this computer's
])
def test_a_date_given_as_a_moment_with_an_offset_takes_the_day_in_beijing(ledgers, beijing_time, written, stored):
    assert clean(ledgers["meeting"].field("held_on"), written) == stored
    assert dates.parse_date(datetime.fromisoformat(written.replace("Z", "+00:00"))).isoformat() == stored


def test_datetime_without_a_time_is_refused():
    assert "缺少时间" in refused(FieldDef("served_at", "送达时间", "datetime"), "2026-03-05")


# --- boolean, choice, multichoice -----------------------------------------------------------------------------


@pytest.mark.parametrize(("written", "stored"), [("是", True), ("否", False), ("true", True), ("False", False),
                                                  (1, True), (0, False), (True, True)])
def test_boolean_accepts_是_and_否(ledgers, written, stored):
    assert clean(ledgers["complaint"].field("closed_in_time"), written) is stored


@pytest.mark.parametrize("written", ["可能", 2, "对"])
def test_boolean_refuses_anything_else(ledgers, written):
    assert refused(ledgers["complaint"].field("closed_in_time"), written) == "应为“是”或“否”"


def test_choice_accepts_one_of_its_values(ledgers):
    assert clean(ledgers["complaint"].field("source"), " 信访 ") == "信访"


def test_choice_not_in_the_list_names_the_allowed_values(ledgers):
    message = refused(ledgers["meeting"].field("office_head_attendance"), "全部")
    assert "全部" in message
    assert "全程、部分、未列席" in message


MODES = FieldDef("exam_modes", "考试方式", "multichoice", choices=("闭卷", "开卷", "线上考试"))


def test_multichoice_accepts_several_values_in_order_without_repeats():
    assert clean(MODES, "闭卷、开卷") == ["闭卷", "开卷"]
    assert clean(MODES, ["开卷", "闭卷", "开卷"]) == ["开卷", "闭卷"]


def test_multichoice_names_the_values_that_are_not_allowed():
    message = refused(MODES, "闭卷，口试")
    assert "口试" in message and "闭卷、开卷、线上考试" in message


def test_multichoice_with_nothing_chosen_is_empty():
    assert clean(MODES, []) is None


# --- person, people -------------------------------------------------------------------------------------------


def test_person_is_a_name(ledgers):
    assert clean(ledgers["meeting"].field("host"), " 马文军 ") == "马文军"


@pytest.mark.parametrize("written", ["张三、李四", "张三，李四", "张三,李四", "张三；李四", ["张三", " 李四 "],
                                     '["张三", "李四"]'])
def test_people_written_as_a_list_of_names_become_a_list(ledgers, written):
    assert clean(ledgers["meeting"].field("attendees"), written) == ["张三", "李四"]


def test_people_named_twice_in_a_list_are_kept_once(ledgers):
    assert clean(ledgers["meeting"].field("attendees"), ["张三", "李四", "张三"]) == ["张三", "李四"]


def test_people_named_twice_in_typed_text_are_kept_once(ledgers):
    assert clean(ledgers["meeting"].field("attendees"), "张三、李四、张三") == ["张三", "李四"]


@pytest.mark.parametrize("pasted, names", [
    ("王  梅、杨  芳、马志刚", ["王梅", "杨芳", "马志刚"]),  # a 公文 pads two-character names
    ("李强　苏燕　禹成", ["李强", "苏燕", "禹成"]),  # full-width spaces between names
    ("王　梅 李强", ["王梅", "李强"]),
    ("杨芳/苏燕", ["杨芳", "苏燕"]),
    ("田 玉 春\n马志刚", ["田玉春", "马志刚"]),
    ("马志刚　王　梅　　李　强　禹成", ["马志刚", "王梅", "李强", "禹成"]),  # a wider gap between padded names
    ("王  梅    李  强", ["王梅", "李强"]),  # the same typed with plain spaces
    ("田玉春（镇长）、马志刚（镇党委书记）", ["田玉春", "马志刚"]),  # as the roster offers them: the title goes
    ("杨芳（司法所所长）　田玉春(镇长)", ["杨芳", "田玉春"]),
])
def test_names_pasted_with_spaces_are_split_and_joined_as_a_clerk_means(ledgers, pasted, names):
    assert clean(ledgers["meeting"].field("attendees"), pasted) == names


def test_four_spaced_characters_are_not_guessed_but_questioned(ledgers):
    value, warning = clean_value(ledgers["meeting"].field("attendees"), "王 梅 李 强", lookups())
    assert value == ["王 梅 李 强"] and warning == "“王 梅 李 强”中有空格，是否应为“王梅李强”"


def test_spaced_characters_are_read_as_roster_names_when_they_make_them_up_one_way():
    from fazhi_desktop.core.names import names_from_roster

    roster = {"海军", "马斌", "马志刚", "海军马"}
    assert names_from_roster("海　军　马　斌", {"海军", "马斌"}) == ["海军", "马斌"]
    assert names_from_roster("马 志 刚 马 斌", roster) == ["马志刚", "马斌"]
    assert names_from_roster("海　军　马　斌", {"海军", "马斌", "海军马", "斌子"}) == ["海军", "马斌"]
    assert names_from_roster("王 梅 李 强", roster) is None  # not in the roster: left for the clerk
    assert names_from_roster("海军 马斌", roster) is None  # not spaced single characters: split_names' case


def test_remarks_that_are_not_text_are_refused_not_dropped(ledgers):
    """`{"remarks": 123}` in fazhi update saved the record with its remarks erased, without a word."""
    result = clean_record(ledgers["meeting"], {"remarks": 123}, lookups())
    assert [str(p) for p in result.problems if p.path == "remarks"] == ["备注：应为文字"]


def test_names_pasted_from_a_document_leave_its_label_numbers_and_closing_out(ledgers):
    """“出席：田玉春、杨芳、马志刚等” was kept as the names 出席：田玉春 and 马志刚等, and the 纪要 printed
    “出席：出席：田玉春”; “1.海玉” and “2.马文” came out numbered."""
    attendees = ledgers["meeting"].field("attendees")
    assert clean_value(attendees, "出席：田玉春、杨芳、马志刚等", lookups()) == (["田玉春", "杨芳", "马志刚"], None)
    assert clean_value(attendees, "1.海玉\n2.马文", lookups()) == (["海玉", "马文"], None)
    assert clean_value(attendees, "1、海玉、2、马文", lookups()) == (["海玉", "马文"], None)
    assert clean_value(attendees, "列席人员：马文，海玉等同志", lookups()) == (["马文", "海玉"], None)
    assert clean_value(attendees, "出席：田玉春、杨芳、马志刚等。", lookups()) == (["田玉春", "杨芳", "马志刚"], None)


@pytest.mark.parametrize(("pasted", "said"), [
    ("田玉春、马志刚（请假）、李强", "“马志刚（请假）”"),
    ("出席：田玉春、马志刚；请假：王梅", "“请假：王梅”"),  # as the program's own 纪要 prints it
    ("出席：田玉春、马志刚\n缺席：王梅、李强", "“缺席：王梅、李强”"),
    ("王梅(病假)", "“王梅(病假)”"),
    ("田玉春、马志刚 出差", "“马志刚 出差”"),
    ("请假人员：王梅；列席：苏燕", "“请假人员：王梅”"),
])
def test_a_name_marked_absent_is_refused_naming_where_it_belongs(ledgers, pasted, said):
    """杨芳 pasted “田玉春、马志刚（请假）、李强” into 出席人员: the bracket was taken for a title and dropped, and
    马志刚 was an attendee on the 纪要, the 签到表 and the indicators; “请假：王梅” lost its label the same way."""
    reason = refused(ledgers["meeting"].field("attendees"), pasted)
    assert reason == f"{said}：请假、缺席的人员不算出席人员，请填在“请假/缺席人员”中"


def test_every_people_field_refuses_a_name_marked_absent(ledgers):
    """The study's 参加人员 names its own 缺席 list; a list with none (调解员, 检查人员) asks to take the name out."""
    assert refused(ledgers["meeting"].field("observers"), "苏燕（请假）") == \
        "“苏燕（请假）”：请假、缺席的人员不算列席人员，请填在“请假/缺席人员”中"
    assert refused(ledgers["law_study"].field("participants"), "马文、海玉（事假）") == \
        "“海玉（事假）”：请假、缺席的人员不算参加人员，请填在“缺席人员及原因”中"
    assert refused(ledgers["mediation_case"].field("mediators"), "苏燕（外出）") == \
        "“苏燕（外出）”：请假、缺席的人员不算调解员，请删去"
    assert refused(ledgers["enforcement_check"].field("inspectors"), "缺席：田亮") == \
        "“缺席：田亮”：请假、缺席的人员不算检查人员，请删去"
    result = clean_record(ledgers["meeting"], {"title": "例会", "meeting_type": "党委会", "held_on": "2026-03-05",
                                               "office_head_attendance": "全程",
                                               "attendees": "田玉春、马志刚（请假）"}, lookups())
    assert [p.path for p in result.problems] == ["attendees"]


def test_titles_and_a_presence_label_are_still_left_out_of_names(ledgers):
    attendees = ledgers["meeting"].field("attendees")
    assert clean(attendees, "出席：田玉春（镇长）、杨芳（司法所所长）、马志刚") == ["田玉春", "杨芳", "马志刚"]
    # a list (stored, in a bundle) is kept as it came: nothing stored before is refused
    assert clean_value(attendees, ["马志刚（请假）"], lookups())[0] == ["马志刚（请假）"]


@pytest.mark.parametrize(("typed", "stored"), [
    ("外出务工人员：马军", ["马军"]), ("马军（外出务工人员代表）", ["马军"]), ("马军（公出返回）", ["马军"]),
    ("马英（年假结束返岗）", ["马英"]), ("全体干部职工（出差人员除外）", ["全体干部职工"]),
])
def test_a_word_of_absence_that_says_the_person_is_there_after_all_is_not_refused(ledgers, typed, stored):
    """“马军（公出返回）” and a 外出务工人员代表 are there: refused as absent, the clerk could not type who came."""
    assert clean(ledgers["meeting"].field("attendees"), typed) == stored


def test_a_real_absence_after_one_that_is_not_is_still_refused(ledgers):
    assert refused(ledgers["meeting"].field("attendees"), "外出务工人员：马军；请假：王梅") == \
        "“请假：王梅”：请假、缺席的人员不算出席人员，请填在“请假/缺席人员”中"


def test_two_names_run_together_are_questioned_but_names_with_he_are_not(ledgers):
    """“马文和马斌” went in as one person; 和 is a surname and in given names, so only two names of two characters
    or more around it are questioned, and never refused."""
    attendees = ledgers["meeting"].field("attendees")
    assert clean_value(attendees, "马文和马斌、李强", lookups()) == (
        ["马文和马斌", "李强"], "“马文和马斌”是两个人吗？是否应为“马文、马斌”")
    assert clean_value(attendees, "田玉春与马志刚", lookups())[1] == \
        "“田玉春与马志刚”是两个人吗？是否应为“田玉春、马志刚”"
    assert clean_value(attendees, "和晓燕、马和平、欧阳和平、和平、马和", lookups())[1] is None
    # two offices named in a list of those present: not a name run into another
    assert clean_value(attendees, "司法所和派出所、县司法局与镇政府、综治中心和司法所", lookups())[1] is None


@pytest.mark.parametrize(("typed", "stored", "said"), [
    ("3点半", "03:30", "“3点半”记为凌晨03:30；下午请写 15:30 或 下午3点半"),
    ("5点", "05:00", "“5点”记为凌晨05:00；下午请写 17:00 或 下午5点"),
    ("2:30", "02:30", "“2:30”记为凌晨02:30；下午请写 14:30 或 下午2:30"),
    ("1点", "01:00", "“1点”记为凌晨01:00；下午请写 13:00 或 下午1点"),
    ("330", "03:30", "“330”记为凌晨03:30；下午请写 15:30 或 下午3:30"),
    ("6:30", "06:30", "“6:30”记为早上06:30；下午请写 18:30 或 下午6:30"),
    ("03:30", "03:30", None), ("0330", "03:30", None),  # a zero typed in front: meant
    ("0:40", "00:40", None), ("00:40", "00:40", None), ("0点40", "00:40", None),  # past midnight: no 0 in the afternoon
    ("凌晨3点", "03:00", None), ("下午3点半", "15:30", None), ("3pm", "15:00", None),
    ("7:30", "07:30", None), ("9点", "09:00", None), ("12点半", "12:30", None), ("15:30", "15:30", None),
])
def test_an_afternoon_hour_typed_without_xiawu_is_stored_as_typed_and_questioned(ledgers, typed, stored, said):
    """开始时间 “3点半” and 结束时间 “5点” were stored 03:30 and 05:00 without a word, and the 签到表 printed
    “03:30至05:00”."""
    assert clean_value(ledgers["meeting"].field("start_time"), typed, lookups()) == (stored, said)


@pytest.mark.parametrize(("start", "end", "doubted"), [
    ("19:30", "1:10", []),  # an evening meeting past midnight: the order check says 次日, nothing more
    ("19:30", "0:40", []),
    ("下午3点", "5点", ["end_time"]),  # the afternoon's end, typed without 下午
    ("9:00", "1点", ["end_time"]),
    ("3点", "5点", ["start_time", "end_time"]),
])
def test_an_end_in_the_small_hours_after_an_evening_start_is_not_doubted(ledgers, start, end, doubted):
    result = clean_record(ledgers["meeting"], {"title": "例会", "meeting_type": "党委会", "held_on": "2026-03-05",
                                               "office_head_attendance": "全程", "start_time": start,
                                               "end_time": end}, lookups())
    assert [w.path for w in result.warnings if "记为" in w.message] == doubted


def test_a_name_with_digits_punctuation_or_a_post_in_front_is_questioned(ledgers):
    host = ledgers["meeting"].field("host")
    assert clean_value(host, "1.海玉", lookups())[1] == "“1.海玉”中有数字或标点，请核对姓名"
    assert clean_value(host, "镇长田玉春", lookups())[1] == "“镇长田玉春”前面是职务吗？是否应为“田玉春”"
    assert clean_value(host, "阿卜杜·热合曼", lookups())[1] is None  # the middle dot of a transliterated name
    assert clean_value(host, "马文", lookups())[1] is None


def test_a_list_of_names_is_kept_as_it_came(ledgers):
    """Values already stored (and sent in bundles) keep their form: a list is not re-split."""
    value, warning = clean_value(ledgers["meeting"].field("attendees"), ["田 玉 春", "马志刚"], lookups())
    assert value == ["田 玉 春", "马志刚"] and warning == "“田 玉 春”中有空格，是否应为“田玉春”"


def test_a_one_character_or_spaced_name_is_questioned_not_refused(ledgers):
    host = ledgers["meeting"].field("host")
    assert clean_value(host, "王\xa0梅", lookups())[1] == "“王\xa0梅”中有空格，是否应为“王梅”"  # Word's no-break space
    assert clean_value(host, "马", lookups()) == ("马", "“马”只有一个字，请填写全名")
    assert clean_value(host, "田 玉 春", lookups()) == ("田 玉 春", "“田 玉 春”中有空格，是否应为“田玉春”")
    assert clean_value(host, "John Smith", lookups()) == ("John Smith", None)
    result = clean_record(ledgers["meeting"], {"title": "例会", "meeting_type": "党委会", "held_on": "2026-03-05",
                                               "office_head_attendance": "全程", "host": "马"}, lookups())
    assert result.problems == [] and [str(w) for w in result.warnings] == ["主持人：“马”只有一个字，请填写全名"]


@pytest.mark.parametrize("typed", ["1e3", "inf", "1_000", "0x10"])
def test_a_number_in_a_form_no_clerk_means_is_not_a_number(typed):
    """“1e3” was read as 1000 and refused as 不能大于 600, which sent the clerk looking for the wrong mistake."""
    assert refused(FieldDef("duration", "时长", "integer", max=600), typed) == "应为整数"


def test_people_cannot_be_a_number(ledgers):
    assert refused(ledgers["meeting"].field("attendees"), 123)


# --- idcard, credit_code, phone -------------------------------------------------------------------------------

ID_NUMBER = FieldDef("id_number", "身份证号", "idcard")


def test_id_card_with_a_correct_check_digit_is_accepted():
    assert clean(ID_NUMBER, VALID_ID) == VALID_ID


def test_id_card_lower_case_x_is_stored_upper_case():
    assert clean(ID_NUMBER, VALID_ID.lower()) == VALID_ID


def test_id_card_with_spaces_is_stored_without_them():
    assert clean(ID_NUMBER, "110105 19491231 002X") == VALID_ID


def test_id_card_with_a_wrong_check_digit_is_refused():
    assert "校验位" in refused(ID_NUMBER, "110105194912310021")


def test_id_card_of_the_wrong_length_is_refused():
    assert "18位" in refused(ID_NUMBER, VALID_ID[:-1])


def test_id_card_born_after_today_is_refused():
    assert "晚于今天" in refused(ID_NUMBER, "11010520300101001X")


CREDIT_CODE = FieldDef("credit_code", "统一社会信用代码", "credit_code")


def test_credit_code_with_a_correct_check_is_accepted_without_warning():
    assert clean_value(CREDIT_CODE, GOOD_CREDIT_CODE.lower(), lookups()) == (GOOD_CREDIT_CODE, None)


def test_credit_code_with_a_bad_check_is_a_warning_not_an_error(ledgers, valid_record):
    bad = GOOD_CREDIT_CODE[:-1] + ("0" if GOOD_CREDIT_CODE[-1] != "0" else "1")
    value, warning = clean_value(CREDIT_CODE, bad, lookups())
    assert value == bad
    assert warning and "校验位" in warning

    party = {"role": "被申请人", "party_type": "单位", "org_name": "某建筑公司", "credit_code": bad}
    data = valid_record("mediation_case")
    data["parties"].append(party)
    result = clean_record(ledgers["mediation_case"], data, lookups())
    assert result.problems == []
    assert [w.path for w in result.warnings] == ["parties[2].credit_code"]
    assert result.values["parties"][1]["credit_code"] == bad


def test_credit_code_with_forbidden_letters_is_refused():
    assert "I" in refused(CREDIT_CODE, GOOD_CREDIT_CODE[:-2] + "I" + GOOD_CREDIT_CODE[-1])


@pytest.mark.parametrize(("written", "stored"), [("13912345678", "13912345678"), ("+86 139 1234 5678", "13912345678"),
                                                  ("0955-1234567", "0955-1234567"), ("(0955)1234567", "0955-1234567")])
def test_phone_numbers_are_stored_in_one_form(ledgers, written, stored):
    assert clean(ledgers["complaint"].field("contact"), written) == stored


@pytest.mark.parametrize("written", ["12345", "1234567", "电话"])
def test_phone_that_is_not_a_number_is_refused(ledgers, written):
    assert refused(ledgers["complaint"].field("contact"), written)


# --- link, attachments ----------------------------------------------------------------------------------------


def test_link_to_an_existing_record_is_kept(ledgers):
    asked = []
    value = clean(ledgers["complaint"].field("related_check"), "0190-some-id",
                  record_exists=lambda ledger, rid: asked.append((ledger, rid)) or True)
    assert value == "0190-some-id"
    assert asked == [("enforcement_check", "0190-some-id")]


def test_link_to_a_missing_record_is_refused(ledgers):
    link = ledgers["complaint"].field("related_check")
    message = refused(link, "no-such-id", record_exists=lambda ledger, rid: False)
    assert "不存在" in message and "no-such-id" in message


SHA = "ab" * 32


def test_attachments_list_is_kept(ledgers):
    entry = {"sha256": SHA, "name": "签到表.pdf", "size": 1024}
    assert clean(ledgers["meeting"].field("attachments"), [entry]) == [entry]


def test_attachment_whose_file_is_not_stored_is_refused(ledgers):
    entry = {"sha256": SHA, "name": "签到表.pdf", "size": 1024}
    message = refused(ledgers["meeting"].field("attachments"), [entry], attachment_exists=lambda sha: False)
    assert "签到表.pdf" in message


@pytest.mark.parametrize("raw", [[{"name": "x.pdf"}], [{"sha256": "xyz", "name": "x.pdf"}], "not a list", {"a": 1}])
def test_malformed_attachments_are_refused(ledgers, raw):
    assert refused(ledgers["meeting"].field("attachments"), raw)


# --- groups ---------------------------------------------------------------------------------------------------


def test_group_rows_are_cleaned_field_by_field(ledgers, valid_record):
    data = valid_record("meeting", agenda_items=[
        {"title": "审议《村规民约》修订稿", "needs_review": "是", "review_status": "已审查合法"},
        {"title": "研究春耕生产", "needs_review": False},
    ])
    values = cleaned(ledgers["meeting"], data)
    rows = values["agenda_items"]
    assert [r["title"] for r in rows] == ["审议《村规民约》修订稿", "研究春耕生产"]
    assert rows[1]["needs_review"] is False


def test_error_in_a_group_names_the_row(ledgers, valid_record):
    data = valid_record("mediation_case")
    wrong_check_digit = "110105194912310021"
    data["parties"].append({"role": "被申请人", "party_type": "自然人", "name": "李某", "id_number": wrong_check_digit})
    found = problems(ledgers["mediation_case"], data)
    assert list(found) == ["parties[2].id_number"]
    assert "第2行" in found["parties[2].id_number"]
    assert "身份证号" in found["parties[2].id_number"]


def test_missing_required_subfield_names_the_row(ledgers, valid_record):
    data = valid_record("meeting", agenda_items=[{"title": "议题一"}, {"presenter": "马文军"}])
    found = problems(ledgers["meeting"], data)
    assert found == {"agenda_items[2].title": "议题第2行·议题名称：必填"}


def test_empty_group_rows_are_dropped(ledgers, valid_record):
    data = valid_record("meeting", absentees=[{"name": "", "reason": ""}, {"name": "李四", "reason": "病假"}])
    assert cleaned(ledgers["meeting"], data)["absentees"] == [{"name": "李四", "reason": "病假"}]


def test_group_with_fewer_rows_than_its_minimum_is_refused(ledgers, valid_record):
    found = problems(ledgers["mediation_case"], valid_record("mediation_case", parties=[]))
    assert found == {"parties": "当事人：必填"}


def test_unknown_item_in_a_group_row_is_refused(ledgers, valid_record):
    data = valid_record("meeting", absentees=[{"name": "李四", "reson": "病假"}])
    found = problems(ledgers["meeting"], data)
    assert "absentees[1].reson" in found


def test_group_given_as_json_text_is_read(ledgers, valid_record):
    data = valid_record("meeting", absentees='[{"name": "李四", "reason": "病假"}]')
    assert cleaned(ledgers["meeting"], data)["absentees"] == [{"name": "李四", "reason": "病假"}]


# --- required and hidden fields -------------------------------------------------------------------------------


def test_required_field_left_blank_is_refused(ledgers, valid_record):
    found = problems(ledgers["complaint"], valid_record("complaint", matter="   "))
    assert found == {"matter": "投诉事项：必填"}


def test_every_problem_is_reported_at_once(ledgers, valid_record):
    data = valid_record("meeting", title="", held_on="2026-02-30", office_head_attendance="全部")
    assert set(problems(ledgers["meeting"], data)) == {"title", "held_on", "office_head_attendance"}


def test_hidden_fields_are_not_required(ledgers, valid_record):
    # 法院 is required only for 旁听庭审
    assert problems(ledgers["law_study"], valid_record("law_study", activity_type="会前学法")) == {}


def test_visible_required_field_is_required(ledgers, valid_record):
    found = problems(ledgers["law_study"], valid_record("law_study", activity_type="旁听庭审"))
    assert found == {"court": "法院：必填"}


def test_values_of_hidden_fields_are_discarded(ledgers, valid_record):
    data = valid_record("law_study", activity_type="会前学法", court="海原县人民法院", case_no="（2026）宁0522行初1号")
    values = cleaned(ledgers["law_study"], data)
    assert values["court"] is None and values["case_no"] is None


def test_values_of_visible_conditional_fields_are_kept(ledgers, valid_record):
    data = valid_record("law_study", activity_type="旁听庭审", court="海原县人民法院")
    assert cleaned(ledgers["law_study"], data)["court"] == "海原县人民法院"


def test_hidden_subfield_of_a_group_row_is_discarded_and_not_required(ledgers, valid_record):
    data = valid_record("meeting", agenda_items=[{"title": "研究春耕生产", "needs_review": False,
                                                  "review_status": "未审查"}])
    row = cleaned(ledgers["meeting"], data)["agenda_items"][0]
    assert row["review_status"] is None


def test_visible_required_subfield_of_a_group_row_is_required(ledgers, valid_record):
    data = valid_record("meeting", agenda_items=[{"title": "审议规范性文件", "needs_review": True}])
    assert problems(ledgers["meeting"], data) == {"agenda_items[1].review_status": "议题第1行·审查情况：必填"}


def test_hidden_field_invalid_value_is_not_an_error(ledgers, valid_record):
    data = valid_record("mediation_case", adjudication_matter="不存在的事项")  # only for 行政裁决
    values = cleaned(ledgers["mediation_case"], data)
    assert values["adjudication_matter"] is None


def test_field_shown_by_a_yes_written_as_是_keeps_its_value(ledgers, valid_record):
    data = valid_record("mediation_case", rights_notified="是", rights_notified_on="2026年3月6日")
    values = cleaned(ledgers["mediation_case"], data)
    assert values["rights_notified"] is True
    assert values["rights_notified_on"] == "2026-03-06"


def test_field_shown_by_a_yes_written_as_是_is_required(ledgers, valid_record):
    found = problems(ledgers["mediation_case"], valid_record("mediation_case", rights_notified="是"))
    assert found == {"rights_notified_on": "告知日期：必填"}


def test_field_shown_by_a_choice_with_surrounding_spaces_keeps_its_value(ledgers, valid_record):
    data = valid_record("mediation_case", result=" 调解成功 ", agreement_form="书面", agreement_content="赔偿3000元")
    values = cleaned(ledgers["mediation_case"], data)
    assert values["result"] == "调解成功"
    assert values["agreement_content"] == "赔偿3000元"


# --- unknown keys, remarks ------------------------------------------------------------------------------------


def test_unknown_keys_are_refused(ledgers, valid_record):
    found = problems(ledgers["meeting"], valid_record("meeting", titel="错别字"))
    assert set(found) == {"titel"}
    assert "没有这个字段" in found["titel"]


def test_a_label_given_as_a_key_is_said_to_be_a_label_and_its_field_not_also_required(ledgers):
    """`fazhi add --json` with the labels a form shows as keys said 受理日期：“投诉举报”台账没有这个字段 and, for
    the same value, 来源：必填."""
    data = {"受理日期": "2026-11-20", "来源": "来电", "被投诉人": "某村委会", "matter": "噪音", "备注": "回访"}
    assert problems(ledgers["complaint"], data) == {
        "受理日期": "受理日期：不是字段名（“受理日期”的字段名是 accepted_on，见 fazhi ledgers）",
        "来源": "来源：不是字段名（“来源”的字段名是 source，见 fazhi ledgers）",
        "备注": "备注：不是字段名（“备注”的字段名是 remarks，见 fazhi ledgers）",
        "被投诉人": "被投诉人：“投诉举报”台账没有这个字段",  # not a label: 被投诉对象 is
        "respondent": "被投诉对象：必填",
    }


def test_a_group_items_label_given_as_a_key_names_the_group_and_the_item(ledgers, valid_record):
    data = valid_record("meeting", agenda_items=[], absentees=[{"姓名": "李四", "reason": "病假"}])
    data["议题名称"] = "安全生产"
    assert problems(ledgers["meeting"], data) == {
        "议题名称": "议题名称：不是字段名（“议题名称”的字段名是 agenda_items 中的 title，见 fazhi ledgers）",
        "absentees[1].姓名": "请假/缺席人员第1行：没有“姓名”这一项（“姓名”的字段名是 name，见 fazhi ledgers）",
    }


def test_remarks_are_accepted_on_every_ledger(ledgers, valid_record):
    assert cleaned(ledgers["complaint"], valid_record("complaint", remarks=" 已电话回访 "))["remarks"] == "已电话回访"


def test_a_value_too_long_to_be_meant_is_refused_naming_its_length(ledgers):
    """A 5,000,000-character title was saved, and its record printed 3,421 pages."""
    title = ledgers["meeting"].field("title")
    assert refused(title, "会" * 2_001) == "太长：2001 个字，最多 2000 个字"
    assert clean_value(title, "会" * 2_000, lookups())[0] == "会" * 2_000
