"""The one font resolver: a Chinese-capable application font, and the text size (normal or 长者模式).

Government PCs run Chinese Windows (微软雅黑, 宋体 installed); Linux desktops (UOS, Kylin, Debian) may lack any CJK
font, in which case every label would show as boxes: the user is told once what to install, then the program runs.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle

#: preferred families, best first: Windows, then common Linux packages
PREFERRED_FAMILIES = (
    "Microsoft YaHei UI", "Microsoft YaHei", "SimSun", "Noto Sans CJK SC", "Source Han Sans SC",
    "WenQuanYi Micro Hei", "LXGW WenKai", "WenQuanYi Zen Hei", "Droid Sans Fallback",
)
NORMAL_POINT_SIZE = 10.5  # 五号字: the smallest size a clerk should have to read
LARGE_TEXT_SCALE = 1.5
_BASE_SIZE_PROPERTY = "fazhi_base_point_size"

MISSING_FONT_TITLE = "缺少中文字体"
MISSING_FONT_TEXT = (
    "本机没有找到可用的中文字体，界面上的汉字可能显示为方框。\n\n"
    "请安装一种中文字体后重新打开本程序：\n"
    "· Windows：系统自带“微软雅黑”，如缺失请联系单位信息化人员修复系统字体；\n"
    "· Linux（统信 UOS、麒麟、Debian 等）：安装“文泉驿微米黑”或“霞鹜文楷”，\n"
    "  例如：sudo apt install fonts-wqy-microhei fonts-lxgw-wenkai\n\n"
    "No Chinese font found. Install one, e.g. fonts-wqy-microhei, then restart."
)


def find_cjk_family(available: Iterable[str] | None = None) -> str | None:
    """The best Chinese-capable family among `available` (default: families Qt says can write 简体中文)."""
    if available is None:
        available = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    families = list(available)
    by_lower = {f.lower(): f for f in families}
    for preferred in PREFERRED_FAMILIES:
        if preferred.lower() in by_lower:
            return by_lower[preferred.lower()]
    return families[0] if families else None


def install_app_font(app: QApplication, dialogs, ui) -> str | None:
    """Set a Chinese application font at a readable size; tell the user once when none exists."""
    family = find_cjk_family()
    font = QFont(app.font())
    if family:
        font.setFamily(family)
    font.setPointSizeF(max(font.pointSizeF(), NORMAL_POINT_SIZE))
    app.setProperty(_BASE_SIZE_PROPERTY, font.pointSizeF())
    app.setFont(font)
    if family is None and not ui.font_warning_shown:
        dialogs.warn(None, MISSING_FONT_TITLE, MISSING_FONT_TEXT)
        ui.font_warning_shown = True
    return family


class TextScaledStyle(QProxyStyle):
    """The system's style, with check boxes and radio buttons as large as the text: 长者模式 made the text 1.5 times
    as large and left them 14 pixels, hard to hit on a touchpad. Installed once, when the program starts."""

    SCALED = (QStyle.PixelMetric.PM_IndicatorWidth, QStyle.PixelMetric.PM_IndicatorHeight,
              QStyle.PixelMetric.PM_ExclusiveIndicatorWidth, QStyle.PixelMetric.PM_ExclusiveIndicatorHeight)

    def pixelMetric(self, metric, option=None, widget=None) -> int:
        value = super().pixelMetric(metric, option, widget)
        app = QApplication.instance()
        base = app.property(_BASE_SIZE_PROPERTY) if app is not None else None
        if metric in self.SCALED and base:
            return round(value * max(1.0, app.font().pointSizeF() / float(base)))
        return value


def base_point_size(app: QApplication) -> float:
    """The normal text size of this run (recorded the first time it is needed)."""
    size = app.property(_BASE_SIZE_PROPERTY)
    if not size:
        size = max(app.font().pointSizeF(), NORMAL_POINT_SIZE)
        app.setProperty(_BASE_SIZE_PROPERTY, size)
    return float(size)


def apply_text_size(app: QApplication, large: bool) -> None:
    """Normal text, or 长者模式: the whole application's text 1.5 times as large, applied at once.

    A widget already shown with a style sheet of its own (grey hints, red messages) keeps the font it was polished
    with when the application font changes: its style sheet is set again so that it takes the new size too."""
    size = base_point_size(app) * (LARGE_TEXT_SCALE if large else 1.0)
    font = QFont(app.font())
    if abs(font.pointSizeF() - size) > 0.01:
        font.setPointSizeF(size)
        app.setFont(font)
        for widget in app.allWidgets():
            if widget.styleSheet():
                widget.setStyleSheet(widget.styleSheet())
