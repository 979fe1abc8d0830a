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


def test_a_folder_of_the_files_name_is_left_where_it_is_and_said_to_be_a_folder(tmp_path):
    """A folder where the file goes (`fazhi keys enrolment -o E:\\` naming the stick's folder): the earlier file was
    moved aside before the new one went in, and a folder of that name too would have been moved, had the system
    allowed it; the rename refused said 不是文件夹（已有同名的文件） instead of the folder it is."""
    folder = tmp_path / "usb"
    folder.mkdir()
    (folder / "kept.txt").write_text("the clerk's file")
    with pytest.raises(BundleError, match="是一个文件夹，不是文件"):
        write_files_atomic({folder: b"new"})
    assert (folder / "kept.txt").read_text() == "the clerk's file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["usb"]
