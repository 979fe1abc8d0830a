"""County completeness: has every township sent its data, how long ago, and is anything missing?

Read from the bundle import log (`bundles_received`, `received_changes`, `township_keys`, `conflicts`; migration
002_bundles in core/migrations.py): the last bundle per township and when it was imported, the days since, bundle
numbers never received, change-log entries the county lacks, unresolved conflicts, a closed year's reopenings and roster
moves; plus the records each township has in the year, per ledger. A database without that log (an older file)
falls back to the records alone and says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from fazhi_desktop.core import overdue, reopened_years, roster_move_notes, tampered, year_close
from fazhi_desktop.core.clock import SLACK, office_date, office_time, past_slack
from fazhi_desktop.core.dates import cn_date
from fazhi_desktop.core.db import BUNDLE_MADE, counted, exists
from fazhi_desktop.core.indicators import county_keys
from fazhi_desktop.core.indicators.sql import earlier_install
from fazhi_desktop.core.indicators.townships import Township, records_in_year, township_list
from fazhi_desktop.core.kept import kept
from fazhi_desktop.core.places import CONFLICTS, KEYS
from fazhi_desktop.core.store import Store, decoded_values

STALE_DAYS = 60  # a township silent for longer than this is flagged (the county may ask for monthly bundles)
#: under the table when 需关注 names what a changed bundle left (core/tampered.py)
TAMPERED_NOTE = ("“数据包被改动过”“记录标识被占用”等：旧版本的程序导入过被改动的数据包（现在会被拒收），"
                 "留下的记录在县级数据库中不能直接改正；在命令行运行 fazhi check 逐条列出并说明处理办法"
                 "（见使用说明“旧版本导入过被改动的数据包”）。")
SOURCE_BUNDLES, SOURCE_RECORDS = "bundles", "records"
#: what 需关注 says to do next, after each text (the import report's advice, in the GUI's menu words; where the county
#: may use the command line, its command after)
STEP_SEND = "请乡镇导出数据包报送"
STEP_SEND_AGAIN = "请乡镇再导出一个数据包报送"
STEP_FULL = "请乡镇导出时勾选“发送全部数据”"
#: records the township no longer has (its PC died and it restored an older backup): the county keeps them, the
#: township enters them again from paper, and its next receipt names them (core/bundle/receipt_lost.py); said by
#: 需关注 and by the import report alike (core/bundle/apply.py)
STEP_SET_ASIDE_GONE = ("乡镇已没有的（电脑坏了用旧备份恢复），县里保留这些记录，写回执给乡镇：回执列出这些记录，"
                       "乡镇按纸质材料补录")
STEP_SET_ASIDE = "乡镇仍有这些记录的，" + STEP_FULL + "；" + STEP_SET_ASIDE_GONE
#: an earlier install's matter still open (`TownshipCompleteness.earlier_open`): the county cannot change it and the
#: township no longer has it
STEP_EARLIER_OPEN = "请向乡镇核实办理结果，按纸质材料备查；乡镇不必补录"
#: how 需关注 words them: a matter still being handled (`open_until` empty), or, of a ledger with `open_while`, a
#: check whose rectification waits for its recheck (core/overdue.py leaves both out of 逾期)
EARLIER_WORDS = {
    False: ("未办结的{label} {n} 件，乡镇无法在新安装中办结：{named}（受理当年计为未办结，不结转到以后年度，不标逾期）",
            STEP_EARLIER_OPEN),
    True: ("整改未复查的{label} {n} 件，乡镇无法在新安装中复查：{named}（不标逾期）",
           "请向乡镇核实整改结果，按纸质材料备查；乡镇不必补录"),
}
#: the township's matters late now (core/overdue.py), of every year: it may have concluded them and not sent them yet
STEP_LATE = "请督促乡镇办理；已办结的，请乡镇登记后导出数据包报送"
STEP_CONFLICTS = f"请在“{CONFLICTS}”中处理（或 fazhi conflicts）"
STEP_ENROL = f"请在“{KEYS}”中登记乡镇密钥（或 fazhi enrol）"
STEP_NEW_KEY = f"请乡镇更换密钥，再在“{KEYS}”中登记（或 fazhi enrol）"
STEP_CHECK = "请运行 fazhi check 查看处理办法"
STEP_AFTER_CLOSE = "乡镇再次封账并报送后，请重新核对该年指标"
STEP_RECHECK = "请重新核对该年指标"
STEP_NONE = "该年指标不受影响"
STEP_ASK = "请向乡镇核实"
STEP_ENTER = "请在各台账中登记本年的工作"
#: records dated after today (+ a day): entered while the township's clock ran ahead (its bundle's made time said so
#: once, in the import report), or entered ahead of time on purpose
STEP_AHEAD = ("请乡镇核对电脑的日期和时间；是电脑时间走快时登记的，请乡镇改正记录的日期后导出数据包报送"
              "（改正前这些记录计入日期所在年度，不计入实际发生的年度）")
#: its newest bundle was made (its own stamp) later than the county imported it: its clock runs ahead
STEP_CLOCK_AHEAD = "请乡镇核对电脑的日期和时间，改正后由所长或管理员确认“电脑时间无误”，再导出数据包报送"
STEP_DIVISIONS = "请核对区划名单（乡镇的设立、撤并年份）或向乡镇核实记录日期"
#: records a township merged away sent dated after it: new work typed into its database, counted under it alone
STEP_MERGED = ("请乡镇核实：撤并后的新工作应登记在并入的乡镇，属实的在并入乡镇的数据库中重新登记、"
               "在原乡镇的数据库中删除后再报送；日期填错的改正后报送")


#: the same, when the division list names the township it joined (`merged_into`): they count there already
STEP_MERGED_INTO = "不必在并入的乡镇重新登记"
#: a merged township's matters late now, said under the township it joined (`TownshipCompleteness.absorbed`): they
#: are concluded in the merged one's database, under its numbers (README 新增或合并乡镇, step 2)
STEP_LATE_MERGED = ("请督促{into}办理；已办结的，请在原{name}的数据库中登记办结情况后导出数据包报送"
                    "（不要在{into}的数据库中重新登记，否则重复计入）")


@dataclass(frozen=True)
class TownshipCompleteness:
    code: str
    name: str
    enrolled: bool
    bundles: int
    last_sequence: int | None
    last_imported: str | None  # UTC ISO-8601, as stored
    days_since: int | None
    missing: tuple[int, ...]  # bundle numbers never received, below the highest, while the county lacks changes
    log_gap: tuple[int, int] | None  # change-log entries the county lacks (first, last)
    conflicts: int
    records: dict[str, int] = field(default_factory=dict)  # ledger -> counted records dated in the year
    from_log: bool = True  # False: no bundle log to judge by (township database)
    revoked: bool = False  # not enrolled because every key it had was revoked (its bundles are refused)
    #: records dated in the year that the township no longer has (restored a backup), not counted (core/bundle/lost.py)
    set_aside: int = 0
    set_aside_waiting: int = 0  # of those, the ones whose conflict waits: counted again once it is settled
    #: of those not waiting, the ones the last receipt written for the township named (set aside before it was
    #: written), and what 需关注 says of them ("已于 2026-05-02 的回执告知乡镇", `receipt_lost.told_on`): no receipt
    #: to write for them
    set_aside_told: int = 0
    told: str = ""
    #: the day (Beijing time) its newest bundle was made, when the year looked at is over and that day is not after it:
    #: the county scores a year in January, and December's last records, often entered in the first days of
    #: January, are not at the county until a bundle made after the year's end brings them
    made_before_year_end: date | None = None
    #: what the township's newest bundle says of the year (core/year_close.py): ("close" or "reopen", its local
    #: day), None when it never closed it or sent no such word (an earlier version)
    year_closing: tuple[str, str] | None = None
    #: every year the township's newest bundle says is closed (not only the year looked at): a matter of the year
    #: concluded in a later year closed since can no longer change (`year_close.movable`)
    closed_years: frozenset[int] = frozenset()
    #: the year reopened after the county knew it closed, or open again, or closings of it the township no longer
    #: has: when, why, the records that changed since
    reopened: reopened_years.YearStory | None = None
    #: what changed bundles an earlier version imported left of or against the township (core/tampered.py)
    tampered: tuple[str, ...] = ()
    #: the roster moves of the year, closed (or reopened) when the bundle came, that import reports said
    #: (core/roster_move_notes.py): T47's 应述法人数 may have changed since the year was scored
    roster_moved: tuple[str, ...] = ()
    #: the years the division list gives the township when the year looked at is not among them, yet it sent
    #: records dated in it (core/indicators/townships.py keeps it, and them, in the figures); "" otherwise
    listed_years: str = ""
    #: with `listed_years`: the township was merged away before the year (townships.Township.merged, .note)
    merged: bool = False
    merged_note: str = ""
    #: with `merged`: the township the division list says it joined (`merged_into`): its records of the year count
    #: under that one, as (code, name)
    into: tuple[str, str] | None = None
    #: records dated before the year that its figures count (a complaint still open on 1 January: T30b's)
    carried: int = 0
    #: the year looked at, for 需关注 to name it ("2026年底之后尚未报送"; set by `completeness`)
    year: int = 0
    #: ledger label -> the numbers of the township's earlier install's matters dated by the year's end and still open
    #: (`_earlier_open`), and whether open means a rectification waiting (`open_while`, `EARLIER_WORDS`): it
    #: re-installed without a backup and cannot conclude them
    earlier_open: dict[str, tuple[tuple[str, ...], bool]] = field(default_factory=dict)
    #: its matters late now, of every year, as the township's 需关注 says each (`overdue.parts`: "投诉举报 4 件（办理
    #: 期限已过、未填办结日期）"); an earlier install's are not late (`earlier_open` names those)
    late: tuple[str, ...] = ()
    #: after 更换县级密钥, the county key its newest bundle used (county_keys.py: 已换用 / 仍用旧公钥), and what
    #: 需关注 says of the old one; "" when the county never replaced its key or cannot tell
    county_key: str = ""
    old_county_key: str = ""
    #: its bundles signed by a key revoked as stolen or lost and imported on or after the day it is not trusted
    #: from, as 需关注 says each (core/bundle/revocation.py `UntrustedBundle.attention`)
    untrusted: tuple[str, ...] = ()
    #: its counted records dated after today (county's day, + `clock.SLACK`), as
    #: "会议 〔2027〕会记字第1号（2027-06-20）" (`_dated_ahead`): entered while its clock ran ahead, they count in a
    #: year that has not come
    ahead: tuple[str, ...] = ()
    #: its newest bundle made (by its own stamp) later than the county imported it, by more than the day's slack,
    #: and carrying no clock confirmation, as 需关注 says it (`_made_ahead`); "" when not: the import report said it
    #: once, and 需关注 was empty when the records' dates were right
    made_ahead: str = ""
    #: what 需关注 says of the townships merged into it before the year (division list `merged_into`): their matters
    #: late now and their earlier install's still open, named with their own numbers (`_absorbed_said`); said here
    #: and not under the merged township's row, which the year may not list
    absorbed: tuple[str, ...] = ()

    def closing_text(self) -> str:
        """"已封账（2027-01-15）", "已重新打开（2027-03-02）", or "" (the table it goes in is of the year)."""
        return year_close.describe(*self.year_closing) if self.year_closing else ""

    @property
    def total_records(self) -> int:
        return sum(self.records.values())

    def problems(self, stale_days: int = STALE_DAYS) -> list[str]:
        """What a county reviewer should follow up, each with what to do next, in Chinese; empty when all is well."""
        if not self.from_log:  # the township's own database: its records, not what it sent
            return [] if self.total_records else [_then(self._nothing_dated(), STEP_ENTER)]
        out = list(self.tampered)  # first: the figures may count a record that is not the township's
        if out:
            out[-1] = _then(out[-1], STEP_CHECK)  # one way out for them all: `fazhi check` lists each
        out += self.untrusted  # likewise: a thief's bundle may have brought records
        # the year's reopening, then its roster moves (the reopening tells more): one step after the last of them,
        # the same for them all
        year = ([self.reopened.problem()] if self.reopened is not None else []) + list(self.roster_moved)
        if year:
            out += [*year[:-1], _then(year[-1], self._year_step())]
        if not self.enrolled:
            out.append(_then("密钥已吊销", STEP_NEW_KEY) if self.revoked else _then("密钥未登记", STEP_ENROL))
        if self.county_key == county_keys.OLD:
            out.append(_then(self.old_county_key, county_keys.STEP_NEW_COUNTY_KEY))
        stale = self.days_since is not None and self.days_since > stale_days
        if self.bundles == 0:
            out.append(_then("从未报送数据包", STEP_SEND))
        elif self.made_before_year_end is not None:  # one thing, one step: silent since, and nothing of the year
            out.append(_then(self._sent_before_year_end(stale), STEP_SEND_AGAIN))
        elif stale:
            out.append(_then(f"已 {self.days_since} 天未报送", STEP_SEND))
        gap = ""
        if self.log_gap:
            first, last = self.log_gap
            gap = f"变更日志第 {first} 条" if first == last else f"变更日志第 {first}–{last} 条"
        if self.missing:  # the entries a lost bundle held: the same step brings both
            numbers = "、".join(str(n) for n in self.missing)
            out.append(_then(f"缺少第 {numbers} 号数据包" + (f"（{gap}）" if gap else ""), STEP_FULL))
        elif gap:
            out.append(_then(f"缺少{gap}", STEP_FULL))
        # those waiting on a conflict: 处理冲突 settles them; those a receipt named: nothing left to do
        aside = self.set_aside - self.set_aside_waiting - self.set_aside_told
        gone = "条记录的版本乡镇已没有（从备份恢复前的数据），不计入指标"
        if aside:
            out.append(_then(f"{aside} {gone}", STEP_SET_ASIDE))
        if self.set_aside_told:
            out.append(f"{self.set_aside_told} {gone}，{self.told}")
        if self.conflicts:
            waiting = (f"，其中 {self.set_aside_waiting} 条记录处理前不计入指标（县里的版本乡镇已没有）"
                       if self.set_aside_waiting else "")
            out.append(_then(f"{self.conflicts} 条冲突待处理{waiting}", STEP_CONFLICTS))
        out += earlier_said(self.earlier_open)
        if self.made_ahead and not self.ahead:  # records dated ahead: their item says the clock, with its step
            out.append(_then(self.made_ahead, STEP_CLOCK_AHEAD))
        if self.ahead:
            out.append(_then(f"{len(self.ahead)} 条记录的日期在今天之后：{_named(self.ahead)}", STEP_AHEAD))
        if self.late:
            out.append(_then(f"现已{overdue.MARK}：{'；'.join(self.late)}", STEP_LATE))
        out += self.absorbed
        if self.listed_years and self.merged and self.into:
            note = f"，{self.merged_note}" if self.merged_note else ""
            code, name = self.into
            out.append(_then(f"该乡镇已撤并（区划名单中为 {self.listed_years}{note}），收到本年记录 "
                             f"{self.total_records} 条，已计入{name}（{code}）的本年指标（区划名单写明并入{name}）",
                             STEP_MERGED_INTO))
        elif self.listed_years and self.merged:
            note = f"，{self.merged_note}" if self.merged_note else ""
            out.append(_then(f"该乡镇已撤并（区划名单中为 {self.listed_years}{note}），但收到本年记录 "
                             f"{self.total_records} 条，计在该乡镇名下（已计入本年指标，未计入并入的乡镇）",
                             STEP_MERGED))
        elif self.listed_years:
            out.append(_then(f"区划名单中该乡镇的年份为 {self.listed_years}，不含本年，但收到本年记录 "
                             f"{self.total_records} 条（已计入本年指标）", STEP_DIVISIONS))
        # none sent: 从未报送数据包 says it, and what to do; records of the year set aside: the township has records of
        # it, uncounted (one set aside of another year says nothing of this one)
        if not self.total_records and self.bundles and not self.set_aside and self.made_before_year_end is None:
            out.append(_then(self._nothing_dated(), STEP_ASK))
        return out

    def attention(self) -> str:
        """需关注 as 数据完整性 shows it, and `fazhi indicators --township` at the county: an item to a line, each
        ended by "。" (items have parts of their own, "；"); "" when all is well."""
        return "".join(f"{item}。\n" for item in self.problems()).rstrip("\n")

    def _sent_before_year_end(self, stale: bool) -> str:
        """The year is over and the newest bundle was made before its end: "最后一个数据包制作于2026年12月10日，
        2026年底之后尚未报送（此后登记的记录未到）", its day in words as the year's end beside it (a sentence, not a
        table's date column), the year said (a reviewer in January 2027 read "年底" as the end of
        2025); with how long it has been silent and, when none of the year's records is at the county, that too, in
        the same sentence: its step brings them all (the three things said with three steps: 请乡镇导出数据包报送,
        再导出一个数据包报送, 请向乡镇核实)."""
        made = self.made_before_year_end
        assert made is not None
        silent = f"已 {self.days_since} 天未报送，" if stale else ""
        if made.year < self.year:  # made before the year began: none of its records can be at the county
            return f"{silent}最后一个数据包制作于{cn_date(made.isoformat())}，{self.year}年的记录尚未报送"
        new = "新登记的" if self.carried else ""
        nothing = "" if self.total_records or self.set_aside else f"，县里尚无本年{new}记录"
        return (f"{silent}最后一个数据包制作于{cn_date(made.isoformat())}，{self.year}年底之后尚未报送"
                f"（此后登记的记录未到{nothing}）")

    def _nothing_dated(self) -> str:
        """No record dated in the year: "本年没有记录", or, when its figures count records carried over from before
        it (T30b reads 1/1), that there is none new, lest the two contradict each other."""
        return carried_only(self.carried) if self.carried else "本年没有记录"

    def _year_step(self) -> str:
        """What to do of a reopened year and its roster moves: wait for it to be closed again, look at its figures
        again, or nothing."""
        story = self.reopened
        if story is not None and (story.now is None or story.now[0] != year_close.CLOSE):
            return STEP_AFTER_CLOSE
        if story is not None and story.counted and not story.changed and not story.gone and not self.roster_moved:
            return STEP_NONE
        return STEP_RECHECK


def earlier_said(earlier_open: Mapping[str, tuple[tuple[str, ...], bool]], whose: str = "") -> list[str]:
    """需关注's items of an earlier install's matters still open (`TownshipCompleteness.earlier_open`), each with its
    step; `whose`: "原甘城乡（2027年1月1日并入）", of a township merged into the row's."""
    out = []
    for label, (numbers, rectifying) in earlier_open.items():
        words, step = EARLIER_WORDS[rectifying]
        out.append(_then(f"{whose}重装前" + words.format(label=label, n=len(numbers), named=_named(numbers)), step))
    return out


def _named(numbers: tuple[str, ...] | list[str]) -> str:
    """"〔2026〕投诉字第2号、〔2026〕投诉字第5号", the first five, then 等."""
    return "、".join(numbers[:5]) + ("等" if len(numbers) > 5 else "")


def _absorbed_said(store: Store, town: Township, late: Mapping[str, Mapping[str, list[str]]],
                   earlier_open: Mapping[str, dict[str, tuple[tuple[str, ...], bool]]]) -> tuple[str, ...]:
    """需关注's items, under `town`'s row, of the townships merged into it before the year (`Township.absorbed`):
    their matters late now (`late`: overdue.named_by_township) and their earlier install's still open
    (`earlier_open`), each named "原甘城乡（2027年1月1日并入）" and by its own numbers: the reviewer watching 李旺镇
    sees them, once, whether or not 甘城乡 sent records dated in the year."""
    out: list[str] = []
    for gone in town.absorbed:
        whose = f"原{gone.name}（{gone.since}）"
        named = late.get(gone.code, {})
        parts = [f"{part}：{_named(numbers)}"
                 for part, numbers in zip(_late_parts(store, named), named.values(), strict=True)]
        if parts:
            out.append(_then(f"{whose}现已{overdue.MARK}：{'；'.join(parts)}",
                             STEP_LATE_MERGED.format(into=town.name, name=gone.name)))
        out += earlier_said(earlier_open.get(gone.code, {}), whose)
    return tuple(out)


def _late_parts(store: Store, late: Mapping[str, list[str]]) -> list[str]:
    """A township's late records (ledger name -> numbers) as 需关注 says each ledger's (`overdue.parts`)."""
    return overdue.parts(store, {name: len(numbers) for name, numbers in late.items()})


def carried_only(carried: int) -> str:
    """A township with no record dated in the year whose figures count `carried` records from before it (a complaint
    still open on 1 January, T30b), as 数据完整性 and the township's 本年度指标 both say it."""
    return f"本年没有新登记的记录（只有上年结转、计入本年指标的 {carried} 条）"


#: why a township's figures are 无数据 at the county when it has sent no bundle (`nothing_arrived`)
NEVER_SENT = "尚未报送数据包"


def nothing_arrived(store: Store, towns: Iterable[str]) -> dict[str, str]:
    """At the county, of `towns` (townships with no record of the year in its database), why: what arrived, not
    what the township did ("本年还没有任何记录" read as "the township did nothing"): "尚未报送数据包", or, of one
    that sent bundles holding nothing of the year, "尚未收到本年的记录（最近一次报送：2026-10-08）", its last bundle's
    import day in Beijing time (数据完整性's 最后导入日期). {} in a township's own database, whose empty year is its own
    (`Figure.no_data_reason` says 本年还没有任何记录), and at a county without an import log."""
    wanted = list(towns)
    if not wanted or not store.is_county or not exists(store.conn, "bundles_received"):
        return {}
    last = dict(store.conn.execute(
        f"SELECT township, max(imported_at) FROM bundles_received WHERE township IN ({', '.join('?' for _ in wanted)})"
        " GROUP BY township", wanted))
    return {town: f"尚未收到本年的记录（最近一次报送：{office_date(last[town]).isoformat()}）" if last.get(town)
            else NEVER_SENT for town in wanted}


def _then(problem: str, step: str) -> str:
    """"1 条冲突待处理：请在…中处理": a text that already has parts of its own takes its step after "；"."""
    if not step:
        return problem
    return f"{problem}{'；' if '：' in problem or '；' in problem else '：'}{step}"


@dataclass(frozen=True)
class Completeness:
    year: int
    today: date
    source: str  # "bundles" (the import log) or "records" (no log in this database)
    townships: list[TownshipCompleteness]
    county: bool = False
    over: bool = False  # the year is over (`year_over`)
    #: standing on a day before today (`--as-of`): records counted up to it, days since a bundle counted to it
    as_of: bool = False

    @property
    def note(self) -> str:
        day = (f"记录数为统计截至日（{self.today.isoformat()}）以前日期的；" if self.as_of else "")
        if self.source == SOURCE_RECORDS:
            where = "县级数据库中的记录统计（还没有数据包导入记录）" if self.county else "本所数据库中的记录统计"
            return f"{day}按{where}。"
        over = f"；{self.year}年已结束，年底之后还没有报送的乡镇也会标出" if self.over else ""
        since = ("；统计截至日以后才导入的数据包，距统计截至日天数记为 0（其中截至日以前日期的记录已计入指标）"
                 if self.as_of else "")
        changed = TAMPERED_NOTE if any(t.tampered for t in self.townships) else ""
        return f"{day}按数据包导入记录统计；超过 {STALE_DAYS} 天未报送的乡镇会标出{over}{since}。{changed}"

    def only(self, codes: Iterable[str]) -> Completeness:
        """The same, for the townships `codes` only (a report or `fazhi indicators` of some townships)."""
        wanted = set(codes)
        return replace(self, townships=[t for t in self.townships if t.code in wanted])

    def not_all_arrived(self) -> dict[str, date]:
        """township code -> the day its newest bundle was made, for the townships whose records of the ended year
        may not all be at the county (the bundle was made before the year ended): their figures are judged on what
        arrived, and every place that shows a verdict says so."""
        return {t.code: t.made_before_year_end for t in self.townships if t.made_before_year_end is not None}

    def arrival_note(self) -> str:
        """The sentence under a matrix naming those townships, their days in words as the note above it writes
        统计截至 (海城镇（2026年12月10日）); empty when there are none."""
        late = self.not_all_arrived()
        if not late:
            return ""
        named = "、".join(f"{t.name}（{cn_date(late[t.code].isoformat())}）" for t in self.townships if t.code in late)
        return (f"带 * 的乡镇最后一个数据包制作于{self.year}年底之前：{named}；此后登记的记录尚未报送到县里，"
                "其状态按已收到的记录评定。")


def completeness(store: Store, year: int, today: date | None = None,
                 carried: Mapping[str, int] | None = None) -> Completeness:
    """Completeness of every township of the database for `year`; `carried` (`Results.carried`): township -> the
    records dated before the year that its figures count."""
    today = today or office_date(store.clock())
    # standing on an earlier day (--as-of): counted up to it, as the figures are, and the year over by it alone
    as_of = today < office_date(store.clock())
    records = records_in_year(store, year, today if as_of else None)
    towns = township_list(store, year=year, records=records, senders=True)  # the year's counts read once, here
    has_log = store.is_county and exists(store.conn, "bundles_received")
    bundles = kept(store, _bundles) if has_log else {}  # the bundle log, of every year
    made_days = _newest_made(store) if has_log else {}
    over = today.year > year if as_of else year_over(store, year, today)
    keys = _keys(store) if has_log else {}
    conflicts = _conflicts(store) if has_log else {}
    aside = _set_aside(store, year) if has_log else {}
    earlier_open = _earlier_open(store, year) if has_log else {}
    changed = tampered.by_township(kept(store, tampered.scan)) if has_log else {}
    moved = roster_move_notes.told(store, year) if has_log else {}
    late = overdue.named_by_township(store) if has_log else {}
    on_key = county_keys.county_key_states(store) if has_log else {}
    old_key = county_keys.old_key_problem(store) if county_keys.OLD in on_key.values() else ""
    untrusted = _untrusted(store) if has_log else {}
    ahead = _dated_ahead(store) if has_log else {}
    made_ahead = _made_ahead(store) if has_log else {}
    rows = []
    for town in towns:
        info = bundles.get(town.code, {})
        closings = year_close.parse_bag_value(info.get("closings"))
        last = info.get("last_imported")
        days = max(0, (today - office_date(last)).days) if last else None  # imported after an as-of day: 0
        made = made_days.get(town.code)
        before_end = made if made is not None and over and not _made_after(made, year) else None
        aside_count, aside_waiting, aside_told, told = aside.get(town.code, (0, 0, 0, ""))
        rows.append(TownshipCompleteness(
            town.code, town.name, keys.get(town.code, False), info.get("count", 0), info.get("last_sequence"), last,
            days, tuple(info.get("missing", ())), info.get("log_gap"), conflicts.get(town.code, 0),
            {ledger: counts.get(town.code, 0) for ledger, counts in records.items()}, has_log,
            revoked=keys.get(town.code) is False, set_aside=aside_count,
            set_aside_waiting=aside_waiting, set_aside_told=aside_told, told=told, made_before_year_end=before_end,
            year_closing=closings.get(year),
            closed_years=frozenset(y for y, (op, _day) in closings.items() if op == year_close.CLOSE),
            reopened=reopened_years.year_story(store, town.code, year) if info else None,
            tampered=tuple(changed.get(town.code, ())), roster_moved=tuple(moved.get(town.code, ())),
            listed_years=town.listed_years, merged=town.merged, merged_note=town.note,
            into=(town.into, town.into_name) if town.into else None,
            carried=(carried or {}).get(town.code, 0), year=year,
            # a township merged away before the year: its matters are said under the one it joined (`absorbed`)
            earlier_open={} if town.into else earlier_open.get(town.code, {}),
            late=() if town.into else tuple(_late_parts(store, late.get(town.code, {}))),
            county_key=on_key.get(town.code, ""), old_county_key=old_key, untrusted=untrusted.get(town.code, ()),
            ahead=ahead.get(town.code, ()), made_ahead=made_ahead.get(town.code, ""),
            absorbed=_absorbed_said(store, town, late, earlier_open)))
    return Completeness(year, today, SOURCE_BUNDLES if has_log else SOURCE_RECORDS, rows, store.is_county, over,
                        as_of)


def closed_by_year(store: Store) -> dict[int, dict[str, tuple[str, str]]]:
    """At the county, year -> township code -> (op, day) as each township's newest bundle says the year stands
    (`Fazhi-Year-Closings`, the column 年度封账 of 数据完整性): which townships closed it, or reopened it since,
    the newest year first, townships in code order. {} in a township's own database (its year log says it, core/
    year_close.py) and at a county without an import log."""
    if not store.is_county or not exists(store.conn, "bundles_received"):
        return {}
    out: dict[int, dict[str, tuple[str, str]]] = {}
    for town, info in sorted(kept(store, _bundles).items()):
        for year, said in year_close.parse_bag_value(info.get("closings")).items():
            out.setdefault(year, {})[town] = said
    return dict(sorted(out.items(), reverse=True))


def year_over(store: Store, year: int, today: date) -> bool:
    """Whether `year` is over: in Beijing time (`clock.OFFICE_ZONE`), as a closing and the bundles' made days are
    judged, on a county PC set to any zone; or by `today` when the caller gives a later day."""
    return max(today, office_date(store.clock())).year > year


def bundles_received(store: Store, township: str) -> int | None:
    """How many bundles of `township` this county database imported; None without an import log to tell (a
    township database, or a county one from before bundles)."""
    if not store.is_county or not exists(store.conn, "bundles_received"):
        return None
    return store.conn.execute("SELECT count(*) FROM bundles_received WHERE township = ?", [township]).fetchone()[0]


def _earlier_open(store: Store, year: int) -> dict[str, dict[str, tuple[tuple[str, ...], bool]]]:
    """township -> ledger label -> the numbers of its earlier install's matters (a ledger with `open_until`: 投诉举报,
    调解案件 while it is empty, 行政执法监督检查 while its rectification waits, `open_while`) dated by the end of
    `year` and still open by the ledger's own rule (`LedgerDef.in_progress`, read from the fields it judges by, as
    core/indicators/moving.py reads them): the township re-installed without a backup and cannot conclude them, so
    they are not carried into a later year's T30b nor marked 逾期 (core/indicators/sql.py, core/overdue.py), and
    需关注 names them (`EARLIER_WORDS`). Not one set aside (不计入 as well): no figure counts it, and the set-aside
    records' line says so."""
    out: dict[str, dict[str, tuple[tuple[str, ...], bool]]] = {}
    for ledger in store.ledgers.values():
        if not ledger.open_until:
            continue
        day, until = ledger.date_field, ledger.open_until
        # without `open_while` the rule is `open_until` empty: asked in SQL first, as most records are concluded
        empty = "" if ledger.open_while else f' AND (r."{until}" IS NULL OR r."{until}" = \'\')'
        fields = [ledger.field(name) for name in ledger.matter_fields]
        columns = "".join(f', r."{f.name}"' for f in fields)
        rows = store.query(
            f'SELECT r.township, coalesce(r.number, r.id) AS named{columns} FROM "{ledger.name}" AS r'
            f' WHERE {counted("r")}{empty} AND r."{day}" < ? AND {earlier_install("r")} ORDER BY r."{day}", r.number',
            [f"{year + 1:04d}-01-01"])
        for row in rows:
            if ledger.in_progress(decoded_values(fields, row)):
                named, _ = out.setdefault(row["township"], {}).get(ledger.label, ((), False))
                out[row["township"]][ledger.label] = ((*named, row["named"]), bool(ledger.open_while))
    return out


def _set_aside(store: Store, year: int) -> dict[str, tuple[int, int, int, str]]:
    """township -> (records dated in `year` set aside at import, those of them whose conflict waits, of the others
    those its last receipt named and what says so, `receipt_lost.told_on`): the record stays in its ledger, set_aside
    names the ledger, the record's date field gives the year (core/bundle/lost.py). Each set-aside record's day is
    looked up in its own ledger by id, as a subquery (a join reads the whole ledger for a Bloom filter): nearly always
    none are set aside, so nearly no cost, where a union of every ledger was read whole for each year asked."""
    found: dict[str, list[tuple[str, bool]]] = {}
    for (name,) in store.conn.execute("SELECT DISTINCT ledger FROM set_aside").fetchall():
        if name not in store.ledgers:
            continue
        ledger = store.ledgers[name]
        day = f'(SELECT r."{ledger.date_field}" FROM "{ledger.name}" AS r WHERE r.id = s.record_id)'
        sql = ("SELECT s.township, s.at, EXISTS (SELECT 1 FROM conflicts AS k WHERE k.record_id = s.record_id"
               f" AND k.resolved_at IS NULL) FROM set_aside AS s WHERE s.ledger = ? AND {day} >= ? AND {day} < ?")
        for town, at, waiting in store.conn.execute(sql, [name, f"{year:04d}-01-01", f"{year + 1:04d}-01-01"]):
            found.setdefault(town, []).append((at, bool(waiting)))
    if not found:
        return {}
    # loaded only when some are set aside: it loads the whole bundle package (which imports this module)
    from fazhi_desktop.core.bundle.receipt_lost import told_on

    out: dict[str, tuple[int, int, int, str]] = {}
    for town, rows in found.items():
        said = {at: told_on(store, town, [at]) for at, w in rows if not w}  # once an import: `at` is its time
        told = [said[at] for at, w in rows if not w and said[at]]  # each by when set aside
        out[town] = (len(rows), sum(w for _at, w in rows), len(told), told[0] if told else "")
    return out


def _newest_made(store: Store) -> dict[str, date]:
    """township -> the day its newest bundle (in the order they were made, BUNDLE_MADE) was made: its own stamp, or
    when it was imported if that was earlier (a township's clock ran ahead: 2028 in January 2027; one imported before
    migration 012 was made before it was imported). The day in Beijing time (`clock.office_date`), as a closing's:
    read as a county PC set to UTC's local day, a bundle made at 03:00 on New Year's Day was made on 31 December."""
    return {town: office_date(at) for town, at in store.conn.execute(
        f"SELECT township, min(coalesce(created_at, imported_at), imported_at) FROM (SELECT *, row_number() OVER"
        f" (PARTITION BY township ORDER BY {BUNDLE_MADE} DESC, sequence DESC) AS newest FROM bundles_received)"
        " WHERE newest = 1") if at}


def _made_after(made: date, year: int) -> bool:
    """Whether a bundle made on `made` holds the whole of `year` (it was made after 31 December)."""
    return made.year > year


def _bundles(store: Store) -> dict[str, dict]:
    out: dict[str, dict] = {}
    rows = store.conn.execute(f"SELECT township, sequence, imported_at, {BUNDLE_MADE}, year_closings, "
                              "replaced_by FROM bundles_received ORDER BY township, sequence, imported_at").fetchall()
    # the township's log as far as the county holds it: a bundle of history it abandoned (restored a backup) may
    # have reached further, and those entries are gone (apply._apply_changes), not missing
    through = dict(store.conn.execute("SELECT township, max(seq) FROM received_changes GROUP BY township"))
    for township, sequence, imported_at, made, closings, replaced_by in rows:
        info = out.setdefault(township, {"count": 0, "sequences": set(), "last_imported": None, "last_made": None,
                                         "through": through.get(township) or 0})
        info["count"] += 1
        if replaced_by is None:  # numbered by the township's install now, not one it re-installed (apply.py)
            info["sequences"].add(sequence)
        if info["last_imported"] is None or imported_at > info["last_imported"]:
            info["last_imported"] = imported_at
        if info["last_made"] is None or made >= info["last_made"]:  # a later sequence made the same second
            info["last_made"] = made
            info["closings"] = closings  # the township's years as its newest bundle says
    for township, info in out.items():
        highest = max(info["sequences"])
        info["last_sequence"] = highest
        info["missing"] = [n for n in range(1, highest) if n not in info["sequences"]]
        covered = _covered_through(store, township)
        if covered < info["through"]:
            info["log_gap"] = (covered + 1, info["through"])
        else:  # a bundle lost on the way whose changes a later one carried: nothing is missing
            info["missing"] = []
    return out


def _covered_through(store: Store, township: str) -> int:
    """The township's change log as far as the county holds it without a gap (0 when entry 1 is missing)."""
    if not exists(store.conn, "received_changes"):
        return 0
    row = store.conn.execute(
        "SELECT min(seq) FROM received_changes r WHERE township = ? AND seq >= 1 AND NOT EXISTS "
        "(SELECT 1 FROM received_changes n WHERE n.township = r.township AND n.seq = r.seq + 1)", [township]
    ).fetchone()
    first = store.conn.execute("SELECT 1 FROM received_changes WHERE township = ? AND seq = 1", [township]).fetchone()
    return (row[0] or 0) if first else 0


def _keys(store: Store) -> dict[str, bool]:
    """township -> whether it has a key in force (False: it had keys, all revoked)."""
    return {township: bool(active) for township, active in store.conn.execute(
        "SELECT township, max(revoked_at IS NULL) FROM township_keys GROUP BY township")}


def _untrusted(store: Store) -> dict[str, tuple[str, ...]]:
    """township -> 需关注's line of each bundle a stolen or lost key signed that was imported after the day it is not
    trusted from; asked in SQL first, as nearly always none is (the revocation module loads the bundle package)."""
    if not store.conn.execute("SELECT 1 FROM township_keys WHERE revoked_reason IN ('被盗', '丢失')").fetchone():
        return {}
    from fazhi_desktop.core.bundle.revocation import untrusted_bundles

    out: dict[str, tuple[str, ...]] = {}
    for bundle in untrusted_bundles(store):
        out[bundle.township] = (*out.get(bundle.township, ()), bundle.attention)
    return out


def _dated_ahead(store: Store) -> dict[str, tuple[str, ...]]:
    """township -> its counted records dated after the county's today (Beijing time) and a day's slack, each as
    "会议 〔2027〕会记字第1号（2027-06-20）", by date: a township whose clock ran a year ahead dated a meeting held
    in 2026 in 2027, and the 2026 figure the reviewer signed left it out without a word (the bundle's made time was
    said once, in the import report)."""
    after = (office_date(store.clock()) + SLACK).isoformat()
    found: dict[str, list[tuple[str, str]]] = {}
    for ledger in store.ledgers.values():
        day = ledger.date_field
        for town, number, dated in store.conn.execute(
                f'SELECT township, coalesce(number, id), "{day}" FROM "{ledger.name}" AS r'
                f' WHERE "{day}" > ? AND {counted("r")}', [after]):
            found.setdefault(town, []).append((dated, f"{ledger.label} {number}（{dated}）"))
    return {town: tuple(named for _day, named in sorted(rows)) for town, rows in found.items()}


def _made_ahead(store: Store) -> dict[str, str]:
    """township -> what 需关注 says when its newest bundle (BUNDLE_MADE order) says it was made later than the county
    imported it, by more than the day's slack (`clock.past_slack`, as the import report's note), and carries no
    clock confirmation (电脑时间无误): "最新的第 2 号数据包的制作时间 2028-01-03 09:00（北京时间）晚于县里导入它的时间
    2027-01-05 09:00：乡镇电脑的时间可能走快了". Gone once a bundle made with the clock right arrives (it is the
    newest), or one carrying the confirmation."""
    out = {}
    for town, sequence, made, imported in store.conn.execute(
            f"SELECT township, sequence, created_at, imported_at FROM (SELECT *, row_number() OVER"
            f" (PARTITION BY township ORDER BY {BUNDLE_MADE} DESC, sequence DESC) AS newest FROM bundles_received)"
            " WHERE newest = 1 AND confirmed_at IS NULL AND created_at IS NOT NULL"):
        if made > past_slack(imported):
            out[town] = (f"最新的第 {sequence} 号数据包的制作时间 {office_time(made)}晚于县里导入它的时间 "
                         f"{office_time(imported, False)}：乡镇电脑的时间可能走快了")
    return out


def _conflicts(store: Store) -> dict[str, int]:
    return dict(store.conn.execute(
        "SELECT township, count(*) FROM conflicts WHERE resolved_at IS NULL GROUP BY township").fetchall())


def year_known_empty(store: Store, year: int, today: date, towns: list[str]) -> set[str]:
    """Of `towns` (townships without a record dated in `year`), those whose empty year is a fact to be scored,
    not a gap in what the county holds: they kept their ledgers in the program before the year (a record dated
    earlier) and their whole year is in this database (a township's own once the year is over; at the county, a
    bundle made after 31 December). Their counts are 0 and judged (未达标), where 无数据 let a township that did
    nothing escape the 未达标 list that task 3 of the notice names and docks points from."""
    if not towns:
        return set()
    if not store.is_county:
        whole = set(towns) if today > date(year, 12, 31) else set()
    elif exists(store.conn, "bundles_received"):
        whole = {town for town, made in _newest_made(store).items() if town in towns and _made_after(made, year)}
    else:
        whole = set()
    earlier: set[str] = set()
    for ledger in store.ledgers.values():
        sql = f'SELECT DISTINCT township FROM "{ledger.name}" WHERE {counted("")} AND "{ledger.date_field}" < ?'
        earlier.update(row[0] for row in store.conn.execute(sql, [f"{year:04d}-01-01"]))
    return whole & earlier
