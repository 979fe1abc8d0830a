# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""Bundle import under damaged and malicious input: random bytes, truncation, bit flips, duplicated, reordered and
dropped tar entries, huge declared sizes, path tricks, links and devices, and bags re-signed with the township's
real key around bad JSON, forged records and forged change logs. Whatever comes in: never an exception other than
the typed refusal, never a partial import (the county database row-identical and its files unchanged), always a
Chinese message naming the file. Reordering or flipping bytes that do not matter (tar padding, the order of data
files) may be accepted, and then must give exactly what the genuine bundle gives."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import re
import sys
import tarfile

import pytest
from bundle_world import (  # noqa: F401  (fixtures)
    county_template,
    decrypt,
    encrypt_to,
    files_of,
    members,
    pack,
    resign,
    snapshot,
    world,
)
from fuzz_support import count, fuzz_settings, is_chinese
from hypothesis import assume, example, given
from hypothesis import strategies as st
from test_fuzz_validation import NASTY, junk

from fazhi_desktop.core.bundle.apply import ImportReport
from fazhi_desktop.core.ids import canonical_json, sha256_text
from fazhi_desktop.core.store import chain_hash

ACTOR = "杨芳"
TAGS = ("bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt",
        "tagmanifest-sha256.txt.minisig")


@pytest.fixture
def genuine(world, valid_record, tmp_path):
    """A township with a few records of several ledgers and an attachment, its first bundle, the bundle's tar."""
    from fazhi_desktop.core.attachments import add_attachment

    town = world.town()
    scan = tmp_path / "扫描件.txt"
    scan.write_bytes(b"scan " * 100)
    entry = add_attachment(town.store, scan)
    for ledger in ("meeting", "mediation_case", "complaint"):
        town.store.save(ledger, valid_record(ledger), ACTOR)
    town.store.save("law_study", {**valid_record("law_study"), "attachments": [entry]}, ACTOR)
    path = world.export(town).path
    tar_bytes = decrypt(path, world.keys.identity)
    expected = world.import_(path, dry_run=True)
    assert expected.ok, expected.error
    return town, path, tar_bytes, expected


class Probe:
    """Imports a candidate and checks the promises: refused cleanly, or accepted exactly like the genuine bundle."""

    def __init__(self, world, genuine, tmp_path):
        self.world, self.tmp = world, tmp_path
        self.town, self.path, self.tar, self.expected = genuine
        self.before = snapshot(world.county)

    def file(self, data: bytes, name: str = "fazhi-640522100-000001.tar.age"):
        target = self.tmp / name
        target.write_bytes(data)
        return target

    def sealed(self, tar_bytes: bytes):
        return encrypt_to(tar_bytes, self.world.public.recipient, self.tmp / "fazhi-640522100-000001.tar.age")

    def refused(self, path, kind: str) -> str:
        """The candidate must be refused, with nothing changed."""
        conn = self.world.county.conn
        changes = conn.total_changes
        report = self.world.import_(path)
        assert isinstance(report, ImportReport)
        assert not report.ok, f"{kind}: a tampered bundle was accepted"
        self._clean_refusal(report, path, kind)
        assert conn.total_changes == changes, f"{kind}: the county database was written"
        assert snapshot(self.world.county) == self.before, f"{kind}: partial import"
        assert not list(self.world.root.glob(".fazhi-import-*")), f"{kind}: work folder left behind"
        count(f"bundle-{kind}", refused=True)
        return report.error

    def refused_or_same(self, path, kind: str) -> None:
        """Harmless changes may pass (a dry run: then the outcome is the genuine bundle's); all else is refused."""
        report = self.world.import_(path, dry_run=True)
        if report.ok:
            assert (report.new, report.updated, report.unchanged, report.people, report.attachments) == (
                self.expected.new, self.expected.updated, self.expected.unchanged, self.expected.people,
                self.expected.attachments), f"{kind}: accepted with a different outcome"
            count(f"bundle-{kind}")
        else:
            self._clean_refusal(report, path, kind)
            count(f"bundle-{kind}", refused=True)
        assert snapshot(self.world.county) == self.before, f"{kind}: the county database changed"

    @staticmethod
    def _clean_refusal(report: ImportReport, path, kind: str) -> None:
        assert report.error and is_chinese(report.error), f"{kind}: unclear message {report.error!r}"
        assert path.name in report.lines()[0], f"{kind}: the report names no file"
        assert "Traceback" not in report.error


@pytest.fixture
def probe(world, genuine, tmp_path):
    return Probe(world, genuine, tmp_path)


# -- the encrypted file ------------------------------------------------------------------------------------------------


@fuzz_settings(30)
@given(data=st.binary(max_size=4096) | st.binary(max_size=64).map(lambda b: b"age-encryption.org/v1\n" + b))
def test_fuzz_random_bytes_are_refused(probe, data):
    probe.refused(probe.file(data), "random-bytes")


@fuzz_settings(30)
@given(cut=st.floats(0, 1, exclude_max=True))
def test_fuzz_a_truncated_bundle_is_refused(probe, cut):
    data = probe.path.read_bytes()
    probe.refused(probe.file(data[: int(len(data) * cut)]), "truncated")


@fuzz_settings(30)
@given(flips=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(1, 255)), min_size=1, max_size=4))
def test_fuzz_flipped_bits_in_the_encrypted_file_are_refused(probe, flips):
    original = probe.path.read_bytes()
    data = bytearray(original)
    for where, mask in flips:
        data[int(where * len(data))] ^= mask
    assume(bytes(data) != original)  # two flips of the same bits cancel out
    probe.refused(probe.file(bytes(data)), "bit-flips")


# -- the tar inside (re-encrypted to the county, not re-signed) --------------------------------------------------------


@fuzz_settings(30)
@given(data=st.data())
def test_fuzz_duplicated_or_dropped_entries_are_refused(probe, data):
    entries = members(probe.tar)
    files = [i for i, (info, _) in enumerate(entries) if info.isreg()]
    index = data.draw(st.sampled_from(files))
    if data.draw(st.booleans()):
        entries.insert(data.draw(st.integers(0, len(entries))), entries[index])
        kind = "duplicated-entry"
    else:
        del entries[index]
        kind = "dropped-entry"
    probe.refused(probe.sealed(pack(entries)), kind)


@fuzz_settings(30)
@given(order=st.randoms(use_true_random=False))
def test_fuzz_reordered_entries_are_refused_unless_only_data_files_moved(probe, order):
    entries = members(probe.tar)
    order.shuffle(entries)
    probe.refused_or_same(probe.sealed(pack(entries)), "reordered")


@fuzz_settings(30)
@given(flips=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(1, 255)), min_size=1, max_size=3))
def test_fuzz_flipped_bytes_in_the_tar_are_refused_or_harmless(probe, flips):
    data = bytearray(probe.tar)
    for where, mask in flips:
        data[int(where * len(data))] ^= mask
    probe.refused_or_same(probe.sealed(bytes(data)), "tar-bytes")


def _with_size(tar_bytes: bytes, index: int, size: int) -> bytes:
    """The tar with entry `index` claiming `size` bytes in its header (octal or GNU base-256), checksum fixed."""
    data = bytearray(tar_bytes)
    offset = 0
    for position, (info, _) in enumerate(members(tar_bytes)):
        if position == index:
            break
        offset = info.offset_data + (-(-info.size // 512)) * 512
    field = f"{size:011o}\0".encode() if size < 8**11 else bytes([0x80]) + size.to_bytes(11, "big")  # GNU base-256
    data[offset + 124 : offset + 136] = field
    data[offset + 148 : offset + 156] = b" " * 8
    checksum = sum(data[offset : offset + 512])
    data[offset + 148 : offset + 156] = f"{checksum:06o}\0 ".encode()
    return bytes(data)


@fuzz_settings(25)
@given(data=st.data())
def test_fuzz_huge_declared_sizes_are_refused_before_reading(probe, data):
    entries = members(probe.tar)
    files = [i for i, (info, _) in enumerate(entries) if info.isreg()]
    index = data.draw(st.sampled_from(files))
    size = data.draw(st.sampled_from([entries[index][0].size + 1, 10**6, 2**31, 2**33, 2**40, 8**11 - 1, 2**62]))
    probe.refused(probe.sealed(_with_size(probe.tar, index, size)), "huge-size")


def pack_any(entries) -> bytes:
    """Like bundle_world.pack, in the PAX format, so that names longer than ustar allows can be written too."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for info, data in entries:
            if data is not None:
                info.size = len(data)
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
    return buffer.getvalue()


ROOT = "fazhi-640522100-000001"
EVIL_NAMES = ["../evil", "/etc/passwd", f"{ROOT}/../../evil", f"{ROOT}/data/../../evil", f"{ROOT}\\..\\evil",
              f"{ROOT}/data/..\\evil", f"{ROOT}/./bagit.txt", f"{ROOT}//bagit.txt", f"{ROOT}/data/ledgers/../x.jsonl",
              f"{ROOT}/data/attachments/{'a' * 64}/x", f"{ROOT}/data/ledgers/EVIL.jsonl", f"{ROOT}/data/附件",
              "fazhi-640522100-000002/bagit.txt", f"{ROOT}/data/{'x' * 300}", f"{ROOT}/data/ledgers/meeting.jsonl/",
              "C:\\Windows\\evil", f"{ROOT}/data/\u202eevil", f"{ROOT}/data/.hidden", ".", ""]


@fuzz_settings(40)
@given(name=st.sampled_from(EVIL_NAMES) | st.text(min_size=1, max_size=40).map(lambda t: f"{ROOT}/data/{t}"),
       kind=st.sampled_from([tarfile.REGTYPE, tarfile.DIRTYPE, tarfile.SYMTYPE, tarfile.LNKTYPE, tarfile.CHRTYPE,
                             tarfile.FIFOTYPE, tarfile.CONTTYPE]),
       where=st.floats(0, 1), replace=st.booleans())
def test_fuzz_path_tricks_links_and_devices_are_refused(probe, name, kind, where, replace):
    entries = members(probe.tar)
    evil = tarfile.TarInfo(name)
    evil.type, evil.mode = kind, 0o644
    if kind in (tarfile.SYMTYPE, tarfile.LNKTYPE):
        evil.linkname = f"{ROOT}/bagit.txt" if replace else "/etc/passwd"
    payload = b"owned" if kind in (tarfile.REGTYPE, tarfile.CONTTYPE) else None
    position = int(where * len(entries))
    if replace and entries and kind == tarfile.REGTYPE:
        entries[min(position, len(entries) - 1)] = (evil, payload)
    else:
        entries.insert(position, (evil, payload))
    probe.refused_or_same(probe.sealed(pack_any(entries)), "path-trick")
    assert not list(probe.world.root.parent.rglob("evil")), "a file was written outside the work folder"


# -- re-signed with the township's key: the contents must stand on their own -----------------------------------------


def _forged_record(tar_bytes: bytes, ledger: str, change, escaped: bool = False) -> dict[str, bytes]:
    """Files that make a consistent, re-signable bag in which one record of `ledger` was changed by `change`
    (content hash, change log and bag-info recomputed): what a holder of the township's key could produce.
    `escaped`: the lines written with \\u escapes and the hash taken of what they say, so that text no UTF-8 holds
    (a lone surrogate) reaches the county's checks instead of failing as the file is decoded."""
    files = files_of(tar_bytes)
    path = f"data/ledgers/{ledger}.jsonl"
    lines = [json.loads(line) for line in files[path].decode().splitlines()]
    line = lines[0]
    change(line)
    if isinstance(line.get("content"), dict):
        with contextlib.suppress(TypeError, ValueError, UnicodeEncodeError, RecursionError):
            text = canonical_json(line["content"])
            line["content_hash"] = (hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest() if escaped
                                    else sha256_text(text))
    changes = [json.loads(entry) for entry in files["data/changes.jsonl"].decode().splitlines()]
    prev = None
    for entry in changes:
        if isinstance(line.get("content"), dict) and entry["record_id"] == line["content"].get("id"):
            entry["content_hash"] = line.get("content_hash")
        if prev is not None:
            entry["prev_hash"] = prev
        entry["entry_hash"] = prev = chain_hash(entry)
    info = re.sub(rb"Fazhi-Last-Entry-Hash: [0-9a-f]+", f"Fazhi-Last-Entry-Hash: {prev}".encode(),
                  files["bag-info.txt"])

    def dumps(obj) -> str:
        limit = sys.get_int_max_str_digits()
        sys.set_int_max_str_digits(0)  # a forger writes numbers of any length
        try:
            return json.dumps(obj, ensure_ascii=escaped, allow_nan=True, default=repr)
        finally:
            sys.set_int_max_str_digits(limit)

    return {path: "".join(dumps(x) + "\n" for x in lines).encode("utf-8", "surrogatepass"),
            "data/changes.jsonl": "".join(dumps(e) + "\n" for e in changes).encode(), "bag-info.txt": info}


VALUE_KEYS = ("title", "meeting_type", "held_on", "office_head_attendance", "attendees", "linked_meeting")
CONTENT_KEYS = ("ledger", "id", "township", "number", "revision", "status", "deleted", "remarks", "values")


@fuzz_settings(40)
@given(data=st.data())
def test_fuzz_forged_records_signed_with_the_township_key_are_refused_or_valid(probe, data):
    """A key holder may send any values: the county accepts only what its own validation accepts unchanged."""
    value = data.draw(st.sampled_from(NASTY) | junk)
    target = data.draw(st.sampled_from([("values", k) for k in VALUE_KEYS] + [("content", k) for k in CONTENT_KEYS]
                                       + [("meta", "created_at"), ("line", "content"), ("line", "extra")]))

    def change(line: dict) -> None:
        where, key = target
        holder = line["content"]["values"] if where == "values" else line.get(where, line)
        holder[key] = value

    files = _forged_record(probe.tar, "meeting", change)
    probe.refused_or_same(probe.sealed(resign(probe.tar, probe.town.signer, files)), "forged-record")


#: whole numbers around SQLite's limits (signed 64-bit): past them, storing one stopped the import with an
#: OverflowError
EDGE_INTEGERS = [2**63 - 1, 2**63, -(2**63), -(2**63) - 1, 2**70, -(10**30)]
#: 学法活动 has a field of every type a form has (whole number, decimal, yes/no, people, attachments…)
LAW_STUDY_KEYS = ("activity_type", "topic", "held_on", "start_time", "duration_minutes", "host", "participants",
                  "speaker_is_principal_leader", "absentees", "exam_takers", "average_score", "attachments",
                  "remarks", "number")


@fuzz_settings(40)
@given(key=st.sampled_from(LAW_STUDY_KEYS), value=st.sampled_from(NASTY + EDGE_INTEGERS) | junk | st.integers(),
       escaped=st.booleans())
@example(key="exam_takers", value=2**70, escaped=False)
@example(key="topic", value="\ud800", escaped=True)
@example(key="participants", value=["\ud800"], escaped=True)
@example(key="remarks", value="a\udfffb", escaped=True)
@example(key="number", value="\ud800", escaped=True)
def test_fuzz_a_deleted_record_with_a_bad_value_is_refused_or_stored(probe, key, value, escaped):
    """A deleted record is checked only for what storing it needs (core/bundle/values.py), which changing one key at
    a time never reached with a bad value: deleted together with one, the import refuses it in Chinese, naming the
    file, or takes it; never a traceback (2**70 stopped it with an OverflowError), nothing written when refused.
    `escaped`: a lone surrogate written as \\ud800, which the file's decoding lets through."""

    def change(line: dict) -> None:
        line["content"]["deleted"] = True
        holder = line["content"] if key in ("remarks", "number") else line["content"]["values"]
        holder[key] = value

    files = _forged_record(probe.tar, "law_study", change, escaped)
    path = probe.sealed(resign(probe.tar, probe.town.signer, files))
    report = probe.world.import_(path, dry_run=True)  # writes everything, then rolls it back
    if not report.ok:
        Probe._clean_refusal(report, path, "deleted-record")
    count("bundle-deleted-record", refused=not report.ok)
    assert snapshot(probe.world.county) == probe.before


BAD_JSON = [b"", b"\n", b"{", b"[]\n", b"null\n", b'{"seq": 1}\n', b"\xff\xfe\n", b"[" * 5000 + b"\n",
            b'{"a": ' * 3000 + b"\n", b"9" * 6000 + b"\n", b'{"seq": 1e999}\n', b'"\\ud800"\n', b"NaN\n",
            b'{"seq": 1, "seq": 2}\n', b"{}\n" * 1000, b'{"x": "' + b"y" * 100_000 + b'"}\n']


@fuzz_settings(40)
@given(target=st.sampled_from(["data/changes.jsonl", "data/roster.jsonl", "data/ledgers/meeting.jsonl",
                               "data/ledgers/law_study.jsonl", "data/ledgers/no_such_ledger.jsonl"]),
       content=st.sampled_from(BAD_JSON) | st.binary(max_size=300),
       keep=st.booleans())
def test_fuzz_bad_json_in_a_re_signed_bag_is_refused(probe, target, content, keep):
    original = files_of(probe.tar).get(target)
    changed = (original or b"") + content if keep else content
    assume(changed != original)
    probe.refused(probe.sealed(resign(probe.tar, probe.town.signer, {target: changed})), "bad-json")


BAD_INFO = [b"Fazhi-Sequence: 99999999999999999999999", b"Fazhi-Sequence: -1", b"Fazhi-Sequence: \xff",
            b"Fazhi-Changes-Through: 1e9", b"Fazhi-Form-Versions: meeting", b"Fazhi-Form-Versions: meeting=99",
            b"Fazhi-Township: 640522999", b"External-Identifier: ../../x", b"Fazhi-Full: maybe", b"Payload-Oxum: 1.1",
            b"Fazhi-Previous-Bundle-Hash: " + b"0" * 64, b"Fazhi-Last-Entry-Hash: zz", b"  folded continuation",
            b"Fazhi-Year-Log: []", b'Fazhi-Year-Log: [{"n":1}]', b"Fazhi-Year-Log: " + b"[" * 5000,
            b'Fazhi-Year-Log: [{"n":1,"year":2026,"op":"close","at":"2027-01-15T02:00:00Z"}]']


@fuzz_settings(30)
@given(line=st.sampled_from(BAD_INFO) | st.binary(max_size=80), replace=st.booleans())
def test_fuzz_bad_bag_info_in_a_re_signed_bag_is_refused(probe, line, replace):
    info = files_of(probe.tar)["bag-info.txt"]
    label = line.split(b":", 1)[0]
    if replace and re.search(re.escape(label) + rb":.*\n", info):
        info = re.sub(re.escape(label) + rb":.*\n", lambda _: line + b"\n", info, count=1)
    else:
        info = info + line + b"\n"
    probe.refused_or_same(probe.sealed(resign(probe.tar, probe.town.signer, {"bag-info.txt": info})), "bag-info")


@fuzz_settings(20)
@given(name=st.sampled_from(["data/../escape", "data/ledgers/../../x", "data/attachments/" + "0" * 64,
                             "data/attachments/short", "data/extra.jsonl", "bagit.txt.bak",
                             "data/ledgers/Meeting.jsonl"]),
       content=st.binary(max_size=64))
def test_fuzz_extra_files_in_a_re_signed_bag_are_refused(probe, name, content):
    probe.refused(probe.sealed(resign(probe.tar, probe.town.signer, {name: content})), "extra-file")


def test_the_genuine_bundle_still_imports_after_all_that(world, genuine):
    _, path, _, expected = genuine
    report = world.import_(path)
    assert report.ok and report.new == expected.new
    assert hashlib.sha256(path.read_bytes()).hexdigest()  # the file itself was never touched
