"""What `validate.revealed_defaults` on the write path leaves alone (review of session 23): a field given empty on
purpose stays empty (the save says it is needed), and a value an older version kept in a then hidden field is not
filled over when a change shows the field."""

from __future__ import annotations

from dataclasses import replace

import pytest

from fazhi_desktop.core.errors import ValidationError
from fazhi_desktop.core.store import Store

ACCEPTED = {"case_name": "马文礼与李志强宅基地边界纠纷", "accepted_on": "2026-03-09", "dispute_type": "房屋宅基地纠纷",
            "parties": [{"role": "申请人", "name": "马文礼"}, {"role": "被申请人", "name": "李志强"}]}


def test_a_field_given_empty_is_not_filled(store):
    case = store.save("mediation_case", ACCEPTED, "杨芳")
    with pytest.raises(ValidationError) as refused:
        store.save("mediation_case", {"result": "调解成功", "mediated_on": "2026-03-20", "agreement_form": None},
                   "杨芳", record_id=case.id)
    assert "协议形式" in str(refused.value)
    assert store.get(case.id)["agreement_form"] is None


def test_a_value_an_older_version_kept_in_a_hidden_field_is_not_filled_over(store, ledgers):
    mediation = ledgers["mediation_case"]
    unhidden = tuple(replace(f, visible_when=None) if f.name == "agreement_form" else f for f in mediation.fields)
    older = Store.open(store.path, ledgers={**ledgers, "mediation_case": replace(mediation, fields=unhidden)},
                       clock=store.clock)  # a version that kept 协议形式 whatever the 调解结果
    case = older.save("mediation_case", {**ACCEPTED, "result": "调解不成功(终止)", "mediated_on": "2026-03-20",
                                         "termination_reason": "一方拒绝继续调解", "agreement_form": "口头"}, "杨芳")
    older.close()
    assert store.get(case.id)["agreement_form"] == "口头"
    saved = store.save("mediation_case", {"result": "调解成功", "termination_reason": None}, "杨芳", record_id=case.id)
    assert (saved["agreement_form"], saved["judicial_confirmation"]) == ("口头", "未申请")
