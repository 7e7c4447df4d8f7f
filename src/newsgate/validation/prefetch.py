"""Validation in a child process that imports its libraries while the parent extracts.

``import great_expectations`` costs about three seconds and pandera most of one: as much as
extracting a small corpus. The gate forks a child at start-up that imports them, then waits
for the fact tables and runs the pandera schemas and the expectation suites; the parent
extracts and checks meanwhile. Where ``fork`` is not available everything runs in-process.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from newsgate.model import Article
from newsgate.workers import Prewarmed

Outcome = tuple[list[Any], list[Any]]  # (pandera SchemaResults, GX SuiteResults)


def validate_all(
    tables: Mapping[str, pd.DataFrame],
    articles: Sequence[Article],
    schema_dir: Path | None,
    suites_dir: Path | None,
    data_docs_dir: Path | None = None,
    rows: Mapping[str, pd.DataFrame] | None = None,
) -> Outcome:
    """pandera schemas, then (when a suites folder is configured) the Great Expectations suites.

    ``rows``: the rows of the articles a change reached (:func:`scoped`). The schemas then check
    those rows, and so do the suites' row-by-row expectations; ``tables`` serve the rest.
    """
    from newsgate.validation.pandera_runner import validate

    schemas = validate(rows if rows is not None else tables, articles, schema_dir)
    if suites_dir is None:
        return schemas, []
    from newsgate.validation.gx import run_suites

    return schemas, run_suites(suites_dir, tables, data_docs_dir, rows)


def scoped(
    tables: Mapping[str, pd.DataFrame], rows_of: set[str], suites_dir: Path | None
) -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame]]:
    """(whole, rows) for a gated change: every table's rows of the articles in ``rows_of`` (the
    findings table whole), and of the whole tables only what the suites name, so that a large
    corpus is not copied to the validation process for a handful of changed rows."""
    from newsgate.validation.gx import columns_used

    rows = {t: df if t == "findings" else df[df["article"].isin(rows_of)] for t, df in tables.items()}
    used = columns_used(suites_dir) if suites_dir is not None else {}
    whole = {}
    for t, df in tables.items():
        wanted = used.get(t, set())
        if t not in used:
            whole[t] = df.iloc[:0]  # no suite validates this table
        elif wanted is None:
            whole[t] = df  # a suite may read any of its columns
        else:
            whole[t] = df[[c for c in df.columns if c in wanted]]
    return whole, rows


class Validator:
    """Runs :func:`validate_all`, in a child that imported pandera and GX at start-up when it can."""

    def __init__(self, with_suites: bool, parallel: bool = True) -> None:
        # Needed last: at a lower priority, its imports never take a core from reading or extraction.
        self._worker = Prewarmed(
            "validation", lambda: _import(with_suites), lambda req: validate_all(*req), parallel, niceness=10
        )

    def run(
        self,
        tables: Mapping[str, pd.DataFrame],
        articles: Sequence[Article],
        schema_dir: Path | None,
        suites_dir: Path | None,
        data_docs_dir: Path | None = None,
        rows_of: set[str] | None = None,
    ) -> Outcome:
        rows = None
        if rows_of is not None:  # the child needs the texts of the articles whose rows it checks only
            articles = [a for a in articles if a.id in rows_of]
            tables, rows = scoped(tables, rows_of, suites_dir)
        request = (dict(tables), list(articles), schema_dir, suites_dir, data_docs_dir, rows)
        schemas, suites = self._worker.call(request)
        return list(schemas), list(suites)

    def close(self) -> None:
        """Stop the child (a gate that ends early never leaves it waiting)."""
        self._worker.close()


def _import(with_suites: bool) -> None:
    """The slow part: importing the validation libraries."""
    import pandera.pandas  # noqa: F401

    from newsgate.validation import pandera_runner  # noqa: F401

    if with_suites:
        from newsgate.validation import expectations, gx  # noqa: F401
