"""`fazhi`: every core capability from the command line (county staff automate; tests drive it).

Exit status: 0 success, 1 a user or data error (the message names the field or file), 2 bad usage.
"""

from __future__ import annotations

from fazhi_desktop import cli_guards  # the standard library's lightest modules only

with cli_guards.starting():  # Ctrl-C while the rest loads (about 0.1 s): 已取消, not a traceback
    import argparse
    import getpass
    import json
    import os
    import sqlite3
    import sys
    from collections.abc import Sequence
    from pathlib import Path
    from typing import Any

    from fazhi_desktop import argparse_chinese, cli_arguments
    from fazhi_desktop.core import (
        damaged,
        divisions,
        failures,
        instance,
        list_export,
        overdue,
        paths,
        private_files,
        reveals,
        sent_back,
        textfiles,
    )
    from fazhi_desktop.core.clock import local_time, local_today
    from fazhi_desktop.core.display import (
        NOT_CONCLUDED,
        display_value,
        list_cell,
        mask_value,
        masked_whole,
        not_concluded,
        shown_value,
        status_text,
        text_table,
        text_width,
        typed_numbers_masked,
    )
    from fazhi_desktop.core.errors import FazhiError, ValidationError
    from fazhi_desktop.core.forms import FieldDef, FormError, LedgerDef, load_forms
    from fazhi_desktop.core.places import for_command_line
    from fazhi_desktop.core.store import ListQuery, Record, Store

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
#: command -> what a ValidationError left undone, where no record was being saved (cli_accounts.UNDONE: the
#: accounts'); any other command's is a record's, said as 记录未保存 and the fields to correct
UNDONE = {"init": "数据库未创建", "year reopen": "年度未重新打开", "reopen": "记录未重新打开",
          "people add": "未加入名册", "person find": "未查找", "person extract": "未生成摘录"}


class UsageError(Exception):
    pass


class ShowVersion(argparse.Action):
    """`fazhi --version`: the program's version, as 关于法治台账 shows it and bundles record it (looked up only when
    asked: every command builds the parser)."""

    def __init__(self, option_strings: list[str], dest: str, **_kwargs: Any):
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help="显示程序版本并退出")

    def __call__(self, parser: argparse.ArgumentParser, *_args: Any) -> None:
        print(f"法治台账 fazhi-desktop {paths.shown_version()}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    argparse_chinese.install()
    parser = argparse.ArgumentParser(prog="fazhi", description="法治台账：乡镇司法所台账的命令行工具")
    parser.add_argument("--db", type=Path, help="数据库文件（默认：环境变量 FAZHI_DB，否则用户数据目录下的 fazhi.db）")
    parser.add_argument("--user", default=os.environ.get("FAZHI_USER") or None,
                        help="登录的用户名（默认取环境变量 FAZHI_USER；数据库已设置账户时必需，密码取自环境变量 "
                        "FAZHI_PASSWORD 或在终端中输入；没有账户时为操作人姓名，默认为初始设置中的操作员）")
    parser.add_argument("--version", action=ShowVersion)
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    p = sub.add_parser("init", help="新建乡镇（或县级）数据库")
    p.add_argument("--township", required=True, metavar="CODE", type=cli_arguments.township,
                   help="9位乡镇代码或乡镇名称；与 --county 连用时为6位县代码或县名")
    p.add_argument("--office", help="单位名称，默认“<乡镇>司法所”")
    p.add_argument("--operator", help="操作员姓名")
    p.add_argument("--county", action="store_true", help="县级汇总模式")
    p.add_argument("--admin", action="store_true",
                   help="同时以 --operator 为用户名创建管理员账户（密码取自 FAZHI_NEW_PASSWORD 或在终端中输入）")

    p = sub.add_parser("demo", help="填入演示数据")
    p.add_argument("--year", type=cli_arguments.year, help="年份（默认今年）")
    p.add_argument("--per-ledger", type=cli_arguments.count, default=30, help="每个台账的记录数（默认30）")
    p.add_argument("--seed", type=int, default=2026, help="随机种子（相同种子得到相同数据）")

    p = sub.add_parser("ledgers", help="列出台账及其字段")
    p.add_argument("--format", choices=["table", "json"], default="table")

    p = sub.add_parser("add", help="新增一条记录（--json），或从 Excel 导入多条记录（--from）")
    p.add_argument("ledger")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--json", metavar="FILE", help="JSON 文件，- 表示标准输入")
    source.add_argument("--from", dest="from_file", type=Path, metavar="FILE",
                        help="从 Excel 导入记录：.xlsx 工作簿（模板见 fazhi template）或 .csv；全部无误才导入")
    p.add_argument("--dry-run", action="store_true", help="与 --from 同用：只检查，列出问题和提醒，不导入")
    p.add_argument("--again", action="store_true",
                   help="与 --from 同用：同一文件的这些记录已导入过，仍再导入一次（记录会重复）")
    p.add_argument("--skip-sheet", action="append", default=[], metavar="NAME",
                   help="与 --from 同用：不读取这个工作表（如与各月重复的“全年”），可多次给出")

    p = sub.add_parser("update", help="修改记录（只改 JSON 中给出的字段）")
    p.add_argument("id", help="记录标识或编号")
    p.add_argument("--json", required=True, metavar="FILE", help="JSON 文件，- 表示标准输入")
    p.add_argument("--revision", type=cli_arguments.number, help="期望的当前版本号（防止覆盖他人的修改）")
    p.add_argument("--reason", metavar="TEXT", help="修改原因，记入修改历史（如 当事人申请更正身份证号）")

    p = sub.add_parser("delete", help="删除记录（保留历史，可用 undelete 恢复）")
    p.add_argument("id", help="记录标识或编号")

    p = sub.add_parser("undelete", help="恢复误删的记录（编号、附件不变，历史保留）")
    p.add_argument("id", help="记录标识或编号")

    p = sub.add_parser("show", help="显示一条记录")
    p.add_argument("id", help="记录标识或编号")
    p.add_argument("--format", choices=["table", "json"], default="table")
    cli_arguments.reveal_options(p)

    p = sub.add_parser("list", help="列出台账记录")
    p.add_argument("ledger")
    p.add_argument("--year", type=cli_arguments.stored_year,
                   help="只列这一年的记录（1–9999：也能找到旧版本存下的 9999 年等日期，以便更正）")
    p.add_argument("--search", default="", metavar="TEXT", help="按文字查找（一两个字的姓名也可以）")
    p.add_argument("--status", metavar="STATUS", type=cli_arguments.status,
                   help="只列这一状态的记录：草稿、已提交、所长已审核、已锁定（或 draft、submitted、reviewed、"
                        "locked）；退回待改：所长重新打开、尚未再次提交的草稿；逾期：期限已过、尚未办结的记录"
                        "（各年，除非给出 --year）")
    p.add_argument("--township", metavar="CODE", type=cli_arguments.township,
                   help="县级：只列这个乡镇的记录（代码或名称）")
    p.add_argument("--entered-by", metavar="ACCOUNT",
                   help="只列这个账户登记的记录（登记人：账户名或姓名，如人员交接时看离岗的人登记了哪些）")
    p.add_argument("--limit", type=cli_arguments.count)
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p.add_argument("-o", "--output", type=Path, metavar="FILE",
                   help="写入文件而不是显示：.xlsx（Excel 工作簿）或 .csv（UTF-8 带 BOM，Excel 可直接打开）")
    cli_arguments.reveal_options(p)

    sub.add_parser("check", help="检查数据库完整性、变更日志哈希链和每条记录的摘要")
    from fazhi_desktop import cli_documents  # pdf, register, check-print

    COMMANDS.update(cli_documents.register_commands(sub))
    from fazhi_desktop import cli_bundles  # keys, county-key, export, verify, import, enrol, revoke, receipt

    COMMANDS.update(cli_bundles.register_commands(sub))
    from fazhi_desktop import cli_indicators  # indicators, report, catalog, todo

    COMMANDS.update(cli_indicators.register_commands(sub))
    from fazhi_desktop import cli_accounts  # accounts, history, submit, review, lock, reopen

    COMMANDS.update(cli_accounts.register_commands(sub))
    from fazhi_desktop import cli_backup  # backup, backup-settings, restore

    COMMANDS.update(cli_backup.register_commands(sub))
    from fazhi_desktop import cli_years  # year close, reopen, list

    COMMANDS.update(cli_years.register_commands(sub))
    from fazhi_desktop import cli_clock  # clock status, confirm

    COMMANDS.update(cli_clock.register_commands(sub))
    from fazhi_desktop import cli_rows  # template (add --from is `add`'s)

    COMMANDS.update(cli_rows.register_commands(sub))
    from fazhi_desktop import cli_people  # people add, list, history

    COMMANDS.update(cli_people.register_commands(sub))
    from fazhi_desktop import cli_numbers  # renumber, number-from

    COMMANDS.update(cli_numbers.register_commands(sub))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; what it prints goes through `cli_guards.StandardOutput`, so that a full disk behind
    `> file`, a closed pipe and Ctrl-C (also while the parser is built) end in Chinese or quietly, never in a
    traceback."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    cli_guards.forget_cancel_notes()
    running = instance.announce_running()  # noqa: F841  (held while the command runs: an upgrade waits for it too)
    output, errors = cli_guards.StandardOutput(sys.stdout), cli_guards.TerminalErrors(sys.stderr)
    sys.stdout, sys.stderr = output, errors  # type: ignore[assignment]
    try:
        with private_files.owner_only():  # the database and its backups: the user's alone (POSIX)
            private_files.restrict(paths.data_dir(), private_files.FOLDER_MODE)  # made 0755 by an earlier version
            code = _run(build_parser().parse_args(argv))
        sys.stdout.flush()  # a short output fails only here: said while it can be, not lost at exit
        return code
    except KeyboardInterrupt:  # while the parser is built and the command modules load
        return cli_guards.cancelled()
    except cli_guards.OutputFailed as failure:
        return cli_guards.output_failed(failure)
    except BrokenPipeError:  # `fazhi list ... | head`: the reader left, which is not an error
        return cli_guards.pipe_closed()
    finally:
        sys.stdout, sys.stderr = output.original, errors.original
        _close_opened()


def _run(args: argparse.Namespace) -> int:
    try:
        return COMMANDS[args.command](args)
    except ValidationError as exc:
        from fazhi_desktop import cli_accounts
        from fazhi_desktop.core.year_close import REOPEN_BY_COMMAND  # the command that reopens a year, not the menu

        key = cli_accounts.command_key(args)
        undone = UNDONE.get(key) or cli_accounts.UNDONE.get(key)
        if undone:  # an account's password or state: no record, no fields to correct
            print(f"错误：{undone}（{'；'.join(str(p) for p in exc.problems)}）", file=sys.stderr)
            return EXIT_ERROR
        print("错误：记录未保存，请改正以下字段：", file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem.label}：{for_command_line(problem.message, REOPEN_BY_COMMAND)}", file=sys.stderr)
        return EXIT_ERROR
    except (FazhiError, FormError) as exc:
        from fazhi_desktop.core.year_close import REOPEN_BY_COMMAND

        print(f"错误：{for_command_line(_unrepeated(str(exc)), REOPEN_BY_COMMAND)}", file=sys.stderr)
        return EXIT_ERROR
    except UsageError as exc:
        print(f"用法错误：{exc}", file=sys.stderr)
        return EXIT_USAGE
    except sqlite3.Error as exc:  # a read on a damaged or vanished file: said in Chinese, never a traceback
        print(f"错误：{_storage_message(exc)}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return cli_guards.cancelled()


def _storage_message(exc: sqlite3.Error) -> str:
    damage = damaged.said(exc)  # text that is not UTF-8: damage, said without the record's bytes
    if damage is not None:
        return str(damage)
    typed = failures.from_sqlite(exc, None, "读取数据库")
    return str(typed) if typed is not None else f"数据库错误：{exc}"


def _db_path(args: argparse.Namespace) -> Path:
    """The database file; a folder given for it is said as such (SQLite would only say it cannot open it)."""
    from fazhi_desktop.core import db_place

    path = args.db or paths.default_db_path()
    if path.is_dir():
        said = f"数据库文件 {path}：{failures.IsAFolder.reason}。请给出数据库文件的名字（如 fazhi.db）。"
        raise failures.IsAFolder(said, path)
    db_place.refuse_network(path)  # two PCs on one file over the network: not opened, the way out said
    return path


#: what `_open` said before the command ran (the database was renamed away from its files): an error that begins
#: with it says only what follows
_SAID: list[str] = []


def _unrepeated(text: str) -> str:
    said = next((said for said in _SAID if text.startswith(said) and len(text) > len(said)), None)
    return f"{said.split('：')[0]}（见上）{text[len(said):]}" if said else text


#: stores a command opened; `main` closes them, so the file is checkpointed and released when the command ends
_OPENED: list[Store] = []


def _open(args: argparse.Namespace) -> Store:
    from fazhi_desktop.core import renamed

    store = Store.open(_db_path(args))
    _OPENED.append(store)
    for note in store.opened_notes:  # a restore or an export cut short, finished now
        print(f"注意：{note}", file=sys.stderr)
    _warn_if_shared(store.path)
    moved = renamed.find(store.path, store.conn) if args.command != "check" else None  # check lists it
    if moved is not None:
        print(f"注意：{moved}", file=sys.stderr)
        _SAID.append(str(moved))
    _sign_in(args, store)
    return store


def _warn_if_shared(path: Path) -> None:
    """A database in a sync folder or on a stick (not the portable mode's): said before each command."""
    from fazhi_desktop.core import db_place

    place = db_place.warned_of(path)
    if place is not None:
        print(f"注意：{db_place.warning(path, place)}", file=sys.stderr)


def _sign_in(args: argparse.Namespace, store: Store) -> None:
    """Once the database has accounts: log the user in and check the command's permission (cli_accounts)."""
    from fazhi_desktop.cli_accounts import sign_in

    sign_in(args, store)


def _close_opened() -> None:
    while _OPENED:
        _OPENED.pop().close()
    _SAID.clear()


def _actor(args: argparse.Namespace, store: Store) -> str:
    if store.user is not None:  # logged in: the account is the actor
        return store.user.name
    return args.user or store.setting("operator") or getpass.getuser()


def _read_json(source: str) -> dict[str, Any]:
    name = "标准输入" if source == "-" else source
    if source.lstrip().startswith(("{", "[")) and not os.path.exists(source):  # --json "$(cat c.json)"
        raise FazhiError("--json 需要文件名，或用 - 从标准输入读取（如 --json c.json，或 … --json - < c.json），"
                         "不是 JSON 内容本身")
    try:
        if source != "-":
            text = textfiles.read_text(source)
        elif hasattr(sys.stdin, "buffer"):  # the bytes, not the console's code page (cp936 on Chinese Windows)
            text = textfiles.decode_text(sys.stdin.buffer.read())
        else:
            text = sys.stdin.read()
    except OSError as exc:  # a folder, a misspelt name: in Chinese (core/failures)
        raise failures.cannot_read(exc, name, "JSON 文件") from None
    except UnicodeDecodeError:
        raise FazhiError(f"{name} {textfiles.NOT_TEXT}") from None
    try:
        data = textfiles.parse_json(text)
    except textfiles.NotParsed as exc:  # a syntax error, a 5,000-digit number, nesting 100,000 deep
        raise FazhiError(f"{name} 不是有效的 JSON（{exc}）") from None
    if not isinstance(data, dict):
        raise FazhiError(f"{name} 应为一个 JSON 对象（字段名: 值）")
    if source == "-" and (found := textfiles.question_marks(data)) is not None:
        raise FazhiError(f"{name}中字段 {found[0]} 是“{found[1][:40]}”，{textfiles.QUESTION_MARKS}")
    return data


def _resolve(store: Store, key: str, include_deleted: bool = False) -> Record:
    """The record a command names by its number (an old one too), as a ledger's numbering reads it (2026人調字第1號
    too), or its id; a deleted one only when asked."""
    spelled = store.number_spelling(key)
    if spelled is not None:
        record = store.find_by_number(key, include_deleted)
        if record.number not in (key, spelled):
            print(f"编号 {key} 已改为 {record.number}（日期的年份或类别改过）", file=sys.stderr)
        return record
    return store.get(key, include_deleted=include_deleted)


def _print_saved(action: str, record: Record, ledger: LedgerDef) -> None:
    print(record.id)
    print(f"{action}：{ledger.label} {record.number}（第 {record.revision} 版）", file=sys.stderr)
    from fazhi_desktop.cli_numbers import NUMBERS_BY_COMMAND  # 按日期重新编号's menu path: the command beside it

    for warning in record.warnings:
        print(f"  提示：{warning.label}：{for_command_line(warning.message, NUMBERS_BY_COMMAND)}", file=sys.stderr)


def cmd_init(args: argparse.Namespace) -> int:
    from fazhi_desktop import cli_accounts
    from fazhi_desktop.core.setup import init_database

    path = _db_path(args)
    # the 管理员's name and password are asked and checked before anything is created: a database without its
    # 管理员 cannot be set up again (init refuses an existing file)
    password = cli_accounts.first_admin_password(args.operator) if args.admin else None
    store = init_database(path, args.township, office=args.office, county=args.county, operator=args.operator)
    _OPENED.append(store)
    mode = "县级汇总" if store.is_county else "乡镇"
    print(f"已创建{mode}数据库：{path}")
    print(f"单位：{store.setting('office_name')}（{store.setting('division_name')}，代码 {store.township}）")
    if password is None:
        print(f"提示：尚未创建账户。{cli_accounts.HINT}", file=sys.stderr)
    else:
        user = cli_accounts.create_first_admin(store, args.operator, password)
        print(f"已创建管理员账户：{user.name}")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from fazhi_desktop.core.bundle import demo_mark
    from fazhi_desktop.core.demo import fill_demo

    store = _open(args)
    year = args.year or local_today(store.clock).year
    was_demo = demo_mark.is_demo(store)
    counts = fill_demo(store, year=year, per_ledger=args.per_ledger, seed=args.seed)
    from fazhi_desktop.cli_accounts import demo_accounts_note

    demo_accounts_note(store)
    total = sum(v for k, v in counts.items() if k != "people")
    print(f"已填入 {year} 年演示数据：{total} 条记录，名册 {counts.get('people', 0)} 人")
    for name, ledger in store.ledgers.items():  # in the notice's order, as everywhere
        if name in counts:
            print(f"  {ledger.label}：{counts[name]}")
    if not was_demo:  # an office's new database, a demo for good now: its bundles refused by a real county
        print(f"注意：{demo_mark.BECAME}", file=sys.stderr)
    return EXIT_OK


#: 备注, which every ledger's records take beside their form's fields (`fazhi add` with 备注 as a key points here)
_REMARKS = {"name": "remarks", "label": "备注", "type": "longtext", "required": False}


def cmd_ledgers(args: argparse.Namespace) -> int:
    ledgers = load_forms()
    if args.format == "json":
        out = [
            {
                "name": ledger.name, "label": ledger.label, "version": ledger.version,
                "fields": [*(_field_json(f) for f in ledger.fields), dict(_REMARKS)],
            }
            for ledger in ledgers.values()
        ]
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return EXIT_OK
    for ledger in ledgers.values():
        print(f"{ledger.name}  {ledger.label}（第 {ledger.version} 版，{len(ledger.fields) + 1} 个字段，含备注）")
        rows = []
        for f in ledger.fields:
            rows.append([f.name, f.label, f.type, "是" if f.required else "", "、".join(f.choices)])
            rows += [[f"  .{s.name}", s.label, s.type, "是" if s.required else "", "、".join(s.choices)]
                     for s in f.fields]
        rows.append([_REMARKS["name"], _REMARKS["label"], _REMARKS["type"], "", ""])
        print(text_table(["字段", "名称", "类型", "必填", "可选值"], rows, indent=2))
        print()
    return EXIT_OK


def _field_json(f) -> dict[str, Any]:
    out: dict[str, Any] = {"name": f.name, "label": f.label, "type": f.type, "required": f.required}
    if f.choices:
        out["choices"] = list(f.choices)
    if f.fields:
        out["fields"] = [_field_json(s) for s in f.fields]
    return out


def cmd_add(args: argparse.Namespace) -> int:
    if args.from_file is not None:
        from fazhi_desktop import cli_rows

        return cli_rows.add_from_file(args)
    if args.dry_run or args.again or args.skip_sheet:
        named = "--dry-run" if args.dry_run else "--again" if args.again else "--skip-sheet"
        raise UsageError(f"{named} 只与 --from 同用")
    store = _open(args)
    ledger = store.ledger(args.ledger)
    data = _read_json(args.json)
    if not data.get(ledger.date_field):  # dated today by the form's default: a clock behind puts it in a wrong year
        from fazhi_desktop.core.clock_behind import doubtful_today

        if doubt := doubtful_today(store, ledger, local_today(store.clock).isoformat()):
            print(f"注意：{doubt}（日期未给出，按电脑的日期填写）", file=sys.stderr)  # also before a refusal
    else:
        from fazhi_desktop.core.year_slip import slipped_year

        if slip := slipped_year(store, ledger, data[ledger.date_field]):
            print(f"注意：{slip}", file=sys.stderr)
    record = store.save(ledger.name, data, _actor(args, store))
    _print_saved("已添加", record, ledger)
    _say_waiting(store, record)
    return EXIT_OK


def _say_waiting(store: Store, record: Record) -> None:
    """A record another waits for (a 会前学法 added or changed into one after its meeting, core/links.waiting_for):
    the command that links them, not a question (a script runs it)."""
    from fazhi_desktop.core.links import Unlinked, waiting_for

    waiting = waiting_for(store, record)
    if waiting is not None:
        command = Unlinked(waiting.record, waiting.field, record).command()  # as an Excel import's 提示 says it
        print(f"  提示：{waiting.text}的“{waiting.field.label}”尚未链接，与本条同日；链接本条请运行：\n    {command}",
              file=sys.stderr)


def cmd_update(args: argparse.Namespace) -> int:
    store = _open(args)
    data = _read_json(args.json)
    current = _resolve(store, args.id)
    ledger = store.ledger(current.ledger)
    from fazhi_desktop.core.masked import left_out

    if erased := left_out(ledger, data, current.values):  # she meant another change: refused, nothing erased
        raise ValidationError(erased)
    record = store.save(ledger.name, data, _actor(args, store), record_id=current.id,
                        expected_revision=args.revision, reason=args.reason)
    _print_saved("已修改" if record.revision != current.revision else "未改变", record, ledger)
    if record.number != current.number:
        from fazhi_desktop.core.year_slip import renumbered_said

        print(f"  编号已改为 {record.number}（{renumbered_said(store, current)}）", file=sys.stderr)
    _say_waiting(store, record)  # made a 会前学法 of a meeting's day, as `fazhi add` of one says
    return EXIT_OK


def cmd_delete(args: argparse.Namespace) -> int:
    from fazhi_desktop.core.links import deletion_note

    store = _open(args)
    record_id = _resolve(store, args.id).id
    note = deletion_note(store, record_id)
    record = store.delete(record_id, _actor(args, store))
    print(f"已删除：{store.ledger(record.ledger).label} {record.number}（历史保留，第 {record.revision} 版）")
    if note:
        print(f"注意：{note}。", file=sys.stderr)
    print(f"删错了可以恢复：fazhi undelete {record.number or record.id}", file=sys.stderr)
    return EXIT_OK


def cmd_undelete(args: argparse.Namespace) -> int:
    """A record deleted by mistake brought back (core/deleted.py; Store.restore_deleted checks who may)."""
    from fazhi_desktop.core.attachments import files_not_held
    from fazhi_desktop.core.deleted import restore_by_number
    from fazhi_desktop.core.errors import Conflict

    store = _open(args)
    found = _resolve(store, args.id, include_deleted=True)
    spelled = store.number_spelling(args.id)
    if not found.deleted and spelled is not None:  # the number names a live record now: a deleted one of it?
        why = restore_by_number(store, spelled, found)
        if why is not None:
            raise Conflict(why)
    record = store.restore_deleted(found.id, _actor(args, store))
    ledger = store.ledger(record.ledger)
    print(f"已恢复：{ledger.label} {record.number}（第 {record.revision} 版，修改历史中记为“恢复”）")
    for warning in record.warnings:
        print(f"  提示：{warning.label}：{warning.message}", file=sys.stderr)
    missing = files_not_held(store, ledger, record.values)
    if missing:
        print(f"  注意：附件文件缺失：{'、'.join(missing)}（fazhi check 列出全部）", file=sys.stderr)
    return EXIT_OK


def require_reveal(args: argparse.Namespace, store: Store) -> None:
    """`--reveal` (full ID and phone numbers) only for a user whose role may (所长, 管理员), as the window does;
    `--reason` (why, for the reveal log) only with it."""
    from fazhi_desktop.core.errors import PermissionDenied
    from fazhi_desktop.core.permissions import why_not_logged_in
    from fazhi_desktop.core.reveals import checked_reason

    revealing = getattr(args, "reveal", False)
    if getattr(args, "reason", None) is not None and not revealing:
        raise UsageError("--reason 是显示完整证件号的用途，须与 --reveal 同用")
    why_not = why_not_logged_in(store.user, "record.reveal") if revealing else None
    if why_not:
        raise PermissionDenied(f"{why_not}：请去掉 --reveal（号码将遮盖显示）")
    if revealing:
        checked_reason(args.reason)  # too long: said before anything is read


def cmd_show(args: argparse.Namespace) -> int:
    store = _open(args)
    require_reveal(args, store)
    record = _resolve(store, args.id)
    ledger = store.ledger(record.ledger)
    if args.reveal:
        reveals.note_entries(store, reveals.with_texts(store, [record]), "fazhi show --reveal", args.reason)

    def shown_text(f: FieldDef | None, text: str) -> str:  # a number typed into a text masked, as the list does
        return text if args.reveal else typed_numbers_masked(f, text)

    mark = store.county_marks([record.id]).get(record.id, "")  # at the county: 不计入, 重装前
    # late today, as `fazhi list` and the window say it (never a record the county marks: core/overdue.py)
    late = [] if mark else overdue.said(ledger, record.values, store.lookups())
    if args.format == "json":
        print(json.dumps({**_record_json(ledger, record, args.reveal, mark),
                          **({"overdue": late} if overdue.checks_of(ledger) else {})}, ensure_ascii=False, indent=2))
        return EXIT_OK
    reopening = None if store.is_county else sent_back.reopenings(store, [record]).get(record.id)
    rows = [("编号", record.number or ""), ("台账", ledger.label),
            ("状态", overdue.marked(sent_back.mark(status_text(record.status, mark), reopening), bool(late))),
            *([(overdue.MARK, "\n".join(late))] if late else []),
            *([("重新打开" if reopening.own_fix else "退回原因", reopening.said())] if reopening is not None else []),
            ("版本", str(record.revision)), ("登记", f"{record.created_by} {local_time(record.created_at)}"),
            ("最后修改", f"{record.updated_by} {local_time(record.updated_at)}")]
    for f in ledger.fields:
        value = record.values.get(f.name)
        if value in (None, [], ""):
            continue
        if f.type == "group":
            masked = value if args.reveal else mask_value(f, value)
            lines = [f"{i}. " + display_value(f, [row], reveal=True) for i, row in enumerate(masked, 1)]
            rows.append((f.label, shown_text(f, "\n".join(lines))))
        else:
            rows.append((f.label, shown_text(f, shown_value(store, f, value, reveal=args.reveal))))
    if record.values.get("remarks"):
        rows.append(("备注", shown_text(None, record.values["remarks"])))
    rows.append(("标识", record.id))
    width = max(text_width(label) for label, _ in rows) + 2
    for label, text in rows:
        pad = " " * (width - text_width(label))
        for index, line in enumerate(str(text).splitlines() or [""]):
            print(f"{label}{pad}{line}" if index == 0 else " " * width + line)
    return EXIT_OK


def _record_json(ledger: LedgerDef, record: Record, reveal: bool, mark: str) -> dict[str, Any]:
    values = {f.name: (record.values.get(f.name) if reveal else masked_whole(f, record.values.get(f.name)))
              for f in ledger.fields}
    remarks = record.values.get("remarks")
    return {
        "id": record.id, "ledger": ledger.name, "number": record.number, "revision": record.revision,
        "status": record.status, "township": record.township, "created_at": record.created_at,
        "created_by": record.created_by, "updated_at": record.updated_at, "updated_by": record.updated_by,
        "remarks": remarks if reveal else masked_whole(None, remarks),
        "values": values,  # no content hash: a guess hashed would match it
        "set_aside": mark == "不计入",  # at the county, left out of the indicators (core/bundle/lost.py)
        "earlier_install": mark == "重装前",  # at the county, of an earlier install of its township, counted
    }


def _entered_by(store: Store, ledger: LedgerDef, given: str | None) -> str | None:
    """`--entered-by`'s account name (given as the account's name or its 姓名: an account of that name before
    accounts bearing it as their 姓名); UsageError naming who did enter the ledger's records when nobody of that
    name did (a name mistyped listed nothing, as if none were left), and the accounts when several bear the 姓名."""
    if given is None:
        return None
    from fazhi_desktop.core.history import account_names, actor_label

    entered = store.entered_by(ledger.name)
    names, given = account_names(store), given.strip()
    if given in entered:
        return given
    bearing = [n for n in entered if names.get(n) == given]
    if len(bearing) > 1:
        raise UsageError(f"--entered-by {given}：姓名为{given}的账户有 {len(bearing)} 个："
                         f"{'、'.join(actor_label(n, names) for n in bearing)}，请写账户名")
    if not bearing:
        who = "、".join(actor_label(n, names) for n in entered) or "（还没有记录）"
        raise UsageError(f"--entered-by {given}：没有这个登记人的{ledger.label}记录。登记过的：{who}")
    return bearing[0]


def cmd_list(args: argparse.Namespace) -> int:
    store = _open(args)
    require_reveal(args, store)
    ledger = store.ledger(args.ledger)
    county = store.is_county
    if args.township and not county:
        raise UsageError("--township 只用于县级数据库")
    sent, late = args.status == cli_arguments.SENT_BACK, args.status == cli_arguments.OVERDUE
    if late and not overdue.checks_of(ledger):
        dated = "、".join(other.label for other in store.ledgers.values() if overdue.checks_of(other))
        raise UsageError(f"{ledger.label}台账没有期限，没有“{overdue.MARK}”的记录"
                         f"（--status {overdue.MARK} 用于：{dated}）")
    query = ListQuery(ledger.name, year=args.year, text=args.search,
                      status=None if sent or late else args.status, township=args.township or None, sent_back=sent,
                      overdue=late, entered_by=_entered_by(store, ledger, args.entered_by))
    if args.output is not None:  # .xlsx or .csv, by its name
        if args.format == "json" or args.output.suffix.lower() not in list_export.SUFFIXES:
            raise UsageError("-o 写 Excel 文件：文件名须以 .xlsx（Excel 工作簿）或 .csv 结尾，不与 --format json 同用")
        count = list_export.write_list(store, query, args.output, args.reveal, limit=args.limit, reason=args.reason)
        print(f"已写入 {args.output}：{ledger.label} {count} 条")
        from fazhi_desktop.core.db_place import synced_note

        if note := synced_note(args.output).strip():
            print(note, file=sys.stderr)
        return EXIT_OK
    rids = store.query_rids(query)  # searched once: all of them are counted in the table's 共 N 条
    shown_rids = rids[: args.limit]
    by_rid = store.rows(query.ledger, shown_rids)
    records = [by_rid[r] for r in shown_rids]
    # noted when numbers are shown, a number typed into a text too: every field and the 备注 in json and csv; in
    # the table only its columns
    shown = None if args.format != "table" else [ledger.field(c) for c in ledger.list_columns
                                                 if c in ledger.field_names]
    if args.reveal:
        reveals.note_entries(store, reveals.with_texts(store, records, shown),
                             f"fazhi list --reveal --format {args.format}", args.reason)
    marks = store.county_marks([r.id for r in records])  # at the county: marked 不计入, 重装前 as in the window
    # what is late today, as the window's list says it (逾期·草稿; never a record the county marks: core/overdue.py)
    lookups = store.lookups()
    said = {r.id: [] if r.id in marks else overdue.said(ledger, r.values, lookups) for r in records}
    if args.format == "json":
        print(json.dumps([{**_record_json(ledger, r, args.reveal, marks.get(r.id, "")),
                           **({"overdue": said[r.id]} if overdue.checks_of(ledger) else {})} for r in records],
                         ensure_ascii=False, indent=2))
        return EXIT_OK
    if args.format == "csv":  # "\n": Windows makes it CRLF on standard output (csv's own CRLF became CR CR LF)
        places = divisions.names() if county else {}
        lines = [list_export.row(store, ledger, r, args.reveal, places, mark=marks.get(r.id, "")) for r in records]
        sys.stdout.write(list_export.csv_text(list_export.headers(store, ledger), lines, "\n"))
        return EXIT_OK
    # at the county every township numbers its own records: the township tells two 〔2026〕会记字第6号 apart
    columns = ["township", *ledger.list_columns] if county else list(ledger.list_columns)
    headers = [ledger.column_label(c) for c in columns]
    places = divisions.names() if county else {}
    reopened = {} if county else sent_back.reopenings(store, records)  # 草稿·退回, as in the window
    rows = [[places.get(r.township, r.township) if c == "township"
             else overdue.marked(sent_back.mark(_cell(ledger, r, c, args.reveal, marks.get(r.id, "")),
                                                reopened.get(r.id)), bool(said[r.id]))
             if c == "status" else _cell(ledger, r, c, args.reveal, marks.get(r.id, "")) for c in columns]
            for r in records]
    print(text_table(headers, rows, max_width=30))
    total = len(rids)
    print(f"共 {total} 条" + (f"（显示前 {len(records)} 条）" if total > len(records) else ""))
    return EXIT_OK


def _cell(ledger: LedgerDef, record: Record, column: str, reveal: bool, mark: str) -> str:
    if column == "number":
        return record.number or ""
    if column == "status":
        return status_text(record.status, mark)
    if not_concluded(ledger, record.values, column):
        return NOT_CONCLUDED
    return list_cell(ledger.field(column), record.values.get(column), reveal=reveal)  # as the window's list


def cmd_check(args: argparse.Namespace) -> int:
    from fazhi_desktop.core import record_rules, renamed, tampered, year_close
    from fazhi_desktop.core.attachments import missing_files
    from fazhi_desktop.core.bundle.collect import carried_next, roster_refusals
    from fazhi_desktop.core.bundle.values import NOT_ITS_HASH, unsendable_records
    from fazhi_desktop.core.check import check_database, refuse_unset
    from fazhi_desktop.core.clock_went_back import own_note
    from fazhi_desktop.core.validate import RETYPE

    refuse_unset(_db_path(args))  # an empty file is not made a database that then passes
    store = _open(args)
    report = check_database(store)
    # the files beside the database, which the export needs (not part of check_database: a backup restored for its
    # records is not refused for a scan it lacks). A deleted record's file is not sent: missing, it blocks nothing
    # at the township, and the county was never sent it
    moved = renamed.find(store.path, store.conn)  # the files are under the old name: said once, nothing deleted
    if moved is not None:
        report.problems.append(str(moved))
    for missing in missing_files(store) if moved is None else []:
        said = f"{missing}：文件不见了（在程序之外被删除或移走）；{missing.way_out}"
        if not missing.deleted:
            report.problems.append(said)
        elif not store.is_county:
            report.notes.append(said)
    # and the records a bundle carrying them would be refused for at the county: the export stops at them; one the
    # county holds, which the next bundle does not carry, is a note. Those that can fail (core/record_rules.py); one
    # changed outside the program is named above, as changed
    if not store.is_county:
        mark = record_rules.to_check(store.conn, store.ledgers)
        found = [u for u in unsendable_records(store, mark.through, mark.failing) if u.reason != NOT_ITS_HASH]
        sent = carried_next(store, [u.record_id for u in found])
        for u in found:
            if u.record_id in sent:
                report.problems.append(f"{u}（县里会拒收带着它的数据包，导出时会被拦下）；{u.way_out}")
            else:
                report.notes.append(f"{u}（县里已有这条记录，下次导出不发送它，不影响导出；改动它或发送全部数据时"
                                    f"会被拦下）；{u.way_out}")
        # and the roster entries: the roster travels whole in every bundle, so each blocks the next export
        for name, problem in roster_refusals(store):
            report.problems.append(f"人员名册中“{name}”的{problem.removesuffix(RETYPE)}（是以前版本的程序保存的，"
                                   "现在不再接受；县里会拒收带着它的数据包，导出时会被拦下）；请在“人员名册”中打开此人改正")
        # and the records dated by a clock that had gone back (the form's default date was the wrong clock's)
        if went_back := own_note(store):
            report.to_check.append(went_back)
    # at the county, what changed bundles an earlier version imported left (not part of check_database either: the
    # records are as imported, and a backup or restore of such a database is no worse for it)
    report.bundles_checked = tampered.bundles_to_scan(store)
    if report.bundles_checked is not None:
        findings = tampered.scan(store)
        report.problems += [finding.text for finding in findings]
        report.way_out = tampered.way_out(store, findings)
    for line in report.lines():
        print(for_command_line(line, year_close.REOPEN_BY_COMMAND))  # a record's way out names the command
    return EXIT_OK if report.ok else EXIT_ERROR


COMMANDS = {
    "init": cmd_init, "demo": cmd_demo, "ledgers": cmd_ledgers, "add": cmd_add, "update": cmd_update,
    "delete": cmd_delete, "undelete": cmd_undelete, "show": cmd_show, "list": cmd_list, "check": cmd_check,
}

if __name__ == "__main__":
    sys.exit(main())
