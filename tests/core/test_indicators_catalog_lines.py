"""A county maintainer editing the catalog: a duplicate code names its own line and the first one's, an entry with
no code names which [[indicator]] it is and its line, and `fazhi catalog check` warns of a ratio over a field added in
a later form version that would score townships still on the old form 0% instead of 无数据."""

from __future__ import annotations

import re

import pytest
from indicator_data import LATER

from fazhi_desktop.core.indicators import CatalogError, compute, load_catalog
from fazhi_desktop.core.indicators.later_fields import later_field_warnings

HEAD = 'format = 1\nname = "测试目录"\nversion = "1"\n'
ENTRY = '''
[[indicator]]
code = "{code}"
task = "40"
title = "专题会议"
text = "每年至少1次"
ledger = "meeting"
count = {{ where = [{{ field = "meeting_type", op = "=", value = "专题研究部署法治政府建设会议" }}] }}
threshold = 1
direction = ">="
'''


def write(tmp_path, text: str):
    path = tmp_path / "县目录.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_duplicate_code_names_its_own_line_and_the_first_ones(tmp_path, ledgers):
    text = HEAD + ENTRY.format(code="A1") + ENTRY.format(code="B2") + ENTRY.format(code="A1")
    lines = text.splitlines()
    first, second = [n for n, line in enumerate(lines, 1) if line == 'code = "A1"']
    with pytest.raises(CatalogError) as caught:
        load_catalog(write(tmp_path, text), ledgers)
    assert caught.value.line == second
    assert str(caught.value).endswith(f"第 {second} 行，指标 A1：指标代码重复（第一次出现在第 {first} 行）")


def test_an_error_in_a_later_entry_with_a_repeated_code_names_that_entrys_line(tmp_path, ledgers):
    text = HEAD + ENTRY.format(code="A1") + ENTRY.format(code="A1").replace('ledger = "meeting"', 'ledger = "会议"')
    with pytest.raises(CatalogError, match="台账“会议”不存在") as caught:
        load_catalog(write(tmp_path, text), ledgers)
    assert caught.value.line == text.splitlines().index('code = "A1"', 6) + 1


def test_an_entry_without_a_code_says_which_one_and_its_line(tmp_path, ledgers):
    text = HEAD + ENTRY.format(code="A1") + ENTRY.format(code="B2").replace('code = "B2"\n', "")
    header = [n for n, line in enumerate(text.splitlines(), 1) if line == "[[indicator]]"][1]
    with pytest.raises(CatalogError) as caught:
        load_catalog(write(tmp_path, text), ledgers)
    assert caught.value.line == header
    assert "None" not in str(caught.value)
    assert str(caught.value).endswith(f"第 {header} 行：第 2 个 [[indicator]] 缺少 code（写成 code = \"T99\"）")


SUCCEEDED = '{ field = "result", op = "=", value = "调解成功" }'
FILLED = '{ field = "confirmation_applied_on", op = "filled", value = true }'


def test_a_ratio_over_a_later_field_is_warned_of_with_advice_that_keeps_it_a_ratio(store, valid_record, ledgers,
                                                                                  tmp_path):
    for applied in ("2026-03-20", None):  # one case of two applied for 司法确认: X1 is 1 / 2
        case = valid_record("mediation_case", result="调解成功", mediated_on="2026-03-10",
                            judicial_confirmation="已申请" if applied else "未申请", confirmation_applied_on=applied)
        store.save("mediation_case", {k: v for k, v in case.items() if v is not None}, "杨芳")

    def x1(requires: str) -> tuple[list[str], str]:
        catalog = load_catalog(write(tmp_path, HEAD + LATER.format(requires=requires)), ledgers)
        return later_field_warnings(catalog, ledgers), compute(store, catalog, 2026).figure("X1", store.township)

    [warning], figure = x1(SUCCEEDED)
    assert warning.startswith("X1：分子用到第 3 版表单才有的字段“申请司法确认日期”（confirmation_applied_on）")
    assert "计为 0% 而非无数据" in warning and (figure.numerator, figure.denominator) == (1, 2)
    assert FILLED not in warning and "不要要求它本身已填写：分子就是它已填写，比例将恒为 100%" in warning
    # what the advice said before: the field itself filled in the denominator turned 1 of 2 into 1 of 1; now said
    [warning], figure = x1(f"{SUCCEEDED}, {FILLED}")
    assert (figure.numerator, figure.denominator) == (1, 1)
    assert "分母要求第 3 版表单才有的字段“申请司法确认日期”（confirmation_applied_on）已填写，分子也是它已填写：" \
           "比例恒为 100%" in warning
    # the advice given, pasted as it stands: the old form's records left out, the figure still 1 of 2; the program
    # cannot know the upgrade day, so the bound is named with what makes it enough
    advised = re.search(r"\{ field = \"accepted_on\", op = \">=\", value = \"[\d-]+\" \}", warning)
    assert advised, warning
    [warning], figure = x1(f"{SUCCEEDED}, {advised.group()}".replace("2026-07-01", "2026-01-01"))
    assert (figure.numerator, figure.denominator) == (1, 2)
    assert warning == ("X1：分子用到第 3 版表单才有的字段“申请司法确认日期”（confirmation_applied_on），"
                       "分母只计 accepted_on >= 2026-01-01 的记录：只有这一天不早于最后一个乡镇升级到第 3 版表单的"
                       "那一天，旧版表单的记录才被排除（否则只有旧版表单记录的乡镇将计为 0% 而非无数据）；"
                       "如已如此，可不理会本条")


def test_an_early_date_bound_does_not_silence_the_later_field_warning(ledgers, tmp_path):
    """A denominator counting cases accepted since 2000 leaves every old-form record in, and silenced the warning:
    the townships still on the old form read 0%."""
    bounded = f'{SUCCEEDED}, {{ field = "accepted_on", op = ">=", value = "2000-01-01" }}'
    catalog = load_catalog(write(tmp_path, HEAD + LATER.format(requires=bounded)), ledgers)
    [warning] = later_field_warnings(catalog, ledgers)
    assert "分母只计 accepted_on >= 2000-01-01 的记录：只有这一天不早于最后一个乡镇升级到第 3 版表单的那一天" in warning
