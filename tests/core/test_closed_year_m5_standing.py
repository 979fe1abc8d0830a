"""A closed year's M5 stands on its 31 December: it does not move by the clock alone for a case the closing locked."""
from datetime import UTC, date, datetime

import review_steps

from fazhi_desktop.core import accounts, year_close
from fazhi_desktop.core.indicators import compute, load_catalog_for
from fazhi_desktop.core.indicators.moving import moving

TOWN = "640522100"


def test_a_closed_years_m5_stays_as_closed(store, staff, clock, valid_record):
    accounts.login(store, "杨芳", "mima-2026")
    clock.set(datetime(2025, 12, 28, 2, 0, tzinfo=UTC))
    case = store.save("mediation_case", valid_record(
        "mediation_case", accepted_on="2025-11-01", mediated_on="2025-11-10", closed_on="2025-11-20",
        result="调解成功", agreement_form="书面", performance_status="正在履行",
        performance_deadline="2026-03-01"), "杨芳")
    review_steps.submit(store, case.id)
    clock.set(datetime(2026, 1, 10, 2, 0, tzinfo=UTC))
    year_close.close_year(store, 2025)
    assert store.get(case.id).status == "locked"

    def m5(today):
        results = compute(store, load_catalog_for(store), 2025, today=today)
        fig = results.figure("M5", TOWN)
        return (fig.numerator, fig.denominator), moving(store, results).note()

    february, april = m5(date(2026, 2, 1)), m5(date(2026, 4, 1))
    assert february[1] == april[1] == ""  # nothing of 2025 is said to move: its only case is locked
    # 2025 stands on its 31 December, before the 履行期限 (2026-03-01): not yet due, on either day
    assert february[0] == april[0] == (0, 0), (february, april)
