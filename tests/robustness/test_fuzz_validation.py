"""Form validation under random and malformed input, for every ledger and every field type: `clean_record` never
raises, every problem names a field and says in Chinese what is wrong, and whatever it accepts is stored as it is
(cleaning it again changes nothing: the county re-cleans every record a bundle brings)."""

from __future__ import annotations

import math
import string
from datetime import date, datetime, time

import pytest
from fuzz_support import count, fuzz_settings, is_chinese
from hypothesis import given
from hypothesis import strategies as st

from fazhi_desktop.core.forms import FieldDef, LedgerDef, load_forms
from fazhi_desktop.core.ids import canonical_json, sha256_text
from fazhi_desktop.core.validate import Lookups, clean_record, clean_value

LEDGERS = load_forms()
MISSING = object()
LOOKUPS = Lookups(record_exists=lambda ledger, record_id: record_id.startswith("01"),
                  attachment_exists=lambda sha: sha.startswith(("0", "a")), today=lambda: date(2026, 6, 1))

scalars = (st.none() | st.booleans() | st.integers() | st.integers(min_value=10**4000, max_value=10**4000 + 5)
           | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=40)
           | st.sampled_from(["", " ", "是", "否", "null", "[", "[]", "{}", "1e999", "-0", "NaN", "１２３", "٣", "，",
                              "[" * 3000, '{"a":' * 2000, "9" * 5000, "\x00", "\ud800", "2026-02-30",
                              "2026年13月1日", "25:61", "下午13点"]))
#: values known to break parsers and converters: deep nesting, numbers too big to print, lone surrogates
NASTY = ["[" * 3000, '{"a":' * 2000, "9" * 5000, 10**5000, math.nan, math.inf, -math.inf, 1e308 * 10, [1], [[[]]],
         {"a": [1]}, True, b"\xff", "\ud800", "a\udfffb", "\x00", "[" + "1," * 5 + "]", '[{"sha256": 1}]',
         '{"a": 1}', "1e999999", "-" * 3, "\u3000", "２０２６－０３－０５", "[\"\\ud800\"]"]
nasty = st.sampled_from(NASTY) | st.lists(st.sampled_from(NASTY), min_size=1, max_size=3)
json_like = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                         | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=10)
python_values = st.dates() | st.datetimes() | st.times() | st.binary(max_size=8) | st.sets(st.integers(), max_size=2)
junk = json_like | python_values


def digits(n: int) -> st.SearchStrategy[str]:
    return st.text(alphabet=string.digits, min_size=n, max_size=n)


def near_valid(f: FieldDef) -> st.SearchStrategy:
    """Values that look like what the field wants, often a little wrong: the deep paths of each cleaner."""
    y, m, d = st.integers(0, 10000), st.integers(-1, 14), st.integers(-1, 33)
    if f.type == "date":
        return st.builds(lambda a, b, c, fmt: fmt.format(a, b, c), y, m, d,
                         st.sampled_from(["{}-{:02d}-{:02d}", "{}年{}月{}日", "{}/{}/{}", "{}.{}.{} 14:30", "{}{}{}"]))
    if f.type in ("time", "datetime"):
        return st.builds(lambda h, mi, fmt: fmt.format(h, mi), st.integers(-1, 30), st.integers(-1, 70),
                         st.sampled_from(["{}:{}", "下午{}点{}分", "2026-03-05 {}:{}", "2026年3月5日上午{}点",
                                          "{}点半"]))
    if f.type in ("integer", "decimal"):
        numbers = st.sampled_from(["1,000", "1，5", "inf", "-1", "3.0", "1e3", " 7 ", "0x10"])
        return numbers | st.integers() | st.floats()
    if f.type in ("choice", "multichoice"):
        options = list(f.choices) or ["x"]
        one = st.sampled_from(options) | st.sampled_from(options).map(lambda c: f" {c}\n")
        return one | st.lists(one, max_size=4) | st.lists(one, max_size=4).map("、".join)
    if f.type == "idcard":
        return st.builds(lambda a, b: a + b, digits(17), st.sampled_from([*string.digits, "X", "x", "Ｘ"]))
    if f.type == "credit_code":
        return st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=16, max_size=19)
    if f.type == "phone":
        return st.builds(lambda p, rest: p + rest, st.sampled_from(["1", "13", "0955-", "+86 1", "（0955）"]),
                         st.text(alphabet=string.digits + "- ", max_size=12))
    if f.type == "attachments":
        item = st.fixed_dictionaries({"sha256": st.sampled_from(["a" * 64, "0" * 64, "b" * 64, "A" * 64, "x"])
                                      | st.text(max_size=3), "name": junk | nasty, "size": nasty | junk})
        return st.lists(item | junk, min_size=1, max_size=3)
    if f.type == "group":
        names = [s.name for s in f.fields]
        row = st.dictionaries(st.sampled_from([*names, "extra"]), nasty | junk, max_size=len(names) + 1)
        return st.lists(row | junk, max_size=3)
    if f.type in ("people", "link", "boolean"):
        words = st.sampled_from(["是", "否", "01abc", "张三、李四", '["王五"]', "1", "0"])
        return words | st.lists(st.text(max_size=5))
    return st.text(max_size=60)


#: the least each ledger accepts: a valid record with one field pressed reaches the checks after validation
VALID = {
    "meeting": {"title": "乡镇政府常务会议", "meeting_type": "乡镇行政会议(政府常务会议)", "held_on": "2026-03-05",
                "office_head_attendance": "全程"},
    "law_study": {"activity_type": "会前学法", "topic": "学习行政处罚法", "held_on": "2026-03-05"},
    "mediation_case": {"case_category": "人民调解", "case_name": "宅基地纠纷", "accepted_on": "2026-03-05",
                       "dispute_type": "房屋宅基地纠纷", "parties": [{"role": "申请人", "party_type": "自然人",
                                                                       "name": "马某"}]},
    "enforcement_check": {"checked_on": "2026-03-05", "check_type": "日常检查", "supervised_unit": "乡综合执法办"},
    "complaint": {"accepted_on": "2026-03-05", "source": "12345热线", "respondent": "乡综合执法办",
                  "matter": "执法人员未出示执法证"},
}


def record(ledger: LedgerDef, target: str) -> st.SearchStrategy[dict]:
    """Either a valid record with the `target` field replaced, or every field random or missing with the target
    pressed hardest."""
    pressed = st.one_of(nasty, near_valid(ledger.field(target)), junk)
    one_field = pressed.map(lambda value: {**VALID[ledger.name], target: value})
    fields = {f.name: st.one_of(st.just(MISSING), junk, near_valid(f)) for f in ledger.fields}
    fields[target] = pressed
    fields["remarks"] = st.one_of(st.just(MISSING), junk, nasty)
    fields["no_such_field"] = st.one_of(st.just(MISSING), st.just(MISSING), junk)
    everything = st.fixed_dictionaries(fields).map(lambda d: {k: v for k, v in d.items() if v is not MISSING})
    return one_field | everything


def check_problems(ledger: LedgerDef, data: dict, problems) -> None:
    names = {*ledger.field_names, "remarks", *data}
    for problem in problems:
        root = problem.path.split("[", 1)[0].split(".", 1)[0]
        assert root in names, f"problem for unknown path {problem.path!r}"
        assert problem.label.strip(), f"problem without a field label: {problem}"
        assert problem.message.strip() and is_chinese(problem.message), f"not a Chinese reason: {problem}"
        assert str(problem).startswith(problem.label)


@pytest.mark.parametrize("ledger_name", sorted(LEDGERS))
@fuzz_settings(150)
@given(data=st.data())
def test_fuzz_clean_record_never_crashes_and_names_every_field(ledger_name, data):
    ledger = LEDGERS[ledger_name]
    target = data.draw(st.sampled_from(ledger.field_names))
    raw = data.draw(record(ledger, target))
    cleaned = clean_record(ledger, raw, LOOKUPS)  # must not raise, whatever came in
    count("validation", refused=bool(cleaned.problems))
    check_problems(ledger, raw, [*cleaned.problems, *cleaned.warnings])
    if not cleaned.problems:
        sha256_text(canonical_json(cleaned.values))  # storable and hashable as it is (valid UTF-8 throughout)
        again = clean_record(ledger, cleaned.values, LOOKUPS)
        assert again.problems == [], again.problems
        assert canonical_json(again.values) == canonical_json(cleaned.values), "cleaning twice changed the values"


FIELDS = [(ledger.name, f) for ledger in LEDGERS.values() for f in ledger.fields if f.type != "group"]


@pytest.mark.parametrize(("ledger_name", "field"), FIELDS, ids=[f"{n}.{f.name}" for n, f in FIELDS])
@fuzz_settings(25)
@given(data=st.data())
def test_fuzz_clean_value_raises_only_value_error_in_chinese(ledger_name, field, data):
    raw = data.draw(nasty | junk | near_valid(field))
    count("validation")
    try:
        value, warning = clean_value(field, raw, LOOKUPS)
    except ValueError as exc:
        count("validation", refused=True)
        assert is_chinese(str(exc)), f"{field.name}: {exc!r}"
        return
    assert warning is None or is_chinese(warning)
    sha256_text(canonical_json(value))  # storable and hashable
    if isinstance(value, float):
        assert math.isfinite(value)
    assert not isinstance(value, (date, datetime, time, bytes, set)), f"{field.name} kept a {type(value).__name__}"
