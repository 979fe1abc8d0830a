# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""保管期限 in the county window: its reviewer sees under 数据完整性 which of the townships' files the county holds
have reached their keeping period, township by township (the township's 年度封账 said it of its own only)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py

from bundle_world import county_template, world  # noqa: F401

from fazhi_desktop.qt import county_view
from fazhi_desktop.qt.main_window import create_main_window


def test_the_completeness_tab_names_the_copies_whose_period_ends(qtbot, world, dialogs, ui_settings, valid_record):
    haicheng = world.town("640522100")
    day = "2026-05-10"
    haicheng.store.save("mediation_case", valid_record(
        "mediation_case", accepted_on=day, mediated_on=day, result="调解成功", agreement_form="口头",
        agreement_content="双方和解", closed_on=day, retention_period="10年"), "杨芳")
    assert world.import_(world.export(haicheng).path).ok
    world.clock.set(datetime(2036, 3, 10, 2, 0, tzinfo=UTC))
    window = create_main_window(world.county, dialogs, ui_settings, "马县级")
    qtbot.addWidget(window)
    window.show()
    window.show_page(county_view.PAGE)
    page = window.pages[county_view.PAGE]
    page.tabs.setCurrentIndex(next(i for i in range(page.tabs.count()) if page.tabs.tabText(i) == "数据完整性"))
    assert page.retention_note.isVisible()
    assert page.retention_note.text().startswith(
        "保管期限（从结案次年1月1日起算），县里保存的各乡镇副本中：海城镇：2026年结案、保管期限10年的调解案件 1 件，"
        "到2036年12月31日届满。本程序不删除记录")
    # said in the window's words: its reviewer is not asked to type a command
    assert "左侧“调解案件”中选该乡镇，再用“文件 → 导出列表…”" in page.retention_note.text()
    assert "fazhi list" not in page.retention_note.text()
