"""The roster of people who take part in meetings, study sessions, checks and mediation.

People fields in records store names (a free name is allowed); the roster suggests them and carries role tags,
and the 到任日期 / 离任日期 that say who was in post in a past year (T47 领导干部述法 counts them).
"""

from __future__ import annotations

import calendar
import json
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date

from fazhi_desktop.core import dates, roster_log
from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core.clock import local_today, office_day_end, utc_iso
from fazhi_desktop.core.errors import Conflict, FieldProblem, NotFound, ValidationError
from fazhi_desktop.core.identifiers import normalize_phone
from fazhi_desktop.core.ids import uuid7
from fazhi_desktop.core.names import name_doubt
from fazhi_desktop.core.permissions import why_not_logged_in
from fazhi_desktop.core.places import YEAR_CLOSE
from fazhi_desktop.core.store import Store
from fazhi_desktop.core.validate import CONTROL, line_problem

ROLES = ("主要负责同志", "司法所所长", "执法人员", "调解员")
CERTIFIED_ROLE = "执法人员"
#: the roster's 执法证号 of a 执法人员 without one: T29 exists to find such staff, so the roster takes them
UNCERTIFIED = "未持证"


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    title: str | None = None
    unit: str | None = None
    roles: tuple[str, ...] = ()
    cert_no: str | None = None
    cert_expiry: str | None = None
    phone: str | None = None
    active: bool = True
    joined_on: str | None = None  # 到任日期, ISO
    left_on: str | None = None  # 离任日期, ISO
    revision: int = 1
    extra: dict[str, str] = field(default_factory=dict)
    #: who this entry is when the roster had the name before (migration 049): None, not asked; its own id, another
    #: person than its namesakes; a namesake's `person_key`, the same person as that one (core/indicators/roster.py)
    person: str | None = None

    @property
    def person_key(self) -> str:
        """The key an entry added as 同一人 with this one is given: this entry's own link, else its id."""
        return self.person or self.id

    @property
    def detail(self) -> str:
        """"司法所所长": the 职务, or the roles where none is entered; nothing without either."""
        return self.title or "、".join(self.roles)

    @property
    def display(self) -> str:
        """"张三（司法所所长）": how the roster offers a person."""
        return f"{self.name}（{self.detail}）" if self.detail else self.name

    @property
    def left_display(self) -> str:
        """"马书记（党委书记，2025-03-15离任）": how the roster offers a person taken out of use (`in_post_on` the
        record's date)."""
        return f"{self.name}（{self.detail + '，' if self.detail else ''}{self.left_on}离任）"

    def in_post_on(self, day: str) -> bool:
        """Whether the roster has this person in post on `day` (ISO), as the indicators read it (the SQL of
        core/indicators/roster.py): from the 到任日期, if any, to the 离任日期; without a 离任日期 while in use (one
        taken out of use without it is in post on no day)."""
        if self.joined_on is not None and self.joined_on > day:
            return False
        return self.active if self.left_on is None else self.left_on >= day

    @property
    def in_post(self) -> str:
        """"2021-03-01 至 2025-03-15", "2024-06-01 起", "至 2025-03-15", or nothing when neither day is known."""
        if self.joined_on and self.left_on:
            return f"{self.joined_on} 至 {self.left_on}"
        if self.joined_on:
            return f"{self.joined_on} 起"
        return f"至 {self.left_on}" if self.left_on else ""

    def cert_expired(self, day: str) -> bool:
        """Whether the roster's 执法证有效期 is before `day` (ISO): the certificate had expired by then."""
        return bool(self.cert_expiry and self.cert_expiry < day)

    def expiry_text(self, day: str) -> str:
        """The 有效期 as the roster lists it on `day`: “2025-06-30（已过期）” once passed, else the date or nothing."""
        return f"{self.cert_expiry}（已过期）" if self.cert_expired(day) else self.cert_expiry or ""

    @property
    def cert_text(self) -> str:
        """The 执法证号 as the roster lists it: the number, 未持证 for a 执法人员 without one, else nothing."""
        return self.cert_no or (UNCERTIFIED if CERTIFIED_ROLE in self.roles else "")


_MONTH = re.compile(r"\s*(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*月?\s*")
_SPACES = re.compile(r"\s+")


def _date(raw: str | None, key: str, label: str, problems: list[FieldProblem], month_end: date | None = None
          ) -> str | None:
    """A day typed in any of the usual ways; for 到任/离任 a month alone (2024年6月: appointments are often known
    to the month) is its first day, or with `month_end` (today) its last day not after today, so that the whole
    month counts as in post."""
    if not raw or not str(raw).strip():
        return None
    try:
        return dates.parse_date(raw).isoformat()
    except ValueError as exc:
        month = _MONTH.fullmatch(unicodedata.normalize("NFKC", str(raw))) if key in ("joined_on", "left_on") else None
        if month and 1 <= int(month[2]) <= 12:
            year, number = int(month[1]), int(month[2])
            if month_end is None:
                return date(year, number, 1).isoformat()
            return min(date(year, number, calendar.monthrange(year, number)[1]), month_end).isoformat()
        problems.append(FieldProblem(key, label, str(exc)))
        return None


def _clean(store: Store, name: str, title: str | None, unit: str | None, roles: list[str] | tuple[str, ...],
           cert_no: str | None, cert_expiry: str | None, phone: str | None, joined_on: str | None,
           left_on: str | None) -> dict:
    problems: list[FieldProblem] = []
    name = (name or "").strip()
    if not name:
        problems.append(FieldProblem("name", "姓名", "必填"))
    for key, label, text in (("name", "姓名", name), ("title", "职务", title), ("unit", "单位", unit),
                             ("cert_no", "执法证号", cert_no), ("phone", "联系电话", phone)):
        problem = line_problem(text.strip()) if isinstance(text, str) else None
        if problem:  # a control character stopped the county's Excel report; a name of 2,000,000 its notes
            problems.append(FieldProblem(key, label, problem))
    bad_roles = [r for r in roles if r not in ROLES]
    if bad_roles:
        problems.append(
            FieldProblem("roles", "角色", f"“{'、'.join(bad_roles)}”不是可选角色（可选：{'、'.join(ROLES)}）")
        )
    expiry = _date(cert_expiry, "cert_expiry", "执法证有效期", problems)
    joined = _date(joined_on, "joined_on", "到任日期", problems)
    today = local_today(store.clock)
    left = _date(left_on, "left_on", "离任日期", problems, month_end=today)
    if left and left > today.isoformat():
        problems.append(FieldProblem("left_on", "离任日期", "晚于今天：请在离任后再填写"))
    elif left and joined and left < joined:
        problems.append(FieldProblem("left_on", "离任日期", f"早于到任日期 {joined}"))
    clean_phone = None
    if phone and str(phone).strip() and not any(p.path == "phone" for p in problems):
        try:
            clean_phone = normalize_phone(phone)
        except ValueError as exc:
            problems.append(FieldProblem("phone", "联系电话", str(exc)))
    if problems:
        raise ValidationError(problems)
    return {
        "name": name, "title": (title or "").strip() or None, "unit": (unit or "").strip() or None,
        "roles": json.dumps(list(dict.fromkeys(roles)), ensure_ascii=False),
        "cert_no": (cert_no or "").strip() or None, "cert_expiry": expiry, "phone": clean_phone,
        "joined_on": joined, "left_on": left,
    }


def add_person(store: Store, actor: str, name: str, title: str | None = None, unit: str | None = None,
               roles: list[str] | tuple[str, ...] = (), cert_no: str | None = None,
               cert_expiry: str | None = None, phone: str | None = None, joined_on: str | None = None,
               left_on: str | None = None, note: str | None = None, same_as: str | None = None,
               other_person: bool = False) -> Person:
    """Add someone to the roster, for the logged-in user (`actor` only counts in a database without accounts), with
    its entry in the roster's change log (core/roster_log.py; `note`: what the program itself was doing, such as
    演示数据). Raises ValidationError naming the field at fault. Someone added with a 离任日期 (kept for the records
    of their years) is not in use. Under a name the roster has (`namesakes`), the user's answer: `same_as` the id of
    the entry this one is the same person as (改任、再任), or `other_person`; neither keeps the rule of entries not
    asked (core/indicators/roster.py)."""
    actor = store.acting(actor)
    store.permit("people.edit")  # checked here, as every right is: the roster's dates decide T47
    own_roster(store)
    values = _clean(store, name, title, unit, roles, cert_no, cert_expiry, phone, joined_on, left_on)
    person_id = uuid7()
    with dbmod.transaction(store.conn):
        store.permit("people.edit")  # again under the write lock, deciding: a role changed meanwhile counts
        _check_roster_change(store, None, values, values["left_on"] is None)
        values["person"] = person_id if other_person else _same_as(store, values["name"], same_as)
        store.conn.execute(
            f"INSERT INTO people (id, {', '.join(values)}, active, revision, updated_at, updated_by)"
            f" VALUES (?, {', '.join('?' * len(values))}, ?, 1, ?, ?)",
            [person_id, *values.values(), int(values["left_on"] is None), utc_iso(store.clock()), actor],
        )
        person = get_person(store, person_id)
        roster_log.note_change(store, None, person, actor, note)
    return person


def namesakes(store: Store, name: str, title: str | None = None, excluding: str | None = None) -> list[Person]:
    """The roster entries a person added as `name` (with 职务 `title`) may be: of the name as the figures match it
    (`matched_name`), left, or in post in another 职务 (a current one in the same 职务 is someone else). Whether it is
    the same person is asked (`same_person_question`), for the figures count people (T46c, T47). `excluding`: the
    entry being edited (renamed to the name, or answered for later), not its own namesake."""
    wanted, title = matched_name(name or ""), (title or "").strip() or None
    return [p for p in list_people(store) if matched_name(p.name) == wanted and wanted and p.id != excluding
            and (not p.active or p.left_on or p.title != title)]


def check_person(store: Store, person_id: str | None, name: str, title: str | None = None, unit: str | None = None,
                 roles: list[str] | tuple[str, ...] = (), cert_no: str | None = None, cert_expiry: str | None = None,
                 phone: str | None = None, joined_on: str | None = None, left_on: str | None = None,
                 active: bool = True) -> None:
    """Raise ValidationError for what adding (`person_id` None) or saving the entry would refuse, writing nothing:
    asked before 是否同一人, whose answer a wrong date made the dialog ask again once corrected."""
    values = _clean(store, name, title, unit, roles, cert_no, cert_expiry, phone, joined_on, left_on)
    before = get_person(store, person_id) if person_id is not None else None
    _check_roster_change(store, before, values, active and values["left_on"] is None)


def post_said(person: Person) -> str:
    """"（镇长，2024-03-01 至 2026-06-30）": the 职务 and term a namesake is told apart by; nothing without either."""
    said = "，".join(part for part in (person.detail, person.in_post) if part)
    return f"（{said}）" if said else ""


def same_person_question(person: Person) -> str:
    """名册中已有“王军”（镇长，2024-03-01 至 2026-06-30）：是同一人改任（或再任）吗？"""
    return f"名册中已有“{person.name}”{post_said(person)}：是同一人改任（或再任）吗？"


def _same_as(store: Store, name: str, same_as: str | None, own: str | None = None) -> str | None:
    """The person key of the entry `same_as` names, refused unless it is a namesake of `name` (other than `own`,
    the entry answered for)."""
    if same_as is None:
        return None
    found = [p for p in list_people(store) if p.id == same_as and p.id != own]
    if not found or matched_name(found[0].name) != matched_name(name):
        raise ValidationError([FieldProblem("name", "姓名", f"名册中没有与“{name}”同名的这一条（{same_as}）")])
    return found[0].person_key


def update_person(store: Store, person_id: str, actor: str, name: str, title: str | None = None,
                  unit: str | None = None, roles: list[str] | tuple[str, ...] = (), cert_no: str | None = None,
                  cert_expiry: str | None = None, phone: str | None = None, active: bool = True,
                  joined_on: str | None = None, left_on: str | None = None, same_as: str | None = None,
                  other_person: bool = False) -> Person:
    """Change someone's entry, for the logged-in user, old and new values going to the roster's change log; saving
    it unchanged writes nothing. A 离任日期 takes them out of use; clearing it leaves `active` as given. `same_as`
    or `other_person`: the answer to 是否同一人 given now (an entry added before it was asked, or renamed to a name
    the roster has), as `add_person` takes it; neither keeps the answer held."""
    actor = store.acting(actor)
    store.permit("people.edit")
    own_roster(store)
    values = _clean(store, name, title, unit, roles, cert_no, cert_expiry, phone, joined_on, left_on)
    active = active and values["left_on"] is None
    with dbmod.transaction(store.conn):
        store.permit("people.edit")  # again under the write lock, deciding (as in add_person)
        before = get_person(store, person_id)
        values["person"] = person_id if other_person else \
            _same_as(store, values["name"], same_as, person_id) if same_as is not None else before.person
        if not roster_log.changed(before, replace(before, **{**values, "roles": tuple(json.loads(values["roles"]))},
                                                  active=active)):
            return before
        _check_roster_change(store, before, values, active)
        store.conn.execute(
            f"UPDATE people SET {', '.join(f'{key} = ?' for key in values)}, active = ?, revision = revision + 1,"
            " updated_at = ?, updated_by = ? WHERE id = ?",
            [*values.values(), int(active), utc_iso(store.clock()), actor, person_id],
        )
        person = get_person(store, person_id)
        roster_log.note_change(store, before, person, actor, joined=joined_by_namesake(store, person))
    return person


def joined_by_namesake(store: Store, person: Person) -> bool:
    """Whether an entry of the same name was said to be the same person as `person` (its `person` is this id): an
    entry holding its own id is then the one they are held under, not 是另一人 (an old 王军 said 是同一人 with the
    王军 added as 是同一人 with it)."""
    return person.person == person.id and any(
        p.person == person.id and p.id != person.id and matched_name(p.name) == matched_name(person.name)
        for p in list_people(store))


def set_active(store: Store, person_id: str, active: bool, actor: str, left_on: str | None = None) -> Person:
    """Take someone out of use when they leave (with the day they left, when known; they stay in old records and
    in the 述法 roster of the years they were in post) or bring them back (in post again: no 离任日期)."""
    p = get_person(store, person_id)
    return update_person(store, person_id, actor, p.name, p.title, p.unit, p.roles, p.cert_no, p.cert_expiry,
                         p.phone, active, p.joined_on, None if active else left_on)


def expiry_note(store: Store, person: Person) -> str | None:
    """What saving `person` with a 执法证有效期 already passed should be told (a note, not a refusal: the roster
    keeps an expired certificate, which T29 and the 执法证核查 rows are checked against), or None."""
    today = local_today(store.clock).isoformat()
    if not person.cert_expired(today):
        return None
    return (f"{person.name}的执法证有效期{person.cert_expiry}早于今天，名册中显示为“已过期”；"
            "已换发新证的，请填写新的执法证号和有效期")


def name_note(name: str) -> str | None:
    """Why a roster name looks mistyped (`names.name_doubt`: 阿依古丽•买买提 with another dot than the 间隔号, 海 昇
    with a space, a post before the name), or None. A note, not a refusal, as a record's name is questioned: the
    figures match the records' names against the roster's (T46c's 主讲人, T47's 述法人), so the roster's spelling
    should be the one the records use."""
    doubt = name_doubt(counted_name(name or ""))
    return f"{doubt}（名册中的姓名用于与台账中的姓名对照统计）" if doubt else None


def roster_certificate(store: Store, name: str, day: str) -> tuple[str | None, str | None] | None:
    """(执法证号, 有效期) the roster gave `name` on `day` (ISO): of the one roster person of that name in post that
    day (到任/离任, `Person.in_post_on`), a 执法人员 (whose 执法证号 None is 未持证) or one with a number, as the roster
    had them that day (`roster_on`: a June renewal or withdrawal leaves March's certificate to March). None when the
    roster has no such person or several (it cannot tell which), at the county, which keeps no roster, and for a
    day before the log began for that person (someone in the roster before it, whose certificate or roles it saw
    changed later: what they were then is not known). One query."""
    if store.is_county or not name or not name.strip():
        return None
    try:
        found = [(person, unknown) for person, unknown in roster_on(store, day, name.strip())
                 if person.in_post_on(day)]
    except ValueError:  # no date: nothing to look up
        return None
    if len(found) != 1 or found[0][1] & set(_CERTIFICATE) or not (found[0][0].cert_no
                                                                   or CERTIFIED_ROLE in found[0][0].roles):
        return None
    return found[0][0].cert_no, found[0][0].cert_expiry


def roster_on(store: Store, day: str, name: str | None = None) -> list[tuple[Person, frozenset[str]]]:
    """The roster as it was on `day` (ISO), by name (only the people of `name` when given), each person with the
    fields whose value that day is not known: their 职务, 单位, roles and certificate (`AS_WAS`) taken back through
    the roster's change log (core/roster_log.py) to the values they had before each change made after `day` (a
    职务 edited in October leaves September's to September; their adding is no change). Their name and 到任/离任
    dates are today's: the dates are what is now known of their tenure (a 离任 recorded late still ends it), which
    `Person.in_post_on(day)` reads. Not known: a field the log saw changed after `day` when the log began for that
    person after it (someone in the roster before the log, migration 020: changes before it left no trace); its
    value is then the first entry's old value, what it was until then. Raises ValueError for a `day` that is not a
    date. One query."""
    after = office_day_end(day)
    rows = store.query(_AS_OF + " WHERE p.name = ?2 ORDER BY p.name, p.rowid", [after, name]) if name is not None \
        else store.query(_AS_OF + " ORDER BY p.name, p.rowid", [after])
    found: list[tuple[Person, frozenset[str]]] = []
    for row in rows:
        then: dict[str, str | None] = {}  # each field's old value in the first entry after `day` to change it
        for _, changes in sorted(_entries(row["later"])):
            for key, old, _ in json.loads(changes):
                if key in AS_WAS:
                    then.setdefault(key, json.dumps(old, ensure_ascii=False) if key == "roles" else old)
        guessed = bool(row["logged_from"] and row["logged_from"] >= after)
        found.append((_person({**row, **then}), frozenset(then) if guessed else frozenset()))  # roles as json
    return found


def entry_on(persons: list[Person], day: str) -> Person:
    """Of the roster people of one name (`persons`, at least one), the entry `day` (ISO) belongs to: the one in post
    that day, of several the last to come into post (a post change's new entry, on the day the old one ends), else
    one already in post by then (left since, or taken out of use without a 离任日期) before one yet to come."""
    return max(persons, key=lambda p: (p.in_post_on(day), (p.joined_on or "") <= day, p.joined_on or ""))


def _entries(later: str | None) -> list[tuple[int, str]]:
    """(id, changes) of each entry `_AS_OF` gives as `later`."""
    return [(int(number), changes) for number, changes in
            (entry.split(_APART, 1) for entry in later.split(_NEXT))] if later else []


#: what the roster says of a person's certificate, as its change log names the fields
_CERTIFICATE = ("cert_no", "cert_expiry", "roles")
#: what the roster says of a person's post on a day, taken back through its change log (`roster_on`)
AS_WAS = ("title", "unit", *_CERTIFICATE)
_APART, _NEXT = "\x1f", "\x1e"  # never in `changes`: JSON escapes control characters
#: the roster people with `later`: the id and `changes` of each entry of the roster's change log that changed one of
#: `AS_WAS` after a day (?1: its end, `office_day_end`), whose old values are what they were that day (`changes` is
#: [[field, old, new], …] as json.dumps writes it, where a `"` within a value is escaped, so the pattern matches a
#: field name only); and `logged_from`, when the log began for that person: '' from their adding, else the time of
#: their first entry (someone in the roster before the log, migration 020), before which a change the log saw leaves
#: the field unknown. One pass over the person's entries past that day, as before certificates were taken back:
#: 20 µs a lookup by name (CPU time), 27–47 µs for a person with 60 entries, 2 of them certificate changes
_AS_OF = ("SELECT p.*, (SELECT CASE WHEN f.op = 'add' THEN '' ELSE f.at END FROM roster_log f WHERE f.person_id = p.id"
          " ORDER BY f.id LIMIT 1) AS logged_from, (SELECT group_concat(l.id || char(31) || l.changes, char(30))"
          " FROM roster_log l WHERE l.person_id = p.id AND l.at >= ?1 AND l.op != 'add'"
          """ AND (l.changes LIKE '%["cert_%' OR l.changes LIKE '%["roles",%' OR l.changes LIKE '%["title",%'"""
          """ OR l.changes LIKE '%["unit",%')) AS later FROM people p""")


def tenure_refused(store: Store) -> str | None:
    """Why the logged-in user may not add, date, rename, untick, stop or start a person of a role the figures count
    (T47: 主要负责同志), or None: the 所长's and the 管理员's to change, since it moves a scored figure."""
    return why_not_logged_in(store.user, "people.tenure")


def counts_for_figures(store: Store, person: Person) -> bool:
    """Is `person` of a role the figures count (T47: 主要负责同志, by the catalog in use)?"""
    return bool(set(person.roles) & counted_roles(store))


def _check_roster_change(store: Store, before: Person | None, values: dict, active: bool) -> None:
    """Raise ValidationError when saving `values` (`_clean`'s) over `before` (None: someone added) changes what the
    figures count and the user may not (`_check_tenure_right`) or a closed year would change (`_check_closed_years`);
    the catalog's counted roles are read once, and only when either can refuse."""
    from fazhi_desktop.core import year_close

    refused = tenure_refused(store)
    closed = [year for year, state in year_close.states(store.conn).items() if state.closed]
    if refused is None and not closed:
        return
    if refused is not None:
        _check_tenure_right(refused, counted_roles(store), before, values, active)
    if closed:  # each closed year by the roles its own catalog counts (catalog_years.py)
        _check_closed_years({year: counted_roles(store, year) for year in closed}, before, values, active)


def _check_tenure_right(refused: str, counted: frozenset[str], before: Person | None, values: dict,
                        active: bool) -> None:
    """Raise ValidationError, at the fields that do it, when a user who may not (`refused`: why) would change what
    the figures count of a person of a counted role: added with one, given or stripped of one, or their name, dates
    or use changed."""
    roles = set(json.loads(values["roles"]))
    said = f"{refused}：主要负责同志的姓名、角色、到任离任日期和停用启用决定“领导干部述法”的应述法人数，请所长修改"
    if before is None or not set(before.roles) & counted:
        if roles & counted:
            raise ValidationError([FieldProblem("roles", "角色", said)])
        return
    after = (counted_name(values["name"]), roles & counted, values["joined_on"], values["left_on"])
    was = (counted_name(before.name), set(before.roles) & counted, before.joined_on, before.left_on)
    blamed = [field for field, old, new in zip(_BLAMED, was, after, strict=True) if old != new]
    if not blamed and active != before.active:
        blamed = [("left_on", "离任日期")]
    if blamed:
        raise ValidationError([FieldProblem(key, label, said) for key, label in blamed])


def counted_name(name: str) -> str:
    """A roster name as compared for a change the figures would see: without the control characters and surrounding
    whitespace an earlier version let be saved (a tab pasted from Excel), which the roster form now refuses and the
    export asks to correct. Correcting them is no change to who was in post, in a closed year or for 述法, here or at
    the county (`indicators.roster.counted_in`, which core/bundle/roster_moves.py compares rosters by), nor to T47,
    which reads roster names so cleaned (core/indicators/roster.py)."""
    return CONTROL.sub("", name).strip()


#: a name of Chinese characters only, once the whitespace within it is gone
_CJK_NAME = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def matched_name(name: str) -> str:
    """A name as the figures match a record's to the roster's (T46c's 主讲人, T47's 述法人): `counted_name`, and for
    a name of Chinese characters only without the spaces within it, which a clerk types to align a two-character
    name with three-character ones (王　伟, a full-width space, the usual alignment, is the roster's 王伟). A name with
    other letters (a transliterated name, Latin) keeps its spaces."""
    name = counted_name(name)
    squeezed = _SPACES.sub("", name)
    return squeezed if _CJK_NAME.fullmatch(squeezed) else name


_BLAMED = (("name", "姓名"), ("roles", "角色"), ("joined_on", "到任日期"), ("left_on", "离任日期"))


def _check_closed_years(closed: dict[int, frozenset[str]], before: Person | None, values: dict,
                        active: bool) -> None:
    """Raise ValidationError when saving `values` over `before` would change who was in post in a `closed` year
    (core/year_close.py; with the roles its catalog counts), and so that year's 领导干部述法 (T47 counts the roster):
    at the fields that did it, with what to do."""
    from fazhi_desktop.core.indicators.roster import counted_in

    for year, counted in closed.items():
        after = (values["name"], tuple(sorted(set(json.loads(values["roles"])) & counted)),
                 values["joined_on"], values["left_on"], active)
        was = (before.name, tuple(sorted(set(before.roles) & counted)), before.joined_on, before.left_on,
               before.active) if before else None
        if counted_in(year, *after) == (counted_in(year, *was) if was else None):
            continue
        again = f"须由所长或管理员先重新打开{year}年（{YEAR_CLOSE}）"
        if was is None:
            dated = "未填到任日期即视为" if after[2] is None else f"到任日期在{year}年或之前，即"
            raise ValidationError([FieldProblem("joined_on", "到任日期", (
                f"{year}年已封账：{dated}{year}年已在任，会改变{year}年“领导干部述法”的应述法人数；"
                f"{year + 1}年起到任的请填写到任日期，{year}年已在任的{again}"))])
        changed = [blamed for blamed, old, new in zip(_BLAMED, was[:4], after[:4], strict=True) if old != new]
        said = f"{year}年已封账：此项修改会改变{year}年在任的人员（“领导干部述法”按名册计应述法人数）；{again}"
        if before is not None and active and not before.active and before.left_on:  # back after leaving
            said = (f"{year}年已封账：{before.name}已于{before.left_on}离任，重新启用会改变{year}年在任的人员；"
                    f"如已重新到任，请用“添加人员”另加一条并填写新的到任日期（{year + 1}年以后），或{again}")
            raise ValidationError([FieldProblem("left_on", "离任日期", said)])
        if not changed:  # taken out of use without a 离任日期, or brought back: in post on 31 December or not
            said = (f"{year}年已封账：停用或启用此人会改变{year}年在任的人员（停用而未填离任日期的，"
                    f"不计为12月31日在任）；停用请填写离任日期（{year + 1}年以后），或{again}")
            changed = [("left_on", "离任日期")]
        raise ValidationError([FieldProblem(key, label, said) for key, label in changed])


def counted_roles(store: Store, year: int | None = None) -> frozenset[str]:
    """The roles the figures count roster people of (T47: 主要负责同志): of `year`, by the catalog scoring it; without
    a year, by every catalog this database follows (a closed year is scored by its own, catalog_years.py, which may
    count a role this year's no longer does); every role when one cannot be read now (the figures page says why)."""
    from fazhi_desktop.core.indicators import catalog_schedule, load_catalog_for
    from fazhi_desktop.core.indicators.catalog import CatalogError

    try:
        if year is not None:
            return load_catalog_for(store, remember=False, year=year).roster_roles
        return frozenset().union(*(catalog.roster_roles for _, catalog in catalog_schedule(store)))
    except CatalogError:
        return frozenset(ROLES)


def get_person(store: Store, person_id: str) -> Person:
    rows = list(store.query("SELECT * FROM people WHERE id = ?", [person_id]))
    if not rows:
        raise NotFound(f"名册中没有此人（{person_id}）")
    return _person(rows[0])


def list_people(store: Store, active_only: bool = False, role: str | None = None) -> list[Person]:
    """The roster, people with `role` first when asked, then by name."""
    where = "WHERE active = 1" if active_only else ""
    people = [_person(r) for r in store.query(f"SELECT * FROM people {where} ORDER BY name")]
    if role:
        people.sort(key=lambda p: role not in p.roles)
    return people


def own_roster(store: Store) -> None:
    """Refused (Conflict) at the county, which keeps no roster of its own: it reads the townships'
    (township_rosters), as it does their records. Asked by every command changing the roster (cli_people)."""
    if store.is_county:
        raise Conflict("县级数据库不登记人员名册：名册由各乡镇登记，随数据包报送到县里")


def township_rosters(store: Store) -> list[tuple[str, Person]]:
    """At the county: the rosters the townships sent in their bundles, as (township code, person), by township and
    name. What T47 counts there; read-only (a township changes its own roster and sends it again)."""
    return [(row["township"], _person(row))
            for row in store.query("SELECT * FROM township_people ORDER BY township, name")]


def _person(row: dict) -> Person:
    return Person(
        id=row["id"], name=row["name"], title=row["title"], unit=row["unit"], roles=tuple(json.loads(row["roles"])),
        cert_no=row["cert_no"], cert_expiry=row["cert_expiry"], phone=row["phone"], active=bool(row["active"]),
        joined_on=row["joined_on"], left_on=row["left_on"], revision=row["revision"], person=row.get("person"),
    )
