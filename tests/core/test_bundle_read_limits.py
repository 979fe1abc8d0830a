# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A crafted bundle must not hold the county's import up. Anyone with the county's public key (every township has
it) could make 只核验 and 导入 parse a 30,000-line bag-info for a minute, unsigned, before the ordinary refusal; a
township's key holder could make them parse one record line repeated 250,000 times (47 s, 1 GB) before 出现了两次;
and 取消 could not act while a bundle's records were read. Each is now refused at once, or stops at 取消."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile

import pytest
from bundle_world import (
    county_template,  # noqa: F401  (fixture)
    encrypt_to,
    files_of,
    members,
    resign,
    small,  # noqa: F401  (fixture)
    snapshot,
    world,  # noqa: F401  (fixture)
)

from fazhi_desktop.core.bundle import bag, minisign, records
from fazhi_desktop.core.bundle.apply import import_bundles
from fazhi_desktop.core.bundle.common import SIGNATURE_NAME
from fazhi_desktop.core.ids import canonical_json, sha256_text
from fazhi_desktop.core.jobs import CancelToken

MEETINGS = "data/ledgers/meeting.jsonl"


@pytest.fixture
def sent(small):
    """The township's first bundle, one meeting in it, decrypted: (town, tar bytes, file name)."""
    town, path, tar_bytes = small
    return town, tar_bytes, path.name


def refused(world, tar_bytes: bytes, folder, name: str) -> str:
    before = snapshot(world.county)
    report = world.import_(encrypt_to(tar_bytes, world.public.recipient, folder / name))
    assert not report.ok and snapshot(world.county) == before
    return report.error


def stranger_signed(tar_bytes: bytes, info: bytes) -> bytes:
    """The bag with `info` as its bag-info, signed by a key no county enrolled: what anyone can make."""
    files = {**files_of(tar_bytes), bag.BAG_INFO: info}
    files[bag.TAG_MANIFEST] = bag.manifest_text({n: hashlib.sha256(files[n]).hexdigest() for n in bag.TAG_FILES})
    files[SIGNATURE_NAME] = minisign.SecretKey.generate().sign(files[bag.TAG_MANIFEST], "x", "y").encode()
    root = members(tar_bytes)[0][0].name.split("/")[0]
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for rel in (*bag.TAG_FILES, bag.TAG_MANIFEST, SIGNATURE_NAME):  # tag files only: refused before the rest
            entry = tarfile.TarInfo(f"{root}/{rel}")
            entry.size = len(files[rel])
            tar.addfile(entry, io.BytesIO(files[rel]))
    return buffer.getvalue()


def extra_labels(info: bytes, count: int, width: int = 1) -> bytes:
    return info + b"".join(f"X{i}: {'x' * width}\n".encode() for i in range(count))


def test_a_strangers_large_bag_info_is_refused_by_its_size_before_it_is_read(world, sent, tmp_path):
    _, tar_bytes, name = sent
    info = extra_labels(files_of(tar_bytes)[bag.BAG_INFO], 3000, width=90)  # 290 KB; 30,000 lines held it a minute
    message = refused(world, stranger_signed(tar_bytes, info), tmp_path, name)
    assert "“bag-info.txt”太大" in message and "上限 262144 字节" in message


def test_a_strangers_bag_info_is_not_parsed_for_the_advice(world, sent, tmp_path, monkeypatch):
    """The advice on an unknown key names the township from bag-info's first lines: nothing unsigned is parsed."""
    _, tar_bytes, name = sent
    parsed = []
    real = bag.BagInfo.parse.__func__
    monkeypatch.setattr(bag.BagInfo, "parse", classmethod(lambda cls, data: parsed.append(data) or real(cls, data)))
    message = refused(world, stranger_signed(tar_bytes, extra_labels(files_of(tar_bytes)[bag.BAG_INFO], 150)),
                      tmp_path, name)
    assert "未在本县登记" in message and "数据包自称来自" in message and "（640522100）" in message
    assert parsed == []


def test_a_signed_bag_info_of_more_lines_than_the_program_writes_is_refused(world, sent, tmp_path):
    town, tar_bytes, name = sent
    info = extra_labels(files_of(tar_bytes)[bag.BAG_INFO], 200)
    message = refused(world, resign(tar_bytes, town.signer, {bag.BAG_INFO: info}), tmp_path, name)
    assert "bag-info.txt 超过 200 行" in message


def test_bag_info_parse_refuses_a_repeated_label_and_too_many_lines():
    with pytest.raises(bag.BundleError, match="第 2 行：“A”重复"):
        bag.BagInfo.parse(b"A: 1\nA: 2\n")
    with pytest.raises(bag.BundleError, match="超过 200 行"):
        bag.BagInfo.parse(extra_labels(b"", 201))
    assert len(bag.BagInfo.parse(extra_labels(b"", 200)).fields) == 200


def _another_record(line: bytes) -> bytes:
    obj = json.loads(line)
    obj["content"]["id"] = "01a22002-9761-70e6-9f73-000000000001"
    obj["content_hash"] = sha256_text(canonical_json(obj["content"]))
    return canonical_json(obj).encode() + b"\n"


@pytest.mark.parametrize("lines, reason", [
    # a record line 2,000 times (249,687 times, 200 MB, took 47 s and 1 GB before 出现了两次)
    (lambda line: line * 2000, "第 2 行：记录 {id} 出现了两次"),
    (lambda line: line + _another_record(line), "第 2 行：记录 〔2026〕会记字第1号 在变更日志中没有对应条目"),
], ids=["repeated", "not in the change log"])
def test_a_record_line_is_refused_as_it_is_read(world, sent, tmp_path, lines, reason):
    town, tar_bytes, name = sent
    line = files_of(tar_bytes)[MEETINGS]
    message = refused(world, resign(tar_bytes, town.signer, {MEETINGS: lines(line)}), tmp_path, name)
    assert f"{MEETINGS} {reason.format(id=json.loads(line)['content']['id'])}" in message


def test_cancel_stops_the_reading_of_the_records(world, sent, tmp_path, monkeypatch):
    _, tar_bytes, name = sent
    path = encrypt_to(tar_bytes, world.public.recipient, tmp_path / name)
    monkeypatch.setattr(records._Pace, "PACE", 1)  # a report every line, as every 500 in a large bundle
    token = CancelToken()

    def report(done: int, total: int, text: str) -> None:
        if "中的记录" in text:  # 取消 pressed while the records are read
            token.cancel()

    before = snapshot(world.county)
    [result] = import_bundles(world.county, [path], world.keys, "马县级", progress=token.progress(report))
    assert result.cancelled and result.error == "已取消，未导入"
    assert snapshot(world.county) == before
