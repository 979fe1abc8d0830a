"""Every place the program or the manual sends a user to is one the window shows (core/places.py).

A place is written "menu → entry" (数据交换 → 密钥与登记), a third step being a button of the window the entry opens
(数据交换 → 密钥与登记 → 写出登记文件); a part of a page of the navigation is written “设置”页的“备份”一栏, a button in
it after 点. The places are collected from core/places.py, from every string the program's code holds (an f-string
read with the places it takes from core/places.py) and from the manual, and looked up in the menus, the windows their
entries open and the pages of real main windows: a township's for the manual's township part, a county's for its
county part, either for a message (the county tells a township where its receipt is read). A menu, entry, button or
page section renamed or moved makes this fail until the texts say the same; a message spelling out a place of
core/places.py instead of taking it from there fails too, so that a renamed menu is changed in one place.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox
from test_clock_confirm_gui import window_for

import fazhi_desktop
from fazhi_desktop.core import accounts, paths, places
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.qt import manual_view

STAFF_PASSWORD = "mima-2026"  # the `staff` fixture's accounts (tests/conftest.py)
CODE = Path(fazhi_desktop.__file__).parent
TEXT = paths.resource("manual", "manual.md").read_text(encoding="utf-8")
COUNTY_START = TEXT.index(f"## {manual_view.COUNTY_PART}")
#: the places of core/places.py, by name
PLACES = {name: value for name, value in vars(places).items() if name.isupper() and isinstance(value, str)}
#: a name in a path: no spaces, bold marks or sentence punctuation; brackets only inside it (长者模式（大字号）), not
#: around the path: "（编辑 → 复制为新记录，或 Ctrl+D）"
NAME = r"[^\s*“”，。、：；（][^\s*“”，。、：；]*"
PATH = re.compile(rf"{NAME}(?:\s*→\s*{NAME})+")
#: “设置”页的“备份”一栏, and the button named after it: “设置”页的“备份”一栏点“显示恢复码”
SECTION = re.compile(r"“([^“”]+)”页的“([^“”]+)”一栏(?:中)?(?:点“([^“”]+)”)?")
PAGE = re.compile(r"“([^“”]+)”页")


def plain(text: str) -> str:
    """A menu entry or button as the texts write it: without its key (&F), the … of a dialog and the shortcut hint."""
    return re.sub(r"\(&.\)", "", text.split("\t")[0]).replace("…", "").strip()


class Places:
    """What one main window shows: its menus, the buttons of the windows their entries open (each opened once, when
    a text first names one of them) and the sections of its pages."""

    def __init__(self, window):
        self.window = window
        self.menus = {plain(a.text()): [plain(b.text()) for b in a.menu().actions() if not b.isSeparator()]
                      for a in window.menuBar().actions() if a.menu() is not None}
        self.pages = {label: name for name, label in window.labels.items()}
        self.entries = {entry for entries in self.menus.values() for entry in entries}
        self._buttons: dict[tuple[str, str], set[str]] = {}

    def buttons(self, menu: str, entry: str) -> set[str]:
        """The buttons of the window that `menu` → `entry` opens (it is closed again)."""
        if (menu, entry) not in self._buttons:
            action = next(b for a in self.window.menuBar().actions() if a.menu() is not None and plain(a.text()) == menu
                          for b in a.menu().actions() if plain(b.text()) == entry)
            before = set(QApplication.topLevelWidgets())
            action.trigger()
            opened = [w for w in QApplication.topLevelWidgets() if w not in before and w.isVisible()]
            self._buttons[menu, entry] = {plain(b.text()) for w in opened for b in w.findChildren(QAbstractButton)}
            for w in opened:
                w.close()
            assert opened, f"“{menu} → {entry}”没有打开窗口"
        return self._buttons[menu, entry]

    def path_problem(self, path: str) -> str | None:
        """What is wrong with "menu → entry (→ button…)" here, or None."""
        names = [name.strip() for name in path.split("→")]
        names[0] = names[0].rsplit("（", 1)[-1]  # "备份恢复（文件 → 从备份恢复，或…": the path begins in the bracket
        if "（" not in names[-1]:  # "…（文件 → 下载导入模板）用…": the path ends with the bracket
            names[-1] = names[-1].split("）")[0]
        names = [plain(name) for name in names]
        if names[0] not in self.menus:
            return f"“{path}”：没有“{names[0]}”菜单（有：{'、'.join(self.menus)}）"
        if names[1] not in self.menus[names[0]]:
            return f"“{path}”：“{names[0]}”菜单中没有“{names[1]}”（有：{'、'.join(self.menus[names[0]])}）"
        buttons = self.buttons(names[0], names[1]) if names[2:] else set()
        missing = [button for button in names[2:] if button not in buttons]
        if missing:
            return f"“{path}”：“{names[1]}”窗口中没有“{missing[0]}”按钮（有：{'、'.join(sorted(buttons))}）"
        return None

    def section_problem(self, page: str, section: str, button: str | None) -> str | None:
        """What is wrong with “page”页的“section”一栏(点“button”) here, or None."""
        if page not in self.pages:
            return f"没有“{page}”页（有：{'、'.join(self.pages)}）"
        groups = {box.title(): box for box in self.window.page(self.pages[page]).findChildren(QGroupBox)}
        if section not in groups:
            return f"“{page}”页没有“{section}”一栏（有：{'、'.join(groups)}）"
        buttons = {plain(b.text()) for b in groups[section].findChildren(QAbstractButton)}
        if button is not None and plain(button) not in buttons:
            return f"“{page}”页的“{section}”一栏没有“{button}”按钮（有：{'、'.join(sorted(buttons))}）"
        return None

    def is_place(self, path: str) -> bool:
        """Does "A → B" name a place of the window at all (a menu, an entry or a page first), rather than a change
        (录入员 → 所长) or a key (← →)?"""
        first = plain(path.split("→")[0].rsplit("（", 1)[-1])
        return first in self.menus or first in self.entries or first in self.pages


def problems(text: str, *windows: Places, all_paths: bool = True) -> Iterator[str]:
    """What `text` names that none of `windows` shows; with `all_paths` False, "A → B" only where A is a menu,
    an entry or a page of one of them (a message's arrows may say a change: 修改角色：录入员 → 所长)."""
    for match in PATH.finditer(text):
        if all_paths or any(w.is_place(match.group()) for w in windows):
            said = [w.path_problem(match.group()) for w in windows]
            if None not in said:
                yield said[0]
    for match in SECTION.finditer(text):
        said = [w.section_problem(*match.groups()) for w in windows]
        if None not in said:
            yield said[0]
    for match in PAGE.finditer(text):
        if not any(match.group(1) in w.pages for w in windows):
            yield f"没有“{match.group(1)}”页"


def _rendered(node: ast.JoinedStr) -> str:
    """An f-string with the places it takes from core/places.py put in, anything else as a space."""
    parts = []
    for value in node.values:
        if isinstance(value, ast.Constant):
            parts.append(str(value.value))
        else:
            inner = value.value
            name = inner.id if isinstance(inner, ast.Name) else inner.attr if isinstance(inner, ast.Attribute) else ""
            parts.append(PLACES.get(name, " "))
    return "".join(parts)


@functools.cache
def code_strings() -> list[tuple[str, str, str]]:
    """(file:line, the string as written, the string with its places put in) for every string in the program's code
    but docstrings (no user reads those); of the files that may hold a place (parsing them all takes seconds)."""
    found = []
    for path in sorted(CODE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if not any(mark in source for mark in ("→", "”页", "core.places", *PLACES.values())):
            continue
        tree = ast.parse(source)
        skipped = set()
        for node in ast.walk(tree):
            body = getattr(node, "body", None)
            if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                    and isinstance(body[0].value, ast.Constant):
                skipped.add(id(body[0].value))  # a docstring
            if isinstance(node, ast.JoinedStr):
                skipped.update(id(value) for value in node.values)
        where = path.relative_to(CODE.parent).as_posix()
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                written = "".join(str(v.value) if isinstance(v, ast.Constant) else " " for v in node.values)
                found.append((f"{where}:{node.lineno}", written, _rendered(node)))
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skipped:
                found.append((f"{where}:{node.lineno}", node.value, node.value))
    return found


@pytest.fixture
def township(qtbot, store, dialogs, ui_settings) -> Places:
    return Places(window_for(qtbot, store, dialogs, ui_settings, "杨芳"))


@pytest.fixture
def county(qtbot, tmp_path, ledgers, dialogs, ui_settings) -> Places:
    store = init_database(tmp_path / "county.db", "640522", county=True, ledgers=ledgers)
    yield Places(window_for(qtbot, store, dialogs, ui_settings, "局里"))
    store.close()


def test_every_role_has_the_same_menus_and_pages(qtbot, store, staff, dialogs, ui_settings):
    """What a role may not do is greyed out (with the reason as its tooltip), never missing: the places a message
    names are where a 录入员, a 所长 and a 管理员 alike look for them."""
    seen = {}
    for name in ("马丽", "杨芳", "admin"):
        window = window_for(qtbot, store, dialogs, ui_settings, accounts.login(store, name, STAFF_PASSWORD))
        shown = Places(window)
        seen[name] = (shown.menus, list(shown.pages))
        window.close()
        accounts.logout(store)
    assert seen["马丽"] == seen["杨芳"] == seen["admin"]
    assert "密钥与登记" in seen["马丽"][0]["数据交换"]  # greyed for her, and there


def test_every_place_core_places_names_is_in_the_window(township, county):
    for name, place in PLACES.items():
        text = place if "“" in place else f"“{place}”"
        found = list(problems(text, township, county))
        assert not found and (PATH.search(text) or SECTION.search(text)), f"places.{name}: {found}"


def test_every_place_a_message_names_is_in_the_window(township, county):
    found, checked = [], 0
    for where, _written, text in code_strings():
        said = list(problems(text, township, county, all_paths=False))
        found += [f"{where}: {problem}" for problem in said]
        checked += bool(PATH.search(text) or SECTION.search(text))
    assert not found, "\n".join(found)
    assert checked >= 30  # the messages' places were found at all


def test_no_message_spells_out_a_place_of_core_places():
    """Written out, a place would stay behind when the menu is renamed and core/places.py with it."""
    spelled = [f"{where}: {place}" for where, written, _text in code_strings()
               if not where.startswith(f"fazhi_desktop/core/{places.__name__.split('.')[-1]}.py:")
               for place in PLACES.values() if place in written]
    assert not spelled, "请用 core/places.py 中的常量：\n" + "\n".join(spelled)


def test_every_place_the_manual_names_is_in_the_window(township, county):
    found = [*problems(TEXT[:COUNTY_START], township), *problems(TEXT[COUNTY_START:], county)]
    assert not found, "\n".join(found)
    assert len(PATH.findall(TEXT)) >= 20 and len(SECTION.findall(TEXT)) >= 3  # the manual's places were found at all


def test_a_renamed_menu_entry_button_or_section_is_caught(township):
    """The checks above can fail: a place the window does not have is told apart from one it has, and a button from
    words the program only says elsewhere (the title of the file dialog that button opens)."""
    assert township.path_problem("数据交换 → 导出数据包") is None
    assert "没有“导出全部数据”" in township.path_problem("数据交换 → 导出全部数据")
    assert "没有“设置”菜单" in township.path_problem("设置 → 备份")  # a page, not a menu
    assert township.path_problem("数据交换 → 密钥与登记 → 从文件添加县级公钥") is None
    for button in ("从文件添加省级公钥", "选择县级公钥文件"):
        assert f"没有“{button}”按钮" in township.path_problem(f"数据交换 → 密钥与登记 → {button}")
    assert township.section_problem("设置", "备份", "显示恢复码") is None
    assert "没有“备份设置”一栏" in township.section_problem("设置", "备份设置", None)
    assert "没有“恢复码”按钮" in township.section_problem("设置", "备份", "恢复码")
    assert list(problems("请在“密钥与登记 → 写出登记文件”中", township, all_paths=False))  # the menu left out
    assert not list(problems("修改角色：录入员 → 所长", township, all_paths=False))
