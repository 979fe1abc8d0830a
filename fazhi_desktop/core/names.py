"""Names typed or pasted into a person or people field: split as a 公文 sets them (`split_names`), a mark that
someone was not there (`absence_mark`), spaced characters read as roster names (`names_from_roster`), and why a name
looks mistyped (`name_doubt`). validate.py's person and people cleaners use them; the editor's people box too.
"""

from __future__ import annotations

import re

from fazhi_desktop.core.identifiers import holds_number

#: between names typed or pasted into a people field; a space too, see split_names
_NAME_SEPARATORS = re.compile(r"[、，,；;\n/／|]+")
#: the Han characters of names: CJK, Ext-A, compatibility, and Ext-B to Ext-H (𠮷 of 马𠮷祥, beyond the BMP)
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAN_NAME = re.compile(f"[{_HAN}·]+")
#: the 间隔号 of a transliterated name (阿依古丽·买买提) is U+00B7; what else is typed for it between two characters:
#: the bullet •, the Japanese ・ (full- and half-width), the hyphenation point ‧, the operators ∙ ⋅, the Greek ·, a
#: full stop (. ．﹒) and the full-width middle dot's look-alike ⸱
NAME_DOT = "·"
NAME_DOTS = ".．﹒\u2022\u30fb\uff65\u2027\u2219\u22c5\u2e31\u0387"
_DOT_IN_NAME = re.compile(f"[{NAME_DOTS}](?<=[{_HAN}].)(?=[{_HAN}])")  # the dot first: fast on text without one
_GAP = re.compile(r"\s{2,}")
_TITLE = re.compile(r"[（(][^（）()]*[）)]")  # a title in brackets after a name: never part of it
# what a 公文 sets around its names: a label (“出席：”), list numbers (“1.”, “③”, a “2” cut off by 、) and a
# closing “等” (“马志刚等”, “马志刚等同志”)
_NAME_LABEL = re.compile(r"^[^：:]{0,8}[：:]\s*")
_LIST_NUMBER = re.compile(r"^\s*(?:\d{1,3}[.．)）]?|[①-⑳]|[一二三四五六七八九十]{1,3}(?=、|$))\s*")
_CLOSING = re.compile(r"(?:(?<=\S\S)等(?:人|同志|\d+人)?)?[。．.；;，,]*$")  # and the sentence's full stop
#: what no name holds: digits and punctuation other than the middle dot of a transliterated name
#: a name holding an ID or phone number: a row of a Word or Excel table pasted into 姓名 whole (马文, 男, 回族, the
#: number, an address, a phone: its cells run together). Said without the name, which would show the number unmasked;
#: a save is refused for it (validate.clean_record), since the name is printed as it is on the 台账 and the papers
#: (a 协议书). True of every form's names (a meeting's 主持人 too); where the name's row has fields of its own for
#: the numbers (a 当事人's 身份证号, 联系电话), validate adds `NUMBERS_GO`
NUMBER_IN_NAME = ("含有身份证号或电话号码（多为从Word、Excel表格整行粘贴带入）：这里只填姓名；姓名栏不遮盖，"
                  "会原样显示，并印在台账和文书上")
NUMBERS_GO = "；身份证号、联系电话请填在各自的栏中，那里遮盖显示"
#: a name that is a numbered item or a matter (“2.关于防汛工作”): the next 议题 typed on after Enter in 议题名称 had
#: moved on into 汇报人 was saved as a reporter of that name, said only as “有数字或标点”
ITEM_IN_NAME = "不像姓名，像是一条议题或事项：这里只填姓名；要再填一条议题，请点议题旁的“＋ 添加一行”（Ctrl+Enter）"
#: (a numbered name, “1.海玉” of a pasted list, is a name: the text after the number is longer than a name, and
#: goes on past a name's length before a bracket or another name: “1.马文（镇长）”, “1.马文、李强” are names)
_NUMBERED = r"[0-9０-９]+\s*[.．、,，)）]|[一二三四五六七八九十]+\s*[、.．]|[（(][0-9０-９一二三四五六七八九十]+[)）]"
_ITEM = re.compile(rf"^\s*(?:{_NUMBERED})\s*[^\s·•・.、，,；;/／（(]{{5}}|关于.")
_NOT_IN_NAMES = re.compile(r"[0-9０-９.,;:!?，。；：！？、“”\"'‘’（）()【】\[\]《》<>/／]")
_USUAL_NAME = re.compile(r"[\u4e00-\u9fff]{2,3}")  # 马军, 田玉春: what most names are
_SPACE = re.compile(r"\s")
#: a post typed before the name (“镇长田玉春”): the roster knows who holds it, the name does not
_POSTS = r"副?(?:书记|镇长|乡长|主任|所长|站长|队长|局长|主席)"
_POST_BEFORE = re.compile(rf"^{_POSTS}(?=[\u4e00-\u9fff]{{2,3}}$)")
_POST_WORD = re.compile(rf"{_POSTS}$")  # “镇长 田玉春”, “司法所所长 马丽”: a post, spaced from the name
#: two names run together (“马文和马斌”): 和 is a surname and in given names (和晓燕, 马和平), so only a name of two
#: or more characters on each side is questioned
_TWO_NAMES = re.compile(r"^(?P<a>[\u4e00-\u9fff]{2,4})[和及与](?P<b>[\u4e00-\u9fff]{2,4})$")
#: how the names of offices end: “司法所和派出所”, “县司法局与镇政府” are two offices, not a name run into another
_UNIT_ENDS = ("所", "局", "站", "队", "办", "中心", "政府", "委员会", "院", "庭", "处", "科", "室", "部", "社", "馆")
#: what marks someone as not there, in a list pasted from a 纪要 or a sign-in sheet
_ABSENT = r"请假|缺席|缺勤|未到|未参加|未出席|没来|出差|公出|外出|因公|因事|因病|有事|[病事婚产丧休年公]假"
#: words that make such a mark say the person is there: back from it (公出返回, 年假结束返岗), speaking for those away
#: (外出务工人员代表, 外出务工人员：马军), or a note leaving them out of a group (全体干部职工（出差人员除外）)
_THERE_AFTER_ALL = re.compile(r"返回|返岗|销假|结束|代表|除外|务工")
_ABSENT_MARKS = (
    re.compile(rf"[^、，,；;\n：:]{{0,8}}?(?:{_ABSENT})[^、，,；;\n：:]{{0,8}}[：:][^；;\n。]*"),  # 请假：王梅、李强
    # 马志刚（请假）
    re.compile(rf"[^、，,；;\n/／|（(【\[]*[（(【\[][^（）()【】\[\]]*(?:{_ABSENT})[^（）()【】\[\]]*[）)】\]]"),
    re.compile(rf"[^、，,；;\n/／|：:]*(?:{_ABSENT})[^、，,；;\n/／|：:]*"),  # 马志刚 请假
)


def split_names(text: str) -> list[str]:
    """Names as typed or pasted: “王梅、杨芳”, one a line, with titles (“田玉春（镇长）” counts as 田玉春, who would
    otherwise match no one in the roster), and as a 公文 sets them: “李强　苏燕　禹成” (a space
    between names), “王　梅” (a two-character name padded to three: spaced single characters of two or three are
    one name) and a wider gap between names (“马志刚　王　梅　　李　强”). Four or more spaced single characters are
    left as written, spaces and all, for the clerk to see (name_doubt questions them). What a 公文 sets around
    names is left out: “出席：田玉春、杨芳、马志刚等” gives 田玉春, 杨芳, 马志刚; “1.海玉\n2.马文” gives 海玉, 马文."""
    names: list[str] = []
    for item in _NAME_SEPARATORS.split(_TITLE.sub("　　", text)):  # “田玉春（镇长）”, as the roster offers names
        item = _CLOSING.sub("", _LIST_NUMBER.sub("", _NAME_LABEL.sub("", item.strip())))
        for chunk in _wide_gaps(item.strip()):
            parts = chunk.split()
            if not parts:  # “1、海玉”: the 1 was a list number
                continue
            if len(parts) < 2 or not all(_HAN_NAME.fullmatch(part) for part in parts):
                names.append(" ".join(parts))
                continue
            run: list[str] = []
            for part in [*parts, ""]:  # "" ends the last run
                if len(part) == 1:
                    run.append(part)
                    continue
                if run:
                    names.append("".join(run) if len(run) <= 3 else " ".join(run))
                    run = []
                if part:
                    names.append(part)
    return names


def _wide_gaps(text: str) -> list[str]:
    """`text` cut at gaps two characters wide or more (two full-width spaces, four plain ones): a gap between names.
    Padding inside a name is one character wide: one full-width space, or two plain ones typed for it."""
    pieces, start = [], 0
    for gap in _GAP.finditer(text):
        if sum(2 if ch == "\u3000" else 1 for ch in gap.group()) >= 4:
            pieces.append(text[start:gap.start()])
            start = gap.end()
    return [*pieces, text[start:]]


def absence_mark(text: str) -> str | None:
    """The part of names typed or pasted that says someone was not there, or None: “马志刚（请假）”, “请假：王梅”
    (as a 纪要 prints its 请假 line), “缺席：王梅”, “王梅（病假）”, “马志刚 出差”. split_names leaves a bracket and a
    label out, meant for “田玉春（镇长）” and “出席：”; an absent person would have become one present."""
    for mark in _ABSENT_MARKS:
        for found in mark.finditer(text):
            piece = found.group().strip()
            if _THERE_AFTER_ALL.search(piece):  # “马军（公出返回）”, “外出务工人员：马军”: there, not away
                continue
            return piece if len(piece) <= 20 else piece[:19] + "…"
    return None


def names_from_roster(spaced: str, known: set[str]) -> list[str] | None:
    """“海　军　马　斌”, which split_names leaves as written, read as roster names when the characters make them up
    in exactly one way (海军、马斌); None when they do not, or in more ways than one."""
    parts = spaced.split()
    if len(parts) < 4 or not all(len(part) == 1 and _HAN_NAME.fullmatch(part) for part in parts):
        return None
    text = "".join(parts)
    ways: list[list[str]] = []

    def walk(start: int, taken: list[str]) -> None:
        if len(ways) > 1:
            return
        if start == len(text):
            ways.append(taken)
            return
        for end in range(start + 2, min(start + 4, len(text)) + 1):  # names of two to four characters
            if text[start:end] in known:
                walk(end, [*taken, text[start:end]])

    walk(0, [])
    return ways[0] if len(ways) == 1 else None


def name_dots(text: str) -> str:
    """`text` with each dot typed between two Chinese characters as the name's 间隔号 “·” (阿依古丽•买买提,
    阿依古丽・买买提, 阿依古丽．买买提 are 阿依古丽·买买提): search and 查找当事人 find a name whichever was typed, on
    either side."""
    return _DOT_IN_NAME.sub(NAME_DOT, text)


def compared_names(text: str) -> list[str]:
    """The names in `text` (a person field's, or one of a people field's) as one list of names is looked for in
    another: split as split_names splits them (“马海军、李强”, two reporters; “田玉春（镇长）”), spaces left out
    (“王　梅”), a dot typed for the 间隔号 read as it (阿依古丽•买买提) and a post typed before the name left out
    (“镇长田玉春”). name_doubt questions each of these as typed; here they are the names they stand for."""
    if _USUAL_NAME.fullmatch(text) and text[-1] != "等" and not _LIST_NUMBER.match(text):  # 马军, 田玉春: as typed
        return [text]  # (no post before it: a post and a name are four characters or more, 所长马军)
    found = []
    for name in split_names(text):
        name = name_dots("".join(name.split()))
        found.append(name[post.end():] if (post := _POST_BEFORE.match(name)) else name)
    return found


def name_doubt(name: str) -> str | None:
    """Why a name looks mistyped (a warning: a free name is allowed), or None. Asked of every name of every record
    a bundle brings, so the usual name (two or three Han characters) returns at once."""
    if _USUAL_NAME.fullmatch(name):  # shorter than a post and a name together (所长马军), no space, no mark
        return None
    if holds_number(name):
        return NUMBER_IN_NAME
    if _ITEM.search(name):
        return f"“{name}”{ITEM_IN_NAME}"
    if odd := _DOT_IN_NAME.search(name):
        return f"“{name}”中的“{odd.group()}”不是姓名的间隔号，是否应为“{name_dots(name)}”"
    if _NOT_IN_NAMES.search(name):
        return f"“{name}”中有数字或标点，请核对姓名"
    if len(name) > 1 and not _SPACE.search(name):  # also a no-break space pasted from Word
        post = _POST_BEFORE.match(name)
        if post:
            return f"“{name}”前面是职务吗？是否应为“{name[post.end():]}”"
        two = _TWO_NAMES.match(name) if len(name) >= 5 else None
        if two and not two["a"].endswith(_UNIT_ENDS) and not two["b"].endswith(_UNIT_ENDS):
            return f"“{name}”是两个人吗？是否应为“{two['a']}、{two['b']}”"
        return None
    if len(name) == 1 and _HAN_NAME.fullmatch(name):
        return f"“{name}”只有一个字，请填写全名"
    parts = name.split()
    if len(parts) > 1 and all(_HAN_NAME.fullmatch(part) for part in parts):
        rest = "".join(parts[1:])
        if len(parts[0]) > 1 and _POST_WORD.search(parts[0]):
            return f"“{name}”前面是职务吗？是否应为“{rest}”"
        if len(parts[0]) > 1 and parts[0].endswith(_UNIT_ENDS):  # “县委依法治县办 田龘”: not 县委依法治县办田龘
            return f"“{name}”前面是单位吗？这里只写姓名“{rest}”，单位请写在人员名册的“单位”中"
        return f"“{name}”中有空格，是否应为“{''.join(parts)}”"
    return None
