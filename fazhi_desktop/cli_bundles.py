"""`fazhi` commands for keys, bundles and receipts (township -> county on a USB stick).

    fazhi keys init|show|enrolment -o FILE     the office's keys (township: signing key; county: age + receipt key)
    fazhi keys passphrase                       a new passphrase for the same key (nothing to enrol again)
    fazhi keys passphrase --recovery-code [CODE]   county: a forgotten passphrase, set anew with the backup code
    fazhi keys escrow on|off                    county: keep (or not) the keys sealed to the backup key for that
    fazhi county-key add FILE|TEXT [--fingerprint FP|--yes] [--replace]   township: the county's public keys
    fazhi export --to DIR [--full] [--empty]   township: write the next bundle (nothing new: none, unless --empty)
    fazhi verify BUNDLE                        county: check a bundle completely, change nothing
    fazhi import BUNDLE|DIR... [--dry-run] [--accept-replaced-key HASH]   county: verify and apply bundles
    fazhi enrol FILE [--fingerprint FP|--yes] [--replace]   county: trust a township's key
    fazhi revoke TOWNSHIP [--key ID] --reason 被盗|丢失|更换 [--since DATE] --yes
                                               county: stop trusting it (for good: without --yes, only said);
                                               of a revoked key: the reason once (更换: 被盗 or 丢失, once)
    fazhi receipt write --to DIR | import FILE
    fazhi conflicts [list|show ID|resolve ID --keep held|incoming]   county: settle conflicting versions

Private keys are unlocked with the office's passphrase: asked on the terminal, or read from `--passphrase-file` or
the environment variable FAZHI_PASSPHRASE (for scripts).
"""

from __future__ import annotations

import argparse
import glob
import os
import sys
from collections.abc import Callable
from pathlib import Path

from fazhi_desktop import cli_guards
from fazhi_desktop.core import divisions, textfiles, year_close
from fazhi_desktop.core.bundle import county_escrow, county_key, replaced_key, revocation
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.apply import (
    INTERNAL_ERROR,
    ImportReport,
    as_bundles,
    bundle_files,
    import_bundles,
    no_bundles_text,
    totals,
    where_logged,
)
from fazhi_desktop.core.bundle.collect import NOTHING_NEW, bundle_kind, contents_text, held_failing_text
from fazhi_desktop.core.bundle.common import BundleError, keys_dir
from fazhi_desktop.core.bundle.export import export_bundle, parts_text, plan_export, target_path, written_text
from fazhi_desktop.core.bundle.receipt_catalogs import carried_line
from fazhi_desktop.core.bundle.receipt_lost import RECEIPT_BY_COMMAND
from fazhi_desktop.core.bundle.receipts import (
    ReceiptsNotAllWritten,
    ReceiptWritten,
    awaits_new_key,
    import_receipt,
    write_receipts,
)
from fazhi_desktop.core.bundle.revocation import unverified_listing
from fazhi_desktop.core.clock import local_time, office_date
from fazhi_desktop.core.failures import cannot_read
from fazhi_desktop.core.places import for_command_line
from fazhi_desktop.core.stick_names import skipped_text
from fazhi_desktop.core.store import Store

EXIT_OK, EXIT_ERROR = 0, 1
PASSPHRASE_ENV = "FAZHI_PASSPHRASE"
NEW_PASSPHRASE_ENV = "FAZHI_NEW_PASSPHRASE"  # `fazhi keys passphrase`: the new one, for scripts
RECOVERY_CODE_ENV = "FAZHI_RECOVERY_CODE"  # `fazhi keys passphrase --recovery-code`, as `accounts recover`
OLD_PASSPHRASE_ENV = "FAZHI_OLD_PASSPHRASE"  # `fazhi keys init --replace` at the county: the old one, for scripts
Handler = Callable[[argparse.Namespace], int]


def register_commands(sub: argparse._SubParsersAction) -> dict[str, Handler]:
    """Add the bundle commands to `fazhi`'s parser; returns command name -> handler."""
    from fazhi_desktop.cli_arguments import day, number, township  # a code or a name (海城镇); a number SQLite holds

    p = sub.add_parser("keys", help="本单位的密钥（乡镇：签名密钥；县级：加密与回执密钥）")
    keys_sub = p.add_subparsers(dest="keys_command", required=True, metavar="操作")
    k = keys_sub.add_parser("init", help="创建密钥（私钥用口令加密保存）")
    k.add_argument("--replace", action="store_true",
                   help="替换已有密钥（乡镇：须把新的登记文件交县级重新登记；县级：各乡镇须换用新的县级公钥文件，"
                        f"旧密钥用新口令保留，以导入乡镇换用之前的数据包，原口令从环境变量 {OLD_PASSPHRASE_ENV} "
                        "读取或在终端输入）")
    k.add_argument("--old-passphrase-forgotten", action="store_true",
                   help="县级更换密钥时：忘记了原口令（旧密钥打不开，加密给它的数据包须由乡镇重新导出）")
    _passphrase_option(k)
    k = keys_sub.add_parser("passphrase",
                            help="修改密钥口令（密钥、指纹不变：乡镇不必重新登记；县级：各乡镇不必换县级公钥文件，"
                                 "导入和写回执时用新口令）")
    k.add_argument("--recovery-code", nargs="?", const="", metavar="CODE",
                   help="县级忘记了口令：用备份恢复码设新口令（所长或管理员；不给出 CODE 时从环境变量 "
                        f"{RECOVERY_CODE_ENV} 读取或在终端输入），密钥和指纹不变，各乡镇什么都不用做")
    _passphrase_option(k)
    k = keys_sub.add_parser("escrow", help="县级：是否用备份恢复码找回忘记的口令（默认开启：密钥另存一份，"
                                            "用备份密钥加密；关闭后忘记口令只能更换县级密钥）")
    k.add_argument("state", choices=("on", "off"), help="on：开启（输入口令，另存一份）；off：关闭（删除本机那一份）")
    _passphrase_option(k)
    keys_sub.add_parser("show", help="显示公钥与指纹")
    k = keys_sub.add_parser("enrolment", help="写出交给对方的公钥文件（乡镇：登记文件；县级：县级公钥文件）")
    k.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")

    p = sub.add_parser("county-key", help="乡镇：县级公钥")
    ck_sub = p.add_subparsers(dest="county_key_command", required=True, metavar="操作")
    k = ck_sub.add_parser("add", help="添加县级公钥（文件或粘贴的文字），先与县司法局电话核对指纹")
    k.add_argument("source", metavar="FILE|TEXT")
    k.add_argument("--fingerprint", metavar="FP", help="电话中县司法局读出的指纹（与文件不符则拒绝）")
    k.add_argument("--yes", action="store_true", help="已用其他方式核对过指纹")
    k.add_argument("--replace", action="store_true", help="替换本所已保存的另一把县级公钥（县司法局重新创建了密钥时）")

    p = sub.add_parser("export", help="乡镇：导出数据包（默认只含上次回执以来的变更）")
    p.add_argument("--to", required=True, type=Path, metavar="DIR", help="U盘或文件夹")
    p.add_argument("--full", action="store_true", help="发送全部数据")
    p.add_argument("--empty", action="store_true", help="没有新变更时也写入数据包（只向县里表明本所没有新变更）")
    p.add_argument("--clock-ok", action="store_true",
                   help="电脑时间早于本所记下的最近时间（修改记录、年度封账、导出或备份），但已用手机或网络时间核对"
                        "电脑时间无误（是当时电脑时间走快了）：先确认电脑时间无误（同 fazhi clock confirm，所长或"
                        "管理员，记入账户日志），再导出")
    _passphrase_option(p)

    p = sub.add_parser("verify", help="县级：完整核验数据包，不导入")
    p.add_argument("bundle", type=Path)
    _passphrase_option(p)

    p = sub.add_parser("import", help="县级：核验并导入数据包（可给文件夹）")
    p.add_argument("bundles", type=Path, nargs="+", metavar="BUNDLE")
    p.add_argument("--dry-run", action="store_true", help="只核验并报告，不改动数据库")
    p.add_argument(replaced_key.OPTION, action="append", default=[], metavar="HASH", dest="accept_replaced_key",
                   help="接收这个核验值的迟到数据包：由已因更换吊销的密钥在吊销前签名、接着县里收到的它的数据包"
                        "（须先电话向乡镇核实是换密钥前在旧电脑上导出的，密钥没有落入他人之手；拒收原因会给出"
                        "核验值；只接收这一个数据包，其后的再问）")
    _passphrase_option(p)

    p = sub.add_parser("enrol", help="县级：登记乡镇的签名密钥")
    p.add_argument("file", type=Path)
    p.add_argument("--fingerprint", metavar="FP", help="电话中乡镇读出的指纹（与文件不符则拒绝）")
    p.add_argument("--yes", action="store_true", help="已用其他方式核对过指纹")
    p.add_argument("--replace", action="store_true",
                   help="吊销该乡镇原有的有效密钥，换成这一把（乡镇重新生成了密钥时）")

    p = sub.add_parser("revoke", help="县级：吊销乡镇的签名密钥")
    p.add_argument("township", metavar="TOWNSHIP", type=township)
    p.add_argument("--key", metavar="KEYID", help="只吊销这把密钥")
    p.add_argument("--reason", choices=keymod.REVOKE_REASONS, metavar="原因",
                   help=keymod.REVOKE_REASONS_SAID)
    p.add_argument("--since", type=day, metavar="DATE",
                   help="被盗、丢失时：从哪天起不再信任这把密钥（YYYY-MM-DD，默认今天）；此后导入的它签名的数据包会标出")
    p.add_argument("--yes", action="store_true",
                   help="已核对乡镇与密钥指纹，确认吊销（不可撤销；不加时只说明将吊销哪把密钥）")

    p = sub.add_parser("receipt", help="回执：县级出具，乡镇导入")
    r_sub = p.add_subparsers(dest="receipt_command", required=True, metavar="操作")
    k = r_sub.add_parser("write", help="县级：为已导入的数据包出具回执")
    k.add_argument("--to", required=True, type=Path, metavar="DIR")
    k.add_argument("--township", action="append", default=[], metavar="CODE", type=township,
                   help="只为这些乡镇（可多次）")
    _passphrase_option(k)
    k = r_sub.add_parser("import", help="乡镇：导入县级回执")
    k.add_argument("file", type=Path)
    r_sub.add_parser("lost", help="乡镇：回执列出的、本所没有的记录（补录用）")
    k = r_sub.add_parser("reenter", help="乡镇：按原编号补录回执列出的一条记录（县里作为同一条记录更新）")
    k.add_argument("id", help="回执列出的记录标识或编号（见 fazhi receipt lost）")
    k.add_argument("--json", required=True, metavar="FILE", help="按纸质材料填写的记录内容，JSON 文件，- 表示标准输入")

    p = sub.add_parser("bundles", help="数据包记录（乡镇：已导出的数据包与县级回执；县级：已导入的数据包）")
    p.add_argument("--township", metavar="CODE", type=township, help="县级：只列这个乡镇的")
    p.add_argument("--show", type=number, metavar="SEQ",
                   help="县级：逐条列出该乡镇第 SEQ 号数据包带来的记录（需 --township）")

    p = sub.add_parser("conflicts", help="县级：数据包冲突（同一版本、两份不同内容）的列出、比较与处理")
    c_sub = p.add_subparsers(dest="conflicts_command", metavar="操作")
    k = c_sub.add_parser("list", help="列出冲突（默认只列待处理的；不写操作时即为此项）")
    k.add_argument("--township", metavar="CODE", type=township, help="只列这个乡镇的")
    k.add_argument("--all", action="store_true", help="也列出已处理的")
    k = c_sub.add_parser("show", help="逐项比较本县原有版本与新收到的版本")
    k.add_argument("id", type=number, metavar="ID")
    k = c_sub.add_parser("resolve", help="处理冲突（所长或管理员）")
    k.add_argument("id", type=number, metavar="ID")
    k.add_argument("--keep", required=True, choices=["held", "incoming"],
                   help="held：保留本县原有版本；incoming：采用新收到的版本")
    return {"keys": cmd_keys, "county-key": cmd_county_key, "export": cmd_export, "verify": cmd_verify,
            "import": cmd_import, "enrol": cmd_enrol, "revoke": cmd_revoke, "receipt": cmd_receipt,
            "conflicts": cmd_conflicts, "bundles": cmd_bundles}


def _passphrase_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--passphrase-file", type=Path, metavar="FILE",
                        help=f"从文件第一行读取口令（也可用环境变量 {PASSPHRASE_ENV}）")


def _base():
    from fazhi_desktop import cli  # the composition root; imported late because it imports this module

    return cli


def _open(args: argparse.Namespace) -> Store:
    return _base()._open(args)


def _actor(args: argparse.Namespace, store: Store) -> str:
    return _base()._actor(args, store)


def _passphrase(args: argparse.Namespace, confirm: bool = False) -> str:
    if args.passphrase_file is not None:
        try:
            lines = textfiles.read_text(args.passphrase_file).splitlines()
        except OSError as exc:  # a misspelt name, a folder: in Chinese (core/failures)
            raise cannot_read(exc, args.passphrase_file, "口令文件") from None
        except UnicodeDecodeError:
            raise BundleError(f"口令文件 {args.passphrase_file} {textfiles.NOT_TEXT}") from None
        return lines[0] if lines else ""
    if os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV]
    if not sys.stdin.isatty():
        raise _base().UsageError(
            f"需要口令：请在终端中运行，或用 --passphrase-file 文件、环境变量 {PASSPHRASE_ENV} 提供")
    first = cli_guards.secret("口令：")
    if confirm and cli_guards.secret("再输入一次：") != first:
        raise BundleError("两次输入的口令不一致")
    return first


def _change_passphrase(args: argparse.Namespace, store: Store) -> int:
    """`fazhi keys passphrase`: the old passphrase (as every command takes it), then the new one twice (or
    FAZHI_NEW_PASSPHRASE); the key stays, so nothing is enrolled again. With --recovery-code, the county's forgotten
    passphrase: the backup recovery code instead of the old one (county_escrow.py)."""
    if args.recovery_code is not None:
        if not store.is_county:
            raise BundleError(county_escrow.TOWNSHIP_REFUSED)
        code = args.recovery_code or os.environ.get(RECOVERY_CODE_ENV) or _recovery_code()
        county_escrow.reset_passphrase(store, code, _new_passphrase())
        print(county_escrow.RESET_DONE)
        return EXIT_OK
    old = _passphrase(args)
    keymod.change_passphrase(store, old, _new_passphrase())
    print(keymod.passphrase_changed_text(store.is_county))
    return EXIT_OK


def _escrow(args: argparse.Namespace, store: Store) -> int:
    """`fazhi keys escrow on|off` (county_escrow.set_kept): on, the passphrase must open the keys, then seals them."""
    on = args.state == "on"
    if on and store.is_county and keymod.county_public(store) is None:
        raise BundleError("县级密钥尚未创建（fazhi keys init）")
    county_escrow.set_kept(store, on, _passphrase(args) if on else "")
    if not on:
        print(county_escrow.OFF_DONE)
        return EXIT_OK
    print(county_escrow.ON_DONE if (keys_dir(store) / county_escrow.ESCROW).exists() else county_escrow.ON_NO_KEY)
    return EXIT_OK


def _new_passphrase() -> str:
    """The new passphrase: FAZHI_NEW_PASSPHRASE, or typed twice on the terminal."""
    new = os.environ.get(NEW_PASSPHRASE_ENV)
    if not new:
        if not sys.stdin.isatty():
            raise _base().UsageError(f"需要新口令：请在终端中运行，或用环境变量 {NEW_PASSPHRASE_ENV} 提供")
        new = cli_guards.secret("新口令：")
        if cli_guards.secret("再输入一次新口令：") != new:
            raise BundleError("两次输入的新口令不一致，口令未修改")
    return new


def _recovery_code() -> str:
    if not sys.stdin.isatty():
        raise _base().UsageError(f"需要备份恢复码：请在终端中运行，或写在 --recovery-code 之后、"
                                 f"或用环境变量 {RECOVERY_CODE_ENV} 提供")
    return cli_guards.typed("备份恢复码：").strip()  # copied from paper: shown as typed, as `accounts recover` asks


def cmd_keys(args: argparse.Namespace) -> int:
    store = _open(args)
    if args.keys_command == "init":
        old = _replacing_county(args, store) if store.is_county and args.replace else None
        passphrase = _passphrase(args, confirm=True)
        if store.is_county:
            public = keymod.init_county_keys(store, passphrase, replace=args.replace, old_passphrase=old)
            print(f"已创建县级密钥（私钥已用口令加密）：{keys_dir(store)}")
            _print_county(public)
            again = "；各乡镇须替换原来的县级公钥（county-key add 文件 --replace）" if args.replace else ""
            print(f"下一步：fazhi keys enrolment -o 县级公钥-{store.township}.txt，把文件交各乡镇添加"
                  f"（fazhi county-key add 文件），并电话核对上面的指纹{again}")
            print(keymod.BACK_UP_NEW_KEY)
        else:
            key = keymod.init_township_key(store, passphrase, replace=args.replace)
            print(f"已创建本所签名密钥（私钥已用口令加密）：{keys_dir(store) / keymod.TOWNSHIP_SECRET}")
            _print_township(key)
            print("下一步：fazhi keys enrolment -o 登记文件.json，交县司法局登记，并电话核对指纹")
        return EXIT_OK
    if args.keys_command == "passphrase":
        return _change_passphrase(args, store)
    if args.keys_command == "escrow":
        return _escrow(args, store)
    if args.keys_command == "show":
        if store.is_county:
            public = keymod.county_public(store)
            if public is None:
                raise BundleError("县级密钥尚未创建（fazhi keys init）")
            _print_county(public)
            for key in keymod.enrolled_keys(store):
                print(f"  {key.township} {key.office}  密钥 {key.key_id}  指纹 {key.fingerprint}  "
                      f"{revocation.state(key, whole_time=True)}")
                print(f"    公钥：{key.public.base64()}")  # what `minisign -P` takes to check a bundle by hand
        else:
            key = keymod.township_key(store)
            if key is None:
                raise BundleError("本所还没有签名密钥（fazhi keys init）")
            _print_township(key)
            print(county_key.held_text(keymod.county_keys_known(store)))
        print(f"密钥文件夹：{keys_dir(store).absolute()}")  # where `age -d -i …/county-identity.age` finds the identity
        return EXIT_OK
    if store.is_county:
        public = keymod.write_county_public(store, args.output)
        print(f"已写出县级公钥文件：{args.output}（交各乡镇用 fazhi county-key add 导入）")
        print(f"指纹：{public.fingerprint}")
        return EXIT_OK
    print(keymod.enrolment_written_text(store, keymod.write_enrolment(store, args.output), args.output))
    return EXIT_OK


def _replacing_county(args: argparse.Namespace, store: Store) -> str | None:
    """`fazhi keys init --replace` at the county: what it means said first (as 密钥与登记 asks it), then the old
    passphrase, under which the key replaced is kept (None: forgotten)."""
    if keymod.county_public(store) is None:
        return None
    print(keymod.REPLACING_COUNTY)
    if os.environ.get(OLD_PASSPHRASE_ENV):
        return os.environ[OLD_PASSPHRASE_ENV]
    if args.old_passphrase_forgotten:
        print(county_escrow.replacing_forgotten(store))
        return None
    if not sys.stdin.isatty():
        raise _base().UsageError(f"需要原口令（用它打开旧密钥，改用新口令保留）：请在终端中运行，或用环境变量 "
                                 f"{OLD_PASSPHRASE_ENV} 提供；忘记了原口令，请加 --old-passphrase-forgotten")
    if cli_guards.typed("更换吗？确认请输入 y：").strip().lower() not in ("y", "yes", "是"):
        raise BundleError("县级密钥未更换")
    old = cli_guards.secret("原口令（忘记了直接按 Enter）：") or None
    if old is None:
        print(county_escrow.replacing_forgotten(store))
        if cli_guards.typed("仍要更换吗？确认请输入 y：").strip().lower() not in ("y", "yes", "是"):
            raise BundleError("县级密钥未更换")
    return old


def _print_township(key: keymod.TownshipKey) -> None:
    print(f"单位：{key.office}（{key.township}）")
    print(f"密钥编号：{key.public.key_id_hex}")
    print(f"公钥：{key.public.base64()}")
    print(f"指纹：{key.fingerprint}")
    print(f"电话核对时先报乡镇，再报指纹：{key.place}，{key.fingerprint}")


def _print_county(public: keymod.CountyPublic) -> None:
    print(f"单位：{public.office}（{public.county}）")
    print(f"加密公钥（age）：{public.recipient}")
    print(f"回执签名公钥（minisign）：{public.signing.base64()}")
    print(f"指纹：{public.fingerprint}")


def cmd_county_key(args: argparse.Namespace) -> int:
    store = _open(args)
    try:
        given_file = Path(args.source).is_file()
    except (OSError, ValueError):  # the whole key file's text pasted: too long, or lines, for a file name
        given_file = False
    if given_file:
        from fazhi_desktop.core.bundle.common import read_text

        text, name = read_text(Path(args.source)), args.source
    else:
        text, name = args.source, "输入的文字"
    change = county_key.county_key_change(store, text, name)
    print(f"单位：{change.new.office or '（文件中未写单位名称）'}")
    print(f"指纹：{change.new.fingerprint}")
    if change.same:
        if change.relabels:  # the same keys: only the office's name is corrected
            county_key.add_county_keys(store, text, _actor(args, store), name)
        print(change.same_text)
        return EXIT_OK
    if change.replaces and not args.replace:
        raise BundleError(f"{change.replacing_text}\n确认县司法局已重新创建密钥后，加 --replace 再运行一次；未添加")
    if not _fingerprint_checked(args, change.new.fingerprint or "", name, "县司法局", "未添加", change.previous):
        return EXIT_ERROR
    held = county_key.add_county_keys(store, text, _actor(args, store), name, replace=args.replace)
    print(f"{'已替换' if change.replaces else '已添加'}县级公钥：现在保存加密公钥 {len(held.recipients)} 个，"
          f"回执签名公钥 {len(held.signing)} 个")
    return EXIT_OK


def _fingerprint_checked(args: argparse.Namespace, shown: str, source: str, who: str, refused: str,
                         previous: str = "") -> bool:
    """Whether the fingerprint `who` reads out on the phone is `shown`: given with --fingerprint (refused when it
    differs; said as the old key's when it is `previous`, that of the key being replaced), vouched for with --yes,
    or confirmed on the terminal (`refused` printed when not)."""
    if args.fingerprint is not None:
        if previous and keymod.same_fingerprint(args.fingerprint, previous):
            raise BundleError(f"指纹不符：{source} 中是 {shown}，{county_key.PREVIOUS_READ}；{refused}")
        if not keymod.same_fingerprint(args.fingerprint, shown):
            raise BundleError(f"指纹不符：{source} 中是 {shown}，核对的是 {args.fingerprint}"
                              f"（可能是读错，也可能文件被调换）；{refused}")
        return True
    if args.yes:
        return True
    if not sys.stdin.isatty():
        raise _base().UsageError("请用 --fingerprint 给出电话核对的指纹（或 --yes 表示已核对）")
    if cli_guards.typed(f"请与{who}电话核对上面的指纹，一致请输入 y：").strip().lower() in ("y", "yes", "是"):
        return True
    print(refused)
    return False


def cmd_export(args: argparse.Namespace) -> int:
    store = _open(args)
    # read first, before the passphrase is asked: what stops the bundle (a record the county would refuse) is said
    plan = plan_export(store, args.full) if not store.is_county else None
    if plan is not None and not (args.full or args.empty) and not plan.snapshot.has_news:
        # such a bundle uses up a number and gets carried to the county for nothing
        print("自上次县级回执以来没有新的登记、修改或名册变动：未写入数据包"
              "（仍要写入一个只表明没有新变更的数据包，请加 --empty）")
        return EXIT_OK
    if args.clock_ok:  # the 所长's word on the clock, before the passphrase is asked
        from fazhi_desktop.cli_clock import confirm_if_behind

        confirm_if_behind(args, store)
    if plan is not None and plan.snapshot.held_failing:
        print(for_command_line(held_failing_text(plan.snapshot.held_failing), year_close.REOPEN_BY_COMMAND))
    if plan is not None and args.to.is_dir() \
            and (parts := parts_text(args.to, target_path(args.to, plan.file_name).name, plan.estimated_bytes)):
        print(parts)  # a FAT32 stick: said before the passphrase, as the wizard's plan page says it
    signer = keymod.unlock_township_key(store, _passphrase(args))
    result = export_bundle(store, args.to, signer, full=args.full, actor=_actor(args, store),
                           checked=plan.snapshot.checked if plan is not None else None)
    for note in result.earlier:
        print(f"注意：{note}")
    print(f"已写入数据包：{written_text(result)}")
    summary = result.summary
    kind = bundle_kind(args.full, result.changes_after)
    print(f"第 {result.sequence} 号，{kind}，{contents_text(summary)}")
    for name, count in summary["records"].items():
        if count:
            print(f"  {store.ledger(name).label}：{count}")
    if not summary["changes"] and not summary.get("roster_new") and not args.full:
        print(f"注意：{NOTHING_NEW}")
    print(f"数据包标识：{result.bundle_id}")
    for state in year_close.reopened(store.conn):  # the county flags it: said here too, with the way to close it
        print(f"注意：{year_close.reopened_said(state, store.user, command_line=True)}；县里会看到该年未封账")
    return EXIT_OK


def _county_keys(args: argparse.Namespace, store: Store) -> keymod.CountyKeys:
    if not store.is_county:
        raise BundleError("这是乡镇数据库；核验与导入数据包在县级数据库中进行")
    return keymod.unlock_county_keys(store, _passphrase(args))


def cmd_verify(args: argparse.Namespace) -> int:
    store = _open(args)
    if args.bundle.is_dir():  # a stick given whole: said before the passphrase is asked for
        raise BundleError(f"{args.bundle} 是一个文件夹，fazhi verify 只核验一个数据包文件。要核验文件夹（U盘）里的全部"
                          f"数据包而不导入，请用：fazhi import --dry-run {args.bundle}")
    keys = _county_keys(args, store)
    reports = _logged_here(import_bundles(store, [args.bundle], keys, _actor(args, store), dry_run=True))
    for line in reports[0].lines():
        print(line)
    if not reports[0].ok:  # signed by a stolen key: what it holds, for the township to look for on paper
        for line in unverified_listing(store, as_bundles([args.bundle])[0], keys):
            print(line)
    return EXIT_OK if reports[0].ok else EXIT_ERROR


def cmd_import(args: argparse.Namespace) -> int:
    store = _open(args)
    paths: list[Path] = []
    for given in args.bundles:
        if given.is_dir():
            found = bundle_files(given)
            if not found:
                raise BundleError(no_bundles_text(given))
            paths += found
            if skipped := skipped_text(given, found):  # a Mac's ._ files, receipts: passed over, and said
                print(skipped)
        elif not given.exists() and any(c in str(given) for c in "*?["):
            # cmd and PowerShell hand `E:\*.tar.age` over as written; a Unix shell has expanded it already
            matched = sorted(Path(m) for m in glob.glob(str(given)))
            if not matched:
                raise BundleError(f"没有与 {given} 相符的文件")
            paths += matched
        else:
            paths.append(given)
    accept = {replaced_key.given_hash(value) for value in args.accept_replaced_key}  # before the passphrase
    keys = _county_keys(args, store)
    if not args.dry_run:
        _tell_imports_on_cancel(store)
    reports = _logged_here(import_bundles(store, paths, keys, _actor(args, store), dry_run=args.dry_run,
                                          accept=accept))
    for report in reports:
        for line in report.lines():
            print(line)
    print(totals(reports))
    return EXIT_OK if all(r.ok for r in reports) else EXIT_ERROR


def _logged_here(reports: list[ImportReport]) -> list[ImportReport]:
    """A bug met on a bundle: its stack went to stderr (the command line writes no log file)."""
    return where_logged(reports, f"{INTERNAL_ERROR}（见上面的错误输出），请把它交给维护人员")


def _tell_imports_on_cancel(store: Store) -> None:
    """Ctrl-C stops at the bundle being read (rolled back); those imported before it stay: name them."""
    from fazhi_desktop.core.bundle.exchanges import received_bundles

    before = {b.bundle_id for b in received_bundles(store)}

    def imported() -> str | None:
        if store.conn.in_transaction:  # rolled back by core; never count what it leaves open
            return None
        new = [b.file_name for b in reversed(received_bundles(store)) if b.bundle_id not in before]
        if not new:
            return "没有导入任何数据包"
        return f"已导入 {len(new)} 个数据包（{'、'.join(new)}），其余未导入，可以再次导入"

    cli_guards.on_cancel(imported)


def cmd_enrol(args: argparse.Namespace) -> int:
    store = _open(args)
    key = keymod.read_enrolment(args.file)
    print(key.code_text)
    print(f"单位：{key.office}（登记文件所写）")
    print(f"密钥编号：{key.public.key_id_hex}")
    print(f"指纹：{key.fingerprint}")
    plan = keymod.plan_enrolment(store, key)
    if plan.enrolled:  # the fingerprint read out first: after `keys init --replace` this is the old file
        if args.fingerprint is not None and not keymod.same_fingerprint(args.fingerprint, key.fingerprint):
            raise BundleError(f"指纹不符：登记文件 {args.file} 中是 {key.fingerprint}，核对的是 {args.fingerprint}。"
                              f"{plan.other_file_text}；未登记")
        print(plan.already_text)
        if args.fingerprint is None:
            print(f"乡镇在电话中读出的指纹如不是上面的 {key.fingerprint}：{plan.other_file_text}")
        return EXIT_OK
    if plan.replaces and not args.replace:
        raise BundleError(f"{plan.replacing_text}\n确认乡镇已重新生成密钥后，加 --replace 再运行一次；未登记")
    if not _fingerprint_checked(args, key.fingerprint, f"登记文件 {args.file}",
                                f"{key.place}（请对方先报乡镇名称，应为{key.place}）", "未登记"):
        return EXIT_ERROR
    replaced = keymod.enrol(store, key, _actor(args, store), replace=args.replace)
    print(f"已登记 {key.office} 的签名密钥 {key.public.key_id_hex}")
    for old in replaced:
        print(f"该乡镇原有的密钥 {old} 已吊销（原因：{keymod.REASON_REPLACED}；不再接收它签名的新数据包）。如后来得知"
              f"旧电脑或U盘被盗、丢失：fazhi revoke {key.township} --key {old} --reason 被盗 --since 日期 --yes")
    if awaits_new_key(store, key.township):
        print(f"乡镇如是重装（新数据库）：为新安装写回执，让其接着编号（乡镇登记台账前导入）：fazhi receipt write "
              f"--township {key.township} --to U盘")
    return EXIT_OK


def cmd_revoke(args: argparse.Namespace) -> int:
    """A mistyped code would retire a working key for good: named with its fingerprint, revoked only with --yes."""
    store = _open(args)
    town = divisions.town_label(args.township)
    revoked = revocation.reason_to_add(store, args.township, args.key)
    if revoked is not None:
        return _add_reason(args, store, revoked, town)
    if not args.yes:
        keys = keymod.revocable(store, args.township, args.key)
        print(f"将吊销{town}的签名密钥：")
        for key in keys:
            print(f"  {key.township} {key.office}  密钥 {key.key_id}  指纹 {key.fingerprint}  "
                  f"登记于 {local_time(key.enrolled_at)[:10]}")
        for key in keymod.enrolled_keys(store, args.township):  # the one meant may be a key revoked before
            if key.revoked_at and (when := revocation.open_to(key)) is not None and not args.key:
                named = f"因{key.revoked_reason}吊销" if key.revoked_reason else "已吊销、未记录原因"
                print(f"  （{named}的密钥 {key.key_id}：{when}要为它{revocation.verb(key)}原因，"
                      f"请加 --key {key.key_id}）")
        # the reason too, when not given: --yes alone is refused for want of it
        again = ("--yes 再运行一次" if args.reason
                 else f"--reason 原因 --yes 再运行一次（原因：{keymod.REVOKE_REASONS_SAID}）")
        raise BundleError("吊销不可撤销：此后用它签名的数据包一律拒收（已在路上的也是），这把密钥也不能再登记，"
                          f"乡镇须重新生成密钥并重新登记。确认是{town}、指纹相符后，加 {again}；未吊销")
    if args.reason is None:  # what the county tells the township of a refused bundle depends on it
        raise BundleError(f"请用 --reason 说明吊销原因：{keymod.REVOKE_REASONS_SAID}；未吊销")
    revoked = keymod.revoke(store, args.township, _actor(args, store), args.key, args.reason, args.since)
    print(f"已吊销{town}的密钥：{'、'.join(revoked)}（原因：{args.reason}）。不可撤销；已在路上的数据包也将拒收，"
          "乡镇须重新生成密钥（fazhi keys init --replace）并重新登记")
    if args.reason in keymod.UNTRUSTED_REASONS:
        since = (args.since or office_date(store.clock())).isoformat()
        print(f"自 {since} 起不再信任这把密钥：此后导入的它签名的数据包在数据包记录和数据完整性中标出，"
              "其带来的记录回执另列（没有纸质材料的不要补录）；失窃（丢失）日期更早的，请加 --since 日期")
    return EXIT_OK


def _add_reason(args: argparse.Namespace, store: Store, key: keymod.EnrolledKey, town: str) -> int:
    """`fazhi revoke` of a revoked key open to a reason (none recorded, or 更换 to become 被盗 or 丢失): the reason
    (and day) recorded, once, with --yes."""
    revoked = f"{town}的密钥 {key.key_id}（指纹 {key.fingerprint}）已于 {local_time(key.revoked_at or '')[:10]} 吊销"
    verb = revocation.verb(key)
    if args.reason is not None and (refused := revocation.reason_refused(key, args.reason)) is not None:
        raise BundleError(refused)
    if args.reason is None or not args.yes:
        left = keymod.reasons_left(key.revoked_reason)
        choices = keymod.REVOKE_REASONS_SAID if not key.revoked_reason else "或".join(left)
        again = "--yes" if args.reason else f"--reason 原因 --yes（原因：{choices}）"
        if args.since:
            day = ""
        elif key.revoked_reason == keymod.REASON_REPLACED:  # not known at the 更换: no default (revocation.day_asked)
            day = "；并加 --since 日期（电脑或U盘被盗、丢失的那天：更换时还不知道，没有默认的日期）"
        else:
            day = "；被盗、丢失的，不再信任的日期默认是吊销那天，更早的请加 --since 日期"
        was = (f"原因记录为{key.revoked_reason}。后来得知电脑或U盘{'、'.join(left)}的，改记原因" if key.revoked_reason
               else "没有记录原因。补记原因")
        raise BundleError(f"{revoked}，{was}（记录后不能更改）：加 {again} 再运行一次{day}；未{verb}")
    added = revocation.add_reason(store, key, args.reason, args.since)
    print(f"{revoked}；已{verb}吊销原因：{revocation.recorded(added)}")
    if added.in_other_hands:
        print("此后导入的它签名的数据包在数据包记录和数据完整性中标出，其带来的记录回执另列（没有纸质材料的不要补录）")
    return EXIT_OK


def cmd_receipt(args: argparse.Namespace) -> int:
    store = _open(args)
    if args.receipt_command == "write":
        if not store.is_county:
            raise BundleError("只有县级数据库可以出具回执")
        keys = keymod.unlock_county_keys(store, _passphrase(args))
        try:
            receipts = write_receipts(store, keys, args.to, args.township or None)
        except ReceiptsNotAllWritten as exc:  # those on the stick are listed, then the error names the rest
            _print_receipts(store, exc.written)
            raise
        _print_receipts(store, receipts)
        return EXIT_OK
    if args.receipt_command in ("lost", "reenter"):
        return _reenter(args, store)
    result = import_receipt(store, args.file, _actor(args, store))
    print(f"{result.title}：{for_command_line(result.text(), RECEIPT_BY_COMMAND)}")
    return EXIT_OK


def _reenter(args: argparse.Namespace, store: Store) -> int:
    """`fazhi receipt lost` lists the records receipts named that this office lacks; `fazhi receipt reenter` enters
    one under its printed number (core/bundle/reentry.py)."""
    from fazhi_desktop.core.bundle import reentry

    if store.is_county:
        raise BundleError("补录回执列出的记录由乡镇进行；这是县级数据库")
    if args.receipt_command == "lost":
        items = reentry.to_enter(store)
        if not items:
            print(reentry.none_to_enter(store))
        for item in items:
            how = item.refused or f"可补录：fazhi receipt reenter {item.record.id} --json 文件"
            print(f"{item.label}\t{item.record.number or ''}\t{item.record.date or ''}\t{item.standing}\t{how}")
        return EXIT_OK
    item = reentry.find(store, args.id)
    data = {**reentry.filled(store, item), **_base()._read_json(args.json)}
    record = reentry.reenter(store, item, data, _actor(args, store))
    _base()._print_saved("已按原编号补录", record, store.ledgers[item.record.ledger])
    return EXIT_OK


def _print_receipts(store: Store, receipts: list[ReceiptWritten]) -> None:
    for written in receipts:
        held = f"确认到变更第 {written.acknowledged_through} 条，列出数据包 {written.bundles} 个"
        if written.for_new_key:
            held = (f"新密钥尚未送来数据包，不确认变更；带去县里已有的 {written.series} 个编号系列的最后编号，"
                    "乡镇登记台账前导入，就接着编号")
        if written.lost:
            held += f"；{written.lost_listed}，乡镇据此补录"
        # named as every message names an office (it said 乡镇 640522100, a code the county reads by heart)
        print(f"已写出{divisions.town_label(written.township)}的回执：{written.path}（{held}）")
        if written.older:
            print(f"  注意：{written.older}")
    if receipts:  # the same catalogs in each: said once
        print(carried_line(store))


def cmd_bundles(args: argparse.Namespace) -> int:
    from fazhi_desktop.core.bundle import exchanges
    from fazhi_desktop.core.display import text_table

    store = _open(args)
    if args.show is not None:
        if not store.is_county or not args.township:
            raise _base().UsageError("--show 只用于县级数据库，并需同时给出 --township")
        return _show_arrivals(store, args.township, args.show)
    if store.is_county:
        received = exchanges.received_bundles(store, args.township)
        if not received:
            print("还没有导入过数据包" + (f"（乡镇 {args.township}）" if args.township else ""))
            return EXIT_OK
        print(text_table(exchanges.RECEIVED_HEADERS, [exchanges.received_row(b) for b in received]))
        return EXIT_OK
    if args.township:
        raise _base().UsageError("--township 只用于县级数据库")
    sent = exchanges.township_exchanges(store)
    print(sent.summary)
    if sent.bundles:
        print(text_table(exchanges.SENT_HEADERS, [exchanges.sent_row(b) for b in sent.bundles]))
    return EXIT_OK


def _show_arrivals(store, township: str, sequence: int) -> int:
    """Every bundle numbered `sequence` the county imported from `township`, newest first: a township that restored
    a backup sends a second bundle with a number already used, and the reviewer needs to see both."""
    from fazhi_desktop.core.bundle import exchanges
    from fazhi_desktop.core.display import text_table

    bundles = exchanges.received_bundles(store, township, sequence)
    if not bundles:
        raise BundleError(f"本县没有导入过{divisions.town_label(township)}的第 {sequence} 号数据包"
                          "（用 fazhi bundles 查看已导入的）")
    if len(bundles) > 1:
        print(f"{divisions.town_label(township)}有 {len(bundles)} 个第 {sequence} 号数据包"
              "（乡镇恢复备份后重发了这个序号），较新导入的在前")
    for index, bundle in enumerate(bundles):
        if index:
            print()
        made = f"（{exchanges.made_text(bundle)}）" if bundle.created_at else ""
        print(f"{bundle.office}（{bundle.township}）第 {bundle.sequence} 号数据包 {bundle.file_name}{made}，"
              f"{local_time(bundle.imported_at)} 由 {bundle.imported_by} 导入：{exchanges.arrival_summary(bundle)}")
        if bundle.untrusted:
            print(f"注意：{bundle.untrusted}")
        arrivals = exchanges.bundle_arrivals(store, bundle)
        if arrivals is None:
            print("该数据包由较早版本的程序导入，当时只记录了数量，没有逐条明细")
        elif arrivals:
            print(text_table(exchanges.ARRIVAL_HEADERS, [exchanges.arrival_row(store, a) for a in arrivals]))
    return EXIT_OK


def cmd_conflicts(args: argparse.Namespace) -> int:
    from fazhi_desktop.core.bundle import conflicts
    from fazhi_desktop.core.display import text_table

    store = _open(args)
    if not store.is_county:  # a township holds no conflicts: it would only ever say there are none
        raise BundleError("这是乡镇数据库；数据包冲突在县级数据库中列出和处理")
    command = args.conflicts_command or "list"
    if command == "list":
        found = conflicts.list_conflicts(store, getattr(args, "township", None), getattr(args, "all", False))
        if not found:
            print("没有待处理的冲突" if not getattr(args, "all", False) else "没有冲突")
            return EXIT_OK
        places = divisions.names()
        rows = [[str(c.id), places.get(c.township, c.township), store.ledger(c.ledger).label, c.number or c.record_id,
                 str(c.revision), local_time(c.detected_at), c.status_text] for c in found]
        print(text_table(["冲突", "乡镇", "台账", "记录编号", "版本", "发现时间", "状态"], rows))
        print("逐项比较：fazhi conflicts show ID；处理：fazhi conflicts resolve ID --keep held|incoming")
        return EXIT_OK
    conflict = conflicts.get_conflict(store, args.id)
    if command == "show":
        place = divisions.names().get(conflict.township, "")
        print(f"冲突 {conflict.id}：{place}（{conflict.township}）{store.ledger(conflict.ledger).label} "
              f"{conflict.number or conflict.record_id} 第 {conflict.revision} 版 —— {conflict.status_text}")
        rows = [[d.label, d.before, d.after] for d in conflicts.differences(store, conflict)]
        print(text_table(["字段", "本县原有版本", "新收到的版本"], rows, indent=2) if rows
              else f"  {conflicts.SAME_TO_READ}")
        if conflict.kept_standing:
            print(f"  {conflicts.KEPT_TOLD}")
        return EXIT_OK
    closed = conflicts.resolve_conflict(store, args.id, args.keep, _actor(args, store))
    print(f"冲突 {closed.id}（{closed.number or closed.record_id} 第 {closed.revision} 版）{closed.status_text}")
    if closed.kept_standing:
        print(conflicts.KEPT_TOLD)
    return EXIT_OK
