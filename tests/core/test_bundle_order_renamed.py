# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A renamed bundle's place is read ahead (core/bundle/order.py) without holding it decrypted until its turn: held,
every renamed file took its temporary space at once, and one named twice met the work folder its first turn
removed."""
from __future__ import annotations

import shutil

from bundle_world import county_template, world  # noqa: F401

from fazhi_desktop.core.bundle.apply import import_bundles


def test_a_renamed_file_named_twice_in_one_batch_is_not_refused_the_second_time(world, valid_record, tmp_path):
    """`fazhi import stick/*.tar.age stick/海城镇12月.tar.age` (or a file picked twice): the second is
    与本批中另一个文件相同, not 程序内部出错."""
    town = world.town()
    town.store.save("meeting", valid_record("meeting", title="第1次专题会议"), "杨芳")
    bundle = world.export(town).path
    stick = tmp_path / "stick"
    stick.mkdir()
    renamed = stick / "海城镇12月.tar.age"
    shutil.copy(bundle, renamed)
    again = stick / "海城镇12月（副本）.tar.age"  # the same bundle copied under another name
    shutil.copy(bundle, again)
    reports = import_bundles(world.county, [renamed, renamed, again], world.keys, "杨芳")
    # the file named twice is one bundle (as_bundles: each once, as a bundle in parts is); its copy is 与…相同
    assert [r.error for r in reports] == [None, None], [r.error for r in reports]
    assert sorted(r.same_as for r in reports) == ["", renamed.name]  # 与本批中另一个文件（海城镇12月.tar.age）相同


def test_renamed_files_are_not_all_held_decrypted_at_once_on_a_nearly_full_disk(world, valid_record, tmp_path,
                                                                                monkeypatch):
    """Two townships' bundles renamed by month: each fits the disk alone (as before, one at a time), but read_ahead
    kept every renamed file decrypted until its turn, so the second was refused 磁盘空间不足."""
    from fazhi_desktop.core.bundle import unpack

    stick = tmp_path / "stick"
    stick.mkdir()
    for code, name in (("640522100", "海城镇12月.tar.age"), ("640522101", "李旺镇12月.tar.age")):
        town = world.town(code)
        town.store.save("meeting", valid_record("meeting", title="专题会议"), "杨芳")
        shutil.copy(world.export(town).path, stick / name)
    biggest = max(p.stat().st_size for p in stick.iterdir())
    work_parent = world.county.path.parent

    def held() -> int:  # bytes the import's work folders hold on the county's disk
        return sum(f.stat().st_size for d in work_parent.glob(".fazhi-import-*") for f in d.rglob("*") if f.is_file())

    real = unpack.shutil.disk_usage
    room = 2 * biggest + 64 * 1024**2 + biggest // 2  # each bundle alone fits, with half a bundle to spare
    monkeypatch.setattr(unpack.shutil, "disk_usage",
                        lambda p: real(p)._replace(free=room - held()))
    reports = import_bundles(world.county, sorted(stick.iterdir()), world.keys, "杨芳")
    assert [r.error for r in reports] == [None, None], [r.error for r in reports]
