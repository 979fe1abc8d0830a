# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""投诉举报 kept the complainant's name and phone number with no 保管期限, and the 所长's retention list (年度封账,
`fazhi year list`) never named a complaint: only 调解案件 had a period, so complaints' personal data was kept for
good without a word (个人信息保护法 art. 19). Form version 4 gives complaints a 保管期限 (10年 by default, from 1
January after the 办结日期); complaints saved before it count as 10年 and are said to have none; the county takes
bundles of both versions."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime

from bundle_world import county_template, world  # noqa: F401  (fixtures)
from excel_files import filled_template
from openpyxl import load_workbook

from fazhi_desktop.core import retention
from fazhi_desktop.core.check import check_database
from fazhi_desktop.core.excel_import import import_records, read_records
from fazhi_desktop.core.forms import forms_dir, load_forms

ACTOR = "杨芳"
FIELD_START = "# 投诉人的姓名、联系方式等保存到期限届满为止"


def closed(store, valid_record, day: str, **more):
    return store.save("complaint", valid_record(
        "complaint", accepted_on=day, due_on=day, closed_on=day, handling_result="属实", **more), ACTOR)


def forms_with_complaint_version_3(tmp_path):
    """The shipped forms with the complaint form as it was before 保管期限 (a township not yet upgraded)."""
    folder = tmp_path / "forms-v3"
    shutil.copytree(forms_dir(), folder)
    path = folder / "complaint.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index(FIELD_START)
    text = text[:start] + text[text.index("[[fields]]\nname = \"attachments\"", start):]
    text = text.replace("version = 4", "version = 3").replace('"reply", "retention_period", ', '"reply", ')
    assert "retention_period" not in text, "test setup: the field was not cut"
    path.write_text(text, encoding="utf-8")
    return load_forms(folder)


def test_a_new_complaint_is_kept_10_years_from_its_conclusion_and_named_when_due(store, valid_record, clock):
    record = closed(store, valid_record, "2016-04-02")
    assert record["retention_period"] == "10年"
    closed(store, valid_record, "2016-05-06", retention_period="30年")
    clock.set(datetime(2026, 3, 10, 2, 0, tzinfo=UTC))
    said = retention.said(store)
    assert said.startswith("保管期限（从办结次年1月1日起算）：2016年办结、保管期限10年的投诉举报 1 件，"
                           "到2026年12月31日届满。本程序不删除记录：请导出该台账的列表，按办结日期和保管期限筛出"), said


def test_complaints_saved_before_the_period_count_as_10_years_and_say_so(store, valid_record, clock):
    record = closed(store, valid_record, "2016-04-02")
    with store.conn:  # as a version-3 program saved it
        store.conn.execute("UPDATE complaint SET retention_period = NULL WHERE id = ?", [record.id])
    store.save("mediation_case", valid_record(
        "mediation_case", accepted_on="2016-05-10", mediated_on="2016-05-10", result="调解成功",
        agreement_form="口头", agreement_content="双方和解", closed_on="2016-05-10", retention_period="10年"), ACTOR)
    clock.set(datetime(2026, 3, 10, 2, 0, tzinfo=UTC))
    said = retention.said(store)
    assert said.startswith("保管期限（从办结、结案次年1月1日起算）："
                           "2016年办结、未填保管期限（按10年计）的投诉举报 1 件，到2026年12月31日届满；"
                           "2016年结案、保管期限10年的调解案件 1 件，到2026年12月31日届满。"), said
    assert "请导出这些台账的列表，按办结日期、结案日期和保管期限筛出" in said


def test_the_county_takes_complaints_of_both_versions_and_names_them_by_township(world, valid_record, tmp_path):
    current, world.ledgers = world.ledgers, forms_with_complaint_version_3(tmp_path)
    behind = world.town("640522101")  # 李旺镇, not yet upgraded
    world.ledgers = current
    upgraded = world.town("640522100")  # 海城镇
    old = closed(behind.store, valid_record, "2016-04-02")
    new = closed(upgraded.store, valid_record, "2016-04-02", retention_period="30年")
    closed(upgraded.store, valid_record, "2016-06-02")
    for town in (behind, upgraded):
        report = world.import_(world.export(town).path)
        assert report.ok, report.error
    assert world.county.get(old.id).content_hash == old.content_hash and world.county.get(old.id)[
        "retention_period"] is None
    assert world.county.get(new.id)["retention_period"] == "30年" and check_database(world.county).ok
    world.clock.set(datetime(2026, 3, 10, 2, 0, tzinfo=UTC))
    said = retention.said(world.county, retention.IN_WINDOW)
    assert said.startswith("保管期限（从办结次年1月1日起算），县里保存的各乡镇副本中："
                           "海城镇：2016年办结、保管期限10年的投诉举报 1 件，到2026年12月31日届满。"
                           "李旺镇：2016年办结、未填保管期限（按10年计）的投诉举报 1 件，到2026年12月31日届满。"), said
    assert "（左侧“投诉举报”中选该乡镇，再用“文件 → 导出列表…”）" in said
    assert "（fazhi list complaint --township 乡镇 -o 文件.xlsx）" in retention.said(world.county)


def test_the_excel_template_has_the_period_and_its_import_keeps_it(store, tmp_path):
    row = {"受理日期": "2026-03-05", "来源": "来电", "被投诉对象": "乡执法办", "投诉事项": "噪音",
           "办结日期": "2026-03-20", "办理结果": "属实"}
    path = filled_template(store.ledger("complaint"), tmp_path / "投诉.xlsx", [{**row, "保管期限": "30年"}, row])
    assert "保管期限" in [cell.value for cell in load_workbook(path).worksheets[0][1]]
    kept, defaulted = import_records(store, read_records(store, "complaint", path), ACTOR)
    assert (kept["retention_period"], defaulted["retention_period"]) == ("30年", "10年")


def test_a_mediation_case_whose_period_was_cleared_counts_as_30_years(store, valid_record, clock):
    store.save("mediation_case", valid_record(
        "mediation_case", accepted_on="2006-05-10", mediated_on="2006-05-10", result="调解成功",
        agreement_form="口头", agreement_content="双方和解", closed_on="2006-05-10", retention_period=None), ACTOR)
    clock.set(datetime(2036, 3, 10, 2, 0, tzinfo=UTC))
    assert "2006年结案、未填保管期限（按30年计）的调解案件 1 件，到2036年12月31日届满" in retention.said(store)
