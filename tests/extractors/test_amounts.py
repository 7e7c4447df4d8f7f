"""Tests for the amounts extractor: must-find / must-not-find tables, offsets, and a property test."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgate.extractors.amounts import find_amounts

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
KEYS = {"start", "end", "text", "kind", "value", "currency", "unit", "qualifier", "magnitude"}

# (text, surface, kind, value, currency, qualifier)
MUST_FIND = [
    # seed phrases
    ("signed a $500 million investment deal", "$500 million", "money", 500e6, "USD", ""),
    ("envisaged at approximately $500 million of investments", "$500 million", "money", 500e6, "USD", "approximately"),
    ("a memorandum worth USD 500 million with", "USD 500 million", "money", 500e6, "USD", ""),
    ("pledging an initial investment of $500 million.", "$500 million", "money", 500e6, "USD", "initial"),
    ("reserves worth trillions of dollars, and", "trillions of dollars", "money", 1e12, "USD", ""),
    ("which owns a 50% stake in the mine", "50%", "percent", 50, "", ""),
    # money: symbols, codes, scale words and abbreviations
    ("$500M", "$500M", "money", 500e6, "USD", ""),
    ("a US$0.5bn loan", "US$0.5bn", "money", 500e6, "USD", ""),
    ("a PKR 300m grant", "PKR 300m", "money", 300e6, "PKR", ""),
    ("Its GDP is $2.174T.", "$2.174T", "money", 2.174e12, "USD", ""),
    ("valued at $13,009 million in 2013", "$13,009 million", "money", 13_009e6, "USD", ""),
    ("I have €10M in my savings account", "€10M", "money", 10e6, "EUR", ""),
    ("only for $15.4/hour", "$15.4", "money", 15.4, "USD", ""),
    ("cotton for £2,000", "£2,000", "money", 2000, "GBP", ""),
    ("a C$ 16.4 million simulator", "C$ 16.4 million", "money", 16.4e6, "CAD", ""),
    ("to hk $ 10.05 billion .", "hk $ 10.05 billion", "money", 10.05e9, "HKD", ""),
    ("an A$3 billion fund", "A$3 billion", "money", 3e9, "AUD", ""),
    ("a Rs 5 crore project", "Rs 5 crore", "money", 50e6, "INR", ""),
    ("¥1,000 a night", "¥1,000", "money", 1000, "JPY", ""),
    ("a ₹2,000 note", "₹2,000", "money", 2000, "INR", ""),
    ("EUR 125 each", "EUR 125", "money", 125, "EUR", ""),
    ("CNY 3 billion in loans", "CNY 3 billion", "money", 3e9, "CNY", ""),
    ("I spent 20 million pounds on this!", "20 million pounds", "money", 20e6, "GBP", ""),
    ("fined 10,000 Swiss francs", "10,000 Swiss francs", "money", 10_000, "CHF", ""),
    ("five million yen from the industry", "five million yen", "money", 5e6, "JPY", ""),
    ("125 million Australian dollars of bonds", "125 million Australian dollars", "money", 125e6, "AUD", ""),
    ("sold for 323 million euros .", "323 million euros", "money", 323e6, "EUR", ""),
    ("a loan of 35 lakh rupees", "35 lakh rupees", "money", 3.5e6, "INR", ""),
    ("for 12,34,567.89 rupees", "12,34,567.89 rupees", "money", 1_234_567.89, "INR", ""),
    ("valued 10 000 dollars.", "10 000 dollars", "money", 10_000, "USD", ""),
    ("it only cost 3 dollars 50 cents.", "3 dollars 50 cents", "money", 3.5, "USD", ""),
    ("pay 50 cents more per barrel", "50 cents", "money", 0.5, "USD", ""),
    ("at 470 pence a share", "470 pence", "money", 4.7, "GBP", ""),
    ("a 12-cent-a-share dividend", "12-cent", "money", 0.12, "USD", ""),
    ("The annual revenue is -15€.", "-15€", "money", -15, "EUR", ""),
    ("Hey, the cost is 100元!", "100元", "money", 100, "CNY", ""),
    ("more than $ 247 million in receipts", "$ 247 million", "money", 247e6, "USD", "more than"),
    ("an estimated £ 50 million saved", "£ 50 million", "money", 50e6, "GBP", "approximately"),
    ("around $90 million", "$90 million", "money", 90e6, "USD", "approximately"),
    ("up to $2 billion", "$2 billion", "money", 2e9, "USD", "up to"),
    ("costs now exceed several billion dollars", "several billion dollars", "money", 1e9, "USD", ""),
    ("hundreds of millions of euros", "hundreds of millions of euros", "money", 1e8, "EUR", ""),
    ("a multibillion-dollar deal", "multibillion-dollar", "money", 1e9, "USD", ""),
    ("10.78 euros ($12.23) per hour", "$12.23", "money", 12.23, "USD", ""),
    # percentages
    ("down 3.7 per cent at", "3.7 per cent", "percent", 3.7, "", ""),
    ("rose 50 percent", "50 percent", "percent", 50, "", ""),
    ("sank 27 % in the quarter", "27 %", "percent", 27, "", ""),
    ("twenty percent", "twenty percent", "percent", 20, "", ""),
    ("just need minus five percent", "minus five percent", "percent", -5, "", ""),
    ("increased nearly 40 percent", "40 percent", "percent", 40, "", "nearly"),
    ("rose 2 percentage points", "2 percentage points", "percent", 2, "", ""),
    # counts
    ("in 2017, 305 people were killed", "305 people", "count", 305, "", ""),
    ("at least 235 worshippers died", "235 worshippers", "count", 235, "", "at least"),
    ("eight ships sailed", "eight ships", "count", 8, "", ""),
    ("27 children were among them", "27 children", "count", 27, "", ""),
    ("the three Sailors lost", "three Sailors", "count", 3, "", ""),
    ("two dozen armed men", "two dozen armed men", "count", 24, "", ""),
    ("some 1,600 staff walked out", "1,600 staff", "count", 1600, "", "approximately"),
    ("more than 800 volunteers searched", "800 volunteers", "count", 800, "", "more than"),
    ("almost 70 million units", "70 million units", "count", 70e6, "", "nearly"),
    ("fewer than 30 sailors", "30 sailors", "count", 30, "", "less than"),
    ("over 100 other nations", "100 other nations", "count", 100, "", "more than"),
    ("millions of people", "millions of people", "count", 1e6, "", ""),
    ("hundreds of people remain", "hundreds of people", "count", 100, "", ""),
    ("tens of thousands of protesters", "tens of thousands of protesters", "count", 1e4, "", ""),
    ("one hundred and five people", "one hundred and five people", "count", 105, "", ""),
    ("Rescuers arrived. Another 300 people were found", "300 people", "count", 300, "", ""),
    ("the Navy said 11 crew and passengers", "11 crew", "count", 11, "", ""),
]

# (text, kind that must not appear, or None for nothing at all)
MUST_NOT_FIND = [
    ("in 2017 the fire spread", None),
    ("the 2017 elections", "count"),
    ("on September 7 people gathered", "count"),
    ("Sept. 15 launches", "count"),
    ("at 2:45 p.m. Japan time", None),
    ("the first phase of the project", None),
    ("the 21st century", None),
    ("Mugabe, then 88, appeared", None),
    ("a 64-year-old man", None),
    ("call 555-1234 today", None),
    ("the Hwasong-15 missiles", None),
    ("the C-2A Greyhound aircraft", None),
    ("files doc4-1 and doc4-2", None),
    ("Squadron (VRC) 30 crashed", None),
    ("USS Chafee (DDG 90) and others", None),
    ("the airline flew Boeing 737 jets", "count"),
    ("a delay for iPhone 8 models", "count"),
    ("All 70 of us.", "money"),
    ("ALL 5 solutions are wrong.", "money"),
    ("He has lost his pen 7 times since Monday.", None),
    ("I tried to call Bob 3 times already.", None),
    ("a twenty-pound bag of rice", "money"),
    ("a 2,000-pound bomb", "money"),
    ("It weighs no more than 2,000.45±0.01 pounds", "money"),
    ("travelled about 1,000 kilometres in 53 minutes", "count"),
    ("20 years ago", None),
    ("one of the people", None),
    ("see https://example.com/search?q=30%25%2020%", None),
    ("", None),
]


@pytest.mark.parametrize(("text", "surface", "kind", "value", "currency", "qualifier"), MUST_FIND)
def test_must_find(text: str, surface: str, kind: str, value: float, currency: str, qualifier: str) -> None:
    rows = [r for r in find_amounts(text) if r["text"] == surface]
    assert len(rows) == 1, find_amounts(text)
    row = rows[0]
    assert (row["kind"], row["currency"], row["qualifier"]) == (kind, currency, qualifier)
    assert row["value"] == pytest.approx(value)


@pytest.mark.parametrize(("text", "kind"), MUST_NOT_FIND)
def test_must_not_find(text: str, kind: str | None) -> None:
    rows = find_amounts(text)
    assert [r for r in rows if kind is None or r["kind"] == kind] == []


@pytest.mark.parametrize(
    ("text", "unit", "magnitude"),
    [
        ("at least 235 worshippers", "worshippers", "exact"),
        ("eight ships", "ships", "exact"),
        ("the three Sailors", "sailors", "exact"),
        ("millions of people", "people", "order"),
        ("a 50% stake", "%", "exact"),
        ("2 percentage points", "percentage points", "exact"),
        ("trillions of dollars", "", "order"),
        ("$500 million", "", "exact"),
    ],
)
def test_unit_and_magnitude(text: str, unit: str, magnitude: str) -> None:
    (row,) = find_amounts(text)
    assert (row["unit"], row["magnitude"]) == (unit, magnitude)


def test_prefix_money_is_not_also_a_count() -> None:
    rows = find_amounts("a $5 million loans package and 40 rmb")
    assert [(r["text"], r["kind"]) for r in rows] == [("$5 million", "money"), ("40 rmb", "money")]


def _check_rows(text: str, rows: list[dict[str, object]]) -> None:
    """Offsets point at the text, rows are sorted, do not overlap and have every key."""
    previous_end = -1
    for row in rows:
        assert set(row) == KEYS
        start, end = row["start"], row["end"]
        assert isinstance(start, int) and isinstance(end, int)
        assert 0 <= start < end <= len(text)
        assert text[start:end] == row["text"]
        assert start >= previous_end
        previous_end = end
        assert row["kind"] in ("money", "percent", "count")
        assert row["magnitude"] in ("exact", "order")
        assert isinstance(row["value"], float)
    assert rows == sorted(rows, key=lambda r: (r["start"], r["end"]))  # type: ignore[arg-type, return-value]


def test_offsets_on_mixed_text() -> None:
    text = "“Some 1,600 staff” earn €10.78 (US$12.23) — 90 percent of them; \u200fRs 5 crore\u200e, 11 crew."
    rows = find_amounts(text)
    _check_rows(text, rows)
    assert [r["text"] for r in rows] == ["1,600 staff", "€10.78", "US$12.23", "90 percent", "Rs 5 crore", "11 crew"]


def test_deterministic() -> None:
    text = "About 305 people died; $1.3 billion in aid and 50% more, plus 27 children and €10M."
    assert find_amounts(text) == find_amounts(text)


_PIECES = [*"0123456789 ,.-$£€¥₹%元\u200f", "million", "bn", " people", " dollars", "USD", "per cent", "a "]


@settings(derandomize=True, max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.characters()), max_size=40).map("".join))
def test_never_raises_and_spans_consistent(text: str) -> None:
    _check_rows(text, find_amounts(text))


def test_shared_corpora_rows_are_consistent() -> None:
    files = sorted(SHARED.glob("corpora/*/*.txt"))
    if not files:
        pytest.skip("shared corpora not available")
    for path in files:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
        _check_rows(text, find_amounts(text))
