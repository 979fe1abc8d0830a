"""Sums of money written twice in a text, in figures and in capitals (人民币38650元（大写：叁万捌仟陆佰伍拾元整）), as a
调解协议书 writes what one party pays the other: a court confirming the agreement (人民调解法第三十三条) cannot tell
which of two different sums was agreed, and a clerk copying a sum over may slip in either. `disagreeing` finds the
pairs whose two sums differ; the form check `amounts` (form_checks, check_rules) says them at their field.

Read both ways round: figures then capitals (38650元（大写：…）, 3.865万元（大写：…）) and capitals then figures
(叁万元（￥30000元）, 叁万元（小写：30000元）). Capitals also read written with the common characters (三万六千元) and
with 圆 and 正 (叁万圆正)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

_DIGITS = {"零": 0, "〇": 0, "壹": 1, "一": 1, "贰": 2, "貳": 2, "二": 2, "两": 2, "叁": 3, "三": 3, "肆": 4, "四": 4,
           "伍": 5, "五": 5, "陆": 6, "六": 6, "柒": 7, "七": 7, "捌": 8, "八": 8, "玖": 9, "九": 9}
_UNITS = {"拾": 10, "十": 10, "佰": 100, "百": 100, "仟": 1000, "千": 1000}
_BIG = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_NUMERAL = "".join(_DIGITS) + "".join(_UNITS) + "".join(_BIG)
_DIGIT = "".join(_DIGITS)
_CAPITALS = rf"[{_NUMERAL}]+[元圆](?:[{_DIGIT}]角)?(?:[{_DIGIT}]分)?[整正]?|[{_DIGIT}]角(?:[{_DIGIT}]分)?[整正]?"
_FIGURES = r"\d[\d,，]*(?:\.\d+)?"
_OPEN, _CLOSE = r"\s*[（(]\s*", r"\s*[）)]"
#: 38650元（大写：叁万…元整）, 3.865万元（人民币大写：…）
_FIGURES_FIRST = re.compile(rf"(?P<figures>{_FIGURES})\s*(?P<wan>万)?元整?{_OPEN}(?:人民币)?大写\s*[:：]?\s*(?:人民币)?"
                            rf"\s*(?P<capitals>{_CAPITALS}){_CLOSE}")
#: 叁万元（￥30000元）, 叁万元整（小写：30000.00元）
_CAPITALS_FIRST = re.compile(rf"(?P<capitals>{_CAPITALS}){_OPEN}(?:小写\s*[:：]?\s*)?(?:人民币)?\s*[￥¥]?\s*"
                             rf"(?P<figures>{_FIGURES})\s*(?P<wan>万)?元?{_CLOSE}")

#: what a text naming a sum in capitals has somewhere: a capital numeral, or a pair's label
_MARKS = re.compile("[壹贰貳叁肆伍陆柒捌玖拾佰仟]|大写|小写|[￥¥]")


@dataclass(frozen=True)
class Disagreement:
    """A sum written in figures and capitals that differ: both as written, and what the capitals say in figures."""

    figures: str  # "38650元"
    capitals: str  # "叁万陆仟陆佰伍拾元整"
    read: str  # "36650元": the capitals in figures


def disagreeing(text: str) -> list[Disagreement]:
    """The sums of `text` written in figures and in capitals that do not agree, in the order written."""
    if not _MARKS.search(text):  # most texts name no sum in capitals: not read further
        return []
    found = []
    for pattern in (_FIGURES_FIRST, _CAPITALS_FIRST):
        for match in pattern.finditer(text):
            figures = _figures_value(match["figures"], bool(match["wan"]))
            capitals = capitals_value(match["capitals"])
            if figures is None or capitals is None or figures == capitals:
                continue
            written = f"{match['figures']}{match['wan'] or ''}元"
            found.append((match.start(), Disagreement(written, match["capitals"], f"{_plain(capitals)}元")))
    return [disagreement for _, disagreement in sorted(found, key=lambda pair: pair[0])]


def capitals_value(text: str) -> Decimal | None:
    """叁万捌仟陆佰伍拾元整 -> 38650; 壹佰零伍元伍角 -> 105.5; None when it cannot be read as one sum (叁万万元)."""
    text = text.rstrip("整正")
    whole, _, cents = re.split("([元圆])", text, maxsplit=1) if re.search("[元圆]", text) else ("", "", text)
    value = _whole_value(whole) if whole else 0
    if value is None:
        return None
    amount = Decimal(value)
    for digit, unit in re.findall(rf"([{_DIGIT}])([角分])", cents):
        amount += Decimal(_DIGITS[digit]) * (Decimal("0.1") if unit == "角" else Decimal("0.01"))
    return amount


def _whole_value(text: str) -> int | None:
    """The whole yuan of capitals: sections of 仟佰拾 under 万 and 亿."""
    total, section, digit, last_big = 0, 0, None, None
    for char in text:
        if char in _DIGITS:
            if digit is not None and digit != 0 and _DIGITS[char] != 0:
                return None  # two digits running (叁肆): no unit between
            digit = _DIGITS[char]
        elif char in _UNITS:
            section += (1 if digit is None else digit) * _UNITS[char]  # 拾元: ten
            digit = None
        else:
            big = _BIG[char]
            if big == last_big and section == 0 and digit is None:
                return None  # 叁万万
            section += digit or 0
            total = (total + section) * big if big > (last_big or 0) and total else total + section * big
            section, digit, last_big = 0, None, big
    return total + section + (digit or 0)


def _figures_value(text: str, wan: bool) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", "").replace("，", ""))
    except InvalidOperation:
        return None
    return value * 10000 if wan else value


def _plain(value: Decimal) -> str:
    """36650, 105.5: without a trailing .00."""
    return f"{value:f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value:f}"
