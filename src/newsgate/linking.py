"""The corpus-level steps of extraction: what needs every article, not just one.

1. **Spotting** (:func:`spot_article`): a multi-word or hyphenated name found in one article
   is added where another article mentions it but the model missed it or cut it short
   ("Rolls" of "Rolls-Royce"). An article's spots depend only on its own rows and on the
   corpus's names that occur in its text, so a change re-spots just the articles whose text
   contains a name that came or went (:func:`articles_to_respot`).
2. **Canonical ids** (:func:`assign_canonical`): entities, acronyms and quote speakers get
   corpus-wide ids from ``normalise.canonicalise``, run over the distinct names (with counts),
   not over every mention, and mapped back onto the tables column-wise.

Both steps take and return fact tables as dataframes. Rows carry ``_seq``, their place in
their article's entity list (model and rule spans, then spots), because ties in
canonicalisation are broken by first occurrence: sorting by (article, ``_seq``) gives the
same order whichever way the tables were assembled (a full run or a scoped one).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from newsgate.extractors.quotes import is_pronoun
from newsgate.normalise import Canonical, canonicalise_counts, name_key, slug
from newsgate.rules import rules
from newsgate.sentences import sentence_spans
from newsgate.tables import TABLES, frame

Row = dict[str, Any]
SPOTTED = "SPOTTED"
ACRONYM = "ACRONYM"
ACRONYM_SEQ = 1 << 30  # acronym-use rows come after every other entity of their article
# The tables whose rows linking adds or rewrites (spots, canonical ids): an unchanged article's
# rows in the other tables are its extracted rows as they were.
LINKED_TABLES = ("entities", "acronyms", "quotes")


# --- the two steps over a corpus -----------------------------------------------------------------


@dataclass
class Linked:
    """What the corpus-level steps made, kept so that a change can be linked in again cheaply."""

    raw: dict[str, pd.DataFrame]  # every article's extracted rows, each table with ``_seq``
    spotted: pd.DataFrame  # entities after spotting, with ``_seq``
    tables: dict[str, pd.DataFrame]  # the fact tables


def raw_frames(per_article: Mapping[str, Mapping[str, list[Row]]]) -> dict[str, pd.DataFrame]:
    """Per-article rows (as extraction gives them) -> one frame per table, with ``article`` and ``_seq``."""
    out = {}
    for table in TABLES:
        rows = [{**r, "article": art, "_seq": i} for art, t in per_article.items() for i, r in enumerate(t[table])]
        out[table] = frame(table, rows, extra=("_seq",), order=("article", "_seq"))
    return out


def link_corpus(
    texts: Mapping[str, str],
    per_article: Mapping[str, Mapping[str, list[Row]]],
    registry: Mapping[str, Mapping[str, object]] | None = None,
) -> Linked:
    """Spotting and canonical ids over a whole corpus (``texts``: id -> text, in corpus order)."""
    raw = raw_frames(per_article)
    names = known_names(raw["entities"])
    finder = NameFinder(names)
    spotted = [
        row
        for art, text in texts.items()
        for row in spot_article(art, text, per_article[art]["entities"], names, finder)
    ]
    return _finish(raw, frame("entities", spotted, extra=("_seq",), order=("article", "_seq")), registry)


def relink(
    before: Linked,
    texts: Mapping[str, str],
    fresh: Mapping[str, Mapping[str, list[Row]]],
    registry: Mapping[str, Mapping[str, object]] | None = None,
) -> Linked:
    """:func:`link_corpus` for a corpus that differs from ``before``'s in a few articles.

    ``texts``: every article of the corpus now; ``fresh``: the extracted rows of the articles
    that are new or changed. Articles gone from ``texts`` are dropped. The result equals
    ``link_corpus`` on the whole corpus; only the articles whose spots can change are re-spotted.
    """
    gone = {a for df in before.raw.values() for a in df["article"].unique().tolist()} - texts.keys()
    replaced = gone | set(fresh)
    new_raw = raw_frames(fresh)
    # Not sorted: every consumer sorts what it needs, or needs only each article's rows together in
    # ``_seq`` order, which old and new rows both are.
    raw = {
        t: pd.concat([before.raw[t][~before.raw[t]["article"].isin(replaced)], new_raw[t]], ignore_index=True)
        for t in TABLES
    }
    names_before, names = known_names(before.raw["entities"]), known_names(raw["entities"])
    respot = (set(fresh) | articles_to_respot(texts, names_before, names)) & texts.keys()
    finder = NameFinder(names)
    ents = raw["entities"][raw["entities"]["article"].isin(respot)]
    by_article: dict[str, list[Row]] = {a: [] for a in respot}
    for row in ents.drop(columns="_seq").to_dict("records"):
        by_article[str(row["article"])].append({str(k): v for k, v in row.items()})
    spotted_again = [
        row for art in sorted(respot) for row in spot_article(art, texts[art], by_article[art], names, finder)
    ]
    kept = before.spotted[~before.spotted["article"].isin(respot | gone)]
    spotted = pd.concat([kept, frame("entities", spotted_again, extra=("_seq",), order=("article", "_seq"))])
    return _finish(raw, spotted.reset_index(drop=True), registry)


def _finish(
    raw: dict[str, pd.DataFrame], spotted: pd.DataFrame, registry: Mapping[str, Mapping[str, object]] | None
) -> Linked:
    entities, acronyms, quotes = assign_canonical(spotted, raw["acronyms"], raw["quotes"], registry)
    linked = {**raw, "entities": entities, "acronyms": acronyms, "quotes": quotes}
    tables = {t: frame(t, linked[t]) for t in TABLES}
    return Linked(raw, spotted, tables)


# --- spotting -------------------------------------------------------------------------------------


def known_names(entities: pd.DataFrame) -> dict[str, str]:
    """Name -> kind for the names worth spotting: multi-word or hyphenated organisations and
    people (one plain word is too ambiguous to spot by string), plus an organisation's name
    without a foldable suffix ("Rolls-Royce" of "Rolls-Royce Group"). The first mention in
    corpus order (article, offset) decides the kind.

    ``entities``: the rows before spotting (``label`` never SPOTTED), in (article, ``_seq``) order.
    """
    df = entities[entities["kind"].isin(["org", "person"]) & entities["text"].str.contains(r"[ -]", regex=True)]
    df = df[df["label"] != SPOTTED].sort_values(["article", "start"], kind="stable")
    foldable = rules()["org_suffixes_foldable"]
    names: dict[str, str] = {}
    for text, kind in zip(df["text"].tolist(), df["kind"].tolist(), strict=True):
        names.setdefault(text, kind)
        if kind == "org" and " " in text:
            stem, last = text.rsplit(" ", 1)
            if last.lower() in foldable and (" " in stem or "-" in stem):
                names.setdefault(stem, "org")
    return names


class NameFinder:
    """Finds known names in a text by their first word (a dict lookup per word), not by one
    regex alternation of every name, which grows with the corpus at every position."""

    _WORD = re.compile(r"(?<![\w-])[^\W\d_][\w.'’&-]*")

    def __init__(self, names: Iterable[str]) -> None:
        self._by_first: dict[str, list[str]] = {}
        for name in sorted(names, key=len, reverse=True):
            first = self._WORD.match(name)
            if first:
                self._by_first.setdefault(first.group(0).rstrip(".,;:"), []).append(name)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        found: list[tuple[int, int, str]] = []
        last_end = 0
        for m in self._WORD.finditer(text):
            if m.start() < last_end:
                continue
            for name in self._by_first.get(m.group(0).rstrip(".,;:"), ()):
                end = m.start() + len(name)
                if text.startswith(name, m.start()) and (
                    end == len(text) or not (text[end].isalnum() or text[end] in "_-")
                ):
                    found.append((m.start(), end, name))
                    last_end = end
                    break
        return found


def spot_article(
    article_id: str, text: str, entities: list[Row], names: Mapping[str, str], finder: NameFinder
) -> list[Row]:
    """One article's entity rows after spotting, each with ``_seq`` (its place in the list)."""
    ents = list(entities)
    sentences: list[tuple[int, int]] | None = None
    for start, end, name in finder.find(text) if names else ():
        overlapping = [e for e in ents if int(e["start"]) < end and start < int(e["end"])]
        if any(int(e["start"]) < start or int(e["end"]) > end for e in overlapping):
            continue  # the model saw a longer name here
        if any((int(e["start"]), int(e["end"])) == (start, end) for e in overlapping):
            continue
        for e in overlapping:
            ents.remove(e)
        sentences = sentences if sentences is not None else sentence_spans(text)
        ents.append(
            {
                "article": article_id,
                "start": start,
                "end": end,
                "text": name,
                "kind": names[name],
                "title": "",
                "label": SPOTTED,
                "sentence": sentence_of(text, sentences, start),
            }
        )
    return [{**e, "_seq": i} for i, e in enumerate(ents)]


def articles_to_respot(texts: Mapping[str, str], before: Mapping[str, str], after: Mapping[str, str]) -> set[str]:
    """Articles whose spots may differ between two name sets: those whose text contains a
    name that came, went or changed kind (a superset: re-spotting one that did not change is
    harmless). One compiled alternation, searched once per article."""
    moved = sorted({n for n in before.keys() | after.keys() if before.get(n) != after.get(n)}, key=len, reverse=True)
    if not moved:
        return set()
    pattern = re.compile("|".join(re.escape(n) for n in moved))
    return {art for art, text in texts.items() if pattern.search(text)}


def sentence_of(text: str, sentences: list[tuple[int, int]], offset: int) -> str:
    """The sentence around ``offset`` (for rows added after the per-article pass)."""
    i = bisect.bisect_right(sentences, (offset, len(text) + 1)) - 1
    return text[sentences[i][0] : sentences[i][1]] if i >= 0 and offset < sentences[i][1] else ""


# --- canonical ids --------------------------------------------------------------------------------


def defined_names(acronyms: pd.DataFrame) -> dict[str, str]:
    """Acronyms the corpus defines with a name as long form (short -> long; the last
    definition in corpus order wins); "memorandum of understanding (MoU)" names a thing, not
    an entity, and is left out."""
    defs = acronyms[(acronyms["kind"] == "definition") & acronyms["long"].str[:1].str.isupper()]
    defs = defs.sort_values(["article", "start"], kind="stable")
    return dict(zip(defs["short_norm"].tolist(), defs["long"].tolist(), strict=True))


def _as_short_form(text: str, names: Mapping[str, str]) -> str:
    """The defined acronym a mention is written as ("MoUs" -> "MoU"), or ""."""
    if text in names:
        return text
    if text.endswith("s") and text[:-1] in names:
        return text[:-1]
    return ""


def assign_canonical(
    entities: pd.DataFrame,
    acronyms: pd.DataFrame,
    quotes: pd.DataFrame,
    registry: Mapping[str, Mapping[str, object]] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Entities (spotted, with ``_seq``), acronyms and quotes with their canonical columns.

    Uses of a defined acronym become entity rows too (label ACRONYM), and a mention written
    as a defined acronym takes the kind of its long form.
    """
    entities = entities.sort_values(["article", "_seq"], kind="stable")
    names = defined_names(acronyms)
    kind_of_key: dict[str, str] = {}
    # A key's first row is the first row of one of its texts: look at those only.
    firsts = entities[["text", "kind"]].drop_duplicates("text")
    for text, kind in zip(firsts["text"].tolist(), firsts["kind"].tolist(), strict=True):
        kind_of_key.setdefault(name_key(text, "org"), kind)
    short_kind = {short: kind_of_key.get(name_key(long, "org"), "org") for short, long in names.items()}

    uses = acronyms[(acronyms["kind"] == "use") & acronyms["short_norm"].isin(list(names))]
    uses = uses.sort_values("article", kind="stable")  # corpus order, each article's own order kept
    taken = pd.MultiIndex.from_arrays([entities["article"], entities["start"]])
    uses = uses[~pd.MultiIndex.from_arrays([uses["article"], uses["start"]]).isin(taken)]
    added = pd.DataFrame(
        {
            "article": uses["article"],
            "start": uses["start"],
            "end": uses["end"],
            "text": uses["text"],
            "sentence": uses["sentence"],
            "kind": uses["short_norm"].map(short_kind),
            "title": "",
            "label": ACRONYM,
            "_seq": ACRONYM_SEQ + uses.groupby("article", sort=False).cumcount(),
        }
    )
    ents = pd.concat([entities, added], ignore_index=True) if len(added) else entities.reset_index(drop=True)

    # Every column below depends only on a row's (kind, text): worked out once per distinct pair
    # (numbered in first-occurrence order, the order canonicalise expects) and spread by number.
    pair_of_row = ents.groupby(["kind", "text"], sort=False, dropna=False).ngroup().to_numpy()
    _, first_row, sizes = np.unique(pair_of_row, return_index=True, return_counts=True)
    pairs = ents[["kind", "text"]].iloc[first_row]
    texts, kinds = pairs["text"].tolist(), pairs["kind"].tolist()
    short = [_as_short_form(t, names) for t in texts] if names else [""] * len(texts)
    kinds = [short_kind[s] if s else k for s, k in zip(short, kinds, strict=True)]
    name_of = [s or t for s, t in zip(short, texts, strict=True)]
    counts: dict[tuple[str, str], int] = {}
    for pair, n in zip(zip(kinds, name_of, strict=True), sizes.tolist(), strict=True):
        counts[pair] = counts.get(pair, 0) + n
    canon = canonicalise_counts(((k, n, c) for (k, n), c in counts.items()), sorted(names.items()), registry)
    found = [canon.get(pair) for pair in zip(kinds, name_of, strict=True)]

    def spread(values: list[str]) -> list[str]:
        return list(np.asarray(values, dtype=object)[pair_of_row])

    ents["kind"] = spread(kinds)
    ents["key"] = spread([c.key if c else "" for c in found])
    ents["canonical"] = spread(
        [c.canonical if c else f"{kind}:{slug(text)}" for c, kind, text in zip(found, kinds, texts, strict=True)]
    )
    ents["canonical_name"] = spread([c.name if c else text for c, text in zip(found, texts, strict=True)])

    acronyms = acronyms.copy()
    acr_canon = [
        canon.get((short_kind.get(s, "org"), s)) if s in names else None for s in acronyms["short_norm"].tolist()
    ]
    acronyms["canonical"] = [c.canonical if c else "" for c in acr_canon]

    quotes = quotes.copy()
    quotes["speaker_canonical"] = _speaker_canonicals(quotes, ents, canon)
    return ents, acronyms, quotes


def _speaker_canonicals(
    quotes: pd.DataFrame, ents: pd.DataFrame, canon: Mapping[tuple[str, str], Canonical]
) -> list[str]:
    """Each quote's speaker as a canonical id: the last person or organisation named inside the
    speaker's span, else the speaker's own words folded like a name; "" for pronouns."""
    by_article: dict[str, list[tuple[int, int, str, str, str]]] = {}
    quoted = set(quotes.loc[quotes["speaker"] != "", "article"].tolist())  # only named speakers look names up
    # ``ents`` is in (article, ``_seq``) order within each article already (see assign_canonical):
    # no sort, and only the columns needed are taken.
    columns = ["article", "start", "end", "kind", "canonical", "text"]
    ordered = ents.loc[ents["article"].isin(quoted).to_numpy(), columns]
    for art, s, e, kind, cid, text in zip(*(ordered[c].tolist() for c in columns), strict=True):
        by_article.setdefault(art, []).append((s, e, kind, cid, text))
    where = zip(*(quotes[c].tolist() for c in ("article", "speaker", "speaker_start", "speaker_end")), strict=True)
    return [_speaker_canonical(speaker, s, e, by_article.get(art, []), canon) for art, speaker, s, e in where]


def _speaker_canonical(
    speaker: str,
    s: int,
    e: int,
    entities: Sequence[tuple[int, int, str, str, str]],
    canon: Mapping[tuple[str, str], Canonical],
) -> str:
    if not speaker or is_pronoun(speaker):
        return ""
    inside = [cid for es, ee, kind, cid, _ in entities if s <= es and ee <= e and kind in ("person", "org")]
    if inside:
        return inside[-1]
    # An unnamed body ("the US embassy in Ottawa"): fold it like an organisation's name.
    for kind in ("org", "person"):
        c = canon.get((kind, speaker))
        if c:
            return c.canonical
    places = frozenset(text for _, _, kind, _, text in entities if kind == "place")
    key = name_key(speaker, "org", places)
    return f"org:{slug(key)}" if key else ""
