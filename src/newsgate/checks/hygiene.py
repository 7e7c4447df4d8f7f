"""Per-article checks: typos and text hygiene (glued sentences, unbalanced quotes,
navigation lines left over from the web page)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache
from types import SimpleNamespace

import pandas as pd

from newsgate.checks.findings import Finding, finding_at
from newsgate.model import Article
from newsgate.rules import rules

TOKEN_RULES = {"merged": "typo-merged-word", "misspelling": "typo-misspelling", "glued": "text-glued-sentence"}


def check_tokens(tables: Mapping[str, pd.DataFrame]) -> list[Finding]:
    """Suspicious tokens from the ``tokens`` table, one finding each."""
    findings = []
    for r in tables["tokens"].itertuples(index=False):
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
    for r in tables["quotes"].itertuples(index=False):
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
