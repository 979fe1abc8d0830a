# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A tampered, foreign, truncated or malicious bundle is refused with a precise message and changes nothing."""

from __future__ import annotations

import base64
import io
import json
import os
import re
import tarfile
from pathlib import Path

import pyrage
import pytest
from bundle_world import (  # noqa: F401  (fixtures)
    LOW_COST,
    TOWN_PASS,
    county_template,
    encrypt_to,
    files_of,
    members,
    pack,
    replace_files,
    resign,
    small,
    snapshot,
    world,
)

from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle import unpack
from fazhi_desktop.core.bundle.export import export_bundle
from fazhi_desktop.core.ids import canonical_json, sha256_text

ACTOR = "杨芳"


def refused(world, path, before=None) -> str:
    """Import `path`; it must be refused and the county database unchanged. Returns the message."""
    conn = world.county.conn
    changes = conn.total_changes
    report = world.import_(path)
    assert not report.ok, f"accepted: {path.name}"
    assert conn.total_changes == changes
    if before is not None:
        assert snapshot(world.county) == before
    return report.error


def test_every_byte_of_the_age_header_and_a_sample_of_the_body_is_protected(world, small):
    _, path, _ = small
    data = path.read_bytes()
    header_end = data.index(b"\n---") + 4 + 44  # "--- " + base64 MAC line
    positions = sorted({*range(header_end + 1), *range(header_end, len(data), 7), *range(len(data) - 64, len(data))})
    before = snapshot(world.county)
    bad = path.with_name("bad.tar.age")
    for position in positions:
        flipped = bytearray(data)
        flipped[position] ^= 0x01 if position % 2 else 0x80
        bad.write_bytes(bytes(flipped))
        message = refused(world, bad)
        assert "bad.tar.age" in message, (position, message)
        expected = "不是本程序导出的加密数据包" if position < len(unpack.AGE_MAGIC) else "无法解密"
        assert expected in message, (position, message)
        assert not re.search("[A-Za-z]{4,}", message.replace("bad.tar.age", "")), message  # no English from age
    assert snapshot(world.county) == before
    assert world.import_(path).ok  # the genuine one still goes in


def test_every_single_byte_change_to_every_file_in_the_bag_is_refused_naming_the_file(world, small):
    _, path, tar_bytes = small
    files = files_of(tar_bytes)
    assert {"bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt",
            "tagmanifest-sha256.txt.minisig", "data/changes.jsonl", "data/ledgers/meeting.jsonl"} <= set(files)
    assert sum(len(d) for d in files.values()) < 6000  # small enough to flip every byte
    before = snapshot(world.county)
    bad = path.with_name("bad.tar.age")
    for rel, content in files.items():
        names = (rel, "tagmanifest-sha256.txt") if rel == "tagmanifest-sha256.txt" else (rel,)
        for position in range(len(content)):
            changed = bytearray(content)
            changed[position] ^= 0x01 if position % 2 else 0x20
            encrypt_to(replace_files(tar_bytes, {rel: bytes(changed)}), world.public.recipient, bad)
            message = refused(world, bad)
            assert any(n in message for n in names), (rel, position, message)
    assert snapshot(world.county) == before


def test_a_truncated_bundle_is_refused(world, small):
    _, path, tar_bytes = small
    data = path.read_bytes()
    before = snapshot(world.county)
    bad = path.with_name("cut.tar.age")
    for size in (0, 10, 100, len(data) // 2, len(data) - 17, len(data) - 1):
        bad.write_bytes(data[:size])
        message = refused(world, bad)
        assert "cut.tar.age" in message
        if size == 0:
            assert "是空文件（0 字节）" in message
        elif size > 100:
            assert "文件已损坏、被截断或被改动" in message and "buffer" not in message
    encrypt_to(tar_bytes[: len(tar_bytes) // 2], world.public.recipient, bad)  # the tar itself cut short
    assert "cut.tar.age" in refused(world, bad)
    assert snapshot(world.county) == before


def test_a_bundle_for_another_county_cannot_be_opened(world, small, tmp_path):
    from pyrage import x25519

    _, _, tar_bytes = small
    other = str(x25519.Identity.generate().to_public())
    message = refused(world, encrypt_to(tar_bytes, other, tmp_path / "other.tar.age"))
    assert "不是加密给本县密钥的" in message
    # the county made a new key and this township still encrypts to the old one: the way on, not only the cause
    assert message.endswith("县里更换过县级密钥的：乡镇须向县里要新的县级公钥文件，电话核对指纹后在"
                            "“数据交换 → 密钥与登记”中替换，再重新导出，未确认的变更会重新发送")


@pytest.mark.parametrize("name", ["../evil.txt", "/tmp/evil.txt", "fazhi-640522100-000001/../../evil.txt",
                                  "fazhi-640522100-000001/data/..\\..\\evil.txt", "fazhi-640522100-000001/./x"])
def test_a_path_traversal_entry_is_refused_and_nothing_is_written_outside(world, small, tmp_path, name):
    _, _, tar_bytes = small
    entries = members(tar_bytes)
    evil = tarfile.TarInfo(name)
    entries.insert(1, (evil, b"owned"))
    before = snapshot(world.county)
    message = refused(world, encrypt_to(pack(entries), world.public.recipient, tmp_path / "evil.tar.age"), before)
    assert "不安全" in message or "不在" in message
    assert not list(world.root.parent.rglob("evil.txt"))
    assert not list(world.root.glob(".fazhi-import-*"))  # the work folder is gone too


@pytest.mark.parametrize("kind", [tarfile.SYMTYPE, tarfile.LNKTYPE, tarfile.CHRTYPE, tarfile.FIFOTYPE])
def test_links_and_devices_are_refused(world, small, tmp_path, kind):
    _, _, tar_bytes = small
    entries = members(tar_bytes)
    link = tarfile.TarInfo("fazhi-640522100-000001/data/ledgers/meeting.jsonl")
    link.type, link.linkname = kind, "/etc/passwd"
    entries.insert(1, (link, None))
    message = refused(world, encrypt_to(pack(entries), world.public.recipient, tmp_path / "link.tar.age"))
    assert "不是普通文件" in message


def test_an_oversized_entry_is_refused_before_it_is_read(world, small, tmp_path):
    _, _, tar_bytes = small
    root = members(tar_bytes)[0][0].name
    header = tarfile.TarInfo(f"{root}/data/attachments/{'a' * 64}")
    header.size = 4 * 1024**3  # claims 4 GB; only a few bytes follow
    raw = io.BytesIO()
    raw.write(header.tobuf(tarfile.USTAR_FORMAT))
    raw.write(b"x" * 512)
    message = refused(world, encrypt_to(raw.getvalue(), world.public.recipient, tmp_path / "big.tar.age"))
    assert "太大" in message and "data/attachments/" in message


def test_an_entry_above_the_cap_is_refused(world, valid_record, tmp_path, monkeypatch):
    from fazhi_desktop.core import attachments

    town = world.town()
    scan = tmp_path / "scan.jpg"
    scan.write_bytes(b"x" * 5000)
    town.store.save("meeting", valid_record("meeting", attachments=[attachments.add_attachment(town.store, scan)]),
                    ACTOR)
    path = world.export(town).path
    monkeypatch.setattr(unpack, "MAX_ATTACHMENT_BYTES", 4096)
    assert "太大" in refused(world, path)


def test_an_unlisted_file_is_refused(world, small, tmp_path):
    town, _, tar_bytes = small
    for extra in ("notes.txt", "data/ledgers/extra.jsonl", "data/attachments/" + "b" * 64):
        changed = replace_files(tar_bytes, {extra: b"{}\n"})
        message = refused(world, encrypt_to(changed, world.public.recipient, tmp_path / "extra.tar.age"))
        assert extra.rsplit("/", 1)[-1] in message, message
    # listed in a re-signed manifest, but not a ledger of this county
    changed = resign(tar_bytes, town.signer, {"data/ledgers/extra.jsonl": b""})
    message = refused(world, encrypt_to(changed, world.public.recipient, tmp_path / "extra.tar.age"))
    assert "extra.jsonl" in message


def test_a_missing_file_is_refused(world, small, tmp_path):
    _, _, tar_bytes = small
    for rel in ("data/ledgers/meeting.jsonl", "bag-info.txt", "tagmanifest-sha256.txt.minisig"):
        changed = replace_files(tar_bytes, {rel: None})
        message = refused(world, encrypt_to(changed, world.public.recipient, tmp_path / "missing.tar.age"))
        assert rel in message


def test_a_bundle_signed_by_an_unenrolled_key_is_refused(world, valid_record):
    town = world.town("640522101", enrol=False)
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    message = refused(world, world.export(town).path)
    assert "未在本县登记" in message and town.signer.public.key_id_hex in message
    assert ("数据包自称来自李旺镇（640522101），本县尚未登记该乡镇的密钥：请在“数据交换 → 密钥与登记”中登记乡镇送来的"
            "登记文件（电话核对指纹）") in message


def test_a_bundle_signed_by_a_new_key_of_an_enrolled_township_says_to_enrol_it(world, valid_record):
    """A township reinstalled and made a new key: the county is told which key it holds for that township."""
    town = world.town()
    old_key = keymod.township_key(town.store).public.key_id_hex
    keymod.init_township_key(town.store, TOWN_PASS, replace=True, cost=LOW_COST)
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    signer = keymod.unlock_township_key(town.store, TOWN_PASS)
    path = export_bundle(town.store, town.usb, signer).path
    message = refused(world, path)
    assert f"签名密钥 {signer.public.key_id_hex} 未在本县登记" in message
    assert (f"本县为该乡镇登记的是密钥 {old_key}：乡镇可能重新生成了密钥，请乡镇送来新的登记文件，"
            "在“数据交换 → 密钥与登记”中登记（会吊销旧密钥），电话核对新密钥的指纹") in message


def test_a_bundle_signed_by_a_revoked_key_is_refused(world, small, beijing_time):
    town, path, _ = small
    keymod.revoke(world.county, town.code, "县级")
    message = refused(world, path)
    assert "吊销" in message and town.code in message
    assert "已于 2026-06-01 16:00 吊销" in message  # the county's clock says 08:00 UTC: the technician's local time
    # no key of that township enrolled now: it makes a new one; one restored from an old backup is told the same
    assert ("。乡镇须在“数据交换 → 密钥与登记”中更换密钥，电话核对指纹后重新登记。"
            "如乡镇从更换密钥之前的备份恢复过") in message


def test_a_bundle_signed_by_a_replaced_key_names_the_key_enrolled_now(world, small, beijing_time):
    """The township replaced its key and the county enrolled the new one (revoking the old); a bundle still signed
    with the old one (a stick made before, or the township restored a backup from before 更换密钥) says which key
    to export with, and what to do when the township has only the old one."""
    town, path, _ = small
    keymod.init_township_key(town.store, TOWN_PASS, replace=True, cost=LOW_COST)
    new = keymod.township_key(town.store)
    keymod.enrol(world.county, new, "县级", replace=True)
    message = refused(world, path)
    # the new key has sent nothing yet: a key replaced in the same database and a new install's read alike
    assert (f"。该乡镇现用密钥 {new.public.key_id_hex}（登记于 2026-06-01 16:00），还没有报送过数据包："
            "只是更换了密钥（如忘记口令）的，请乡镇用它重新导出，未确认的变更会重新发送；"
            "乡镇如是重装了电脑（新设置的数据库），") in message
    assert ("请乡镇按纸质材料在新安装中补录后导出报送。如乡镇从更换密钥之前的备份恢复过，它用的又是这把旧密钥："
            "须再更换密钥，电话核对指纹后重新登记，再导出") in message


def test_a_bundle_imported_before_its_key_was_revoked_is_a_repeat_not_a_refusal(world, small):
    """After the township's new key was enrolled, its bundle imported the month before was shown in red, 拒绝接收,
    on every later import of the stick, though the county holds and counts its data."""
    town, path, _ = small
    assert world.import_(path).ok
    keymod.revoke(world.county, town.code, "县级")
    again = world.import_(path)
    assert again.ok and again.replay and (again.new, again.updated) == (0, 0)
    other = world.export(town).path  # a new bundle under the revoked key: refused, naming the office
    message = refused(world, other)
    assert f"（海城镇司法所，{town.code}）已于" in message


def test_a_bundle_naming_another_township_inside_is_refused(world, valid_record):
    liwang = world.town("640522101", enrol=False)
    liwang.store.save("meeting", valid_record("meeting"), ACTOR)
    # the key of 李旺镇 was enrolled, by mistake or fraud, as 海城镇's
    key = keymod.township_key(liwang.store)
    keymod.enrol(world.county, keymod.TownshipKey("640522100", "海城镇司法所", key.public, key.created), "县级")
    message = refused(world, world.export(liwang).path)
    assert "自称来自李旺镇（640522101）" in message and "登记给海城镇（640522100）" in message


def _edit_record(tar_bytes: bytes, edit) -> dict[str, bytes]:
    """Change the one meeting record's content with `edit` and give it a matching content hash."""
    line = json.loads(files_of(tar_bytes)["data/ledgers/meeting.jsonl"])
    edit(line["content"])
    line["content_hash"] = sha256_text(canonical_json(line["content"]))
    return {"data/ledgers/meeting.jsonl": (canonical_json(line) + "\n").encode()}


def test_records_of_another_township_inside_a_signed_bundle_are_refused(world, small, tmp_path):
    town, _, tar_bytes = small
    changed = resign(tar_bytes, town.signer, _edit_record(tar_bytes, lambda c: c.update(township="640522101")))
    message = refused(world, encrypt_to(changed, world.public.recipient, tmp_path / "x.tar.age"))
    assert "meeting.jsonl 第 1 行" in message and "640522101" in message


def test_invalid_values_in_a_signed_bundle_are_refused_naming_the_field(world, small, tmp_path):
    town, _, tar_bytes = small
    changed = resign(tar_bytes, town.signer,
                     _edit_record(tar_bytes, lambda c: c["values"].update(held_on="2026-02-30")))
    message = refused(world, encrypt_to(changed, world.public.recipient, tmp_path / "x.tar.age"))
    assert "meeting.jsonl 第 1 行" in message and "会议日期" in message and "2月只有28天" in message


def test_a_record_that_disagrees_with_the_change_log_is_refused(world, small, tmp_path):
    town, _, tar_bytes = small
    changed = resign(tar_bytes, town.signer, _edit_record(tar_bytes, lambda c: c.update(status="locked")))
    message = refused(world, encrypt_to(changed, world.public.recipient, tmp_path / "x.tar.age"))
    assert "变更日志" in message


def test_something_that_is_not_a_bundle_is_refused(world, tmp_path):
    for name, data in (("empty.tar.age", b""), ("text.tar.age", "这不是数据包".encode()),
                       ("zip.tar.age", b"PK\x03\x04" + b"\0" * 100)):
        path = tmp_path / name
        path.write_bytes(data)
        assert name in refused(world, path)


@pytest.mark.parametrize("first", [True, False], ids=["first", "after-the-tag-files"])
@pytest.mark.parametrize(("kind", "what"), [(tarfile.XHDTYPE, "pax 扩展头"), (tarfile.XGLTYPE, "pax 全局扩展头"),
                                            (tarfile.GNUTYPE_LONGNAME, "GNU 长文件名"),
                                            (tarfile.GNUTYPE_LONGLINK, "GNU 长链接名")],
                         ids=["pax", "pax-global", "gnu-long-name", "gnu-long-link"])
def test_an_extended_header_is_refused_before_tarfile_reads_it(world, small, tmp_path, kind, what, first):
    """tarfile reads a pax header or a GNU long name whole into memory before the entry is seen: a 2 GB one, which
    anyone with the county's public key can send, took 107 s and 6.2 GB (a MemoryError traceback under a memory
    limit) before any signature was checked. Here one claims 2 GB and a few bytes follow."""
    _, _, tar_bytes = small
    header = tarfile.TarInfo("././@LongLink")
    header.type, header.size = kind, 2 * 1024**3
    at = 0 if first else members(tar_bytes)[3][0].offset
    forged = tar_bytes[:at] + header.tobuf(tarfile.GNU_FORMAT) + b"x" * 512 + tar_bytes[at:]
    message = refused(world, encrypt_to(forged, world.public.recipient, tmp_path / "pax.tar.age"),
                      snapshot(world.county))
    assert f"数据包 pax.tar.age 的 tar 内容中有本程序不写的条目（{what}，位于第 {at} 字节）" in message


def test_running_out_of_memory_while_unpacking_is_a_refusal(world, small, monkeypatch):
    _, path, _ = small

    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(tarfile.TarInfo, "fromtarfile", exhausted)
    assert "解开时内存不足" in refused(world, path, snapshot(world.county))


def _age_header(path, stanzas: int, body: int = 32) -> Path:
    """An age file whose header has `stanzas` X25519 stanzas of `body` random bytes each: what anyone holding the
    county's public key can write, without any key at all."""
    def b64(data: bytes) -> str:
        return base64.b64encode(data).decode().rstrip("=")

    lines = ["age-encryption.org/v1"]
    for _ in range(stanzas):
        text = b64(os.urandom(body))
        lines += [f"-> X25519 {b64(os.urandom(32))}", *(text[i : i + 64] for i in range(0, len(text), 64))]
        if len(text) % 64 == 0:
            lines.append("")
    lines.append(f"--- {b64(os.urandom(32))}")
    path.write_bytes(("\n".join(lines) + "\n").encode() + os.urandom(1024))
    return path


def test_an_age_header_with_many_recipients_is_refused_before_pyrage_reads_it(world, tmp_path):
    """pyrage reads a header in time quadratic in its stanzas, holding the GIL: 8,000 (500 KB) froze the county's
    window for 27 s and 取消 could not act."""
    before = snapshot(world.county)
    message = refused(world, _age_header(tmp_path / "many.tar.age", 1000), before)
    assert f"数据包 many.tar.age 无法解密：加密文件头的接收方多于 {unpack.MAX_AGE_STANZAS} 个" in message
    message = refused(world, _age_header(tmp_path / "long.tar.age", 1, body=20_000), before)
    assert "数据包 long.tar.age 无法解密：加密文件头超过 16 KB" in message


def test_a_bundle_encrypted_to_as_many_recipients_as_allowed_is_read(world, small, tmp_path):
    """The county's key and others a township may still hold from an earlier version, and age's one random
    stanza: within the limit."""
    from pyrage import x25519

    _, _, tar_bytes = small
    recipients = [x25519.Recipient.from_str(world.public.recipient)]
    recipients += [x25519.Identity.generate().to_public() for _ in range(unpack.MAX_AGE_STANZAS - 2)]
    path = tmp_path / "fazhi-640522100-000001.tar.age"
    path.write_bytes(pyrage.encrypt(tar_bytes, recipients))
    assert world.import_(path).ok
