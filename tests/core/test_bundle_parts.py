# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A bundle too large for a FAT32 stick (no file of 4 GB or more) goes in parts: `….tar.age.001`, `.002`, … and,
written last, the list of parts `….tar.age.sha256`. The parts joined are the bundle byte for byte (`cat`, `copy /b`),
which `age -d` opens as before; the county takes the set by any of its files or by the folder, and refuses a set with
a part missing, left over, cut short or another bundle's, naming that part. Parts of 64 KB stand for parts of 4 GB."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from bundle_world import county_template, snapshot, world  # noqa: F401

from fazhi_desktop.core import attachments, export_pending, file_parts
from fazhi_desktop.core.bundle import export as export_module
from fazhi_desktop.core.bundle.apply import bundle_files, import_bundles
from fazhi_desktop.core.bundle.common import BundleError
from fazhi_desktop.core.encryption import encrypt as real_encrypt

ACTOR = "杨芳"
PART = 64 * 1024


def big_town(world, valid_record, tmp_path, name: str = "scan.jpg"):
    """A township whose next bundle, with a 150 KB scan attached, takes three parts of 64 KB."""
    town = world.town()
    scan = tmp_path / name
    scan.write_bytes(os.urandom(150 * 1024))
    town.store.save("meeting", valid_record("meeting", attachments=[attachments.add_attachment(town.store, scan)]),
                    ACTOR)
    return town


def in_parts(world, town, **kwargs):
    return world.export(town, part_bytes=PART, **kwargs)


def import_(world, paths, dry_run: bool = False):
    return import_bundles(world.county, paths, world.keys, ACTOR, dry_run=dry_run)


def names(folder):
    return sorted(p.name for p in folder.iterdir())


def test_a_bundle_goes_in_parts_that_joined_are_the_bundle_and_sha256sum_checks(world, valid_record, tmp_path):
    town = big_town(world, valid_record, tmp_path)
    result = in_parts(world, town)
    name = "fazhi-640522100-000001.tar.age"
    assert names(town.usb) == [f"{name}.001", f"{name}.002", f"{name}.003", f"{name}.sha256"]
    assert [p.name for p in result.parts] == names(town.usb)
    assert result.path == town.usb / name and not result.path.exists()
    sizes = [(town.usb / f"{name}.00{n}").stat().st_size for n in (1, 2, 3)]
    assert sizes[:2] == [PART, PART] and 0 < sizes[2] <= PART and result.size == sum(sizes)
    joined = tmp_path / name  # what `cat x.001 x.002 x.003 > x` (Windows: copy /b) makes
    with joined.open("wb") as out:
        for n in (1, 2, 3):
            out.write((town.usb / f"{name}.00{n}").read_bytes())
    assert import_(world, [joined], dry_run=True)[0].ok  # the joined file is the bundle, as ever
    if shutil.which("sha256sum"):
        checked = subprocess.run(["sha256sum", "-c", f"{name}.sha256"], cwd=town.usb, capture_output=True,
                                 text=True, check=False)
        assert checked.returncode == 0 and checked.stdout.count(": OK") == 3


def test_the_county_takes_the_set_by_the_folder_once_and_imports_it(world, valid_record, tmp_path):
    town = big_town(world, valid_record, tmp_path)
    in_parts(world, town)
    found = bundle_files(town.usb)
    assert [p.name for p in found] == ["fazhi-640522100-000001.tar.age"]
    report = import_(world, found)[0]
    assert report.ok and report.new == 1
    assert report.file_name == "fazhi-640522100-000001.tar.age"


@pytest.mark.parametrize("chosen", ["001", "002", "003", "sha256"])
def test_the_county_takes_the_set_by_any_one_of_its_files(world, valid_record, tmp_path, chosen):
    town = big_town(world, valid_record, tmp_path)
    in_parts(world, town)
    reports = import_(world, [town.usb / f"fazhi-640522100-000001.tar.age.{chosen}"])
    assert len(reports) == 1 and reports[0].ok and reports[0].new == 1


def test_all_the_parts_chosen_are_one_bundle(world, valid_record, tmp_path):
    town = big_town(world, valid_record, tmp_path)
    result = in_parts(world, town)
    reports = import_(world, result.parts)
    assert len(reports) == 1 and reports[0].ok


def refused(world, path) -> str:
    """The one bundle `path` names (a folder: the one there) refused, the county's database unchanged."""
    before = snapshot(world.county)
    reports = import_(world, bundle_files(path) if path.is_dir() else [path])
    assert len(reports) == 1
    report = reports[0]
    assert not report.ok
    assert snapshot(world.county) == before
    return report.error or ""


def test_a_missing_part_is_named(world, valid_record, tmp_path):
    town = big_town(world, valid_record, tmp_path)
    result = in_parts(world, town)
    (town.usb / f"{result.path.name}.002").unlink()
    said = refused(world, town.usb / f"{result.path.name}.001")
    assert f"数据包 {result.path.name} 缺少第 2 卷 {result.path.name}.002（共 3 卷）" in said


def test_parts_without_their_list_are_no_set(world, valid_record, tmp_path):
    """An export cut off before the list (or parts copied without it): never taken for a whole bundle."""
    town = big_town(world, valid_record, tmp_path)
    result = in_parts(world, town)
    file_parts.index_path(result.path).unlink()
    assert [p.name for p in bundle_files(town.usb)] == [result.path.name]  # listed, to be refused by name
    said = refused(world, town.usb)
    assert f"分卷不完整：有分卷 {result.path.name}.001" in said and f"没有分卷清单 {result.path.name}.sha256" in said


def test_a_part_left_over_beside_the_set_is_named(world, valid_record, tmp_path):
    town = big_town(world, valid_record, tmp_path)
    result = in_parts(world, town)
    (town.usb / f"{result.path.name}.004").write_bytes(b"x" * 100)
    said = refused(world, town.usb / f"{result.path.name}.001")
    assert f"多出分卷 {result.path.name}.004" in said and "只列了 3 卷" in said


@pytest.mark.parametrize("number", [2, 3])
def test_a_truncated_part_is_named(world, valid_record, tmp_path, number):
    town = big_town(world, valid_record, tmp_path)
    result = in_parts(world, town)
    part = town.usb / f"{result.path.name}.00{number}"
    part.write_bytes(part.read_bytes()[:-1000])
    said = refused(world, town.usb)
    assert f"的第 {number} 卷 {part.name} " in said
    assert ("不完整" if number == 2 else "与分卷清单不符") in said


def test_parts_of_two_bundles_mixed_are_refused_naming_the_stranger(world, valid_record, tmp_path):
    town = big_town(world, valid_record, tmp_path)
    first = in_parts(world, town)
    other = tmp_path / "other-stick"
    other.mkdir()
    second = export_module.export_bundle(town.store, other, town.signer, full=True, part_bytes=PART)
    shutil.copy(other / f"{second.path.name}.002", town.usb / f"{first.path.name}.002")  # renamed on the way
    said = refused(world, town.usb)
    assert f"第 2 卷 {first.path.name}.002 与分卷清单不符" in said and "别的文件的分卷" in said


def test_a_set_renamed_whole_imports_and_parts_swapped_are_named(world, valid_record, tmp_path):
    town = big_town(world, valid_record, tmp_path)
    result = in_parts(world, town)
    for path in result.parts:
        path.rename(town.usb / path.name.replace("fazhi-640522100-000001", "海城镇12月"))
    report = import_(world, [town.usb / "海城镇12月.tar.age.sha256"], dry_run=True)[0]
    assert report.ok and any("文件名与内容不符" in note for note in report.notes)
    two, three = town.usb / "海城镇12月.tar.age.002", town.usb / "海城镇12月.tar.age.003"
    two.rename(tmp_path / "swap")
    three.rename(two)
    (tmp_path / "swap").rename(three)
    said = refused(world, town.usb)
    assert "海城镇12月.tar.age 的第 2 卷 海城镇12月.tar.age.002" in said


def test_a_stick_failing_at_the_second_part_leaves_no_part_and_no_bundle_sent(world, valid_record, tmp_path,
                                                                               monkeypatch):
    town = big_town(world, valid_record, tmp_path)

    def full_at_the_second_part(source, out, recipients):
        real_encrypt(source, _Failing(out, PART + 100), recipients)

    monkeypatch.setattr(export_module, "encrypt", full_at_the_second_part)
    with pytest.raises(BundleError) as failed:
        in_parts(world, town)
    assert "空间不足" in str(failed.value)
    assert names(town.usb) == []
    assert town.store.conn.execute("SELECT COUNT(*) FROM bundles_sent").fetchone()[0] == 0
    monkeypatch.setattr(export_module, "encrypt", real_encrypt)
    assert in_parts(world, town).sequence == 1


class _Failing:
    def __init__(self, out, limit):
        self.out, self.left = out, limit

    def write(self, data):
        if len(data) > self.left:
            raise OSError(28, os.strerror(28))
        self.left -= len(data)
        return self.out.write(data)

    def flush(self):
        pass


class Killed(BaseException):
    """The program ends here (a power cut, the task manager): nothing after it runs."""


def test_an_export_cut_after_the_list_counts_as_sent(world, valid_record, tmp_path, monkeypatch):
    town = big_town(world, valid_record, tmp_path)

    def killed(*_args, **_kwargs):
        raise Killed

    with monkeypatch.context() as patch:
        patch.setattr(export_pending, "record", killed)
        with pytest.raises(Killed):
            in_parts(world, town)
    again = in_parts(world, town)
    assert again.sequence == 2
    assert again.earlier == ["上次导出的第 1 号数据包（fazhi-640522100-000001.tar.age）在程序中断前已写到 "
                             f"{town.usb}，现已记为已发送：请把它交给县司法局"]
    assert [r.ok for r in import_(world, bundle_files(town.usb))] == [True, True]


def test_an_export_cut_before_the_list_is_not_sent_and_its_parts_go(world, valid_record, tmp_path, monkeypatch):
    """Parts under their final names without their list: the number is used again, and those parts, no bundle,
    are removed, so the county finds only the whole set on the stick."""
    town = big_town(world, valid_record, tmp_path)

    def parts_then_killed(writer):
        writer._end()
        raise Killed

    with monkeypatch.context() as patch:
        patch.setattr(file_parts._PartsWriter, "finish", parts_then_killed)
        patch.setattr(file_parts._PartsWriter, "abandon", lambda writer, exc: None)  # a killed program cleans nothing
        patch.setattr(export_pending, "drop", lambda store: None)
        with pytest.raises(Killed):
            in_parts(world, town)
    name = "fazhi-640522100-000001.tar.age"
    assert names(town.usb) == [f"{name}.001", f"{name}.002", f"{name}.003"]
    again = in_parts(world, town)
    assert again.sequence == 1 and again.path.name == name
    assert again.earlier == [f"上次导出的第 1 号数据包（{name}）在写完之前程序中断，没有写成；这次仍用第 1 号"]
    assert names(town.usb) == [f"{name}.001", f"{name}.002", f"{name}.003", f"{name}.sha256"]
    assert import_(world, bundle_files(town.usb))[0].ok
