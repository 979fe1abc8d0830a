# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""The county demo's public key file kept out of a real township: its passphrase (demo2026) is printed in README, and
a township that added the file (its header names 海原县司法局（演示）) encrypted its real records to a key anyone
can open. The file now says it is the demo's, and a township that is not a demonstration database refuses it; a
demo township takes it. A real county's file carries no such note."""

from __future__ import annotations

import pytest
from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.bundle import county_key, demo_mark
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.common import BundleError

REFUSED = ("这是县级演示数据库的公钥（海原县司法局（演示）），它的口令是公开的，加密给它的数据包谁都能打开，"
           "正式的乡镇不能使用。未添加。")


def demo_county_file(world, tmp_path):
    """The county demo's key file, as its 密钥与登记 → 写出县级公钥文件 writes it."""
    world.county.set_settings(demo="1", office_name="海原县司法局（演示）")
    path = tmp_path / "县级公钥-640522.txt"
    keymod.write_county_public(world.county, path)
    return path


def test_the_county_demos_key_file_says_so(world, tmp_path):
    text = demo_county_file(world, tmp_path).read_text(encoding="utf-8")
    assert text.splitlines()[1] == "# 演示：这是县级演示数据库的公钥，正式的乡镇不能使用"
    assert county_key.parse_county_keys(text).demo


def test_a_real_countys_key_file_has_no_demo_note(world, tmp_path):
    path = tmp_path / "县级公钥-640522.txt"
    keymod.write_county_public(world.county, path)
    text = path.read_text(encoding="utf-8")
    assert "演示" not in text and not county_key.parse_county_keys(text).demo


def test_a_real_township_refuses_the_county_demos_key_and_keeps_none(world, store, tmp_path):
    path = demo_county_file(world, tmp_path)
    text = path.read_text(encoding="utf-8")
    for attempt in (lambda: county_key.county_key_change(store, text, str(path)),
                    lambda: county_key.add_county_keys(store, text, "杨芳", str(path))):
        with pytest.raises(BundleError) as refused:
            attempt()
        assert str(refused.value) == (f"{path}：{REFUSED}请使用县司法局给的县级公钥文件"
                                      "（演示乡镇的工作请打开乡镇演示数据库：fazhi-desktop --demo）")
    assert keymod.county_keys_known(store).recipients == []


def test_a_pasted_demo_key_is_refused_too(world, store, tmp_path):
    """Pasted from a chat: ＃ full-width, ： half-width, the lines indented."""
    text = demo_county_file(world, tmp_path).read_text(encoding="utf-8")
    pasted = "\n".join("  " + line.replace("#", "＃").replace("：", ":") for line in text.splitlines())
    with pytest.raises(BundleError, match=REFUSED):
        county_key.add_county_keys(store, pasted, "杨芳", "粘贴的文字")
    assert keymod.county_keys_known(store).recipients == []


def test_a_demo_township_takes_the_county_demos_key(world, store, tmp_path):
    text = demo_county_file(world, tmp_path).read_text(encoding="utf-8")
    store.set_settings(demo="1")
    held = county_key.add_county_keys(store, text, "杨芳", "县级公钥-640522.txt")
    assert held.recipients == [world.public.recipient] and held.office == "海原县司法局（演示）"
    assert demo_mark.is_demo(store)
