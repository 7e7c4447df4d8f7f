"""Property tests: every extractor, the whole check and the readers get arbitrary Unicode
(quotation marks, currency signs, digits, right-to-left marks, newlines) and must not raise,
must keep every span inside its article and every offset pointing at the text it claims.

Hypothesis runs derandomized (a fixed seed) with a bounded number of examples, so CI runs
the same cases every time and stays well under a minute.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgate.checks import run_checks
from newsgate.extractors.acronyms import find_acronyms
from newsgate.extractors.amounts import find_amounts
from newsgate.extractors.dates import find_dates
from newsgate.extractors.quotes import scan_quotes
from newsgate.extractors.tokens import find_suspicious_tokens
from newsgate.model import Article
from newsgate.pipeline import extract_article, extract_corpus
from newsgate.readers import Problem, read_corpus

PROPS = settings(
    max_examples=300,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Pieces news text is made of, and the characters that break naive code.
PIECES = [
    *"“”‘’\"'«»„‹›「」$€£¥₹₨¢%°0123456789.,;:!?()[]-–—/\\&*#@ \n\t",
    "\r\n",
    "\r",
    "\u200f",  # right-to-left mark
    "\u200e",  # left-to-right mark
    "\u202e",  # right-to-left override
    "\u2066\u2069",  # isolates
    "\ufeff",  # BOM / zero-width no-break space
    "\u00a0",  # no-break space
    "\u200b",  # zero-width space
    "e\u0301",  # combining accent
    "👍🏽",
    "שלום",
    "مرحبا",
    "ﬁ",
    "İ",
    "ß",
    "said",
    "says Mr",
    "Dr.",
    "million",
    "billion",
    "bn",
    "per cent",
    "Monday",
    "Sunday",
    "September 7, 2025",
    "7 Sept",
    "last month",
    "on Monday",
    "2025-09-08",
    "$500 million",
    "US$1.2bn",
    "PKR 300m",
    "Rs.",
    "(USSM)",
    "US Strategic Metals",
    "U.S.",
    "Frontier Works Organization",
    "Corp",
    "Ltd.",
    "Bakertermed",
    "stablising",
    "Read:",
    "<p>",
    "&amp;",
    "ChargĂ©",
    "â€™",
    "ISLAMABAD:",
]
fragment = st.one_of(st.sampled_from(PIECES), st.text(max_size=6), st.sampled_from([" ", " ", ". "]))
texts = st.one_of(
    st.lists(fragment, max_size=80).map("".join),  # anything, glued
    st.lists(st.sampled_from(PIECES), min_size=4, max_size=40).map(" ".join),  # news-like, spaced
)


def assert_spans(text: str, rows: Iterable[Mapping[str, Any]], where: str) -> None:
    """Every row inside ``text``, its ``text`` what its offsets point at, and secondary spans inside too."""
    for row in rows:
        s, e = int(row["start"]), int(row["end"])
        assert 0 <= s <= e <= len(text), (where, row)
        assert text[s:e] == row["text"], (where, row)
        if "speaker_start" in row and int(row["speaker_start"]) >= 0:
            ss, se = int(row["speaker_start"]), int(row["speaker_end"])
            assert 0 <= ss <= se <= len(text) and text[ss:se] == row["speaker"], (where, row)
        if "long_start" in row and int(row["long_start"]) >= 0:
            assert 0 <= int(row["long_start"]) <= int(row["long_end"]) <= len(text), (where, row)
        if row.get("sentence"):
            assert str(row["sentence"]) in text, (where, row)


def assert_sorted(rows: list[Mapping[str, Any]], where: str) -> None:
    keys = [(int(r["start"]), int(r["end"])) for r in rows]
    assert keys == sorted(keys), where


@PROPS
@given(texts)
def test_amounts(text: str) -> None:
    rows = find_amounts(text)
    assert_spans(text, rows, "amounts")
    assert_sorted(rows, "amounts")
    assert rows == find_amounts(text)


@PROPS
@given(texts, st.one_of(st.none(), st.dates()))
def test_dates(text: str, reference: dt.date | None) -> None:
    rows = find_dates(text, reference)
    assert_spans(text, rows, "dates")
    assert_sorted(rows, "dates")


@PROPS
@given(texts)
def test_acronyms(text: str) -> None:
    rows = find_acronyms(text)
    assert_spans(text, rows, "acronyms")
    assert_sorted(rows, "acronyms")


@PROPS
@given(texts)
def test_tokens(text: str) -> None:
    rows = find_suspicious_tokens(text)
    assert_spans(text, rows, "tokens")
    assert_sorted(rows, "tokens")


@PROPS
@given(texts)
def test_quote_scanner(text: str) -> None:
    spans = scan_quotes(text)
    assert all(0 <= s <= e <= len(text) and isinstance(b, bool) for s, e, b in spans)
    assert [s for s, _, _ in spans] == sorted(s for s, _, _ in spans)


@PROPS
@given(texts, st.one_of(st.just(""), st.dates().map(dt.date.isoformat)))
def test_every_table_of_an_article(text: str, published: str) -> None:
    """All extractors through the pipeline (entities and quotes need sentences and a doc)."""
    art = Article(id="a", text=text, published=published)
    for table, rows in extract_article(art, "rules").items():
        assert_spans(text, rows, table)
        assert all(r["article"] == "a" for r in rows)


@settings(PROPS, max_examples=150)
@given(st.lists(texts, min_size=1, max_size=3))
def test_the_whole_check(bodies: list[str]) -> None:
    """Tables and findings over a small corpus: every finding located in its article."""
    shared = "The deal is worth $500 million, officials said on Monday. "
    articles = [Article(id=f"a{i}", text=shared + body, path=f"a{i}.txt") for i, body in enumerate(bodies)]
    tables = extract_corpus(articles, "rules")
    by_id = {a.id: a for a in articles}
    for table, df in tables.items():
        for r in df.to_dict("records"):
            assert_spans(by_id[r["article"]].text, [r], table)
    for f in run_checks(tables, articles):
        art = by_id[f.article]
        assert 0 <= f.start <= f.end <= len(art.text) and art.text[f.start : f.end] == f.text, f
        assert (f.line, f.column) == art.line_col(f.start) and f.line >= 1 and f.column >= 1, f
        for rel in f.related:
            assert by_id[rel.article].text[rel.start : rel.end] == rel.text, f


@PROPS
@given(st.binary(max_size=300))
def test_reader_on_arbitrary_bytes(raw: bytes) -> None:
    """Any file content gives an article or a problem, never an exception or a silent drop."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "x.txt").write_bytes(raw)
        problems: list[Problem] = []
        articles = read_corpus(tmp, problems=problems)
        assert len(articles) + len(problems) == 1
        for art in articles:
            assert "\r" not in art.text and art.text.strip()


@PROPS
@given(
    st.lists(
        st.one_of(
            st.binary(max_size=60),
            st.dictionaries(
                st.sampled_from(["id", "text", "published"]), st.one_of(texts, st.integers(), st.none())
            ).map(lambda d: json.dumps(d).encode()),
        ),
        max_size=6,
    )
)
def test_jsonl_reader_on_arbitrary_lines(lines: list[bytes]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "c.jsonl"
        path.write_bytes(b"\n".join(lines))
        problems: list[Problem] = []
        articles = read_corpus(path, problems=problems)
        assert len({a.id for a in articles}) == len(articles)
        assert all(str(p).startswith(str(path)) for p in problems)
