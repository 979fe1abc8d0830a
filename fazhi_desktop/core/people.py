"""The roster of people who take part in meetings, study sessions, checks and mediation.

People fields in records store names (a free name is allowed); the roster suggests them and carries role tags.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from fazhi_desktop.core import dates
from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core.clock import utc_iso
from fazhi_desktop.core.errors import FieldProblem, NotFound, ValidationError
from fazhi_desktop.core.identifiers import normalize_phone
from fazhi_desktop.core.ids import uuid7
from fazhi_desktop.core.store import Store

ROLES = ("主要负责同志", "司法所所长", "执法人员", "调解员")


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
    revision: int = 1
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def display(self) -> str:
        """"张三（司法所所长）": how the roster offers a person."""
        detail = self.title or "、".join(self.roles)
        return f"{self.name}（{detail}）" if detail else self.name


def _clean(name: str, title: str | None, unit: str | None, roles: list[str] | tuple[str, ...],
           cert_no: str | None, cert_expiry: str | None, phone: str | None) -> dict:
    problems = []
    name = (name or "").strip()
    if not name:
        problems.append(FieldProblem("name", "姓名", "必填"))
    bad_roles = [r for r in roles if r not in ROLES]
    if bad_roles:
        problems.append(
            FieldProblem("roles", "角色", f"“{'、'.join(bad_roles)}”不是可选角色（可选：{'、'.join(ROLES)}）")
        )
    expiry = None
    if cert_expiry and str(cert_expiry).strip():
        try:
            expiry = dates.parse_date(cert_expiry).isoformat()
        except ValueError as exc:
            problems.append(FieldProblem("cert_expiry", "执法证有效期", str(exc)))
    clean_phone = None
    if phone and str(phone).strip():
        try:
            clean_phone = normalize_phone(phone)
        except ValueError as exc:
            problems.append(FieldProblem("phone", "联系电话", str(exc)))
    if "执法人员" in roles and not (cert_no or "").strip():
        problems.append(FieldProblem("cert_no", "执法证号", "执法人员须填写执法证号"))
    if problems:
        raise ValidationError(problems)
    return {
        "name": name, "title": (title or "").strip() or None, "unit": (unit or "").strip() or None,
        "roles": json.dumps(list(dict.fromkeys(roles)), ensure_ascii=False),
        "cert_no": (cert_no or "").strip() or None, "cert_expiry": expiry, "phone": clean_phone,
    }


def add_person(store: Store, actor: str, name: str, title: str | None = None, unit: str | None = None,
               roles: list[str] | tuple[str, ...] = (), cert_no: str | None = None,
               cert_expiry: str | None = None, phone: str | None = None) -> Person:
    """Add someone to the roster. Raises ValidationError naming the field at fault."""
    values = _clean(name, title, unit, roles, cert_no, cert_expiry, phone)
    person_id = uuid7()
    with dbmod.transaction(store.conn):
        store.conn.execute(
            "INSERT INTO people (id, name, title, unit, roles, cert_no, cert_expiry, phone, active, revision,"
            " updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, 1, ?, ?)",
            [person_id, *values.values(), utc_iso(store.clock()), actor],
        )
    return get_person(store, person_id)


def update_person(store: Store, person_id: str, actor: str, name: str, title: str | None = None,
                  unit: str | None = None, roles: list[str] | tuple[str, ...] = (), cert_no: str | None = None,
                  cert_expiry: str | None = None, phone: str | None = None, active: bool = True) -> Person:
    values = _clean(name, title, unit, roles, cert_no, cert_expiry, phone)
    get_person(store, person_id)
    with dbmod.transaction(store.conn):
        store.conn.execute(
            "UPDATE people SET name = ?, title = ?, unit = ?, roles = ?, cert_no = ?, cert_expiry = ?, phone = ?,"
            " active = ?, revision = revision + 1, updated_at = ?, updated_by = ? WHERE id = ?",
            [*values.values(), int(active), utc_iso(store.clock()), actor, person_id],
        )
    return get_person(store, person_id)


def set_active(store: Store, person_id: str, active: bool, actor: str) -> Person:
    """Deactivate someone who left (kept for old records) or bring them back."""
    p = get_person(store, person_id)
    return update_person(store, person_id, actor, p.name, p.title, p.unit, p.roles, p.cert_no, p.cert_expiry,
                         p.phone, active)


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


def _person(row: dict) -> Person:
    return Person(
        id=row["id"], name=row["name"], title=row["title"], unit=row["unit"], roles=tuple(json.loads(row["roles"])),
        cert_no=row["cert_no"], cert_expiry=row["cert_expiry"], phone=row["phone"], active=bool(row["active"]),
        revision=row["revision"],
    )
