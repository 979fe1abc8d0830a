"""Text a user hands the program as a file or through a pipe (a record as JSON, a passphrase file, an indicator
catalog): UTF-8, with or without the BOM Notepad writes, or else GB18030, which reads the GBK that Notepad, WPS and
Excel save as "ANSI" on a Chinese Windows PC. A pipe on Windows brings either, depending on the program writing it.
"""

from __future__ import annotations

from pathlib import Path

#: said when neither reading works
NOT_TEXT = "不是 UTF-8 或 GBK 编码的文字，请用记事本另存为 UTF-8 后再试"


def decode_text(data: bytes) -> str:
    """`data` as text: UTF-8 if it is valid UTF-8, else GB18030. Raises UnicodeDecodeError when it is neither."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def read_text(path: Path | str) -> str:
    """A file a user wrote: see `decode_text`. Raises OSError or UnicodeDecodeError."""
    return decode_text(Path(path).read_bytes())
