"""Robustness tests: crash trials, storage failures, fuzzing. At the end of a run that included fuzz tests, lines
give the figures the README quotes: cases run, inputs refused, harmless changes accepted, failing fuzz tests."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # fuzz_support, crash_harness, whatever pytest's import mode

from fuzz_support import LONG, TALLY

GROUPS = {"validation": "form validation (random and malformed values; refused = problems named per field)",
          "bundle": "bundle import (damaged and malicious bundles; refused = tampered input refused)",
          "backup": "restore (damaged and malicious backups; refused = tampered input refused)",
          "excel": "Excel import (damaged workbooks and strange cells; refused = refused or problems named)"}


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if not any(key.startswith("cases:") for key in TALLY):
        return
    failed = [r for r in terminalreporter.stats.get("failed", []) if "robustness" in r.nodeid and "fuzz" in r.nodeid]
    terminalreporter.write_line(f"fuzz{' (long run)' if LONG else ''}: {len(failed)} failing fuzz tests")
    for group, label in GROUPS.items():
        cases = sum(v for k, v in TALLY.items() if k.startswith(f"cases:{group}"))
        refused = sum(v for k, v in TALLY.items() if k.startswith(f"refused:{group}"))
        if cases:
            terminalreporter.write_line(f"  {label}: {cases} cases, {refused} refused, {cases - refused} accepted")
