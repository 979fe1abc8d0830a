"""性别 and 出生日期 from the ID number a clerk types into a party's row.

The paper (人民调解申请书, the case's party list) has 姓名、性别、民族、出生日期、身份证号 in that order, and so has
the form; a clerk copying it reaches 性别 and 出生日期 before the number that holds them. Once she has typed a valid
number, the row's 性别 and 出生日期 that are empty (or still hold what the number gave before she corrected a digit)
take what it says: two fields and a date less to type for every party, and no contradiction for the form's check to
question. A stored 性别 or 出生日期 that is what the stored number gives counts as given by it: correcting a mistyped
number after saving corrects them too (the old birth date stayed, masked to its year beside an orange 出生日期与身份证号
不符 the clerk could not read). Only a number typed in this window fills anything: a stored number a 录入员 sees
masked never shows its birth date this way. Which fields go together is the form's: its `idcard` check's `gender`
and `birth_date`.
"""

from __future__ import annotations

from typing import Any

from fazhi_desktop.core.forms import LedgerDef
from fazhi_desktop.core.validate import GIVEN_BY_ID, Lookups
from fazhi_desktop.qt.editor.masked_inputs import MaskedInput

_HOOKED = "fills_from_id"  # a property of the ID number controls already watched


class IdFill:
    """Watches the ID numbers of one editor's group rows (`hook` after rows are added)."""

    def __init__(self, ledger: LedgerDef, inputs: dict[str, Any]):
        self.inputs = inputs
        #: (group, ID number field, field it gives, check kind), from the form's checks
        self.fills = [(c.group, c.fields[0], c.fields[1], c.kind) for c in ledger.checks
                      if c.kind in GIVEN_BY_ID and c.group in inputs]
        self.given: dict[Any, str] = {}  # input -> the value the number gave it (refilled while unchanged)
        self.stored: dict[Any, str] = {}  # ID number control -> the number it was opened (or saved) with

    def hook(self, built: Any = None) -> None:
        """Watch the ID numbers of the rows built; `built`: of that row only, just built (not every row built
        before it again: paging down a 200-party case read each row's number control once per row built)."""
        for group, card, _target, _kind in self.fills:
            rows = self.inputs[group].rows if built is None else [built] if built.field.name == group else []
            for row in rows:
                if not row.built:  # hooked as it is built (GroupInput.row_built)
                    continue
                card_input = row.inputs[card]
                control = card_input.control
                if not control.property(_HOOKED):
                    control.setProperty(_HOOKED, True)
                    control.textEdited.connect(lambda _text, g=group, r=row: self.fill(g, r))
                    card_input.changed.connect(lambda c=card_input: self._note_stored(c))
                    self._note_stored(card_input)  # a row built after its values were set

    def _note_stored(self, card_input: Any) -> None:
        """The number the row was opened with (or saved and shown again): not typed here."""
        if not card_input.control.typed:
            self.stored[card_input.control] = card_input.control.raw

    def fill(self, group: str, row: Any) -> None:
        for owner, card_name, target, kind in self.fills:
            if owner != group:  # another group's check names fields this row may not have
                continue
            card_input, widget = row.inputs[card_name], row.inputs.get(target)
            if widget is None or widget.isHidden() or not card_input.control.typed:
                continue
            # what she typed: an emptied stored number's value is still the stored one, which she cannot see
            lookups = card_input.ctx.lookups  # born after today by the Store's clock
            card = _whole_number(card_input.field, card_input.control.raw, lookups)
            if card is None:
                continue  # not yet a whole, valid number
            current = widget.value()
            stored = _whole_number(card_input.field, self.stored.get(card_input.control, ""), lookups)
            given = (self.given.get(widget), GIVEN_BY_ID[kind](stored) if stored else None)
            if current not in (None, "") and current not in given:
                continue  # the clerk's own: the form's check questions a contradiction
            value = GIVEN_BY_ID[kind](card)
            if isinstance(widget, MaskedInput):
                widget.control.set_typed(value)  # hers, from the number she typed: shown in full while she edits
            else:
                widget.set_value(value)
            widget.edited()
            self.given[widget] = value


def _whole_number(field: Any, text: str, lookups: Lookups) -> str | None:
    """`text` as a whole, valid 18-digit ID number (as core cleans it, by the editor's `lookups`: its clock), or
    None."""
    from fazhi_desktop.core.validate import clean_value

    try:
        card = clean_value(field, text, lookups)[0]
    except ValueError:
        return None
    return card if isinstance(card, str) and len(card) == 18 else None
