"""Acronyms: where they are defined ("World Health Organization (WHO)") and where they are used.

Definitions come from the Schwartz-Hearst algorithm of the ``abbreviations`` package. Its top-level function returns
a dict without offsets (and keeps one definition per short form), so this module calls the package's own building
blocks (``best_candidates``, ``get_definition``, ``select_definition``) on each line and maps their positions back to
the article. Before that, each line is made safe for the package, keeping a map back to the original offsets: unmatched
parentheses are blanked (the package drops a whole line with unbalanced parentheses), so are quote marks around words
(a quoted name's first letter would be a quote mark), and whitespace runs are collapsed (the package counts one
character between words).

Row keys: start, end, text (== text[start:end]), kind ("definition" | "use"), short, short_norm, long, long_start,
long_end.

- definition: start/end/text are the short form (inside the parentheses for "long (short)"; before them for the
  reversed "short (long)"). ``short`` is as written ("REEs"). ``long`` is the long form with whitespace collapsed and
  descriptors dropped ("the US-based firm Acme Metals (USAM)" gives "US Acme Metals"); long_start/long_end
  cover the words it was taken from, so ``long`` can differ from text[long_start:long_end] when a descriptor inside
  was dropped.
- use: every other acronym-like token: two or more capitals and no more lower-case letters than capitals ("US",
  "MoU", "PhD", not "McDonald"), or dotted capitals ("U.S."). ``short`` drops a plural "s" ("MoUs" -> "MoU").
  Not uses: Roman numerals of I, V and X ("II", "XIV"), the capitals of a dateline ("LONDON:" at a line start) and
  runs of three or more capitalised words (a shouted headline). "US" and "OK" are uses: no stop list.
- short_norm (every row): the short form without possessive "'s", plural "s" and dots ("REEs" -> "REE",
  "U.S." -> "US"), for joining uses to definitions.
"""

from __future__ import annotations

import functools
import logging
import re
from types import ModuleType

_WORD = re.compile(r"(?<![\w&])[^\W\d_][^\W_]*(?:&[^\W_]+)*")
_DOTTED = re.compile(r"(?<![\w.])(?:[^\W\d_]\.){2,}(?!\w)")
# Scans of " " + text for acronym-like tokens. Each matches the character before its token, so that the engine
# skips ahead to non-word characters (same tokens as a leading look-behind); group "w" is the token.
_DOTTED_SCAN = re.compile(r"[^\w.](?P<w>(?:[^\W\d_]\.){2,})(?!\w)")
# The words of _WORD with a capital after the first letter (an acronym has two), or with a letter outside ASCII
# there (it may be one): so that the many plain words never reach Python.
_INNER_CAPITAL = re.compile(
    r"[^\w&](?P<w>(?=[^\W\d_](?:[a-z0-9]|&(?=[^\W_]))*(?:[A-Z]|(?![\x00-\x7f])[^\W_]))"
    r"[^\W\d_][^\W_]*(?:&[^\W_]+)*)"
)
_ROMAN = re.compile(r"(?:X{0,3})(?:IX|IV|V?I{0,3})")
_QUOTES = "\"'“”‘’«»"
_QUOTE = re.compile(f"[{_QUOTES}]")
_PAREN = re.compile(r"[()]")
_RUNS = re.compile(r"\s+|\S+")
_DOUBLE_QUOTES = '"“”«»'
_TRAILING_JUNK = '"“”«»,;:'
_DETERMINERS = {"the", "a", "an"}
_LETTERS = re.compile(r"[^\W\d_]+")
# Three or more letter runs with no ASCII lower-case letter, one space or tab run apart: where a shouted
# headline can be (each word is then tested in full). Starts with a character class: the engine skips ahead.
_CAPS_RUNS = re.compile(r"[^\W\d_a-z](?<![^\W\d_].)[^\W\d_a-z]*(?:[ \t]+[^\W\d_a-z]+){2,}(?![^\W\d_])")
_DATELINE = re.compile(r"(?m)^[^\S\n]*(?P<place>[^\W\d_]{2,}(?:[ ./-][^\W\d_]{2,})*)[^\S\n]*(?::|,|\(|—|–| -)")
_NEXT_WORD = re.compile(r"\S+\s+")
_PLAIN_WORDS = re.compile(r"[^\W\d_]+(?:(?:, |[ '’&-])[^\W\d_]+)+")  # a reversed long form: 2+ words, no digits
# Lower-case descriptors that news puts in front of a name ("the US-based firm Acme Metals").
_DESCRIPTOR = re.compile(r"\b(?P<where>[\w.]+)-based\s+(?:firm|company)\b|\b(?:firm|company)\b")


@functools.cache
def _sh() -> ModuleType:
    """The Schwartz-Hearst module, imported without its side effect.

    The package calls ``logging.basicConfig(level=INFO)`` at import; that is a no-op when the root logger already has
    a handler, so one is lent for the duration of the import.
    """
    root = logging.getLogger()
    guard = logging.NullHandler()
    lent = not root.handlers
    if lent:
        root.addHandler(guard)
    try:
        from abbreviations import schwartz_hearst
    finally:
        if lent:
            root.removeHandler(guard)
    return schwartz_hearst


def is_acronym(token: str) -> bool:
    """Acronym-like: starts with a letter, 2+ capitals, no more lower-case letters than capitals (plural s aside)."""
    if _DOTTED.fullmatch(token):
        return all(ch.isupper() for ch in token if ch.isalpha())
    if not token or not token[0].isalpha():
        return False
    base = _strip_plural(token)
    upper = sum(ch.isupper() for ch in base)
    lower = sum(ch.islower() for ch in base)
    return upper >= 2 and lower <= upper


def _strip_plural(token: str) -> str:
    return token[:-1] if len(token) > 2 and token.endswith("s") and token[-2].isupper() else token


@functools.lru_cache(maxsize=4096)
def normalise_short(short: str) -> str:
    """Short form without possessive, plural s and dots: "REEs" -> "REE", "AAMC's" -> "AAMC", "U.S." -> "US"."""
    s = re.sub(r"['’]s$", "", short.strip())
    return _strip_plural(s).replace(".", "") or short


def explains(long: str, short: str) -> bool:
    """True when ``long``, from its first word on, accounts for the letters of ``short`` (Schwartz-Hearst)."""
    if not long or not short:
        return False
    sh = _sh()
    candidate = sh.Candidate(long)
    candidate.set_position(0, len(long))
    try:
        return str(sh.select_definition(candidate, short)) == long
    except (ValueError, IndexError):
        return False


def trim_long_form(long: str, short: str) -> str:
    """Drop leading words ("the", "firm", ...) while what is left still explains ``short``."""
    words = long.split()
    while len(words) > 1 and explains(" ".join(words[1:]), short):
        words = words[1:]
    return " ".join(words)


def drop_descriptors(long: str, short: str) -> str:
    """Remove "X-based firm" -> "X" and lone "firm"/"company" inside ``long`` when ``short`` does not need them."""
    changed = True
    while changed:
        changed = False
        for m in _DESCRIPTOR.finditer(long):
            shorter = " ".join((long[: m.start()] + (m["where"] or "") + long[m.end() :]).split())
            if shorter and explains(shorter, short):
                long, changed = shorter, True
                break
    return long


def find_acronyms(text: str) -> list[dict[str, object]]:
    """Definition rows and use rows, sorted by (start, end)."""
    rows = _definitions(text)
    taken = [(int(r["start"]), int(r["end"])) for r in rows]  # type: ignore[call-overload]
    skip = _not_uses(text)
    for start, end in _tokens(text):
        if any(s < end and start < e for s, e in taken) or start in skip:
            continue
        token = text[start:end]
        short = token if "." in token else _strip_plural(token)
        rows.append(_row(text, start, end, "use", short, "", -1, -1))
    rows.sort(key=lambda r: (r["start"], r["end"], r["kind"]))  # type: ignore[return-value]
    return rows


def _row(text: str, start: int, end: int, kind: str, short: str, long: str, ls: int, le: int) -> dict[str, object]:
    return {
        "start": start,
        "end": end,
        "text": text[start:end],
        "kind": kind,
        "short": short,
        "short_norm": normalise_short(short),
        "long": long,
        "long_start": ls,
        "long_end": le,
    }


def _tokens(text: str) -> list[tuple[int, int]]:
    """Spans of acronym-like tokens (Roman numerals left out)."""
    spaced = " " + text  # offsets in spaced are one more than in text
    dotted = [(m.start("w") - 1, m.end("w") - 1) for m in _DOTTED_SCAN.finditer(spaced) if is_acronym(m["w"])]
    inside_dotted = {i for s, e in dotted for i in range(s, e)}
    words = [
        (start, start + len(word))
        for start, word in ((m.start("w") - 1, m["w"]) for m in _INNER_CAPITAL.finditer(spaced))
        if not (word.islower() or word.istitle())  # cheap test first: words with under two capitals
        and start not in inside_dotted
        and is_acronym(word)
        and not _ROMAN.fullmatch(word)
    ]
    return sorted(dotted + words)


def _not_uses(text: str) -> set[int]:
    """Start offsets of capitalised words that shout rather than abbreviate: datelines and all-caps runs."""
    skip: set[int] = set()
    for m in _DATELINE.finditer(text):
        words = list(_LETTERS.finditer(text, m.start("place"), m.end("place")))
        if sum(len(w.group()) for w in words) >= 5 and all(w.group().isupper() for w in words):
            skip.update(w.start() for w in words)
    for region in _CAPS_RUNS.finditer(text):
        run: list[int] = []
        prev_end = region.start()
        for w in _LETTERS.finditer(text, region.start(), region.end()):
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


def _definitions(text: str) -> list[dict[str, object]]:
    """Schwartz-Hearst pairs, line by line, with offsets in ``text``."""
    rows: list[dict[str, object]] = []
    line_start = 0
    for line in text.split("\n"):
        if "(" not in line:  # Schwartz-Hearst pairs are "long (short)" or "short (long)"
            line_start += len(line) + 1
            continue
        work, origin = _prepare(line)
        for short_span, long_span in _pairs(work):
            rows.extend(_definition_row(text, line_start, origin, short_span, long_span))
        line_start += len(line) + 1
    return rows


def _prepare(line: str) -> tuple[str, list[int]]:
    """A same-meaning copy of ``line`` the package can digest, and each of its characters' index in ``line``."""
    chars = list(line)
    stack: list[int] = []
    for m in _PAREN.finditer(line):
        if m.group() == "(":
            stack.append(m.start())
        elif stack:
            stack.pop()
        else:
            chars[m.start()] = " "
    for i in stack:
        chars[i] = " "
    for m in _QUOTE.finditer(line):
        i, ch = m.start(), m.group()
        before, after = line[i - 1 : i] or " ", line[i + 1 : i + 2] or " "
        opening = before.isspace() or before == "("
        if opening or after in ");:" or (ch in _DOUBLE_QUOTES and not after.isalnum()):
            chars[i] = " "  # quotes hide a word's first letter from the package; apostrophes stay
    work: list[str] = []  # runs of non-space characters, and single spaces
    origin: list[int] = []
    for run in _RUNS.finditer("".join(chars)):
        if run.group()[0].isspace():
            if work and work[-1][-1] not in " (":  # the package expects "(WHO)", not "( WHO )"
                work.append(" ")
                origin.append(run.start())
            continue
        if run.group()[0] == ")" and work and work[-1] == " ":
            work.pop()
            origin.pop()
        work.append(run.group())
        origin.extend(range(run.start(), run.end()))
    if work and work[-1] == " ":
        work.pop()
        origin.pop()
    return "".join(work), origin


def _pairs(work: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """((short_start, short_end), (long_start, long_end)) in ``work``: "long (short)" and "short (long)"."""
    sh = _sh()
    found: list[tuple[tuple[int, int], tuple[int, int]]] = []
    try:
        candidates = list(sh.best_candidates(work))
    except (ValueError, IndexError):
        candidates = []
    for cand in candidates:
        try:
            definition = sh.select_definition(sh.get_definition(cand, work), cand)
        except (ValueError, IndexError):
            continue
        long_end = definition.stop
        long_start = long_end - len(definition)
        if work[long_start:long_end] == str(definition) and (long_start == 0 or not work[long_start - 1].isalnum()):
            found.append(((cand.start, cand.stop), (long_start, long_end)))
    seen = {s for s, _ in found}
    for m in re.finditer(r"(?<![\w&.-])(?P<short>[^\W\d_][\w&.-]*) \( ?(?P<long>[^()]+?) ?\)", work):
        short, long = m["short"], m["long"]
        if (
            not is_acronym(short)
            or not _PLAIN_WORDS.fullmatch(long)
            or short.casefold() in long.casefold()
            or any(m.start("long") <= s < m.end("long") for s, _ in seen)
        ):
            continue
        trimmed = trim_long_form(long, short)
        dropped = long[: len(long) - len(trimmed)].split()
        if explains(trimmed, short) and all(w.lower() in _DETERMINERS for w in dropped):
            found.append(((m.start("short"), m.end("short")), (m.end("long") - len(trimmed), m.end("long"))))
    return found


def _definition_row(
    text: str, line_start: int, origin: list[int], short_span: tuple[int, int], long_span: tuple[int, int]
) -> list[dict[str, object]]:
    """Map ``work`` spans back to ``text`` and clean the long form; [] if nothing sensible is left."""
    s_start, s_end = (line_start + origin[short_span[0]], line_start + origin[short_span[1] - 1] + 1)
    l_start, l_end = (line_start + origin[long_span[0]], line_start + origin[long_span[1] - 1] + 1)
    while l_end > l_start and text[l_end - 1] in _TRAILING_JUNK:
        l_end -= 1
    if 0 < l_start < l_end and text[l_start - 1] in "'‘" and text[l_end - 1] in "'’":  # a name in single quotes
        l_end -= 1
    short = text[s_start:s_end]
    raw = " ".join(text[l_start:l_end].split())
    trimmed = trim_long_form(raw, short)
    for _ in range(len(raw.split()) - len(trimmed.split())):
        l_start = _NEXT_WORD.match(text, l_start).end()  # type: ignore[union-attr]
    long = drop_descriptors(trimmed, short)
    if not long or not short.strip():
        return []
    return [_row(text, s_start, s_end, "definition", short, long, l_start, l_end)]
