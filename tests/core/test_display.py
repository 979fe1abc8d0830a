"""How values read to a person (core/display.py): the same wording in `fazhi show`, history and the documents."""

from __future__ import annotations

from fazhi_desktop.cli import main
from fazhi_desktop.core.display import (
    cell_value,
    display_value,
    end_time_text,
    join_clauses,
    linked_record_text,
    size_text,
    time_range,
)


def test_sizes_read_as_a_clerk_expects():
    assert [size_text(n) for n in (0, 512, 85 * 1024, int(12.3 * 1024**2), 3 * 1024**3 // 2)] == [
        "0 字节", "512 字节", "85 KB", "12.3 MB", "1.5 GB"]


def test_clauses_get_no_comma_after_a_sentence_that_has_already_ended():
    assert join_clauses(["与会人员讨论，司法所所长发表法律意见。", "各站所抓好贯彻落实。"]) == \
        "与会人员讨论，司法所所长发表法律意见。各站所抓好贯彻落实。"
    assert join_clauses(["审议方案", "李强", "原则通过！", "报县司法局；", "备案"]) == \
        "审议方案，李强，原则通过！报县司法局；备案"


def test_an_agenda_item_reads_without_doubled_punctuation(ledgers):
    agenda = ledgers["meeting"].field("agenda_items")
    row = {"title": "传达学习上级法治政府建设工作会议精神", "presenter": "李强",
           "discussion": "与会人员围绕实施范围讨论，司法所所长发表法律意见。", "decision": "各站所抓好贯彻落实。"}
    text = display_value(agenda, [row])
    assert "法律意见。决定事项：各站所抓好贯彻落实。" in text
    assert not any(pair in text for pair in ("。，", "，，", "；，"))
    reviewed = display_value(agenda, [{**row, "needs_review": False}])
    assert "汇报人：李强，是否需合法性审查：否，" in reviewed  # a 是/否 answer says what it answers, not a bare 否


def test_a_party_row_names_its_agents_age_and_representative_by_the_forms_labels(ledgers):
    """`fazhi show`, the county's record view and a conflict read 当事人 rows as one line: "马文，父亲" read as a
    second party and a relation, "马律师" and "55" as nothing at all; "年龄：55" as no 调解员 writes it (55岁)."""
    parties = ledgers["mediation_case"].field("parties")
    minor = {"role": "申请人", "party_type": "自然人", "name": "马小军", "gender": "男", "birth_date": "2012-03-04",
             "guardian": "马文", "guardian_relation": "父亲", "agent": "马律师"}
    adult = {"role": "被申请人", "party_type": "自然人", "name": "李四", "age": 55}
    body = {"role": "第三人", "party_type": "单位", "org_name": "海原县某公司", "legal_representative": "张三"}
    assert display_value(parties, [minor]) == \
        "申请人，自然人，马小军，男，2012-**-**，法定代理人：马文（父亲），委托代理人：马律师"
    assert display_value(parties, [adult]) == "被申请人，自然人，李四，年龄：55岁"
    assert display_value(parties, [body]) == "第三人，单位，海原县某公司，法定代表人：张三"


def test_a_linked_record_reads_as_its_number_and_title(store, valid_record):
    study = store.save("law_study", valid_record("law_study"), "杨芳")
    assert linked_record_text(store, study.id) == f"{study.number} 学习《中华人民共和国行政处罚法》"
    store.delete(study.id, "杨芳")
    assert linked_record_text(store, study.id) == f"所链接的{study.number}已删除"  # never its id


def test_fazhi_show_names_the_study_before_the_meeting_by_its_number_and_title(store, valid_record, capsys):
    study = store.save("law_study", valid_record("law_study"), "杨芳")
    meeting = store.save("meeting", valid_record("meeting", pre_meeting_study=study.id), "杨芳")
    path = store.path
    assert main(["--db", str(path), "show", meeting.number]) == 0
    shown = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("会前学法"))
    assert shown.split(maxsplit=1)[1] == f"{study.number} 学习《中华人民共和国行政处罚法》"
    assert study.id not in shown
    assert main(["--db", str(path), "show", meeting.number, "--format", "json"]) == 0
    assert study.id in capsys.readouterr().out  # JSON keeps the id: it is data


def test_the_history_names_the_linked_study_too(store, valid_record):
    """Every view of a whole record, not only fazhi show: the history said "（空）→ 01a2…", an id."""
    from fazhi_desktop.core.history import record_history

    study = store.save("law_study", valid_record("law_study"), "杨芳")
    meeting = store.save("meeting", valid_record("meeting"), "杨芳")
    store.save("meeting", {"pre_meeting_study": study.id}, "杨芳", record_id=meeting.id)
    [change] = [c for c in record_history(store, meeting.id)[-1].changes if c.label == "会前学法"]
    assert change.after == f"{study.number} 学习《中华人民共和国行政处罚法》" and study.id not in change.after


def test_an_anonymous_complainant_is_printed_as_anonymous_not_as_a_masked_surname(ledgers):
    from fazhi_desktop.core.display import mask_value

    complainant = ledgers["complaint"].field("complainant")
    assert mask_value(complainant, "匿名") == "匿名"  # was 匿*, which reads as someone surnamed 匿
    assert mask_value(complainant, "马文军") == "马**"


def test_a_time_range_past_midnight_ends_on_the_next_day():
    assert time_range("09:00", "11:30") == "09:00至11:30"
    assert time_range("19:30", "00:40") == "19:30至次日00:40"
    assert time_range("19:30", None) == "19:30"
    assert end_time_text("19:30", "00:40") == "次日00:40" and end_time_text(None, "00:40") == "00:40"


def test_a_number_reads_with_its_unit_on_screen_and_on_paper_and_stays_a_number_in_an_export(store, valid_record,
                                                                                             capsys):
    """"年龄：55" and "实到人数 12" read oddly: a clerk writes 55岁, 12人. The form's `unit` is written after the value
    wherever it is read as text, never into the stored value or an exported list's number column, which Excel sums;
    a group's rows in an exported cell keep it, as on screen (the export said 年龄：55, the window 年龄：55岁)."""
    from fazhi_desktop.core import list_export
    from fazhi_desktop.core.documents import build_document

    party = {"role": "申请人", "party_type": "自然人", "name": "马某", "age": 55}
    case = store.save("mediation_case", valid_record("mediation_case", parties=[party]), "杨芳")
    study = store.save("law_study", valid_record("law_study", present_count=12), "杨芳")
    assert case["parties"][0]["age"] == 55 and study["present_count"] == 12
    assert main(["--db", str(store.path), "show", study.number]) == 0
    shown = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("实到人数"))
    assert shown.split() == ["实到人数", "12人"]
    assert "年龄：55岁" in build_document(store, case, "record").text()
    ledger = store.ledgers["law_study"]
    cells = dict(zip(list_export.headers(store, ledger), list_export.row(store, ledger, study, False, {}), strict=True))
    assert cells["实到人数"] == "12"
    ledger = store.ledgers["mediation_case"]
    cells = dict(zip(list_export.headers(store, ledger), list_export.row(store, ledger, case, False, {}), strict=True))
    assert cells["当事人"].endswith("年龄：55岁")


def test_a_table_column_names_the_quantity_so_its_cells_are_bare_numbers(store, valid_record):
    """Under a header that names the field (实到人数), a register or list cell reads 12 as the official registers
    do, not 12人; a group's rows in a cell keep their units (年龄：55岁), as they have no header of their own."""
    from fazhi_desktop.core.documents.register import cell_text
    from fazhi_desktop.qt.display import cell_text as list_cell_text

    study = store.save("law_study", valid_record("law_study", present_count=12), "杨芳")
    ledger = store.ledgers["law_study"]
    assert cell_text(ledger, study, "present_count") == "12"
    assert list_cell_text(ledger, study, "present_count") == "12"
    party = {"role": "申请人", "party_type": "自然人", "name": "马某", "age": 55}
    parties = store.ledgers["mediation_case"].field("parties")
    assert cell_value(parties, [party]).endswith("年龄：55岁")
