"""是 and the 职务 from the roster when the name typed holds a role: a 主要负责同志 as a study's 主讲人.

A 学法活动's 主讲人是否主要负责同志 starts at 否 (the form's default), and the clerk typing from paper passed it with
Enter: a lecture by the 镇党委书记 was saved as 否 and T46c, which counts the tick, did not count it. Once the name
typed into the person field is someone the roster tags with the role on the record's date (`role_holders`, as the
form's check reads it), the 是/否 field the check's `applies_when` names takes 是, and its `title` field, while empty,
the 职务 the roster gives that person: as 性别 is filled from a typed ID number (id_fill.py), the fields a `not_role`
check would question are filled so that there is nothing to question. A value the fill gave goes back when the name
changes to someone else; one she chose herself stays hers until she types the name again (the check questions a
否 she chose). Which fields go
together is the form's: a `not_role` check whose `applies_when` is a 是/否 field `equals = false`, and its `title`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fazhi_desktop.core.forms import LedgerDef
from fazhi_desktop.qt.editor.context import EditorContext


class RoleFill:
    """Watches the person fields of one editor's `not_role` checks (see the module). `quiet()` is true while the
    editor loads a record: only a name typed or picked in the window fills anything."""

    def __init__(self, ledger: LedgerDef, inputs: dict[str, Any], ctx: EditorContext, quiet: Callable[[], bool]):
        self.inputs, self.ctx, self.quiet = inputs, ctx, quiet
        self.date_field = ledger.date_field
        #: (person field, role, 是/否 field, title field or None)
        self.fills = [(c.fields[0], c.fields[1], c.applies.field, c.title) for c in ledger.checks
                      if c.kind == "not_role" and c.group is None and c.applies is not None
                      and c.applies.op == "equals" and c.applies.value is False and c.fields[0] in inputs
                      and ledger.field(c.applies.field).type == "boolean"]
        self.given: dict[str, Any] = {}  # field -> the value the fill gave it (taken back while unchanged)
        for name in {person for person, *_ in self.fills}:
            inputs[name].changed.connect(self.fill)
        if self.fills and self.date_field in inputs:
            inputs[self.date_field].changed.connect(self.fill)  # a 主要负责同志 from the day he came into post

    def fill(self) -> None:
        if self.quiet():
            return
        for person, role, tick, title in self.fills:
            name = self.inputs[person].value()
            name = name.strip() if isinstance(name, str) else ""
            day = self.ctx.day
            holds = bool(name and day and name in self.ctx.lookups.role_holders(role, day))
            self._give(tick, True if holds else None, empty=(False, None))
            if title is not None and title in self.inputs:
                self._give(title, self._title(name) if holds else None, empty=("", None))

    def _give(self, name: str, value: Any, empty: tuple[Any, ...]) -> None:
        """`value` into field `name` if it is empty (or at its default) or still holds what the fill gave it; None
        takes back what the fill gave."""
        widget = self.inputs[name]
        now = widget.value()
        ours = name in self.given and now == self.given[name]
        if not ours and now not in empty:
            return  # hers
        if value is None:
            if ours:
                self.given.pop(name)
                widget.set_value(empty[0])
                widget.edited()
            return
        self.given[name] = value
        if now != value:
            widget.set_value(value)
            widget.edited()  # as typed: the record is changed, and checked

    def _title(self, name: str) -> str | None:
        """The roster's 职务 of the one person of `name` in post on the record's date, else None."""
        day = self.ctx.day or ""
        found = [p for p in self.ctx.roster(None) if p.name == name and p.in_post_on(day)]
        return found[0].title if len(found) == 1 and found[0].title else None
