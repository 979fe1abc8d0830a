"""`fazhi indicators`, `fazhi report`, `fazhi catalog` and `fazhi todo`: the seed's targets from the command line,
and what is still open at a township (its 待办事项, core/todo.py).

Wired into `fazhi_desktop.cli` by `register_commands`; errors are FazhiErrors (CatalogError names the file, the
entry and the reason), printed by `cli.main` in Chinese with exit status 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from fazhi_desktop.core.display import text_table, text_width
from fazhi_desktop.core.errors import FazhiError

EXIT_OK = 0
#: the matrix in a terminal: two characters per status
#: the end of --as-of's help, `indicators` and `report` alike: what the date does not move back
_AS_OF_DEFAULT = "（默认今天）；调解案件的结论（调解结果、结案日期、回访等）按现在所填的计，不退回到此日"
SHORT = {"达标": "达标", "目前达标": "目前", "进行中": "进行", "有风险": "风险", "未达标": "未达", "无数据": "—",
         "仅报告": "报告"}


def register_commands(subparsers: Any) -> dict[str, Any]:
    """Add the indicator commands to `fazhi`'s subparsers; returns their handlers by command name."""
    from fazhi_desktop.cli_arguments import day, township, year

    p = subparsers.add_parser("indicators", help="计算一年的法治政府建设指标（本乡镇，或县级汇总各乡镇）")
    p.add_argument("--year", required=True, type=year)
    p.add_argument("--township", metavar="CODE", type=township, help="只看一个乡镇（县级数据库）")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--catalog", type=Path, metavar="PATH", help="使用另一份指标目录（默认：设置中的或程序自带的）")
    p.add_argument("--as-of", type=day, metavar="DATE",
                   help="按此日期统计（日期在其后的记录不计入）、计算进度和剩余天数" + _AS_OF_DEFAULT)
    p.add_argument("--drill", metavar="CODE", help="列出某指标背后的记录，如 T40b")
    p.add_argument("--part", choices=["value", "denominator", "gap"], default="value",
                   help="与 --drill 连用：value 计入的，denominator 分母全部，gap 尚未计入的（如未办结的投诉）")

    p = subparsers.add_parser("report", help="把一年的指标报表写成 Excel（.xlsx）或 PDF")
    p.add_argument("--year", required=True, type=year)
    p.add_argument("-o", "--output", required=True, type=Path, metavar="FILE", help="输出文件：.xlsx 或 .pdf")
    p.add_argument("--township", metavar="CODE", type=township, help="只报一个乡镇（县级数据库）")
    p.add_argument("--catalog", type=Path, metavar="PATH", help="使用另一份指标目录")
    p.add_argument("--as-of", type=day, metavar="DATE",
                   help="按此日期统计（日期在其后的记录不计入）并计算进度" + _AS_OF_DEFAULT)

    p = subparsers.add_parser("catalog", help="指标目录：检查、启用县里自己的目录")
    sub = p.add_subparsers(dest="catalog_command", required=True, metavar="操作")
    pc = sub.add_parser("check", help="检查一份指标目录（不启用）；不给文件：检查已启用的，列出各年度适用的目录")
    pc.add_argument("path", type=Path, nargs="?", help="目录文件（默认：已启用的各份）")
    pu = sub.add_parser("use", help="启用一份指标目录（先检查），用于它写明的年度（from_year、until_year）；"
                                    "--default 各年度都恢复程序自带的")
    pu.add_argument("path", type=Path, nargs="?")
    pu.add_argument("--default", action="store_true", help="各年度都恢复使用程序自带的指标目录")

    p = subparsers.add_parser("todo", help="待办事项：尚未办结的事项、未达标的指标、等待修改或审核的记录（逾期的在前）")
    p.add_argument("--year", type=year,
                   help="列哪一年的未达标指标（默认同本年度指标页：今年；1月里上一年尚未封账时为上一年）；未办结的事项各年都列")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("-o", "--output", type=Path, metavar="FILE",
                   help="写入文件而不是显示：.xlsx（Excel 工作簿）或 .csv（不含身份证号、电话）")
    return {"indicators": cmd_indicators, "report": cmd_report, "catalog": cmd_catalog, "todo": cmd_todo}


def _open(args: argparse.Namespace):
    from fazhi_desktop import cli  # imported here: cli imports this module while it builds its parser

    return cli._open(args)


def cmd_indicators(args: argparse.Namespace) -> int:
    from fazhi_desktop.core import overdue
    from fazhi_desktop.core.bundle.receipt_earlier import indicators_note
    from fazhi_desktop.core.indicators import compute, load_catalog_for
    from fazhi_desktop.core.indicators.engine import AS_OF_NOTE
    from fazhi_desktop.core.indicators.moving import moving

    store = _open(args)
    catalog = load_catalog_for(store, args.catalog, year=args.year)
    if args.drill:
        return _print_drill(store, catalog, args)
    results = compute(store, catalog, args.year, args.township, args.as_of, ids=args.format == "json")
    comp = None
    if store.is_county:  # a township whose records of the ended year may not all have arrived: marked, and said
        from fazhi_desktop.core.indicators.completeness import completeness

        comp = completeness(store, args.year, results.today, results.carried).only(
            town.code for town in results.townships)
    if args.format == "json":
        print(json.dumps(_json(store, results, comp.not_all_arrived() if comp else {}), ensure_ascii=False,
                         indent=2))
        return EXIT_OK
    scope = results.name(args.township) if args.township else store.setting("office_name") or ""
    print(f"{scope} {args.year} 年法治政府建设指标（统计截至 {results.today.isoformat()}；{catalog.label}）")
    if args.as_of is not None:  # a day other than today: say what of the records is as of then, and what is not
        print(AS_OF_NOTE)
    if late := overdue.note(store):  # a township's records late now, of every year, as its 指标 page says above them
        print(late)
    elif args.township and comp is not None and comp.townships and (said := comp.townships[0].attention()):
        # at the county, one township's: its 需关注 as 数据完整性 says it (逾期 among them), one item to a line
        print("需关注　" + said.replace("\n", "\n　　　　"))
    if len(results.townships) > 1:
        _print_matrix(results, comp.not_all_arrived() if comp else {})
    else:
        _print_township(results)
    if comp is not None and comp.arrival_note():
        print(f"\n{comp.arrival_note()}")
    if results.ahead_text(args.township):
        print(f"\n{results.ahead_text(args.township)}")
    if merged := results.merged_note():  # a township merged away: its records counted under the one it joined
        print(f"\n{merged}")
    if earlier := indicators_note(store, args.year):  # a re-installed township: the county counts more
        print(f"\n{earlier}")
    if still := moving(store, results, comp).note():
        print(f"\n{still}")
    missing = "、".join(f"{i.code} {i.title}" for i in catalog.not_computable)
    if missing:
        print(f"\n本版本不能计算（缺少台账）：{missing}")
    return EXIT_OK


def _print_township(results) -> None:
    town = results.townships[0].code
    rows = [[f.indicator.code, f.indicator.title, f.amount_text(), f.indicator.target_text(), f.status_text,
             _days(f)] for f in results.for_township(town, results.catalog.targets)]
    print(text_table(["代码", "指标", "完成", "目标", "状态", "剩余"], rows))
    said = results.no_data_note(results.catalog.targets)  # what the page's 说明 says of each 无数据
    if said:
        print(said)
    print("\n调解统计")
    rows = [[f.indicator.code, f.indicator.title, f.amount_text()]
            for f in results.for_township(town, results.catalog.statistics)]
    print(text_table(["代码", "统计", "数值"], rows))
    # a year without any record says so under the targets; the statistics' note would be the same line again
    if (empty := results.no_data_note(results.catalog.statistics)) and empty != said:
        print(empty)


def _days(fig) -> str:
    return fig.time_left().removeprefix("还剩 ") if fig.status in ("进行中", "有风险") else ""


def _print_matrix(results, late: dict) -> None:
    from fazhi_desktop.core.indicators.views import STATUS_NOTES

    judged = results.catalog.judged
    rows = [[f"{t.name} *" if t.code in late else t.name, *(SHORT[results.figure(i.code, t.code).status_text]
                                                            for i in judged)] for t in results.townships]
    for status in ("达标", "未达标"):
        rows.append([f"{status}乡镇数", *(str(results.summary(i.code)[status]) for i in judged)])
    print(text_table(["乡镇", *(i.code for i in judged)], rows))
    print("状态：")
    for note in STATUS_NOTES:  # "有风险＝进度落后…" as "  风险  有风险：进度落后…"
        status, meaning = note.split("＝", 1)
        short = SHORT[status]
        pad = " " * (6 - text_width(short))
        print(f"  {short}{pad}{meaning if short == status else f'{status}：{meaning}'}")
    if empty := results.no_data_note(judged):  # each "—" of the matrix: what it lacks
        print(empty)
    print("指标：")
    for indicator in judged:
        print(f"  {indicator.code:<5} {indicator.title}（{indicator.target_text()}）")
    shown = "、".join(f"{i.code} {i.title}" for i in results.catalog.reported)
    if shown:  # a county's own report-only indicator is not lost: said where its figures are
        print(f"仅报告、不评状态（不在矩阵中，各乡镇数值见 --township CODE 或 fazhi report 的指标明细）：{shown}")
    print("各乡镇明细：--township CODE；全部数字和记录：--format json")


def _json(store, results, late: dict[str, date]) -> dict[str, Any]:
    """The figures with their records; `late`: the townships judged on what arrived (`Completeness.not_all_arrived`),
    each with the day its last bundle was made."""
    from fazhi_desktop.core.indicators.views import record_refs

    refs = record_refs(store, results)

    def records(ids) -> list[dict[str, Any]]:
        listed = [(i, refs.get(i)) for i in ids]
        return [{"id": i, "number": r.number if r else None, "status": r.status_label if r else None,
                 **({"possible_duplicate_of": list(r.twins)} if r and r.twins else {}),
                 **({"earlier_install": True} if r and r.earlier else {}),
                 **({"in_conflict": True} if r and r.conflict else {})} for i, r in listed]
    catalog = results.catalog

    def figure(f) -> dict[str, Any]:
        out = {"code": f.indicator.code, "title": f.indicator.title, "section": f.indicator.section,
               "numerator": _n(f.numerator), "denominator": _n(f.denominator), "value": _n(f.value),
               "status": f.status,
               "target": f.indicator.target_text(), "progress": f.progress_text(), "days_left": f.days_left,
               "records": records(f.ids or ())}
        if f.denominator_ids is not None:
            out["denominator_records"] = records(f.denominator_ids)
        if f.breakdown:
            out["breakdown"] = {k: {"numerator": _n(n), "denominator": _n(d)} for k, (n, d) in f.breakdown.items()}
        return out

    return {
        "year": results.year, "as_of": results.today.isoformat(),
        "catalog": {"name": catalog.name, "version": catalog.version, "source": catalog.source,
                    "from_year": catalog.from_year, "until_year": catalog.until_year},
        "townships": [{"code": t.code, "name": t.name, "records_in_year": results.active.get(t.code, 0),
                       **({"last_bundle_made_before_year_end": late[t.code].isoformat()} if t.code in late else {}),
                       "figures": [figure(f) for f in results.for_township(t.code)]} for t in results.townships],
        "not_computable": [{"code": i.code, "text": i.text, "needs": i.needs} for i in catalog.not_computable],
    }


def _n(value: float | None) -> float | int | None:
    """Counts as integers in JSON (3, not 3.0); ratios stay fractions."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _print_drill(store, catalog, args: argparse.Namespace) -> int:
    from fazhi_desktop.core.indicators import drill, township_list
    from fazhi_desktop.core.indicators.describe import rule_and_note
    from fazhi_desktop.core.indicators.drill import count_text, why_empty

    found = drill(store, catalog, args.drill, args.year, args.township, args.part, args.as_of)
    names = {t.code: t.name for t in township_list(store)}
    print(found.heading)
    print(rule_and_note(found.indicator, store.ledger(found.indicator.ledger)))
    if found.records:
        counted = any(r.amount is not None for r in found.records)
        marked = any(r.mark for r in found.records)
        rows = [[r.number or "", r.date or "", r.title, names.get(r.township, r.township), r.status_label]
                + ([r.quantity] if counted else []) + ([r.mark] if marked else []) for r in found.records]
        extra = [found.quantity_header] if counted else []
        print(text_table(["编号", "日期", "名称", "乡镇", "状态", *extra, *(["核对"] if marked else [])], rows,
                         max_width=40))
    if found.people:  # T47's from the roster with 职务 and 任职时间: why each is listed
        if found.records:
            print()
        posts = found.indicator.from_roster
        print(text_table(["姓名", "乡镇", *(["职务", "任职时间"] if posts else [])],
                         [[name, names.get(town, town), *(found.post_of(town, name) if posts else ())]
                          for town, name in found.people], max_width=40))
    print(count_text(found, names))
    reason = why_empty(store, found, args.as_of)
    if reason:
        print(reason)
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from fazhi_desktop.core.indicators import load_catalog_for
    from fazhi_desktop.core.indicators.views import build_report

    suffix = args.output.suffix.lower()
    if suffix not in (".xlsx", ".pdf"):
        raise FazhiError(f"报表文件应以 .xlsx 或 .pdf 结尾：{args.output}")
    store = _open(args)
    catalog = load_catalog_for(store, args.catalog, year=args.year)
    report = build_report(store, catalog, args.year, args.township, args.as_of)
    if suffix == ".xlsx":
        from fazhi_desktop.core.indicators.report_xlsx import write_xlsx

        path = write_xlsx(report, args.output)
        print(f"已生成 {args.year} 年指标报表：{path}（工作表：{'、'.join(v.name for v in report.views)}）")
    else:
        from fazhi_desktop.core.indicators.report_pdf import write_pdf_report

        path, pages, notice = write_pdf_report(report, args.output)
        print(f"已生成 {args.year} 年指标报表：{path}（共 {pages} 页）")
        if notice:
            print(f"提示：{notice}", file=sys.stderr)
    return EXIT_OK


def cmd_todo(args: argparse.Namespace) -> int:
    """What is still open at the township, as 统计 → 待办事项 lists it (core/todo.py), group by group."""
    from fazhi_desktop.core import todo

    store = _open(args)
    found = todo.build(store, args.year)
    if args.output is not None:
        count = todo.write(found, args.output)
        print(f"已导出待办事项 {count} 项：{args.output}")
        return EXIT_OK
    if args.format == "json":
        keys = ("group", "number", "ledger_label", "date", "title", "handler", "missing", "due", "days")
        items = [dict(zip(keys, item.cells(), strict=True)) | {"late": item.late, "ledger": item.ledger or None,
                                                               "id": item.record_id or None} for item in found.items]
        print(json.dumps({"today": found.today, "year": found.year, "items": items, "notes": found.notes},
                         ensure_ascii=False, indent=2))
        return EXIT_OK
    office = store.setting("office_name") or ""
    print(f"{office}待办事项（截至 {found.today}）：{found.summary()}")
    for group, items in found.groups().items():
        print(f"\n{group}（{len(items)} 项）")
        print(text_table(todo.HEADERS[1:], [item.cells()[1:] for item in items], max_width=100))
    for note in found.notes:
        print(f"\n{note}")
    return EXIT_OK


def cmd_catalog(args: argparse.Namespace) -> int:
    from fazhi_desktop.core.indicators import (
        UNUSABLE,
        UNUSABLE_NOTE,
        catalog_schedule,
        load_catalog,
        schedule_lines,
        use_catalog,
    )
    from fazhi_desktop.core.indicators.catalog_copies import files_changed
    from fazhi_desktop.core.indicators.catalog_years import undated_note
    from fazhi_desktop.core.indicators.later_fields import later_field_warnings

    store = _open(args)
    if args.catalog_command == "use" and args.default:
        use_catalog(store, None)
        print("已恢复使用程序自带的指标目录（各年度）")
        return EXIT_OK
    if args.catalog_command == "use" and not args.path:
        raise FazhiError("请给出指标目录文件，或用 --default 恢复程序自带的")
    if not args.path:  # every catalog enabled, checked, with the years each scores
        print("各年度适用的指标目录（均已检查无误）：")
        for years, catalog in catalog_schedule(store):
            print(f"  {years}：{catalog.label}　{catalog.source}")
        for note in files_changed(store):
            print(f"注意：{note}")
        return EXIT_OK
    catalog = load_catalog(args.path, store.ledgers)
    counts = (len(catalog.computable), len(catalog.not_computable))
    print(f"指标目录无误：{catalog.source}")
    print(f"{catalog.label}：适用年度 {catalog.years_text}；可计算 {counts[0]} 项，本版本不能计算 {counts[1]} 项")
    for warning in later_field_warnings(catalog, store.ledgers):
        print(f"注意：{warning}")
    if args.catalog_command == "use":
        note = undated_note(store, catalog)  # before: it names the closed years the old catalog scored
        use_catalog(store, args.path)
        print("已启用；fazhi indicators、fazhi report 和程序中的指标页按各年度适用的目录计算：")
        lines = schedule_lines(store)  # another year's catalog unusable now: said, and this one stays enabled
        for line in lines:
            print(f"  {line}")
        if any(UNUSABLE in line for line in lines):
            print(f"注意：{UNUSABLE_NOTE}")
        if note:
            print(f"注意：{note}")
    return EXIT_OK
