# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A 重新打开's choice of who corrects the draft (`corrector`, session 25) crosses to the county in the change log:
the county imports the entry carrying it (its hash covering it) and keeps it with the township's log; an entry of a
reopening from before the choice carries none and imports as before."""

from __future__ import annotations

import json

import review_steps
from bundle_world import county_template, decrypt, files_of, world  # noqa: F401  (fixtures)

from fazhi_desktop.core import sent_back


def test_the_choice_goes_to_the_county_in_the_change_log(world, valid_record):
    town = world.town()
    own, back, old = (town.store.save("meeting", valid_record("meeting", title=f"第{i}次会议"), "马丽")
                      for i in (1, 2, 3))
    for record in (own, back, old):
        review_steps.submit(town.store, record.id, "马丽")
    review_steps.reopen(town.store, own.id, "届次写错，我来改", "杨芳", corrector=sent_back.SELF)
    review_steps.reopen(town.store, back.id, "请补充决定事项", "杨芳")
    town.store.change_status(old.id, "draft", "杨芳", reason="请核对")  # as the version before wrote it
    result = world.export(town)
    sent = files_of(decrypt(result.path, world.keys.identity))
    entries = [json.loads(line) for line in next(v for k, v in sent.items() if k.endswith("changes.jsonl"))
               .decode().splitlines()]
    said = {e["record_id"]: e.get("corrector") for e in entries if e["op"] == "status" and e.get("reason")}
    assert said == {own.id: "self", back.id: "clerk", old.id: None}

    report = world.import_(result.path)
    assert report.ok, report.error
    kept = dict(world.county.conn.execute(
        "SELECT record_id, corrector FROM received_changes WHERE op = 'status' AND reason IS NOT NULL").fetchall())
    assert kept == {own.id: "self", back.id: "clerk", old.id: None}
