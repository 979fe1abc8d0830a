"""Document benchmarks, each against plain reportlab doing the same work in the same run and the same fonts.

    .venv/bin/python bench/documents_bench.py [--repeat 15] [--rows 1000]

1. A three-page 会议纪要 (our layout: GB/T 9704 grid, 避头尾 line breaker, justified lines, QR mark; then the PDF)
   against reportlab's SimpleDocTemplate setting the same paragraphs (Paragraph, wordWrap='CJK') in the same
   registered TrueType fonts and sizes. Target: at most 2x.
2. A register of `--rows` meeting records (ours: read the year's records from the database, lay out the landscape
   table with the header on every page, write the PDF) against reportlab's platypus Table of the same rows
   (Paragraph cells with wordWrap='CJK', repeatRows=1, same column widths and fonts), rows already in memory.
   Target: at most 2x.
Fonts are registered once before timing (both sides use them). Medians of `--repeat` runs, ours and plain
alternating. Results are printed and
written to bench/results/documents.json.
"""

from __future__ import annotations

import argparse
import io
import json
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import reportlab
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

sys.path.insert(0, str(Path(__file__).parent))
import itertools

import bench_results
from core_bench import meeting

from fazhi_desktop.core.documents import build_document, build_register_document
from fazhi_desktop.core.documents.fonts import resolve_fonts
from fazhi_desktop.core.documents.minutes import body_paragraphs, presence_blocks
from fazhi_desktop.core.documents.pdf import pdf_bytes
from fazhi_desktop.core.documents.register import cell_text, register_columns
from fazhi_desktop.core.documents.verify import qr_modules
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import ListQuery, Store


def paired_medians(ours, plain, repeat: int) -> tuple[float, float]:
    """Median seconds of each, the two run alternately so that a busy machine slows both alike."""
    a, b = [], []
    for _ in range(repeat):
        for fn, times in ((ours, a), (plain, b)):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    return statistics.median(a), statistics.median(b)


def long_meeting(store: Store):
    items = [{"title": f"审议《海城镇农村人居环境整治实施方案（第{i}稿）》", "needs_review": True,
              "review_status": "已审查合法", "review_doc_no": f"海城司审〔2026〕{i}号", "presenter": "王梅",
              "discussion": "与会人员认为方案总体可行，建议细化责任分工和时间节点，做好政策解读和群众宣传工作，"
                            "确保各项措施依法依规落实到位。",
              "decision": "原则通过，由镇农业农村综合服务中心按程序印发实施，司法所跟踪合法性审查意见的落实情况。"}
             for i in range(1, 6)]
    data = {"title": "2026年第9次镇政府常务会议", "meeting_type": "乡镇行政会议(政府常务会议)", "held_on": "2025-09-15",
            "location": "镇政府三楼会议室", "host": "田玉春", "recorder": "王梅", "office_head_attendance": "全程",
            "attendees": ["马志刚", "田玉春", "李强", "王梅", "禹成", "海军", "苏燕"], "observers": ["杨芳"],
            "agenda_items": items}
    return store.save("meeting", data, "基准测试")


def plain_minutes(store: Store, record, fonts) -> bytes:
    """The same text in the same fonts and sizes, set by reportlab's own paragraphs."""
    body = ParagraphStyle("body", fontName=fonts["fangsong"], fontSize=16, leading=28.99, firstLineIndent=32,
                          wordWrap="CJK", alignment=4)
    head = ParagraphStyle("head", parent=body, fontName=fonts["heiti"])
    title = ParagraphStyle("title", fontName=fonts["xiaobiaosong"], fontSize=22, leading=29, alignment=1,
                           wordWrap="CJK")
    flow = [Paragraph(record.values["title"], title), Spacer(1, 29)]
    flow += [Paragraph(text, head if kind == "h1" else body) for kind, text in body_paragraphs(store, record)]
    flow += [Paragraph(f"{label}：{names}", body) for label, names in presence_blocks(record)]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=(595.27, 841.89), leftMargin=28 * mm, rightMargin=26 * mm,
                      topMargin=37 * mm, bottomMargin=35 * mm).build(flow)
    return buffer.getvalue()


def plain_register(rows: list[list[str]], widths: list[float], fonts) -> bytes:
    cell = ParagraphStyle("cell", fontName=fonts["songti"], fontSize=9.5, leading=12.5, wordWrap="CJK")
    data = [[Paragraph(text.replace("\n", "<br/>"), cell) for text in row] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0)), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=(841.89, 595.27), leftMargin=14 * mm, rightMargin=14 * mm,
                      topMargin=14 * mm, bottomMargin=20 * mm).build([table])
    return buffer.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--rows", type=int, default=1000)
    args = parser.parse_args()
    fonts = resolve_fonts()
    with tempfile.TemporaryDirectory() as tmp:
        clock = lambda: datetime(2026, 12, 1, 8, tzinfo=UTC)  # noqa: E731
        store = init_database(Path(tmp) / "bench.db", "640522100", clock=clock)
        record = long_meeting(store)
        doc = build_document(store, record, "minutes", fonts=fonts)
        pages = len(doc.pages)
        def ours() -> bytes:
            qr_modules.cache_clear()  # time the QR code too, as for a record printed the first time
            return pdf_bytes(build_document(store, record, "minutes", fonts=fonts))

        ours_minutes, plain_minutes_s = paired_medians(ours, lambda: plain_minutes(store, record, fonts), args.repeat)

        rng = random.Random(2026)
        rows = [meeting(rng, 2026) for _ in range(args.rows)]
        store.save_many("meeting", rows, "基准测试")
        reg = build_register_document(store, "meeting", 2026)
        ledger = store.ledger("meeting")
        columns = register_columns(ledger)
        records = store.list(ListQuery("meeting", year=2026, descending=False))
        table_rows = [["序号", *(ledger.column_label(c) for c in columns)]]
        table_rows += [[str(i), *(cell_text(ledger, r, c) for c in columns)] for i, r in enumerate(records, 1)]
        widths = _register_widths(reg)
        ours_register, plain_register_s = paired_medians(
            lambda: pdf_bytes(build_register_document(store, "meeting", 2026)),
            lambda: plain_register(table_rows, widths, fonts), max(3, args.repeat // 3))
        plain_pages = _pages(plain_register(table_rows, widths, fonts))
        store.close()
    result = {
        "python": platform.python_version(), "reportlab": reportlab.Version, "machine": platform.machine(),
        "fonts": {role: choice.display_name for role, choice in fonts.choices.items()},
        "minutes": {"pages": pages, "ours_ms": round(ours_minutes * 1000, 1),
                    "plain_reportlab_ms": round(plain_minutes_s * 1000, 1),
                    "ratio": round(ours_minutes / plain_minutes_s, 2), "target": "<= 2.0"},
        "register": {"rows": len(records), "pages": len(reg.pages), "plain_pages": plain_pages,
                     "ours_ms": round(ours_register * 1000, 1), "plain_reportlab_ms": round(plain_register_s * 1000, 1),
                     "ratio": round(ours_register / plain_register_s, 2), "target": "<= 2.0"},
    }
    bench_results.save("documents", result)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    ok = result["minutes"]["ratio"] <= 2.0 and result["register"]["ratio"] <= 2.0
    print("结论：" + ("两项均达标（不超过纯 reportlab 的 2 倍）" if ok else "未达标"))
    return 0 if ok else 1


def _register_widths(doc) -> list[float]:
    """The column widths our register chose, read from its first page's header rules (same widths for both)."""
    page = doc.pages[0]
    header_top = min(item.y1 for item in page.items if hasattr(item, "x1") and item.y1 == item.y2)
    xs = sorted({round(item.x1, 2) for item in page.items
                 if hasattr(item, "x1") and item.x1 == item.x2 and item.y1 == header_top})
    return [b - a for a, b in itertools.pairwise(xs)]


def _pages(pdf: bytes) -> int:
    return pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page ")


if __name__ == "__main__":
    sys.exit(main())
