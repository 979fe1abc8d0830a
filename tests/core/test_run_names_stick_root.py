"""Two sticks at the county, each holding a township's fazhi-640522103-000002.tar.age: one in the stick's root
(E:\\), the other in a folder (F:\\死机前\\). The report told them apart by folder, and the root's "folder" has no
name: it read "/fazhi-640522103-000002.tar.age". A file in a drive's root is now named by its whole path (E:\\…)."""

from __future__ import annotations

from pathlib import PureWindowsPath

from fazhi_desktop.core.bundle.apply import run_names

NAME = "fazhi-640522103-000002.tar.age"


def test_a_file_in_a_sticks_root_is_named_by_its_path_not_a_bare_slash():
    root, folder = PureWindowsPath(f"E:/{NAME}"), PureWindowsPath(f"F:/死机前/{NAME}")
    names = run_names([root, folder])  # type: ignore[list-item]  (what run_names reads of a path: name, parent)
    assert names[root] == f"E:\\{NAME}"
    assert names[folder] == f"死机前/{NAME}"
