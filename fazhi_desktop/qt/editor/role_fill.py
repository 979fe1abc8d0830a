"""是 and the 职务 from the roster when the name typed holds a role: a 主要负责同志 as a study's 主讲人.

A 学法活动's 主讲人是否主要负责同志 starts at 否 (the form's default), and the clerk typing from paper passed it with
Enter: a lecture by the 镇党委书记 was saved as 否 and T46c, which counts the tick, did not count it. Once the name
typed into the person field of a new record is someone the roster tags with the role on the record's date
(`role_holding`, as the form's check and the figures match names), the 是/否 field the check's `applies_when` names
takes 是, and its `title` field, while empty, the 职务 the roster gives that person: as 性别 is filled from a typed ID
number (id_fill.py), the fields a `not_role` check would question are filled so that there is nothing to question.
The status line says so (主讲人是否主要负责同志已按人员名册填为“是”…), so that a namesake is noticed. A value the fill
gave goes back when the name (or the date) changes to someone not in post.

The fill never overrules the clerk: it changes nothing of a saved record (opened, or just saved: its 否 may be on
purpose, and the two-sided check asks instead), and a field she changed herself is hers for the rest of the
window, whatever name or date is typed after (a 否 she chose after the fill came back with a corrected date).
Which fields go together is the form's: a `not_role` check whose `applies_when` is a 是/否 field `equals = false`,
and its `title`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fazhi_desktop.core.forms import LedgerDef
from fazhi_desktop.core.people import matched_name, roster_on
from fazhi_desktop.qt.editor.context import EditorContext


class RoleFill:
    """Watches the person fields of one editor's `not_role` checks (see the module). `quiet()` is true while the
    editor loads a record, `start` is called once it is loaded; `say` puts a line in the editor's status line."""

    def __init__(self, ledger: LedgerDef, inputs: dict[str, Any], ctx: EditorContext, quiet: Callable[[], bool],
                 say: Callable[[str], None]):
        self.ledger, self.inputs, self.ctx, self.quiet, self.say = ledger, inputs, ctx, quiet, say
        self.date_field = ledger.date_field
        #: (person field, role, 是/否 field, title field or None)
        self.fills = [(c.fields[0], c.fields[1], c.applies.field, c.title if c.title in inputs else None)
                      for c in ledger.checks
                      if c.kind == "not_role" and c.group is None and c.applies is not None
                      and c.applies.op == "equals" and c.applies.value is False and c.fields[0] in inputs
                      and ledger.field(c.applies.field).type == "boolean"]
        self.new = False  # a record not yet saved: the only one the fill changes
        self.opened: dict[str, Any] = {}  # field -> its value as the record was opened (a new one's: the default)
        self.hers: set[str] = set()  # fields the clerk changed herself: never filled again
        self._filling = False
        for name in {person for person, *_ in self.fills}:
            inputs[name].changed.connect(self.fill)
        if self.fills and self.date_field in inputs:
            inputs[self.date_field].changed.connect(self.fill)  # a 主要负责同志 from the day he came into post
        for name in self._targets():
            inputs[name].changed.connect(lambda name=name: self._touched(name))

    def start(self, new: bool) -> None:
        """The record as the editor now shows it (opened, or saved): `new` if it is not yet saved."""
        self.new = new
        self.hers.clear()
        self.opened = {name: self.inputs[name].value() for name in self._targets()}

    def _targets(self) -> set[str]:
        """The fields the fill gives values to."""
        return {target for _p, _r, tick, title in self.fills for target in (tick, title) if target}

    def _touched(self, name: str) -> None:
        if not self._filling and not self.quiet():
            self.hers.add(name)

    def fill(self) -> None:
        if self.quiet() or not self.new:
            return
        for person, role, tick, title in self.fills:
            name = self.inputs[person].value()
            name = name.strip() if isinstance(name, str) else ""
            day = self.ctx.day
            holds = bool(name and day and self.ctx.lookups.role_holding(role, day, [name]))
            changed = [f for f, value, empty in ((tick, True if holds else None, (False, None)),
                                                 (title, self._title(name) if holds else None, ("", None)))
                       if f is not None and self._give(f, value, empty)]
            if changed:
                self._tell(person, role, changed, name, holds)

    def _give(self, name: str, value: Any, empty: tuple[Any, ...]) -> bool:
        """`value` into field `name` if it held an empty value (or the default) when the record was opened and she
        has not changed it since; None gives it back that value. True if the field changed."""
        if name in self.hers or self.opened.get(name) not in empty:
            return False
        widget = self.inputs[name]
        value = self.opened[name] if value is None else value
        if widget.value() == value:
            return False
        self._filling = True
        try:
            widget.set_value(value)
            widget.edited()  # as typed: the record is changed, and checked
        finally:
            self._filling = False
        return True

    def _tell(self, person: str, role: str, changed: list[str], name: str, holds: bool) -> None:
        """What the fill did, in the status line: a namesake of the 书记 is noticed, and changed back."""
        label = self.ledger.field
        if holds:
            said = [f"{label(f).label}{'已按人员名册' if i == 0 else ''}填为“{self._shown(f)}”"
                    for i, f in enumerate(changed)]
            self.say(f"{'，'.join(said)}（{name}是名册中该日在任的{role}；如为同名的另一人，请改正）")
            return
        who = f"{name}不是名册中该日在任的{role}" if name else f"{label(person).label}为空"
        said = [label(f).label + ("已清空" if self.inputs[f].value() in ("", None) else f"已改回“{self._shown(f)}”")
                for f in changed]
        self.say(f"{'，'.join(said)}（{who}）")

    def _shown(self, name: str) -> str:
        """A filled field's value as the form shows it (是 / 否, the 职务)."""
        value = self.inputs[name].value()
        return ("是" if value else "否") if isinstance(value, bool) else str(value)

    def _title(self, name: str) -> str | None:
        """The 职务 the roster gave the one person of `name` (as the figures match it) in post on the record's date,
        as it was that day (`roster_on`: a 职务 edited since is not the study's), else None."""
        day, name = self.ctx.day or "", matched_name(name)
        found = [p for p, _ in roster_on(self.ctx.store, day) if matched_name(p.name) == name and p.in_post_on(day)]
        return found[0].title if len(found) == 1 and found[0].title else None
