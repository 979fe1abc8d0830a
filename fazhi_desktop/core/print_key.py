"""The secret a printed document's verification code is keyed with (core/documents/verify.py).

A code ending in the start of the content hash let a 录入员, who sees every value of a record but the digits the mask
hides, find those digits: hash each guess (an ID number's month and day are some 366, a phone's four digits 10,000)
and compare. The code's digest is keyed instead: by `print_key`, made with the database (migrations._m027_print_key) and
kept in its settings, so in every backup of it too (the database file itself being readable is README's limit,
What the program protects). A township's bundle carries its key (bag-info's `Fazhi-Print-Key`, encrypted to the
county with the rest), and the county keeps each one it received (`print_key.<township>.<digest>`), an earlier
install's too, to check the townships' papers against their change logs as it did before.

The same key keys a receipt's proof of the township's change log (`entry_tag`, core/bundle/receipts.py): the plain
entry hash a receipt carried was, like the printed code, a function of a record's content and of what a 录入员
sees of its history, so two receipts around one edit let her test guesses of the masked digits against it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from fazhi_desktop.core import settings
from fazhi_desktop.core.db import transaction
from fazhi_desktop.core.errors import SetupError
from fazhi_desktop.core.store import Store

SETTING = "print_key"
BAG_LABEL = "Fazhi-Print-Key"
_KEY = re.compile(r"[0-9a-f]{64}")


def digest(key: str, record_id: str, revision: int, content_hash: str) -> str:
    """8 hex digits no one computes without `key`, whatever of the content he knows or guesses."""
    message = f"{record_id}\n{revision}\n{content_hash}".encode()
    return hmac.new(bytes.fromhex(key), message, hashlib.sha256).hexdigest()[:8]


def own(store: Store) -> str:
    """This database's key (one whose setting was deleted by hand is made again: the papers printed before then
    no longer check out)."""
    key = store.setting(SETTING)
    if key is None:
        with transaction(store.conn, "生成打印核验密钥"):
            if settings.read(store.conn, SETTING) is None:  # another program may have made it meanwhile
                settings.write(store.conn, **{SETTING: secrets.token_hex(32)})
        store.reread_settings()
        key = store.setting(SETTING)
    if not is_key(key):
        raise SetupError(f"数据库设置中的打印核验密钥（{SETTING}）格式不对，无法生成核验码：是否被手工改动过？")
    return key


def is_key(text: str | None) -> bool:
    """A key as the program makes it: 64 lower-case hex digits."""
    return text is not None and _KEY.fullmatch(text) is not None


def keep(store: Store, township: str, key: str) -> None:
    """At the county, a township's key from its bundle, kept beside the ones received before. Inside the import's
    transaction."""
    name = f"{SETTING}.{township}.{hashlib.sha256(key.encode()).hexdigest()[:16]}"
    store.set_settings(**{name: key})


def entry_tag(key: str, entry_hash: str) -> str:
    """What a receipt says of the township's change-log entry it confirms: the township computes it from its own
    entry and key to check the receipt; no guess of a masked value can be tested against it without the key."""
    return hmac.new(bytes.fromhex(key), f"receipt\n{entry_hash}".encode(), hashlib.sha256).hexdigest()


def of_township(store: Store, township: str) -> list[str]:
    """At the county, every key received from `township` (an earlier install's too), in the order of their names."""
    kept = store.settings_in_file(f"{SETTING}.{township}.")
    return [value for _, value in sorted(kept.items()) if is_key(value)]


def held(store: Store) -> list[str]:
    """Every key a paper checked here may be keyed with: the database's own and, at the county, the townships'."""
    kept = [store.setting_in_file(SETTING), *store.settings_in_file(f"{SETTING}.").values()]
    return [value for value in kept if is_key(value)]
