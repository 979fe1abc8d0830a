"""`fazhi accounts`, `history`, `submit`/`review`/`lock`/`reopen`, and the CLI's login.

Once a database has accounts, every command that opens it (except `check`, which shows no personal data) needs
`--user NAME`; the password comes from the environment variable FAZHI_PASSWORD or, in a terminal, a prompt. The
command's permission (COMMAND_ACTIONS) is then checked for the user's role, and the user is the actor of every
change. New passwords (`accounts add`, `accounts passwd`) come from FAZHI_NEW_PASSWORD or a prompt.
Until the first account exists, commands run as before and `fazhi accounts add NAME --role 管理员` needs no login.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from fazhi_desktop import cli_arguments, cli_guards
from fazhi_desktop.core import accounts, handover, reveal_chain, reveals, review, sent_back
from fazhi_desktop.core.clock import local_time
from fazhi_desktop.core.display import text_table
from fazhi_desktop.core.errors import LoginFailed, NotFound, PermissionDenied
from fazhi_desktop.core.forms import STATUS_LABELS
from fazhi_desktop.core.history import RECEIVED_NOTE, Revision, is_received, record_history, versions
from fazhi_desktop.core.permissions import ROLE_LABELS, allowed, require
from fazhi_desktop.core.store import Store

PASSWORD_ENV, NEW_PASSWORD_ENV = "FAZHI_PASSWORD", "FAZHI_NEW_PASSWORD"
#: commands that open the database without a login even when it has accounts (integrity only, no personal data)
NO_LOGIN = frozenset({"check"})
#: command (or "command subcommand") -> the permission it needs; a command not named here needs "record.read".
#: Rules that depend on the record (a clerk may not change a reviewed record) are checked in core as well.
COMMAND_ACTIONS = {
    "demo": "record.edit", "add": "record.edit", "update": "record.edit", "delete": "record.delete",
    "undelete": "record.delete", "imports undo": "record.delete",
    "people add": "people.edit", "people leave": "people.edit",
    "keys init": "keys.manage", "keys enrolment": "keys.manage", "keys passphrase": "keys.manage",
    "county-key": "keys.manage", "enrol": "keys.manage", "revoke": "keys.manage",
    "export": "bundle.export", "receipt import": "bundle.export",
    "import": "bundle.import", "receipt write": "bundle.import",
    "catalog use": "catalog.manage",
    "submit": "record.submit", "review": "record.review", "lock": "record.lock", "reopen": "record.reopen",
    "accounts add": "accounts.manage", "accounts list": "accounts.manage", "accounts deactivate": "accounts.manage",
    "accounts log": "accounts.manage",
    "accounts activate": "accounts.manage", "accounts role": "accounts.manage",
    "accounts display-name": "accounts.manage",
    "accounts unlock": "accounts.manage", "accounts passwd": None,
    "backup": "backup", "restore": "restore",
    "year close": "year.close", "year reopen": "year.close",
    "clock confirm": "clock.confirm",
    "number-from": "numbers.manage",  # `renumber` asks it in core, not for a --dry-run
}
#: command -> what a ValidationError left undone, where it was not a record (cli._run says 记录未保存 otherwise)
UNDONE = {"accounts add": "账户未添加", "accounts passwd": "密码未修改",
          "accounts recover": "密码未重设", "accounts deactivate": "账户未停用", "accounts activate": "账户未启用",
          "accounts role": "角色未修改", "accounts display-name": "姓名未修改", "number-from": "编号未设定"}
#: who reads the reveal log, said to anyone else who asks for it
REVEAL_LOG_READER = f"{reveal_chain.NAME}由管理员查看"
HINT = "创建管理员账户：fazhi accounts add 姓名 --role 管理员（新密码取自环境变量 FAZHI_NEW_PASSWORD，或在终端中输入）"


def register_commands(subparsers) -> dict:
    """Add this module's commands to `fazhi`; returns command name -> handler."""
    p = subparsers.add_parser("accounts", help="账户：添加、列出、改密码、改角色或姓名、停用、解锁（管理员）")
    sub = p.add_subparsers(dest="accounts_command", required=True, metavar="操作")
    pa = sub.add_parser("add", help="添加账户（还没有任何账户时无需登录，且第一个账户须为管理员）")
    pa.add_argument("name", help="用户名（登录时输入）")
    pa.add_argument("--role", required=True, help="角色：录入员、所长、管理员")
    pa.add_argument("--display-name", help="显示的姓名（默认同用户名）")
    pl = sub.add_parser("list", help="列出账户")
    pl.add_argument("--format", choices=["table", "json"], default="table")
    pg = sub.add_parser("log", help="账户日志；--reveals：谁在何时显示过哪条记录的完整证件号（最近500条）")
    pg.add_argument("--reveals", action="store_true", help="完整证件号查看记录（代替账户日志）")
    pg.add_argument("--record", metavar="ID", help="只列这条记录的查看记录（记录标识或编号；含 --reveals）")
    pp = sub.add_parser("passwd", help="修改密码（自己的；管理员可重设他人的）")
    pp.add_argument("name", nargs="?", help="账户（默认：登录的用户）")
    pc = sub.add_parser("role", help="修改账户的角色（如录入员升任所长）；唯一在用的管理员不能改为其他角色")
    pc.add_argument("name", help="用户名")
    pc.add_argument("role", help="新角色：录入员、所长、管理员")
    pc = sub.add_parser("display-name", help="修改账户显示的姓名（用户名不变，修改历史仍按用户名记录）")
    pc.add_argument("name", help="用户名")
    pc.add_argument("display_name", metavar="姓名", help="新的姓名")
    for name, text in (("deactivate", "停用账户"), ("activate", "再启用停用的账户"),
                       ("unlock", "解除因密码输错造成的锁定")):
        sub.add_parser(name, help=text).add_argument("name")
    pr = sub.add_parser("recover", help="管理员忘记密码：用备份恢复码重设管理员的密码（无需登录）")
    pr.add_argument("name", help="管理员账户")
    pr.add_argument("--recovery-code", metavar="CODE",
                    help="备份恢复码（也可用环境变量 FAZHI_RECOVERY_CODE；不给则询问）")

    p = subparsers.add_parser("history", help="一条记录的修改历史：谁、何时、改了什么、原因")
    p.add_argument("id", help="记录标识或编号")
    p.add_argument("--format", choices=["table", "json"], default="table")
    for name in review.STEPS:
        move = review.STEPS[name]
        p = subparsers.add_parser(name, help=f"{move.label}（{_step_help(move)}）")
        if name in review.BATCH_STEPS:  # several at once, as 编辑 → 批量…: the 所长's forty records of an evening
            p.add_argument("id", nargs="*", help="记录标识或编号（可写多个）")
            p.add_argument("--all", metavar="LEDGER", dest="all_of",
                           help=f"本所该台账中所有可{move.label}的记录（{_step_help(move)}），如 meeting")
            p.add_argument("--year", type=cli_arguments.stored_year, help="与 --all 同用：只取这一年的记录")
            if name == "submit":  # as 批量提交审核 leaves them unticked
                p.add_argument("--include-sent-back", action="store_true",
                               help="与 --all 同用：也提交所长退回（退回录入员修改）后还没人改过的草稿"
                                    "（不写则不提交，逐条列出）")
        else:
            p.add_argument("id", help="记录标识或编号")
        p.add_argument("--reason", required=move.needs_reason, metavar="TEXT",
                       help="原因（必填，记入修改历史）" if move.needs_reason else "说明（可选，记入修改历史）")
        if name == "reopen":
            p.add_argument("--self", action="store_const", const=sent_back.SELF, default=sent_back.CLERK,
                           dest="corrector", help=f"{sent_back.CORRECTORS[sent_back.SELF]}：不退回录入员，列表标"
                           f"“草稿·{sent_back.OWN_MARK}”（不写则{sent_back.CORRECTORS[sent_back.CLERK]}，"
                           f"录入员的列表标“草稿·{sent_back.MARK}”）")
    return {"accounts": cmd_accounts, "history": cmd_history, **{name: cmd_step for name in review.STEPS}}


def _step_help(move: review.Step) -> str:
    sources = "、".join(STATUS_LABELS[s] for s in move.sources)
    return f"{sources} → {STATUS_LABELS[move.target]}"


# -- login ---------------------------------------------------------------------------------------------------


def command_key(args: argparse.Namespace) -> str:
    """"accounts add", "people list", "export": the command and its subcommand, if any."""
    sub = next((v for k, v in vars(args).items() if k.endswith("_command") and k != "command" and v), None)
    return f"{args.command} {sub}" if sub else args.command


def action_for(key: str) -> str | None:
    if key in COMMAND_ACTIONS:
        return COMMAND_ACTIONS[key]
    return COMMAND_ACTIONS.get(key.split()[0], "record.read")


def sign_in(args: argparse.Namespace, store: Store) -> None:
    """The CLI's login gate, run by `cli._open` for every command that opens the database."""
    key = command_key(args)
    if args.command in NO_LOGIN or key == "accounts recover":  # the way back when no 管理员 can log in
        return
    if not accounts.has_accounts(store):
        if key.startswith("accounts") and key != "accounts add":
            raise LoginFailed(f"此数据库还没有账户。{HINT}")
        if action_for(key) not in (None, "record.read") and key not in ("accounts add", "demo"):
            print(f"提示：此数据库还没有账户，修改数据无需登录。{HINT}", file=sys.stderr)
        return
    if not args.user:
        raise LoginFailed(f"此数据库已设置账户，请用 --user 用户名 登录（密码取自环境变量 {PASSWORD_ENV}，"
                          "或在终端中输入）")
    password = _password(PASSWORD_ENV, f"{args.user} 的密码：")
    user = accounts.login(store, args.user, password)
    notice = accounts.recovery_notice(user)
    if notice:
        print(f"注意：{notice}", file=sys.stderr)
    args.login_password = password  # `accounts passwd` for oneself checks it again
    if user.temporary_password and not (key == "accounts passwd" and args.name in (None, user.name)):
        raise LoginFailed(f"{accounts.TEMPORARY}：fazhi --user {user.name} accounts passwd"
                          f"（新密码取自环境变量 {NEW_PASSWORD_ENV}，或在终端中输入），或在桌面程序中登录时修改")
    action = action_for(key)
    if action is not None and key == "accounts log" and (args.reveals or args.record is not None) \
            and not allowed(user, action):  # a 所长 looking for whom her reveals were noted as
        raise PermissionDenied(f"{user.role_label}不能查看此日志：{REVEAL_LOG_READER}")
    if action is not None:
        require(user, action)


def _password(env: str, prompt: str, confirm: bool = False) -> str:
    value = os.environ.get(env)
    if value:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise LoginFailed(f"需要密码：请设置环境变量 {env}，或在终端中运行以便输入")
    value = cli_guards.secret(prompt)
    if confirm and cli_guards.secret("再次输入：") != value:
        raise LoginFailed("两次输入的密码不一致")
    return value


def demo_accounts_note(store: Store) -> None:
    """`fazhi demo`: add the demonstration accounts when the database has none, and say so."""
    added = accounts.add_demo_accounts(store)
    if added:
        names = "、".join(f"{u.name}（{u.role_label}）" for u in added)
        print(f"演示账户：{names}，密码均为 {accounts.DEMO_PASSWORD}")


def first_admin_password(name: str | None) -> str:
    """`fazhi init --admin --operator NAME`: the name checked and the first 管理员's password asked and checked,
    before the database is created."""
    from fazhi_desktop.cli import UsageError

    if not name:
        raise UsageError("--admin 需要同时给出 --operator（管理员的用户名）")
    wrong = accounts.name_problem(name)
    if wrong:
        raise UsageError(f"--operator（管理员的用户名）：{wrong}")
    password = _password(NEW_PASSWORD_ENV, f"为管理员 {name} 设置密码：", confirm=True)
    accounts.check_new_password(password, name)
    return password


def create_first_admin(store: Store, name: str, password: str) -> accounts.User:
    """`fazhi init --admin`: the first account, a 管理员 named after the operator."""
    return accounts.add_account(store, name, name, "admin", password)


# -- commands ------------------------------------------------------------------------------------------------


def cmd_accounts(args: argparse.Namespace) -> int:
    from fazhi_desktop import cli

    store = cli._open(args)
    command = args.accounts_command
    if command == "list":
        return _list(store, args.format)
    if command == "log":
        return _log(store, args.reveals or args.record is not None, args.record)
    if command == "add":
        prompt = f"为 {args.name} 设置密码："
        user = accounts.add_account(store, args.name, args.display_name, args.role,
                                    _password(NEW_PASSWORD_ENV, prompt, confirm=True), actor=args.name)
        print(f"已添加账户：{user.name}（{user.role_label}）")
        return cli.EXIT_OK
    if command == "passwd":
        name = args.name or (store.user.name if store.user else "")
        if not name:
            raise LoginFailed("请给出账户名")
        own = accounts.may_change_password(store, name)  # before the new password is asked
        new = _password(NEW_PASSWORD_ENV, f"{name} 的新密码：", confirm=True)
        accounts.change_password(store, name, new, old_password=getattr(args, "login_password", None) if own else None)
        print("密码已修改")
        return cli.EXIT_OK
    if command == "recover":
        code = args.recovery_code or os.environ.get("FAZHI_RECOVERY_CODE") or _ask_code()
        revived = accounts.recover_admin(store, args.name, code, _password(NEW_PASSWORD_ENV,
                                                                           f"{args.name} 的新密码：", confirm=True))
        revived_text = "，没有在用的管理员，已再启用" if revived else ""
        print(f"已用备份恢复码重设 {args.name} 的密码（账户已解锁{revived_text}）")
        return cli.EXIT_OK
    if command in ("role", "display-name"):
        return _change(store, args)
    if command in ("deactivate", "activate"):
        left = handover.left_by(store, args.name) if command == "deactivate" else None  # before: it deletes
        accounts.set_active(store, args.name, command == "activate")
        print("账户已启用" if command == "activate" else "账户已停用")
        if left is not None and left.said():  # the drafts the newcomer takes over, the unsaved text gone with it
            print(left.said(stopped=True))
    else:
        accounts.unlock(store, args.name)
        print("账户已解锁")
    return cli.EXIT_OK


def _change(store: Store, args: argparse.Namespace) -> int:
    """`accounts role NAME ROLE`, `accounts display-name NAME 姓名`: what changed, old → new, or that nothing did."""
    from fazhi_desktop import cli

    if args.accounts_command == "role":
        events = accounts.change_account(store, args.name, role=args.role)
    else:
        events = accounts.change_account(store, args.name, display_name=args.display_name)
    user = accounts.get_account(store, args.name)
    if not events:
        print(f"未修改：{user.name} 已是{user.role_label}" if args.accounts_command == "role"
              else f"未修改：{user.name} 的姓名已是“{user.display_name}”")
    for event in events:
        print(f"已修改 {user.name} 的{event.removeprefix('修改')}")
    return cli.EXIT_OK


def _ask_code() -> str:
    if not sys.stdin.isatty():
        raise LoginFailed("请用 --recovery-code 或环境变量 FAZHI_RECOVERY_CODE 给出备份恢复码")
    return cli_guards.typed("备份恢复码：").strip()  # copied from paper: shown as typed


def _log(store: Store, reveal_log: bool, record: str | None) -> int:
    """The account log, or the reveal log (of one record, by id or number, also a deleted one)."""
    if reveal_log:
        rows = [[local_time(r["at"]), r["actor"], reveals.record_text(store, r), r["how"], r["reason"] or "",
                 r["shown"] or ""] for r in reveals.reveal_log(store, record)]
        if record and not rows and reveals.record_ids(store, record) is None:  # a typo is not "nobody looked"
            raise NotFound(f"没有标识或编号为“{record}”的记录（编号如 〔2026〕会记字第1号，标识见 fazhi show）")
        print(text_table(list(reveals.LOG_COLUMNS), rows, max_width=72))  # 记录 with 现为…
        print(f"共 {len(rows)} 条完整证件号查看记录" + ("（最近的）" if len(rows) == reveals.SHOWN else ""))
        return 0
    rows = [[local_time(r["at"]), r["account"], r["event"], r["actor"]] for r in accounts.account_log(store)]
    print(text_table(["时间", "账户", "事件", "操作人"], rows, max_width=40))
    print(f"共 {len(rows)} 条账户日志")
    return 0


def _list(store: Store, fmt: str) -> int:
    users = accounts.list_accounts(store)
    now = store.clock()
    if fmt == "json":
        print(json.dumps([u.__dict__ for u in users], ensure_ascii=False, indent=2))
        return 0
    rows = [[u.name, u.display_name, ROLE_LABELS[u.role], _state(u, now),
             local_time(u.last_login_at) if u.last_login_at else ""] for u in users]
    print(text_table(["用户名", "姓名", "角色", "状态", "上次登录"], rows))
    print(f"共 {len(users)} 个账户")
    return 0


def _state(user: accounts.User, now) -> str:
    if not user.active:
        return "已停用"
    if user.is_locked(now):
        return f"锁定至 {local_time(user.locked_until)}"
    return "在用"


def cmd_history(args: argparse.Namespace) -> int:
    from fazhi_desktop import cli

    store = cli._open(args)
    record = cli._resolve(store, args.id, include_deleted=True)  # 删除 says 历史保留: it is read here
    revisions = record_history(store, record.id)
    if args.format == "json":
        print(json.dumps(revisions_json(revisions), ensure_ascii=False, indent=2))
        return cli.EXIT_OK
    ledger = store.ledger(record.ledger)
    now = "已删除" if record.deleted else STATUS_LABELS[record.status]
    print(f"{ledger.label} {record.number} 的修改历史（共 {versions(revisions)} 版，当前：{now}）")
    if revisions and is_received(store, revisions):
        print(f"（{RECEIVED_NOTE}）")
    print_revisions(revisions)
    return cli.EXIT_OK


def revisions_json(revisions: list[Revision]) -> list[dict]:
    """Revisions (core/history.py) as `--format json` gives them, each with its changed fields."""
    return [{**{k: v for k, v in r.__dict__.items() if k != "changes" and (k != "code" or v)},  # code: a print's
             "changes": [c.__dict__ for c in r.changes]} for r in revisions]


def print_revisions(revisions: list[Revision], reason: str = "原因") -> None:
    """"第 2 版  2026-11-26 03:44  马丽  提交审核  原因：…" and the fields it changed, old → new, one a line (a record's
    history; a roster person's, whose note is its 说明)."""
    for r in revisions:
        why = f"  {reason}：{r.reason}" if r.reason else f"  核验码：{r.code}" if r.code else ""
        print(f"第 {r.revision} 版  {r.local_time}  {r.actor}  {r.action}{why}")
        for change in r.changes:
            print(f"    {change.label}：{change.before} → {change.after}")


def cmd_step(args: argparse.Namespace) -> int:
    from fazhi_desktop import cli

    if args.command in review.BATCH_STEPS:
        if bool(args.id) == bool(args.all_of):
            raise cli.UsageError("请写出记录的编号（可写多个），或用 --all 台账名 选出全部可处理的记录（二者选一）")
        if args.year is not None and not args.all_of:
            raise cli.UsageError("--year 须与 --all 同用")
        if getattr(args, "include_sent_back", False) and not args.all_of:
            raise cli.UsageError("--include-sent-back 须与 --all 同用（写出编号的记录照写出的提交）")
        if args.all_of or len(args.id) > 1:
            return _step_many(args, cli._open(args))
        args.id = args.id[0]
    store = cli._open(args)
    record = cli._resolve(store, args.id)
    corrector = getattr(args, "corrector", None)  # 重新打开 alone asks who corrects the draft
    saved = review.apply(store, record.id, args.command, cli._actor(args, store), reason=args.reason,
                         corrector=corrector)
    label = store.ledger(saved.ledger).label
    print(f"{review.STEPS[args.command].label}：{label} {saved.number}，现为“{STATUS_LABELS[saved.status]}”"
          f"（第 {saved.revision} 版）" + (f"，{sent_back.CORRECTORS[corrector]}" if corrector else ""))
    return cli.EXIT_OK


def _step_many(args: argparse.Namespace, store: Store) -> int:
    """`fazhi review 〔2026〕会记字第1号 〔2026〕会记字第2号` or `fazhi lock --all meeting --year 2026`: each record
    taken on its own (`review.apply_many`); the ones that cannot be are named with the reason, the rest done.
    审核通过 first prints what the forms' checks say of the records, as the GUI's batch dialog shows them."""
    from fazhi_desktop import cli

    if args.all_of:
        ledger = store.ledger(args.all_of)
        records = review.records_for(store, ledger.name, args.command, args.year)
        if not records:
            year = f"{args.year}年" if args.year else ""
            print(f"{ledger.label}中没有{year}可{review.STEPS[args.command].label}的记录")
            return cli.EXIT_OK
    else:
        records = [cli._resolve(store, key) for key in dict.fromkeys(args.id)]
    held: dict[str, str] = {}
    if args.all_of and args.command == "submit" and not args.include_sent_back:
        # a draft the 所长 sent back that nobody has corrected would go back to her as she returned it
        held = sent_back.held_back(store, records)
        for record in records:
            if record.id in held:
                print(f"未提交：{record.number or record.id}（{held[record.id]}）", file=sys.stderr)
        records = [r for r in records if r.id not in held]
    if args.command == "review":
        for record_id, messages in review.warnings_of(store, records).items():
            number = next(r.number or r.id for r in records if r.id == record_id)
            print(f"提示：{number}：{'；'.join(messages)}", file=sys.stderr)
    result = review.apply_many(store, [r.id for r in records], args.command, cli._actor(args, store),
                               reason=args.reason)
    for saved in result.done:
        print(f"{store.ledger(saved.ledger).label} {saved.number}：现为“{STATUS_LABELS[saved.status]}”")
    for line in result.refused_lines():
        print(f"未处理：{line}", file=sys.stderr)
    print(result.headline() + (f"；{len(held)} 条退回后尚未修改，未提交（改好后再提交，或加 --include-sent-back）"
                               if held else ""))
    return cli.EXIT_ERROR if result.refused else cli.EXIT_OK
