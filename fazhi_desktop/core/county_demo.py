"""The county's demonstration database (`fazhi-desktop --demo --county`): 海原县司法局（演示） with a few demonstration
townships' records, brought in the way a county gets an office's records.

Each township is a demonstration database of its own (core/demo.py's records, its own seed and size, one or two
years), made in a work folder: its key is made and its enrolment file written, read and enrolled at the county, the
county's key file added, its bundles exported and imported, and a receipt written. So 县级汇总, 数据完整性, 指标矩阵
and 数据包记录 show what a county's would. The townships' databases are then thrown away; the county database and its
keys folder are moved into place together, the database last: a build cut short leaves no county demo, and the next
start builds it again.

The county's 数据包密钥口令 and the accounts' password are both `accounts.DEMO_PASSWORD`.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from fazhi_desktop.core import accounts, demo_work, leftovers
from fazhi_desktop.core.atomic import write_bytes_atomic
from fazhi_desktop.core.attachments import files_dir_at
from fazhi_desktop.core.backup.sealing import KEY_FILE
from fazhi_desktop.core.bundle import county_key
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.apply import import_bundle
from fazhi_desktop.core.bundle.common import BundleError, keys_dir
from fazhi_desktop.core.bundle.county_escrow import ESCROW
from fazhi_desktop.core.bundle.export import export_bundle
from fazhi_desktop.core.bundle.receipts import import_receipt, write_receipts
from fazhi_desktop.core.clock import Clock, local_today, system_clock
from fazhi_desktop.core.demo import fill_demo
from fazhi_desktop.core.divisions import names
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.failures import explain_os_error
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import Store

DEMO_COUNTY = "640522"
DEMO_COUNTY_OFFICE = "海原县司法局（演示）"
#: the demonstration townships: code, seed, records per ledger this year and last year (0: no record that year)
TOWNSHIPS = (("640522100", 2026, 30, 20), ("640522101", 101, 20, 0), ("640522200", 200, 12, 15),
             ("640522207", 207, 25, 0))
#: the townships' signing keys live only while the demo is built (their passphrase); the signing keys' low scrypt
#: cost (the county's passphrase is the demo password, printed in README)
_TOWN_PASSPHRASE = "demo-township-key"
_LOW_COST = (32768, 1 << 21)
#: the prefix of the folder the demo is built in, beside the database (core/leftovers.py removes one a kill left)
WORK_PREFIX = ".fazhi-demo-"
#: the file that says a keys folder is the county demo's: only such a folder, left without its database by a cut
#: build, is removed by the next (another county's keys beside a file named with --db are never touched)
KEYS_MARK = "county-demo.txt"

Step = Callable[[str], None]


def township_office(code: str) -> str:
    """A demonstration township's office: 李旺镇司法所（演示）."""
    return f"{names()[code]}司法所（演示）"


def build_county_demo(path: Path, operator: str, clock: Clock = system_clock, step: Step | None = None) -> None:
    """Make the county demonstration database at `path` (which must not exist) with its keys folder beside it.
    `step(text)` is told what is being done. Raises FazhiError when the folder cannot be written."""
    path = Path(path)
    final_keys = path.with_name(path.stem + "-keys")
    _clear_keys_left(final_keys)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        work_folder = leftovers.WorkFolder(path.parent, WORK_PREFIX)
    except OSError as exc:
        raise FazhiError(f"无法在 {path.parent} 中建立县级演示数据库：{explain_os_error(exc)}") from None
    with work_folder as work:
        county = init_database(work / path.name, DEMO_COUNTY, county=True, office=DEMO_COUNTY_OFFICE,
                               operator=operator, clock=clock)
        try:
            county.set_settings(demo="1")  # before the first import: a county that is not a demo refuses them
            _fill_county(county, work, operator, clock, step or (lambda _text: None))
            accounts.add_demo_accounts(county)  # last: a database with accounts wants a login for every change
            built_keys = keys_dir(county)
            write_bytes_atomic(built_keys / KEYS_MARK, f"{DEMO_COUNTY_OFFICE}的密钥（fazhi-desktop --demo --county），"
                               f"口令 {accounts.DEMO_PASSWORD}\n".encode(), "写县级演示的密钥标记", output=False)
        finally:
            county.close()
        shutil.move(built_keys, final_keys)
        # the 签到表扫描件 the townships' bundles brought, stored by content: merged into what a build cut short left
        if files_dir_at(work / path.name).is_dir():
            shutil.copytree(files_dir_at(work / path.name), files_dir_at(path), dirs_exist_ok=True)
        (work / path.name).replace(path)


def _fill_county(county: Store, work: Path, operator: str, clock: Clock, step: Step) -> None:
    keys = keymod.new_county_keys(county, accounts.DEMO_PASSWORD, cost=_LOW_COST)
    year = demo_work.demo_year(local_today(clock))  # in January the year just ended, as the township demo's
    stick = work / "U盘"
    stick.mkdir()
    for code, seed, this_year, last_year in TOWNSHIPS:
        step(f"正在生成{township_office(code)}的记录，导出、导入它的数据包……")
        town = init_database(work / f"{code}.db", code, office=township_office(code), operator=operator, clock=clock)
        try:
            town.set_settings(demo="1")  # its enrolment file and bundles say so (bundle/demo_mark.py)
            # thrown away once its bundles are imported (a build cut short is made again): no wait for the disk at
            # each of its year's saves and review steps, which took the build from 17 s to 28 s on a busy PC
            town.conn.execute("PRAGMA synchronous=OFF")
            keymod.init_township_key(town, _TOWN_PASSPHRASE, cost=_LOW_COST)
            keymod.write_enrolment(town, stick / f"{code}-登记文件.json")
            keymod.enrol(county, keymod.read_enrolment(stick / f"{code}-登记文件.json"), operator)
            county_key.add_county_keys(town, keys.public.file_text(), operator, source="县级公钥文件")
            signer = keymod.unlock_township_key(town, _TOWN_PASSPHRASE)
            # last year's records in a bundle of their own, its receipt taken back, then this year's in the next
            # (this year's drawn with the township's seed, as it always was)
            for when, count, drawn in ((year - 1, last_year, seed + 1), (year, this_year, seed)):
                if not count:
                    continue
                if when == year and last_year:
                    written = write_receipts(county, keys, stick, [code])
                    import_receipt(town, written[0].path, operator)
                fill_demo(town, when, count, seed=drawn, worked=True)  # submitted, reviewed, locked as the year went
                report = import_bundle(county, export_bundle(town, stick, signer, actor=operator).path, keys,
                                       operator)
                if not report.ok:  # a mistake of the program's: said, and no county demo is left half-made
                    raise BundleError(f"演示数据包未能导入：{report.file_name}：{report.error}")
        finally:
            town.close()
    write_receipts(county, keys, stick)


def _clear_keys_left(folder: Path) -> None:
    """A keys folder without its database: a build cut between moving the two. Removed when it is marked the demo's
    (`KEYS_MARK`) and holds the county's key files besides; anything else there (a county's own keys, whose files
    have the same names) is not the demo's, and is refused untouched."""
    if not folder.exists():
        return
    ours = {keymod.COUNTY_IDENTITY, keymod.COUNTY_RECIPIENT, keymod.COUNTY_SECRET, keymod.COUNTY_PUBLIC, KEYS_MARK,
            ESCROW, KEY_FILE}  # (the keys' copy sealed to the backup key made with them: bundle/county_escrow.py)
    if folder.is_dir() and (folder / KEYS_MARK).is_file() and {p.name for p in folder.iterdir()} <= ours:
        shutil.rmtree(folder)
        return
    raise FazhiError(f"{folder} 已存在，且不是县级演示数据库的密钥文件夹：请把它移开后再打开县级演示"
                     "（这个文件夹没有被改动）")
