"""A receipt, enrolment or key file is read only up to 128 MB: a file picked instead (a bundle's 4 GB part, a video
on the stick) was read whole into memory before anything was said, and on a PC of 4 GB that ended the program."""

from __future__ import annotations

import pytest

from fazhi_desktop.core.bundle.common import MAX_TEXT_BYTES, BundleError, read_text


def test_a_huge_file_picked_as_a_receipt_is_refused_without_reading_it_whole(tmp_path):
    path = tmp_path / "fazhi-receipt-640522100-000025.json"
    with path.open("wb") as out:  # sparse: no disk written
        out.truncate(MAX_TEXT_BYTES + 1)
    with pytest.raises(BundleError) as caught:
        read_text(path, signed=True)
    assert str(caught.value).startswith("fazhi-receipt-640522100-000025.json 大于 128 MB，不是这里要的文件")


def test_a_bundle_picked_as_a_key_file_is_still_named_as_one(tmp_path):
    path = tmp_path / "县级公钥.txt"
    path.write_bytes(b"age-encryption.org/v1\n-> X25519 abc\n" + b"\0" * 1000)
    with pytest.raises(BundleError, match="是加密的数据包"):
        read_text(path)
