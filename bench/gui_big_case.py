"""Opening and typing in a large record's editor: a mediation case of 10, 50 and 200 parties (a group dispute,
征地 or 欠薪), and a meeting of 40 attendees and 12 agenda rows. CPU time (process time) of opening the editor
window, of one key typed into the last party's name (or the meeting's title), of one Tab, and of one Page Down
from the top to the end (the parties' rows made as they come into view; the mean of the pages); the median of
several runs.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/gui_big_case.py [--repeat 5] [--profile 200 [--keys|--pages]]

`--profile N` prints cProfile's top functions for opening and typing in the N-party case instead (`--keys`: the
keys and Tabs only; `--pages`: the Page Downs only).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from fazhi_desktop.core.identifiers import id_card_check_char
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.qt.dialogs import Dialogs
from fazhi_desktop.qt.editor import EditorWindow

ACTOR = "李娟"
SURNAMES = "马杨李王张田海禹苏虎刘陈赵周吴郑孙黄何罗"


def id_number(i: int) -> str:
    first = f"640522{1960 + i % 40}{1 + i % 12:02d}{1 + i % 28:02d}{i % 1000:03d}"
    return first + id_card_check_char(first)


def case(parties: int) -> dict:
    rows = [{"role": "申请人" if i else "被申请人", "party_type": "自然人", "name": f"{SURNAMES[i % 20]}某{i}",
             "gender": None, "ethnicity": "回族", "id_number": id_number(i), "phone": f"139950{i:05d}",
             "address": "海城镇山门村"} for i in range(parties)]
    for row in rows:
        row["gender"] = "男" if int(row["id_number"][16]) % 2 else "女"
        row["birth_date"] = f"{row['id_number'][6:10]}-{row['id_number'][10:12]}-{row['id_number'][12:14]}"
    return {"case_category": "人民调解", "case_name": "山门村征地补偿纠纷", "accepted_on": "2026-03-05",
            "dispute_type": "征地拆迁纠纷", "parties": rows, "mediators": [ACTOR]}


def meeting() -> dict:
    return {"title": "2026年第3次乡镇政府常务会议", "meeting_type": "党委会", "held_on": "2026-03-05",
            "office_head_attendance": "全程", "attendees": [f"{SURNAMES[i % 20]}某{i}" for i in range(40)],
            "agenda_items": [{"title": f"研究第{i + 1}项工作", "presenter": ACTOR} for i in range(12)]}


def measure(store, ledger: str, record, field, profiler: cProfile.Profile | None = None) -> tuple[float, float, float]:
    """(open, key, tab) CPU seconds for one editor window on `record`; `field(editor)` the control typed into;
    `profiler` profiles the keys and Tabs only."""
    app = QApplication.instance()
    start = time.process_time()
    window = EditorWindow(store, store.ledgers[ledger], record, Dialogs(), ACTOR)
    window.show()
    app.processEvents()
    opened = time.process_time() - start
    control = field(window.editor)
    control.setFocus()
    app.processEvents()
    if profiler is not None:
        profiler.enable()
    start = time.process_time()
    for ch in "abc":
        QTest.keyClick(control, ch)
        app.processEvents()
    key = (time.process_time() - start) / 3
    start = time.process_time()
    for _ in range(3):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        app.processEvents()
    tab = (time.process_time() - start) / 3
    if profiler is not None:
        profiler.disable()
    close(window)
    return opened, key, tab


def paging(store, ledger: str, record, profiler: cProfile.Profile | None = None) -> float:
    """CPU seconds of one Page Down, the mean of every page from the top of a window just opened to the end of the
    form (its scroll bar paged as the wheel, the bar and Page Down page it), each painted before the next."""
    app = QApplication.instance()
    window = EditorWindow(store, store.ledgers[ledger], record, Dialogs(), ACTOR)
    window.show()
    app.processEvents()
    bar = window.editor.scroll.verticalScrollBar()
    if profiler is not None:
        profiler.enable()
    start, pages = time.process_time(), 0
    while bar.value() < bar.maximum():
        bar.triggerAction(bar.SliderAction.SliderPageStepAdd)
        app.processEvents()
        pages += 1
    spent = (time.process_time() - start) / max(pages, 1)
    if profiler is not None:
        profiler.disable()
    close(window)
    return spent


def close(window: EditorWindow) -> None:
    window.editor.give_up_changes()
    window.close()
    window.deleteLater()
    QApplication.instance().processEvents()


def last_party_name(editor):
    return editor.group_widget("parties").rows[-1].inputs["name"].control


def meeting_title(editor):
    return editor.field_widget("title").control


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", type=int, default=0)
    parser.add_argument("--keys", action="store_true", help="with --profile: profile the keys and Tabs only")
    parser.add_argument("--pages", action="store_true", help="with --profile: profile the Page Downs only")
    args = parser.parse_args()
    QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        store = init_database(Path(folder) / "big.db", "640522100")
        sizes = [args.profile] if args.profile else [10, 50, 200]
        cases = {n: store.save("mediation_case", case(n), ACTOR) for n in sizes}
        if args.profile:
            profiler = cProfile.Profile()
            if args.pages:
                paging(store, "mediation_case", cases[args.profile], profiler)
            elif args.keys:
                measure(store, "mediation_case", cases[args.profile], last_party_name, profiler)
            else:
                profiler.enable()
                measure(store, "mediation_case", cases[args.profile], last_party_name)
                profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
            return
        met = store.save("meeting", meeting(), ACTOR)
        runs = [(f"调解案件 {n} 名当事人", "mediation_case", cases[n], last_party_name) for n in sizes]
        runs.append(("会议 40 名参会人、12 项议题", "meeting", met, meeting_title))
        print(f"{'':28} {'open s':>8} {'key ms':>8} {'Tab ms':>8} {'PgDn ms':>8}   (CPU time, median of {args.repeat})")
        for label, ledger, record, field in runs:
            got = [(*measure(store, ledger, record, field), paging(store, ledger, record)) for _ in range(args.repeat)]
            opened, key, tab, page = (statistics.median(x) for x in zip(*got, strict=True))
            print(f"{label:28} {opened:8.2f} {key * 1000:8.1f} {tab * 1000:8.1f} {page * 1000:8.1f}")
        store.close()


if __name__ == "__main__":
    main()
