"""Chinese line breaking with 避头尾 (GB/T 15834 and common typesetting practice).

No line may begin with closing punctuation (，。、；：？！）」』》〉】〕”’ ...) and none may end with opening
punctuation (（「『《〈【〔“‘ ...). Runs of half-width digits and Latin letters ("2026", "GB/T", "9704-2012") stay
whole, and "——" / "……" are never split. A break that would break a rule moves the last token(s) of the line to the
next line (推出); the layout then justifies the shorter line, unless that would open visible gaps: a long number
that moves down whole ("公民身份号码" / "640522199005130521") leaves its line ragged rather than letter-spaced
(`justified_spacing`). reportlab's `wordWrap='CJK'` is not used: it lets a line begin with "，".

The breaker knows nothing about fonts: it is given a `measure(text, style)` function and returns lines of
(text, style) runs, so the same code sets the minutes grid, table cells and the register.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from fazhi_desktop.core.plaintext import drawable

#: may not begin a line
NO_START = frozenset("，。、；：？！）」』》〉】〕〗｝”’．,.;:?!)]}%％‰℃°′″～·・ー々〃")
#: may not end a line (°′ with the two above: a coordinate, 东经106°03′12″, stays whole as a number does)
NO_END = frozenset("（「『《〈【〔〖｛“‘([{°′")
_TOKEN = re.compile(
    r"[0-9A-Za-z*]+(?:[.,:/\-_+'@#&][0-9A-Za-z*]+)*%?"  # a Latin word or number (masked: 155****2033), whole
    r"|——|……"  # dashes and ellipses come in pairs
    r"|[ ]+"  # breakable half-width space
    r"|.",  # any other character stands alone
    re.S,
)

#: justifying may widen the gaps between characters by at most this share of a character (an em); a line that
#: would need more is set ragged, with its natural spacing: "被 申 请 人 ： 田 娟 ， 女" reads worse than a short line.
#: 0.08 lets a 28-character line absorb the one or two characters 避头尾 pushes down; a line of half-width digits
#: before a long number (0.15 allowed "6 4 0 5 2 2 * * *") is left ragged
MAX_STRETCH = 0.08

Style = Hashable
Measure = Callable[[str, Style], float]
Span = tuple[str, Style] | tuple[str, Style, str]


@dataclass(slots=True)
class Token:
    """A piece a line may not be broken inside (a character, a Latin word or number, a kept unit, a space)."""

    text: str
    style: Style
    width: float
    space: bool = False
    name: bool = False  # a person's or a body's name (`name_spans`)
    fresh: bool = False  # the first piece of a name too wide for a line: it starts a line of its own


@dataclass
class Line:
    """One set line: its runs (consecutive text of one style), natural width and whether it ends the paragraph."""

    tokens: list[Token] = field(default_factory=list)
    width: float = 0.0
    last: bool = False

    @property
    def text(self) -> str:
        return "".join(t.text for t in self.tokens)

    @property
    def chars(self) -> int:
        return sum(len(t.text) for t in self.tokens)

    def runs(self) -> list[tuple[str, Style]]:
        """The line as (text, style) runs, merging neighbours of the same style."""
        out: list[tuple[str, Style]] = []
        for token in self.tokens:
            if out and out[-1][1] == token.style:
                out[-1] = (out[-1][0] + token.text, token.style)
            else:
                out.append((token.text, token.style))
        return out


def justified_spacing(line: Line, width: float, em: float, tracking: float = 0.0) -> float:
    """The spacing after each character that makes `line` exactly `width` wide (its `tracking` included), or just
    `tracking` when that would widen the gaps by more than MAX_STRETCH of `em`. Squeezing (a hanging "，"
    pushed in) is always allowed."""
    if line.chars < 2:
        return tracking
    natural = line.width - tracking * line.chars  # line.width counts `tracking` once per character
    spacing = (width - natural) / (line.chars - 1)
    return tracking if spacing - tracking > MAX_STRETCH * em else spacing


def tokenize(spans: Sequence[Span], measure: Measure, tracking: float = 0.0) -> list[Token]:
    """Unbreakable pieces of a paragraph, each with its width (plus `tracking` per character).

    A span is (text, style) or (text, style, kind): kind "keep" makes the whole text one piece ("主持人：田玉春"
    is not split unless it is wider than a line), kind "name" too (a name wider than a line starts a new one
    before it is split), kind "space" makes it a gap that may end a line and is dropped there."""
    tokens: list[Token] = []
    for span in spans:
        text, style = drawable(span[0]), span[1]  # never a tab or line break to draw: a font has no glyph (☒)
        kind = span[2] if len(span) > 2 else None
        if kind and text:
            tokens.append(Token(text, style, measure(text, style) + tracking * len(text), kind == "space",
                                kind == "name"))
            continue
        for match in _TOKEN.finditer(text):
            piece = match.group()
            tokens.append(Token(piece, style, measure(piece, style) + tracking * len(piece), piece[0] == " "))
    return tokens


def units(parts: Sequence[str], style: Style, gap: str = "　") -> list[Span]:
    """Spans that keep each of `parts` whole, separated by breakable `gap`s ("时间：…　地点：…　主持人：…")."""
    spans: list[Span] = []
    for part in parts:
        if spans:
            spans.append((gap, style, "space"))
        spans.append((part, style, "keep"))
    return spans


def name_spans(names: Sequence[str], style: Style) -> list[Span]:
    """Names joined by 、, each kept whole on its line (a line never ends in the middle of 马晓明), the 、 with the
    name before it. A name wider than the whole line is still broken, by character, from the start of a line
    ("马秀兰、" / "阿卜杜热合曼·买买提艾力·阿" / "不都克热木", not "马秀兰、阿卜" / "杜热合曼…")."""
    return [(f"{name}、" if n < len(names) - 1 else name, style, "name") for n, name in enumerate(names)]


#: where a person's name wider than its column may break: after a · ("阿依古丽·" / "买买提"), or the dots typed for
#: it (・ in Japanese fonts' input, • and ‧ from other input methods), as the sign-in sheet broke before one helper
_NAME_BREAK = re.compile(r"(?<=[·・•‧])(?=.)")


def name_parts(name: str) -> list[str]:
    """A person's name in the pieces it may break between: after each · ("阿依古丽·", "买买提"); whole without one."""
    return _NAME_BREAK.split(name)


def can_break(before: Token, after: Token) -> bool:
    """Whether a line may end after `before` and the next begin with `after`."""
    return after.text[0] not in NO_START and before.text[-1] not in NO_END


def break_lines(spans: Sequence[Span], measure: Measure, first_width: float,
                rest_width: float | None = None, tracking: float = 0.0) -> list[Line]:
    """Set one paragraph in lines of `first_width` (then `rest_width`) points, obeying 避头尾.

    `spans` are (text, style) pieces (a heading in 黑体 followed by body text in 仿宋, say); `measure` gives a
    piece's natural width in its style. Always returns at least one line (empty for empty text).
    """
    rest = first_width if rest_width is None else rest_width
    tokens = _split_long(tokenize(spans, measure, tracking), min(first_width, rest), measure, tracking)
    lines: list[Line] = []
    current: list[Token] = []
    used = 0.0
    available = first_width
    for token in tokens:
        if not current and token.space:
            continue  # no line starts with a space
        if current and token.fresh and can_break(current[-1], token):
            lines.append(_line(current))  # a name too wide for any line begins one rather than end this one
            current, used, available = [], 0.0, rest
        if not current or token.space or used + token.width <= available + 1e-6:
            current.append(token)  # a space may stick out: it is dropped from the end of a line
            used += token.width
            continue
        keep = _legal_cut(current, token)
        if keep == 0 and token.text[0] in NO_START:
            current.append(token)  # nothing can move: let the punctuation hang rather than start a line
            used += token.width
            continue
        keep = keep or len(current)
        lines.append(_line(current[:keep]))
        current = _lstrip([*current[keep:], token])
        used = sum(t.width for t in current)
        available = rest
    lines.append(_line(current))
    _no_lone_character(lines, rest)
    lines[-1].last = True
    return lines


def _no_lone_character(lines: list[Line], width: float) -> None:
    """A paragraph does not end on a line of one character ("…人民调解委员会留存一" / "份。"): the last piece of the
    line before moves down with it, when the break before that piece is legal and the two fit."""
    if len(lines) < 2 or sum(1 for ch in lines[-1].text if ch not in NO_START) != 1:
        return
    before, last = lines[-2].tokens, lines[-1].tokens
    if len(before) < 3 or before[-1].space or before[-2].space or not can_break(before[-2], before[-1]):
        return
    if before[-1].width + lines[-1].width > width + 1e-6:
        return
    lines[-2:] = [_line(before[:-1]), _line([before[-1], *last])]


def _legal_cut(current: list[Token], nxt: Token) -> int:
    """How many tokens of `current` stay on the line so that the break is legal (0: none would do)."""
    following = nxt
    for keep in range(len(current), 0, -1):
        before = current[keep - 1]
        # spaces vanish at a break on both sides: judge by the text that would end this line and start the next
        last = next((t for t in reversed(current[:keep]) if not t.space), None)
        if last is not None and can_break(last, following):
            return keep  # current[0] is never a space, so the line keeps some text
        if not before.space:
            following = before
    return 0


def _lstrip(tokens: list[Token]) -> list[Token]:
    start = 0
    while start < len(tokens) and tokens[start].space:
        start += 1
    return tokens[start:]


def _line(tokens: list[Token]) -> Line:
    while tokens and tokens[-1].space:
        tokens = tokens[:-1]
    return Line(tokens, sum(t.width for t in tokens))


def _split_long(tokens: list[Token], width: float, measure: Measure, tracking: float) -> list[Token]:
    """A piece wider than a whole line is broken up. A kept unit ("议题名称：…人民币1286500元" in a table cell) goes
    back to the pieces of its text, so it breaks where plain text may (避头尾, numbers and Latin words whole); only
    a number or word wider than a line by itself (a pasted code) is broken inside, by character."""
    if not any(t.width > width for t in tokens):
        return tokens
    out: list[Token] = []
    for t in tokens:
        if t.width <= width or len(t.text) < 2 or t.space:
            out.append(t)
            continue
        pieces = tokenize([(t.text, t.style)], measure, tracking)
        if len(pieces) == 1:  # one number or word, wider than a line
            pieces = [Token(ch, t.style, measure(ch, t.style) + tracking, False) for ch in t.text]
        else:
            pieces = _split_long(pieces, width, measure, tracking)
        pieces[0].fresh = t.name
        out += pieces
    return out


#: words a title should not be broken inside (GB/T 9704 7.3.1: 回行时词意完整)
TITLE_WORDS = (
    "部署", "会议", "建设", "法治", "政府", "研究", "专题", "工作", "关于", "纠纷", "调解", "协议", "人民", "常务",
    "委员会", "党委", "学习", "宣传", "推进", "整治", "实施", "方案", "管理", "执法", "监督", "检查", "行政", "乡镇",
    "台账", "登记", "矛盾", "排查", "化解", "安全", "生产", "森林", "草原", "防火", "普法", "依法", "治理", "讲座",
    "考试", "述法", "宪法", "宣誓", "庭审", "旁听", "合同", "损害", "赔偿", "婚姻", "家庭", "邻里", "宅基地", "土地",
    "承包", "签到", "记录", "纪要", "审议", "决策", "重大", "年度", "要点", "精神", "传达", "上级", "司法所",
    "决定", "审核", "情况", "人员", "执行", "基准", "法制", "公示", "日期", "期限", "结果", "单位", "名称", "类型",
    "所长", "列席", "缺席", "主持", "工作要点", "当事人", "意见书", "公司", "权利", "义务", "工作站",
    "投诉", "举报", "办结", "办理", "答复", "回访", "信访", "比率", "中期", "评估", "专项", "行动", "准备", "社区",
    "矛盾纠纷", "研究部署",
    "法治政府建设",  # a phrase read as one: "…法治政府 / 建设…" reads as a slip
    "中华人民共和国",  # the start of most law names: "《中华 / 人民共和国行政许可法》"
)
_GOOD_AFTER = frozenset("的年次于和与及、）》/／")
#: a particle that belongs to the word before it: a title's line should not begin with one ("各方当事人" / "的责任")
_BAD_BEFORE = frozenset("的之")


#: what a break inside one of TITLE_WORDS costs: more than any imbalance of lines, so a word is split only when
#: no other break fits
_SPLIT_WORD = 10.0


def break_title(spans: Sequence[Span], measure: Measure, max_width: float) -> list[Line]:
    """A title in lines of similar length, never inside a common word when avoidable (a 梯形 or 菱形 shape).

    One line when it fits; otherwise the number of lines the greedy breaker needs (one more if that many cannot
    keep every word whole), with the breaks chosen together over the whole title (`_best_breaks`): each line near
    an equal share of the width, a break after 的/年/、 preferred, none before 的, none inside a word of
    TITLE_WORDS ("…法治政府建 / 设暨…" came from choosing each break on its own, without looking ahead)."""
    greedy = break_lines(spans, measure, max_width)
    if len(greedy) < 2:
        return greedy
    tokens = tokenize(spans, measure)
    costs, splits = _break_costs(tokens, max_width)
    ends = _best_breaks(tokens, costs, len(greedy), max_width)
    if ends is None or any(splits[end - 1] for end in ends[:-1]):
        wider = _best_breaks(tokens, costs, len(greedy) + 1, max_width)
        if wider is not None and not any(splits[end - 1] for end in wider[:-1]):
            ends = wider
    if ends is None:
        return greedy
    out = [_line(_lstrip(tokens[begin:end])) for begin, end in zip([0, *ends[:-1]], ends, strict=True)]
    out[-1].last = True
    return out


def _break_costs(tokens: list[Token], max_width: float) -> tuple[list[float | None], list[bool]]:
    """What a break after token k costs (None: 避头尾 forbids it): much inside a word of TITLE_WORDS or inside a
    book title (《…》) that fits on a line by itself, a little before 的; less than nothing after 的/年/、/》 or next to
    a listed word or a book title (between words, not inside a name such as 海城镇); and whether it splits a listed
    word or a book title."""
    text = "".join(t.text for t in tokens)
    inside: set[int] = set()
    edges: set[int] = set()
    for word in TITLE_WORDS:
        start = text.find(word)
        while start >= 0:
            inside.update(range(start + 1, start + len(word)))
            edges.update((start, start + len(word)))
            start = text.find(word, start + 1)
    for start, end in _book_titles(tokens, max_width):  # "《中华人民共和国行政许可法》" is read as one name
        inside.update(range(start + 1, end))
        edges.update((start, end))
    costs: list[float | None] = []
    offset = 0
    for before, after in pairwise(tokens):
        offset += len(before.text)
        if not can_break(before, after):
            costs.append(None)
            continue
        cost = _SPLIT_WORD if offset in inside else 0.0
        cost -= 0.15 if before.text[-1] in _GOOD_AFTER else 0.0
        cost -= 0.1 if offset in edges and offset not in inside else 0.0
        cost += 0.5 if after.text[0] in _BAD_BEFORE else 0.0
        costs.append(cost)
    return costs, [cost is not None and cost >= _SPLIT_WORD / 2 for cost in costs]


def _book_titles(tokens: list[Token], max_width: float) -> list[tuple[int, int]]:
    """(start, end) character offsets of each balanced 《…》 of `tokens` no wider than `max_width` (the outer one of
    nested titles); a longer one has to break somewhere inside."""
    offsets, widths = [0], [0.0]  # at each token boundary
    for token in tokens:
        offsets.append(offsets[-1] + len(token.text))
        widths.append(widths[-1] + token.width)
    opened: list[int] = []
    found: list[tuple[int, int]] = []
    for k, token in enumerate(tokens):
        if token.text == "《":
            opened.append(k)
        elif token.text == "》" and opened:
            first = opened.pop()
            if not opened and widths[k + 1] - widths[first] <= max_width + 1e-6:
                found.append((offsets[first], offsets[k + 1]))
    return found


def _best_breaks(tokens: list[Token], costs: list[float | None], lines: int, max_width: float) -> list[int] | None:
    """The cheapest way to set `tokens` in `lines` lines no wider than `max_width`: the token index each line ends
    before, or None. A line costs its distance from an equal share (half of it, relative to the share:
    for two lines the sum is one line's distance) plus the cost of the break after it; a small dynamic programme
    over the allowed breaks, since a title has a few dozen tokens."""
    count = len(tokens)
    starts = [0.0]
    for token in tokens:
        starts.append(starts[-1] + token.width)
    share = max(starts[-1] / lines, 1.0)
    # best[j][e]: cheapest (cost, ends) setting tokens[:e] in j + 1 lines
    best: list[dict[int, tuple[float, list[int]]]] = [{} for _ in range(lines)]
    for j in range(lines):
        previous = {0: (0.0, [])} if j == 0 else best[j - 1]
        for begin, (cost, ends) in previous.items():
            for end in range(begin + 1, count + 1):
                width = starts[end] - starts[begin]
                if width > max_width + 1e-6:
                    break
                last = end == count
                if last != (j == lines - 1) or (not last and costs[end - 1] is None):
                    continue
                total = cost + abs(width - share) / share / 2 + (0.0 if last else costs[end - 1] or 0.0)
                if end not in best[j] or total < best[j][end][0] - 1e-9:
                    best[j][end] = (total, [*ends, end])
    found = best[lines - 1].get(count)
    return found[1] if found else None
