"""`fazhi pdf`, `fazhi register` and `fazhi check-print`: printed documents from the command line.

Wired into `fazhi_desktop.cli` by `register_commands`; errors are FazhiErrors, printed by `cli.main` in Chinese.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from fazhi_desktop import cli_arguments
from fazhi_desktop.core.jobs import Progress, no_progress

EXIT_OK, EXIT_MISMATCH = 0, 1


def register_commands(subparsers: Any) -> dict[str, Any]:
    """Add the document commands to `fazhi`'s subparsers; returns their handlers by command name."""
    p = subparsers.add_parser("pdf", help="把一条或几条记录打印为PDF（会议纪要、记录、签到表、调解协议书）")
    p.add_argument("ids", nargs="+", metavar="ID",
                   help="记录标识或编号；写几个时按所写顺序合成一个PDF，每份从新的一页开始")
    p.add_argument("--kind", required=True, choices=["minutes", "record", "signin", "agreement"],
                   help="minutes 会议纪要，record 记录，signin 签到表，agreement 调解协议书")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="FILE", help="输出的PDF文件")
    cli_arguments.reveal_options(p)
    p.add_argument("--duplex", action="store_true", help="双面打印用：页数为单数的一份后面加一张空白页")
    p.add_argument("--quiet", action="store_true", help="不显示进度")

    p = subparsers.add_parser("register", help="把一个台账一年（或一个月、一个季度）的记录打印为PDF台账（横排表格）")
    p.add_argument("ledger",
                   help="台账名，如 meeting、mediation_case；all 为全部台账（合成一个PDF，每个台账从新的一页开始）")
    period = p.add_mutually_exclusive_group()
    period.add_argument("--year", type=cli_arguments.year,
                        help="年份；不写时打印有记录的最近一年（1月打印上一年度），与窗口里“打印本年度台账”相同")
    period.add_argument("--month", type=cli_arguments.month, metavar="YYYY-MM",
                        help="只打印这个月的记录，如 2026-05（标题为“2026年5月……台账”）")
    period.add_argument("--quarter", type=cli_arguments.quarter, metavar="YYYY-N",
                        help="只打印这个季度的记录，如 2026-2 为第二季度")
    p.add_argument("--township", metavar="CODE", type=cli_arguments.township,
                   help="县级：打印这个乡镇的台账（代码或名称；县里台账按乡镇打印，归入该乡镇的档案）")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="FILE", help="输出的PDF文件")
    p.add_argument("--quiet", action="store_true", help="不显示进度")

    p = subparsers.add_parser("check-print", help="核验打印件上的核验码与数据库是否一致")
    p.add_argument("code", help="打印件上的核验码，如 01a215b4ff10-2-3f9c2a1b")
    return {"pdf": cmd_pdf, "register": cmd_register, "check-print": cmd_check_print}


def _open(args: argparse.Namespace):
    from fazhi_desktop import cli  # imported here: cli imports this module while it builds its parser

    return cli._open(args), cli._resolve


def _report(rendered: Any, what: str) -> None:
    print(f"已生成{what}：{rendered.path}（共 {rendered.pages} 页）")
    if rendered.code:
        print(f"核验码：{rendered.code}")
    if rendered.notice:
        print(f"提示：{rendered.notice}", file=sys.stderr)
    from fazhi_desktop.core.db_place import synced_note

    if note := synced_note(rendered.path).strip():
        print(note, file=sys.stderr)


def cmd_pdf(args: argparse.Namespace) -> int:
    from fazhi_desktop import cli
    from fazhi_desktop.core.documents import KINDS, kinds_for, render_document

    store, resolve = _open(args)
    cli.require_reveal(args, store)
    records = list({record.id: record for record in (resolve(store, key) for key in args.ids)}.values())
    if len(records) > 1 or args.duplex:
        return _pdf_batch(args, store, records)
    record = records[0]
    rendered = render_document(store, record.id, args.kind, args.output, reveal=args.reveal, reason=args.reason)
    names = dict(kinds_for(record.ledger))
    _report(rendered, f"{names.get(args.kind, KINDS[args.kind])} {record.number or record.id}")
    _doubts(store, record)
    return EXIT_OK


def _pdf_batch(args: argparse.Namespace, store, records: list) -> int:
    """Several records in one PDF, in the order named (a number named twice prints once): each document from a
    new page, with its pages and verification code listed; the records the kind does not apply to are named."""
    from fazhi_desktop.core.documents import Rendered
    from fazhi_desktop.core.documents.batch import kind_name, render_batch
    from fazhi_desktop.core.documents.fonts import take_notice

    progress = _printer(args.quiet)
    written = render_batch(store, records, args.kind, args.output, reveal=args.reveal, progress=progress,
                           duplex=args.duplex, reason=args.reason)
    if progress is not no_progress:
        print(file=sys.stderr)
    doc = written.document
    _report(Rendered(written.path, len(doc.pages), doc.title, None, take_notice(doc.fonts)),
            f"{kind_name(written.records, args.kind)} {len(written.parts)} 份")
    for part in written.parts:
        last = part.first_page + part.pages - 1
        pages = f"第 {part.first_page} 页" if part.pages == 1 else f"第 {part.first_page}–{last} 页"
        print(f"  {part.record.number or part.record.id}：{pages}，核验码 {part.code}")
    for skipped in written.skipped:
        print(f"  跳过：{skipped.reason}", file=sys.stderr)
    for record in written.records:
        _doubts(store, record)
    return EXIT_OK


def _doubts(store, record) -> None:
    """What the form's checks question in the printed record, as the window asks before printing it (a planned
    date is information, not a doubt)."""
    from fazhi_desktop.core.validate import clean_record

    ledger = store.ledger(record.ledger)
    for warning in clean_record(ledger, record.values, store.lookups(ledger, record.values, record.id)).warnings:
        if not warning.advisory:
            print(f"  提示：{warning.label}：{warning.message}（文书上照样印出）", file=sys.stderr)


def _printer(quiet: bool) -> Progress:
    if quiet or not sys.stderr.isatty():
        return no_progress
    last = [""]

    def show(done: int, total: int, text: str) -> None:
        if text != last[0]:
            print(f"\r{text}".ljust(40), end="", file=sys.stderr, flush=True)
            last[0] = text

    return show


def cmd_register(args: argparse.Namespace) -> int:
    from fazhi_desktop.core.documents import (
        ALL,
        ALL_LABEL,
        period_name,
        quarter_months,
        register_year,
        render_register,
    )

    store, _ = _open(args)
    every = args.ledger == ALL  # 全部台账: every ledger's register, one after another
    ledger = None if every else store.ledger(args.ledger)
    place = _check_township(store, ledger, args.township)
    months = None
    if args.month:
        year, months = args.month[0], (args.month[1],) * 2
    elif args.quarter:
        year, months = args.quarter[0], quarter_months(args.quarter[1])
    else:
        year = args.year or max(register_year(store, name) for name in ([*store.ledgers] if every else [ledger.name]))
        if args.year is None:
            print(f"未指定 --year，打印{year}年的台账", file=sys.stderr)
    progress = _printer(args.quiet)
    rendered = render_register(store, ALL if every else ledger.name, year, args.output, progress=progress,
                               township=args.township, months=months)
    if progress is not no_progress:
        print(file=sys.stderr)
    _report(rendered, f"{place}{period_name(year, months)}{ALL_LABEL if every else f'{ledger.label}台账'}")
    return EXIT_OK


def _check_township(store, ledger, township: str | None) -> str:
    """`--township` names the township whose register the county prints, one with records in the ledger, as the
    window offers them (640522999 printed an empty register titled 2026年会议台账); a township prints its own.
    Returns the township's name ("" at a township)."""
    from fazhi_desktop.cli import UsageError
    from fazhi_desktop.core import divisions
    from fazhi_desktop.core.documents import all_townships, register_townships

    if township and not store.is_county:
        raise UsageError("--township 只用于县级数据库（乡镇打印的是本所的台账）")
    if not store.is_county:
        return ""
    # `ledger` None: 全部台账, of a township that sent records of any ledger
    offered = dict(all_townships(store) if ledger is None else register_townships(store, ledger.name))
    label = "任何台账" if ledger is None else ledger.label
    if township in offered:
        return offered[township]
    held = "、".join(f"{name}（{code}）" for code, name in offered.items()) or "（尚无）"
    if not township:
        raise UsageError("县里台账按乡镇打印，归入该乡镇的档案：请用 --township 指定乡镇（代码或名称）。"
                         f"有{label}记录的乡镇：{held}")
    name = divisions.names().get(township)
    raise UsageError(f"{f'{name}（{township}）' if name else township}没有{label}记录，无台账可打印。"
                     f"有{label}记录的乡镇：{held}")


def cmd_check_print(args: argparse.Namespace) -> int:
    from fazhi_desktop.core.documents import check_print

    store, _ = _open(args)
    result = check_print(store, args.code)
    print(result.message)
    return EXIT_OK if result.ok else EXIT_MISMATCH
