"""A reporter written as on the paper minutes' list, numbered and with a post or a second name after it
(“1.马文（镇长）”, “1.马文、李强”), was said to be 不像姓名，像是一条议题或事项…请点议题旁的“＋ 添加一行”: the clerk
was sent to add a 议题 she did not have. Only a number followed by a matter's words is said so; the numbered name is
questioned for its number, as it was."""

from __future__ import annotations

from fazhi_desktop.core.names import ITEM_IN_NAME, name_doubt


def test_a_numbered_name_with_a_post_or_a_second_name_is_not_an_item():
    for name in ("1.马文（镇长）", "1、马文（司法所所长）", "1.马文、李强、王梅", "(1)马文，李强"):
        assert name_doubt(name) == f"“{name}”中有数字或标点，请核对姓名", name


def test_the_next_item_typed_into_the_reporter_is_still_one():
    for item in ("2.关于防汛工作", "2.人居环境整治工作", "（二）关于防汛（抗旱）工作"):
        assert name_doubt(item) == f"“{item}”{ITEM_IN_NAME}", item
