"""Crash safety: a writer killed with SIGKILL at random moments loses nothing it reported committed, and the
database passes `check_database` after every kill (crash_harness.py). The ordinary run kills 15 times; the long
run is `.venv/bin/python tests/robustness/crash_harness.py --trials 250` (or FAZHI_CRASH_TRIALS=250 here)."""

from __future__ import annotations

import os
import signal

import pytest
from crash_harness import run_trials

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")


def _assert_nothing_lost(summary) -> None:
    print(summary.text())
    assert summary.child_errors == 0, summary.problems
    assert summary.records_lost == 0, summary.problems
    assert summary.check_failures == 0, summary.problems
    assert summary.search_mismatches == 0 and summary.attachment_problems == 0, summary.problems
    assert summary.backup_problems == 0, summary.problems


def test_writers_killed_at_random_moments_lose_nothing_committed(tmp_path):
    trials = int(os.environ.get("FAZHI_CRASH_TRIALS", "15"))
    summary = run_trials(trials, tmp_path, seed=int(os.environ.get("FAZHI_CRASH_SEED", "20260601")),
                         per_database=8, max_delay=0.9)
    _assert_nothing_lost(summary)
    assert summary.trials == trials
    assert summary.kills_while_writing >= trials // 2  # most kills land in the middle of the writing
    assert summary.commits_logged > 10 * trials
