"""Every button, box and choice the manual tells a user to click or choose is one the window of that part shows.

The manual quotes on-screen names inside windows: 点“吊销所选乡镇的密钥…”, 选“返回修改”, 勾选“双面打印”, “补录”按钮,
点 **放弃**. tests/qt/test_places.py checks the menus and page sections it names; this checks the rest. Each
section of the manual (### heading, or its part's ## heading) belongs to the windows listed in WHERE: the main window
(every page), an editor of each ledger, the windows a menu entry opens (built offscreen as a user opens them), and
for a box or dialog opened from inside one of those, the strings its module's code holds (a name the code makes, as
审核通过（{count} 条）, matches what it makes). A name is compared without its key (&R) and without a closing …, and
a number in it stands for any number (审核通过（37 条）). A name the manual quotes that is no widget at all is in
NOT_WIDGETS, each with why. A renamed button makes this fail until the manual says the same.
"""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QTabBar,
    QTabWidget,
    QWidget,
)
from test_clock_confirm_gui import window_for

import fazhi_desktop
from fazhi_desktop.core import paths
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.qt import manual_view

CODE = Path(fazhi_desktop.__file__).parent
MANUAL = paths.resource("manual", "manual.md")
#: how the manual quotes a thing to click or choose: 点“X”, 按“X”, 选“X”, 勾选“X”, 双击“X”, 点该行的“X”, “X”按钮,
#: “X”才能点, 点 **X** (a bold name, not a menu path: test_places.py reads those)
NAMED = [re.compile(r"(?:点|按|选|勾选|选择|双击)\s*“([^“”]+)”"), re.compile(r"点[^“”，。；\n]{1,12}的“([^“”]+)”"),
         re.compile(r"“([^“”]+)”(?:按钮|才能点)"), re.compile(r"(?:点|按)\s*\*\*([^*→]+?)\*\*")]
#: quoted as if to click, but no widget: each says why
NOT_WIDGETS = {
    "退回",  # “没有单独的“退回”按钮”: the manual says there is none (重新打开… is the way back)
    "F1",  # 按 **F1**: a key
    "所长已审核",  # 勾选“所长已审核”的: the rows of that status in 批量锁定, not a box of that name
}
#: each section of the manual (its ### heading, or the ## heading of a part without sections) -> where its names
#: are: "main" the main window's pages, "editor" an editor of each ledger, "A → B" the windows that menu entry opens,
#: "x.py" / "editor/x.py" the strings a module of fazhi_desktop/qt holds (a box or dialog a window opens itself),
#: "core/x.py" those of a module of core that makes the name (跳过工作表“全年”)
WHERE: dict[str, tuple[str, ...]] = {
    "法治台账 使用说明": ("main",),  # the lines above the first part
    "登录": ("login.py", "welcome_banner.py", "wizard.py"),  # the first login's note; the setup it opens on
    "主窗口": ("main",),
    "人员名册": ("main", "person_dialog.py"),
    "新建一条记录": ("main", "editor"),
    "五本台账各填什么": ("editor",),
    "红字和橙字是什么意思": ("editor", "editor/people_inputs.py"),  # a name's ×: a chip, there once a name is
    "逾期": ("main",),
    "保存并新建、复制为新记录": ("editor", "editor/dialog.py", "dialogs.py"),
    "停电后：恢复未保存的内容": ("editor", "autosave_offer.py", "editor/dialog.py"),
    "附件": ("editor",),
    "身份证号和电话号码": ("editor", "editor/masked_inputs.py"),
    "当事人查询和复制个人信息": ("编辑 → 查找当事人", "tasks.py"),
    "修改和删除": ("main", "editor", "编辑 → 已删除的记录", "main_window.py"),
    "从Excel导入以前的记录": ("文件 → 从Excel导入记录", "文件 → 撤销Excel导入", "excel_import_view.py",
                       "core/excel_import.py"),
    "按日期重新编号": ("编辑 → 按日期重新编号", "numbering_view.py"),
    "三、提交与审核": ("main", "editor"),
    "批量审核": ("编辑 → 批量审核通过", "batch_review.py"),
    "年度封账": ("编辑 → 年度封账", "year_close_view.py", "editor"),
    "打印一条记录": ("editor",),
    "一次打印多条记录": ("batch_print.py",),
    "打印年度台账": ("文件 → 打印本年度台账",),
    "核验码": ("文件 → 核验打印件",),
    "第一次报送前（只做一次）": ("数据交换 → 密钥与登记", "keys_view.py"),
    "导出数据包到U盘": ("数据交换 → 导出数据包", "export_wizard.py"),
    "导入县级回执": ("数据交换 → 补录回执列出的记录", "编辑 → 已删除的记录"),
    "忘记了数据包密钥口令": ("数据交换 → 密钥与登记", "keys_view.py"),
    "修改口令（知道口令的人调走了）": ("数据交换 → 密钥与登记",),
    "六、本年度指标": ("main", "indicators_view.py"),
    "待办事项": ("统计 → 待办事项", "todo_view.py", "indicators_view.py", "editor/dialog.py"),
    "备份": ("main",),
    "备份恢复码": ("main", "backup_view.py", "backup_widgets.py", "settings_view.py"),
    "自己复制数据库文件": (),
    "恢复": ("wizard.py", "numbering_view.py", "restore_banner.py"),  # 编号从第N号起's 设定; the banner's 不再提示
    "编号从第N号起": ("数据交换 → 编号从第N号起", "numbering_view.py"),
    "八、账户与密码": ("账户 → 账户管理", "login.py"),
    "人员交接": ("账户 → 账户管理", "main"),
    "自动锁定": ("idle_lock.py",),
    "九、常见问题": ("main", "editor", "账户 → 账户管理", "accounts_view.py", "数据交换 → 导出数据包",
                 "export_wizard.py", "clock_banner.py", "编辑 → 年度封账"),
    "十、县司法局使用": ("county", "history_dialog.py", "wizard.py"),
    "县级密钥和乡镇登记": ("数据交换 → 密钥与登记", "keys_view.py", "revoke_dialog.py", "fingerprint_check.py"),
    "县级人员交接": ("county",),
    "导入数据包": ("数据交换 → 导入数据包", "core/bundle/replaced_key.py"),  # 确认接收: its question box
    "冲突": ("数据交换 → 处理冲突",),
    "旧版本导入过被改动的数据包": ("数据交换 → 处理冲突", "数据交换 → 密钥与登记", "export_wizard.py"),
    "写回执": ("数据交换 → 导入数据包", "数据交换 → 写回执", "export_wizard.py"),
    "县级汇总和报表": ("county",),
}


def plain(text: str) -> str:
    """A name as compared: without its key ((&R) or &R), the shortcut after a tab, a wizard's < >, a closing …
    and spaces."""
    text = re.sub(r"\(&.\)|&(?=\S)", "", text.split("\t")[0]).strip().removeprefix("< ").removesuffix(" >")
    return re.sub(r"(…+|\.\.\.)$", "", text).replace(" ", "")


def shape(text: str) -> str:
    """A name with each number, or the N of 封账（锁定 N 条）, standing for any number."""
    return re.sub(r"\d+|(?<=\W)N(?=\W)", "#", plain(text))


def shapes(text: str) -> set[str]:
    """`text` shaped, and without the explanation in brackets a long box ends with: the manual quotes “发送全部数据”
    of 发送全部数据（县里数据丢失或首次上报时使用；…）."""
    return {shape(text), shape(re.sub(r"（[^（）]*）$", "", text.strip()))}


def named(text: str) -> list[tuple[str, int, str]]:
    """(section, line, name) for each name `text` quotes to click or choose; a section heading quoted (按“五、报送
    县里”的…) is a part of the manual, not a widget."""
    headings = {match.group(1) for match in re.finditer(r"^#+ (.+)$", text, re.MULTILINE)}
    found = []
    for pattern in NAMED:
        for match in pattern.finditer(text):
            name = match.group(1).strip()
            if name in headings or name in NOT_WIDGETS:
                continue
            before = text[:match.start()]
            section = re.findall(r"^#{1,3} (.+)$", before, re.MULTILINE)[-1]
            found.append((section, before.count("\n") + 1, name))
    return sorted(found, key=lambda item: item[1])


def widget_texts(widget: QWidget) -> set[str]:
    """The names a window shows: buttons, boxes, choices of its lists, tabs, labels, group titles, its actions (a
    context menu's too), shown or not yet (a greyed or hidden button is there when the record asks for it)."""
    texts = {b.text() for b in widget.findChildren(QAbstractButton)}
    texts |= {c.itemText(i) for c in widget.findChildren(QComboBox) for i in range(c.count())}
    texts |= {t.tabText(i) for t in widget.findChildren(QTabWidget) for i in range(t.count())}
    texts |= {t.tabText(i) for t in widget.findChildren(QTabBar) for i in range(t.count())}
    texts |= {label.text() for label in widget.findChildren(QLabel)}
    texts |= {box.title() for box in widget.findChildren(QGroupBox)}
    texts |= {a.text() for w in [widget, *widget.findChildren(QWidget)] for a in w.actions()}
    return {shaped for text in texts if text for shaped in shapes(text)}


@functools.cache
def module_texts(module: str) -> tuple[set[str], list[re.Pattern[str]]]:
    """The strings fazhi_desktop/qt/`module` (fazhi_desktop/core/… where core makes the name) holds, as shaped
    names, and its f-strings as patterns (a hole matches anything: the manual writes it “对方在电话中先报的乡镇是……”
    or with an example, 审核通过（37 条）)."""
    tree = ast.parse((CODE / (module if module.startswith("core/") else f"qt/{module}")).read_text(encoding="utf-8"))
    made = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            made.update(id(value) for value in node.values)
    constants = {shaped for node in ast.walk(tree)
                 if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in made
                 for shaped in shapes(node.value)}
    patterns = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            said = [shape(v.value) if isinstance(v, ast.Constant) else None for v in node.values]
            if len("".join(part for part in said if part)) >= 2:  # not f"{name}…", which would match any name
                patterns.append(re.compile("".join(".*" if part is None else re.escape(part) for part in said)))
    return constants, patterns


class Shown:
    """What one main window and the windows it opens show, each window built once, when a section first needs it."""

    def __init__(self, window, own: str):
        self.window, self.own = window, own  # own: "main" or "county", the name WHERE gives this main window
        self._texts: dict[str, set[str]] = {}

    def texts(self, place: str) -> set[str]:
        if place not in self._texts:
            self._texts[place] = self._read(place)
        return self._texts[place]

    def _read(self, place: str) -> set[str]:
        if place == self.own:
            for name in list(self.window.labels):
                self.window.page(name)
            return widget_texts(self.window)
        if place == "editor":
            found = set()
            for ledger in self.window.store.ledgers:
                editor = self.window.open_editor(ledger, None)
                found |= widget_texts(editor.window())
                editor.window().close()
            return found
        menu, entry = (plain(name) for name in place.split("→"))
        action = next(b for a in self.window.menuBar().actions() if a.menu() is not None and plain(a.text()) == menu
                      for b in a.menu().actions() if plain(b.text()) == entry)
        before = set(QApplication.topLevelWidgets())
        action.trigger()
        opened = [w for w in QApplication.topLevelWidgets() if w not in before and w.isVisible()]
        assert opened, f"“{place}”没有打开窗口"
        found = set().union(*(widget_texts(w) for w in opened))
        for w in opened:
            w.close()
        return found

    def problem(self, section: str, name: str) -> str | None:
        """Why `name` is in none of the places of `section`, or None."""
        want = shape(name)
        for place in WHERE[section]:
            if place.endswith(".py"):
                constants, patterns = module_texts(place)
                if want in constants or any(p.fullmatch(want) for p in patterns):
                    return None
            elif place in ("main", "county", "editor") and place not in (self.own, "editor"):
                continue
            elif want in self.texts(place):
                return None
        return f"“{section}”一节的“{name}”不在{'、'.join(WHERE[section]) or '任何窗口'}中"


def problems(text: str, township: Shown, county: Shown) -> list[str]:
    county_start = text.index(f"## {manual_view.COUNTY_PART}")
    found = []
    for section, line, name in named(text):
        if section not in WHERE:
            found.append(f"第{line}行：“{section}”一节不在 WHERE 中")
            continue
        shown = county if text.count("\n", 0, county_start) < line else township
        said = shown.problem(section, name)
        if said:
            found.append(f"第{line}行：{said}")
    return found


@pytest.fixture
def township(qtbot, store, dialogs, ui_settings) -> Shown:
    return Shown(window_for(qtbot, store, dialogs, ui_settings, "杨芳"), "main")


@pytest.fixture
def county(qtbot, tmp_path, ledgers, dialogs, ui_settings) -> Shown:
    store = init_database(tmp_path / "county.db", "640522", county=True, ledgers=ledgers)
    yield Shown(window_for(qtbot, store, dialogs, ui_settings, "局里"), "county")
    store.close()


def test_every_button_the_manual_names_is_in_its_window(township, county):
    text = MANUAL.read_text(encoding="utf-8")
    found = problems(text, township, county)
    assert not found, "\n".join(found)
    assert len(named(text)) >= 100  # the manual's names were found at all


def test_a_button_the_window_does_not_have_is_caught(township, county):
    """The check can fail: 点“吊销” where the keys window's button is 吊销所选乡镇的密钥… (the manual said so until
    the twenty-fourth session; 吊销 is the button of the box that one opens), and a 退回 button the editor lacks."""
    text = MANUAL.read_text(encoding="utf-8")
    said = "（看“密钥编号”一栏），点“吊销所选乡镇的密钥…”。"
    assert said in text
    found = problems(text.replace(said, "（看“密钥编号”一栏），点“吊销”。"), township, county)
    assert len(found) == 1 and "“旧版本导入过被改动的数据包”一节的“吊销”不在" in found[0]
    said = "打开已提交的记录，核对后点“审核通过”"
    assert said in text
    found = problems(text.replace(said, "打开已提交的记录，核对后点“退回修改”"), township, county)
    assert len(found) == 1 and "“三、提交与审核”一节的“退回修改”不在main、editor中" in found[0]


def test_every_exception_and_section_listed_is_in_the_manual():
    """An exception or a section the manual no longer has is taken out, not left to excuse a later name."""
    text = MANUAL.read_text(encoding="utf-8")
    headings = set(re.findall(r"^#{1,3} (.+)$", text, re.MULTILINE))
    assert not set(WHERE) - headings
    assert all(f"“{name}”" in text or f"**{name}**" in text for name in NOT_WIDGETS)
