# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A form that gains a field (version 2, `since = 2`): the records written under version 1 keep their content
hashes, so `fazhi check`, bundles and the change log stay intact, and the new field is filled from then on."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from bundle_world import county_template, world  # noqa: F401  (fixtures)
from test_forms import NEXT, line_of, meeting_with_added_field

from fazhi_desktop.core import paths
from fazhi_desktop.core.bundle import export as export_module
from fazhi_desktop.core.check import check_database
from fazhi_desktop.core.forms import FormError, forms_dir, load_forms
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import Store

ACTOR = "杨芳"
ADDED = '''[[fields]]
name = "party_responsibilities"
label = "各方当事人的责任"
type = "longtext"
since = 2
visible_when = { field = "result", equals = "调解成功" }

'''


FOURTH = ("version = 4  # 2: 各方当事人的责任 (人民调解法第二十九条); 3: 申请司法确认日期 (第三十三条); "
          "4: 当事人的法定代理人")
CURRENT = (FOURTH + ";\n# 5: 法定代理人的身份证号、联系电话，单位法定代表人（负责人）的职务 (司法确认)").replace(
    "version = 4", "version = 5")
LATEST = 5
THIRD = "version = 3  # 2: 各方当事人的责任 (人民调解法第二十九条); 3: 申请司法确认日期 (第三十三条)"


def _cut(text: str, start: str, end: str) -> str:
    """`text` without the part from `start` up to (not including) the next `end` after it."""
    first = text.index(start)
    return text[:first] + text[text.index(end, first + len(start)):]


def mediation_text(version: int) -> str:
    """The shipped mediation form as it was at `version` (1: before 各方当事人的责任; 2: before 申请司法确认日期;
    3: before 法定代理人; 4: before the 法定代理人's 身份证号 and 联系电话 and the 法定代表人's 职务), its fields
    and the checks and lists that name them stripped."""
    text = (forms_dir() / "mediation_case.toml").read_text(encoding="utf-8")
    assert CURRENT in text, "test setup: the form's version line changed"
    if version <= 4:
        text = _cut(text, "# 法院审查司法确认申请时核对", '[[fields.fields]]\nname = "org_address"')
        text = _cut(text, "# 申请司法确认须提交当事人", '[[fields.fields]]\nname = "agent"')
        text = text.replace(',\n             "parties.guardian_id_number", "parties.guardian_phone", '
                            '"parties.representative_title"]', "]")
        text = text.replace(CURRENT, FOURTH)
        assert "guardian_id_number" not in text and "representative_title" not in text, "test setup: not all cut"
    if version <= 3:
        text = _cut(text, "# 未成年人的父母是其监护人", '[[fields.fields]]\nname = "agent"')
        text = _cut(text, "# 受理时未满18周岁", "[[checks]]\nkind = \"not_future\"\ngroup = \"follow_ups\"")
        text = text.replace(', "parties.guardian", "parties.guardian_relation"]', "]")
        text = text.replace(FOURTH, THIRD)
    if version <= 2:
        text = _cut(text, "# 第三十三条的30日", '[[fields]]\nname = "follow_ups"')
        text = _cut(text, "# 司法确认：", "# 当事人的性别")
        text = text.replace(', "closed_on", "confirmation_applied_on"]', ', "closed_on"]')
        text = text.replace('"judicial_confirmation", "confirmation_applied_on", ', '"judicial_confirmation", ')
        text = text.replace(THIRD, "version = 2  # 2: 各方当事人的责任")
    if version == 1:
        text = _cut(text, '[[fields]]\nname = "party_responsibilities"', "[[fields]]")
        text = text.replace("version = 2  # 2: 各方当事人的责任", "version = 1")
        text = text.replace('"agreement_form", "party_responsibilities", ', '"agreement_form", ')
        text = text.replace('"dispute_summary", "party_responsibilities"]', '"dispute_summary"]')  # the amounts check
    return text


def forms_with_mediation_version(tmp_path, version: int):
    """The shipped forms with the mediation form at `version` (1 to 4: as it was; above 5: a later one)."""
    folder = tmp_path / f"forms-v{version}"
    shutil.copytree(forms_dir(), folder)
    path = folder / "mediation_case.toml"
    text = mediation_text(version) if version < LATEST else path.read_text(encoding="utf-8").replace(
        f"version = {LATEST}  #", f"version = {version}  #")
    for later in range(LATEST + 1, version + 1):  # each later version adds a field, as the loader demands
        text = text.replace("[[checks]]", f'[[fields]]\nname = "note_v{later}"\nlabel = "第{later}版备注"\n'
                            f'type = "text"\nsince = {later}\n\n[[checks]]', 1)
    path.write_text(text, encoding="utf-8")
    return load_forms(folder)


def version_one(tmp_path):
    """The shipped forms as they were before the mediation form gained 各方当事人的责任."""
    return forms_with_mediation_version(tmp_path, 1)


def test_records_written_before_a_field_was_added_keep_their_hashes(tmp_path, valid_record, clock):
    old_forms, new_forms = version_one(tmp_path), load_forms()
    assert old_forms["mediation_case"].version == 1 and new_forms["mediation_case"].version == LATEST
    path = tmp_path / "office.db"
    store = init_database(path, "640522100", operator=ACTOR, ledgers=old_forms, clock=clock)
    case = store.save("mediation_case", valid_record("mediation_case"), ACTOR)
    store.close()

    store = Store.open(path, new_forms, clock)  # the program upgraded: the column is added
    try:
        kept = store.get(case.id)
        assert kept.content_hash == case.content_hash and kept["party_responsibilities"] is None
        assert check_database(store).ok
        changed = store.save("mediation_case", {"result": "调解成功", "agreement_form": "书面",
                                                "party_responsibilities": "被申请人负主要责任。"},
                             ACTOR, record_id=case.id)
        assert changed["party_responsibilities"] == "被申请人负主要责任。" and changed.revision == 2
        content = store.content(store.ledger("mediation_case"), store.query(
            "SELECT * FROM mediation_case WHERE id = ?", [case.id])[0])
        assert content["values"]["party_responsibilities"] == "被申请人负主要责任。"
        assert check_database(store).ok
    finally:
        store.close()


def test_a_field_added_later_travels_in_bundles_when_filled(world, valid_record):
    town = world.town()
    settled = town.store.save("mediation_case", valid_record(
        "mediation_case", result="调解成功", agreement_form="书面", mediated_on="2026-03-06",
        party_responsibilities="被申请人越界施工，负全部责任。"), ACTOR)
    plain = town.store.save("mediation_case", valid_record("mediation_case"), ACTOR)
    report = world.import_(world.export(town).path)
    assert report.ok and report.new == 2, report.error
    assert world.county.get(settled.id)["party_responsibilities"] == "被申请人越界施工，负全部责任。"
    assert world.county.get(plain.id)["party_responsibilities"] is None
    assert world.county.get(settled.id).content_hash == settled.content_hash
    assert check_database(world.county).ok


def test_a_township_that_has_not_upgraded_yet_still_sends_its_bundles(world, valid_record, tmp_path):
    """The county upgraded first: a township a version behind (its mediation form without 各方当事人的责任) had
    every bundle refused with 请两边使用同一版本的程序, until it upgraded too."""
    current, world.ledgers = world.ledgers, forms_with_mediation_version(tmp_path, 1)
    town = world.town()
    world.ledgers = current
    settled = town.store.save("mediation_case", valid_record(
        "mediation_case", result="调解成功", agreement_form="书面", mediated_on="2026-03-06"), ACTOR)
    report = world.import_(world.export(town).path)
    assert report.ok and report.new == 1, report.error
    held = world.county.get(settled.id)
    assert held.content_hash == settled.content_hash and held["party_responsibilities"] is None
    assert check_database(world.county).ok
    assert world.receipt(town).bundles == [1]  # the township is told the county holds it


def test_a_bundle_from_a_newer_form_says_to_upgrade_the_county(world, valid_record, tmp_path):
    current, world.ledgers = world.ledgers, forms_with_mediation_version(tmp_path, 6)
    town = world.town()
    world.ledgers = current
    town.store.save("mediation_case", valid_record("mediation_case"), ACTOR)
    report = world.import_(world.export(town).path)
    assert not report.ok and "“调解案件”表单是第 6 版，本县是第 5 版" in report.error
    assert "请先把县级程序升级" in report.error and world.county.count("mediation_case") == 0


def test_a_newer_form_from_a_newer_program_says_to_upgrade_once_naming_the_version(world, valid_record, tmp_path,
                                                                                   monkeypatch):
    """The refusal said 请先把县级程序升级 twice, once for the form and once for the program version."""
    current, world.ledgers = world.ledgers, forms_with_mediation_version(tmp_path, LATEST + 1)
    town = world.town()
    world.ledgers = current
    town.store.save("mediation_case", valid_record("mediation_case"), ACTOR)
    monkeypatch.setattr(export_module, "app_version", lambda: "9.1.0")
    report = world.import_(world.export(town).path)
    assert report.error.count("升级") == 1, report.error
    assert report.error.endswith(f"请先把县级程序升级到与乡镇相同或更新的版本（数据包由 9.1.0 版程序生成，本程序是 "
                                 f"{paths.app_version()}）")


def test_a_field_added_without_since_to_a_table_with_records_is_refused_at_open(tmp_path, valid_record, clock):
    """会议方式 added to the meeting form without `since` (and its version left, so the loader cannot tell): opening
    a database that holds meetings would add the column, and every meeting would fail its content hash for good."""
    path = tmp_path / "office.db"
    store = init_database(path, "640522100", operator=ACTOR, clock=clock)
    meeting = store.save("meeting", valid_record("meeting"), ACTOR)
    store.close()
    with pytest.raises(FormError) as caught:
        Store.open(path, load_forms(meeting_with_added_field(tmp_path / "unmarked", "", raise_version=False)), clock)
    error = caught.value
    assert Path(error.file).name == "meeting.toml" and error.field == "trial_mode"
    assert error.line == line_of(Path(error.file).parent, "meeting.toml", 'name = "trial_mode"')
    assert f"新加的字段须写 since = {NEXT}，并把 version 提高到 {NEXT}" in str(error), str(error)
    store = Store.open(path, load_forms(meeting_with_added_field(tmp_path / "marked", f"since = {NEXT}")), clock)
    try:
        assert store.get(meeting.id).content_hash == meeting.content_hash and check_database(store).ok
    finally:
        store.close()
    fresh = init_database(tmp_path / "new.db", "640522101", operator=ACTOR, clock=clock,
                          ledgers=load_forms(meeting_with_added_field(tmp_path / "fresh", "", raise_version=False)))
    fresh.close()  # an empty table may take any field: no record's hash depends on it


CHILD = {"role": "申请人", "party_type": "自然人", "name": "马小军", "birth_date": "2015-03-02"}


def test_a_party_row_saved_before_the_guardian_keeps_its_hash_and_travels(world, valid_record, tmp_path):
    """法定代理人 (version 4) is the first field added inside a group: a case whose 当事人 rows a township still on
    version 3 saved keeps its content hash at the county (on version 4, upgraded first) and in the township's own
    database once it upgrades; the county questions the minor without a guardian, never refuses."""
    current, world.ledgers = world.ledgers, forms_with_mediation_version(tmp_path, 3)
    town = world.town()
    world.ledgers = current
    case = town.store.save("mediation_case", valid_record("mediation_case", parties=[CHILD]), ACTOR)
    report = world.import_(world.export(town).path)
    assert report.ok and report.new == 1, report.error
    held = world.county.get(case.id)
    assert held.content_hash == case.content_hash and held["parties"][0].get("guardian") is None
    assert check_database(world.county).ok
    path = Path(town.store.path)
    town.store.close()
    upgraded = Store.open(path, current, world.clock)
    world.towns[town.code] = replace(town, store=upgraded)  # closed with the world
    assert upgraded.get(case.id).content_hash == case.content_hash and check_database(upgraded).ok
    saved = upgraded.save("mediation_case", {"parties": [{**CHILD, "guardian": "马文", "guardian_relation": "父亲"}]},
                          ACTOR, record_id=case.id)
    assert saved.warnings == () and saved.revision == 2
    report = world.import_(world.export(world.towns[town.code]).path)
    assert report.ok, report.error
    held = world.county.get(case.id)
    assert held.content_hash == saved.content_hash and held["parties"][0]["guardian"] == "马文"
    assert held["parties"][0]["guardian_relation"] == "父亲" and check_database(world.county).ok


def test_a_case_of_version_4_keeps_its_hash_and_takes_the_guardians_numbers_later(world, valid_record, tmp_path):
    """Version 5 adds the 法定代理人's 身份证号 and 联系电话 and the 法定代表人's 职务 inside 当事人: a township
    still on version 4 sends its case to the county (on version 5) with its hash; upgraded, the township keeps the hash,
    fills the new fields, and the county takes them with the next bundle."""
    current, world.ledgers = world.ledgers, forms_with_mediation_version(tmp_path, 4)
    town = world.town()
    world.ledgers = current
    guarded = {**CHILD, "guardian": "马文", "guardian_relation": "父亲"}
    body = {"role": "被申请人", "party_type": "单位", "org_name": "山门村第三村民小组",
            "legal_representative": "马福林"}
    case = town.store.save("mediation_case", valid_record("mediation_case", parties=[guarded, body]), ACTOR)
    report = world.import_(world.export(town).path)
    assert report.ok and report.new == 1, report.error
    assert world.county.get(case.id).content_hash == case.content_hash and check_database(world.county).ok
    path = Path(town.store.path)
    town.store.close()
    upgraded = Store.open(path, current, world.clock)
    world.towns[town.code] = replace(town, store=upgraded)  # closed with the world
    assert upgraded.get(case.id).content_hash == case.content_hash and check_database(upgraded).ok
    saved = upgraded.save("mediation_case", {"parties": [
        {**guarded, "guardian_id_number": "64052219850312009X", "guardian_phone": "13995120316"},
        {**body, "representative_title": "组长"}]}, ACTOR, record_id=case.id)
    report = world.import_(world.export(world.towns[town.code]).path)
    assert report.ok, report.error
    child, group = world.county.get(case.id)["parties"]
    assert (child["guardian_id_number"], child["guardian_phone"]) == ("64052219850312009X", "13995120316")
    assert group["representative_title"] == "组长" and world.county.get(case.id).content_hash == saved.content_hash
    assert check_database(world.county).ok
