"""`fazhi clock status|confirm`: this computer's clock against what the database recorded (core/clock_behind.py).

    fazhi clock status            now, the latest time recorded, whether the clock is behind it, the last confirmation
    fazhi clock confirm [--yes]   the 所长's or 管理员's word that the clock is right now, after it ran ahead

`confirm` first says what it asks (today's date as the computer reads it, the later time recorded, to check against
a phone or the network time); on a terminal it asks, without one it needs `--yes`. `--clock-ok` of `fazhi export`
and `fazhi year close` confirms the same way (`confirm_if_behind`) before going on.
"""

from __future__ import annotations

import argparse
import sys

from fazhi_desktop import cli_guards
from fazhi_desktop.core import clock_behind, year_close
from fazhi_desktop.core.clock import local_time, utc_iso
from fazhi_desktop.core.places import for_command_line
from fazhi_desktop.core.store import Store


def register_commands(sub: argparse._SubParsersAction) -> dict:
    """Add `fazhi clock` to the parser; returns command name -> handler."""
    p = sub.add_parser("clock", help="电脑时间：是否早于本所记下的时间；走快后改正的，由所长或管理员确认无误")
    clock = p.add_subparsers(dest="clock_command", required=True, metavar="操作")
    clock.add_parser("status", help="现在的时间、本所记下的最近时间、最近一次确认")
    pc = clock.add_parser("confirm", help="确认电脑时间无误（已用手机或网络时间核对）：此前记下的晚于现在的时间不再提示"
                                          "（所长、管理员；记入账户日志）")
    pc.add_argument("--yes", action="store_true", help="不再询问（用于脚本；请先核对电脑时间）")
    return {"clock": cmd_clock}


def cmd_clock(args: argparse.Namespace) -> int:
    from fazhi_desktop import cli

    store = cli._open(args)
    if args.clock_command == "status":
        return _status(store)
    question = clock_behind.confirm_question(store)
    if question is None:
        print("这台电脑的日期时间不早于本所记下的时间，无须确认")
        return cli.EXIT_OK
    asked = question.replace(f"点“{clock_behind.CONFIRM_BUTTON}”", "请确认")
    print(for_command_line(asked, year_close.REOPEN_BY_COMMAND))
    if not args.yes and not _answered():
        print("已取消，未确认", file=sys.stderr)
        return cli.EXIT_ERROR
    print(clock_behind.confirmed_text(clock_behind.confirm(store, cli._actor(args, store))))
    return cli.EXIT_OK


def confirm_if_behind(args: argparse.Namespace, store: Store) -> None:
    """`--clock-ok`: the clock confirmed right (core/clock_behind.py: 所长 or 管理员, recorded) when it is behind
    what the database recorded, said on stderr; nothing when it is not."""
    from fazhi_desktop import cli

    if clock_behind.clock_behind(store) is not None:
        done = clock_behind.confirm(store, cli._actor(args, store))
        print(clock_behind.confirmed_text(done), file=sys.stderr)


def _status(store: Store) -> int:
    print(f"这台电脑现在的日期时间：{local_time(utc_iso(store.clock()))}")
    latest = clock_behind.latest_recorded(store)
    if latest is not None:
        print(f"本所记下的最近时间：{clock_behind.recorded_time(*latest)}（{latest[1]}）")
    done = clock_behind.confirmation(store)
    if done is not None:
        print(f"最近一次确认：{done.by} 于 {local_time(done.at)} 确认电脑时间无误（所接受的：{done.what} "
              f"{clock_behind.recorded_time(done.accepted, done.what)}）")
    behind = clock_behind.clock_behind(store)
    if behind is None:
        print("电脑时间不早于本所记下的时间")
        return 0
    print(f"注意：{behind}。请核对电脑的日期和时间：不对的请改正；无误的（是记下那个时间时电脑时间走快了），"
          "请所长或管理员用 fazhi clock confirm 确认", file=sys.stderr)
    return 1


def _answered() -> bool:
    from fazhi_desktop.cli import UsageError

    if not sys.stdin.isatty():
        raise UsageError("非交互运行时请加 --yes 确认（请先用手机或网络时间核对电脑的日期和时间）")
    return cli_guards.typed("核对后电脑时间无误，请输入 y 确认：").strip().lower() in ("y", "yes", "是")
