"""An open case of a closed year whose text an older version stored as it came (Word's vertical tab in its name, a
备注 with Windows line breaks from `fazhi add` or an Excel cell): every save cleans text (validate.as_typed), and
year_close.check_write took that cleaning for a change to a held field, so the case could not be concluded: the
refusal stood at a greyed field the clerk cannot correct. A held field is unchanged when the save makes of it what
it makes of the stored value; the record is then stored with its text cleaned, as any save stores it."""

from datetime import UTC, datetime

import pytest
import review_steps
from bundle_world import saved_by_an_older_version

from fazhi_desktop.core import accounts, year_close
from fazhi_desktop.core.check import check_database
from fazhi_desktop.core.errors import ValidationError

ACTOR = "杨芳"


@pytest.fixture
def held_case(store, staff, clock, valid_record):
    """A case accepted on 20 December 2025 with `held` stored by an older version, left open by closing 2025."""
    def make(**held):
        accounts.login(store, "杨芳", "mima-2026")
        clock.set(datetime(2025, 12, 28, 2, 0, tzinfo=UTC))
        case = store.save("mediation_case", valid_record("mediation_case", accepted_on="2025-12-20"), ACTOR)
        saved_by_an_older_version(store, case.id, **held)
        review_steps.submit(store, case.id)
        clock.set(datetime(2026, 3, 1, 2, 0, tzinfo=UTC))
        year_close.close_year(store, 2025)
        return case
    return make


@pytest.mark.parametrize(("held", "cleaned"), [({"case_name": "马某与李某\v宅基地纠纷"}, "马某与李某宅基地纠纷"),
                                               ({"remarks": "第一段\r\n第二段"}, "第一段\n第二段")])
def test_an_open_case_with_an_older_versions_control_text_can_be_concluded(store, held_case, held, cleaned):
    case = held_case(**held)
    [(name, _)] = held.items()
    saved = store.save("mediation_case", {"closed_on": "2026-02-25", "result": "调解成功", "agreement_form": "口头"},
                       ACTOR, record_id=case.id)
    assert saved.values["closed_on"] == "2026-02-25" and saved.values[name] == cleaned
    assert check_database(store).ok


def test_a_held_field_really_changed_is_still_refused(store, held_case):
    case = held_case(case_name="马某与李某\v宅基地纠纷")
    with pytest.raises(ValidationError, match=r"案件名称.*办理中的记录只能填写办理和办结情况"):
        store.save("mediation_case", {"case_name": "马某与李某宅基地纠纷（二）"}, ACTOR,
                   record_id=case.id)
