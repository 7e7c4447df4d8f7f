"""Normalisation across articles: one canonical id per real-world entity.

A name's *key* folds what does not change its referent: U.S./US, possessives, leading
"the", descriptors ("US-based firm X"), "of Canada"-style qualifiers, corporate suffix
abbreviations and foldable suffixes, British/American spelling. Mentions are then joined
by equal keys, acronym definitions (short form = long form), surname-only person
mentions, and fuzzy matching (rapidfuzz ``token_sort_ratio``; not ``token_set_ratio``,
which scores "Kenya Army" vs "Kenya National Defence Army" at 100).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache

from newsgate.rules import rules

FUZZY_THRESHOLD = 90.0
FUZZY_MIN_LENGTH = 8  # shorter keys (acronyms, one short word) must match exactly
FUZZY_BLOCK = 1024  # rows of the fuzzy score matrix computed at once
_DOTTED = re.compile(r"\b((?:[A-Z]\.){2,})(?=\W|$)")
_POSSESSIVE = re.compile(r"['’]s?$")
_LEADING_DET = re.compile(r"^(?:the|The|THE)\s+")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@cache
def _spelling() -> tuple[list[tuple[re.Pattern[str], str]], frozenset[str], dict[str, str]]:
    data = rules()
    compiled = [(re.compile(p), r) for p, r in data["spelling_rules"]]
    return compiled, frozenset(data["spelling_exceptions"]), dict(data["spelling_words"])


@cache
def _descriptor_re() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in rules()["descriptors"])
    return re.compile(rf"^(?:(?:[\w.]+-based|[A-Z][\w-]*)\s+)?(?:{words})\s+(?=[A-Z])")


def americanise(word: str) -> str:
    """British -> American spelling of one lower-case word (for name keys only)."""
    compiled, exceptions, words = _spelling()
    if word in words:
        return words[word]
    if word in exceptions or len(word) < 5:
        return word
    for pattern, repl in compiled:
        new = pattern.sub(repl, word)
        if new != word:
            return new
    return word


def clean_surface(name: str, kind: str, places: frozenset[str] = frozenset()) -> str:
    """Case-preserving clean-up of a surface form: the basis of both key and display name."""
    name = unicodedata.normalize("NFC", name).strip()
    name = _DOTTED.sub(lambda m: m.group(1).replace(".", ""), name)
    name = _POSSESSIVE.sub("", re.sub(r"['’]s(?=\s)", "", name))
    name = _LEADING_DET.sub("", name)
    if kind == "org":
        name = _descriptor_re().sub("", name)
        m = re.search(r"\s+(?:of|in)\s+(?:the\s+)?([A-Z][\w .-]*)$", name)
        if m and (m.group(1).strip() in places or m.group(1).strip().lower() in places):
            name = name[: m.start()]
    return " ".join(name.split())


def _display_word(word: str) -> str:
    lower = word.lower()
    expanded = rules()["suffix_expansions"].get(lower.rstrip("."), None)
    new = expanded if expanded else americanise(lower)
    if new == lower:
        return word
    if word.isupper() and len(word) > 1:
        return new.upper()
    return new.capitalize() if word[:1].isupper() else new


@lru_cache(maxsize=1 << 18)
def display_name(name: str, kind: str, places: frozenset[str] = frozenset()) -> str:
    """The readable canonical form: cleaned, suffix abbreviations expanded, American spelling."""
    cleaned = clean_surface(name, kind, places)
    return re.sub(r"[^\W_]+\.?", lambda m: _display_word(m.group(0)), cleaned)


@lru_cache(maxsize=1 << 18)
def name_key(name: str, kind: str, places: frozenset[str] = frozenset()) -> str:
    """The comparison key: lower case words of the display name, foldable suffixes dropped."""
    words = [w.lower() for w in _WORD.findall(display_name(name, kind, places))]
    if kind == "org":
        foldable = set(rules()["org_suffixes_foldable"])
        while len(words) > 1 and words[-1] in foldable:
            words.pop()
    return " ".join(words)


def slug(text: str) -> str:
    """ASCII id fragment: "Rolls-Royce Group" -> "rolls-royce-group"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


@dataclass
class _UnionFind:
    parent: dict[str, str] = field(default_factory=dict)

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass(frozen=True)
class Mention:
    """What normalisation needs of one entity mention."""

    article: str
    text: str
    kind: str


@dataclass(frozen=True)
class Canonical:
    key: str
    canonical: str  # id, e.g. "org:world-health-organization"
    name: str  # display name, e.g. "World Health Organization"


def canonicalise(
    mentions: Iterable[Mention],
    acronym_pairs: Iterable[tuple[str, str]] = (),
    registry: Mapping[str, Mapping[str, object]] | None = None,
) -> dict[tuple[str, str], Canonical]:
    """Map each (kind, surface text) to its canonical entity.

    ``acronym_pairs`` are (short, long) definitions found in the corpus; ``registry`` maps a
    canonical name to {"kind": ..., "aliases": [...]} pinned by the corpus.
    """
    counts = Counter((m.kind, m.text) for m in mentions)  # first-occurrence order is kept
    return canonicalise_counts(((kind, text, n) for (kind, text), n in counts.items()), acronym_pairs, registry)


def canonicalise_counts(
    names: Iterable[tuple[str, str, int]],
    acronym_pairs: Iterable[tuple[str, str]] = (),
    registry: Mapping[str, Mapping[str, object]] | None = None,
) -> dict[tuple[str, str], Canonical]:
    """:func:`canonicalise` over distinct (kind, text, number of mentions), in first-occurrence
    order: the work grows with the distinct names of a corpus, not with its mentions."""
    names = list(names)
    places = frozenset(text for kind, text, _ in names if kind == "place") | frozenset(
        text.lower() for kind, text, _ in names if kind == "place"
    )
    uf = _UnionFind()
    key_of: dict[tuple[str, str], str] = {}
    node_count: Counter[str] = Counter()
    displays: dict[str, Counter[str]] = defaultdict(Counter)
    for kind, text, n in names:
        key = name_key(text, kind, places)
        if not key:
            continue
        node = f"{kind}|{key}"
        key_of[(kind, text)] = node
        node_count[node] += n
        displays[node][display_name(text, kind, places)] += n
        uf.find(node)

    # Acronym definitions: the short form denotes what the long form denotes.
    short_nodes: set[str] = set()
    kind_of_key: dict[str, str] = {}
    for node in node_count:
        kind, key = node.split("|", 1)
        kind_of_key.setdefault(key, kind)
    for short, long in acronym_pairs:
        long_key = name_key(long, "org", places)
        kind = kind_of_key.get(long_key, "org")
        long_node = f"{kind}|{name_key(long, kind, places)}"
        short_node = f"{kind}|{short.lower()}"
        short_nodes.add(short_node)
        displays[long_node][display_name(long, kind, places)] += 1
        for other_kind in ("org", "place", "person"):
            if f"{other_kind}|{short.lower()}" in node_count:
                uf.union(f"{other_kind}|{short.lower()}", long_node)
        uf.union(short_node, long_node)

    _join_people(uf, [n for n in node_count if n.startswith("person|")])
    _join_fuzzy(uf, list(node_count))

    pinned: dict[str, str] = {}
    for name, spec in (registry or {}).items():
        kind = str(spec.get("kind", "org"))
        anchor = f"{kind}|{name_key(name, kind, places)}"
        for alias in [name, *list(spec.get("aliases", []) or [])]:  # type: ignore[call-overload]
            uf.union(f"{kind}|{name_key(str(alias), kind, places)}", anchor)
        pinned[anchor] = name

    groups: dict[str, list[str]] = defaultdict(list)
    for node in list(uf.parent):
        groups[uf.find(node)].append(node)
    result: dict[tuple[str, str], Canonical] = {}
    canon_of_root: dict[str, tuple[str, str]] = {}
    for root, nodes in groups.items():
        kind = root.split("|", 1)[0]
        name = next((pinned[n] for n in nodes if n in pinned), "") or _pick_name(nodes, displays, short_nodes, kind)
        if not name:
            continue
        canon_of_root[root] = (f"{kind}:{slug(name)}", name)
    for (kind, text), node in key_of.items():
        root = uf.find(node)
        if root in canon_of_root:
            cid, name = canon_of_root[root]
            result[(kind, text)] = Canonical(key=node.split("|", 1)[1], canonical=cid, name=name)
    return result


def _pick_name(nodes: list[str], displays: Mapping[str, Counter[str]], short_nodes: set[str], kind: str) -> str:
    """The display name of a group: long forms before acronyms; a person's fullest name,
    anything else its most common form."""
    votes: Counter[str] = Counter()
    for n in nodes:
        if n not in short_nodes:
            votes.update(displays.get(n, {}))
    if not votes:
        for n in nodes:
            votes.update(displays.get(n, {}))
    if not votes:
        return ""

    def rank(kv: tuple[str, int]) -> tuple[int, int, int, str]:
        return (-len(kv[0].split()) if kind == "person" else 0, -kv[1], -len(kv[0]), kv[0])

    return sorted(votes.items(), key=rank)[0][0]


def _join_people(uf: _UnionFind, nodes: list[str]) -> None:
    """A person's shorter name ("Sharif", "Asim Munir") joins the one full name containing it;
    same surname and a similar first name ("Mohammed"/"Mohannad Sabry") join as a variant."""
    from rapidfuzz import fuzz

    full = [(n, n.split("|", 1)[1].split()) for n in nodes]
    by_surname: dict[str, list[tuple[str, list[str]]]] = defaultdict(list)
    for node, words in full:
        by_surname[words[-1]].append((node, words))
    for group in by_surname.values():
        for i, (a, aw) in enumerate(group):
            for b, bw in group[i + 1 :]:
                same_shape = len(aw) == len(bw) >= 2 and aw[:-2] == bw[:-2] and min(len(aw[-2]), len(bw[-2])) >= 4
                if same_shape and fuzz.ratio(aw[-2], bw[-2]) >= 60:
                    uf.union(a, b)
    for node, words in full:  # a containing name ends in the same surname (_is_sub): look only there
        containing = [
            o for o, ow in by_surname[words[-1]] if o != node and len(ow) > len(words) and _is_sub(words, ow)
        ]
        roots = {uf.find(o) for o in containing}
        if len(roots) == 1:
            uf.union(node, containing[0])


def _is_sub(words: list[str], other: list[str]) -> bool:
    """``words`` appear in ``other`` in order, and include its last word (the surname)."""
    if words[-1] != other[-1]:
        return False
    it = iter(other)
    return all(w in it for w in words)


def _join_fuzzy(uf: _UnionFind, nodes: list[str]) -> None:
    """Join keys of the same kind that differ by a letter or two (blocked by kind)."""
    from rapidfuzz import fuzz, process

    by_kind: dict[str, list[str]] = defaultdict(list)
    for n in nodes:
        if len(n.split("|", 1)[1]) >= FUZZY_MIN_LENGTH:  # shorter keys never join (_fuzzy_ok)
            by_kind[n.split("|", 1)[0]].append(n)
    for kind_nodes in by_kind.values():
        keys = [n.split("|", 1)[1] for n in kind_nodes]
        # Block by block of rows, each against the keys after it: the score matrix stays small.
        for lo in range(0, len(keys) - 1, FUZZY_BLOCK):
            scores = process.cdist(
                keys[lo : lo + FUZZY_BLOCK], keys[lo:], scorer=fuzz.token_sort_ratio, score_cutoff=FUZZY_THRESHOLD
            )
            for i, j in zip(*scores.nonzero(), strict=True):
                a, b = lo + int(i), lo + int(j)
                if a < b and _fuzzy_ok(keys[a], keys[b]):
                    uf.union(kind_nodes[a], kind_nodes[b])


def _fuzzy_ok(a: str, b: str) -> bool:
    """Short keys (acronyms, one short word) must match exactly; numbers must agree."""
    if min(len(a), len(b)) < FUZZY_MIN_LENGTH:
        return False
    return re.findall(r"\d+", a) == re.findall(r"\d+", b)
