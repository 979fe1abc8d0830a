"""A late bundle signed by a key replaced (更换) before the county revoked it: taken once the reviewer confirms it.

A township changed its key (a new PC, a forgotten passphrase) and the county revoked the old one as 更换. A bundle the
old PC exported before the change, left on a stick, reaches the county afterwards: refused as signed by a revoked
key, its records (which the late-bundle rules would keep set aside, 不计入, and name on the receipt for 补录) were lost
to the county. It is taken when all of these hold, and only after the reviewer confirms it (the import window asks;
`fazhi import --accept-replaced-key HASH`):
- the key is revoked as 更换, nothing else (被盗 or 丢失, also when recorded later, or no reason: refused as before);
- its signature, the tag manifest and bag-info are checked in full first (verify.py), as for a key in use;
- the signed time it was made (`BundleInfo.made`) is before the revocation;
- it continues that key's chain as the county last saw it: numbered one after the last bundle of the key the county
  holds, whose tag manifest's hash it names as the previous bundle's. The time alone never suffices: whoever held
  the key could write any time; the chain ties the bundle to what the county already holds from that PC.
Anything else signed by a revoked key is refused with the message it always had. Once taken, the bundle is applied
as any late bundle (apply.py): it overwrites no newer version the county holds; a record the township no longer has
is set aside and named on the next receipt. Its report and the account log say who confirmed it.

The confirmation names the bundle, never only its key: the bundle's hash (the SHA-256 of its tag manifest, which
covers bag-info and every data file; the hash the next bundle names as its previous one), as the question and the
refusal show it. The window reads the file again after the question; whoever held the old key and the stick could,
meanwhile, put there another bundle chained validly after the same one, which a key's id would take as well. A key id
never names one bundle, so the command line takes the hash alone.
"""

from __future__ import annotations

from fazhi_desktop.core.bundle.common import BundleError
from fazhi_desktop.core.bundle.keys import REASON_REPLACED, EnrolledKey
from fazhi_desktop.core.clock import local_time, office_date
from fazhi_desktop.core.store import Store

#: the command line's option that confirms it, with the bundle's hash (`BundleInfo.bundle_hash`)
OPTION = "--accept-replaced-key"
#: the import window's question's buttons
YES, NO = "确认接收", "不接收"
TITLE = "接收旧密钥签名的迟到数据包"


class Refused(BundleError):
    """A bundle signed by `key_id`, revoked as 更换, refused: not (yet) one that continues the key's chain as the
    county holds it. Once the bundle before it is taken it may be (the stick's 3 after 2): the import window reads it
    again then, to ask about it in the same run."""

    def __init__(self, message: str, key_id: str):
        super().__init__(message)
        self.key_id = key_id


class Unconfirmed(Refused):
    """A bundle that may be taken as a late one of a replaced key, refused until the reviewer confirms it: the import
    window asks `question`, then imports it again with `bundle_hash` (this bundle, as the question showed it)
    confirmed."""

    def __init__(self, message: str, key_id: str, question: str, bundle_hash: str):
        super().__init__(message, key_id)
        self.question = question
        self.bundle_hash = bundle_hash


def given_hash(text: str) -> str:
    """A bundle's hash as `fazhi import --accept-replaced-key` is given it; BundleError when it is not one (a key
    id, as the option took before: it names no one bundle)."""
    value = "".join(text.split()).lower()  # as the question shows it too, in groups (`grouped`)
    hexadecimal = all(c in "0123456789abcdef" for c in value)
    if len(value) != 64 or not hexadecimal:
        # a group of the four the window shows, the shell passing the others on as files, reads as a key id
        groups = (f"；照导入窗口分四组抄写的核验值，请整个放在引号里：{OPTION} \"{' '.join(['…'] * 4)}\""
                  if hexadecimal and len(value) < 64 else "")
        raise BundleError(f"{OPTION} 后面应是拒收时列出的数据包核验值（64 位，0-9 和 a-f），而不是“{text.strip()}”："
                          f"密钥编号不算，同一把旧密钥可以签出不止一个接得上的数据包，只有核验值指明是哪一个{groups}")
    return value


def grouped(bundle_hash: str) -> str:
    """A bundle's hash as the question shows it: in four groups of 16, which a window wraps (one word of 64 was
    cut at its edge) and a person reads out on the phone."""
    return " ".join(bundle_hash[at:at + 16] for at in range(0, len(bundle_hash), 16))


def continued(store: Store, key: EnrolledKey, info) -> int | None:
    """The number of the bundle of `key` that the verified bundle `info` (verify.BundleInfo) follows when it may be
    taken as a late bundle of a replaced key (the module's rule): revoked as 更换, made before the revocation, and
    numbered next after the last bundle of the key the county holds, naming its hash. None otherwise."""
    if key.revoked_reason != REASON_REPLACED or not key.revoked_at or not info.made < key.revoked_at:
        return None
    last = store.conn.execute("SELECT sequence, bundle_hash FROM bundles_received WHERE key_id = ? AND township = ?"
                              " ORDER BY sequence DESC LIMIT 1", [key.key_id, info.township]).fetchone()
    if last is None or info.sequence != last[0] + 1 or info.previous_hash != last[1]:
        return None
    return last[0]


def _what(key: EnrolledKey, info, after: int) -> str:
    """What the bundle is: "第 2 号数据包由密钥 … 签名，这把密钥已于 … 因更换吊销；数据包是吊销之前（乡镇 …
    制作）导出的，接着县里收到的这把密钥的第 1 号数据包"."""
    return (f"第 {info.sequence} 号数据包由密钥 {key.key_id} 签名，这把密钥已于 {local_time(key.revoked_at or '')[:16]}"
            f" 因{REASON_REPLACED}吊销；数据包是吊销之前（乡镇 {office_date(info.made).isoformat()} 制作）导出的，"
            f"接着县里收到的这把密钥的第 {after} 号数据包")


def unconfirmed(refusal: str, key: EnrolledKey, info, after: int) -> Unconfirmed:
    """The refusal as it always was, then how it can be taken once the township confirms it by phone."""
    hint = (f"。不过这个数据包可以作为迟到的数据包接收：{_what(key, info, after)}。请先电话向乡镇核实这是换密钥前"
            "在旧电脑上导出的、旧电脑和密钥没有落入他人之手，再在导入窗口确认接收，或用 fazhi import "
            f"{OPTION} {info.bundle_hash} 数据包文件 导入（县里已有的较新版本不会被覆盖，乡镇已没有的记录留作不计入，"
            "写回执时列出请乡镇补录）")
    question = (f"{info.office}（{info.township}）{_what(key, info, after)}（文件 {info.file_name}，"
                f"核验值 {grouped(info.bundle_hash)}）。\n\n"
                "请先电话向乡镇核实：这是换密钥前在旧电脑上导出的数据包，旧电脑和密钥没有落入他人之手"
                "（如被盗或丢失，请不要接收，并把吊销原因改记为被盗或丢失）。\n\n"
                "确认后作为迟到的数据包导入：县里已有的较新版本不会被覆盖，乡镇已没有的记录留作不计入，"
                "写回执时列出请乡镇补录。只接收这个核验值的数据包：文件在此期间被换掉，就不会接收。"
                "\n\n确认接收这个数据包吗？")
    return Unconfirmed(refusal + hint, key.key_id, question, info.bundle_hash)


def taken_note(key: EnrolledKey, info, after: int, actor: str) -> str:
    """What the import report and the account log say of a bundle so taken."""
    return f"{_what(key, info, after)}：经 {actor} 确认，作为迟到的数据包接收"
