# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A record's id is the county's name for it. A township's key holder who sends a record under the id of another
township's record (or of a record in another ledger) is refused at verification, naming the line and whose record
the id is; the county database is unchanged and the other township's record stays as it was."""

from __future__ import annotations

import pytest
from bundle_world import (  # noqa: F401  (fixtures)
    ACTOR,
    county_template,
    forged_bundle,
    liwang_case,
    snapshot,
    world,
)

from fazhi_desktop.core.bundle import records
from fazhi_desktop.core.bundle.conflicts import TAKE_INCOMING, list_conflicts, resolve_conflict
from fazhi_desktop.core.errors import Conflict
from fazhi_desktop.core.ids import canonical_json, sha256_text

HAICHENG, LIWANG = "640522100", "640522101"


def forged(world, tmp_path, ledger: str, record_id: str, valid_record):
    """海城镇's bundle whose one `ledger` record carries `record_id`."""
    record = valid_record(ledger, **({"title": "伪造的会议"} if ledger == "meeting" else {}))
    return forged_bundle(world, world.town(HAICHENG), ledger, record_id, record, tmp_path)


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
