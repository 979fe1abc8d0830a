# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A list sent to Excel reads as the window shows it: text stays text (a title beginning with "=" is no formula, a
pasted control character no crash), a linked record by its number and title, not its id."""

from __future__ import annotations

import contextlib
import csv
import errno
import functools
import gc
import io
import sys

import pytest
from bundle_world import county_template, world  # noqa: F401  (fixtures)
from openpyxl import load_workbook

from fazhi_desktop.core import atomic, failures
from fazhi_desktop.core.documents import build_register_document
from fazhi_desktop.core.list_export import plain, write_list
from fazhi_desktop.core.store import ListQuery

ACTOR = "杨芳"


def test_text_stays_text_in_both_files_and_links_are_named(store, valid_record, tmp_path):
    study = store.save("law_study", valid_record("law_study", topic="学习民法典"), ACTOR)
    record = store.save("meeting", valid_record("meeting", title="=调解 会议", pre_meeting_study=study.id), ACTOR)
    store.conn.execute("UPDATE meeting SET remarks = ?", ["第一行\x0b第二行"])  # as an older version saved it
    assert write_list(store, ListQuery("meeting"), tmp_path / "会议.xlsx") == 1
    sheet = load_workbook(tmp_path / "会议.xlsx").active
    header, row = ([c.value for c in r] for r in sheet.iter_rows())
    cells = dict(zip(header, row, strict=True))
    assert cells["会议名称/届次"] == "=调解 会议" and sheet.cell(2, header.index("会议名称/届次") + 1).data_type == "s"
    assert cells["备注"] == "第一行 第二行"  # a control character a worksheet cannot hold
    assert cells["会前学法"] == f"{study.number} 学习民法典" and cells["标识"] == record.id
    write_list(store, ListQuery("meeting"), tmp_path / "会议.csv")
    text = (tmp_path / "会议.csv").read_text(encoding="utf-8-sig")
    assert ",'=调解 会议," in text and f"{study.number} 学习民法典" in text and study.id not in text


def test_numbers_and_dates_are_cells_excel_can_sum_and_sort(store, valid_record, tmp_path):
    """实到人数 as text made Excel's SUM give 0 and its green marks say 以文本形式存储的数字."""
    for day, present in (("2026-03-05", 12), ("2026-04-09", 30)):
        store.save("law_study", valid_record("law_study", held_on=day, present_count=present, duration_minutes=45),
                   ACTOR)
    write_list(store, ListQuery("law_study"), tmp_path / "学法.xlsx")
    sheet = load_workbook(tmp_path / "学法.xlsx").active
    header, *rows = ([c for c in r] for r in sheet.iter_rows())
    at = {cell.value: index for index, cell in enumerate(header)}
    assert sorted(r[at["实到人数"]].value for r in rows) == [12, 30]  # numbers: SUM gives 42
    assert {r[at["时长（分钟）"]].value for r in rows} == {45}
    days = sorted(r[at["活动日期"]].value for r in rows)
    assert [d.strftime("%Y-%m-%d") for d in days] == ["2026-03-05", "2026-04-09"]
    assert rows[0][at["活动日期"]].number_format == "yyyy-mm-dd"
    assert all(r[at["编号"]].data_type == "s" for r in rows)  # 〔2026〕学法字第1号 stays text


def test_a_date_before_excels_first_is_written_as_text_not_as_a_negative_serial(store, valid_record, tmp_path,
                                                                                 monkeypatch):
    """A meeting dated 0026 (saved before record dates were held to 2000–2100) was written as a negative serial,
    which Excel shows as #####."""
    from fazhi_desktop.core import dates

    with monkeypatch.context() as before:
        before.setattr(dates, "year_problem", lambda year, first=dates.FIRST_YEAR: None)
        store.save("meeting", valid_record("meeting", held_on="0026-01-05"), ACTOR)
    store.save("meeting", valid_record("meeting", held_on="2026-01-05"), ACTOR)
    write_list(store, ListQuery("meeting"), tmp_path / "会议.xlsx")
    sheet = load_workbook(tmp_path / "会议.xlsx").active
    header, *rows = ([c for c in r] for r in sheet.iter_rows())
    at = next(index for index, cell in enumerate(header) if cell.value == "会议日期")
    assert sorted((r[at].data_type, str(r[at].value)[:10]) for r in rows) == [("d", "2026-01-05"), ("s", "0026-01-05")]


def test_a_record_set_aside_at_the_county_is_marked_in_both_files_and_the_register(world, valid_record, tmp_path):
    """A version its township no longer has (it restored a backup and gave the number again) went to Excel as 草稿
    beside the record reusing its number: a reviewer counted what the indicators leave out. The window said 不计入."""
    town = world.town()
    kept, lost = (town.store.save("meeting", valid_record("meeting", title=t), ACTOR) for t in ("留下的", "恢复前的"))
    world.import_(world.export(town).path)
    world.county.conn.execute("INSERT INTO set_aside VALUES (?, ?, 'meeting', ?, 'b', '2026-06-01T00:00:00Z')",
                              [lost.id, town.code, lost.number])  # as core/bundle/lost.py leaves it
    write_list(world.county, ListQuery("meeting"), tmp_path / "会议.xlsx")
    header, *rows = ([c.value for c in r] for r in load_workbook(tmp_path / "会议.xlsx").active.iter_rows())
    status, ident = header.index("状态"), header.index("标识")
    assert {r[ident]: r[status] for r in rows} == {kept.id: "草稿", lost.id: "草稿·不计入"}
    write_list(world.county, ListQuery("meeting"), tmp_path / "会议.csv")
    lines = list(csv.DictReader(io.StringIO((tmp_path / "会议.csv").read_text(encoding="utf-8-sig"))))
    assert {line["标识"]: line["状态"] for line in lines} == {kept.id: "草稿", lost.id: "草稿·不计入"}
    register = build_register_document(world.county, "meeting", 2026, township=town.code).text()
    assert register.count("不计入") == 1


def test_only_formula_looking_text_is_marked():
    assert [plain(t) for t in ("=1+1", "+86 139", "-某", "@所长", "-5", "-2.5", "马某", "", "'-", "'三楼")] == [
        "'=1+1", "'+86 139", "'-某", "'@所长", "-5", "-2.5", "马某", "", "''-", "'三楼"]  # read back as '-


class FillsUp(io.RawIOBase):
    """The unfinished file on a stick that fills up after `room` bytes (or where the clerk presses Ctrl-C)."""

    def __init__(self, out, room: int, failure: type[BaseException] | functools.partial):
        super().__init__()
        self.out, self.room, self.failure = out, room, failure

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.out.seek(offset, whence)

    def tell(self) -> int:
        return self.out.tell()

    def write(self, data) -> int:
        if self.out.tell() + len(data) > self.room:
            raise self.failure()  # a new one each time: a kept exception would keep the frames it passed through
        return self.out.write(data)


@pytest.mark.parametrize("failure", [functools.partial(OSError, errno.ENOSPC, "No space left on device"),
                                     KeyboardInterrupt],
                         ids=["disk full", "Ctrl-C"])
def test_a_workbook_that_cannot_be_finished_leaves_no_error_behind_its_message(store, valid_record, tmp_path,
                                                                              monkeypatch, failure):
    """openpyxl left its zip open; closed later by the garbage collector, after the file was, it printed
    "Exception ignored … ValueError: seek of closed file" under the Chinese message."""
    for n in range(20):
        store.save("meeting", valid_record("meeting", title=f"会议{n}" + "议题" * 200), ACTOR)
    real = atomic.replacing

    @contextlib.contextmanager
    def filling_up(path, private=False):
        with real(path, private) as out:
            yield FillsUp(out, 6000, failure)

    monkeypatch.setattr(atomic, "replacing", filling_up)
    ignored = []
    monkeypatch.setattr(sys, "unraisablehook", ignored.append)
    try:
        write_list(store, ListQuery("meeting"), tmp_path / "会议.xlsx")
    except (failures.DiskFull, KeyboardInterrupt):
        pass  # not kept (as pytest.raises would keep it): its traceback holds what the collector should see
    else:
        pytest.fail("the workbook was written")
    gc.collect()
    assert ignored == []
    assert list(tmp_path.glob("*.xlsx*")) == []
