"""The one font resolver: official fonts when installed, the closest TrueType stand-in otherwise, said once."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from fazhi_desktop.core.documents import fonts
from fazhi_desktop.core.documents.fonts import FontError, resolve_fonts, take_notice

WENKAI = Path("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf")
MICROHEI = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
needs_fonts = pytest.mark.skipif(not (WENKAI.exists() and MICROHEI.exists()),
                                 reason="fonts-lxgw-wenkai and fonts-wqy-microhei are installed by .ci/setup")


@needs_fonts
def test_without_official_fonts_every_role_gets_a_stand_in_and_the_notice_names_them(tmp_path):
    shutil.copy(WENKAI, tmp_path / WENKAI.name)
    shutil.copy(MICROHEI, tmp_path / MICROHEI.name)
    chosen = resolve_fonts([tmp_path])
    assert set(chosen.choices) == {"fangsong", "heiti", "kaiti", "songti", "xiaobiaosong"}
    assert chosen.choice("heiti").family == "WenQuanYi Micro Hei"
    assert chosen.choice("fangsong").family == "LXGW WenKai"
    notice = chosen.notice()
    assert notice and "仿宋" in notice and "黑体" in notice and "WenQuanYi Micro Hei" in notice


@needs_fonts
def test_an_official_font_is_preferred_when_the_machine_has_it(tmp_path):
    shutil.copy(MICROHEI, tmp_path / MICROHEI.name)
    shutil.copy(WENKAI, tmp_path / "simfang.ttf")  # stands for 仿宋 as Chinese Windows installs it
    chosen = resolve_fonts([tmp_path])
    assert chosen.choice("fangsong").official
    assert chosen.choice("fangsong").path.name == "simfang.ttf"
    assert "仿宋" not in [c.wanted for c in chosen.substitutions]


@needs_fonts
def test_a_font_reportlab_cannot_embed_is_skipped(tmp_path):
    (tmp_path / "simhei.ttf").write_bytes(b"OTTO" + b"\0" * 200)  # a CFF (PostScript outline) or broken file
    shutil.copy(MICROHEI, tmp_path / MICROHEI.name)
    chosen = resolve_fonts([tmp_path])
    assert chosen.choice("heiti").path.name == MICROHEI.name
    assert not chosen.choice("heiti").official


def test_no_chinese_font_at_all_is_an_error_the_user_can_act_on(tmp_path):
    with pytest.raises(FontError) as caught:
        resolve_fonts([tmp_path])
    assert "字体" in str(caught.value) and "fonts" in str(caught.value)


@needs_fonts
def test_the_substitution_notice_is_given_once_per_process(fonts_not_yet_told):
    chosen = resolve_fonts()
    if chosen.notice() is None:
        pytest.skip("this machine has every official font")
    assert take_notice(chosen)
    assert take_notice(chosen) is None


@needs_fonts
def test_the_machine_fonts_are_resolved_once_and_reused():
    assert resolve_fonts() is resolve_fonts()


def test_font_folders_include_the_users_and_the_systems():
    dirs = [str(d) for d in fonts.font_dirs()]
    assert any(d.endswith("fonts") for d in dirs)
    assert "/usr/share/fonts" in dirs


def test_the_font_folder_named_for_a_missing_character_is_the_users_own_on_windows(monkeypatch, tmp_path):
    """It said 程序的 fonts 文件夹: under Program Files, where a clerk may not write without an administrator."""
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "马丽" / "AppData" / "Local"))
    monkeypatch.setenv("WINDIR", str(tmp_path / "Windows"))
    own = tmp_path / "马丽" / "AppData" / "Local" / "fazhi-desktop" / "fonts"
    said = fonts.missing_notice(["𬌗"])
    assert f"放到 {own} 文件夹（没有就新建一个），再重新打印" in said and "程序的" not in said
    assert own in fonts.font_dirs()  # looked in when printing
