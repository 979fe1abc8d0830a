"""`fazhi year close|reopen|list`: 年度封账 (core/year_close.py).

    fazhi year close 2026 [--yes] [--clock-ok]  lock the year's 已提交/所长已审核 records and close it (所长, 管理员)
    fazhi year reopen 2026 --reason TEXT        reopen a closed year, the reason kept in the year log (所长, 管理员)
    fazhi year list                             the years closed and reopened, newest event first

`close` first says what closing means and which records it will lock; on a terminal it asks, without one it needs
`--yes` (as `fazhi restore` does), so a script cannot close a year by a typo in the year. It names today's date,
and refuses while the computer's clock is behind what the database recorded (core/clock_behind.py) unless
`--clock-ok`, which confirms the clock right first (as `fazhi clock confirm`, recorded): the closing would be
logged, and sent to the county, on a wrong day.
"""

from __future__ import annotations

import argparse
import sys

from fazhi_desktop import cli_arguments, cli_guards
from fazhi_desktop.core import retention, stale_papers, year_close
from fazhi_desktop.core.clock_behind import clock_behind, time_said
from fazhi_desktop.core.display import text_table
from fazhi_desktop.core.forms import STATUS_LABELS


def register_commands(sub: argparse._SubParsersAction) -> dict:
    """Add `fazhi year` to the parser; returns command name -> handler."""
    p = sub.add_parser("year", help="年度封账：封账、重新打开（所长、管理员），列出已封账的年度")
    years = p.add_subparsers(dest="year_command", required=True, metavar="操作")
    pc = years.add_parser("close", help="封账：锁定该年已提交、所长已审核的记录，此后该年的记录不能再新增、修改、删除")
    pc.add_argument("year", type=cli_arguments.year)
    pc.add_argument("--yes", action="store_true", help="不再询问，直接封账（用于脚本）")
    pc.add_argument("--clock-ok", action="store_true",
                    help="电脑时间早于本所记下的最近时间，但已用手机或网络时间核对电脑时间无误（是当时电脑时间走快了）："
                         "先确认电脑时间无误（同 fazhi clock confirm，记入账户日志），再封账")
    pr = years.add_parser("reopen", help="重新打开已封账的年度（须说明原因，记入年度封账日志并报送县里）")
    pr.add_argument("year", type=cli_arguments.year)
    pr.add_argument("--reason", required=True, metavar="TEXT", help="原因（必填）")
    years.add_parser("list", help="已封账、重新打开的年度")
    return {"year": cmd_year}


def cmd_year(args: argparse.Namespace) -> int:
    from fazhi_desktop import cli

    store = cli._open(args)
    actor = cli._actor(args, store)
    if args.year_command == "list":
        return _list(store)
    if args.year_command == "reopen":
        year_close.reopen_year(store, args.year, args.reason, actor)
        print(year_close.reopened_next(args.year))
        return cli.EXIT_OK
    open_records = year_close.open_records(store, args.year)
    records = year_close.to_lock(store, args.year, open_records)  # what close_year locks: not the matters in hand
    blocked = year_close.close_blocked(store, args.year, records)
    if blocked.reason is not None:
        print(f"错误：{blocked.reason}", file=sys.stderr)
        for record in blocked.drafts:  # the drafts when they are the block:
            print(f"  {_line(store, record)}", file=sys.stderr)  # listed, one a line, for the clerk to finish each
        return cli.EXIT_ERROR
    behind = clock_behind(store)
    if behind is not None and not args.clock_ok:
        print(f"错误：{behind}：电脑的日期可能不对，封账会按错误的日期记入年度封账日志并报送县里。请先用手机或网络"
              "时间核对电脑的日期和时间；电脑时间无误的（是记下那个时间时电脑时间走快了），可加 --clock-ok 确认"
              "电脑时间无误（同 fazhi clock confirm）后封账", file=sys.stderr)
        return cli.EXIT_ERROR
    if behind is not None:
        from fazhi_desktop.cli_clock import confirm_if_behind

        confirm_if_behind(args, store)
    print(f"{year_close.closing_day(store)}。封账后，{args.year}年的记录不能再新增、修改、删除或重新打开，"
          "直到所长或管理员重新打开该年（须说明原因）。")
    empty = year_close.empty_year(store, args.year)
    if empty:
        print(f"{empty}。")
    if records:
        unreviewed = year_close.unreviewed_said(records)
        print(f"将锁定 {len(records)} 条尚未锁定的记录" + (f"（{unreviewed}）" if unreviewed else "") + "：")
        for record in records:
            print(f"  {_line(store, record)}")
    handled = [record for record in open_records if year_close.left_open(store.ledger(record.ledger), record)]
    if handled:  # listed as the window lists them (grey): a check still being rectified among them
        print(f"办理中的 {len(handled)} 条不锁定，办结后仍可登记、审核和锁定：")
        for record in handled:
            print(f"  {_line(store, record)}")
    if not args.yes and not _confirmed(args.year):
        print("已取消，未封账", file=sys.stderr)
        return cli.EXIT_ERROR
    locked = year_close.close_year(store, args.year, actor)  # refuses with the reason (its drafts named)
    print(f"已封账：{args.year}年" + (f"（锁定 {len(locked)} 条记录）" if locked else ""))
    if reprint := stale_papers.said(store, args.year):
        print(reprint)
    return cli.EXIT_OK


def _line(store, record) -> str:
    """"〔2026〕会记字第3号  已提交  2026年第3次镇政府常务会议"."""
    ledger = store.ledger(record.ledger)
    return f"{record.number}  {STATUS_LABELS[record.status]}  {record.values.get(ledger.title_field) or ''}"


def _confirmed(year: int) -> bool:
    from fazhi_desktop.cli import UsageError

    if not sys.stdin.isatty():
        raise UsageError(f"封账后{year}年的记录不能再修改：非交互运行时请加 --yes 确认")
    return cli_guards.typed(f"确认将{year}年封账？输入 {year} 确认：").strip() == str(year)


def _list(store) -> int:
    _list_closings(store)
    if kept := retention.said(store):  # in an office that never closed a year too
        print(f"\n{kept}")
    return 0


def _list_closings(store) -> None:
    if store.is_county:
        _list_county(store)
        return
    entries = year_close.log(store)
    if not entries:
        print("尚无封账的年度")
        return
    states = year_close.states(store.conn)
    closed = [str(year) for year, state in states.items() if state.closed]
    print(f"已封账：{'、'.join(closed) or '无'}")
    rows = [[str(e["year"]), "封账" if e["op"] == year_close.CLOSE else "重新打开",
             time_said(store, e["at"], marked=False), e["actor"],
             (f"锁定 {e['locked']} 条" if e["op"] == year_close.CLOSE else e["reason"] or "")]
            for e in entries]
    print(text_table(["年度", "操作", "时间（北京时间）", "操作人", "说明"], rows))


#: how the county's list words each state a township's newest bundle gives a year
_STATES = (("已封账", year_close.CLOSE), ("封账后已重新打开", year_close.REOPEN))


def _list_county(store) -> None:
    """At the county, which townships closed each year, as their newest bundles say (数据完整性's 年度封账): the
    county's own year log is always empty, and 尚无封账的年度 read as "no township has closed 2026"."""
    from fazhi_desktop.core.indicators.completeness import closed_by_year
    from fazhi_desktop.core.indicators.townships import township_list

    where = "详见“县级汇总”页“数据完整性”的“年度封账”一栏（选该年度）"
    years = closed_by_year(store)
    if not years:
        print(f"{year_close.COUNTY}。已收到的数据包中还没有乡镇封账的年度（乡镇封账后报送的数据包会带来；{where}）")
        return
    print(f"{year_close.COUNTY}。按各乡镇最近一次报送的数据包：")
    names = {t.code: t.name for t in township_list(store)}
    for year, towns in years.items():
        said = [f"{label} {named}" for label, op in _STATES if (named := _named(towns, names, op))]
        rest = len([t for t in township_list(store, year=year) if t.code not in towns])
        print(f"{year}年：{'；'.join(said)}" + (f"；其余 {rest} 个乡镇尚未封账或封账后尚未报送数据包" if rest else ""))
    print(where)


def _named(towns: dict[str, tuple[str, str]], names: dict[str, str], op: str) -> str:
    """"2 个乡镇：海城镇（2027-01-12）、李旺镇（2027-01-15）" of `towns` whose year stands at `op`; "" for none."""
    days = [f"{names.get(code, code)}（{day}）" for code, (done, day) in towns.items() if done == op]
    return f"{len(days)} 个乡镇：{'、'.join(days)}" if days else ""
