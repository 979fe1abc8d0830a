"""The drill-down's count line at the county: the whole county's possible duplicates by township (their numbers
ran to 6,503 characters and, without their townships, named 〔2025〕执监字第54号 twice), one township's by number
up to two sets then "等 N 组", and by township as well when the drill covers every township (eighteenth session)."""

from __future__ import annotations

from fazhi_desktop.core.indicators.drill import Drill, RecordRef, check_text, count_text, twins_text

NAMES = {"640522100": "海城镇", "640522101": "李旺镇"}


def pair(town: str, first: int, title: str = "执法监督") -> list[RecordRef]:
    """Two records of `town` with the same date and title: each the other's twin."""
    a, b = f"〔2025〕执监字第{first}号", f"〔2025〕执监字第{first + 1}号"
    return [RecordRef("enforcement", f"{town}-{n}", town, n, "2025-03-10", title, status="draft", twins=(other,))
            for n, other in ((a, b), (b, a))]


def test_the_whole_county_s_duplicates_are_counted_per_township_not_listed_by_number():
    # two townships, each with a twin pair of the same numbers: the numbers alone could not tell them apart
    refs = pair("640522100", 54) + pair("640522101", 54)
    assert twins_text(refs, NAMES) == "可能重复 4 条（海城镇 2 条、李旺镇 2 条）"
    assert check_text(refs, NAMES) == "其中草稿 4 条；可能重复 4 条（海城镇 2 条、李旺镇 2 条）"


def test_one_township_names_a_few_sets_then_how_many_there_are():
    one = pair("640522100", 54)
    assert twins_text(one, NAMES) == "可能重复 2 条（同日同名：〔2025〕执监字第54号、〔2025〕执监字第55号）"
    many = [r for n in range(5) for r in pair("640522100", 10 + 2 * n, f"会议{n}")]
    text = twins_text(many, NAMES)
    assert text == ("可能重复 10 条（同日同名：〔2025〕执监字第10号、〔2025〕执监字第11号；〔2025〕执监字第12号、"
                    "〔2025〕执监字第13号 等 5 组）")
    assert "第14号" not in text


def test_the_whole_county_s_drill_names_the_township_when_only_one_has_duplicates():
    """Every township numbers its own 第54号: "同日同名：〔2025〕执监字第54号、…" over the whole county's list did not
    say whose (code review, eighteenth session)."""
    refs = pair("640522100", 54) + [RecordRef("enforcement", f"640522101-{n}", "640522101", f"〔2025〕执监字第{n}号",
                                              "2025-03-10", "执法监督", status="locked") for n in (54, 55)]
    county = Drill(None, 2025, None, "value", refs)  # type: ignore[arg-type]  (count_text reads no indicator)
    assert count_text(county, NAMES) == ("共 4 条记录（其中草稿 2 条；可能重复 2 条（海城镇，同日同名："
                                         "〔2025〕执监字第54号、〔2025〕执监字第55号））")
    one_town = Drill(None, 2025, "640522100", "value", refs[:2])  # type: ignore[arg-type]
    assert "海城镇" not in count_text(one_town, NAMES)


def test_the_townships_with_duplicates_are_named_in_the_matrixs_order():
    """"海城街道 2 条、海城镇 4 条、西安镇 4 条、贾塘乡 4 条、曹洼乡 7 条、郑旗乡 2 条…": the townships came in the
    order of their records (by id, by date), where the reviewer reads them down the matrix, by code (twenty-first
    session)."""
    from types import SimpleNamespace

    from fazhi_desktop.core.indicators.views import review_note

    names = {"640522100": "海城镇", "640522101": "李旺镇", "640522202": "关桥乡"}
    refs = pair("640522202", 54) + pair("640522101", 10) + pair("640522100", 20)  # the records' order: 关桥乡 first
    refs = [RecordRef(r.ledger, f"{i:02d}", r.township, r.number, r.date, r.title, twins=r.twins)
            for i, r in enumerate(refs)]  # ids in the same order
    assert twins_text(refs, names) == "可能重复 6 条（海城镇 2 条、李旺镇 2 条、关桥乡 2 条）"
    figure = SimpleNamespace(ids=tuple(r.id for r in refs), denominator_ids=None)
    results = SimpleNamespace(figures={("T30a", "all"): figure}, name=names.__getitem__)
    note = review_note(results, {r.id: r for r in refs})  # type: ignore[arg-type]  (what it reads of Results)
    assert "可能重复登记的（同一乡镇同一台账中日期和名称都相同）6 条（海城镇 2 条、李旺镇 2 条、关桥乡 2 条）" in note
