"""查找当事人: every record naming one person, across all the ledgers, for a 所长 or 管理员 answering his request
to see and copy what the office holds about him (个人信息保护法 arts. 44–45).

The list search cannot answer it: it looks at one ledger at a time, and its index holds masked values as the screen
shows them (a 投诉人 as 马**, core/search.py `record_texts`), on purpose, so that nobody confirms hidden digits one
guess at a time. This search reads the stored values themselves, in memory, for a user who may reveal them
(`record.reveal`), and notes it in the reveal log with its reason (the request), never the values looked for.

What counts as naming him:
- a hit: a field that holds a person (主持人, 出席人员, 投诉人, a 当事人 row's 姓名 or its 法定代理人…) whose name is
  the name asked, or a 当事人 row whose 身份证号 or 联系电话 is the number asked (a complaint's 联系方式 belongs to
  its 投诉人). Each says its role (申请人, 投诉人, 出席人员…), what matched, and what he gave that the record holds
  otherwise (a 身份证号 typed wrong: the same man, or a namesake, for the 所长 to tell);
- a mention (文字中提到): his name or number in free text (纠纷简要情况, 投诉内容, 备注) of a record with no hit: it
  may be someone else of the same name, so it is listed apart and never copied into the extract.
Deleted records are searched too: the office still holds them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from fazhi_desktop.core import damaged, divisions, reveals
from fazhi_desktop.core.display import DELETED
from fazhi_desktop.core.errors import FieldProblem, ValidationError
from fazhi_desktop.core.forms import FieldDef, LedgerDef
from fazhi_desktop.core.identifiers import normalize_id_card, normalize_phone
from fazhi_desktop.core.jobs import Progress, no_progress
from fazhi_desktop.core.names import NAME_DOT, NAME_DOTS, name_dots
from fazhi_desktop.core.store import Record, Store

#: a group's sub-fields that hold a person's name: the row's own person (`name`) and those acting for it
_OWN_NAME = "name"
_ACTING = ("guardian", "agent", "legal_representative")
#: a row's sub-fields of those acting for its person, not of the person: the 法定代理人's relation and numbers (his
#: 身份证号 finds him as 法定代理人, never the child as himself), the 法定代表人's 职务
_ACTING_OWN = {"guardian": ("guardian_relation", "guardian_id_number", "guardian_phone"),
               "legal_representative": ("representative_title",)}
_NOT_HIS = frozenset({*_ACTING, *(name for names in _ACTING_OWN.values() for name in names)})
#: a 单位 party's own name (海原县马福林砖厂): not a person, but a title names it
_UNIT_NAME = "org_name"
#: the presets of 用途 the 查找当事人 window offers: who asked for the search, and on what ground (any other is typed)
REQUEST_PURPOSES = ("当事人本人申请查阅、复制（个人信息保护法第四十五条）", "当事人委托他人查阅", "司法机关依法调取",
                    "核对、更正当事人信息（个人信息保护法第四十六条）")
#: how the reveal log notes a search (and core/documents/extract.py the extract), before the reason
FIND_HOW = "查找当事人"


@dataclass(frozen=True)
class Person:
    """Who is looked for: a full name, and/or a full ID number, and/or a phone number, as stored (`asked`)."""

    name: str = ""
    id_number: str = ""
    phone: str = ""

    @property
    def said(self) -> str:
        """What was asked for, without the values (for messages and the extract's header): 姓名、身份证号."""
        return "、".join(label for label, value in (("姓名", self.name), ("身份证号", self.id_number),
                                                    ("电话", self.phone)) if value)


@dataclass(frozen=True)
class Hit:
    """A field of `record` that names him: `role` as the record gives it (申请人, 投诉人, 出席人员, 法定代理人…),
    `field` its label, `matched` what was found (姓名, 身份证号, 电话), `differs` what he gave that the record holds
    otherwise, `own` his own values there, in full (label, value), for the extract: never shown in a list."""

    record: Record
    ledger_label: str
    day: str
    title: str
    role: str
    field: str
    matched: tuple[str, ...]
    differs: tuple[str, ...] = ()
    own: tuple[tuple[str, Any, FieldDef], ...] = ()
    #: the names of the other people the record names, with their role, for the title as the extract prints it
    others: tuple[tuple[str, str], ...] = ()

    @property
    def name_differs(self) -> bool:
        """Found by a number under another name: perhaps a relative's row with his phone. Not extracted unless
        chosen."""
        return "姓名" in self.differs

    @property
    def note(self) -> str:
        """What the 所长 should check: 身份证号与所填不同（请核对是否同一人）."""
        if not self.differs:
            return ""
        return f"{'、'.join(self.differs)}与所填不同（请核对是否同一人）"


@dataclass(frozen=True)
class Mention:
    """His name or number in free text of a record with no hit: `fields` the labels of the texts."""

    record: Record
    ledger_label: str
    day: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Found:
    person: Person
    reason: str
    hits: list[Hit] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    #: records a damaged file no longer holds as text, named (ledger number): not searched
    unreadable: list[str] = field(default_factory=list)
    #: how many records the search noted in the reveal log (those found that hold a masked value)
    logged: int = 0

    @property
    def log_said(self) -> str:
        """What the search noted in the reveal log, said to the user: noted only when a record found holds a masked
        value, so a search that finds nothing (or only records without one) says it noted nothing."""
        if self.logged:
            return f"已记入完整证件号查看日志：{FIND_HOW}（{self.reason}），{self.logged} 条记录"
        if self.hits:
            return "找到的记录中没有身份证号、电话等遮盖显示的信息，未记入完整证件号查看日志"
        return "没有找到记有此人的记录，未记入完整证件号查看日志"

    @property
    def records(self) -> list[Record]:
        """The records of the hits, each once, in the order found."""
        return list({hit.record.id: hit.record for hit in self.hits}.values())


def person(name: str = "", id_number: str = "", phone: str = "", today: date | None = None) -> Person:
    """What is looked for, checked: a full name (two characters at least, no digits) and/or a whole ID number and/or
    phone number, each in its stored form. Raises ValidationError naming each field at fault."""
    problems: list[FieldProblem] = []
    name = name_dots("".join((name or "").split()))  # 阿依古丽•买买提 is looked for as 阿依古丽·买买提
    if name and (len(name) < 2 or any(ch.isdigit() for ch in name)):
        problems.append(FieldProblem("name", "姓名", "请填写完整的姓名（至少两个字，不含数字）"))
    number = ""
    if (id_number or "").strip():
        try:
            number = normalize_id_card(id_number, today=today or date.max)
        except ValueError as exc:
            problems.append(FieldProblem("id_number", "身份证号", str(exc)))
    phone_number = ""
    if (phone or "").strip():
        try:
            phone_number = normalize_phone(phone)
        except ValueError as exc:
            problems.append(FieldProblem("phone", "电话", str(exc)))
    if not problems and not (name or number or phone_number):
        problems.append(FieldProblem("name", "姓名", "请填写姓名、身份证号或电话中的至少一项"))
    if problems:
        raise ValidationError(problems)
    return Person(name, number, phone_number)


def find(store: Store, asked: Person, reason: str, progress: Progress = no_progress) -> Found:
    """Every record naming `asked`, across the ledgers, for a user who may reveal (a 所长 or 管理员; refused
    before anything is read otherwise). The records found that hold a masked value are noted in the reveal log as
    查找当事人（reason） before they are returned; a reveal that cannot be noted is not made. `progress` is told
    each ledger as it is searched (the window runs this on a worker thread: 0.3 s at 100,000 meetings, more on a
    slow PC); a search cancelled there notes nothing."""
    reason = reveals.checked_reason(reason, required=True, names=[asked.name])
    reveals.may_reveal(store)
    found = Found(asked, reason)
    for done, ledger in enumerate(store.ledgers.values()):
        progress(done, len(store.ledgers), f"正在查找：{ledger.label}")
        records = sorted(_candidates(store, ledger, asked, found.unreadable), key=lambda r: _day(ledger, r))
        for record in records:
            hits = list(_hits(ledger, record, asked))
            found.hits.extend(hits)
            if not hits and (fields := _mentioned(ledger, record, asked)):
                found.mentions.append(Mention(record, ledger.label, _day(ledger, record), fields))
    noted = reveals.note_entries(store, log_entries(store, found.hits), f"{FIND_HOW}（{reason}）", reason)
    return replace(found, logged=len(noted))


def log_entries(store: Store, hits: Sequence[Hit], own: bool = False) -> list[reveals.Entry]:
    """The reveal log's entries for `hits`: each record holding a number once, naming only where he stands in it
    (当事人（申请人）; with `own`, the extract, also the fields of his printed: 当事人（申请人）：姓名、身份证号),
    not the other parties' numbers the record holds."""
    by_record: dict[str, tuple[Record, list[str]]] = {}
    for hit in hits:
        where = hit.field if hit.role in ("", hit.field) else f"{hit.field}（{hit.role}）"
        if own and hit.own:
            where += "：" + "、".join(label for label, _, _ in hit.own)
        by_record.setdefault(hit.record.id, (hit.record, []))[1].append(where)
    return [reveals.entry(store, record, "；".join(dict.fromkeys(parts))) for record, parts in by_record.values()
            if reveals.holds_numbers(store, record)]


def _candidates(store: Store, ledger: LedgerDef, asked: Person, unreadable: list[str]) -> list[Record]:
    """The records (deleted ones too) whose text holds one of the values asked, as stored: narrowed in SQL, so that
    a ledger of 100,000 records is not decoded whole; confirmed field by field afterwards."""
    keys = [value for value in (asked.name, asked.id_number, asked.phone) if value]
    columns = ["remarks", *(f.name for f in ledger.text_fields())]
    text = " || ".join(f"coalesce(\"{c}\", '')" for c in columns)
    spaced = f"replace(replace({text}, ' ', ''), '\u3000', '')"  # 马 建国, as a name may have been typed
    for dot in NAME_DOTS:  # 阿依古丽•买买提 too: any dot read as a name's 间隔号, as `_same_name` confirms it
        spaced = f"replace({spaced}, '{dot}', '{NAME_DOT}')"
    where = " OR ".join(f"instr({spaced}, ?)" for _ in keys)
    rids = [row[0] for row in store.conn.execute(f'SELECT rid FROM "{ledger.name}" WHERE {where} ORDER BY rid',
                                                 keys)]
    try:
        by_rid = store.rows(ledger.name, rids)
    except damaged.DamagedRecords as exc:
        by_rid = exc.readable
        unreadable.extend(f"{ledger.label} {number or rid}" for rid, number in exc.unreadable.items())
    return [by_rid[rid] for rid in rids if rid in by_rid]


def _day(ledger: LedgerDef, record: Record) -> str:
    return str(record.values.get(ledger.date_field) or "")


def _title(ledger: LedgerDef, record: Record) -> str:
    return str(record.values.get(ledger.title_field) or "") if ledger.title_field else ""


def _spaceless(value: Any) -> str:
    return "".join(value.split()) if isinstance(value, str) else ""


def said(store: Store, record: Record) -> str:
    """A record as the lists of 查找当事人 name it: its number (its id when it has none), at the county after its
    township (every township numbers its own), and （已删除） for a deleted one."""
    text = record.number or record.id
    if store.is_county:
        text = f"{divisions.names().get(record.township, record.township)} {text}"
    return text + (DELETED if record.deleted else "")


def _same_name(value: Any, name: str) -> bool:
    return bool(name) and isinstance(value, str) and name_dots("".join(value.split())) == name


def _same_id(value: Any, number: str) -> bool:
    return bool(number) and isinstance(value, str) and "".join(value.split()).upper() == number


def _same_phone(value: Any, number: str) -> bool:
    if not number or not isinstance(value, str) or not value.strip():
        return False
    try:
        return normalize_phone(value) == number
    except ValueError:
        return "".join(value.split()) == number


@dataclass(frozen=True)
class _Slot:
    """A place a record names a person: the role it gives (申请人, 出席人员, 申请人的法定代理人), the label of its
    field (当事人), the name, the field holding it, and, for the person whose row or record it is, the row and the
    ID and phone numbers beside the name (a complaint's 联系方式 belongs to its 投诉人)."""

    role: str
    label: str
    name: Any
    field: FieldDef
    group: FieldDef | None = None
    row: dict[str, Any] | None = None
    id_number: Any = None
    phone: Any = None
    numbers: tuple[FieldDef, ...] = ()
    #: a 单位 party's 名称: said by its role in a title, never a hit (no person's name)
    unit: bool = False


def _slots(ledger: LedgerDef, values: dict[str, Any]) -> Iterable[_Slot]:
    numbers = tuple(f for f in ledger.fields if f.type in ("idcard", "phone"))
    for f in ledger.fields:
        value = values.get(f.name)
        if f.type == "text" and f.sensitive:  # 投诉人, with the record's 联系方式
            yield _Slot(f.label, f.label, value, f, id_number=_of(values, numbers, "idcard"),
                        phone=_of(values, numbers, "phone"), numbers=numbers)
        elif f.type == "person":
            yield _Slot(f.label, f.label, value, f)
        elif f.type == "people":
            yield from (_Slot(f.label, f.label, name, f) for name in value or [])
        elif f.type == "group":
            for row in value or []:
                if isinstance(row, dict):
                    yield from _row_slots(f, row)


def _of(values: dict[str, Any], fields: Iterable[FieldDef], kind: str) -> Any:
    return next((values.get(f.name) for f in fields if f.type == kind), None)


def _row_slots(group: FieldDef, row: dict[str, Any]) -> Iterable[_Slot]:
    role = reveals.row_role(group, row) or group.label  # a role, never a value typed there (the log keeps it)
    numbers = tuple(sub for sub in group.fields if sub.type in ("idcard", "phone") and sub.name not in _NOT_HIS)
    for sub in group.fields:
        if sub.name == _OWN_NAME:
            yield _Slot(role, group.label, row.get(sub.name), sub, group, row, _of(row, numbers, "idcard"),
                        _of(row, numbers, "phone"), numbers)
        elif sub.name in _ACTING:
            his = tuple(f for f in group.fields
                        if f.name in _ACTING_OWN.get(sub.name, ()) and f.type in ("idcard", "phone"))
            yield _Slot(f"{role}的{sub.label}", group.label, row.get(sub.name), sub, id_number=_of(row, his, "idcard"),
                        phone=_of(row, his, "phone"), numbers=his)
        elif sub.type == "person":  # 汇报人, 回访人
            yield _Slot(sub.label, group.label, row.get(sub.name), sub)
        elif sub.name == _UNIT_NAME:
            yield _Slot(role, group.label, row.get(sub.name), sub, unit=True)


def _matched(slot: _Slot, asked: Person) -> tuple[str, ...]:
    if slot.unit:
        return ()
    return tuple(what for what, same in (("姓名", _same_name(slot.name, asked.name)),
                                         ("身份证号", _same_id(slot.id_number, asked.id_number)),
                                         ("电话", _same_phone(slot.phone, asked.phone))) if same)


def _hits(ledger: LedgerDef, record: Record, asked: Person) -> Iterable[Hit]:
    slots = [(slot, _matched(slot, asked)) for slot in _slots(ledger, record.values)]
    if not any(matched for _, matched in slots):
        return
    named = [(slot.name, slot.role) for slot, _ in slots if isinstance(slot.name, str) and slot.name.strip()]
    day, title = _day(ledger, record), _title(ledger, record)
    for slot, matched in slots:
        if not matched:
            continue
        # everyone else the record names, under another name than this place's (a minor's row found by his
        # phone, where he is the 法定代理人, is someone else's)
        others = tuple((name, role) for name, role in named if not _same_name(name, _spaceless(slot.name)))
        differs = tuple(what for what, given, held in (("姓名", asked.name, slot.name),
                                                      ("身份证号", asked.id_number, slot.id_number),
                                                      ("电话", asked.phone, slot.phone))
                        if given and held and what not in matched)
        yield Hit(record, ledger.label, day, title, slot.role, slot.label, matched, differs, _own(slot), others)


def _own(slot: _Slot) -> tuple[tuple[str, Any, FieldDef], ...]:
    """His own values where the slot names him, in full: a 当事人 row's sub-fields of him (not those acting for
    him), else the name and the numbers beside it."""
    if slot.group is not None and slot.row is not None:
        row = slot.row
        return tuple((sub.label, row.get(sub.name), sub) for sub in slot.group.fields
                     if sub.name not in _NOT_HIS and row.get(sub.name) not in (None, "", []))
    own = [("姓名", slot.name, slot.field)]
    own += [(f.label, value, f) for f in slot.numbers
            if (value := slot.id_number if f.type == "idcard" else slot.phone)]
    return tuple(own)


def _mentioned(ledger: LedgerDef, record: Record, asked: Person) -> tuple[str, ...]:
    """The labels of the free-text fields (text, long text, 备注; not those that hold a person) holding his name or
    a number asked."""
    keys = [key for key in (asked.name, asked.id_number, asked.phone) if key]
    texts = [("备注", record.values.get("remarks"))]
    texts += [(f.label, record.values.get(f.name)) for f in ledger.fields
              if f.type in ("text", "longtext") and not f.sensitive]
    for f in ledger.fields:
        if f.type == "group":
            for row in record.values.get(f.name) or []:
                if isinstance(row, dict):
                    texts += [(f.label, row.get(sub.name)) for sub in f.fields
                              if sub.type in ("text", "longtext") and sub.name not in (_OWN_NAME, *_ACTING)]
    return tuple(dict.fromkeys(label for label, text in texts if isinstance(text, str)
                               and any(key in name_dots("".join(text.split())) for key in keys)))
