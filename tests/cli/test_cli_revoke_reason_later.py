# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A key revoked without a reason (before the reasons were kept) could not be given one later: `fazhi revoke --key ID
--reason 被盗` said the township had no key to revoke, and the county could not record that the old PC was stolen.
Now the reason (and day) is recorded once; a reason recorded is not changed, and the refusal says what is recorded.
`fazhi enrol --replace` revoked the township's old key without a reason, though it is known: 更换; now it records
更换, which may later be recorded as 被盗 or 丢失 once (the PC found stolen after the township re-enrolled)."""

from __future__ import annotations

from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.cli import main
from fazhi_desktop.core.bundle import keys as keymod

HAICHENG, LIWANG = "640522100", "640522101"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_enrol_replace_records_the_old_key_as_replaced(world, capsys):
    world.town(HAICHENG)
    new = world.reinstall(HAICHENG, enrol=False)
    keymod.write_enrolment(new.store, world.root / "登记-新.json")
    code, out, _ = run(capsys, "--db", str(world.county.path), "enrol", str(world.root / "登记-新.json"), "--yes",
                       "--replace")
    old, _ = keymod.enrolled_keys(world.county, HAICHENG)
    assert code == 0 and f"该乡镇原有的密钥 {old.key_id} 已吊销（原因：更换；" in out
    assert f"fazhi revoke {HAICHENG} --key {old.key_id} --reason 被盗 --since 日期 --yes" in out
    assert old.revoked_reason == "更换"


def test_the_replaced_keys_reason_becomes_stolen_once_and_the_working_key_stays(world, capsys):
    world.town(HAICHENG)
    world.reinstall(HAICHENG)  # the old key revoked as 更换 by enrolling the new one
    old, _ = keymod.enrolled_keys(world.county, HAICHENG)
    county = ["--db", str(world.county.path), "revoke", HAICHENG]
    code, out, _ = run(capsys, *county, "--reason", "被盗")
    assert code == 1
    assert f"（因更换吊销的密钥 {old.key_id}：如后来得知被盗或丢失，要为它改记原因，请加 --key {old.key_id}）" in out
    code, _, err = run(capsys, *county, "--key", old.key_id, "--reason", "更换")
    assert code == 1 and f"密钥 {old.key_id} 于 2026-06-01 吊销，原因：更换，只能改记为被盗或丢失" in err
    code, _, err = run(capsys, *county, "--key", old.key_id)
    assert code == 1 and "原因记录为更换。后来得知电脑或U盘被盗、丢失的，改记原因（记录后不能更改）" in err
    assert "--reason 原因 --yes（原因：被盗或丢失）" in err and err.rstrip().endswith("未改记")
    assert "并加 --since 日期（电脑或U盘被盗、丢失的那天：更换时还不知道，没有默认的日期）" in err
    assert "默认是吊销那天" not in err  # which flagged none of the thief's bundles, all imported before it
    code, _, err = run(capsys, *county, "--key", old.key_id, "--reason", "被盗", "--yes")
    assert code == 1 and "改记为被盗须给出电脑或U盘被盗的那天（命令行：--since 日期）" in err
    assert keymod.enrolled_keys(world.county, HAICHENG)[0].revoked_reason == "更换"
    code, out, _ = run(capsys, *county, "--key", old.key_id, "--reason", "被盗", "--since", "2026-05-20", "--yes")
    assert code == 0 and "已改记吊销原因：被盗（自 2026-05-20 起不信任）" in out
    old_now, new_now = keymod.enrolled_keys(world.county, HAICHENG)
    assert (old_now.revoked_reason, old_now.untrusted_since) == ("被盗", "2026-05-19T16:00:00Z")
    assert old_now.revoked_at == old.revoked_at and new_now.active

    for reason in ("丢失", "更换"):
        code, _, err = run(capsys, *county, "--key", old.key_id, "--reason", reason, "--yes")
        assert code == 1 and "原因：被盗（自 2026-05-20 起不信任）" in err and "已记录的吊销原因不能更改" in err
    assert keymod.enrolled_keys(world.county, HAICHENG)[0].revoked_reason == "被盗"


def test_a_township_whose_only_key_was_revoked_without_a_reason_gets_one(world, capsys):
    world.town(LIWANG)
    keymod.revoke(world.county, LIWANG, "马县级")  # as before the reasons were kept
    county = ["--db", str(world.county.path), "revoke", LIWANG]
    code, _, err = run(capsys, *county, "--reason", "丢失")
    assert code == 1 and "没有记录原因。补记原因（记录后不能更改）：加 --yes 再运行一次" in err
    assert run(capsys, *county, "--reason", "丢失", "--yes")[0] == 0
    [key] = keymod.enrolled_keys(world.county, LIWANG)
    assert key.revoked_reason == "丢失" and key.untrusted_since == "2026-05-31T16:00:00Z"  # the day it was revoked
