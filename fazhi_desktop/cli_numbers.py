"""`fazhi renumber` and `fazhi number-from`: a series' numbers set right (core/renumber.py), as 编辑 → 按日期重新编号…
and 数据交换 → 编号从第N号起… do.

    fazhi renumber --ledger mediation_case --year 2026 [--dry-run]   the year's numbers again in date order (所长)
    fazhi number-from --ledger mediation_case --year 2026 [--prefix 人调字] 13   the series goes on from 第13号 (所长)

`--dry-run` lists what would change (旧号→新号) and what stays, and writes nothing: any user may ask it.
"""

from __future__ import annotations

import argparse
import re

from fazhi_desktop import cli_arguments
from fazhi_desktop.core import renumber
from fazhi_desktop.core.places import CONTINUE_NUMBERS, RENUMBER

#: a text naming these menu paths as the command line prints it (places.for_command_line: `fazhi restore`'s result,
#: `fazhi add`'s note of a record dated before its series' latest): the command beside each
NUMBERS_BY_COMMAND = tuple((re.compile(re.escape(f"“{place}”")), f"“{place}”（命令行 {command}）")
                           for place, command in ((CONTINUE_NUMBERS, "fazhi number-from"),
                                                  (RENUMBER, "fazhi renumber")))


def register_commands(sub: argparse._SubParsersAction) -> dict:
    """Add `fazhi renumber` and `fazhi number-from` to the parser; returns command name -> handler."""
    p = sub.add_parser("renumber", help="按日期重新编号：该年从未打印、未报送的记录按日期先后重排编号（所长、管理员）")
    p.add_argument("--ledger", required=True, help="台账，如 mediation_case 或 调解案件")
    p.add_argument("--year", required=True, type=cli_arguments.year)
    p.add_argument("--dry-run", action="store_true", help="只列出将改的编号（旧号→新号）和不改的编号，不改动数据")
    p = sub.add_parser("number-from", help="编号从第N号起：设定编号系列接着编的编号，如恢复备份后纸上已用过的"
                                           "（所长、管理员；记入账户日志）")
    p.add_argument("--ledger", required=True, help="台账，如 mediation_case 或 调解案件")
    p.add_argument("--year", required=True, type=cli_arguments.year)
    p.add_argument("--prefix", help="编号字头，如 人调字（默认：该台账的第一个字头）")
    p.add_argument("first", type=cli_arguments.number, metavar="N", help="下一条记录的编号从第N号起")
    return {"renumber": cmd_renumber, "number-from": cmd_number_from}


def cmd_renumber(args: argparse.Namespace) -> int:
    from fazhi_desktop import cli

    store = cli._open(args)
    ledger = store.ledger(args.ledger)
    if args.dry_run:
        lines = renumber.plan(store, ledger, args.year).lines(done=False)
        print("\n".join([*lines, "（只列出，未改动数据）"]))
        return cli.EXIT_OK
    done = store.renumber_by_date(ledger.name, args.year, cli._actor(args, store))
    print("\n".join(done.lines(done=True)))
    return cli.EXIT_OK


def cmd_number_from(args: argparse.Namespace) -> int:
    from fazhi_desktop import cli

    store = cli._open(args)
    ledger = store.ledger(args.ledger)
    prefix = args.prefix or ledger.numbering.prefix
    before = renumber.continue_from(store, ledger, args.year, prefix, args.first)
    print(f"已设定：{ledger.label} {args.year}年{prefix}从第 {args.first} 号起编号（原接着第 {before} 号编；"
          "记入账户日志）")
    return cli.EXIT_OK
