"""A minor party's 法定代理人 (民法典第十七至二十三条、第二十七条): a child under 18 on the 受理日期 without one is
questioned (a warning, not a refusal: the guardian's name may come later), the 协议书 writes the guardian after the
party's particulars and gives the guardian the party's signature line, and the field travels by Excel and CLI."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from excel_files import filled_template
from test_documents_pdf import text_of
from test_forms import break_form, refusal

from fazhi_desktop.core import accounts
from fazhi_desktop.core.display import mask_value
from fazhi_desktop.core.documents import render_document
from fazhi_desktop.core.excel_import import import_records, read_records
from fazhi_desktop.core.validate import Lookups, clean_record

BOY = "640522201503020034"  # 马小军, born 2015-03-02
YOUTH = "640522200806010023"  # born 2008-06-01: 17 on 2026-03-05, 18 by the years alone
ADULT = "640522198503120030"
UNFILLED = "按受理日期未满18周岁，法定代理人未填写，请补充（未成年人的父母是其监护人、法定代理人）"


def party(**values):
    return {"role": "申请人", "party_type": "自然人", "name": "马小军", **values}


def warnings_of(ledgers, valid_record, parties, masked=False):
    """The warnings of a case with these parties, to one shown their stored values masked (`masked`) or not."""
    data = valid_record("mediation_case", accepted_on="2026-03-05", parties=parties)
    lookups = Lookups(today=lambda: date(2026, 6, 1), masked_from=data if masked else None)
    return [(w.label, w.message) for w in clean_record(ledgers["mediation_case"], data, lookups).warnings]


@pytest.mark.parametrize("known", [{"birth_date": "2015-03-02"}, {"id_number": BOY}, {"age": 10},
                                   {"birth_date": "2008-03-06"}])
def test_a_minor_without_a_guardian_is_questioned_at_the_row(ledgers, valid_record, known):
    parties = [party(name="马文", id_number=ADULT), party(**known)]
    assert warnings_of(ledgers, valid_record, parties) == [("当事人第2行·法定代理人", UNFILLED)]


@pytest.mark.parametrize("row", [party(birth_date="2015-03-02", guardian="马文"), party(birth_date="2008-03-05"),
                                 party(id_number=ADULT), party(age=18), party(),
                                 {"role": "被申请人", "party_type": "单位", "org_name": "某某小学"}])
def test_an_adult_a_unit_an_unknown_age_or_a_minor_with_a_guardian_is_not(ledgers, valid_record, row):
    assert warnings_of(ledgers, valid_record, [row]) == []


def test_a_masked_number_counts_by_its_birth_year_only(ledgers, valid_record):
    """17 on the 受理日期 by the birthday, 18 by the years: to a user who sees the number masked the warning would
    tell its month and day, so it says nothing; one years younger is questioned either way."""
    assert warnings_of(ledgers, valid_record, [party(id_number=YOUTH)]) == [("当事人第1行·法定代理人", UNFILLED)]
    assert warnings_of(ledgers, valid_record, [party(id_number=YOUTH)], masked=True) == []
    assert warnings_of(ledgers, valid_record, [party(id_number=BOY)], masked=True) != []
    # the birth date saving filled from the number is masked with it
    assert warnings_of(ledgers, valid_record, [party(id_number=YOUTH, birth_date="2008-06-01")],
                       masked=True) == []


def test_a_birth_date_seen_masked_counts_by_its_year_only(store, staff, clock, valid_record):
    """A 录入员 sees a party's 出生日期 as 2008-**-** (no ID number given): the warning went by the full date, so
    moving the 受理日期 from 30 May to 2 June 2026 made it vanish, telling her the birthday. Both 17 or 18 by the
    years alone, it now says nothing either way, as for a masked ID number; a 所长, who may reveal, is still told."""
    accounts.login(store, "杨芳", "mima-2026")
    clock.set(datetime(2026, 7, 1, 2, 0, tzinfo=UTC))
    case = store.save("mediation_case", valid_record("mediation_case", accepted_on="2026-05-30",
                                                     parties=[party(birth_date="2008-06-01")]), "杨芳")
    assert [w.label for w in case.warnings] == ["当事人第1行·法定代理人"]  # 17 on the day, to one who sees it
    accounts.logout(store)
    accounts.login(store, "马丽", "mima-2026")  # 录入员: no record.reveal
    for day in ("2026-05-30", "2026-06-02"):
        assert store.save("mediation_case", {"accepted_on": day}, "马丽", record_id=case.id).warnings == ()
    young = store.save("mediation_case", {"parties": [party(birth_date="2009-12-01")]}, "马丽", record_id=case.id)
    assert [w.label for w in young.warnings] == ["当事人第1行·法定代理人"]  # typed by her: seen whole


def test_a_birth_date_seen_masked_is_not_told_by_the_born_after_warning(store, staff, clock, valid_record):
    """The same for the birth date after the 受理日期: 2026-**-** seen, the 受理日期 moved across the hidden
    birthday says nothing."""
    accounts.login(store, "杨芳", "mima-2026")
    clock.set(datetime(2026, 7, 1, 2, 0, tzinfo=UTC))
    case = store.save("mediation_case", valid_record("mediation_case", accepted_on="2026-06-20", parties=[
        party(birth_date="2026-06-10", guardian="马文", guardian_relation="父亲")]), "杨芳")
    accounts.logout(store)
    accounts.login(store, "马丽", "mima-2026")
    assert store.save("mediation_case", {"accepted_on": "2026-06-01"}, "马丽", record_id=case.id).warnings == ()


@pytest.mark.parametrize("twin_first", [False, True])
@pytest.mark.parametrize("sent_masked", [False, True])
def test_a_twin_typed_whole_by_the_clerk_is_judged_by_the_full_date(store, staff, clock, valid_record, twin_first,
                                                                    sent_masked):
    """The stored 马小军 (2008-06-01, no guardian: 17 on the 受理日期 2026-05-30, 18 by the years) is shown to the
    录入员 as 2008-**-**; she adds his twin 马小兵, typing 2008-06-01 whole. Every value equal to a stored masked one
    was judged by its year, so her own typed date lost the warning a 所长 gets. It is now judged where it stands:
    the twin's row is questioned, 马小军's (sent back as the editor keeps it, or masked as `fazhi show` gave it,
    before or after the twin) still says nothing of his birthday."""
    accounts.login(store, "杨芳", "mima-2026")
    clock.set(datetime(2026, 7, 1, 2, 0, tzinfo=UTC))
    case = store.save("mediation_case", valid_record("mediation_case", accepted_on="2026-05-30",
                                                     parties=[party(birth_date="2008-06-01")]), "杨芳")
    accounts.logout(store)
    accounts.login(store, "马丽", "mima-2026")  # 录入员: no record.reveal
    stored = store.get(case.id).values["parties"]
    if sent_masked:
        stored = mask_value(store.ledger("mediation_case").field("parties"), stored)
    twin = party(name="马小兵", role="被申请人", birth_date="2008-06-01")
    rows = [twin, *stored] if twin_first else [*stored, twin]
    saved = store.save("mediation_case", {"parties": rows}, "马丽", record_id=case.id)
    assert [w.label for w in saved.warnings] == [f"当事人第{1 if twin_first else 2}行·法定代理人"]
    assert saved["parties"][1 if twin_first else 0]["birth_date"] == "2008-06-01"  # his, kept


def test_the_warning_does_not_stop_the_save_and_goes_once_the_guardian_is_entered(store, valid_record):
    case = store.save("mediation_case", valid_record("mediation_case", parties=[party(birth_date="2015-03-02")]),
                      "杨芳")
    assert [w.label for w in case.warnings] == ["当事人第1行·法定代理人"]
    done = store.save("mediation_case", {"parties": [party(birth_date="2015-03-02", guardian="马文",
                                                           guardian_relation="父亲")]}, "杨芳", record_id=case.id)
    assert done.warnings == () and done["parties"][0]["guardian_relation"] == "父亲"


def agreement(store, valid_record, tmp_path, parties):
    case = store.save("mediation_case", valid_record(
        "mediation_case", parties=parties, result="调解成功", agreement_form="书面", mediated_on="2026-03-06",
        mediators=["杨芳"]), "杨芳")
    render_document(store, case.id, "agreement", tmp_path / "a.pdf")
    return text_of(tmp_path / "a.pdf").replace("\n", "")


def test_the_agreement_writes_the_guardian_and_gives_him_the_signature_line(store, valid_record, tmp_path):
    text = agreement(store, valid_record, tmp_path, [
        party(gender="男", ethnicity="回族", birth_date="2015-03-02", guardian="马文", guardian_relation="父亲"),
        party(role="被申请人", name="李建国", id_number=ADULT),
        party(role="第三人", name="田小花", age=12)])
    assert "申请人：马小军，男，回族，2015年**月**日出生。法定代理人：马文，系马小军之父。" in text
    assert "申请人 马小军的法定代理人 马文：" in text
    assert "被申请人 李建国：" in text and "李建国的法定代理人" not in text
    # a minor whose guardian is not recorded yet: the line is still the guardian's, to be filled in by hand
    assert "第三人 田小花的法定代理人：" in text and "第三人 田小花：" not in text
    # ...and so is the clause under the particulars, where the mediator writes the guardian's name and relation
    assert "第三人：田小花，12岁。法定代理人：＿＿＿＿，系田小花之＿＿。" in text


def test_a_relation_other_than_the_usual_is_written_as_typed(store, valid_record, tmp_path):
    text = agreement(store, valid_record, tmp_path, [party(age=9, guardian="马志强", guardian_relation="叔叔")])
    assert "9岁。法定代理人：马志强，系马小军之叔叔。" in text


def test_an_excel_import_takes_the_guardian_and_questions_a_minor_without_one(store, ledgers, tmp_path):
    cases = [{"案件名称": "马小军纠纷", "受理日期": "2026-03-05", "纠纷类型": "邻里纠纷"},
             {"案件名称": "田小花纠纷", "受理日期": "2026-03-05", "纠纷类型": "邻里纠纷"}]
    parties = [{"记录序号": 1, "角色": "申请人", "姓名": "马小军", "身份证号": BOY, "法定代理人": "马文",
                "与当事人关系": "父亲"},
               {"记录序号": 2, "角色": "申请人", "姓名": "田小花", "年龄": 12}]
    path = filled_template(ledgers["mediation_case"], tmp_path / "c.xlsx", cases, {"当事人": parties})
    reading = read_records(store, "mediation_case", path)
    assert reading.problems == [] and [str(w) for w in reading.warnings] == [
        f"工作表“当事人”第 3 行·法定代理人：{UNFILLED}"]
    saved = {r.values["case_name"]: r.values["parties"][0] for r in import_records(store, reading, "杨芳")}
    assert (saved["马小军纠纷"]["guardian"], saved["马小军纠纷"]["guardian_relation"]) == ("马文", "父亲")
    assert saved["田小花纠纷"]["guardian"] is None


def test_a_minor_check_without_a_way_to_tell_the_age_is_refused_when_the_form_is_read(tmp_path):
    check = 'guardian = "guardian"\nbirth_date = "birth_date"\nidcard = "id_number"\nage = "age"\non = "accepted_on"'
    error = refusal(break_form(tmp_path, "mediation_case.toml", check, 'guardian = "guardian"\non = "accepted_on"'))
    assert "minor 核对需要 birth_date、idcard 或 age" in str(error) and error.field == "guardian"


def test_the_guardian_blanks_are_never_split_across_lines(store, valid_record):
    """"法定代理人：＿＿＿＿" ended one line and "＿＿，系田小花之＿＿。" began the next: the clause to fill in by hand
    moves to the next line whole."""
    from fazhi_desktop.core.documents import build_document

    child = party(name="田小花", gender="女", ethnicity="回族", birth_date="2012-02-03", occupation="农民",
                  address="海原县海城镇山门村三组", phone="13955500003")
    case = store.save("mediation_case", valid_record(
        "mediation_case", parties=[child], result="调解成功", agreement_form="书面", mediated_on="2026-03-06",
        mediators=["杨芳"]), "杨芳")
    lines = build_document(store, case, "agreement").text().split("\n")
    clause = next(line for line in lines if "法定代理人：" in line)
    assert "法定代理人：＿＿＿＿，系田小花之＿＿。" in clause, lines



def test_a_masked_agreement_says_nothing_of_the_birthday_however_the_accepted_date_moves(store, valid_record):
    """Printed again after the 受理日期 moved across the birthday, the masked 协议书 gained or lost the guardian's
    lines: nine prints found the month and day the mask hides. Masked, the birth year decides, and 18 by the years
    (17 or 18 by the birthday) has the blank guardian's lines: a minor's agreement needs them. Revealed, the date
    does, as before."""
    from fazhi_desktop.core.documents import build_document

    case = store.save("mediation_case", valid_record(
        "mediation_case", parties=[party(id_number=YOUTH)], result="调解成功", agreement_form="书面",
        mediated_on="2026-07-02", mediators=["杨芳"]), "杨芳")
    masked, revealed = [], []
    for day in ("2026-03-01", "2026-07-01"):  # 17 on the first, 18 on the second
        case = store.save("mediation_case", {"accepted_on": day}, "杨芳", record_id=case.id)
        for reveal, texts in ((False, masked), (True, revealed)):
            text = build_document(store, case, "agreement", reveal=reveal).text()
            texts.append([line for line in text.split("\n") if "核验" not in line and " 版" not in line])
    assert masked[0] == masked[1]
    assert "申请人 马小军的法定代理人：" in "".join(masked[0]) and "法定代理人：＿＿＿＿" in "".join(masked[0])
    assert "申请人 马小军的法定代理人：" in "".join(revealed[0])
    assert "法定代理人" not in "".join(revealed[1])
