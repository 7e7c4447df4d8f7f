"""Cross-article checks: amounts, dates, names, acronyms and quotes that disagree.

Each is a :class:`~newsgate.checks.groups.Grouping` (declared at the bottom, in
``GROUPINGS``): mentions are bucketed by what they are about (shared context stems and
named parties, a canonical id, a quotation shingle) and compared only within a group,
never every pair in the corpus. The majority (by number of articles) is taken as right;
the minority is the finding, with the majority's mentions as ``related``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from itertools import combinations, islice
from typing import Any

import pandas as pd

from newsgate.checks.context import content_stems, stem
from newsgate.checks.findings import Finding, Related, finding_at
from newsgate.checks.groups import About, Grouping, groups, judge
from newsgate.extractors.dates import WEEKDAYS
from newsgate.extractors.quotes import is_pronoun
from newsgate.rules import rules
from newsgate.tables import records

Tables = Mapping[str, pd.DataFrame]
MAX_RELATED = 5


def _related(rows: Iterable[Any]) -> list[Related]:
    return [Related(r.article, int(r.start), int(r.end), r.text) for r in islice(rows, MAX_RELATED)]


def mention_window(row: Any, chars: int = 90) -> str:
    """The words around a mention inside its sentence."""
    at = row.sentence.find(row.text)
    if at < 0:
        return str(row.sentence)
    return str(row.sentence[max(0, at - chars) : at + len(row.text) + chars])


def _sentence_entities(tables: Tables, articles: pd.Series) -> dict[tuple[str, str], frozenset[str]]:
    """Canonical ids of the people and organisations named in each (article, sentence) of the
    given articles: two mentions whose sentences name the same parties are likely about the
    same thing."""
    ents = tables["entities"]
    ents = ents[ents["kind"].isin(["org", "person"]) & ents["article"].isin(articles.unique())]
    named: dict[tuple[str, str], set[str]] = defaultdict(set)
    for article, sentence, canonical in zip(
        ents["article"].tolist(), ents["sentence"].tolist(), ents["canonical"].tolist(), strict=True
    ):
        named[(article, sentence)].add(canonical)
    return {key: frozenset(ids) for key, ids in named.items()}


def _context(
    article: str, sentence: str, named: Mapping[tuple[str, str], frozenset[str]], text: str | None = None
) -> list[str]:
    """What a mention is about: content stems of its words plus the parties its sentence names."""
    return sorted(content_stems(sentence if text is None else text) | named.get((article, sentence), frozenset()))


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


# --- amounts --------------------------------------------------------------------------------------


def _exact_amounts(df: pd.DataFrame) -> pd.DataFrame:
    return df[df["magnitude"] == "exact"]


def _amount_about(rows: pd.DataFrame, tables: Tables) -> list[About]:
    """A claim: same kind and currency or unit; features: the stems around the amount (less
    its unit) and the parties its sentence names. Two shared features link two mentions."""
    named = _sentence_entities(tables, rows["article"])
    out = []
    for r in records(rows):
        unit = r.currency if r.kind == "money" else stem(r.unit) if r.kind == "count" else "%"
        features = [c for c in _context(r.article, r.sentence, named, mention_window(r)) if c != stem(r.unit)]
        out.append((f"{r.kind}|{unit}", tuple(features)))
    return out


def _judge_amounts(members: list[Any]) -> list[Finding]:
    """Same claim, different values in different articles."""
    classes = value_classes(members)
    if len(classes) < 2:
        return []
    findings = []
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


# --- dates ----------------------------------------------------------------------------------------


def _dated(df: pd.DataFrame) -> pd.DataFrame:
    return df[(df["kind"] == "explicit") & df["iso"].str.fullmatch(r"\d{4}-\d{2}-\d{2}") & (df["weekday"] != "")]


def _event_mentions(df: pd.DataFrame) -> pd.DataFrame:
    """Explicit dates with a weekday, and weekday mentions: what an event's day is told by."""
    dated = (df["kind"] == "explicit") & df["iso"].str.fullmatch(r"\d{4}-\d{2}-\d{2}") & (df["weekday"] != "")
    return df[dated | ((df["kind"] == "weekday") & df["weekday"].isin(WEEKDAYS))]


def _event_about(rows: pd.DataFrame, tables: Tables) -> list[About]:
    """Two shared context features (stems, named parties) link two mentions to one event;
    one alone is too loose in a corpus about one topic."""
    named = _sentence_entities(tables, rows["article"])
    pairs = zip(rows["article"].tolist(), rows["sentence"].tolist(), strict=True)
    return [("", tuple(_context(article, sentence, named))) for article, sentence in pairs]


def _judge_event(members: list[Any]) -> list[Finding]:
    """Mentions of one event that give it different weekdays."""
    if not any(m.kind == "explicit" for m in members):
        return []
    by_day: dict[str, list[Any]] = defaultdict(list)
    for m in members:
        by_day[m.weekday].append(m)
    if len(by_day) < 2:
        return []
    findings = []
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


def check_stated_weekdays(tables: Tables) -> list[Finding]:
    """An explicit date whose own weekday is wrong ("Sunday, September 8, 2025"): one article's business."""
    return [
        finding_at("date-weekday-mismatch", r, f"'{r.text}': {r.iso} is a {r.weekday}, not a {r.stated_weekday}")
        for r in records(_dated(tables["dates"]))
        if r.stated_weekday and r.stated_weekday != r.weekday
    ]


# --- names ----------------------------------------------------------------------------------------


def _keyed_names(df: pd.DataFrame) -> pd.DataFrame:
    return df[(df["key"] != "") & (df["label"] != "ACRONYM")]


def _by_canonical(rows: pd.DataFrame, tables: Tables) -> list[About]:
    return [("", (c,)) for c in rows["canonical"].tolist()]


def _judge_names(ents: list[Any]) -> list[Finding]:
    """Keys of one entity that only fuzzy matching joined: a misspelt name."""
    from rapidfuzz import fuzz

    by_key: dict[str, list[Any]] = defaultdict(list)
    for e in ents:
        by_key[e.key].append(e)
    keys = Counter({k: len({e.article for e in rows}) for k, rows in by_key.items()})
    if len(keys) < 2:
        return []
    explained = {k for k in keys if any(k != o and set(k.split()) < set(o.split()) for o in keys)}
    variants = [k for k in keys if k not in explained and " " in k]
    findings = []
    for a, b in combinations(sorted(variants), 2):
        if fuzz.token_sort_ratio(a, b) < 60:
            continue
        minor, major = sorted((a, b), key=lambda k: (keys[k], k != min(a, b)))
        if keys[minor] == keys[major]:
            minor, major = max(a, b), min(a, b)
        good = by_key[major][0].text
        for m in by_key[minor]:
            findings.append(
                finding_at(
                    "name-variant",
                    m,
                    f"'{m.text}' looks like a variant of '{good}' ({keys[major]} article(s))",
                    suggestion=str(good),
                    related=_related(by_key[major]),
                )
            )
    return findings


# --- acronyms -------------------------------------------------------------------------------------


def _definitions(df: pd.DataFrame) -> pd.DataFrame:
    return df[df["kind"] == "definition"]


def _by_short(rows: pd.DataFrame, tables: Tables) -> list[About]:
    return [("", (s.lower(),)) for s in rows["short_norm"].tolist()]


def _judge_definitions(rows: list[Any]) -> list[Finding]:
    """One acronym defined with long forms that name different things."""
    from rapidfuzz import fuzz

    from newsgate.normalise import name_key

    keyed = [(name_key(r.long, "org"), r) for r in rows]
    major_key = Counter(k for k, _ in keyed).most_common(1)[0][0]
    first = next(r for k, r in keyed if k == major_key)
    findings = []
    for k, r in keyed:
        same = k == major_key or set(k.split()) <= set(major_key.split()) or set(major_key.split()) <= set(k.split())
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


def acronym_context(definitions: Iterable[str], entity_texts: Iterable[str]) -> tuple[set[str], set[str]]:
    """What the whole corpus tells about acronyms: those it defines (or that are known anyway),
    and the capitalised words of its names ("LONDON:" shouts a word that names use)."""
    known = {a.lower() for a in rules()["known_acronyms"]} | {t.lower() for t in rules()["titles"]}
    capitalised = {w.lower() for w in re.findall(r"\b[A-Z][a-z]+\b", " ".join(entity_texts))}
    return {s.lower() for s in definitions} | known, capitalised


def check_undefined_acronyms(
    tables: Tables, only: set[str] | None = None, context: tuple[set[str], set[str]] | None = None
) -> list[Finding]:
    """Acronyms used but never defined anywhere in the corpus (one finding per article and
    acronym); with ``only``, for those articles' uses (the rest of the corpus still defines).
    ``context``: :func:`acronym_context` of the whole corpus, when ``tables`` hold only part of it."""
    df = tables["acronyms"]
    if context is None:
        context = acronym_context(_definitions(df)["short_norm"].tolist(), tables["entities"]["text"].unique())
    defined, capitalised_words = context
    uses = df[(df["kind"] == "use") & ~df["short_norm"].str.lower().isin(defined)]
    if only is not None:
        uses = uses[uses["article"].isin(only)]
    uses = uses[~_inside_amounts(uses, tables["amounts"])]  # "USD 500 million": a currency, not an acronym
    uses = uses.sort_values(["article", "short_norm", "start"], kind="stable")
    counts = uses.groupby(["article", "short_norm"])["start"].transform("size")
    first_uses = uses.assign(count=counts).drop_duplicates(["article", "short_norm"])  # one finding per article
    findings = []
    for first in records(first_uses):
        if first.short_norm.lower() in capitalised_words:
            continue  # "LONDON:" in a dateline is a shouted word, not an acronym
        message = f"'{first.short_norm}' is used ({first.count}x) but never defined in the corpus"
        findings.append(finding_at("acronym-undefined", first, message))
    return findings


def _inside_amounts(spans: pd.DataFrame, amounts: pd.DataFrame) -> pd.Series:
    """Which rows of ``spans`` lie inside an extracted amount of the same article."""
    by_article: dict[str, list[tuple[int, int]]] = defaultdict(list)
    mine = amounts[amounts["article"].isin(spans["article"].unique())]
    for article, s, e in zip(mine["article"].tolist(), mine["start"].tolist(), mine["end"].tolist(), strict=True):
        by_article[article].append((int(s), int(e)))
    where = zip(spans["article"].tolist(), spans["start"].tolist(), spans["end"].tolist(), strict=True)
    inside = [any(s <= start and end <= e for s, e in by_article.get(article, [])) for article, start, end in where]
    return pd.Series(inside, index=spans.index, dtype="bool")


# --- quotes ---------------------------------------------------------------------------------------


def _attributed_quotes(df: pd.DataFrame) -> pd.DataFrame:
    df = df[(df["speaker_canonical"] != "") & df["balanced"]]
    return df[~df["speaker"].map(is_pronoun).astype(bool)]


def _shingles(text: str, n: int = 7) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i : i + n]) for i in range(max(1, len(words) - n + 1))} if len(words) >= n else set()


def _quote_about(rows: pd.DataFrame, tables: Tables) -> list[About]:
    """Quotations sharing a run of seven words are one quotation."""
    return [("", tuple(sorted(_shingles(t)))) for t in rows["text"].tolist()]


def _judge_quote(members: list[Any]) -> list[Finding]:
    """The same quotation attributed to different speakers."""
    by_speaker: dict[str, list[Any]] = defaultdict(list)
    for m in members:
        by_speaker[m.speaker_canonical].append(m)
    if len(by_speaker) < 2:
        return []
    findings = []
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


# --- the declarations -----------------------------------------------------------------------------

AMOUNTS = Grouping("amounts", "amounts", _exact_amounts, _amount_about, 2, _judge_amounts, context=("entities",))
EVENTS = Grouping("events", "dates", _event_mentions, _event_about, 2, _judge_event, context=("entities",))
NAMES = Grouping("names", "entities", _keyed_names, _by_canonical, 1, _judge_names)
DEFINITIONS = Grouping("definitions", "acronyms", _definitions, _by_short, 1, _judge_definitions, min_articles=1)
QUOTES = Grouping("quotes", "quotes", _attributed_quotes, _quote_about, 1, _judge_quote)
GROUPINGS: tuple[Grouping, ...] = (AMOUNTS, EVENTS, NAMES, DEFINITIONS, QUOTES)


def amount_claims(tables: Tables) -> list[list[Any]]:
    """Exact amounts grouped into claims stated by two or more articles (the reports' fact matrix)."""
    return groups(AMOUNTS, tables)


def events(tables: Tables) -> list[list[Any]]:
    """Explicit dates and weekday mentions grouped into events named by two or more articles."""
    return groups(EVENTS, tables)


def check_amounts(tables: Tables) -> list[Finding]:
    return judge(AMOUNTS, tables)[0]


def check_dates(tables: Tables) -> list[Finding]:
    return check_stated_weekdays(tables) + judge(EVENTS, tables)[0]


def check_names(tables: Tables) -> list[Finding]:
    return judge(NAMES, tables)[0]


def check_acronyms(tables: Tables) -> list[Finding]:
    return check_undefined_acronyms(tables) + judge(DEFINITIONS, tables)[0]


def check_quotes(tables: Tables) -> list[Finding]:
    return judge(QUOTES, tables)[0]
