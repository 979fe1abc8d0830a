"""age's passphrase encryption (the county's identity file, core/bundle/keys.py) at a low scrypt work factor, for
tests: the real `pyrage.passphrase.encrypt` picks age's own work factor, about a second to make on a quiet machine
and as long again to open each time, and ~70 of each in a full run took a third of its time. conftest puts this in
its place; the file it writes is a genuine age v1 file (scrypt stanza, HMAC'd header, STREAM payload: the age spec,
https://age-encryption.org/v1), opened by the program's real `pyrage.passphrase.decrypt`, so every test still goes
through the real opening, wrong passphrase included. tests/core/test_keys.py checks that the program itself writes
age's own work factor.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

#: scrypt N = 2^10 (age's own: about 2^18); the same low cost the tests' minisign keys and passwords use
LOG_N = 10
#: age's payload chunk
CHUNK = 64 * 1024


def encrypt(plaintext: bytes, passphrase: str, armored: bool = False) -> bytes:
    """What `pyrage.passphrase.encrypt(plaintext, passphrase)` returns, at work factor LOG_N."""
    if armored:
        raise NotImplementedError("the program writes binary age files only")
    file_key, salt, nonce = os.urandom(16), os.urandom(16), os.urandom(16)
    wrapping = hashlib.scrypt(passphrase.encode(), salt=b"age-encryption.org/v1/scrypt" + salt, n=2**LOG_N, r=8, p=1,
                              dklen=32)
    wrapped = ChaCha20Poly1305(wrapping).encrypt(bytes(12), file_key, None)
    header = f"age-encryption.org/v1\n-> scrypt {_b64(salt)} {LOG_N}\n{_b64(wrapped)}\n---".encode()
    mac = hmac.new(_hkdf(file_key, b"", b"header"), header, "sha256").digest()
    payload = ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload"))
    chunks = [plaintext[at:at + CHUNK] for at in range(0, len(plaintext), CHUNK)] or [b""]
    sealed = [payload.encrypt(n.to_bytes(11, "big") + (b"\x01" if n == len(chunks) - 1 else b"\x00"), chunk, None)
              for n, chunk in enumerate(chunks)]
    return b"".join([header, b" ", _b64(mac).encode(), b"\n", nonce, *sealed])


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode().rstrip("=")  # age: standard alphabet, no padding


def _hkdf(key: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt or None, info).derive(key)
