# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""Two files of one name from two sticks, both refused: the report headed each with its folder (session 26), but
each reason went on `数据包 fazhi-640522103-000002.tar.age 不是本程序导出的…`, the same words twice, and a reviewer
reading the reasons, or the CLI's output, could not tell which stick's file was which. The reason now names the
file as its heading does."""

from __future__ import annotations

from bundle_world import ACTOR, county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.bundle.apply import import_bundles
from fazhi_desktop.core.bundle.import_report import report_text

NAME = "fazhi-640522103-000002.tar.age"


def files(tmp_path, *folders):
    out = []
    for folder in folders:
        (tmp_path / folder).mkdir()
        path = tmp_path / folder / NAME
        path.write_bytes(b"not a bundle" * 10)
        out.append(path)
    return out


def test_each_refused_file_of_one_name_is_named_by_its_folder_in_its_reason(world, tmp_path):
    reports = import_bundles(world.county, files(tmp_path, "usb-a", "usb-b"), world.keys, ACTOR)
    text = report_text(reports)
    for folder in ("usb-a", "usb-b"):
        assert f"{folder}/{NAME}：拒绝接收\n  原因：数据包 {folder}/{NAME} 不是本程序导出的加密数据包" in text, text
    assert f"数据包 {NAME}" not in text


def test_a_refused_file_no_other_shares_a_name_with_is_named_alone(world, tmp_path):
    (report,) = import_bundles(world.county, files(tmp_path, "usb-a"), world.keys, ACTOR)
    assert report.error.startswith(f"数据包 {NAME} 不是本程序导出的加密数据包")
