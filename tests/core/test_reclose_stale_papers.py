# ruff: noqa: F811  (the archived fixture imported from tests/archived_year.py)
"""年度封账 again after a reopening names the papers printed for the archive box that the correction made out of date:
the agreement of the corrected case and the register page listing it; nothing at the first closing."""

from __future__ import annotations

from archived_year import archived  # noqa: F401  (fixture)

from fazhi_desktop.core import printed, stale_papers, year_close
from fazhi_desktop.core.documents import build_document, build_register_document


def test_closing_again_names_the_agreement_and_the_register_page_to_reprint(store, archived):
    assert stale_papers.said(store, 2026) == (
        "重新打开期间修改过的记录，此前打印的以下纸面已与数据库不符，已归档的请重新打印替换："
        "调解案件 〔2026〕人调字第1号的调解协议书（第 4 版）；海城镇司法所2026年调解案件台账第 1 页")


def test_papers_printed_again_are_not_named(store, archived, clock):
    case = store.get(archived["case"].id)
    build_document(store, case, "agreement")
    printed.note_printed(store, "agreement", [case])
    build_register_document(store, "mediation_case", 2026)
    assert stale_papers.said(store, 2026) == ""


def test_the_first_closing_and_an_unchanged_year_say_nothing(store, archived):
    assert stale_papers.said(store, 2025) == ""
    assert [e["op"] for e in year_close.log(store)] == ["close", "reopen", "close"]
