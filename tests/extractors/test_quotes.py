"""Quotes: balanced, unbalanced and mismatched marks; who said them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgate.extractors.entities import find_entities
from newsgate.extractors.quotes import find_quotes, scan_quotes
from newsgate.nlp import model_spans
from newsgate.sentences import sentence_spans


def quotes(text: str) -> list[dict[str, object]]:
    (spans,) = model_spans([text], "default")
    return find_quotes(text, sentence_spans(text), find_entities(text, spans))


@pytest.mark.parametrize(
    ("text", "quote", "speaker", "how"),
    [
        (
            "Natalie Baker said, “This is a good deal for both sides.”",
            "This is a good deal for both sides.",
            "Natalie Baker",
            "before",
        ),
        ("“We will invest more,” Natalie Baker said.", "We will invest more,", "Natalie Baker", "after"),
        ("“We will invest more,” said John Smith, the chief executive.", "We will invest more,", "John Smith", "after"),
        (
            "The US embassy in Islamabad welcomed the news, saying in a statement, “This is a milestone.”",
            "This is a milestone.",
            "US embassy in Islamabad",
            "framing",
        ),
        (
            "Speaking at the signing, Natalie Baker described the deal as “another example of strength.”",
            "another example of strength.",
            "Natalie Baker",
            "framing",
        ),
    ],
)
def test_speaker(text: str, quote: str, speaker: str, how: str) -> None:
    (q,) = quotes(text)
    assert (q["text"], q["speaker"], q["attribution"], q["balanced"]) == (quote, speaker, how, True)


def test_unclosed_quote_stops_at_its_paragraph() -> None:
    text = "“Embassy officials met today.\n\nThe next paragraph is plain. “Closed here.”"
    spans = scan_quotes(text)
    assert spans[0] == (1, text.index("\n"), False)
    assert (text.index("Closed"), text.index("”"), True) in spans


def test_opening_mark_used_as_closing() -> None:
    text = "He added, “We look forward to more deals in Pakistan“. Then he left."
    ((s, e, ok),) = scan_quotes(text)
    assert ok and text[s:e] == "We look forward to more deals in Pakistan"


def test_nested_opening_restarts_the_quote() -> None:
    text = "“Speaking about it, Baker said, “This signing matters,” the embassy said."
    spans = scan_quotes(text)
    assert spans[0][2] is False
    assert (text.index("This"), text.index("”"), True) in spans


def test_straight_quotes() -> None:
    text = 'She said "yes" and he said "no".'
    assert [text[s:e] for s, e, _ in scan_quotes(text)] == ["yes", "no"]


@settings(derandomize=True, max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('“”"«»„ab .,\n\u200f')), max_size=80))
def test_scan_never_fails_and_spans_are_inside(text: str) -> None:
    for s, e, _ in scan_quotes(text):
        assert 0 <= s <= e <= len(text)
