"""Cross-article checks: amounts, dates, names, acronyms and quotes that disagree.

Each check buckets mentions by what they are about (a shared context stem, a canonical
id, a quotation shingle) and compares only within a bucket, never every pair in the
corpus. The majority (by number of articles) is taken as right; the minority is the
finding, with the majority's mentions as ``related``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from itertools import combinations
from typing import Any

import pandas as pd

from newsgate.checks.context import cluster, content_stems, stem
from newsgate.checks.findings import Finding, Related, finding_at
from newsgate.extractors.dates import WEEKDAYS
from newsgate.extractors.quotes import is_pronoun
from newsgate.rules import rules

Tables = Mapping[str, pd.DataFrame]
MAX_RELATED = 5


def _related(rows: Iterable[Any]) -> list[Related]:
    return [Related(r.article, int(r.start), int(r.end), r.text) for r in list(rows)[:MAX_RELATED]]


def mention_window(row: Any, chars: int = 90) -> str:
    """The words around a mention inside its sentence."""
    at = row.sentence.find(row.text)
    if at < 0:
        return str(row.sentence)
    return str(row.sentence[max(0, at - chars) : at + len(row.text) + chars])


def _sentence_entities(tables: Tables) -> dict[tuple[str, str], frozenset[str]]:
    """Canonical ids of the people and organisations named in each (article, sentence): two
    mentions whose sentences name the same parties are likely about the same thing."""
    ents = tables["entities"]
    ents = ents[ents["kind"].isin(["org", "person"])]
    named: dict[tuple[str, str], set[str]] = defaultdict(set)
    for article, sentence, canonical in zip(ents["article"], ents["sentence"], ents["canonical"], strict=True):
        named[(article, sentence)].add(canonical)
    return {key: frozenset(ids) for key, ids in named.items()}


def _context(row: Any, named: Mapping[tuple[str, str], frozenset[str]], text: str | None = None) -> list[str]:
    """What a mention is about: content stems of its words plus the parties its sentence names."""
    return sorted(
        content_stems(row.sentence if text is None else text) | named.get((row.article, row.sentence), frozenset())
    )


def _disagreements(groups: Mapping[Any, list[Any]]) -> list[tuple[Any, Any]]:
    """(group, reference) pairs to report: every group against the one most articles state.
    Where several tie for most, nobody can tell which is right: each is reported against another."""
    count = {g: len({r.article for r in rows}) for g, rows in groups.items()}
    order = sorted(groups, key=lambda g: (-count[g], min(r.article for r in groups[g])))
    top = [g for g in order if count[g] == count[order[0]]]
    pairs = [(g, order[0]) for g in order if g not in top]
    if len(top) > 1:
        pairs += [(g, top[1] if g == top[0] else top[0]) for g in top]
    return pairs


def amount_claims(tables: Tables) -> list[list[Any]]:
    """Exact amounts grouped into claims stated by two or more articles: same kind and
    currency or unit, and two shared context features (stems, named parties)."""
    df = tables["amounts"]
    rows = list(df[df["magnitude"] == "exact"].itertuples(index=False))
    named = _sentence_entities(tables)
    items = []
    for i, r in enumerate(rows):
        unit = r.currency if r.kind == "money" else stem(r.unit) if r.kind == "count" else "%"
        about = [c for c in _context(r, named, mention_window(r)) if c != stem(r.unit)]
        items.append((i, [(r.kind, unit, a, b) for a, b in combinations(about, 2)]))
    groups = [[rows[int(i)] for i in group] for group in cluster(items)]  # type: ignore[call-overload]
    return [g for g in groups if len({m.article for m in g}) >= 2]


def check_amounts(tables: Tables) -> list[Finding]:
    """Same claim, different values in different articles."""
    findings = []
    for members in amount_claims(tables):
        classes = value_classes(members)
        if len(classes) < 2:
            continue
        for key, major in _disagreements(classes):
            if not comparable(key, major):
                continue
            major_articles = {m.article for m in classes[major]}
            ref = classes[major][0]
            for m in classes[key]:
                if m.article in major_articles:
                    continue  # the article also states the other value: a different claim
                findings.append(
                    finding_at(
                        "amount-mismatch",
                        m,
                        f"'{m.text}' disagrees with '{ref.text}' stated in {len(major_articles)} other article(s)",
                        suggestion=ref.text,
                        related=_related(classes[major]),
                    )
                )
    return findings


def comparable(a: float, b: float) -> bool:
    """Values more than a factor of two apart are different claims (a share price and a
    market value), not one claim misreported."""
    low, high = sorted((abs(a), abs(b)))
    return low > 0 and high / low <= 2.0


def value_classes(members: list[Any]) -> dict[float, list[Any]]:
    """Group mentions whose values agree, allowing for rounding and 'approximately'.

    Values are taken in ascending order, so a value can only agree with the latest class.
    """
    loose_words = ("approximately", "nearly")
    classes: dict[float, list[Any]] = {}
    anchor, anchor_loose = None, False
    for m in sorted(members, key=lambda r: (r.value, r.article, r.start)):
        loose = m.qualifier in loose_words
        if anchor is not None:
            tol = 0.1 if loose or anchor_loose else 0.005
            if abs(m.value - anchor) <= tol * max(abs(m.value), abs(anchor)):
                classes[anchor].append(m)
                anchor_loose = anchor_loose or loose
                continue
        anchor, anchor_loose = float(m.value), loose
        classes[anchor] = [m]
    return classes


def events(tables: Tables) -> list[list[Any]]:
    """Explicit dates and weekday mentions grouped into events named by two or more articles.

    Two shared context features (stems, named parties) link two mentions to one event;
    one alone is too loose in a corpus about one topic.
    """
    df = tables["dates"]
    dated = df[(df["kind"] == "explicit") & df["iso"].str.fullmatch(r"\d{4}-\d{2}-\d{2}") & (df["weekday"] != "")]
    weekdays = df[(df["kind"] == "weekday") & df["weekday"].isin(WEEKDAYS)]
    rows = list(dated.itertuples(index=False)) + list(weekdays.itertuples(index=False))
    named = _sentence_entities(tables)
    items = [(i, list(combinations(_context(r, named), 2))) for i, r in enumerate(rows)]
    groups = [[rows[int(i)] for i in group] for group in cluster(items)]  # type: ignore[call-overload]
    return [g for g in groups if len({m.article for m in g}) >= 2]


def check_dates(tables: Tables) -> list[Finding]:
    """An explicit date whose weekday contradicts the weekday stated for the same event."""
    df = tables["dates"]
    findings = []
    dated = df[(df["kind"] == "explicit") & df["iso"].str.fullmatch(r"\d{4}-\d{2}-\d{2}") & (df["weekday"] != "")]
    for r in dated.itertuples(index=False):
        if r.stated_weekday and r.stated_weekday != r.weekday:
            findings.append(
                finding_at(
                    "date-weekday-mismatch",
                    r,
                    f"'{r.text}': {r.iso} is a {r.weekday}, not a {r.stated_weekday}",
                )
            )
    for members in events(tables):
        if not any(m.kind == "explicit" for m in members):
            continue
        by_day: dict[str, list[Any]] = defaultdict(list)
        for m in members:
            by_day[m.weekday].append(m)
        if len(by_day) < 2:
            continue
        for day, major in _disagreements(by_day):
            n_articles = len({m.article for m in by_day[major]})
            for m in by_day[day]:
                what = f"{m.iso} is a {day}" if m.kind == "explicit" else f"'{m.text}'"
                findings.append(
                    finding_at(
                        "date-weekday-mismatch",
                        m,
                        f"'{m.text}': {what}, but {n_articles} article(s) say {major} for the same event",
                        related=_related(by_day[major]),
                    )
                )
    return findings


def check_names(tables: Tables) -> list[Finding]:
    """Keys of one entity that only fuzzy matching joined: a misspelt name."""
    from rapidfuzz import fuzz

    df = tables["entities"]
    df = df[(df["key"] != "") & (df["label"] != "ACRONYM")]
    findings = []
    for _canonical, ents in df.groupby("canonical", sort=True):
        keys = Counter({k: g["article"].nunique() for k, g in ents.groupby("key")})
        if len(keys) < 2:
            continue
        explained = {k for k in keys if any(k != o and set(k.split()) < set(o.split()) for o in keys)}
        variants = [k for k in keys if k not in explained and " " in k]
        for a, b in combinations(sorted(variants), 2):
            if fuzz.token_sort_ratio(a, b) < 60:
                continue
            minor, major = sorted((a, b), key=lambda k: (keys[k], k != min(a, b)))
            if keys[minor] == keys[major]:
                minor, major = max(a, b), min(a, b)
            major_rows = ents[ents["key"] == major]
            good = major_rows.iloc[0]["text"]
            for m in ents[ents["key"] == minor].itertuples(index=False):
                findings.append(
                    finding_at(
                        "name-variant",
                        m,
                        f"'{m.text}' looks like a variant of '{good}' ({keys[major]} article(s))",
                        suggestion=str(good),
                        related=_related(major_rows.itertuples(index=False)),
                    )
                )
    return findings


def check_acronyms(tables: Tables) -> list[Finding]:
    """Acronyms used but never defined, or defined with different long forms."""
    from rapidfuzz import fuzz

    from newsgate.normalise import name_key

    df = tables["acronyms"]
    known = {a.lower() for a in rules()["known_acronyms"]} | {t.lower() for t in rules()["titles"]}
    defs = df[df["kind"] == "definition"]
    defined = {s.lower() for s in defs["short_norm"]}
    capitalised_words = {w.lower() for w in re.findall(r"\b[A-Z][a-z]+\b", " ".join(tables["entities"]["text"]))}
    findings = []
    uses = df[(df["kind"] == "use") & ~df["short_norm"].str.lower().isin(defined | known)]
    uses = uses[~_inside_amounts(uses, tables["amounts"])]  # "USD 500 million": a currency, not an acronym
    uses = uses.sort_values(["article", "short_norm", "start"], kind="stable")
    counts = uses.groupby(["article", "short_norm"])["start"].transform("size")
    first_uses = uses.assign(count=counts).drop_duplicates(["article", "short_norm"])  # one finding per article
    for first in first_uses.itertuples(index=False):
        if first.short_norm.lower() in capitalised_words:
            continue  # "LONDON:" in a dateline is a shouted word, not an acronym
        message = f"'{first.short_norm}' is used ({first.count}x) but never defined in the corpus"
        findings.append(finding_at("acronym-undefined", first, message))
    by_short: dict[str, list[Any]] = defaultdict(list)
    for r in defs.itertuples(index=False):
        by_short[r.short_norm.lower()].append(r)
    for _short, rows in sorted(by_short.items()):
        keyed = [(name_key(r.long, "org"), r) for r in rows]
        major_key = Counter(k for k, _ in keyed).most_common(1)[0][0]
        first = next(r for k, r in keyed if k == major_key)
        for k, r in keyed:
            same = (
                k == major_key or set(k.split()) <= set(major_key.split()) or set(major_key.split()) <= set(k.split())
            )
            if same or fuzz.ratio(k, major_key) >= 85:
                continue
            findings.append(
                finding_at(
                    "acronym-conflict",
                    r,
                    f"'{r.short}' is defined as '{r.long}' here but as '{first.long}' elsewhere",
                    suggestion=str(first.long),
                    related=_related([first]),
                )
            )
    return findings


def _inside_amounts(spans: pd.DataFrame, amounts: pd.DataFrame) -> pd.Series:
    """Which rows of ``spans`` lie inside an extracted amount of the same article."""
    by_article: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for a in amounts.itertuples(index=False):
        by_article[a.article].append((int(a.start), int(a.end)))
    inside = [
        any(s <= int(r.start) and int(r.end) <= e for s, e in by_article.get(r.article, []))
        for r in spans.itertuples(index=False)
    ]
    return pd.Series(inside, index=spans.index, dtype="bool")


def _shingles(text: str, n: int = 7) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i : i + n]) for i in range(max(1, len(words) - n + 1))} if len(words) >= n else set()


def check_quotes(tables: Tables) -> list[Finding]:
    """The same quotation attributed to different speakers."""
    df = tables["quotes"]
    df = df[(df["speaker_canonical"] != "") & df["balanced"]]
    rows = [r for r in df.itertuples(index=False) if not is_pronoun(r.speaker)]
    items = [(i, _shingles(r.text)) for i, r in enumerate(rows)]
    findings = []
    for group in cluster(items):
        members = [rows[int(i)] for i in group]  # type: ignore[call-overload]
        by_speaker: dict[str, list[Any]] = defaultdict(list)
        for m in members:
            by_speaker[m.speaker_canonical].append(m)
        if len(by_speaker) < 2 or len({m.article for m in members}) < 2:
            continue
        for spk, major in _disagreements(by_speaker):
            who = by_speaker[major][0].speaker
            n_articles = len({x.article for x in by_speaker[major]})
            for m in by_speaker[spk]:
                findings.append(
                    finding_at(
                        "quote-speaker-mismatch",
                        m,
                        f"quotation attributed to '{m.speaker}' here but to '{who}' in {n_articles} article(s)",
                        suggestion=str(who),
                        related=_related(by_speaker[major]),
                    )
                )
    return findings
