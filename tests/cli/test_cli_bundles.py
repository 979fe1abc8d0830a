# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""The bundle commands as a township clerk and a county technician run them: exit codes 0/1/2, Chinese messages that
name the file and the reason, nothing changed on error."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from bundle_bug import folder_with_a_bug  # noqa: F401  (fixture)
from bundle_world import (  # noqa: F401  (fixtures)
    COUNTY_PASS,
    TOWN_PASS,
    before_dates_were_held,
    conflicted,
    copy_database,
    county_template,
    saved_by_an_older_version,
    signed_again,
    world,
)

from fazhi_desktop.cli import main
from fazhi_desktop.core.bundle import minisign
from fazhi_desktop.core.bundle.receipts import write_receipts
from fazhi_desktop.core.store import Store

MEETING = {"title": "2026年法治政府建设专题会议", "meeting_type": "专题研究部署法治政府建设会议",
           "held_on": "2026-03-05", "office_head_attendance": "全程"}


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def cheap_keys(monkeypatch):
    """Township keys with a low scrypt cost (the file format is the same), and the passphrase from the env."""
    monkeypatch.setattr(minisign, "DEFAULT_COST", (32768, 1 << 21))
    monkeypatch.setenv("FAZHI_PASSPHRASE", "口令是 correct horse")


@pytest.fixture(scope="module")
def county_files(tmp_path_factory):
    """A county database with keys, made once for this module (its age identity takes a second to make)."""
    import os

    folder = tmp_path_factory.mktemp("county")
    os.environ["FAZHI_PASSPHRASE"] = "口令是 correct horse"
    try:
        assert main(["--db", str(folder / "county.db"), "init", "--township", "640522", "--county",
                     "--office", "海原县司法局", "--operator", "马县级"]) == 0
        assert main(["--db", str(folder / "county.db"), "keys", "init"]) == 0
        assert main(["--db", str(folder / "county.db"), "keys", "enrolment", "-o", str(folder / "县级公钥.txt")]) == 0
    finally:
        del os.environ["FAZHI_PASSPHRASE"]
    return folder


@pytest.fixture
def offices(tmp_path, county_files, capsys):
    """A county (a copy of the module's) and a township with a signing key and the county's keys."""
    for name in ("county.db", "county-keys", "县级公钥.txt"):
        source = county_files / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, tmp_path / name)
    county, town = tmp_path / "county.db", tmp_path / "town.db"
    assert main(["--db", str(town), "init", "--township", "640522100", "--operator", "杨芳"]) == 0
    assert main(["--db", str(town), "keys", "init"]) == 0
    assert main(["--db", str(town), "county-key", "add", str(tmp_path / "县级公钥.txt"), "--yes"]) == 0
    capsys.readouterr()
    (tmp_path / "usb").mkdir()
    return county, town, tmp_path / "usb"


def enrol(capsys, county: Path, town: Path, tmp_path: Path) -> str:
    code, out, _ = run(capsys, "--db", str(town), "keys", "enrolment", "-o", str(tmp_path / "登记.json"))
    assert code == 0
    fingerprint = json.loads((tmp_path / "登记.json").read_text(encoding="utf-8"))["fingerprint"]
    assert f"指纹：{fingerprint}" in out
    code, out, err = run(capsys, "--db", str(county), "enrol", str(tmp_path / "登记.json"), "--fingerprint",
                         fingerprint.lower().replace(" ", "-"))
    assert code == 0, err
    assert "已登记 海城镇司法所" in out
    return fingerprint


def add_meeting(town: Path, tmp_path: Path, **values) -> None:
    (tmp_path / "m.json").write_text(json.dumps({**MEETING, **values}, ensure_ascii=False), encoding="utf-8")
    assert main(["--db", str(town), "add", "meeting", "--json", str(tmp_path / "m.json")]) == 0


def test_township_to_county_and_back(offices, tmp_path, capsys):
    county, town, usb = offices
    enrol(capsys, county, town, tmp_path)
    add_meeting(town, tmp_path)
    add_meeting(town, tmp_path, title="第二次会议")
    code, out, err = run(capsys, "--db", str(town), "export", "--to", str(usb))
    assert code == 0, err
    assert f"已写入数据包：{usb / 'fazhi-640522100-000001.tar.age'}" in out
    assert "第 1 号，全部变更，变更 2 条，记录 2 条" in out and "会议：2" in out  # no receipt yet: from entry 1
    bundle = usb / "fazhi-640522100-000001.tar.age"
    code, out, _ = run(capsys, "--db", str(county), "verify", str(bundle))
    assert code == 0 and "核验通过（未导入）" in out and "新增 2 条" in out
    assert Store.open(county).count("meeting") == 0
    code, out, _ = run(capsys, "--db", str(county), "import", str(usb))
    assert code == 0 and "已导入" in out and "新增 2 条" in out and "共 1 个数据包：导入 1 个，拒绝 0 个" in out
    code, out, _ = run(capsys, "--db", str(county), "import", str(bundle))
    assert code == 0 and "重复导入" in out and "未变 2 条" in out
    # as cmd and PowerShell pass it: the pattern itself, not the files it matches
    code, out, _ = run(capsys, "--db", str(county), "import", str(usb / "*.tar.age"), "--dry-run")
    assert code == 0 and "重复导入" in out and "共 1 个数据包" in out
    code, _, err = run(capsys, "--db", str(county), "import", str(usb / "*.zip"))
    assert code == 1 and f"没有与 {usb / '*.zip'} 相符的文件" in err
    code, out, _ = run(capsys, "--db", str(county), "receipt", "write", "--to", str(usb))
    assert code == 0 and "确认到变更第 2 条" in out
    receipt = usb / "fazhi-receipt-640522100-000002.json"
    code, out, _ = run(capsys, "--db", str(town), "receipt", "import", str(receipt))
    assert code == 0 and "已导入回执" in out and "第1号" in out
    add_meeting(town, tmp_path, title="第三次会议")
    code, out, _ = run(capsys, "--db", str(town), "export", "--to", str(usb))
    assert code == 0 and "第 2 号，增量，变更 1 条，记录 1 条" in out
    code, out, _ = run(capsys, "--db", str(town), "bundles")
    lines = out.splitlines()
    assert code == 0 and "县司法局已确认收到变更第 2 条为止的全部数据；此后的 1 条变更尚未确认。" in lines[0]
    assert lines[1].split() == ["序号", "导出时间", "导出人", "内容", "变更日志", "记录", "附件", "县级回执"]
    assert lines[3].split()[0] == "2" and lines[3].split()[-1] == "尚未确认" and "第 3 条" in lines[3]
    assert lines[4].split()[0] == "1" and lines[4].split()[-1].startswith("已确认（") and "第 1–2 条" in lines[4]
    code, out, _ = run(capsys, "--db", str(county), "bundles", "--township", "640522100")
    rows = out.splitlines()[2:]
    assert code == 0 and len(rows) == 1  # imported twice, recorded once
    cells = rows[0].split()
    assert cells[:3] == ["640522100", "海城镇司法所", "1"]
    assert cells[-6:] == ["2", "0", "0", "0", "0", "fazhi-640522100-000001.tar.age"]
    code, out, _ = run(capsys, "--db", str(county), "bundles", "--township", "640522100", "--show", "1")
    lines = out.splitlines()
    assert code == 0 and "海城镇司法所（640522100）第 1 号数据包" in lines[0] and "新增 2 条" in lines[0]
    assert lines[1].split() == ["结果", "台账", "编号", "日期", "名称", "收到的版本"]
    assert [line.split()[0] for line in lines[3:]] == ["新增", "新增"] and "第二次会议" in out
    code, _, err = run(capsys, "--db", str(county), "bundles", "--township", "640522100", "--show", "7")
    assert code != 0 and "没有导入过海城镇（640522100）的第 7 号数据包" in err
    code, _, err = run(capsys, "--db", str(county), "bundles", "--show", "1")
    assert code != 0 and "需同时给出 --township" in err


def test_a_tampered_bundle_is_refused_with_the_file_and_reason_and_nothing_changes(offices, tmp_path, capsys):
    county, town, usb = offices
    enrol(capsys, county, town, tmp_path)
    add_meeting(town, tmp_path)
    assert main(["--db", str(town), "export", "--to", str(usb)]) == 0
    bundle = usb / "fazhi-640522100-000001.tar.age"
    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 1
    bad = usb / "fazhi-640522100-000009.tar.age"
    bad.write_bytes(bytes(data))
    capsys.readouterr()
    code, out, err = run(capsys, "--db", str(county), "import", str(bad), str(bundle))
    assert code == 1
    assert "fazhi-640522100-000009.tar.age：拒绝接收" in out and "无法解密" in out and "未作任何改动" in out
    assert "共 2 个数据包：导入 1 个，拒绝 1 个" in out
    assert "Traceback" not in out + err


def test_an_unenrolled_township_is_refused(offices, tmp_path, capsys):
    county, town, usb = offices
    add_meeting(town, tmp_path)
    assert main(["--db", str(town), "export", "--to", str(usb)]) == 0
    code, out, _ = run(capsys, "--db", str(county), "verify", str(usb / "fazhi-640522100-000001.tar.age"))
    assert code == 1 and "未在本县登记" in out


def test_a_wrong_fingerprint_is_not_enrolled(offices, tmp_path, capsys):
    county, town, _ = offices
    run(capsys, "--db", str(town), "keys", "enrolment", "-o", str(tmp_path / "登记.json"))
    code, _, err = run(capsys, "--db", str(county), "enrol", str(tmp_path / "登记.json"), "--fingerprint", "0000")
    assert code == 1 and "指纹不符" in err and "登记.json" in err
    code, out, _ = run(capsys, "--db", str(county), "keys", "show")
    assert "640522100" not in out.split("指纹：", 1)[1]


def test_enrol_without_a_checked_fingerprint_is_a_usage_error(offices, tmp_path, capsys):
    county, town, _ = offices
    run(capsys, "--db", str(town), "keys", "enrolment", "-o", str(tmp_path / "登记.json"))
    code, _, err = run(capsys, "--db", str(county), "enrol", str(tmp_path / "登记.json"))
    assert code == 2 and "--fingerprint" in err


def test_revoked_township_is_refused(offices, tmp_path, capsys):
    county, town, usb = offices
    enrol(capsys, county, town, tmp_path)
    code, out, _ = run(capsys, "--db", str(county), "revoke", "640522100", "--reason", "更换", "--yes")
    assert code == 0 and "已吊销海城镇（640522100）" in out
    add_meeting(town, tmp_path)
    assert main(["--db", str(town), "export", "--to", str(usb)]) == 0
    code, out, _ = run(capsys, "--db", str(county), "import", str(usb))
    assert code == 1 and "吊销" in out


def test_verify_given_a_folder_points_to_import_dry_run(offices, capsys, monkeypatch):
    """`fazhi verify U盘` said only 无法读取数据包：是一个文件夹, after asking for the passphrase."""
    county, _, usb = offices
    monkeypatch.delenv("FAZHI_PASSPHRASE")  # not asked for: the folder is said first
    code, _, err = run(capsys, "--db", str(county), "verify", str(usb))
    assert code == 1 and f"{usb} 是一个文件夹，fazhi verify 只核验一个数据包文件" in err
    assert err.rstrip().endswith(f"请用：fazhi import --dry-run {usb}")


def test_without_a_passphrase_and_without_a_terminal_it_is_a_usage_error(offices, capsys, monkeypatch):
    _, town, usb = offices
    monkeypatch.delenv("FAZHI_PASSPHRASE")
    code, _, err = run(capsys, "--db", str(town), "export", "--to", str(usb))
    assert code == 2 and "--passphrase-file" in err


def test_a_wrong_passphrase_from_a_file_is_explained(offices, tmp_path, capsys, monkeypatch):
    _, town, usb = offices
    monkeypatch.delenv("FAZHI_PASSPHRASE")
    (tmp_path / "pw.txt").write_text("not the passphrase\n", encoding="utf-8")
    code, _, err = run(capsys, "--db", str(town), "export", "--to", str(usb), "--passphrase-file",
                       str(tmp_path / "pw.txt"))
    assert code == 1 and "口令不对" in err and "township.key" in err
    assert list(usb.iterdir()) == []



def test_a_passphrase_file_saved_as_gbk_by_notepad_is_read(offices, tmp_path, capsys, monkeypatch):
    _, town, usb = offices
    monkeypatch.delenv("FAZHI_PASSPHRASE")
    (tmp_path / "pw.txt").write_bytes("口令是 correct horse\r\n".encode("gbk"))
    code, _, err = run(capsys, "--db", str(town), "export", "--to", str(usb), "--passphrase-file",
                         str(tmp_path / "pw.txt"))
    assert code == 0, err
    assert [p.name for p in usb.iterdir()] == ["fazhi-640522100-000001.tar.age"]

def test_missing_arguments_are_usage_errors(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["export"])
    assert exited.value.code == 2
    with pytest.raises(SystemExit) as exited:
        main(["receipt"])
    assert exited.value.code == 2


def test_county_key_pasted_as_text(offices, county_files, capsys):
    _, town, _ = offices
    text = (county_files / "县级公钥.txt").read_text(encoding="utf-8")
    code, out, _ = run(capsys, "--db", str(town), "county-key", "add", text)
    assert code == 0 and "无需重复添加" in out
    recipient = next(line for line in text.splitlines() if line.startswith("age1"))
    code, _, err = run(capsys, "--db", str(town), "county-key", "add", recipient, "--replace", "--yes")
    assert code == 1 and "输入的文字 中缺少回执签名公钥" in err
    code, _, err = run(capsys, "--db", str(town), "county-key", "add", "age1notakey")
    assert code == 1 and "输入的文字 第 1 行" in err


def test_keys_show_on_both_sides(offices, tmp_path, capsys):
    county, town, _ = offices
    fingerprint = enrol(capsys, county, town, tmp_path)
    code, out, _ = run(capsys, "--db", str(town), "keys", "show")
    assert code == 0 and f"指纹：{fingerprint}" in out and "县级公钥：海原县司法局（640522）" in out
    code, out, _ = run(capsys, "--db", str(county), "keys", "show")
    assert code == 0 and "加密公钥（age）：age1" in out and "640522100 海城镇司法所" in out and "有效" in out
    # the township's public key as `minisign -Vm … -P KEY` takes it, for the technician who checks a bundle by hand
    public = json.loads((tmp_path / "登记.json").read_text(encoding="utf-8"))["public_key"]
    assert f"    公钥：{public}" in out.splitlines()


def test_conflicts_are_listed_compared_and_settled_from_the_command_line(conflicted, capsys):
    world, _, record = conflicted
    db = str(world.county.path)
    code, out, _ = run(capsys, "--db", db, "conflicts")
    assert code == 0 and record.number in out and "待处理" in out and "会议" in out
    assert out.split("\n")[2].split()[1] == "海城镇"  # the township by name, as the window shows it
    conflict_id = out.split("\n")[2].split()[0]
    code, out, _ = run(capsys, "--db", db, "conflicts", "show", conflict_id)
    assert code == 0 and "地点" in out and "会议室甲" in out and "会议室乙" in out
    assert out.startswith(f"冲突 {conflict_id}：海城镇（640522100）会议 {record.number}")
    code, out, _ = run(capsys, "--db", db, "conflicts", "resolve", conflict_id, "--keep", "incoming")
    assert code == 0 and "已处理：采用新收到的版本" in out
    assert world.county.get(record.id)["location"] == "会议室乙"
    code, out, _ = run(capsys, "--db", db, "conflicts")
    assert code == 0 and "没有待处理的冲突" in out
    code, _, err = run(capsys, "--db", db, "conflicts", "resolve", conflict_id, "--keep", "held")
    assert code == 1 and "已于" in err and "Traceback" not in err



def test_bundles_show_lists_both_bundles_sent_with_the_same_number(conflicted, capsys):
    world, _, record = conflicted  # the township restored a backup and sent a second bundle number 2
    code, out, _ = run(capsys, "--db", str(world.county.path), "bundles", "--township", "640522100", "--show", "2")
    lines = out.splitlines()
    assert code == 0 and "有 2 个第 2 号数据包" in lines[0]
    headings = [line for line in lines if "第 2 号数据包 fazhi-640522100-000002.tar.age" in line]
    assert len(headings) == 2
    assert "冲突 1 条" in headings[0] and "更新 1 条" in headings[1]  # the restored one, imported later, first
    assert [line.split()[0] for line in lines if record.number in line] == ["冲突", "更新"]

def test_at_the_county_records_are_told_apart_by_township_and_cannot_be_changed(offices, tmp_path, capsys):
    county, town, usb = offices
    enrol(capsys, county, town, tmp_path)
    other = tmp_path / "other.db"
    assert main(["--db", str(other), "init", "--township", "640522101", "--operator", "马丽"]) == 0
    assert main(["--db", str(other), "keys", "init"]) == 0
    assert main(["--db", str(other), "county-key", "add", str(tmp_path / "县级公钥.txt"), "--yes"]) == 0
    assert main(["--db", str(other), "keys", "enrolment", "-o", str(tmp_path / "登记2.json")]) == 0
    assert main(["--db", str(county), "enrol", str(tmp_path / "登记2.json"), "--yes"]) == 0
    for office in (town, other):
        add_meeting(office, tmp_path)
        assert main(["--db", str(office), "export", "--to", str(usb)]) == 0
    assert main(["--db", str(county), "import", str(usb)]) == 0
    capsys.readouterr()

    code, _, err = run(capsys, "--db", str(county), "show", "〔2026〕会记字第1号")
    assert code != 0 and "编号 〔2026〕会记字第1号 有 2 条记录，分属不同乡镇：海城镇（640522100）：" in err
    assert "李旺镇（640522101）：" in err and err.rstrip().endswith("。请改用记录标识")
    liwang_id = err.split("李旺镇（640522101）：")[1].split("。")[0]
    code, out, _ = run(capsys, "--db", str(county), "show", liwang_id)  # the id the message gave
    assert code == 0 and "〔2026〕会记字第1号" in out
    code, out, _ = run(capsys, "--db", str(county), "list", "meeting")
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["乡镇", "编号"] and lines[-1] == "共 2 条"
    assert sorted(line.split()[0] for line in lines[2:-1]) == ["李旺镇", "海城镇"]
    code, out, _ = run(capsys, "--db", str(county), "list", "meeting", "--township", "640522101", "--format", "json")
    [record] = json.loads(out)
    assert record["township"] == "640522101"
    code, out, _ = run(capsys, "--db", str(county), "list", "meeting", "--township", "李旺镇")  # or by name
    assert code == 0 and out.splitlines()[-1] == "共 1 条" and out.splitlines()[2].startswith("李旺镇")
    with pytest.raises(SystemExit) as stopped:  # argparse's own refusal, in Chinese
        main(["--db", str(county), "list", "meeting", "--township", "李旺"])
    assert stopped.value.code == 2 and "不认识的乡镇或县“李旺”" in capsys.readouterr().err

    (tmp_path / "edit.json").write_text('{"location": "县里改的"}', encoding="utf-8")
    code, _, err = run(capsys, "--db", str(county), "update", record["id"], "--json", str(tmp_path / "edit.json"))
    assert code != 0 and "是李旺镇（640522101）报送的，只能查看" in err
    code, _, err = run(capsys, "--db", str(county), "delete", record["id"])
    assert code != 0 and "只能查看" in err
    code, _, err = run(capsys, "--db", str(county), "add", "meeting", "--json", str(tmp_path / "m.json"))
    assert code != 0 and "县级数据库不登记台账记录" in err
    assert Store.open(county).get(record["id"]).revision == 1
    code, _, err = run(capsys, "--db", str(town), "list", "meeting", "--township", "640522101")
    assert code != 0 and "--township 只用于县级数据库" in err


def test_a_record_set_aside_at_the_county_is_marked_in_every_list_the_command_prints(world, valid_record, capsys):
    """`fazhi list --format csv` listed a version its township no longer has as 草稿, beside the record reusing its
    number: counted by whoever reads the list, though the indicators leave it out."""
    town = world.town()
    kept, lost = (town.store.save("meeting", valid_record("meeting", title=t), "杨芳") for t in ("留下的", "恢复前的"))
    world.import_(world.export(town).path)
    world.county.conn.execute("INSERT INTO set_aside VALUES (?, ?, 'meeting', ?, 'b', '2026-06-01T00:00:00Z')",
                              [lost.id, town.code, lost.number])  # as core/bundle/lost.py leaves it
    db = str(world.county.path)
    code, out, _ = run(capsys, "--db", db, "list", "meeting", "--format", "csv")
    assert code == 0 and [line.split(",")[2] for line in out.splitlines()[1:]].count("草稿·不计入") == 1
    assert next(line for line in out.splitlines() if "草稿·不计入" in line).endswith(lost.id)
    code, out, _ = run(capsys, "--db", db, "list", "meeting")
    assert code == 0 and sum("草稿·不计入" in line for line in out.splitlines()) == 1
    code, out, _ = run(capsys, "--db", db, "list", "meeting", "--format", "json")
    assert {r["id"]: r["set_aside"] for r in json.loads(out)} == {kept.id: False, lost.id: True}
    code, out, _ = run(capsys, "--db", db, "show", lost.id)
    assert code == 0 and "草稿·不计入" in out


def test_an_export_with_nothing_new_writes_nothing_unless_asked(offices, tmp_path, capsys):
    county, town, usb = offices
    enrol(capsys, county, town, tmp_path)
    add_meeting(town, tmp_path)
    code, out, _ = run(capsys, "--db", str(town), "export", "--to", str(usb))
    assert code == 0 and "没有新的登记" not in out
    assert main(["--db", str(county), "import", str(usb)]) == 0
    assert main(["--db", str(county), "receipt", "write", "--to", str(usb)]) == 0
    assert main(["--db", str(town), "receipt", "import", str(usb / "fazhi-receipt-640522100-000001.json")]) == 0
    capsys.readouterr()
    before = sorted(usb.iterdir())
    code, out, _ = run(capsys, "--db", str(town), "export", "--to", str(usb))  # no passphrase asked: none needed
    assert code == 0 and out == ("自上次县级回执以来没有新的登记、修改或名册变动：未写入数据包"
                                 "（仍要写入一个只表明没有新变更的数据包，请加 --empty）\n")
    assert sorted(usb.iterdir()) == before  # no file to carry, no number used up
    code, out, _ = run(capsys, "--db", str(town), "export", "--to", str(usb), "--empty")
    assert code == 0 and "第 2 号" in out and "变更 0 条" in out
    assert "注意：自上次县级回执以来没有新的登记、修改或名册变动：这个数据包只向县里表明本所没有新变更" in out


def test_a_deleted_records_lost_file_neither_stops_the_export_nor_fails_either_check(offices, tmp_path, capsys):
    """`fazhi export` stopped with 数据包需要的附件文件不见了… for a deleted record's scan nobody had any more."""
    from fazhi_desktop.core.attachments import add_attachment, blob_path

    county, town, usb = offices
    enrol(capsys, county, town, tmp_path)
    store = Store.open(town)
    (tmp_path / "签到表.jpg").write_bytes(b"sign-in sheet")
    entry = add_attachment(store, tmp_path / "签到表.jpg")
    store.delete(store.save("meeting", {**MEETING, "attachments": [entry]}, "杨芳").id, "杨芳")
    blob_path(store, entry["sha256"]).unlink()
    store.close()
    code, out, err = run(capsys, "--db", str(town), "export", "--to", str(usb))
    assert code == 0, err
    assert "记录 1 条（其中已删除 1 条），附件 0 个" in out
    code, out, _ = run(capsys, "--db", str(county), "import", str(usb))
    assert code == 0 and "新增 1 条（其中删除 1 条）" in out
    code, out, _ = run(capsys, "--db", str(county), "check")  # the county was never sent the file: nothing to say
    assert code == 0 and "结论：全部一致" in out and "签到表" not in out
    code, out, _ = run(capsys, "--db", str(town), "check")
    assert code == 0 and "（已删除的记录） 的附件“签到表.jpg”：文件不见了" in out and "不影响导出" in out


def far_off_meeting(capsys, county: Path, town: Path, tmp_path: Path) -> str:
    """The township enrolled with one meeting, dated 9999-12-31 as an older version saved it; its number."""
    enrol(capsys, county, town, tmp_path)
    add_meeting(town, tmp_path)
    store = Store.open(town)
    number = "〔2026〕会记字第1号"
    saved_by_an_older_version(store, store.find_by_number(number).id, held_on="9999-12-31")
    store.close()
    return number


def test_a_record_the_county_would_refuse_stops_the_export_before_the_passphrase_and_check_lists_it(
        offices, tmp_path, capsys, monkeypatch):
    """A 会议日期 of 9999-12-31, saved by an older version (planted by SQL: today's refuses it), went out without a
    word, and the county refused the whole bundle naming the record and field."""
    county, town, usb = offices
    number = far_off_meeting(capsys, county, town, tmp_path)
    capsys.readouterr()
    far_off = f"会议 {number}：会议日期：年份应在 2000–2100 之间，收到 9999"
    with monkeypatch.context() as unset:
        unset.delenv("FAZHI_PASSPHRASE")  # no terminal either: the refusal comes before the passphrase is asked
        code, out, err = run(capsys, "--db", str(town), "export", "--to", str(usb), "--full")
    assert (code, out) == (1, "")
    assert err.endswith("错误：县里会拒收这个数据包：有记录的内容通不过县里的核验（是以前版本的程序保存的，"
                        f"现在不再接受）：\n{far_off}\n请打开记录，改正所说的字段并保存。改正后再导出\n")
    assert "口令" not in err and list(usb.iterdir()) == []
    code, out, _ = run(capsys, "--db", str(town), "check")
    assert code == 1
    assert (f"  - {far_off}（县里会拒收带着它的数据包，导出时会被拦下）；请打开记录，改正所说的字段并保存\n"
            in out)
    (tmp_path / "改正.json").write_text('{"held_on": "2026-05-20"}', encoding="utf-8")
    assert main(["--db", str(town), "update", number, "--json", str(tmp_path / "改正.json")]) == 0
    code, out, _ = run(capsys, "--db", str(town), "check")
    assert code == 0 and "结论：全部一致" in out
    assert main(["--db", str(town), "export", "--to", str(usb)]) == 0
    code, out, err = run(capsys, "--db", str(county), "import", str(usb))
    assert code == 0, out + err


def held_by_an_older_county(capsys, county: Path, town: Path, usb: Path, tmp_path: Path) -> str:
    """`far_off_meeting` taken by an older county, the receipt back, another meeting added: the next incremental
    bundle does not carry the far-off one; its number."""
    number = far_off_meeting(capsys, county, town, tmp_path)
    with before_dates_were_held():
        assert main(["--db", str(town), "export", "--to", str(usb)]) == 0
        assert main(["--db", str(county), "import", str(usb)]) == 0
    assert main(["--db", str(county), "receipt", "write", "--to", str(usb)]) == 0
    assert main(["--db", str(town), "receipt", "import", str(usb / "fazhi-receipt-640522100-000001.json")]) == 0
    add_meeting(town, tmp_path, title="第二次会议")
    capsys.readouterr()
    return number


def test_a_failing_record_the_county_holds_is_a_note_in_check_and_export(offices, tmp_path, capsys):
    """An older county took the 9999 date; the next incremental bundle does not carry the record. `fazhi check`
    said 导出时会被拦下 (exit 1), which was not so: it is a note, the check passes, `fazhi export` says it, exports."""
    county, town, usb = offices
    number = held_by_an_older_county(capsys, county, town, usb, tmp_path)
    far_off = f"会议 {number}：会议日期：年份应在 2000–2100 之间，收到 9999"
    code, out, _ = run(capsys, "--db", str(town), "check")
    assert code == 0 and "导出时会被拦下" not in out
    assert f"{far_off}（县里已有这条记录，下次导出不发送它，不影响导出；改动它或发送全部数据时会被拦下）" in out
    code, out, _ = run(capsys, "--db", str(town), "export", "--to", str(usb))
    assert code == 0 and "第 2 号" in out
    assert f"注意：另有 1 条记录通不过县里现在的核验（县里已有，本次不发送，不影响导出）：\n{far_off}\n" in out


def test_a_held_record_of_a_closed_year_names_the_reopen_command_in_check_and_export(offices, tmp_path, capsys,
                                                                                     monkeypatch):
    """A failing record the county holds, of a closed year: `fazhi check` and `fazhi export` sent the command-line
    user to 编辑 → 年度封账… (the way out as the window says it, stood in for here: the command line cannot close
    the year its meeting is in before that year is over)."""
    from fazhi_desktop.core.bundle import values

    county, town, usb = offices
    held_by_an_older_county(capsys, county, town, usb, tmp_path)
    way_out = "2026年已封账的记录须由所长或管理员先重新打开2026年（编辑 → 年度封账…），再重新打开记录"
    monkeypatch.setattr(values, "_way_out", lambda *args: way_out)
    told = "重新打开2026年（fazhi year reopen 2026 --reason 原因）"
    code, out, _ = run(capsys, "--db", str(town), "check")
    assert code == 0 and told in out and "编辑 →" not in out
    code, out, _ = run(capsys, "--db", str(town), "export", "--to", str(usb))
    assert code == 0 and "另有 1 条记录通不过县里现在的核验" in out and told in out and "编辑 →" not in out


def test_a_county_that_tries_to_export_is_told_where_bundles_come_from(offices, capsys):
    county, _, usb = offices
    code, _, err = run(capsys, "--db", str(county), "export", "--to", str(usb))
    assert code != 0 and "这是县级数据库：数据包由各乡镇导出后送到县里" in err and "fazhi import" in err


def test_a_stick_with_a_folder_per_township_says_where_the_bundles_are(offices, tmp_path, capsys):
    county, town, usb = offices
    enrol(capsys, county, town, tmp_path)
    add_meeting(town, tmp_path)
    (usb / "海城镇").mkdir()
    assert main(["--db", str(town), "export", "--to", str(usb / "海城镇")]) == 0
    code, _, err = run(capsys, "--db", str(county), "import", str(usb))
    assert code != 0 and f"文件夹 {usb} 中没有数据包（*.tar.age）；子文件夹 海城镇 中有 1 个：请选择那个文件夹" in err


def test_the_county_lists_the_townships_rosters_and_adds_none(offices, tmp_path, capsys):
    county, town, usb = offices
    enrol(capsys, county, town, tmp_path)
    assert main(["--db", str(town), "people", "add", "--name", "田镇长", "--role", "主要负责同志",
                 "--joined-on", "2021年3月"]) == 0
    assert main(["--db", str(town), "export", "--to", str(usb)]) == 0
    assert main(["--db", str(county), "import", str(usb)]) == 0
    capsys.readouterr()
    code, out, _ = run(capsys, "--db", str(county), "people", "list")
    assert code == 0 and "海城镇" in out and "田镇长" in out and "2021-03-01 起" in out
    assert "共 1 人（各乡镇随数据包报送的名册）" in out
    code, _, err = run(capsys, "--db", str(county), "people", "add", "--name", "马强")
    assert code != 0 and "县级数据库不登记人员名册" in err


def test_a_township_that_reinstalled_keeps_its_year_at_the_county(offices, tmp_path, capsys):
    """The township's PC died without a backup; the new install's first bundle set aside all 25 of its earlier
    records at the county ("乡镇从备份恢复前的数据", 请乡镇导出一次“全部数据”: it had none), and the county kept its
    old roster beside the new one."""
    county, town, usb = offices
    enrol(capsys, county, town, tmp_path)
    assert main(["--db", str(town), "people", "add", "--name", "马志刚", "--role", "主要负责同志"]) == 0
    add_meeting(town, tmp_path)
    assert main(["--db", str(town), "export", "--to", str(usb)]) == 0
    assert main(["--db", str(county), "import", str(usb)]) == 0
    new, usb2 = tmp_path / "new.db", tmp_path / "usb2"
    usb2.mkdir()
    assert main(["--db", str(new), "init", "--township", "640522100", "--operator", "杨芳"]) == 0
    assert main(["--db", str(new), "keys", "init"]) == 0
    assert main(["--db", str(new), "county-key", "add", str(tmp_path / "县级公钥.txt"), "--yes"]) == 0
    assert main(["--db", str(new), "keys", "enrolment", "-o", str(tmp_path / "登记-新.json")]) == 0
    capsys.readouterr()
    code, out, _ = run(capsys, "--db", str(county), "enrol", str(tmp_path / "登记-新.json"), "--yes", "--replace")
    assert code == 0 and "为新安装写回执，让其接着编号（乡镇登记台账前导入）：fazhi receipt write" in out
    assert main(["--db", str(new), "people", "add", "--name", "马志刚", "--role", "主要负责同志"]) == 0
    add_meeting(new, tmp_path, title="重装后的专题会议", held_on="2026-09-01")
    assert main(["--db", str(new), "export", "--to", str(usb2)]) == 0
    capsys.readouterr()

    code, out, _ = run(capsys, "--db", str(county), "import", str(usb2))
    assert code == 0 and "乡镇重装过" in out and "重装前的 1 条记录乡镇已没有" in out and "照常计入指标" in out
    assert "已不计入指标" not in out and "全部数据" not in out
    code, out, _ = run(capsys, "--db", str(county), "people", "list")
    assert code == 0 and out.count("马志刚") == 1 and "共 1 人" in out
    code, _, err = run(capsys, "--db", str(county), "show", "〔2026〕会记字第1号")
    assert code != 0 and "有 2 条记录，同属一个乡镇" in err and "（重装前）" in err
    code, out, _ = run(capsys, "--db", str(county), "indicators", "--year", "2026", "--drill", "T40a",
                       "--as-of", "2027-01-10")
    rows = [line.split() for line in out.splitlines() if line.startswith("〔2026〕会记字第1号")]
    assert code == 0 and [row[-1] for row in rows] == ["重装前", "草稿"]  # the earlier install's, marked under 核对
    assert "共 2 条记录（其中草稿 2 条；重装前的记录 1 条（编号与重装后的相同））" in out
    code, out, _ = run(capsys, "--db", str(county), "list", "meeting", "--format", "csv")  # as 各乡镇台账 marks it
    assert code == 0 and sorted(line.split(",")[2] for line in out.splitlines()[1:]) == ["草稿", "草稿·重装前"]
    code, out, _ = run(capsys, "--db", str(county), "receipt", "write", "--to", str(usb2))
    assert code == 0 and "确认到变更第 1 条" in out
    code, out, _ = run(capsys, "--db", str(new), "receipt", "import", str(usb2 / "fazhi-receipt-640522100-000001.json"))
    assert code == 0 and "已导入回执" in out


def test_a_new_install_numbers_on_after_the_receipt_written_for_its_new_key(world, valid_record, tmp_path, capsys):
    town = world.town()
    for _ in range(2):
        town.store.save("meeting", valid_record("meeting"), "杨芳")
    world.import_(world.export(town).path)
    new = world.reinstall()
    (tmp_path / "口令.txt").write_text(COUNTY_PASS, encoding="utf-8")
    code, out, _ = run(capsys, "--db", str(world.county.path), "receipt", "write", "--township", new.code, "--to",
                       str(new.usb), "--passphrase-file", str(tmp_path / "口令.txt"))
    assert code == 0 and "新密钥尚未送来数据包，不确认变更；带去县里已有的 1 个编号系列的最后编号" in out
    code, out, _ = run(capsys, "--db", str(new.store.path), "receipt", "import",
                       str(new.usb / "fazhi-receipt-640522100-000000.json"))
    assert code == 0 and "编号接着县里已有的编：\n2026年会记字从第 3 号起编号（县里已有第 2 号）" in out
    assert new.store.save("meeting", valid_record("meeting"), "杨芳").number == "〔2026〕会记字第3号"


def test_receipt_import_says_which_numbers_it_did_not_use(world, valid_record, capsys):
    """A receipt of a county's other version carrying a number of a year typed 26: the entry was skipped and only
    logged, the clerk told nothing of it."""
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    world.import_(world.export(town).path)
    [written] = write_receipts(world.county, world.keys, town.usb, [town.code])
    signed_again(world, written, [{"ledger": "meeting", "year": 26, "prefix": "会记字", "last": 1}])
    code, out, _ = run(capsys, "--db", str(town.store.path), "receipt", "import", str(written.path))
    # said as the window says it (core/bundle/receipts.py `ReceiptImported.text`); before, 县级已收到变更…
    assert code == 0 and out.startswith("已导入回执：县司法局已收到变更日志第 1 条为止的全部数据（数据包 第1号）。\n"
                                        "以后导出只发送此后的变更。\n\n注意：")
    assert ("注意：回执中有 1 条编号记录未采用：1 条不是本程序能用的（年份不在2000—2100年、编号大于99999、"
            "编号字头不是本程序的或内容不全），可能县里的程序版本与本所不同。"
            "回执的其他内容已照常导入；这些编号系列仍按本所自己的编号接着编。") in out


def test_an_office_restored_from_an_older_backup_numbers_on_and_learns_what_it_lost(world, valid_record, tmp_path,
                                                                                     capsys):
    """The county's receipt for a township that restored a two-week-old backup was refused (本所变更日志只到第 2 条),
    its numbers unread: the next meeting was 〔2026〕会记字第2号 again. Now it numbers on, and the county's next
    receipt names what the office lost."""
    from fazhi_desktop.core.bundle import keys as keymod
    from fazhi_desktop.core.bundle.export import export_bundle

    town = world.town()
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    world.import_(world.export(town).path)
    world.receipt(town)
    backup = copy_database(world, town)
    lost = [town.store.save("meeting", valid_record("meeting"), "杨芳") for _ in range(2)]
    world.import_(world.export(town).path)
    (tmp_path / "口令.txt").write_text(COUNTY_PASS, encoding="utf-8")
    usb = tmp_path / "U盘"
    usb.mkdir()

    def receipt() -> str:
        for old in usb.glob("fazhi-receipt-*"):
            old.unlink()
        code, out, _ = run(capsys, "--db", str(world.county.path), "receipt", "write", "--to", str(usb),
                           "--passphrase-file", str(tmp_path / "口令.txt"))
        assert code == 0
        code, said, _ = run(capsys, "--db", str(backup), "receipt", "import", str(next(usb.glob("*.json"))))
        assert code == 0
        return out + said

    said = receipt()
    assert "已导入回执：县里已收到本所变更日志第 3 条为止的数据，本所数据库只到第 1 条" in said
    assert "编号接着县里已有的编：\n2026年会记字从第 4 号起编号（县里已有第 3 号）" in said
    # the county's commands here run on the computer's clock, its imports on the test's: the bundle that sets the two
    # aside comes after the receipt the office imported (which named none), as on one county computer
    world.clock.set(max(world.clock(), datetime.now(UTC) + timedelta(days=1)))
    restored = Store.open(backup, world.ledgers, world.clock)
    try:
        assert restored.save("meeting", valid_record("meeting"), "杨芳").number == "〔2026〕会记字第4号"
        world.import_(export_bundle(restored, usb, keymod.unlock_township_key(restored, TOWN_PASS)).path)
    finally:
        restored.close()
    said = receipt()
    assert "列出乡镇已没有的记录 2 条，乡镇据此补录" in said
    # each group says what to do, once, and at the command line names the commands beside the menu path
    assert ("县里有 2 条记录是本所数据库从备份恢复前登记或修改的：\n"
            "本所已没有的，请按纸质材料在“数据交换 → 补录回执列出的记录…”（命令行 fazhi receipt lost、"
            "fazhi receipt reenter）中按原编号补录：\n会议："
            f"{lost[0].number}（会议 2026-03-05）、{lost[1].number}（会议 2026-03-05）") in said
    told = said[said.index("已导入回执"):]  # the township's, after the county's 已写出…的回执
    assert "请按纸质材料或县里的记录补录" not in told and told.count("没有的") == 1 and told.count("补录") == 2


def test_ctrl_c_during_an_import_names_the_bundles_already_imported(offices, tmp_path, capsys, monkeypatch):
    from fazhi_desktop.core.bundle import apply

    county, town, usb = offices
    enrol(capsys, county, town, tmp_path)
    for title in ("第一次会议", "第二次会议"):
        add_meeting(town, tmp_path, title=title)
        assert main(["--db", str(town), "export", "--to", str(usb)]) == 0
    real = apply.import_bundle

    def interrupted_at_the_second(store, path, *args, **kwargs):
        if path.name.endswith("000002.tar.age"):
            raise KeyboardInterrupt
        return real(store, path, *args, **kwargs)

    monkeypatch.setattr(apply, "import_bundle", interrupted_at_the_second)
    capsys.readouterr()
    code, _, err = run(capsys, "--db", str(county), "import", str(usb))
    assert code == 130
    assert "已取消：已导入 1 个数据包（fazhi-640522100-000001.tar.age），其余未导入" in err
    assert Store.open(county).count("meeting") == 1


def test_a_file_given_where_a_folder_or_a_file_name_is_wanted_is_said_so(offices, tmp_path, capsys):
    _, town, usb = offices
    (tmp_path / "afile").write_text("x")
    code, _, err = run(capsys, "--db", str(town), "export", "--to", str(tmp_path / "afile"))
    assert code == 1 and "不是文件夹（已有同名的文件）" in err and "不存在" not in err
    code, _, err = run(capsys, "--db", str(town), "keys", "enrolment", "-o", str(usb))
    assert code == 1 and "是一个文件夹，不是文件" in err and "Is a directory" not in err
    code, _, err = run(capsys, "--db", str(town), "receipt", "import", str(usb))
    assert code == 1 and "是一个文件夹，不是文件" in err
    code, _, err = run(capsys, "--db", str(town), "export", "--to", str(usb), "--passphrase-file",
                       str(tmp_path / "nope.txt"))
    assert code == 1 and "无法读取口令文件" in err and "找不到文件" in err and "No such file" not in err


def test_a_bug_met_on_a_bundle_points_to_the_error_output(world, folder_with_a_bug, capsys, monkeypatch):
    """The command line writes no log file: the refusal says the details are in the error output above it."""
    monkeypatch.setenv("FAZHI_PASSPHRASE", COUNTY_PASS)
    code, out, _ = run(capsys, "--db", str(world.county.path), "import", *map(str, folder_with_a_bug))
    assert code == 1  # the stack goes to stderr by logging's last resort (pytest's log capture takes it here)
    assert ("  原因：程序内部出错，未导入；错误的详细情况已记入程序日志（见上面的错误输出），请把它交给维护人员"
            in out.splitlines())
    assert "窗口程序" not in out


def two_townships_imported(world, valid_record) -> None:
    for code in ("640522100", "640522101"):
        town = world.town(code)
        town.store.save("meeting", valid_record("meeting"), "杨芳")
        world.import_(world.export(town).path)


def receipt_write(world, tmp_path, capsys, stick) -> tuple[int, str, str]:
    (tmp_path / "口令.txt").write_text(COUNTY_PASS, encoding="utf-8")
    return run(capsys, "--db", str(world.county.path), "receipt", "write", "--to", str(stick),
               "--passphrase-file", str(tmp_path / "口令.txt"))


def test_receipt_write_that_stops_half_way_lists_those_written_and_names_the_rest(world, valid_record, tmp_path,
                                                                                 capsys):
    """It said only the file that failed, exit 1, while the first township's receipt was on the stick."""
    two_townships_imported(world, valid_record)
    stick = tmp_path / "U盘"
    (stick / "fazhi-receipt-640522101-000001.json").mkdir(parents=True)
    code, out, err = receipt_write(world, tmp_path, capsys, stick)
    assert code == 1
    assert out.startswith(f"已写出海城镇（640522100）的回执：{stick / 'fazhi-receipt-640522100-000001.json'}（确认到")
    assert "\n错误：已写出 1 份回执（海城镇）；其余 1 份未写：李旺镇。原因：无法写入 " in err


def test_receipt_write_skips_a_township_without_a_print_key_and_writes_the_others(world, valid_record, tmp_path,
                                                                                   capsys):
    """One township whose print key the county does not hold stopped the batch: the other got no receipt."""
    two_townships_imported(world, valid_record)
    world.county.conn.execute("DELETE FROM settings WHERE key LIKE 'print_key.640522100.%'")
    stick = tmp_path / "U盘"
    stick.mkdir()
    code, out, err = receipt_write(world, tmp_path, capsys, stick)
    assert code == 1
    assert out.startswith(f"已写出李旺镇（640522101）的回执：{stick / 'fazhi-receipt-640522101-000001.json'}（确认到")
    assert "错误：已写出 1 份回执（李旺镇）；1 份不能写：\n县里没有海城镇（640522100）的打印核验密钥" in err


def test_export_says_a_year_left_reopened_and_the_command_that_closes_it_again(offices, capsys):
    """The county flags a year reopened and not closed again; `fazhi export` sent it without a word."""
    _county, town, usb = offices
    assert main(["--db", str(town), "year", "close", "2025", "--yes"]) == 0
    assert main(["--db", str(town), "year", "reopen", "2025", "--reason", "补录12月30日的党委会"]) == 0
    capsys.readouterr()
    code, out, _ = run(capsys, "--db", str(town), "export", "--to", str(usb))
    assert code == 0 and out.splitlines()[-1] == (
        "注意：2025年已重新打开（原因：补录12月30日的党委会），更正后请再次封账（fazhi year close 2025）；"
        "县里会看到该年未封账")
