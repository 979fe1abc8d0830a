"""A case performed after its last 回访 (正在履行 then) was questioned for ever, though nothing in it is wrong; the
`latest_row` check now speaks only when the visit found a state the case has not reached (`found`)."""
from datetime import date

import pytest

from fazhi_desktop.core.forms import FormError, forms_dir, load_forms
from fazhi_desktop.core.validate import Lookups, clean_record

OK = {"mediated_on": "2026-03-20", "result": "调解成功", "agreement_form": "书面", "performance_deadline": "2026-12-30"}


def said(ledgers, valid_record, case_says, visits):
    case = valid_record("mediation_case", **OK, performance_status=case_says,
                        follow_ups=[{"visited_on": day, "performance_status": found} for day, found in visits])
    result = clean_record(ledgers["mediation_case"], case, Lookups(today=lambda: date(2026, 12, 10)))
    assert result.problems == []
    return [w.message for w in result.warnings if w.path == "performance_status"]


def test_a_case_performed_since_its_last_visit_is_not_questioned(ledgers, valid_record):
    assert said(ledgers, valid_record, "已履行", [("2026-04-10", "正在履行")]) == []
    assert said(ledgers, valid_record, "已履行", [("2026-04-10", "部分履行")]) == []


def test_a_case_not_performed_whose_last_visit_found_it_performed_is_questioned(ledgers, valid_record):
    assert said(ledgers, valid_record, "正在履行", [("2026-05-10", "已履行"), ("2026-04-10", "正在履行")]) == [
        "履行情况为“正在履行”，而最近一次回访（2026-05-10）的履行情况为“已履行”，请核对"]
    assert said(ledgers, valid_record, "部分履行", [("2026-05-10", "已履行")]) == [
        "履行情况为“部分履行”，而最近一次回访（2026-05-10）的履行情况为“已履行”，请核对"]
    # an earlier visit that found 已履行 says nothing once a later one found otherwise
    assert said(ledgers, valid_record, "正在履行", [("2026-04-10", "已履行"), ("2026-05-10", "正在履行")]) == []


@pytest.mark.parametrize("found", ['["履行完毕"]', "[]", '"已履行"'])
def test_found_must_be_values_of_the_row_field(tmp_path, found):
    forms = tmp_path / "forms"
    forms.mkdir()
    for path in forms_dir().glob("*.toml"):
        (forms / path.name).write_text(path.read_text(encoding="utf-8").replace(
            'found = ["已履行"]', f"found = {found}"), encoding="utf-8")
    with pytest.raises(FormError, match="latest_row 核对的 found 须是“履行情况”的值"):
        load_forms(forms)
