"""The checks: fact tables in, findings out. Each check is a small function; the table
below is the one place that lists them. Rules and severities live in ``rules.py``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence

import pandas as pd

from newsgate.checks.consistency import check_acronyms, check_amounts, check_dates, check_names, check_quotes
from newsgate.checks.findings import Finding, fingerprint
from newsgate.checks.hygiene import (
    check_markup,
    check_mojibake,
    check_navigation,
    check_tokens,
    check_unbalanced_quotes,
)
from newsgate.checks.rules import RULES, SEVERITIES
from newsgate.errors import NewsgateError
from newsgate.model import Article

TableCheck = Callable[[Mapping[str, pd.DataFrame]], list[Finding]]
# Across articles: every article can take part in a finding about a changed one.
CORPUS_CHECKS: tuple[TableCheck, ...] = (check_amounts, check_dates, check_names, check_acronyms, check_quotes)
# Within one article: only changed articles need them when a change is gated.
ARTICLE_CHECKS: tuple[TableCheck, ...] = (check_tokens, check_unbalanced_quotes)


def run_checks(
    tables: Mapping[str, pd.DataFrame],
    articles: Sequence[Article],
    severity: Mapping[str, str] | None = None,
    disable: Sequence[str] = (),
    only: set[str] | None = None,
) -> list[Finding]:
    """All findings, located (path, line, column), fingerprinted and sorted.

    ``only``: the articles a change touched; per-article checks then look at those alone.
    """
    severity = dict(severity or {})
    for rule, level in severity.items():
        if rule not in RULES:
            raise NewsgateError(f"severity: unknown rule {rule!r}")
        if level not in SEVERITIES:
            raise NewsgateError(f"severity: {rule} = {level!r} (choose from {', '.join(SEVERITIES)})")
    for rule in disable:
        if rule not in RULES:
            raise NewsgateError(f"disable: unknown rule {rule!r}")
    found: list[Finding] = []
    for check in CORPUS_CHECKS:
        found.extend(check(tables))
    mine = [a for a in articles if only is None or a.id in only]
    own = tables if only is None else {name: df[df["article"].isin(only)] for name, df in tables.items()}
    for check in ARTICLE_CHECKS:
        found.extend(check(own))
    found.extend(check_navigation(mine))
    found.extend(check_markup(mine))
    found.extend(check_mojibake(mine))
    return finalise(found, articles, severity, disable)


def finalise(
    found: list[Finding], articles: Sequence[Article], severity: Mapping[str, str], disable: Sequence[str] = ()
) -> list[Finding]:
    """Apply severities, drop disabled rules, add locations and fingerprints, sort."""
    by_id = {a.id: a for a in articles}
    out = []
    for f in found:
        level = severity.get(f.rule, f.severity or RULES[f.rule].severity)
        if f.rule in disable or level == "off":
            continue
        f.severity = level
        art = by_id.get(f.article)
        if art is not None:
            f.path = art.path
            f.line, f.column = art.line_col(f.start)
        out.append(f)
    out.sort(key=lambda f: (f.article, f.start, f.end, f.rule, f.text))
    seen: Counter[tuple[str, str, str]] = Counter()
    for f in out:
        k = (f.rule, f.article, f.text)
        f.fingerprint = fingerprint(f.rule, f.article, f.text, seen[k])
        seen[k] += 1
    return out
