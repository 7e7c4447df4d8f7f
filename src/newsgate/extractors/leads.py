"""Patterns tried only where a match can start: at their lead words.

Python's regex engine has no fast skip for a case-insensitive pattern: it tries every alternative at every
position of the text, and that was most of the time dates and amounts took. Here each rule declares its
leads, what any match starts with; one scan of the case-folded text finds every lead, and each pattern is
tried only at its own, left to right, skipping those inside its previous match. That gives the matches of
``pattern.finditer(text)``, as the pattern fails everywhere else (tests hold every rule to it).

Leads, space-separated and in lower case:

* ``0``: any ASCII digit;
* a word of three letters or more: its first three letters start the word ("sep" or "september": Sept,
  September, sept.);
* one or two letters: the word, or the letters before a non-letter ("rs" in "Rs500", "us" in "US$");
* anything else (symbols, letters outside ASCII), literally ("$", "-", "元").

A match must start where no word character comes before (a word's start, a symbol after a space).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Case folding that keeps offsets: İ, ı and ſ are the letters outside ASCII that match an ASCII letter
# case-insensitively (the Kelvin sign, the fourth, lower() makes k). With them replaced, lower() keeps every
# character one character long and a word character a word character (tests check all of Unicode).
_FOLD = str.maketrans({"İ": "i", "ı": "i", "ſ": "s"})


def fold(text: str) -> str:
    """``text`` case-folded for lead scanning, with the same length and offsets."""
    if "İ" in text or "ı" in text or "ſ" in text:  # rare: translate() is ten times slower than lower()
        text = text.translate(_FOLD)
    return text.lower()


def _letters(lead: str) -> bool:
    return lead.isascii() and lead.isalpha()


class LeadScan:
    """Rules, each (leads, pattern), and the one scan that finds where their patterns can match."""

    def __init__(self, rules: Sequence[tuple[str, re.Pattern[str]]]) -> None:
        self.patterns = [pattern for _, pattern in rules]
        keys: dict[str, list[int]] = {}
        for i, (leads, _) in enumerate(rules):
            for lead in leads.split():
                for key in "0123456789" if lead == "0" else [lead[:3] if _letters(lead) else lead]:
                    if i not in keys.setdefault(key, []):
                        keys[key].append(i)
        self._rules_of = {key: tuple(rules_) for key, rules_ in keys.items()}
        rest = [k for k in keys if not (_letters(k) and len(k) < 3)]
        for k in rest:  # the scan reports one lead per position: no lead may start another
            if other := next((o for o in rest if o != k and o.startswith(k)), None):
                raise ValueError(f"lead {k!r} starts lead {other!r}")
        # The scan matches the non-word character before a lead (the text gets a space in front), so that the
        # engine skips ahead to those; the lead itself, in a look-ahead, is the group. Leads are grouped by
        # first character, so one character test rules out a group.
        groups: dict[str, list[str]] = {}
        for key in sorted(keys, key=len, reverse=True):
            groups.setdefault(key[0], []).append(key)
        alternatives = "|".join(
            re.escape(first)
            + "(?:"
            + "|".join(re.escape(k[1:]) + (r"(?![^\W\d_])" if _letters(k) and len(k) < 3 else "") for k in group)
            + ")"
            for first, group in sorted(groups.items())
        )
        self._scan = re.compile(rf"\W(?=({alternatives}))")

    def matches(self, text: str) -> list[list[re.Match[str]]]:
        """Each rule's matches in ``text``, as its ``pattern.finditer(text)`` gives them."""
        starts: list[list[int]] = [[] for _ in self.patterns]
        for lead in self._scan.finditer(" " + fold(text)):  # the space shifts offsets by one: a lead is at start()
            for i in self._rules_of[lead.group(1)]:
                starts[i].append(lead.start())
        out: list[list[re.Match[str]]] = []
        for pattern, positions in zip(self.patterns, starts, strict=True):
            found: list[re.Match[str]] = []
            end = 0
            for pos in positions:
                if pos >= end and (m := pattern.match(text, pos)):
                    found.append(m)
                    end = m.end()
            out.append(found)
        return out
