"""Demonstration data kept out of an office's real county database.

A demonstration township (setting `demo`: `fazhi-desktop --demo`, `fazhi demo`) marks what it hands the county: its
bundles carry `Fazhi-Demo: yes` in bag-info (signed, so it cannot be taken off) and its enrolment file `"demo": true`.
A county that is not a demonstration database refuses both: the demo's 海城镇司法所（演示） has the real 海城镇's code,
and its records would be scored as the real township's. The county demo (`fazhi-desktop --demo --county`,
core/county_demo.py) takes them. An office's own database is never marked.

The other way round, the county demo's public key file carries a note (`KEY_NOTE`): its passphrase is printed in
README, so a township that is not a demonstration database refuses it (core/bundle/county_key.py), lest it encrypt
its real records to a key anyone can open. Its receipt-signing key says so too, by its id (`KEY_ID_START`): the two
key lines pasted without the note are refused alike.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from fazhi_desktop.core.divisions import town_label
from fazhi_desktop.core.store import Store

if TYPE_CHECKING:
    from fazhi_desktop.core.bundle.minisign import PublicKey

#: the bag-info label of a demonstration township's bundle (its only value: yes)
BAG_LABEL = "Fazhi-Demo"
#: the enrolment file's key (its only value: true)
ENROLMENT_KEY = "demo"
#: the note (up to its colon) a demonstration county's public key file carries, and the line it writes
KEY_NOTE = "演示"
KEY_NOTE_LINE = f"# {KEY_NOTE}：这是县级演示数据库的公钥，正式的乡镇不能使用\n"
#: how the id of the county demo's receipt-signing key starts, as minisign shows it (`PublicKey.key_id_hex`); the
#: last four digits are random (a real county's random id starts so once in 2^48)
KEY_ID_START = "DE30DE30DE30"
#: where the demonstration townships' bundles and keys can go
COUNTY_DEMO = "县级演示数据库（fazhi-desktop --demo --county）"
#: said when demo data makes an office's new, empty database a demonstration one (`fazhi demo`): for good
BECAME = ("这个数据库从此是演示数据库：它导出的数据包和登记文件都标为演示数据，正式的县级数据库不接收，也不能改回。"
          "本所的真实记录请另建数据库（练习也可另建：fazhi --db 练习.db init …）")


def is_demo(store: Store) -> bool:
    """A demonstration database (township or county)?"""
    return store.setting("demo") == "1"


def key_id(store: Store) -> bytes | None:
    """The id of a new receipt-signing key of county `store`: marked (`KEY_ID_START`) for the county demo, None (a
    random one) for an office's own."""
    if not is_demo(store):
        return None
    return int(KEY_ID_START + secrets.token_hex(2).upper(), 16).to_bytes(8, "little")


def is_demo_key(public: PublicKey) -> bool:
    """The county demo's receipt-signing key, known by its id (`KEY_ID_START`), wherever its text came from."""
    return public.key_id_hex.startswith(KEY_ID_START)


def bag_fields(store: Store) -> list[tuple[str, str]]:
    """The label a demonstration township's bundle carries; none for an office's own."""
    return [(BAG_LABEL, "yes")] if is_demo(store) else []


def refused(store: Store, what: str, township: str, office: str, undone: str) -> str | None:
    """Why a real county does not take `what` (a bundle, an enrolment file) of a demonstration township, or None
    (a county demo takes it)."""
    if is_demo(store):
        return None
    return (f"{what}来自演示数据库（{office}）：这是演示数据，不能导入正式的县级数据库"
            f"（演示记录会算作{town_label(township)}的，计入它的指标）。{undone}。"
            f"要演示县里的工作，请打开{COUNTY_DEMO}")
