"""The county's catalog for a later notice (tests of per-year catalogs: tests/core/test_catalog_years.py and
tests/qt/test_catalog_years_gui.py)."""

from __future__ import annotations

from fazhi_desktop.core.indicators import default_catalog_path

NOTICE_2024 = "海原县法治政府建设指标（海政办发〔2024〕12号）"


def notice_2024(tmp_path, years: str = "from_year = 2024", name: str = "县目录2024.toml"):
    """The shipped catalog as the county rewrites it for the 2024 notice: T46a at least 6, T49b dropped."""
    text = default_catalog_path().read_text(encoding="utf-8")
    text = text.replace('name = "海原县法治政府建设指标（海政办发〔2023〕34号）"\nversion = "2023.5"',
                        f'name = "{NOTICE_2024}"\nversion = "2024.1"\n{years}')
    start = text.index('[[indicator]]\ncode = "T46a"')
    text = text[:start] + text[start:].replace("threshold = 4", "threshold = 6", 1)
    start = text.index('[[indicator]]\ncode = "T49b"')
    text = text[:start] + text[text.index("[[indicator]]", start + 5):]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path
