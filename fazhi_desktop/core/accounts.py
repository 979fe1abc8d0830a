"""Local user accounts: login with a memory-hard password hash, lock-out after repeated failures, roles.

Passwords are hashed with scrypt (hashlib, OpenSSL) and a random 16-byte salt per account; the stored text names
its parameters (`scrypt$n=32768,r=8,p=1$<salt>$<hash>`), so they can be raised later without breaking old hashes.
n=2^15, r=8, p=1 needs 32 MiB and about 0.1 s per attempt on an office PC: cheap for one login, expensive for
guessing. Five wrong passwords in a row lock the account for 15 minutes (by the store's injectable clock).

Nothing here logs or raises a password, and log lines name no person: the database's `account_log` keeps who did
what to which account (it holds the records' personal data anyway, and goes where the records go).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import math
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core import failures
from fazhi_desktop.core.clock import local_time, utc_iso
from fazhi_desktop.core.errors import FieldProblem, LoginFailed, NotFound, ValidationError
from fazhi_desktop.core.permissions import ADMIN, CLERK, HEAD, ROLE_LABELS, role_id
from fazhi_desktop.core.places import ACCOUNTS
from fazhi_desktop.core.store import Store

log = logging.getLogger(__name__)

MAX_FAILURES = 5
RECOVERED = "用备份恢复码重设密码"  # the account-log event of `recover_admin`
RECOVERY_ACTOR = "（备份恢复码）"  # who `recover_admin` acted as: nobody logged in, the code's holder
RECOVERY_WRONG = "恢复码输错"  # the account-log event of a wrong code given to `recover_admin`
LOGGED_IN = "登录"
LOGIN_FAILED = "登录失败"
LOCK_MINUTES = 15
MIN_PASSWORD = 8
SALT_BYTES = 16


@dataclass(frozen=True)
class ScryptCost:
    """scrypt's parameters: memory = 128 * n * r bytes."""

    n: int = 2**15
    r: int = 8
    p: int = 1


DEFAULT_COST = ScryptCost()
#: demonstration accounts (`fazhi-desktop --demo`, `fazhi demo`): (name, display name, role); password DEMO_PASSWORD
DEMO_ACCOUNTS = (("admin", "系统管理员", ADMIN), ("杨芳", "杨芳", HEAD), ("马丽", "马丽", CLERK))
DEMO_PASSWORD = "demo2026"


@dataclass(frozen=True)
class User:
    """An account as the program sees it (never its password hash)."""

    name: str
    display_name: str
    role: str
    active: bool = True
    locked_until: str | None = None
    last_login_at: str | None = None
    #: at this login: when the password was last reset with the backup recovery code, if since the login before
    #: (for a 管理员, another 管理员 account's reset counts too: `recovered_account` names it)
    recovered_at: str | None = None
    recovered_account: str | None = None
    #: the password was set by a 管理员 (a new account, a reset): to be changed at the next login (TEMPORARY)
    temporary_password: bool = False
    #: this login is the account's first (a newcomer's: the main window says where to start, qt/welcome_banner.py);
    #: not the office's setup, whose first 管理员 sees 第一次使用 instead (core/setup.py)
    first_login: bool = False

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    def is_locked(self, now: datetime) -> bool:
        """Is the account locked out (too many wrong passwords) at `now`?"""
        return bool(self.locked_until) and now < _parse(self.locked_until or "")

    @property
    def label(self) -> str:
        """"马丽（录入员）": how the status bar and lists show the user."""
        return f"{self.display_name}（{self.role_label}）"


# -- password hashing ----------------------------------------------------------------------------------------


def hash_password(password: str, cost: ScryptCost | None = None) -> str:
    """The stored form of `password`: scrypt with a fresh random salt, parameters written alongside."""
    cost = cost or DEFAULT_COST
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(password, salt, cost.n, cost.r, cost.p)
    return f"scrypt$n={cost.n},r={cost.r},p={cost.p}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """Does `password` match the stored hash? Constant-time comparison; a malformed hash never matches."""
    try:
        scheme, params, salt, digest = stored.split("$")
        values = dict(item.split("=") for item in params.split(","))
        n, r, p = int(values["n"]), int(values["r"]), int(values["p"])
        expected = base64.b64decode(digest)
        actual = _scrypt(password, base64.b64decode(salt), n, r, p, len(expected))
    except (ValueError, KeyError):
        return False
    return scheme == "scrypt" and hmac.compare_digest(actual, expected)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int = 32) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * n * r + 2**20,
                          dklen=length)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def name_problem(name: str) -> str | None:
    """Why `name` cannot be a user name (None when it can): asked by the wizard as it is typed, and by add_account."""
    name = (name or "").strip()
    if not name:
        return "必填"
    if len(name) > 32 or any(ch.isspace() or ch in "$\"'\\" for ch in name):
        return "最多32个字符，不能有空格和引号"
    return None


def display_name_problem(display_name: str) -> str | None:
    """Why `display_name` cannot be an account's 姓名 (None when it can): asked by add_account and change_account."""
    display_name = (display_name or "").strip()
    if not display_name:
        return "必填"
    if len(display_name) > 32 or any(not ch.isprintable() for ch in display_name):
        return "最多32个字符，不能有换行等控制字符"
    return None


def check_new_password(password: str, name: str) -> None:
    """Refuse a password that is too short or is the user name (ValidationError naming the password field)."""
    if len(password or "") < MIN_PASSWORD:
        raise ValidationError([FieldProblem("password", "密码", f"至少 {MIN_PASSWORD} 个字符")])
    if not password.strip():
        raise ValidationError([FieldProblem("password", "密码", "不能全是空格")])
    if password.strip().casefold() == name.strip().casefold():
        raise ValidationError([FieldProblem("password", "密码", "不能与用户名相同")])


# -- reading -------------------------------------------------------------------------------------------------


def has_accounts(store: Store) -> bool:
    """Has this database any account yet? (Before the first one, nothing asks for a login.)"""
    return store.conn.execute("SELECT 1 FROM accounts LIMIT 1").fetchone() is not None


def list_accounts(store: Store, include_inactive: bool = True) -> list[User]:
    """Accounts in order of role (管理员 first) and name."""
    where = "" if include_inactive else "WHERE active = 1"
    rows = store.query(f"SELECT * FROM accounts {where} ORDER BY CASE role WHEN 'admin' THEN 0 WHEN 'head' THEN 1 "
                       "ELSE 2 END, name")
    return [_user(r) for r in rows]


def get_account(store: Store, name: str) -> User:
    row = _row(store, name)
    if row is None:
        raise NotFound("没有这个账户")
    return _user(row)


def _row(store: Store, name: str) -> dict | None:
    rows = store.query("SELECT * FROM accounts WHERE name = ?", [(name or "").strip()])
    return rows[0] if rows else None


def _user(row: dict) -> User:
    return User(row["name"], row["display_name"], row["role"], bool(row["active"]), row["locked_until"],
                row["last_login_at"], temporary_password=bool(row.get("password_temporary")))


#: said at a login with a password a 管理员 set (User.temporary_password), in the window and by `fazhi`
TEMPORARY = "您的密码是管理员设置的临时密码，请先改成只有自己知道的新密码"


# -- login ---------------------------------------------------------------------------------------------------


def login(store: Store, name: str, password: str) -> User:
    """Check name and password; on success bind the account to the store (`store.user`) and return it.

    Raises LoginFailed with a message a clerk can act on: unknown name, wrong password (with the attempts left),
    locked (with the minutes remaining) or deactivated. A wrong password counts towards the lock-out.
    """
    user = authenticate(store, name, password)
    store.user = user
    return user


def authenticate(store: Store, name: str, password: str, event: str = LOGGED_IN,
                 failed_event: str = LOGIN_FAILED) -> User:
    """`login` without binding the account to the store (to check a password again, e.g. before changing it).
    `event` and `failed_event` name the account-log entries (the idle lock's password is not a login)."""
    row = _row(store, name)
    if row is None:
        raise LoginFailed("没有这个用户名。请检查输入，或请管理员为您创建账户。")
    now = store.clock()
    if row["locked_until"] and now < _parse(row["locked_until"]):
        minutes = math.ceil((_parse(row["locked_until"]) - now).total_seconds() / 60)
        raise LoginFailed(f"密码连续输错 {MAX_FAILURES} 次，账户已锁定，请 {minutes} 分钟后再试，或请管理员解锁。")
    if not verify_password(password or "", row["password_hash"]):
        _count_failure(store, row, now, failed_event)
    if not row["active"]:  # said to whoever knows the password only
        raise LoginFailed("这个账户已停用，请联系管理员。")
    recovered = _recovered_since_last_login(store, row)  # asked before this login is noted
    try:
        with dbmod.transaction(store.conn, "记录登录"):
            store.conn.execute("UPDATE accounts SET failed_logins = 0, locked_until = NULL, last_login_at = ? "
                               "WHERE name = ?", [utc_iso(now), row["name"]])
            _log_event(store, row["name"], event, row["name"])
    except (failures.DatabaseLocked, failures.ReadOnlyStorage):
        # `fazhi list` beside a window holding the write lock, a database on a write-protected stick: a look at
        # the records must not fail with 保存失败 for want of the login's entry (whatever then writes still fails)
        log.warning("login not recorded: the database is locked or read-only")
    log.info("login succeeded")
    return replace(_user({**row, "failed_logins": 0, "locked_until": None, "last_login_at": utc_iso(now)}),
                   recovered_at=recovered[0] if recovered else None,
                   recovered_account=recovered[1] if recovered else None,
                   first_login=row["last_login_at"] is None)


def _recovered_since_last_login(store: Store, row: dict) -> tuple[str, str] | None:
    """(when, which account) of the latest reset with the recovery code since this account last logged in (or was
    created): of its own password, and for a 管理员 of any 管理员 account's, as only a 管理员 can undo one."""
    accounts = "" if row["role"] == ADMIN else "account = ? AND"
    found = store.conn.execute(
        f"SELECT at, account FROM account_log WHERE {accounts} event = ? AND id > coalesce((SELECT max(id) FROM "
        "account_log WHERE account = ? AND (event = ? OR event LIKE '创建%')), 0) ORDER BY id DESC LIMIT 1",
        [*([row["name"]] if accounts else []), RECOVERED, row["name"], LOGGED_IN]).fetchone()
    return (found[0], found[1]) if found else None


def recovery_notice(user: User) -> str | None:
    """What the first login after a reset with the recovery code says, so that a 管理员 whose account someone else
    took over (a 录入员 who read the key folder, where the code is kept) notices, and so does every other 管理员
    (whose account was locked out at the time); None otherwise."""
    if not user.recovered_at:
        return None
    when = local_time(user.recovered_at)
    if user.recovered_account not in (None, user.name):
        return (f"管理员账户 {user.recovered_account} 的密码已于 {when} 用备份恢复码重设（当时没有管理员能登录）。"
                f"如非本所同意，请在“{ACCOUNTS}”中停用该账户，点“日志”查看此后的操作，并检查还有谁能打开本机上的"
                "密钥文件夹（备份恢复码保存在其中）。")
    return (f"账户 {user.name} 的密码已于 {when} 用备份恢复码重设。如非本人所为，"
            f"请立即修改密码，在“{ACCOUNTS} → 日志”中查看此后的操作，并检查还有谁能打开本机上的密钥文件夹"
            "（备份恢复码保存在其中）。")


def _count_failure(store: Store, row: dict, now: datetime, event: str = LOGIN_FAILED) -> None:
    failures = row["failed_logins"] + 1
    # a lock that has run out starts a fresh count
    if row["locked_until"] and now >= _parse(row["locked_until"]):
        failures = 1
    locked_until = utc_iso(now + timedelta(minutes=LOCK_MINUTES)) if failures >= MAX_FAILURES else None
    with dbmod.transaction(store.conn):
        store.conn.execute("UPDATE accounts SET failed_logins = ?, locked_until = ? WHERE name = ?",
                           [0 if locked_until else failures, locked_until, row["name"]])
        _log_event(store, row["name"], "锁定（密码连续输错）" if locked_until else event, row["name"])
    log.info("login failed (%d of %d)", failures, MAX_FAILURES)
    if locked_until:
        raise LoginFailed(f"密码连续输错 {MAX_FAILURES} 次，账户已锁定 {LOCK_MINUTES} 分钟。"
                          "请稍后再试，或请管理员解锁。")
    left = MAX_FAILURES - failures
    raise LoginFailed(f"密码不正确。再输错 {left} 次，账户将锁定 {LOCK_MINUTES} 分钟。")


def logout(store: Store) -> None:
    """Unbind the logged-in account: the store acts for nobody until the next login."""
    store.user = None


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


# -- managing accounts ---------------------------------------------------------------------------------------


def add_account(store: Store, name: str, display_name: str | None, role: str, password: str,
                actor: str | None = None, temporary: bool | None = None) -> User:
    """Create an account. Needs a logged-in 管理员 (`store.user`), except for the very first account, which
    must be a 管理员 (whoever sets up the database creates it). `role` is an id or a Chinese name. The password a
    管理员 gives another person is `temporary` (changed at that person's first login) unless said otherwise; the
    first account's is its maker's own.

    The password is hashed first (0.1 s of scrypt); who may add and whether the name is taken are asked inside the
    write, under SQLite's write lock: a 管理员 stopped or demoted at that moment (another window, another PC)
    creates nobody, and the first account is created once."""
    name, display_name = (name or "").strip(), (display_name or name or "").strip()
    role = _role(role)
    wrong = name_problem(name)
    if wrong:
        raise ValidationError([FieldProblem("name", "用户名", wrong)])
    wrong = display_name_problem(display_name)
    if wrong:
        raise ValidationError([FieldProblem("display_name", "姓名", wrong)])
    check_new_password(password, name)
    password_hash = hash_password(password)
    with dbmod.transaction(store.conn, "添加账户"):
        first = not has_accounts(store)
        if first and role != ADMIN:
            raise ValidationError([FieldProblem("role", "角色", "第一个账户必须是管理员（用于管理其他账户）")])
        if not first:
            _require_admin(store)
        if _row(store, name) is not None:
            raise ValidationError([FieldProblem("name", "用户名", "已有同名账户")])
        by = _by(store, actor, name)
        now = utc_iso(store.clock())
        if temporary is None:
            temporary = not first and by.casefold() != name.casefold()
        store.conn.execute(
            "INSERT INTO accounts (name, display_name, role, password_hash, created_at, created_by, updated_at,"
            " updated_by, password_temporary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [name, display_name, role, password_hash, now, by, now, by, int(temporary)],
        )
        _log_event(store, name, f"创建（{ROLE_LABELS[role]}）", by)
    log.info("account created")
    return get_account(store, name)


def may_change_password(store: Store, name: str) -> bool:
    """Whether the logged-in user may set account `name`'s password, asked before a new one is typed: True for
    their own, False for a 管理员 resetting another's; NotFound, or LoginFailed / PermissionDenied otherwise."""
    return _may_change(store, _row(store, name))


def _may_change(store: Store, row: dict | None) -> bool:
    """`may_change_password` for the account's row as read (None: no such account)."""
    if row is None:
        raise NotFound("没有这个账户")
    if store.user is not None and store.user.name.casefold() == row["name"].casefold():
        return True
    _require_admin(store)
    return False


def change_password(store: Store, name: str, new_password: str, old_password: str | None = None) -> None:
    """Set a new password. A user changes their own with the old password; a 管理员 resets anyone's without it,
    and the password set is temporary (to be changed at that person's next login); one's own never is.

    A wrong old password is counted (towards the lock-out) in a write of its own, kept whatever follows. The right
    to reset is asked again inside the write, under SQLite's write lock: a 管理员 stopped at that moment resets
    nothing."""
    row = _row(store, name)
    own = _may_change(store, row)
    if own and old_password is not None:
        if not verify_password(old_password, row["password_hash"]):
            try:
                _count_failure(store, row, store.clock())  # guessing the old password locks as a login does
            except LoginFailed as exc:
                raise LoginFailed(f"原{exc}") from None
        if new_password == old_password:
            raise ValidationError([FieldProblem("password", "新密码", "与原密码相同")])
    check_new_password(new_password, row["name"])
    password_hash = hash_password(new_password)
    with dbmod.transaction(store.conn, "修改密码"):
        if own and old_password is not None:
            store.check_account()  # one's own, with the old password: refused only to an account stopped meanwhile
        else:  # another's, or their own without the old password: a 管理员 only
            _require_admin(store)
        _update(store, row["name"], "修改密码" if own else "重设密码", password_hash=password_hash,
                failed_logins=0, locked_until=None, password_temporary=int(not own))


def recover_admin(store: Store, name: str, recovery_code: str, new_password: str) -> bool:
    """The way back for an office where no 管理员 can log in: the backup recovery code (on paper with the 所长, and
    the key to every backup anyway) sets a new password for a 管理员 account and unlocks it.

    Refused while another 管理员 can log in (in use and not locked out): that one resets the password, and the code
    must not make a 管理员 of whoever holds it behind their back. A stopped account is started again only when no
    管理员 account is in use at all (else the one in use is the one to recover). Returns whether it was."""
    from fazhi_desktop.core.backup import sealing

    row = _row(store, name)
    if row is None or row["role"] != ADMIN:
        raise ValidationError([FieldProblem("name", "用户名", "不是管理员账户：恢复码只能重设管理员的密码")])
    key = sealing.load_key(store.path) if store.path else None
    if key is None:
        raise LoginFailed("本所还没有备份恢复码（第一次备份时生成），不能用它重设密码")
    problem = sealing.code_problem(recovery_code or "")
    if problem or not hmac.compare_digest(sealing.normal_code(recovery_code), key.code):
        _note_wrong_code(store, row["name"])
        raise LoginFailed(problem or "备份恢复码不对")
    others = _active_admins(store, row["name"])
    now = store.clock()
    able = [other["name"] for other in others if not (other["locked_until"] and now < _parse(other["locked_until"]))]
    if able:
        undo = "启用并重设" if not row["active"] else "重设"
        raise LoginFailed(f"本所还有能登录的管理员（{'、'.join(able)}）：请由其在“{ACCOUNTS}”中{undo} "
                          f"{row['name']} 的密码。备份恢复码只在没有管理员能登录时使用；"
                          "如果没有人知道其密码：在登录窗口把其密码输错 5 次，账户锁定后的 15 分钟内即可用恢复码")
    if not row["active"] and others:
        raise LoginFailed(f"账户 {row['name']} 已停用，恢复码不能再启用它：请改为重设在用的管理员"
                          f"（{'、'.join(other['name'] for other in others)}）的密码")
    check_new_password(new_password, row["name"])
    password_hash = hash_password(new_password)  # before the write lock, as the other account writes
    revived = not row["active"]
    with dbmod.transaction(store.conn, "重设密码"):
        _update(store, row["name"], RECOVERED, by=RECOVERY_ACTOR, password_hash=password_hash,
                failed_logins=0, locked_until=None, password_temporary=0)  # the code's holder sets their own
        if revived:  # no 管理员 in use at all (a backup from before they were added restored): the only way back
            _update(store, row["name"], "启用（没有在用的管理员）", by=RECOVERY_ACTOR, active=1)
    return revived


def _note_wrong_code(store: Store, name: str) -> None:
    """A wrong recovery code in the account log (`RECOVERY_WRONG`), as a wrong password at login is (the code is
    not written). Not counted towards the lock-out: the lock is what the code gets past (a 管理员 locked out by
    five wrong passwords is recovered within its 15 minutes), and the code (some 120 random bits) is not guessed."""
    try:
        with dbmod.transaction(store.conn, "记录恢复码输错"):
            _log_event(store, name, RECOVERY_WRONG, RECOVERY_ACTOR)
    except (failures.DatabaseLocked, failures.ReadOnlyStorage):
        log.warning("wrong recovery code not recorded: the database is locked or read-only")
    log.info("wrong recovery code")


def set_active(store: Store, name: str, active: bool) -> None:
    """Deactivate (or reactivate) an account; the last active 管理员 cannot be deactivated. 管理员 only.

    Asked under the write lock, in the write's transaction: two 管理员 stopping each other at the same moment (two
    windows, two PCs) leave one in use, the second waiting for the first and then refused, as stopped itself."""
    with dbmod.transaction(store.conn, "启用账户" if active else "停用账户"):
        _require_admin(store)
        row = _row(store, name)
        if row is None:
            raise NotFound("没有这个账户")
        if not active and row["role"] == ADMIN and not _active_admins(store, excluding=row["name"]):
            raise ValidationError([FieldProblem("active", "状态", "这是唯一的管理员账户，不能停用"
                                                               "：请先添加或启用另一个管理员")])
        _update(store, row["name"], "启用" if active else "停用", active=int(active))
    if not active and store.path is not None:  # what it typed and never saved (ID numbers) goes with it
        from fazhi_desktop.core import autosave

        autosave.remove_account(store.path, row["name"])


def change_account(store: Store, name: str, role: str | None = None, display_name: str | None = None) -> list[str]:
    """Give an account another role (an id or a Chinese name) and/or 姓名, in one transaction. 管理员 only. Returns
    the account-log events written, "修改角色：录入员 → 所长" / "修改姓名：马立 → 马丽" ([] when nothing changed).

    The user name (the login) stays: the change log, documents, the reveal and account logs name the account by
    it, so they keep naming who did what then. The last 管理员 in use cannot be given another role (as it cannot be
    stopped; asked under the write lock, so two 管理员 demoting each other at once leave one, as is whether this one
    is still a 管理员 in use: one stopped or demoted at that moment changes nothing). The account's open windows
    take the new role at its next action or within a minute (Store.check_account); this window at once, when it is
    the account changed."""
    with dbmod.transaction(store.conn, "修改账户"):
        _require_admin(store)
        if display_name is not None:
            display_name = display_name.strip()
            wrong = display_name_problem(display_name)
            if wrong:
                raise ValidationError([FieldProblem("display_name", "姓名", wrong)])
        role = _role(role) if role is not None else None
        row = _row(store, name)
        if row is None:
            raise NotFound("没有这个账户")
        events = []
        if display_name is not None and display_name != row["display_name"]:
            events.append(f"修改姓名：{row['display_name']} → {display_name}")
            _update(store, row["name"], events[-1], display_name=display_name)
        if role is not None and role != row["role"]:
            if row["role"] == ADMIN and row["active"] and not _active_admins(store, excluding=row["name"]):
                raise ValidationError([FieldProblem("role", "角色", "这是唯一在用的管理员账户，不能改为其他角色"
                                                                  "：请先添加或启用另一个管理员")])
            events.append(f"修改角色：{ROLE_LABELS[row['role']]} → {ROLE_LABELS[role]}")
            _update(store, row["name"], events[-1], role=role)
    store.check_account()  # one's own role changed: this window follows it now
    return events


def unlock(store: Store, name: str) -> None:
    """Lift a lock-out (and forget the failed attempts). 管理员 only, asked inside the write (as set_active)."""
    with dbmod.transaction(store.conn, "解锁账户"):
        _require_admin(store)
        row = _row(store, name)
        if row is None:
            raise NotFound("没有这个账户")
        _update(store, row["name"], "解锁", failed_logins=0, locked_until=None)


def add_demo_accounts(store: Store) -> list[User]:
    """The demonstration accounts (管理员 admin, 所长 杨芳, 录入员 马丽, password DEMO_PASSWORD), when the
    database has no account yet. Returns those added (none when accounts exist)."""
    if has_accounts(store):
        return []
    saved, store.user = store.user, None
    try:
        added = [add_account(store, name, shown, role, DEMO_PASSWORD, actor="演示数据")
                 for name, shown, role in DEMO_ACCOUNTS[:1]]
        store.user = added[0]
        added += [add_account(store, name, shown, role, DEMO_PASSWORD, actor="演示数据", temporary=False)
                  for name, shown, role in DEMO_ACCOUNTS[1:]]  # the password the manual gives
    finally:
        store.user = saved
    return added


def account_log(store: Store, name: str | None = None) -> list[dict]:
    """What was done to accounts (created, password changed, locked, ...), newest first."""
    where, params = ("WHERE account = ?", [name]) if name else ("", [])
    return store.query(f"SELECT at, account, event, actor FROM account_log {where} ORDER BY id DESC", params)


def _require_admin(store: Store) -> None:
    if store.user is None:
        raise LoginFailed("请先以管理员身份登录")
    store.permit("accounts.manage")  # a 管理员 stopped since the login manages nothing


def _role(role: str) -> str:
    try:
        return role_id(role)
    except ValueError as exc:
        raise ValidationError([FieldProblem("role", "角色", str(exc))]) from None


def _by(store: Store, actor: str | None, fallback: str) -> str:
    return store.user.name if store.user is not None else (actor or fallback)


def _active_admins(store: Store, excluding: str) -> list[dict]:
    """The 管理员 accounts in use but `excluding` (name and locked_until), by name."""
    return store.query("SELECT name, locked_until FROM accounts WHERE role = ? AND active = 1 AND name != ? "
                       "ORDER BY name", [ADMIN, excluding])


def _update(store: Store, name: str, event: str, by: str | None = None, **columns: object) -> None:
    by = by or _by(store, None, name)
    assignments = ", ".join(f"{c} = ?" for c in columns)
    with dbmod.transaction(store.conn):
        store.conn.execute(f"UPDATE accounts SET {assignments}, updated_at = ?, updated_by = ? WHERE name = ?",
                           [*columns.values(), utc_iso(store.clock()), by, name])
        _log_event(store, name, event, by)
    log.info("account changed: %s", event.split("：")[0])  # the kind only: "修改姓名：马立 → 马丽" names a person


def note(store: Store, event: str) -> None:
    """An entry in the account log for the logged-in account (its idle lock, a setting it changed)."""
    if store.user is None:
        return
    with dbmod.transaction(store.conn):
        _log_event(store, store.user.name, event, store.user.name)


def _log_event(store: Store, account: str, event: str, actor: str) -> None:
    store.conn.execute("INSERT INTO account_log (at, account, event, actor) VALUES (?, ?, ?, ?)",
                       [utc_iso(store.clock()), account, event, actor])

