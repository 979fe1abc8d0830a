# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""密钥与登记 → 从文件添加县级公钥 with the county demo's key file at a real township: refused in one message, before
any fingerprint is compared, and nothing kept (the demo's passphrase is printed in README)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py

from bundle_world import county_template, world  # noqa: F401
from test_keys_trust import cheap_keys, keys_window, refuse_any_fingerprint_check  # noqa: F401

from fazhi_desktop.core.bundle import keys as keymod


def test_a_real_township_is_told_the_county_demos_key_is_not_for_it(qtbot, world, store, dialogs, ui_settings,
                                                                   tmp_path):
    world.county.set_settings(demo="1", office_name="海原县司法局（演示）")
    path = tmp_path / "县级公钥-640522.txt"
    keymod.write_county_public(world.county, path)
    view = keys_window(qtbot, store, dialogs, ui_settings, files=[path])
    refuse_any_fingerprint_check(view)
    qtbot.mouseClick(view.add_county_file, Qt.MouseButton.LeftButton)
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("error", "无法添加县级公钥")
    assert text.startswith(f"{path}：这是县级演示数据库的公钥（海原县司法局（演示））")
    assert "正式的乡镇不能使用。未添加。" in text
    assert not hasattr(view, "fingerprint_check")
    assert keymod.county_keys_known(store).recipients == []
    assert view.county_label.text().startswith("县级公钥：尚未添加")
