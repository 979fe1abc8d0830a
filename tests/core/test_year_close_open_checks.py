"""An enforcement-supervision check whose rectification is pending when its year is closed (a 整改期限 given, the
复查结果 not 已整改: the form's `open_while`) stays open, as a complaint does: its recheck (复查日期 after the closed
year, 复查结果, attachments) is entered afterwards, and nothing else. The closing locked it, so the January recheck
could be entered only by reopening the year or by a second check record (a second T30a check)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import review_steps

from fazhi_desktop.core import accounts, review, year_close
from fazhi_desktop.core.attachments import add_attachment
from fazhi_desktop.core.errors import Conflict, ValidationError
from fazhi_desktop.core.forms import FormError, load_form
from fazhi_desktop.core.indicators import compute, load_catalog_for

ACTOR = "杨芳"
STAFF_PASSWORD = "mima-2026"  # the `staff` fixture's accounts (tests/conftest.py)
PENDING = {"checked_on": "2025-12-18", "opinion_doc_no": "海司监〔2025〕2号", "rectify_by": "2026-01-10",
           "recheck_result": "整改中"}


def t30a(store) -> tuple:
    found = compute(store, load_catalog_for(store), 2025, today=date(2026, 3, 1), ids=True)
    figure = next(f for f in found.for_township(store.township) if f.indicator.code == "T30a")
    return figure.numerator, figure.status, figure.ids


@pytest.fixture
def closed_2025(store, staff, clock, valid_record):
    """December 2025: a check asking for rectification by 10 January (整改中), one rechecked on 20 December still
    整改中, one rectified in December and one that found nothing; all submitted, 2025 closed on 8 January."""
    accounts.login(store, ACTOR, STAFF_PASSWORD)
    clock.set(datetime(2025, 12, 28, 2, 0, tzinfo=UTC))
    checks = {
        "pending": valid_record("enforcement_check", **PENDING),
        "rechecked": valid_record("enforcement_check", **PENDING, rechecked_on="2025-12-20"),
        "rectified": valid_record("enforcement_check", **{**PENDING, "recheck_result": "已整改"},
                                  rechecked_on="2025-12-22"),
        "plain": valid_record("enforcement_check", checked_on="2025-12-05"),
    }
    saved = {key: store.save("enforcement_check", values, ACTOR) for key, values in checks.items()}
    for record in saved.values():
        review_steps.submit(store, record.id)
    clock.set(datetime(2026, 1, 8, 2, 0, tzinfo=UTC))
    locked = year_close.close_year(store, 2025)
    assert {r.id for r in locked} == {saved["rectified"].id, saved["plain"].id}
    clock.set(datetime(2026, 1, 12, 2, 0, tzinfo=UTC))
    return saved


def refused(store, record_id: str, change: dict) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        store.save("enforcement_check", change, ACTOR, record_id=record_id)
    return {p.label: p.message for p in caught.value.problems}


def test_the_january_recheck_of_a_check_still_being_rectified_is_entered_after_the_closing(store, closed_2025,
                                                                                           tmp_path):
    pending = closed_2025["pending"]
    assert store.get(pending.id).status == "submitted"  # left open, not locked
    said = review.open_matter(store, store.get(pending.id))
    assert said.startswith("2025年已封账，本记录办理中：只能填写办理和办结情况（复查日期等）")
    before = t30a(store)
    assert before[0] == 4
    scan = tmp_path / "整改报告.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    done = store.save("enforcement_check", {"rechecked_on": "2026-01-12", "recheck_result": "已整改",
                                            "attachments": [add_attachment(store, scan)]}, ACTOR, record_id=pending.id)
    assert done.values["recheck_result"] == "已整改"
    assert t30a(store) == before  # counted once, in its year
    review_steps.lock(store, pending.id, ACTOR)  # concluded after the closing: it may now be locked with its year
    assert store.get(pending.id).status == "locked"


def test_an_open_check_keeps_everything_but_its_follow_up(store, closed_2025):
    pending = closed_2025["pending"].id
    said = "2025年已封账，办理中的记录只能填写办理和办结情况"
    assert refused(store, pending, {"supervised_unit": "乡市场监管所"})["被监督单位"].startswith(said)
    assert refused(store, pending, {"rectify_by": "2026-02-10"})["整改期限"].startswith(said)
    assert refused(store, pending, {"checked_on": "2025-12-19"})["检查日期"].startswith(said)


def test_a_recheck_dated_inside_the_closed_year_is_refused(store, closed_2025):
    too_early = "2025年已封账，办结计入办结的年度：须为2026-01-01或以后"
    pending = closed_2025["pending"].id
    for change in ({"rechecked_on": "2025-12-30"}, {"rechecked_on": "2025-12-30", "recheck_result": "已整改"},
                   {"recheck_result": "已整改"}):  # undated, it would count as rectified in its own year
        assert refused(store, pending, change)["复查日期"].startswith(too_early)
    rechecked = closed_2025["rechecked"].id  # rechecked on 20 December, 整改中 still
    assert refused(store, rechecked, {"recheck_result": "已整改"})["复查日期"].startswith(too_early)
    store.save("enforcement_check", {"recheck_result": "未整改"}, ACTOR, record_id=rechecked)  # still open: its date
    store.save("enforcement_check", {"rechecked_on": "2026-01-11", "recheck_result": "已整改"}, ACTOR,
               record_id=rechecked)


def test_the_checks_the_closing_locked_stay_locked(store, closed_2025):
    for key in ("rectified", "plain"):
        record = store.get(closed_2025[key].id)
        assert record.status == "locked" and review.open_matter(store, record) is None


def test_an_open_check_cannot_be_locked_before_its_rectification_is_rechecked(store, closed_2025):
    pending = store.get(closed_2025["pending"].id)
    assert review.blocked(store, pending, "lock") == (
        "2025年已封账，本记录办理中：填写复查日期、复查结果为“已整改”办结后才能锁定（锁定后就不能再填写办结情况）")
    rechecked = store.get(closed_2025["rechecked"].id)  # both filled, 复查结果 整改中: what concludes it is said
    assert rechecked.values["recheck_result"] != "已整改" and rechecked.values["rechecked_on"]
    assert "填写复查日期、复查结果为“已整改”办结后才能锁定" in review.blocked(store, rechecked, "lock")


@pytest.mark.parametrize("head, said", [
    ('open_while = [{ field = "b", filled = true }]', "open_while 须与 open_until 一起使用"),
    ('open_until = "d"\nopen_while = [{ field = "zz", filled = true }]', "引用的字段“zz”不存在"),
    ('open_until = "d"\nopen_while = [{ field = "g", filled = true }]', "“g”是列表类字段"),
    ('open_until = "d"\nopen_while = { field = "b", filled = true }', "open_while 必须是条件列表"),
])
def test_the_loader_refuses_an_open_while_it_cannot_judge(tmp_path, head, said):
    path = tmp_path / "x.toml"
    path.write_text(f'[ledger]\nname = "x"\nlabel = "X"\nversion = 1\ndate_field = "a"\ntitle_field = "b"\n'
                    f'list_columns = ["a"]\n{head}\n[ledger.numbering]\nformat = "{{seq}}"\nprefix = "x"\n'
                    '[[fields]]\nname = "a"\nlabel = "A"\ntype = "date"\n[[fields]]\nname = "b"\nlabel = "B"\n'
                    'type = "text"\n[[fields]]\nname = "d"\nlabel = "D"\ntype = "date"\n'
                    '[[fields]]\nname = "g"\nlabel = "G"\ntype = "attachments"\n', encoding="utf-8")
    with pytest.raises(FormError, match=said):
        load_form(path)


def test_a_draft_check_stops_the_closing_whatever_its_rectification(store, staff, clock, valid_record):
    """A check begun as a 草稿 (its 整改期限 typed, its 执法证核查 not yet) was left out of the closing as a matter
    being handled: 2025 closed, T30a and T29 counted the half-entered check, and it could then be neither finished
    nor deleted without a reopening. A draft complaint or case without 办结日期 still does not stop it
    (test_year_close.py)."""
    accounts.login(store, ACTOR, STAFF_PASSWORD)
    clock.set(datetime(2025, 12, 28, 2, 0, tzinfo=UTC))
    draft = store.save("enforcement_check", valid_record("enforcement_check", **PENDING), ACTOR)
    clock.set(datetime(2026, 1, 8, 2, 0, tzinfo=UTC))
    with pytest.raises(Conflict, match=f"2025年还有 1 条草稿记录.*：{draft.number}$"):
        year_close.close_year(store, 2025)
    assert not year_close.is_closed(store.conn, 2025)
    finished = store.save("enforcement_check", {"staff_requiring_certificate": 3, "staff_certified": 3}, ACTOR,
                          record_id=draft.id)
    review_steps.submit(store, finished.id)
    assert year_close.close_year(store, 2025) == []  # submitted, still being rectified: left open, not locked
    assert store.get(draft.id).status == "submitted"
