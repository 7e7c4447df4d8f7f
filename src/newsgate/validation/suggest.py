"""``newsgate suggest``: draft Great Expectations suites from what the corpus agrees on now.

A maintainer reviews the drafts and commits them; later updates are then gated against
them. Only facts stated by at least two articles are pinned, and every draft passes on
the corpus it was made from.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from newsgate.checks.rules import RULES
from newsgate.errors import NewsgateError
from newsgate.tables import write_atomic

MIN_ARTICLES = 2
CONSISTENCY_FAMILIES = ("amount-", "date-", "name-", "acronym-", "quote-")


def _cmp(column: str, operator: str, value: Any) -> dict[str, Any]:
    return {"type": "comparison", "column": {"name": column}, "operator": operator, "parameter": value}


def _and(*conditions: dict[str, Any]) -> dict[str, Any]:
    return {"type": "and", "conditions": list(conditions)}


def _expectation(kind: str, **kwargs: Any) -> dict[str, Any]:
    return {"type": kind, "kwargs": kwargs}


def _agreed(df: pd.DataFrame, column: str) -> list[Any]:
    """Values of ``column`` stated by at least two articles, sorted."""
    counts = df.groupby(column)["article"].nunique()
    return sorted(counts[counts >= MIN_ARTICLES].index.tolist())


def draft_suites(tables: Mapping[str, pd.DataFrame], prefix: str) -> dict[str, dict[str, Any]]:
    """Suite name -> suite JSON, for amounts, entities, dates and the findings table."""
    suites: dict[str, dict[str, Any]] = {}
    amounts = tables["amounts"]
    money = amounts[(amounts["kind"] == "money") & (amounts["magnitude"] == "exact")]
    exps = []
    for currency, rows in money.groupby("currency", sort=True):
        agreed = _agreed(rows, "value")
        if agreed and set(rows["value"]) <= set(agreed):
            cond = _and(_cmp("kind", "==", "money"), _cmp("magnitude", "==", "exact"), _cmp("currency", "==", currency))
            exps.append(
                _expectation("expect_column_values_to_be_in_set", column="value", value_set=agreed, row_condition=cond)
            )
    if exps:
        suites[f"{prefix}_amounts"] = _suite(
            f"{prefix}_amounts", "amounts", exps, "Money amounts the articles agree on."
        )

    ents = tables["entities"]
    named = ents[ents["kind"].isin(["org", "person"])]
    shared = _agreed(named, "canonical_name")
    exps = [_expectation("expect_column_distinct_values_to_contain_set", column="canonical_name", value_set=shared)]
    # Each name written more than one way: every one of its spellings must keep meaning it. One
    # expectation of (spelling, name) pairs, not one per name: GX's cost is per expectation.
    of_shared = named[named["canonical_name"].isin(shared)]
    spellings = of_shared.groupby("canonical_name")["text"].nunique()
    varied = of_shared[of_shared["canonical_name"].isin(spellings[spellings > 1].index)]
    spelt = dict(sorted(zip(varied["text"], varied["canonical_name"], strict=True)))
    if spelt and len(spelt) == len(set(zip(varied["text"], varied["canonical_name"], strict=True))):
        exps.append(
            _expectation(
                "expect_column_pair_values_to_follow_mapping", column_A="text", column_B="canonical_name", mapping=spelt
            )
        )
    if shared:
        suites[f"{prefix}_entities"] = _suite(
            f"{prefix}_entities", "entities", exps, "Names in two or more articles, and the ways each is written."
        )

    dates = tables["dates"]
    explicit = dates[(dates["kind"] == "explicit") & dates["iso"].str.fullmatch(r"\d{4}-\d{2}-\d{2}")]
    agreed_dates = _agreed(explicit, "iso")
    if agreed_dates:
        suites[f"{prefix}_dates"] = _suite(
            f"{prefix}_dates",
            "dates",
            [
                _expectation(
                    "expect_column_distinct_values_to_contain_set",
                    column="iso",
                    value_set=agreed_dates,
                    row_condition=_cmp("kind", "==", "explicit"),
                ),
            ],
            "Explicit dates two or more articles state.",
        )

    findings = tables["findings"]
    present = set(findings["rule"])
    clean = sorted(r for r in RULES if r.startswith(CONSISTENCY_FAMILIES) and r not in present)
    if clean:
        suites[f"{prefix}_consistency"] = _suite(
            f"{prefix}_consistency",
            "findings",
            [
                _expectation("expect_column_values_to_not_be_in_set", column="rule", value_set=clean),
            ],
            "Cross-article rules with no finding today must stay clean.",
        )
    return suites


def _suite(name: str, table: str, expectations: list[dict[str, Any]], notes: str) -> dict[str, Any]:
    return {
        "name": name,
        "expectations": expectations,
        "meta": {"newsgate": {"table": table}, "notes": f"Drafted by newsgate suggest: {notes} Review."},
    }


def write_suites(suites: Mapping[str, dict[str, Any]], folder: Path, force: bool = False) -> list[Path]:
    """Write each draft as ``folder/<name>.json``; never overwrite a file unless ``force``."""
    paths = [folder / f"{name}.json" for name in suites]
    existing = [p for p in paths if p.exists()]
    if existing and not force:
        raise NewsgateError(f"{existing[0]}: already exists (review it, or pass --force to replace the drafts)")
    for path, suite in zip(paths, suites.values(), strict=True):
        write_atomic(path, json.dumps(suite, indent=2, ensure_ascii=False, sort_keys=False) + "\n")
    return paths
