"""`names.name_doubt` answers a name of two or three Han characters at once (a save asks every person field): the
answer must be the one the full checks give, for every such name and for the names around it (a post before a name,
two names run together, a dot, a space, a rare character beyond the fast path's range)."""

from __future__ import annotations

import re

from fuzz_support import fuzz_settings
from hypothesis import given
from hypothesis import strategies as st

from fazhi_desktop.core import names

#: characters the checks look at: Han ones of posts, joiners, office endings, Ext-A/B and compatibility; the dots;
#: spaces; digits and punctuation
ALPHABET = ("马建国田玉春王伟和及与所局站书记镇长乡主任副席队\u3400\u4dbf\U00020bb7\uf900\u9fff\u4e00"
            "·•．.・ \u3000\u00a01１,（")


def full_checks(name: str) -> str | None:
    fast = names._USUAL_NAME
    names._USUAL_NAME = re.compile(r"(?!)")  # matches nothing: every check asked
    try:
        return names.name_doubt(name)
    finally:
        names._USUAL_NAME = fast


@fuzz_settings(1000)
@given(st.text(alphabet=ALPHABET, min_size=0, max_size=7))
def test_the_fast_path_gives_the_full_checks_answer(name):
    assert names.name_doubt(name) == full_checks(name)


def test_the_names_it_answers_at_once_are_answered_as_before():
    for name in ("马军", "田玉春", "和平", "所长", "镇长马", "马和军", "\u4e00\u9fff"):
        assert names.name_doubt(name) is None is full_checks(name)
