# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A reason holding an ID or phone number is refused now (test_reason_holds_no_number.py), but one written before
(an older database) or received at the county from a township that still took it stays in the change log as typed:
the clerk's history, the banner over the draft sent back, 待办事项 and its workbook, `fazhi submit --all`'s list and
the county's 查看历史 showed `640522 19850312 009X` in full. Each now shows the number masked as the screen masks it
(640522********009X, 139****0316); the log itself, under its hashes, is untouched."""

from __future__ import annotations

import pytest
import review_steps
from bundle_world import LOW_COST, county_template, world  # noqa: F401  (fixtures)
from openpyxl import load_workbook

from fazhi_desktop.core import history, review, sent_back, todo
from fazhi_desktop.core import store as store_module
from fazhi_desktop.core.bundle import minisign
from fazhi_desktop.core.identifiers import holds_number, masked_numbers

ACTOR = "杨芳"
TYPED = "法定代理人身份证号应为 640522 19850312 009X，电话 139-9512-0316，请改正"
SHOWN = "法定代理人身份证号应为 640522********009X，电话 139****0316，请改正"
MEETING = {"title": "2026年第3次镇政府常务会议", "meeting_type": "乡镇行政会议(政府常务会议)", "held_on": "2026-03-05",
           "office_head_attendance": "全程"}


def hidden_digits(text: str) -> bool:
    compact = "".join(c for c in text if c not in " -")
    return "19850312" in compact or "95120316" in compact


@pytest.mark.parametrize(("typed", "shown"), [
    (TYPED, SHOWN),
    ("电话13995120316", "电话139****0316"),
    ("身份证号应为６４０５２２１９８５０３１２００９Ｘ", "身份证号应为640522********009X"),  # full-width, as typed
    ("座机 0955 1234567", "座机 0955-****4567"),
    ("编号1234567890", "编号******7890"),  # a run that is neither: its last 4 digits, as a phone field's would be
])
def test_a_number_in_a_reason_is_shown_masked(typed, shown):
    assert masked_numbers(typed) == shown
    assert not holds_number(masked_numbers(typed))


def test_a_reason_without_a_number_reads_as_written():
    reason = "法定代理人身份证号640522********009X有误，2026年3月2日核对，见〔2026〕人调字第16号"
    assert masked_numbers(reason) == reason


@pytest.fixture
def older_program(monkeypatch):
    """The write path as it was before session 25: a reason with a number went into the log."""
    monkeypatch.setattr(store_module, "_no_number", lambda reason, label: None)


def test_a_reason_an_older_program_logged_is_masked_wherever_it_is_shown(store, valid_record, older_program,
                                                                           tmp_path):
    meeting = store.save("meeting", valid_record("meeting"), ACTOR)
    review_steps.submit(store, meeting.id, ACTOR)
    sent = review_steps.reopen(store, meeting.id, TYPED, ACTOR)
    assert store.history(sent.id)[-1]["reason"] == TYPED  # the log keeps it as typed

    assert history.record_history(store, sent.id)[-1].reason == SHOWN  # 修改历史, `fazhi history`
    assert f"退回修改）：{SHOWN}。" in review.sent_back(store, sent)  # the editor's banner
    assert sent_back.reopenings(store, [sent])[sent.id].said().endswith(f"退回：{SHOWN}")  # list tooltip, fazhi show
    assert sent_back.held_back(store, [sent])[sent.id].endswith(f"退回：{SHOWN}，尚未修改")  # fazhi submit --all
    found = todo.build(store)
    [waiting] = [item for item in found.items if item.record_id == sent.id]
    assert waiting.missing.endswith(f"退回：{SHOWN}")
    path = tmp_path / "待办事项.xlsx"
    todo.write(found, path)
    cells = [str(c) for row in load_workbook(path).active.iter_rows(values_only=True) for c in row if c]
    assert any(SHOWN in cell for cell in cells) and not any(hidden_digits(cell) for cell in cells)


def test_the_county_shows_a_received_reason_masked(world, older_program):
    minisign.DEFAULT_COST, cost = LOW_COST, minisign.DEFAULT_COST
    try:
        town = world.town()
        record = town.store.save("meeting", MEETING, ACTOR)
        review_steps.lock(town.store, review_steps.submit(town.store, record.id, ACTOR).id, ACTOR)
        review_steps.reopen(town.store, record.id, TYPED, ACTOR)
        assert world.import_(world.export(town).path).ok
    finally:
        minisign.DEFAULT_COST = cost
    assert world.county.conn.execute("SELECT reason FROM township_logs WHERE record_id = ? AND op = 'status'"
                                     " ORDER BY seq DESC", [record.id]).fetchone()[0] == TYPED
    assert history.record_history(world.county, record.id)[-1].reason == SHOWN
