"""Record identifiers (UUIDv7, RFC 9562) and canonical hashing of records."""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from typing import Any

_lock = threading.Lock()
_last_ms = 0
_counter = 0


def uuid7() -> str:
    """A UUIDv7 string: 48-bit Unix milliseconds, then random bits; monotonic within this process.

    Time-ordered so that ids sort by creation, unique without coordination between offices.
    """
    global _last_ms, _counter
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms <= _last_ms:
            ms = _last_ms
            _counter += 1
            if _counter >= 1 << 12:  # 4096 ids in one millisecond: borrow the next millisecond
                ms += 1
                _counter = 0
        else:
            _counter = int.from_bytes(os.urandom(2), "big") & 0x3FF
        _last_ms = ms
        rand_b = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
        value = (ms << 80) | (0x7 << 76) | (_counter << 64) | (0b10 << 62) | rand_b
    text = f"{value:032x}"  # the 8-4-4-4-12 form of uuid.UUID, without importing uuid (~4 ms at start-up)
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


#: one encoder for every call: json.dumps with these options makes a new one each time (four times a save)
_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def canonical_json(value: Any) -> str:
    """JSON with sorted keys, no whitespace, UTF-8 characters kept: the same data always gives the same text."""
    return _CANONICAL.encode(value)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
