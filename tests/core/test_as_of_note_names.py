"""`--as-of` counts a 行政裁决's 权利义务告知 given after the day (T35, a 100 % target) and a later 司法确认 (M8), but
the note it prints named only 调解结果、履行情况、结案日期、回访 as counted as entered now."""
from datetime import date

from fazhi_desktop.core.indicators import compute, load_catalog_for
from fazhi_desktop.core.indicators.engine import AS_OF_NOTE


def test_the_as_of_note_names_what_t35_and_m8_count_as_entered_now(store, valid_record, clock):
    store.save("mediation_case", valid_record(
        "mediation_case", case_category="行政裁决", adjudication_matter="土地权属", accepted_on="2026-06-20",
        rights_notified=True, rights_notified_on="2026-07-05"), "杨芳")
    store.save("mediation_case", valid_record(
        "mediation_case", accepted_on="2026-06-01", mediated_on="2026-06-20", result="调解成功", agreement_form="书面",
        judicial_confirmation="已申请", confirmation_applied_on="2026-07-10"), "杨芳")
    results = compute(store, load_catalog_for(store), 2026, today=date(2026, 6, 30))
    t35, m8 = results.figure("T35", "640522100"), results.figure("M8", "640522100")
    assert (t35.numerator, t35.denominator, m8.numerator) == (1, 1, 1)  # the 告知 and 申请 of July count on 30 June
    assert "权利义务告知" in AS_OF_NOTE and "司法确认" in AS_OF_NOTE, AS_OF_NOTE
