"""atomic.replacing_together: a rename failing at any point leaves the earlier receipt with its own signature (or,
with none before, no receipt at all), never a receipt beside a signature that does not match it."""
import os

import pytest

from fazhi_desktop.core import atomic
from fazhi_desktop.core.bundle.common import BundleError, write_files_atomic

NAME = "fazhi-receipt-640522100-000012.json"


def _flaky(monkeypatch, failing: int) -> list:
    """os.replace failing at its `failing`-th call (the stick pulled, or the rename refused, just then)."""
    real, calls = os.replace, []

    def flaky(src, dst):
        calls.append(dst)
        if len(calls) == failing:
            raise OSError(5, "Input/output error")
        return real(src, dst)

    monkeypatch.setattr(atomic.os, "replace", flaky)
    return calls


@pytest.mark.parametrize("failing", [1, 2, 3, 4])  # each rename: the two moved aside, then the two renamed in
def test_a_failed_rename_leaves_the_earlier_receipt_with_its_signature(tmp_path, monkeypatch, failing):
    receipt, sig = tmp_path / NAME, tmp_path / f"{NAME}.minisig"
    receipt.write_bytes(b"old receipt")
    sig.write_bytes(b"old signature")
    calls = _flaky(monkeypatch, failing)
    with pytest.raises(BundleError):
        write_files_atomic({receipt: b"new receipt", sig: b"new signature"})
    assert len(calls) >= failing
    # "a failure leaves the earlier pair as it was" (CHANGELOG): the old receipt with its old signature, nothing else
    assert sorted(p.name for p in tmp_path.iterdir()) == [NAME, f"{NAME}.minisig"]
    assert (receipt.read_bytes(), sig.read_bytes()) == (b"old receipt", b"old signature")


@pytest.mark.parametrize("failing", [1, 2])
def test_a_failed_first_write_of_the_pair_leaves_neither(tmp_path, monkeypatch, failing):
    receipt, sig = tmp_path / NAME, tmp_path / f"{NAME}.minisig"
    _flaky(monkeypatch, failing)
    with pytest.raises(BundleError):
        write_files_atomic({receipt: b"new receipt", sig: b"new signature"})
    assert list(tmp_path.iterdir()) == []


def test_the_pair_replaces_the_earlier_one_and_leaves_nothing_aside(tmp_path):
    receipt, sig = tmp_path / NAME, tmp_path / f"{NAME}.minisig"
    receipt.write_bytes(b"old receipt")
    sig.write_bytes(b"old signature")
    write_files_atomic({receipt: b"new receipt", sig: b"new signature"})
    assert sorted(p.name for p in tmp_path.iterdir()) == [NAME, f"{NAME}.minisig"]
    assert (receipt.read_bytes(), sig.read_bytes()) == (b"new receipt", b"new signature")
