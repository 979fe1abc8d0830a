"""The core (forms, validation, store, search) must run without Qt: the CLI and the county tools use it headless."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import importlib, json, pkgutil, sys
{before}
import fazhi_desktop.core as core
imported = []
for module in pkgutil.walk_packages(core.__path__, core.__name__ + "."):
    importlib.import_module(module.name)
    imported.append(module.name)
qt = sorted(name for name in sys.modules if name.startswith("PySide6"))
print(json.dumps({{"imported": imported, "qt": qt}}))
"""


def run_probe(before: str = "") -> dict:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(before=before)], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_importing_every_core_module_does_not_load_qt():
    report = run_probe()
    assert {"fazhi_desktop.core.forms", "fazhi_desktop.core.validate", "fazhi_desktop.core.store",
            "fazhi_desktop.core.search", "fazhi_desktop.core.db", "fazhi_desktop.core.setup"} <= set(report["imported"])
    assert report["qt"] == []


def test_the_probe_would_notice_qt():
    report = run_probe(before="import PySide6.QtCore")
    assert "PySide6.QtCore" in report["qt"]
