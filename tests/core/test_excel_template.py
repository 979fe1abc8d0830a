"""下载导入模板: the workbook the program writes for a ledger, so the clerk need not guess the headers."""

from __future__ import annotations

from openpyxl import load_workbook

from fazhi_desktop.core.excel_template import write_template


def cells_by_header(sheet):
    return {cell.value: cell for cell in sheet[1]}


def validation_for(sheet, letter):
    return next(v for v in sheet.data_validations.dataValidation if f"{letter}2:" in str(v.sqref))


def test_the_first_sheet_is_headed_by_the_forms_labels_required_ones_marked(ledgers, tmp_path):
    write_template(ledgers["mediation_case"], tmp_path / "t.xlsx")
    book = load_workbook(tmp_path / "t.xlsx")

    assert book.sheetnames == ["调解案件", "当事人", "回访", "说明", "选项"]
    assert book["选项"].sheet_state == "hidden"
    heads = cells_by_header(book["调解案件"])
    assert list(heads)[:5] == ["序号", "案件类别", "案件名称", "受理日期", "案件来源"]  # the groups' lines name 序号
    assert not heads["序号"].font.color.rgb.endswith("C00000") and "排序时序号随行移动" in heads["序号"].comment.text
    assert "附件" not in heads and "当事人" not in heads  # attachments are not imported; groups have their sheets
    assert heads["案件名称"].font.color.rgb.endswith("C00000") and heads["案件名称"].comment.text.startswith("必填")
    assert not heads["纠纷简要情况"].font.color.rgb.endswith("C00000")
    assert "仅当“调解结果”为“调解不成功(终止)”时填写" in heads["终止原因"].comment.text


def test_columns_have_drop_downs_and_date_and_text_formats(ledgers, tmp_path):
    write_template(ledgers["mediation_case"], tmp_path / "t.xlsx")
    book = load_workbook(tmp_path / "t.xlsx")
    main, parties = book["调解案件"], book["当事人"]
    heads = cells_by_header(main)

    dispute = validation_for(main, heads["纠纷类型"].column_letter)  # 选项!$B$1:$B$17
    listed = [cell.value for row in book["选项"][dispute.formula1.split("!")[1].replace("$", "")] for cell in row]
    assert listed == list(ledgers["mediation_case"].field("dispute_type").choices)
    assert validation_for(main, heads["是否告知权利义务"].column_letter).formula1.startswith("选项!")
    assert main.column_dimensions[heads["受理日期"].column_letter].number_format == "yyyy-mm-dd"

    party_heads = cells_by_header(parties)
    assert list(party_heads)[:3] == ["记录序号", "角色", "当事人类型"]
    assert party_heads["记录序号"].font.color.rgb.endswith("C00000")
    assert parties.column_dimensions[party_heads["身份证号"].column_letter].number_format == "@"
    assert parties.column_dimensions[party_heads["联系电话"].column_letter].number_format == "@"


def test_the_explanation_sheet_says_what_each_column_takes(ledgers, tmp_path):
    write_template(ledgers["meeting"], tmp_path / "t.xlsx")
    book = load_workbook(tmp_path / "t.xlsx")
    assert "请假／缺席人员" in book.sheetnames  # “/” is not allowed in a sheet name
    rows = {(row[0], row[1]): (row[2], row[3]) for row in book["说明"].iter_rows(values_only=True) if len(row) > 3}
    assert rows["会议", "会议类型"][0] == "是"
    assert "乡镇行政会议(政府常务会议)" in rows["会议", "会议类型"][1]
    assert "多人之间用 、 分隔" in rows["会议", "出席人员"][1]
    assert "2026年3月5日" in rows["会议", "会议日期"][1]
    assert rows["议题", "记录序号"][0] == "是" and "第一个工作表中的“序号”" in rows["议题", "记录序号"][1]
    assert not rows["会议", "序号"][0] and "各不相同" in rows["会议", "序号"][1]
