"""Which input widget a field type gets."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from fazhi_desktop.core.forms import FieldDef
from fazhi_desktop.qt.editor.context import EditorContext
from fazhi_desktop.qt.editor.date_inputs import DateInput, DateTimeInput, TimeInput
from fazhi_desktop.qt.editor.masked_inputs import MaskedInput
from fazhi_desktop.qt.editor.people_inputs import PeopleInput, PersonInput
from fazhi_desktop.qt.editor.record_inputs import AttachmentsInput, LinkInput
from fazhi_desktop.qt.editor.widgets import (
    BooleanInput,
    ChoiceInput,
    FieldInput,
    LongTextInput,
    MultiChoiceInput,
    ShortTextInput,
    TextInput,
)

INPUTS: dict[str, type[FieldInput]] = {
    "text": TextInput, "longtext": LongTextInput, "integer": ShortTextInput, "decimal": ShortTextInput,
    "time": TimeInput, "date": DateInput, "datetime": DateTimeInput, "boolean": BooleanInput,
    "choice": ChoiceInput, "multichoice": MultiChoiceInput, "person": PersonInput, "people": PeopleInput,
    "idcard": MaskedInput, "phone": MaskedInput, "credit_code": ShortTextInput, "link": LinkInput,
    "attachments": AttachmentsInput,
}


def make_input(field: FieldDef, ctx: EditorContext, compact: bool = False, parent: QWidget | None = None) -> FieldInput:
    """The input widget for one non-group field; sensitive free text and dates (a party's 出生日期) are masked like
    ID numbers. Made in its `parent` (a group row), not moved into it: moving took a second of a 200-party case."""
    cls = MaskedInput if field.type in ("text", "date") and field.is_sensitive else INPUTS[field.type]
    return cls(field, ctx, compact, parent)
