"""Run Great Expectations 1.x suites, stored as JSON in a repo's ``expectations/`` folder, on the fact tables.

A suite file is GX's own suite JSON plus ``"meta": {"newsgate": {"table": "<table>"}}`` naming the
dataframe it validates. Subsets use GX 1.x row conditions, e.g. only money amounts::

    "row_condition": {"type": "comparison", "column": {"name": "kind"}, "operator": "==", "parameter": "money"}

(The 0.x form ``"row_condition": "kind == 'money'", "condition_parser": "pandas"`` still runs but is
deprecated since GX 1.9.) Each suite runs through a checkpoint in an in-memory (ephemeral) context that
writes nothing, unless Data Docs are asked for. Great Expectations is imported inside the functions:
the import costs about 3.5 s that newsgate's other commands must not pay.
"""

from __future__ import annotations

import contextlib
import json
import logging
import warnings
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from newsgate.errors import NewsgateError

DOCS_SITE = "newsgate"
MAX_ITEMS = 10  # longest list kept in a summary (value sets, unexpected values)
MAX_CHARS = 200  # longest string kept in a summary
IGNORED_KWARGS = {"batch_id", "result_format", "catch_exceptions", "condition_parser"}


@dataclass
class ExpectationOutcome:
    """One expectation's result, reduced to JSON-serialisable facts and a one-line message."""

    type: str
    kwargs: dict[str, Any]
    success: bool
    raised_exception: bool
    exception_message: str | None
    observed: Any
    unexpected: dict[str, Any]
    message: str


@dataclass
class SuiteResult:
    """One suite file run against one table. ``success`` is False if any expectation failed or raised."""

    name: str
    table: str
    path: str
    success: bool
    expectations: list[ExpectationOutcome] = field(default_factory=list)
    data_docs: Path | None = None  # index.html of the Data Docs site, when built


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Mute GX's logged tracebacks and its own deprecation warnings: newsgate reports through its results.

    Records stop at GX's top logger (a level would not do: some GX modules set their own level).
    """
    gx_logger = logging.getLogger("great_expectations")
    sink, propagate = logging.NullHandler(), gx_logger.propagate
    gx_logger.addHandler(sink)  # a handler, so Python's last-resort stderr handler stays out too
    gx_logger.propagate = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            yield
    finally:
        gx_logger.removeHandler(sink)
        gx_logger.propagate = propagate


def _read_suite_json(path: Path, tables: Mapping[str, pd.DataFrame]) -> tuple[dict[str, Any], str]:
    """The suite's JSON and the name of its table; a malformed file is a NewsgateError naming it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise NewsgateError(f"{path}: not a readable JSON suite: {_one_line(exc)}") from None
    if not isinstance(data, dict) or not isinstance(data.get("expectations", []), list):
        raise NewsgateError(f"{path}: a suite must be a JSON object with an 'expectations' list")
    meta = data.get("meta")
    newsgate_meta = meta.get("newsgate") if isinstance(meta, dict) else None
    table = newsgate_meta.get("table") if isinstance(newsgate_meta, dict) else None
    if not isinstance(table, str):
        raise NewsgateError(f'{path}: meta must name the table: "meta": {{"newsgate": {{"table": "<table>"}}}}')
    if table not in tables:
        raise NewsgateError(f"{path}: unknown table {table!r} (known: {', '.join(sorted(tables))})")
    data.setdefault("name", path.stem)
    return data, table


def columns_used(folder: Path) -> dict[str, set[str] | None]:
    """Table -> the columns its suites name (``None``: all, where a suite cannot be read this way),
    from the suite files alone, without importing GX: what a whole table must carry."""
    used: dict[str, set[str] | None] = {}
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            table = data["meta"]["newsgate"]["table"]
            names = {n for e in data["expectations"] for n in _named_columns(e["kwargs"])}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return {}  # run_suites reports the problem; meanwhile nothing is pruned
        if table not in used or used[table] is not None:
            used[table] = None if None in names else {*(used.get(table) or set()), *names}  # type: ignore[arg-type]
    return used


def _named_columns(kwargs: Mapping[str, Any]) -> Iterator[str | None]:
    """The columns an expectation's kwargs name; None where a row condition is a query string."""
    for key in ("column", "column_A", "column_B"):
        if isinstance(kwargs.get(key), str):
            yield kwargs[key]
    yield from kwargs.get("column_list") or ()
    condition = kwargs.get("row_condition")
    if isinstance(condition, str):
        yield None  # a pandas query: any column may be in it
    elif condition is not None:
        yield from _condition_columns(condition)


def _condition_columns(condition: Any) -> Iterator[str | None]:
    if isinstance(condition, Mapping):
        column = condition.get("column")
        if isinstance(column, Mapping) and isinstance(column.get("name"), str):
            yield column["name"]
        for part in condition.get("conditions") or ():
            yield from _condition_columns(part)
    else:
        yield None


def _load_suite(path: Path, data: dict[str, Any]) -> Any:
    """Build the GX suite; fail if GX dropped any expectation (it only logs unknown types and bad configs)."""
    import great_expectations as gx

    try:
        suite = gx.ExpectationSuite(**data)
    except Exception as exc:  # GX raises TypeError, ValueError or pydantic errors on bad fields
        raise NewsgateError(f"{path}: not a valid suite: {_one_line(exc)}") from None
    wanted = Counter(str(e.get("type")) if isinstance(e, dict) else repr(e) for e in data.get("expectations", []))
    loaded = Counter(e.expectation_type for e in suite.expectations)
    missing = wanted - loaded
    if missing:
        raise NewsgateError(
            f"{path}: GX dropped {sum(missing.values())} expectation(s) on loading (unregistered type or invalid "
            f"configuration): {', '.join(sorted(missing))}; import the module that defines a custom expectation"
        )
    return suite


def _one_line(value: object, limit: int = MAX_CHARS) -> str:
    """Text of an error or message on one line, cut to a readable length."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _short(value: Any) -> Any:
    """A JSON-serialisable, size-capped version of a value for summaries."""
    from great_expectations.util import convert_to_json_serializable

    value = convert_to_json_serializable(value)
    if isinstance(value, list):
        more = [f"… +{len(value) - MAX_ITEMS} more"] if len(value) > MAX_ITEMS else []
        return [_short(v) for v in value[:MAX_ITEMS]] + more
    if isinstance(value, dict):
        return {k: _short(v) for k, v in value.items()}
    if isinstance(value, str):
        return _one_line(value)
    return value


def _condition_text(condition: Any) -> str:
    """A row condition (a dict in results) as text: the pandas query of the legacy form, else GX's rendering."""
    from great_expectations.expectations.row_conditions import deserialize_row_condition

    condition = deserialize_row_condition(condition)
    return str(getattr(condition, "pass_through_filter", None) or repr(condition))


def _exception_message(info: Mapping[str, Any]) -> str | None:
    """The first error in GX's exception_info, which sits at the top level or one level down per metric."""
    for entry in [info, *(v for v in info.values() if isinstance(v, Mapping))]:
        if entry.get("raised_exception") in (True, "True"):
            return _one_line(entry.get("exception_message") or "exception raised")
    return None


def _outcome(result: Any) -> ExpectationOutcome:
    """Reduce one ExpectationValidationResult to an ExpectationOutcome."""
    config = result.expectation_config
    kwargs = {k: v for k, v in config.kwargs.items() if k not in IGNORED_KWARGS and v is not None}
    if "row_condition" in kwargs:
        kwargs["row_condition"] = _condition_text(kwargs["row_condition"])
    kwargs = _short(kwargs)
    error = _exception_message(result.exception_info or {})
    success = bool(result.success) and error is None
    res = result.result or {}
    observed = _short(res.get("observed_value"))
    unexpected = _short(
        {
            k: res[k]
            for k in ("element_count", "unexpected_count", "unexpected_percent", "partial_unexpected_list")
            if k in res
        }
    )
    target = " ".join(f"{k}={kwargs[k]}" for k in ("column", "column_A", "column_B", "column_list") if k in kwargs)
    where = f" where {kwargs['row_condition']}" if "row_condition" in kwargs else ""
    if error is not None:
        detail = f"ERROR {error}"
    elif success:
        detail = "passed"
    elif unexpected.get("unexpected_count"):
        detail = (
            f"FAILED {unexpected['unexpected_count']} of {unexpected.get('element_count')} values unexpected"
            f" ({unexpected.get('unexpected_percent', 0):.3g}%), e.g. {unexpected.get('partial_unexpected_list', [])}"
        )
    else:
        detail = f"FAILED observed {json.dumps(observed)}"
    message = _one_line(f"{config.type}{' ' if target else ''}{target}{where}: {detail}", limit=2 * MAX_CHARS)
    return ExpectationOutcome(
        type=config.type,
        kwargs=kwargs,
        success=success,
        raised_exception=error is not None,
        exception_message=error,
        observed=observed,
        unexpected=unexpected,
        message=message,
    )


def run_suites(
    folder: Path,
    tables: Mapping[str, pd.DataFrame],
    data_docs_dir: Path | None = None,
    rows: Mapping[str, pd.DataFrame] | None = None,
) -> list[SuiteResult]:
    """Run every ``*.json`` suite in ``folder`` (sorted by file name) on its table; optionally build Data Docs.

    ``rows``: some rows of each table (those of the articles a change reached). Expectations that
    judge each row on its own (GX's map expectations, uniqueness aside) then run on those rows
    alone, the rest (distinct values, counts, uniqueness) still on the whole table.

    Raises NewsgateError for a missing folder, a malformed suite, an unknown table, or a suite that
    loses expectations on loading (an unregistered custom type). Failing or erroring expectations
    are results, not exceptions.
    """
    if not folder.is_dir():
        raise NewsgateError(f"{folder}: expectations folder not found")
    paths = sorted(folder.glob("*.json"))
    if not paths:
        return []
    with _quiet():
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        import newsgate.validation.expectations  # noqa: F401  (registers the custom expectations)

        context = gx.get_context(mode="ephemeral")
        context.variables.progress_bars = ProgressBarsConfig(globally=False)
        source = context.data_sources.add_or_update_pandas("newsgate")
        batches: dict[str, Any] = {}
        loaded = []
        for path in paths:
            data, table = _read_suite_json(path, tables)
            loaded.append((path, table, _load_suite(path, data)))
        names = Counter(suite.name for _, _, suite in loaded)
        if duplicated := sorted(n for n, count in names.items() if count > 1):
            raise NewsgateError(f"{folder}: suite name(s) used by more than one file: {', '.join(duplicated)}")

        results = []
        for path, table, suite in loaded:
            if table not in batches:
                batches[table] = source.add_dataframe_asset(name=table).add_batch_definition_whole_dataframe(table)
            if rows is None:
                outcomes = _run_suite(context, suite, batches[table], tables[table])
            else:
                outcomes = _run_split(context, suite, batches[table], tables[table], rows[table])
            results.append(
                SuiteResult(
                    name=suite.name,
                    table=table,
                    path=str(path),
                    success=all(o.success for o in outcomes),
                    expectations=outcomes,
                )
            )

        if data_docs_dir is not None:
            index = _build_data_docs(context, data_docs_dir)
            for result in results:
                result.data_docs = index
    return results


def _run_suite(context: Any, suite: Any, batch_definition: Any, df: pd.DataFrame) -> list[ExpectationOutcome]:
    """Run one suite through a checkpoint and keep the suite's order."""
    import great_expectations as gx

    suite = _register(context.suites, suite)
    definition = _register(
        context.validation_definitions, gx.ValidationDefinition(name=suite.name, data=batch_definition, suite=suite)
    )
    checkpoint = _register(
        context.checkpoints,
        gx.Checkpoint(name=suite.name, validation_definitions=[definition], result_format="SUMMARY"),
    )
    run = checkpoint.run(batch_parameters={"dataframe": df})
    (validation,) = run.run_results.values()
    position = {e.id: i for i, e in enumerate(suite.expectations)}  # GX lists the results in its own order
    results = sorted(validation.results, key=lambda r: position.get(getattr(r.expectation_config, "id", None), 0))
    return [_outcome(r) for r in results]


def _register(factory: Any, item: Any) -> Any:
    """``add``, or ``add_or_update`` when the name is taken. Not ``add_or_update`` always: on a
    name it has just added, GX re-saves the suite and matches every expectation against every
    other (``list.index`` with a pydantic comparison each), seconds for a suite of a hundred."""
    from great_expectations.exceptions import DataContextError

    try:
        return factory.add(item)
    except DataContextError:
        return factory.add_or_update(item)


# Map metrics that compare a row with the other rows: not judged on some rows alone.
_WHOLE_COLUMN_METRICS = frozenset({"column_values.unique", "compound_columns.unique"})


def row_local(expectation: Any) -> bool:
    """Does the expectation judge each row on its own (so that judging some rows is meaningful)?"""
    from great_expectations.expectations.expectation import (
        ColumnMapExpectation,
        ColumnPairMapExpectation,
        MulticolumnMapExpectation,
    )

    kinds = (ColumnMapExpectation, ColumnPairMapExpectation, MulticolumnMapExpectation)
    return isinstance(expectation, kinds) and getattr(expectation, "map_metric", "") not in _WHOLE_COLUMN_METRICS


def _run_split(
    context: Any, suite: Any, batch: Any, whole: pd.DataFrame, rows: pd.DataFrame
) -> list[ExpectationOutcome]:
    """Run a suite's row-local expectations on ``rows`` and the others on ``whole``; outcomes in suite order."""
    import great_expectations as gx

    parts: dict[bool, list[int]] = {True: [], False: []}
    for i, expectation in enumerate(suite.expectations):
        parts[row_local(expectation)].append(i)
    outcomes: dict[int, ExpectationOutcome] = {}
    for local, (suffix, df) in {True: ("changed rows", rows), False: ("whole table", whole)}.items():
        if not parts[local]:
            continue
        part = gx.ExpectationSuite(
            name=f"{suite.name} ({suffix})", expectations=[suite.expectations[i].copy() for i in parts[local]]
        )
        for i, outcome in zip(parts[local], _run_suite(context, part, batch, df), strict=True):
            if local:
                outcome.message = f"{outcome.message} (in the rows of the changed articles)"
            outcomes[i] = outcome
    return [outcomes[i] for i in range(len(suite.expectations))]


def _build_data_docs(context: Any, data_docs_dir: Path) -> Path:
    """Build the HTML for every suite and validation run in this context into ``data_docs_dir``."""
    data_docs_dir.mkdir(parents=True, exist_ok=True)
    context.add_data_docs_site(
        DOCS_SITE,
        {
            "class_name": "SiteBuilder",
            "store_backend": {
                "class_name": "TupleFilesystemStoreBackend",
                "base_directory": str(data_docs_dir.resolve()),
            },
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        },
    )
    context.build_data_docs(site_names=[DOCS_SITE])  # only ours: the ephemeral default site is a temp dir
    return data_docs_dir / "index.html"
