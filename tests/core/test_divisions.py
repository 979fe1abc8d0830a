"""Townships named by code or by name, as a county technician types them."""

from __future__ import annotations

import pytest

from fazhi_desktop.core import divisions
from fazhi_desktop.core.errors import SetupError


def test_a_name_from_the_shipped_list_is_its_code_and_a_code_stays_a_code():
    assert divisions.code_for("海城镇") == "640522100"
    assert divisions.code_for(" 海原县 ") == "640522"
    assert divisions.code_for("640522101") == "640522101"
    assert divisions.names()["640522208"] == "贾塘乡"


def test_an_unknown_or_ambiguous_name_is_refused_saying_why(monkeypatch):
    with pytest.raises(SetupError, match="不认识的乡镇或县“李旺”"):
        divisions.code_for("李旺")
    # another county's list loaded beside Haiyuan's, with a township of the same name
    monkeypatch.setattr(divisions, "names", lambda: {"640522100": "海城镇", "640423100": "海城镇"})
    with pytest.raises(SetupError, match="“海城镇”有 2 个同名的区划（代码 640423100、640522100）：请写代码"):
        divisions.code_for("海城镇")
    monkeypatch.setattr(divisions, "names", dict)
    with pytest.raises(SetupError, match="区划名单无法读取"):
        divisions.code_for("海城镇")
