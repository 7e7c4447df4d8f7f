"""Run every extractor over a corpus and assemble the fact tables.

Per article (independent, so cacheable and parallelisable): the spaCy doc, then each
extractor on the text. Per corpus (cheap, needs every article): spotting names the
model missed in one article but found in another, and canonical ids (normalise.py).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from newsgate.cache import ExtractionCache
from newsgate.extractors.acronyms import find_acronyms
from newsgate.extractors.amounts import find_amounts
from newsgate.extractors.dates import find_dates
from newsgate.extractors.entities import find_entities
from newsgate.extractors.quotes import find_quotes, is_pronoun
from newsgate.extractors.tokens import find_suspicious_tokens
from newsgate.model import Article
from newsgate.nlp import Span, model, model_spans
from newsgate.normalise import Mention, canonicalise, name_key, slug
from newsgate.rules import rules
from newsgate.sentences import sentence_spans
from newsgate.tables import TABLES, frame

Rows = dict[str, list[dict[str, Any]]]


def extract_article(article: Article, mode: str = "default") -> Rows:
    """Every fact table's rows for one article, each row with ``article`` and ``sentence``."""
    return extract_many([article], mode)[0]


def extract_many(articles: Sequence[Article], mode: str = "default") -> list[Rows]:
    """:func:`extract_article` for many articles, the model run in batches."""
    spans = model_spans((a.text for a in articles), mode)
    return [rows_from_spans(a, s) for a, s in zip(articles, spans, strict=True)]


def rows_from_spans(article: Article, spans: list[Span]) -> Rows:
    """Every extractor on one article, given the model's entity spans."""
    text = article.text
    sentences = sentence_spans(text)
    reference = dt.date.fromisoformat(article.published) if article.published else None
    acronyms = find_acronyms(text)
    entities = _with_acronym_long_forms(find_entities(text, spans), acronyms, text)
    rows: Rows = {
        "amounts": find_amounts(text),
        "entities": entities,
        "acronyms": acronyms,
        "dates": find_dates(text, reference),
        "quotes": find_quotes(text, sentences, entities),
        "tokens": find_suspicious_tokens(text),
    }
    starts = [s for s, _ in sentences]
    for table in rows.values():
        for row in table:
            i = bisect.bisect_right(starts, int(row["start"])) - 1
            s, e = sentences[i] if i >= 0 else (0, 0)
            row["article"] = article.id
            row["sentence"] = text[s:e] if s <= int(row["start"]) < max(e, s + 1) else ""
    return rows


def _with_acronym_long_forms(
    entities: list[dict[str, Any]], acronyms: list[dict[str, Any]], text: str
) -> list[dict[str, Any]]:
    """A defined long form is a name even where the model missed it ("Acme Metals Corporation (AMC)")."""
    taken = [(int(e["start"]), int(e["end"])) for e in entities]
    out = list(entities)
    for a in acronyms:
        if a["kind"] != "definition" or int(a["long_start"]) < 0:
            continue
        s, e = int(a["long_start"]), int(a["long_end"])
        if not text[s:e][:1].isupper():
            continue  # "memorandum of understanding": a thing, not a name
        if any(ts <= s < te or s <= ts < e for ts, te in taken):
            continue
        out.append({"start": s, "end": e, "text": text[s:e], "kind": "org", "title": "", "label": "ACRONYM_LONG"})
        taken.append((s, e))
    return sorted(out, key=lambda r: (r["start"], r["end"]))


def extract_corpus(
    articles: Sequence[Article],
    mode: str = "default",
    registry: Mapping[str, Mapping[str, object]] | None = None,
    cache: ExtractionCache | None = None,
    jobs: int = 1,
    progress: bool = False,
) -> dict[str, pd.DataFrame]:
    """The fact tables of a corpus, canonical ids assigned across articles.

    With a ``cache``, an article whose text, mode and extractor version are unchanged is
    read from it instead of extracted again.
    """
    cache = cache or ExtractionCache(None)
    found = [cache.get(a.id, a.text, mode) for a in articles]
    todo = [a for a, rows in zip(articles, found, strict=True) if rows is None]
    fresh = iter(run_extraction(todo, mode, jobs, progress))
    per_article: list[Rows] = []
    for art, hit in zip(articles, found, strict=True):
        if hit is None:
            hit = next(fresh)
            cache.put(art.id, art.text, mode, hit)
        per_article.append(hit)
    rows: Rows = {t: [r for pa in per_article for r in pa[t]] for t in TABLES}
    by_id = {a.id: a for a in articles}
    _spot_known_names(rows, by_id)
    _assign_canonical(rows, registry)
    return {t: frame(t, rows[t]) for t in TABLES}


CHUNK = 32  # articles a worker process takes at a time


def run_extraction(articles: Sequence[Article], mode: str, jobs: int = 1, progress: bool = False) -> list[Rows]:
    """Extract ``articles`` in order, in ``jobs`` worker processes when there is enough work.

    The model is loaded before the workers fork, so each starts with it in memory.
    """
    chunks = [list(articles[i : i + CHUNK]) for i in range(0, len(articles), CHUNK)]
    jobs = max(1, min(jobs, len(chunks)))
    bar = _progress_bar(len(articles), progress)
    out: list[Rows] = []
    if jobs == 1:
        for chunk in chunks:
            out.extend(extract_many(chunk, mode))
            bar.update(len(chunk))
    else:
        import multiprocessing

        if mode == "default":
            model()  # load before forking: every worker starts with it in memory
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for chunk, rows in zip(chunks, pool.imap(_worker, [(c, mode) for c in chunks]), strict=True):
                out.extend(rows)
                bar.update(len(chunk))
    bar.close()
    return out


def _worker(task: tuple[list[Article], str]) -> list[Rows]:
    return extract_many(*task)


def _progress_bar(total: int, enabled: bool) -> Any:
    """A progress bar on a terminal (tqdm); a no-op in CI, when piped, or with --quiet."""
    import os
    import sys

    from tqdm import tqdm

    show = enabled and total > CHUNK and sys.stderr.isatty() and not os.environ.get("CI")
    return tqdm(total=total, disable=not show, unit="article", desc="extracting", leave=False)


def _spot_known_names(rows: Rows, articles: Mapping[str, Article]) -> None:
    """Add mentions of names found elsewhere in the corpus that the model missed or cut
    short here ("Rolls" of "Rolls-Royce"). Only multi-word or hyphenated names: one plain
    word is too ambiguous to spot by string."""
    names: dict[str, str] = {}
    for e in sorted(rows["entities"], key=lambda e: (e["article"], e["start"])):
        text = str(e["text"])
        if e["kind"] in ("org", "person") and (" " in text or "-" in text) and e["label"] != "SPOTTED":
            names.setdefault(text, str(e["kind"]))
            if e["kind"] == "org" and " " in text:  # "Rolls-Royce Group" is also written "Rolls-Royce"
                stem_, last = text.rsplit(" ", 1)
                if last.lower() in rules()["org_suffixes_foldable"] and (" " in stem_ or "-" in stem_):
                    names.setdefault(stem_, "org")
    if not names:
        return
    finder = _NameFinder(names)
    by_article: dict[str, list[dict[str, Any]]] = {}
    for e in rows["entities"]:
        by_article.setdefault(str(e["article"]), []).append(e)
    kept: list[dict[str, Any]] = []
    for art_id, art in articles.items():
        ents = by_article.get(art_id, [])
        sentences: list[tuple[int, int]] | None = None
        for start, end, name in finder.find(art.text):
            overlapping = [e for e in ents if int(e["start"]) < end and start < int(e["end"])]
            if any(int(e["start"]) < start or int(e["end"]) > end for e in overlapping):
                continue  # the model saw a longer name here
            if any((int(e["start"]), int(e["end"])) == (start, end) for e in overlapping):
                continue
            for e in overlapping:
                ents.remove(e)
            sentences = sentences if sentences is not None else sentence_spans(art.text)
            ents.append(
                {
                    "article": art_id,
                    "start": start,
                    "end": end,
                    "text": name,
                    "kind": names[name],
                    "title": "",
                    "label": "SPOTTED",
                    "sentence": _sentence_of(art.text, sentences, start),
                }
            )
        kept.extend(ents)
    rows["entities"] = kept


class _NameFinder:
    """Finds known names in a text by their first word (a dict lookup per word), not by one
    regex alternation of every name, which grows with the corpus at every position."""

    _WORD = re.compile(r"(?<![\w-])[^\W\d_][\w.'’&-]*")

    def __init__(self, names: Mapping[str, str]) -> None:
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


def _sentence_of(text: str, sentences: list[tuple[int, int]], offset: int) -> str:
    """The sentence around ``offset`` (for rows added after the per-article pass)."""
    i = bisect.bisect_right(sentences, (offset, len(text) + 1)) - 1
    return text[sentences[i][0] : sentences[i][1]] if i >= 0 and offset < sentences[i][1] else ""


def _defined_names(rows: Rows) -> dict[str, str]:
    """Acronyms the corpus defines with a name as long form (short -> long); "memorandum of
    understanding (MoU)" names a thing, not an entity, and is left out."""
    return {
        str(a["short_norm"]): str(a["long"])
        for a in sorted(rows["acronyms"], key=lambda a: (a["article"], a["start"]))
        if a["kind"] == "definition" and str(a["long"])[:1].isupper()
    }


def _assign_canonical(rows: Rows, registry: Mapping[str, Mapping[str, object]] | None) -> None:
    """Give entities, acronyms and quote speakers their corpus-wide canonical ids."""
    names = _defined_names(rows)
    kind_of_key: dict[str, str] = {}
    for e in rows["entities"]:
        kind_of_key.setdefault(name_key(str(e["text"]), "org"), str(e["kind"]))
    short_kind = {short: kind_of_key.get(name_key(long, "org"), "org") for short, long in names.items()}
    taken = {(e["article"], e["start"]) for e in rows["entities"]}
    for a in rows["acronyms"]:
        if a["kind"] == "use" and a["short_norm"] in names and (a["article"], a["start"]) not in taken:
            rows["entities"].append(
                {
                    "article": a["article"],
                    "start": a["start"],
                    "end": a["end"],
                    "text": a["text"],
                    "kind": short_kind[str(a["short_norm"])],
                    "title": "",
                    "label": "ACRONYM",
                    "sentence": a["sentence"],
                }
            )
    for e in rows["entities"]:
        short = _as_short_form(str(e["text"]), names)
        e["_name"] = short or e["text"]
        if short:
            e["kind"] = short_kind[short]
    mentions = [Mention(str(e["article"]), str(e["_name"]), str(e["kind"])) for e in rows["entities"]]
    canon = canonicalise(mentions, sorted(names.items()), registry)
    for e in rows["entities"]:
        c = canon.get((str(e["kind"]), str(e.pop("_name"))))
        e["key"] = c.key if c else ""
        e["canonical"] = c.canonical if c else f"{e['kind']}:{slug(str(e['text']))}"
        e["canonical_name"] = c.name if c else str(e["text"])
    for a in rows["acronyms"]:
        c = canon.get((short_kind.get(str(a["short_norm"]), "org"), str(a["short_norm"])))
        a["canonical"] = c.canonical if c and a["short_norm"] in names else ""
    ents_by_article: dict[str, list[dict[str, Any]]] = {}
    for e in rows["entities"]:
        ents_by_article.setdefault(str(e["article"]), []).append(e)
    for q in rows["quotes"]:
        q["speaker_canonical"] = _speaker_canonical(q, ents_by_article.get(str(q["article"]), []), canon)


def _as_short_form(text: str, names: Mapping[str, str]) -> str:
    """The defined acronym a mention is written as ("MoUs" -> "MoU"), or ""."""
    if text in names:
        return text
    if text.endswith("s") and text[:-1] in names:
        return text[:-1]
    return ""


def _speaker_canonical(q: dict[str, Any], entities: list[dict[str, Any]], canon: Mapping[tuple[str, str], Any]) -> str:
    speaker = str(q["speaker"])
    if not speaker or is_pronoun(speaker):
        return ""
    s, e = int(q["speaker_start"]), int(q["speaker_end"])
    inside = [x for x in entities if s <= int(x["start"]) and int(x["end"]) <= e and x["kind"] in ("person", "org")]
    if inside:
        return str(inside[-1]["canonical"])
    # An unnamed body ("the US embassy in Ottawa"): fold it like an organisation's name.
    for kind in ("org", "person"):
        c = canon.get((kind, speaker))
        if c:
            return str(c.canonical)
    places = frozenset(str(x["text"]) for x in entities if x["kind"] == "place")
    key = name_key(speaker, "org", places)
    return f"org:{slug(key)}" if key else ""
