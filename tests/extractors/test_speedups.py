"""The extractors' speed-ups change no output. Each is checked against the plain form it replaced: dates'
patterns tried only at their lead words, the look-aheads on a match's first character (amounts), the
alternations grouped by first character (amounts) and the quotation scanner's jump from mark to mark.
Text is full of the words the patterns look for, in any case, and of the characters with unusual
case-insensitive matches (ſ matches s, the Kelvin sign K matches k, İ and ı match i).
"""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgate.extractors import amounts, dates, quotes

SETTINGS = settings(max_examples=300, derandomize=True, deadline=None, database=None)
WORDS = [
    *dates.MONTHS, *dates.WEEKDAYS, "Sept", "Tues", "Thurs", "mid-", "last", "this", "next", "week", "ago",
    "from now", "a few", "twenty-one", "tens of", "thousands", "several", "trillion-dollar", "millions", "dollars",
    "USD", "€", "5", "2025", "07.09.2025", "the", "on", "of", "a", "ſeptember", "\u212aorea", "İn", "ıt",
]  # fmt: skip
SEPARATORS = [" ", "  ", "\n", ", ", ". ", "-", "/", ""]


def _cased(word: str, how: int) -> str:
    return [word, word.upper(), word.lower(), word.capitalize()][how]


TEXTS = st.lists(
    st.tuples(st.sampled_from(WORDS), st.integers(0, 3), st.sampled_from(SEPARATORS)), max_size=40
).map(lambda parts: "".join(_cased(w, how) + sep for w, how, sep in parts))


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


def _without_look_ahead(pattern: re.Pattern[str]) -> re.Pattern[str]:
    plain, n = re.subn(r"^\(\?=\[[^\]]*\]\)", "", pattern.pattern)
    assert n == 1, pattern.pattern
    return re.compile(plain, pattern.flags)


# Continuations that complete a match after the first word of any alternative ("Wednesday" + ", September 5").
TAILS = [
    " 5", ", September 5, 2025", " 5 September 2025", " 2025", " September", " week", " next week", " of next week",
    " week on Monday", " Monday", " day before yesterday", " this week", " days ago", " of days ago",
    " few days ago", " few million dollars", " of dollars", " of millions of dollars", " billion dollars",
    " hundred dollars", "-dollar", " night",
]  # fmt: skip
LED = [amounts._MONEY_ORDER, amounts._COUNT_ORDER]


def _words_of(pattern: str) -> list[str]:
    return sorted({*re.findall(r"[a-z]+", pattern.lower()), "5", "12", "2025"})


def test_look_aheads_change_no_match() -> None:
    """Every word of a pattern (so the first word of each alternative), in any case, then each tail."""
    for pattern in LED:
        plain = _without_look_ahead(pattern)
        text = "\n".join(_cased(w, how) + tail for w in _words_of(plain.pattern) for how in range(4) for tail in TAILS)
        assert _matches(pattern, text) == _matches(plain, text), pattern.pattern


def _every_position(text: str) -> list[tuple[object, tuple[int, int], dict[str, str | None]]]:
    """Date matches as each rule's pattern scanning every position finds them."""
    return [(handler, m.span(), m.groupdict()) for _, pattern, handler in dates._RULES for m in pattern.finditer(text)]


def _at_leads(text: str) -> list[tuple[object, tuple[int, int], dict[str, str | None]]]:
    return [(handler, m.span(), m.groupdict()) for handler, m in dates._matches(text)]


def test_date_rules_tried_at_their_lead_words_find_every_match() -> None:
    """Every word of every date pattern, in any case, then each tail: the lead words miss no match."""
    words = _words_of(" ".join(p.pattern for _, p, _ in dates._RULES))
    text = "\n".join(_cased(w, how) + tail for w in words for how in range(4) for tail in TAILS)
    found = _every_position(text)
    assert len(found) > 1000
    assert _at_leads(text) == found


@SETTINGS
@given(TEXTS)
def test_date_rules_tried_at_their_lead_words_in_generated_text(text: str) -> None:
    assert _at_leads(text) == _every_position(text)


def test_case_folding_keeps_offsets_and_word_boundaries() -> None:
    """What the lead-word scan relies on, over all of Unicode: folding keeps each character one character
    and a word character a word character, and a character that matches an ASCII letter case-insensitively
    folds to that letter."""
    word, letter = re.compile(r"\w"), re.compile(r"[a-z]", re.IGNORECASE)
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        folded = char.translate(dates._FOLD).lower()
        assert len(folded) == 1, hex(code)
        assert bool(word.match(char)) == bool(word.match(folded)), hex(code)
        if letter.match(char):
            assert folded.isascii() and re.fullmatch(char, folded, re.IGNORECASE), hex(code)


@pytest.mark.parametrize(
    "words",
    [list(amounts._CODES), list(amounts._ADJECTIVES), [*amounts._UNITS, *amounts._TENS], list(amounts._SYMBOLS)],
)
def test_grouped_alternation_matches_like_the_flat_one(words: list[str]) -> None:
    flat = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE)
    grouped = re.compile(amounts._alternation(words), re.IGNORECASE)
    text = " ".join(_cased(w, how) + tail for w in words for how in range(4) for tail in ("", "x", "$"))
    assert _matches(grouped, text) == _matches(flat, text)
    with pytest.raises(ValueError):
        amounts._alternation(["Rs", "rupee"])


def _scan_every_character(text: str) -> list[tuple[int, int, bool]]:
    """The scanner as it was: every character visited."""
    out: list[tuple[int, int, bool]] = []
    open_at: int | None = None
    for p, c in enumerate(text):
        if open_at is not None and (c == "\n" or p - open_at > quotes.MAX_QUOTE):
            out.append((open_at + 1, quotes._rstrip(text, open_at + 1, p), False))
            open_at = None
        if c == "\n":
            continue
        if open_at is None:
            if c in quotes.OPENING or (c == quotes.STRAIGHT and (p == 0 or not text[p - 1].isalnum())):
                open_at = p
            continue
        prev, nxt = text[p - 1], text[p + 1] if p + 1 < len(text) else " "
        closes = c in quotes.CLOSING or c == quotes.STRAIGHT
        if closes or (c in quotes.OPENING and not prev.isspace() and (nxt.isspace() or not nxt.isalnum())):
            out.append((open_at + 1, p, True))
            open_at = None
        elif c in quotes.OPENING:
            out.append((open_at + 1, quotes._rstrip(text, open_at + 1, p), False))
            open_at = p
    if open_at is not None:
        out.append((open_at + 1, quotes._rstrip(text, open_at + 1, len(text)), False))
    return out


@SETTINGS
@given(st.text(alphabet="“”«»„\"a1 \n", max_size=60), st.integers(0, 8))
def test_quote_scanner_finds_what_a_per_character_scan_finds(text: str, limit: int) -> None:
    saved, quotes.MAX_QUOTE = quotes.MAX_QUOTE, limit  # short limits, so quotations time out
    try:
        assert quotes.scan_quotes(text) == _scan_every_character(text)
    finally:
        quotes.MAX_QUOTE = saved
