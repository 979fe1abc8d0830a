"""`fazhi-desktop --demo --county`: it was refused (无法识别的参数), and the only way to show the county was to enrol
the township demo's key at a county and import its bundle. Now the county demo opens with demonstration townships
enrolled, their bundles imported and receipts written, so 县级汇总, 数据完整性 and 数据包记录 show something."""

from __future__ import annotations

import pytest

from fazhi_desktop.core import accounts, paths
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.exchanges import received_bundles
from fazhi_desktop.core.clock import local_today
from fazhi_desktop.core.county_demo import DEMO_COUNTY_OFFICE, TOWNSHIPS
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.qt import app as app_module
from fazhi_desktop.qt import county_view
from fazhi_desktop.qt.main_window import create_main_window


def _log_in(store, _dialogs, _parent):
    return accounts.login(store, "杨芳", accounts.DEMO_PASSWORD)


def test_the_county_demo_opens_with_its_townships_and_figures(tmp_path, dialogs, ui_settings, monkeypatch, qtbot):
    monkeypatch.setattr(paths, "data_dir", lambda: tmp_path)
    assert app_module.main(["--demo", "--county", "--quit-after-show"], dialogs=dialogs, ui_settings=ui_settings,
                           login=_log_in) == 0
    assert not [d for d in dialogs.shown if d[0] == "error"]
    made = (tmp_path / "county-demo.db").stat().st_ino
    store = app_module.open_demo(tmp_path / "county-demo.db", county=True)  # as it was made: not made again
    try:
        assert store.is_county and store.setting("office_name") == DEMO_COUNTY_OFFICE
        store.user = _log_in(store, None, None)
        window = create_main_window(store, dialogs, ui_settings, store.user)
        qtbot.addWidget(window)
        window.show()
        assert "（演示）" in window.windowTitle()
        window.show_page(county_view.PAGE)
        page = window.pages[county_view.PAGE]
        year = local_today(store.clock).year
        assert f"{len(TOWNSHIPS)} 个有{year}年记录" in page.summary.text()
        enrolled = {key.township for key in keymod.enrolled_keys(store)}
        assert enrolled == {code for code, *_ in TOWNSHIPS}
        bundles = received_bundles(store)
        assert len(bundles) == len(TOWNSHIPS) + sum(1 for *_, last in TOWNSHIPS if last)  # last year's apart
        assert all(store.setting(f"receipt.written.{code}") for code, *_ in TOWNSHIPS)
        assert store.count("meeting") == sum(now + last for _c, _s, now, last in TOWNSHIPS)
    finally:
        store.close()
    assert (tmp_path / "county-demo.db").stat().st_ino == made  # the same file: made once, then reused
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".fazhi")) == []  # its work folder gone
    assert (tmp_path / "county-demo-keys").is_dir()


def test_the_county_demo_passphrase_opens_its_keys(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "data_dir", lambda: tmp_path)
    store = app_module.open_demo(tmp_path / "county-demo.db", county=True)
    try:
        keymod.unlock_county_keys(store, accounts.DEMO_PASSWORD)  # what 写回执 and 导入 ask for
    finally:
        store.close()


def test_county_without_demo_is_refused_plainly(capsys):
    with pytest.raises(SystemExit):
        app_module.parse_args(["--county"])
    assert "--county 只能与 --demo 同用" in capsys.readouterr().err


def test_the_township_demo_is_not_opened_as_the_county_demo(tmp_path):
    township = app_module.open_demo(tmp_path / "demo.db")
    township.close()
    before = (tmp_path / "demo.db").read_bytes()
    with pytest.raises(FazhiError, match="是乡镇演示数据库"):
        app_module.open_demo(tmp_path / "demo.db", named=True, county=True)
    assert (tmp_path / "demo.db").read_bytes() == before
