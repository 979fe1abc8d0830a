"""Encrypting a stream with age so that a failing disk is said as such.

pyrage reports an error of the file it writes to (a full USB stick, one pulled out, no permission) only as the text
of a `pyrage.EncryptError` ("OSError: [Errno 28] No space left on device"): no cause, no errno. `encrypt` keeps the
error the file raised and raises that instead, so callers say "磁盘（U盘）空间不足" with the file's name, as they do
for any other write.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import IO, Any

import pyrage

#: what age adds to a text: a 16-byte tag to each chunk of 64 KiB (and to the last, partial or empty, one), a 16-byte
#: nonce and the header, whose stanzas (a few hundred bytes a recipient) stay well under `HEADER_BOUND`
CHUNK, TAG, NONCE, HEADER_BOUND = 64 * 1024, 16, 16, 64 * 1024


def encrypted_size(size: int) -> int:
    """At most how large `size` bytes become once encrypted (within `HEADER_BOUND` of it): what a FAT32 stick is
    asked to hold (file_parts.part_size_for). Adding a thousandth, as the room check does, refused a bundle 4 MB
    under the stick's limit."""
    return size + TAG * (size // CHUNK + 1) + NONCE + HEADER_BOUND


def encrypt(source: IO[bytes], out: IO[bytes], recipients: Sequence[Any]) -> None:
    """Encrypt `source` to `recipients` into `out`. Raises the OSError `out` raised while being written (the
    stick, not the encryption, failed), else pyrage.EncryptError."""
    sink = _Sink(out)
    try:
        pyrage.encrypt_io(source, sink, list(recipients))
    except pyrage.EncryptError:
        if sink.failure is not None:
            raise sink.failure from None
        raise


class _Sink(io.RawIOBase):
    """`out` as pyrage writes to it, keeping the first file error it raised."""

    def __init__(self, out: IO[bytes]):
        super().__init__()
        self.out = out
        self.failure: OSError | None = None

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        try:
            written = self.out.write(data)
        except OSError as exc:
            self.failure = self.failure or exc
            raise
        return len(data) if written is None else written

    def flush(self) -> None:
        try:
            self.out.flush()
        except OSError as exc:
            self.failure = self.failure or exc
            raise
