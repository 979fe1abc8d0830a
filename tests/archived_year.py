"""A township's 2026 archived as the 所长 archives it (tests of restoring, checking papers and closing again): a
mediation case entered and reviewed; a backup on 5 January 2027; the year closed on the 8th and the case's agreement
and the register printed for the archive box; reopened on the 12th for the county's correction, the case corrected
and the year closed again."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import review_steps

from fazhi_desktop.core import accounts, printed, review, year_close
from fazhi_desktop.core.backup import create_backup
from fazhi_desktop.core.documents import build_document, build_register_document
from fazhi_desktop.core.documents.verify import MARK_LABEL

STAFF_PASSWORD = "mima-2026"  # the `staff` fixture's accounts (tests/conftest.py)
JANUARY = datetime(2027, 1, 8, 2, 0, tzinfo=UTC)


@pytest.fixture
def archived(store, staff, valid_record, clock, tmp_path):
    """2026's mediation case entered and reviewed; a backup on 5 January; the year closed on 8 January and its
    agreement and register printed for the archive box; reopened on the 12th for a correction, closed again."""
    accounts.login(store, "马丽", STAFF_PASSWORD)
    case = review_steps.submit(store, store.save("mediation_case", valid_record(
        "mediation_case", result="调解成功", agreement_form="书面", agreement_content="分期履行。",
        closed_on="2026-03-20"), "").id)
    accounts.login(store, "杨芳", STAFF_PASSWORD)
    review_steps.review(store, case.id)
    clock.set(datetime(2027, 1, 5, 2, 0, tzinfo=UTC))
    backup = create_backup(store.path, tmp_path / "usb", clock=clock).path
    clock.set(JANUARY)
    year_close.close_year(store, 2026)
    agreement = build_document(store, store.get(case.id), "agreement").code
    printed.note_printed(store, "agreement", [store.get(case.id)])  # the printer chosen: the paper is in the box
    register = build_register_document(store, "mediation_case", 2026)
    page = next(run.text for run in register.pages[0].texts() if run.text.startswith(MARK_LABEL)).split()[1]
    clock.advance(days=4)
    year_close.reopen_year(store, 2026, "县局通知更正履行方式")
    review.apply(store, case.id, "reopen", reason="更正履行方式")
    store.save("mediation_case", {**store.get(case.id).values, "agreement_content": "一次性履行。"}, "",
               record_id=case.id)
    review.apply(store, case.id, "submit")
    clock.advance(hours=1)
    year_close.close_year(store, 2026)
    clock.advance(days=1)
    return {"case": case, "backup": backup, "agreement": agreement, "page": page}
