"""What a sentence is about, as a set of crude word stems: how checks decide that two
mentions in different articles speak of the same claim or event without comparing
every pair of mentions (mentions are bucketed by stem)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Hashable, Iterable
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
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | GENERIC


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


def cluster(items: Iterable[tuple[Hashable, Iterable[Hashable]]]) -> list[list[Hashable]]:
    """Group items that share at least one bucket key (union-find over buckets, not pairs)."""
    parent: dict[Hashable, Hashable] = {}

    def find(x: Hashable) -> Hashable:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    first_in_bucket: dict[Hashable, Hashable] = {}
    for item, keys in items:
        find(item)
        for key in keys:
            if key in first_in_bucket:
                a, b = find(item), find(first_in_bucket[key])
                if a != b:
                    parent[a] = b
            else:
                first_in_bucket[key] = item
    groups: dict[Hashable, list[Hashable]] = defaultdict(list)
    for item in parent:
        groups[find(item)].append(item)
    return list(groups.values())
