"""Per-article checks: typos and text hygiene (glued sentences, unbalanced quotes,
navigation lines, HTML or Markdown markup and mojibake left over from scraping)."""

from __future__ import annotations

import html.entities
import re
import string
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from types import SimpleNamespace

import pandas as pd

from newsgate.checks.findings import Finding, finding_at
from newsgate.model import Article
from newsgate.rules import rules
from newsgate.tables import records

TOKEN_RULES = {"merged": "typo-merged-word", "misspelling": "typo-misspelling", "glued": "text-glued-sentence"}


def check_tokens(tables: Mapping[str, pd.DataFrame]) -> list[Finding]:
    """Suspicious tokens from the ``tokens`` table, one finding each."""
    findings = []
    for r in records(tables["tokens"]):
        rule = TOKEN_RULES.get(r.kind)
        if rule is None:
            continue
        what = {"merged": "words run together", "misspelling": "possible misspelling", "glued": "no space after"}[
            r.kind
        ]
        findings.append(
            finding_at(
                rule,
                r,
                f"'{r.text}': {what} (did you mean '{r.suggestion}'?)",
                suggestion=r.suggestion,
            )
        )
    return findings


def check_unbalanced_quotes(tables: Mapping[str, pd.DataFrame]) -> list[Finding]:
    """Quotation marks the quote scanner could not pair."""
    findings = []
    for r in records(tables["quotes"]):
        if r.balanced:
            continue
        # The span: the first words after the unclosed mark.
        head = SimpleNamespace(
            article=r.article, start=int(r.start), end=int(r.start) + len(r.text[:40]), text=r.text[:40]
        )
        findings.append(finding_at("text-unbalanced-quote", head, "the quotation mark before this is never closed"))
    return findings


@cache
def _navigation_re() -> re.Pattern[str]:
    prefixes = "|".join(re.escape(p) for p in rules()["navigation_prefixes"])
    return re.compile(rf"^[ \t]*(?:{prefixes})(?!\w)[^\n]*", re.MULTILINE | re.IGNORECASE)


def check_navigation(articles: Sequence[Article]) -> list[Finding]:
    """Lines such as "Read: ..." or "Advertisement" that belong to the web page, not the article."""
    findings = []
    for art in articles:
        for m in _navigation_re().finditer(art.text):
            line = m.group(0).strip()
            if len(line.split()) > 25 or (
                line.endswith((".", "”", '"')) and not line.lower().startswith(("read", "also"))
            ):
                continue  # a real sentence that merely starts with the word
            start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
            span = SimpleNamespace(article=art.id, start=start, end=start + len(line), text=line)
            findings.append(
                finding_at("text-navigation-line", span, f"navigation line left in the text: '{line[:60]}'")
            )
    return findings


@cache
def _markup_re() -> re.Pattern[str]:
    tags = "|".join(sorted(rules()["html_tags"], key=len, reverse=True))
    return re.compile(
        rf"(?P<tag></?(?:{tags})(?:\s[^<>\n]{{0,300}})?/?>)"
        r"|(?P<comment><!--[^\n]{0,300}?-->)"
        r"|(?P<entity>&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
        r"|(?P<link>!?\[[^\[\]\n]{1,200}\]\((?:https?://|www\.|/)[^()\s]{0,500}\))"
        r"|(?P<emphasis>\*\*[^*\n]{1,200}\*\*|__[^_\n]{1,200}__)"
        r"|(?m:^(?P<heading>#{1,6})[ \t]+\S)",
        re.IGNORECASE,
    )


MARKUP_KINDS = {
    "tag": "HTML tag",
    "comment": "HTML comment",
    "entity": "HTML entity",
    "link": "Markdown link",
    "emphasis": "Markdown emphasis",
    "heading": "Markdown heading",
}


def check_markup(articles: Sequence[Article]) -> list[Finding]:
    """HTML tags, comments and entities or Markdown links, emphasis and headings left in the
    text: the scraper kept the page's markup. One finding per distinct piece per article."""
    findings = []
    for art in articles:
        spans = []
        for m in _markup_re().finditer(art.text):
            kind = str(m.lastgroup)
            if kind == "entity" and not m.group(0).startswith("&#") and m.group(0)[1:] not in html.entities.html5:
                continue  # "AT&T;" is no entity
            spans.append((*m.span(kind), MARKUP_KINDS[kind]))
        findings += _first_of_each(
            art, spans, "text-markup", lambda text, kind, n: (f"{kind} left in the text: '{text[:60]}'{_times(n)}", "")
        )
    return findings


_EDGE = frozenset(string.punctuation + string.whitespace)


def check_mojibake(articles: Sequence[Article]) -> list[Finding]:
    """Words garbled by decoding with the wrong encoding ("ChargĂ©" for "Chargé"), as ftfy
    judges them; the suggestion is ftfy's repair. One finding per distinct word per article."""
    import ftfy
    from ftfy.badness import is_bad

    findings = []
    for art in articles:
        spans = []
        for m in re.finditer(r"\S*[^\x00-\x7f]\S*", art.text):  # only words with a non-ASCII character
            s, e = m.span()
            while s < e and art.text[s] in _EDGE:
                s += 1
            while e > s and art.text[e - 1] in _EDGE:
                e -= 1
            if e > s and is_bad(art.text[s:e]):
                spans.append((s, e, ftfy.fix_encoding(art.text[s:e])))
        findings += _first_of_each(
            art,
            spans,
            "text-mojibake",
            lambda text, fixed, n: (
                f"'{text[:60]}' looks like mojibake (text decoded with the wrong encoding){_times(n)}",
                fixed if fixed != text else "",
            ),
        )
    return findings


def _times(n: int) -> str:
    return f" ({n}x)" if n > 1 else ""


def _first_of_each(
    art: Article,
    spans: Iterable[tuple[int, int, str]],
    rule: str,
    describe: Callable[[str, str, int], tuple[str, str]],
) -> list[Finding]:
    """One finding at the first occurrence of each distinct text; ``describe(text, extra,
    count)`` gives its message and suggestion."""
    by_text: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for s, e, extra in spans:
        by_text[art.text[s:e]].append((s, e, extra))
    findings = []
    for text, places in by_text.items():
        s, e, extra = places[0]
        message, suggestion = describe(text, extra, len(places))
        span = SimpleNamespace(article=art.id, start=s, end=e, text=text)
        findings.append(finding_at(rule, span, message, suggestion=suggestion))
    return findings
