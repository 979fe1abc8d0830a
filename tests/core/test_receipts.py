# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A receipt moves the township's export mark: from then on an incremental bundle leaves out what the county has
acknowledged. A forged, altered or foreign receipt would make the township stop sending changes the county never
received, so each is refused with the file and the reason, and the mark stays where it was."""

from __future__ import annotations

import json
import shutil

import pytest
from bundle_world import county_template, world  # noqa: F401  (fixtures)
from small_disk import FullAtCommit

from fazhi_desktop.core.bundle import county_key, minisign
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.collect import acked_through, collect
from fazhi_desktop.core.bundle.common import BundleError
from fazhi_desktop.core.bundle.exchanges import township_exchanges
from fazhi_desktop.core.bundle.receipts import (
    ReceiptsNotAllWritten,
    import_receipt,
    receipt_comment,
    receipt_states,
    write_receipts,
)
from fazhi_desktop.core.failures import DiskFull
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import Store

ACTOR = "杨芳"


@pytest.fixture
def receipted(world, valid_record):
    """A township that sent two records, and the county's receipt for them (not yet imported)."""
    town = world.town()
    for _ in range(2):
        town.store.save("meeting", valid_record("meeting"), ACTOR)
    world.import_(world.export(town).path)
    [written] = write_receipts(world.county, world.keys, town.usb, [town.code])
    return world, town, written.path


def signature_of(path):
    return path.with_name(path.name + ".minisig")


def refused(store, path) -> str:
    """Import `path`, which must be refused; the export mark and the sent bundles must not have moved."""
    before = (acked_through(store), store.query("SELECT * FROM bundles_sent"))
    with pytest.raises(BundleError) as caught:
        import_receipt(store, path, ACTOR)
    assert (acked_through(store), store.query("SELECT * FROM bundles_sent")) == before
    return str(caught.value)


def resign(world, path, receipt: dict, comment: str | None = None):
    """Write `receipt` to `path`, signed with the county's genuine key (what a bug, not an attacker, could do)."""
    text = json.dumps(receipt, ensure_ascii=True, indent=2) + "\n"  # \ud800 as the escape a receipt can carry
    through = receipt.get("acknowledged_through")
    comment = comment or receipt_comment(receipt.get("county"), receipt.get("township"), through)
    path.write_text(text, encoding="utf-8")
    signature_of(path).write_text(world.keys.signer.sign(text.encode("utf-8"), comment, "test"), encoding="utf-8")
    return path


def test_a_genuine_receipt_is_accepted_also_by_its_signature_files_name(receipted):
    _world, town, path = receipted
    result = import_receipt(town.store, signature_of(path), ACTOR)
    assert result.advanced and result.acknowledged_through == 2 and result.bundles == [1]
    assert acked_through(town.store) == 2


def test_every_changed_byte_of_a_receipt_is_refused(receipted):
    _world, town, path = receipted
    original = path.read_bytes()
    for index in range(0, len(original), max(1, len(original) // 40)):
        changed = bytearray(original)
        changed[index] ^= 0x01
        path.write_bytes(bytes(changed))
        message = refused(town.store, path)
        assert path.name in message and ("核验失败" in message or "不是有效的 JSON" in message), message
    path.write_bytes(original)
    assert import_receipt(town.store, path, ACTOR).advanced


def test_a_raised_acknowledgement_is_refused(receipted):
    """The dangerous forgery: saying the county holds more than it does, so the township stops sending it."""
    _world, town, path = receipted
    receipt = json.loads(path.read_text(encoding="utf-8"))
    receipt["acknowledged_through"] = 99
    path.write_text(json.dumps(receipt, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert "核验失败" in refused(town.store, path)


def test_a_receipt_without_its_signature_file_is_refused(receipted):
    _world, town, path = receipted
    signature_of(path).unlink()
    said = refused(town.store, path)
    assert said.startswith(f"缺少回执的签名文件 {path.name}.minisig（应与回执放在同一文件夹）")
    assert said.endswith("请县司法局重新写一次回执")  # cut off between its two files: the county writes it again


def test_a_damaged_signature_file_is_refused(receipted):
    _world, town, path = receipted
    signature_of(path).write_text("not a minisign signature\n", encoding="utf-8")
    assert refused(town.store, path).startswith(f"回执签名 {path.name}.minisig 无效：")


def test_a_receipt_signed_by_another_county_is_refused(receipted, tmp_path):
    _world, town, path = receipted
    other = init_database(tmp_path / "other-county.db", "640522", county=True, office="另一台电脑上的县级数据库")
    keymod.init_county_keys(other, "other-county-pass", cost=(32768, 1 << 21))
    other_keys = keymod.unlock_county_keys(other, "other-county-pass")
    text = path.read_text(encoding="utf-8")
    receipt = json.loads(text)
    signature_of(path).write_text(other_keys.signer.sign(text.encode("utf-8"), receipt_comment(
        receipt["county"], receipt["township"], receipt["acknowledged_through"]), "forged"), encoding="utf-8")
    other.close()
    message = refused(town.store, path)
    assert message.startswith(f"回执 {path.name} 不是用本所登记的县级密钥签名的")
    assert "更换前写的回执，请县里重新写回执" in message  # a stick's old receipt after the county key was replaced
    # a receipt with the county's new key at a township still holding the old county key: the way on is here
    assert ("本所还没有替换县级公钥的，请向县里要新的县级公钥文件，电话核对指纹后在“数据交换 → 密钥与登记”中替换，"
            "再导入这份回执") in message


def test_a_receipt_for_another_township_is_refused(world, valid_record):
    first, second = world.town("640522100"), world.town("640522101")
    second.store.save("meeting", valid_record("meeting"), ACTOR)
    world.import_(world.export(second).path)
    [written] = write_receipts(world.county, world.keys, second.usb, [second.code])
    message = refused(first.store, written.path)
    assert message == f"回执 {written.path.name} 是给李旺镇（640522101）的，不是本所（海城镇（640522100））"


def test_a_receipt_from_before_a_reinstall_confirms_nothing_and_numbers_on(receipted, valid_record, world):
    """The office set up its database again under the same code: the old receipt does not match its log. Its
    confirmation is not taken; its numbers are, so the county's 〔2026〕会记字第2号 is not given again."""
    _, town, path = receipted
    again = init_database(world.root / "reinstalled.db", town.code, operator=ACTOR, ledgers=world.ledgers,
                          clock=world.clock)
    county_key.add_county_keys(again, world.public.file_text(), ACTOR)
    again.save("meeting", valid_record("meeting"), ACTOR)
    result = import_receipt(again, path, ACTOR)
    assert not result.advanced and acked_through(again) == 0 and result.needs_attention
    said = result.text()
    assert said.startswith("县里已收到本所变更日志第 2 条为止的数据，本所数据库只到第 1 条：县里收到的变更中，"
                           "有 1 条本所已没有")
    assert "回执的确认未采用，以后导出照常发送本所的变更" in said  # what to do, not only what is wrong
    assert "本所数据库没有从备份恢复过的，这份回执不是本数据库的" in said
    assert "2026年会记字从第 3 号起编号（县里已有第 2 号）" in said
    assert again.save("meeting", valid_record("meeting"), ACTOR).number == "〔2026〕会记字第3号"
    said = import_receipt(again, path, ACTOR).text()
    assert said.startswith("县里收到的本所变更日志第 2 条与本所现在的第 2 条不同")
    assert "本所的编号已在县里已有的编号之后，不会重复" in said
    assert acked_through(again) == 0 and not again.query("SELECT * FROM bundles_sent")
    again.close()


def test_a_signed_text_that_is_not_a_receipt_or_whose_comment_differs_is_refused(receipted):
    world, town, path = receipted
    receipt = json.loads(path.read_text(encoding="utf-8"))
    assert refused(town.store, resign(world, path, {**receipt, "format": "other"})) == f"{path.name} 不是法治台账的回执"
    assert refused(town.store, resign(world, path, {**receipt, "bundles": "all"})) == f"回执 {path.name} 的内容不完整"
    wrong = receipt_comment(receipt["county"], receipt["township"], 1)
    assert refused(town.store, resign(world, path, receipt, comment=wrong)) == f"回执 {path.name} 的签名注释与内容不符"


def test_a_receipt_naming_a_bundle_by_other_than_text_is_refused(receipted):
    """A bundle's id or hash as a list or as text that is not valid Unicode stopped the import with a traceback when
    looked up among the bundles sent."""
    world, town, path = receipted
    receipt = json.loads(path.read_text(encoding="utf-8"))
    for key, value in (("bundle_id", [1]), ("bundle_id", "\ud800"), ("bundle_hash", None), ("bundle_hash", 5)):
        bundles = [{**receipt["bundles"][0], key: value}, *receipt["bundles"][1:]]
        assert refused(town.store, resign(world, path, {**receipt, "bundles": bundles})) == \
            f"回执 {path.name} 中第 1 个数据包的标识或摘要不对", (key, value)


def test_a_receipt_needs_the_county_key_and_a_township_database(receipted, tmp_path):
    world, town, path = receipted
    assert refused(world.county, path) == "回执由乡镇导入；这是县级数据库"
    bare = init_database(tmp_path / "bare.db", town.code, operator=ACTOR, ledgers=world.ledgers, clock=world.clock)
    copy = tmp_path / path.name
    shutil.copy2(path, copy)
    shutil.copy2(signature_of(path), signature_of(copy))
    assert refused(bare, copy).startswith("尚未添加县级公钥")
    bare.close()


def test_minisign_reads_a_receipt_signature(receipted):
    """The township can check a receipt by hand: its signature is minisign's format, by the county's key."""
    world, _town, path = receipted
    signature = minisign.Signature.parse(signature_of(path).read_text(encoding="utf-8"))
    assert signature.key_id == world.keys.signer.public.key_id


def test_the_county_sees_which_townships_await_a_receipt(world, valid_record, clock):
    """写回执 at any time ticks the townships whose bundles arrived after their last receipt."""
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    world.import_(world.export(town).path)
    [state] = receipt_states(world.county)
    assert (state.name, state.bundles, state.acknowledges, state.last_written_at) == ("海城镇", 1, 1, None)
    assert state.new_since_receipt
    clock.advance(minutes=5)
    write_receipts(world.county, world.keys, town.usb)
    [state] = receipt_states(world.county)
    assert state.last_written_at is not None and not state.new_since_receipt
    clock.advance(minutes=5)
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    world.import_(world.export(town).path)
    [state] = receipt_states(world.county)
    assert (state.bundles, state.acknowledges, state.new_since_receipt) == (2, 2, True)


def test_a_receipt_whose_save_failed_is_recorded_when_imported_again(receipted, ledgers, clock):
    """The disk full at COMMIT, the clerk made room and imported the receipt again: she read 回执有效，但没有新内容,
    the database still held nothing, and every later export sent again what the county had confirmed."""
    _world, town, path = receipted
    real = town.store.conn
    town.store.conn = FullAtCommit(real)
    with pytest.raises(DiskFull, match="空间不足"):
        import_receipt(town.store, path, ACTOR)
    town.store.conn = real
    assert acked_through(town.store) == 0  # the window says what the file holds
    again = import_receipt(town.store, path, ACTOR)
    assert (again.previous, again.acknowledged_through, again.advanced) == (0, 2, True)
    assert acked_through(Store.open(town.store.path, ledgers=ledgers, clock=clock)) == 2


def test_an_older_receipt_never_moves_the_mark_back_after_another_program_imported_a_newer_one(
        world, valid_record, ledgers, clock):
    """The window read the mark (0) before `fazhi receipt import` imported the receipt through 2; the older one
    through 1, imported in the window, moved the mark back to 1 and the next export sent entry 2 again."""
    town = world.town()
    written = []
    for _ in range(2):
        town.store.save("meeting", valid_record("meeting"), ACTOR)
        world.import_(world.export(town).path)
        written += write_receipts(world.county, world.keys, town.usb, [town.code])
    older, newer = (w.path for w in written)
    window = Store.open(town.store.path, ledgers=ledgers, clock=clock)
    assert acked_through(window) == 0
    assert import_receipt(town.store, newer, ACTOR).acknowledged_through == 2  # the other program
    result = import_receipt(window, older, ACTOR)
    assert (result.previous, result.acknowledged_through, result.advanced) == (2, 2, False)
    assert acked_through(window) == 2
    assert acked_through(Store.open(town.store.path, ledgers=ledgers, clock=clock)) == 2


def test_a_window_open_before_another_program_imported_a_receipt_exports_only_what_is_new(
        receipted, valid_record, ledgers, clock):
    """The window read the mark (0) when it exported; `fazhi receipt import` then recorded the county's receipt
    through 2; the window's next export sent entries 1–2 again, and 数据交换 said none confirmed, until restart."""
    _world, town, path = receipted
    window = Store.open(town.store.path, ledgers=ledgers, clock=clock)
    assert (collect(window).changes_after, township_exchanges(window).acknowledged_through) == (0, 0)
    assert import_receipt(town.store, path, ACTOR).acknowledged_through == 2  # the other program
    town.store.save("meeting", valid_record("meeting"), ACTOR)  # entry 3, not yet sent
    snap = collect(window)
    assert (snap.changes_after, snap.changes_through, len(snap.changes)) == (2, 3, 1)
    assert township_exchanges(window).acknowledged_through == 2


def three_townships_imported(world, valid_record) -> list:
    towns = [world.town(code) for code in ("640522100", "640522101", "640522103")]
    for town in towns:
        town.store.save("meeting", valid_record("meeting"), ACTOR)
        world.import_(world.export(town).path)
    return towns


def test_receipts_that_could_not_all_be_written_say_which_were_and_record_only_those(world, valid_record, tmp_path):
    """The second of three receipts could not be written (a stick full or pulled): the message named only that file,
    while the first was on the stick and recorded as written."""
    three_townships_imported(world, valid_record)
    stick = tmp_path / "U盘"
    stick.mkdir()
    (stick / "fazhi-receipt-640522101-000001.json").mkdir()  # where the second receipt goes
    with pytest.raises(BundleError) as caught:
        write_receipts(world.county, world.keys, stick)
    assert str(caught.value).startswith("已写出 1 份回执（海城镇）；其余 2 份未写：李旺镇、西安镇。原因：无法写入 ")
    assert sorted(p.name for p in stick.iterdir() if p.is_file()) == [
        "fazhi-receipt-640522100-000001.json", "fazhi-receipt-640522100-000001.json.minisig"]
    assert [state.last_written_at is not None for state in receipt_states(world.county)] == [True, False, False]


def test_a_township_without_a_print_key_is_skipped_and_the_others_get_their_receipts(world, valid_record, tmp_path):
    """One township whose print key the county does not hold stopped the whole batch: 西安镇 got no receipt
    either. It is now skipped with its reason, the others written and recorded, and the error names both."""
    three_townships_imported(world, valid_record)
    world.county.conn.execute("DELETE FROM settings WHERE key LIKE 'print_key.640522101.%'")
    stick = tmp_path / "U盘"
    stick.mkdir()
    with pytest.raises(ReceiptsNotAllWritten) as caught:
        write_receipts(world.county, world.keys, stick)
    assert str(caught.value).startswith("已写出 2 份回执（海城镇、西安镇）；1 份不能写：\n"
                                        "县里没有李旺镇（640522101）的打印核验密钥")
    assert [w.township for w in caught.value.written] == ["640522100", "640522103"]
    assert list(caught.value.skipped) == ["640522101"] and caught.value.unwritten == []
    assert sorted(p.name for p in stick.iterdir()) == [
        "fazhi-receipt-640522100-000001.json", "fazhi-receipt-640522100-000001.json.minisig",
        "fazhi-receipt-640522103-000001.json", "fazhi-receipt-640522103-000001.json.minisig"]
    assert [state.last_written_at is not None for state in receipt_states(world.county)] == [True, False, True]


def test_a_stick_failing_after_a_skipped_township_names_the_skipped_one_and_those_not_written(world, valid_record,
                                                                                             tmp_path):
    three_townships_imported(world, valid_record)
    world.county.conn.execute("DELETE FROM settings WHERE key LIKE 'print_key.640522100.%'")
    stick = tmp_path / "U盘"
    (stick / "fazhi-receipt-640522103-000001.json").mkdir(parents=True)
    with pytest.raises(ReceiptsNotAllWritten) as caught:
        write_receipts(world.county, world.keys, stick)
    said = str(caught.value)
    assert said.startswith("已写出 1 份回执（李旺镇）；其余 1 份未写：西安镇。原因：无法写入 ")
    assert "\n1 份不能写：\n县里没有海城镇（640522100）的打印核验密钥" in said
    assert caught.value.unwritten == ["640522103"]


def test_a_receipt_whose_signature_could_not_be_written_is_not_left_on_the_stick(world, valid_record, tmp_path):
    three_townships_imported(world, valid_record)
    stick = tmp_path / "U盘"
    stick.mkdir()
    (stick / "fazhi-receipt-640522100-000001.json.minisig").mkdir()
    with pytest.raises(BundleError, match=r"^回执都未写出，3 份未写：海城镇、李旺镇、西安镇。原因：无法写入 .*minisig"):
        write_receipts(world.county, world.keys, stick)
    assert not [p for p in stick.iterdir() if p.is_file()]  # an unsigned receipt the township could not import
    assert not any(state.last_written_at for state in receipt_states(world.county))
