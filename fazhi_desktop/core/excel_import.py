"""从Excel导入记录: the records of one ledger read from a workbook (.xlsx) or CSV, checked completely, then saved in one
transaction, all or none.

`read_records` reads and checks: the columns by the form's labels (or field names), each cell turned into what the
editor takes (Excel dates, times and numbers included; what Excel has lost, such as the last digits of an ID number
stored as a number, refused), each row cleaned by the editor's own validation (core/validate.clean_record with the
Store's lookups: twins, links, the form's checks), a row dated in a closed year refused as the editor refuses it.
Every problem comes back at once as 第 N 行·字段：原因, by the row's number in Excel. `import_records` then saves
the rows as 草稿 through `Store.save_many`, in date order (so their numbers run in date order), each record's
history saying 从Excel导入（文件名 第 N 行）, and records the import for 撤销Excel导入 (core/import_undo.py).

Repeating groups (当事人, 回访, 议题…) come from sheets named by the group's label, one group row a line, whose
column 记录序号 names the record the line belongs to by the first sheet's 序号 (core/excel_template.py writes such a
workbook; in one written before, the column 记录行 names the first sheet's row).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core import excel_sheets, import_undo, year_close
from fazhi_desktop.core.clock import local_time, local_today
from fazhi_desktop.core.errors import Conflict, FazhiError, FieldProblem, ValidationError
from fazhi_desktop.core.excel_cells import Refused, cell_value
from fazhi_desktop.core.excel_sheets import Sheet, column_letter
from fazhi_desktop.core.forms import SYSTEM_LABELS, FieldDef, LedgerDef, hidden_fields
from fazhi_desktop.core.identifiers import mask_id_card
from fazhi_desktop.core.jobs import Progress, no_progress
from fazhi_desktop.core.links import link_target
from fazhi_desktop.core.masked import MASKED_NUMBER, is_masked
from fazhi_desktop.core.places import IMPORT_UNDO
from fazhi_desktop.core.plaintext import as_saved
from fazhi_desktop.core.store import COUNTY_KEEPS_NO_LEDGER, Record, Store
from fazhi_desktop.core.validate import Lookups, clean_record, clean_value, refuse_at_save

#: the column of a group's sheet naming the record a line belongs to by its 序号 on the first sheet (KEY_COLUMN),
#: which moves with its row when the first sheet is sorted
OWNER_COLUMN = "记录序号"
#: the first sheet's column OWNER_COLUMN names: an office's own 台账 has one too
KEY_COLUMN = "序号"
#: what a group's sheet of a template made before 记录序号 has instead: the row number of the first sheet, which stays
#: behind when that sheet is sorted (still read, as the row it names)
ROW_COLUMN = "记录行"
#: columns an exported list has (core/list_export.headers) that a new record does not take: it gets its own number,
#: is a 草稿 of this office; and an office's own 台账's 序号
IGNORED_COLUMNS = ("编号", "状态", "标识", "乡镇", "序号")
#: what the 序号 of a table's totals row holds (合计, 本月合计, 合计：8次): no record, left out with a note
TOTAL_KEYS = ("合计", "总计", "小计", "共计")
#: a totals row's first cell, in a sheet without 序号: one of TOTAL_KEYS at its start, after a period's name (本月,
#: 全年, 3月), and not a title's 合计划 or 总计划
_TOTAL_START = re.compile(r"(本月|本季度?|本年度?|全年|年度|月度|季度|[\d一二三四五六七八九十]{1,2}月份?)?"
                          f"({'|'.join(TOTAL_KEYS)})(?!划)")
#: the sheets of core/excel_template.py that hold no records
TEMPLATE_SHEETS = ("说明", "选项")
_REQUIRED_MARKS = re.compile(r"\s*([*＊]|[（(]必填[）)])\s*$")
_DIGITS = re.compile(r"\d{6,}[Xx]?")
#: a 序号 or 记录序号 that is a formula: Excel works it out again from the row's place after a sort
_FORMULA_KEY = ("在 Excel 中排序后，公式按新的位置重新计算，当事人等就会归到别的记录下。请选中这一列，复制后"
                "“选择性粘贴→数值”，核对后再导入")
#: said of a group's sheet that names the first sheet's rows by number (记录行)
_OLD_TEMPLATE = ("这是旧模板的“记录行”（第一个工作表的行号）：若在第一个工作表中排序、插入或删除过行，"
                 "这些行会归到别的记录下，请逐行核对；新模板（文件 → 下载导入模板）用“序号”和“记录序号”，排序不会错位")
#: 记录行 as typed: 2, 第2行
_WHOLE_NUMBER = re.compile(r"(\d+)(?:\.0*)?")
_ROW_NUMBER = re.compile(r"第?\s*(\d+)\s*行?")
#: a header's unit or note in brackets: 时长（分钟）
_BRACKETED = re.compile(r"\(.*?\)$")
#: said after a date's 晚于今天 when the date is this year's (`_Reader.without_year`)
_EXCEL_YEAR = "（只写月、日的日期，如 12/28，Excel 会自动补上今年的年份：如是去年的日期，请在单元格中写明年份）"
_REMARKS = FieldDef(name="remarks", label=SYSTEM_LABELS["remarks"], type="longtext")
#: a row of a later sheet read as more of the first (one sheet a month) is numbered within the reading as its
#: sheet's place times ROW_SPAN plus its row (Excel has 1,048,576 rows), said as 工作表“2月”第 3 行 (`_Reader.place`)
ROW_SPAN = 10_000_000
_SHEET_NAME_CHARS = str.maketrans({"/": "／", "\\": "＼", "?": "？", "*": "＊", "[": "【", "]": "】", ":": "："})


def header_key(text: str) -> str:
    """A header as compared with the form's labels: its 必填 mark gone, full-width brackets and letters made
    half-width (NFKC), spaces and line breaks removed: 时长(分钟), 活动\\n日期 and 应到 人数 are the labels."""
    return "".join(unicodedata.normalize("NFKC", _REQUIRED_MARKS.sub("", text)).split())


def sheet_name(label: str) -> str:
    """A group's sheet name: its label, with what Excel forbids in a sheet name made full-width (请假／缺席人员)."""
    return label.translate(_SHEET_NAME_CHARS)[:31]


def _where(sheet: str | None, row: int | None) -> str:
    """Where a row is: 第 3 行, or 工作表“2月”第 3 行 (sheet None: the first or only one); "" for the whole file."""
    return (f"工作表“{sheet}”" if sheet else "") + (f"第 {row} 行" if row else "")


@dataclass(frozen=True)
class Line:
    """One problem or warning, where the clerk finds it: 第 5 行·会议日期：必填; 工作表“当事人”第 7 行·身份证号：…"""

    sheet: str | None  # None: the first sheet
    row: int | None  # None: the file as a whole
    label: str
    message: str

    def __str__(self) -> str:
        where = _where(self.sheet, self.row)
        what = f"{self.label}：{self.message}" if self.label else self.message
        return f"{where}·{what}" if where else what


@dataclass
class Planned:
    """A row to save: its Excel row number, the values as read, its date (for the save order), and its sheet when
    more than one sheet held the records (one a month)."""

    row: int
    data: dict[str, Any]
    day: str | None = None
    sheet: str | None = None

    @property
    def name(self) -> str:
        """Where the row is: 第 3 行, or 工作表“2月”第 3 行."""
        return _where(self.sheet, self.row)

    def history(self, file_name: str) -> str:
        """The saved record's history note: 从Excel导入（文件名 第 3 行）, or …第 3 行，工作表“2月”） (which starts as
        every import's of that file does: import_undo.note_prefix)."""
        note = import_undo.HISTORY_NOTE.format(file=file_name, row=self.row)
        return note[:-1] + f"，工作表“{self.sheet}”）" if self.sheet else note


@dataclass
class Reading:
    """What `read_records` found in a file."""

    ledger: LedgerDef
    file_name: str
    records: list[Planned] = field(default_factory=list)
    problems: list[Line] = field(default_factory=list)
    warnings: list[Line] = field(default_factory=list)
    #: what was read but not used, said once (编号 and 状态 of an exported list, sheets of other names)
    notes: list[str] = field(default_factory=list)
    #: when records were last imported from a file of this name and are still there (local time, 2026-03-05 14:30),
    #: "" when never: a template's name (会议导入模板.xlsx) comes again with other rows
    imported_before: str = ""
    #: every row read has the date and title of a record imported from a file of this name and still there: the same
    #: file a second time, whose records would all count twice (`fazhi add --from` refuses it without --again; the
    #: window asks about it by name); False when any row is new, or no row was read
    repeated: bool = False
    #: the import (excel_imports.id, as `fazhi imports` numbers it) that last brought records of a file of this name
    #: still there: the one to undo before a corrected file replaces it
    earlier_import: int | None = None
    #: the sheets after the first whose rows largely repeat those before them (a 全年 sheet beside the months):
    #: said once each, as a warning; the clerk may read the file again without them (`read_records`'s `skip`)
    repeating: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.records) and not self.problems

    def skip_label(self) -> str:
        """跳过工作表“全年”: the window's button that reads the file again without the `repeating` sheets."""
        return f"跳过工作表{'、'.join(f'“{name}”' for name in self.repeating)}"

    def skip_said(self, asked: bool = False) -> str:
        """How the `repeating` sheets are left out without changing the file, naming the window's button (the note
        beside it said to delete the sheet from the file, the question before importing said neither): in the
        notes, with the command's option; `asked`, in the window's question before importing. "" when none."""
        if not self.repeating:
            return ""
        button = self.skip_label().replace("“", "‘").replace("”", "’")  # quoted within quotes
        names = "、".join(f"“{name}”" for name in self.repeating)
        if asked:
            return (f"工作表{names}的记录与前面的工作表重复，导入会重复登记；{names}不该导入的，请按“取消”，"
                    f"再按“{button}”。")
        options = " ".join(f"--skip-sheet {typed(name)}" for name in self.repeating)
        return f"{names}不该导入的，请按“{button}”（命令行 {options}），不必从文件中删去"

    def replace_said(self) -> str:
        """How a corrected file replaces the records its earlier import brought, said wherever importing it again is
        offered (the window's question, `fazhi add --from`'s refusal, the warning of rows imported before)."""
        command = f"（fazhi imports undo {self.earlier_import}）" if self.earlier_import else ""
        return f"如要用改好的文件替换上次导入的记录，请先“{IMPORT_UNDO}”{command}，再导入"


def typed(text: str) -> str:
    """`text` as typed in a command: in double quotes when it holds a space or a quote (Chinese left as it is), so
    that a sheet named “全年 汇总” is one argument wherever a command naming it is said (`skip_said`, `fazhi add`)."""
    return f'"{text}"' if any(c.isspace() or c in "'\"" for c in text) else text


def read_records(store: Store, ledger_name: str, path: Path | str, progress: Progress = no_progress,
                 skip: Collection[str] = ()) -> Reading:
    """Read and check the records of `ledger_name` in `path` (.xlsx or .csv); nothing is written. Raises FazhiError
    when the file cannot be read at all (or this office may not add records); problems of rows are in the result.
    `skip`: the names of sheets after the first not to read (one `Reading.repeating` named)."""
    ledger = store.ledger(ledger_name)
    if store.is_county:
        raise Conflict(COUNTY_KEEPS_NO_LEDGER)
    store.permit("record.edit")
    path = Path(path)
    groups = {f.name: f for f in ledger.fields if f.type == "group"}
    by_sheet = {key: f for f in groups.values() for key in (f.label, sheet_name(f.label), f.name)}
    keys = {sheet: {header_key(key) for f in fields for key in (f.label, f.name)} | extra
            for sheet, fields, extra in ((None, ledger.fields, {SYSTEM_LABELS["remarks"], *IGNORED_COLUMNS}),
                                         *((name, f.fields, {OWNER_COLUMN, ROW_COLUMN})
                                           for name, f in by_sheet.items()))}

    def is_header(sheet: str, texts: list[str]) -> bool:  # a title row above it is not (海城镇2026年会议台账)
        known = keys.get(sheet.strip(), keys[None])
        named = [text for text in texts if text]
        found = sum(1 for text in named if header_key(text) in known)
        return found >= min(2, len(named)) and found > 0

    def alike(main: Sheet, other: Sheet) -> bool:  # 2月, 3月… after 1月: its header, the same labels in the same order
        labels = _labels(main)
        return len(set(labels) & keys[None]) >= 2 and _labels(other) == labels

    sheets, unread = excel_sheets.read_file(path, lambda name: name.strip() in by_sheet, progress, is_header, alike)
    reading = Reading(ledger, path.name)
    main, *later = sheets
    reader = _Reader(store, ledger, reading)
    reader.skip, reader.several = frozenset(skip), len(sheets) + len(unread) > 1
    reader.unread_sheets(main, unread)
    if path.suffix.lower() == ".csv":
        reader.no_group_sheets()
    reader.read(main, [s for s in later if s.name.strip() not in by_sheet],
                [(by_sheet[s.name.strip()], s) for s in later if s.name.strip() in by_sheet], progress)
    return reading


def import_records(store: Store, reading: Reading, actor: str) -> list[Record]:
    """Save what `read_records` read, in one transaction: all of it, as 草稿, in date order; none when any row has a
    problem (or a row's check fails now: another window closed its year meanwhile)."""
    if reading.problems:
        raise FazhiError(f"有 {len(reading.problems)} 处问题，未导入任何记录：请改正后重新读取")
    if not reading.records:
        raise FazhiError(f"{reading.file_name} 中没有记录可导入")
    ordered = [planned for _, planned in sorted(enumerate(reading.records), key=lambda at: (at[1].day or "", at[0]))]
    reasons = [planned.history(reading.file_name) for planned in ordered]
    names = [planned.name for planned in ordered]
    with dbmod.transaction(store):  # the records and the entry 撤销Excel导入 lists them by (core/import_undo.py)
        after = import_undo.last_change(store)
        saved = store.save_many(reading.ledger.name, [p.data for p in ordered], actor, reasons, names)
        import_undo.note_import(store, reading.ledger, reading.file_name, saved, after)
    return saved


def number_ranges(ledger: LedgerDef, numbers: list[str]) -> str:
    """The numbers an import gave, one range a series (a ledger numbered in several, 调解案件's 人调字 and 行调字, gives
    two runs that do not continue each other): 〔2025〕人调字第1号至第2号；〔2025〕行调字第1号."""
    numbering = ledger.numbering
    before, after = numbering.format.split("{seq}", 1) if "{seq}" in numbering.format else (numbering.format, "")
    joint = before[before.rfind("}") + 1:]  # what stands between the prefix and the figure: 第
    runs: dict[tuple[Any, ...], list[tuple[int, str]]] = defaultdict(list)
    for number in numbers:
        parts, seq = numbering.series(number), numbering.seq(number)
        if parts is None or seq is None:  # not as this format writes numbers: each on its own
            runs[(number,)].append((0, number))
        else:
            runs[tuple(sorted(parts.items()))].append((seq, number))
    said = []
    for found in runs.values():
        found.sort()
        spans: list[list[tuple[int, str]]] = []
        for seq, number in found:
            if spans and seq == spans[-1][-1][0] + 1:
                spans[-1].append((seq, number))
            else:
                spans.append([(seq, number)])
        texts = []
        for index, span in enumerate(spans):  # the series named once: 〔2025〕会记字第3号至第5号、第9号
            start = span[0][1] if index == 0 else f"{joint}{span[0][0]}{after}"
            texts.append(start + (f"至{joint}{span[-1][0]}{after}" if len(span) > 1 else ""))
        said.append("、".join(texts))
    return "；".join(said)


def earlier_imports(store: Store, ledger: LedgerDef, file_name: str
                    ) -> list[tuple[str | None, str | None, str, int]]:
    """The records of `ledger` imported from a file of this name before and not deleted since: (date, title, when
    imported, UTC, the change-log entry that added it) each."""
    prefix = import_undo.note_prefix(file_name)
    return store.conn.execute(
        f'SELECT r."{ledger.date_field}", r."{ledger.title_field}", c.at, c.seq FROM changes c JOIN "{ledger.name}" r '
        "ON r.id = c.record_id WHERE c.ledger = ? AND c.op = 'insert' AND substr(c.reason, 1, ?) = ? "
        "AND r.deleted = 0", [ledger.name, len(prefix), prefix]).fetchall()


class _Reader:
    def __init__(self, store: Store, ledger: LedgerDef, reading: Reading):
        self.store, self.ledger, self.reading = store, ledger, reading
        #: paths whose cell was refused as read: validation's 必填 for the emptied value is not said again
        self.refused: dict[int, set[str]] = defaultdict(set)
        #: (main row, group) -> the group sheet's row numbers of its lines, in order
        self.group_rows: dict[tuple[int, str], list[int]] = defaultdict(list)
        #: main row -> its (date, title) as cleaned, for the twins within the file
        self.cleaned_keys: dict[int, tuple[Any, Any]] = {}
        #: main row -> its value of the form's `twin_apart` (投诉人) as cleaned: two rows it tells apart are no twins
        self.apart: dict[int, Any] = {}
        #: main row -> the fields its cells gave a value (not the form's defaults)
        self.given: dict[int, set[str]] = {}
        #: (main row, group) -> the sub-fields each of its lines gave a value, in order
        self.group_given: dict[tuple[int, str], list[set[str]]] = defaultdict(list)
        #: (group or None, field): a required column the sheet lacks, said once, not as 必填 on every row
        self.missing: set[tuple[str | None, str]] = set()
        #: columns of the first sheet whose content cannot be imported (a group's, attachments): index -> field
        self.unread: dict[int, FieldDef] = {}
        #: label -> rows of the first sheet's ID or phone numbers masked by an export (139****5678)
        self.masked: dict[str, list[int]] = defaultdict(list)
        #: the first sheet's 序号 column (0-based), None when it has none
        self.key_at: int | None = None
        #: 序号 as read -> the first sheet's rows that have it (more than one: a 序号 typed twice)
        self.keys: dict[str, list[int]] = defaultdict(list)
        #: a group's sheet names its records by 记录行 (a template made before 记录序号)
        self.by_row = False
        #: the first sheet's rows whose 序号 is a formula's result (=ROW()-1): sorting makes it another row's number
        self.formula_keys: set[int] = set()
        #: what the form's not_future checks say of a date after today, and this year: 12/28 typed in January
        self.future_said = {check.message for check in ledger.checks if check.kind == "not_future"}
        self.this_year = f"{local_today(store.clock).year:04d}"
        #: the sheets the records were read from: the first, then those with its header (one a month); a row of the
        #: k-th (0-based) is numbered k * ROW_SPAN + its Excel row
        self.sheets: list[str] = []
        #: totals rows (合计) left out: (row number, what its 序号 says)
        self.totals: list[tuple[int, str]] = []
        #: the sheets (by their index in `sheets`) that partly repeat those before them, said once for each sheet
        self.repeating: dict[int, str] = {}
        #: the sheets the clerk chose to skip (`read_records`'s `skip`)
        self.skip: frozenset[str] = frozenset()
        #: the workbook has more than one sheet: a note of the first sheet names it, as those of the others
        self.several = False

    # -- columns --------------------------------------------------------------------------------------------

    def columns(self, sheet: Sheet, fields: tuple[FieldDef, ...], group: FieldDef | None) -> dict[int, FieldDef | str]:
        """Column (0-based) -> its field, or "remarks", ROW_COLUMN or "" (ignored); unknown and doubled columns
        refused, naming them."""
        known = {header_key(key): f for f in fields for key in (f.label, f.name)}
        taken: dict[str, int] = {}
        out: dict[int, FieldDef | str] = {}
        ignored = []
        where = sheet.name if group else None
        for index, text in enumerate(sheet.header):
            key = header_key(text)
            if not key:
                continue
            found: FieldDef | str | None = known.get(key)
            if group is not None and key in (OWNER_COLUMN, ROW_COLUMN):
                found = key
            elif group is None and key in (SYSTEM_LABELS["remarks"], "remarks"):
                found = "remarks"
            elif group is None and key == KEY_COLUMN and self.key_at is None:
                self.key_at = index
                out[index] = ""
                continue
            elif group is None and key in IGNORED_COLUMNS:
                ignored.append(key)
                out[index] = ""
                continue
            elif group is None and isinstance(found, FieldDef) and found.type in ("group", "attachments"):
                self.unread[index] = found  # an exported list's 当事人 or 附件: text that cannot come back
                out[index] = ""
                continue
            if found is None:
                likely = _likely_label(key, fields)
                meant = _group_column(key, fields) if group is None else None
                self.problem(where, sheet.header_row, f"第 {column_letter(index + 1)} 列“{text}”",
                             f"不是“{group.label if group else self.ledger.label}”的字段：" + (meant or (
                                 f"请改成模板中的名称{f'（如“{likely}”）' if likely else ''}，或删去这一列")))
                continue
            name = found if isinstance(found, str) else found.name
            if name in taken:
                self.problem(where, sheet.header_row, f"第 {column_letter(index + 1)} 列“{text}”",
                             f"与第 {column_letter(taken[name] + 1)} 列是同一个字段：请只保留一列")
                continue
            taken[name] = index
            out[index] = found
        if ignored:
            self.reading.notes.append(f"已忽略的列：{'、'.join(ignored)}（导入的记录是本所的草稿，各自编号）")
        if group is not None and sheet.header:
            owners = [name for name in (OWNER_COLUMN, ROW_COLUMN) if name in taken]
            if not owners:
                self.problem(where, sheet.header_row, "", f"缺少“{OWNER_COLUMN}”列：每一行须写明所属记录在第一个工作表"
                                                          f"中的{KEY_COLUMN}")
            elif len(owners) == 2:
                self.problem(where, sheet.header_row, ROW_COLUMN, f"与“{OWNER_COLUMN}”列重复：请只保留“{OWNER_COLUMN}”")
        if any(sheet.header):
            for f in fields:
                if f.required and f.visible_when is None and (f.default is None or f.type == "date") \
                        and f.type not in ("group", "attachments") and f.name not in taken:  # as main_row fills
                    self.missing.add((group.name if group else None, f.name))
                    self.problem(where, sheet.header_row, "", f"缺少必填的列“{f.label}”")
        for number, text in sheet.title_rows:
            named = group or self.several  # a workbook of one sheet (or a CSV) needs no sheet named
            self.reading.notes.append(f"{'工作表“' + sheet.name + '”' if named else ''}第 {number} 行“{_cut(text)}”"
                                      f"是表名，未读取：字段名称从第 {sheet.header_row} 行读起")
        return out

    def unread_sheets(self, main: Sheet, unread: list[excel_sheets.Unread]) -> None:
        """Which sheet the records were read from, when not the first (hidden sheets before it); a sheet that looks
        like a group's but is named otherwise (议题表, or with a 记录序号 or 记录行 column) is a problem, its lines
        would be lost; any other sheet is a note."""
        passed = [sheet.name for sheet in unread if sheet.passed_over]
        if passed:
            self.reading.notes.append(f"第一个工作表“{'”“'.join(passed)}”是隐藏的，未读取：记录从工作表“{main.name}”"
                                      "读取")
        elif main.hidden:
            self.reading.notes.append(f"记录从工作表“{main.name}”读取（它是隐藏的：工作簿中没有显示的工作表）")
        others = []
        for sheet in unread:
            if sheet.passed_over or sheet.name in TEMPLATE_SHEETS:
                continue
            meant = self.group_meant(sheet)
            if meant:
                self.problem(sheet.name, None, "", f"不是重复组的名称，表中各行不会导入：请改名为"
                                                   f"{'或'.join(f'“{sheet_name(f.label)}”' for f in meant)}")
            else:
                others.append(sheet.name)
        if others:
            self.reading.notes.append(f"未读取的工作表：{'、'.join(others)}（只读取第一个工作表、表头与之完全相同的"
                                      "工作表和以重复组命名的工作表）")

    def group_meant(self, sheet: excel_sheets.Unread) -> list[FieldDef]:
        """The groups a sheet left unread was meant for: those whose label its name holds (议题表), or, when it has a
        记录序号 or 记录行 column, those whose columns it has most of (all of them when that says nothing)."""
        groups = [f for f in self.ledger.fields if f.type == "group"]
        name = header_key(sheet.name)
        named = [f for f in groups if header_key(f.label) in name or header_key(sheet_name(f.label)) in name]
        texts = {header_key(text) for text in sheet.texts}
        if named or not texts & {OWNER_COLUMN, ROW_COLUMN}:
            return named
        shared = {f.name: len(texts & {header_key(sub.label) for sub in f.fields}) for f in groups}
        best = max(shared.values(), default=0)
        return [f for f in groups if shared[f.name] == best]

    def no_group_sheets(self) -> None:
        """A CSV is one sheet: a ledger whose records need a group's lines (调解案件's 当事人) cannot come from it."""
        needed = [f for f in self.ledger.fields if f.type == "group" and (f.required or (f.min or 0) > 0)]
        if needed:
            labels = "、".join(f.label for f in needed)
            self.missing.update((None, f.name) for f in needed)
            self.problem(None, None, "", f"CSV 文件只有一个表，填不了{labels}（每项一行，须在同名的工作表中）："
                                         f"{self.ledger.label}请用 Excel 导入模板（.xlsx）导入")

    # -- rows -----------------------------------------------------------------------------------------------

    def read(self, main: Sheet, months: list[Sheet], groups: list[tuple[FieldDef, Sheet]], progress: Progress
             ) -> None:
        columns = self.columns(main, self.ledger.fields, None)
        self.sheet_problems(main, None, columns)
        self.sheets = [main.name]
        rows = self.record_rows(main, 0, columns)
        seen = dict.fromkeys(self.twin_keys(main, columns), main.name)  # (date, title) -> the sheet it is first in
        day, title = self.ledger.field(self.ledger.date_field), self.ledger.field(self.ledger.title_field)
        for sheet in months:
            if sheet.name in self.skip:
                self.reading.notes.append(f"工作表“{sheet.name}”已跳过，未读取")
                continue
            keys = self.twin_keys(sheet, columns)
            again = [key for key in keys if all(key) and key in seen]
            if keys and len(again) == len(keys):  # 全年 after 1月, 2月: a summary of them
                self.reading.notes.append(f"工作表“{sheet.name}”的 {len(keys)} 行与前面工作表的记录相同（{day.label}和"
                                          f"{title.label}都相同），未读取")
                continue
            sources = dict.fromkeys(seen[key] for key in again)  # the sheets it repeats, in their order
            # a 全年 sheet that partly repeats the months: most of its rows and most of theirs, from several of them;
            # not a month sheet with a few rows of the month before pasted again (a skip would lose its own rows):
            # those are twins, each said (`twins`)
            if len(sources) >= 2 and 2 * len(again) >= max(len(keys), len(seen)):
                self.repeating[len(self.sheets)] = sheet.name
                self.reading.repeating.append(sheet.name)
                earlier = "、".join(f"“{name}”" for name in sources)
                self.reading.warnings.append(Line(None, None, "", (
                    f"工作表“{sheet.name}”的 {len(keys)} 行中有 {len(again)} 行与工作表{earlier}的记录{day.label}和"
                    f"{title.label}都相同，导入会重复登记（重复的记录会重复计入指标）：如果“{sheet.name}”是前面各表的汇总，"
                    f"请跳过这个工作表")))
            seen.update((key, sheet.name) for key in keys if key not in seen)
            for number, text in sheet.title_rows:
                self.reading.notes.append(f"工作表“{sheet.name}”第 {number} 行“{_cut(text)}”是表名，未读取：字段名称"
                                          f"从第 {sheet.header_row} 行读起")
            offset = len(self.sheets) * ROW_SPAN
            self.sheets.append(sheet.name)
            self.sheet_problems(sheet, None, columns, offset)
            rows += self.record_rows(sheet, offset, columns)
        if len(rows) > excel_sheets.MAX_ROWS:
            raise excel_sheets.FileRefused(f"{self.reading.file_name} 各工作表共有 {len(rows):,} 行记录，一次最多导入 "
                                           f"{excel_sheets.MAX_ROWS:,} 行：请分成几个文件导入")
        for number, said in self.totals:
            self.reading.notes.append(f"{self.said_row(number)}是合计行（{said}），不是记录，未导入")
        numbered_only = [number for number, values in rows if values is None]
        if numbered_only:
            self.reading.notes.append(f"{self.rows_said(numbered_only)}只有{KEY_COLUMN}，没有内容，未读取")
        rows = [(number, values) for number, values in rows if values is not None]
        if len(self.sheets) > 1:
            counts = defaultdict(int)
            for number, _ in rows:
                counts[number // ROW_SPAN] += 1
            self.reading.notes.append(
                f"工作表{'、'.join(f'“{name}”' for name in self.sheets)}的表头相同，按同一台账读取（"
                + "、".join(f"{name} {counts[index]} 条" for index, name in enumerate(self.sheets))
                + f"）：{self.reading.skip_said() or '如有不该导入的工作表，请删去后重新读取'}")
        planned = {number: self.main_row(number, values, columns) for number, values in rows}
        filled = {index for _, values in rows for index in self.unread
                  if index < len(values) and not _empty(values[index])}
        for group, sheet in groups:
            group_columns = self.columns(sheet, group.fields, group)
            self.sheet_problems(sheet, sheet.name, group_columns)
            self.group_lines(group, sheet, group_columns, planned)
        if not planned and not self.reading.problems:
            self.problem(None, None, "", f"第一个工作表“{main.name}”中没有记录（第一行是标题，记录从第二行起）")
        for done, (number, data) in enumerate(planned.items()):
            if done % 50 == 0:
                progress(done, len(planned), f"正在检查第 {number} 行（{done} / {len(planned)}）……")
            self.check(number, data)
        self.twins_in_file()
        self.exported([self.unread[index] for index in sorted(filled)], main.header_row)
        self.earlier()
        self.numbering()
        for lines in (self.reading.problems, self.reading.warnings):  # as the clerk goes through the file
            lines.sort(key=lambda line: (line.sheet is not None, line.sheet or "", line.row or 0))
            lines[:] = [self.placed(line) for line in lines]

    def twin_keys(self, sheet: Sheet, columns: dict[int, FieldDef | str]) -> list[tuple[Any, Any]]:
        """The date and title of each row of `sheet` holding something of either, as a save cleans them (None for one
        empty or refused; a totals row left out): what tells a sheet repeating the rows of those before it."""
        lookups = self.store.lookups(self.ledger)
        found = []
        for _, values in sheet.rows:
            key = self.row_key(values, columns, lookups)
            if any(key) and self.total_said(values, columns) is None:
                found.append(key)
        return found

    def row_key(self, values: tuple[Any, ...], columns: dict[int, FieldDef | str],
                lookups: Lookups | None = None) -> tuple[Any, Any]:
        """A row's date and title (the fields that tell twins, db.twins_sql) as a save cleans them, None for one
        empty or refused."""
        at = {target.name: index for index, target in columns.items() if isinstance(target, FieldDef)}
        lookups = lookups or self.store.lookups(self.ledger)
        key = []
        for name in (self.ledger.date_field, self.ledger.title_field):
            f, index = self.ledger.field(name), at.get(name)
            try:
                raw = cell_value(f, values[index]) if index is not None and index < len(values) else None
                key.append(clean_value(f, raw, lookups)[0] if raw is not None else None)
            except (Refused, ValueError):
                key.append(None)
        return key[0], key[1]

    def place(self, number: int) -> tuple[str | None, int]:
        """The sheet (None: the only one) and Excel row of a record's row number (ROW_SPAN)."""
        if len(self.sheets) <= 1:
            return None, number
        index, row = divmod(number, ROW_SPAN)
        return self.sheets[index], row

    def placed(self, line: Line) -> Line:
        """A line of a record's row, naming its sheet when more than one sheet held the records."""
        if line.sheet is not None or not line.row:
            return line
        sheet, row = self.place(line.row)
        return replace(line, sheet=sheet, row=row)

    def said_row(self, number: int) -> str:
        return _where(*self.place(number))

    def rows_said(self, numbers: list[int]) -> str:
        """第 2、5 行, or 工作表“1月”第 2 行、工作表“2月”第 5 行 when more than one sheet held the records."""
        if len(self.sheets) <= 1:
            return _rows(numbers)
        by_sheet: dict[str | None, list[int]] = defaultdict(list)
        for number in numbers:
            sheet, row = self.place(number)
            by_sheet[sheet].append(row)
        return "、".join(f"工作表“{sheet}”{_rows(rows)}" for sheet, rows in by_sheet.items())

    def sheet_problems(self, sheet: Sheet, where: str | None, columns: dict[int, FieldDef | str], offset: int = 0
                       ) -> None:
        for problem in sheet.problems:
            self.problem(where, offset + problem.row, self.column_label(problem.column, columns), problem.message)

    @staticmethod
    def column_label(column: int | None, columns: dict[int, FieldDef | str]) -> str:
        if column is None:
            return ""
        found = columns.get(column - 1)
        if isinstance(found, FieldDef):
            return found.label
        if found in ("remarks", OWNER_COLUMN, ROW_COLUMN):
            return "备注" if found == "remarks" else str(found)
        return f"第 {column_letter(column)} 列"

    def record_rows(self, sheet: Sheet, offset: int, columns: dict[int, FieldDef | str]
                    ) -> list[tuple[int, tuple[Any, ...] | None]]:
        """The rows of a sheet holding records (numbered from `offset`), each 序号 noted for the groups' 记录序号; a
        row with nothing but its 序号 (numbered ahead in Excel) holds none: its values are None. A totals row (序号
        合计, or its first cell when the sheet has no 序号) is no record either: said in a note, not counted."""
        rows: list[tuple[int, tuple[Any, ...] | None]] = []
        for row, values in sheet.rows:
            number = offset + row
            said = self.total_said(values, columns)
            if said is not None:
                self.totals.append((number, said))  # said once every sheet is known (`said_row`)
                continue
            key = _key_text(values[self.key_at]) if self.key_at is not None and self.key_at < len(values) else ""
            if key and all(_empty(v) for index, v in enumerate(values) if index != self.key_at):
                rows.append((number, None))
                continue
            if key:
                self.keys[key].append(number)
                if self.key_at is not None and (row, self.key_at + 1) in sheet.formulas:
                    self.formula_keys.add(number)
            rows.append((number, values))
        return rows

    def total_said(self, values: tuple[Any, ...], columns: dict[int, FieldDef | str]) -> str | None:
        """How a totals row is said (序号为“本月合计”), None for any other row: its 序号 holds 合计, 总计, 小计 or 共计
        (合计：2次, 全年合计), or, in a sheet without 序号, its first cell starts so (a title may hold 综合计划). A row
        whose date and title both clean to values (`row_key`) is a record whatever its 序号 (小计1 beside a whole
        党委会): a totals row has no meeting's date and title."""
        at = self.key_at or 0
        value = values[at] if at < len(values) else None
        if not isinstance(value, str):
            return None
        key = "".join(unicodedata.normalize("NFKC", value).split())
        if self.key_at is None:
            said = f"第一格为“{value.strip()}”" if _TOTAL_START.match(key) else None
        else:
            said = f"{KEY_COLUMN}为“{value.strip()}”" if any(word in key for word in TOTAL_KEYS) else None
        return None if said is None or all(self.row_key(values, columns)) else said

    def main_row(self, number: int, values: tuple[Any, ...], columns: dict[int, FieldDef | str]) -> dict[str, Any]:
        # every field named, empty ones as None: a form's defaults (a date's “today”) never fill a cell left empty
        data: dict[str, Any] = {f.name: None for f in self.ledger.fields}
        data["remarks"] = None
        for index, target in columns.items():
            value = values[index] if index < len(values) else None
            if target == "remarks":
                data["remarks"] = self.cell(None, number, _REMARKS, "remarks", value)
            elif isinstance(target, FieldDef):
                data[target.name] = self.cell(None, number, target, target.name, value)
        self.given[number] = {name for name, value in data.items() if value is not None}
        for f in self.ledger.fields:  # as a new record starts in the editor: 人民调解, 30年, but no date of today
            if data[f.name] is None and f.default is not None and f.type != "date" \
                    and f.name not in self.refused[number]:
                data[f.name] = f.default
        return data

    def group_lines(self, group: FieldDef, sheet: Sheet, columns: dict[int, FieldDef | str],
                    planned: dict[int, dict[str, Any]]) -> None:
        at, by = next(((index, target) for index, target in columns.items() if target in (OWNER_COLUMN, ROW_COLUMN)),
                      (None, None))
        if at is None:
            return
        self.by_row = self.by_row or by == ROW_COLUMN
        if by == OWNER_COLUMN and self.key_at is None and sheet.rows:
            self.problem(sheet.name, sheet.header_row, OWNER_COLUMN,
                         f"第一个工作表没有“{KEY_COLUMN}”列：请在第一个工作表加上“{KEY_COLUMN}”列，"
                         "每条记录一个序号（如 1、2、3）")
            return
        if by == ROW_COLUMN and sheet.rows:
            self.reading.warnings.append(Line(sheet.name, sheet.header_row, ROW_COLUMN, _OLD_TEMPLATE))
        said_formula: set[int] = set()
        for number, values in sheet.rows:
            value = values[at] if at < len(values) else None
            if (number, at + 1) in sheet.formulas:
                self.problem(sheet.name, number, str(by), f"是公式：{_FORMULA_KEY}")
                continue
            owner = (self.keyed(sheet.name, number, value) if by == OWNER_COLUMN
                     else self.owner(sheet.name, number, value, planned))
            if owner in self.formula_keys and owner not in said_formula:
                said_formula.add(owner)
                self.problem(None, owner, KEY_COLUMN, f"是公式（如 =ROW()-1）：{_FORMULA_KEY}")
            if owner is None:
                continue
            lines = planned[owner].setdefault(group.name, None) or []
            index = len(lines) + 1
            line: dict[str, Any] = {}
            for column, target in columns.items():
                if isinstance(target, FieldDef):
                    value = values[column] if column < len(values) else None
                    read = self.cell(sheet.name, number, target, f"{group.name}[{index}].{target.name}", value, owner)
                    if read is not None:  # an empty cell is left out: it takes its default (自然人), as in the editor
                        line[target.name] = read
            if not line:  # every cell refused (and said): validation drops an empty line, the next takes its place
                self.refused[owner] = {p for p in self.refused[owner] if not p.startswith(f"{group.name}[{index}].")}
                continue
            lines.append(line)
            planned[owner][group.name] = lines
            self.group_rows[owner, group.name].append(number)
            self.group_given[owner, group.name].append(set(line))

    def keyed(self, sheet: str, number: int, value: Any) -> int | None:
        """The first sheet's row whose 序号 a line's 记录序号 names."""
        key = _key_text(value)
        if not key:
            self.problem(sheet, number, OWNER_COLUMN, f"未填写：请写明这一行所属记录在第一个工作表中的{KEY_COLUMN}")
            return None
        rows = self.keys.get(key, [])
        if not rows:
            self.problem(sheet, number, OWNER_COLUMN, f"第一个工作表中没有{KEY_COLUMN}为“{key}”的记录")
            return None
        if len(rows) > 1:
            first = "第一个工作表" if len(self.sheets) <= 1 else ""
            self.problem(sheet, number, OWNER_COLUMN, f"{first}{self.rows_said(rows)}的{KEY_COLUMN}都是“{key}”：不知道"
                                                      f"这一行属于哪条记录，请让每条记录的{KEY_COLUMN}各不相同")
            return None
        return rows[0]

    def owner(self, sheet: str, number: int, value: Any, planned: dict[int, dict[str, Any]]) -> int | None:
        text = _key_text(value)
        if not text:
            self.problem(sheet, number, ROW_COLUMN, "未填写：请写明这一行属于第一个工作表的第几行")
            return None
        found = _ROW_NUMBER.fullmatch(text)
        if found is None:
            self.problem(sheet, number, ROW_COLUMN, f"“{text}”不是行号：请写这条记录在第一个工作表中的行号，如 2")
            return None
        if int(found[1]) not in planned:
            self.problem(sheet, number, ROW_COLUMN, f"第一个工作表的第 {found[1]} 行没有记录（在 Excel 中排序、"
                                                    f"插入或删除行后，{ROW_COLUMN}须随之改正）")
            return None
        return int(found[1])

    # -- cells ----------------------------------------------------------------------------------------------

    def cell(self, sheet: str | None, number: int, f: FieldDef, path: str, value: Any, owner: int | None = None
             ) -> Any:
        """A cell as the editor would take it typed; a refused one is said and read as empty."""
        try:
            raw = cell_value(f, value)
            if f.type == "link" and isinstance(raw, str):
                raw = self.linked(f, raw)
            if f.type == "attachments" and raw is not None:
                raise Refused("附件不能从 Excel 导入：请导入后在记录中添加附件")
            if f.is_sensitive and isinstance(raw, str) and is_masked(raw):
                if sheet is not None:  # no list is exported with group sheets: said at the cell
                    raise Refused(f"{MASKED_NUMBER}，完整号码不在表中：请填上完整号码，或删去这一格")
                self.masked[f.label].append(number)  # an exported list's: said once for the sheet (`exported`)
                self.refused[number].add(path)
                return None
            return raw
        except Refused as exc:
            self.refused[owner or number].add(path)
            self.problem(sheet, number, f.label, _masked(f, str(exc), value))
            return None

    def linked(self, f: FieldDef, text: str) -> str:
        """A link typed as the linked record's number or its id (links.link_target, as `fazhi add --json`)."""
        try:
            return link_target(self.store, f.link or "", text)
        except ValueError as exc:
            raise Refused(str(exc)) from None

    # -- checks ---------------------------------------------------------------------------------------------

    def check(self, number: int, data: dict[str, Any]) -> None:
        cleaned = refuse_at_save(clean_record(self.ledger, data, self.store.lookups(self.ledger), fill=True), None)
        refused = self.refused.get(number, set())
        for problem in cleaned.problems:
            if problem.path not in refused and not self.column_missing(problem):
                self.field_line(self.reading.problems, number, problem, data)
        for warning in cleaned.warnings:
            self.field_line(self.reading.warnings, number, self.without_year(warning, cleaned.values), data)
        if not cleaned.problems and not refused:
            try:
                year_close.check_write(self.store, self.ledger, cleaned.values)
            except ValidationError as exc:
                for problem in exc.problems:
                    self.field_line(self.reading.problems, number, problem, data)
        self.hidden(None, number, self.ledger.fields, cleaned.values, self.given.get(number, set()))
        for group in self.ledger.fields:
            if group.type != "group":
                continue
            rows, given = self.group_rows.get((number, group.name), []), self.group_given.get((number, group.name), [])
            for row, values, cells in zip(rows, cleaned.values.get(group.name) or (), given, strict=False):
                self.hidden(sheet_name(group.label), row, group.fields, values, cells)
        sheet, row = self.place(number)
        self.reading.records.append(Planned(row, data, cleaned.values.get(self.ledger.date_field), sheet))
        self.cleaned_keys[number] = (cleaned.values.get(self.ledger.date_field),
                                     cleaned.values.get(self.ledger.title_field))
        if self.ledger.twin_apart:
            self.apart[number] = cleaned.values.get(self.ledger.twin_apart)

    def without_year(self, warning: FieldProblem, values: dict[str, Any]) -> FieldProblem:
        """A date after today in this year, said as Excel may have made it: a date typed as 12/28 becomes this year's
        28 December, so last December's complaints typed in January were accepted next December."""
        if warning.message not in self.future_said:
            return warning
        found = _GROUP_PATH.match(warning.path)
        value = ((values.get(found[1]) or [{}])[int(found[2]) - 1] if found else values).get(
            found[3] if found else warning.path)
        if not isinstance(value, str) or value[:4] != self.this_year:
            return warning
        return replace(warning, message=warning.message + _EXCEL_YEAR)

    def hidden(self, sheet: str | None, row: int, fields: tuple[FieldDef, ...], values: dict[str, Any],
               given: set[str]) -> None:
        """A filled cell of a field its condition hides: the editor would not show it, the record will not keep it
        (审查意见文号 with 是否需合法性审查 left empty, which is 否)."""
        by_name = {f.name: f for f in fields}
        hidden = hidden_fields(fields, values)
        for name in (f.name for f in fields if f.name in hidden and f.name in given):
            condition = by_name[name].visible_when
            said = ""
            if condition is not None and condition.field in by_name:
                switch = by_name[condition.field]
                said = (f"（{switch.label}不符合条件）" if condition.field in given else
                        f"（{switch.label}未填写，按“{_shown(switch, switch.default)}”处理：要保存这一格，请填写"
                        f"{switch.label}）")
            self.reading.warnings.append(Line(sheet, row, by_name[name].label, f"这一格不会保存{said}"))

    def column_missing(self, problem: FieldProblem) -> bool:
        """A 必填 of a column the sheet lacks: said once for the column (缺少必填的列)."""
        found = _GROUP_PATH.match(problem.path)
        key = (found[1], found[3]) if found else (None, problem.path)
        return problem.message.startswith("必填") and key in self.missing

    def field_line(self, lines: list[Line], number: int, problem: FieldProblem, data: dict[str, Any]) -> None:
        """A validation message at the row, or at the group sheet's row its path names (parties[2].id_number)."""
        found = _GROUP_PATH.match(problem.path)
        if found and found[1] in self.ledger.field_names:
            group = self.ledger.field(found[1])
            rows = self.group_rows.get((number, group.name), [])
            index = int(found[2])
            if index <= len(rows):
                sub = next((s for s in group.fields if s.name == found[3]), None)
                value = (data.get(group.name) or [{}])[index - 1].get(found[3]) if sub else None
                lines.append(Line(sheet_name(group.label), rows[index - 1], sub.label if sub else problem.label,
                                  _masked(sub, problem.message, value) if sub else problem.message))
                return
        f = self.ledger.field(problem.path) if problem.path in self.ledger.field_names else None
        message = problem.message
        if f is not None and f.type == "group" and message == "必填":
            message = f"必填：在工作表“{sheet_name(f.label)}”中填写，{self.owner_said(number)}"
        lines.append(Line(None, number, problem.label, _masked(f, message, data.get(problem.path)) if f else message))

    def owner_said(self, number: int) -> str:
        """How a group's line names the record of the first sheet's row `number`: its 序号 (记录序号写 3), or, for a
        file whose group sheets have 记录行 (a template made before 记录序号), its row."""
        if self.by_row:
            return f"{ROW_COLUMN}写 {number}"
        key = next((key for key, rows in self.keys.items() if rows == [number]), None)
        if key is not None:
            return f"{OWNER_COLUMN}写 {key}"
        why = (f"第一个工作表还没有“{KEY_COLUMN}”列" if self.key_at is None
               else f"这一行的{KEY_COLUMN}是空的或与别的行重复：请先填上各不相同的{KEY_COLUMN}")
        return f"{OWNER_COLUMN}写这条记录的{KEY_COLUMN}（{why}）"

    def twins_in_file(self) -> None:
        """Two rows of the same date and title: one event entered twice counts twice for the county; not two the
        form's `twin_apart` tells apart (two complainants of one day and matter), as a save does not call them so."""
        seen: dict[tuple[Any, Any], list[int]] = defaultdict(list)
        title, day = self.ledger.field(self.ledger.title_field), self.ledger.field(self.ledger.date_field)
        for number, key in self.cleaned_keys.items():
            if not key[0] or not key[1]:
                continue
            twin = next((earlier for earlier in seen[key]
                         if not dbmod.told_apart(self.apart.get(earlier), self.apart.get(number))), None)
            seen[key].append(number)
            if twin is None or (number // ROW_SPAN in self.repeating and twin // ROW_SPAN != number // ROW_SPAN):
                continue  # none, or a row of a sheet repeating those before it: said once for the sheet (`read`)
            self.reading.warnings.append(Line(None, number, title.label, f"与{self.said_row(twin)}的"
                                              f"{day.label}和{title.label}相同，请核对是否重复（重复的记录会重复计入"
                                              "指标）"))

    def exported(self, unread: list[FieldDef], header_row: int) -> None:
        """What an exported list (导出列表) holds that cannot come back, said once for all its columns: a group's
        lines and attachments as text (not imported, a warning), ID and phone numbers masked (a problem: the numbers
        are not in the file)."""
        said = []
        groups = [f.label for f in unread if f.type == "group"]
        if groups:
            said.append(f"{'、'.join(groups)}列未导入：导出的列表中是合成的文字，不能还原为逐项的内容，"
                        "请填在同名的工作表中（每项一行）")
        if any(f.type == "attachments" for f in unread):
            said.append("附件列未导入：表中只有文件名，请导入后在记录中添加附件")
        if self.masked:
            cells = "、".join(f"{label}（{self.rows_said(rows)}）" for label, rows in self.masked.items())
            said.append(f"{cells}是导出时遮盖的号码（如 139****5678，共 "
                        f"{sum(len(rows) for rows in self.masked.values())} 格），完整号码不在表中："
                        "请填上完整号码，或删去这些格")
        if said:
            lines = self.reading.problems if self.masked else self.reading.warnings
            lines.append(Line(None, header_row, "", "以下内容不能从表中导入：" + "；".join(said)))

    def earlier(self) -> None:
        """A file of the same name imported before, its records still there: a warning saying how many rows are
        those records again (same date and title), which would count twice; every row one of them is the same file
        again (`Reading.repeated`). Rows all new (the template's name used again) are only a note."""
        before = earlier_imports(self.store, self.ledger, self.reading.file_name)
        if not before:
            return
        self.reading.imported_before = local_time(max(at for _, _, at, _ in before))[:16]
        self.reading.earlier_import = import_undo.import_of(self.store, self.ledger.name,
                                                            max(seq for *_, seq in before))
        imported = {(str(day), as_saved(title)) for day, title, *_ in before}  # saved before s26: odd spaces
        keys = [(str(day), title) for day, title in self.cleaned_keys.values()]
        again = sum(1 for key in keys if key in imported)
        self.reading.repeated = bool(keys) and again == len(keys)
        said = (f"名为 {self.reading.file_name} 的文件已于 {self.reading.imported_before} 导入过 {len(before)} 条"
                "记录")
        if not again:
            self.reading.notes.append(f"{said}，本文件中的记录与之都不相同（日期和名称不同）")
            return
        day, title = self.ledger.field(self.ledger.date_field), self.ledger.field(self.ledger.title_field)
        self.reading.warnings.insert(0, Line(None, None, "", (
            f"{said}：本文件 {len(keys)} 条中有 {again} 条与之{day.label}和{title.label}相同，再次导入会重复登记。"
            f"{self.reading.replace_said()}")))

    def numbering(self) -> None:
        """Records are numbered after the numbers their year already has, not among them by date: said with the
        figure of the series they join (调解案件's 人调字 and 行调字 are counted apart), since January imported after
        September's record gets the later number."""
        numbering = self.ledger.numbering
        series: dict[tuple[str, str], int] = defaultdict(int)  # (year, prefix) -> rows imported into it
        for planned in self.reading.records:
            if planned.day:
                series[planned.day[:4], numbering.prefix_for(planned.data)] += 1
        for (year, prefix), count in sorted(series.items()):
            given = self.store.last_seq(self.ledger.name, int(year), prefix)
            if given:
                named = f"（{prefix}）" if numbering.prefix_field else ""
                self.reading.notes.append(
                    f"{year}年的{self.ledger.label}{named}已有 {given} 个编号：导入的 {count} 条记录按日期先后接着"
                    "编号，排在已有记录之后（不与已有记录按日期穿插）")

    def problem(self, sheet: str | None, row: int | None, label: str, message: str) -> None:
        self.reading.problems.append(Line(sheet, row, label, message))


_GROUP_PATH = re.compile(r"(\w+)\[(\d+)\]\.(\w+)$")


def _labels(sheet: Sheet) -> list[str]:
    """A sheet's header as compared with another's (one sheet a month): each label as `header_key` makes it, the
    empty ones at its end left out."""
    keys = [header_key(text) for text in sheet.header]
    while keys and not keys[-1]:
        keys.pop()
    return keys


def _masked(f: FieldDef | None, message: str, value: Any) -> str:
    """A message about a personal field with the digits it quotes of `value` masked (出生日期 19610101 shows a birth
    date); the message's own example (如 0955-1234567) is left as it is."""
    if f is None or not f.is_sensitive or value is None:
        return message
    quoted = "".join(ch for ch in unicodedata.normalize("NFKC", str(value)) if ch.isalnum())

    def mask(found: re.Match[str]) -> str:
        return mask_id_card(found[0]) if found[0].upper() in quoted.upper() else found[0]

    return _DIGITS.sub(mask, message)


def _rows(numbers: list[int], shown: int = 10) -> str:
    """第 2、5、9 行; past `shown` rows, the first of them and how many: 第 2、3……等 40 行."""
    listed = "、".join(str(number) for number in numbers[:shown])
    return f"第 {listed} 行" if len(numbers) <= shown else f"第 {listed}……等 {len(numbers)} 行"


def _cut(text: str, limit: int = 20) -> str:
    """A title row's text as quoted in a note: whole up to `limit` characters, else cut where a cell ends (the
    cells are joined by spaces: 填报单位：海城镇司法所…), or at `limit` when its first cell is longer, and marked …"""
    if len(text) <= limit:
        return text
    space = text.rfind(" ", 0, limit + 1)
    return (text[:space] if space > 0 else text[:limit]).rstrip() + "…"


def _key_text(value: Any) -> str:
    """A 序号 or 记录序号 as compared: 3, 3.0 (Excel's number), "3.0", "03" and ３ are the same."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFKC", str(value)).strip() if value is not None else ""
    whole = _WHOLE_NUMBER.fullmatch(text)
    return str(int(whole[1])) if whole else text


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _shown(f: FieldDef, value: Any) -> str:
    if f.type == "boolean":
        return "是" if value else "否"
    return "空" if value is None else str(value)


def _group_column(key: str, fields: tuple[FieldDef, ...]) -> str | None:
    """Where a first sheet's header that is a group's (申请人, 被申请人身份证号, 身份证号 of a 调解台账 kept on one
    sheet) goes: 当事人（角色“申请人”、姓名…）填在工作表“当事人”，每人一行…; None when it is no group's. A header
    is a group's when it begins with one of a group's choices (申请人) or is a sub-field's label no field of the
    record has in its own (身份证号, but not 名称, which 案件名称 has)."""
    own = [header_key(f.label) for f in fields if f.type != "group"]
    for group in (f for f in fields if f.type == "group"):
        said = []
        rest = key
        for sub in group.fields:
            word = next((choice for choice in sub.choices if len(choice) >= 2 and key.startswith(header_key(choice))),
                        None) if sub.type == "choice" else None
            if word:
                said.append(f"{sub.label}“{word}”")
                rest = key[len(header_key(word)):]
                break
        labels = {header_key(sub.label): sub.label for sub in group.fields}
        named = labels.get(rest) if said or not any(rest in label for label in own) else None
        if not named and said:
            named = next((label for normal, label in labels.items() if len(rest) >= 2 and rest in normal),
                         None) if rest else labels.get("姓名", "")
        if named or said:
            listed = "、".join([*said, *([named] if named else [])])
            each = "人" if "姓名" in labels.values() else "项"
            return (f"{group.label}（{listed}…）填在工作表“{sheet_name(group.label)}”，每{each}一行，“{OWNER_COLUMN}”写"
                    f"这条记录的{KEY_COLUMN}")
    return None


def _likely_label(key: str, fields: tuple[FieldDef, ...]) -> str | None:
    """The label a header most likely meant (时长 for 时长（分钟）), to copy; None when none is close (天气)."""
    import difflib

    labels = {header_key(f.label): f.label for f in fields if f.type not in ("group", "attachments")}
    base = _BRACKETED.sub("", key)
    same = [label for normal, label in labels.items() if _BRACKETED.sub("", normal) == base]
    close = same or [labels[found] for found in difflib.get_close_matches(key, list(labels), n=1, cutoff=0.5)]
    return close[0] if close else None
