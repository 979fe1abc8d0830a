"""A county and its townships for bundle tests: keys made, enrolled, county keys given to each township.

One pair of county keys is made per test session and copied into each test's county folder (its age identity at
the tests' low work factor, tests/age_low_cost.py); township keys use a low scrypt cost. Also: helpers that take a
bundle apart and put it back together (re-signed or not), for tampering.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import re
import shutil
import sqlite3
import tarfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyrage
import pytest
from pyrage import x25519

from fazhi_desktop.core import record_rules, search
from fazhi_desktop.core.bundle import county_key, minisign
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.apply import ImportReport, import_bundle
from fazhi_desktop.core.bundle.bag import manifest_text
from fazhi_desktop.core.bundle.common import SIGNATURE_NAME, keys_dir
from fazhi_desktop.core.bundle.export import ExportResult, export_bundle
from fazhi_desktop.core.bundle.receipts import import_receipt, receipt_comment, write_receipts
from fazhi_desktop.core.db import transaction
from fazhi_desktop.core.ids import canonical_json, sha256_text
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import Store, chain_hash

TOWN_PASS = "township-passphrase"
COUNTY_PASS = "county-passphrase"
LOW_COST = (32768, 1 << 21)  # scrypt N = 2^10: fast tests; the format is the same
COUNTY_KEY_FILES = (keymod.COUNTY_IDENTITY, keymod.COUNTY_RECIPIENT, keymod.COUNTY_SECRET, keymod.COUNTY_PUBLIC)
ACTOR = "马县级"


@dataclass
class CountyTemplate:
    folder: Path
    keys: keymod.CountyKeys
    created: str


def make_county_template(folder: Path, ledgers, clock) -> CountyTemplate:
    store = init_database(folder / "template.db", "640522", county=True, office="海原县司法局", ledgers=ledgers,
                          clock=clock)
    keymod.init_county_keys(store, COUNTY_PASS, cost=LOW_COST)
    unlocked = keymod.unlock_county_keys(store, COUNTY_PASS)
    created = store.setting("county_key.created") or ""
    store.close()
    return CountyTemplate(folder / "template-keys", unlocked, created)


@dataclass
class Town:
    store: Store
    signer: minisign.SecretKey
    usb: Path

    @property
    def code(self) -> str:
        return self.store.township


class World:
    """One county (海原县司法局) and townships added on demand."""

    def __init__(self, root: Path, ledgers, clock, template: CountyTemplate):
        self.root, self.ledgers, self.clock = root, ledgers, clock
        self.county = init_database(root / "county.db", "640522", county=True, office="海原县司法局",
                                    operator=ACTOR, ledgers=ledgers, clock=clock)
        folder = keys_dir(self.county)
        folder.mkdir()
        for name in COUNTY_KEY_FILES:
            shutil.copy2(template.folder / name, folder / name)
        self.county.set_settings(**{"county_key.created": template.created})
        self.keys = template.keys
        self.public = keymod.county_public(self.county)
        self.towns: dict[str, Town] = {}

    def town(self, code: str = "640522100", enrol: bool = True) -> Town:
        if code in self.towns:
            return self.towns[code]
        store = init_database(self.root / f"{code}.db", code, operator="杨芳", ledgers=self.ledgers, clock=self.clock)
        keymod.init_township_key(store, TOWN_PASS, cost=LOW_COST)
        county_key.add_county_keys(store, self.public.file_text(), "杨芳")
        if enrol:
            keymod.enrol(self.county, keymod.township_key(store), ACTOR)
        usb = self.root / f"usb-{code}"
        usb.mkdir()
        town = Town(store, keymod.unlock_township_key(store, TOWN_PASS), usb)
        self.towns[code] = town
        return town

    def reinstall(self, code: str = "640522100", enrol: bool = True, name: str = "new") -> Town:
        """The township's PC died without a backup: a new database and key (`<code>-<name>.db`), the key enrolled
        at the county with --replace (the old one revoked) unless not `enrol`. The township as it was stays in
        `towns` under its code (a second re-install: another `name`)."""
        store = init_database(self.root / f"{code}-{name}.db", code, operator="杨芳", ledgers=self.ledgers,
                              clock=self.clock)
        keymod.init_township_key(store, TOWN_PASS, cost=LOW_COST)
        county_key.add_county_keys(store, self.public.file_text(), "杨芳")
        if enrol:
            keymod.enrol(self.county, keymod.township_key(store), ACTOR, replace=True)
        usb = self.root / f"usb-{code}-{name}"
        usb.mkdir()
        town = Town(store, keymod.unlock_township_key(store, TOWN_PASS), usb)
        self.towns[f"{code}-{name}"] = town  # closed with the world
        return town

    def replace_county_key(self, new: str, old: str | None = COUNTY_PASS) -> keymod.CountyKeys:
        """更换县级密钥 (`old`: the passphrase it was under, None: forgotten); `keys` and `public` are then the new
        ones, unlocked with `new`."""
        keymod.init_county_keys(self.county, new, replace=True, cost=LOW_COST, old_passphrase=old)
        self.keys, self.public = keymod.unlock_county_keys(self.county, new), keymod.county_public(self.county)
        return self.keys

    def export(self, town: Town, full: bool = False, **kwargs: Any) -> ExportResult:
        return export_bundle(town.store, town.usb, town.signer, full=full, **kwargs)

    def import_(self, path: Path, dry_run: bool = False) -> ImportReport:
        return import_bundle(self.county, path, self.keys, ACTOR, dry_run=dry_run)

    def receipt(self, town: Town):
        written = write_receipts(self.county, self.keys, town.usb, [town.code])
        return import_receipt(town.store, written[0].path, "杨芳")

    def close(self) -> None:
        self.county.close()
        for town in self.towns.values():
            town.store.close()


def signed_again(world: World, written, numbering: list | None) -> None:
    """The receipt as a county's older version wrote it: these numbers (None: none carried), the county's
    signature."""
    receipt = json.loads(written.path.read_text(encoding="utf-8"))
    receipt.pop("numbering")
    if numbering is not None:
        receipt["numbering"] = numbering
    text = json.dumps(receipt, ensure_ascii=True, indent=2) + "\n"  # \ud800 as the escape a receipt can carry
    written.path.write_text(text, encoding="utf-8")
    comment = receipt_comment(receipt["county"], receipt["township"], receipt["acknowledged_through"])
    written.path.with_name(written.path.name + ".minisig").write_text(
        world.keys.signer.sign(text.encode("utf-8"), comment, "fazhi-desktop receipt signature"), encoding="utf-8")


def snapshot(store: Store) -> list[Any]:
    """Every row of every table (and the attachment files): equal snapshots mean nothing changed."""
    conn: sqlite3.Connection = store.conn
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE"
                                         " 'search_%' ORDER BY name")]
    rows = [(t, sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"').fetchall()))) for t in tables]
    files = store.path.with_name(store.path.stem + "-files")
    listing = sorted(str(p.relative_to(files)) for p in files.rglob("*")) if files.exists() else []
    return [rows, listing]


# -- taking bundles apart ------------------------------------------------------------------------------------------


def decrypt(path: Path, identity: x25519.Identity) -> bytes:
    return pyrage.decrypt(path.read_bytes(), [identity])


def members(tar_bytes: bytes) -> list[tuple[tarfile.TarInfo, bytes | None]]:
    """The entries of a tar, in order, with their data."""
    out = []
    with tarfile.open(fileobj=io.BytesIO(tar_bytes), mode="r:") as tar:
        for member in tar.getmembers():
            data = tar.extractfile(member).read() if member.isreg() else None
            out.append((member, data))
    return out


def pack(entries: list[tuple[tarfile.TarInfo, bytes | None]]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for info, data in entries:
            if data is not None:
                info.size = len(data)
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
    return buffer.getvalue()


def encrypt_to(tar_bytes: bytes, recipient: str, path: Path) -> Path:
    path.write_bytes(pyrage.encrypt(tar_bytes, [x25519.Recipient.from_str(recipient)]))
    return path


def files_of(tar_bytes: bytes) -> dict[str, bytes]:
    """path inside the bag -> bytes, for the regular files."""
    found = {}
    for info, data in members(tar_bytes):
        if data is not None:
            found[info.name.split("/", 1)[1]] = data
    return found


def bundle_hash(world: World, path: Path) -> str:
    """The hash that names a bundle (its tag manifest's SHA-256): what `--accept-replaced-key` is given."""
    return hashlib.sha256(files_of(decrypt(path, world.keys.identity))["tagmanifest-sha256.txt"]).hexdigest()


def replace_files(tar_bytes: bytes, changes: dict[str, bytes | None]) -> bytes:
    """The same tar with some bag files replaced (None removes one, a new path adds one)."""
    entries = []
    root = None
    done = set()
    for info, data in members(tar_bytes):
        root = root or info.name.split("/", 1)[0]
        rel = info.name.split("/", 1)[1] if "/" in info.name else ""
        if rel in changes:
            done.add(rel)
            if changes[rel] is None:
                continue
            data = changes[rel]
        entries.append((info, data))
    for rel, data in changes.items():
        if rel not in done and data is not None:
            info = tarfile.TarInfo(f"{root}/{rel}")
            info.mode = 0o644
            entries.append((info, data))
    return pack(entries)


def resign(tar_bytes: bytes, signer: minisign.SecretKey, changes: dict[str, bytes | None]) -> bytes:
    """Change bag files and make the bag consistent again: manifests recomputed, tag manifest signed by `signer`
    with the comment the original carried. What a township key holder (or a thief of it) could produce."""
    files = {**files_of(tar_bytes), **{k: v for k, v in changes.items() if v is not None}}
    removed = {rel for rel, data in changes.items() if data is None}
    for rel in removed:
        files.pop(rel, None)
    payload = {p: hashlib.sha256(d).hexdigest() for p, d in files.items() if p.startswith("data/")}
    oxum = f"{sum(len(d) for p, d in files.items() if p.startswith('data/'))}.{len(payload)}"
    files["bag-info.txt"] = re.sub(rb"Payload-Oxum: [0-9.]+", f"Payload-Oxum: {oxum}".encode(), files["bag-info.txt"])
    files["manifest-sha256.txt"] = manifest_text(payload)
    tags = {n: hashlib.sha256(files[n]).hexdigest() for n in ("bagit.txt", "bag-info.txt", "manifest-sha256.txt")}
    files["tagmanifest-sha256.txt"] = manifest_text(tags)
    old = minisign.Signature.parse(files[SIGNATURE_NAME].decode())
    files[SIGNATURE_NAME] = signer.sign(files["tagmanifest-sha256.txt"], old.trusted_comment,
                                        old.untrusted_comment).encode()
    return replace_files(tar_bytes, {**files, **{rel: None for rel in removed}})


def under_id(tar_bytes: bytes, ledger: str, record_id: str) -> dict[str, bytes]:
    """The bag's one `ledger` record given `record_id`, made consistent again: what a holder of the township's key
    can sign."""
    return rewritten(tar_bytes, ledger, lambda content: content.update(id=record_id))


def rewritten(tar_bytes: bytes, ledger: str, change: Callable[[dict[str, Any]], None]) -> dict[str, bytes]:
    """The bag's one `ledger` record with its content changed by `change`, made consistent again (content hash,
    change log, bag-info): the files to give `resign`."""
    files = files_of(tar_bytes)
    path = f"data/ledgers/{ledger}.jsonl"
    [line] = [json.loads(text) for text in files[path].splitlines()]
    old = line["content"]["id"]
    change(line["content"])
    line["content_hash"] = sha256_text(canonical_json(line["content"]))
    entries = [json.loads(text) for text in files["data/changes.jsonl"].splitlines()]
    prev = None
    for entry in entries:
        if entry["record_id"] == old:
            entry["record_id"], entry["content_hash"] = line["content"]["id"], line["content_hash"]
        if prev is not None:
            entry["prev_hash"] = prev
        entry["entry_hash"] = prev = chain_hash(entry)
    info = re.sub(rb"Fazhi-Last-Entry-Hash: \w+", f"Fazhi-Last-Entry-Hash: {prev}".encode(), files["bag-info.txt"])
    return {path: (canonical_json(line) + "\n").encode(), "bag-info.txt": info,
            "data/changes.jsonl": b"".join(canonical_json(e).encode() + b"\n" for e in entries)}


def forged_bundle(world: World, town: Town, ledger: str, record_id: str, record: dict[str, Any], folder: Path) -> Path:
    """`town`'s next bundle, whose one `ledger` record (`record`, saved first) carries `record_id`: another
    township's, re-signed with `town`'s key, written to `folder`."""
    town.store.save(ledger, record, ACTOR)
    path = world.export(town).path
    tar_bytes = decrypt(path, world.keys.identity)
    signed = resign(tar_bytes, town.signer, under_id(tar_bytes, ledger, record_id))
    return encrypt_to(signed, world.public.recipient, folder / path.name)


@contextlib.contextmanager
def before_the_fix(township: str) -> Iterator[None]:
    """Imports as the version before the fifteenth session made them, for a county database that took in a changed
    bundle then: no check of the carried ids against the county's ledgers (records._check_held_ids), and a record
    held by another township kept as a conflict instead of refusing the bundle (the import's defence is shown the
    held row under the bundle's `township`; everything else is the import as it is)."""
    from fazhi_desktop.core.bundle import apply, records

    held_rows = apply._held_rows

    def as_before(store: Store, ledger_name: str, ids: list[str]) -> dict[str, dict[str, Any]]:
        return {i: {**row, "township": township} for i, row in held_rows(store, ledger_name, ids).items()}

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(records, "_check_held_ids", lambda *args: None)
        patch.setattr(apply, "_held_rows", as_before)
        yield


def imported_before_the_fix(world: World, town: Town, ledger: str, record_id: str, record: dict[str, Any],
                            folder: Path) -> str:
    """`town`'s changed bundle carrying `record_id` as its `ledger` record (`record`), imported as the version before
    the fix imported it; its file name."""
    path = forged_bundle(world, town, ledger, record_id, record, folder)
    with before_the_fix(town.code):
        report = world.import_(path)
    assert report.ok, report.error
    return path.name


def saved_by_an_older_version(store: Store, record_id: str, **values: Any) -> None:
    """Give a stored record `values` by SQL, as a version before today's checks saved them: a 会议日期 of 9999-12-31
    before record dates were held to 2000–2100. Its row, content hash and change-log entry agree, as that version's
    write path left them, so only today's cleaning finds fault. SQL and not the write path with a check switched
    off: nothing of today's program runs on the way in. The record's entry must be the change log's last. That
    version did not know the mark of the records known to meet today's rules (core/record_rules.py), which today's
    write of the record carried to its entry: the mark goes back to before it, as that version would have left it.
    The search index takes the values too, as that version's save indexed them (a later save removes what it holds)."""
    ledger = store.ledger_of(record_id)
    row = store.query(f'SELECT * FROM "{ledger.name}" WHERE id = ?', [record_id])[0]
    indexed = store.get(record_id).values
    encoded = store.encode(ledger, values)
    row.update({name: encoded[name] for name in values})
    data = canonical_json(store.content(ledger, row))
    digest = sha256_text(data)
    entry = store.query("SELECT * FROM changes ORDER BY seq DESC LIMIT 1")[0]
    assert entry["record_id"] == record_id, "the record's entry must be the change log's last"
    entry.update(content_hash=digest, data=data)
    sets = "".join(f'"{name}" = ?, ' for name in values)
    with transaction(store.conn):
        store.conn.execute(f'UPDATE "{ledger.name}" SET {sets}content_hash = ? WHERE id = ?',
                           [*(row[name] for name in values), digest, record_id])
        store.conn.execute("UPDATE changes SET content_hash = ?, data = ?, entry_hash = ? WHERE seq = ?",
                           [digest, data, chain_hash(entry), entry["seq"]])
        search.remove(store.conn, ledger, row["rid"], indexed)
        store.conn.execute(*search.insert_statement(ledger, row["rid"], {**indexed, **values, "number": row["number"]}))
        mark = store.conn.execute("SELECT value FROM settings WHERE key = ?", [record_rules.MARK]).fetchone()
        if mark is not None:
            met = json.loads(mark[0])
            met["through"] = min(met["through"], entry["seq"] - 1)
            store.conn.execute("UPDATE settings SET value = ? WHERE key = ?", [canonical_json(met), record_rules.MARK])


@contextlib.contextmanager
def before_dates_were_held() -> Iterator[None]:
    """Both offices as they were before record dates were held to 2000–2100 (the rules one version back): an older
    county takes the 9999 date `saved_by_an_older_version` plants."""
    from fazhi_desktop.core import dates

    with pytest.MonkeyPatch.context() as older:
        older.setattr(dates, "year_problem", lambda year, first=dates.FIRST_YEAR: None)
        older.setattr(record_rules, "RULES_VERSION", record_rules.RULES_VERSION - 1)
        yield


def held_by_an_older_county(world: World, town: Town) -> None:
    """`town`'s records, a 9999 date `saved_by_an_older_version` among them, taken by an older county, the receipt
    back at the township: the next incremental bundle does not carry them."""
    with before_dates_were_held():
        assert world.import_(world.export(town).path).ok
    world.receipt(town)


# -- fixtures (import them into a test module: `from bundle_world import county_template, world`) ------------------


@pytest.fixture(scope="session")
def county_template(tmp_path_factory, ledgers) -> CountyTemplate:
    return make_county_template(tmp_path_factory.mktemp("county-template"), ledgers,
                                lambda: datetime(2026, 1, 5, 9, 0, tzinfo=UTC))


@pytest.fixture
def world(tmp_path, ledgers, clock, county_template):
    w = World(tmp_path, ledgers, clock, county_template)
    yield w
    w.close()


@pytest.fixture
def small(world, valid_record):
    """A township with one meeting record, its first bundle, and the bundle's tar (decrypted)."""
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    path = world.export(town).path
    return town, path, decrypt(path, world.keys.identity)


@pytest.fixture
def liwang_case(world, valid_record):
    """李旺镇's (640522101) meeting and mediation case, imported at the county: (meeting, case)."""
    liwang = world.town("640522101")
    meeting = liwang.store.save("meeting", valid_record("meeting", title="李旺镇党委会"), "李")
    case = liwang.store.save("mediation_case", valid_record("mediation_case"), "李")
    assert world.import_(world.export(liwang).path).new == 2
    return meeting, case


def copy_database(world: World, town: Town, name: str = "backup") -> Path:
    """A copy of the township's database and key folder as a backup would restore them (`backup.db`)."""
    backup = world.root / f"{name}.db"
    with sqlite3.connect(backup) as copy:
        town.store.conn.backup(copy)
    shutil.copytree(keymod.keys_dir(town.store), world.root / f"{name}-keys")
    return backup


def restored_and_dead_pc(world: World, clock, valid_record) -> tuple[Path, Path]:
    """640522103's bundle 2 twice, both `fazhi-640522103-000002.tar.age`, neither imported: the one its PC restored
    from a backup (after bundle 1, imported and confirmed) made on 2026-12-01 09:00 Beijing, on the stick
    `usb-restored`, and the dead PC's own, made before it died on 2026-11-20 09:00, on `usb-640522103`. Returns
    (restored, dead)."""
    clock.set(datetime(2026, 11, 16, 1, 0, tzinfo=UTC))
    town = world.town("640522103")
    town.store.save("meeting", valid_record("meeting", held_on="2026-11-16"), "杨芳")
    world.import_(world.export(town).path)
    world.receipt(town)
    backup = copy_database(world, town)
    clock.set(datetime(2026, 11, 20, 1, 0, tzinfo=UTC))
    town.store.save("meeting", valid_record("meeting", held_on="2026-11-18", title="死机前的会议"), "杨芳")
    dead = world.export(town).path
    clock.set(datetime(2026, 12, 1, 1, 0, tzinfo=UTC))
    restored = Store.open(backup, world.ledgers, world.clock)
    try:
        restored.save("meeting", valid_record("meeting", held_on="2026-11-28", title="恢复后的会议"), "杨芳")
        (world.root / "usb-restored").mkdir()
        signer = keymod.unlock_township_key(restored, TOWN_PASS)
        return export_bundle(restored, world.root / "usb-restored", signer).path, dead
    finally:
        restored.close()


@pytest.fixture
def conflicted(world, valid_record):
    """A county holding meeting revision 2 at 会议室甲 and a conflict: the same revision at 会议室乙, sent by the
    township after restoring a backup and editing again. Returns (world, town, record)."""
    return (world, *make_conflict(world, valid_record))


def make_conflict(world: World, valid_record, also_backup: str | None = None) -> tuple[Town, Any]:
    """`conflicted`'s conflict; `also_backup` names a second copy (`copy_database`) of the township's revision 1,
    left unchanged. Returns (town, record)."""
    town = world.town()
    record = town.store.save("meeting", valid_record("meeting", host="马文军"), "杨芳")
    world.import_(world.export(town).path)
    if also_backup:
        copy_database(world, town, also_backup)
    backup = copy_database(world, town)
    town.store.save("meeting", {"location": "会议室甲"}, "杨芳", record_id=record.id)
    world.import_(world.export(town).path)
    restored = Store.open(backup, world.ledgers, world.clock)
    try:
        restored.save("meeting", {"location": "会议室乙"}, "杨芳", record_id=record.id)
        (world.root / "usb-restored").mkdir()
        signer = keymod.unlock_township_key(restored, TOWN_PASS)
        path = export_bundle(restored, world.root / "usb-restored", signer).path
    finally:
        restored.close()
    assert len(world.import_(path).conflicts) == 1
    return town, record


def set_aside_by_restore(world: World, town: Town, valid_record, ledger: str, record_id: str,
                         change: dict[str, Any]) -> None:
    """The county sets `record_id` aside (不计入): it is sent, the township backs up, edits it by `change` and sends
    that, then restores the backup and sends from it (its edit after the backup gone)."""
    world.import_(world.export(town).path)
    world.receipt(town)
    backup = copy_database(world, town)
    town.store.save(ledger, {**town.store.get(record_id).values, **change}, "杨芳", record_id=record_id)
    world.import_(world.export(town).path)
    restored = Store.open(backup, world.ledgers, world.clock)
    try:
        restored.save("meeting", valid_record("meeting"), "杨芳")
        (world.root / "usb-restored").mkdir()
        signer = keymod.unlock_township_key(restored, TOWN_PASS)
        path = export_bundle(restored, world.root / "usb-restored", signer).path
    finally:
        restored.close()
    assert world.import_(path).set_aside and world.county.aside_of([record_id]) == {record_id}
