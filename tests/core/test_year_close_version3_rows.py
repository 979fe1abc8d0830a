"""A mediation case saved by a version-3 program keeps its 当事人 rows without the 法定代理人 keys version 4 added
(`since = 4`); every save's cleaning gives each row `guardian: null, guardian_relation: null`. That is no change: the
content hash leaves an empty later sub-field out (LedgerDef.content_values). Store.save compared the raw values, so
the case saved as loaded took a new revision that changed nothing; year_close.check_write compares held fields the
same way (LedgerDef.same_value), so an open case of a closed year can be concluded, from the editor, which sends
every field, or with `fazhi update --json` naming only the conclusion."""

from datetime import UTC, datetime

import pytest
import review_steps
from bundle_world import saved_by_an_older_version

from fazhi_desktop.core import accounts, year_close

ACTOR = "杨芳"
V3_KEYS = ("role", "party_type", "name", "gender", "ethnicity", "birth_date", "age", "id_number", "occupation",
           "address", "org_name", "credit_code", "legal_representative", "org_address", "phone", "agent")
CONCLUSION = {"closed_on": "2026-02-25", "result": "调解成功", "agreement_form": "口头"}


@pytest.fixture
def v3_case(store, staff, clock, valid_record):
    """A case accepted on 20 December 2025, its parties as version 3 stored them."""
    accounts.login(store, "杨芳", "mima-2026")
    clock.set(datetime(2025, 12, 28, 2, 0, tzinfo=UTC))
    case = store.save("mediation_case", valid_record("mediation_case", accepted_on="2025-12-20"), ACTOR)
    saved_by_an_older_version(store, case.id, parties=[{k: row.get(k) for k in V3_KEYS} for row in case["parties"]])
    assert "guardian" not in store.get(case.id).values["parties"][0]
    return case


def _log_length(store) -> int:
    return store.query("SELECT COUNT(*) AS n FROM changes")[0]["n"]


def test_a_version_3_case_saved_as_loaded_takes_no_new_revision(store, v3_case):
    logged = _log_length(store)
    saved = store.save("mediation_case", dict(store.get(v3_case.id).values), ACTOR, record_id=v3_case.id)
    assert saved.revision == v3_case.revision
    assert _log_length(store) == logged


@pytest.mark.parametrize("sent_whole", [True, False], ids=["editor", "update-json"])
def test_a_version_3_open_case_of_a_closed_year_can_be_concluded(store, clock, v3_case, sent_whole):
    review_steps.submit(store, v3_case.id)
    clock.set(datetime(2026, 3, 1, 2, 0, tzinfo=UTC))
    year_close.close_year(store, 2025)
    stored = store.get(v3_case.id).values
    sent = {**stored, **CONCLUSION} if sent_whole else CONCLUSION
    saved = store.save("mediation_case", sent, ACTOR, record_id=v3_case.id)
    assert saved.values["closed_on"] == "2026-02-25"
    assert saved.values["parties"][0]["name"] == stored["parties"][0]["name"]
