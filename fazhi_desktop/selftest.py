"""`fazhi-desktop --self-test`: does this installation work? Run from source, from the frozen build and by CI.

Each check prints one line: its result, an English identifier and what it checked or what is broken, in Chinese:

    [通过] resources 资源文件：C:\\Program Files\\fazhi-desktop\\_internal（图标、使用说明、区划名单 19 条）
    [失败] forms     台账定义：表单定义错误 D:\\forms\\meeting.toml:3：TOML 语法错误：…
    [跳过] database  数据库：依赖的检查未通过（forms）

The checks run in order (resources, modules, forms, database, pdf, gui) in a temporary folder that is removed
afterwards, so the user's data and settings are never touched. Exit status 0 when every check passed, 1
otherwise; the last line names what is broken. The gui check uses the platform Qt is configured with (a window
appears for a moment on a desktop); without any display on Linux it falls back to the offscreen platform.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fazhi_desktop import argparse_chinese
from fazhi_desktop.core import paths

SELFTEST_OPERATOR = "自检"
CJK_PAIR = re.compile(r"[\u4e00-\u9fff]{2}")


class CheckFailed(Exception):
    """A check found something wrong; the message says what, in Chinese."""


@dataclass
class Outcome:
    key: str
    label: str
    state: str  # "ok", "failed", "skipped"
    detail: str

    def line(self) -> str:
        mark = {"ok": "通过", "failed": "失败", "skipped": "跳过"}[self.state]
        return f"[{mark}] {self.key:<9} {self.label}：{self.detail}"


@dataclass
class Context:
    """What the checks share: the temporary folder, and what earlier checks produced."""

    work: Path
    forms_dir: Path | None
    ledgers: dict[str, Any] | None = None
    store: Any = None
    record: Any = None
    notes: list[str] = field(default_factory=list)


def check_resources(ctx: Context) -> str:
    from fazhi_desktop.core import divisions

    root = paths.resource_root()
    missing = [rel for rel in ("forms", "resources/icons/fazhi.png", "resources/icons/fazhi.ico",
                               "resources/divisions", "resources/manual/manual.md") if not (root / rel).exists()]
    if missing:
        raise CheckFailed(f"资源目录 {root} 中缺少：{'、'.join(missing)}")
    count = len(divisions.load_divisions())
    if not count:
        raise CheckFailed(f"区划名单为空：{paths.resource('divisions')}")
    return f"{root}（图标、使用说明、区划名单 {count} 条）"


def check_forms(ctx: Context) -> str:
    from fazhi_desktop.core.forms import load_forms

    ctx.ledgers = load_forms(ctx.forms_dir)
    return f"{len(ctx.ledgers)} 个台账（{'、'.join(ledger.label for ledger in ctx.ledgers.values())}）"


def check_database(ctx: Context) -> str:
    import secrets

    from fazhi_desktop.core.check import check_database as integrity
    from fazhi_desktop.core.clock import local_today
    from fazhi_desktop.core.demo import DEMO_TOWNSHIP, fill_demo
    from fazhi_desktop.core.setup import init_database
    from fazhi_desktop.core.store import ListQuery

    # with its 管理员 account, logged in: the window below is shown for a user, as in real use
    store = ctx.store = init_database(ctx.work / "selftest.db", DEMO_TOWNSHIP, operator=SELFTEST_OPERATOR,
                                      ledgers=ctx.ledgers, admin_password=secrets.token_urlsafe(12))
    counts = fill_demo(store, local_today(store.clock).year, per_ledger=1, seed=7, actor=SELFTEST_OPERATOR)
    saved = sum(n for name, n in counts.items() if name != "people")
    ledger_name = "meeting" if "meeting" in store.ledgers else next(iter(store.ledgers))
    record = ctx.record = store.list(ListQuery(ledger_name), limit=1)[0]
    query = _two_characters(store.ledger(ledger_name), record)
    found = [r.id for r in store.list(ListQuery(ledger_name, text=query))]
    if record.id not in found:
        raise CheckFailed(f"搜索“{query}”没有找到刚保存的记录 {record.number}")
    report = integrity(store)
    if not report.ok:
        raise CheckFailed("完整性检查未通过：" + "；".join(report.problems[:3]))
    return f"初始化、保存 {saved} 条记录、搜索“{query}”、完整性检查均正常（SQLite {_sqlite_version()}）"


def _two_characters(ledger, record) -> str:
    """Two Chinese characters from the record's text: the hardest case for a Chinese search index."""
    for f in ledger.text_fields():
        pair = CJK_PAIR.search(str(record.values.get(f.name) or ""))
        if pair:
            return pair.group()
    raise CheckFailed(f"记录 {record.number} 没有可供搜索的中文")


def _sqlite_version() -> str:
    import sqlite3

    return sqlite3.sqlite_version


def check_pdf(ctx: Context) -> str:
    from fazhi_desktop.core.documents import kinds_for, render_document
    from fazhi_desktop.core.documents.fonts import resolve_fonts

    kind, name = kinds_for(ctx.record.ledger)[0]
    target = ctx.work / "selftest.pdf"
    rendered = render_document(ctx.store, ctx.record.id, kind, target)
    data = target.read_bytes()
    if not data.startswith(b"%PDF-"):
        raise CheckFailed(f"生成的文件不是PDF：{target}")
    if b"/FontFile2" not in data:
        raise CheckFailed("PDF中没有嵌入字体，别的电脑上可能显示为空白")
    body = resolve_fonts().choice("fangsong").display_name
    return f"{name} {rendered.pages} 页，{len(data) // 1024} KB，正文字体 {body}（已嵌入）"


def check_gui(ctx: Context) -> str:
    if sys.platform.startswith("linux") and not (os.environ.get("QT_QPA_PLATFORM") or os.environ.get("DISPLAY")
                                                 or os.environ.get("WAYLAND_DISPLAY")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no screen: Qt would abort the process instead of failing
    from PySide6.QtCore import QSettings, qVersion
    from PySide6.QtWidgets import QApplication

    from fazhi_desktop.qt import fonts
    from fazhi_desktop.qt.app import app_icon, wait_until_listed, wait_until_painted
    from fazhi_desktop.qt.main_window import create_main_window
    from fazhi_desktop.qt.ui_settings import UiSettings

    app = QApplication.instance() or QApplication(sys.argv[:1])
    icon = app_icon()
    if icon.isNull():
        raise CheckFailed("程序图标无法加载（resources/icons/fazhi.png）")
    app.setWindowIcon(icon)
    dialogs = RecordingDialogs()
    ui = UiSettings(QSettings(str(ctx.work / "ui.ini"), QSettings.Format.IniFormat))
    family = fonts.install_app_font(app, dialogs, ui)
    window = create_main_window(ctx.store, dialogs, ui, ctx.store.user or SELFTEST_OPERATOR)
    try:
        window.show()
        wait_until_painted(app, window)
        wait_until_listed(app, window)
        if not window.isVisible():
            raise CheckFailed("主窗口没有显示出来")
        title = window.windowTitle()
    finally:
        window.close()
        app.processEvents()
    if dialogs.shown:
        ctx.notes.extend(f"界面提示：{title}：{text}" for title, text in dialogs.shown)
    return f"主窗口“{title}”已显示并关闭（Qt {qVersion()}，平台 {app.platformName()}，字体 {family or '无中文字体'}）"


class RecordingDialogs:
    """Message boxes during the self-test are recorded, never shown: nobody is there to click them."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []

    def info(self, parent, title: str, text: str) -> None:
        self.shown.append((title, text))

    warn = error = info

    def confirm(self, parent, title: str, text: str, yes: str = "确定", no: str = "取消", default: bool = True) -> bool:
        self.shown.append((title, text))
        return False

    def show_code(self, parent, title: str, code: str, text: str) -> bool:
        self.shown.append((title, f"{code}\n{text}"))
        return False  # nobody copied it

    def ask_text(self, parent, title: str, label: str, text: str = "") -> str | None:
        self.shown.append((title, label))
        return None

    def save_discard_cancel(self, parent, title: str, text: str):
        from fazhi_desktop.qt.dialogs import Answer

        self.shown.append((title, text))
        return Answer.CANCEL


#: (identifier, Chinese name, check, the identifiers it needs)
def check_modules(ctx: Context) -> str:
    """The modules the program loads by name when first used (pages, dialogs, backups): a packaging mistake would
    otherwise show only when a clerk opens 数据交换 or makes a backup."""
    import importlib

    from fazhi_desktop.core import backup
    from fazhi_desktop.qt.main_window import FEATURE_MODULES

    names = [f"fazhi_desktop.qt.{m}" for m in FEATURE_MODULES]
    names += sorted({f"fazhi_desktop.core.backup.{m}" for m in backup._WHERE.values()})
    missing = []
    for name in names:
        try:
            importlib.import_module(name)
        except ImportError as exc:
            missing.append(f"{name}（{exc}）")
    if missing:
        raise CheckFailed(f"缺少程序模块：{'、'.join(missing)}")
    return f"按需加载的 {len(names)} 个模块齐全"


CHECKS: tuple[tuple[str, str, Callable[[Context], str], tuple[str, ...]], ...] = (
    ("resources", "资源文件", check_resources, ()),
    ("modules", "程序模块", check_modules, ()),
    ("forms", "台账定义", check_forms, ()),
    ("database", "数据库", check_database, ("forms",)),
    ("pdf", "PDF文书", check_pdf, ("database",)),
    ("gui", "图形界面", check_gui, ("database",)),
)


def run_checks(forms_dir: Path | None = None, emit: Callable[[str], None] = print) -> list[Outcome]:
    """Run every check in a temporary folder, emitting one line per check as it finishes."""
    outcomes: dict[str, Outcome] = {}
    # ignore_cleanup_errors: on Windows a file still open by a failed check must not turn the report into a crash
    with tempfile.TemporaryDirectory(prefix="fazhi-selftest-", ignore_cleanup_errors=True) as work:
        ctx = Context(Path(work), forms_dir)
        try:
            for key, label, check, needs in CHECKS:
                failed = [n for n in needs if outcomes[n].state != "ok"]
                if failed:
                    outcome = Outcome(key, label, "skipped", f"依赖的检查未通过（{'、'.join(failed)}）")
                else:
                    outcome = _run_one(key, label, check, ctx)
                outcomes[key] = outcome
                emit(outcome.line())
        finally:
            if ctx.store is not None:
                ctx.store.close()
        for note in ctx.notes:
            emit(f"       {note}")
    return list(outcomes.values())


def _run_one(key: str, label: str, check: Callable[[Context], str], ctx: Context) -> Outcome:
    from fazhi_desktop.core.errors import FazhiError
    from fazhi_desktop.core.forms import FormError

    try:
        return Outcome(key, label, "ok", check(ctx))
    except (CheckFailed, FazhiError, FormError) as exc:  # their messages already say what and where, in Chinese
        return Outcome(key, label, "failed", str(exc))
    except Exception as exc:  # anything at all: the self-test exists to name it, not to crash on it
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return Outcome(key, label, "failed",
                       f"{type(exc).__name__}: {exc}（{Path(where.filename).name}:{where.lineno}）")


def header() -> str:
    how = "安装版" if getattr(sys, "frozen", False) else "源代码"
    portable = "（便携模式）" if (paths.program_dir() / paths.PORTABLE_MARKER).exists() else ""
    version = paths.shown_version()
    return (f"法治台账 自检 fazhi-desktop {version}（{how}，Python {sys.version.split()[0]}）\n"
            f"程序目录：{paths.program_dir()}　数据目录{portable}：{paths.data_dir()}")


def main(argv: list[str] | None = None) -> int:
    """`--self-test [--forms-dir DIR]`: print one line per check; 0 when all passed, 1 otherwise."""
    argparse_chinese.install()
    parser = argparse.ArgumentParser(prog="fazhi-desktop --self-test", description="检查本机的法治台账能否正常工作")
    parser.add_argument("--forms-dir", type=Path, help="检查另一个台账定义目录（默认：程序自带的 forms/）")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    lines: list[str] = []
    out = _output_stream()

    def emit(line: str) -> None:
        lines.append(line)
        if out is not None:
            print(line, file=out, flush=True)

    started = time.perf_counter()
    emit(header())
    outcomes = run_checks(args.forms_dir, emit)
    broken = [f"{o.key}（{o.label}）" for o in outcomes if o.state == "failed"]
    seconds = time.perf_counter() - started
    if broken:
        emit(f"自检未通过 SELF-TEST FAILED：{'、'.join(broken)}（用时 {seconds:.1f} 秒）")
    else:
        emit(f"自检通过 SELF-TEST PASSED：{len(outcomes)} 项检查全部正常（用时 {seconds:.1f} 秒）")
    if out is None:
        _show_in_window("\n".join(lines), ok=not broken)
    return 1 if broken else 0


def _output_stream():
    """stdout, able to print Chinese (a Windows pipe defaults to the ANSI code page); None in a windowed exe."""
    stream = sys.stdout
    if stream is None:
        return None
    try:
        "法".encode(stream.encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    return stream


def _show_in_window(text: str, ok: bool) -> None:
    """The windowed program started from the Start-menu's 自检 shortcut has no console: show the report instead."""
    try:
        from PySide6.QtWidgets import QApplication, QMessageBox

        app = QApplication.instance() or QApplication(sys.argv[:1])
        if app.platformName() in ("offscreen", "minimal"):
            return
        icon = QMessageBox.Icon.Information if ok else QMessageBox.Icon.Critical
        box = QMessageBox(icon, "法治台账 自检", "自检通过。" if ok else "自检发现问题，请把下面的内容告诉技术人员。")
        box.setDetailedText(text)
        box.exec()
    except Exception:  # nothing more can be said without a console or a window
        pass


if __name__ == "__main__":
    sys.exit(main())
