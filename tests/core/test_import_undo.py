"""撤销Excel导入: a wrong file imported is taken back in one step, only the records still exactly as imported, in one
transaction, their numbers given back when nothing was numbered after them and the county has not got them."""

from __future__ import annotations

import sqlite3

import pytest
import review_steps
from bundle_world import county_template, world  # noqa: F401  (fixtures)
from excel_files import filled_template, meetings

from fazhi_desktop.core import failures, import_undo, year_close
from fazhi_desktop.core import store as storemod
from fazhi_desktop.core.check import check_database
from fazhi_desktop.core.documents.register import numbers_missing
from fazhi_desktop.core.errors import Conflict
from fazhi_desktop.core.excel_import import import_records, read_records
from fazhi_desktop.core.store import ListQuery, Store

SERIES = ("meeting", 2026, "会记字")


def imported(store, ledgers, tmp_path, count=5, name="会议1-8月.xlsx", **overrides):
    path = filled_template(ledgers["meeting"], tmp_path / name, meetings(count, **overrides))
    return import_records(store, read_records(store, "meeting", path), "马文")


def only_import(store) -> import_undo.Plan:
    (plan,) = import_undo.recent(store)
    return plan


def test_undoing_an_import_deletes_its_drafts_logged_and_the_series_starts_again(store, ledgers, tmp_path,
                                                                               valid_record, beijing_time):
    saved = imported(store, ledgers, tmp_path)
    plan = only_import(store)
    assert plan.headline() == "会议1-8月.xlsx（2026-06-01 16:00 马文导入 5 条会议记录）"
    assert len(plan.undoable) == 5 and plan.kept == []
    assert plan.numbers_text() == [
        "编号 〔2026〕会记字第1号 至 〔2026〕会记字第5号 收回，下一条会议记录编为 〔2026〕会记字第1号"]

    done = import_undo.undo(store, plan.id, "杨芳", expected=[record_id for record_id, _ in plan.undoable])

    assert len(done.deleted) == 5 and store.count("meeting") == 0
    history = store.history(saved[0].id)
    assert [entry["op"] for entry in history] == ["insert", "delete"]  # deleted as a deletion is, history kept
    assert history[-1]["actor"] == "杨芳"
    assert history[-1]["reason"] == "撤销Excel导入（会议1-8月.xlsx，2026-06-01 16:00 导入；编号收回）"
    assert store.last_seq(*SERIES) == 0
    assert store.save("meeting", valid_record("meeting"), "马文").number == "〔2026〕会记字第1号"
    assert numbers_missing(store, ledgers["meeting"], 2026, store.list(ListQuery("meeting", year=2026))) == []
    assert check_database(store).ok
    after = only_import(store)
    assert after.undoable == [] and after.undone == 5 and "杨芳撤销 5 条" in after.state()


def test_records_no_longer_as_imported_stay_named_and_only_the_tail_of_numbers_comes_back(store, ledgers, tmp_path):
    saved = imported(store, ledgers, tmp_path, count=6)  # numbered 1…6 in date order
    by_number = {record.number: record for record in saved}
    edited = by_number["〔2026〕会记字第2号"]
    store.save("meeting", {"location": "镇政府三楼会议室"}, "马文", edited.id)
    submitted = by_number["〔2026〕会记字第4号"]
    review_steps.submit(store, submitted.id, "马文")
    store.delete(by_number["〔2026〕会记字第6号"].id, "马文")  # deleted by hand before

    plan = only_import(store)
    assert sorted(str(kept) for kept in plan.kept) == [
        f"〔2026〕会记字第2号（{edited['title']}）：导入后已修改",
        f"〔2026〕会记字第4号（{submitted['title']}）：已提交"]
    assert len(plan.undoable) == 3 and plan.gone == 1
    assert plan.numbers_text() == [
        "编号 〔2026〕会记字第5号 至 〔2026〕会记字第6号 收回，下一条会议记录编为 〔2026〕会记字第5号"
        "；其余 2 个编号不再使用，年度台账注明“已删除”"]

    import_undo.undo(store, plan.id, "马文")

    assert {r.number for r in store.list(ListQuery("meeting"))} == {"〔2026〕会记字第2号", "〔2026〕会记字第4号"}
    assert store.last_seq(*SERIES) == 4
    left = store.list(ListQuery("meeting", year=2026))
    assert numbers_missing(store, ledgers["meeting"], 2026, left) == ["〔2026〕会记字第1号已删除",
                                                                      "〔2026〕会记字第3号已删除"]
    assert check_database(store).ok


def test_a_record_in_a_closed_year_stays(store, ledgers, tmp_path):
    complaint = ledgers["complaint"]
    labels = {f.name: f.label for f in complaint.fields}

    def row(day: str) -> dict:  # a complaint still being handled (no 办结日期): a closing leaves it a draft
        return {labels["accepted_on"]: day, labels["source"]: "12345热线", labels["respondent"]: "乡综合执法办",
                labels["matter"]: f"{day} 反映执法人员未出示执法证"}

    path = filled_template(complaint, tmp_path / "投诉.xlsx", [row("2025-12-20"), row("2026-01-05")])
    import_records(store, read_records(store, "complaint", path), "马文")
    year_close.close_year(store, 2025, "杨芳")

    plan = only_import(store)
    assert [kept.reason for kept in plan.kept] == ["2025年已封账"] and len(plan.undoable) == 1
    import_undo.undo(store, plan.id, "马文")
    assert [r["accepted_on"] for r in store.list(ListQuery("complaint"))] == ["2025-12-20"]


def test_numbers_stay_used_once_the_series_has_moved_on(store, ledgers, tmp_path, valid_record):
    imported(store, ledgers, tmp_path, count=3)
    store.save("meeting", valid_record("meeting"), "马文")  # 第4号, entered by hand after the import
    plan = only_import(store)
    assert plan.numbers_text() == [
        "编号不收回（导入之后已有编号 〔2026〕会记字第4号）：这 3 个编号不再使用，年度台账注明“已删除”"]

    import_undo.undo(store, plan.id, "马文")
    assert store.last_seq(*SERIES) == 4
    assert store.save("meeting", valid_record("meeting", title="下一次"), "马文").number == "〔2026〕会记字第5号"


def test_a_number_given_back_and_given_again_names_the_live_record(store, ledgers, tmp_path, valid_record):
    first = imported(store, ledgers, tmp_path, count=1)[0]
    import_undo.undo(store, only_import(store).id, "马文")
    again = store.save("meeting", valid_record("meeting"), "马文")
    assert again.number == first.number == "〔2026〕会记字第1号"
    assert store.find_by_number("〔2026〕会记字第1号", include_deleted=True).id == again.id  # `fazhi history 编号`
    assert store.get(first.id, include_deleted=True).deleted  # the undone one by its id


def test_a_failure_midway_deletes_nothing(store, ledgers, tmp_path, monkeypatch):
    imported(store, ledgers, tmp_path, count=5)
    plan = only_import(store)
    real_log, calls = Store._log, []

    def failing_log(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise sqlite3.OperationalError("disk I/O error")
        return real_log(self, *args, **kwargs)

    monkeypatch.setattr(storemod.Store, "_log", failing_log)
    with pytest.raises(failures.StorageError):
        import_undo.undo(store, plan.id, "马文")
    monkeypatch.undo()

    assert store.count("meeting") == 5 and store.last_seq(*SERIES) == 5
    assert only_import(store).undone == 0 and len(only_import(store).undoable) == 5
    assert check_database(store).ok


def test_a_record_changed_after_the_user_confirmed_stops_the_whole_undo(store, ledgers, tmp_path):
    saved = imported(store, ledgers, tmp_path, count=3)
    plan = only_import(store)
    confirmed = [record_id for record_id, _ in plan.undoable]
    store.save("meeting", {"location": "另一个窗口改的"}, "马文", saved[0].id)

    with pytest.raises(Conflict, match="未删除任何记录"):
        import_undo.undo(store, plan.id, "马文", expected=confirmed)
    assert store.count("meeting") == 3 and store.last_seq(*SERIES) == 3


def test_records_the_county_has_can_be_undone_but_keep_their_numbers(world, ledgers, tmp_path):  # noqa: F811
    town = world.town()
    imported(town.store, ledgers, tmp_path, count=3)
    world.import_(world.export(town).path)
    assert world.county.count("meeting") == 3

    plan = only_import(town.store)
    assert plan.sent_at is not None and "随数据包报送县里" in plan.question()
    assert plan.numbers_text() == [
        "编号不收回（这些记录已随数据包报送县里，县里存有这些编号）：这 3 个编号不再使用，年度台账注明“已删除”"]
    import_undo.undo(town.store, plan.id, "杨芳")
    assert town.store.last_seq(*SERIES) == 3

    world.import_(world.export(town).path)  # the next bundle carries the deletions
    assert world.county.count("meeting") == 0


def test_imports_made_before_the_upgrade_are_found_in_the_change_log(store, ledgers, tmp_path):
    path = filled_template(ledgers["meeting"], tmp_path / "会议.xlsx", meetings(3))
    import_records(store, read_records(store, "meeting", path), "马文")
    import_records(store, read_records(store, "meeting", path), "马文")  # the same file again, straight after
    imported(store, ledgers, tmp_path, count=2, name="九月.xlsx", **{"会议日期": "2026-09-03"})
    db_path = store.path
    store.conn.executescript("DROP TABLE excel_imports; DELETE FROM _migrations WHERE name = '016_excel_imports';")
    store.close()

    reopened = Store.open(db_path, ledgers=ledgers)
    try:
        plans = import_undo.recent(reopened)
        assert [(p.file_name, p.records, len(p.undoable)) for p in plans] == [
            ("九月.xlsx", 2, 2), ("会议.xlsx", 3, 3), ("会议.xlsx", 3, 3)]
        import_undo.undo(reopened, plans[0].id, "马文")
        assert reopened.count("meeting") == 6 and reopened.last_seq(*SERIES) == 6
    finally:
        reopened.close()


def test_an_imported_record_another_record_links_to_stays_and_keeps_its_number(store, ledgers, tmp_path,
                                                                               valid_record):
    """A meeting typed after the import named an imported 学法活动 as its 会前学法; the undo deleted it without a word
    (the meeting then showed 关联记录已删除) and gave its number to the next activity, while the printed 纪要 named it.
    A record a live record links to stays, named with the record that links to it, and its number stays used."""
    rows = [{"活动类型": "会前学法", "学习内容": f"学习第{n}部法律", "活动日期": f"2026-03-0{n}"} for n in (1, 2, 3)]
    path = filled_template(ledgers["law_study"], tmp_path / "学法1-8月.xlsx", rows)
    studies = import_records(store, read_records(store, "law_study", path), "马文")
    last = studies[-1]  # 〔2026〕学法字第3号
    meeting = store.save("meeting", valid_record("meeting", held_on="2026-03-03", pre_meeting_study=last.id), "马文")

    plan = only_import(store)
    assert [str(kept) for kept in plan.kept] == [
        f"{last.number}（学习第3部法律）：被{meeting.number}的“会前学法”引用"]
    assert len(plan.undoable) == 2
    import_undo.undo(store, plan.id, "杨芳", expected=[record_id for record_id, _ in plan.undoable])
    assert store.get(meeting.id)["pre_meeting_study"] == last.id and not store.get(last.id).deleted
    assert store.last_seq("law_study", 2026, "学法字") == 3  # the kept record holds the last number: none come back
    assert store.save("law_study", valid_record("law_study", held_on="2026-04-01"), "马文").number != last.number
