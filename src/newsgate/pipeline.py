"""Run every extractor over a corpus and assemble the fact tables.

Per article (independent, so cacheable and parallelisable): the spaCy doc, then each
extractor on the text. Per corpus (needs every article): spotting names the model missed
in one article but found in another, and canonical ids (``linking.py``).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from newsgate.cache import ExtractionCache
from newsgate.extractors.acronyms import find_acronyms
from newsgate.extractors.amounts import find_amounts
from newsgate.extractors.dates import find_dates
from newsgate.extractors.entities import find_entities
from newsgate.extractors.quotes import find_quotes
from newsgate.extractors.tokens import find_suspicious_tokens
from newsgate.linking import link_corpus
from newsgate.model import Article
from newsgate.nlp import Span, model_spans
from newsgate.sentences import sentence_spans
from newsgate.workers import Prewarmed

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
    rows = extract_rows(articles, mode, cache, jobs, progress)
    return link_corpus({a.id: a.text for a in articles}, rows, registry).tables


def extract_rows(
    articles: Sequence[Article],
    mode: str = "default",
    cache: ExtractionCache | None = None,
    jobs: int = 1,
    progress: bool = False,
    warmed: Prewarmed | None = None,
) -> dict[str, Rows]:
    """Every article's rows (id -> rows, in corpus order): from the cache where it has them.

    ``warmed``: a worker started with :func:`warm_up`, for a gated change: a few articles to
    extract, by a process that loaded the extractors while this one read the corpus.
    """
    cache = cache or ExtractionCache(None)
    found = [cache.get(a.id, a.text, mode, a.published) for a in articles]
    todo = [a for a, rows in zip(articles, found, strict=True) if rows is None]
    if warmed is not None and 0 < len(todo) <= CHUNK:
        fresh = iter(warmed.call((todo, mode)))
    else:
        if warmed is not None:
            warmed.close()
        fresh = iter(run_extraction(todo, mode, jobs, progress))
    out: dict[str, Rows] = {}
    for art, hit in zip(articles, found, strict=True):
        if hit is None:
            hit = next(fresh)
            cache.put(art.id, art.text, mode, hit, art.published)
        out[art.id] = hit
    return out


CHUNK = 32  # articles a worker process takes at a time
WARM_TEXT = (  # touches every extractor, so their first-use costs (dictionaries, frequencies) are paid
    "Acme Metals Corporation (AMC) said on Monday, September 8, 2025, that it paid $5 million. "
    "“We are glad,” said Jane Doe, its chief executive.\n"
)


def warm_up(mode: str) -> None:
    """Pay extraction's one-off costs now (imports, word lists, the model in default mode)."""
    extract_many([Article(id="warm-up", text=WARM_TEXT)], mode)


def warmed_extraction(mode: str) -> Prewarmed:
    """A worker that warms up extraction at once, then extracts the articles it is sent."""
    return Prewarmed("extraction", lambda: warm_up(mode), lambda request: extract_many(*request))


def run_extraction(articles: Sequence[Article], mode: str, jobs: int = 1, progress: bool = False) -> list[Rows]:
    """Extract ``articles`` in order, in ``jobs`` worker processes when there is enough work.

    With several workers, chunks are small enough that each worker gets four or more, so the workers finish
    together (five chunks for two workers would leave one idle for a fifth of the time). Extraction is warmed
    up before the workers fork, so each starts with the model, word lists and dictionaries in memory.
    """
    jobs = max(1, min(jobs, -(-len(articles) // CHUNK)))
    chunks = work_chunks(articles, jobs)
    bar = _progress_bar(len(articles), progress)
    out: list[Rows] = []
    if jobs == 1:
        for chunk in chunks:
            out.extend(extract_many(chunk, mode))
            bar.update(len(chunk))
    else:
        import gc
        import multiprocessing

        warm_up(mode)
        gc.freeze()  # the workers leave what they inherit to the parent: their collections neither walk nor copy it
        try:
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                for chunk, rows in zip(chunks, pool.imap(_worker, [(c, mode) for c in chunks]), strict=True):
                    out.extend(rows)
                    bar.update(len(chunk))
        finally:
            gc.unfreeze()
    bar.close()
    return out


def work_chunks(articles: Sequence[Article], jobs: int) -> list[list[Article]]:
    """``articles`` in order, in chunks of at most CHUNK; with several jobs, at least four per job."""
    size = CHUNK if jobs == 1 else max(1, min(CHUNK, -(-len(articles) // (4 * jobs))))
    return [list(articles[i : i + size]) for i in range(0, len(articles), size)]


def _worker(task: tuple[list[Article], str]) -> list[Rows]:
    return extract_many(*task)


def _progress_bar(total: int, enabled: bool) -> Any:
    """A progress bar on a terminal (tqdm); a no-op in CI, when piped, or with --quiet."""
    import os
    import sys

    from tqdm import tqdm

    show = enabled and total > CHUNK and sys.stderr.isatty() and not os.environ.get("CI")
    return tqdm(total=total, disable=not show, unit="article", desc="extracting", leave=False)
