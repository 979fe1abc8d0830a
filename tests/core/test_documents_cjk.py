"""Chinese line breaking (避头尾) and title breaking, without fonts: every character is one unit wide, digits half."""

from __future__ import annotations

import re
from itertools import accumulate

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from fazhi_desktop.core.documents.cjk import (
    MAX_STRETCH,
    NO_END,
    NO_START,
    TITLE_WORDS,
    break_lines,
    break_title,
    justified_spacing,
    name_spans,
    units,
)


def measure(text: str, _style: object = None) -> float:
    return sum(0.5 if ch.isascii() else 1.0 for ch in text)


def lines(text: str, width: float) -> list[str]:
    return [line.text for line in break_lines([(text, None)], measure, width)]


def test_a_line_never_begins_with_closing_punctuation():
    # 10 characters fit; the 11th is "，", which would begin the second line
    out = lines("一二三四五六七八九十，十一十二。", 10)
    assert all(line[0] not in NO_START for line in out)
    assert out[0] == "一二三四五六七八九"
    assert out[1].startswith("十，")


def test_a_line_never_ends_with_opening_punctuation():
    out = lines("一二三四五六七八九《民法典》十一", 10)
    assert all(line[-1] not in NO_END for line in out)
    assert out[1].startswith("《")


def test_an_opening_quote_moves_down_with_the_word_it_opens():
    out = lines("一二三四五六七八九“十”。后面", 10)
    assert out == ["一二三四五六七八九", "“十”。后面"]


def test_closing_punctuation_pulls_the_last_character_down_with_it():
    out = lines("一二三四五六七八九十”。后面", 10)
    assert out == ["一二三四五六七八九", "十”。后面"]


def test_numbers_dates_and_latin_words_stay_whole():
    out = lines("依照GB/T 9704-2012于2026-03-05执行", 8)
    joined = "\n".join(out)
    for word in ("GB/T", "9704-2012", "2026-03-05"):
        assert any(word in line for line in out), joined


def test_masked_numbers_stay_whole():
    out = lines("身份证号码640522********1939联系电话155****2033", 12)
    assert any("640522********1939" in line for line in out)
    assert any("155****2033" in line for line in out)


def test_a_word_longer_than_the_line_is_the_only_thing_broken_inside():
    out = lines("1234567890123456789012345678901234567890", 5)
    assert "".join(out) == "1234567890123456789012345678901234567890"
    assert all(measure(line) <= 5 for line in out)


def test_a_line_is_justified_only_while_its_gaps_stay_narrow():
    pushed = break_lines([("一二三四五六七八九十一二三四五六七八，九十", None)], measure, 18)[0]  # "八，" moved down
    assert pushed.text == "一二三四五六七八九十一二三四五六七"
    assert 0 < justified_spacing(pushed, 18, em=1.0) <= MAX_STRETCH  # one unit over sixteen gaps: justified
    text = "一二三四五六七八九十" * 2 + "一二三四五"  # 25 characters, then a number that does not fit after them
    before_id = break_lines([(text + "640522********3341", None)], measure, 27)[0]
    assert before_id.text == text
    assert justified_spacing(before_id, 27, em=1.0) == 0.0  # two units over 24 gaps (0.083): ragged
    before_number = break_lines([("被申请人：田娟，52岁，公民身份号码640522199005130521", None)], measure, 24)
    assert before_number[0].text.endswith("公民身份号码") and before_number[1].text.startswith("640522199005130521")
    assert justified_spacing(before_number[0], 24, em=1.0) == 0.0  # ragged, not "被 申 请 人 ："


def test_a_paragraph_does_not_end_on_a_line_of_one_character():
    assert lines("本协议书一式三份，各方执一份，留存一份。", 19) == ["本协议书一式三份，各方执一份，留存", "一份。"]
    assert lines("一二三四五六七八九十一", 10) == ["一二三四五六七八九", "十一"]
    assert lines("一二三四五六七八九十一二", 10) == ["一二三四五六七八九十", "一二"]  # two are enough


def test_dashes_and_ellipses_are_never_split():
    out = lines("一二三四五六七八九——十一……十二", 10)
    assert not any(line.endswith("—") and not line.endswith("——") for line in out)
    assert "——" in "".join(out) and "……" in "".join(out)


def test_spaces_vanish_at_line_ends_and_starts():
    out = lines("abc def ghi jkl mno pqr", 4)
    assert all(line == line.strip() for line in out)


def test_kept_units_are_not_split():
    spans = units(["时间：2026年3月5日", "地点：镇政府三楼会议室", "主持人：田玉春"], None)
    out = [line.text for line in break_lines(spans, measure, 20)]
    assert any(line.endswith("主持人：田玉春") or line == "主持人：田玉春" for line in out)


def test_a_kept_unit_wider_than_the_line_breaks_between_characters_never_inside_a_number():
    """In a table cell "议题名称：…人民币1286500元" is one unit; wider than the cell it was cut per character, and
    printed "人民币128" / "6500元" and "（G" / "B/T 9704-2012格式）"."""
    spans = units(["议题名称：研究安排资金人民币1286500元", "汇报人：欧阳晓明"], None)
    out = [line.text for line in break_lines(spans, measure, 15)]
    assert out == ["议题名称：研究安排资金人民币", "1286500元　汇报人：欧阳晓明"]
    spans = units(["议题名称：研究《实施方案（试行）》（GB/T 9704-2012格式）", "汇报人：杨芳"], None)
    out = [line.text for line in break_lines(spans, measure, 18.5)]
    assert out == ["议题名称：研究《实施方案（试行）》", "（GB/T 9704-2012格式）　汇报人：杨芳"]
    # 避头尾 still holds inside the unit: "：" does not begin a line, "《" does not end one
    out = [line.text for line in break_lines(units(["审议：《海城镇方案》并研究安排资金", "汇报人"], None), measure, 4)]
    assert all(line[0] not in NO_START and line[-1] not in NO_END for line in out), out
    # a number wider than the whole line is still broken, and only it
    out = [line.text for line in break_lines(units(["编号：12345678901234567890号", "甲"], None), measure, 6)]
    assert "".join(out).replace("　", "") == "编号：12345678901234567890号甲", out
    assert all(measure(line) <= 6 for line in out), out


def test_an_empty_paragraph_is_one_empty_line():
    out = break_lines([("", None)], measure, 10)
    assert len(out) == 1 and out[0].text == "" and out[0].last


def test_a_title_breaks_in_balance_and_not_inside_a_word():
    out = [line.text for line in break_title([("2026年第3次法治政府建设专题研究部署会议", None)], measure, 16)]
    assert out == ["2026年第3次法治政府建设", "专题研究部署会议"]  # not "…法治政府" / "建设…"
    assert abs(measure(out[0]) - measure(out[1])) <= 4


def test_a_label_breaks_after_its_slash_or_between_words():
    def title(text: str, width: float) -> list[str]:
        return [line.text for line in break_title([(text, None)], measure, width)]

    assert title("请假/缺席人员一", 6.5) == ["请假/", "缺席人员一"]
    assert title("司法所所长列席情况", 7) == ["司法所所长", "列席情况"]


def test_a_long_record_title_breaks_between_words_not_inside_one():
    """Record titles and labels broke "审查意" / "见书", "有限公" / "司", "各方当事" / "人的责任"."""
    def title(text: str, width: float) -> list[str]:
        return [line.text for line in break_title([(text, None)], measure, width)]

    assert title("重大行政决策合法性审查意见书送达及落实情况跟踪记录", 21) == [
        "重大行政决策合法性审查", "意见书送达及落实情况跟踪记录"]
    assert title("各方当事人的责任", 7) == ["各方当事人的", "责任"]
    lines = title("关于海城镇李旺村村民委员会与宁夏海原县ABC农业科技有限公司土地承包合同纠纷调解案件记录", 21)
    assert not any(line.endswith("有限公") for line in lines) and all(len(line) > 2 for line in lines)
    assert any("ABC" in line for line in lines)  # the Latin word whole on one line


LONG_TITLE = ("关于研究部署2026年度海城镇法治政府建设暨“八五”普法中期评估迎检准备工作及"
              "矛盾纠纷排查化解专项行动的专题会议")


def split_words(lines: list[str]) -> list[str]:
    """The words of TITLE_WORDS that run over from one line to the next."""
    text, ends = "".join(lines), list(accumulate(len(line) for line in lines))[:-1]
    return [word for word in TITLE_WORDS for start in range(len(text)) if text.startswith(word, start)
            and any(start < end < start + len(word) for end in ends)]


def test_a_long_title_is_broken_over_the_whole_title_never_inside_a_listed_word():
    """"…法治政府建 / 设暨…" (documents audit): each break was chosen on its own, and when the rest did not fit the
    greedy breaker, which knows no words, took over. Now the breaks are chosen together, at every measure."""
    for width in range(12, 30):
        out = [line.text for line in break_title([(LONG_TITLE, None)], measure, width)]
        assert "".join(out) == LONG_TITLE and all(measure(line) <= width for line in out), width
        assert split_words(out) == [], (width, out)
    assert [line.text for line in break_title([(LONG_TITLE, None)], measure, 19)] == [
        "关于研究部署2026年度海城镇法治政府建设", "暨“八五”普法中期评估迎检准备工作及",
        "矛盾纠纷排查化解专项行动的专题会议"]


def test_a_title_takes_one_more_line_rather_than_split_a_word_when_it_must():
    out = [line.text for line in break_title([(LONG_TITLE, None)], measure, 18)]  # three lines would split one
    assert len(out) == 4 and split_words(out) == []
    assert len(break_lines([(LONG_TITLE, None)], measure, 18)) == 3


CHARS = "法治政府建设会议纪要调解协议书当事人申请被告原则通过" + "，。、；：？！）》”" + "（《“" + "0123456789ab "


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=CHARS, min_size=1, max_size=120), st.integers(min_value=6, max_value=28))
def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(text, width):
    assume(not re.search(r"[，。、；：？！）》”（《“]{3,}", text))  # real text has no long runs of punctuation
    out = [line.text for line in break_lines([(text, None)], measure, width)]
    assert "".join(out).replace(" ", "") == text.replace(" ", "")
    for index, line in enumerate(out):
        if index > 0 and line:
            assert line[0] not in NO_START, out
        if index < len(out) - 1 and line:
            assert line[-1] not in NO_END, out


def test_a_space_after_an_opening_quote_does_not_let_the_quote_end_a_line():
    # found by hypothesis: the space vanished at the break and left “ at the end of the line
    out = lines("0““书““书“ ““", 6)
    assert all(not line or line[-1] not in NO_END for line in out[:-1]), out


LAWS = "《中华人民共和国行政处罚法》《中华人民共和国行政许可法》《中华人民共和国行政复议法》学法用法考试签到表"


def test_a_title_breaks_between_book_titles_not_inside_one():
    """The sign-in sheet of a study of three laws broke "…《中华" / "人民共和国行政许可法》…": a book title that fits
    on a line is kept whole like a word, the break going between 》 and 《."""
    out = [line.text for line in break_title([(LAWS, None)], measure, 24)]
    assert out == ["《中华人民共和国行政处罚法》", "《中华人民共和国行政许可法》",
                   "《中华人民共和国行政复议法》学法用法考试签到表"]
    # one longer than the line still breaks inside, between words
    long = [line.text for line in break_title([(f"关于学习{LAWS[14:28]}的通知", None)], measure, 10)]
    assert "".join(long) == f"关于学习{LAWS[14:28]}的通知" and all(measure(line) <= 10 for line in long)
    assert not any(line.endswith("《中华") or line.endswith("中华") for line in long)


def test_a_name_too_wide_for_a_line_starts_a_new_one_before_it_is_broken():
    """"马秀兰、欧" / "阳司马诸葛": a name wider than the line was broken where the line ended. It starts a line of
    its own, and only then breaks, by character."""
    out = [line.text for line in break_lines(name_spans(["马秀兰", "阿卜杜热合曼买买提", "苏燕"], None), measure, 6)]
    assert out == ["马秀兰、", "阿卜杜热合曼", "买买提、苏燕"]
