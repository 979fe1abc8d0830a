"""The manual (三、年度封账) on a mediation case still being handled in a closed year said it could take
“权利义务告知、调解、裁决和结案的各项”; the program refuses its 裁决事项. The fields the manual names there are exactly
those the form lets a closed year's open case fill (forms/mediation_case.toml `open_until` and `conclusion`)."""

from __future__ import annotations

import re

from fazhi_desktop.core import paths
from fazhi_desktop.core.forms import load_forms


def test_the_manual_names_exactly_the_fields_an_open_case_of_a_closed_year_can_fill():
    text = paths.resource("manual", "manual.md").read_text(encoding="utf-8")
    sentences = re.findall(r"调解案件可以填([^；。]*)", text)
    assert len(sentences) == 1, sentences
    items = [item for item in re.split(r"[、，]|以及|和", sentences[0]) if item]  # the labels, one by one
    form = load_forms()["mediation_case"]
    names = {f.label: f.name for f in form.fields}
    assert all(item in names for item in items), [item for item in items if item not in names]
    named = {names[item] for item in items}
    fillable = set(form.concluding_fields) - {"remarks"}  # the 备注, said for every ledger in a sentence of its own
    assert "备注（如督办、回访的记录）三种台账都可以改" in text
    assert named == fillable, (sorted(named - fillable), sorted(fillable - named))
