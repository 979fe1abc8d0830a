"""人民调解协议书 (人民调解法 art. 29) and, for 行政调解 cases, the 行政调解协议书 laid out the same way.

Contents required by art. 29: the parties' basic particulars; the main facts of the dispute, the matters in
dispute and each party's responsibility; what was agreed, how and by when it is to be performed. Then the copies
note (one per party plus one kept by the committee, art. 29), when it takes effect and the 30-day window for
judicial confirmation (arts. 31 and 33), and the signature block: each party (signature, seal or fingerprint; a
minor's 法定代理人 for him, 民法典第二十三条), each mediator by name, the committee's seal and the date. The
signature block never stands alone on a page: the whole clause on when the agreement takes effect goes with it,
and the end of the terms too when the page before still stays well filled (`_page_breaks`); when the clause and the
signatures are taller than a page (eight or more parties), the parties' lines go on over the next page instead of
the clause leaving a few lines alone. Every page says 第 N 页 共 M 页, and each page before the signed one carries
the parties' line to sign at its foot (当事人签名：＿＿＿, `_initials`): signed on page 2 only, page 1 was tied to the
signatures by nothing a court could see. ID and phone numbers are masked unless `reveal` is asked for.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from fazhi_desktop.core import divisions, identifiers
from fazhi_desktop.core.dates import cn_date, cn_number
from fazhi_desktop.core.display import mask_value
from fazhi_desktop.core.documents import cjk
from fazhi_desktop.core.documents.common import in_role_order, mark_last_page, number_pages
from fazhi_desktop.core.documents.errors import DocumentError
from fazhi_desktop.core.documents.fonts import FontSet
from fazhi_desktop.core.documents.issuer import issuer
from fazhi_desktop.core.documents.layout import A4_PORTRAIT, MM, Document, Style, Typesetter
from fazhi_desktop.core.documents.table import Flow
from fazhi_desktop.core.store import Record, Store

SIZE, LEADING = 14.0, 26.0
INDENT = 2 * SIZE
HAND_LINES = 3  # ruled lines to write on when a section is still empty
# Where the signed page starts is weighed in one currency: each page costs PAGE; the page before it, left `e` empty
# (0 to 1), costs EMPTY * e**2; ending that page after a block costs the block's `break_after`: NEVER after a heading
# or right above the signatures, SPLIT where a paragraph would leave one line (or one of two or three) on a page or
# the 生效 clause would be cut, APART where the signed page would carry none of the terms.
PAGE, EMPTY, NEVER, SPLIT, APART = 100.0, 100.0, 10_000.0, 20.0, 4.0
SIGNERS_APART = NEVER / 2  # the parties' lines go over two pages only when they and the 生效 clause overfill one
SIGN_ROOM = 45 * MM  # the line a party signs on, at the least


#: the fields of a mediation case that decide whether it has an agreement to print (`no_agreement`)
DECIDING = ("case_category", "result", "agreement_form")
RECORD_NAME = "调解案件记录"  # what a case without an agreement is printed as (documents.kinds_for)
DATED_BY = "mediated_on"  # the 协议书 is dated by the 调解日期, the last session's (documents.signed_on)


def no_agreement(values: Mapping[str, Any]) -> str | None:
    """Why a mediation case of these `values` has no agreement to print, said after the case's name
    ("是行政裁决案件，没有调解协议书…"), or None when it has one."""
    if (values.get("case_category") or "人民调解") == "行政裁决":
        return f"是行政裁决案件，没有调解协议书（可打印“{RECORD_NAME}”）"
    if values.get("result") == "调解不成功(终止)":
        return f"调解不成功（已终止），没有调解协议书（可打印“{RECORD_NAME}”）"
    if values.get("agreement_form") == "口头":
        return ("的协议形式为“口头”，口头协议不制作协议书（人民调解法第二十八条）；"
                "如需书面协议，请先把“协议形式”改为“书面”")
    return None


def agreement_kind(record: Record) -> str:
    """"人民调解" or "行政调解"; raises DocumentError when the case has no agreement to print."""
    why = no_agreement(record.values)
    if why is not None:
        raise DocumentError(f"调解案件 {record.number or record.id}{why}")
    return record.values.get("case_category") or "人民调解"


#: what a blank on the agreement is, to fill in by hand: a name (four characters wide) and a relation
BLANK_NAME, BLANK_KIN = "＿＿＿＿", "＿＿"


def party_text(party: dict[str, Any], minor: bool = False) -> tuple[str, list[tuple[str, bool]]]:
    """(role, particulars) of one party as written in Chinese legal documents: "马文，男，回族，…。", in pieces of
    (text, whether it is kept whole on a line). A `minor` without a 法定代理人 entered gets the clause with blanks, to
    fill in by hand as on the signature line: kept whole, as "法定代理人：＿＿＿＿" ending one line and
    "＿＿，系田小花之＿＿。" starting the next left a blank in two halves."""
    role = party.get("role") or "当事人"
    if party.get("party_type") == "单位":
        bits = [party.get("org_name") or ""]
        if party.get("credit_code"):
            bits.append(f"统一社会信用代码{party['credit_code']}")
        if party.get("org_address"):
            bits.append(f"住所地{party['org_address']}")
        if party.get("legal_representative"):
            bits.append(f"{representative_title(party)}{party['legal_representative']}")
            if party.get("representative_title"):
                bits.append(f"职务{party['representative_title']}")
    else:
        bits = [party.get("name") or "", party.get("gender") or "", party.get("ethnicity") or ""]
        if party.get("birth_date"):
            bits.append(f"{cn_date(party['birth_date'])}出生")
        elif party.get("age") is not None:
            bits.append(f"{party['age']}岁")
        if party.get("id_number"):
            bits.append(f"公民身份号码{party['id_number']}")
        bits += [party.get("occupation") or ""]
        if party.get("address"):
            bits.append(f"住{party['address']}")
    if party.get("phone"):
        bits.append(f"联系电话{party['phone']}")
    pieces = [("，".join(b for b in bits if b) + "。", False)]
    if (party.get("guardian") or minor) and party.get("party_type") != "单位":
        relation = party.get("guardian_relation") or (BLANK_KIN if minor else "")
        of = f"，系{party.get('name') or '当事人'}之{_KIN.get(relation, relation)}" if relation else ""
        numbers = "".join(f"，{label}{party[key]}" for key, label in _GUARDIAN_NUMBERS if party.get(key))
        clause = f"法定代理人：{party.get('guardian') or BLANK_NAME}{of}{numbers}。"
        pieces.append((clause, BLANK_NAME in clause or BLANK_KIN in clause))
    if party.get("agent"):
        pieces.append((f"委托代理人：{party['agent']}。", False))
    return role, pieces


#: a 法定代理人's particulars after his name and relation, as the party's own are written (a 司法确认 asks for both)
_GUARDIAN_NUMBERS = (("guardian_id_number", "公民身份号码"), ("guardian_phone", "联系电话"))


#: the ends of the names of bodies that are no legal person and act by their 主要负责人, not a 法定代表人 (民诉法解释
#: 第五十条; 第五十二条 其他组织, a 分支机构 among them, 民法典第七十四条; a 村民小组, 第六十八条): "联合村第三村民小组"
_NOT_LEGAL_PERSONS = ("组", "分公司", "分厂", "分店", "分行", "支行", "分理处", "营业部", "分社", "分部", "项目部",
                      "项目经理部")
#: a note in brackets the clerk wrote after the name (第三村民小组（三组）): not its end
_NOTE = re.compile(r"\s*[（(][^（()）]*[)）]\s*$")


def representative_title(party: Mapping[str, Any]) -> str:
    """What the one who acts for a body is called on the agreement: its 法定代表人, or the 负责人 of a body that is no
    legal person (a 村民小组, a 分公司: `_NOT_LEGAL_PERSONS`), which the 法定代表人 field holds as well."""
    name = _NOTE.sub("", (party.get("org_name") or "").strip())
    return "负责人" if name.endswith(_NOT_LEGAL_PERSONS) else "法定代表人"


#: 与当事人关系 as the official forms write it after 之 ("系马小军之父"); others as typed (之祖母, 之叔叔, 之监护人)
_KIN = {"父亲": "父", "母亲": "母", "哥哥": "兄", "姐姐": "姐"}


def _minors(parties: Sequence[dict[str, Any]], day: str | None, masked: bool) -> list[bool]:
    """Whether each party is a natural person under 18 on `day` (the 受理日期), by its birth date, ID number or age:
    a guardian signs for such a party, also when none is recorded yet (a line for the 法定代理人 to sign on).

    `masked` (printed with the numbers masked): by the birth year only, as the editor judges a number its user sees
    masked (identifiers.is_minor's `masked`): else printing again after moving the 受理日期 told the month and day,
    the digits the mask hides. 18 by the years (17 or 18 by the birthday) counts as a minor here, where the editor
    says nothing: a guardian's blank line a 调解员 strikes out costs less than a minor's agreement signed without
    his 法定代理人."""
    def minor(party: dict[str, Any]) -> bool:
        if day is None or party.get("party_type") == "单位":
            return False
        born, number, age = party.get("birth_date"), party.get("id_number"), party.get("age")
        try:
            if masked and (born is not None or number is not None):
                year = born[:4] if born is not None else str(identifiers.id_card_birth_date(number).year)
                return 0 <= int(day[:4]) - int(year) <= identifiers.ADULT_AGE
            return identifiers.is_minor(born, number, age, day)
        except (ValueError, TypeError):  # a value stored malformed by an earlier version: no guess
            return False
    return [minor(party) for party in parties]


def _signer_name(party: dict[str, Any], minor: bool) -> str:
    """Who signs for a party, after its role: "马文", or for a party with a 法定代理人 (a minor) "马小军的法定代理人
    马文" ("马小军的法定代理人" and a line when a minor's guardian is not recorded yet)."""
    name = party.get("name") or party.get("org_name") or ""
    guardian = party.get("guardian") if party.get("party_type") != "单位" else None
    if not guardian and not minor:
        return name
    return f"{name}的法定代理人{' ' + guardian if guardian else ''}"


def _with_gender(party: dict[str, Any]) -> dict[str, Any]:
    """A party whose 性别 is empty with the one its 身份证号 gives (saving fills it only from a new number: a record
    saved before holds none)."""
    if party.get("gender") or not party.get("id_number") or party.get("party_type") == "单位":
        return party
    try:
        return {**party, "gender": identifiers.id_card_gender(party["id_number"])}
    except ValueError:
        return party


def build_agreement(store: Store, record: Record, fonts: FontSet, reveal: bool = False) -> Document:
    """Lay out the mediation agreement of a mediation case. ID numbers masked unless `reveal`."""
    if record.ledger != "mediation_case":
        raise DocumentError(f"记录 {record.number or record.id} 不是调解案件，不能打印调解协议书")
    category = agreement_kind(record)
    people = category == "人民调解"
    office = issuer(store, record)
    division = office.division
    organ = (office.committee or f"{division}人民调解委员会") if people else divisions.bodies(division).government
    ts = Typesetter(fonts)
    width, height = A4_PORTRAIT
    flow = Flow((width, height), 30 * MM, height - 30 * MM, 28 * MM, width - 26 * MM)
    title = "人民调解协议书" if people else "行政调解协议书"
    v = record.values
    _head(flow, ts, title, record.number or "")
    field = store.ledger(record.ledger).field("parties")
    parties = [_with_gender(party) for party in in_role_order(field, v.get("parties") or [])]  # 申请人 first
    minors = _minors(parties, v.get("accepted_on"), masked=not reveal)  # of the full values, masked or not
    if not reveal:
        parties = mask_value(field, parties)
    body = _agreement_text(ts, flow.width, v, parties, minors)
    closing = [_para(ts, flow.width, note) for note in _notes(len(parties), people, organ)]
    notes = [line for note in closing for line in note]
    _cost_breaks([body[-1], *notes], APART)  # the signed page carries the end of the terms...
    _cost_breaks(closing[-1], SPLIT)  # ...and the whole 生效 clause...
    closing[-1][-1].break_after = NEVER  # ...and never the signatures alone
    mediators = list(v.get("mediators") or [])
    signatures = _signature_blocks(ts, parties, minors, mediators, organ, people, v.get(DATED_BY), flow.width)
    if sum(block.height for block in [*closing[-1], *signatures]) > flow.bottom - flow.top + 0.01:
        # the 生效 clause and the signatures together are taller than a page (eight or nine parties): the parties'
        # lines go on over the next page, the last of them with the seal, rather than the clause be cut and leave a
        # page holding two or three of its lines
        _cost_breaks(signatures[1 : len(parties)], -SIGNERS_APART)
    signed = _place(flow, ts, [*body, *notes, *signatures], len(body) + len(notes))
    _initials(flow, ts, signed)
    code = mark_last_page(flow, ts, store, record)
    # every page names the agreement, as the record form's do: pages 2… of a long one carry no heading of their own
    number_pages(flow.pages, ts, flow.bottom, flow.left, flow.right, footer_left=f"{title} {record.number or ''}",
                 code=code)
    return Document(flow.pages, fonts, f"{title} {record.number or ''}", "agreement",
                    office.office, subject=title, code=code,
                    extra={"revealed": reveal})


@dataclass
class _Block:
    """A piece of the agreement drawn at the flow's cursor (a line, a ruled line, the signature block): its height,
    and what ending a page after it costs (SPLIT or more: the page may not end there while the text flows)."""

    height: float
    draw: Callable[[Flow], None]
    break_after: float = 0.0


def _agreement_text(ts: Typesetter, width: float, v: dict[str, Any], parties: Sequence[dict[str, Any]],
                    minors: Sequence[bool]) -> list[_Block]:
    """The lines of the parties' particulars and the three sections art. 29 asks for."""
    body, bold = Style("fangsong", SIZE), Style("heiti", SIZE)
    blocks: list[_Block] = []
    for party, minor in zip(parties, minors, strict=True):
        role, pieces = party_text(party, minor)
        blocks += _para(ts, width, [(f"{role}：", bold), *((text, body, "keep") if keep else (text, body)
                                                             for text, keep in pieces)])
    blocks += _heading(ts, width, "纠纷的主要事实、争议事项以及各方当事人的责任：")
    claims, duties = v.get("claims"), v.get("party_responsibilities")
    blocks += _section(ts, width, [v.get("dispute_summary") or "", f"争议事项：{claims}" if claims else "",
                                   f"各方当事人的责任：{duties}" if duties else ""])
    blocks += _heading(ts, width, "经调解，各方当事人自愿达成如下协议：")
    blocks += _section(ts, width, [v.get("agreement_content") or ""])
    blocks += _heading(ts, width, "履行方式、期限：")
    blocks += _section(ts, width, [_performance(v)])
    return blocks


def _notes(parties: int, people: bool, organ: str) -> list[str]:
    """The copies note, and when the agreement takes effect (with the 30 days for judicial confirmation)."""
    keeper = "人民调解委员会" if people else organ
    notes = [f"本协议书一式{cn_number(parties + 1)}份，各方当事人各执一份，{keeper}留存一份。"]
    if people:
        both = "双方" if parties <= 2 else "各方"  # art. 33 says 双方; a third party makes them 各方
        notes.append("本协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效。"
                     "经人民调解委员会调解达成的调解协议，具有法律约束力，当事人应当按照约定履行。"
                     f"{both}当事人可以自本协议生效之日起三十日内，共同向人民法院申请司法确认。")
    else:
        notes.append(f"本协议自各方当事人签名、盖章或者按指印，调解人员签名并加盖{organ}印章之日起生效。")
    return notes


def _cost_breaks(blocks: Sequence[_Block], cost: float) -> None:
    """Make ending a page after any of `blocks` cost `cost` more."""
    for block in blocks:
        block.break_after += cost


#: what closes the room a page of the agreement's text leaves empty, so that nothing is written into it after
#: signing, and what heads a page of signatures alone (its text ended on the page before)
BLANK_BELOW, NO_TEXT = "（本页以下空白）", "（此页无正文）"


def _place(flow: Flow, ts: Typesetter, blocks: Sequence[_Block], text: int) -> int:
    """Draw `blocks` down the pages, a new page where `_page_breaks` says, and return the index of the page the
    signatures (the blocks after the first `text`) start on. A page ending within the first `text` blocks (the
    terms and the notes) with a line or more left empty says BLANK_BELOW under its last line; a page starting after
    them (the signatures of many parties going on) is headed NO_TEXT, in the room above its first line to sign on
    (every signature block starts a line and a half down)."""
    breaks = set(_page_breaks(blocks, flow.room(), flow.bottom - flow.top))
    style = Style("fangsong", SIZE)
    signed = 0
    for index, block in enumerate(blocks):
        if index in breaks:
            if index <= text and flow.room() >= LEADING - 0.01:
                flow.y += LEADING
                ts.draw_text(flow.page, BLANK_BELOW, style, flow.left + INDENT, flow.y - 7)
            flow.new_page()
            if index > text:
                ts.draw_text(flow.page, NO_TEXT, style, flow.left + flow.width / 2, flow.y + SIZE, align="center")
        if index == text:
            signed = len(flow.pages) - 1
        block.draw(flow)
    return signed


#: the parties' line at the foot of each page before the signed one, and how far below the text block it is drawn
#: (under the page number's line, FOOTER_GAP below the text block)
INITIALS, INITIALS_BELOW = "当事人签名：", 16 * MM


def _initials(flow: Flow, ts: Typesetter, signed: int) -> None:
    """At the foot of each page before page `signed` (the one the parties sign), a line for each party to sign or
    initial, as offices have every page of a multi-page agreement signed: the pages are then tied to the signatures,
    not only by the page numbers a retyped page 1 would carry too."""
    style = Style("songti", 10.5)
    x = flow.left + flow.width * 0.45
    for page in flow.pages[:signed]:
        y = flow.bottom + INITIALS_BELOW
        w = ts.draw_text(page, INITIALS, style, x, y)
        page.rule(x + w, y + 2, flow.right, y + 2, 0.6)


def _page_breaks(blocks: Sequence[_Block], room: float, page: float) -> list[int]:
    """The blocks that start a page. The text fills page after page (`_flow`) up to the last page, the one signed,
    which starts where the whole costs least (see PAGE). The notes and the signatures take half a page or more:
    always moving them onto a new page together with the end of the terms left the page before up to half empty."""
    best, breaks, last = math.inf, [], 0.0
    for start in range(len(blocks) - 1, -1, -1):
        last += blocks[start].height
        if last > page + 0.01 and start < len(blocks) - 1:
            break  # the last page is full
        if start == 0:
            cost, candidate = (PAGE, []) if last <= room + 0.01 else (math.inf, [])
        else:
            starts, left = _flow(blocks[:start], room, page)
            cost = PAGE * (len(starts) + 2) + EMPTY * (max(left, 0) / page) ** 2 + blocks[start - 1].break_after
            candidate = [*starts, start]
        if cost < best:
            best, breaks = cost, candidate
    return breaks


def _flow(blocks: Sequence[_Block], room: float, page: float) -> tuple[list[int], float]:
    """Fill page after page (`room` left on the first, `page` on the others), never ending one after a block that
    costs SPLIT or more to end it after, unless what is bound together is taller than a page. Returns the blocks
    that start a page and the room left on the last."""
    starts = []
    for index, block in enumerate(blocks):
        bound, end = block.height, index
        while blocks[end].break_after >= SPLIT and end + 1 < len(blocks):
            end += 1
            bound += blocks[end].height
        if (bound if bound <= page else block.height) > room + 0.01 and room < page - 0.01:
            starts.append(index)
            room = page
        room -= block.height
    return starts, room


def _performance(v: dict[str, Any]) -> str:
    method, deadline = v.get("performance_method") or "", v.get("performance_deadline")
    if not method and not deadline:
        return ""
    when = f"于{cn_date(deadline)}前履行完毕" if deadline else ""
    return "，".join(p for p in (method, when) if p) + "。"


def _head(flow: Flow, ts: Typesetter, title: str, number: str) -> None:
    style = Style("xiaobiaosong", 22)
    flow.y += 22
    ts.draw_text(flow.page, title, style, flow.left + flow.width / 2, flow.y, align="center", char_space=4)
    flow.y += LEADING + 4
    ts.draw_text(flow.page, f"编号：{number}", Style("fangsong", SIZE), flow.right, flow.y, align="right")
    flow.y += 8


def _heading(ts: Typesetter, width: float, text: str) -> list[_Block]:
    """A section heading in 黑体, never the last line of a page."""
    blocks = _para(ts, width, [(text, Style("heiti", SIZE))])
    for block in blocks:
        block.break_after = NEVER
    return blocks


def _para(ts: Typesetter, width: float, spans: Sequence[cjk.Span] | str, indent: float = INDENT) -> list[_Block]:
    """A justified paragraph, first line indented; a two- or three-line paragraph is not split, a longer one leaves
    at least two lines on each page (no 孤行), and one ending in "：" never ends a page."""
    if isinstance(spans, str):
        spans = [(spans, Style("fangsong", SIZE))]
    lines = ts.lines(spans, width - indent, width)
    blocks = []
    for number, line in enumerate(lines):
        offset = indent if number == 0 else 0.0
        blocks.append(_Block(LEADING, partial(_draw_line, ts, line, offset, None if line.last else width - offset)))
    if len(blocks) > 1:
        blocks[0].break_after = blocks[-2].break_after = SPLIT
    if lines[-1].text.endswith(("：", ":")):
        blocks[-1].break_after = NEVER  # a lead-in ("二、双方确认：") goes over with what it leads to
    return blocks


def _draw_line(ts: Typesetter, line: cjk.Line, offset: float, width: float | None, flow: Flow) -> None:
    flow.y += LEADING
    ts.draw_line(flow.page, line, flow.left + offset, flow.y - 7, width)


def _hand_line(flow: Flow) -> None:
    flow.y += LEADING
    flow.page.rule(flow.left, flow.y - 4, flow.right, flow.y - 4, 0.5)


def _section(ts: Typesetter, width: float, texts: Sequence[str]) -> list[_Block]:
    """Paragraphs of a section, or ruled lines to write on when it is still empty."""
    paragraphs = [p.strip() for text in texts for p in text.split("\n") if p.strip()]
    if not paragraphs:
        return [_Block(LEADING, _hand_line) for _ in range(HAND_LINES)]
    return [line for para in paragraphs for line in _para(ts, width, para)]


def _signature_blocks(ts: Typesetter, parties: Sequence[dict[str, Any]], minors: Sequence[bool],
                      mediators: Sequence[str], organ: str, people: bool, mediated_on: str | None,
                      width: float) -> list[_Block]:
    """Each party (a body: its name with （盖章）, and its 法定代表人 to sign; a minor: its 法定代理人, `_signer_name`)
    and each mediator by name with a line to sign on, then the committee's seal and the date: a block
    a line, so that a dispute of many households, whose signatures are taller than a page, goes on over the next
    page rather than off the bottom of this one, between two parties. A heading stays with its first line, and the
    mediators with the seal."""
    def heading(text: str, space: float, rule: bool, flow: Flow) -> None:
        flow.y += LEADING * space
        w = ts.draw_text(flow.page, text, Style("heiti", SIZE), flow.left, flow.y)
        if rule:  # no mediator recorded: one line to sign on after the heading
            flow.page.rule(flow.left + w, flow.y + 3, flow.left + flow.width / 2 + 20 * MM, flow.y + 3, 0.6)

    def seal_and_date(flow: Flow) -> None:
        style = Style("fangsong", SIZE)
        seal = f"{organ}（盖章）"
        right = flow.right - ts.width(seal, "fangsong", SIZE) / 2 - SIZE  # the seal's line and the date share a centre
        flow.y += LEADING * 1.6
        ts.draw_text(flow.page, seal, style, right, flow.y, align="center")
        flow.y += LEADING * 1.2
        ts.draw_text(flow.page, cn_date(mediated_on), style, right, flow.y, align="center")

    def signer(label: str) -> _Block:
        room = width - INDENT / 2
        if ts.width(label, "fangsong", SIZE) + SIGN_ROOM <= room:
            return _Block(LEADING * 1.6, partial(_signature_line, ts=ts, label=label), SIGNERS_APART)
        # a long organisation's name: wrapped, and the line to sign on under it (it ran off the page)
        lines = ts.lines([(label, Style("fangsong", SIZE))], room)
        return _Block(LEADING * (1.6 + len(lines)), partial(_signature_lines, ts=ts, lines=lines), SIGNERS_APART)

    def sealed(party: dict[str, Any]) -> _Block:
        """A body seals, and its legal representative signs: two lines, one block (never apart)."""
        representative = party.get("legal_representative")
        lines = [signer(f"{party.get('role') or '当事人'} {party.get('org_name') or ''}（盖章）："),
                 signer(f"{representative_title(party)}{' ' + representative if representative else ''}（签名）：")]

        def draw(flow: Flow) -> None:
            for line in lines:
                line.draw(flow)

        return _Block(sum(line.height for line in lines), draw, SIGNERS_APART)

    blocks = [_Block(LEADING * 1.5, partial(heading, "当事人（签名、盖章或者按指印）：", 1.5, False), NEVER)]
    for party, minor in zip(parties, minors, strict=True):
        blocks.append(sealed(party) if party.get("party_type") == "单位" else
                      signer(f"{party.get('role') or '当事人'} {_signer_name(party, minor)}："))
    label = "人民调解员（签名）：" if people else "调解人员（签名）："
    blocks.append(_Block(LEADING * 1.8, partial(heading, label, 1.8, not mediators), NEVER if mediators else 0.0))
    blocks += [signer(f"{name}：") for name in mediators]
    for block in blocks[-len(mediators) - 1:]:
        block.break_after = NEVER  # the mediators (a few) together with the seal and the date
    blocks.append(_Block(LEADING * 2.8 + 4, seal_and_date))
    return blocks


def _signature_lines(flow: Flow, *, ts: Typesetter, lines: list) -> None:
    """A party's name over several lines, then a line of its own to sign on."""
    x = flow.left + INDENT / 2
    for index, line in enumerate(lines):
        flow.y += LEADING * (1.6 if index == 0 else 1.0)
        ts.draw_line(flow.page, line, x, flow.y)
    flow.y += LEADING
    flow.page.rule(x, flow.y + 3, min(x + SIGN_ROOM + 25 * MM, flow.right), flow.y + 3, 0.6)


def _signature_line(flow: Flow, *, ts: Typesetter, label: str) -> None:
    """"申请人 马文：______" on the next line, indented one character."""
    flow.y += LEADING * 1.6
    x = flow.left + INDENT / 2
    w = ts.draw_text(flow.page, label, Style("fangsong", SIZE), x, flow.y)
    end = max(x + w + SIGN_ROOM, flow.left + flow.width / 2 + 20 * MM)
    flow.page.rule(x + w, flow.y + 3, min(end, flow.right), flow.y + 3, 0.6)
