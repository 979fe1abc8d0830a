"""个人信息摘录 (core/documents/extract.py): a copy of his own data across his records, his full ID number in it (he
asked to check it) and nothing of anyone else: every other output was the whole record, 李秀兰's number, phone and
illness with his."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from person_records import HIS_ID, HIS_PHONE, MISTYPED_ID, OTHERS, STAFF_PASSWORD, add_his_records

from fazhi_desktop.core import accounts, person_search
from fazhi_desktop.core.clock import local_today
from fazhi_desktop.core.documents.errors import DocumentError
from fazhi_desktop.core.documents.extract import render_extract

REASON = "当事人本人申请查阅、复制"


@pytest.fixture
def found(store, staff):
    accounts.login(store, "马丽", STAFF_PASSWORD)
    add_his_records(store)
    accounts.logout(store)
    accounts.login(store, "杨芳", STAFF_PASSWORD)
    return person_search.find(store, person_search.person("马建国", HIS_ID), REASON)


def pdf_text(path, tool: str = "pdftotext") -> str:
    if shutil.which(tool) is None:
        pytest.skip("poppler-utils is installed by .ci/setup")
    return subprocess.run([tool, str(path), *(["-"] if tool == "pdftotext" else [])], capture_output=True, text=True,
                          check=True).stdout


def test_the_extract_holds_his_full_numbers_and_no_other_partys(store, found, tmp_path):
    path = tmp_path / "摘录.pdf"
    rendered = render_extract(store, found, path)
    text = pdf_text(path)
    assert HIS_ID in text and MISTYPED_ID in text and HIS_PHONE in text  # his, in full, to check them
    assert [other for other in OTHERS if other in text] == []
    for said in ("个人信息摘录", "依据", "第四十五条", REASON, "打印人", "杨芳", "海城镇司法所", "〔2026〕投诉字第2号",
                 "申请人与马建国相邻关系纠纷", "此记录中的身份证号与本人此次提供的不同", "第四十六条", "核验码",
                 f"第1页共{rendered.pages}页"):
        assert said in text, said
    assert "〔2026〕人调字第3号" not in text  # where only the text names someone of his name


def test_the_pdf_title_names_no_person(store, found, tmp_path):
    """Its Title was 个人信息摘录 马建国: the name a PDF viewer's title bar and a shared printer's job log show."""
    path = tmp_path / "摘录.pdf"
    rendered = render_extract(store, found, path)
    title = pdf_text(path, "pdfinfo").split("Title:", 1)[1].splitlines()[0].strip()
    assert title == rendered.title == f"个人信息摘录 {local_today(store.clock).isoformat()}"
    assert "马建国" in pdf_text(path)  # the pages still name him: it is his


def test_the_extract_is_noted_once_the_file_is_complete_with_its_reason(store, found, tmp_path):
    before = store.query("SELECT count(*) AS n FROM reveal_log")[0]["n"]
    chosen = [hit for hit in found.hits if hit.record.number == "〔2026〕人调字第1号"]
    render_extract(store, found, tmp_path / "one.pdf", chosen)
    entries = store.query("SELECT number, how FROM reveal_log WHERE id > ?", [before])
    assert entries == [{"number": "〔2026〕人调字第1号", "how": f"个人信息摘录（{REASON}）"}]
    with pytest.raises(DocumentError, match="文件夹"):
        render_extract(store, found, tmp_path / "gone" / "x.pdf", chosen)
    assert store.query("SELECT count(*) AS n FROM reveal_log WHERE id > ?", [before])[0]["n"] == 1


def test_the_extract_says_where_in_the_program_its_codes_are_checked(store, found, tmp_path):
    """The person holding his extract was told `fazhi check-print 核验码`, a command line; the other papers name the
    menu (session 25's assessment), and so does the extract."""
    path = tmp_path / "extract.pdf"
    render_extract(store, found, path)
    text = pdf_text(path).replace("\n", "")
    assert "fazhi check-print" not in text
    assert "文件→核验打印件" in text
