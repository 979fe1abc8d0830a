"""Demonstration data: a roster and a year of realistic records in every ledger, for training, demos and screenshots.

Everything goes through `people.add_person` and `Store.save`, so every value passes the validation a clerk's entry
passes. The same seed and clock give the same records (ids and timestamps aside). The indicators of
shared/domain/targets.md have something to show: most targets are met, a few are at risk (an agenda item that
reached the meeting unreviewed, an expired enforcement certificate, late and open complaints). Things that happened
are never dated after the store clock's today; deadlines and expiry dates (`due_on`, `rectify_by`,
`performance_deadline`, `valid_until`) may lie ahead, as in a real ledger.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from fazhi_desktop.core import demo_work
from fazhi_desktop.core.accounts import DEMO_ACCOUNTS
from fazhi_desktop.core.clock import local_today
from fazhi_desktop.core.dates import year_problem
from fazhi_desktop.core.errors import FazhiError, SetupError
from fazhi_desktop.core.identifiers import credit_code_check_char, id_card_check_char
from fazhi_desktop.core.people import CERTIFIED_ROLE, add_person, list_people
from fazhi_desktop.core.store import Record, Store

Progress = Callable[[int, int, str], None]
#: who enters and who reviews a `worked` demo's records: the demonstration accounts' 录入员 and 所长
ENTERED_BY, REVIEWED_BY = DEMO_ACCOUNTS[2][0], DEMO_ACCOUNTS[1][0]

# -- data: {p} the township (海城镇), {k} its kind (镇/乡), {head} its head (镇长), {gov} its government (镇政府) ----

ROSTER = (  # key, name, title, role tags
    ("secretary", "马志刚", "{k}党委书记", ("主要负责同志",)), ("head", "田玉春", "{head}", ("主要负责同志",)),
    ("deputy", "李强", "副{head}（分管政法）", ()), ("clerk", "王梅", "党政办主任", ()),
    ("chief", "杨芳", "司法所所长", ("司法所所长", "调解员")), ("assistant", "苏燕", "司法助理员", ("调解员",)),
    ("enf1", "海军", "综合执法队队长", ("执法人员",)), ("enf2", "禹成", "综合执法队员", ("执法人员",)),
    ("enf3", "马斌", "综合执法队员", ("执法人员",)), ("med1", "虎小平", "人民调解员", ("调解员",)),
    ("med2", "张丽", "人民调解员", ("调解员",)), ("med3", "马秀兰", "山门村人民调解委员会主任", ("调解员",)),
)
#: enforcement certificates: key -> (year issued, serial, years valid after the demo year; 0: runs out mid-period)
CERTS = {"enf1": (2021, 87, 2), "enf2": (2023, 123, 1), "enf3": (2020, 311, 0)}
UNCERTIFIED = "马小龙"  # a 协管员 without certificate, found by some checks, in the roster as 未持证
MEDIATORS = ("chief", "assistant", "med1", "med2", "med3")
VILLAGES = ("山门村", "武塬村", "南坪村", "杨山村", "马圈村", "双河村", "团结村", "高台村", "红古村", "联合村",
            "沙塘村", "堡子村", "冯湾村", "涝池村")
#: parties (name, gender); the first three come up four times as often, so a search finds several records
PARTIES = (("马文", "男"), ("李海", "男"), ("王兰", "女"), ("马福", "男"), ("马金花", "女"), ("海玉", "女"),
           ("杨成", "男"), ("田娟", "女"), ("张军", "男"), ("禹彦", "男"), ("虎海燕", "女"), ("苏建国", "男"),
           ("马有才", "男"), ("李秀英", "女"), ("杨桂兰", "女"), ("马占林", "男"), ("王鹏", "男"), ("田秀梅", "女"),
           ("海志明", "男"), ("马玉梅", "女"), ("刘成", "男"), ("马晓东", "男"))
OCCUPATIONS = ("农民", "农民", "个体工商户", "外出务工人员", "养殖户", "村民小组长")
COMPANIES = {"海原县鑫盛建筑工程有限公司": "MA76C2RK8", "海原县天泰农牧发展有限公司": "MA75XJ4P1",
             "海原县通达运输有限公司": "MA7DQ3H09"}  # name -> the organisation part of the credit code
LAWS = ("《中华人民共和国宪法》", "《中华人民共和国行政处罚法》", "《中华人民共和国民法典》婚姻家庭编",
        "《中华人民共和国人民调解法》", "《中华人民共和国行政许可法》", "《中华人民共和国土地管理法》",
        "《中华人民共和国安全生产法》", "《中华人民共和国行政复议法》", "《中华人民共和国乡村振兴促进法》",
        "《中华人民共和国民法典》物权编", "《宁夏回族自治区行政执法监督条例》", "《宁夏回族自治区禁牧封育条例》")
LECTURES = (("《中华人民共和国行政处罚法》解读与基层执法实务", "《中华人民共和国行政处罚法》"),
            ("习近平法治思想专题辅导", "《法治政府建设实施纲要（2021—2025年）》"),
            ("《民法典》婚姻家庭编与农村家事纠纷化解", "《中华人民共和国民法典》婚姻家庭编"),
            ("农村土地承包纠纷的法律适用", "《中华人民共和国农村土地承包法》、《中华人民共和国土地管理法》"))
SEMINARS = (("基层行政执法规范化建设研讨", "《宁夏回族自治区行政执法监督条例》"),
            ("矛盾纠纷多元化解机制研讨", "《中华人民共和国人民调解法》"))
SPEAKERS = (("李明", "海原县司法局副局长"), ("王静", "海原县人民法院法官"), ("马骏", "县公共法律服务中心律师"))
HEARINGS = (("旁听行政诉讼案件庭审", "土地行政处罚", "行初"), ("旁听劳务合同纠纷案件庭审", "劳务合同纠纷", "民初"))
STUDY_TYPES = {"会前学法": 35, "专题法治讲座": 12, "法治研讨": 8, "旁听庭审": 6, "学法用法考试": 5,
               "领导干部述法": 5, "宪法宣誓": 4, "其他": 8}
#: activity type -> start (minutes after midnight), duration, form
STUDY_TIMES = {"会前学法": (510, 30, "集中学习"), "专题法治讲座": (900, 120, "专题讲座"), "法治研讨": (900, 90, "研讨"),
               "旁听庭审": (570, 150, "集中学习"), "宪法宣誓": (540, 30, "集中学习"), "其他": (900, 90, "视频")}
MEETING_TYPES = {"专题研究部署法治政府建设会议": 2, "乡镇行政会议(政府常务会议)": 18, "党委会": 7, "其他": 3}
OTHER_MEETINGS = ("矛盾纠纷排查化解工作推进会", "安全生产和森林草原防火工作部署会", "普法依法治理工作推进会")
AGENDA = (  # title, needs legality review, decision
    ("审议《{p}农村人居环境整治实施方案》", True, "原则通过，由{k}农业农村综合服务中心按程序印发实施。"),
    ("审议{p}光伏项目土地租赁合同", True, "同意签订，合同文本按审查意见修改后报县政府备案。"),
    ("研究{p}集贸市场占道经营集中整治方案", True, "原则通过，由综合执法队实施，严格执行执法全过程记录。"),
    ("审议《{p}村规民约修订指导意见》", True, "原则通过，各村据此修订村规民约，删除与法律相抵触的条款。"),
    ("审议{p}农村宅基地审批管理实施细则", True, "原则通过，按程序公开征求意见后印发。"),
    ("听取上月矛盾纠纷排查化解情况汇报", False, "各村落实矛盾纠纷“月排查”，重点纠纷由司法所牵头化解。"),
    ("研究春季森林草原防火工作", False, "成立防火工作专班，严格落实禁牧封育和野外用火管理。"),
    ("研究防汛抗旱及地质灾害防治工作", False, "各村排查隐患点并建立台账，汛期落实24小时值班。"),
    ("听取法治政府建设年度重点工作推进情况汇报", False, "对照年度要点逐项销号，未完成事项限期推进。"),
    ("通报行政执法案卷评查情况", False, "综合执法队对评查发现问题逐案整改，一个月内报送整改情况。"),
    ("研究安全生产大检查工作", False, "由分管领导带队，对辖区加油站、砖厂、养殖场开展拉网式检查。"))
FAZHI_AGENDA = (("传达学习上级法治政府建设工作会议精神", False, "各站所抓好贯彻落实。"),
                ("研究部署本年度法治政府建设工作要点", False, "原则通过，按职责分工落实，每季度报送进展。"),
                ("审议{p}重大行政决策事项目录", True, "原则通过，目录向社会公开。"))
DISCUSSIONS = ("参会人员逐项讨论，一致同意。", "与会人员围绕实施范围、资金来源和群众意见讨论，司法所所长发表法律意见。",
               "与会人员认为方案总体可行，建议细化责任分工和时间节点。")
ABSENCE = ("下村入户", "病假", "外出参加县级培训", "到县里开会", "事假")  # the documents add "请假（…）"
CHECK_TYPES = {"日常检查": 35, "专项检查": 20, "案卷评查": 15, "投诉核查": 15, "现场检查": 15}
UNITS = ("{p}综合行政执法队", "{p}农业农村综合服务中心", "{p}自然资源所", "{p}村镇规划建设办公室", "{p}应急管理办公室")
STATUSES = {"落实": 16, "部分落实": 4, "未落实": 1}
STATUS_LABELS = {"disclosure_status": "行政执法公示", "recording_status": "执法全过程记录",
                 "legal_review_status": "重大执法决定法制审核"}
#: (respondent, of {p}; matter)
COMPLAINTS = (("综合行政执法队", "执法人员检查时未出示执法证"), ("综合行政执法队", "占道经营整治中暂扣物品未开具清单"),
              ("自然资源所", "举报违法占地建房后长期未处理"), ("综合行政执法队", "对流动摊贩罚款未出具处罚决定书"),
              ("农业农村综合服务中心", "禁牧执法中处罚标准不一致"), ("应急管理办公室", "安全检查后责令整改期限过短"),
              ("综合行政执法队", "执法过程未全程记录，当事人对现场笔录有异议"))
#: what a complaint against each unit of UNITS may be about (one that led to a 投诉核查 check is against the unit)
MATTERS = {unit.removeprefix("{p}"): [m for u, m in COMPLAINTS if "{p}" + u == unit] for unit in UNITS}
MATTERS["村镇规划建设办公室"] = ["责令停止违规建房未送达书面通知"]
SOURCES = {"12345热线": 8, "信访": 2, "来信": 1, "来电": 4, "来访": 4, "网络": 2, "其他": 1}
DISPUTES = {  # type -> (weight, summary, claims, agreement, responsibilities); {a} {b} the parties, {v} village
    "婚姻家庭纠纷": (6, "{a}与{b}婚后因家庭琐事及赡养老人问题经常争吵，对子女抚养和财产分割存在分歧。",
                     "请求调解解决子女抚养及家庭财产分割问题。", "双方自愿和好，共同赡养老人、抚养子女，互不打骂。",
                     "双方对家庭矛盾激化均有责任，{a}与{b}均应共同承担赡养老人和抚养子女的义务。"),
    "邻里纠纷": (6, "{a}与{b}系{v}邻居，因{b}家修建围墙占用通道、雨水排至{a}家院内，双方多次发生口角。",
                 "请求{b}拆除占用通道的围墙并疏通排水。", "{b}自行拆除占道围墙约1.2米，双方共同出资修建排水渠。",
                 "{b}修建围墙占用通道、排水不当，负主要责任；{a}在争执中言语过激，负次要责任。"),
    "房屋宅基地纠纷": (5, "{a}与{b}宅基地相邻，{b}翻建房屋时地基越过原界线约0.5米，{a}认为侵占其宅基地。",
                       "请求确认宅基地界线，{b}停止侵占。", "以村委会宅基地登记图为准重新确界，{b}补偿{a}3000元。",
                       "{b}翻建房屋越界施工，应承担全部责任。"),
    "山林土地纠纷": (5, "{a}与{b}因承包地地界及退耕还林地块归属发生争议，均主张对争议地块享有承包经营权。",
                     "请求确认争议地块承包经营权归属。", "经实地勘测，双方同意按二轮承包合同面积分割争议地块。",
                     "双方对地界记载不清均无过错，按承包合同确认各自权利。"),
    "损害赔偿纠纷": (4, "{b}家放养的羊只进入{a}家地里啃食玉米苗约2亩，双方就赔偿数额协商未果。",
                     "请求{b}赔偿青苗损失2400元。", "{b}一次性赔偿{a}青苗损失1800元，今后羊只舍饲圈养。",
                     "{b}违反禁牧规定放养羊只，对青苗损失承担全部责任。"),
    "拖欠农民工工资纠纷": (3, "{a}等5人在{b}承包的村道硬化工程务工，完工后{b}以工程款未结清为由拖欠工资38600元。",
                           "请求支付拖欠的劳务报酬38600元。", "{b}分两次付清全部工资，由村委会监督履行。",
                           "{b}作为用工方负有按时支付劳动报酬的义务，应承担全部责任。"),
    "合同纠纷": (3, "{a}将30只滩羊出售给{b}，约定货款36000元，{b}仅支付20000元，余款经多次催要未付。",
                 "请求支付剩余货款16000元。", "{b}于约定期限内付清余款16000元，{a}放弃利息主张。",
                 "{b}未按约定支付货款，应承担违约责任。"),
    "道路交通事故纠纷": (2, "{b}驾驶三轮摩托车在村道与{a}的电动车相撞，致{a}左腿骨折，交警认定{b}负主要责任。",
                         "请求赔偿医疗费、误工费等共计21500元。", "{b}赔偿{a}医疗费、误工费、护理费共计16000元。",
                         "依交警部门事故认定，{b}负主要责任，{a}负次要责任。"),
    "村务管理纠纷": (2, "{a}对村委会产业扶持资金分配名单有异议，认为本人符合条件却未被纳入。",
                     "请求村委会说明分配依据并重新核定。", "村委会公开分配名单及评定依据，{a}表示认可。",
                     "村委会未及时公开分配依据，对引发争议负有责任。"),
}
OTHER_DISPUTE = ("{a}与{b}因{t}事宜发生争议，经多次协商未果。", "请求依法调解解决。", "{b}按期履行义务，双方再无争议。",
                 "双方对争议的发生各有一定责任。")
OTHER_TYPES = ("生产经营纠纷", "劳动争议纠纷", "消费纠纷", "征地拆迁纠纷", "环境污染纠纷", "其他纠纷")
ADMIN_TYPES = ("山林土地纠纷", "房屋宅基地纠纷", "征地拆迁纠纷", "道路交通事故纠纷", "环境污染纠纷")  # 行政调解
ORG_TYPES = ("拖欠农民工工资纠纷", "合同纠纷", "劳动争议纠纷", "消费纠纷")  # the respondent may be a company
CASE_SOURCES = {"当事人申请": 12, "调委会主动调解": 4, "公安移送": 2, "法院委托": 1, "信访移送": 1, "其他部门移送": 1}
TERMINATIONS = ("被申请人拒绝调解，已告知当事人可通过诉讼途径解决。", "申请人撤回调解申请。",
                "双方对赔偿数额分歧较大，经三次调解未能达成协议，依法终止调解，引导当事人向人民法院起诉。")


class DemoRefused(FazhiError, ValueError):
    """Demo data cannot be made as asked (a negative count, a year out of range or not begun): said to the user like
    any error of theirs (FazhiError), and still the ValueError it always was for callers that catch that."""


@dataclass
class _Ctx:
    """What the builders share: the random source, the demo period, the township and the roster."""

    store: Store
    rng: random.Random
    year: int
    first: date  # 1 January
    last: date  # 31 December, or today in the current year
    today: date
    fmt: dict[str, str]  # p, k, head, gov
    abbr: str  # 海城: doc-number prefix
    who: dict[str, str]  # roster key -> name
    titles: dict[str, str]  # name -> title
    certs: dict[str, tuple[str, date]] = field(default_factory=dict)
    persons: dict[str, dict[str, Any]] = field(default_factory=dict)
    saved: dict[str, list[_Drafted]] = field(default_factory=dict)
    seq: dict[str, int] = field(default_factory=dict)

    def next(self, key: str) -> int:
        self.seq[key] = self.seq.get(key, 0) + 1
        return self.seq[key]

    def day(self, lo: date | None = None, hi: date | None = None, workday: bool = True) -> date:
        """A day in lo..hi (default: the demo period), a working day when one is drawn in eight tries."""
        lo = lo or self.first
        hi = max(hi or self.last, lo)
        d = lo + timedelta(days=self.rng.randint(0, (hi - lo).days))
        for _ in range(7):
            if not workday or d.weekday() < 5:
                break
            d = lo + timedelta(days=self.rng.randint(0, (hi - lo).days))
        return d

    def days(self, n: int) -> list[date]:
        return sorted(self.day() for _ in range(n))

    def after(self, d: date, lo: int, hi: int) -> date | None:
        """A day lo..hi days after d, or None when that day has not come yet (the event has not happened)."""
        later = d + timedelta(days=self.rng.randint(lo, hi))
        return later if later <= self.today else None

    def spread(self, weights: dict[str, int], n: int) -> list[str]:
        """n values, shuffled: each once (as far as n allows), the rest drawn by weight."""
        rest = self.rng.choices(list(weights), list(weights.values()), k=max(0, n - len(weights)))
        values = list(weights)[:n] + rest
        self.rng.shuffle(values)
        return values

    def pick(self, weights: dict[str, int]) -> str:
        return self.rng.choices(list(weights), list(weights.values()))[0]

    def names(self, *keys: str) -> list[str]:
        return [self.who[key] for key in keys]

    def text(self, template: str, **more: str) -> str:
        return template.format(**self.fmt, **more)


#: the township a demonstration database is set up for (海城镇, 海原县), and its office's name (qt/app.py's 演示;
#: the self-test's database too)
DEMO_TOWNSHIP = "640522100"
DEMO_OFFICE = "海城镇司法所（演示）"


def fill_demo(store: Store, year: int, per_ledger: int = 30, seed: int | None = None, actor: str = "演示数据",
              progress: Progress | None = None, worked: bool = False) -> dict[str, int]:
    """Add a roster and `per_ledger` records of every ledger, dated in `year`, to a set-up township database.

    Returns the records added per ledger and the people added to the roster under "people" (a name already in the
    roster is not added again). `progress(done, total, text)` is called after each step.
    Raises SetupError for a county database, DemoRefused (a ValueError too) for a negative count, a year that has
    not begun or is out of the program's range, or an office's database: only a demonstration database (setting
    `demo`) or one with no record and nobody in the roster yet takes demo data, which then makes it one. Fake
    records among an office's own would count for the county (a demo 主要负责同志 in T47), and roster people
    cannot be deleted.
    """
    if per_ledger < 0:
        raise DemoRefused(f"每个台账的记录数不能为负数，收到 {per_ledger}")
    if store.is_county:
        raise SetupError("演示数据只能填入乡镇数据库")
    wrong_year = year_problem(year)
    if wrong_year:
        raise DemoRefused(wrong_year)
    today = local_today(store.clock)
    first, last = date(year, 1, 1), min(date(year, 12, 31), today)
    if last < first:
        raise DemoRefused(f"{year}年尚未开始，不能生成该年的演示数据")
    if store.setting("demo") != "1":
        if _holds_data(store):
            raise DemoRefused("这个数据库已有记录或人员名册，不是演示数据库：演示数据只能填入演示数据库或还没有录入"
                              "任何内容的新数据库，以免与本所的真实记录混在一起（计入指标，名册人员也不能删除）。"
                              "练习请另建数据库：fazhi --db 练习.db init --township 海城镇，再 fazhi --db 练习.db demo")
        store.set_settings(demo="1")  # a demonstration database from now on: filled again, other years too
    place = store.setting("division_name") or "海城镇"
    k = "街道" if place.endswith("街道") else place[-1]
    fmt = {"p": place, "k": k, "head": {"镇": "镇长", "乡": "乡长"}.get(k, "街道办事处主任"),
           "gov": "街道办事处" if k == "街道" else f"{k}政府"}
    c = _Ctx(store, random.Random(seed), year, first, last, today, fmt, place.removesuffix(k)[:2],
             who={key: name for key, name, _, _ in ROSTER}, titles={name: t.format(**fmt) for _, name, t, _ in ROSTER})
    total, done = len(ROSTER) + 1 + len(_BUILDERS) * per_ledger, 0

    def tick(text: str) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total, text)

    if worked:
        with demo_work.clock_at(store, demo_work.year_start(year, store.clock())):
            counts = {"people": _roster(c, REVIEWED_BY, tick)}
    else:
        counts = {"people": _roster(c, actor, tick)}
    for ledger, build in _BUILDERS:  # drafted first: a record links to one drafted before (its _Drafted.id)
        c.saved[ledger] = [_Drafted(ledger, i, data) for i, data in enumerate(build(c, per_ledger))]
        counts[ledger] = len(c.saved[ledger])

    def saved(ledger: str, record: Record) -> None:
        tick(f"{store.ledger(ledger).label} {record.number}")

    if worked:
        demo_work.enter(store, c.saved, seed, ENTERED_BY, REVIEWED_BY, saved)
    else:
        ids: dict[str, str] = {}
        for ledger, items in c.saved.items():
            for item in items:
                saved(ledger, demo_work.save_drafted(store, ledger, item, actor, ids))
    return counts


class _Drafted(dict[str, Any]):
    """A record's values before it is saved, standing in for its Record where a later builder links to it (a
    meeting's 会前学法, a complaint's 投诉核查 check): `id` is a token its save replaces with the record's id."""

    def __init__(self, ledger: str, index: int, values: dict[str, Any]):
        super().__init__(values)
        self.id = f"\x00drafted {ledger} {index}"


def _holds_data(store: Store) -> bool:
    """Has the database any record (a deleted one too) or anyone in its roster?"""
    return any(store.conn.execute(f'SELECT 1 FROM "{table}" LIMIT 1').fetchone()
               for table in (*store.ledgers, "people"))


def _roster(c: _Ctx, actor: str, tick: Callable[[str], None]) -> int:
    county, known, added = (c.store.setting("county") or "640522")[:6], {p.name for p in list_people(c.store)}, 0
    for key, name, _, roles in ROSTER:
        cert_no: str | None = None
        expiry: date | None = None
        if key in CERTS:
            issued, serial, years = CERTS[key]
            cert_no = f"宁{county}-{issued}-{serial:04d}"
            expiry = date(c.year + years, 12, 31) if years else c.first + (c.last - c.first) * 2 // 3
            c.certs[name] = (cert_no, expiry)
        phone = f"1{c.rng.choice('35789')}{c.rng.randint(0, 999999999):09d}"
        if name not in known:
            add_person(c.store, actor, name, c.titles[name], c.fmt["p"], roles, cert_no, _iso(expiry), phone,
                       note="演示数据")  # the roster log names the logged-in user and says what made the entry
            added += 1
        tick(f"名册 {name}")
    if UNCERTIFIED not in known:  # the 执法人员 the checks find without a certificate: 未持证 in the roster. Apart
        # from ROSTER, and without a phone drawn, so that every record after stays as a seed always made it
        add_person(c.store, actor, UNCERTIFIED, "综合执法队协管员", c.fmt["p"], (CERTIFIED_ROLE,), note="演示数据")
        added += 1
    tick(f"名册 {UNCERTIFIED}")
    return added


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _hm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# -- builders: one per ledger, each yields its records' values in date order ---------------------------------------

def _law_study(c: _Ctx, n: int) -> Iterator[dict[str, Any]]:
    r, leaders = c.rng, c.names("secretary", "head")
    for held, kind in zip(c.days(n), c.spread(STUDY_TYPES, n), strict=True):
        start, minutes, form = STUDY_TIMES.get(kind, (900, 120, "集中学习"))
        law = r.choice(LAWS)
        topic, speaker = f"学习{law}", c.who[r.choice(["secretary", "head", "deputy", "chief", "assistant"])]
        position, extra = c.titles[speaker], dict[str, Any]()
        if kind in ("专题法治讲座", "法治研讨"):
            topic, law = r.choice(LECTURES if kind == "专题法治讲座" else SEMINARS)
            if r.random() < 0.6:
                speaker, position = r.choice(SPEAKERS)
        elif kind == "旁听庭审":
            topic, cause, docket = r.choice(HEARINGS)
            law, speaker = "《中华人民共和国行政诉讼法》" if docket == "行初" else "《中华人民共和国民法典》合同编", ""
            extra = {"court": "海原县人民法院", "case_no": f"（{c.year}）宁0522{docket}{r.randint(1, 480)}号",
                     "cause_of_action": cause}
        elif kind == "学法用法考试":
            topic, speaker = f"{c.year}年度国家工作人员学法用法考试", ""
            extra = {"exam_method": r.choice(["闭卷", "线上考试"]), "average_score": round(r.uniform(72, 93), 1),
                     "scores_circulated": r.random() < 0.7}
        elif kind == "领导干部述法":
            topic, law = f"{c.year}年度领导干部述法", "《中华人民共和国宪法》、《法治政府建设实施纲要（2021—2025年）》"
            # the 主要负责同志 report (T47 counts them, a deputy is questioned); as many draws as before
            speaker, reporters = "", c.names("secretary", "head")[: r.randint(1, 3)]
            extra = {"reporters": reporters, "report_form": r.choice(["现场述法", "书面述法", "述职时一并述法"]),
                     "evaluation_result": f"测评满意率{r.randint(88, 99)}%，等次为{r.choice(['好', '好', '较好'])}"}
        elif kind == "宪法宣誓":
            topic, law, speaker = "新任职国家工作人员宪法宣誓仪式", LAWS[0], ""
        elif kind == "其他":
            topic = r.choice(("观看法治教育专题片并交流研讨", "参观县法治文化公园"))
        host = leaders[0] if kind == "宪法宣誓" else r.choice(leaders)
        participants = list(dict.fromkeys([host, *([speaker] if speaker in c.titles else []),
                                           *r.sample(list(c.titles), r.randint(5, 9))]))
        others = [name for name in c.titles if name not in participants]
        absentees = [{"name": name, "reason": r.choice(ABSENCE)}
                     for name in r.sample(others, min(len(others), r.choice([0, 0, 0, 1, 1, 3])))]
        expected = r.randint(18, 36)
        present = expected - len(absentees)
        if kind == "学法用法考试":
            extra.update(exam_takers=present, exam_passed=present - r.choice([0, 0, 1, 2]))
        yield {"activity_type": kind, "topic": topic, "laws_studied": law, "held_on": held.isoformat(),
               "start_time": _hm(start), "end_time": _hm(start + minutes), "duration_minutes": minutes,
               "location": "海原县人民法院第一审判庭" if kind == "旁听庭审" else c.text("{gov}三楼会议室"),
               "host": host, "speaker": speaker or None, "speaker_position": position if speaker else None,
               "speaker_is_principal_leader": speaker in leaders, "study_form": form, "expected_count": expected,
               "present_count": present, "participants": participants, "absentees": absentees, **extra}


def _meeting(c: _Ctx, n: int) -> Iterator[dict[str, Any]]:
    r = c.rng
    studies = [s for s in c.saved["law_study"] if s["activity_type"] == "会前学法"][: n // 3]
    slots: list[tuple[date, str | None]] = [(date.fromisoformat(s["held_on"]), s.id) for s in studies]
    slots = sorted(slots + [(d, None) for d in c.days(n - len(slots))], key=lambda slot: slot[0])
    for i, ((held, study), kind) in enumerate(zip(slots, c.spread(MEETING_TYPES, n), strict=True)):
        seq, admin, host = c.next(kind), kind.startswith("乡镇行政"), c.who["head"]
        if kind.startswith("专题"):
            title, host = f"{c.year}年第{seq}次法治政府建设专题研究部署会议", c.who["secretary"]
        elif admin:
            title = c.text(f"{c.year}年第{seq}次{{gov}}常务会议")
        elif kind == "党委会":
            title, host = c.text(f"{{p}}党委{c.year}年第{seq}次会议"), c.who["secretary"]
        else:
            title = f"{c.year}年{r.choice(OTHER_MEETINGS)}"
        attendance = r.choices(["全程", "部分", "未列席"], [88, 10, 2] if admin else [5, 2, 3])[0]
        attendees = c.names("secretary", "head", "deputy", "clerk") + r.sample(c.names("enf1", "enf2", "assistant"), 2)
        away = r.sample(attendees[2:], r.choice([0, 0, 0, 1]))
        absentees = [{"name": name, "reason": r.choice(ABSENCE)} for name in away]
        if admin and attendance == "未列席":
            absentees.append({"name": c.who["chief"], "reason": "外出参加县司法局业务培训"})
        items = []
        # who reports an item is at the meeting: the 纪要 said 海军就该事项作了汇报 of a meeting whose 出席 and
        # 签到表 left him out (the draw is kept as it was, so the rest of the demonstration data stays the same)
        present = [name for name in attendees if name not in away]
        if attendance != "未列席":
            present.append(c.who["chief"])
        for topic, needs, decision in FAZHI_AGENDA if kind.startswith("专题") else r.sample(AGENDA, r.randint(1, 4)):
            drawn = r.choice(c.names("deputy", "clerk", "chief", "enf1"))
            item: dict[str, Any] = {"title": c.text(topic), "needs_review": needs, "discussion": r.choice(DISCUSSIONS),
                                    "presenter": drawn if drawn in present else _stand_in(c, present),
                                    "decision": c.text(decision)}
            if needs:
                status = r.choices(["已审查合法", "已审查不合法", "未审查"], [90, 3, 7])[0]
                if i >= n // 2 and not c.seq.get("unreviewed"):
                    status = "未审查"  # indicator T21 has something to show whatever the seed
                item["review_status"] = status
                if status == "未审查":
                    item["decision"] = f"会议同意，会后由司法所补充出具合法性审查意见（第{c.next('unreviewed')}件）。"
                else:
                    item["review_doc_no"] = f"{c.abbr}司审〔{c.year}〕{c.next('review')}号"
                if status == "已审查不合法":
                    item["decision"] = "审查认为部分条款与上位法不一致，退回承办单位修改，暂不审议。"
            items.append(item)
        start = 540 if study else r.choice([510, 540, 870, 900])
        yield {"title": title, "meeting_type": kind, "held_on": held.isoformat(),
               "record_form": "会议纪要" if kind.startswith("专题") or r.random() < 0.15 else "会议记录",
               "start_time": _hm(start), "end_time": _hm(start + r.choice([60, 90, 120, 150])),
               "location": c.text("{gov}三楼会议室"), "host": host,
               # the clerk records the meeting, unless the clerk is the one away (then the deputy does)
               "recorder": c.who["deputy"] if c.who["clerk"] in away else c.who["clerk"],
               "attendees": [name for name in attendees if name not in away],
               "observers": None if attendance == "未列席" else [c.who["chief"]], "absentees": absentees,
               "office_head_attendance": attendance, "pre_meeting_study": study, "agenda_items": items}


def _stand_in(c: _Ctx, present: list[str]) -> str:
    """Who reports an agenda item when the one drawn is not at the meeting: the deputy, else the clerk, else the
    office's head (at every meeting she attends), else the last one present."""
    return next((name for name in c.names("deputy", "clerk", "chief") if name in present), present[-1])


def _enforcement_check(c: _Ctx, n: int) -> Iterator[dict[str, Any]]:
    r = c.rng
    seen: set[tuple[date, str]] = set()  # one check of a unit a day: two would be the same check entered twice
    for checked, kind in zip(c.days(n), c.spread(CHECK_TYPES, n), strict=True):
        rows: list[dict[str, Any]] = [{"name": name, "certificate_no": c.certs[name][0],
                                       "valid_until": c.certs[name][1].isoformat()}
                                      for name in c.names("enf1", "enf2", "enf3")]
        rows += [{"name": UNCERTIFIED}] if r.random() < 0.3 else []
        expired = [row["name"] for row in rows if row.get("valid_until", "9999") < checked.isoformat()]
        statuses = {name: c.pick(STATUSES) for name in STATUS_LABELS}
        sampled = r.randint(8, 20) if kind == "案卷评查" else r.randint(0, 5)
        qualified = sampled - min(sampled, r.choice([0, 0, 0, 1, 2]))
        problems = [f"执法人员{name}执法证已过期未换证" for name in expired]
        problems += [f"协管员{UNCERTIFIED}未取得执法证参与执法"] if len(rows) > 3 else []
        problems += [f"{STATUS_LABELS[name]}{status}" for name, status in statuses.items() if status != "落实"]
        problems += [f"抽查案卷中{sampled - qualified}件文书不规范"] if qualified < sampled else []
        drawn = r.choice(UNITS)
        # the next unit not checked that day (no more random draws, so a demo of one seed stays as it was)
        free = [u for u in UNITS[UNITS.index(drawn):] + UNITS if (checked, c.text(u)) not in seen] or [drawn]
        unit = c.text(free[0])
        seen.add((checked, unit))
        data: dict[str, Any] = {
            "checked_on": checked.isoformat(), "check_type": kind, "supervised_unit": unit,
            "inspectors": c.names("chief", "assistant"),
            "check_basis": "《宁夏回族自治区行政执法监督条例》、县司法局年度行政执法监督检查通知",
            "staff_requiring_certificate": len(rows), "staff_certified": 3 - len(expired), "certificates": rows,
            **statuses, "files_sampled": sampled, "files_qualified": qualified,
            "discretion_standard": r.choice(["执行自治区裁量基准，未发现畸轻畸重。", "个别案件裁量理由不充分。"]),
            "problems_found": "；".join(problems) + "。" if problems else "未发现明显问题。"}
        if problems:
            # rechecked in the fortnight after the 整改期限, as an office does: a recheck before it (复查 03-14,
            # 期限 03-18) read as a failed recheck past the deadline; a 未整改 one, late, is the demo's 逾期
            rectify_by = checked + timedelta(days=30)
            rechecked = c.after(rectify_by, 1, 15)
            data.update(opinion_doc_no=f"{c.abbr}司监〔{c.year}〕{c.next('opinion')}号",
                        rectify_by=_iso(rectify_by), rechecked_on=_iso(rechecked),
                        recheck_result=r.choices(["已整改", "未整改"], [9, 1])[0] if rechecked else "整改中")
        yield data


def _complaint(c: _Ctx, n: int) -> Iterator[dict[str, Any]]:
    r = c.rng
    checks = [s for s in c.saved["enforcement_check"] if s["check_type"] == "投诉核查"]
    slots = []
    for _ in range(n):  # about a third lead to a 投诉核查 check some days later
        linked = r.choice(checks) if checks and r.random() < 0.3 else None
        checked = date.fromisoformat(linked["checked_on"]) if linked else None
        lo = max(c.first, checked - timedelta(days=10)) if checked else None
        slots.append((c.day(lo, checked, workday=False), linked))
    for accepted, linked in sorted(slots, key=lambda slot: slot[0]):
        respondent, matter = r.choice(COMPLAINTS)
        if linked and c.fmt["p"] + respondent != linked["supervised_unit"]:  # against the unit its check checked
            respondent = linked["supervised_unit"].removeprefix(c.fmt["p"])
            matter = MATTERS[respondent][len(matter) % len(MATTERS[respondent])]
        check = linked.id if linked else None
        name, anonymous = _party_name(c), r.random() < 0.2
        due = accepted + timedelta(days=r.choice([15, 15, 30]))
        fate = r.choices(["on time", "late", "open"], [85, 7, 8])[0]
        closed = c.after(accepted, 2, (due - accepted).days) if fate == "on time" else None
        closed = c.after(due, 1, 12) if fate == "late" else closed
        finding = r.choices(["属实", "部分属实", "不属实"], [3, 3, 4])[0]
        data: dict[str, Any] = {
            "accepted_on": str(accepted), "source": c.pick(SOURCES), "complainant": "匿名" if anonymous else name,
            "contact": None if anonymous else _person(c, name)["phone"], "respondent": c.fmt["p"] + respondent,
            "matter": matter, "matter_details": f"投诉人反映：在{r.choice(VILLAGES)}，{matter}，要求依法处理。",
            "handler": c.who[r.choice(["chief", "assistant"])], "due_on": due.isoformat(), "related_check": check}
        if closed:
            reply = (f"已责成被投诉单位整改，于{closed.month}月{closed.day}日电话答复投诉人，投诉人无异议"
                     if finding != "不属实" else "经核查投诉事项不属实，已向投诉人说明情况")
            data.update(closed_on=closed.isoformat(), handling_result=finding, closed_in_time=closed <= due,
                        reply=("匿名投诉，办理结果已在公示栏公开" if anonymous else reply) + "。")
        yield data


def _party_name(c: _Ctx, *others: str, gender: str | None = None) -> str:
    """A party's name, none of `others`, of `gender` if given; the first three names come up four times as often."""
    pool = {name: 1 + 3 * (i < 3) for i, (name, g) in enumerate(PARTIES) if name not in others and gender in (None, g)}
    return c.pick(pool)


def _person(c: _Ctx, name: str) -> dict[str, Any]:
    """The same person each time a name comes up: one birth date, valid ID number, phone and address."""
    if name not in c.persons:
        r, gender, hui = c.rng, dict(PARTIES)[name], name[0] in "马海虎禹"  # 回族 surnames
        birth = date(c.year - r.randint(20, 75), r.randint(1, 12), r.randint(1, 28))
        area = r.choice(["640522"] * 6 + ["640422", "640402"])  # older residents keep 6404xx (固原) codes
        first17 = f"{area}{birth:%Y%m%d}{r.randint(0, 99):02d}{r.choice('13579' if gender == '男' else '02468')}"
        c.persons[name] = {
            "name": name, "gender": gender, "ethnicity": ("回族", "汉族")[hui == (r.random() > 0.9)],
            "birth_date": birth.isoformat(), "id_number": first17 + id_card_check_char(first17),
            "occupation": r.choice(OCCUPATIONS), "address": f"{c.fmt['p']}{r.choice(VILLAGES)}{r.randint(1, 9)}组",
            "phone": f"1{r.choice('35789')}{r.randint(0, 999999999):09d}"}
    return c.persons[name]


def _party(c: _Ctx, role: str, name: str) -> dict[str, Any]:
    if name in COMPANIES:
        first17 = f"91{c.store.township[:6]}{COMPANIES[name]}"
        return {"role": role, "party_type": "单位", "org_name": name, "legal_representative": "马永福",
                "credit_code": first17 + credit_code_check_char(first17), "org_address": c.text("海原县{p}"),
                "phone": f"0955-40{c.rng.randint(10000, 99999)}"}
    person = dict(_person(c, name))
    if c.rng.random() < 0.1:  # birth date not known: age only, no ID number
        person.update(birth_date=None, id_number=None, age=c.year - int(person["birth_date"][:4]))
    return {"role": role, "party_type": "自然人", **person}


def _mediation_case(c: _Ctx, n: int) -> Iterator[dict[str, Any]]:
    cases = list(_mediation_cases(c, n))
    _with_minor(c, cases)
    yield from cases


def _with_minor(c: _Ctx, cases: list[dict[str, Any]]) -> None:
    """The year's newest 人民调解 agreed in writing between two people becomes a child's, bitten by the respondent's
    dog, his parent (the applicant drawn) his 法定代理人: the 协议书 then writes and has sign the guardian. Nothing is
    drawn (every record stays as a seed always made it); a year with no such case has no child party."""
    case = next((data for data in reversed(cases) if data["case_category"] == "人民调解"
                 and data.get("result") == "调解成功" and data.get("agreement_form") == "书面"
                 and len(data["parties"]) == 2 and all(p["party_type"] == "自然人" for p in data["parties"])), None)
    if case is None:
        return
    parent, respondent = case["parties"][0]["name"], case["parties"][1]["name"]
    guardian, accepted = _person(c, parent), date.fromisoformat(case["accepted_on"])
    child, born = f"{parent[0]}小军", date(accepted.year - 11, 3 + accepted.month % 9, 1 + accepted.day % 28)
    first17 = f"640522{born:%Y%m%d}{guardian['id_number'][14:16]}1"  # born here, after 6404xx codes went
    case["parties"][0] = {
        "role": "申请人", "party_type": "自然人", "name": child, "gender": "男", "ethnicity": guardian["ethnicity"],
        "birth_date": born.isoformat(), "id_number": first17 + id_card_check_char(first17), "occupation": "学生",
        "address": guardian["address"], "phone": guardian["phone"], "guardian": parent,
        "guardian_relation": "父亲" if guardian["gender"] == "男" else "母亲"}
    case.update(
        dispute_type="损害赔偿纠纷", case_name=f"{child}与{respondent}损害赔偿纠纷",
        dispute_summary=f"{respondent}饲养的犬只未拴养，在村道上咬伤放学途中的{child}右小腿，{child}在县人民医院清创"
        "并接种狂犬疫苗，花费医疗费、交通费共计3260元，双方就赔偿数额协商未果。",
        claims=f"请求{respondent}赔偿医疗费、交通费等共计3260元。",
        agreement_content=f"{respondent}一次性赔偿{child}医疗费、交通费等共计3000元，今后将犬只拴养。",
        party_responsibilities=f"{respondent}未对饲养的犬只采取安全措施致{child}受伤，应承担全部责任。")


def _mediation_cases(c: _Ctx, n: int) -> Iterator[dict[str, Any]]:
    r = c.rng
    weights = {kind: w for kind, (w, *_) in DISPUTES.items()} | dict.fromkeys(OTHER_TYPES, 1)
    for accepted, category in zip(c.days(n), c.spread({"人民调解": 80, "行政调解": 12, "行政裁决": 8}, n), strict=True):
        adjudication = category == "行政裁决"
        kind = "山林土地纠纷" if adjudication else r.choice(ADMIN_TYPES) if category == "行政调解" else c.pick(weights)
        a = _party_name(c)
        spouse = {"男": "女", "女": "男"}[dict(PARTIES)[a]] if kind == "婚姻家庭纠纷" else None
        b = r.choice(list(COMPANIES)) if kind in ORG_TYPES and r.random() < 0.6 else _party_name(c, a, gender=spouse)
        village = r.choice(VILLAGES)
        summary, claims, agreement, responsibilities = (c.text(t, a=a, b=b, v=village, t=kind[:-2])
                                                        for t in DISPUTES.get(kind, (0, *OTHER_DISPUTE))[1:])
        parties = [_party(c, "申请人", a), _party(c, "被申请人", b)]
        parties += [_party(c, "第三人", _party_name(c, a, b))] if r.random() < 0.12 else []
        data: dict[str, Any] = {
            "case_category": category, "accepted_on": accepted.isoformat(), "dispute_type": kind,
            "case_name": f"{a}与{b}{'土地权属争议' if adjudication else kind}", "parties": parties,
            "case_source": "当事人申请" if adjudication else c.pick(CASE_SOURCES), "dispute_summary": summary,
            "claims": claims, "rights_notified": adjudication or r.random() < 0.9, "rights_notified_on": str(accepted),
            "retention_period": "永久" if adjudication else r.choice(["30年", "30年", "10年"])}
        if adjudication:  # decided by the township government, not mediated
            served = c.after(accepted, 20, 45)
            final = served is not None and served + timedelta(days=60) <= c.today
            data.update(adjudication_matter=r.choice(["土地权属", "林木林地权属", "草原权属"]),
                        adjudication_result=f"争议地块承包经营权归{a}所有，{b}停止侵占。" if served else None,
                        served_on=_iso(served), closed_on=_iso(served),
                        review_or_litigation=None if not served else
                        "当事人未申请行政复议，未提起行政诉讼" if final else "复议、诉讼期限尚未届满")
            yield data
            continue
        mediators, mediated, success = c.names(*r.sample(MEDIATORS, r.randint(1, 2))), c.after(accepted, 0, 12), False
        data.update(mediators=mediators, investigation_record=f"调解员走访{village}村委会及相邻群众，实地查看现场，"
                    "核实双方陈述基本属实。")
        if mediated:
            success = r.random() < 0.88
            # told before mediating (《人民调解工作若干规定》), as the form's check asks; the draw above stays, so
            # the rest of the demo is as it was
            data.update(mediated_on=str(mediated), closed_on=str(mediated), rights_notified=True,
                        result="调解成功" if success else "调解不成功(终止)",
                        termination_reason=None if success else r.choice(TERMINATIONS),
                        mediation_record=f"{mediated.month}月{mediated.day}日，调解员{'、'.join(mediators)}在{village}"
                        f"村委会主持调解，听取双方陈述，释明法律规定和利害关系，"
                        f"双方{'自愿达成' if success else '未能达成'}协议。")
        if mediated and success:
            deadline, visit = mediated + timedelta(days=r.choice([0, 7, 15, 30])), c.after(mediated, 15, 40)
            done = r.choices(["已履行", "部分履行", "未履行"], [90, 7, 3])[0] if deadline <= c.today else "正在履行"
            data.update(agreement_form=r.choices(["书面", "口头"], [85, 15])[0], agreement_content=agreement,
                        party_responsibilities=responsibilities,
                        performance_method="即时履行" if deadline == mediated else r.choice(["一次性履行", "分期履行"]),
                        performance_deadline=str(deadline), performance_status=done)
            data.update(_judicial_confirmation(c, mediated, data["agreement_form"]))
            if visit:
                data["follow_ups"] = [{"visited_on": str(visit), "visitor": r.choice(mediators),
                                       "performance_status": done,
                                       "satisfaction": r.choices(["满意", "基本满意", "不满意"], [80, 17, 3])[0],
                                       "notes": f"电话回访{a}，协议{done}，双方关系和睦。"}]
        yield data


def _judicial_confirmation(c: _Ctx, mediated: date, agreement_form: str) -> dict[str, Any]:
    """司法确认 of a written agreement, applied for within the 30 days of 人民调解法第三十三条: the week the parties
    sign, as most do; 确认有效 once the court has had the 15 days it takes to decide. The day comes from the date,
    not the random source, so the rest of the demo stays as it was."""
    state = c.rng.choices(["未申请", "已申请", "确认有效"], [80, 5, 15])[0]
    applied = mediated + timedelta(days=mediated.toordinal() % 8)
    if state == "未申请" or agreement_form != "书面" or applied > c.today:
        return {"judicial_confirmation": "未申请"}
    decided = applied + timedelta(days=15) <= c.today
    return {"judicial_confirmation": "确认有效" if state == "确认有效" and decided else "已申请",
            "confirmation_applied_on": str(applied)}


_BUILDERS: tuple[tuple[str, Callable[[_Ctx, int], Iterator[dict[str, Any]]]], ...] = (
    ("law_study", _law_study), ("meeting", _meeting), ("enforcement_check", _enforcement_check),
    ("complaint", _complaint), ("mediation_case", _mediation_case),
)
