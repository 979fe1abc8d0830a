# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A key revoked without a reason (before the reasons were kept, or by enrolling the township's new key with
--replace) could not be given one later: `fazhi revoke --key ID --reason 被盗` said the township had no key to revoke,
and the county could not record that the old PC was stolen. Now the reason (and day) is recorded once; a reason
recorded is not changed, and the refusal says what is recorded."""

from __future__ import annotations

from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.cli import main
from fazhi_desktop.core.bundle import keys as keymod

HAICHENG, LIWANG = "640522100", "640522101"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_old_keys_reason_is_recorded_once_and_the_working_key_stays(world, capsys):
    world.town(HAICHENG)
    world.reinstall(HAICHENG)  # the old key revoked by enrolling the new one, no reason recorded
    old, _ = keymod.enrolled_keys(world.county, HAICHENG)
    county = ["--db", str(world.county.path), "revoke", HAICHENG]
    code, out, _ = run(capsys, *county, "--reason", "被盗")
    assert code == 1 and f"要为它补记原因，请加 --key {old.key_id}" in out
    code, out, _ = run(capsys, *county, "--key", old.key_id, "--reason", "被盗", "--since", "2026-05-20", "--yes")
    assert code == 0 and "已补记吊销原因：被盗（自 2026-05-20 起不信任）" in out
    old_now, new_now = keymod.enrolled_keys(world.county, HAICHENG)
    assert (old_now.revoked_reason, old_now.untrusted_since) == ("被盗", "2026-05-19T16:00:00Z")
    assert old_now.revoked_at == old.revoked_at and new_now.active

    code, _, err = run(capsys, *county, "--key", old.key_id, "--reason", "更换", "--yes")
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
