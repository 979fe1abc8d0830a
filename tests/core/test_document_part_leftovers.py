"""A PDF or list export killed while written (the task manager, a power cut) left its unfinished file in the folder
the clerk chose, for good: on Windows a name starting with a dot is not hidden, and a PDF of full ID numbers stayed
in 文档 as .会议纪要.pdf.k3x9q2ab.part. The next PDF, workbook or CSV list written there removes the program's own
such files, and nothing else: not another program's, not one being written now."""

from __future__ import annotations

import os
import time

import pytest

from fazhi_desktop.core.documents import build_document
from fazhi_desktop.core.documents.pdf import write_pdf
from fazhi_desktop.core.list_export import write_list
from fazhi_desktop.core.store import ListQuery

KILLED = (".会议纪要.pdf.k3x9q2ab.part", ".调解案件.xlsx.ab12cd34.part", ".会议.CSV.zz99aa11.part")
NOT_OURS = (".说明.docx.ab12cd34.part", "下载.pdf.part", ".会议纪要.pdf.part")


@pytest.fixture
def folder(tmp_path):
    """The clerk's 文档 with what killed writes left a minute ago, and what is not the program's."""
    folder = tmp_path / "文档"
    folder.mkdir()
    a_minute_ago = time.time() - 60
    for name in (*KILLED, *NOT_OURS):
        (folder / name).write_bytes(b"%PDF-1.4 640522196803120316")
        os.utime(folder / name, (a_minute_ago, a_minute_ago))
    (folder / ".签到表.pdf.fresh123.part").write_bytes(b"%PDF-1.4")  # being written this moment
    return folder


def remaining(folder) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_a_pdf_written_there_removes_what_killed_ones_left(store, valid_record, folder):
    record = store.save("meeting", valid_record("meeting"), "杨芳")
    write_pdf(build_document(store, record, "minutes"), folder / "纪要.pdf")
    assert remaining(folder) == {"纪要.pdf", ".签到表.pdf.fresh123.part", *NOT_OURS}


def test_a_list_exported_there_removes_them_too(store, valid_record, folder):
    store.save("meeting", valid_record("meeting"), "杨芳")
    write_list(store, ListQuery("meeting"), folder / "会议.csv")
    assert remaining(folder) == {"会议.csv", ".签到表.pdf.fresh123.part", *NOT_OURS}
