"""Entities: organisations, people and places, from the spaCy doc of one article.

The statistical model (or, in rules mode, the entity ruler alone) proposes spans; this
module cleans them: drops determiners, possessives and stop-listed words, splits a
leading title off a person's name into the ``title`` column, and discards "entities"
that are only a title ("US Chargé d'Affaires").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from newsgate.nlp import Span
from newsgate.rules import rules
from newsgate.sentences import GLUED

KINDS = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place"}
_LEADING = re.compile(r"^(?:the|The|THE|a|A|an|An)\s+")
_TRAILING = re.compile(r"(?:['’]s?|[\s,;:–—-]+|(?<![A-Z])\.)$")


@cache
def _title_regex() -> re.Pattern[str]:
    data = rules()
    titles = sorted({t for t in data["titles"]}, key=len, reverse=True)
    mods = "|".join(re.escape(m) for m in data["title_modifiers"])
    alts = "|".join(re.escape(t) for t in titles)
    return re.compile(rf"(?:(?:{mods})\s+)*(?:{alts})(?![\w])")


@cache
def _stop_words() -> frozenset[str]:
    return frozenset(w.lower() for w in rules()["not_entities"])


@cache
def _titled_name_regex() -> re.Pattern[str]:
    """A title followed by one to three capitalised words: "Field Marshal Syed Asim Munir"."""
    data = rules()
    titles = sorted({t for t in data["titles"] if t not in data["ambiguous_titles"]}, key=len, reverse=True)
    word = r"[A-Z][a-z]+(?:[-'’][A-Za-z][a-z]+)*"
    # Each title checks after itself that no word character came before it, so that the pattern starts with
    # the titles' first letters and the engine skips ahead to them (same matches as a leading look-behind).
    alts = "|".join(rf"{re.escape(t)}(?<!\w.{{{len(t)}}})" for t in titles)
    return re.compile(rf"(?:{alts})\s+(?P<name>{word}(?:\s{word}){{0,4}})(?![\w-])")


def titled_people(text: str) -> list[tuple[int, int, str]]:
    """(start, end, title) of names that stand after a title, whatever the model said."""
    out = []
    for m in _titled_name_regex().finditer(text):
        name = m.group("name")
        while (lead := leading_title(name)) and name != lead:  # "Field Marshal" inside "... Staff Field Marshal X"
            name = name[len(lead) :].lstrip()
        if name and not leading_title(name):
            start = m.end("name") - len(name)
            name = " ".join(name.split()[:3])  # a person's name: at most three words
            out.append((start, start + len(name), title_before(text, start)))
    return out


def leading_title(text: str) -> str:
    """The title a span starts with ("Field Marshal Asim Munir" -> "Field Marshal"), or ""."""
    m = _title_regex().match(text)
    return m.group(0) if m else ""


def title_before(text: str, start: int) -> str:
    """The title that stands right before offset ``start`` ("Chargé d’Affaires Natalie"), or ""."""
    window = text[max(0, start - 80) : start]
    best = ""
    for m in _title_regex().finditer(window):
        if window[m.end() :].strip() == "" and len(m.group(0)) > len(best):
            best = m.group(0)
    return best


def find_entities(text: str, model_spans: Sequence[Span] = ()) -> list[dict[str, object]]:
    """Rows: start, end, text, kind (person/org/place), title, label (the model's or the rule's).

    Rule spans (organisation suffixes, places, people after a title) win where they
    overlap the model's spans.
    """
    rules_found = rule_spans(text, with_one_word_places=not model_spans)
    taken = [(s, e) for s, e, _ in rules_found]
    kept = [m for m in model_spans if not any(s < m[1] and m[0] < e for s, e in taken)]
    rows: list[dict[str, object]] = []
    for ent_start, ent_end, label in sorted(kept + rules_found):
        kind = KINDS.get(label)
        if kind is None:
            continue
        start, end = _trim(text, ent_start, ent_end)
        title = ""
        if kind == "person":
            # Stacked titles ("Chief of the Army Staff Field Marshal X"): keep the nearest.
            while lead := leading_title(text[start:end]):
                title = lead
                start, end = _trim(text, start + len(lead), end)
            title = title or title_before(text, start)
        span = text[start:end]
        if not _plausible(span, kind) or _ends_inside_title(text, start, end):
            continue
        rows.append({"start": start, "end": end, "text": span, "kind": kind, "title": title.strip(), "label": label})
    return _with_titled_people(rows, text)


# A capitalised word: hyphenated parts capitalised too ("Rolls-Royce", not "Ohio-based"),
# an apostrophe inside a name but not a possessive ("O'Brien", not "Canada’s").
_CAP_REST = r"[\w.&]*(?:['’](?!s\b)\w+)*(?:-[A-Z][\w.&]*)*"
_CAP = rf"(?:[A-Z]{_CAP_REST}|&)"
# The first _CAP of a name, not after a word character or hyphen; written to start with a character class,
# which lets the engine skip ahead to capitals (same matches as a leading look-behind).
_FIRST_CAP = rf"[A-Z&](?<![\w-].)(?:(?<=&)|(?<=[A-Z]){_CAP_REST})"


@cache
def _org_regex() -> re.Pattern[str]:
    """A run of capitalised words ending in an organisation suffix ("World Health Organization")."""
    suffixes = "|".join(re.escape(s) for s in sorted(rules()["org_suffixes"], key=len, reverse=True))
    return re.compile(rf"{_FIRST_CAP}(?:\s+{_CAP}){{0,6}}\s+(?:{suffixes})(?:\s+of\s+{_CAP})?(?![\w-])")


@cache
def _places() -> tuple[frozenset[str], int]:
    """Country and subdivision names (pycountry), and the most words one has."""
    import pycountry

    names: set[str] = {"US", "U.S.", "UK", "U.K.", "EU", "Washington", "Moscow", "Beijing", "London", "Paris"}
    for c in pycountry.countries:
        names.update(getattr(c, a) for a in ("name", "common_name", "official_name") if hasattr(c, a))
    names.update(s.name for s in pycountry.subdivisions)
    names = {n for n in names if "," not in n and "(" not in n}
    return frozenset(names), max(len(n.split()) for n in names)


_CAP_RUN = re.compile(r"[A-Z][\w.'’-]*(?P<more>(?:\s+(?:of\s+|and\s+)?[A-Z][\w.'’-]*)+)?")
_NON_SPACE = re.compile(r"\S+")


def rule_spans(text: str, with_one_word_places: bool = True) -> list[Span]:
    """Organisations by suffix and places by name. One-word places only without the model:
    a rule for "Jordan" would cut the model's "Michael Jordan" short."""
    spans: list[Span] = [(m.start(), m.end(), "ORG") for m in _org_regex().finditer(text)]
    names, longest = _places()
    for run in _CAP_RUN.finditer(text):
        if run.group("more"):
            words = [(run.start() + w.start(), run.start() + w.end()) for w in _NON_SPACE.finditer(run.group(0))]
        elif with_one_word_places:
            words = [run.span()]
        else:
            continue  # one word (most runs), and one-word places are not wanted
        i = 0
        while i < len(words):
            for n in range(min(longest, len(words) - i), 0, -1):
                s, e = words[i][0], words[i + n - 1][1]
                candidate = text[s:e].rstrip(".,;:") if text[s:e] not in names else text[s:e]
                if candidate in names and (n > 1 or with_one_word_places):
                    e = s + len(candidate)
                    if not any(os < e and s < oe for os, oe, _ in spans):
                        spans.append((s, e, "GPE"))
                    i += n - 1
                    break
            i += 1
    return sorted(spans)


def _with_titled_people(rows: list[dict[str, object]], text: str) -> list[dict[str, object]]:
    """Add or extend people the model missed or cut short after a title."""
    for s, e, title in titled_people(text):
        span = text[s:e]
        if not _plausible(span, "person"):
            continue
        overlapping = [r for r in rows if int(r["start"]) < e and s < int(r["end"])]  # type: ignore[call-overload]
        if any(r["kind"] != "person" or (int(r["start"]), int(r["end"])) == (s, e) for r in overlapping):  # type: ignore[call-overload]
            continue
        for r in overlapping:
            rows.remove(r)
        rows.append({"start": s, "end": e, "text": span, "kind": "person", "title": title, "label": "TITLED"})
    return sorted(rows, key=lambda r: (int(r["start"]), int(r["end"])))  # type: ignore[call-overload]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span past a leading determiner and a trailing possessive or punctuation."""
    glued = list(GLUED.finditer(text, start, end))
    if glued:
        start = glued[-1].end()
    span = text[start:end]
    m = _LEADING.match(span)
    if m:
        start += m.end()
    span = text[start:end]
    m = _TRAILING.search(span)
    if m and m.start() > 0:
        end = start + m.start()
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _ends_inside_title(text: str, start: int, end: int) -> bool:
    """ "US Chargé" in "US Chargé d’Affaires Jane Doe": the span stops inside a title."""
    last = text.rfind(" ", start, end) + 1 or start
    title = leading_title(text[last : end + 40])
    return len(title) > end - last


def _plausible(span: str, kind: str) -> bool:
    """Reject stop-listed words, lower-case words, bare titles, and spans crossing lines."""
    if not span or "\n" in span or not span[0].isalnum() or not any(c.isupper() for c in span):
        return False
    if span.lower() in _stop_words():
        return False
    words = span.split()
    # "US Chargé d'Affaires": a place word plus a title is a title, not a body.
    rest = " ".join(words[1:]) if len(words) > 1 and words[0].isupper() else span
    title = leading_title(rest)
    if title and title == rest:
        return False
    return not (kind == "person" and (span.isupper() or len(span) < 3))
