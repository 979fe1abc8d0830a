"""A printed 执法监督检查记录 of a check by many officers, as the officers who sign it see it: a line of their own
beside each one's name, and row labels that do not break inside a word."""

from __future__ import annotations

from fazhi_desktop.core.documents import build_document
from fazhi_desktop.core.documents.layout import Rule

OFFICERS = [surname + given for surname in "王马李" for given in ("志刚", "秀兰", "建国", "丽", "芳", "文", "海燕",
                                                                 "玉春", "斌")][:25]


def signing_lines(page) -> list[tuple[str, float]]:
    """(the name printed just left of it, its length) for each line to sign on of `page`."""
    runs = page.texts()
    out = []
    for rule in page.items:
        if isinstance(rule, Rule) and rule.y1 == rule.y2 and rule.width == 0.6:
            before = [r for r in runs if abs(r.y + 2 - rule.y1) < 0.5 and r.x < rule.x1]
            out.append((max(before, key=lambda r: r.x).text if before else "", rule.x2 - rule.x1))
    return out


def check(store, valid_record, officers):
    certificates = [{"name": name, "certificate_no": f"64052226{i:06d}", "valid_until": "2027-12-31"}
                    for i, name in enumerate(officers)]
    values = valid_record("enforcement_check", inspectors=officers, certificates=certificates,
                          staff_requiring_certificate=len(officers), staff_certified=len(officers))
    return build_document(store, store.save("enforcement_check", values, "杨芳"), "record")


def test_each_inspector_named_signs_on_a_line_of_their_own(store, valid_record):
    """25 officers had one "检查人员（签字）：____" of 25 mm to share; now each name has its line, three to a row."""
    doc = check(store, valid_record, OFFICERS)
    lines = signing_lines(doc.pages[-1])
    assert [name for name, _ in lines] == [*OFFICERS, "被检查单位负责人（签字）："], lines
    assert min(length for _, length in lines) >= 22 * 72 / 25.4  # room to sign a name by hand
    rows = {round(run.y) for run in doc.pages[-1].texts() if run.text in OFFICERS}
    assert len(rows) <= 9, rows  # in columns: a few rows, not 25


def test_a_check_by_two_officers_still_signs_on_one_page(store, valid_record):
    doc = check(store, valid_record, OFFICERS[:2])
    assert len(doc.pages) == 1
    assert [name for name, _ in signing_lines(doc.pages[0])] == [*OFFICERS[:2], "被检查单位负责人（签字）："]


def test_the_mediators_of_a_case_each_sign_beside_their_name(store, valid_record):
    values = valid_record("mediation_case", mediators=["苏燕", "马秀兰", "欧阳晓明"], mediated_on="2026-03-06")
    doc = build_document(store, store.save("mediation_case", values, "杨芳"), "record")
    assert [name for name, _ in signing_lines(doc.pages[-1])] == ["苏燕", "马秀兰", "欧阳晓明", "记录人（签字）："]


def test_the_rows_of_many_certificates_keep_their_label_on_one_line(store, valid_record):
    """"执法证核" / "查二十一": the label column broke the label inside 核查 from the twenty-first row on."""
    lines = check(store, valid_record, OFFICERS).text().split("\n")
    assert [f"执法证核查{n}" for n in range(1, 26)] == [line for line in lines if line.startswith("执法证核")]
    few = check(store, valid_record, OFFICERS[:12]).text().split("\n")  # as before while they fit: 一 … 十二
    assert "执法证核查一" in few and "执法证核查十二" in few
