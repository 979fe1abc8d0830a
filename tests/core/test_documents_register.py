"""The 台账 register's columns as an inspector reads them: room goes to the text that needs it (议题), not to a long
header over short values or to a short place name."""

from __future__ import annotations

from datetime import UTC, datetime

from test_documents_pdf import demo  # noqa: F401  (fixture)
from test_documents_record import NAMES, assert_wrapped_between_names

from fazhi_desktop.core.documents import build_register_document
from fazhi_desktop.core.documents.layout import MM, Rule


def column_edges(doc) -> list[float]:
    """The x of the vertical rules of the header row on page 1, left to right."""
    page = doc.pages[0]
    top = min(r.y for r in page.texts() if r.text == "序号")
    return sorted({round(item.x1, 1) for item in page.items
                   if isinstance(item, Rule) and item.x1 == item.x2 and item.y1 < top < item.y2})


def column_widths(doc) -> dict[str, float]:
    """Each column's width on page 1, measured between the vertical rules of the header row."""
    edges = column_edges(doc)
    return {label: right - left for label, left, right in zip(doc.extra["columns"], edges[:-1], edges[1:], strict=True)}


def header_lines(doc, first: str) -> list[str]:
    """The lines of a header cell starting with `first`: it and the runs straight below it in the same column."""
    runs = doc.pages[0].texts()
    head = next(r for r in runs if r.text == first)
    return [r.text for r in sorted(runs, key=lambda r: r.y) if abs(r.y - head.y) < 15 and abs(r.x - head.x) < 15]


def test_the_meeting_register_gives_the_agenda_the_widest_column(demo):  # noqa: F811
    doc = build_register_document(demo, "meeting", 2026)
    widths = column_widths(doc)
    assert max(widths, key=widths.get) == "议题", widths
    assert widths["地点"] < widths["议题"] / 2  # "镇政府三楼会议室" may take two lines
    assert header_lines(doc, "所长列席") == ["所长列席"]  # 司法所所长列席情况 shortened, on the header row's one line
    assert widths["所长列席"] < widths["编号"] / 1.5


def test_numbers_dates_and_choices_are_never_wrapped_to_make_room(demo):  # noqa: F811
    """A choice breaks before its bracket only: 调解结果 was as wide as 调解不成功(终止) over a column of 调解成功, and
    case names took three lines beside it; 会议类型 broke 乡镇行政会 / 议(政府常务 / 会议) once narrowed."""
    doc = build_register_document(demo, "mediation_case", 2026)
    text = doc.text().split("\n")
    assert "调解不成功(终止)" not in text and "调解成功" in text
    ended = text.index("(终止)")
    assert text[ended - 1] == "调解不成功"  # the choice's two parts, each whole
    widths = column_widths(doc)
    assert widths["调解结果"] < widths["纠纷类型"] and widths["调解结果"] < widths["案件名称"]
    assert all(line.startswith("〔2026〕") for line in text if "调字第" in line or "裁字第" in line)
    meetings = build_register_document(demo, "meeting", 2026).text().split("\n")
    assert "乡镇行政会议" in meetings and meetings[meetings.index("乡镇行政会议") + 1] == "(政府常务会议)"


def test_a_title_without_break_opportunities_wraps_in_its_cell_and_the_table_stays_on_the_page(store, valid_record):
    """An 80-character code pasted as a meeting's name widened its column: the table ran 36 pt off the page."""
    from fazhi_desktop.core.documents.layout import Typesetter

    long_run = "ABCDEFGHIJ0123456789" * 4
    store.save("meeting", valid_record("meeting", title=long_run), "杨芳")
    no_punctuation = "关于" + "海城镇农村人居环境整治实施方案征求意见稿研究讨论" * 3
    store.save("meeting", valid_record("meeting", title=no_punctuation), "杨芳")
    doc = build_register_document(store, "meeting", 2026)
    page = doc.pages[0]
    ts = Typesetter(doc.fonts)
    edges = [x for item in page.items if isinstance(item, Rule) for x in (item.x1, item.x2)]
    assert max(edges) <= page.width - 14 * 72 / 25.4 + 0.01  # the right margin
    for run in page.texts():
        assert run.x + ts.advance(run.text, run.font, run.size) <= max(edges) + 0.01, run.text
    widths = column_widths(doc)
    assert widths["会议名称/届次"] < page.width / 2
    pieces = [r.text for r in page.texts() if len(r.text) > 2 and set(r.text) <= set(long_run)]
    assert "".join(pieces) == long_run and len(pieces) > 1  # wrapped, in order, nothing lost


def test_the_inspectors_of_a_check_wrap_between_names_in_the_register(store, valid_record):
    """检查人员 in the yearly register broke a name across two lines, as the record did before."""
    store.save("enforcement_check", valid_record("enforcement_check", inspectors=NAMES), "杨芳")
    assert_wrapped_between_names(build_register_document(store, "enforcement_check", 2026).text(), NAMES)


REMARK = "赔偿款已于2026年8月3日通过银行转账支付，交易流水号6217002870012345678，当事人已签收确认，卷宗另附转账凭证"


def test_a_long_remark_gets_a_wider_column_and_a_bank_reference_stays_whole(store, valid_record):
    """备注 was fixed at 16 mm: a 55-character remark made a row twelve lines tall, four characters a line, and cut
    a bank reference in five pieces."""
    store.save("mediation_case", {**valid_record("mediation_case"), "remarks": REMARK}, "杨芳")
    doc = build_register_document(store, "mediation_case", 2026)
    runs = [r.text for r in doc.pages[0].texts()]
    assert any("6217002870012345678" in text for text in runs), runs
    remark_lines = [text for text in runs if len(text) > 1 and text in REMARK and text not in doc.extra["columns"]]
    assert "".join(remark_lines) == REMARK and len(remark_lines) <= 5, remark_lines
    assert column_widths(doc)["备注"] <= 60 * MM + 0.1


def test_an_empty_remarks_column_keeps_room_to_write_in_by_hand(demo):  # noqa: F811
    for ledger in ("meeting", "enforcement_check"):
        assert column_widths(build_register_document(demo, ledger, 2026))["备注"] >= 16 * MM - 0.1, ledger


def test_registers_carry_the_columns_inspectors_compare_and_keep_every_number_whole(demo):  # noqa: F811
    """The mediation register had no 当事人 or 履行情况, the check register no 持证, 发现问题 or 复查日期, the
    complaint register no 办理期限; and with more columns no 编号 may wrap ("〔2026〕人" / "调字第3号")."""
    wanted = {"mediation_case": ("当事人", "调解员", "履行情况", "结案日期"),
              "enforcement_check": ("应持证执法人员数", "实际持证人数", "发现问题", "整改期限", "复查日期"),
              "complaint": ("办理期限", "办结日期", "是否按期办结")}
    for ledger in ("meeting", "law_study", *wanted):
        doc = build_register_document(demo, ledger, 2026)
        assert set(wanted.get(ledger, ())) <= set(doc.extra["columns"]), (ledger, doc.extra["columns"])
        numbers = [r.text for page in doc.pages for r in page.texts() if r.text.startswith("〔2026〕")]
        assert len(numbers) == doc.extra["rows"] and all(n.endswith("号") for n in numbers), numbers[:5]


def test_the_parties_column_names_the_parties_and_nothing_else(store, valid_record):
    """Names only in a register: never an ID number or a phone, not even masked; a body by its name."""
    parties = [{"role": "申请人", "party_type": "自然人", "name": "马文", "id_number": "11010519491231002X",
                "phone": "13995012345"},
               {"role": "被申请人", "party_type": "单位", "org_name": "海原县鑫盛建筑工程有限公司"}]
    store.save("mediation_case", valid_record("mediation_case", parties=parties), "杨芳")
    text = build_register_document(store, "mediation_case", 2026).text()
    assert "马文、海原县鑫盛建筑工程有限公司" in text.replace("\n", "")
    assert "1101" not in text and "1399" not in text and "****" not in text and "002X" not in text


def test_the_register_says_what_became_of_each_number_it_does_not_list(store, valid_record):
    """An inspector checks that a ledger's numbers run on: the 2026 register read 第1、2、4号 with nothing saying
    where 第3号 went (its case moved to 2027 when its date was corrected) or 第5号 (deleted)."""
    saved = [store.save("mediation_case", valid_record("mediation_case", accepted_on=f"2026-03-0{day}"), "杨芳")
             for day in range(1, 7)]
    moved = store.save("mediation_case", {"accepted_on": "2027-01-02"}, "杨芳", record_id=saved[2].id)
    store.delete(saved[4].id, "杨芳")
    text = build_register_document(store, "mediation_case", 2026).text().replace("\n", "")
    assert moved.number == "〔2027〕人调字第1号"
    assert "编号说明：〔2026〕人调字第3号已改编为〔2027〕人调字第1号；〔2026〕人调字第5号已删除。" in text
    assert "编号说明" not in build_register_document(store, "mediation_case", 2027).text()  # nothing missing


def test_the_note_on_numbers_stays_with_the_end_of_the_table(store, valid_record):
    """A register whose table filled its page to the bottom printed the 编号说明 alone on a last page of its own.
    Registers of 1 to 40 records (titles of one, two and three lines) each end with the last record's row on the
    page of the note."""
    gone = store.save("meeting", valid_record("meeting"), "杨芳")
    store.delete(gone.id, "杨芳")
    for n in range(1, 41):
        title = "2026年镇政府常务会议" + "（扩大会议，研究部署防汛抗旱及地质灾害防治工作）" * (n % 3)
        last = store.save("meeting", valid_record("meeting", title=title), "杨芳")
        doc = build_register_document(store, "meeting", 2026)
        page = [run.text for run in doc.pages[-1].texts()]
        assert any(text.startswith("编号说明：") for text in page), n
        assert last.number in page, f"{n} 条：末页只有编号说明，没有表格的最后一行"


def period(doc) -> str:
    return next(line for line in doc.text().split("\n") if line.startswith("统计期间：")).split("　")[0]


def test_this_years_register_covers_the_year_up_to_today(store, valid_record, clock, beijing_time):
    """Printed on 2 January, 2027's register said 统计期间：2027年1月1日至2027年12月31日: a period not yet lived, as if
    the two days' records were the year's."""
    store.save("meeting", valid_record("meeting", held_on="2026-03-05"), "杨芳")
    clock.set(datetime(2027, 1, 2, 1, 30, tzinfo=UTC))  # 09:30 in Beijing
    store.save("meeting", valid_record("meeting", held_on="2027-01-02"), "杨芳")
    assert period(build_register_document(store, "meeting", 2027)) == "统计期间：2027年1月1日至2027年1月2日"
    assert period(build_register_document(store, "meeting", 2026)) == "统计期间：2026年1月1日至2026年12月31日"
    # a meeting saved ahead to print its sign-in sheet is listed: the period holds its day
    store.save("meeting", valid_record("meeting", held_on="2027-01-20"), "杨芳")
    assert period(build_register_document(store, "meeting", 2027)) == "统计期间：2027年1月1日至2027年1月20日"


def test_the_study_register_shows_what_the_law_study_figures_rest_on(store, valid_record):
    """The 学法活动 register printed no 述法人, no exam's 参考/合格人数 or 成绩是否通报 and no 主要负责同志 flag: what
    T47, T49b and T46c count could not be read off it. They are printed, and the page still holds every 编号 whole."""
    from fazhi_desktop.core.people import add_person

    add_person(store, "管理员", "田玉春", title="镇长", roles=["主要负责同志"])
    store.save("law_study", valid_record("law_study", activity_type="专题法治讲座", speaker="田玉春",
                                         speaker_is_principal_leader=True), "杨芳")
    store.save("law_study", valid_record("law_study", activity_type="会前学法", speaker="李强"), "杨芳")
    store.save("law_study", valid_record("law_study", activity_type="领导干部述法", reporters=["田玉春", "马志刚"]),
               "杨芳")
    store.save("law_study", valid_record("law_study", activity_type="学法用法考试", exam_takers=30, exam_passed=28,
                                         scores_circulated=True), "杨芳")
    doc = build_register_document(store, "law_study", 2026)
    assert {"主要负责同志主讲", "述法人", "考试：参考/合格人数，成绩通报"} <= set(doc.extra["columns"])
    text = doc.text()
    assert "田玉春、马志刚" in text.replace("\n", "") and "30/28，已通报" in text
    assert text.split("\n").count("是") == 1  # the lecture by the leader; no 否 under every other activity
    numbers = [r.text for r in doc.pages[0].texts() if r.text.startswith("〔2026〕")]
    assert len(numbers) == 4 and all(n.endswith("号") for n in numbers)
    assert len(doc.pages) == 1


def test_a_mediator_with_a_long_name_is_never_broken_across_lines(store, valid_record):
    """"马秀兰、欧" / "阳司马诸葛" in the 调解员 column: the column held names of up to four characters whole. It is
    now as wide as its widest name, up to eight characters, so each name is on one line; the room it takes comes
    from the long text, never from 编号 ("〔2026〕人" / "调字第1号" in every row once the page was full)."""
    two = [{"role": "申请人", "party_type": "自然人", "name": "杨桂兰"},
           {"role": "被申请人", "party_type": "自然人", "name": "马玉梅"}]
    for day in range(1, 30):  # a year of cases as the demo's: two mediators, a page about full
        store.save("mediation_case", valid_record(
            "mediation_case", mediators=["苏燕", "马秀兰"], parties=two, case_name="杨桂兰与马玉梅山林土地纠纷",
            accepted_on=f"2026-{day % 12 + 1:02}-10", closed_on=f"2026-{day % 12 + 1:02}-20",
            dispute_type="拖欠农民工工资纠纷", result="调解不成功(终止)", termination_reason="一方拒绝调解"), "杨芳")
    store.save("mediation_case", valid_record("mediation_case", mediators=["虎小平", "苏燕", "马秀兰", "欧阳司马诸葛"]),
               "杨芳")
    doc = build_register_document(store, "mediation_case", 2026)
    lines = doc.text().split("\n")
    assert any("欧阳司马诸葛" in line for line in lines), lines
    assert "".join(lines).count("虎小平、苏燕、马秀兰、欧阳司马诸葛") == 1
    numbers = [r.text for page in doc.pages for r in page.texts() if r.text.startswith("〔2026〕")]
    assert len(numbers) == 30 and all(n.endswith("号") for n in numbers), numbers


def test_the_register_heading_writes_its_dates_in_words_and_the_table_as_on_screen(store, valid_record, clock,
                                                                                  beijing_time):
    """"统计期间：2026年1月1日至2026年6月1日　共 1 条　生成时间：2026-06-01 16:00": two ways of writing a date in one
    line. A heading writes them in words (GB/T 9704); a table cell as the screen and an exported list do."""
    clock.set(datetime(2026, 6, 1, 8, tzinfo=UTC))
    store.save("meeting", valid_record("meeting"), "杨芳")
    doc = build_register_document(store, "meeting", 2026)
    texts = [r.text for r in doc.pages[0].texts()]
    assert "统计期间：2026年1月1日至2026年6月1日　共 1 条　生成时间：2026年6月1日 16:00" in texts, texts
    assert "2026-03-05" in texts  # the meeting's 会议日期 in its cell


def column_lines(doc, label: str) -> list[str]:
    """The lines of text in column `label` under its header on page 1, top to bottom."""
    page, edges = doc.pages[0], column_edges(doc)
    index = doc.extra["columns"].index(label)
    left, right = edges[index], edges[index + 1]
    head = next(r for r in page.texts() if r.text.startswith(label[:2]) and left < r.x < right)
    return [r.text for r in sorted(page.texts(), key=lambda r: r.y) if left < r.x < right and r.y > head.y + 1]


CASE_NAMES = ["马某某与李某某因宅基地边界引发的纠纷", "山门村马某与杨某土地承包经营权纠纷",
              "田某某与王某某婚姻家庭赡养费纠纷", "李某与海原县某建筑公司拖欠工资纠纷",
              "马某某与虎某某道路交通事故赔偿纠纷", "杨某与马某因排水引发的邻里纠纷"]


def test_a_case_name_of_fifteen_to_twenty_characters_takes_at_most_two_lines(store, valid_record):
    """案件名称 took four or five lines, five characters a line, beside a 纠纷类型 as wide as 拖欠农民工工资纠纷 and a
    当事人 column held at eight characters by a company's name that wrapped anyway."""
    kinds = ["拖欠农民工工资纠纷", "道路交通事故纠纷", "房屋宅基地纠纷", "邻里纠纷", "婚姻家庭纠纷", "合同纠纷"]
    for day, (name, kind) in enumerate(zip(CASE_NAMES, kinds, strict=True), 1):
        parties = [{"role": "申请人", "party_type": "自然人", "name": "马秀英"},
                   {"role": "被申请人", "party_type": "单位", "org_name": "海原县鑫盛建筑工程有限公司"}]
        store.save("mediation_case", valid_record("mediation_case", case_name=name, dispute_type=kind, parties=parties,
                                                  accepted_on=f"2026-03-{day:02}"), "杨芳")
    doc = build_register_document(store, "mediation_case", 2026)
    lines = column_lines(doc, "案件名称")
    for name in CASE_NAMES:  # each name's lines, in the order of the rows
        taken = 0
        while "".join(lines[:taken]) != name:
            taken += 1
            assert taken <= 2, (name, lines[:3])
        lines = lines[taken:]
    kinds_lines = column_lines(doc, "纠纷类型")
    assert kinds_lines[:2] == ["拖欠农民工工资", "纠纷"]  # broken before its 纠纷 only
    assert "道路交通事故纠纷" in kinds_lines or kinds_lines[2:4] == ["道路交通事故", "纠纷"]
    numbers = [r.text for r in doc.pages[0].texts() if r.text.startswith("〔2026〕")]
    assert len(numbers) == len(CASE_NAMES) and all(n.endswith("号") for n in numbers)  # never wrapped for room
