# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""An inspector of the 司法厅 checks printed papers: each page names the record and revision it was printed from, a
一致 says what the code cannot see (the paper's text), and at the county the answer names the township whose paper
it is and up to which of its bundles the county compared."""

from __future__ import annotations

import json

import pytest
from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.check import check_database
from fazhi_desktop.core.documents import build_document, check_print
from fazhi_desktop.core.documents.verify import TEXT_UNSEEN
from fazhi_desktop.core.ids import canonical_json, sha256_text
from fazhi_desktop.core.store import chain_hash

LONG = "双方同意按以下方式分期履行，逐月核对账目，履行情况由人民调解委员会回访记录。" * 40


@pytest.fixture
def case(store, valid_record):
    return store.save("mediation_case", valid_record("mediation_case", result="调解成功", agreement_form="书面",
                                                     agreement_content=LONG), "杨芳")


@pytest.fixture
def long_meeting(store, valid_record):
    item = {"title": "传达学习上级会议精神", "presenter": "马志刚", "discussion": LONG}
    return store.save("meeting", valid_record("meeting", meeting_type="党委会", record_form="会议纪要",
                                              agenda_items=[item]), "杨芳")


@pytest.mark.parametrize(("which", "kind"), [("case", "agreement"), ("case", "record"),
                                             ("long_meeting", "minutes"), ("long_meeting", "record")])
def test_every_page_of_a_document_carries_its_code(request, store, which, kind):
    """The mark was on the last page only: page 1 of a 协议书 (the terms) could be swapped for a page 1 printed
    from another revision, or retyped in a PDF editor, under a last page that checked out 一致."""
    record = request.getfixturevalue(which)
    doc = build_document(store, record, kind)
    assert len(doc.pages) >= 2
    for number, page in enumerate(doc.pages, 1):
        assert any(doc.code in run.text for run in page.texts()), f"第 {number} 页没有核验码"


def test_a_paper_that_checks_out_is_said_not_to_prove_its_text(store, case):
    said = check_print(store, build_document(store, case, "agreement").code)
    assert said.ok and said.message.startswith("一致：") and said.message.endswith(TEXT_UNSEEN)
    assert "涂改" in TEXT_UNSEEN and "记录" not in said.message  # the paper's kind is not named (a 协议书 in hand)


def test_the_county_names_the_township_whose_paper_it_is_and_what_it_received(world, valid_record):
    """Both townships number their own 〔2026〕人调字第1号: the county said "一致：纸面所印为调解案件
    〔2026〕人调字第1号 …" for a photocopy of 海城镇's passed off as 李旺镇's, and "与数据库现有内容相同" of a
    record the township had changed since its last bundle."""
    codes = {}
    for town_code in ("640522100", "640522101"):
        town = world.town(town_code)
        case = town.store.save("mediation_case", valid_record("mediation_case", result="调解成功",
                                                              agreement_form="书面", agreement_content="双方和好。"),
                               "杨芳")
        codes[town_code] = build_document(town.store, case, "agreement").code
        assert world.import_(world.export(town).path).ok
    haicheng = check_print(world.county, codes["640522100"]).message
    liwang = check_print(world.county, codes["640522101"]).message
    assert haicheng.startswith("一致：纸面所印为海城镇的调解案件 〔") and "李旺镇" not in haicheng
    assert liwang.startswith("一致：纸面所印为李旺镇的调解案件 〔")
    assert "县里收到的是海城镇第 1 号数据包（" in haicheng and "此后乡镇的修改尚未收到" in haicheng
    at_township = check_print(world.towns["640522100"].store, codes["640522100"]).message
    assert "海城镇的" not in at_township and "数据包" not in at_township


def rewrite_history(store, record_id: str, **values) -> None:
    """What a person who can open the database file can do: every revision of a record rewritten, its hashes and
    the change log's chain computed again (SHA-256, keyed by nothing), so that `fazhi check` finds nothing."""
    rows = store.conn.execute("SELECT seq, data FROM changes WHERE record_id = ?", [record_id]).fetchall()
    for seq, data in rows:
        content = json.loads(data)
        content["values"] = {**content["values"], **values}
        text = canonical_json(content)
        store.conn.execute("UPDATE changes SET data = ?, content_hash = ? WHERE seq = ?",
                           [text, sha256_text(text), seq])
    prev = None
    cursor = store.conn.execute("SELECT * FROM changes ORDER BY seq")
    names = [d[0] for d in cursor.description]
    for row in cursor.fetchall():
        entry = dict(zip(names, row, strict=True))
        entry["prev_hash"] = prev if prev is not None else entry["prev_hash"]
        prev = chain_hash(entry)
        store.conn.execute("UPDATE changes SET prev_hash = ?, entry_hash = ? WHERE seq = ?",
                           [entry["prev_hash"], prev, entry["seq"]])
    last = store.conn.execute("SELECT content_hash FROM changes WHERE record_id = ? ORDER BY revision DESC LIMIT 1",
                              [record_id]).fetchone()[0]
    assignments = ", ".join(f'"{name}" = ?' for name in values)
    store.conn.execute(f"UPDATE mediation_case SET {assignments}, content_hash = ? WHERE id = ?",
                       [*values.values(), last, record_id])
    store.conn.commit()


def test_a_genuine_paper_of_a_rewritten_database_is_not_only_blamed_on_the_paper(store, valid_record):
    """The 协议书's terms rewritten in the database file with its chain computed again: `fazhi check` passes, and the
    genuine paper was told "打印件可能被改动，或来自另一个数据库" — the paper blamed for the database's forgery."""
    case = store.save("mediation_case", valid_record("mediation_case", result="调解成功", agreement_form="书面",
                                                     agreement_content="双方和好。"), "杨芳")
    code = build_document(store, case, "agreement").code
    rewrite_history(store, case.id, agreement_content="被申请人赔偿申请人人民币50000元。")
    assert check_database(store).ok  # the limit README states: the chain is no seal against the file's holder
    said = check_print(store, code)
    assert said.status == "mismatch"
    assert "本数据库在本程序之外被改写过" in said.message
    assert "县" not in said.message  # never sent: the county holds nothing to check it by
