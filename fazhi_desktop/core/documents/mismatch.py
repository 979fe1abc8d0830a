"""What a 纸面与数据不符 says is the likely truth (core/documents/verify.py's `check_print` decides it is one).

The code names a revision this database holds, but its digits are not that revision's. The answer used to list every
cause at once (the paper changed, another database, a database rewritten outside the program), and left out the
likeliest ones it can tell: a code mistyped (one digit, or the revision: no checksum guards the code but its digits),
an older backup restored and the record edited again up to the same revision (the paper's revision is the one
before the restore), and a paper the county printed from what it received (keyed by the county's secret). When the
county's receipts show the change log rewritten (core/anchors.py) it says so for certain; a rewrite is otherwise one
possibility, named only when nothing it can tell explains the paper. A slip is said first and alone, with what the
genuine code it is a slip of says of the paper (`slip_said`): not 纸面与数据不符 beside 核验码多半抄写有误.
"""

from __future__ import annotations

from dataclasses import dataclass

from fazhi_desktop.core import anchors, print_key
from fazhi_desktop.core.clock import local_time
from fazhi_desktop.core.store import Store


@dataclass(frozen=True)
class Code:
    """A code as checked: the record it names, the revision and digits typed, and whether it was scanned (the QR
    text: the QR code's error correction leaves no typo in it)."""

    record_id: str
    revision: int
    digest: str
    scanned: bool


def explain(store: Store, code: Code, rows: list[tuple[str, int, str]], keys: list[str]) -> str:
    """The sentences after "…的内容摘要与核验码不同", from `rows` (record id, revision, content hash: the log entries of
    the record the code names) and `keys` (print_key.held), for a code that is no slip of one (`slip`)."""
    rewritten = _rewritten(store, code)  # names the county's part itself
    said = [s for s in (rewritten, _restored(store, code), "" if rewritten else _county_printed(store, code)) if s]
    typo = "" if code.scanned else "，或核验码抄写有误"
    if said:
        return "".join(said) + f"也可能是打印件被改动，或来自另一个数据库{typo}。"
    if store.is_county:
        return f"打印件可能被改动，或来自另一个数据库{typo}。"
    # not only the paper: whoever can open the database file can rewrite a record's history and its hash chain
    # (`fazhi check` then passes, unless the county's receipts witnessed it), and the genuine paper is the one that
    # no longer matches
    return (f"打印件可能被改动，或来自另一个数据库{typo}，或本数据库在本程序之外被改写过"
            "（能打开数据库文件的人可以改写记录及其变更日志）。")


@dataclass(frozen=True)
class Slip:
    """The genuine code a typed one is likely a slip of: its revision (a register page's: its page) and digits, and
    what the slip was, said after "核验码多半抄写有误：". The digits are never told: the paper in hand has them."""

    revision: int
    digest: str
    said: str


def slip(code: Code, rows: list[tuple[str, int, str]], keys: list[str]) -> Slip | None:
    """The code this record had that the typed one is one slip from: one digit wrong or two side by side swapped (by
    chance some 1 in 10 million), or the digits of another revision (its number mistyped). None when scanned (the
    QR code's error correction leaves no typo in it)."""
    if code.scanned:
        return None
    for record_id, revision, content_hash in rows:
        for key in keys:
            digest = print_key.digest(key, record_id, revision, content_hash)
            if revision != code.revision and digest == code.digest:
                return Slip(revision, digest, f"其中的版次若是 {revision}，即为该记录第 {revision} 版的核验码")
            if revision == code.revision and one_slip(digest, code.digest):
                return Slip(revision, digest, f"与第 {revision} 版的核验码只差一位（或相邻两位颠倒）")
    return None


def slip_said(said: str, which: str, genuine: str) -> str:
    """One answer for a code that is a slip of a genuine one: the slip first, then what the genuine code (`which`:
    "第 2 版", "该页") says of the paper, so that 核验码多半抄写有误 and 打印后已修改 are not two verdicts side by
    side."""
    return f"核验码多半抄写有误：{said}。请对照纸面重新输入，或扫描二维码。按{which}的核验码核验——{genuine}"


def one_slip(right: str, typed: str) -> bool:
    wrong = [i for i, (a, b) in enumerate(zip(right, typed, strict=True)) if a != b]
    if len(wrong) == 1:
        return True
    return (len(wrong) == 2 and wrong[1] == wrong[0] + 1
            and right[wrong[0]] == typed[wrong[1]] and right[wrong[1]] == typed[wrong[0]])


def _restored(store: Store, code: Code) -> str:
    """When the revision this database holds was written after the backup it was last restored from was made: the
    paper's revision of that number was made before the restore, over what the restore set aside."""
    made, restored_at = store.setting("restored_backup_created_at"), store.setting("restored_at")
    if not made or not restored_at:
        return ""
    row = store.conn.execute("SELECT at FROM changes WHERE record_id = ? AND revision = ?",
                             [code.record_id, code.revision]).fetchone()
    if row is None or row[0] <= made:
        return ""
    return (f"本数据库于 {local_time(restored_at)} 从 {local_time(made)} 的备份恢复过，现在的第 {code.revision} 版"
            f"是恢复后所做，打印时的第 {code.revision} 版可能是恢复前所做、已不在本数据库中"
            f"（恢复时换下的数据库 {store.path.stem}-before-restore-… 若还在，可用 --db 打开它核验）。")


def _county_printed(store: Store, code: Code) -> str:
    """At a township, when the county received this revision as the record's content (a bundle exported while it
    was the current one): a paper the county printed of it is keyed by the county's secret."""
    if store.is_county or not _sent(store, code, current=True):
        return ""
    return ("此记录的这一版已报送县里：若是县司法局打印的，请到县里核验（县里打印的核验码只在县里核验一致；"
            "本所打印的真件在县里也核验一致）。")


def _rewritten(store: Store, code: Code) -> str:
    """For certain, when an entry a county receipt confirmed is no longer the one the county received; and where
    the genuine paper checks out: at the county, when a bundle carried this revision (its log entry at least)."""
    if store.is_county or anchors.rewritten(store) is None:
        return ""
    said = ("经与县里的回执核对，本数据库在县里收到之后被改写过（fazhi check 和备份时的检查有详情），"
            "纸面可能是改写前打印的真件")
    if not _sent(store, code, current=False):
        return said + "。"
    if _sent(store, code, current=True):
        said += "，也可能是县司法局打印的"
    return said + "：此记录的这一版已报送县里，请到县里核验同一核验码，真件在县里核验一致。"


def _sent(store: Store, code: Code, current: bool) -> bool:
    """Whether a bundle this office exported carried the revision's log entry (the county checks papers of it) and,
    with `current`, carried it as the record's content (the county holds it and may print it)."""
    newer = (" AND NOT EXISTS (SELECT 1 FROM changes n WHERE n.record_id = c.record_id AND n.revision > c.revision"
             " AND n.seq <= b.changes_through)") if current else ""
    return store.conn.execute(
        "SELECT 1 FROM bundles_sent b JOIN changes c"
        f" ON c.record_id = ? AND c.revision = ? AND c.seq <= b.changes_through{newer} LIMIT 1",
        [code.record_id, code.revision]).fetchone() is not None
