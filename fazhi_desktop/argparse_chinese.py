"""argparse's own words (the usage line, help headings, every error it reports) in Chinese, for our command lines."""

from __future__ import annotations

import argparse

#: argparse's own words (usage, headings, every error it reports) in Chinese, by their gettext message ids
WORDS = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "没有 %(value)r 这一项（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "%(value)r 不是有效的值（应为 %(type)s）",
    "expected one argument": "需要给出一个值",
    "expected at least one argument": "至少需要给出一个值",
    "expected at most one argument": "最多只能给出一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "必须给出以下参数之一：%s",
    "ignored explicit argument %r": "多余的值 %r",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
}


def install() -> None:
    """argparse looks its words up through its module-level `_` (gettext) when it uses them: answer in Chinese.
    Only our own command lines (fazhi, fazhi-desktop) use argparse in the process."""
    argparse._ = lambda message: WORDS.get(message, message)  # type: ignore[attr-defined]
