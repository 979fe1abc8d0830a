"""文件 → 导出列表… (and the list's 导出… button): the ledger's list as shown (search, year, status, order) into an
Excel workbook or a CSV file, written on a worker thread (core/list_export.py). Numbers stay masked: a list that
leaves the office for a report needs no full ID or phone number (`fazhi list --reveal -o` for one that must)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from fazhi_desktop.core import paths
from fazhi_desktop.core.db_place import synced_note
from fazhi_desktop.core.jobs import Progress
from fazhi_desktop.core.store import Store
from fazhi_desktop.qt.exchange import prompts_of
from fazhi_desktop.qt.tasks import Task, own_store_job, run_task

PATTERN = "Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)"


def export_list(window) -> Task | None:
    """Ask where, then write the shown list; says how many records went where, or why not."""
    view = window.current_ledger_view()
    if view is None:
        window.dialogs.info(window, "导出列表", "请先在左侧选择一个台账，再导出它的列表。")
        return None
    query, label = view.model.query, view.ledger.label
    office = window.store.setting("office_name") or ""
    year = f"{query.year}年" if query.year else ""

    def work(store: Store, progress: Progress) -> int:
        from fazhi_desktop.core.list_export import write_list

        return write_list(store, query, path, progress=progress)

    path = _ask(window, window, f"导出{label}列表", f"{office}{year}{label}列表")
    return _run(window, window, path, label, work, "按当前的搜索和筛选；") if path else None


def export_records(window, owner: QWidget, ledger: str, ids: list[str], name: str) -> Task | None:
    """导出列表 of a drill-down (本年度指标 → 查看记录, owned by `owner`): the records `ids` of `ledger` as it lists
    them, into a workbook named after `name` ("2026年T30b投诉举报办结率尚未计入的记录"), numbers masked."""
    label = window.store.ledger(ledger).label
    office = window.store.setting("office_name") or ""

    def work(store: Store, progress: Progress) -> int:
        from fazhi_desktop.core.list_export import write_records

        return write_records(store, ledger, ids, path, progress=progress)

    path = _ask(window, owner, f"导出{name}", f"{office}{name}")
    return _run(window, owner, path, label, work, listed=len(ids)) if path else None


def _ask(window, parent: QWidget, title: str, name: str) -> Path | None:
    """Where to write (the main window's prompts, over `parent`), ending .xlsx unless .csv was chosen."""
    path = prompts_of(window).save_file(parent, title, paths.safe_file_name(name, "列表", ".xlsx"), PATTERN)
    if path is None:
        return None
    path = Path(path)
    return path if path.suffix.lower() in (".xlsx", ".csv") else path.with_name(path.name + ".xlsx")


def _run(window, parent: QWidget, path: Path, label: str, work, scope: str = "", listed: int | None = None) -> Task:
    """`work` on a worker thread; then how many records went where (of the `listed`, those deleted since not), or
    why not."""
    def gone(count: int) -> str:
        return f"列出的另 {listed - count} 条已被删除，未导出；" if listed is not None and count < listed else ""

    task = run_task(parent, f"正在导出{label}列表", own_store_job(window.store, work))
    task.done.connect(lambda count: window.dialogs.info(
        parent, "已导出列表", f"已保存：{path}\n{label} {count} 条（{scope}{gone(count)}身份证号、电话已遮盖）"
        f"{synced_note(path)}"))  # the names and the disputes go to the cloud with it, as a PDF's do
    task.failed.connect(lambda message, cancelled: None if cancelled else window.dialogs.error(
        parent, "无法导出列表", message))
    window.list_export_task = task
    return task


def export_todo(window, owner: QWidget, todo) -> Task | None:
    """待办事项's 导出列表… (qt/todo_view.py): the items listed, as shown, into a workbook (core/todo.py writes no ID
    or phone number)."""
    office = window.store.setting("office_name") or ""

    def work(_store: Store, _progress: Progress) -> int:
        from fazhi_desktop.core.todo import write

        return write(todo, path)

    path = _ask(window, owner, "导出待办事项", f"{office}待办事项（{todo.today}）")
    return _run(window, owner, path, "待办事项", work) if path else None
