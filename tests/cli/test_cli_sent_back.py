"""The CLI where the 所长 sends a record back (session 22): `fazhi list` marks the draft 草稿·退回 and lists those alone
with `--status 退回待改`, `fazhi show` gives who sent it back and why."""

from __future__ import annotations

from test_cli_accounts import NUMBER, office, run  # noqa: F401  (office is a fixture)


def test_the_clerk_sees_which_record_came_back_and_why(office, capsys, monkeypatch):  # noqa: F811
    def as_(user: str, *args: str):
        return run(capsys, *args, user=user, monkeypatch=monkeypatch)

    assert as_("马丽", "submit", NUMBER)[0] == 0
    assert as_("杨芳", "reopen", NUMBER, "--reason", "会议名称届次写错，请按通知改正")[0] == 0
    code, out, _err = as_("马丽", "list", "meeting")
    assert code == 0 and "草稿·退回" in out
    code, out, _err = as_("马丽", "list", "meeting", "--status", "退回待改")
    assert code == 0 and NUMBER in out and "共 1 条" in out
    code, out, _err = as_("马丽", "show", NUMBER)
    assert "草稿·退回" in out
    assert "杨芳 于" in out and "退回：会议名称届次写错，请按通知改正" in out
    assert as_("马丽", "submit", NUMBER)[0] == 0  # corrected and submitted again
    code, out, _err = as_("马丽", "list", "meeting", "--status", "退回待改")
    assert NUMBER not in out and "共 0 条" in out



def test_a_record_the_director_corrects_herself_is_not_in_the_clerks_list_of_returns(office, capsys, monkeypatch,  # noqa: F811
                                                                                   tmp_path):
    def as_(user: str, *args: str):
        return run(capsys, *args, user=user, monkeypatch=monkeypatch)

    assert as_("马丽", "submit", NUMBER)[0] == 0
    assert as_("杨芳", "lock", NUMBER)[0] == 0
    code, out, _err = as_("杨芳", "reopen", NUMBER, "--reason", "届次写错，我来改", "--self")
    assert code == 0 and "由我自己修改" in out  # said at once: no save of hers needed first (session 25)
    code, out, _err = as_("马丽", "list", "meeting")
    assert code == 0 and "草稿·所长修改" in out and "草稿·退回" not in out
    code, out, _err = as_("马丽", "list", "meeting", "--status", "退回待改")
    assert NUMBER not in out and "共 0 条" in out
    code, out, _err = as_("马丽", "show", NUMBER)
    assert "草稿·所长修改" in out and "退回原因" not in out
    assert "重新打开，自行修改：届次写错，我来改（录入员不必修改）" in out


def test_a_record_sent_back_stays_sent_back_when_the_director_adds_a_note(office, capsys, monkeypatch,  # noqa: F811
                                                                          tmp_path):
    """`fazhi reopen` without `--self` sends the record back to the clerk (the default, as the GUI's)."""
    def as_(user: str, *args: str):
        return run(capsys, *args, user=user, monkeypatch=monkeypatch)

    assert as_("马丽", "submit", NUMBER)[0] == 0
    code, out, _err = as_("杨芳", "reopen", NUMBER, "--reason", "请补充决定事项")
    assert code == 0 and "退回录入员修改" in out
    (tmp_path / "note.json").write_text('{"remarks": "决定事项见会议记录第3页"}', encoding="utf-8")
    assert as_("杨芳", "update", NUMBER, "--json", str(tmp_path / "note.json"))[0] == 0
    code, out, _err = as_("马丽", "list", "meeting", "--status", "退回待改")
    assert NUMBER in out and "草稿·退回" in out


def test_submit_all_leaves_out_a_draft_sent_back_that_nobody_has_corrected(office, capsys, monkeypatch,  # noqa: F811
                                                                             tmp_path):
    """The review of the 所长's week: `fazhi submit --all meeting` handed 杨芳 back the draft she had just returned,
    uncorrected, while the GUI's 批量提交审核 leaves it unticked. Now it is named and left; --include-sent-back takes
    it too, and once corrected it goes with the others."""
    def as_(user: str, *args: str):
        return run(capsys, *args, user=user, monkeypatch=monkeypatch)

    assert as_("马丽", "submit", NUMBER)[0] == 0
    assert as_("杨芳", "reopen", NUMBER, "--reason", "结束时间早于开始时间，请改正")[0] == 0
    assert as_("马丽", "add", "meeting", "--json", str(tmp_path / "m.json"))[0] == 0  # a new draft: 第2号
    code, out, err = as_("马丽", "submit", "--all", "meeting")
    assert code == 0
    assert f"未提交：{NUMBER}（杨芳 于" in err and "退回：结束时间早于开始时间，请改正，尚未修改）" in err
    assert "〔2026〕会记字第2号：现为“已提交”" in out and NUMBER not in out
    assert "提交审核 1 条；1 条退回后尚未修改，未提交（改好后再提交，或加 --include-sent-back）" in out
    assert "草稿·退回" in as_("马丽", "list", "meeting")[1]

    (tmp_path / "fix.json").write_text('{"remarks": "结束时间已按会议记录改正"}', encoding="utf-8")
    assert as_("马丽", "update", NUMBER, "--json", str(tmp_path / "fix.json"))[0] == 0  # corrected: goes now
    code, out, err = as_("马丽", "submit", "--all", "meeting")
    assert code == 0 and "未提交" not in err and f"{NUMBER}：现为“已提交”" in out


def test_submit_all_include_sent_back_submits_it_as_it_is(office, capsys, monkeypatch):  # noqa: F811
    def as_(user: str, *args: str):
        return run(capsys, *args, user=user, monkeypatch=monkeypatch)

    assert as_("马丽", "submit", NUMBER)[0] == 0
    assert as_("杨芳", "reopen", NUMBER, "--reason", "请补充决定事项")[0] == 0
    code, out, err = as_("马丽", "submit", "--all", "meeting", "--include-sent-back")
    assert code == 0 and f"{NUMBER}：现为“已提交”" in out and "未提交" not in err
    code, _out, err = as_("马丽", "submit", NUMBER, "--include-sent-back")
    assert code != 0 and "--include-sent-back 须与 --all 同用" in err


def test_a_reason_ending_in_a_full_stop_is_named_without_it(office, capsys, monkeypatch):  # noqa: F811
    """杨芳 wrote her reason as a sentence, 请补充决定事项。: `fazhi submit --all` named the draft
    退回：请补充决定事项。，尚未修改, a full stop and a comma together."""
    def as_(user: str, *args: str):
        return run(capsys, *args, user=user, monkeypatch=monkeypatch)

    assert as_("马丽", "submit", NUMBER)[0] == 0
    assert as_("杨芳", "reopen", NUMBER, "--reason", "请补充决定事项。")[0] == 0
    _code, _out, err = as_("马丽", "submit", "--all", "meeting")
    assert "退回：请补充决定事项，尚未修改）" in err and "。，" not in err
