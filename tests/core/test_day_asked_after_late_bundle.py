# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""改记 of a key revoked as 更换 as 被盗 without the day said that everything the key signed was imported before the
revocation, so that counting from that day flagged nothing. A late bundle confirmed after the revocation
(core/bundle/replaced_key.py) contradicts it: the revocation's day would flag that one, and only that one."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from bundle_world import bundle_hash, county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.bundle import apply, revocation
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.common import BundleError
from fazhi_desktop.core.bundle.exchanges import received_bundles

HEAD = "杨芳"


def at(day: int) -> datetime:
    return datetime(2026, 11, day, 1, 0, tzinfo=UTC)


def test_the_refusal_says_what_the_revocation_day_would_flag_once_a_late_bundle_was_taken(world, clock,
                                                                                           valid_record):
    clock.set(at(16))
    old = world.town()
    old.store.save("meeting", valid_record("meeting", title="上周的会议"), HEAD)
    assert world.import_(world.export(old).path).ok
    clock.set(at(20))
    old.store.save("meeting", valid_record("meeting", title="周五的会议"), HEAD)
    late = world.export(old).path
    key_id = keymod.township_key(old.store).public.key_id_hex
    clock.set(at(24))
    world.reinstall(old.code)  # the old key revoked as 更换 on 2026-11-24
    clock.set(at(25))
    [taken] = apply.import_bundles(world.county, [late], world.keys, HEAD, accept={bundle_hash(world, late)})
    assert taken.ok
    key = keymod.enrolled_key(world.county, key_id)
    with pytest.raises(BundleError) as refused:
        revocation.add_reason(world.county, key, "被盗")
    said = str(refused.value)
    assert "都在吊销之前导入" not in said
    assert "2026-11-24 因更换吊销时还不知道被盗；从吊销那天算起，只标得出此后确认接收的迟到数据包" in said
    # and so it is: from the revocation's day, the late bundle is flagged, the one imported before is not
    revocation.add_reason(world.county, key, "被盗", date(2026, 11, 24))
    flags = {b.sequence: bool(b.untrusted) for b in received_bundles(world.county, old.code)}
    assert flags == {1: False, 2: True}
