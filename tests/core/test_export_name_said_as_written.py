# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""After an export killed while writing its parts, the next export removes them and keeps the bundle's name
(`target_path(clear=True)`), but the export wizard's page and `fazhi export` (which say the file before the
passphrase is asked) still took those parts for a bundle: they said `文件：…-000001-2.tar.age（分 3 卷…）` and the
export then wrote `…-000001.tar.age`. The name said is now the one written."""

from __future__ import annotations

from bundle_world import county_template, world  # noqa: F401
from test_bundle_parts import big_town, in_parts
from test_bundle_parts_crafted import killed_writing_parts

from fazhi_desktop.core.bundle.export import plan_export, target_path


def test_the_name_said_before_the_export_is_the_name_it_writes(world, valid_record, tmp_path, monkeypatch):
    town = big_town(world, valid_record, tmp_path)
    killed_writing_parts(world, town, monkeypatch)
    said = target_path(town.usb, plan_export(town.store).file_name)  # as the wizard's page and `fazhi export`
    written = in_parts(world, town)
    assert said == written.path == town.usb / "fazhi-640522100-000001.tar.age"
    # a bundle whose list is there keeps its name: the next goes beside it
    assert target_path(town.usb, written.path.name).name == "fazhi-640522100-000001-2.tar.age"
