"""The 投诉举报 and 行政执法监督检查 registers read across in the form's order (ledgers.md E): the 投诉举报台账
printed 办结日期 and 是否按期办结 before the 被投诉对象 and the 办理期限 they are judged against, and the 执法监督台账
its 复查结果 beside the 被监督单位, four columns before the 发现问题 and 整改期限 it closed."""

from __future__ import annotations

from datetime import UTC, datetime

from fazhi_desktop.core.documents import build_register_document


def header(doc, labels: list[str]) -> list[str]:
    """`labels` in the order the register's header prints them (a header may wrap: 是否按 / 期办结)."""
    text = "".join(doc.text().split("\n"))
    head = text[:text.index("〔2026〕")]
    return sorted(labels, key=head.index)


def test_a_complaint_is_read_from_its_deadline_to_its_conclusion(store, valid_record, clock):
    clock.set(datetime(2026, 11, 28, 4, tzinfo=UTC))
    store.save("complaint", valid_record("complaint", handler="马军", due_on="2026-05-04", closed_on="2026-05-20",
                                         handling_result="部分属实", closed_in_time=False), "马军")
    order = ["编号", "受理日期", "来源", "被投诉对象", "投诉事项", "承办人", "办理期限", "办结日期", "办理结果",
             "期办结", "状态", "备注"]
    assert header(build_register_document(store, "complaint", 2026), order) == order


def test_a_check_is_read_from_its_problem_to_its_recheck(store, valid_record, clock):
    clock.set(datetime(2026, 11, 28, 4, tzinfo=UTC))
    store.save("enforcement_check", valid_record("enforcement_check", problems_found="案卷缺少法制审核意见",
                                                 rectify_by="2026-04-05", rechecked_on="2026-04-10",
                                                 recheck_result="已整改"), "马军")
    order = ["编号", "检查日期", "检查类型", "被监督单位", "检查人员", "发现问题", "整改期限", "复查日期", "复查结果",
             "状态", "备注"]
    assert header(build_register_document(store, "enforcement_check", 2026), order) == order
