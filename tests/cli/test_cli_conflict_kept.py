# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""`fazhi conflicts resolve ID --keep held` and `show` say what the township is told of the version kept, and what
its next edit of the record does, as 处理冲突 does."""

from __future__ import annotations

from bundle_world import conflicted, county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.cli import main


def run(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().out


def test_keeping_the_countys_version_on_the_command_line_says_the_township_is_told(conflicted, capsys):
    world, _town, _record = conflicted
    db = str(world.county.path)
    code, out = run(capsys, "--db", db, "conflicts")
    conflict_id = out.split("\n")[2].split()[0]
    code, out = run(capsys, "--db", db, "conflicts", "show", conflict_id)
    assert code == 0 and "乡镇现在仍是新收到的那一版" not in out  # not decided yet
    code, out = run(capsys, "--db", db, "--user", "马县级", "conflicts", "resolve", conflict_id, "--keep", "held")
    assert code == 0 and "已处理：保留本县原有版本" in out
    assert "乡镇现在仍是新收到的那一版：以后写给该乡镇的回执会列出这条记录和不同的项目" in out
    code, out = run(capsys, "--db", db, "conflicts", "show", conflict_id)
    assert "乡镇修改这条记录并报送后，县里以乡镇修改后的为准" in out
