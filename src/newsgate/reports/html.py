"""newsgate's own corpus report: one self-contained HTML page a reviewer reads offline.

The page carries everything inline (CSS, a little JS, the fact matrix as JSON) and loads nothing.
Article text is untrusted: Jinja2 autoescapes every value, the matrix JSON is escaped for a
``<script type="application/json">`` block and drawn with ``textContent``, and a
Content-Security-Policy admits only the page's own script and style (by hash), so even markup
that slipped through would run nothing. Output is a pure function of the gate result: the same
result gives the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import pandas as pd

from newsgate import __version__
from newsgate.checks.findings import Finding
from newsgate.checks.rules import RULES
from newsgate.gate import GateResult
from newsgate.model import Article
from newsgate.tables import records

TEMPLATES = Path(__file__).parent / "templates"
CONTEXT_CHARS = 160  # longest context shown on either side of a finding, inside its sentence
FINDINGS_PAGE, ARTICLES_PAGE = 20, 10  # items per page (the rest hidden until paged to)
# Rules whose findings make a fact-matrix cell disagree (the others are about the text, not a fact).
FACT_RULES = frozenset(
    {"amount-mismatch", "date-weekday-mismatch", "name-variant", "acronym-conflict", "typo-merged-word",
     "typo-misspelling"}
)  # fmt: skip
ENTITY_CLASSES = {"org": "org", "person": "person", "place": "place"}
_LOWER_WORD = re.compile(r"(?<![\w-])[a-z][a-z-]+")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+|\n")


@dataclass(frozen=True)
class DocsLinks:
    """Where the Data Docs pages are, relative to the report page."""

    index: str
    suites: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # suite -> (expectations, validation)


@dataclass
class Segment:
    """A run of article text covered by the same spans (spans never nest in the markup: they are flattened)."""

    text: str
    classes: str = ""
    title: str = ""


# --- text helpers --------------------------------------------------------------------------------


def sentence_around(text: str, start: int, end: int, limit: int = CONTEXT_CHARS) -> tuple[str, str, str]:
    """(before, hit, after): the sentence holding ``text[start:end]``, cut to ``limit`` chars a side."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    begin = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        begin = m.end()
    after = _SENTENCE_END.search(text, end)
    stop = after.start() + 1 if after else len(text)
    before, rest = text[begin:start], text[end:stop].rstrip("\n")
    if len(before) > limit:
        before = "…" + before[-limit:].split(" ", 1)[-1]
    if len(rest) > limit:
        rest = rest[:limit].rsplit(" ", 1)[0] + "…"
    return before, text[start:end], rest


def segments(text: str, spans: Iterable[tuple[int, int, str, str]]) -> list[Segment]:
    """Cut ``text`` at every span boundary; each piece carries the classes and titles of the spans over it.

    Spans are ``(start, end, css_class, title)``; spans outside the text or empty are ignored.
    One sweep over the boundaries, so an article with many spans stays linear.
    """
    valid = sorted({s for s in spans if 0 <= s[0] < s[1] <= len(text)})
    starting: dict[int, list[tuple[int, int, str, str]]] = defaultdict(list)
    for s in valid:
        starting[s[0]].append(s)
    cuts = sorted({0, len(text), *(s[0] for s in valid), *(s[1] for s in valid)})
    active: dict[tuple[int, int, str, str], None] = {}
    out = []
    for a, b in pairwise(cuts):
        for s in [s for s in active if s[1] <= a]:
            del active[s]
        active.update(dict.fromkeys(starting.get(a, ())))
        classes = " ".join(sorted({s[2] for s in active}))
        title = "\n".join(dict.fromkeys(s[3] for s in active if s[3]))
        out.append(Segment(text[a:b], classes, title))
    return out


def spans_by_article(
    tables: Mapping[str, pd.DataFrame], findings: Sequence[Finding]
) -> dict[str, list[tuple[int, int, str, str]]]:
    """Every extracted span and located finding, per article, as (start, end, class, title)."""
    out: dict[str, list[tuple[int, int, str, str]]] = defaultdict(list)
    for name, df in sorted(tables.items()):
        if df.empty or not {"article", "start", "end"} <= set(df.columns):
            continue
        for r in records(df):
            css, title = _span_kind(name, r)
            if css:
                out[str(r.article)].append((int(r.start), int(r.end), css, title))
    for f in findings:
        if f.article and f.end > f.start:
            state = "accepted" if f.accepted else f.severity if f.severity in ("error", "warning") else "note"
            out[f.article].append((f.start, f.end, f"flag-{state}", f"{f.rule}: {f.message}"))
    return out


def _span_kind(table: str, r: Any) -> tuple[str, str]:
    """CSS class (from a fixed set: never from the data) and tooltip for one fact-table row."""
    get = r._asdict().get
    if table == "amounts":
        return "amount", f"{get('kind', '')} {get('value', '')} {get('currency', '') or get('unit', '')}".strip()
    if table == "entities":
        kind = str(get("kind", ""))
        return ENTITY_CLASSES.get(kind, "entity"), f"{kind}: {get('canonical_name', '') or get('text', '')}"
    if table == "dates":
        return "date", " ".join(str(v) for v in (get("kind", ""), get("iso", ""), get("weekday", "")) if v)
    if table == "acronyms":
        return "acronym", f"acronym {get('short', '')}: {get('long', '') or get('kind', '')}"
    if table == "quotes":
        return "quote", f"quote, speaker: {get('speaker', '') or 'unknown'}"
    if table == "tokens":
        return "token", f"{get('kind', '')}: {get('suggestion', '')}"
    return "", ""


# --- the fact matrix -----------------------------------------------------------------------------


def fact_claims(result: GateResult) -> list[dict[str, Any]]:
    """Rows of the fact matrix: claims several articles make, the value each article gives.

    Names: one row per canonical entity in two or more articles (cells: its surface forms).
    Amounts and events: mentions grouped as the consistency checks group them (shared context
    stems; amounts within a factor of two), cells: the values each article states. A cell
    disagrees when its value is not the row's majority, or when a fact finding points at it.
    Each row: ``{kind, label, articles, odd, cells: {article_index: [[text, odd], ...]}}``.
    """
    index = {a.id: i for i, a in enumerate(result.articles)}
    flagged = _flagged_spans(result.findings)
    rows = [
        *_amount_claims(result.tables, index, flagged),
        *_date_claims(result.tables, index, flagged),
        *_name_claims(result.tables.get("entities"), index, flagged),
    ]
    order = {"amount": 0, "date": 1, "name": 2}
    return sorted(rows, key=lambda c: (not c["odd"], order[c["kind"]], -c["articles"], c["label"]))


def _flagged_spans(findings: Sequence[Finding]) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for f in findings:
        if f.rule in FACT_RULES and f.article:
            out[f.article].append((f.start, f.end))
    return out


def _is_flagged(flagged: Mapping[str, list[tuple[int, int]]], r: Any) -> bool:
    return any(s < int(r.end) and int(r.start) < e for s, e in flagged.get(str(r.article), ()))


def _row(kind: str, label: str, mentions: Iterable[tuple[Any, bool]], index: Mapping[str, int]) -> dict[str, Any]:
    """A matrix row from (mention, disagrees) pairs; one cell value per distinct text in an article."""
    cells: dict[str, dict[str, bool]] = defaultdict(dict)
    for r, odd in sorted(mentions, key=lambda m: (index.get(str(m[0].article), -1), int(m[0].start))):
        if str(r.article) in index:
            key = str(index[str(r.article)])
            cells[key][str(r.text)] = cells[key].get(str(r.text), False) or odd
    return {
        "kind": kind,
        "label": label,
        "articles": len(cells),
        "odd": any(any(v.values()) for v in cells.values()),
        "cells": {k: [[t, int(o)] for t, o in v.items()] for k, v in cells.items()},
    }


def _name_claims(
    df: pd.DataFrame | None, index: Mapping[str, int], flagged: Mapping[str, list[tuple[int, int]]]
) -> list[dict[str, Any]]:
    if df is None or df.empty:
        return []
    df = df[(df["canonical"] != "") & (df["label"] != "ACRONYM")] if "label" in df.columns else df
    groups: dict[str, list[Any]] = defaultdict(list)
    for r in records(df):
        groups[str(r.canonical)].append(r)
    rows = []
    for canonical, group in sorted(groups.items()):
        if len({r.article for r in group}) < 2:
            continue
        first = group[0]
        mentions = [(r, _is_flagged(flagged, r)) for r in group]
        rows.append(_row("name", f"{first.kind}: {first.canonical_name or canonical}", mentions, index))
    return rows


def _amount_claims(
    tables: Mapping[str, pd.DataFrame], index: Mapping[str, int], flagged: Mapping[str, list[tuple[int, int]]]
) -> list[dict[str, Any]]:
    """Amount claims, grouped exactly as the amount-mismatch check groups them."""
    from newsgate.checks.consistency import amount_claims, comparable, mention_window, value_classes

    df = tables.get("amounts")
    if df is None or df.empty:
        return []
    out = []
    for members in amount_claims(tables):
        classes = value_classes(members)
        # One claim per set of values within a factor of two of its most stated value.
        claims: list[list[float]] = []
        for value in sorted(classes, key=lambda v: (-len({m.article for m in classes[v]}), v)):
            home = next((c for c in claims if comparable(value, c[0])), None)
            if home is None:
                claims.append([value])
            else:
                home.append(value)
        for claim in claims:
            mentions = [m for v in claim for m in classes[v]]
            if len({m.article for m in mentions}) < 2:
                continue
            major = claim[0]
            unit = mentions[0].currency or mentions[0].unit or ("%" if mentions[0].kind == "percent" else "")
            label = f"{mentions[0].kind} {unit}: {_topic(mention_window(m) for m in mentions)}".strip()
            pairs = [(m, v != major or _is_flagged(flagged, m)) for v in claim for m in classes[v]]
            out.append(_row("amount", label, pairs, index))
    return out


def _date_claims(
    tables: Mapping[str, pd.DataFrame], index: Mapping[str, int], flagged: Mapping[str, list[tuple[int, int]]]
) -> list[dict[str, Any]]:
    """Events: explicit dates and weekdays grouped as the date-weekday check groups them; value = weekday."""
    from newsgate.checks.consistency import events

    df = tables.get("dates")
    if df is None or df.empty:
        return []
    out = []
    for members in events(tables):
        by_day: dict[str, set[str]] = defaultdict(set)
        for m in members:
            by_day[m.weekday].add(m.article)
        major = min(by_day, key=lambda d: (-len(by_day[d]), d))
        label = f"event: {_topic(m.sentence for m in members)}"
        pairs = [(m, m.weekday != major or _is_flagged(flagged, m)) for m in members]
        row = _row("date", label, pairs, index)
        for values in row["cells"].values():  # show the weekday an explicit date falls on
            for cell in values:
                day = next((m.weekday for m in members if m.text == cell[0] and m.kind == "explicit"), "")
                if day and day not in cell[0]:
                    cell[0] = f"{cell[0]} ({day})"
        out.append(row)
    return out


def _topic(texts: Iterable[str], words: int = 4) -> str:
    """The content stems most of the texts share: a label a reviewer recognises ("deal · investment · sign").

    Only words written in lower case count, so names do not crowd out what the claim is about.
    """
    from newsgate.checks.context import content_stems

    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(content_stems(" ".join(_LOWER_WORD.findall(text))))
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:words]
    return " · ".join(w for w, _ in top)


# --- rendering -----------------------------------------------------------------------------------


@cache
def _environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def script_json(data: Any) -> str:
    """JSON safe inside a ``<script type="application/json">`` block (no ``</script>``, no ``<!--``)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _finding_view(f: Finding, articles: Mapping[str, tuple[int, Article]]) -> dict[str, Any]:
    idx, art = articles.get(f.article, (-1, None))
    context = sentence_around(art.text, f.start, f.end) if art is not None and f.end > f.start else None
    related = [
        {"index": articles[r.article][0], "article": r.article, "text": r.text}
        for r in f.related
        if r.article in articles
    ]
    return {"f": f, "index": idx, "context": context, "related": related}


def _grouped(findings: Iterable[Finding], articles: Mapping[str, tuple[int, Article]]) -> list[dict[str, Any]]:
    """Findings by rule, in the order rules are declared; unknown rules last, by name."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in findings:
        groups[f.rule].append(_finding_view(f, articles))
    order = {rule: i for i, rule in enumerate(RULES)}
    rules = sorted(groups, key=lambda r: (order.get(r, len(order)), r))
    return [{"rule": r, "meta": RULES.get(r), "items": groups[r]} for r in rules]


def render_report(result: GateResult, docs: DocsLinks | None = None, title: str = "newsgate corpus report") -> str:
    """The whole page as a string."""
    env = _environment()
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    js = (TEMPLATES / "report.js").read_text(encoding="utf-8")
    articles = {a.id: (i, a) for i, a in enumerate(result.articles)}
    by_article: dict[str, list[Finding]] = defaultdict(list)
    for f in result.findings:
        by_article[f.article].append(f)
    spans = spans_by_article(result.tables, result.findings)
    article_views = [
        {
            "index": i,
            "a": a,
            "segments": segments(a.text, spans.get(a.id, [])),
            "open": sum(1 for f in by_article.get(a.id, []) if not f.accepted),
            "accepted": sum(1 for f in by_article.get(a.id, []) if f.accepted),
        }
        for i, a in enumerate(result.articles)
    ]
    claims = fact_claims(result)
    matrix = {"articles": [a.id for a in result.articles], "claims": claims}
    counts = Counter((f.severity, f.accepted) for f in result.findings)
    return str(
        env.get_template("report.html.j2").render(
            title=title,
            version=__version__,
            findings_page=FINDINGS_PAGE,
            articles_page=ARTICLES_PAGE,
            result=result,
            passed=result.passed,
            errors=counts[("error", False)],
            warnings=counts[("warning", False)],
            accepted=sum(n for (_, acc), n in counts.items() if acc),
            open_groups=_grouped((f for f in result.findings if not f.accepted), articles),
            accepted_groups=_grouped((f for f in result.findings if f.accepted), articles),
            articles=article_views,
            matrix_json=script_json(matrix),
            claims=len(claims),
            docs=docs,
            css=css,
            js=js,
            csp=f"default-src 'none'; script-src {_csp_hash(js)}; style-src {_csp_hash(css)}; "
            "img-src 'none'; base-uri 'none'; form-action 'none'",
        )
    )
