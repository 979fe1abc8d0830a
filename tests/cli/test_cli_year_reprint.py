"""`fazhi year close` of a year reopened for a correction names the papers printed before it that are now out of date,
so that the 所长 reprints them for the archive box."""

from __future__ import annotations

import json

from test_cli_years import NUMBER, office, run  # noqa: F401  (office: fixture)


def test_closing_again_names_the_minutes_printed_before_the_correction(office, capsys):  # noqa: F811
    assert run(capsys, "submit", NUMBER)[0] == 0
    assert run(capsys, "year", "close", "2025", "--yes")[0] == 0
    assert run(capsys, "pdf", "--kind", "minutes", "-o", str(office / "纪要.pdf"), "--quiet", NUMBER)[0] == 0
    code, out, _ = run(capsys, "year", "reopen", "2025", "--reason", "县局通知更正会议名称")
    assert code == 0
    assert run(capsys, "reopen", NUMBER, "--reason", "更正会议名称")[0] == 0
    (office / "fix.json").write_text(json.dumps({"title": "2025年第4次乡镇政府常务会议"}, ensure_ascii=False),
                                     encoding="utf-8")
    assert run(capsys, "update", NUMBER, "--json", str(office / "fix.json"), user="马丽")[0] == 0
    assert run(capsys, "submit", NUMBER, user="马丽")[0] == 0
    code, out, _ = run(capsys, "year", "close", "2025", "--yes")
    assert code == 0
    assert out.splitlines()[-1] == ("重新打开期间修改过的记录，此前打印的以下纸面已与数据库不符，"
                                    f"已归档的请重新打印替换：会议 {NUMBER}的会议纪要（第 3 版）")
