# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""登记乡镇密钥 with the townships' enrolment files chosen together from one stick: each is compared on the phone and
enrolled in turn, and the window names the townships still without a key (only the first file was enrolled, the
others dropped without a word, and the table listed only those enrolled)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py, whatever pytest's import mode
sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py

from bundle_world import LOW_COST, county_template, world  # noqa: F401  (fixtures)
from test_bundles_gui import ScriptedPrompts, make_window

from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle import minisign
from fazhi_desktop.qt import keys_view


@pytest.fixture(autouse=True)
def cheap_keys(monkeypatch):
    monkeypatch.setattr(minisign, "DEFAULT_COST", LOW_COST)


def enrolment_files(world, tmp_path, *codes: str) -> list[Path]:
    files = []
    for code in codes:
        town = world.town(code, enrol=False)
        files.append(tmp_path / f"登记-{code}.json")
        keymod.write_enrolment(town.store, files[-1])
    return files


def answer_calls(qtbot, view, answers: list[bool | None]) -> list[str]:
    """Each fingerprint check as it comes: True reads the right fingerprint, False cancels (the township does not
    answer the phone); returns the headings seen."""
    headings: list[str] = []

    def next_check():
        check = getattr(view, "fingerprint_check", None)
        if check is None or not check.isVisible():
            QTimer.singleShot(20, next_check)
            return
        headings.append(check.heading.text())
        if answers.pop(0):
            check.place_heard.setChecked(True)
            check.heard.setText(check.expected)
            check.ok.click()
        else:
            check.reject()
        view.fingerprint_check = None
        if answers:
            QTimer.singleShot(20, next_check)

    QTimer.singleShot(0, next_check)
    return headings


def test_every_file_chosen_is_compared_and_enrolled_in_turn(qtbot, world, tmp_path, dialogs, ui_settings):
    files = enrolment_files(world, tmp_path, "640522101", "640522202", "640522100")
    window = make_window(qtbot, world.county, dialogs, ui_settings, ScriptedPrompts(files=files))
    view = keys_view.open_keys_dialog(window)
    headings = answer_calls(qtbot, view, [True, False, True])  # 关桥乡 does not answer the phone
    qtbot.mouseClick(view.enrol_button, Qt.MouseButton.LeftButton)
    assert [h.split("\n")[0] for h in headings] == ["第 1 / 3 个文件：登记-640522101.json",
                                                   "第 2 / 3 个文件：登记-640522202.json",
                                                   "第 3 / 3 个文件：登记-640522100.json"]
    enrolled = {key.township for key in keymod.enrolled_keys(world.county) if key.active}
    assert enrolled == {"640522101", "640522100"}
    said = "选了 3 个登记文件：已登记 2 个（李旺镇、海城镇）；未登记 1 个：\n登记-640522202.json（没有核对指纹）"
    assert dialogs.shown[-1] == ("info", "登记乡镇密钥", said)
    assert view.table.rowCount() == 2


def test_the_window_names_the_townships_still_without_a_key(qtbot, world, tmp_path, dialogs, ui_settings):
    for code in ("640522001", "640522100", "640522101"):
        world.town(code)
    window = make_window(qtbot, world.county, dialogs, ui_settings, ScriptedPrompts())
    view = keys_view.open_keys_dialog(window)
    text = view.missing.text()
    assert text.startswith("尚未登记的乡镇（15 个，共 18 个）：西安镇、三河镇、七营镇、") and "李旺镇" not in text
    assert text.endswith("县里登记之前不能接收它们的数据包")
    # 李旺镇's key revoked: its bundles are refused until a new one is enrolled
    keymod.revoke(world.county, "640522101", "县管理员", reason=keymod.REASON_REPLACED)
    view.refresh()
    assert view.missing.text().startswith("尚未登记的乡镇（16 个，共 18 个）：李旺镇、西安镇、")


def test_the_closing_summary_names_the_old_keys_revoked(qtbot, world, tmp_path, dialogs, ui_settings):
    """Two townships re-installed bring their new files on one stick: each replacement was confirmed one by one
    (吊销旧密钥并登记), but the summary at the end said only 已登记 2 个, not which old keys were revoked, the one
    thing the county would need later to 改记 a key as 被盗 or 丢失."""
    old = {code: keymod.township_key(world.town(code).store).public.key_id_hex for code in ("640522101", "640522100")}
    files = []
    for code in old:
        files.append(tmp_path / f"新登记-{code}.json")
        keymod.write_enrolment(world.reinstall(code, enrol=False).store, files[-1])
    window = make_window(qtbot, world.county, dialogs, ui_settings, ScriptedPrompts(files=files))
    view = keys_view.open_keys_dialog(window)
    dialogs.confirm_answers.extend([True, True])  # 吊销旧密钥并登记, for each
    answer_calls(qtbot, view, [True, True])
    qtbot.mouseClick(view.enrol_button, Qt.MouseButton.LeftButton)
    kind, title, said = dialogs.shown[-1]
    assert (kind, title) == ("info", "登记乡镇密钥")
    assert said.startswith("选了 2 个登记文件：已登记 2 个（李旺镇、海城镇）。")
    assert (f"已吊销的旧密钥：李旺镇 {old['640522101']}、海城镇 {old['640522100']}，原因记为更换" in said
            and f"点“{keys_view.REVOKE_LABEL}…”改记" in said), said
