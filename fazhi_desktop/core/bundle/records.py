"""Reading and checking a verified bag's contents: the change-log segment, the records, the roster, attachments.

Each record line is checked like a record typed at the county: its structure, its content hash, the township it
belongs to, `clean_record` on a live record's values (which must come back unchanged: a township only ever stores
cleaned values; values.py, which the township's export runs first; a deleted record's values only for being storable,
not against today's rules), its place in the change-log segment (the last entry for the record names this revision
and hash), and its id, which the county must not hold as another township's record or in another ledger.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fazhi_desktop.core.attachments import attachment_refs, held_size
from fazhi_desktop.core.bundle import values
from fazhi_desktop.core.bundle.collect import (
    CHANGE_KEYS,
    META_KEYS,
    PEOPLE_KEYS,
    PEOPLE_KEYS_ADDED,
    PERSON_LABELS,
    person_text_problem,
)
from fazhi_desktop.core.bundle.common import BundleError
from fazhi_desktop.core.clock import is_utc_iso
from fazhi_desktop.core.display import clip
from fazhi_desktop.core.divisions import town_label
from fazhi_desktop.core.forms import SYSTEM_LABELS, LedgerDef
from fazhi_desktop.core.jobs import Progress, no_progress
from fazhi_desktop.core.people import counted_name
from fazhi_desktop.core.sent_back import CORRECTORS
from fazhi_desktop.core.store import STATUSES, Store, chain_hash
from fazhi_desktop.core.textfiles import parse_json
from fazhi_desktop.core.validate import RETYPE, line_problem, unusable_value

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_HASH = re.compile(r"^[0-9a-f]{64}$")
#: a revision number kept in SQLite's integers (a larger one stopped the import with an overflow)
MAX_REVISION = 2**62
CONTENT_KEYS = {"ledger", "id", "township", "number", "revision", "status", "deleted", "remarks", "values"}
OPS = ("insert", "update", "delete", "status")
#: what a change-log entry may carry besides CHANGE_KEYS: a reason, and a 重新打开's choice of who corrects the draft
#: (sent_back.CORRECTORS; a county program before it refuses an entry with it: docs/BUNDLES.md, Known limits)
_OPTIONAL_CHANGE_KEYS = {"reason", "corrector"}
#: change-log fields as the 修改记录 window names them; the others by their key
_CHANGE_LABELS = {"actor": "操作人", "at": "时间", "reason": "原因", "corrector": "由谁修改", "op": "操作",
                  "ledger": "台账", "record_id": "记录标识"}
#: the roster's optional text fields, with the names the 人员名册 window gives them
_PERSON_TEXTS = {key: label for key, label in PERSON_LABELS.items() if key not in ("id", "name")}
_PERSON_DATES = {"joined_on": "到任日期", "left_on": "离任日期"}
#: a roster entry's id, as `person` names one (ids.uuid7; older rosters' ids of other forms are taken too)
_PERSON_KEY = re.compile(r"[0-9A-Za-z_-]{1,64}")


@dataclass(frozen=True)
class RecordLine:
    ledger: str
    content: dict[str, Any]
    content_hash: str
    meta: dict[str, str]
    text: str

    @property
    def id(self) -> str:
        return self.content["id"]

    @property
    def revision(self) -> int:
        return self.content["revision"]


@dataclass
class Contents:
    changes: list[dict[str, Any]] = field(default_factory=list)
    records: dict[str, list[RecordLine]] = field(default_factory=dict)
    roster: list[dict[str, Any]] = field(default_factory=list)
    attachment_names: dict[str, str] = field(default_factory=dict)  # sha256 -> a name a record gives it

class _Where:
    """Names a line of a file in a bundle for messages."""

    def __init__(self, bundle: str, path: str):
        self.bundle, self.path, self.line = bundle, path, 0

    def fail(self, reason: str) -> BundleError:
        return BundleError(f"数据包 {self.bundle} 中 {self.path} 第 {self.line} 行：{reason}")


def read_contents(store: Store, township: str, after: int, through: int, last_hash: str, texts: dict[str, bytes],
                  attachments: dict[str, int], name: str, forms: dict[str, int],
                  progress: Progress = no_progress) -> Contents:
    """Parse and check every record file (`texts`: path -> bytes; `attachments`: sha256 -> size). Raises
    BundleError naming the file, the line and the reason; `progress` raises Cancelled (取消) as it goes.

    The change log comes first, and each record line is matched with it as it is read: a record it does not name,
    or one already read, is refused at that line, so a bundle holds at most one record per record the change-log
    segment names (a record line repeated 250,000 times was parsed and checked whole, 47 s and 1 GB, first)."""
    contents = Contents()
    _check_forms(store, texts, forms, name)
    pace = _Pace(name, progress, texts)
    contents.changes = _read_changes(texts, name, after, through, last_hash, store, pace)
    latest = {e["record_id"]: e for e in contents.changes}
    carried: set[str] = set()
    ids: dict[str, set[str]] = {ledger: set() for ledger in store.ledgers}  # for link checks
    for path in sorted(texts):
        if path.startswith("data/ledgers/"):
            ledger = store.ledger(path[len("data/ledgers/") : -len(".jsonl")])
            names = (ledger.first_field_names, frozenset(ledger.field_names))  # once per file, not per line
            lines = []
            for obj, text, where in _json_lines(texts, path, name, pace):
                line = _record_line(ledger, names, township, obj, text, where)
                _carry(line, latest, carried, where)
                lines.append(line)
            contents.records[ledger.name] = lines
            ids[ledger.name] = {line.id for line in lines}
    missing = set(latest) - carried
    if missing:
        raise BundleError(f"数据包 {name} 的变更日志提到的记录 {min(missing)} 不在数据包中")
    _check_held_ids(store, township, contents.records, name)
    _validate_values(store, township, contents, ids, attachments, name, pace)
    _match_change_log(contents, latest, name)
    contents.roster = [_person(obj, where) for obj, _, where in _json_lines(texts, "data/roster.jsonl", name, pace)]
    unused = set(attachments) - set(contents.attachment_names)
    if unused:
        raise BundleError(f"数据包 {name} 中的附件 data/attachments/{min(unused)} 没有任何记录引用")
    return contents


def _check_forms(store: Store, texts: dict[str, bytes], forms: dict[str, int], name: str) -> None:
    for required in ("data/changes.jsonl", "data/roster.jsonl"):
        if required not in texts:
            raise BundleError(f"数据包 {name} 缺少 {required}")
    for ledger_name, version in sorted(forms.items()):
        if ledger_name not in store.ledgers:
            raise BundleError(f"数据包 {name} 含有本县程序没有的台账“{ledger_name}”，请升级县级程序")
        ours, label = store.ledgers[ledger_name].version, store.ledgers[ledger_name].label
        if version > ours:
            raise BundleError(f"数据包 {name} 的“{label}”表单是第 {version} 版，本县是第 {ours} 版：数据包来自较新版本"
                              "的程序，请先把县级程序升级到与乡镇相同或更新的版本")
        if version < 1:
            raise BundleError(f"数据包 {name} 的“{label}”表单版本不对（第 {version} 版）")
        # an older form (a township that has not upgraded yet) is read as ours: the fields added since (`since`
        # above its version) are absent from its records, which is how ours holds them empty (LedgerDef)
    for path in texts:
        if path.startswith("data/ledgers/") and path[len("data/ledgers/") : -len(".jsonl")] not in forms:
            raise BundleError(f"数据包 {name} 中的 {path} 不在 bag-info 的表单版本之列")


class _Pace:
    """Progress through the record files: every `PACE` lines read or records checked, a report of the bytes done,
    which raises Cancelled once 取消 was pressed (jobs.CancelToken). Each record file is read once and each ledger's
    records checked once more (`_validate_values`): that is the whole."""

    PACE = 500

    def __init__(self, name: str, progress: Progress, texts: dict[str, bytes]):
        self.progress, self.text = progress, f"正在核对 {name} 中的记录……"
        self.total = sum(len(data) * (2 if path.startswith("data/ledgers/") else 1) for path, data in texts.items())
        self.done = self.count = 0

    def __call__(self, size: int) -> None:
        self.done += size
        self.count += 1
        if self.count % self.PACE == 0:
            self.progress(self.done, self.total, self.text)


def _json_lines(texts: dict[str, bytes], path: str, name: str,
                pace: _Pace) -> Iterator[tuple[dict[str, Any], str, _Where]]:
    """The file's lines one at a time, as JSON objects: the caller refuses a line before the next one is read."""
    where = _Where(name, path)
    data = texts[path]
    if data and not data.endswith(b"\n"):
        where.line = data.count(b"\n") + 1
        raise where.fail("没有以换行结尾")
    start = 0
    while start < len(data):
        end = data.index(b"\n", start)
        raw, start = data[start:end], end + 1
        where.line += 1
        pace(len(raw) + 1)
        try:
            text = raw.decode("utf-8")
            obj = parse_json(text)
        except ValueError:  # not UTF-8, not JSON (a number too long, nesting too deep included: textfiles)
            raise where.fail("不是有效的 JSON") from None
        if not isinstance(obj, dict):
            raise where.fail("应为 JSON 对象")
        yield obj, text, where


def _read_changes(texts: dict[str, bytes], name: str, after: int, through: int, last_hash: str,
                  store: Store, pace: _Pace) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    prev: str | None = None
    for obj, _, where in _json_lines(texts, "data/changes.jsonl", name, pace):
        if set(obj) - _OPTIONAL_CHANGE_KEYS != set(CHANGE_KEYS) \
                or not all(isinstance(obj[k], int) and not isinstance(obj[k], bool) for k in ("seq", "revision")):
            raise where.fail("变更日志条目的字段不对")
        if not all(isinstance(obj[k], str) for k in (*CHANGE_KEYS, *obj.keys() & _OPTIONAL_CHANGE_KEYS)
                   if k not in ("seq", "revision")):
            raise where.fail("变更日志条目的字段类型不对")
        if "corrector" in obj and (obj["corrector"] not in CORRECTORS or obj["op"] != "status"):
            raise where.fail(f"变更日志条目的“{_CHANGE_LABELS['corrector']}”不对")
        _check_change_text(obj, where)  # before hashing it: text that is not valid Unicode cannot be hashed
        expected = after + len(entries) + 1
        if obj["seq"] != expected:
            raise where.fail(f"变更序号应为 {expected}，实为 {obj['seq']}")
        if prev is not None and obj["prev_hash"] != prev:
            raise where.fail("与前一条变更的链接断开")
        if chain_hash(obj) != obj["entry_hash"]:
            raise where.fail("变更条目的摘要不符")
        if obj["op"] not in OPS or obj["ledger"] not in store.ledgers or not 1 <= obj["revision"] <= MAX_REVISION:
            raise where.fail("变更条目的操作、台账或版本不对")
        if not is_utc_iso(obj["at"]):
            raise where.fail(f"变更时间“{obj['at'][:40]}”格式不对（应为 2026-06-01T08:00:00Z 这样的 UTC 时间）")
        prev = obj["entry_hash"]
        entries.append(obj)
    if after + len(entries) != through:
        raise BundleError(f"数据包 {name} 的变更日志应有第 {after + 1}–{through} 条，实有 {len(entries)} 条")
    if entries and entries[-1]["entry_hash"] != last_hash:
        raise BundleError(f"数据包 {name} 的变更日志最后一条与 bag-info 中的摘要不符")
    return entries


def _check_change_text(obj: dict[str, Any], where: _Where) -> None:
    """A change-log entry's text is valid Unicode: a lone surrogate (a JSON escape, which a signed bundle can carry)
    can be neither hashed nor stored, and stopped `fazhi verify` and `fazhi import` with a traceback."""
    for key, value in obj.items():
        bad = unusable_value(value) if isinstance(value, str) else None
        if bad:
            raise where.fail(f"变更日志条目的“{_CHANGE_LABELS.get(key, key)}”{bad}")


def _record_line(ledger: LedgerDef, names: tuple[frozenset[str], frozenset[str]], township: str,
                 obj: dict[str, Any], text: str, where: _Where) -> RecordLine:
    """`names`: (the fields every record names, every field of the form); see LedgerDef.content_values."""
    content, digest, meta = obj.get("content"), obj.get("content_hash"), obj.get("meta")
    if set(obj) != {"content", "content_hash", "meta"} or not isinstance(content, dict) or not isinstance(meta, dict):
        raise where.fail("记录行应有 content、content_hash、meta 三项")
    if set(content) != CONTENT_KEYS or not isinstance(content["values"], dict):
        raise where.fail("记录内容的字段不对")
    if not names[0] <= content["values"].keys() <= names[1]:
        raise where.fail(f"记录的字段与本县“{ledger.label}”表单不一致")
    if content["ledger"] != ledger.name or not isinstance(content["id"], str) or not _UUID.match(content["id"]):
        raise where.fail("记录的台账或标识不对")
    if content["township"] != township:
        raise where.fail(f"记录属于{town_label(content['township'])}，不是发出数据包的{town_label(township)}")
    revision = content["revision"]
    if not isinstance(revision, int) or isinstance(revision, bool) or not 1 <= revision <= MAX_REVISION:
        raise where.fail("记录版本号不对")
    if content["status"] not in STATUSES or not isinstance(content["deleted"], bool):
        raise where.fail("记录状态不对")
    if not all(content[k] is None or isinstance(content[k], str) for k in ("number", "remarks")):
        raise where.fail("记录编号或备注不是文字")
    # a lone surrogate (a JSON escape): neither hashed nor stored; a control character stopped the Excel report
    bad_number = line_problem(content["number"]) if content["number"] is not None else None
    if bad_number:
        raise where.fail(f"记录编号{bad_number}")
    if set(meta) != set(META_KEYS) or not all(isinstance(v, str) and len(v) <= 200 for v in meta.values()):
        raise where.fail("记录的登记/修改信息不对")
    if not (is_utc_iso(meta["created_at"]) and is_utc_iso(meta["updated_at"])):
        raise where.fail("记录的登记/修改时间格式不对")
    if not isinstance(digest, str) or not _HASH.match(digest):
        raise where.fail("记录的内容摘要格式不对")
    for key in META_KEYS:  # stored as they are: a lone surrogate (a JSON escape) stopped the import in SQLite
        bad_meta = unusable_value(meta[key])
        if bad_meta:
            raise where.fail(f"记录的“{SYSTEM_LABELS[key]}”{bad_meta}")
    return RecordLine(ledger.name, content, digest, meta, text)


def _check_held_ids(store: Store, township: str, records: dict[str, list[RecordLine]], name: str) -> None:
    """Each record's id is the county's own name for it: one the county holds as another township's record, or in
    another ledger, is refused. A township's key holder could otherwise send 李旺镇's case under 海城镇's name, as a
    conflict (taking it replaced 李旺镇's case) or, in another ledger, as a second record of that id."""
    carried = {line.id: (ledger_name, number) for ledger_name, lines in records.items()
               for number, line in enumerate(lines, 1)}
    ids = list(carried)
    for held in store.ledgers.values():
        for start in range(0, len(ids), 500):  # SQLite's limit on parameters
            chunk = ids[start : start + 500]
            rows = store.conn.execute(f'SELECT id, township, number FROM "{held.name}" WHERE id IN'
                                      f' ({",".join("?" * len(chunk))})', chunk)
            for record_id, held_township, number in rows:
                ledger_name, line = carried[record_id]
                if held_township == township and held.name == ledger_name:
                    continue
                owner = "本乡镇" if held_township == township else town_label(held_township)
                raise BundleError(
                    f"数据包 {name} 中 data/ledgers/{ledger_name}.jsonl 第 {line} 行：记录标识与{owner}的"
                    f"{held.label}记录{f'（{number}）' if number else ''}相同，拒绝接收"
                    "（一条记录只属于一个乡镇、一种台账：数据包被改动过）")


def _validate_values(store: Store, township: str, contents: Contents, ids: dict[str, set[str]],
                     attachments: dict[str, int], name: str, pace: _Pace) -> None:
    held: dict[str, int | None] = {}  # attachments an incremental bundle left out: the county must hold them

    def county_size(sha: str) -> int | None:
        if sha not in held:
            held[sha] = held_size(store, sha)
        return held[sha]

    checks = values.lookups(store, ids, township)
    for ledger_name, lines in contents.records.items():
        ledger = store.ledgers[ledger_name]
        for number, line in enumerate(lines, 1):
            pace(len(line.text.encode("utf-8")) + 1)
            label = line.content["number"] or line.id
            where = f"数据包 {name} 中 data/ledgers/{ledger_name}.jsonl 第 {number} 行（{label}）"
            checked = values.check_values(ledger, line.content, line.content_hash, checks)
            if checked.reason is not None:
                raise BundleError(f"{where}：{checked.reason}")
            lines[number - 1] = RecordLine(ledger_name, checked.content, line.content_hash, line.meta, line.text)
            for item in attachment_refs(ledger, line.content["values"]):
                if line.content["deleted"]:  # needs no file and was not cleaned: it only names one the bundle has
                    if isinstance(item.get("sha256"), str) and item["sha256"] in attachments:
                        contents.attachment_names.setdefault(item["sha256"], str(item.get("name") or "附件"))
                    continue
                _check_attachment(item, attachments, county_size, where)
                contents.attachment_names.setdefault(item["sha256"], item["name"])


def _check_attachment(item: dict[str, Any], carried: dict[str, int], county_size: Callable[[str], int | None],
                      where: str) -> None:
    """An attachment a live record refers to is in the bundle or, left out of an incremental bundle, at the county
    (a deleted record's are not asked for: a bundle does not send them, collect.py, and the county needs none)."""
    sha, name = item["sha256"], item["name"]
    if sha in carried:
        if carried[sha] != item["size"]:
            raise BundleError(f"{where}：附件“{name}”的大小与数据包中的文件不符")
        return
    size = county_size(sha)
    if size is None:
        raise BundleError(f"{where}：附件“{name}”不在数据包中，本县也没有这个文件"
                          "（可请乡镇导出时勾选“发送全部数据”）")
    if size != item["size"]:
        raise BundleError(f"{where}：附件“{name}”的大小与本县已有的同一文件不符")


def _carry(line: RecordLine, latest: dict[str, dict[str, Any]], carried: set[str], where: _Where) -> None:
    """A record line, as it is read, is of a record the change-log segment names (`latest`) and the first line of
    that record (`carried`: the records read so far, which this one joins)."""
    if line.id not in latest:
        raise where.fail(f"记录 {line.content['number'] or line.id} 在变更日志中没有对应条目")
    if line.id in carried:
        raise where.fail(f"记录 {line.id} 出现了两次")
    carried.add(line.id)


def _match_change_log(contents: Contents, latest: dict[str, dict[str, Any]], name: str) -> None:
    """Each record is its last revision in the change log (after `_validate_values`, whose reason, a field named,
    says more of a record changed after it was signed than this does)."""
    for ledger_name, lines in contents.records.items():
        for line in lines:
            entry = latest[line.id]
            if (entry["ledger"], entry["revision"], entry["content_hash"]) != (ledger_name, line.revision,
                                                                               line.content_hash):
                label = line.content["number"] or line.id
                raise BundleError(f"数据包 {name} 中的记录 {label} 与变更日志的最后一版不符")


def _is_day(value: Any) -> bool:
    """An ISO date as the program writes it (2024-03-15), nothing else."""
    try:
        return isinstance(value, str) and date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def _who(obj: dict[str, Any]) -> str:
    """The roster entry named for the township to find it: its name cleaned; a name of control characters only
    (pasted from Word) is none, so its 职务 and 单位 say who it is."""
    if unusable_value(obj["name"]) is not None:
        return "“（姓名无法显示）”"
    if name := clip(counted_name(obj["name"]), 20):
        return f"“{name}”"
    found = [f"{label}：{clip(counted_name(obj[key]), 20)}" for key, label in (("title", "职务"), ("unit", "单位"))
             if isinstance(obj[key], str) and unusable_value(obj[key]) is None and counted_name(obj[key])]
    return "“（姓名只有看不见的字符）”" + (f"（{'，'.join(found)}）" if found else "")


def _person(obj: dict[str, Any], where: _Where) -> dict[str, Any]:
    obj = dict.fromkeys(PEOPLE_KEYS_ADDED) | obj  # 到任/离任日期 not known, or from a program before them
    if set(obj) != set(PEOPLE_KEYS):
        raise where.fail("名册条目的字段不对")
    if not isinstance(obj["id"], str) or not isinstance(obj["name"], str) or not obj["name"].strip():
        raise where.fail("名册条目缺少标识或姓名")
    if not isinstance(obj["roles"], list) or not all(isinstance(r, str) for r in obj["roles"]):
        raise where.fail("名册条目的角色应为文字列表")
    if not isinstance(obj["active"], bool) or not isinstance(obj["revision"], int) \
            or not 1 <= obj["revision"] <= MAX_REVISION:
        raise where.fail("名册条目的状态或版本不对")
    for key, label in _PERSON_TEXTS.items():
        if obj[key] is not None and not isinstance(obj[key], str):
            raise where.fail(f"名册条目的“{label}”应为文字")
    # as the township's roster form has them (core/people.py): a control character stopped the Excel report, a lone
    # surrogate the import, a name of 2,000,000 characters made a report of 9,094 pages
    problem = person_text_problem(obj)
    if problem:  # the county cannot retype it: the township corrects the person, named, and exports again
        raise where.fail(f"名册条目{_who(obj)}的{problem.removesuffix(RETYPE)}：请乡镇在“人员名册”中打开此人改正后"
                         "重新导出（乡镇装上本版本后，导出前会指出此人）")
    for key, label in _PERSON_DATES.items():
        if obj[key] is not None and not _is_day(obj[key]):
            raise where.fail(f"名册条目的“{label}”应为日期（如 2024-03-15）")
    if obj["person"] is not None and not (isinstance(obj["person"], str) and _PERSON_KEY.fullmatch(obj["person"])):
        raise where.fail("名册条目的“同一人”标识不对（应为名册条目的标识）")  # who the entry is (core/people.py)
    return obj
