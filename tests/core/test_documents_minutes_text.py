"""What the 纪要 says: its opening names what the meeting did as a 纪要 would ("会议听取了…，研究了…"), and an agenda
item with nothing recorded under it prints no bare heading (documents audit: "会议研究了“研究《…》”、“听取…汇报”、
“其他事项”事项。" and "三、其他事项" standing alone before 出席)."""

from __future__ import annotations

from fazhi_desktop.core.documents import build_document
from fazhi_desktop.core.documents.minutes import agenda_sentence, minutes_lines

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
    assert "会议研究了春季森林草原防火工作，通报了行政执法案卷评查情况。" in "".join(lines)


def test_agenda_titles_are_said_the_way_a_minutes_says_them():
    assert agenda_sentence(["传达学习上级法治政府建设工作会议精神", "研究部署本年度法治政府建设工作要点",
                            "审议海城镇重大行政决策事项目录"]) == (
        "会议传达学习了上级法治政府建设工作会议精神，研究部署了本年度法治政府建设工作要点，"
        "审议了海城镇重大行政决策事项目录。")
    assert agenda_sentence(["关于农村人居环境整治的事项"]) == "会议研究了关于农村人居环境整治的事项。"
    five = ["审议《甲方案》", "研究乙工作", "研究丙工作", "通报丁情况", "听取戊汇报"]
    assert agenda_sentence(five) == "会议审议了《甲方案》，研究了乙工作、丙工作，通报了丁情况等事项。"
    assert agenda_sentence(["其他事项"]) == ""
