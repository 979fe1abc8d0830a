# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A record's id is the county's name for it. A township's key holder who sends a record under the id of another
township's record (or of a record in another ledger) is refused at verification, naming the line and whose record
the id is; the county database is unchanged and the other township's record stays as it was."""

from __future__ import annotations

import json
import re

import pytest
from bundle_world import (  # noqa: F401  (fixtures)
    ACTOR,
    county_template,
    decrypt,
    encrypt_to,
    files_of,
    resign,
    snapshot,
    world,
)

from fazhi_desktop.core.bundle import records
from fazhi_desktop.core.bundle.conflicts import TAKE_INCOMING, list_conflicts, resolve_conflict
from fazhi_desktop.core.errors import Conflict
from fazhi_desktop.core.ids import canonical_json, sha256_text
from fazhi_desktop.core.store import chain_hash

HAICHENG, LIWANG = "640522100", "640522101"


def under_id(tar_bytes: bytes, ledger: str, record_id: str) -> dict[str, bytes]:
    """The bag's one `ledger` record given `record_id`, made consistent again (content hash, change log, bag-info):
    what a holder of the township's key can sign."""
    files = files_of(tar_bytes)
    path = f"data/ledgers/{ledger}.jsonl"
    [line] = [json.loads(text) for text in files[path].splitlines()]
    old = line["content"]["id"]
    line["content"]["id"] = record_id
    line["content_hash"] = sha256_text(canonical_json(line["content"]))
    entries = [json.loads(text) for text in files["data/changes.jsonl"].splitlines()]
    prev = None
    for entry in entries:
        if entry["record_id"] == old:
            entry["record_id"], entry["content_hash"] = record_id, line["content_hash"]
        if prev is not None:
            entry["prev_hash"] = prev
        entry["entry_hash"] = prev = chain_hash(entry)
    info = re.sub(rb"Fazhi-Last-Entry-Hash: \w+", f"Fazhi-Last-Entry-Hash: {prev}".encode(), files["bag-info.txt"])
    return {path: (canonical_json(line) + "\n").encode(), "bag-info.txt": info,
            "data/changes.jsonl": b"".join(canonical_json(e).encode() + b"\n" for e in entries)}


@pytest.fixture
def liwang_case(world, valid_record):
    """李旺镇's meeting and mediation case, imported at the county."""
    liwang = world.town(LIWANG)
    meeting = liwang.store.save("meeting", valid_record("meeting", title="李旺镇党委会"), "李")
    case = liwang.store.save("mediation_case", valid_record("mediation_case"), "李")
    assert world.import_(world.export(liwang).path).new == 2
    return meeting, case


def forged(world, tmp_path, ledger: str, record_id: str, valid_record):
    """海城镇's bundle whose one `ledger` record carries `record_id`."""
    haicheng = world.town(HAICHENG)
    haicheng.store.save(ledger, valid_record(ledger, **({"title": "伪造的会议"} if ledger == "meeting" else {})),
                        ACTOR)
    path = world.export(haicheng).path
    tar_bytes = decrypt(path, world.keys.identity)
    signed = resign(tar_bytes, haicheng.signer, under_id(tar_bytes, ledger, record_id))
    return encrypt_to(signed, world.public.recipient, tmp_path / path.name)


def refused(world, path) -> str:
    before = snapshot(world.county)
    report = world.import_(path)
    assert not report.ok, report.lines()
    assert path.name in report.error
    assert snapshot(world.county) == before
    assert not list_conflicts(world.county, include_resolved=True)
    return report.error


def test_another_townships_record_id_in_the_same_ledger_is_refused(world, liwang_case, valid_record, tmp_path):
    """It came in as 冲突 1 条, 李旺镇's meeting shown as 本县原有版本; taking the new one replaced it."""
    meeting, _ = liwang_case
    message = refused(world, forged(world, tmp_path, "meeting", meeting.id, valid_record))
    assert (f"data/ledgers/meeting.jsonl 第 1 行：记录标识与李旺镇（{LIWANG}）的会议记录（{meeting.number}）相同，"
            "拒绝接收") in message
    held = world.county.get(meeting.id)
    assert (held.township, held.values["title"]) == (LIWANG, "李旺镇党委会")


def test_another_townships_record_id_in_another_ledger_is_refused(world, liwang_case, valid_record, tmp_path):
    """李旺镇's mediation case id sent as a meeting came in as 新增 1, and `fazhi show` printed the meeting."""
    _, case = liwang_case
    message = refused(world, forged(world, tmp_path, "meeting", case.id, valid_record))
    assert f"meeting.jsonl 第 1 行：记录标识与李旺镇（{LIWANG}）的调解案件记录（{case.number}）相同" in message
    assert world.county.query("SELECT count(*) AS n FROM meeting WHERE id = ?", [case.id])[0]["n"] == 0
    assert world.county.get(case.id).township == LIWANG


def test_the_townships_own_record_id_in_another_ledger_is_refused(world, valid_record, tmp_path):
    haicheng = world.town(HAICHENG)
    case = haicheng.store.save("mediation_case", valid_record("mediation_case"), ACTOR)
    assert world.import_(world.export(haicheng).path).ok
    world.receipt(haicheng)  # the next bundle carries only the meeting
    message = refused(world, forged(world, tmp_path, "meeting", case.id, valid_record))
    assert f"记录标识与本乡镇的调解案件记录（{case.number}）相同" in message


def test_the_import_itself_keeps_no_conflict_between_two_townships(world, liwang_case, valid_record, tmp_path,
                                                                   monkeypatch):
    """Defence in depth: were verification to let one through, applying it refuses the bundle too."""
    meeting, _ = liwang_case
    path = forged(world, tmp_path, "meeting", meeting.id, valid_record)
    monkeypatch.setattr(records, "_check_held_ids", lambda *args: None, raising=False)
    message = refused(world, path)
    assert f"与李旺镇（{LIWANG}）的记录标识相同" in message


def test_a_conflict_between_two_townships_cannot_be_taken(world, liwang_case):
    """One an earlier version kept: taking 海城镇's version would have replaced 李旺镇's meeting."""
    meeting, _ = liwang_case
    row = world.county.query("SELECT * FROM meeting WHERE id = ?", [meeting.id])[0]
    content = {**world.county.content(world.county.ledger("meeting"), row), "township": HAICHENG}
    line = {"content": content, "content_hash": sha256_text(canonical_json(content)),
            "meta": {k: row[k] for k in ("created_at", "created_by", "updated_at", "updated_by")}}
    world.county.conn.execute(
        "INSERT INTO conflicts (township, ledger, record_id, revision, held_hash, incoming_hash, incoming, bundle_id,"
        " detected_at) VALUES (?, 'meeting', ?, ?, ?, ?, ?, 'b', '2026-06-01T08:00:00Z')",
        [HAICHENG, meeting.id, row["revision"], row["content_hash"], line["content_hash"], canonical_json(line)])
    [conflict] = list_conflicts(world.county)
    with pytest.raises(Conflict, match=f"是李旺镇（{LIWANG}）的，新收到的版本来自海城镇（{HAICHENG}）：不能采用"):
        resolve_conflict(world.county, conflict.id, TAKE_INCOMING, ACTOR)
    assert world.county.get(meeting.id).township == LIWANG
