# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A passphrase that does not open the county key: the county is told to look for Caps Lock and a full-width input
method before anything else, and what a new county key costs. Before, 口令不对 led straight to 更换密钥, which makes
all eighteen townships add a new key file and export again, for what may have been a typing slip."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py

from bundle_world import county_template, world  # noqa: F401

from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.common import BundleError


def test_a_wrong_county_passphrase_says_check_the_keyboard_before_replacing_the_key(world):
    with pytest.raises(BundleError) as refused:
        keymod.unlock_county_keys(world.county, "HAIYUAN-COUNTY-KEY")  # Caps Lock on
    said = str(refused.value)
    assert said.startswith("口令不对，无法打开县级私钥文件：")
    assert said.endswith("请先看看是否开着大写锁定（Caps Lock）、输入法是否在中文或全角状态，再输入一次。"
                         "确实忘记了口令：请在“数据交换 → 密钥与登记”中点“忘记口令？用备份恢复码设新口令”"
                         "（命令行：fazhi keys passphrase --recovery-code），密钥和指纹不变，各乡镇什么都不用做。"
                         "没有备份恢复码的，才更换密钥（命令行：fazhi keys init --replace），"
                         "之后各乡镇须换用新的县级公钥文件，加密给旧密钥、还没有导入的数据包也要请乡镇重新导出")
