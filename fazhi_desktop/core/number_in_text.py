"""An ID or phone number typed into a free text (投诉事项, 纠纷简要情况, 住址, 备注): said in orange at save.

A ledger's list masks such a number where it finds it in a text (display.list_cell), but the record's window shows
the text as typed and the papers and registers print it so (their 核验码 cover the printed text, which stays as it
is). The save says so at the field, as a number in a name is said (names.NUMBER_IN_NAME), naming the fields made for
the numbers, which are masked everywhere on screen. A warning: an address may hold a house number, a matter a
hotline; only a run that is an ID or phone number by their own rules (`identifiers.masked_numbers(proper=True)`, as
the list masks it) is said. Names have their own check (validate: a number in a name is refused at save).
"""

from __future__ import annotations

import re
from typing import Any

from fazhi_desktop.core.errors import FieldProblem
from fazhi_desktop.core.forms import FieldDef, LedgerDef
from fazhi_desktop.core.identifiers import masked_numbers

#: what the warning says first (tests and the manual find it by this)
NUMBER_IN_TEXT = "含有身份证号或电话号码：列表中遮盖，但编辑窗口、打印的文书和台账上原样显示"
#: the types of field said of (a name, `person` or a row's 姓名, has its own check)
_TEXTS = frozenset({"text", "longtext"})
#: a group row's fields that hold a name (validate._OWN_NAME, _OTHER_NAMES): checked as names
_NAMES = frozenset({"name", "guardian", "agent", "legal_representative"})
_NUMBERS = frozenset({"idcard", "phone"})


def warnings(ledger: LedgerDef, values: dict[str, Any]) -> list[FieldProblem]:
    """The warnings for `values` (a record as cleaned for saving): one per text field holding an ID or phone
    number, the 备注 included. Asked at every save: a text of fewer than seven digits is passed over at once."""
    found: list[FieldProblem] = []
    _look(ledger.fields, values, "", "", found)
    if _holds(values.get("remarks")):
        found.append(FieldProblem("remarks", "备注", NUMBER_IN_TEXT + _where(ledger.fields)))
    return found


#: seven digits, whatever stands between them: the fewest an ID or phone number has (a landline without its area
#: code), so a text without them holds none (identifiers.holds_number looks for seven in a run)
_SEVEN_DIGITS = re.compile(r"(?:\d\D*){7}")


def _holds(text: Any) -> bool:
    return (isinstance(text, str) and _SEVEN_DIGITS.search(text) is not None
            and masked_numbers(text, proper=True) != text)


def _look(fields: tuple[FieldDef, ...], values: dict[str, Any], path: str, label: str,
          found: list[FieldProblem]) -> None:
    """A warning in `found` for each free text holding a number, a group's rows' too (paths as validate's)."""
    for f in fields:
        value = values.get(f.name)
        if f.type == "group":
            if isinstance(value, list):
                for index, row in enumerate(value, 1):
                    if isinstance(row, dict):
                        _look(f.fields, row, f"{path}{f.name}[{index}].", f"{label}{f.label}第{index}行·", found)
        elif f.type in _TEXTS and not (path and f.name in _NAMES) and _holds(value):
            found.append(FieldProblem(path + f.name, label + f.label, NUMBER_IN_TEXT + _where(fields)))


def _where(fields: tuple[FieldDef, ...]) -> str:
    """Where the numbers go: the ID and phone fields beside the text, else those of the form's groups (a 当事人's);
    not a guardian's, shown once his name is filled."""
    here = _numbers(fields)
    if not here:
        here = [f"{g.label}的{'、'.join(numbers)}" for g in fields
                if g.type == "group" and (numbers := _numbers(g.fields))]
    return f"；号码请填在{'、'.join(here)}栏中，那里遮盖显示" if here else "；号码不必写在这里的，请删去"


def _numbers(fields: tuple[FieldDef, ...]) -> list[str]:
    return [f"“{f.label}”" for f in fields if f.type in _NUMBERS
            and (f.visible_when is None or f.visible_when.op != "filled")]
