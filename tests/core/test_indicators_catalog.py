"""The indicator catalog is data: the shipped file has every target of the seed, a county's own file replaces it,
and a bad file is refused with the file, the entry and the reason. Nothing in it is ever run as code or SQL."""

from __future__ import annotations

import pytest

from fazhi_desktop.core.indicators import (
    SETTING,
    CatalogError,
    compute,
    default_catalog_path,
    load_catalog,
    load_catalog_for,
)

TARGETS = ["T40a", "T40b", "T21", "T46a", "T46b", "T46c", "T46d", "T47", "T49a", "T49b", "T45", "T29", "T30a",
           "T30b", "T35", "T34", "T4"]
NOT_COMPUTABLE = ["T1", "T5", "T8", "T15", "T16", "T18", "T19", "T22", "T33", "T37", "T39", "W4"]

GOOD = '''format = 1
name = "测试目录"
version = "1"

[[indicator]]
code = "A1"
task = "40"
title = "专题会议"
text = "每年至少1次"
ledger = "meeting"
formula = "count"
count = { where = [{ field = "meeting_type", op = "=", value = "专题研究部署法治政府建设会议" }] }
threshold = 1
direction = ">="
unit = "次"
'''


def write(tmp_path, text: str, name: str = "catalog.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_catalog_keeps_the_codes_of_the_target_table(ledgers):
    catalog = load_catalog(default_catalog_path(), ledgers)
    assert [i.code for i in catalog.targets] == TARGETS
    assert [i.code for i in catalog.not_computable] == NOT_COMPUTABLE
    assert all(i.needs for i in catalog.not_computable)
    assert [i.code for i in catalog.statistics] == [f"M{n}" for n in range(1, 9)]
    t30b = catalog.get("T30b")
    assert (t30b.period, t30b.period_until, t30b.threshold) == ("open_during_year", "closed_on", 90)
    assert "结转" in t30b.note
    assert catalog.get("T46a").target_text() == "不少于 4 次" and catalog.get("T40b").target_text() == "100%"


def test_a_county_catalog_replaces_the_shipped_one_by_setting_or_by_argument(store, tmp_path):
    own = write(tmp_path, GOOD.replace("threshold = 1", "threshold = 3"))
    assert load_catalog_for(store).get("T46a")
    assert [i.code for i in load_catalog_for(store, own).indicators] == ["A1"]
    store.set_settings(**{SETTING: str(own)})
    catalog = load_catalog_for(store)
    assert catalog.get("A1").threshold == 3 and catalog.source == str(own)


BAD = [
    ('code = "A1"', 'code = "a-1"', "a-1", "不合格式"),
    ('ledger = "meeting"', 'ledger = "meetings"', "A1", "台账“meetings”不存在"),
    ('field = "meeting_type"', 'field = "meeting_typ"', "A1", "字段“meeting_typ”不在台账“会议”中"),
    ('value = "专题研究部署法治政府建设会议"', 'value = "茶话会"', "A1", "“茶话会”不是可选值"),
    ('op = "="', 'op = "contains"', "A1", "choice 字段不能用 op 'contains'"),
    ('op = "="', 'op = "like"', "A1", "不能用 op 'like'"),
    ('direction = ">="', 'direction = "more"', "A1", "direction 应为"),
    ("threshold = 1\n", "", "A1", "须给出数值 threshold"),
    ('unit = "次"', 'unit = "次"\nsql = "DROP TABLE meeting"', "A1", "未知的键：sql"),
    ('formula = "count"', 'formula = "ratio"', "A1", "ratio 指标写 numerator 和 denominator"),
    ("format = 1", "format = 2", None, "format 应为 1"),
    # the keys of catalog 2023.5 (test_indicators_what_happened): checked, as every other
    ('unit = "次"', 'unit = "次"\njudged_from = "12-32"', "A1", "judged_from“12-32”不是一年中的日期"),
    ('unit = "次"', 'unit = "次"\njudged_from = "12月1日"', "A1", "judged_from 应写成“月-日”"),
    ('unit = "次"', 'unit = "次"\nfinal_misses = true', "A1", "final_misses 只用于按记录计数、目标为 100% 的比率"),
    ('unit = "次"', 'unit = "次"\nlinked_from = "complaint.related_check"', "A1", "linked_from 应写成“台账.链接字段”"),
]


@pytest.mark.parametrize(("old", "new", "code", "reason"), BAD)
def test_a_bad_catalog_is_refused_with_file_entry_and_reason(tmp_path, ledgers, old, new, code, reason):
    path = write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(CatalogError) as caught:
        load_catalog(path, ledgers)
    error = caught.value
    message = str(error)
    assert str(path) in message and reason in message
    assert error.code == code
    if code:
        assert f"指标 {code}" in message and error.line == 6  # the line of the entry's `code = ...`


@pytest.mark.parametrize(("entry", "reason"), [
    ('count = { where = [{ field = "held_on", op = ">=", value = "2026-02-30" }] }', "日期应写成 YYYY-MM-DD"),
    ('count = { where = [{ field = "office_head_attendance", op = "in", value = [] }] }', "非空列表"),
    ('count = { where = [{ any = "title", where = [] }] }', "须指向重复组字段"),
    ('count = { where = [{ any = "agenda_items", where = [{ field = "needs_review", op = "=", value = "是" }] }] }',
     "value 应为 true 或 false"),
    ('count = { where = [{ any = "agenda_items", where = [{ field = "held_on", op = "filled", value = true }] }] }',
     "字段“held_on”不在重复组“议题”"),
    ('count = { sum = "title" }', "不是数字字段"),
    ('count = { where = [{ days = ["held_on", "title"], op = "<=", value = 30 }] }', "不是日期字段"),
    ('count = { where = [{ field = "title", op = "in_year" }] }', "in_year 只用于日期字段"),
    ('count = { where = [{ not = { field = "title" } }] }', "缺少 value"),
    ('count = { where = [{ field = "title", op = "=", value = 1, any = "agenda_items" }] }', "恰好含"),
    ('count = { where = [], empty = "本年没有会议" }', "count.empty 只能写在 denominator 中"),
])
def test_conditions_are_checked_against_the_ledger_form(tmp_path, ledgers, entry, reason):
    text = GOOD.replace(GOOD.splitlines()[11], entry)
    with pytest.raises(CatalogError, match=reason) as caught:
        load_catalog(write(tmp_path, text), ledgers)
    assert caught.value.code == "A1"



def test_a_catalog_saved_as_gbk_is_read_and_a_binary_file_is_refused(tmp_path, ledgers):
    path = tmp_path / "目录.toml"
    path.write_bytes(GOOD.encode("gbk"))
    assert load_catalog(path, ledgers).name == "测试目录"
    path.write_bytes(b"\x80\xff" * 10)
    with pytest.raises(CatalogError, match="不是 UTF-8 或 GBK 编码的文字"):
        load_catalog(path, ledgers)

def test_ratio_parts_must_match_and_a_duplicate_code_is_refused(tmp_path, ledgers):
    ratio = GOOD.replace('formula = "count"', 'formula = "ratio"').replace(
        GOOD.splitlines()[11], 'numerator = { sum = "staff_certified" }\ndenominator = {}').replace(
        'ledger = "meeting"', 'ledger = "enforcement_check"').replace("threshold = 1", "threshold = 100")
    with pytest.raises(CatalogError, match="不相配"):
        load_catalog(write(tmp_path, ratio), ledgers)
    with pytest.raises(CatalogError, match="百分数"):
        load_catalog(write(tmp_path, ratio.replace("threshold = 100", "threshold = 150")), ledgers)
    with pytest.raises(CatalogError, match="指标代码重复") as caught:
        load_catalog(write(tmp_path, GOOD + GOOD.split("\n\n", 1)[1]), ledgers)
    assert caught.value.code == "A1"


def test_a_toml_syntax_error_names_the_line(tmp_path, ledgers):
    path = write(tmp_path, GOOD.replace('unit = "次"', 'unit = 次'))
    with pytest.raises(CatalogError, match="TOML 格式错误") as caught:
        load_catalog(path, ledgers)
    assert caught.value.line == 15 and "第 15 行" in str(caught.value)


def test_a_missing_catalog_file_is_named(tmp_path, ledgers):
    with pytest.raises(CatalogError, match="无法读取文件") as caught:
        load_catalog(tmp_path / "没有.toml", ledgers)
    assert "没有.toml" in str(caught.value)


def test_catalog_values_are_parameters_never_sql(store, tmp_path, valid_record):
    store.save("meeting", valid_record("meeting", title="普通会议"), "杨芳")
    value = "x' OR 1=1; DROP TABLE meeting; --"
    condition = f'{{ field = "title", op = "!=", value = "{value}" }}'
    sneaky = GOOD.replace(GOOD.splitlines()[11], f"count = {{ where = [{condition}] }}")
    catalog = load_catalog(write(tmp_path, sneaky), store.ledgers)
    results = compute(store, catalog, 2026)
    assert results.figure("A1", "640522100").numerator == 1
    assert store.count("meeting") == 1
