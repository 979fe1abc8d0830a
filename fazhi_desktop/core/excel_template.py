"""下载导入模板: the workbook a clerk fills in for 从Excel导入记录 (core/excel_import.py), written from the form.

The first sheet's header row is the form's field labels, as the import reads them (a required one red, with a
comment saying 必填); each repeating group has a sheet of its own, named by its label, whose first column 记录序号 names
the record a line belongs to by the first sheet's 序号 (its first column, when the ledger has groups), which moves with
its row when that sheet is sorted; a 说明 sheet says what every column takes. Choice and yes/no columns
have Excel's drop-down (the lists on a hidden sheet 选项, so a choice may hold a comma), date and time columns are
formatted as dates and times, and ID, phone and credit-code columns as text (“@”), so that Excel keeps all 18 digits.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fazhi_desktop.core.atomic import atomic_output
from fazhi_desktop.core.excel_import import KEY_COLUMN, OWNER_COLUMN, TEMPLATE_SHEETS, sheet_name
from fazhi_desktop.core.excel_sheets import MAX_ROWS, column_letter
from fazhi_desktop.core.forms import FieldDef, LedgerDef
from fazhi_desktop.core.leftovers import remove_output_parts
from fazhi_desktop.core.workbooks import put_text, save_workbook

#: the rows the drop-downs and formats cover (a sheet takes MAX_ROWS records)
_ROWS = MAX_ROWS + 1
_FORMATS = {"date": "yyyy-mm-dd", "time": "hh:mm", "datetime": "yyyy-mm-dd hh:mm", "idcard": "@", "phone": "@",
            "credit_code": "@", "link": "@", "text": "@", "person": "@", "people": "@"}
_KINDS = {
    "text": "文字", "longtext": "文字（可以较长）", "integer": "整数", "decimal": "数字",
    "date": "日期：2026-03-05、2026/3/5 或 2026年3月5日，也可以是 Excel 的日期",
    "time": "时间：9:30、14:30 或 下午3点，也可以是 Excel 的时间",
    "datetime": "日期和时间：2026-03-05 14:30", "boolean": "是 或 否（下拉选择）",
    "person": "一个人的姓名", "people": "姓名，多人之间用 、 分隔（也可用 ，；或空格，与编辑窗口相同）",
    "idcard": "18位身份证号（本列已设为文本：请勿改成数字，否则后几位会丢失）",
    "credit_code": "18位统一社会信用代码（本列为文本）", "phone": "手机号或带区号的座机号（本列为文本）",
}
_OMITTED = frozenset({"attachments"})
GENERAL_NOTES = (
    "每一行是一条记录；第一行是字段名称，请勿修改（红色的列必填）。",
    "一次最多导入 {rows:,} 行。导入前会检查全部记录：有任何问题时一条也不导入，并列出每个问题所在的行。",
    "导入的记录是草稿，按日期顺序编号，排在本年度已有记录的编号之后；修改历史中注明“从Excel导入（文件名 第 N 行）”。",
    "附件不能从 Excel 导入：导入后在记录中添加。",
)
#: said when the ledger has groups
GROUP_NOTE = (
    "当事人、议题等工作表的“记录序号”写所属记录在第一个工作表中的“序号”：每条记录一个序号（1、2、3……），"
    "各不相同；在第一个工作表中排序、插入或删除行时序号随行移动，对应关系不变。",
)


def columns(ledger: LedgerDef) -> list[FieldDef]:
    """The fields of the first sheet, in form order: every field but the groups (their own sheets) and attachments."""
    return [f for f in ledger.fields if f.type != "group" and f.type not in _OMITTED]


def groups(ledger: LedgerDef) -> list[FieldDef]:
    return [f for f in ledger.fields if f.type == "group"]


def write_template(ledger: LedgerDef, path: Path | str) -> None:
    """Write the import template of `ledger` to `path` (.xlsx), appearing only when complete."""
    from openpyxl import Workbook

    book = Workbook()
    main = book.active
    main.title = sheet_name(ledger.label)
    explained, listed = TEMPLATE_SHEETS
    choices = book.create_sheet(listed)
    lists: dict[tuple[str, ...], str] = {}
    keyed = bool(groups(ledger))
    _fill(main, columns(ledger), None, choices, lists, keyed)
    for group in groups(ledger):
        _fill(book.create_sheet(sheet_name(group.label)), list(group.fields), group, choices, lists, keyed)
    _explain(book.create_sheet(explained), ledger)
    book.move_sheet(listed, offset=len(book.sheetnames))
    choices.sheet_state = "hidden"
    remove_output_parts(path)
    with atomic_output(Path(path), "写出导入模板") as out:
        save_workbook(book, out)


def _fill(sheet: Any, fields: list[FieldDef], group: FieldDef | None, choices: Any,
          lists: dict[tuple[str, ...], str], keyed: bool) -> None:
    """The header of a sheet, its formats and drop-downs; `keyed`: the ledger has groups, whose lines name their record
    by its 序号 (the first sheet's first column, a group sheet's 记录序号)."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    heads: list[tuple[str, FieldDef | None]] = [(OWNER_COLUMN if group else KEY_COLUMN, None)] if keyed else []
    heads += [(f.label, f) for f in fields]
    labels = {f.name: f.label for f in (group.fields if group else fields)}
    fill = PatternFill("solid", fgColor="DDEBF7")
    for column, (label, f) in enumerate(heads, 1):
        letter = column_letter(column)
        cell = put_text(sheet.cell(row=1, column=column), label)
        cell.fill = fill
        required = group is not None if f is None else f.required
        cell.font = Font(bold=True, color="C00000" if required else "000000")
        note = describe(f, labels) if f is not None else _key_said(group)
        cell.comment = Comment(note, "法治台账", width=260, height=120)
        sheet.column_dimensions[letter].width = max(10, min(40, 2 * len(label) + 4))
        if f is None:
            sheet.column_dimensions[letter].number_format = "0"
            continue
        if f.type in _FORMATS:
            sheet.column_dimensions[letter].number_format = _FORMATS[f.type]
        values = f.choices if f.type == "choice" else ("是", "否") if f.type == "boolean" else ()
        if values:
            validation = DataValidation(type="list", formula1=_list_range(choices, lists, values), allow_blank=True,
                                        showErrorMessage=True, errorTitle=label,
                                        error=f"“{label}”请从下拉列表中选择")
            validation.add(f"{letter}2:{letter}{_ROWS}")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"


def _key_said(group: FieldDef | None) -> str:
    """What the 序号 and 记录序号 columns take (their header's comment and the 说明 sheet)."""
    if group is None:
        return (f"每条记录一个序号（1、2、3……），各不相同：其他工作表的“{OWNER_COLUMN}”写这个序号；"
                "排序时序号随行移动")
    return (f"必填：这一行所属记录在第一个工作表中的“{KEY_COLUMN}”（如 1），同一条记录的多个{group.label}各占一行，"
            f"都写这个序号")


def _list_range(choices: Any, lists: dict[tuple[str, ...], str], values: tuple[str, ...]) -> str:
    """The range of the hidden 选项 sheet holding `values`, one a cell (written once for each list)."""
    if values not in lists:
        column = column_letter(len(lists) + 1)
        for row, value in enumerate(values, 1):
            put_text(choices[f"{column}{row}"], value)
        lists[values] = f"选项!${column}$1:${column}${len(values)}"
    return lists[values]


def describe(f: FieldDef, labels: dict[str, str]) -> str:
    """What a column takes, as the 说明 sheet and the header's comment say it (`labels`: the labels of the fields at
    its level, by name, for its condition)."""
    if f.type in ("choice", "multichoice"):
        kind = ("从下拉列表中选择：" if f.type == "choice" else "可选多项，用 、 分隔：") + "、".join(f.choices)
    elif f.type == "link":
        kind = "所链接记录的编号，如 〔2026〕学法字第3号（可以空着，导入后在记录中选择）"
    else:
        kind = _KINDS.get(f.type, "文字")
    parts = ["必填" if f.required else "", kind]
    if f.min is not None and f.type in ("integer", "decimal"):
        parts.append(f"不小于 {f.min:g}")
    if f.default is not None and f.type != "date":  # as a new record starts in the editor (excel_import)
        default = "是" if f.default is True else "否" if f.default is False else f.default
        parts.append(f"留空时为“{default}”")
    if f.visible_when is not None:
        field = f.visible_when.field
        parts.append(f"仅当“{labels.get(field, field)}”{_condition(f)}时填写")
    if f.help:
        parts.append(f.help)
    return "；".join(part for part in parts if part)


def _condition(f: FieldDef) -> str:
    condition = f.visible_when
    if condition is None:
        return ""
    if condition.op == "equals":
        value = condition.value
        return f"为“{'是' if value is True else '否' if value is False else value}”"
    if condition.op in ("in", "not_in"):
        said = "、".join(str(v) for v in condition.value)
        return f"为 {said} 之一" if condition.op == "in" else f"不是 {said}"
    return "已填写" if condition.value else "未填写"


def _explain(sheet: Any, ledger: LedgerDef) -> None:
    from openpyxl.styles import Alignment, Font

    _line(sheet, [f"“{ledger.label}”导入模板说明"])
    sheet["A1"].font = Font(bold=True, size=14)
    for note in GENERAL_NOTES + (GROUP_NOTE if groups(ledger) else ()):
        _line(sheet, [note.format(rows=MAX_ROWS)])
    for group in groups(ledger):
        _line(sheet, [f"{group.label}：填在工作表“{sheet_name(group.label)}”中，每个{group.label}一行；"
                       f"“{OWNER_COLUMN}”写这条记录在工作表“{sheet_name(ledger.label)}”中的“{KEY_COLUMN}”（如 1）。"])
    _line(sheet, [])
    _line(sheet, ["工作表", "列", "必填", "填写说明"])
    header = sheet.max_row
    for cell in sheet[header]:
        cell.font = Font(bold=True)
    names = {f.name: f.label for f in ledger.fields}
    if groups(ledger):
        _line(sheet, [sheet_name(ledger.label), KEY_COLUMN, "", _key_said(None)])
    for f in columns(ledger):
        _line(sheet, [sheet_name(ledger.label), f.label, "是" if f.required else "", _said(f, names)])
    for group in groups(ledger):
        sub_names = {s.name: s.label for s in group.fields}
        _line(sheet, [sheet_name(group.label), OWNER_COLUMN, "是", _key_said(group).removeprefix("必填：")])
        for f in group.fields:
            _line(sheet, [sheet_name(group.label), f.label, "是" if f.required else "", _said(f, sub_names)])
    for letter, width in zip("ABCD", (16, 22, 6, 90), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=header + 1):
        row[3].alignment = Alignment(wrap_text=True, vertical="top")


def _line(sheet: Any, texts: list[str]) -> None:
    """A row of texts below the last one, each as text whatever it looks like (see core/workbooks.py)."""
    from openpyxl.cell import Cell

    sheet.append([put_text(Cell(sheet), text) for text in texts])



def _said(f: FieldDef, labels: dict[str, str]) -> str:
    """`describe` without 必填, which has a column of its own."""
    return describe(f, labels).removeprefix("必填；").removeprefix("必填")
