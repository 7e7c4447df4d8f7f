"""What a sentence is about, as a set of crude word stems: how checks decide that two
mentions in different articles speak of the same claim or event without comparing
every pair of mentions (``groups.py`` buckets mentions by shared stems)."""

from __future__ import annotations

import re
from functools import cache

_WORD = re.compile(r"(?<![\w-])[a-z][a-z-]+")
GENERIC = frozenset(
    """
    said says say told added according also would could will may might new one two three first last year
    years month months week weeks day days time today yesterday percent per cent million billion
    trillion thousand hundred dollar dollars usd including include includes around about approximately
    nearly least more than less some monday tuesday wednesday thursday friday saturday sunday january
    february march april may june july august september october november december
    """.split()  # noqa: SIM905
)


@cache
def _stop_words() -> frozenset[str]:
    from newsgate.wordlists import words

    return words("stop-words") | GENERIC


def stem(word: str) -> str:
    """Strip common inflections so signed/signing/signs meet ("sign")."""
    for suffix in ("ings", "ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def content_stems(sentence: str) -> frozenset[str]:
    """Stems of the lower-case content words of a sentence (names and numbers left out)."""
    stops = _stop_words()
    return frozenset(stem(w) for w in _WORD.findall(sentence) if w not in stops and len(w) > 2)
