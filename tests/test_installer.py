"""Packaging (issue 7): the self-test, the PyInstaller spec, the NSIS script, portable mode and the icon.

The frozen build itself is made by `.ci/installer` (the slow test at the end runs it)."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from fazhi_desktop.core import paths

ROOT = Path(__file__).resolve().parents[1]
NSIS = (ROOT / "installer" / "fazhi-desktop.nsi").read_text(encoding="utf-8")
SPEC = (ROOT / "installer" / "fazhi-desktop.spec").read_text(encoding="utf-8")
CHECKS = ("resources", "modules", "forms", "database", "pdf", "gui")


def load_build_script():
    spec = importlib.util.spec_from_file_location("fazhi_installer_build", ROOT / "installer" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_self_test(tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    """`fazhi-desktop --self-test` from source, in a subprocess with its own home (to see what it writes there)."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "data"), "LOCALAPPDATA": str(home / "data"),
           "QT_QPA_PLATFORM": "offscreen"}
    env.pop("FAZHI_DB", None)
    code = "import sys; from fazhi_desktop.qt.app import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", code, "--self-test", *extra], capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=180, check=False)


# -- the self-test ------------------------------------------------------------------------------------------------

def test_self_test_passes_from_source_and_leaves_the_users_data_alone(tmp_path):
    result = run_self_test(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for check in CHECKS:
        assert any(line.startswith("[通过] " + check) for line in lines), result.stdout
    assert "SELF-TEST PASSED" in lines[-1]
    assert not (tmp_path / "home" / "data").exists(), "the self-test wrote into the user's data directory"


def test_the_self_test_names_a_module_the_installation_lacks(monkeypatch):
    """Pages, dialogs and backups load by name when first used; a build that left one out must fail its self-test
    (the frozen build's self-test runs in .ci/installer), not the clerk's first click on 数据交换."""
    from fazhi_desktop import selftest
    from fazhi_desktop.qt import main_window

    monkeypatch.setattr(main_window, "FEATURE_MODULES", (*main_window.FEATURE_MODULES, "no_such_page"))
    with pytest.raises(selftest.CheckFailed, match=r"fazhi_desktop\.qt\.no_such_page"):
        selftest.check_modules(None)


def test_the_spec_ships_every_module_of_the_package():
    assert 'collect_submodules("fazhi_desktop"' in SPEC


def test_self_test_names_a_broken_form_and_fails(tmp_path):
    forms = tmp_path / "forms"
    shutil.copytree(ROOT / "forms", forms)
    with (forms / "meeting.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n[[[ not toml\n")
    result = run_self_test(tmp_path, "--forms-dir", str(forms))
    assert result.returncode == 1
    failed = [line for line in result.stdout.splitlines() if line.startswith("[失败]")]
    assert len(failed) == 1 and failed[0].split()[1] == "forms"
    assert "meeting.toml" in failed[0] and "TOML" in failed[0]
    assert "[跳过] database" in result.stdout  # what needs the forms is not attempted
    assert "SELF-TEST FAILED" in result.stdout.splitlines()[-1] and "forms" in result.stdout.splitlines()[-1]
    assert "Traceback" not in result.stdout + result.stderr


def test_an_unexpected_error_in_a_check_is_named_not_raised(tmp_path, monkeypatch):
    from fazhi_desktop import selftest

    def broken(ctx):
        raise KeyError("reportlab.graphics.barcode.code128")

    checks = [(key, label, broken if key == "pdf" else check, needs)
              for key, label, check, needs in selftest.CHECKS if key != "gui"]
    monkeypatch.setattr(selftest, "CHECKS", tuple(checks))
    lines: list[str] = []
    outcomes = selftest.run_checks(emit=lines.append)
    assert [o.state for o in outcomes] == ["ok", "ok", "ok", "ok", "failed"]  # resources modules forms database pdf
    assert "KeyError" in lines[-1] and "code128" in lines[-1] and lines[-1].startswith("[失败] pdf")


# -- the frozen build's recipe --------------------------------------------------------------------------------------

def test_the_spec_ships_forms_resources_and_two_programs():
    assert '(str(ROOT / "forms"), "forms")' in SPEC
    assert '(str(ROOT / "resources"), "resources")' in SPEC
    assert 'copy_metadata("fazhi-desktop")' in SPEC
    assert re.search(r'executable\(pyz, scripts_for\("fazhi-desktop"\), "fazhi-desktop", console=False\)', SPEC)
    assert re.search(r'executable\(pyz, scripts_for\("fazhi"\), "fazhi", console=True\)', SPEC)
    assert "icon=str(ICON)" in SPEC and "fazhi.ico" in SPEC
    for heavy in ("PySide6.QtWebEngineCore", "PySide6.QtQuick", "PySide6.QtQml", "tkinter"):
        assert f'"{heavy}"' in SPEC


def test_both_frozen_entry_points_answer_self_test_before_loading_the_gui():
    for entry in ("entry_desktop.py", "entry_fazhi.py"):
        text = (ROOT / "installer" / entry).read_text(encoding="utf-8")
        assert text.index("--self-test") < text.index("import main")


def test_windows_file_versions_have_four_numbers():
    build = load_build_script()
    assert build.version4("0.1.0") == "0.1.0.0"
    assert build.version4("1.2.3rc1") == "1.2.3.0"
    assert build.version4("2.0+local") == "2.0.0.0"


# -- the NSIS installer ---------------------------------------------------------------------------------------------

def test_the_installer_speaks_chinese_and_installs_per_machine():
    assert 'Unicode true' in NSIS
    assert '!insertmacro MUI_LANGUAGE "SimpChinese"' in NSIS
    assert "RequestExecutionLevel admin" in NSIS
    assert 'InstallDir "$PROGRAMFILES64\\${APP_ID}"' in NSIS
    assert 'CreateShortcut "$SMPROGRAMS\\${PRODUCT}\\${PRODUCT}.lnk"' in NSIS
    assert 'CreateShortcut "$DESKTOP\\${PRODUCT}.lnk"' in NSIS
    assert '!define MUI_ICON "${ICON}"' in NSIS and "fazhi.ico" in NSIS


def test_an_upgrade_goes_where_the_last_install_went_and_waits_for_the_program_to_close():
    from fazhi_desktop.core.instance import RUNNING_MUTEX

    on_init = NSIS[NSIS.index("Function .onInit"):NSIS.index("FunctionEnd", NSIS.index("Function .onInit"))]
    # read after SetRegView 64: InstallDirRegKey read the 32-bit view, where the key never was
    assert on_init.index("SetRegView 64") < on_init.index('ReadRegStr $0 HKLM "${UNINSTALL_KEY}" "InstallLocation"')
    assert "\nInstallDirRegKey" not in NSIS
    assert "Call WaitForProgramToClose" in on_init and "Call un.WaitForProgramToClose" in NSIS
    assert f'!define RUNNING_MUTEX "{RUNNING_MUTEX}"' in NSIS  # the name the program holds while it runs
    wait = NSIS[NSIS.index("Function ${un}WaitForProgramToClose"):NSIS.index("FunctionEnd")]
    # looked for in every session (切换用户) first, then in the installer's own (what an earlier version made)
    assert wait.index('w "Global\\${RUNNING_MUTEX}"') < wait.index('w "${RUNNING_MUTEX}"')
    assert '"-INPUTCHARSET", "UTF8"' in (ROOT / "installer" / "build.py").read_text(encoding="utf-8")


def test_the_program_and_the_command_announce_themselves_to_an_installer_in_any_session(monkeypatch, tmp_path):
    """An upgrade run while another Windows user's session (切换用户) has the program or `fazhi` open must wait for
    it: the mutex is made under its Global\\ name as well (a plain name lives in its own session only)."""
    import ctypes
    import types

    from fazhi_desktop import cli
    from fazhi_desktop.core import instance

    made = []
    kernel32 = types.SimpleNamespace(CreateMutexW=lambda _attributes, _owned, name: made.append(name) or len(made))
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(ctypes, "windll", types.SimpleNamespace(kernel32=kernel32), raising=False)
    assert instance.announce_running() == [1, 2]  # the window's (qt/app.py)
    monkeypatch.setenv("FAZHI_DB", str(tmp_path / "office.db"))
    cli.main(["ledgers"])  # any command
    assert made == ["Global\\fazhi-desktop-running", "fazhi-desktop-running"] * 2


def function_body(name: str) -> str:
    start = NSIS.index(f"Function {name}\n")
    return NSIS[start:NSIS.index("FunctionEnd", start)]


def test_a_windows_10_older_than_qt_6_supports_is_asked_about_before_installing():
    """Qt 6 needs Windows 10 1809 (build 17763); township PCs on LTSB 2016 (1607) took the program without a word."""
    assert "!define MIN_BUILD 17763" in NSIS
    on_init = function_body(".onInit")
    check = on_init[on_init.index("${IfNot} ${AtLeastBuild} ${MIN_BUILD}"):]
    question = check[:check.index("${EndIf}")]
    assert "Windows 10 1809" in question and "仍要安装吗" in question
    assert "MB_DEFBUTTON2" in question and "/SD IDNO" in question  # 否 by default; a silent install stops
    assert question.index("IDYES old_build_accepted") < question.index("Abort") < question.index("old_build_accepted:")
    assert on_init.index("${AtLeastBuild}") < on_init.index("Call WaitForProgramToClose")


def test_the_finish_page_does_not_start_the_program_as_the_administrator_whose_password_was_typed():
    """A clerk without administrator rights: the technician types an administrator's password, the installer runs
    as that account, and the program it starts would set the office up in the administrator's folder."""
    run = function_body("RunAsUser")
    explorer = run.index('Exec \'"$WINDIR\\explorer.exe" "$INSTDIR\\${GUI_EXE}"\'')
    assert run.index("advapi32::GetUserNameW") < explorer
    assert run.index("wtsapi32::WTSQuerySessionInformationW(p 0, i -1, i 5,") < explorer  # this session's user
    other = run[run.index("${AndIf} $0 != $5"):explorer]
    assert "开始菜单" in other and "没有打开" in other and "/SD IDOK" in other
    assert other.index("MessageBox") < other.index("Return")


def test_the_wait_for_the_program_says_what_to_do_when_another_windows_user_has_it_open():
    wait = function_body("${un}WaitForProgramToClose")
    message = wait[wait.index("MessageBox MB_RETRYCANCEL"):]
    assert "切换用户" in message and "注销" in message


def test_the_installer_registers_with_add_remove_programs():
    for value in ("DisplayName", "DisplayVersion", "Publisher", "UninstallString", "DisplayIcon", "InstallLocation"):
        assert f'WriteRegStr HKLM "${{UNINSTALL_KEY}}" "{value}"' in NSIS
    assert 'WriteRegDWORD HKLM "${UNINSTALL_KEY}" "EstimatedSize"' in NSIS
    assert '!define PRODUCT "法治台账"' in NSIS
    assert '"DisplayVersion" "${VERSION}"' in NSIS and "!ifndef VERSION\n  !error" in NSIS


def test_the_uninstaller_keeps_the_data_unless_asked():
    # the folder it offers to delete is the one the program keeps its data in
    assert f'!define APP_ID "{paths.APP_DIR_NAME}"' in NSIS
    data_section = NSIS[NSIS.index('Section /o "un.'):]
    assert 'RMDir /r "$LOCALAPPDATA\\${APP_ID}"' in data_section
    assert "MB_YESNO" in data_section and "/SD IDNO" in data_section  # asked again; silent uninstalls keep it
    program_section = NSIS[NSIS.index('Section "un.'):NSIS.index('Section /o "un.')]
    assert "$LOCALAPPDATA" not in program_section
    assert 'RMDir /r "$INSTDIR"' not in NSIS  # never a recursive delete of a folder the user chose


def test_the_uninstallers_question_says_the_backups_inside_go_too_and_a_stick_backup_then_needs_the_code(
        monkeypatch):
    from fazhi_desktop.core.backup.config import default_folder

    monkeypatch.delenv("FAZHI_DB", raising=False)
    backups = default_folder(paths.default_db_path())
    assert backups.parent == paths.data_dir()  # inside the folder deleted
    question = NSIS[NSIS.index("确定要删除本机的全部台账数据吗"):NSIS.index("IDYES delete_data")]
    assert f"默认的备份文件夹 {backups.name}" in question
    assert "恢复时必须输入备份恢复码" in question


@pytest.mark.skipif(shutil.which("makensis") is None, reason="makensis is not installed (apt-get install nsis)")
@pytest.mark.parametrize("associate", [None, ".fzb"])
def test_makensis_compiles_the_installer_script(tmp_path, associate):
    build = load_build_script()
    payload = build.placeholder_payload(tmp_path / "payload")
    setup = build.compile_installer(payload, tmp_path / "fazhi-desktop-setup-test.exe", associate, check_only=True)
    assert setup.read_bytes()[:2] == b"MZ"


# -- portable mode ------------------------------------------------------------------------------------------------

@pytest.fixture
def frozen_program(tmp_path, monkeypatch):
    """Pretend to be the frozen program in tmp/fazhi-desktop/ (what core.paths sees on a USB stick)."""
    folder = tmp_path / "U盘" / "fazhi-desktop"
    (folder / "_internal").mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(folder / "fazhi-desktop.exe"))
    monkeypatch.setattr(sys, "_MEIPASS", str(folder / "_internal"), raising=False)
    monkeypatch.delenv("FAZHI_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home-data"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "home-data"))
    return folder


def test_frozen_program_finds_its_resources_in_its_own_folder(frozen_program):
    assert paths.resource_root() == frozen_program / "_internal"
    assert paths.resource("icons", "fazhi.png") == frozen_program / "_internal" / "resources" / "icons" / "fazhi.png"
    assert paths.program_dir() == frozen_program.resolve()


def test_installed_program_keeps_data_in_the_users_folder(frozen_program, tmp_path):
    assert paths.data_dir() == tmp_path / "home-data" / "fazhi-desktop"


def test_marker_file_keeps_data_beside_the_program(frozen_program):
    (frozen_program / paths.PORTABLE_MARKER).write_text("portable", encoding="utf-8")
    assert paths.data_dir() == frozen_program.resolve() / "data"
    assert paths.default_db_path() == frozen_program.resolve() / "data" / "fazhi.db"


def test_portable_mode_keeps_the_window_settings_on_the_stick_too(frozen_program):
    from fazhi_desktop.qt.app import user_settings

    (frozen_program / paths.PORTABLE_MARKER).write_text("", encoding="utf-8")
    assert Path(user_settings().fileName()) == frozen_program.resolve() / "data" / "ui.ini"


def test_self_test_says_when_it_runs_portable(frozen_program):
    from fazhi_desktop import selftest

    assert "便携模式" not in selftest.header()
    (frozen_program / paths.PORTABLE_MARKER).write_text("", encoding="utf-8")
    assert "便携模式" in selftest.header() and "安装版" in selftest.header()


def test_from_source_the_program_folder_is_the_repository(monkeypatch, tmp_path):
    monkeypatch.delattr(sys, "frozen", raising=False)
    assert paths.program_dir() == ROOT
    monkeypatch.setattr(paths, "program_dir", lambda: tmp_path)
    (tmp_path / paths.PORTABLE_MARKER).write_text("", encoding="utf-8")
    assert paths.data_dir() == tmp_path / "data"


# -- the icon -----------------------------------------------------------------------------------------------------

def test_the_icon_has_every_size_windows_asks_for():
    from PIL import Image

    with Image.open(ROOT / "resources" / "icons" / "fazhi.ico") as ico:
        assert {(16, 16), (24, 24), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    with Image.open(ROOT / "resources" / "icons" / "fazhi.png") as png:
        assert png.size == (256, 256) and png.mode == "RGBA"


def test_the_program_sets_its_window_icon(qapp, tmp_path):
    from PySide6.QtCore import QSettings

    from fazhi_desktop.core.setup import init_database
    from fazhi_desktop.qt.app import app_icon, main
    from fazhi_desktop.selftest import RecordingDialogs

    assert not app_icon().isNull()
    init_database(tmp_path / "office.db", "640522100").close()
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    code = main(["--db", str(tmp_path / "office.db"), "--quit-after-show"], dialogs=RecordingDialogs(),
                ui_settings=settings)
    assert code == 0
    assert not qapp.windowIcon().isNull()


# -- the whole build ----------------------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("FAZHI_SKIP_INSTALLER") == "1", reason="FAZHI_SKIP_INSTALLER=1")
def test_ci_installer_builds_the_payload_that_passes_its_self_test_and_compiles_the_installer():
    result = subprocess.run(["bash", str(ROOT / ".ci" / "installer")], capture_output=True, text=True,
                            encoding="utf-8", timeout=1200, check=False)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "SELF-TEST PASSED" in result.stdout
    assert "LINUX-PAYLOAD.exe" in result.stdout
