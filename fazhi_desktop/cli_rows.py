"""`fazhi template`, `fazhi add LEDGER --from FILE` and `fazhi imports`: 从Excel导入记录 (core/excel_import.py) and
撤销Excel导入 (core/import_undo.py).

    fazhi template LEDGER -o FILE.xlsx          the workbook to fill in: headers, drop-downs, formats, a 说明 sheet
    fazhi add LEDGER --from FILE [--dry-run] [--again] [--skip-sheet NAME]   check every row of FILE; import all
                                                or none (a sheet named by --skip-sheet is not read)
    fazhi imports [list]                        the Excel imports, newest first, and what each can still undo
    fazhi imports undo ID [--dry-run] [--yes]   delete the records of import ID still as imported, in one step

Problems are listed one a line as 第 N 行·字段：原因 (exit 1, nothing imported); warnings are listed and the
records imported (as `fazhi add --json` saves a record with warnings); `--dry-run` lists both and imports nothing.
A file whose every row was imported from a file of the same name before (the same command run twice) is refused
(exit 1) unless `--again`; so is its `--dry-run`, as the import would be.

`imports undo` says what it will delete, what stays and why, and what becomes of the numbers; on a terminal it asks
(the count typed back), without one it needs `--yes` (as `fazhi year close` does).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fazhi_desktop import cli_arguments, cli_guards
from fazhi_desktop.core.errors import FazhiError


def register_commands(sub: argparse._SubParsersAction) -> dict:
    """Add `fazhi template` to the parser; returns command name -> handler."""
    p = sub.add_parser("template", help="写出从 Excel 导入记录用的模板（.xlsx）：列名、下拉选项、格式和说明")
    p.add_argument("ledger", help="台账，如 meeting、mediation_case（fazhi ledgers 列出全部）")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.xlsx", help="模板文件")
    p = sub.add_parser("imports", help="从 Excel 导入的记录批次：列出（默认），撤销一次导入")
    imports = p.add_subparsers(dest="imports_command", metavar="操作")
    imports.add_parser("list", help="列出各次导入（最新的在前）及可撤销的条数（不写操作时即为此项）")
    pu = imports.add_parser("undo", help="撤销一次导入：删除其中仍是导入时原样的草稿（一次完成，修改历史保留）")
    pu.add_argument("id", type=cli_arguments.number, metavar="ID", help="导入的序号（fazhi imports 列出）")
    pu.add_argument("--dry-run", action="store_true", help="只列出将删除和保留的记录，不撤销")
    pu.add_argument("--yes", action="store_true", help="不再询问，直接撤销（用于脚本）")
    return {"template": cmd_template, "imports": cmd_imports}


def cmd_template(args: argparse.Namespace) -> int:
    from fazhi_desktop import cli
    from fazhi_desktop.core.excel_template import write_template
    from fazhi_desktop.core.forms import load_forms, named_ledger

    if args.output.suffix.lower() != ".xlsx":
        raise cli.UsageError("模板是 Excel 工作簿：文件名须以 .xlsx 结尾")
    ledger = named_ledger(load_forms(), args.ledger)
    write_template(ledger, args.output)
    print(f"已写出“{ledger.label}”导入模板：{args.output}")
    print(f"填好后导入：fazhi add {ledger.name} --from {args.output}", file=sys.stderr)
    return cli.EXIT_OK


def add_from_file(args: argparse.Namespace) -> int:
    from fazhi_desktop import cli
    from fazhi_desktop.core.excel_import import import_records, number_ranges, read_records, typed
    from fazhi_desktop.core.places import for_command_line
    from fazhi_desktop.core.year_close import REOPEN_BY_COMMAND

    store = cli._open(args)
    reading = read_records(store, args.ledger, args.from_file, skip=args.skip_sheet)
    for note in reading.notes:
        print(f"注意：{for_command_line(str(note), REOPEN_BY_COMMAND)}", file=sys.stderr)
    if reading.problems:
        print(f"错误：{args.from_file.name} 有 {len(reading.problems)} 处问题，未导入任何记录：", file=sys.stderr)
        for line in reading.problems:
            print(f"  - {for_command_line(str(line), REOPEN_BY_COMMAND)}", file=sys.stderr)
        return cli.EXIT_ERROR
    for line in reading.warnings:
        print(f"  提示：{for_command_line(str(line), REOPEN_BY_COMMAND)}", file=sys.stderr)
    if reading.repeating:  # the window's 跳过工作表“全年”
        skips = " ".join(f"--skip-sheet {typed(name)}" for name in reading.repeating)
        print(f"  跳过重复的工作表：fazhi add {args.ledger} --from {typed(str(args.from_file))} {skips}",
              file=sys.stderr)
    label = reading.ledger.label
    if reading.repeated and not args.again:  # a dry run says what the import would: refused
        print(f"错误：{args.from_file.name} 的 {len(reading.records)} 条记录都已于 {reading.imported_before} 从同名"
              f"文件导入过，{'不加 --again 将被拒绝' if args.dry_run else '未导入'}：再次导入会重复登记（重复的记录会"
              f"重复计入指标）。{reading.replace_said()}；确要再导入一次，请加 --again", file=sys.stderr)
        return cli.EXIT_ERROR
    if args.dry_run:
        print(f"检查无误：{args.from_file.name} 中有 {len(reading.records)} 条{label}记录可以导入"
              f"{f'（{len(reading.warnings)} 条提示）' if reading.warnings else ''}；未导入（--dry-run）")
        return cli.EXIT_OK
    saved = import_records(store, reading, cli._actor(args, store))
    numbers = [record.number for record in saved if record.number]
    span = f"：{number_ranges(reading.ledger, numbers)}" if numbers else ""
    print(f"已导入 {len(saved)} 条{label}记录（草稿）{span}")
    _say_unlinked(store, saved)
    return cli.EXIT_OK


def _say_unlinked(store, saved) -> None:
    """The links the import left empty that a record of the same day could fill (a meeting's 会前学法), each with
    the command that links it, as `fazhi add` of one record says: not linked without her word."""
    from fazhi_desktop.core.links import unlinked_after_import

    unlinked = unlinked_after_import(store, saved)
    if unlinked:
        print(f"  提示：{len(unlinked)} 处链接尚未填写，同日有可链接的记录；要链接，请运行：", file=sys.stderr)
    for u in unlinked:
        print(f"    {u.said(store)}\n      {u.command()}", file=sys.stderr)


def cmd_imports(args: argparse.Namespace) -> int:
    from fazhi_desktop import cli
    from fazhi_desktop.core import import_undo
    from fazhi_desktop.core.display import text_table

    store = cli._open(args)
    if args.imports_command != "undo":
        plans = import_undo.recent(store)
        if not plans:
            print("尚未从 Excel 导入过记录")
            return cli.EXIT_OK
        rows = [[str(p.id), p.when, p.ledger.label, p.file_name, p.actor, str(p.records), str(len(p.undoable)),
                 p.notes()] for p in plans]
        print(text_table(["序号", "导入时间", "台账", "文件", "操作人", "条数", "可撤销", "说明"], rows))
        print("撤销一次导入：fazhi imports undo 序号", file=sys.stderr)
        return cli.EXIT_OK
    plan = import_undo.examine(store, args.id)
    if plan.problem or not plan.undoable:
        raise FazhiError(plan.problem or plan.nothing_text())
    for line in plan.explained(shown=None):
        print(line)
    if args.dry_run:
        print("未撤销（--dry-run）", file=sys.stderr)
        return cli.EXIT_OK
    if not args.yes and not _confirmed(len(plan.undoable)):
        print("已取消，未删除任何记录", file=sys.stderr)
        return cli.EXIT_ERROR
    expected = [record_id for record_id, _ in plan.undoable]
    done = import_undo.undo(store, args.id, cli._actor(args, store), expected=expected)
    print(done.summary())
    return cli.EXIT_OK


def _confirmed(count: int) -> bool:
    from fazhi_desktop.cli import UsageError

    if not sys.stdin.isatty():
        raise UsageError(f"撤销将删除 {count} 条记录：非交互运行时请加 --yes 确认（或先用 --dry-run 查看）")
    return cli_guards.typed(f"确认删除这 {count} 条记录？输入 {count} 确认：").strip() == str(count)
