"""Cold start of the whole program to a shown, painted main window, against a bare PySide6 QMainWindow process.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/gui_startup.py [--repeat 7]

Each start is a new process (`python -m fazhi_desktop.qt.app --db X --quit-after-show`), timed from launch to the
moment its window is painted (the process prints the wall-clock time then; launch to exit is reported too);
the baseline process imports PySide6, shows a QMainWindow with one Chinese label and exits once it is painted.
Runs alternate, so both meet the same machine. Target: the program's median at most 1.5x the baseline's.

The program shows its main window first (at its remembered size and place, saying which database it is opening)
and fills it once the database is open (qt/main_window.py): "to shown" is that window painted, "to records" the
filled window with the ledger's first records painted. Both are printed and kept; the target is read on the first.
The database is the 100-record one of bench/gui_open_ledger.py; a 100,000-record start is reported alongside.
Results are printed and appended to bench/results/gui_startup.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gui_open_ledger import SMALL, ensure_database

RESULTS = Path(__file__).resolve().parent / "results" / "gui_startup.json"
BARE = """
import sys
from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QLabel("法治台账"))
window.resize(1180, 720)
window.show()
while window.windowHandle() is None or not window.windowHandle().isExposed():
    app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
app.processEvents()
import time
print(f"shown_at={time.time():.6f} listed_at={time.time():.6f}", flush=True)
"""


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """(launch to painted window, launch to the first records painted, launch to process exit), in ms.

    The program shows its window first and reads the list just after (the bare window has no list: both times
    are its one paint)."""
    launched, started = time.time(), time.perf_counter()
    out = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    exited = time.perf_counter() - started
    shown_at = float(out.split("shown_at=")[1].split()[0])
    listed_at = float(out.split("listed_at=")[1].split()[0])
    return (shown_at - launched) * 1000, (listed_at - launched) * 1000, exited * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--large", type=int, default=100_000)
    args = parser.parse_args()
    small_db, large_db = ensure_database(SMALL), ensure_database(args.large)
    with tempfile.TemporaryDirectory() as config:
        # the program's QSettings go to a throw-away place: no remembered page or geometry, nothing of the user's
        env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               "XDG_CONFIG_HOME": config, "XDG_DATA_HOME": config}
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed program has its .pyc files; so should the runs
        app = [sys.executable, "-m", "fazhi_desktop.qt.app", "--quit-after-show", "--db"]
        commands = {
            "bare PySide6 QMainWindow": [sys.executable, "-c", BARE],
            f"fazhi-desktop, {SMALL} records": [*app, str(small_db)],
            f"fazhi-desktop, {args.large:,} records": [*app, str(large_db)],
        }
        for command in commands.values():  # warm the OS file cache once; every measured start is then alike
            timed(command, env)
        shown: dict[str, list[float]] = {name: [] for name in commands}
        listed: dict[str, list[float]] = {name: [] for name in commands}
        whole: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.repeat):
            for name, command in commands.items():
                to_shown, to_listed, to_exit = timed(command, env)
                shown[name].append(to_shown)
                listed[name].append(to_listed)
                whole[name].append(to_exit)
    medians = {name: statistics.median(values) for name, values in shown.items()}
    listed_medians = {name: statistics.median(values) for name, values in listed.items()}
    whole_medians = {name: statistics.median(values) for name, values in whole.items()}
    baseline = medians["bare PySide6 QMainWindow"]
    print(f"{'process':<32} {'to shown ms':>11} {'min':>5} {'max':>5} {'vs bare':>8} {'to records ms':>13}"
          f" {'vs bare':>8} {'to exit ms':>11}")
    for name, values in shown.items():
        print(f"{name:<32} {medians[name]:>11.0f} {min(values):>5.0f} {max(values):>5.0f}"
              f" {medians[name] / baseline:>7.2f}x {listed_medians[name]:>13.0f}"
              f" {listed_medians[name] / baseline:>7.2f}x {whole_medians[name]:>11.0f}")
    ratio = medians[f"fazhi-desktop, {SMALL} records"] / baseline
    listed_ratio = listed_medians[f"fazhi-desktop, {SMALL} records"] / baseline
    print(f"medians of {args.repeat} runs: launch to painted main window, program / bare = {ratio:.2f}x "
          f"(target <= 1.5x); to its first records painted = {listed_ratio:.2f}x")
    record = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"), "machine": platform.platform(), "python": platform.python_version(),
        "repeat": args.repeat, "median_shown_ms": medians, "median_listed_ms": listed_medians,
        "median_exit_ms": whole_medians, "runs_shown_ms": shown, "ratio": ratio, "listed_ratio": listed_ratio,
        "met": ratio <= 1.5,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    history = json.loads(RESULTS.read_text()) if RESULTS.exists() else []
    RESULTS.write_text(json.dumps([*history, record], ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
