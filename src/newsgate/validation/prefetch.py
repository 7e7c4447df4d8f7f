"""Validation in a child process that imports its libraries while the parent extracts.

``import great_expectations`` costs about three seconds and pandera most of one: as much as
extracting a small corpus. The gate forks a child at start-up that imports them, then waits
for the fact tables and runs the pandera schemas and the expectation suites; the parent
extracts and checks meanwhile. Where ``fork`` is not available everything runs in-process.
"""

from __future__ import annotations

import multiprocessing
import traceback
from collections.abc import Mapping, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pandas as pd

from newsgate.errors import NewsgateError
from newsgate.model import Article

Outcome = tuple[list[Any], list[Any]]  # (pandera SchemaResults, GX SuiteResults)


def validate_all(
    tables: Mapping[str, pd.DataFrame],
    articles: Sequence[Article],
    schema_dir: Path | None,
    suites_dir: Path | None,
    data_docs_dir: Path | None = None,
    rows_of: set[str] | None = None,
) -> Outcome:
    """pandera schemas, then (when a suites folder is configured) the Great Expectations suites.

    ``rows_of``: the articles a change reached. The schemas then check those articles' rows,
    and so do the suites' row-by-row expectations; the findings table is checked whole.
    """
    from newsgate.validation.pandera_runner import validate

    rows = None if rows_of is None else {t: _rows_of(t, df, rows_of) for t, df in tables.items()}
    mine = articles if rows_of is None else [a for a in articles if a.id in rows_of]
    schemas = validate(rows or tables, mine, schema_dir)
    if suites_dir is None:
        return schemas, []
    from newsgate.validation.gx import run_suites

    return schemas, run_suites(suites_dir, tables, data_docs_dir, rows)


def _rows_of(table: str, df: pd.DataFrame, articles: set[str]) -> pd.DataFrame:
    return df if table == "findings" else df[df["article"].isin(articles)]


class Validator:
    """Runs :func:`validate_all`, in a pre-warmed child when it can."""

    def __init__(self, with_suites: bool, parallel: bool = True) -> None:
        self._conn: Connection | None = None
        self._proc: Any = None
        if parallel and "fork" in multiprocessing.get_all_start_methods():
            ctx = multiprocessing.get_context("fork")
            self._conn, child = ctx.Pipe()
            self._proc = ctx.Process(target=_serve, args=(child, with_suites), daemon=True, name="newsgate-validate")
            self._proc.start()
            child.close()

    def run(
        self,
        tables: Mapping[str, pd.DataFrame],
        articles: Sequence[Article],
        schema_dir: Path | None,
        suites_dir: Path | None,
        data_docs_dir: Path | None = None,
        rows_of: set[str] | None = None,
    ) -> Outcome:
        if self._conn is None:
            return validate_all(tables, articles, schema_dir, suites_dir, data_docs_dir, rows_of)
        if rows_of is not None:  # the child needs the texts of the articles whose rows it checks only
            articles = [a for a in articles if a.id in rows_of]
        try:
            self._conn.send((dict(tables), list(articles), schema_dir, suites_dir, data_docs_dir, rows_of))
            status, payload = self._conn.recv()
        except (EOFError, OSError) as exc:
            raise RuntimeError(f"the validation worker died ({exc})") from None
        finally:
            self.close()
        if status == "error":
            raise NewsgateError(payload)
        if status == "crash":
            raise RuntimeError(f"the validation worker failed:\n{payload}")
        schemas, suites = payload
        return list(schemas), list(suites)

    def close(self) -> None:
        """Stop the child (a gate that ends early never leaves it waiting)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._proc is not None:
            self._proc.join(timeout=5)
            if self._proc.is_alive():
                self._proc.terminate()
            self._proc = None


def _serve(conn: Connection, with_suites: bool) -> None:
    """The child: import the validation libraries now (the slow part), then validate what comes."""
    try:
        import pandera.pandas  # noqa: F401

        from newsgate.validation import pandera_runner  # noqa: F401

        if with_suites:
            from newsgate.validation import expectations, gx  # noqa: F401
        try:
            request = conn.recv()
        except EOFError:
            return  # the parent ended early
        conn.send(("ok", validate_all(*request)))
    except NewsgateError as exc:
        conn.send(("error", str(exc)))
    except BaseException:  # reported to the parent, which raises it
        conn.send(("crash", traceback.format_exc()))
    finally:
        conn.close()
