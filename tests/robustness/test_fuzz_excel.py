"""从Excel导入记录 with damaged workbooks and strange cells: random bytes, flipped and cut bytes in a filled template,
and cells of any type (text with control characters, huge and odd numbers, dates out of range, booleans, errors) in
every column. Whatever the file holds, reading it ends in a Reading (its problems named by row and field, in
Chinese) or a FazhiError in Chinese, never another exception (a traceback in front of a clerk); and nothing is
written while reading."""

from __future__ import annotations

import io
import sys
import zipfile
from datetime import date, datetime, time
from pathlib import Path

import pytest
from fuzz_support import count, fuzz_settings, is_chinese
from hypothesis import given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/excel_files.py

from excel_files import MEETING, filled_template, workbook

from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.excel_import import read_records


@pytest.fixture
def template(store, tmp_path) -> bytes:
    rows = [MEETING, {**MEETING, "会议名称/届次": "另一次"}]
    path = filled_template(store.ledger("meeting"), tmp_path / "会议.xlsx", rows)
    return path.read_bytes()


def read(store, tmp_path, data: bytes, name: str = "会议.xlsx") -> None:
    """Read `data` as a clerk's file: a Reading or a Chinese FazhiError, and the database untouched."""
    path = tmp_path / name
    path.write_bytes(data)
    before = store.conn.total_changes
    try:
        reading = read_records(store, "meeting", path)
    except FazhiError as exc:
        assert is_chinese(str(exc)), str(exc)
        count("excel:file", refused=True)
    else:
        assert all(is_chinese(str(problem)) for problem in reading.problems)
        count("excel:file", refused=bool(reading.problems))
    assert store.conn.total_changes == before


@fuzz_settings(25)
@given(data=st.data())
def test_a_damaged_workbook_is_read_or_refused_in_chinese(store, tmp_path, template, data):
    kind = data.draw(st.sampled_from(["flip", "cut", "random", "member"]))
    damaged = bytearray(template)
    if kind == "flip":
        for _ in range(data.draw(st.integers(1, 8))):
            damaged[data.draw(st.integers(0, len(damaged) - 1))] = data.draw(st.integers(0, 255))
    elif kind == "cut":
        damaged = damaged[:data.draw(st.integers(0, len(damaged) - 1))]
    elif kind == "random":
        damaged = bytearray(data.draw(st.binary(max_size=4096)))
    else:  # a member of the archive replaced by other bytes (a sheet, the shared strings, the styles)
        source = zipfile.ZipFile(io.BytesIO(template))
        names = source.namelist()
        victim = data.draw(st.sampled_from(names))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as rebuilt:
            for name in names:
                rebuilt.writestr(name, data.draw(st.binary(max_size=512)) if name == victim else source.read(name))
        damaged = bytearray(out.getvalue())
    read(store, tmp_path, bytes(damaged))


CELLS = st.one_of(
    st.none(), st.text(max_size=40), st.integers(min_value=-10**20, max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False), st.booleans(),
    st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 12, 31)), st.times(),
    st.sampled_from(["#N/A", "#VALUE!", "=1/0", "＝SUM(A1)", "640522196103231939", "6.40522E+17", "2026.13.5",
                     "930", "9点半", "张三、李四", "是", "否", "\u200b", "a\x00b"]),
)


@fuzz_settings(25)
@given(cells=st.lists(st.lists(CELLS, min_size=1, max_size=8), min_size=1, max_size=6))
def test_any_cells_under_the_template_headers_are_read_or_refused_in_chinese(store, tmp_path, cells):
    headers = ["会议名称/届次", "会议类型", "会议日期", "开始时间", "结束时间", "出席人员", "主持人", "地点"]
    rows = [headers, *([_excel_safe(v) for v in row] for row in cells)]
    path = workbook(tmp_path / "随手.xlsx", rows)
    read(store, tmp_path, path.read_bytes(), "随手.xlsx")


def _excel_safe(value):
    """openpyxl refuses control characters in a cell it writes: Excel files never hold them."""
    if isinstance(value, str):
        return "".join(ch for ch in value if ch >= " " or ch in "\t\n")
    if isinstance(value, time) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return value
