"""Suspicious tokens: merged words ("Smithsaid"), misspellings ("goverment") and glued sentences
("sector.Canada").

News text is full of names, acronyms and jargon that no dictionary lists, so a word is only flagged when
there is positive evidence of an error, never merely for being unknown:

* it is in neither Hunspell dictionary (en_US, en_GB: British and American spellings both pass) and
  rare in general English (wordfreq), so established jargon and variants pass;
* lower case: a common dictionary word is within a small edit distance (misspelling), or it splits into
  two common words (merged);
* capitalised: flagged only when it splits into a word the article uses elsewhere plus a common word
  ("Smithsaid" in an article that mentions "Smith"); any other unknown capitalised word is a name;
* acronyms, mixed case, tokens with digits, URLs, e-mail addresses and handles are never checked.

Suggestions come from rapidfuzz over the dictionary's common words (no index to build: fast start),
preferring the spelling variety the article itself uses ("organising" in an article that writes
"colour").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from functools import cache, lru_cache
from typing import Generic, TypeVar

from rapidfuzz import process
from rapidfuzz.distance import OSA
from wordfreq import zipf_frequency

from newsgate.lexicon import get_lexicon

KNOWN_ZIPF = 3.0  # a non-dictionary word at least this common in general English is a real word
MARGIN = 2.0  # an attested non-dictionary word is a typo only of a word 10**MARGIN times more common
COMMON_ZIPF = 3.0  # each half of a merged word must be this common
UNSEEN_ZIPF = 1.0  # rarer than this = unattested in general English (not a known name, term or compound)
MIN_LENGTH = 3  # shorter lower-case tokens are too ambiguous (abbreviations, foreign words)
MAX_LENGTH = 45  # longer tokens are not words (and splitting them would cost quadratic time)
MEMO_LENGTH = 64  # per-word and per-chunk results are memoised up to this length (longer ones are rare)
MEMO_SIZE = 65536  # entries per memo

Row = dict[str, object]
Verdict = tuple[str, str, str]  # kind, suggestion, reason
Check = Callable[[Counter[str], str | None], Verdict | None]  # (the article's words, its spelling variety)
_T = TypeVar("_T")


class _Memo(Generic[_T]):
    """``fn`` of a word or chunk, memoised: articles share most of their words and chunks ("the", "said,").
    Hot loops read ``values`` directly (a dict lookup, no call). Longer strings are computed each time and the
    memo is emptied when full, so hostile input cannot grow it without bound."""

    def __init__(self, fn: Callable[[str], _T]) -> None:
        self.fn = fn
        self.values: dict[str, _T] = {}

    def __call__(self, arg: str) -> _T:
        value = self.values.get(arg)
        if value is None:
            value = self.fn(arg)
            if len(arg) <= MEMO_LENGTH:
                if len(self.values) >= MEMO_SIZE:
                    self.values.clear()
                self.values[arg] = value
        return value


_CHUNK = re.compile(r"\S+")
_TOKEN = re.compile(r"[\w'\u2019-]+")
_WEBBY = re.compile(r"://|^www\.|@|^#|/|\w\.[a-z]{2,}\b")
_LOWER = re.compile(r"[a-z]+(?:'[a-z]+)*")
_TITLE = re.compile(r"[A-Z][a-z]+")
_CAMEL = re.compile(r"([a-z]{2,})([A-Z][a-z]+)")
_POSSESSIVE = re.compile(r"['\u2019]s$")
# A sentence end glued to the next sentence: "sector.Canada", "said.”Later", "AP.The".
_GLUED = re.compile(
    r"(?<![\w'\u2019@/])([^\W\d_]{2,})([.!?])([\"'\u201d\u2019\u00bb)\]]*)([\u201c\u2018\u00ab(]?)"
    r"(?=([A-Z][A-Za-z]+)\b(?![.@/]\w))"  # a look-ahead, so "it.Really?Yes" gives two rows
)
# Abbreviations written before a name ("St.Louis", "Dr.Smith"): a missing space, not a sentence break.
_NAME_TITLES = frozenset(
    {"mr", "mrs", "ms", "dr", "st", "mt", "ft", "jr", "sr", "prof", "gen", "gov", "sen", "rep", "lt", "col"}
    | {"capt", "sgt", "cpl", "adm", "maj", "rev", "hon", "no", "vs"}
)
_PUNCT_NAMES = {".": "period", "!": "exclamation-mark", "?": "question-mark"}


def find_suspicious_tokens(text: str, extra_words: frozenset[str] = frozenset()) -> list[Row]:
    """Merged words, misspellings and glued sentences in ``text``, sorted by offset.

    ``extra_words`` are lower-case words the corpus declares known; they are never flagged.
    """
    chunks = Counter(text.split())  # the distinct chunks of non-space text (what _CHUNK matches), with counts
    seen: Counter[str] = Counter()
    votes: Counter[str] = Counter()  # the article's words that only one spelling variety accepts
    checks: dict[str, Check] = {}
    glued = False
    memo = _chunk.values
    for chunk, count in chunks.items():
        words, chunk_glued = memo.get(chunk) or _chunk(chunk)
        glued = glued or chunk_glued
        for word, vote, check in words:
            seen[word] += count
            if vote:
                votes[vote] += count
            if check is not None:
                checks[word] = check
    variety = None if votes["gb"] == votes["us"] else "gb" if votes["gb"] > votes["us"] else "us"
    # A verdict depends on the word and the article only, so each distinct word is judged once, and only when
    # the article can make a difference (most words are known whatever the article).
    flagged = {
        word: verdict
        for word, check in checks.items()
        if word.lower() not in extra_words and (verdict := check(seen, variety))
    }
    if not flagged and not glued:
        return []  # most articles: no offsets to work out
    rows = list(_glued(text))
    for start, word in _words(text):
        if word in flagged:
            kind, suggestion, reason = flagged[word]
            rows.append(_row(text, start, start + len(word), kind, suggestion, reason))
    rows.sort(key=lambda r: (r["start"], r["end"], r["kind"]))
    return rows


def _row(text: str, start: int, end: int, kind: str, suggestion: str, reason: str) -> Row:
    return {
        "start": start, "end": end, "text": text[start:end], "kind": kind, "suggestion": suggestion, "reason": reason
    }


_DIGIT = re.compile(r"[\d_]")
_PART = re.compile(r"[^-]+")


def _words(text: str) -> Iterator[tuple[int, str]]:
    """(offset, word) for each checkable word of ``text`` (see :func:`_chunk_words`)."""
    for chunk in _CHUNK.finditer(text):
        start = chunk.start()
        for offset, word in _chunk_words(chunk.group()):
            yield start + offset, word


@_Memo
def _chunk(chunk: str) -> tuple[tuple[tuple[str, str, Check | None], ...], bool]:
    """Each checkable word of one chunk of non-space text (:func:`_chunk_words`) with its vote for a spelling
    variety ("gb" or "us" when only that one accepts it, else "") and its check (:func:`_word`); and whether
    the chunk holds a glued sentence end."""
    words = []
    for _, word in _chunk_words(chunk):
        varieties, check = _word(word)
        words.append((word, next(iter(varieties)) if len(varieties) == 1 else "", check))
    return tuple(words), bool(_chunk_glued(chunk))


@_Memo
def _chunk_words(chunk: str) -> tuple[tuple[int, str], ...]:
    """(offset in ``chunk``, word) for each checkable word of one chunk of non-space text: hyphenated compounds
    give their parts, possessive 's is dropped, and tokens with digits or underscores and web-like chunks (URLs,
    e-mails, handles) give nothing."""
    if _WEBBY.search(chunk):
        return ()
    words: list[tuple[int, str]] = []
    for token in _TOKEN.finditer(chunk):
        if _DIGIT.search(token.group()):
            continue
        if "-" not in token.group() and token.group()[0] not in "'\u2019":  # the common case, fast
            words.append((token.start(), _POSSESSIVE.sub("", token.group().rstrip("'\u2019"))))
            continue
        for part in _PART.finditer(token.group()):
            word = _POSSESSIVE.sub("", part.group().strip("'\u2019"))
            lead = len(part.group()) - len(part.group().lstrip("'\u2019"))
            if word:
                words.append((token.start() + part.start() + lead, word))
    return tuple(words)


@_Memo
def _word(word: str) -> tuple[frozenset[str], Check | None]:
    """(the spelling varieties that accept ``word``, for the article's vote; the check that judges it against
    the article, or None when it is fine whatever the article)."""
    return _varieties(word), _check(word)


def _check(word: str) -> Check | None:
    """What judging ``word`` still needs from the article: a lower-case word its spelling variety, a
    capitalised or camel-case one the words the article uses. None for a word that passes regardless."""
    plain = word.replace("\u2019", "'")
    if len(plain) > MAX_LENGTH:
        return None
    if _LOWER.fullmatch(plain):
        if len(plain) < MIN_LENGTH or "'" in plain or _is_known(plain):
            return None
        return lambda seen, variety: _judge_lower(plain, variety)
    if _TITLE.fullmatch(plain):  # a capitalised word is a name unless ... (see _judge_title)
        if _is_known(plain) or zipf_frequency(plain, "en") >= UNSEEN_ZIPF:
            return None
        return lambda seen, variety: _judge_title(plain, seen)
    camel = _CAMEL.fullmatch(plain)  # "marketsCanada"; brands like "easyJet" are attested, so they pass
    if camel and zipf_frequency(plain, "en") < UNSEEN_ZIPF and _common(camel.group(1)):
        head, tail = camel.groups()
        verdict = ("merged", f"{head} {tail}", "splits-into-known-words")
        return lambda seen, variety: verdict if _varieties(tail) or seen[tail] else None
    return None


@lru_cache(maxsize=65536)
def _judge_lower(word: str, variety: str | None) -> Verdict | None:
    """An unknown lower-case word of three letters or more: a misspelling of a common word, two common words
    run together, or neither.

    A word unattested in general English gets suggestions up to two edits away and may be split. An attested
    one (wordfreq also counts frequent typos such as "recieve") is only flagged one edit from a word at
    least 100 times more common: rare-but-real words (foreign terms, medical roots) stay unflagged.
    """
    rarity = zipf_frequency(word, "en")
    if rarity < UNSEEN_ZIPF:
        near = [cand for cand, _ in _candidates(word, variety)]
        split = _best_split(word)
    else:
        near = [c for c, d in _candidates(word, variety) if d == 1 and zipf_frequency(c, "en") >= rarity + MARGIN]
        split = None
    if split and (not near or _min_zipf(split) >= zipf_frequency(near[0], "en")):
        return "merged", " ".join(split), "splits-into-known-words"
    if near:
        return "misspelling", _in_variety(near[0], variety), "not-in-dictionary"
    return None


def _judge_title(word: str, seen: Counter[str]) -> Verdict | None:
    """An unknown, unattested capitalised word is a name, unless it is a name the article uses glued to a
    common word."""
    for cut in range(2, len(word) - 2):
        head, tail = word[:cut], word[cut:]
        if seen[head] and _common(tail):
            return "merged", f"{head} {tail}", "splits-into-known-words"
    return None


@lru_cache(maxsize=65536)
def _is_known(word: str) -> bool:
    return bool(_varieties(word)) or zipf_frequency(word, "en") >= KNOWN_ZIPF


@lru_cache(maxsize=65536)
def _common(word: str) -> bool:
    """A dictionary word, in lower case, that is common enough to be one half of a merged word."""
    return word.islower() and bool(_varieties(word)) and zipf_frequency(word, "en") >= COMMON_ZIPF


def _best_split(word: str) -> tuple[str, str] | None:
    """The split into two common words whose rarer half is most common, if any. A two-letter half must be
    a very common word ("of", "in"), so prefixes and suffixes ("re", "bi", "er", "ed") do not count."""
    splits = [(word[:cut], word[cut:]) for cut in range(2, len(word) - 1)]
    good = [ab for ab in splits if all(_common(w) and (len(w) > 2 or zipf_frequency(w, "en") >= 5.5) for w in ab)]
    return max(good, key=_min_zipf, default=None)


def _min_zipf(words: tuple[str, ...]) -> float:
    return min(zipf_frequency(w, "en") for w in words)


def _candidates(word: str, variety: str | None) -> list[tuple[str, int]]:
    """Common dictionary words within edit distance 1 (short words) or 2, best first: nearer, then in the
    article's spelling variety, then more frequent, then alphabetical (deterministic)."""
    def rank(item: tuple[str, int]) -> tuple[int, int, float, str]:
        other_variety = variety is not None and variety not in _varieties(item[0])
        return (item[1], int(other_variety), -zipf_frequency(item[0], "en"), item[0])

    return sorted(_near(word, 1 if len(word) <= 4 else 2), key=rank)


def _near(word: str, limit: int) -> list[tuple[str, int]]:
    """Suggestible words within OSA distance ``limit`` (a transposition counts as one edit)."""
    pool = [w for n in range(len(word) - limit, len(word) + limit + 1) for w in _by_length().get(n, ())]
    return [(cand, int(dist)) for cand, dist, _ in process.extract(word, pool, scorer=OSA.distance,
                                                                   score_cutoff=limit, limit=None)]


def _in_variety(word: str, variety: str | None) -> str:
    """``word`` in the article's spelling variety: a word only the other variety accepts ("stabilising")
    becomes its counterpart one substitution or swap away that this variety accepts ("stabilizing")."""
    if variety is None or variety in _varieties(word):
        return word
    twins = [cand for cand, _ in _near(word, 1) if len(cand) == len(word) and variety in _varieties(cand)]
    return min(twins, key=lambda w: (-zipf_frequency(w, "en"), w), default=word)


@_Memo
def _varieties(word: str) -> frozenset[str]:
    """:meth:`Lexicon.varieties` of the process's lexicon."""
    return get_lexicon().varieties(word)


@cache
def _by_length() -> dict[int, list[str]]:
    """Suggestible words grouped by length, so a search only scans words of plausible length."""
    groups: dict[int, list[str]] = {}
    for word in get_lexicon().suggestible:
        groups.setdefault(len(word), []).append(word)
    return groups


def _glued(text: str) -> Iterator[Row]:
    """Sentence ends with no space before the next sentence. Single letters ("U.S.", "e.g."), numbers,
    web addresses and titles before names ("St.Louis") are left alone; acronym pairs ("AP.US") only count
    when the article also uses both acronyms on their own, so identifiers like "ASP.NET" pass."""
    for chunk in _CHUNK.finditer(text):
        for m_start, m_end, (left, punct, closers, openers, right) in _chunk_glued(chunk.group()):
            if left.lower() in _NAME_TITLES and punct == ".":
                continue
            if left.isupper() and right.isupper() and not (_standalone(text, left) and _standalone(text, right)):
                continue
            start, end = chunk.start() + m_start, chunk.start() + m_end + len(right)
            reason = f"missing-space-after-{_PUNCT_NAMES[punct]}"
            yield _row(text, start, end, "glued", f"{left}{punct}{closers} {openers}{right}", reason)


@_Memo
def _chunk_glued(chunk: str) -> tuple[tuple[int, int, tuple[str, ...]], ...]:
    """(start, end, groups) of each :data:`_GLUED` match in one chunk of non-space text; none in web-like
    chunks."""
    if _WEBBY.search(chunk):
        return ()
    return tuple((m.start(), m.end(), m.groups()) for m in _GLUED.finditer(chunk))


def _standalone(text: str, word: str) -> bool:
    """Does ``word`` occur on its own, not glued to another word by a period?"""
    return re.search(rf"(?<![\w.]){re.escape(word)}(?!\w|\.\w)", text) is not None
