"""The 关联记录 row (links.linked_from), made for a study's paper to name its meetings, named every record linking
another: a 行政执法监督检查's printed record carried the 投诉事项 of each complaint whose 关联监督检查 it was, what
the complainant (who may be anonymous) told of the unit checked, on a paper the unit checked may see. A complaint
is named by its number and day alone; a meeting still by its title."""

from __future__ import annotations

from fazhi_desktop.core.documents import build_document
from fazhi_desktop.core.links import linked_from

MATTER = "马某某反映执法人员未出示执法证"


def test_a_checks_paper_names_the_complaint_without_its_matter(store, valid_record):
    check = store.save("enforcement_check", valid_record("enforcement_check"), "杨芳")
    complaint = store.save("complaint", valid_record("complaint", matter=MATTER, related_check=check.id), "杨芳")
    said = linked_from(store, check)
    assert said and MATTER not in said
    assert f"{complaint.number or '（未编号）'}（2026-03-05）" in said
    text = build_document(store, check, "record").text().replace("\n", "")
    assert "关联记录" in text and MATTER not in text
