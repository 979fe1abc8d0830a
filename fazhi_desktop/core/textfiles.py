"""Text a user hands the program as a file or through a pipe (a record as JSON, a passphrase file, an indicator
catalog): UTF-8, with or without the BOM Notepad writes, or else GB18030, which reads the GBK that Notepad, WPS and
Excel save as "ANSI" on a Chinese Windows PC. A pipe on Windows brings either, depending on the program writing it.

Parsing such text (`parse_json`, `parse_toml`) meets Python's own limits as well as syntax errors: a number of more
than 4,300 digits is refused with a plain ValueError, and nesting thousands deep with a RecursionError. Both are
bad input like any other, said in Chinese, never a traceback. So is a key written twice in one object
(`{"title": "a", "title": "b"}`), which Python's json reads as the last one, silently.
"""

from __future__ import annotations

import codecs
import json
import re
import tomllib
from pathlib import Path
from typing import Any

#: said when neither reading works
NOT_TEXT = "不是 UTF-8 或 GBK 编码的文字，请用记事本另存为 UTF-8 后再试"


def decode_text(data: bytes) -> str:
    """`data` as text: UTF-16 after its byte-order mark (Notepad's "Unicode"), UTF-8 if it is valid UTF-8, else
    GB18030 (Notepad's "ANSI" on a Chinese Windows). Raises UnicodeDecodeError when it is none of them."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def read_text(path: Path | str) -> str:
    """A file a user wrote: see `decode_text`. Raises OSError or UnicodeDecodeError."""
    return decode_text(Path(path).read_bytes())


#: JSON or TOML that is well-formed but beyond what Python reads
TOO_LONG_OR_DEEP = "数字太长或层次太深"


class NotParsed(ValueError):
    """Text that is not JSON (or TOML) the program can read. `str()` is the reason in Chinese (with the line and
    column where known); `line` is the line, for messages that name it alone."""

    def __init__(self, reason: str, line: int | None = None):
        super().__init__(reason)
        self.line = line


class RepeatedKey(NotParsed):
    """JSON whose object holds a key twice: which one was meant is not known."""


def parse_json(text: str) -> Any:
    """`json.loads`, raising NotParsed for a syntax error, a key written twice (RepeatedKey) and Python's limits
    (digits, nesting) alike."""
    try:
        return _DECODER.decode(text)
    except NotParsed:
        raise
    except _Repeated as exc:
        key, line = _first_repeat(text, exc.key)
        where = f"第 {line} 行：" if line else ""
        raise RepeatedKey(f"{where}字段“{key[:40]}”出现两次", line) from None
    except json.JSONDecodeError as exc:
        # where, in Chinese; Python's own words ("Expecting ':' delimiter") are English
        raise NotParsed(f"格式错误（第 {exc.lineno} 行第 {exc.colno} 列附近）", exc.lineno) from None
    except (ValueError, RecursionError):  # a number too long, nesting too deep
        raise NotParsed(TOO_LONG_OR_DEEP) from None


class _Repeated(Exception):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _once_each(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) < len(pairs):
        keys = [key for key, _ in pairs]
        raise _Repeated(next(key for n, key in enumerate(keys) if key in keys[:n]))
    return obj


_SPACE = re.compile(r"[ \t\n\r]*")


def _first_repeat(text: str, key: str) -> tuple[str, int | None]:
    """The first key (in reading order) that an object of `text`, JSON json.loads read but for that, holds twice,
    and the line of its second one; `key` (one json.loads found) without a line if the text is too deep to walk."""
    decoder, found = json.JSONDecoder(), []

    def value(at: int) -> int:  # where the value at `at` ends
        at = _SPACE.match(text, at).end()
        closing = {"{": "}", "[": "]"}.get(text[at])
        if closing is None:
            return decoder.raw_decode(text, at)[1]
        at, keys = _SPACE.match(text, at + 1).end(), set()
        while text[at] != closing:
            if closing == "}":
                name, after = json.decoder.scanstring(text, at + 1)
                if name in keys:
                    found.append((name, text.count("\n", 0, at) + 1))
                keys.add(name)
                at = _SPACE.match(text, after).end() + 1  # past the colon
            at = _SPACE.match(text, value(at)).end()
            if text[at] == ",":
                at = _SPACE.match(text, at + 1).end()
        return at + 1

    try:
        value(0)
    except (RecursionError, IndexError, ValueError):  # deeper than Python walks; never else, but a key is said anyway
        return key, None
    return found[0] if found else (key, None)


def _not_a_number(word: str) -> Any:
    """NaN and Infinity, which Python's json takes and standard JSON does not: a title became "nan"."""
    raise NotParsed(f"{word} 不是 JSON 的值（不是数字，也不是文字；文字请加引号）")


#: `parse_json`'s reader, made once: `json.loads` with these options makes one at each call, half the time of reading
#: a bundle's record line (20,000 lines for 10,000 records)
_DECODER = json.JSONDecoder(parse_constant=_not_a_number, object_pairs_hook=_once_each)


def parse_toml(text: str) -> dict[str, Any]:
    """`tomllib.loads`, raising NotParsed for a syntax error and for Python's limits (digits, nesting) alike."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        where = f"（第 {match.group(1)} 行附近）" if match else ""
        raise NotParsed(f"TOML 格式错误{where}", int(match.group(1)) if match else None) from None
    except (ValueError, RecursionError):
        raise NotParsed(f"TOML {TOO_LONG_OR_DEEP}") from None


#: a text made only of "?" and what ASCII has besides letters: Chinese that Windows PowerShell 5.1 turned into "?"
#: on its way through a pipe ($OutputEncoding is US-ASCII there), e.g. "2026?3????" for 2026年第3次会议
_QUESTION_MARKS = re.compile(r"[\x00-\x40\x5b-\x60\x7b-\x7f]*\?[\x00-\x40\x5b-\x60\x7b-\x7f]*")
#: said with the field that holds such a text
QUESTION_MARKS = ("中文变成了问号：Windows PowerShell 5.1 用管道（|）把文字交给程序时按 ASCII 编码，汉字都成了“?”。"
                  "请把 JSON 存成文件，用 --json 文件名（如 --json c.json）；记录未保存")


def question_marks(data: Any) -> tuple[str, str] | None:
    """The first field of parsed JSON `data` whose text `_QUESTION_MARKS` matches, as (its name, `a.b` or `a[1]`
    inside; its text), None when none does, or when any text of `data` holds a character ASCII has not: a pipe that
    turned Chinese into "?" turned all of it, so "???" beside a Chinese title is the clerk's own (and so is Chinese
    sent as \\u escapes, which arrives whole)."""
    if not _all_ascii(data):
        return None
    return _question_marks(data, "")


def _all_ascii(data: Any) -> bool:
    if isinstance(data, str):
        return data.isascii()
    if isinstance(data, dict):
        return all(_all_ascii(key) and _all_ascii(value) for key, value in data.items())
    return all(_all_ascii(value) for value in data) if isinstance(data, list) else True


def _question_marks(data: Any, name: str) -> tuple[str, str] | None:
    if isinstance(data, str):
        return (name, data) if _QUESTION_MARKS.fullmatch(data) else None
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        inner = f"{name}[{key}]" if isinstance(key, int) else f"{name}.{key}" if name else str(key)
        if (found := _question_marks(value, inner)) is not None:
            return found
    return None
