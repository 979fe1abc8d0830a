"""Page 1 of each printed document (and the agreement's signature page), from a fresh demonstration database, into
docs/img/doc-*.png.

    .venv/bin/python docs/document_images.py        (needs poppler-utils: pdftoppm)

The PDFs are made exactly as `fazhi pdf` and `fazhi register` make them, then page 1 is rendered at 80 dpi.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from fazhi_desktop.core.demo import fill_demo
from fazhi_desktop.core.documents import render_document, render_register
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import ListQuery, Store

OUT = Path(__file__).resolve().parent / "img"


def first(store: Store, ledger: str, **where) -> str:
    for record in store.list(ListQuery(ledger)):
        if all(record.values.get(k) == v for k, v in where.items()):
            return record.id
    raise SystemExit(f"演示数据中没有符合条件的{ledger}记录：{where}")


def picture(pdf: Path, page: int, name: str, title: str, pages: int) -> None:
    """Page `page` of `pdf` at 80 dpi as docs/img/`name`.png."""
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                    str(OUT / name)], check=True)
    print(f"docs/img/{name}.png  ← {title}（第 {page} 页，共 {pages} 页）")


def main() -> int:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        clock = lambda: datetime(2026, 11, 30, 8, tzinfo=UTC)  # noqa: E731  (a full year of demo records)
        store = init_database(Path(tmp) / "demo.db", "640522100", operator="杨芳", clock=clock)
        fill_demo(store, 2026, per_ledger=30, seed=2026)
        topical = first(store, "meeting", meeting_type="专题研究部署法治政府建设会议")
        jobs = {
            "minutes": lambda p: render_document(store, topical, "minutes", p),
            "meeting-record": lambda p: render_document(store, topical, "record", p),
            "signin": lambda p: render_document(store, first(store, "law_study", activity_type="专题法治讲座"),
                                                "signin", p),
            "agreement": lambda p: render_document(
                store, first(store, "mediation_case", case_category="人民调解", result="调解成功",
                             agreement_form="书面"), "agreement", p),
            "record-enforcement_check": lambda p: render_document(
                store, store.list(ListQuery("enforcement_check"), limit=1)[0].id, "record", p),
            "register": lambda p: render_register(store, "mediation_case", 2026, p),
        }
        for name, make in jobs.items():
            pdf = Path(tmp) / f"{name}.pdf"
            rendered = make(pdf)
            picture(pdf, 1, f"doc-{name}", rendered.title, rendered.pages)
            if name == "agreement":  # and its last page: the end of the agreement with the signatures
                picture(pdf, rendered.pages, "doc-agreement-signatures", rendered.title, rendered.pages)
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
