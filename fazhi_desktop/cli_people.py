"""`fazhi people add|list|leave|history`: 人员名册 (core/people.py) and its change log (core/roster_log.py).

    fazhi people add --name N [--role R]... [--joined-on D] ...   add someone (主要负责同志: 所长, 管理员); under a
        name the roster has, --same-as N (同一人改任、再任) or --other-person (同名的另一人)
    fazhi people list [--all] [--format json]                      the roster; at the county, the townships'
    fazhi people leave NAME --date D [--post P]                    停用 with the 离任日期, as 人员名册's 停用
    fazhi people history NAME [--format json]                      who changed what of them, when
    fazhi people edit NAME [--post P] --same-as N | --other-person  是否同一人 of an entry the roster has (one added
        before it was asked keeps the old rule until this says otherwise)
    fazhi person find --name N [--id-number [X]] [--phone [P]] --reason R every record naming one person (所长, 管理员)
    fazhi person extract ... --reason R -o FILE.pdf [--leave-out NUMBER]  个人信息摘录: his own data alone, as a PDF
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from fazhi_desktop import cli_guards
from fazhi_desktop.core.clock import local_today
from fazhi_desktop.core.display import text_table

#: `--name`, `--id-number`, `--phone` written without a value: asked for (ask_details)
ASK = "\x00ask"
#: the person's details a `fazhi person` command asks for, in this order: (option's dest, option, label)
DETAILS = (("name", "--name", "姓名"), ("id_number", "--id-number", "身份证号"), ("phone", "--phone", "电话"))
#: said when a number was written in the command itself (each shell keeps the commands typed, in a file)
IN_HISTORY = ("提示：写在命令中的{label}会留在命令历史中（PowerShell、bash 的历史文件），别人用这台电脑时能翻到；"
              "以后只写 {option}，不带号码，程序会提示输入")


def register_commands(sub: argparse._SubParsersAction) -> dict:
    """Add `fazhi people` to the parser; returns command name -> handler."""
    p = sub.add_parser("people", help="人员名册")
    people_sub = p.add_subparsers(dest="people_command", required=True, metavar="操作")
    pa = people_sub.add_parser("add", help="添加人员")
    pa.add_argument("--name", required=True)
    pa.add_argument("--title", help="职务")
    pa.add_argument("--unit", help="单位")
    pa.add_argument("--role", action="append", default=[],
                    help="角色，可多次：主要负责同志、司法所所长、执法人员、调解员")
    pa.add_argument("--cert-no", help="执法证号")
    pa.add_argument("--cert-expiry", help="执法证有效期")
    pa.add_argument("--phone")
    pa.add_argument("--joined-on", help="到任日期（领导干部述法按当年在任的人计算）")
    pa.add_argument("--left-on", help="离任日期（填写后此人停用，往年的述法指标仍计入）")
    same = pa.add_mutually_exclusive_group()
    same.add_argument("--same-as", metavar="N", help="名册中已有同名人员时：是同一人改任（或再任），写所列的序号或标识")
    same.add_argument("--other-person", action="store_true", help="名册中已有同名人员时：是同名的另一人")
    pl = people_sub.add_parser("list", help="列出名册")
    pl.add_argument("--format", choices=["table", "json"], default="table")
    pl.add_argument("--all", action="store_true", help="包括已停用的人员")
    pv = people_sub.add_parser("leave", help="人员离任：填写离任日期并停用（同人员名册中的“停用”）")
    pv.add_argument("name", metavar="NAME", help="姓名")
    pv.add_argument("--date", required=True, metavar="D",
                    help="离任日期，如 2026-06-30（往年的“领导干部述法”按当年在任的人计算）")
    pv.add_argument("--post", metavar="P", help="职务，如 书记（名册中有几条在用的同名人员时写明是哪一条）")
    pe = people_sub.add_parser("edit", help="说明名册中一条人员与同名的人是否同一人（同“编辑人员”中的“是否同一人…”）")
    pe.add_argument("name", metavar="NAME",
                    help="姓名（也可写这一条的标识：fazhi people list --all --format json 列出）")
    pe.add_argument("--post", metavar="P", help="职务，如 镇长（名册中有几条同名人员时写明是哪一条）")
    answer = pe.add_mutually_exclusive_group(required=True)
    answer.add_argument("--same-as", metavar="N", help="与同名的这一条是同一人（改任、再任），写所列的序号或标识")
    answer.add_argument("--other-person", action="store_true", help="是同名的另一人")
    ph = people_sub.add_parser("history", help="一个人在名册中的修改历史：谁、何时、改了什么")
    ph.add_argument("name", metavar="NAME", help="姓名（同名的几条都列出；改过名的，新旧姓名都可以）")
    ph.add_argument("--format", choices=["table", "json"], default="table")
    _register_person(sub)
    return {"people": cmd_people, "person": cmd_person}


def _register_person(sub: argparse._SubParsersAction) -> None:
    """`fazhi person find|extract`: 查找当事人 and 个人信息摘录 (core/person_search.py, core/documents/extract.py)."""
    p = sub.add_parser("person", help="查找当事人：一个人在全部台账中的记录，及其个人信息摘录（所长、管理员）")
    person_sub = p.add_subparsers(dest="person_command", required=True, metavar="操作")
    pf = person_sub.add_parser("find", help="按姓名、身份证号或电话查找全部台账中记有此人的记录（记入查看日志）")
    pe = person_sub.add_parser("extract", help="把此人本人的信息摘录为PDF（个人信息保护法第四十五条），不含他人信息")
    for parser in (pf, pe):
        parser.add_argument("--name", nargs="?", const=ASK, default="", help="完整姓名（不带姓名：提示输入）")
        parser.add_argument("--id-number", nargs="?", const=ASK, default="",
                            help="完整的18位身份证号（只写 --id-number 不带号码：提示输入，号码不留在命令历史中）")
        parser.add_argument("--phone", nargs="?", const=ASK, default="",
                            help="电话号码（只写 --phone 不带号码：提示输入，号码不留在命令历史中）")
        parser.add_argument("--reason", required=True,
                            help="用途，记入完整证件号查看日志（如“当事人本人申请查阅、复制”；不要写号码）")
    pf.add_argument("--format", choices=["table", "json"], default="table")
    pe.add_argument("-o", "--output", required=True, type=Path, metavar="FILE", help="输出的PDF文件")
    pe.add_argument("--leave-out", action="append", default=[], metavar="NUMBER",
                    help="不摘录这条记录（核对后是同名的他人），可多次")
    pe.add_argument("--include", action="append", default=[], metavar="NUMBER",
                    help="也摘录这条按号码找到、姓名不同的记录（核对后是本人），可多次")


def cmd_person(args: argparse.Namespace) -> int:
    from fazhi_desktop import cli
    from fazhi_desktop.core import person_search

    store = cli._open(args)
    ask_details(args)  # after the login: its password is asked first
    asked = person_search.person(args.name, args.id_number, args.phone, local_today(store.clock))
    if args.person_command == "extract":
        from fazhi_desktop.core.documents.extract import one_person

        one_person(asked)  # before the search is noted
    found = person_search.find(store, asked, args.reason)
    if args.person_command == "extract":
        return _extract(store, args, found)
    if args.format == "json":  # no values: what a list shows, and where
        print(json.dumps({"hits": [{"id": hit.record.id, "township": hit.record.township,
                                    "ledger": hit.record.ledger, "number": hit.record.number, "date": hit.day,
                                    "role": hit.role, "field": hit.field, "matched": list(hit.matched),
                                    "differs": list(hit.differs), "deleted": hit.record.deleted}
                                   for hit in found.hits],
                          "mentions": [{"id": m.record.id, "township": m.record.township, "ledger": m.record.ledger,
                                        "number": m.record.number, "date": m.day,
                                        "fields": list(m.fields)} for m in found.mentions],
                          "unreadable": found.unreadable}, ensure_ascii=False, indent=2))
        return cli.EXIT_OK
    rows = [[hit.ledger_label, person_search.said(store, hit.record), hit.day, hit.role, hit.field,
             "、".join(hit.matched), hit.note] for hit in found.hits]
    print(f"记有此人的记录（按{asked.said}查找）：")
    print(text_table(["台账", "编号", "日期", "身份", "所在字段", "相符", "说明"], rows))
    print(f"共 {len(found.hits)} 处，{len(found.records)} 条记录")
    if found.mentions:
        print()
        print("文字中提到（可能是同名的他人，请打开记录核对；不列入摘录）：")
        print(text_table(["台账", "编号", "日期", "所在字段"],
                         [[m.ledger_label, person_search.said(store, m.record), m.day, "、".join(m.fields)]
                          for m in found.mentions]))
    for named in found.unreadable:
        print(f"提示：{named} 的文字无法读取（数据库已损坏），未能查找", file=sys.stderr)
    print(found.log_said, file=sys.stderr)
    return cli.EXIT_OK


def ask_details(args: argparse.Namespace) -> None:
    """Fill in each of 姓名, 身份证号, 电话 whose option was written without a value: typed at a prompt in the
    terminal (shown as typed, as the recovery code is; kept in no shell history), or, from a script, one line each
    from standard input in that order. A number written in the command itself works as before, with a hint."""
    from fazhi_desktop import cli

    for dest, option, label in DETAILS:
        value = getattr(args, dest)
        if value != ASK:
            if dest != "name" and value.strip():
                print(IN_HISTORY.format(label=label, option=option), file=sys.stderr)
            continue
        if sys.stdin is None:
            raise cli.UsageError(f"{option} 没有写{label}，也没有可以输入的终端：请在终端中运行")
        if sys.stdin.isatty():
            # on standard error: `--format json > hits.json` printed it into the file, and the terminal showed none
            print(f"{label}：", end="", file=sys.stderr, flush=True)
            value = cli_guards.typed()  # Ctrl-D: 已取消, as Ctrl-C
        else:
            value = _piped_line(label)
            if not value:
                raise cli.UsageError(f"{option} 没有写{label}，标准输入中也没有"
                                     "（每项一行，按姓名、身份证号、电话的顺序）")
        setattr(args, dest, value.strip())


#: a line piped in whose Chinese came as "?" (`textfiles.question_marks`)
PIPED_QUESTION_MARKS = ("标准输入中的{label}是“{value}”：中文变成了问号（Windows PowerShell 5.1 "
                        "用管道（|）把文字交给程序时按 ASCII 编码，汉字都成了“?”），没有查找。"
                        "请在终端中运行，按提示输入{label}")


def _piped_line(label: str) -> str:
    """One line of standard input from a script ("" at its end), its bytes read as a file's are (UTF-8, or GB18030
    from a Chinese Windows: `textfiles.decode_text`), not in the console's code page, which made a UTF-8 name
    another one and found nothing; a name whose Chinese a PowerShell pipe made "???" is refused, not looked for."""
    from fazhi_desktop.core import textfiles
    from fazhi_desktop.core.errors import FazhiError

    if not hasattr(sys.stdin, "buffer"):
        return sys.stdin.readline()
    try:
        line = textfiles.decode_text(sys.stdin.buffer.readline())
    except UnicodeDecodeError:
        raise FazhiError(f"标准输入中的{label}{textfiles.NOT_TEXT}") from None
    if textfiles.question_marks(line.strip()) is not None:
        raise FazhiError(PIPED_QUESTION_MARKS.format(label=label, value=line.strip()[:40]))
    return line


def _named_records(store, found, named: list[str]) -> set[str]:
    """The ids of the records found that `named` name, each by its number (as a keyboard types it) or its id;
    NotFound for one not found, Conflict for a number several townships' records found share (the county)."""
    from fazhi_desktop.core.errors import Conflict, NotFound
    from fazhi_desktop.core.person_search import said

    ids: set[str] = set()
    records = found.records
    for text in named:
        spelled = store.number_spelling(text) or text
        matching = [r for r in records if text == r.id or r.number in (text, spelled)]
        if not matching:
            raise NotFound(f"“{text}”不在查找到的记录中（--leave-out 和 --include 写查找结果中的编号）")
        if len(matching) > 1:
            places = "、".join(said(store, r) for r in matching)
            raise Conflict(f"“{text}”是几个乡镇的记录的编号（{places}）：请写记录的ID"
                           "（fazhi person find --format json 列出）")
        ids.add(matching[0].id)
    return ids


def _extract(store, args: argparse.Namespace, found) -> int:
    from fazhi_desktop import cli
    from fazhi_desktop.core import person_search
    from fazhi_desktop.core.documents.extract import chosen_by_default, render_extract

    leave_out = _named_records(store, found, args.leave_out)
    include = _named_records(store, found, args.include)
    default = chosen_by_default(found)  # once, not once a hit
    chosen = [hit for hit in found.hits if hit.record.id not in leave_out
              and (hit in default or hit.record.id in include)]
    rendered = render_extract(store, found, args.output, chosen)
    print(f"已生成个人信息摘录：{rendered.path}（共 {rendered.pages} 页，{len({h.record.id for h in chosen})} 条记录）")
    for hit in found.hits:
        if hit not in chosen and hit.name_differs and hit.record.id not in leave_out:
            print(f"  未摘录：{hit.ledger_label} {person_search.said(store, hit.record)}（{hit.note}；"
                  "核对是本人后用 --include 摘录）", file=sys.stderr)
    if found.mentions:
        print(f"  文字中提到的 {len(found.mentions)} 条记录未摘录（可能是同名的他人）：fazhi person find 列出",
              file=sys.stderr)
    if rendered.notice:
        print(f"提示：{rendered.notice}", file=sys.stderr)
    return cli.EXIT_OK


def cmd_people(args: argparse.Namespace) -> int:
    from fazhi_desktop import cli
    from fazhi_desktop.core import people

    store = cli._open(args)
    if args.people_command == "add":
        person = people.add_person(store, cli._actor(args, store), args.name, args.title, args.unit, args.role,
                                   args.cert_no, args.cert_expiry, args.phone, args.joined_on, args.left_on,
                                   same_as=_same_as(store, args), other_person=args.other_person)
        print(person.id)
        print(f"已加入名册：{person.display}", file=sys.stderr)
        for note in (people.name_note(person.name), people.expiry_note(store, person)):
            if note:
                print(f"提示：{note}", file=sys.stderr)
        return cli.EXIT_OK
    if args.people_command == "history":
        return _history(store, args)
    if args.people_command == "leave":
        return _leave(store, args)
    if args.people_command == "edit":
        return _edit(store, args)
    if store.is_county:  # the townships' rosters as their bundles carried them, as the window shows them
        return _print_township_rosters(store, args)
    roster = people.list_people(store, active_only=not args.all)
    if args.format == "json":
        from fazhi_desktop.core.identifiers import mask_phone

        # phone numbers masked as everywhere on screen and in exports
        print(json.dumps([p.__dict__ | {"roles": list(p.roles), "phone": mask_phone(p.phone) if p.phone else p.phone}
                          for p in roster], ensure_ascii=False, indent=2))
        return cli.EXIT_OK
    today = local_today(store.clock).isoformat()
    rows = [[p.name, p.title or "", p.unit or "", "、".join(p.roles), p.cert_text, p.expiry_text(today),
             p.in_post, "在用" if p.active else "已停用"] for p in roster]
    print(text_table(["姓名", "职务", "单位", "角色", "执法证号", "有效期", "任职时间", "状态"], rows))
    print(f"共 {len(roster)} 人")
    return cli.EXIT_OK


def _same_as(store, args: argparse.Namespace, entry=None) -> str | None:
    """The entry `--same-as` names (its number in the list said, or its id), or None for --other-person; refused,
    naming the roster's entries of the name, when it has some and neither was written: the figures count people
    (T46c, T47) and only the clerk knows whether this 王军 is the one who left (core/people.py `namesakes`).
    `entry`: the roster entry answered for (`fazhi people edit`), not its own namesake."""
    from fazhi_desktop.core import people
    from fazhi_desktop.core.errors import Conflict

    people.own_roster(store)
    if entry is None:
        found = people.namesakes(store, args.name, args.title)
    else:
        found = people.namesakes(store, entry.name, entry.title, excluding=entry.id)
        if not found:
            raise Conflict(f"名册中没有与{entry.display}同名的其他人员，无须说明是否同一人")
    listed = "；".join(f"{n}. {p.name}{people.post_said(p)}" for n, p in enumerate(found, 1))
    if args.same_as is None:
        if found and not args.other_person:
            raise Conflict(f"名册中已有“{found[0].name}”：{listed}。是同一人改任（或再任）的，加 --same-as 序号"
                           "（如 --same-as 1）；是同名的另一人，加 --other-person")
        return None
    chosen = [p for n, p in enumerate(found, 1) if args.same_as.strip() in (str(n), p.id)]
    if not chosen:
        raise Conflict(f"--same-as {args.same_as}：" + (f"名册中同名的是 {listed}，请写其中的序号" if found else
                                                         f"名册中没有可能是同一人的“{args.name.strip()}”"))
    return chosen[0].id


def _edit(store, args: argparse.Namespace) -> int:
    """是否同一人 of the one entry named (and of that 职务), given or changed through people.update_person as
    编辑人员's 是否同一人… does, the roster's change log noting it for the logged-in user."""
    from fazhi_desktop import cli
    from fazhi_desktop.core import people

    entry = _entry(store, args.name, args.post)
    same_as = _same_as(store, args, entry)
    p = entry
    done = people.update_person(store, p.id, cli._actor(args, store), p.name, p.title, p.unit, p.roles, p.cert_no,
                                p.cert_expiry, p.phone, p.active, p.joined_on, p.left_on, same_as=same_as,
                                other_person=args.other_person)
    print(done.id)
    if same_as is None:
        print(f"已记下：{done.display}与同名的人是另一人", file=sys.stderr)
    else:
        [(number, other)] = [(n, o) for n, o in enumerate(people.namesakes(store, p.name, p.title, excluding=p.id), 1)
                             if o.id == same_as]
        print(f"已记下：{done.display}与 {number}. {other.display}是同一人", file=sys.stderr)
    return cli.EXIT_OK


def _entry(store, name: str, post: str | None):
    """The one roster entry, in use or not, named `name` (or of that id) whose 职务 is `post` (or holds it).
    NotFound or Conflict naming the entries of that name when none is, or several are."""
    from fazhi_desktop.core import people
    from fazhi_desktop.core.errors import Conflict, NotFound

    people.own_roster(store)
    key, wanted = name.strip(), (post or "").strip()
    named = [p for p in people.list_people(store) if key in (p.name, p.id)]
    if not named:
        raise NotFound(f"名册中没有名为“{key}”的人员（fazhi people list --all 列出全部）")
    fitting = _of_post(named, wanted)
    if len(fitting) == 1:
        return fitting[0]
    listed = "、".join(p.display for p in (fitting or named))
    if not fitting:
        raise NotFound(f"名册中的“{key}”没有职务为“{wanted}”的（有：{listed}）")
    hint = (f"请用 --post 写明是哪一条的职务（如 --post {fitting[0].detail}）" if len({p.detail for p in fitting}) > 1
            else "职务也相同：请写这一条的标识（fazhi people list --all --format json 列出）")
    raise Conflict(f"名册中有 {len(fitting)} 条“{key}”：{listed}；{hint}")


def _of_post(entries: list, wanted: str) -> list:
    """Those of `entries` whose 职务 is `wanted`, else those whose 职务 holds it (书记 for 镇党委书记); all when
    `wanted` is empty."""
    if not wanted:
        return entries
    return [p for p in entries if p.detail == wanted] or [p for p in entries if wanted in p.detail]


def _leave(store, args: argparse.Namespace) -> int:
    """Take the one entry in use of that name (and 职务) out of use with its 离任日期, through people.set_active as
    人员名册's 停用 does: the roster's change log notes it (停用) for the logged-in user."""
    from fazhi_desktop import cli
    from fazhi_desktop.core import people
    from fazhi_desktop.core.errors import FazhiError, ValidationError

    person = _in_use(store, args.name, args.post)
    try:
        left = people.set_active(store, person.id, False, cli._actor(args, store), args.date)
    except ValidationError as exc:
        raise FazhiError(f"{person.display}未停用：{'；'.join(str(p) for p in exc.problems)}") from None
    print(left.id)
    print(f"已停用：{left.left_display}；新记录中不再提供此人，已有记录不受影响", file=sys.stderr)
    return cli.EXIT_OK


def _in_use(store, name: str, post: str | None):
    """The one roster entry in use named `name` whose 职务 is `post` (or holds it: 书记 for 镇党委书记), if given.
    NotFound or Conflict naming the entries of that name when none is, or several are (a leader moved to another
    post has two entries: the one of his old post is his to say)."""
    from fazhi_desktop.core import people
    from fazhi_desktop.core.errors import Conflict, NotFound

    people.own_roster(store)
    key, wanted = name.strip(), (post or "").strip()
    named = [p for p in people.list_people(store) if p.name == key]
    if not named:
        raise NotFound(f"名册中没有名为“{key}”的人员（fazhi people list --all 列出全部）")
    in_use = [p for p in named if p.active]
    fitting = _of_post(in_use, wanted)
    if len(fitting) == 1:
        return fitting[0]
    if not in_use:
        gone = "、".join(p.left_display if p.left_on else p.display for p in named)
        raise Conflict(f"{gone}已停用，无需再停用")
    listed = "、".join(p.display for p in in_use)
    if not fitting:
        raise NotFound(f"名册中在用的“{key}”没有职务为“{wanted}”的（在用的是：{listed}）")
    if wanted and len({p.detail for p in fitting}) == 1:
        raise Conflict(f"名册中有 {len(fitting)} 条在用的{fitting[0].display}，职务相同：请在“人员名册”中核对后停用")
    raise Conflict(f"名册中有 {len(fitting)} 条在用的“{key}”：{'、'.join(p.display for p in fitting)}；"
                   f"请用 --post 写明是哪一条的职务（如 --post {fitting[0].detail}）")


def _history(store, args: argparse.Namespace) -> int:
    """Each roster person named NAME (now or once), with their entries in the roster's change log."""
    from fazhi_desktop import cli
    from fazhi_desktop.cli_accounts import print_revisions, revisions_json
    from fazhi_desktop.core import people, roster_log
    from fazhi_desktop.core.errors import Conflict, NotFound

    if store.is_county:
        raise Conflict(roster_log.COUNTY)
    found = roster_log.people_named(store, args.name)
    if not found:
        raise NotFound(f"名册中没有名为“{args.name.strip()}”的人员（fazhi people list --all 列出全部）")
    shown = [(people.get_person(store, person_id), roster_log.person_history(store, person_id)) for person_id in found]
    if args.format == "json":
        print(json.dumps([{"id": p.id, "name": p.name, "before_log": roster_log.before_log(store, p.id),
                           "entries": revisions_json(entries)} for p, entries in shown], ensure_ascii=False, indent=2))
        return cli.EXIT_OK
    for index, (person, entries) in enumerate(shown):
        if index:
            print()
        state = "，".join(filter(None, (person.in_post, "在用" if person.active else "已停用")))
        print(f"{person.display} 的名册修改历史（共 {len(entries)} 条，现为：{state}）")
        earlier = roster_log.before_log(store, person.id)
        if earlier:
            print(f"（{earlier}）")
        print_revisions(entries, reason="说明")
    return cli.EXIT_OK


def _print_township_rosters(store, args: argparse.Namespace) -> int:
    from fazhi_desktop import cli
    from fazhi_desktop.core import divisions, people

    names = divisions.names()
    listed = [(town, p) for town, p in people.township_rosters(store) if p.active or args.all]
    if args.format == "json":
        print(json.dumps([{"township": town, "name": p.name, "title": p.title, "roles": list(p.roles),
                           "joined_on": p.joined_on, "left_on": p.left_on, "active": p.active} for town, p in listed],
                         ensure_ascii=False, indent=2))
        return cli.EXIT_OK
    rows = [[names.get(town, town), p.name, p.title or "", "、".join(p.roles), p.in_post,
             "在用" if p.active else "已停用"] for town, p in listed]
    print(text_table(["乡镇", "姓名", "职务", "角色", "任职时间", "状态"], rows))
    print(f"共 {len(listed)} 人（各乡镇随数据包报送的名册）")
    return cli.EXIT_OK
