"""What the 纪要 says: its opening names what the meeting did as a 纪要 would ("会议听取了…，研究了…"), and an agenda
item with nothing recorded under it prints no bare heading (documents audit: "会议研究了“研究《…》”、“听取…汇报”、
“其他事项”事项。" and "三、其他事项" standing alone before 出席)."""

from __future__ import annotations

import pytest
from document_lines import minutes_lines

from fazhi_desktop.core.documents import build_document
from fazhi_desktop.core.documents.minutes import agenda_sentence

PLAN = "《海城镇集贸市场占道经营集中整治实施方案（试行）》"


def printed(store, valid_record, items: list[dict]) -> str:
    record = store.save("meeting", valid_record("meeting", host="马志刚", agenda_items=items), "杨芳")
    return "".join(minutes_lines(build_document(store, record, "minutes")))


def test_the_opening_says_what_the_meeting_did_with_each_verb_once(store, valid_record):
    items = [{"title": f"研究{PLAN}", "presenter": "欧阳晓明", "decision": "原则通过。"},
             {"title": "听取2026年第一季度矛盾纠纷排查化解情况汇报", "presenter": "杨芳"},
             {"title": "其他事项"}]
    text = printed(store, valid_record, items)
    assert (f"会议研究了{PLAN}，听取了2026年第一季度矛盾纠纷排查化解情况汇报。现将会议议定事项纪要如下："
            in text)
    assert "研究了“研究" not in text and "事项”事项" not in text


def test_an_agenda_item_with_nothing_under_it_prints_no_bare_heading(store, valid_record):
    items = [{"title": "研究春季森林草原防火工作", "decision": "成立防火工作专班。"},
             {"title": "研究防汛抗旱工作"},  # nothing recorded
             {"title": "通报行政执法案卷评查情况", "discussion": "综合执法队逐案整改。"},
             {"title": "其他事项"}]
    lines = minutes_lines(build_document(store, store.save("meeting", valid_record("meeting", agenda_items=items),
                                                           "杨芳"), "minutes"))
    headings = [line for line in lines if line[:2] in ("一、", "二、", "三、", "四、")]
    assert headings == ["一、研究春季森林草原防火工作", "二、通报行政执法案卷评查情况"]  # numbered as printed
    # the opening still names what the meeting dealt with, 防汛抗旱 too
    assert "会议研究了春季森林草原防火工作、防汛抗旱工作，通报了行政执法案卷评查情况。" in "".join(lines)


def test_a_minutes_of_agenda_titles_alone_names_each_of_them(store, valid_record):
    """Two 议题 with nothing recorded under them printed "…常务会议。现纪要如下：" then "出席：…": the 纪要 named
    nothing the meeting dealt with, while its 会议记录 listed both."""
    items = [{"title": "审议《海城镇2027年度重大行政决策事项目录》"}, {"title": "研究冬季供暖保障工作"},
             {"title": ""}, {"title": "其他事项"}]
    text = printed(store, valid_record, items)
    assert "会议。会议审议了《海城镇2027年度重大行政决策事项目录》，研究了冬季供暖保障工作。" in text
    assert "如下：" not in text  # nothing follows that "现纪要如下：" would lead to
    assert "一、" not in text and "其他事项" not in text  # no bare headings, and 其他事项 is not named


def test_agenda_titles_are_said_the_way_a_minutes_says_them():
    assert agenda_sentence(["传达学习上级法治政府建设工作会议精神", "研究部署本年度法治政府建设工作要点",
                            "审议海城镇重大行政决策事项目录"]) == (
        "会议传达学习了上级法治政府建设工作会议精神，研究部署了本年度法治政府建设工作要点，"
        "审议了海城镇重大行政决策事项目录。")
    assert agenda_sentence(["关于农村人居环境整治的事项"]) == "会议研究了关于农村人居环境整治的事项。"
    five = ["审议《甲方案》", "研究乙工作", "研究丙工作", "通报丁情况", "听取戊汇报"]
    assert agenda_sentence(five) == "会议审议了《甲方案》，研究了乙工作、丙工作，通报了丁情况等事项。"
    assert agenda_sentence(["其他事项"]) == ""


def test_a_title_that_ends_in_its_verb_is_said_with_it():
    """A 纪要 opened "会议研究了关于《…方案（试行）》的审议、关于《…》的审议等事项": the 审议 is the verb."""
    titles = [f"关于《海城镇2026年第{n}批次矛盾纠纷排查化解工作方案（试行）》的审议" for n in (1, 2)]
    assert agenda_sentence(titles) == ("会议审议了《海城镇2026年第1批次矛盾纠纷排查化解工作方案（试行）》"
                                       "《海城镇2026年第2批次矛盾纠纷排查化解工作方案（试行）》。")
    assert agenda_sentence(["关于冬季安全生产工作的研究", "镇重大行政决策事项目录审议"]) == (
        "会议研究了冬季安全生产工作，审议了镇重大行政决策事项目录。")


def drawn_roles(store, record, monkeypatch) -> dict[str, set[str]]:
    """The font roles (仿宋 fangsong, 楷体 kaiti, 黑体 heiti) each run of text is drawn in: here 仿宋 and 楷体 are
    the same stand-in file, so the PDF's fonts cannot tell them apart."""
    from fazhi_desktop.core.documents.layout import Typesetter

    roles: dict[str, set[str]] = {}
    draw = Typesetter.draw_line

    def recording(self, page, line, *args, **kwargs):
        for text, style in line.runs():
            roles.setdefault(text, set()).add(style.role)
        return draw(self, page, line, *args, **kwargs)

    monkeypatch.setattr(Typesetter, "draw_line", recording)
    build_document(store, record, "minutes")
    return roles


def roles_of(roles: dict[str, set[str]], start: str) -> set[str]:
    return set().union(*(r for text, r in roles.items() if start in text))


def test_a_decided_list_keeps_one_typeface_from_its_first_item_to_its_last(store, valid_record, monkeypatch):
    """"（一）由党政办牵头；" printed in 仿宋 after "会议议定：", "（二）…；" and "（三）…" wholly in 楷体 as if they
    were headings: no 。 in them made the whole line one."""
    decision = "（一）由党政办牵头；\n（二）各站所负责落实；\n（三）司法所负责合法性审查。"
    discussion = ("（一）基本情况。今冬供暖总体平稳。\n"
                  "（二）各站所要按照职责分工抓好落实，确保供暖期间群众温暖过冬，司法所做好法律服务。")
    items = [{"title": "研究冬季供暖保障工作", "decision": decision, "discussion": discussion}]
    record = store.save("meeting", valid_record("meeting", agenda_items=items), "杨芳")
    roles = drawn_roles(store, record, monkeypatch)
    for item in ("（一）由党政办牵头", "（二）各站所负责落实", "（三）司法所负责合法性审查"):
        assert roles_of(roles, item) == {"fangsong"}, item
    assert roles_of(roles, "（一）基本情况。") == {"kaiti"}  # a heading is still one
    assert roles_of(roles, "今冬供暖总体平稳") == {"fangsong"}
    assert roles_of(roles, "（二）各站所要按照") == {"fangsong"}  # its 。 is no heading's: the sentence ends there


def test_headings_in_the_decided_items_are_set_alike_the_first_after_its_lead(store, valid_record, monkeypatch):
    decision = "（一）供暖保障。由党政办牵头。\n（二）安全生产。由安监站负责。"
    items = [{"title": "研究冬季供暖保障工作", "decision": decision}]
    record = store.save("meeting", valid_record("meeting", agenda_items=items), "杨芳")
    roles = drawn_roles(store, record, monkeypatch)
    assert roles_of(roles, "会议议定：") == {"fangsong"}
    assert roles_of(roles, "（一）供暖保障。") == roles_of(roles, "（二）安全生产。") == {"kaiti"}
    assert roles_of(roles, "由党政办牵头") == {"fangsong"}


def test_a_decided_list_with_one_lead_among_plain_items_is_set_wholly_in_fangsong(store, valid_record, monkeypatch):
    """(一) with a second sentence was set as a 楷体 heading, (二) and (三) without one in 仿宋: one list in two
    typefaces. The block is decided once: its numbered lines are headings only when every one has text after its
    lead."""
    decision = "（一）原则通过《预案》。由党政办印发执行。\n（二）同意追加经费。\n（三）各村负责落实。"
    headed = "（一）供暖保障。由党政办牵头。\n（二）安全生产。由安监站负责。"
    items = [{"title": "研究防汛工作", "decision": decision}, {"title": "研究冬季供暖保障工作", "decision": headed}]
    record = store.save("meeting", valid_record("meeting", agenda_items=items), "杨芳")
    roles = drawn_roles(store, record, monkeypatch)
    for item in ("（一）原则通过《预案》。", "由党政办印发执行", "（二）同意追加经费", "（三）各村负责落实"):
        assert roles_of(roles, item) == {"fangsong"}, item
    # the next item's block is decided on its own: every numbered line there is a lead with text after it
    assert roles_of(roles, "（一）供暖保障。") == roles_of(roles, "（二）安全生产。") == {"kaiti"}
    assert roles_of(roles, "由安监站负责") == {"fangsong"}


def test_book_titles_in_a_series_take_no_enumeration_comma():
    """The reviewer's opening read "研究了《…工作要点》、《…指导意见》": GB/T 15834 puts no 顿号 between 书名号 (or
    引号) that meet; one with something after its 》 keeps it."""
    titles = ["研究《海城镇2025年法治政府建设工作要点》", "研究《关于加强行政调解工作的指导意见》"]
    assert agenda_sentence(titles) == (
        "会议研究了《海城镇2025年法治政府建设工作要点》《关于加强行政调解工作的指导意见》。")
    assert agenda_sentence(["审议《甲方案》（草案）", "审议《乙办法》", "审议丙事项"]) == (
        "会议审议了《甲方案》（草案）、《乙办法》、丙事项。")


def test_a_minutes_of_no_agenda_says_nothing_follows_unless_something_does(store, valid_record):
    """A 纪要 with no 议题 ended its opening "…常务会议。现纪要如下：" with nothing after it; the words lead only to a
    study paragraph or agenda items that follow."""
    text = printed(store, valid_record, [])
    assert "2026年第3次乡镇政府常务会议。" in text and "如下" not in text
    study = store.save("law_study", valid_record("law_study"), "杨芳")
    record = store.save("meeting", valid_record("meeting", pre_meeting_study=study.id), "杨芳")
    text = "".join(minutes_lines(build_document(store, record, "minutes")))
    assert "会议。现纪要如下：会前，参会人员开展会前学法，学习《中华人民共和国行政处罚法》。" in text


@pytest.mark.parametrize("lead", ["会议议定：", "会议决定：", "会议研究决定，", "会议议定:"])
def test_a_decision_typed_with_its_own_lead_says_it_once(store, valid_record, monkeypatch, lead):
    """The inspector's copy read "会议议定：会议议定：（一）原则通过…": the 决定事项 began with its own lead, as the
    README's example does, and the 纪要 put its own before it."""
    decision = f"{lead}（一）原则通过《目录》，由党政办印发执行；\n（二）由司法所牵头开展合法性审查。"
    items = [{"title": "审议《海城镇2026年度重大行政决策事项目录》", "decision": decision}]
    text = printed(store, valid_record, items)
    assert "会议议定：（一）原则通过《目录》" in text
    assert text.count("会议议定：") == 1 and "会议决定" not in text and "研究决定" not in text
    record = store.save("meeting", valid_record("meeting", agenda_items=items), "杨芳")
    roles = drawn_roles(store, record, monkeypatch)
    assert roles_of(roles, "（一）原则通过") == roles_of(roles, "（二）由司法所牵头") == {"fangsong"}  # still a list
