"""Quotations and who said them.

Quotation marks in scraped news are often unbalanced or mismatched (an opening mark
used to close). The scanner never lets one bad mark swallow the article: a quotation
ends at its paragraph, and an unclosed one is reported with ``balanced`` False.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

OPENING = "“«„"
CLOSING = "”»"
STRAIGHT = '"'
MAX_QUOTE = 3000
_MARK = re.compile(rf"[{OPENING}{CLOSING}{STRAIGHT}\n]")  # the characters the quotation scanner acts on

_VERBS = (
    r"said|says|say|added|adds|told(?: [\w ]{1,30}?)?|stated|states|wrote|writes|noted|notes|declared|explained|"
    r"insisted|warned|announced|asked|replied|tweeted|posted|remarked|commented|acknowledged|admitted|argued"
)
_BEFORE = re.compile(rf"(?P<who>[^“”\"«»]{{1,160}}?)\s+(?:{_VERBS})\s*[,:]?\s*$")
_VERB_AT_END = re.compile(rf"\s(?:{_VERBS})\s*[,:]?\s*$")  # how every _BEFORE match ends: a fast test first
# A speaker phrase: no clause punctuation, but abbreviation periods ("Rear Adm. Marc Dalton").
_WHO = r"(?:[^,.;:“”\"]|(?<=\b[A-Z][a-z])\.|(?<=\b[A-Z][a-z]{2})\.|(?<=\b[A-Z][a-z]{3})\.)"
_AFTER = re.compile(
    rf"^\s*[,.!?]?\s*(?:(?:{_VERBS})\s+(?P<who1>{_WHO}{{1,80}}?)"
    rf"(?=[,;:]|\.(?<!\b[A-Z][a-z]\.)(?<!\b[A-Z][a-z]{{2}}\.)(?<!\b[A-Z][a-z]{{3}}\.)"
    rf"|\s+(?:in|on|at|during|after|before|as|when|while)\b|$)"
    rf"|(?P<who2>(?!(?:I|We|You)\b){_WHO}{{1,60}}?)\s+(?:{_VERBS})\b)"
)
_FRAMING = re.compile(
    r"\b(?:saying|according to|described|describing|called|calling|termed|in a statement|statement)\b"
)
_SUBJECT = re.compile(r"^\W*(?P<subj>(?:[A-Za-z][\w’'.-]*\s+){0,6}?[A-Za-z][\w’'.-]*)\s+(?:\w+ed|said|says|added)\b")
_NOT_A_SPEAKER = re.compile(r"\b(?:I|will|would|can|could|should|must|have|has|had|to|not|never|that|which)\b")
_PRONOUNS = {"it", "he", "she", "they", "we", "i", "you", "officials", "the statement"}


def find_quotes(
    text: str, sentences: Sequence[tuple[int, int]], entities: Sequence[dict[str, object]]
) -> list[dict[str, object]]:
    """Rows: start, end, text (inside the marks), balanced, speaker, speaker_start, speaker_end, attribution."""
    people = sorted(
        ((int(e["start"]), int(e["end"])) for e in entities if e["kind"] in ("person", "org")),  # type: ignore[call-overload]
    )
    persons = sorted((int(e["start"]), int(e["end"])) for e in entities if e["kind"] == "person")  # type: ignore[call-overload]
    rows = []
    sent_starts = [s for s, _ in sentences]
    for qs, qe, balanced in scan_quotes(text):
        row: dict[str, object] = {
            "start": qs,
            "end": qe,
            "text": text[qs:qe],
            "balanced": balanced,
            "speaker": "",
            "speaker_start": -1,
            "speaker_end": -1,
            "attribution": "none",
        }
        if qe > qs:
            i = max(0, bisect_right(sent_starts, qs) - 1)
            sent = sentences[i] if sentences else (0, len(text))
            found = _attribute(text, qs, qe, sent, people, persons)
            if found:
                (sp_s, sp_e), how = found
                row.update(speaker=text[sp_s:sp_e], speaker_start=sp_s, speaker_end=sp_e, attribution=how)
        rows.append(row)
    return rows


def scan_quotes(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, balanced) of each quotation's inner text, marks excluded."""
    out: list[tuple[int, int, bool]] = []
    open_at: int | None = None
    open_char = ""
    n = len(text)
    for mark in _MARK.finditer(text):  # other characters change nothing, except that a quotation times out
        p, c = mark.start(), mark.group()
        if open_at is not None and p - open_at > MAX_QUOTE:  # it ended at its first character past MAX_QUOTE
            timeout = open_at + MAX_QUOTE + 1
            out.append((open_at + 1, _rstrip(text, open_at + 1, timeout), False))
            open_at = None
        if open_at is not None and c == "\n":
            out.append((open_at + 1, _rstrip(text, open_at + 1, p), False))
            open_at = None
        if c == "\n":
            continue
        if open_at is None:
            if c in OPENING or (c == STRAIGHT and (p == 0 or not text[p - 1].isalnum())):
                open_at, open_char = p, c
            continue
        prev = text[p - 1]
        nxt = text[p + 1] if p + 1 < n else " "
        closes = c in CLOSING or (c == STRAIGHT and open_char != STRAIGHT) or (c == STRAIGHT and open_char == STRAIGHT)
        mismatched_close = c in OPENING and not prev.isspace() and (nxt.isspace() or not nxt.isalnum())
        if closes or mismatched_close:
            out.append((open_at + 1, p, True))
            open_at = None
        elif c in OPENING:
            out.append((open_at + 1, _rstrip(text, open_at + 1, p), False))
            open_at, open_char = p, c
    if open_at is not None:
        out.append((open_at + 1, _rstrip(text, open_at + 1, min(n, open_at + MAX_QUOTE + 1)), False))
    return out


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _attribute(
    text: str,
    qs: int,
    qe: int,
    sent: tuple[int, int],
    people: list[tuple[int, int]],
    persons: list[tuple[int, int]],
) -> tuple[tuple[int, int], str] | None:
    """Find the speaker: "X said, “...”", "“...,” X said", "X ..., saying “...”", else the nearest person."""
    s0 = sent[0]
    pre_start = max(s0, qs - 1 - 300)
    pre = text[pre_start : qs - 1]
    m = _BEFORE.search(pre) if _VERB_AT_END.search(pre) else None
    found = _narrow(text, (pre_start + m.start("who"), pre_start + m.end("who")), people) if m else None
    if found:
        return found, "before"
    post_start = min(len(text), qe + 1)
    post = text[post_start : min(len(text), post_start + 200)].split("\n")[0]
    m = _AFTER.match(post)
    if m:
        g = "who1" if m.group("who1") else "who2"
        found = _narrow(text, (post_start + m.start(g), post_start + m.end(g)), people)
        if found:
            return found, "after"
    head = text[s0 : qs - 1]
    if _FRAMING.search(head):
        inside = [p for p in people if s0 <= p[0] and p[1] <= qs]
        if inside:
            return inside[0], "framing"
        m = _SUBJECT.match(head)
        if m:
            return _strip_det(text, s0 + m.start("subj"), s0 + m.end("subj")), "framing"
    before = [p for p in persons if s0 <= p[0] and p[1] <= qs]
    if before:
        return before[-1], "nearest"
    return None


def _narrow(text: str, span: tuple[int, int], people: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Within a speaker phrase, prefer the last named person or organisation in it; an unnamed
    phrase must look like a speaker ("the embassy", not "I know my children will never have to")."""
    inside = [p for p in people if span[0] <= p[0] and p[1] <= span[1]]
    if inside:
        return inside[-1]
    s, e = span
    last_comma = text.rfind(",", s, e)
    if last_comma >= 0:
        s = last_comma + 1
    words = text[s:e].split()
    if not words or len(words) > 6 or _NOT_A_SPEAKER.search(text[s:e]):
        return None
    return _strip_det(text, s, e)


def _strip_det(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    m = re.match(r"(?:the|The|a|A|an|An)\s+", text[s:e])
    if m:
        s += m.end()
    return s, e


def is_pronoun(speaker: str) -> bool:
    """A speaker written as a pronoun names nobody; checks must not compare it."""
    return speaker.strip().lower() in _PRONOUNS
