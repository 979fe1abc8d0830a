"""The verification mark on a printed record, and checking a paper against the database.

The code names the record (the first 12 hex digits of its id), the revision printed and 8 hex digits keyed by the
database's secret over that revision's content hash (core/print_key.py): `01a215b4ff10-2-3f9c2a1b`. An inspector
types it (`fazhi check-print CODE`) or scans the QR code next to it; the change log, which keeps every revision's
hash, tells whether the paper shows the current data, an older revision, a deleted record, or nothing this database
knows. An older revision is compared with the current one as the documents print them (core/documents/paper.py): a
paper reviewed, locked or scanned in since is still what the database holds. At the county the townships' change
logs as received with their bundles answer for their papers, with the keys their bundles carried; they carry no
contents, so there a paper is current when only the status changed since.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from dataclasses import dataclass

from reportlab.graphics.barcode.qr import QrCodeWidget

from fazhi_desktop.core import divisions, print_key
from fazhi_desktop.core.clock import local_time
from fazhi_desktop.core.documents import mismatch, register_codes
from fazhi_desktop.core.documents.layout import BLACK, GREY, Page, Style, Typesetter
from fazhi_desktop.core.documents.paper import PaperChanges, paper_changes, printed_content
from fazhi_desktop.core.errors import NotFound
from fazhi_desktop.core.forms import STATUS_LABELS
from fazhi_desktop.core.store import RESTORED, Record, Store

CODE_PATTERN = re.compile(r"(?<![0-9a-f])([0-9a-f]{12})-(\d{1,6})-([0-9a-f]{8})(?![0-9a-f])", re.IGNORECASE)
QR_PREFIX = "FZTZ "
MARK_LABEL = "核验码"
#: how to check a code, under it beside the QR code: where in the program the county's inspectors and the office look
#: (the command line's `fazhi check-print`, printed here before, meant nothing to them, nor to the parties)
HOW_TO_CHECK = "核验：法治台账“文件→核验打印件”"
#: what a code cannot tell, said with every 一致: it names the record and revision the paper printed, not the text
#: on it (a page retyped in a PDF editor, or a page 1 put in front of another's last page, keeps its code)
TEXT_UNSEEN = "核验码看不出纸面文字是否被涂改：请把纸面与数据库中的内容逐项对照。"


def print_code(store: Store, record: Record) -> str:
    """The short code printed on a document of `record`'s current revision (core/print_key.py: keyed, so that no
    one computes it from the content)."""
    digest = print_key.digest(print_key.own(store), record.id, record.revision, record.content_hash)
    return f"{record.id.replace('-', '')[:12]}-{record.revision}-{digest}"


@functools.lru_cache(maxsize=64)
def qr_modules(text: str) -> tuple[tuple[bool, ...], ...]:
    """The dark/light modules of a QR code (error correction M) for `text`, via reportlab's encoder.

    Cached: choosing the best mask takes ~15 ms, and preview, print and export of one record share the code."""
    widget = QrCodeWidget(text, barLevel="M")
    widget.qr.make()
    return tuple(tuple(bool(cell) for cell in row) for row in widget.qr.modules)


def draw_qr(page: Page, text: str, x: float, y: float, size: float) -> None:
    """A QR code `size` points square with its top-left corner at (x, y) (quiet zone not included)."""
    modules = qr_modules(text)
    step = size / len(modules)
    for r, row in enumerate(modules):
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            page.box(x + start * step, y + r * step, (c - start) * step, step, fill=BLACK, stroke=None)


def draw_mark(page: Page, ts: Typesetter, store: Store, record: Record, x: float, y: float,
              size: float = 14 * 2.8346, label_right: bool = True) -> str:
    """Draw the QR code and the code beside it with its top-left at (x, y); returns the code.

    With `label_right` the code is written to the right of the QR code, else to its left (ending at `x`).
    """
    code = print_code(store, record)
    draw_code_mark(page, ts, code, f"{record.number or ''} 第 {record.revision} 版", x, y, size, label_right)
    return code


def draw_code_mark(page: Page, ts: Typesetter, code: str, what: str, x: float, y: float, size: float,
                   label_right: bool = True) -> None:
    """The QR code of `code` and three lines beside it: the code, what it names (`what`: "〔2026〕会记字第4号 第 2 版",
    "本页 12 条记录") and how to check it."""
    draw_qr(page, QR_PREFIX + code, x, y, size)
    style = Style("songti", 7.5, GREY)
    lines = [f"{MARK_LABEL} {code}", what, HOW_TO_CHECK]
    for i, line in enumerate(lines):
        baseline = y + size / 2 - 9 + i * 9.5
        if label_right:
            ts.draw_text(page, line, style, x + size + 4, baseline)
        else:
            ts.draw_text(page, line, style, x - 4, baseline, align="right")


@dataclass(frozen=True)
class PrintCheck:
    """The verdict on a printed code: `status` is same, changed, deleted, mismatch, unknown or invalid."""

    status: str
    message: str
    record_id: str | None = None
    number: str | None = None
    printed_revision: int | None = None
    current_revision: int | None = None
    #: a register page's: (id, number) of each record it lists that was edited since, in its order (打开记录 offers
    #: them); a record's paper names its one record by `record_id`
    changed: tuple[tuple[str, str], ...] = ()

    @property
    def ok(self) -> bool:
        """True only when the paper shows the record's current revision."""
        return self.status == "same"


def parse_code(text: str) -> tuple[str, int, str] | None:
    """(id prefix, revision, hash prefix) from a typed code or a scanned QR text, or None. Full-width characters
    (typed with a Chinese input method on: ０１ａ２－) count as their plain forms; spaces typed inside the code (read
    out in groups, "01a2 21aa 2188 - 1 - 0b70 7327") are left out."""
    plain = unicodedata.normalize("NFKC", text).strip()
    match = CODE_PATTERN.search(plain) or CODE_PATTERN.search("".join(plain.split()))
    if not match:
        return None
    return match.group(1).lower(), int(match.group(2)), match.group(3).lower()


def check_print(store: Store, code: str) -> PrintCheck:
    """Whether a paper carrying `code` shows what the database holds now.

    Reads the change log (every revision's hash is kept there), then the record itself.
    """
    parsed = parse_code(code)
    if parsed is None:
        return PrintCheck("invalid", f"“{code.strip()}”不是有效的核验码（应形如 01a215b4ff10-2-3f9c2a1b）。")
    prefix, revision, digest = parsed
    id_prefix = f"{prefix[:8]}-{prefix[8:12]}"
    # read-only range scans on record_id: the office's own log, and at the county the townships' logs as received
    # (of an earlier install too: a township that re-installed)
    rows = store.conn.execute(
        "SELECT record_id, revision, content_hash FROM changes WHERE record_id >= ? AND record_id < ?"
        " UNION SELECT record_id, revision, content_hash FROM township_logs WHERE record_id >= ? AND record_id < ?",
        [id_prefix, id_prefix + "~", id_prefix, id_prefix + "~"],
    ).fetchall()
    scanned = unicodedata.normalize("NFKC", code).strip().upper().startswith(QR_PREFIX.strip())
    if not rows and (page := register_codes.check_page(store, prefix, revision, digest, scanned)):
        return PrintCheck(page.status, page.message + (TEXT_UNSEEN if page.status == "same" else ""),
                          page.record_id, page.number, changed=page.changed)
    keys = print_key.held(store)
    printed = [r for r in rows if r[1] == revision and any(print_key.digest(k, *r) == digest for k in keys)]
    if not printed:
        same_revision = [r for r in rows if r[1] == revision]
        if not same_revision:
            if later := _later_than_held(store, rows, revision):
                return later
            return PrintCheck("unknown", _unknown(store, f"{prefix}-{revision}-{digest}"), printed_revision=revision)
        record = _current(store, same_revision[0][0])
        typed = mismatch.Code(same_revision[0][0], revision, digest, scanned)
        own = [r for r in rows if r[0] == typed.record_id]
        if near := mismatch.slip(typed, own, keys):
            genuine = check_print(store, f"{prefix}-{near.revision}-{near.digest}")
            return dataclasses.replace(genuine, status="mismatch", message=mismatch.slip_said(
                near.said, f"第 {near.revision} 版", genuine.message),
                record_id=None if genuine.status == "deleted" else genuine.record_id)
        why = mismatch.explain(store, typed, own, keys)
        return PrintCheck("mismatch", f"纸面与数据不符：{_name(store, record)}第 {revision} 版的内容摘要与核验码不同。"
                          f"{why}", typed.record_id, record.number if record else None, revision,
                          record.revision if record else None)
    record = _current(store, printed[0][0])
    if record is None:
        return PrintCheck("unknown", f"变更日志中有此记录，但数据库中已找不到记录 {printed[0][0]}。", printed[0][0],
                          printed_revision=revision)
    name, who = _name(store, record), f"{record.updated_by} 于 {local_time(record.updated_at)} "
    found = (record.id, record.number, revision, record.revision)
    if record.deleted:
        return PrintCheck("deleted", f"{name}在打印后已被删除（打印的是第 {revision} 版，{who}删除）。", *found)
    status = STATUS_LABELS.get(record.status, record.status)
    if record.revision == revision:
        return PrintCheck("same", f"一致：纸面所印为{name}第 {revision} 版，与数据库现有内容相同"
                          f"（状态：{status}{_received(store, record)}）。{TEXT_UNSEEN}", *found)
    printed_data = printed_content(store, record.id, revision)
    if printed_data is None:  # at the county: the township's log names the revisions since, not their contents
        ops = {op for (op,) in store.conn.execute("SELECT op FROM township_logs WHERE record_id = ? AND revision > ?",
                                                  [record.id, revision])}
        if ops == {"status"}:
            return PrintCheck("same", f"一致：纸面所印为{name}第 {revision} 版，所印内容未变（打印后只改了状态，"
                              f"现为第 {record.revision} 版，状态：{status}{_received(store, record)}）。{TEXT_UNSEEN}",
                              *found)
        return PrintCheck("changed", f"打印后已修改：纸面所印为{name}第 {revision} 版，"
                          f"数据库中现为第 {record.revision} 版（最后由 {who}修改；"
                          "县里只收到乡镇的变更日志，改了什么见乡镇的修改历史），"
                          "请以数据库为准或重新打印。", *found)
    changes = paper_changes(store, record, printed_data)
    if not changes.on_paper:
        restored = store.conn.execute("SELECT 1 FROM changes WHERE record_id = ? AND revision > ? AND reason = ?",
                                      [record.id, revision, RESTORED]).fetchone() is not None
        return PrintCheck("same", f"一致：纸面所印为{name}第 {revision} 版，所印内容未变（打印后"
                          f"{_since(changes, status, restored)}，"
                          f"现为第 {record.revision} 版）。{TEXT_UNSEEN}", *found)
    was = printed_data.get("number")
    renumbered = f"（纸面编号 {was}，现编号 {record.number}）" if was != record.number else ""
    return PrintCheck("changed", f"打印后已修改：纸面所印为{name}第 {revision} 版{renumbered}，数据库中现为第 "
                      f"{record.revision} 版（最后由 {who}修改）。打印后修改了：{'、'.join(changes.fields)}。"
                      f"{_which(changes)}请以数据库为准或重新打印。", *found)


def _later_than_held(store: Store, rows: list[tuple[str, int, str]], revision: int) -> PrintCheck | None:
    """A paper of a revision later than any this database holds of the record: printed before an older backup was
    restored (the archive box's register and agreements, printed at the closing, after a restore of a backup from
    before it), or a revision mistyped. It read "本数据库中没有…对应的记录（可能来自其他乡镇的数据库…）": a genuine
    paper of this office taken for another's. At the county: a paper the township printed after its last bundle."""
    ids = {row[0] for row in rows}
    record = _current(store, next(iter(ids))) if len(ids) == 1 else None
    if record is None or revision <= max(row[1] for row in rows):
        return None
    if store.is_county:  # the township edited and printed it after its last bundle: not a slip, not a forgery
        said = (f"纸面所印为{_name(store, record)}第 {revision} 版，县里只收到该记录的第 {record.revision} 版："
                "纸面多半是乡镇在最后一次报送之后修改并打印的，要等乡镇报送、县里导入后才能核验；也可能核验码抄写有误。")
        return PrintCheck("unknown", said, record.id, record.number, revision, record.revision)
    held = f"纸面所印为{_name(store, record)}第 {revision} 版，本数据库中该记录只到第 {record.revision} 版"
    restored = _restored_said(store)
    if restored:
        said = (f"{held}：{restored}纸面多半是备份之后、恢复之前打印的，此后的修改已不在本数据库中。"
                "请按纸面核对、补录后重新打印。")
    else:
        said = f"{held}：核验码中的版次多半抄写有误，或纸面来自另一个数据库。"
    return PrintCheck("unknown", said, record.id, record.number, revision, record.revision)


def _restored_said(store: Store) -> str:
    """"本数据库于 … 从 … 的备份恢复过（…）" when it was, "" otherwise."""
    made, restored_at = store.setting("restored_backup_created_at"), store.setting("restored_at")
    if store.is_county or not made or not restored_at:
        return ""
    return (f"本数据库于 {local_time(restored_at)} 从 {local_time(made)} 的备份恢复过"
            f"（恢复时换下的数据库 {store.path.stem}-before-restore-… 若还在，可用 --db 打开它核验），")


def _unknown(store: Store, code: str) -> str:
    """No record's change log and no register page printed here has `code`. At the county, which holds every
    township's records, "another township's database" read as a forgery: a township's register page is kept only in
    the township's database (bundles do not carry register pages), and a record's papers check out once it is sent."""
    if not store.is_county:
        if restored := _restored_said(store):
            return (f"本数据库中没有核验码 {code} 对应的记录或台账页：{restored}备份之后新建的记录和打印的台账页"
                    "不在本数据库中；也可能来自其他乡镇的数据库，或核验码抄写有误。")
        return f"本数据库中没有核验码 {code} 对应的记录或台账页（可能来自其他乡镇的数据库，或核验码抄写有误）。"
    return (f"县里的数据库中没有核验码 {code} 对应的记录或台账页：乡镇打印的台账页请在该乡镇司法所的数据库中核验"
            "（台账页的核验码不随数据包报送）；记录的文书要等乡镇报送、县里导入该记录后才能核验；也可能核验码抄写有误。")


def _which(changes: PaperChanges) -> str:
    """Which of the record's documents show the change, when some do not (the 签到表 of a meeting whose 纪要 was
    written after it was printed): the inspector knows which one is in hand."""
    if not changes.unchanged:
        return ""
    unchanged = "、".join(changes.unchanged)
    return f"{'、'.join(changes.changed)}上所印内容已变；{unchanged}上的未变，纸面若是{unchanged}，仍与数据库一致。"


def _since(changes: PaperChanges, status: str, restored: bool = False) -> str:
    """What was done to a record since its paper was printed that the paper does not show (`restored`: it was
    deleted and brought back, Store.restore_deleted)."""
    done = ["被删除又恢复"] if restored else []
    if changes.status:
        done.append(f"状态改为“{status}”")
    if changes.attachments:
        done.append("附件有增减")
    if changes.fields:
        done.append(f"修改了{'、'.join(changes.fields)}（不印在纸面上）")
    return "、".join(done) or "改动过又改回原样"


def _received(store: Store, record: Record) -> str:
    """At the county, up to which bundle of the township a paper was compared with ("；县里收到的是海城镇第 2 号数据包
    （…导入）为止的内容，此后乡镇的修改尚未收到"): the township may have changed it since. "" at a township."""
    if not store.is_county:
        return ""
    row = store.conn.execute("SELECT sequence, imported_at FROM bundles_received WHERE township = ? "
                             "ORDER BY imported_at DESC, sequence DESC LIMIT 1", [record.township]).fetchone()
    if row is None:
        return ""
    return (f"；县里收到的是{_township(record)}第 {row[0]} 号数据包（{local_time(row[1])} 导入）为止的内容，"
            "此后乡镇的修改尚未收到")


def _township(record: Record) -> str:
    return divisions.names().get(record.township, record.township)


def _current(store: Store, record_id: str) -> Record | None:
    try:
        return store.get(record_id, include_deleted=True)
    except NotFound:
        return None


def _name(store: Store, record: Record | None) -> str:
    """The record a paper printed: "调解案件 〔2026〕人调字第46号 ". The code names the record and its revision, the
    same on every document of it (a case's 协议书 and 记录, a meeting's 纪要, 会议记录 and 签到表), never the document
    kind: "纸面即调解案件记录" told an inspector holding the 协议书 it was another paper."""
    if record is None:
        return "该记录"
    label = store.ledgers[record.ledger].label if record.ledger in store.ledgers else record.ledger
    # at the county every township numbers its own 〔2026〕会记字第4号: the answer says whose paper it is, so that a
    # photocopy of one township's paper passed off as another's is told
    town = f"{_township(record)}的" if store.is_county else ""
    return f"{town}{label} {record.number or record.id} "
