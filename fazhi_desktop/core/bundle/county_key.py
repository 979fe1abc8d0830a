"""The county's public keys at a township: read from the county key file (or its text pasted), checked against the
fingerprint the file states, compared with the key already held, then stored in place of it, or removed.

A township holds one county key: the age recipient its bundles are encrypted to and the key that signs receipts.
Keys are never added beside another one: every recipient held could read every bundle. A file that is not a
county key file (the township's own enrolment file, a private key, a bundle) is named as what it is; a private key
is never stored.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pyrage
from pyrage import x25519

from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core import plaintext
from fazhi_desktop.core.bundle import demo_mark, minisign
from fazhi_desktop.core.bundle.common import SECRET_TRAVELS, BundleError
from fazhi_desktop.core.bundle.keys import (
    ENROLMENT_FORMAT,
    FINGERPRINT_DIGITS,
    CountyKeyText,
    county_keys_known,
    fingerprint_digits,
    same_fingerprint,
)
from fazhi_desktop.core.clock import local_time, utc_iso
from fazhi_desktop.core.places import KEYS
from fazhi_desktop.core.store import Store
from fazhi_desktop.core.textfiles import NotParsed, parse_json

#: the comments `CountyPublic.file_text` writes, up to their colon, NFKC folded (＃ and ﹟ are #, ： and ﹕ are :):
#: the county office, and the fingerprint it shows
OFFICE_COMMENT = re.compile(r"^#\s*法治台账\s*县级公钥$")
FINGERPRINT_COMMENT = re.compile(r"^#\s*指纹$")
#: the note of the county demo's key file (`demo_mark.KEY_NOTE`)
DEMO_COMMENT = re.compile(rf"^#\s*{demo_mark.KEY_NOTE}$")
HEX_LINE = re.compile(r"^[0-9A-Fa-f ]+$")
#: the length of a whole age recipient and a whole minisign public key, to join one broken across lines
KEY_LENGTHS = {"age1": 62, "RW": 56}
NEXT_LINE = "\n    "  # a fingerprint on a line of its own, to be compared group by group


@dataclass(frozen=True)
class CountyKeyChange:
    """A county key file read at a township, beside the county key it holds: the same key, a first one, or another
    one that would replace it."""

    held: CountyKeyText
    new: CountyKeyText
    source: str

    @property
    def same(self) -> bool:
        return self.held.same_keys(self.new)

    @property
    def replaces(self) -> bool:
        return bool(self.held.recipients or self.held.signing) and not self.same

    @property
    def replacing_text(self) -> str:
        return (f"本所已保存县级公钥：{self.held.describe(NEXT_LINE)}\n\n{self.source} 中是另一把："
                f"{self.new.describe(NEXT_LINE)}\n\n替换后，数据包只加密给新的县级公钥，旧的不再使用。"
                "只在县司法局告知已重新创建密钥时替换。")

    @property
    def previous(self) -> str:
        """The fingerprint of the county key it replaces, or "": read out on the phone from an old note, or by a
        county that has not opened its new key yet, it is said as such (`PREVIOUS_READ`), not as a bare mismatch."""
        return (self.held.fingerprint or "") if self.replaces else ""

    @property
    def relabels(self) -> bool:
        """The same keys, the file naming the office otherwise than the name held (cut off by a paste wrapped
        narrowly, or not stored by an earlier version): adding it corrects the name."""
        return self.same and bool(self.new.office) and self.new.office != self.held.office

    @property
    def same_text(self) -> str:
        if self.relabels:
            return (f"本所已保存这把县级公钥，单位名称由“{self.held.office or '（未写明单位）'}”"
                    f"改为“{self.new.office}”（{self.new.keys_said}）。")
        return f"本所已保存这把县级公钥（{self.held.describe()}），无需重复添加。"


#: said when the fingerprint typed is the one of the county key being replaced (`CountyKeyChange.previous`)
PREVIOUS_READ = "核对的是原来的县级公钥的指纹：请县里读出新指纹"


def wanted_file(township: str) -> str:
    name = f"县级公钥-{township[:6]}.txt" if township else "县级公钥-县代码.txt"
    return f"这里要的是县司法局给的县级公钥文件（如“{name}”，县司法局在“{KEYS} → 写出县级公钥文件”中生成）。"


def county_key_change(store: Store, text: str, source: str = "输入的文字") -> CountyKeyChange:
    """Read a county key file's text for this township and set it beside the key held: what adding it would do. The
    county demo's key file is refused by a township that is not a demonstration database (`demo_refused`)."""
    if store.is_county:
        raise BundleError("这是县级数据库；县级公钥在乡镇的程序中添加")
    new = parse_county_keys(text, source, store.township)
    if new.demo and not demo_mark.is_demo(store):
        raise BundleError(demo_refused(new, source))
    return CountyKeyChange(county_keys_known(store), new, source)


def demo_refused(keys: CountyKeyText, source: str) -> str:
    """Why a real township does not add the county demo's key file: its passphrase is printed in README, so anyone
    could open the bundles encrypted to it."""
    office = f"（{keys.office}）" if keys.office else ""
    return (f"{source}：这是县级演示数据库的公钥{office}，它的口令是公开的，加密给它的数据包谁都能打开，"
            "正式的乡镇不能使用。未添加。请使用县司法局给的县级公钥文件"
            "（演示乡镇的工作请打开乡镇演示数据库：fazhi-desktop --demo）")


def add_county_keys(store: Store, text: str, actor: str, source: str = "输入的文字",
                    replace: bool = False) -> CountyKeyText:
    """Store the county's public keys from its key file (township side); returns the county key held afterwards.
    Another county key held already is replaced only with `replace` (ask first: `county_key_change`). Call only after
    the fingerprint has been compared with the county's."""
    change = county_key_change(store, text, source)
    if change.same:
        if change.relabels:
            with dbmod.transaction(store.conn):
                store.conn.execute("UPDATE county_keys SET label = ?", [change.new.office])
        return county_keys_known(store)
    if change.replaces and not replace:
        raise BundleError(change.replacing_text + "\n未添加。")
    now = utc_iso(store.clock())
    values = [("age", r) for r in change.new.recipients] + [("minisign", k.base64()) for k in change.new.signing]
    with dbmod.transaction(store.conn):
        store.conn.execute("DELETE FROM county_keys")
        for kind, value in values:
            store.conn.execute("INSERT INTO county_keys (kind, value, label, added_at, added_by)"
                               " VALUES (?, ?, ?, ?, ?)", [kind, value, change.new.office or None, now, actor])
    return county_keys_known(store)


def remove_county_keys(store: Store) -> int:
    """Forget the county keys held (a wrong or an old one); until a county key is added again nothing is exported.
    Returns how many keys were removed."""
    with dbmod.transaction(store.conn):
        return store.conn.execute("DELETE FROM county_keys").rowcount


def held_text(held: CountyKeyText) -> str:
    """The county key held, as 密钥与登记 and `fazhi keys show` say it: the county, when it was added, the
    fingerprint to read back to the county; keys piled up by an earlier version said as such."""
    if not held.recipients and not held.signing:
        return "县级公钥：尚未添加（向县司法局索取县级公钥文件）"
    if held.fingerprint:
        return (f"县级公钥：{held.office or '（文件中未写单位名称）'}，{local_time(held.added_at)[:10]} 添加\n"
                f"县级公钥指纹：{held.fingerprint}")
    return (f"县级公钥：保存了加密公钥 {len(held.recipients)} 个、回执签名公钥 {len(held.signing)} 个"
            "（较早版本的程序会把后添加的公钥叠加保存），数据包会加密给其中每一个。"
            "请重新添加县司法局的县级公钥文件（替换全部），或全部删除后再添加。")


def parse_county_keys(text: str, source: str = "输入的文字", township: str = "") -> CountyKeyText:
    """A county key file (or its pasted text): one age recipient (`age1…`) and one receipt-signing key (`RW…`);
    lines starting with # are notes, of which the county's name and fingerprint are read and checked. Anything else
    is refused, named as what it is (`township`: the office reading it, to recognise its own enrolment file).

    Text pasted from a WeChat message is read as the clerk sees it: invisible format characters (a zero-width space)
    are dropped, full-width characters folded (＃ is #), and a key or the fingerprint note broken across lines is
    joined again."""
    text = plaintext.multi_line(text)
    _refuse_other_files(text, source, township)
    words: list[tuple[int, str]] = []  # each key with the line it starts on
    office = stated = ""
    demo = False  # the county demo's note (`DEMO_COMMENT`)
    in_note = False  # the line before was a note (or the rest of one): a line without a key may be its rest
    office_open = False  # the office note wrapped before its closing ）: the lines after it are its rest
    for number, line in enumerate(text.split("\n"), 1):
        line = line.strip()
        folded = unicodedata.normalize("NFKC", line)
        if folded.startswith("#"):
            written = None if office else _after_colon(OFFICE_COMMENT, line)
            office, office_open = (office, False) if written is None else _office_rest("", written)
            stated = stated or _stated(line, source)
            demo = demo or _after_colon(DEMO_COMMENT, line) is not None
            in_note = True
            continue
        if not folded or folded.startswith("untrusted comment:"):
            in_note = office_open = False
            continue
        has_key = any(w.startswith(tuple(KEY_LENGTHS)) for w in folded.split())
        if office_open and not has_key:
            office, office_open = _office_rest(office, line)  # “海原县司” and “法局（640522）”
            continue
        office_open = False
        if stated and not words and len(fingerprint_digits(stated)) < FINGERPRINT_DIGITS and HEX_LINE.match(folded):
            stated += " " + folded  # the fingerprint note wrapped in two
            continue
        if in_note and not HEX_LINE.match(folded) and not has_key:
            continue  # the rest of a note wrapped in two (“公钥（核验县级回执）”)
        in_note = False
        for word in folded.split():
            if words and _continues(words[-1][1], word):
                words[-1] = (words[-1][0], words[-1][1] + word)
            else:
                words.append((number, word))
    recipients: list[str] = []
    signing: list[minisign.PublicKey] = []
    for number, word in words:
        if word.startswith("age1"):
            recipients.append(_recipient(word, source, number))
        elif word.startswith("RW"):
            signing.append(_signing_key(word, source, number))
        else:
            raise BundleError(f"{source} 第 {number} 行不是县级公钥：县级公钥文件中只有以 # 开头的说明、"
                              "以 age1 开头的一行（加密公钥）和以 RW 开头的一行（回执签名公钥）。"
                              + wanted_file(township))
    demo = demo or any(demo_mark.is_demo_key(key) for key in signing)  # its two lines pasted without the note
    keys = CountyKeyText(recipients, signing, office, demo=demo)
    _check_complete(keys, source, township)
    if stated and not same_fingerprint(stated, keys.fingerprint or ""):
        raise BundleError(f"{source}：文件中写的指纹（{stated}）与其中的公钥不符，文件可能被改动；"
                          "请向县司法局重新索取")
    return keys


def _continues(key: str, word: str) -> bool:
    """Whether `word` is the rest of `key`, broken across lines: `key` is shorter than its kind of key is, and
    `word` does not start another key (or makes `key` exactly whole)."""
    whole = next((length for start, length in KEY_LENGTHS.items() if key.startswith(start)), 0)
    if not whole or len(key) >= whole:
        return False
    return not word.startswith(tuple(KEY_LENGTHS)) or len(key) + len(word) == whole


def _refuse_other_files(text: str, source: str, township: str) -> None:
    """Name a private key or an enrolment file picked instead of the county key file, before reading its lines."""
    if "AGE-SECRET-KEY-" in text.upper():
        raise BundleError(f"{source} 是县司法局的私钥（没有加密），不是县级公钥，本所不会保存它。{SECRET_TRAVELS}"
                          f"这个文件请删除。{wanted_file(township)}")
    if any(minisign.is_secret_key(line) or (line.startswith("untrusted comment:") and "secret key" in line)
           for line in text.splitlines()):
        raise BundleError(f"{source} 是签名私钥（县司法局的 county-sign.key 或乡镇的 township.key 就是这种文件），"
                          "不是县级公钥，本所不会保存它。私钥只应留在生成它的电脑上，不得拷到U盘或发给别人；"
                          f"如果它来自县司法局，请立即告知县司法局重新创建密钥。{wanted_file(township)}")
    try:
        data = parse_json(text)
    except NotParsed:
        return
    if not isinstance(data, dict | list):
        return
    if isinstance(data, dict) and data.get("format") == ENROLMENT_FORMAT:
        whose = ("本所自己的登记文件" if township and data.get("township") == township else
                 f"{data.get('office') or '乡镇'}的登记文件")
        raise BundleError(f"{source} 是{whose}，应交给县司法局登记，不是县级公钥。{wanted_file(township)}")
    raise BundleError(f"{source} 是数据文件，不是县级公钥。{wanted_file(township)}")


def _check_complete(keys: CountyKeyText, source: str, township: str) -> None:
    if not keys.recipients and not keys.signing:
        raise BundleError(f"{source} 中没有找到县级公钥。{wanted_file(township)}")
    for found, what, start in ((keys.recipients, "加密公钥", "age1"), (keys.signing, "回执签名公钥", "RW")):
        if not found:
            raise BundleError(f"{source} 中缺少{what}（以 {start} 开头的一行）：县级公钥文件有两行公钥，"
                              "县司法局的指纹由两行一起算出。请使用完整的县级公钥文件，或粘贴它的全部内容")
        if len(found) > 1:
            raise BundleError(f"{source} 中有 {len(found)} 个{what}：县级公钥文件只有一个，请使用县司法局给的文件")


def _after_colon(pattern: re.Pattern[str], line: str) -> str | None:
    """What a note `line` says after its colon, as written (the office's full-width （）kept), when its start up to
    the colon, NFKC folded, is `pattern`; None when `line` is not the note ("" when it is, wrapped right after its
    colon)."""
    colon = next((i for i, char in enumerate(line) if unicodedata.normalize("NFKC", char) == ":"), None)
    if colon is None or not pattern.match(unicodedata.normalize("NFKC", line[:colon]).strip()):
        return None
    return line[colon + 1 :].strip()


def _office_rest(office: str, line: str) -> tuple[str, bool]:
    """The office note's text so far with `line`, its next part, added up to its closing ）, and whether it is
    still open (no ） yet: the note wrapped again)."""
    close = next((i for i, char in enumerate(line) if unicodedata.normalize("NFKC", char) == ")"), None)
    if close is None:
        return office + line.strip(), True
    return office + line[: close + 1].strip(), False


def _stated(line: str, source: str) -> str:
    """The fingerprint a `# 指纹：` note states, NFKC folded; a note that mentions 指纹 but is not one is refused:
    the stated fingerprint would go uncompared."""
    stated = unicodedata.normalize("NFKC", _after_colon(FINGERPRINT_COMMENT, line) or "")
    if not stated and "指纹" in unicodedata.normalize("NFKC", line):
        raise BundleError(f"{source} 中“{line[:24]}”不是县级公钥文件写指纹的那一行（应为“# 指纹：”加 8 组数字和字母），"
                          "无法与其中的公钥比对；请使用县司法局给的文件，或粘贴它的全部内容")
    return stated


def _recipient(word: str, source: str, number: int) -> str:
    try:
        return str(x25519.Recipient.from_str(word))
    except pyrage.RecipientError:
        raise BundleError(f"{source} 第 {number} 行：“{word[:16]}…”以 age1 开头，但不是有效的加密公钥"
                          "（可能抄错或不完整）") from None


def _signing_key(word: str, source: str, number: int) -> minisign.PublicKey:
    try:
        return minisign.parse_public_key(word)
    except minisign.MinisignError:
        raise BundleError(f"{source} 第 {number} 行：以 RW 开头，但不是有效的回执签名公钥"
                          "（可能抄错或不完整）") from None
