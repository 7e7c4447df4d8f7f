"""Sentence boundaries by rule, the same in every extraction mode.

A sentence ends at a line break, at ``.``/``!``/``?`` (and closing quotes) followed by
white space and a capital, digit or opening quote, and where a scraper glued two
sentences together ("sector.Canada"). A period after a known abbreviation (spaCy's
English tokenizer exceptions: "U.S.", "Jan.", "Calif.") or a single initial is not an end.
"""

from __future__ import annotations

import itertools
import re
from functools import cache

# A sentence glued to the next by a scraper: "AP.The company", "sector.Canada".
GLUED = re.compile(r"(?<=[A-Za-z0-9%)”’\"]{2})[.!?](?=[A-Z][A-Za-z])")
_END = re.compile(r"[.!?…]+[\"”’)\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"([\w.’'-]+)$")


@cache
def _abbreviations() -> frozenset[str]:
    """spaCy's English abbreviations (shipped, see ``wordlists``), the titles, and a few more."""
    from newsgate.rules import rules
    from newsgate.wordlists import words

    titles = {t.split()[-1] for t in rules()["titles"] if t.endswith(".")}
    return (
        words("abbreviations")
        | {t.lower() for t in titles}
        | {"st.", "no.", "vs.", "etc.", "inc.", "corp.", "co.", "ltd.", "jr.", "sr.", "u.s.", "u.k.", "u.n."}
    )


def _is_abbreviation(text: str, period: int) -> bool:
    m = _WORD_BEFORE.search(text, max(0, period - 30), period + 1)
    if not m:
        return False
    word = m.group(1)
    if word.lower() in _abbreviations():
        return True
    core = word.rstrip(".")
    return (len(core) == 1 and core.isalpha()) or bool(re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]\.?", word))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, surrounding white space trimmed."""
    cuts = {0, len(text)}
    cuts |= {m.end() for m in re.finditer("\n", text)}
    cuts |= {m.end() for m in GLUED.finditer(text)}
    for m in _END.finditer(text):
        if m.group(0)[0] == "." and len(m.group(0)) == 1 and _is_abbreviation(text, m.start()):
            continue
        cuts.add(m.end())
    spans = []
    ordered = sorted(cuts)
    for s, e in itertools.pairwise(ordered):
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
    return spans
