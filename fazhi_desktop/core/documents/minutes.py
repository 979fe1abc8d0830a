"""会议纪要 in the GB/T 9704-2012 layout (clause 10.3 for 纪要).

A4; top margin (天头) 37 mm; binding margin (订口) 28 mm, on the left of odd pages and the right of even pages;
text block (版心) 156 x 225 mm holding 22 lines of 28 characters; the 纪要 mark centred 35 mm below the top of the
block in red 小标宋; title 2号 (22 pt) 小标宋 centred; body 3号 (16 pt) 仿宋 with paragraphs indented two
characters; headings 一、 in 黑体 and （一） in 楷体; 出席：/请假：/缺席：/列席： after one blank line, indented two
characters, the label in 黑体 and names in 仿宋, wrapped lines aligned after the colon; page numbers "— N —" in
4号 (14 pt) 宋体, 7 mm below the block, odd pages on the right and even pages on the left, one character in.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any

from fazhi_desktop.core import divisions
from fazhi_desktop.core.dates import cn_date, cn_number
from fazhi_desktop.core.display import linked_record_text
from fazhi_desktop.core.documents import cjk
from fazhi_desktop.core.documents.common import absence_reason, absent_without_leave, page_code
from fazhi_desktop.core.documents.fonts import FontSet
from fazhi_desktop.core.documents.issuer import issuer
from fazhi_desktop.core.documents.layout import (
    A4_PORTRAIT,
    MM,
    RED,
    Document,
    Page,
    Style,
    Typesetter,
)
from fazhi_desktop.core.documents.pagination import paginate
from fazhi_desktop.core.documents.verify import draw_mark, print_code
from fazhi_desktop.core.errors import NotFound
from fazhi_desktop.core.store import Record, Store

PAGE_W, PAGE_H = A4_PORTRAIT
TOP, BINDING, BLOCK_W, BLOCK_H = 37 * MM, 28 * MM, 156 * MM, 225 * MM
LINES, CHARS = 22, 28
LINE_PITCH, CHAR_PITCH = BLOCK_H / LINES, BLOCK_W / CHARS
BODY, TITLE, PAGE_NO = 16.0, 22.0, 14.0
TRACKING = CHAR_PITCH - BODY  # the grid sets 28 characters of 3号 in 156 mm: slightly tighter than solid
MARK_GAP = 35 * MM  # from the top of the block to the top of the 纪要 mark
MARK_MAX = 36.0
RULE_GAP = 4 * MM  # red separator below the number line
PAGE_NO_GAP = 7 * MM

#: meeting type -> the 纪要 mark, from the township's bodies (core/divisions.bodies: a 街道 differs)
MARKS = {
    "乡镇行政会议(政府常务会议)": lambda d: divisions.bodies(d).government_meeting,
    "党委会": lambda d: f"{divisions.bodies(d).party}会议纪要",
    "专题研究部署法治政府建设会议": lambda d: f"{d}法治政府建设专题会议纪要",
}
_H2 = re.compile(r"^（[一二三四五六七八九十]+）")
HEADING_CHARS = CHARS - 2  # a level-2 heading fits on the first line of its paragraph, after the indent
_LIST_ENDS = ("；", ";", "，", ",", "、", "：", ":")  # a line of a list, not a heading
DECIDED = "会议议定："
#: the clerk's own lead of a 决定事项 ("会议议定：（一）…", "会议研究决定，…"): printed once, as DECIDED
_DECIDED_LEAD = re.compile(r"^会议(?:研究)?(?:议定|决定)[：:，,]\s*")
#: the verbs an agenda title begins with, longest first: the opening says "会议听取了…，审议了…"
_VERBS = ("传达学习", "研究部署", "学习贯彻", "听取", "审议", "研究", "讨论", "通报", "传达", "学习", "部署", "审定")
#: a title whose verb comes last, as a noun: "关于《…方案》的审议" is 审议了《…方案》, not 研究了关于《…》的审议
_VERB_LAST = re.compile(r"^(?:关于)?(.{2,}?)(?:的(审议|审定|研究|讨论)|(审议|审定))$")


def block_left(page_number: int) -> float:
    """Left edge of the text block: the binding margin is on the left of odd pages, the right of even ones."""
    return BINDING if page_number % 2 else PAGE_W - BINDING - BLOCK_W


def grid_baseline(line: int, size: float = BODY) -> float:
    """Baseline of grid line `line` (0-21): the character's em box centred in the line."""
    return TOP + line * LINE_PITCH + (LINE_PITCH - size) / 2 + size * 0.88


@dataclass
class _Slot:
    """One grid line of the body: a set line (None: a blank line), where it starts, the width it is justified to."""

    line: cjk.Line | None
    offset: float = 0.0
    width: float | None = None
    keep: bool = False  # on the same page as the next slot


class _Grid:
    """Body lines on the 22 x 28 grid, page after page: collected first, then put on pages (`finish`) so that no
    paragraph leaves one line alone at the foot or the head of a page, a heading stays with the first two lines of
    its text, and the 出席 block with the last two of the body."""

    def __init__(self, ts: Typesetter):
        self.ts = ts
        self.pages: list[Page] = [Page(PAGE_W, PAGE_H)]
        self.first = 0  # the grid line the body starts on, below the masthead
        self.slots: list[_Slot] = []
        self.held = 0  # lines still to be held to the next: the first of the text under a heading, to its second

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def left(self) -> float:
        return block_left(len(self.pages))

    def paragraph(self, spans: list[cjk.Span], indent: float = 2 * CHAR_PITCH,
                  hang: float = 0.0, justify: bool = True, heading: bool = False) -> None:
        """Set a paragraph: first line indented by `indent`, others by `hang` (aligned after a colon). A `heading`
        stays on the page of the first two lines of its text, of one paragraph or two."""
        lines = self.ts.lines(spans, BLOCK_W - indent, BLOCK_W - hang, tracking=TRACKING)
        slots = [_Slot(line, indent if number == 0 else hang,
                       BLOCK_W - (indent if number == 0 else hang) if justify and not line.last else None, heading)
                 for number, line in enumerate(lines)]
        if len(slots) > 1:  # neither its first line alone at the foot of a page nor its last alone at the head
            slots[0].keep = slots[-2].keep = True
        for slot in slots[: self.held]:  # the first text under a heading holds its second line, of whatever paragraph
            slot.keep = True
        self.held = 1 if heading else max(self.held - len(slots), 0)
        self.slots += slots

    def blank(self, hold: bool = False) -> None:
        """An empty grid line (left out at the head of a page); with `hold`, what comes next keeps the two lines
        before on its page, of one paragraph or two (one-line paragraphs left one line with the 出席 block)."""
        if hold:
            for slot in self.slots[-2:]:
                slot.keep = True
        self.slots.append(_Slot(None, keep=hold))

    def finish(self) -> None:
        """Put the lines on pages and draw them."""
        placed = paginate([slot.keep for slot in self.slots], [slot.line is None for slot in self.slots],
                          self.first, LINES)
        for slot, where in zip(self.slots, placed, strict=True):
            if where is None or slot.line is None:
                continue
            page, line = where
            while len(self.pages) <= page:
                self.pages.append(Page(PAGE_W, PAGE_H))
            self.ts.draw_line(self.pages[page], slot.line, block_left(page + 1) + slot.offset, grid_baseline(line),
                              slot.width, tracking=TRACKING)


def _lead(text: str) -> int:
    """The length of a leading "（一）…。" that fits on the first line of its paragraph (a level-2 heading's lead), 0
    when the paragraph has none."""
    end = text.find("。") if _H2.match(text) else -1
    return end + 1 if 0 <= end < HEADING_CHARS else 0


def _spans(text: str, fonts: dict[str, Style], headed: bool = True) -> list[tuple[str, Style]]:
    """A paragraph of body text; a leading "（一）…。" heading is set in 楷体 (GB/T 9704 7.3.3, level 2: the agenda
    items are level 1): its 。 ends a lead that fits on the first line, or a short line without one is the heading
    alone ("（一）基本情况"). Without `headed` (a 决定事项 whose numbered lines are items of a list, `_list_headed`)
    the paragraph is all 仿宋. The clerk's own "一、" inside an item stays 仿宋: in 黑体 it read as the next agenda
    item."""
    lead = _lead(text) if headed else 0
    if lead:
        head, rest = text[:lead], text[lead:]
        return [(head, fonts["h2"]), (rest, fonts["body"])] if rest else [(head, fonts["h2"])]
    if headed and _H2.match(text) and "。" not in text and len(text) <= HEADING_CHARS \
            and not text.endswith(_LIST_ENDS):
        return [(text, fonts["h2"])]
    return [(text, fonts["body"])]


def _list_headed(paragraphs: list[str]) -> bool:
    """Whether the numbered paragraphs of one 决定事项 are headings: only when every one is a lead with text after
    it ("（一）供暖保障。由党政办牵头。"). Decided once for the block, so that its (一), (二), (三) are set alike:
    "（二）同意追加经费。" under "（一）原则通过《预案》。由党政办印发执行。" is an item of a list, and so is the
    first."""
    numbered = [text for text in paragraphs if _H2.match(text)]
    return all(_lead(text) and text[_lead(text):].strip() for text in numbered)


def mark_text(store: Store, record: Record) -> str:
    """The 纪要 mark ("×××纪要") for the meeting's type and the office's township."""
    office = issuer(store, record)
    division = office.division or office.office
    mark = MARKS.get(record.values.get("meeting_type") or "")
    return mark(division) if mark else f"{division}会议纪要"


def body_paragraphs(store: Store, record: Record) -> list[tuple[str, str]]:
    """(kind, text) of the body: the opening, the study before the meeting, then each agenda item as a level-1
    heading and its paragraphs. kind is "h1", "body" or "decision" (the 决定事项, the first after "会议议定：")."""
    v = record.values
    agenda_items = v.get("agenda_items") or []
    where = f"在{v['location']}" if v.get("location") else ""
    who = f"{v['host']}{where}主持召开" if v.get("host") else f"{where}召开"
    opening = f"{cn_date(v.get('held_on'), '')}，{who}{v.get('title') or '会议'}。"
    items = [item for item in agenda_items if _has_content(item)]  # no bare "三、其他事项"
    # every titled item is named, also one with nothing recorded under it: the paper says what the meeting dealt with
    agenda = agenda_sentence([(item.get("title") or "").strip().rstrip("。") for item in agenda_items])
    study = _study_text(store, v.get("pre_meeting_study"))
    if not agenda:  # "…如下：" only over what follows: a 纪要 of no 议题 ended on "现纪要如下：" and nothing
        opening += "现纪要如下：" if study or items else ""
    else:
        opening += f"{agenda}现将会议议定事项纪要如下：" if items else agenda
    out = [("body", opening)]
    if study:
        out.append(("body", study))
    for number, item in enumerate(items, 1):
        out.append(("h1", f"{cn_number(number)}、{(item.get('title') or '').rstrip('。')}"))
        first = []
        if item.get("presenter"):
            first.append(f"{item['presenter']}就该事项作了汇报。")
        first.append(_review_text(item))
        if item.get("discussion"):
            first.append(item["discussion"].strip())
        text = "".join(p for p in first if p)
        if text:
            out += [("body", part) for part in text.split("\n") if part.strip()]
        if item.get("decision"):
            decision = _DECIDED_LEAD.sub("", item["decision"].strip())  # "会议议定：会议议定：（一）…" printed twice
            out += [("decision", (DECIDED if i == 0 else "") + part)
                    for i, part in enumerate(p for p in decision.split("\n") if p.strip())]
    return out


def agenda_sentence(titles: list[str], most: int = 4) -> str:
    """What the meeting did, from its agenda titles, as a 纪要 says it: "会议听取了上月矛盾纠纷排查化解情况汇报，
    研究了春季森林草原防火工作、安全生产大检查工作。". A title's own verb is said once ("研究《…》" read
    "会议研究了“研究《…》”"), so is one it ends in ("关于《…》的审议": 审议了《…》); titles without one are
    研究了; "其他事项" is not named; more than `most` end in 等事项. "" when none is named."""
    named = [title for title in titles if title and not title.startswith(("其他", "其它"))]
    groups: dict[str, list[str]] = {}
    for title in named[:most]:
        verb = next((v for v in _VERBS if title.startswith(v) and len(title) > len(v)), "")
        last = None if verb else _VERB_LAST.match(title)
        if last:
            groups.setdefault(last[2] or last[3], []).append(last[1])
            continue
        groups.setdefault(verb or "研究", []).append(title[len(verb):])
    if not groups:
        return ""
    said = "，".join(f"{verb}了{series(objects)}" for verb, objects in groups.items())
    return f"会议{said}{'等事项' if len(named) > most else ''}。"


def series(objects: list[str]) -> str:
    """Items of a series joined by 顿号, except between two book titles or quotations that meet ("《…要点》《…意见》":
    GB/T 15834-2011 on the 顿号: 书名号 and 引号 in a series take no 顿号; "《甲》（草案）、《乙》" keeps it)."""
    out = objects[0] if objects else ""
    for before, after in itertools.pairwise(objects):
        meet = (before.endswith("》") and after.startswith("《")) or (before.endswith("”") and after.startswith("“"))
        out += ("" if meet else "、") + after
    return out


def _has_content(item: dict[str, Any]) -> bool:
    """Whether an agenda item has anything to print under its heading."""
    return bool(item.get("presenter") or item.get("needs_review") or (item.get("discussion") or "").strip()
                or (item.get("decision") or "").strip())


def _review_text(item: dict[str, Any]) -> str:
    if not item.get("needs_review"):
        return ""
    doc = f"（{item['review_doc_no']}）" if item.get("review_doc_no") else ""
    status = item.get("review_status")
    if status == "已审查合法":
        return f"该事项已经合法性审查{doc}，审查意见为合法。"
    if status == "已审查不合法":
        return f"该事项经合法性审查{doc}，审查认为存在与法律法规不一致之处。"
    return "该事项提交会议时尚未经合法性审查。"


def _study_text(store: Store, study_id: str | None) -> str:
    """The sentence on the study before the meeting; a study deleted since is said as such, by its number, as the
    会议记录 says it (the sentence was dropped without a word while the record still linked to it)."""
    if not study_id:
        return ""
    try:
        study = store.get(study_id)
    except NotFound:  # "所链接的〔2026〕学法字第25号已删除"
        return f"会前，参会人员开展会前学法（{linked_record_text(store, study_id)}）。"
    topic = (study.values.get("topic") or "").strip("。")
    return f"会前，参会人员开展会前学法，{topic}。" if topic else ""


def presence_blocks(record: Record) -> list[tuple[str, list[str]]]:
    """("出席", names), ("请假", names with reasons: "马斌（下村入户）"), ("缺席", names: "王梅", "李强（无故缺席）"),
    ("列席", names): those that have anyone. An absentee whose reason says 缺席 is not printed as on leave."""
    v = record.values
    leave: list[str] = []
    absent: list[str] = []
    for a in v.get("absentees") or []:
        if not a.get("name"):
            continue
        reason = absence_reason(a.get("reason"))
        if absent_without_leave(a.get("reason")):  # as typed: "请假（未到会）" is a leave
            absent.append(str(a["name"]) if reason in _PLAIN_ABSENCE else f"{a['name']}（{reason}）")
        else:
            leave.append(f"{a['name']}（{reason}）" if reason else str(a["name"]))
    blocks = [("出席", list(v.get("attendees") or [])), ("请假", leave), ("缺席", absent),
              ("列席", list(v.get("observers") or []))]
    return [(label, names) for label, names in blocks if names]


#: reasons that say no more than the 缺席 block's label does: the name alone
_PLAIN_ABSENCE = frozenset({"缺席", "未到", "未到会"})


def build_minutes(store: Store, record: Record, fonts: FontSet) -> Document:
    """Lay out the 会议纪要 of a meeting record."""
    ts = Typesetter(fonts)
    styles = {"body": Style("fangsong", BODY), "h1": Style("heiti", BODY), "h2": Style("kaiti", BODY)}
    grid = _Grid(ts)
    grid.first = _masthead(grid, ts, store, record)
    paragraphs = body_paragraphs(store, record)
    headed = True  # whether the 决定事项 being set has headings: decided at its first paragraph, for all of them
    for index, (kind, text) in enumerate(paragraphs):
        if kind == "h1":
            grid.paragraph([(text, styles["h1"])], justify=False, heading=True)
        elif kind == "decision" and text.startswith(DECIDED):  # an item's decisions follow it, up to the next item
            rest = itertools.takewhile(lambda paragraph: paragraph[0] == "decision", paragraphs[index + 1 :])
            headed = _list_headed([text[len(DECIDED) :], *(later for _, later in rest)])
            grid.paragraph([(DECIDED, styles["body"]), *_spans(text[len(DECIDED) :], styles, headed)])
        else:
            grid.paragraph(_spans(text, styles, headed or kind != "decision"))
    blocks = presence_blocks(record)
    if blocks:
        grid.blank(hold=True)  # the 出席 block does not go over to a page of its own
        start = len(grid.slots)
    for label, names in blocks:
        head = f"{label}："
        hang = 2 * CHAR_PITCH + ts.width(head, "heiti", BODY) + TRACKING * len(head)
        grid.paragraph([(head, styles["h1"]), *cjk.name_spans(names, styles["body"])], hang=hang, justify=False)
    if blocks:  # nor is it split: 出席 on one page, 请假 and 列席 on the next read as two lists
        for slot in grid.slots[start:-1]:
            slot.keep = True
    grid.finish()
    pages = grid.pages
    code = _number_pages(pages, ts, store, record)
    return Document(pages, fonts, f"{record.values.get('title') or ''}纪要", "minutes", issuer(store, record).office,
                    subject=f"会议纪要 {record.number or ''}", code=code)


def _masthead(grid: _Grid, ts: Typesetter, store: Store, record: Record) -> int:
    """The first page's head (mark, number, red rule, title); returns the grid line the body starts on."""
    page, left = grid.page, grid.left()
    centre = left + BLOCK_W / 2
    mark = mark_text(store, record)
    size = min(MARK_MAX, BLOCK_W / max(len(mark), 1))
    mark_base = TOP + MARK_GAP + size * 0.88
    ts.draw_text(page, mark, Style("xiaobiaosong", size, RED), centre, mark_base, align="center")
    number_top = mark_base + size * 0.12 + 2 * LINE_PITCH  # 空二行
    number_base = number_top + (LINE_PITCH - BODY) / 2 + BODY * 0.88
    ts.draw_text(page, record.number or "", Style("fangsong", BODY), centre, number_base, align="center")
    rule_y = number_base + BODY * 0.12 + RULE_GAP
    page.rule(left, rule_y, left + BLOCK_W, rule_y, 1.5, RED)
    y = rule_y + 2 * LINE_PITCH  # 空二行
    lines, size = _title_lines(ts, record.values.get("title") or "会议纪要", TOP + BLOCK_H - y)
    pitch = LINE_PITCH * size / TITLE
    for line in lines:
        ts.draw_line(page, line, centre - line.width / 2, y + (pitch - size) / 2 + size * 0.88)
        y += pitch
    y += LINE_PITCH  # 标题下空一行
    return min(int(-(-(y - TOP) // LINE_PITCH)), LINES)


def _title_lines(ts: Typesetter, title: str, room: float) -> tuple[list[cjk.Line], float]:
    """The title's lines and their size: 2号, balanced and broken between words, while its lines fit in the `room`
    left in the text block; else smaller, lines closer in proportion, until they do (a pasted 600-character 会议名称
    ran past the block, over "— 1 —" and off the paper): a paragraph's lines then, filled in turn."""
    width = BLOCK_W - 2 * CHAR_PITCH
    solid = ts.width(title, "xiaobiaosong", TITLE) or 1.0  # as if the lines were filled solid
    if solid <= width * (room // LINE_PITCH):
        lines = ts.title_lines(title, Style("xiaobiaosong", TITLE), width)
        if len(lines) * LINE_PITCH <= room:
            return lines, TITLE
    size = min(TITLE, TITLE * (width * room / LINE_PITCH / solid) ** 0.5)
    while True:
        lines = ts.lines([(title, Style("xiaobiaosong", size))], width)
        if len(lines) * LINE_PITCH * size / TITLE <= room or size < 6:
            return lines, size
        size *= 0.95


def _number_pages(pages: list[Page], ts: Typesetter, store: Store, record: Record) -> str:
    """"— N —" on every page, and the verification mark on the last page, on the side away from the number; the
    pages before it carry the code there alone (common.page_code)."""
    style = Style("songti", PAGE_NO)
    baseline = TOP + BLOCK_H + PAGE_NO_GAP + PAGE_NO * 0.3  # the dashes sit 7 mm below the block
    code = print_code(store, record)
    for number, page in enumerate(pages, 1):
        left = block_left(number)
        text = f"— {number} —"
        if number % 2:
            ts.draw_text(page, text, style, left + BLOCK_W - PAGE_NO, baseline, align="right")
        else:
            ts.draw_text(page, text, style, left + PAGE_NO, baseline)
        if number < len(pages):
            if number % 2:
                page_code(page, ts, code, left, baseline)
            else:
                page_code(page, ts, code, left + BLOCK_W, baseline, align="right")
        else:
            qr = 13 * MM
            top = TOP + BLOCK_H + 2 * MM
            if number % 2:
                code = draw_mark(page, ts, store, record, left, top, qr, label_right=True)
            else:
                code = draw_mark(page, ts, store, record, left + BLOCK_W - qr, top, qr, label_right=False)
    return code

