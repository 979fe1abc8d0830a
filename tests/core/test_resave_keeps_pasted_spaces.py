"""A meeting saved by the version before s26, its title pasted from a WeChat notice with a no-break space in it, was
opened and saved again with nothing typed (Ctrl+S out of habit): the save now makes odd spaces what a keyboard types,
so the title came back without its space, the record went to 第 2 版 and its next bundle sent the county a change
nobody made. A save that changes nothing the user changed writes nothing, as before; a real change still stores the
title cleaned."""

from __future__ import annotations

import pytest

from fazhi_desktop.core import accounts, plaintext

PASTED = "2026年第3次\u00a0镇政府常务会议"


def saved_by_the_version_before(store, monkeypatch, valid_record):
    with monkeypatch.context() as before:
        before.setattr(plaintext, "_usual_spaces", lambda text: text)
        return store.save("meeting", valid_record("meeting", title=PASTED, held_on="2026-03-05"), "")


def test_saving_it_again_with_nothing_typed_writes_nothing(store, staff, valid_record, monkeypatch):
    accounts.login(store, "马丽", "mima-2026")
    old = saved_by_the_version_before(store, monkeypatch, valid_record)
    again = store.save("meeting", dict(old.values), "", record_id=old.id, expected_revision=old.revision)
    assert (again.revision, again.content_hash, again.values["title"]) == (1, old.content_hash, PASTED)
    assert store.get(old.id).revision == 1


@pytest.mark.parametrize("change", [{"location": "镇政府二楼会议室"}, {"title": "2026年第3次镇政府常务会议"}],
                         ids=["another field changed", "the space taken out by hand"])
def test_a_real_change_stores_the_title_as_the_editor_takes_it(store, staff, valid_record, monkeypatch, change):
    accounts.login(store, "马丽", "mima-2026")
    old = saved_by_the_version_before(store, monkeypatch, valid_record)
    changed = store.save("meeting", {**old.values, **change}, "", record_id=old.id, expected_revision=old.revision)
    assert changed.revision == 2 and changed.values["title"] == "2026年第3次镇政府常务会议"
