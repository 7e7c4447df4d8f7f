"""The extractors' speed-ups change no output. Each is checked against the plain form it replaced: date
and amount patterns tried only at their leads (against each pattern's own finditer), the alternations
grouped by first character (amounts) and the quotation scanner's jump from mark to mark.
Text is full of the words the patterns look for, in any case, and of the characters with unusual
case-insensitive matches (ſ matches s, the Kelvin sign K matches k, İ and ı match i).
"""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgate.extractors import acronyms, amounts, dates, entities, quotes
from newsgate.extractors.leads import LeadScan, fold
from newsgate.rules import rules

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


# Continuations that complete a match after the first word of any alternative ("Wednesday" + ", September 5").
TAILS = [
    " 5", ", September 5, 2025", " 5 September 2025", " 2025", " September", " week", " next week", " of next week",
    " week on Monday", " Monday", " day before yesterday", " this week", " days ago", " of days ago",
    " few days ago", " few million dollars", " of dollars", " of millions of dollars", " billion dollars",
    " hundred dollars", "-dollar", " night", "$5", " $5", "5", ".5 million", "%", " percent", " people",
    " Tues morning",
]  # fmt: skip
SCANS = {"dates": dates._SCAN, "amounts": amounts._SCAN}


def _words_of(scan: LeadScan) -> list[str]:
    """Every word of every pattern, and every currency symbol and code."""
    patterns = " ".join(p.pattern for p in scan.patterns).lower()
    numbers = ["5", "12", "2025", "-5", "\u22125", "U.S.", "2025-09-07", "07.09.2025", "22/04/2016", "2025-Sep-07"]
    return sorted({*re.findall(r"[a-z]+", patterns), *amounts._SYMBOLS, *amounts._CODES, *numbers})


def _each_pattern(scan: LeadScan, text: str) -> list[list[tuple[tuple[int, int], dict[str, str | None]]]]:
    return [[(m.span(), m.groupdict()) for m in pattern.finditer(text)] for pattern in scan.patterns]


def _at_leads(scan: LeadScan, text: str) -> list[list[tuple[tuple[int, int], dict[str, str | None]]]]:
    return [[(m.span(), m.groupdict()) for m in found] for found in scan.matches(text)]


@pytest.mark.parametrize("name", SCANS)
def test_patterns_tried_at_their_leads_find_every_match(name: str) -> None:
    """Every word of every pattern, in any case, then each tail: the leads miss no match."""
    scan = SCANS[name]
    text = "\n".join(_cased(w, how) + tail for w in _words_of(scan) for how in range(4) for tail in TAILS)
    found = _each_pattern(scan, text)
    assert all(found), [p.pattern[:40] for matches, p in zip(found, scan.patterns, strict=True) if not matches]
    assert _at_leads(scan, text) == found


@SETTINGS
@given(TEXTS)
def test_patterns_tried_at_their_leads_in_generated_text(text: str) -> None:
    for scan in SCANS.values():
        assert _at_leads(scan, text) == _each_pattern(scan, text)


def test_leads_that_start_one_another_are_refused() -> None:
    """The scan reports one lead per position, so "$" beside "$$" would hide one of them."""
    with pytest.raises(ValueError, match="starts lead"):
        LeadScan([("$", re.compile(r"\$")), ("$$", re.compile(r"\$\$"))])



def test_lead_syntax() -> None:
    """Two letters: the word or before a non-letter; three: a prefix; "0": a digit; never inside a word."""
    scan = LeadScan([("rs sep 0", re.compile(r"rs\d*|sep\w*|\d+", re.IGNORECASE))])
    found = scan.matches("Rs500 RS hers rsvp Sept. ſeptember 7 x7")[0]
    assert [m.group() for m in found] == ["Rs500", "RS", "Sept", "ſeptember", "7"]


def test_case_folding_keeps_offsets_and_word_boundaries() -> None:
    """What the lead scan relies on, over all of Unicode: folding keeps each character one character and a
    word character a word character, and a character that matches an ASCII letter case-insensitively
    folds to that letter."""
    word, letter = re.compile(r"\w"), re.compile(r"[a-z]", re.IGNORECASE)
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        folded = fold(char)
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


def _prepare_every_character(line: str) -> tuple[str, list[int]]:
    """acronyms._prepare as it was: every character visited."""
    chars = list(line)
    stack: list[int] = []
    for i, ch in enumerate(chars):
        if ch == "(":
            stack.append(i)
        elif ch == ")":
            if stack:
                stack.pop()
            else:
                chars[i] = " "
    for i in stack:
        chars[i] = " "
    for i, ch in enumerate(line):
        before, after = line[i - 1 : i] or " ", line[i + 1 : i + 2] or " "
        opening = before.isspace() or before == "("
        if ch in acronyms._QUOTES and (opening or after in ");:" or (ch in '"“”«»' and not after.isalnum())):
            chars[i] = " "
    work: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(chars):
        if ch.isspace():
            if not work or work[-1] in " (":
                continue
            ch = " "
        elif ch == ")" and work and work[-1] == " ":
            work.pop()
            origin.pop()
        work.append(ch)
        origin.append(i)
    while work and work[-1] == " ":
        work.pop()
        origin.pop()
    return "".join(work), origin


def _not_uses_every_word(text: str) -> set[int]:
    """acronyms._not_uses as it was: every letter run visited."""
    skip: set[int] = set()
    for m in acronyms._DATELINE.finditer(text):
        words = list(acronyms._LETTERS.finditer(text, m.start("place"), m.end("place")))
        if sum(len(w.group()) for w in words) >= 5 and all(w.group().isupper() for w in words):
            skip.update(w.start() for w in words)
    run: list[int] = []
    prev_end = 0
    for w in acronyms._LETTERS.finditer(text):
        if not w.group().isupper():
            run = []
        elif run and text[prev_end : w.start()].strip(" \t"):
            run = [w.start()]
        else:
            run.append(w.start())
        if len(run) >= 3:
            skip.update(run)
        prev_end = w.end()
    return skip


ACRONYM_TEXT = st.lists(
    st.sampled_from(["WHO", "US", "AT&T", "MoU", "PhD", "the", "Acme", "ÉCOLE", "École", "ÉÉ", "中文", "x1", "II"])
    | st.sampled_from(["U.S.", "U.S", "e.g.", "A.B.C.", "U.S.A"])
    | st.text(alphabet="AÉaé1 \t\n()\"'“”«»:;.&-", max_size=6),
    max_size=30,
).map(lambda parts: " ".join(parts))


@SETTINGS
@given(ACRONYM_TEXT)
def test_acronym_scans_find_what_the_plain_forms_find(text: str) -> None:
    assert acronyms._prepare(text) == _prepare_every_character(text)
    assert acronyms._not_uses(text) == _not_uses_every_word(text)
    words = [m.span() for m in acronyms._WORD.finditer(text) if acronyms.is_acronym(m.group())]
    spaced = " " + text
    inner = [(m.start("w") - 1, m.end("w") - 1) for m in acronyms._INNER_CAPITAL.finditer(spaced)]
    assert [(s, e) for s, e in inner if acronyms.is_acronym(text[s:e])] == words
    dotted = [m.span() for m in acronyms._DOTTED.finditer(text)]
    assert [(m.start("w") - 1, m.end("w") - 1) for m in acronyms._DOTTED_SCAN.finditer(spaced)] == dotted


ENTITY_WORDS = [
    *rules()["titles"][:40], *rules()["title_modifiers"], *rules()["org_suffixes"], "Acme", "Metals", "O’Brien",
    "Natalie", "Baker", "of", "and", "&", "-", "x", "Al-Qaeda", "the", "Mr.", "said",
]  # fmt: skip
ENTITY_TEXT = st.lists(
    st.tuples(st.sampled_from(ENTITY_WORDS), st.sampled_from([" ", "  ", "\n", "-", "", ", ", "’s "])), max_size=25
).map(lambda parts: "".join(w + sep for w, sep in parts))


@SETTINGS
@given(ENTITY_TEXT)
def test_entity_patterns_that_skip_ahead_match_like_a_leading_look_behind(text: str) -> None:
    org = entities._org_regex()
    plain_org = re.compile(org.pattern.replace(entities._FIRST_CAP, rf"(?<![\w-]){entities._CAP}"))
    titled = entities._titled_name_regex()
    plain_titled = re.compile(r"(?<![\w])" + re.sub(r"\(\?<!\\w\.\{\d+\}\)", "", titled.pattern))
    assert org.pattern != plain_org.pattern and titled.pattern != plain_titled.pattern
    assert _matches(org, text) == _matches(plain_org, text)
    assert _matches(titled, text) == _matches(plain_titled, text)
