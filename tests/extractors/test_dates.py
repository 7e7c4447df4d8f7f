"""find_dates: must-find / must-not-find tables, resolution against a reference, offsets, never raising."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgate.extractors.dates import WEEKDAYS, find_dates

from ..conftest import SEEDS, shared_or_skip

MON = dt.date(2025, 9, 8)  # a Monday, the publication date of several seeds
KEYS = {"start", "end", "text", "kind", "iso", "weekday", "stated_weekday", "resolved"}

# (text, reference, span text, kind, iso, weekday, stated_weekday)
MUST_FIND = [
    # seed phrases
    (
        "signed a memorandum on September 7, 2025, pledging",
        None,
        "September 7, 2025",
        "explicit",
        "2025-09-07",
        "Sunday",
        "",
    ),
    ("formalised the agreement on Monday through", MON, "Monday", "weekday", "2025-09-08", "Monday", "Monday"),
    ("formalised the agreement on Monday through", None, "Monday", "weekday", "", "Monday", "Monday"),
    ("Officials say Monday’s MoUs signing could", MON, "Monday", "weekday", "2025-09-08", "Monday", "Monday"),
    ("Last month, Secretary of State Marco Rubio said", MON, "Last month", "relative", "2025-08", "", ""),
    ("Earlier this year, Sharif said", MON, "Earlier this year", "relative", "2025", "", ""),
    ("Earlier in August, the US state department", MON, "August", "explicit", "2025-08", "", ""),
    ("Earlier in August, the US state department", None, "August", "explicit", "", "", ""),
    ("hostilities in May following an attack", MON, "May", "explicit", "2025-05", "", ""),
    # explicit forms
    ("Monday, September 8, 2025", None, "Monday, September 8, 2025", "explicit", "2025-09-08", "Monday", "Monday"),
    (
        "on Sunday, September 8 the",
        dt.date(2025, 9, 10),
        "Sunday, September 8",
        "explicit",
        "2025-09-08",
        "Monday",
        "Sunday",
    ),
    ("on 7 September 2025 in", None, "7 September 2025", "explicit", "2025-09-07", "Sunday", ""),
    ("on Sept. 7 in", MON, "Sept. 7", "explicit", "2025-09-07", "Sunday", ""),
    ("on Sep 7th, 2025 in", None, "Sep 7th, 2025", "explicit", "2025-09-07", "Sunday", ""),
    ("the 4th of July parade", dt.date(2025, 7, 1), "4th of July", "explicit", "2025-07-04", "Friday", ""),
    ("dated 2025-09-07.", None, "2025-09-07", "explicit", "2025-09-07", "Sunday", ""),
    ("dated 07.09.2025.", None, "07.09.2025", "explicit", "2025-09-07", "Sunday", ""),
    ("dated 22/04/2016.", None, "22/04/2016", "explicit", "2016-04-22", "Friday", ""),
    ("dated 02/22/2016.", None, "02/22/2016", "explicit", "2016-02-22", "Monday", ""),
    ("dated 07/09/2025.", None, "07/09/2025", "explicit", "", "", ""),  # day or month first: unknowable
    ("due on November 22 at", MON, "November 22", "explicit", "2025-11-22", "Saturday", ""),
    ("due on November 22 at", None, "November 22", "explicit", "", "", ""),
    ("fled on December 28 after", dt.date(2026, 1, 5), "December 28", "explicit", "2025-12-28", "Sunday", ""),
    ("a report in September 2025 said", None, "September 2025", "explicit", "2025-09", "", ""),
    ("talks in December", MON, "December", "explicit", "2024-12", "", ""),
    ("since last September", MON, "last September", "explicit", "2024-09", "", ""),
    ("due next June", MON, "next June", "explicit", "2026-06", "", ""),
    ("since mid-September", MON, "September", "explicit", "2025-09", "", ""),
    ("on February 30, 2025", None, "February 30, 2025", "explicit", "", "", ""),
    ("they met 5 May", dt.date(2025, 6, 1), "5 May", "explicit", "2025-05-05", "Monday", ""),
    # weekdays (reference is a Monday)
    ("on Tuesday the minister", MON, "Tuesday", "weekday", "2025-09-02", "Tuesday", "Tuesday"),
    ("last Monday the minister", MON, "last Monday", "weekday", "2025-09-01", "Monday", "Monday"),
    ("this Friday the minister", MON, "this Friday", "weekday", "2025-09-12", "Friday", "Friday"),
    ("next Sunday the minister", MON, "next Sunday", "weekday", "2025-09-21", "Sunday", "Sunday"),
    ("Friday next week", MON, "Friday next week", "weekday", "2025-09-19", "Friday", "Friday"),
    ("late on Monday morning", MON, "Monday morning", "weekday", "2025-09-08", "Monday", "Monday"),
    ("early Wednesday, troops", MON, "Wednesday", "weekday", "2025-09-03", "Wednesday", "Wednesday"),
    ("the first Friday of July", MON, "Friday", "weekday", "", "Friday", "Friday"),
    # relative
    ("said yesterday that", MON, "yesterday", "relative", "2025-09-07", "Sunday", ""),
    ("said today that", MON, "today", "relative", "2025-09-08", "Monday", ""),
    ("two days ago", MON, "two days ago", "relative", "2025-09-06", "Saturday", ""),
    ("two days ago", None, "two days ago", "relative", "", "", ""),
    ("3 weeks from now", MON, "3 weeks from now", "relative", "2025-09-29", "Monday", ""),
    ("a few days ago", MON, "a few days ago", "relative", "", "", ""),
    ("two years later", MON, "two years later", "relative", "", "", ""),
    ("this week", MON, "this week", "relative", "", "", ""),  # no iso form for a week in the tables
    ("earlier this month", MON, "earlier this month", "relative", "2025-09", "", ""),
    ("next month", MON, "next month", "relative", "2025-10", "", ""),
    ("last month", dt.date(2025, 1, 15), "last month", "relative", "2024-12", "", ""),
    ("last year", MON, "last year", "relative", "2024", "", ""),
]

MUST_NOT_FIND = [
    "in 2017 the firm grew",
    "We may go now, said a 50% owner",
    "March organisers said the route was long",
    "we march 5 miles",
    "Black Friday sales and Good Friday",
    "the Sunday Times reported",
    "USA Today reported",
    "sales rose over the last year",
    "the next day they left",
    "on the 27th floor",
    "scored 3-2 in Room 12/05",
    "an April attack",
    "",
]


@pytest.mark.parametrize(("text", "ref", "span", "kind", "iso", "weekday", "stated"), MUST_FIND)
def test_must_find(text: str, ref: dt.date | None, span: str, kind: str, iso: str, weekday: str, stated: str) -> None:
    rows = find_dates(text, ref)
    matching = [r for r in rows if r["text"] == span]
    assert matching, f"{span!r} not found in {[r['text'] for r in rows]}"
    row = matching[0]
    assert (row["kind"], row["iso"], row["weekday"], row["stated_weekday"]) == (kind, iso, weekday, stated)
    assert row["resolved"] is bool(iso)


@pytest.mark.parametrize("text", MUST_NOT_FIND)
def test_must_not_find(text: str) -> None:
    assert find_dates(text, MON) == []


def test_datetime_reference_is_accepted() -> None:
    assert find_dates("yesterday", dt.datetime(2025, 9, 8, 23, 59))[0]["iso"] == "2025-09-07"


def _check_rows(text: str, rows: list[dict[str, object]]) -> None:
    for row in rows:
        assert set(row) == KEYS
        start, end = row["start"], row["end"]
        assert isinstance(start, int) and isinstance(end, int)
        assert 0 <= start < end <= len(text)
        assert text[start:end] == row["text"]
        assert re.fullmatch(r"(\d{4}(-\d{2}(-\d{2})?)?)?", str(row["iso"]))  # what the dates table accepts
        assert row["weekday"] in ("", *WEEKDAYS) and row["stated_weekday"] in ("", *WEEKDAYS)
        assert row["resolved"] is (row["iso"] != "")
    spans = [(r["start"], r["end"]) for r in rows]
    assert spans == sorted(spans)  # type: ignore[type-var]


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_seed_offsets_and_determinism(path) -> None:  # type: ignore[no-untyped-def]
    text = path.read_text(encoding="utf-8")
    rows = find_dates(text, MON)
    _check_rows(text, rows)
    assert rows == find_dates(text, MON)


def test_seed_articles_dates() -> None:
    """Every date the seeds state, with the 2025-09-08 publication date."""
    found = set()
    for path in sorted(SEEDS.glob("*.txt")):
        found |= {(r["text"], r["iso"]) for r in find_dates(path.read_text(encoding="utf-8"), MON)}
    assert {
        ("September 7, 2025", "2025-09-07"),
        ("Monday", "2025-09-08"),
        ("Last month", "2025-08"),
        ("last month", "2025-08"),
        ("Earlier this year", "2025"),
        ("August", "2025-08"),
        ("June", "2025-06"),
        ("May", "2025-05"),
    } <= found
    assert not any(text in ("April", "now", "We") for text, _ in found)


_PIECES = [
    "on",
    "Monday",
    "’s",
    "September",
    "7",
    ",",
    "2025",
    "May",
    "may",
    "in",
    "last",
    "week",
    "ago",
    "two",
    "days",
    "Sept.",
    "12/13/2025",
    "2025-02-30",
    "the",
    "day",
    "before",
    "yesterday",
    "Today",
    "ſept",
    "İ",
    "\u200f",
    "\u00a0",
    "(",
    ")",
    "$",
    "31st",
    "of",
    "this",
    "Friday",
    "next",
    "\n",
]


@settings(derandomize=True, max_examples=100, deadline=None)
@given(
    text=st.one_of(st.text(), st.lists(st.sampled_from(_PIECES), max_size=30).map(" ".join)),
    ref=st.one_of(st.none(), st.dates()),
)
def test_arbitrary_text_never_raises(text: str, ref: dt.date | None) -> None:
    _check_rows(text, find_dates(text, ref))


def test_recognizers_single_date_resolution() -> None:
    """Where a DateParser gold date has one reading and a row overlaps it, the row agrees (measured 36/37)."""
    path = shared_or_skip("peer-tests", "recognizers-text", "DateTime_English_DateParser.json")
    agree = total = 0
    for case in json.loads(path.read_text(encoding="utf-8-sig")):
        if "python" in str(case.get("NotSupported", "")).lower():
            continue
        ref = dt.date.fromisoformat(case["Context"]["ReferenceDateTime"][:10])
        rows = find_dates(case["Input"], ref)
        for gold in case["Results"]:
            value = gold.get("Value") or {}
            past, future = value.get("PastResolution", {}).get("date"), value.get("FutureResolution", {}).get("date")
            start, end = gold["Start"], gold["Start"] + gold["Length"]
            hit = [r for r in rows if r["start"] < end and start < r["end"] and r["resolved"]]
            if past and past == future and past != "0001-01-01" and hit and len(str(hit[0]["iso"])) == 10:
                total += 1
                agree += hit[0]["iso"] == past
    assert total >= 20
    assert agree / total >= 0.9
