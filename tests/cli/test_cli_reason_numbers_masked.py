"""`fazhi show`'s 退回原因, `fazhi history` and `fazhi todo` read a reason from the change log: one an older program
let a 所长 write with an ID or phone number in it (`电话 139 9512 0316`) was printed whole to the clerk, who may never
see a full number. They print it masked now, as the screen masks a phone number (139****0316)."""

from __future__ import annotations

import json

import pytest
from test_cli_accounts import NUMBER, office, run  # noqa: F401  (office is a fixture)

from fazhi_desktop.core import store as store_module

TYPED = "主持人电话写错，应为 139 9512 0316"
SHOWN = "主持人电话写错，应为 139****0316"


@pytest.fixture
def sent_back_by_an_older_program(office, capsys, monkeypatch):  # noqa: F811
    """The meeting submitted and sent back with a number in its reason, as the write path took it before."""
    with monkeypatch.context() as older:
        older.setattr(store_module, "_no_number", lambda reason, label: None)
        assert run(capsys, "submit", NUMBER, user="马丽", monkeypatch=monkeypatch)[0] == 0
        assert run(capsys, "reopen", NUMBER, "--reason", TYPED, user="杨芳", monkeypatch=monkeypatch)[0] == 0


def test_the_clerk_reads_the_reason_with_the_number_masked(sent_back_by_an_older_program, capsys, monkeypatch):
    def as_clerk(*args: str) -> str:
        code, out, _err = run(capsys, *args, user="马丽", monkeypatch=monkeypatch)
        assert code == 0
        assert "9512" not in out.replace(" ", "")
        return out

    assert f"退回：{SHOWN}" in as_clerk("show", NUMBER)
    assert f"原因：{SHOWN}" in as_clerk("history", NUMBER)
    assert json.loads(as_clerk("history", NUMBER, "--format", "json"))[-1]["reason"] == SHOWN
    items = json.loads(as_clerk("todo", "--format", "json"))["items"]
    assert any(item["missing"].endswith(f"退回：{SHOWN}") for item in items)
    assert SHOWN in as_clerk("todo")
