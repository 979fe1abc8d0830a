"""Robustness tests: crash trials, storage failures, fuzzing. At the end of a run that included fuzz tests, one
line gives the figures the README quotes (cases run, tampered inputs refused, failures)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # fuzz_support, crash_harness, whatever pytest's import mode

from fuzz_support import LONG, TALLY


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if not any(key.startswith("cases:") for key in TALLY):
        return
    failed = [r for r in terminalreporter.stats.get("failed", []) if "robustness" in r.nodeid and "fuzz" in r.nodeid]
    kinds = sorted({key.split(":", 1)[1] for key in TALLY})
    cases = sum(v for k, v in TALLY.items() if k.startswith("cases:"))
    refused = sum(v for k, v in TALLY.items() if k.startswith("refused:"))
    detail = ", ".join(f"{kind} {TALLY['cases:' + kind]}" + (f" (refused {TALLY['refused:' + kind]})"
                                                            if TALLY["refused:" + kind] else "") for kind in kinds)
    terminalreporter.write_line(f"fuzz{' (long)' if LONG else ''}: {cases} cases run, {refused} tampered inputs "
                                f"refused, {len(failed)} failing fuzz tests — {detail}")
