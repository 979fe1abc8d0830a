# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""Export: the bundle's layout, what incremental and full carry, and that no half-written file ever carries the
final name (full stick, pulled stick, cancel)."""

from __future__ import annotations

import errno
import json
import shutil
from pathlib import Path

import pyrage
import pytest
from bundle_world import LOW_COST, TOWN_PASS, county_template, decrypt, files_of, members, world  # noqa: F401

from fazhi_desktop.core.bundle import export as export_module
from fazhi_desktop.core.bundle.common import BundleError
from fazhi_desktop.core.bundle.export import plan_export
from fazhi_desktop.core.clock_behind import confirm
from fazhi_desktop.core.jobs import Cancelled, CancelToken

ACTOR = "杨芳"


def test_a_bundle_is_one_age_file_holding_one_bag_tag_files_first(world, valid_record):
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    result = world.export(town)
    assert [p.name for p in town.usb.iterdir()] == ["fazhi-640522100-000001.tar.age"]
    assert result.path.read_bytes().startswith(b"age-encryption.org/v1\n-> X25519 ")
    names = [m.name for m, _ in members(decrypt(result.path, world.keys.identity))]
    root = "fazhi-640522100-000001"
    assert names[:6] == [root, f"{root}/bagit.txt", f"{root}/bag-info.txt", f"{root}/manifest-sha256.txt",
                         f"{root}/tagmanifest-sha256.txt", f"{root}/tagmanifest-sha256.txt.minisig"]
    assert f"{root}/data/ledgers/meeting.jsonl" in names and f"{root}/data/changes.jsonl" in names
    info = files_of(decrypt(result.path, world.keys.identity))["bag-info.txt"].decode()
    for label in ("Source-Organization: 海城镇司法所", f"External-Identifier: {result.bundle_id}", "Bagging-Date: ",
                  "Payload-Oxum: ", "Fazhi-Township: 640522100", "Fazhi-Sequence: 1",
                  "Fazhi-Previous-Bundle-Hash: none", "Fazhi-App-Version: ", "Fazhi-Form-Versions: complaint=4"):
        assert label in info


def test_sequence_numbers_and_previous_hash_chain_the_bundles(world, valid_record):
    town = world.town()
    first = world.export(town)
    second = world.export(town)
    assert (first.sequence, second.sequence) == (1, 2)
    info = files_of(decrypt(second.path, world.keys.identity))["bag-info.txt"].decode()
    assert f"Fazhi-Previous-Bundle-Hash: {first.bundle_hash}" in info


def test_records_lines_carry_content_hash_and_history_not_other_revisions(world, valid_record):
    town = world.town()
    record = town.store.save("meeting", valid_record("meeting"), ACTOR)
    town.store.save("meeting", {"location": "二楼"}, ACTOR, record_id=record.id)
    files = files_of(decrypt(world.export(town).path, world.keys.identity))
    [line] = [json.loads(x) for x in files["data/ledgers/meeting.jsonl"].decode().splitlines()]
    assert line["content"]["revision"] == 2 and line["content"]["values"]["location"] == "二楼"
    assert line["content_hash"] == town.store.get(record.id).content_hash
    changes = [json.loads(x) for x in files["data/changes.jsonl"].decode().splitlines()]
    assert [(c["seq"], c["revision"], c["op"]) for c in changes] == [(1, 1, "insert"), (2, 2, "update")]
    assert all("data" not in c for c in changes)


def test_the_plan_says_what_will_be_sent_before_anything_is_written(world, valid_record):
    town = world.town()
    for _ in range(3):
        town.store.save("complaint", valid_record("complaint"), ACTOR)
    plan = plan_export(town.store)
    assert plan.sequence == 1 and plan.file_name == "fazhi-640522100-000001.tar.age"
    assert plan.snapshot.counts["complaint"] == 3 and sum(plan.snapshot.counts.values()) == 3
    assert list(town.usb.iterdir()) == []


def test_reading_the_plan_reports_each_ledger_and_can_be_cancelled(world, valid_record):
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    seen = []
    plan_export(town.store, full=True, progress=lambda done, total, text: seen.append((done, total, text)))
    assert seen[0] == (0, 5, "正在读取“会议”……") and seen[-1] == (4, 5, "正在读取“调解案件”……")
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        plan_export(town.store, full=True, progress=token.progress(lambda *_: None))
    town.store.save("meeting", valid_record("meeting"), ACTOR)  # the read transaction was closed after cancelling


def _no_part_files(folder):
    return [p.name for p in folder.iterdir()]


def test_a_full_stick_leaves_no_file_and_says_so(world, valid_record, monkeypatch):
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), ACTOR)

    def full(reader, out, recipients):
        out.write(b"age-encryption.org/v1\n" + b"x" * 1000)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pyrage, "encrypt_io", full)
    with pytest.raises(BundleError) as caught:
        world.export(town)
    assert "fazhi-640522100-000001.tar.age" in str(caught.value) and "空间不足" in str(caught.value)
    assert _no_part_files(town.usb) == []
    assert town.store.query("SELECT count(*) AS n FROM bundles_sent")[0]["n"] == 0


def test_a_pulled_stick_leaves_no_file(world, valid_record, monkeypatch):
    town = world.town()
    real = pyrage.encrypt_io

    def pulled(reader, out, recipients):
        real(reader, out, recipients)
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(pyrage, "encrypt_io", pulled)
    with pytest.raises(BundleError, match="U盘可能被拔出"):
        world.export(town)
    assert _no_part_files(town.usb) == []


@pytest.mark.parametrize("how", ["drive letter gone", "mount point left behind"])
def test_a_stick_pulled_out_half_way_is_said_as_pulled_and_the_number_is_kept(world, valid_record, monkeypatch,
                                                                               how):
    """Pulled (or unmounted) while the bundle was written, the rename failed "not found" and the clerk read
    无法写入 …：文件或文件夹不存在, where the check before writing says the stick was pulled."""
    from fazhi_desktop.core import media

    town = world.town()
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    monkeypatch.setattr(media, "removable_volume", lambda root, device: True)  # town.usb stands for a stick
    real, device = pyrage.encrypt_io, media._device

    def pulled(reader, out, recipients):
        real(reader, out, recipients)
        if how == "drive letter gone":
            shutil.rmtree(town.usb)  # the open file is still written; its folder's name is no longer there
        else:  # on Linux the mount point stays, on the PC's disk, and the file is not in it
            monkeypatch.setattr(media, "_device", lambda folder: 4242)
            for part in town.usb.iterdir():
                part.unlink()

    monkeypatch.setattr(pyrage, "encrypt_io", pulled)
    with pytest.raises(BundleError) as caught:
        world.export(town)
    assert str(caught.value) == (
        f"无法写入 {town.usb / 'fazhi-640522100-000001.tar.age'}：U盘已拔出或已更换（写到一半时 {town.usb} 已不在原来的"
        "U盘上）。数据包没有写成，第 1 号不算已发送，下次导出仍用这个序号。请插好U盘后重新导出")
    monkeypatch.setattr(pyrage, "encrypt_io", real)
    monkeypatch.setattr(media, "_device", device)
    town.usb.mkdir(exist_ok=True)  # plugged in again
    assert world.export(town).sequence == 1 and _no_part_files(town.usb) == ["fazhi-640522100-000001.tar.age"]


def test_a_network_folder_that_drops_is_not_said_as_a_pulled_stick(world, valid_record, monkeypatch):
    """The clerk exported to a network folder (a mapped drive Z:, a CIFS share); the network dropped half-way:
    the write fails and the folder cannot be looked at any more. It was never a USB stick, and the message said
    U盘已拔出或已更换."""
    from fazhi_desktop.core import media

    town = world.town()
    town.store.save("meeting", valid_record("meeting"), ACTOR)

    def dropped(reader, out, recipients):
        monkeypatch.setattr(media, "_device", lambda folder: None)  # stat: host is down
        raise OSError(errno.EHOSTDOWN, "Host is down")

    monkeypatch.setattr(pyrage, "encrypt_io", dropped)
    with pytest.raises(BundleError) as caught:
        world.export(town)
    said = str(caught.value)
    assert "U盘" not in said and said.startswith(f"无法写入 {town.usb / 'fazhi-640522100-000001.tar.age'}："), said


def test_a_folder_is_noted_as_on_a_stick_by_the_device_it_is_mounted_from(monkeypatch, tmp_path):
    """Linux: under /mnt only a device the kernel calls removable or USB is a stick (the mount list escapes a
    space as \\040); a folder on the PC's disk is not."""
    from fazhi_desktop.core import media

    assert not media.placement(tmp_path).removable
    disk = tmp_path / "sys/devices/pci0000:00/usb1/1-1/block/sdz"
    (disk / "sdz1").mkdir(parents=True)
    (disk / "removable").write_text("0\n")  # USB sticks often say 0; attached by USB is enough
    (tmp_path / "block").mkdir()
    (tmp_path / "block/sdz1").symlink_to(disk / "sdz1")
    (tmp_path / "mounts").write_text("/dev/nvme0n1p2 / ext4 rw 0 0\n/dev/sdz1 /mnt/my\\040usb vfat rw 0 0\n"
                                     "//server/share /mnt/share cifs rw 0 0\n")
    monkeypatch.setattr(media, "SYS_BLOCK", tmp_path / "block")
    monkeypatch.setattr(media, "MOUNTS", tmp_path / "mounts")
    monkeypatch.setattr(media, "_volume_root", lambda folder: folder)
    assert media.placement(tmp_path).removable is False  # not in the mount list: the PC's disk
    monkeypatch.setattr(media, "_volume_root", lambda folder: Path("/mnt/my usb"))
    assert media.placement(tmp_path).removable is True
    monkeypatch.setattr(media, "_volume_root", lambda folder: Path("/mnt/share"))
    assert media.placement(tmp_path).removable is False


def test_too_little_space_is_refused_before_writing(world, valid_record, monkeypatch):
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    monkeypatch.setattr(export_module.shutil, "disk_usage", lambda path: type("U", (), {"free": 1000})())
    with pytest.raises(BundleError, match="空间不足"):
        world.export(town)
    assert _no_part_files(town.usb) == []


def test_a_bundle_already_on_the_stick_is_never_replaced(world, valid_record):
    """After a restore from backup the same number comes again; the file on the stick may hold the only copy of the
    changes the restore undid."""
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    first = world.export(town).path
    kept = first.read_bytes()
    town.store.conn.execute("DELETE FROM bundle_attachments")
    town.store.conn.execute("DELETE FROM bundles_sent")  # as after restoring yesterday's backup
    again = world.export(town)
    assert again.sequence == 1 and again.path.name == "fazhi-640522100-000001-2.tar.age"
    assert first.read_bytes() == kept
    report = world.import_(again.path)
    assert report.ok and not any("文件名与内容不符" in note for note in report.notes)


def test_the_stick_too_full_is_said_in_the_units_the_stick_list_uses(world, valid_record, monkeypatch, tmp_path):
    monkeypatch.setattr(export_module.shutil, "disk_usage", lambda path: type("U", (), {"free": 4096})())
    problem = export_module.space_problem(tmp_path, 80 * 1024)
    assert problem == (f"{tmp_path} 空间不足：数据包约 80 KB（连同余量需 144 KB），剩余 4 KB"
                       "（请换一个U盘，或删去U盘上不用的文件）")
    assert export_module.space_problem(tmp_path, 0) is not None
    monkeypatch.setattr(export_module.shutil, "disk_usage", lambda path: type("U", (), {"free": 10**9})())
    assert export_module.space_problem(tmp_path, 80 * 1024) is None


def test_what_keeps_an_office_from_exporting_is_said_with_the_way_in_the_window(world, tmp_path):
    from fazhi_desktop.core import accounts
    from fazhi_desktop.core.bundle import county_key
    from fazhi_desktop.core.bundle import keys as keymod
    from fazhi_desktop.core.setup import init_database

    store = init_database(tmp_path / "new.db", "640522100", operator="杨芳", ledgers=world.ledgers)
    try:
        blocker = export_module.export_blocker
        assert blocker(store) == "本所还没有签名密钥：请先在“数据交换 → 密钥与登记”中点“创建密钥”"
        keymod.init_township_key(store, TOWN_PASS, cost=LOW_COST)
        assert blocker(store) == ("尚未添加县级公钥：请先在“数据交换 → 密钥与登记”中"
                                  "点“从文件添加县级公钥”，导入县司法局提供的公钥")  # the window's words, no command
        admin = accounts.add_account(store, "admin", None, "管理员", "mima-2026")
        store.user = admin
        assert "请先在“数据交换 → 密钥与登记”中点“从文件添加县级公钥”" in blocker(store)
        store.user = accounts.add_account(store, "马丽", None, "录入员", "mima-2026")
        # 密钥与登记 is greyed out for a 录入员: she is told whom to ask
        assert blocker(store) == "尚未添加县级公钥：请所长或管理员在“数据交换 → 密钥与登记”中添加县级公钥"
        store.user = admin
        county_key.add_county_keys(store, world.public.file_text(), "杨芳")
        assert blocker(store) is None
    finally:
        store.close()


def test_a_computer_clock_behind_the_offices_last_bundle_keeps_it_from_exporting(world, valid_record, clock):
    """The county tells a restored office's bundles from those it abandoned by when they were made: a PC back at
    2019 after a repair would date its bundles before the abandoned ones, and the county would set them aside."""
    from datetime import timedelta

    town = world.town()
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    world.export(town)
    clock.set(clock.now - timedelta(hours=20))  # a time zone set wrong and put right: within a day's slack
    assert export_module.export_blocker(town.store) is None
    clock.set(clock.now - timedelta(days=400))
    problem = export_module.export_blocker(town.store)
    assert problem and problem.startswith("这台电脑的日期时间（") and "请先把电脑的日期和时间改正确" in problem
    assert "fazhi" not in problem and "“电脑时间无误…”确认" in problem  # the window's words, no command
    with pytest.raises(BundleError, match=r"早于本所上次导出数据包的时间.*fazhi clock confirm"):
        world.export(town)
    assert not list(town.usb.glob("*-000002.tar.age"))
    confirm(town.store, "杨芳")  # the 所长 who checked the clock against her phone
    assert world.export(town).sequence == 2


def test_cancelling_leaves_no_file(world, valid_record, tmp_path):
    from fazhi_desktop.core import attachments

    town = world.town()
    scan = tmp_path / "big.bin"
    scan.write_bytes(b"\0" * (20 * 1024 * 1024))
    town.store.save("meeting", valid_record("meeting", attachments=[attachments.add_attachment(town.store, scan)]),
                    ACTOR)
    token = CancelToken()
    seen = []

    def report(done, total, text):
        seen.append(text)
        if "加密" in text:
            token.cancel()

    with pytest.raises(Cancelled):
        world.export(town, progress=token.progress(report))
    assert _no_part_files(town.usb) == []
    assert any("打包" in text for text in seen)


def test_a_missing_attachment_file_stops_the_export_naming_the_record_the_file_and_the_way_out(world, valid_record,
                                                                                                tmp_path):
    """It said 附件文件缺失：…/office-files/d5/d5f93baf…（数据包需要它，请从备份恢复后再导出）: a hash, no record, and
    a restore that would throw away everything since the backup. A bundle without the file would list a file the
    county does not get, so the export still stops."""
    from fazhi_desktop.core import attachments

    town = world.town()
    scan = tmp_path / "协议扫描件.pdf"
    scan.write_bytes(b"scan")
    entry = attachments.add_attachment(town.store, scan)
    record = town.store.save("meeting", valid_record("meeting", attachments=[entry]), ACTOR)
    other = town.store.save("meeting", valid_record("meeting", attachments=[entry]), ACTOR)
    attachments.blob_path(town.store, entry["sha256"]).unlink()
    with pytest.raises(BundleError) as refused:
        world.export(town)
    said = str(refused.value)
    assert f"会议 {record.number} 的附件“协议扫描件.pdf”；会议 {other.number} 的附件“协议扫描件.pdf”" in said
    assert "从原文件重新添加" in said and "放回附件文件夹" in said
    assert entry["sha256"][:8] not in said and "备份" not in said
    assert _no_part_files(town.usb) == []
    attachments.add_attachment(town.store, scan)  # the original added again (in any record): the file is back
    world.export(town)


def test_the_export_names_five_missing_attachments_and_counts_the_rest(world, valid_record, tmp_path):
    from fazhi_desktop.core import attachments

    town = world.town()
    for n in range(7):
        scan = tmp_path / f"扫描件{n}.pdf"
        scan.write_bytes(f"scan {n}".encode())
        entry = attachments.add_attachment(town.store, scan)
        town.store.save("meeting", valid_record("meeting", attachments=[entry]), ACTOR)
        attachments.blob_path(town.store, entry["sha256"]).unlink()
    with pytest.raises(BundleError) as refused:
        world.export(town)
    said = str(refused.value)
    assert said.count("的附件“扫描件") == 5 and "等 7 处（fazhi check 列出全部）" in said


def test_a_damaged_attachment_file_stops_the_export(world, valid_record, tmp_path):
    from fazhi_desktop.core import attachments

    town = world.town()
    scan = tmp_path / "scan.jpg"
    scan.write_bytes(b"scan")
    entry = attachments.add_attachment(town.store, scan)
    town.store.save("meeting", valid_record("meeting", attachments=[entry]), ACTOR)
    attachments.blob_path(town.store, entry["sha256"]).write_bytes(b"scam")
    with pytest.raises(BundleError, match="附件文件已损坏"):
        world.export(town)
    assert _no_part_files(town.usb) == []


def test_a_missing_destination_is_explained(world, tmp_path):
    town = world.town()
    with pytest.raises(BundleError, match="U盘是否已插好"):
        export_module.export_bundle(town.store, tmp_path / "E盘", town.signer)


@pytest.mark.parametrize(("error", "reason"), [(errno.ENOSPC, "磁盘（U盘）空间不足"),
                                               (errno.EIO, "读写出错（U盘可能被拔出）"),
                                               (errno.EACCES, "没有写入权限")])
def test_a_stick_failing_while_the_bundle_is_written_is_named_with_the_reason(world, valid_record, failing_stick,
                                                                                error, reason):
    """pyrage says the stick's error only as English text in its EncryptError ("加密失败：OSError: [Errno 28] …"
    reached the clerk): the file and the reason are said in Chinese, and nothing counts as sent."""
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    failing_stick(town.usb, error)
    with pytest.raises(BundleError) as caught:
        world.export(town)
    message = str(caught.value)
    assert message.startswith(f"无法写入 {town.usb / 'fazhi-640522100-000001.tar.age'}：{reason}")
    assert "加密" not in message and "Errno" not in message
    assert _no_part_files(town.usb) == []
    assert town.store.query("SELECT count(*) AS n FROM bundles_sent")[0]["n"] == 0
