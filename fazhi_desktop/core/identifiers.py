"""Validation, normalisation and masking of personal and organisational identifiers.

Covers the 居民身份证号码 (GB 11643-1999), the 统一社会信用代码 (GB 32100-2015) and
Chinese mobile and landline phone numbers. Every ``normalize_*``/``check_*`` function
returns the form that is stored and raises ``ValueError`` with a short Chinese reason
that a clerk can act on.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date

__all__ = [
    "age_on",
    "check_credit_code",
    "credit_code_check_char",
    "holds_number",
    "id_card_birth_date",
    "id_card_check_char",
    "id_card_gender",
    "mask_id_card",
    "mask_phone",
    "masked_numbers",
    "normalize_id_card",
    "normalize_phone",
    "read_out_number",
    "upgraded_id_card",
]

_MASK = "*"

# --- 居民身份证号码 (GB 11643-1999) -------------------------------------------------

_ID_CARD_LENGTH = 18
_ID_CARD_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CARD_CHECK_CHARS = "10X98765432"
_EARLIEST_BIRTH_YEAR = 1900


def _compact(raw: str, what: str) -> str:
    """Fold full-width characters to ASCII and drop every kind of whitespace."""
    if not isinstance(raw, str):
        raise TypeError(f"{what}应为文本，收到的是 {type(raw).__name__}")
    folded = unicodedata.normalize("NFKC", raw)
    return "".join(folded.split())


def id_card_check_char(first17: str) -> str:
    """Return the GB 11643 check character ("0"-"9" or "X") for the first 17 digits."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError("计算校验位需要17位数字")
    total = sum(int(digit) * weight for digit, weight in zip(first17, _ID_CARD_WEIGHTS, strict=True))
    return _ID_CARD_CHECK_CHARS[total % 11]


def _birth_date_from_digits(digits: str) -> date:
    try:
        return date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise ValueError("出生日期（第7至14位）不存在") from None


def normalize_id_card(raw: str, *, today: date) -> str:
    """Validate an 18-character ID-card number and return it in stored form.

    Spaces are removed, full-width characters folded and a lower-case ``x`` stored as
    ``X``. The birth date must be a real calendar date between 1900-01-01 and *today*
    (defaults to the computer's date), and the check character must be right.
    Address codes are deliberately not checked against today's division list:
    residents keep the codes of divisions that have since been merged or moved.
    """
    number = _compact(raw, "身份证号码").upper()
    if not number:
        raise ValueError("身份证号码不能为空")
    if len(number) != _ID_CARD_LENGTH:
        hint = "（15位旧号码已停用）" if len(number) == 15 else ""
        if (became := upgraded_id_card(number)) is not None:
            hint = f"（15位旧号码已停用，升级后为 {became}，请与当事人现用的身份证核对后填写）"
        raise ValueError(f"身份证号码应为18位，当前为{len(number)}位{hint}")
    first17, last = number[:17], number[17]
    if not (first17.isascii() and first17.isdigit()):
        raise ValueError("身份证号码前17位应为数字")
    if not (last == "X" or (last.isascii() and last.isdigit())):
        raise ValueError("身份证号码最后一位应为数字或 X")

    birth_digits = number[6:14]
    birth = _birth_date_from_digits(birth_digits)
    if birth.year < _EARLIEST_BIRTH_YEAR:
        raise ValueError("出生日期（第7至14位）早于1900年")
    if birth > today:
        raise ValueError("出生日期（第7至14位）晚于今天")

    # the right check character is not named: a clerk told “应为 9” changes the last digit, and a typo elsewhere in
    # the number then passes the check it exists to catch
    if last != id_card_check_char(first17):
        raise ValueError("身份证号码有误（校验位不符），请对照证件逐位核对")
    return number


def upgraded_id_card(old: str) -> str | None:
    """The 18-digit number an old 15-digit one became (GB 11643: 19 before its two-digit birth year, the check
    character after), or None for anything else. A paper file from before 2004 holds such a number; the 15 digits
    carry no check of their own, so the number is offered to be compared with the party's card, never saved as is."""
    if len(old) != 15 or not (old.isascii() and old.isdigit()):
        return None
    first17 = old[:6] + "19" + old[6:]
    try:
        _birth_date_from_digits(first17[6:14])
    except ValueError:
        return None
    return first17 + id_card_check_char(first17)


def _id_card_digits(num: str) -> str:
    """Return a compacted 18-character number whose first 17 characters are digits.

    Derivations (birth date, gender, age) accept stored numbers without re-checking the
    check character, so that a record with a known-bad number can still be described.
    """
    number = _compact(num, "身份证号码").upper()
    if len(number) != _ID_CARD_LENGTH:
        raise ValueError(f"身份证号码应为18位，当前为{len(number)}位")
    if not (number[:17].isascii() and number[:17].isdigit()):
        raise ValueError("身份证号码前17位应为数字")
    return number


def id_card_birth_date(num: str) -> date:
    """Return the birth date encoded in positions 7-14 of an ID-card number."""
    return _birth_date_from_digits(_id_card_digits(num)[6:14])


def id_card_gender(num: str) -> str:
    """Return "男" or "女" from the sequence code (17th digit: odd = male, even = female)."""
    return "男" if int(_id_card_digits(num)[16]) % 2 == 1 else "女"


def age_on(num: str, day: date) -> int:
    """Return the age in completed years (周岁) of the card holder on *day*.

    The age goes up on the birthday itself; someone born on 29 February gains a year
    on 1 March in common years.
    """
    birth = id_card_birth_date(num)
    if day < birth:
        raise ValueError(f"{day.isoformat()} 早于出生日期 {birth.isoformat()}")
    return years_on(birth, day)


def years_on(birth: date, day: date) -> int:
    """Completed years (周岁) on `day` of someone born on `birth` (not after it)."""
    not_yet = (day.month, day.day) < (birth.month, birth.day)
    return day.year - birth.year - int(not_yet)


#: 民法典第十七条: eighteen and over is an adult (成年人); under it a minor, whose parents are his guardians and
#: 法定代理人 (第二十三条、第二十七条)
ADULT_AGE = 18


def is_minor(birth_date: str | None, id_number: str | None, age: int | None, day: str, masked: bool = False) -> bool:
    """Whether someone was under 18 on `day` (ISO): by the birth date (ISO) if given, else the ID number's, else the
    age as typed. A birth after `day` says nothing (a typo another check questions). `masked`: the user sees the
    ID number (and the birth date with it) masked, so only the birth year counts, and an age of 18 by the years
    alone (17 or 18 by the birthday, the digits the mask hides) says nothing."""
    on = date.fromisoformat(day)
    if birth_date is not None or id_number is not None:
        born = date.fromisoformat(birth_date) if birth_date is not None else id_card_birth_date(id_number or "")
        if masked:
            return 0 <= on.year - born.year < ADULT_AGE
        return born <= on and years_on(born, on) < ADULT_AGE
    return age is not None and age < ADULT_AGE


def _mask_tail(text: str) -> str:
    """Hide all but the last characters, never revealing more than half of *text*."""
    shown = min(4, len(text) // 2)
    return _MASK * (len(text) - shown) + text[len(text) - shown :]


def mask_id_card(num: str | None) -> str:
    """Mask an ID-card number for display: first 6 + "********" + last 4.

    Anything that is not 18 characters long keeps at most its last 4 characters
    (and never more than half of them) visible; an empty value gives "".
    """
    if not num:
        return ""
    number = _compact(num, "身份证号码").upper()
    if len(number) == _ID_CARD_LENGTH:
        return number[:6] + _MASK * 8 + number[-4:]
    return _mask_tail(number)


# --- 统一社会信用代码 (GB 32100-2015) ---------------------------------------------

_CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_CODE_VALUES = {char: value for value, char in enumerate(_CREDIT_CODE_CHARS)}
_CREDIT_CODE_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))


def credit_code_check_char(first17: str) -> str:
    """Return the GB 32100 check character for the first 17 characters of a credit code."""
    if len(first17) != 17 or any(char not in _CREDIT_CODE_VALUES for char in first17):
        raise ValueError("计算校验位需要17位代码字符（0-9 及除 I O Z S V 外的大写字母）")
    total = sum(_CREDIT_CODE_VALUES[char] * weight for char, weight in zip(first17, _CREDIT_CODE_WEIGHTS, strict=True))
    return _CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def check_credit_code(raw: str) -> tuple[str, str | None]:
    """Normalise a 统一社会信用代码 and check it.

    Returns ``(code, warning)``. Length and character set are hard errors
    (``ValueError``); a wrong check character only produces a Chinese warning,
    because some early codes were issued that fail the check.
    """
    code = _compact(raw, "统一社会信用代码").upper()
    if not code:
        raise ValueError("统一社会信用代码不能为空")
    if len(code) != 18:
        raise ValueError(f"统一社会信用代码应为18位，当前为{len(code)}位")
    bad = sorted({char for char in code if char not in _CREDIT_CODE_VALUES})
    if bad:
        raise ValueError(f"统一社会信用代码含有不允许的字符：{'、'.join(bad)}（代码不使用 I O Z S V）")
    if code[17] != credit_code_check_char(code[:17]):  # not named, as for ID numbers
        return code, "统一社会信用代码校验位不符，请对照证照逐位核对；早期代码可能如此"
    return code, None


# --- Phone numbers -------------------------------------------------------------------

_PHONE_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―()]")
_ALLOWED_PHONE_TEXT = re.compile(r"\+?[\d\s\-‐‑‒–—―()]+")
_INTERNATIONAL_PREFIX = re.compile(r"^(?:\+86|0086)")
_MOBILE_WITH_86 = re.compile(r"861[3-9]\d{9}")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_MOBILE_LENGTH = 11
_LOCAL_NUMBER = re.compile(r"[1-9]\d{6,7}")


def _area_code_length(digits: str) -> int:
    """Beijing (010) and the 02x cities have 3-digit area codes, all others 4."""
    return 3 if digits[1] in "12" else 4


def normalize_phone(raw: str) -> str:
    """Validate a phone number and return it in stored form.

    Mobile numbers (``1[3-9]`` + 9 digits, optionally written with +86/86, spaces or
    dashes) are stored as 11 digits. Landlines need their area code and are stored as
    ``"0955-1234567"`` whether written ``0955 1234567``, ``(0955)1234567`` or
    ``09551234567``.
    """
    if not isinstance(raw, str):
        raise TypeError(f"电话号码应为文本，收到的是 {type(raw).__name__}")
    text = unicodedata.normalize("NFKC", raw).strip()
    if not text:
        raise ValueError("电话号码不能为空")
    if not _ALLOWED_PHONE_TEXT.fullmatch(text):
        raise ValueError("电话号码只能包含数字、空格、短横线、括号和开头的 +86")
    digits = _PHONE_SEPARATORS.sub("", text)
    international = _INTERNATIONAL_PREFIX.match(digits)
    if international:
        digits = digits[international.end() :]
        if not digits.startswith(("0", "1")):
            digits = "0" + digits  # +86 955 1234567: the trunk 0 is dropped abroad
    elif digits.startswith("+"):
        raise ValueError("只支持国内号码（+86）")
    elif _MOBILE_WITH_86.fullmatch(digits):
        digits = digits[2:]

    if digits.startswith("1") and _LOCAL_NUMBER.fullmatch(digits):
        raise ValueError("号码位数不对：手机号应为11位；座机需带区号，如 0955-1234567")
    if digits.startswith("1"):
        if len(digits) != _MOBILE_LENGTH:
            raise ValueError(f"手机号码应为11位，当前为{len(digits)}位")
        if not _MOBILE.fullmatch(digits):
            raise ValueError("手机号码第二位应为 3-9")
        return digits
    if digits.startswith("0"):
        if len(digits) < 3:
            raise ValueError("座机号码不完整，应为区号加7-8位号码，如 0955-1234567")
        area_length = _area_code_length(digits)
        area, local = digits[:area_length], digits[area_length:]
        if not _LOCAL_NUMBER.fullmatch(local):
            raise ValueError(f"座机号码在区号 {area} 之后应为7-8位且不以 0 开头，当前为“{local}”")
        return f"{area}-{local}"
    if _LOCAL_NUMBER.fullmatch(digits):
        raise ValueError("座机号码需带区号，如 0955-1234567")
    raise ValueError("无法识别的电话号码：手机号应为11位，座机应带区号，如 0955-1234567")


def mask_phone(num: str | None) -> str:
    """Mask a phone number for display.

    Mobile: first 3 + "****" + last 4; landline: area code + "-" + "****" + last 4.
    Text that is not a valid number keeps at most its last 4 characters visible;
    an empty value gives "".
    """
    if not num:
        return ""
    try:
        number = normalize_phone(num)
    except ValueError:
        return _mask_tail(_compact(num, "电话号码"))
    if "-" in number:
        area, local = number.split("-")
        return f"{area}-{_MASK * 4}{local[-4:]}"
    return number[:3] + _MASK * 4 + number[-4:]


# --- A number read out ------------------------------------------------------------------


def read_out_number(text: str) -> tuple[str, str] | None:
    """A whole ID or phone number as a caller reads it out and a clerk types it (`640522198501081234`, a 15-digit
    old ID number, `139-5123-4567`, `0955 1234567`): its stored form and its masked form, else None.

    An ID number must be valid (its check character right; an old 15-digit one is read as the 18-digit number it
    became: 19 before its year, the check character after); a phone number what a phone field accepts (15 or 18
    characters too: 0086 13912345678, 0086-139-1234-5678)."""
    compact = _compact(text, "号码").upper()
    compact = upgraded_id_card(compact) or compact
    if len(compact) == _ID_CARD_LENGTH:
        try:
            number = normalize_id_card(compact, today=date.max)  # a number stored is found, born when it may
        except ValueError:
            pass  # not an ID number: perhaps a phone number
        else:
            return number, mask_id_card(number)
    try:
        number = normalize_phone(text)
    except ValueError:
        return None
    return number, mask_phone(number)


# --- a number written into free text (a reason, a purpose) ------------------------------------------------------

#: a run of digits as long as a phone number's visible part
_DIGIT_RUN = re.compile(r"\d{7,}")
#: what may stand between a number's digits as people write it (139 9512 0316, 139-9512-0316)
_WRITTEN_APART = re.compile(r"[\s\-－—.·]")
#: an area code in brackets before the number, as a landline is often written: （0955）5012345
_BRACKETED_AREA = re.compile(r"[（(]\s*(0)\d{2,3}\s*[)）](?=\s*\d)")
#: a date (2026-03-02, 2026.3.2, 2026年3月2日), which is no number of a person's
_WRITTEN_DATE = re.compile(r"(?<!\d)(?:19|20)\d{2}\s*[-－./年]\s*\d{1,2}\s*[-－./月]\s*\d{1,2}(?!\d)日?")


def holds_number(text: str) -> bool:
    """Does `text` hold an ID or phone number, also written in groups (640522 19850312 009X, 139 9512 0316)? A
    date is none, nor a number masked as the screen shows it (640522********009X)."""
    return bool(_DIGIT_RUN.search(_WRITTEN_APART.sub("", _WRITTEN_DATE.sub("", text))))


def masked_numbers(text: str, proper: bool = False) -> str:
    """`text` with each number `holds_number` finds in it shown as the screen shows such a number: an ID number
    (18 characters) 640522********009X, a phone number 139****0316 (0955-****4567), any other run its last 4
    digits (mask_id_card, mask_phone); the spaces, dashes and a date between its digits are hidden with it. For a
    reason written into the change log before such a reason was refused, or received from a township that still
    took it: the log keeps it as typed, every place that shows it shows this (nothing is revealed: a 所长's
    显示完整证件号 is for a record's fields). `proper`: only a run that is an ID or phone number by their own rules
    (`_holds_persons_number`) is masked, for a note the program wrote (从Excel导入（调解20260301.xlsx 第 5 行）: the
    file's name read ****0301)."""
    if not holds_number(text):
        return text
    dated = [False] * len(text)
    for date_found in _WRITTEN_DATE.finditer(text):
        dated[date_found.start():date_found.end()] = [True] * (date_found.end() - date_found.start())
    areas = list(_BRACKETED_AREA.finditer(text))
    brackets = {at for area in areas for at in (area.start(), area.end() - 1)}
    opened = {area.start(1): area.start() for area in areas}  # masked with the number: （0955）5012345
    kept = [at for at, char in enumerate(text)
            if not dated[at] and at not in brackets and not _WRITTEN_APART.fullmatch(char)]
    joined = "".join(text[at] for at in kept)
    pieces, done = [], 0
    for run in _DIGIT_RUN.finditer(joined):
        end = run.end()
        if end - run.start() == _ID_CARD_LENGTH - 1 and joined[end:end + 1] and joined[end] in "xXｘＸ":
            end += 1  # an ID number's check character
        digits = _compact(joined[run.start():end], "号码").upper()
        # where the run was written apart (640522-2021-0087: a 执法证号's parts, not a number 0522-2021008 in it)
        cuts = [at - run.start() for at in range(run.start() + 1, end) if kept[at] != kept[at - 1] + 1]
        if proper and not _holds_persons_number(digits, cuts):
            continue
        shown = mask_id_card(digits) if len(digits) == _ID_CARD_LENGTH else mask_phone(digits)
        pieces += [text[done:opened.get(kept[run.start()], kept[run.start()])], shown]
        done = kept[end - 1] + 1
    return "".join([*pieces, text[done:]])


def _holds_persons_number(digits: str, cuts: Sequence[int] = ()) -> bool:
    """Does the run `digits` hold an ID or phone number (`_a_persons_number`), also beside other digits it was
    written apart from (13995120316-2026)? `cuts`: where in it the digits were written apart (a space, a dash). A
    number taken across them is made of whole parts (139 9512 0316, 0955-5012345), and one inside a part is no
    landline (a 0 in the middle of 64052220210087 starts none): a 执法证号 宁640522-2021-0087, dates written
    20260302-20260315 or a serial hold none."""
    bounds = {0, len(digits), *cuts}

    def whole_parts_or_inside_one(at: int, size: int) -> bool:
        if at in bounds and at + size in bounds:
            return True
        inside = not any(at < cut < at + size for cut in cuts)
        return inside and not digits.startswith("0", at)

    return any(whole_parts_or_inside_one(at, size) and _a_persons_number(digits[at:at + size])
               for size in (_ID_CARD_LENGTH, 15, 12, 11, 10) for at in range(len(digits) - size + 1))


def _a_persons_number(digits: str) -> bool:
    """Is `digits` an ID number (18 characters, or an older card's 15 digits, whose birth date exists) or a phone
    number `normalize_phone` takes (a mobile number, a landline with its area code)? A date or serial number in a
    file's name (20260301, 202603010930) is neither; a bare 7–8 digit local number is not taken for one either."""
    if len(digits) == _ID_CARD_LENGTH or (len(digits) == 15 and digits.isdigit()):
        try:
            _birth_date_from_digits(digits[6:14] if len(digits) == _ID_CARD_LENGTH else "19" + digits[6:12])
            return True
        except ValueError:
            pass
    try:
        normalize_phone(digits)
    except ValueError:
        return False
    return True
