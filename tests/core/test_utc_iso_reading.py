"""`clock.is_utc_iso` read by its shape and `fromisoformat` (twenty-sixth session: `strptime` was most of the time a
bundle import spent on its records' and changes' times) takes and refuses exactly the strings the `strptime` reading
did: checked against that reading, kept here, over edge values of every part, their mutations and the non-strings."""

from __future__ import annotations

import itertools
import random
from datetime import UTC, datetime

from fazhi_desktop.core.clock import is_utc_iso, utc_iso


def _by_strptime(text: object) -> bool:
    """`is_utc_iso` as it was until the twenty-sixth session."""
    if not isinstance(text, str) or len(text) != 20 or not text.isascii():
        return False
    try:
        moment = datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return False
    return utc_iso(moment) == text and moment.year < 9999


YEARS = ["0000", "0001", "0999", "1000", "1900", "1999", "2000", "2024", "2026", "2100", "9998", "9999"]
MONTHS = ["00", "01", "02", "04", "09", "10", "12", "13", "99"]
DAYS = ["00", "01", "09", "28", "29", "30", "31", "32"]
HOURS = ["00", "09", "23", "24", "25"]
MINUTES = ["00", "59", "60"]
SECONDS = ["00", "59", "60", "61"]


def _edges() -> list[str]:
    return [f"{y}-{mo}-{d}T{h}:{mi}:{s}Z"
              for y, mo, d, h, mi, s in itertools.product(YEARS, MONTHS, DAYS, HOURS, MINUTES, SECONDS)]


#: what a string is mutated with: signs, spaces, other digits (full-width, Arabic-Indic, superscript), other marks
#: of a zone or a separator, a fraction's dot
POOL = [*"0123456789+-: .,Tt Zz_/", "０", "٣", "²", "\u3000", "\n", "Ｚ", "Ｔ", "\x00", "\ud800"]


def _mutations(rng: random.Random, count: int) -> list[str]:
    found = []
    bases = ["2026-06-01T08:00:00Z", "2024-02-29T23:59:59Z", "2000-12-31T00:00:00Z", "1000-01-01T00:00:00Z",
             "9998-12-31T23:59:59Z"]
    for _ in range(count):
        chars = list(rng.choice(bases))
        for _ in range(rng.randrange(1, 3)):
            where = rng.randrange(len(chars))
            what = rng.random()
            if what < 0.6:
                chars[where] = rng.choice(POOL)
            elif what < 0.8:
                chars.insert(where, rng.choice(POOL))
            else:
                del chars[where]
        found.append("".join(chars))
    return found


WRITTEN_OTHERWISE = [
    "2026-06-01T08:00:00+00:00", "2026-06-01T08:00:00", "2026-06-01 08:00:00Z", "2026-06-01t08:00:00z",
    "2026-06-01T08:00:00.5Z", "2026-06-01T08:00:00.000Z", "2026-06-01T08:00:00.000000Z", "2026-06-01T08:00Z",
    "2026-06-01T24:00:00Z", "2026-06-01T8:00:00Z", "2026-6-01T08:00:00Z", "2026-06-1T08:00:00Z",
    "2026-6-1T8:0:0Z12", "20260601T080000Z", "2026-06-01T08:00:00Z ", " 2026-06-01T08:00:00Z",
    "2026-06-01T08:00:00Z\n", "+2026-06-01T08:00:00Z", "-2026-06-01T08:00:00Z", "02026-06-01T08:00:0Z",
    "2026-W22-1T08:00:00Z", "2026-152T08:00:00Z", "２０２６-06-01T08:00:00Z", "2026-06-01T08:00:00Ｚ",
    "2026-02-29T00:00:00Z", "2024-02-29T00:00:00Z", "2100-02-29T00:00:00Z", "2000-02-29T00:00:00Z",
    "1900-02-29T00:00:00Z", "0999-12-31T23:59:59Z", "999-12-31T23:59:59Z", "9999-12-31T23:59:59Z", "", "Z",
    "2026-06-01T08:00:00-00:00", "2026-06-01T08:00:00,5Z", "2026-06-01T08:00:00UTC",
]


def test_the_same_strings_are_taken_and_refused():
    rng = random.Random(26)
    strings = [*_edges(), *_mutations(rng, 20_000), *WRITTEN_OTHERWISE]
    taken = [text for text in strings if _by_strptime(text)]
    assert len(taken) > 1000  # the edges hold many real times: the comparison is not of refusals alone
    differ = [text for text in strings if is_utc_iso(text) != _by_strptime(text)]
    assert differ == []


def test_what_is_not_text_is_refused():
    for value in (None, 0, 20260601, b"2026-06-01T08:00:00Z", datetime(2026, 6, 1, tzinfo=UTC), ["x"]):
        assert is_utc_iso(value) is False
        assert _by_strptime(value) is False


def test_what_the_program_writes_is_taken():
    for moment in (datetime(2026, 6, 1, 8, tzinfo=UTC), datetime(2024, 2, 29, 23, 59, 59, 999_999, tzinfo=UTC),
                   datetime(1000, 1, 1, tzinfo=UTC), datetime(9998, 12, 31, 23, 59, 59, tzinfo=UTC)):
        assert is_utc_iso(utc_iso(moment))
    assert not is_utc_iso(utc_iso(datetime(999, 12, 31, tzinfo=UTC)))
