"""The 投诉举报台账 printed a complaint still being handled as 未办 / 结 on two lines under 是否按期办结: the column
was cut to two characters to leave room for the complaint's matter, as a count's would be. A flag's answer (是, 否,
未办结) is held whole on one line, however full the page, as a status and a name are."""

from __future__ import annotations

from datetime import UTC, datetime

from fazhi_desktop.core.documents import build_register_document

RESPONDENT = "海城镇农业农村综合服务中心"
MATTER = "禁牧执法中处罚标准不一致，执法人员未出示执法证"


def test_an_open_complaints_not_concluded_stays_on_one_line_in_a_full_register(store, valid_record, clock):
    clock.set(datetime(2027, 1, 10, 2, tzinfo=UTC))  # printed in January, the year's last complaint still open
    for day in range(1, 29):
        store.save("complaint", valid_record("complaint", accepted_on=f"2026-{day % 12 + 1:02}-{day % 28 + 1:02}",
                                             respondent=RESPONDENT, matter=MATTER, due_on=f"2026-{day % 12 + 1:02}-28",
                                             closed_on=f"2026-{day % 12 + 1:02}-28", handling_result="部分属实",
                                             closed_in_time=True), "马丽")
    store.save("complaint", valid_record("complaint", accepted_on="2026-12-29", respondent=RESPONDENT, matter=MATTER,
                                         due_on="2027-01-13"), "马丽")
    doc = build_register_document(store, "complaint", 2026)
    runs = [run.text for page in doc.pages for run in page.texts()]
    assert "未办结" in runs, [r for r in runs if len(r) < 3 and r in "未办结"]
    assert "未办" not in runs and "结" not in runs
