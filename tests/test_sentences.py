"""Sentence boundaries: a table of texts and the sentences they must split into."""

from __future__ import annotations

import subprocess
import sys

import pytest

from newsgate.sentences import sentence_spans
from newsgate.wordlists import FROM_SPACY, words

SPLITS = [
    ("He left. She stayed.", ["He left.", "She stayed."]),
    ("Talks in the U.S. ended. Both sides left.", ["Talks in the U.S. ended.", "Both sides left."]),
    ("It opened in Jan. 2020. Then it closed.", ["It opened in Jan. 2020.", "Then it closed."]),
    ("A plant in Sacramento, Calif. Workers left.", ["A plant in Sacramento, Calif. Workers left."]),
    ("Dr. Smith spoke. J. Doe agreed.", ["Dr. Smith spoke.", "J. Doe agreed."]),
    ("The sector.Canada said no.", ["The sector.", "Canada said no."]),
    ("One line\nand another", ["One line", "and another"]),
]


@pytest.mark.parametrize(("text", "sentences"), SPLITS)
def test_splits(text: str, sentences: list[str]) -> None:
    assert [text[s:e] for s, e in sentence_spans(text)] == sentences


@pytest.mark.parametrize("name", sorted(FROM_SPACY))
def test_shipped_word_lists_are_spacys(name: str) -> None:
    """The shipped lists are what the installed spaCy gives: regenerate them after an upgrade."""
    assert words(name) == frozenset(FROM_SPACY[name]())


def test_sentences_and_stems_do_not_import_spacy() -> None:
    code = (
        "import sys; from newsgate.sentences import sentence_spans;"
        "sentence_spans('Mr. A. Smith left. Ok.');"
        "from newsgate.checks.context import content_stems; content_stems('the talks ended');"
        "print('spacy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
