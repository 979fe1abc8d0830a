"""Receipts: the county tells a township, in a file it signs, how far it holds the township's change log.

A receipt is two files side by side: `fazhi-receipt-<township>-<through>.json` (UTF-8 JSON) and its minisign
signature `...json.minisig` by the county's receipt-signing key (`minisign -Vm FILE -P <county key>` checks it by
hand). The township imports it; from then on an incremental export starts after the acknowledged entry, and its
numbering goes on after the county's last number of each series (core/bundle/receipt_numbers.py). It also names the
records the county holds of the township whose versions the township no longer has (core/bundle/receipt_lost.py):
a township that restored an older backup learns which ones to enter again from paper, and keeps the list for 补录
under their printed numbers (core/bundle/reentry.py); its bundles then say which receipt it imported last.

A receipt that confirms an entry this database does not have (beyond its log, or another entry there: the office
restored an older backup after the county received more) is not refused: its confirmation is not taken, but its
numbers are, so that the next record is not given a number the county already holds (and papers may carry).

The receipt is plain text on the township's stick, so nothing in it may be a function of a value the mask hides
from a 录入员 and nothing else: it names the acknowledged entry by `last_entry_tags`, the entry hash keyed with each
print key the county received from the township (core/print_key.py: an earlier install's too, and a township
restored from a backup has its key back with it), which the township checks against its own entry. The plain entry
hash it carried before (fazhi-receipt/1) let her, one edit between two receipts, test guesses of a masked ID number.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fazhi_desktop.core import anchors, print_key
from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core.bundle import minisign
from fazhi_desktop.core.bundle.apply import covered_through
from fazhi_desktop.core.bundle.collect import ACKED_SETTING, acked_through
from fazhi_desktop.core.bundle.common import BundleError, read_text, write_files_atomic
from fazhi_desktop.core.bundle.keys import CountyKeys, county_keys_known
from fazhi_desktop.core.bundle.late_edits import KEY as LATE_EDITS
from fazhi_desktop.core.bundle.late_edits import held_late, read_late
from fazhi_desktop.core.bundle.older_program import receipt_note
from fazhi_desktop.core.bundle.receipt_catalogs import KEY as CATALOGS
from fazhi_desktop.core.bundle.receipt_catalogs import (
    adopt,
    held_catalogs,
    read_catalogs,
    refused_text,
    scoring_this_year,
    targets_changed,
)
from fazhi_desktop.core.bundle.receipt_earlier import read_earlier, receipt_fields
from fazhi_desktop.core.bundle.receipt_kept import KEY as KEPT
from fazhi_desktop.core.bundle.receipt_kept import held_kept, read_kept
from fazhi_desktop.core.bundle.receipt_lost import (
    IMPORTED_WRITTEN,
    WRITTEN_SETTING,
    held_lost,
    learnt,
    named_settings,
    read_lost,
)
from fazhi_desktop.core.bundle.receipt_numbers import continue_numbers, held_numbers, read_numbers
from fazhi_desktop.core.bundle.reentry import kept_with
from fazhi_desktop.core.clock import is_utc_iso, office_time, past_slack, utc_iso
from fazhi_desktop.core.clock_behind import CONFIRM_BUTTON
from fazhi_desktop.core.divisions import names, town_label
from fazhi_desktop.core.indicators import CatalogError
from fazhi_desktop.core.leftovers import remove_parts
from fazhi_desktop.core.paths import app_version
from fazhi_desktop.core.places import KEYS
from fazhi_desktop.core.stick_names import program_output
from fazhi_desktop.core.store import Store
from fazhi_desktop.core.textfiles import NotParsed, parse_json
from fazhi_desktop.core.validate import unusable_value
from fazhi_desktop.core.versions import PROGRAM_KEY, other_format

RECEIPT_FORMAT = "fazhi-receipt/3"
MAX_BUNDLES_LISTED = 100
#: settings key at a township: when it last imported a receipt (UTC)
IMPORTED_SETTING = "receipt.imported_at"


@dataclass(frozen=True)
class ReceiptWritten:
    township: str
    path: Path
    acknowledged_through: int
    bundles: int
    series: int = 0  # numbering series it carries
    for_new_key: bool = False  # written for a new key that has sent nothing yet (`awaits_new_key`)
    lost: int = 0  # records it names that the township no longer has (receipt_lost.py)
    #: why the county's catalogs it carries will not reach the township (an older program: older_program.py); ""
    older: str = ""

    @property
    def lost_listed(self) -> str:
        """The records it names that the township no longer has, as `fazhi receipt write` and 写回执 say it; ""."""
        return f"列出乡镇已没有的记录 {self.lost} 条" if self.lost else ""


@dataclass
class ReceiptImported:
    path: Path
    previous: int
    acknowledged_through: int
    bundles: list[int] = field(default_factory=list)  # sequence numbers now acknowledged
    continued: list[str] = field(default_factory=list)  # "2026年会记字从第 13 号起编号（县里已有第 12 号）"
    unused: str | None = None  # why some of its numbering entries were not used (`read_numbers`), said to the clerk
    #: the receipt confirms an entry this log does not have (`_log_differs`): why its confirmation was not taken
    not_this_log: str | None = None
    #: what the county holds that this township no longer has (`receipt_lost.read_lost`), said to the clerk
    lost: str | None = None
    #: the earlier install's records the county keeps, when news (`receipt_earlier.read_earlier`)
    earlier: str | None = None
    #: the county's catalogs adopted, each as said (`receipt_catalogs.adopt`: 县里按《…》评定 2024 年起的指标…)
    catalogs: list[str] = field(default_factory=list)
    #: why the catalogs the receipt carries were not adopted (`receipt_catalogs.read_catalogs`)
    catalogs_refused: str | None = None
    #: the records whose conflict the county settled keeping its own version (`receipt_kept.read_kept`)
    kept: str | None = None
    #: the receipt was written before a bundle it confirms was made, by this PC's clock (`clock_ahead`)
    clock: str | None = None
    #: edits made after the backup on the PC that died, which the county received late (`late_edits.read_late`)
    late: str | None = None

    @property
    def advanced(self) -> bool:
        return self.acknowledged_through > self.previous

    @property
    def needs_attention(self) -> bool:
        """Something the clerk must read or do: said in a warning box, not plain information."""
        return bool(self.unused or self.not_this_log or self.lost or self.catalogs_refused or self.clock
                    or self.kept or self.late)

    @property
    def says_more(self) -> bool:
        """It brings something beyond a confirmation: numbering, unused entries, lost or earlier records, the county's
        catalogs."""
        return bool(self.continued or self.unused or self.lost or self.earlier or self.catalogs
                    or self.catalogs_refused or self.clock or self.kept or self.late)

    @property
    def title(self) -> str:
        return "已导入回执" if self.advanced or self.says_more else "回执已核验"

    def text(self) -> str:
        """What the clerk is told, in the window's box and on the command line alike (they said it two ways)."""
        if self.not_this_log:
            said = self.not_this_log
        elif self.advanced:
            numbers = "、".join(f"第{n}号" for n in self.bundles) or "（无）"
            said = (f"县司法局已收到变更日志第 {self.acknowledged_through} 条为止的全部数据（数据包 {numbers}）。\n"
                    "以后导出只发送此后的变更。")
        elif self.says_more:
            said = "回执有效。"
        else:
            return f"回执有效，但没有新内容（县里已确认到变更第 {self.acknowledged_through} 条）。"
        if self.continued:
            said += "\n\n编号接着县里已有的编：" + "".join(f"\n{line}" for line in self.continued)
        elif self.not_this_log:  # the numbers were looked at all the same: none of the county's is given again
            said += "\n\n本所的编号已在县里已有的编号之后，不会重复。"
        if self.earlier:
            said += f"\n\n{self.earlier}"
        if self.catalogs:
            said += "\n\n指标目录：" + "".join(f"\n{line}" for line in self.catalogs)
        if self.catalogs_refused:
            said += f"\n\n注意：{self.catalogs_refused}"
        if self.lost:
            said += f"\n\n{self.lost}"
        if self.kept:
            said += f"\n\n{self.kept}"
        if self.late:
            said += f"\n\n{self.late}"
        said += f"\n\n注意：{self.unused}" if self.unused else ""
        return said + (f"\n\n注意：{self.clock}" if self.clock else "")


class NoReceiptFor(BundleError):
    """A township that cannot have a receipt for a reason of its own (not the stick's): it is skipped with the
    reason and the others are written. One such township stopped the whole batch of 18."""


class ReceiptsNotAllWritten(BundleError):
    """Not every receipt asked for was written. `skipped` (township: reason) could not have one (`NoReceiptFor`),
    the others were written. `unwritten`: writing stopped at a receipt that could not be written (`reason`, a full
    or pulled stick): those before it are on the stick (and recorded as written), it and those after it are not.
    It said only the file that failed, with 9 of 18 on the stick."""

    def __init__(self, written: list[ReceiptWritten], unwritten: list[str], reason: str,
                 skipped: dict[str, str] | None = None):
        self.written, self.unwritten, self.skipped = written, unwritten, dict(skipped or {})
        said = (f"已写出 {len(written)} 份回执（{_town_names(w.township for w in written)}）" if written
                else "回执都未写出")
        if unwritten:
            left = f"{len(unwritten)} 份未写：{_town_names(unwritten)}"
            said += (f"；其余 {left}" if written else f"，{left}") + f"。原因：{reason}"
        if self.skipped:
            said += ("\n" if unwritten else "；" if written else "，") + f"{len(self.skipped)} 份不能写：" + "".join(
                f"\n{why}" for why in self.skipped.values())
        super().__init__(said)


def _town_names(codes) -> str:
    town_names = names()
    return "、".join(town_names.get(code, code) for code in codes)


def receipt_comment(county: str, township: str, through: int) -> str:
    return f"fazhi-receipt county={county} township={township} through={through}"


def write_receipts(store: Store, keys: CountyKeys, dest_dir: Path | str,
                   townships: list[str] | None = None) -> list[ReceiptWritten]:
    """Write a signed receipt for each township that has sent bundles (or the ones named) into `dest_dir`.

    `ReceiptsNotAllWritten` when any was not: those written are recorded as written either way."""
    if not store.is_county:
        raise BundleError("只有县级数据库可以出具回执")
    dest_dir = Path(dest_dir)
    received = [r[0] for r in store.conn.execute("SELECT DISTINCT township FROM bundles_received ORDER BY 1")]
    for code in townships or []:
        if code not in received:
            raise BundleError(f"尚未收到{town_label(code)}的任何数据包，无法出具回执")
    written: list[ReceiptWritten] = []
    skipped: dict[str, str] = {}
    wanted = townships or received
    remove_parts(dest_dir, program_output)  # a receipt a killed program left half-written there (core/leftovers.py)
    for at, township in enumerate(wanted):
        new_key = awaits_new_key(store, township)
        try:
            receipt = _receipt(store, township, new_key, learnt(store, township))
        except NoReceiptFor as exc:  # the others can have theirs
            skipped[township] = str(exc)
            continue
        try:  # both or neither: a receipt of this name written before stays whole (the same name rewritten)
            text = json.dumps(receipt, ensure_ascii=False, indent=2) + "\n"
            name = f"fazhi-receipt-{township}-{receipt['acknowledged_through']:06d}.json"
            signature = keys.signer.sign(text.encode("utf-8"), receipt_comment(store.township, township,
                                                                               receipt["acknowledged_through"]),
                                         "fazhi-desktop receipt signature")
            write_files_atomic({dest_dir / name: text.encode("utf-8"),
                                dest_dir / (name + ".minisig"): signature.encode("utf-8")})
        except BundleError as exc:  # a full or pulled stick: the rest would fail alike
            raise ReceiptsNotAllWritten(written, wanted[at:], str(exc), skipped) from None
        store.set_settings(**{WRITTEN_SETTING + township: receipt["written_at"]},
                           **named_settings(store, township, receipt["written_at"], receipt["lost"]))
        written.append(ReceiptWritten(township, dest_dir / name, receipt["acknowledged_through"],
                                      len(receipt["bundles"]), len(receipt["numbering"]), new_key,
                                      receipt["lost"]["count"], receipt_note(store, township, receipt[CATALOGS])))
    if skipped:
        raise ReceiptsNotAllWritten(written, [], "", skipped)
    return written


def awaits_new_key(store: Store, township: str) -> bool:
    """Whether the township's working key has signed none of the bundles the county holds of it (which another key
    signed): a new install's key, enrolled in place of the old one, before its first bundle. The county holds
    nothing of that install's change log, so a receipt for it confirms nothing (it could not confirm the held log's
    entries there) and carries only the numbers: imported before the clerk numbers anything, the new install numbers on
    after its earlier install. A new key for a forgotten passphrase looks the same here, and loses nothing by it."""
    working = store.conn.execute("SELECT key_id FROM township_keys WHERE township = ? AND revoked_at IS NULL"
                                 " ORDER BY enrolled_at DESC LIMIT 1", [township]).fetchone()
    signers = {row[0] for row in store.conn.execute("SELECT DISTINCT key_id FROM bundles_received WHERE township = ?",
                                                    [township])}
    return working is not None and bool(signers) and working[0] not in signers


@dataclass(frozen=True)
class ReceiptState:
    """A township that sent bundles, as 写回执 lists it: what arrived, how far a receipt would confirm, and when
    the last receipt was written (None: never, or by a program before this was kept)."""

    township: str
    bundles: int
    last_imported_at: str
    acknowledges: int
    last_written_at: str | None
    new_key: bool = False  # `awaits_new_key`: a receipt confirms nothing and carries the numbers

    @property
    def name(self) -> str:
        return names().get(self.township, self.township)

    @property
    def new_since_receipt(self) -> bool:
        """Bundles imported after the last receipt: the township is waiting for one."""
        return self.last_written_at is None or self.last_imported_at > self.last_written_at


def receipt_states(store: Store) -> list[ReceiptState]:
    """Every township the county imported bundles from, in code order, for writing receipts at any time (not
    only right after an import: a reviewer who closed the import window had to import the whole stick again)."""
    # read past the Store's settings cache: receipts may have been written on a worker's connection
    written = store.settings_in_file(WRITTEN_SETTING)
    rows = store.conn.execute("SELECT township, count(*), max(imported_at) FROM bundles_received GROUP BY township"
                              " ORDER BY township").fetchall()
    states = []
    for code, count, last in rows:
        new_key = awaits_new_key(store, code)
        states.append(ReceiptState(code, count, last, 0 if new_key else covered_through(store, code), written.get(code),
                                   new_key))
    return states


def _receipt(store: Store, township: str, new_key: bool, known: set[str]) -> dict[str, Any]:
    """The receipt for `township` (`new_key`: `awaits_new_key`, the bundles held are not the new install's; `known`:
    `receipt_lost.learnt`, the records set aside it does not name again)."""
    through = 0 if new_key else covered_through(store, township)
    tags: list[str] = []
    if through:
        row = store.conn.execute("SELECT entry_hash FROM received_changes WHERE township = ? AND seq = ?",
                                 [township, through]).fetchone()
        held_keys = print_key.of_township(store, township)
        if not held_keys:  # only bundles of a test build before the print key (there is no released one)
            raise NoReceiptFor(f"县里没有{town_label(township)}的打印核验密钥（它的数据包是早期版本的程序导出的），"
                              "无法出具回执：请乡镇用现在的程序导出一次数据包，县里导入后再写回执")
        tags = [print_key.entry_tag(key, row[0]) for key in held_keys]
    bundles = []
    held = [] if new_key else store.query("SELECT * FROM bundles_received WHERE township = ? ORDER BY sequence DESC,"
                                          " imported_at DESC LIMIT ?", [township, MAX_BUNDLES_LISTED])
    for r in held:
        report = json.loads(r["report"])
        bundles.append({
            "bundle_id": r["bundle_id"], "sequence": r["sequence"], "bundle_hash": r["bundle_hash"],
            "imported_at": r["imported_at"], "new": report["new"], "updated": report["updated"],
            "unchanged": report["unchanged"], "older": report["older"], "conflicts": len(report["conflicts"]),
        })
    return {
        "format": RECEIPT_FORMAT, PROGRAM_KEY: app_version(), "county": store.township,
        "office": store.setting("office_name") or "", "township": township, "written_at": utc_iso(store.clock()),
        "acknowledged_through": through,
        "last_entry_tags": tags, "bundles": bundles,
        "numbering": held_numbers(store, township), "lost": held_lost(store, township, known),
        KEPT: held_kept(store, township), LATE_EDITS: held_late(store, township),
        **receipt_fields(store, township, new_key), CATALOGS: held_catalogs(store),
    }


#: a receipt signed with a county key this township does not hold: the county made a new key (after or before the
#: township replaced its county key file), or the receipt is not the county's
COUNTY_KEY_CHANGED = ("如果县司法局更换过密钥：本所还没有替换县级公钥的，请向县里要新的县级公钥文件，电话核对指纹后在"
                      f"“{KEYS}”中替换，再导入这份回执；已经替换过的，这是更换前写的回执，请县里重新写"
                      "回执。县里没有更换过密钥的，不要导入它")


def import_receipt(store: Store, path: Path | str, actor: str) -> ReceiptImported:
    """Check a receipt (county's signature, this township, this change log), advance what export skips and have
    each numbering series go on after the county's last number, in one transaction.

    `path` may name the .json file or its .minisig. An older receipt never moves the mark back, nor a number. One
    that confirms an entry this log does not have (`_log_differs`) advances nothing, and its numbers are taken all
    the same: after an older backup was restored, the next record would be given a number the county already holds.
    """
    path = Path(path)
    if path.name.endswith(".minisig"):
        path = path.with_name(path.name[: -len(".minisig")])
    if store.is_county:
        raise BundleError("回执由乡镇导入；这是县级数据库")
    text = read_text(path, signed=True)
    signature_path = path.with_name(path.name + ".minisig")
    if not signature_path.exists():
        raise BundleError(f"缺少回执的签名文件 {signature_path.name}（应与回执放在同一文件夹）。只有回执、没有"
                          "签名文件的，多半是县里写回执时被中断了（停电或程序被关闭）：请县司法局重新写一次回执")
    signature = read_text(signature_path, signed=True)
    known = county_keys_known(store).signing
    if not known:
        raise BundleError("尚未添加县级公钥，无法核验回执（请先导入县司法局提供的公钥文件）")
    try:
        sig = minisign.Signature.parse(signature)
    except minisign.MinisignError as exc:
        raise BundleError(f"回执签名 {signature_path.name} 无效：{exc}") from None
    public = next((k for k in known if k.key_id == sig.key_id), None)
    if public is None:
        raise BundleError(f"回执 {path.name} 不是用本所登记的县级密钥签名的（密钥 {sig.key_id_hex}）。"
                          f"{COUNTY_KEY_CHANGED}")
    try:
        comment = public.verify(text.encode("utf-8"), signature)
    except minisign.MinisignError as exc:
        raise BundleError(f"回执 {path.name} 核验失败：{exc}") from None
    receipt = _parse(text, path)
    if receipt["township"] != store.township:
        raise BundleError(f"回执 {path.name} 是给{town_label(receipt['township'])}的，"
                          f"不是本所（{town_label(store.township)}）")
    through = receipt["acknowledged_through"]
    if comment != receipt_comment(receipt["county"], receipt["township"], through):
        raise BundleError(f"回执 {path.name} 的签名注释与内容不符")
    differs = _log_differs(store, through, receipt["last_entry_tags"])
    numbering, unused = read_numbers(receipt, path, store.ledgers)
    lost = read_lost(receipt, store)
    kept = read_kept(receipt, store)
    late = read_late(receipt, store)
    told, earlier = read_earlier(receipt, store)
    carried, catalogs_refused = read_catalogs(receipt, path, store)
    scored = scoring_this_year(store, carried)  # what the county's catalogs change of this year's targets is said
    written = receipt.get("written_at")
    shown = written if isinstance(written, str) and is_utc_iso(written) else None
    acknowledged: list[int] = []
    first: list[int] = []  # of those, the ones no receipt confirmed before: what `clock_ahead` looks at
    now = utc_iso(store.clock())
    with dbmod.transaction(store.conn, "导入回执"):
        # read under the write lock, from the file: a newer receipt another window or `fazhi receipt import`
        # imported meanwhile is not moved back (the Store's settings cache may predate it)
        previous = acked_through(store)
        told.update(kept_with(store, receipt.get("lost")))  # for 补录 (core/bundle/reentry.py)
        if shown is not None:  # the last imported, not the latest written: the county's clock may have gone back
            told[IMPORTED_WRITTEN] = shown  # the next bundle says so: the county stops naming what it named
        try:  # the county's targets: whatever the log says (a savepoint: all of them or none)
            catalogs, older = adopt(store, carried, shown, path)
            catalogs_refused = catalogs_refused or older
        except CatalogError as exc:  # years that would overlap or leave records without a catalog here
            catalogs, catalogs_refused = [], refused_text(path, str(exc))
        if catalogs:  # (read in the transaction: the records are this import's, the catalogs just adopted)
            catalogs = [*catalogs, *targets_changed(store, scored)]
        if differs:  # the numbers only: the county's confirmation is of entries this log does not have
            continued = continue_numbers(store, numbering)
            store.set_settings(**{IMPORTED_SETTING: now}, **told)
            return ReceiptImported(path, previous, previous, [], [c.text for c in continued], unused, differs, lost,
                                   earlier, catalogs, catalogs_refused, kept=kept, late=late)
        for bundle in receipt["bundles"]:
            row = store.conn.execute("SELECT sequence, acknowledged_at FROM bundles_sent WHERE bundle_id = ?"
                                     " AND bundle_hash = ?", [bundle.get("bundle_id"), bundle.get("bundle_hash")]
                                     ).fetchone()
            if row:
                store.conn.execute("UPDATE bundles_sent SET acknowledged_at = coalesce(acknowledged_at, ?)"
                                   " WHERE sequence = ?", [now, row[0]])
                acknowledged.append(row[0])
                if row[1] is None:
                    first.append(row[0])
        continued = continue_numbers(store, numbering)
        if through:  # the county's word on this entry, which `fazhi check` holds the log to (core/anchors.py)
            anchors.keep(store, through, shown, now)
        moved = {"bundle.receipt_by": actor} if through > previous else {}
        store.set_settings(**{ACKED_SETTING: str(max(previous, through))}, **moved, **{IMPORTED_SETTING: now},
                           **told)
    return ReceiptImported(path, previous, max(previous, through), sorted(acknowledged),
                           [c.text for c in continued], unused, None, lost, earlier, catalogs, catalogs_refused,
                           kept=kept, clock=clock_ahead(store, shown, first), late=late)


def clock_ahead(store: Store, written: str | None, sequences: list[int]) -> str | None:
    """What the clerk is told when the county wrote the receipt before, by this PC's clock, a bundle it confirms for
    the first time (`sequences`) was made (more than a day's slack; said once, not again on every later receipt that
    lists the bundle after the clock was put right): the county imported the bundle first, so this PC's clock ran
    ahead when it made it (or the county's was behind). The county's import report says it to the county; the
    receipt is the one word that comes back to the township, which it said nothing of (a clock a year ahead dates a
    meeting held in 2026 in 2027, and the county's 2026 figure leaves it out). None when no bundle was made so."""
    if written is None or not sequences:
        return None
    row = store.conn.execute(
        f"SELECT sequence, created_at FROM bundles_sent WHERE sequence IN ({', '.join('?' for _ in sequences)})"
        " AND created_at > ? ORDER BY created_at DESC LIMIT 1", [*sequences, past_slack(written)]).fetchone()
    if row is None:
        return None
    return (f"县里写这份回执的时间是 {office_time(written)}，早于本所制作第 {row[0]} 号数据包的时间 "
            f"{office_time(row[1], marked=False)}（按本机时间）：本机的日期和时间可能走快了"
            "（也可能是县里电脑的时间慢了）。"
            "请核对电脑右下角的日期和时间，不对的请改正；改正后程序会提示有时间晚于现在，请所长或管理员确认“"
            f"{CONFIRM_BUTTON}”。时间走快时登记的记录，日期按当时电脑的日期填的（如会议日期），"
            "请逐条核对，改正后再导出数据包报送；改正前，这些记录计入日期所在的年度")


def _parse(text: str, path: Path) -> dict[str, Any]:
    try:
        receipt = parse_json(text)
    except NotParsed as exc:
        raise BundleError(f"回执 {path.name} 不是有效的 JSON（{exc}）") from None
    if not isinstance(receipt, dict) or receipt.get("format") != RECEIPT_FORMAT:
        raise BundleError(_other_format(receipt, path))
    through, bundles, tags = receipt.get("acknowledged_through"), receipt.get("bundles"), receipt.get("last_entry_tags")
    if not isinstance(through, int) or through < 0 or not isinstance(bundles, list) or not all(
            isinstance(b, dict) for b in bundles) or not isinstance(tags, list):
        raise BundleError(f"回执 {path.name} 的内容不完整")
    for number, bundle in enumerate(bundles, 1):  # looked up in bundles_sent: text SQLite can take
        if not all(isinstance(bundle.get(key), str) and not unusable_value(bundle[key])
                   for key in ("bundle_id", "bundle_hash")):
            raise BundleError(f"回执 {path.name} 中第 {number} 个数据包的标识或摘要不对")
    return receipt


def _other_format(receipt: Any, path: Path) -> str:
    """Why a receipt of another format is refused, and which side upgrades: a county that upgraded first writes
    receipts an older township cannot read ("不是法治台账的回执" sent the clerk looking for another file)."""
    other = other_format(receipt, RECEIPT_FORMAT)
    if other is None:
        return f"{path.name} 不是法治台账的回执"
    if other.newer:
        return (f"回执 {path.name} 来自较新版本的县级程序（回执格式第 {other.number} 版，{other.written_by}），"
                f"本程序读不了：请把本所的程序升级到{other.upgrade_to}，再导入这份回执。"
                "升级之前照常导出即可（县里还没确认的变更会再次发送），本所的数据不受影响")
    return (f"回执 {path.name} 来自较早版本的县级程序（回执格式第 {other.number} 版，本程序读第 {other.ours} 版）："
            "请县司法局把县级程序升级到与本所相同或更新的版本，再重新写回执。在此之前照常导出即可，本所的数据不受影响")


def _log_differs(store: Store, through: int, tags: list[Any]) -> str | None:
    """Whether the entry the receipt confirms is this log's: its tag (`print_key.entry_tag`) by this database's
    print key is among those the county computed with the keys it holds of the township. None when it is; else what
    the clerk is told: the county holds changes this database lacks (an older backup restored after the county
    received more), or the receipt is not this database's."""
    if through == 0:
        return None
    row = store.conn.execute("SELECT entry_hash FROM changes WHERE seq = ?", [through]).fetchone()
    if row is not None and print_key.entry_tag(print_key.own(store), row[0]) in tags:
        return None
    if row is None:
        own = store.conn.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()[0]
        said = (f"县里已收到本所变更日志第 {through} 条为止的数据，本所数据库只到第 {own} 条：县里收到的变更中，"
                f"有 {through - own} 条本所已没有（本所数据库从较早的备份恢复过）。")
    else:
        said = (f"县里收到的本所变更日志第 {through} 条与本所现在的第 {through} 条不同：本所数据库从备份恢复过，"
                "县里收到的备份之后的变更本所已没有。")
    return (said + "回执的确认未采用，以后导出照常发送本所的变更；县里导入本所的下一个数据包后，下一份回执会正常确认。"
            "（本所数据库没有从备份恢复过的，这份回执不是本数据库的，请告诉县司法局。）")
