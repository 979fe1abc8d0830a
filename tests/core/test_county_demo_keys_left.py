"""A keys folder beside the county demo's file with no database: what a build cut between moving its keys folder and
its database into place leaves, removed at the next build; or another county's keys (its database moved away, and
`fazhi-desktop --demo --county --db` given that file's name), which are never removed."""

from __future__ import annotations

import pytest

from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.county_demo import build_county_demo
from fazhi_desktop.core.errors import FazhiError

COUNTY_FILES = (keymod.COUNTY_IDENTITY, keymod.COUNTY_RECIPIENT, keymod.COUNTY_SECRET, keymod.COUNTY_PUBLIC)


def test_a_real_countys_keys_beside_the_named_file_are_kept(tmp_path):
    keys = tmp_path / "fazhi-keys"  # a county's own keys; its fazhi.db moved elsewhere
    keys.mkdir()
    for name in COUNTY_FILES:
        (keys / name).write_text(f"本县的 {name}", encoding="utf-8")
    with pytest.raises(FazhiError, match="不是县级演示数据库的密钥文件夹"):
        build_county_demo(tmp_path / "fazhi.db", "演示用户")
    assert sorted(p.name for p in keys.iterdir()) == sorted(COUNTY_FILES)
    assert all((keys / name).read_text(encoding="utf-8") == f"本县的 {name}" for name in COUNTY_FILES)
    assert not (tmp_path / "fazhi.db").exists()


def test_a_cut_builds_keys_folder_goes_and_the_demo_is_built(tmp_path):
    build_county_demo(tmp_path / "first.db", "演示用户")
    (tmp_path / "first-keys").rename(tmp_path / "county-demo-keys")  # the cut: keys moved in, database not
    build_county_demo(tmp_path / "county-demo.db", "演示用户")
    assert (tmp_path / "county-demo.db").is_file()
    assert {p.name for p in (tmp_path / "county-demo-keys").iterdir()} >= set(COUNTY_FILES)
