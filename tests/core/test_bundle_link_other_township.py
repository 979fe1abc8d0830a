# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A link is to a record of the same township. A bundle whose complaint links 李旺镇's check (a holder of 海城镇's
key can sign one) came in at the county: 海城镇's 投诉举报台账 printed 李旺镇's check as the one its complaint led
to (关联检查), and every view named it. It is refused at verification, as a link to no record is."""

from __future__ import annotations

from bundle_world import (  # noqa: F401  (fixtures)
    county_template,
    decrypt,
    encrypt_to,
    resign,
    rewritten,
    snapshot,
    world,
)

HAICHENG, LIWANG = "640522100", "640522101"


def test_a_complaint_linking_another_townships_check_is_refused(world, valid_record, tmp_path):
    liwang = world.town(LIWANG)
    check = liwang.store.save("enforcement_check", valid_record("enforcement_check", check_type="投诉核查"), "李")
    assert world.import_(world.export(liwang).path).ok
    haicheng = world.town(HAICHENG)
    haicheng.store.save("complaint", valid_record("complaint"), "杨芳")
    path = world.export(haicheng).path
    tar_bytes = decrypt(path, world.keys.identity)
    signed = resign(tar_bytes, haicheng.signer, rewritten(
        tar_bytes, "complaint", lambda content: content["values"].update(related_check=check.id)))
    forged = encrypt_to(signed, world.public.recipient, tmp_path / path.name)
    before = snapshot(world.county)
    report = world.import_(forged)
    assert not report.ok, report.lines()
    assert "data/ledgers/complaint.jsonl 第 1 行" in report.error and "关联监督检查" in report.error
    assert snapshot(world.county) == before
