"""The checks: fact tables in, findings out. Each check is a small function; the table
below is the one place that lists them. Rules and severities live in ``rules.py``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from newsgate.checks.consistency import GROUPINGS, check_stated_weekdays, check_undefined_acronyms
from newsgate.checks.findings import Finding, fingerprint
from newsgate.checks.groups import Grouped, judge, rejudge
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
TextCheck = Callable[[Sequence[Article]], list[Finding]]
# Across articles: GROUPINGS (consistency.py), each a declared grouping; then the acronyms no
# article defines. Within one article: only changed articles need these when a change is gated.
ARTICLE_CHECKS: tuple[tuple[str, TableCheck], ...] = (  # each with the table it reads
    ("tokens", check_tokens),
    ("quotes", check_unbalanced_quotes),
    ("dates", check_stated_weekdays),
)
TEXT_CHECKS: tuple[TextCheck, ...] = (check_navigation, check_markup, check_mojibake)


@dataclass
class Scope:
    """What an earlier run's groupings saw, and every article whose rows may differ since:
    the cross-article checks then judge only the groups those articles touch."""

    before: Mapping[str, Grouped]
    dirty: set[str]


def validate_levels(severity: Mapping[str, str], disable: Sequence[str]) -> None:
    """Unknown rules or levels in the configuration are errors, not silently ignored."""
    for rule, level in severity.items():
        if rule not in RULES:
            raise NewsgateError(f"severity: unknown rule {rule!r}")
        if level not in SEVERITIES:
            raise NewsgateError(f"severity: {rule} = {level!r} (choose from {', '.join(SEVERITIES)})")
    for rule in disable:
        if rule not in RULES:
            raise NewsgateError(f"disable: unknown rule {rule!r}")


def run_checks(
    tables: Mapping[str, pd.DataFrame],
    articles: Sequence[Article],
    severity: Mapping[str, str] | None = None,
    disable: Sequence[str] = (),
    only: set[str] | None = None,
    scope: Scope | None = None,
    seen: dict[str, Grouped] | None = None,
) -> list[Finding]:
    """All findings, located (path, line, column), fingerprinted and sorted.

    ``only``: the articles a change touched; per-article checks then look at those alone.
    ``scope``: judge only the groups its dirty articles touch (it must cover ``only``).
    ``seen``: filled with what each grouping saw (a full run only), for a later ``scope``.
    """
    severity = dict(severity or {})
    validate_levels(severity, disable)
    found: list[Finding] = []
    for grouping in GROUPINGS:
        if scope is not None:
            found.extend(rejudge(grouping, tables, scope.before[grouping.name], scope.dirty))
        else:
            findings, article_of, about, groups = judge(grouping, tables)
            found.extend(findings)
            if seen is not None:
                seen[grouping.name] = Grouped.build(article_of, about, groups)
    found.extend(check_undefined_acronyms(tables, only))
    mine = [a for a in articles if only is None or a.id in only]
    own = tables if only is None else {name: df[df["article"].isin(only)] for name, df in tables.items()}
    for _table, check in ARTICLE_CHECKS:
        found.extend(check(own))
    for text_check in TEXT_CHECKS:
        found.extend(text_check(mine))
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
