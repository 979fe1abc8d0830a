"""Build 法治台账 for shipping: one command per platform.

    python installer/build.py windows     on Windows: dist/fazhi-desktop/ (PyInstaller one-folder build), its
                                          self-test, dist/fazhi-desktop-<version>-portable.zip and the installer
                                          dist/fazhi-desktop-setup-<version>.exe (NSIS)
    python installer/build.py linux       on Linux: dist/fazhi-desktop/ and its self-test, then makensis compiles
                                          the installer script against that payload (a syntax check: the result
                                          is not a Windows program and is written to build/nsis-check/)

Options: --skip-installer (payload and self-test only), --skip-self-test, --nsis-only (compile the script against a
small placeholder payload, no PyInstaller: a few seconds), --associate .EXT (register a bundle file extension).
PyInstaller cannot cross-compile: the Windows payload is built on Windows. Needs `pip install -e ".[build]"` and
NSIS (makensis) on PATH or in its usual Windows folder. Exit status 0 when everything was built and passed.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "installer" / "fazhi-desktop.spec"
NSIS_SCRIPT = ROOT / "installer" / "fazhi-desktop.nsi"
ICON = ROOT / "resources" / "icons" / "fazhi.ico"
DIST = ROOT / "dist"
WORK = ROOT / "build"
APP = "fazhi-desktop"
PORTABLE_MARKER = "portable.txt"  # fazhi_desktop.core.paths.PORTABLE_MARKER
SELF_TEST_TIMEOUT = 300


class BuildError(Exception):
    """A step failed; the message says which and why."""


def version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def version4(text: str) -> str:
    """0.1.0 -> 0.1.0.0: Windows file versions have four numbers (pre-release and local parts dropped)."""
    numbers = [int(m.group()) if (m := re.match(r"\d+", part)) else 0 for part in text.split("+")[0].split(".")[:4]]
    return ".".join(map(str, [*numbers, 0, 0, 0][:4]))


def exe(name: str, target: str) -> str:
    return name + ".exe" if target == "windows" else name


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def mb(size: int) -> str:
    return f"{size / 1024**2:.1f} MB"


def step(title: str):
    """Print a step's title; the returned function prints how long it took."""
    print(f"==> {title}", flush=True)
    started = time.perf_counter()

    def done(note: str = "") -> float:
        seconds = time.perf_counter() - started
        print(f"    {title}: {seconds:.1f} s{('  ' + note) if note else ''}", flush=True)
        return seconds

    return done


def build_payload(target: str) -> Path:
    """dist/fazhi-desktop/ with PyInstaller (the spec names what goes in)."""
    done = step("PyInstaller one-folder build")
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level=WARN",
               "--distpath", str(DIST), "--workpath", str(WORK / "pyinstaller"), str(SPEC)]
    result = subprocess.run(command, cwd=ROOT, check=False)
    if result.returncode != 0:
        raise BuildError(f"PyInstaller failed (exit {result.returncode}); see its output above")
    payload = DIST / APP
    for name in (exe(APP, target), exe("fazhi", target)):
        if not (payload / name).is_file():
            raise BuildError(f"PyInstaller finished but {payload / name} is missing")
    done(f"{payload}  {mb(folder_size(payload))}")
    return payload


def run_self_test(payload: Path, target: str) -> None:
    """Both frozen programs run `--self-test` offscreen: the console one shows its report, the windowed one must
    exit 0 as well (it is what the shortcuts start)."""
    done = step("frozen self-test (offscreen)")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}
    for name, show in ((exe("fazhi", target), True), (exe(APP, target), False)):
        try:
            result = subprocess.run([str(payload / name), "--self-test"], env=env, capture_output=True,
                                    timeout=SELF_TEST_TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise BuildError(f"{name} --self-test did not finish within {SELF_TEST_TIMEOUT} s") from None
        output = result.stdout.decode("utf-8", "replace")
        if show or result.returncode != 0:
            print(output.rstrip())
            errors = result.stderr.decode("utf-8", "replace").strip()
            if result.returncode != 0 and errors:
                print(errors[-3000:])
        if result.returncode != 0:
            raise BuildError(f"{name} --self-test failed (exit {result.returncode})")
    done("passed")


def find_makensis() -> str:
    found = shutil.which("makensis")
    if found:
        return found
    for base in (os.environ.get("PROGRAMFILES(X86)"), os.environ.get("PROGRAMFILES")):
        if base and (Path(base) / "NSIS" / "makensis.exe").is_file():
            return str(Path(base) / "NSIS" / "makensis.exe")
    raise BuildError("makensis not found: install NSIS (Windows: choco install nsis; Debian: apt-get install nsis)")


def compile_installer(payload: Path, outfile: Path, associate: str | None = None, check_only: bool = False) -> Path:
    """makensis with the version from pyproject.toml; warnings are errors (-WX). `check_only` leaves the payload
    uncompressed (LZMA takes minutes on a 200 MB payload; a syntax check does not need it)."""
    done = step(f"makensis {NSIS_SCRIPT.name}")
    outfile.parent.mkdir(parents=True, exist_ok=True)
    v = version()
    # -INPUTCHARSET: on Windows makensis reads a script without a BOM in the ANSI code page, turning 法治台账 into
    # mojibake in the installer's pages, shortcuts and the uninstall entry; on Linux it assumes UTF-8 either way
    command = [find_makensis(), "-INPUTCHARSET", "UTF8", "-V2", "-WX", f"-DVERSION={v}", f"-DVERSION4={version4(v)}",
               f"-DPAYLOAD={payload}", f"-DOUTFILE={outfile}", f"-DICON={ICON}"]
    if associate:
        command.append(f"-DBUNDLE_EXT={associate}")
    if check_only:
        command.append("-DSYNTAX_CHECK")
    result = subprocess.run([*command, str(NSIS_SCRIPT)], check=False)
    if result.returncode != 0 or not outfile.is_file():
        raise BuildError(f"makensis failed (exit {result.returncode}); see its output above")
    done(f"{outfile}  {mb(outfile.stat().st_size)}")
    return outfile


def placeholder_payload(where: Path) -> Path:
    """A tiny stand-in for the one-folder build, shaped like the Windows one, for checking the NSIS script."""
    payload = where / APP
    shutil.rmtree(payload, ignore_errors=True)
    (payload / "_internal").mkdir(parents=True)
    for name in (exe(APP, "windows"), exe("fazhi", "windows")):
        (payload / name).write_bytes(b"placeholder: not a program\n")
    (payload / "_internal" / "README.txt").write_text("placeholder payload for makensis\n", encoding="utf-8")
    return payload


def portable_zip(payload: Path) -> Path:
    """The same folder zipped with the portable marker, to run from a USB stick (data beside the program)."""
    done = step("portable zip")
    target = DIST / f"{APP}-{version()}-portable.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in sorted(payload.rglob("*")):
            if path.is_file():
                archive.write(path, Path(APP) / path.relative_to(payload))
        archive.writestr(f"{APP}/{PORTABLE_MARKER}",
                         "便携模式：数据保存在本文件夹的 data 子文件夹中。删除本文件即改用用户数据目录。\r\n")
    done(f"{target}  {mb(target.stat().st_size)}")
    return target


def host_target() -> str:
    return "windows" if sys.platform == "win32" else "linux" if sys.platform.startswith("linux") else sys.platform


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="installer/build.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("target", choices=("windows", "linux"), help="the platform to build for (this machine's)")
    parser.add_argument("--skip-installer", action="store_true", help="build the payload only (no makensis)")
    parser.add_argument("--skip-self-test", action="store_true", help="do not run the frozen --self-test")
    parser.add_argument("--nsis-only", action="store_true",
                        help="only compile the NSIS script, against a small placeholder payload")
    parser.add_argument("--associate", metavar=".EXT", help="register this file extension for bundles")
    args = parser.parse_args(argv)
    if args.associate and not re.fullmatch(r"\.[A-Za-z0-9]{1,16}", args.associate):
        parser.error(f"--associate wants one extension such as .fzb, not {args.associate!r}")
    started = time.perf_counter()
    try:
        if args.nsis_only:
            placeholder = placeholder_payload(WORK / "nsis-placeholder")
            compile_installer(placeholder, WORK / "nsis-check" / f"{APP}-setup-placeholder.exe", args.associate,
                              check_only=True)
            return 0
        if args.target != host_target():
            raise BuildError(f"PyInstaller cannot cross-compile: build the {args.target} payload on {args.target} "
                             f"(this is {host_target()}); --nsis-only checks the installer script anywhere")
        payload = build_payload(args.target)
        if not args.skip_self_test:
            run_self_test(payload, args.target)
        if args.target == "windows":
            portable_zip(payload)
            if not args.skip_installer:
                compile_installer(payload, DIST / f"{APP}-setup-{version()}.exe", args.associate)
        elif not args.skip_installer:
            # a syntax check against the real file tree; the output is not a usable Windows installer
            compile_installer(payload, WORK / "nsis-check" / f"{APP}-setup-{version()}-LINUX-PAYLOAD.exe",
                              args.associate, check_only=True)
    except BuildError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    print(f"==> done in {time.perf_counter() - started:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
