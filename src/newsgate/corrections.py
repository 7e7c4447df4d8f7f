"""Corrections overlay: reviewed fixes to an article's text, applied before extraction.

The article file stays byte-identical; the fix lives in a reviewed YAML file in the corpus
repo. Each entry names the article, the exact old text (and, where it occurs more than
once, which occurrence or the start offset), the new text and a reason. A correction whose
old text no longer matches is an error, never silently skipped.

    - article: 2024-05-01-reuters
      old: Smithsaid
      new: Smith said
      reason: scraper glued the name to the next word
"""

from __future__ import annotations

import dataclasses
import itertools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from newsgate.errors import NewsgateError
from newsgate.model import Article


@dataclass(frozen=True)
class Correction:
    article: str
    old: str
    new: str
    reason: str
    start: int | None = None  # offset of ``old`` in the original text, when it occurs more than once
    where: str = ""  # file and entry number, for messages


def load_corrections(path: Path) -> list[Correction]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise NewsgateError(f"{path}: cannot read corrections ({exc.strerror})") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise NewsgateError(f"{path}: corrections are not valid YAML ({str(exc).splitlines()[0]})") from None
    if data is None:
        return []
    if not isinstance(data, list):
        raise NewsgateError(f"{path}: expected a list of corrections")
    out = []
    for i, item in enumerate(data, start=1):
        where = f"{path} entry {i}"
        if not isinstance(item, dict):
            raise NewsgateError(f"{where}: expected a mapping with article, old, new, reason")
        missing = [
            k
            for k in ("article", "old", "new", "reason")
            if not isinstance(item.get(k), str) or (k != "new" and not item[k])
        ]
        if missing:
            raise NewsgateError(f"{where}: needs {', '.join(missing)}")
        unknown = set(item) - {"article", "old", "new", "reason", "start"}
        if unknown:
            raise NewsgateError(f"{where}: unknown key {sorted(unknown)[0]!r}")
        start = item.get("start")
        if start is not None and (not isinstance(start, int) or start < 0):
            raise NewsgateError(f"{where}: start must be a character offset")
        out.append(Correction(item["article"], item["old"], item["new"], item["reason"], start, where))
    return out


def apply_corrections(articles: Sequence[Article], corrections: Sequence[Correction]) -> list[Article]:
    """Articles with their corrections applied (text replaced, edits recorded for offsets)."""
    by_article: dict[str, list[Correction]] = defaultdict(list)
    for c in corrections:
        by_article[c.article].append(c)
    known = {a.id for a in articles}
    for art_id, items in by_article.items():
        if art_id not in known:
            raise NewsgateError(f"{items[0].where}: no article {art_id!r} in the corpus")
    return [_apply(a, by_article[a.id]) if a.id in by_article else a for a in articles]


def _apply(article: Article, corrections: list[Correction]) -> Article:
    source = article.text
    spans = []
    for c in corrections:
        if c.start is not None:
            if source[c.start : c.start + len(c.old)] != c.old:
                raise NewsgateError(f"{c.where}: {c.old!r} is no longer at offset {c.start} of {article.id}")
            at = c.start
        else:
            count = source.count(c.old)
            if count != 1:
                problem = "no longer occurs" if count == 0 else f"occurs {count} times (give its start offset)"
                raise NewsgateError(f"{c.where}: {c.old!r} {problem} in {article.id}")
            at = source.index(c.old)
        spans.append((at, at + len(c.old), c.new))
    spans.sort()
    for (_, end, _), (start, _, _) in itertools.pairwise(spans):
        if start < end:
            raise NewsgateError(f"{corrections[0].where}: corrections overlap in {article.id}")
    pieces, edits, pos, shift = [], [], 0, 0
    for start, end, new in spans:
        pieces += [source[pos:start], new]
        edits.append((start + shift, end - start, len(new)))
        shift += len(new) - (end - start)
        pos = end
    pieces.append(source[pos:])
    return dataclasses.replace(article, text="".join(pieces), source_text=source, edits=tuple(edits))
