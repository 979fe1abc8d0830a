"""`fazhi register all`: the five registers the county's inspection asks for in one PDF (twenty-seventh session),
each from a new page as printed alone, where the command printed one ledger a run."""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # tests/cli/test_cli_documents.py

from test_cli_documents import CASE, MEETING, add, db  # noqa: F401  (db: a fixture)

from fazhi_desktop.cli import main


def test_register_all_writes_every_ledgers_register_into_one_pdf(db, tmp_path, capsys, monkeypatch):  # noqa: F811
    add(capsys, monkeypatch, "meeting", MEETING)
    add(capsys, monkeypatch, "mediation_case", CASE)
    out_file = tmp_path / "全部台账.pdf"
    assert main(["register", "all", "--quiet", "-o", str(out_file)]) == 0
    captured = capsys.readouterr()
    assert "未指定 --year，打印2026年的台账" in captured.err
    assert f"已生成2026年全部台账：{out_file}（共 5 页）" in captured.out  # five registers of a page each
    codes = set()
    for number in range(1, 6):  # each page's code checks out as its register's page
        page = re.search(r"[0-9a-f]{12}-1-[0-9a-f]{8}", _page_text(out_file, number))
        assert page, number
        codes.add(page[0])
        assert main(["check-print", page[0]]) == 0
        assert "一致：纸面所印为海城镇司法所2026年" in capsys.readouterr().out
    assert len(codes) == 5


def _page_text(path: Path, page: int) -> str:
    import subprocess

    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
