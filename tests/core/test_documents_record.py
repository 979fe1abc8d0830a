"""A printed record (会议记录, 执法监督检查记录, 调解案件记录 …) as the clerk and the signers see it on paper: the
signature lines on a page with the form, names whole on their line, room to write in a blank form."""

from __future__ import annotations

from test_documents_pdf import demo  # noqa: F401  (fixture)

from fazhi_desktop.core.documents import build_document
from fazhi_desktop.core.documents.layout import Rule
from fazhi_desktop.core.store import ListQuery


def form_rows_on(page) -> bool:
    """Whether any ruled form row is drawn on `page` (its cells' vertical rules)."""
    return any(isinstance(item, Rule) and item.x1 == item.x2 for item in page.items)


def test_the_signature_lines_never_stand_alone_on_the_last_page(demo):  # noqa: F811
    """One demo record in fifteen printed its form on page 1 and only "主持人（签字）：___" on page 2."""
    checked = 0
    for ledger in demo.ledgers:
        for record in demo.list(ListQuery(ledger)):
            doc = build_document(demo, record, "record")
            last = doc.pages[-1]
            assert any("（签字）" in run.text for run in last.texts()), record.number
            if len(doc.pages) > 1:
                assert form_rows_on(last), (record.number, len(doc.pages))
                checked += 1
    assert checked >= 10  # records long enough to go over a page were judged


NAMES = ["马晓明", "孙六七", "李建国", "王梅", "海玉兰", "杨芳", "田玉春", "苏燕", "虎小平", "张丽娟", "马秀兰",
         "禹成龙", "海军", "周建华", "欧阳晓明", "马志刚", "李强"]


def test_a_list_of_people_wraps_between_names_never_inside_one(store, valid_record):
    """检查人员 "…禹成龙、海" / "军、周建华…": a line of the form ended inside a name."""
    meeting = store.save("meeting", valid_record("meeting", attendees=NAMES), "杨芳")
    check = store.save("enforcement_check", valid_record("enforcement_check", inspectors=NAMES[3:16]), "杨芳")
    for record, names in ((meeting, NAMES), (check, NAMES[3:16])):
        assert_wrapped_between_names(build_document(store, record, "record").text(), names)


def assert_wrapped_between_names(text: str, names: list[str]) -> None:
    """The lines holding `names` (joined by 、) break after a 、, never inside a name; and they do break."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(names[0]))
    block = [lines[start]]
    while block[-1].endswith("、"):
        block.append(lines[start + len(block)])
    assert len(block) > 1, block  # the list wraps, so there is a break to judge
    assert "".join(block).split("、") == names


def test_a_meeting_that_runs_past_midnight_ends_the_next_day_on_paper(store, valid_record):
    """19:30 to 00:40 printed as "19:30—00:40": read as ending before it began."""
    record = store.save("meeting", valid_record("meeting", start_time="19:30", end_time="00:40"), "杨芳")
    lines = build_document(store, record, "record").text().split("\n")
    assert lines[lines.index("结束时间") + 1] == "次日00:40"
    assert "19:30至次日00:40" in build_document(store, record, "signin").text()
    same_day = store.save("meeting", valid_record("meeting", start_time="09:00", end_time="11:30"), "杨芳")
    assert "09:00至11:30" in build_document(store, same_day, "signin").text()
    assert "次日" not in build_document(store, same_day, "record").text()


def row_height(page, label: str) -> float:
    """The height of the form row whose label is `label`: between the ruled lines above and below the label."""
    run = next(r for r in page.texts() if r.text == label)
    ys = sorted({item.y1 for item in page.items if isinstance(item, Rule) and item.y1 == item.y2 and item.x1 < run.x})
    return min(y for y in ys if y > run.y) - max(y for y in ys if y < run.y)


def test_a_blank_meeting_record_leaves_room_to_write_each_field_by_hand(store, valid_record):
    """A form printed before the meeting had one 10 mm line for the whole agenda (议题) and for the attendance."""
    record = store.save("meeting", valid_record("meeting", title="临时会议"), "杨芳")
    doc = build_document(store, record, "record")
    page = doc.pages[0]
    line = 16.0  # the form's body line (11 pt 仿宋 on a 16 pt pitch)
    for label in ("开始时间", "地点", "记录人", "会前学法", "附件", "备注"):
        assert row_height(page, label) >= 1.5 * line, label
    assert row_height(page, "出席人员") >= 2.5 * line and row_height(page, "列席人员") >= 2.5 * line
    assert row_height(page, "议题") >= 4.5 * line
    assert len(doc.pages) == 1


def test_a_value_too_long_for_half_a_row_gets_the_whole_row(store, valid_record):
    """会议类型 "专题研究部署法治政府建设" / "会议": fourteen characters in a cell that holds thirteen."""
    record = store.save("meeting", valid_record("meeting", meeting_type="专题研究部署法治政府建设会议"), "杨芳")
    lines = build_document(store, record, "record").text().split("\n")
    assert "专题研究部署法治政府建设会议" in lines


def test_numbers_and_codes_in_an_agenda_row_are_never_split_across_lines(store, valid_record):
    """"…安排资金人民币128" / "6500元" and "（G" / "B/T 9704-2012格式）": a "议题名称：…" pair wider than its cell was
    cut character by character, numbers too. Titles of every length put the number at each place on the line."""
    titles = [f"研究{'海城镇' * k}农村人居环境整治提升方案并安排资金人民币1286500元" for k in range(8)]
    titles += [f"研究{'海城镇' * k}集贸市场整治实施方案（试行）（GB/T 9704-2012格式）" for k in range(8)]
    items = [{"title": title, "presenter": "欧阳晓明"} for title in titles]
    record = store.save("meeting", valid_record("meeting", agenda_items=items), "杨芳")
    text = build_document(store, record, "record").text()
    for word in ("1286500元", "GB/T", "9704-2012"):  # a space is a place to break: "（GB/T" / "9704-2012格式）"
        assert text.count(word) == 8, (word, text)


def test_a_short_list_of_mediators_shares_its_row(store, valid_record):
    """调解员 "苏燕" took a whole row of its own: a full case record ran onto a second page a row earlier than it had
    to. A short list of names is short and shares its row with the field beside it; a long one, or a blank one,
    keeps the whole row (a blank one its lines to write in)."""
    def beside(record) -> list[str]:
        """What is printed on 调解员's line besides it and its own value: the field sharing its row."""
        runs = build_document(store, record, "record").pages[0].texts()
        at = next(i for i, run in enumerate(runs) if run.text == "调解员")
        return [run.text for i, run in enumerate(runs)
                if abs(run.y - runs[at].y) < 1 and i not in (at, at + 1) and run.y > 120]

    def case(name, mediators):
        return store.save("mediation_case", valid_record("mediation_case", case_name=name, mediators=mediators,
                                                         mediated_on="2026-03-06"), "杨芳")

    assert beside(case("马某与李某宅基地纠纷", ["苏燕", "马秀兰"])) != []
    assert beside(case("马某与海某借款纠纷", NAMES[:6])) == []
    assert beside(case("海某与李某邻里纠纷", [])) == []


MEDIATION_LABELS = ("调解员", "调解日期", "调解记录", "调解结果", "回访")


def test_an_adjudication_case_prints_no_mediation_rows_and_its_footer_names_the_kind(store, valid_record):
    """"行政裁决案件记录" printed empty 调解员, 调解日期, 调解记录, 调解结果 and 回访 rows, and the footer read
    "调解案件 〔2026〕行裁字第1号"."""
    values = valid_record("mediation_case", case_category="行政裁决", adjudication_matter="土地权属")
    adjudication = store.save("mediation_case", values, "杨芳")
    doc = build_document(store, adjudication, "record")
    lines = doc.text().split("\n")
    assert "行政裁决案件记录" in lines and "裁决事项" in lines
    assert not set(MEDIATION_LABELS) & set(lines), set(MEDIATION_LABELS) & set(lines)
    assert f"行政裁决案件 {adjudication.number}" in lines
    mediation = store.save("mediation_case", valid_record("mediation_case"), "杨芳")
    lines = build_document(store, mediation, "record").text().split("\n")
    assert set(MEDIATION_LABELS) <= set(lines) and f"人民调解案件 {mediation.number}" in lines


def test_a_mediation_value_entered_on_an_adjudication_case_still_prints(store, valid_record):
    """A clerk who noted the 调解日期 of an attempt at mediation before the decision sees it on paper as on screen."""
    values = valid_record("mediation_case", case_category="行政裁决", adjudication_matter="土地权属",
                          mediated_on="2026-03-06")
    record = store.save("mediation_case", values, "杨芳")
    assert record.values["mediated_on"] == "2026-03-06"  # kept, unlike a hidden field's value
    lines = build_document(store, record, "record").text().split("\n")
    assert lines[lines.index("调解日期") + 1] == "2026年3月6日"
    assert "调解员" not in lines


def test_each_signer_of_a_record_gets_a_line_as_long_as_the_others(store, valid_record):
    """"被检查单位负责人（签字）：" left 21 mm to sign on, "检查人员（签字）：" 41 mm."""
    record = store.save("enforcement_check", valid_record("enforcement_check"), "杨芳")
    page = build_document(store, record, "record").pages[-1]
    lines = [item.x2 - item.x1 for item in page.items if isinstance(item, Rule) and item.y1 == item.y2
             and item.width == 0.6]
    assert len(lines) == 2 and abs(lines[0] - lines[1]) < 0.5 and min(lines) >= 28 * 72 / 25.4, lines
