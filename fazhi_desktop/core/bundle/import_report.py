"""The report of a whole stick's import as a reviewer reads it, and as the text file 保存报告 writes.

A stick of eighteen townships brought 39 files, 19 of them bundles imported before: ~150 lines of prose in file
order, the conflicts and "从备份恢复" notes in the middle and only the totals on top. Here the report is in sections,
in the order a reviewer acts on them: what needs attention (refused files with their reasons, files not read after
取消, conflicts, restored or re-installed townships, gaps, misnamed files), then what was imported, one line a
bundle, then the bundles imported before, folded into one line (listed in the saved file, or when asked).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fazhi_desktop.core.atomic import write_bytes_atomic
from fazhi_desktop.core.bundle.apply import REPLAY_NOTE, ImportReport, counted_again_text, deleted_part, totals

ATTENTION, IMPORTED, REPEATED, SAME_FILE = "attention", "imported", "repeated", "same file"


@dataclass(frozen=True)
class Section:
    """A part of the report: `entries` are blocks of lines, one block a bundle (empty for folded repeats)."""

    kind: str
    title: str
    entries: tuple[tuple[str, ...], ...]
    count: int


def needs_attention(report: ImportReport) -> bool:
    """Refused, not read (取消), or imported with a conflict or a note about the township's history or the file; a
    bundle imported before needs nothing unless it brought a conflict."""
    # records set aside (lost.py), a late bundle's edits not taken (late_edits.py)
    if not report.ok or report.conflicts or report.set_aside or report.corrected or report.late_edits:
        return True
    return not report.replay and bool(report.notes)


def _urgency(report: ImportReport) -> int:
    """Refused files first (their reasons are what the township must hear), then files not read, then conflicts
    (a 所长 decides), then notes."""
    if report.cancelled:
        return 1
    if not report.ok:
        return 0
    return 2 if report.conflicts else 3


def sections(reports: Sequence[ImportReport], list_repeats: bool = False) -> list[Section]:
    """The report's sections in reading order, the empty ones left out. Bundles imported before are one title
    line unless `list_repeats`."""
    dry_run = any(r.dry_run for r in reports)
    attention = sorted((r for r in reports if needs_attention(r)), key=_urgency)  # stable: import order within
    imported = [r for r in reports if r.ok and not r.replay and not needs_attention(r)]
    repeated = [r for r in reports if r.ok and r.replay and not r.same_as and not needs_attention(r)]
    same = [r for r in reports if r.ok and r.same_as and not needs_attention(r)]  # a file the batch holds twice
    out = []
    if attention:
        out.append(Section(ATTENTION, f"需要处理：{len(attention)} 个数据包",
                           tuple(tuple(r.lines()) for r in attention), len(attention)))
    if imported:
        out.append(Section(IMPORTED, f"{'核验通过（未导入）' if dry_run else '已导入'}：{len(imported)} 个数据包",
                           tuple((brief(r),) for r in imported), len(imported)))
    if repeated:
        outcome = "核验通过，导入不会改变数据" if dry_run else "这次未改动任何数据"
        out.append(Section(REPEATED, f"之前已导入：{len(repeated)} 个数据包（重复，{outcome}）",
                           tuple(repeat_lines(r) for r in repeated) if list_repeats else (), len(repeated)))
    if same:
        out.append(Section(SAME_FILE, f"本批中重复：{len(same)} 个文件（与本批中的另一个文件是同一个数据包，"
                                      f"{'导入时只导入一次' if dry_run else '只导入了一次'}）",
                           tuple((f"{r.file_name}：与 {r.same_as} 相同",) for r in same), len(same)))
    return out


def brief(report: ImportReport) -> str:
    """One line for a bundle that needs nothing: who, which, and only the counts that are not zero."""
    counts = [(report.new, f"新增 {report.new} 条{deleted_part(report.new_deleted, report.new_deleted_named)}"),
              (report.updated, f"更新 {report.updated} 条{deleted_part(report.deleted, report.deleted_named)}"),
              (report.unchanged, f"未变 {report.unchanged} 条"), (report.older, f"较旧未覆盖 {report.older} 条"),
              (report.people, f"名册更新 {report.people} 人"), (report.attachments, f"新附件 {report.attachments} 个")]
    said = "，".join(text for number, text in counts if number) or "没有新的变更"
    before = f"；{report.set_aside_before}" if report.set_aside_before else ""
    if report.counted_again:  # an earlier bundle of the batch may have said they no longer count
        before += f"；{counted_again_text(report.counted_again)}"
    return f"{_bundle_name(report)}（{report.file_name}）：{said}{before}"


def repeat_lines(report: ImportReport) -> tuple[str, ...]:
    """A bundle imported before: its name and file, and any note besides the replay itself (a copy under another
    file name); the replay note says nothing to act on (the rest of its notes were said when it was first
    imported)."""
    others = [note for note in report.notes if not note.startswith(REPLAY_NOTE)]
    return (f"{_bundle_name(report)}（{report.file_name}）", *(f"  注意：{note}" for note in others))


def _bundle_name(report: ImportReport) -> str:
    return f"{report.office}（{report.township}）第 {report.sequence} 号"


def report_text(reports: Sequence[ImportReport], heading: Sequence[str] = ()) -> str:
    """The whole report as plain text, every bundle named (the file 保存报告 writes): `heading` lines, the totals,
    then the sections."""
    lines = [*heading, *([""] if heading else []), totals(reports)]
    for section in sections(reports, list_repeats=True):
        lines += ["", f"【{section.title}】"]
        for index, entry in enumerate(section.entries):
            if section.kind == ATTENTION and index:
                lines.append("")
            lines += entry
    return "\n".join(lines) + "\n"


def save_report(path: Path | str, text: str) -> Path:
    """The report as a text file Notepad on a Chinese Windows PC opens as it is (UTF-8 with a BOM, CRLF), all or
    nothing; a file error names the file and the reason (core/failures.py)."""
    path = Path(path)
    data = ("\ufeff" + text.replace("\r\n", "\n").replace("\n", "\r\n")).encode("utf-8")
    write_bytes_atomic(path, data, "保存导入报告")
    return path
