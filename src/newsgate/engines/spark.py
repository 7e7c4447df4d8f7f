"""The gate on Apache Spark: the same extractors, schemas, suites and checks, run as Spark jobs.

Why: past one machine the corpus must go through an engine that already scales out, with the
findings the pandas engine gives (``tests/test_spark.py`` compares them as sets). What runs where:

- extraction (nearly all of the cost): ``mapInPandas`` over partitions of the articles; each
  Python worker loads the NLP model once (``nlp.model`` is cached and Spark reuses workers);
- corpus-wide name canonicalisation (``linking.link_corpus``): on the driver, over the
  collected rows, since it needs every name in the corpus; then the tables become Spark DataFrames;
- per-row and per-article checks (typos, unclosed quotes, navigation, markup, mojibake): ``mapInPandas``;
  name variants: ``groupBy("canonical").applyInPandas``, both calling the pandas check code; the
  checks that join mentions across the corpus by shared context (amounts, dates, quotes,
  acronyms) run on the driver: their buckets chain into corpus-wide components;
- pandera: the pandas models' column checks through pandera's pyspark backend (the models are
  translated, not declared twice); their dataframe checks (row-wise pandas functions) per partition;
- Great Expectations: the same suites through a Spark data source.

Needs pyspark, pandas < 3 and ``pandera[pyspark]`` (``requirements/spark.txt``); imported only
with ``--engine spark``.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

from newsgate.cache import ExtractionCache
from newsgate.checks import ARTICLE_CHECKS, TEXT_CHECKS, finalise, validate_levels
from newsgate.checks.consistency import GROUPINGS, acronym_context, check_undefined_acronyms
from newsgate.checks.findings import Finding, Related
from newsgate.checks.groups import SEP, Grouping, link_keys
from newsgate.config import Config
from newsgate.gate import GateResult, conclude, findings_frame, load_registry
from newsgate.linking import link_corpus
from newsgate.model import Article
from newsgate.pipeline import Rows
from newsgate.readers import Problem, read_corpus
from newsgate.tables import BOOL_COLUMNS, COLUMNS, FLOAT_COLUMNS, INT_COLUMNS, TABLES, records

BATCH = 32  # articles per extract_many call in an extraction task
ARROW_BATCH = 4096  # rows per Arrow batch between the JVM and Python (Spark's default is 10,000)
ARTICLE_SCHEMA = "pos long, id string, text string, published string"
FINDING_SCHEMA = (
    "rule string, severity string, article string, start long, end long, text string, "
    "message string, suggestion string, related string"
)


def _spark_type(column: str) -> T.DataType:
    if column in INT_COLUMNS:
        return T.LongType()
    if column in FLOAT_COLUMNS:
        return T.DoubleType()
    if column in BOOL_COLUMNS:
        return T.BooleanType()
    return T.StringType()


# Every table's rows in one frame (Spark's mapInPandas has one output schema): the union of the
# tables' columns, plus which table, which article (corpus position) and which row of it.
WIDE_COLUMNS = list(dict.fromkeys(c for cols in COLUMNS.values() for c in cols))
WIDE_SCHEMA = T.StructType(
    [T.StructField("pos", T.LongType()), T.StructField("table", T.StringType()), T.StructField("seq", T.LongType())]
    + [T.StructField(c, _spark_type(c)) for c in WIDE_COLUMNS]
)


def session(master: str | None = None) -> SparkSession:
    """The SparkSession: spark-submit's own when run under it, else ``master`` (default ``local[2]``)."""
    builder = SparkSession.builder.appName("newsgate")
    if master or not os.environ.get("PYSPARK_GATEWAY_PORT"):  # PYSPARK_GATEWAY_PORT: launched by spark-submit
        builder = builder.master(master or os.environ.get("NEWSGATE_SPARK_MASTER", "local[2]"))
        # Local mode runs the executors inside the driver's JVM: Spark's 1 GB default is too little
        # to build the joins of a 10,000-article corpus (on a cluster, spark-submit sets it).
        builder = builder.config("spark.driver.memory", os.environ.get("NEWSGATE_SPARK_DRIVER_MEMORY", "4g"))
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # local workers: this interpreter, with newsgate
    return (
        builder.config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(ARROW_BATCH))
        .config("spark.sql.shuffle.partitions", os.environ.get("NEWSGATE_SPARK_PARTITIONS", "8"))
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )


def articles_frame(spark: SparkSession, articles: Sequence[Article]) -> DataFrame:
    """The articles as a Spark DataFrame, spread over the cluster's cores."""
    pdf = pd.DataFrame(
        {
            "pos": range(len(articles)),
            "id": [a.id for a in articles],
            "text": [a.text for a in articles],
            "published": [a.published for a in articles],
        }
    )
    sdf = spark.createDataFrame(pdf, schema=ARTICLE_SCHEMA)
    parts = max(1, min(len(articles) // BATCH + 1, 4 * spark.sparkContext.defaultParallelism))
    return sdf.repartition(parts)


def _extract_batches(batches: Iterator[pd.DataFrame], mode: str) -> Iterator[pd.DataFrame]:
    """mapInPandas body: extract_many on each batch of articles; rows out in the wide layout."""
    from newsgate.pipeline import extract_many

    for whole in batches:
        for lo in range(0, len(whole), BATCH):  # small calls: rows flow out as they are extracted
            batch = whole.iloc[lo : lo + BATCH]
            arts = [
                Article(id=i, text=t, published=p or "")
                for i, t, p in zip(batch["id"], batch["text"], batch["published"], strict=True)
            ]
            out: list[dict[str, Any]] = []
            for pos, rows in zip(batch["pos"], extract_many(arts, mode), strict=True):
                for table, table_rows in rows.items():
                    out.extend({"pos": int(pos), "table": table, "seq": n, **r} for n, r in enumerate(table_rows))
            yield _wide(out)


def _wide(records: list[dict[str, Any]]) -> pd.DataFrame:
    """Records -> the wide frame, with nullable dtypes so Arrow keeps absent cells null."""
    df = pd.DataFrame.from_records(records, columns=WIDE_SCHEMA.fieldNames())
    for field in WIDE_SCHEMA.fields:
        kind = {T.LongType(): "Int64", T.DoubleType(): "Float64", T.BooleanType(): "boolean"}.get(field.dataType)
        df[field.name] = df[field.name].astype(kind or "object")
    return df


def extract_rows(spark: SparkSession, articles: Sequence[Article], mode: str) -> dict[str, Rows]:
    """Every article's per-table rows (as ``pipeline.extract_many`` gives them), extracted on Spark."""
    out: dict[str, Rows] = {a.id: {t: [] for t in TABLES} for a in articles}
    if not articles:
        return out
    wide = articles_frame(spark, articles).mapInPandas(lambda it: _extract_batches(it, mode), schema=WIDE_SCHEMA)
    pdf = wide.toPandas().sort_values(["pos", "table", "seq"], kind="stable")
    ids = [a.id for a in articles]
    for rec in pdf.to_dict("records"):
        cols = COLUMNS[rec["table"]]
        row = {c: _python(rec[c]) for c in cols if c in rec and not _missing(rec[c])}
        out[ids[int(rec["pos"])]][rec["table"]].append(row)
    return out


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _python(value: Any) -> Any:
    """numpy scalars -> the Python values the extractors produce (JSON and cache friendly)."""
    return value.item() if hasattr(value, "item") else value


def extract(
    spark: SparkSession,
    config: Config,
    corpus: Path,
    mode: str | None = None,
    problems: list[Problem] | None = None,
    timings: dict[str, float] | None = None,
) -> tuple[list[Article], dict[str, DataFrame], dict[str, pd.DataFrame]]:
    """Read the corpus, extract on Spark (through the local cache), canonicalise on the driver.

    Returns the articles, the fact tables as Spark DataFrames, and the same tables in pandas.
    ``timings`` gets "link": the driver's share (spotting and canonical ids over the corpus).
    """
    import time

    from newsgate.corrections import apply_corrections, load_corrections

    mode = mode or config.mode
    articles = read_corpus(corpus, max_bytes=config.max_article_bytes, problems=problems)
    if config.corrections:
        articles = apply_corrections(articles, load_corrections(config.path(config.corrections)))
    cache = ExtractionCache(config.cache_folder())
    found = {a.id: cache.get(a.id, a.text, mode, a.published) for a in articles}
    todo = [a for a in articles if found[a.id] is None]
    fresh = extract_rows(spark, todo, mode)
    for a in todo:
        cache.put(a.id, a.text, mode, fresh[a.id], a.published)
    rows = {a.id: found[a.id] or fresh[a.id] for a in articles}
    start = time.perf_counter()
    tables = link_corpus({a.id: a.text for a in articles}, rows, load_registry(config)).tables
    if timings is not None:
        timings["link"] = time.perf_counter() - start
    return articles, {t: to_spark(spark, t, df) for t, df in tables.items()}, tables


def to_spark(spark: SparkSession, table: str, df: pd.DataFrame) -> DataFrame:
    """A fact table (pandas, typed by ``tables.frame``) as a Spark DataFrame with the same types,
    plus ``_row``: each row's place in the table, which orders a group's rows as pandas does."""
    fields = [T.StructField(c, _spark_type(c)) for c in COLUMNS[table]] + [T.StructField("_row", T.LongType())]
    typed = INT_COLUMNS | FLOAT_COLUMNS | BOOL_COLUMNS
    pdf = df.astype({c: object for c in df.columns if c not in typed}).assign(_row=range(len(df)))
    sdf = spark.createDataFrame(pdf, schema=T.StructType(fields))
    # createDataFrame makes a partition per Arrow batch; every Python task costs a worker set-up
    # (Spark re-scans sys.path and collects garbage), so a few partitions per core, not thousands.
    return sdf.coalesce(max(1, min(-(-len(df) // ARROW_BATCH), 4 * spark.sparkContext.defaultParallelism)))


def write_parquet(tables: Mapping[str, DataFrame], out: Path) -> list[Path]:
    """Every table as ``out/<table>.parquet`` (a Parquet folder, sorted like the CSV tables)."""
    paths = []
    for name, sdf in tables.items():
        path = out / f"{name}.parquet"
        sdf.orderBy("_row").drop("_row").write.mode("overwrite").parquet(str(path))
        paths.append(path)
    return paths


def read_parquet(spark: SparkSession, folder: Path) -> dict[str, DataFrame]:
    """Tables written by :func:`write_parquet`."""
    return {t: spark.read.parquet(str(folder / f"{t}.parquet")) for t in TABLES if (folder / f"{t}.parquet").exists()}


# --- checks -------------------------------------------------------------------------------------


def _findings_pdf(findings: Sequence[Finding]) -> pd.DataFrame:
    rows = [
        {
            "rule": f.rule,
            "severity": f.severity,
            "article": f.article,
            "start": f.start,
            "end": f.end,
            "text": f.text,
            "message": f.message,
            "suggestion": f.suggestion,
            "related": json.dumps([[r.article, r.start, r.end, r.text] for r in f.related]),
        }
        for f in findings
    ]
    return pd.DataFrame(rows, columns=[c.split()[0] for c in FINDING_SCHEMA.split(", ")])


def _finding(row: Mapping[str, Any]) -> Finding:
    related = [Related(a, int(s), int(e), t) for a, s, e, t in json.loads(row["related"])]
    return Finding(
        rule=str(row["rule"]),
        severity=str(row["severity"]),
        article=str(row["article"]),
        start=int(row["start"]),
        end=int(row["end"]),
        text=str(row["text"]),
        message=str(row["message"]),
        suggestion=str(row["suggestion"]),
        related=related,
    )


def _per_batch(check: Any, table: str) -> Any:
    """mapInPandas body: one per-row check on each batch of a table."""

    def run(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        for batch in batches:
            yield _findings_pdf(check({table: batch}))

    return run


def _text_checks(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """mapInPandas body: the checks that read article text (navigation lines, markup, mojibake)."""
    for batch in batches:
        arts = [Article(id=i, text=t) for i, t in zip(batch["id"].tolist(), batch["text"].tolist(), strict=True)]
        yield _findings_pdf([f for check in TEXT_CHECKS for f in check(arts)])


# The grouped checks: ``checks.groups`` as Spark jobs. Each selected row is about a block and
# some features (computed per article, beside the tables ``about`` reads); rows sharing a key
# are joined into components by min-label propagation; each component is judged by the
# grouping's own ``judge``. Rows carry ``_row``, their place in the pandas table, so a group's
# rows reach ``judge`` in the order the pandas engine gives them.
ABOUT_SCHEMA = "_row long, block string, features array<string>"
MAX_ROUNDS = 64


def _about(grouping: Grouping) -> Any:
    """cogroup/mapInPandas body: what each selected row of one article is about."""

    def run(rows: pd.DataFrame, *context: pd.DataFrame) -> pd.DataFrame:
        rows = grouping.select(rows.sort_values("_row", kind="stable"))
        about = grouping.about(rows.drop(columns="_row"), dict(zip(grouping.context, context, strict=True)))
        return pd.DataFrame(  # typed even when empty (an empty list column would come out as float)
            {
                "_row": pd.Series(rows["_row"].tolist(), dtype="int64"),
                "block": pd.Series([b for b, _ in about], dtype=object),
                "features": pd.Series([list(f) for _, f in about], dtype=object),
            }
        )

    return run


def _keys(arity: int) -> Any:
    """mapInPandas body: each row's link keys (``groups.link_keys``) as (row, key) pairs."""

    def run(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        for batch in batches:
            pairs = [
                (row, SEP.join(key))
                for row, block, features in zip(batch["_row"], batch["block"], batch["features"], strict=True)
                for key in link_keys((block, tuple(features)), arity)
            ]
            yield pd.DataFrame(pairs, columns=["_row", "key"]).astype({"_row": "int64", "key": object})

    return run


def components(rows: DataFrame, keys: DataFrame) -> DataFrame:
    """Connected components of rows that share a key: (``_row``, ``component`` = the smallest
    ``_row`` of its component). Each round gives every row the smallest label among the rows it
    shares a key with, then jumps each label to its own row's label (pointer jumping), so a chain
    of rows settles in a number of rounds that grows with the log of its length."""
    labels = rows.select("_row", F.col("_row").alias("label")).localCheckpoint()
    for _ in range(MAX_ROUNDS):
        per_key = keys.join(labels, "_row").groupBy("key").agg(F.min("label").alias("key_label"))
        spread = keys.join(per_key, "key").groupBy("_row").agg(F.min("key_label").alias("spread"))
        moved = (
            labels.join(spread, "_row", "left")
            .select("_row", F.least("label", F.coalesce("spread", "label")).alias("label"))
            .alias("a")
        )
        jumped = (
            moved.join(
                moved.select(F.col("_row").alias("to"), F.col("label").alias("via")), F.col("a.label") == F.col("to")
            )
            .select("_row", F.least("label", "via").alias("label"))
            .localCheckpoint()
        )
        changed = jumped.join(labels.withColumnRenamed("label", "before"), "_row").where("label != before").limit(1)
        labels = jumped
        if not changed.collect():
            break
    return labels.withColumnRenamed("label", "component")


def _judge_component(grouping: Grouping, columns: list[str]) -> Any:
    """applyInPandas body: one component's rows, in table order, judged like the pandas engine does."""

    def run(pdf: pd.DataFrame) -> pd.DataFrame:
        pdf = pdf.sort_values("_row", kind="stable")
        if pdf["article"].nunique() < grouping.min_articles:
            return _findings_pdf([])
        return _findings_pdf(grouping.judge(records(pdf[columns])))

    return run


def grouping_findings(grouping: Grouping, sdfs: Mapping[str, DataFrame]) -> DataFrame:
    """One grouping's findings as a Spark job (a DataFrame of FINDING_SCHEMA rows)."""
    table = sdfs[grouping.table]
    if grouping.context:
        (other,) = grouping.context  # Spark cogroups two frames: ``about`` may read one other table
        about = (
            table.groupBy("article")
            .cogroup(sdfs[other].groupBy("article"))
            .applyInPandas(lambda rows, context: _about(grouping)(rows, context), schema=ABOUT_SCHEMA)
        )
    else:
        about = table.mapInPandas(lambda batches: (_about(grouping)(b) for b in batches), schema=ABOUT_SCHEMA)
    about = about.localCheckpoint()
    keys = about.mapInPandas(_keys(grouping.arity), schema="_row long, key string").distinct()
    shared = keys.groupBy("key").count().where("count > 1").select("key")  # a key of one row links nothing
    keys = keys.join(shared, "key").localCheckpoint()
    labelled = table.join(components(about.select("_row"), keys), "_row")
    columns = COLUMNS[grouping.table]
    return labelled.groupBy("component").applyInPandas(_judge_component(grouping, columns), schema=FINDING_SCHEMA)


def _undefined_acronyms(context: tuple[set[str], set[str]]) -> Any:
    """cogroup body: one article's undefined acronyms, given the corpus's acronym context."""

    def run(acronyms: pd.DataFrame, amounts: pd.DataFrame) -> pd.DataFrame:
        tables = {"acronyms": acronyms, "amounts": amounts}
        return _findings_pdf(check_undefined_acronyms(tables, context=context))

    return run


def run_checks_spark(
    sdfs: Mapping[str, DataFrame],
    articles_sdf: DataFrame,
    articles: Sequence[Article],
    severity: Mapping[str, str] | None = None,
    disable: Sequence[str] = (),
) -> list[Finding]:
    """``checks.run_checks`` as Spark jobs: every grouping, the corpus's undefined acronyms, the
    per-row and per-article checks. The driver only collects and locates the findings."""
    validate_levels(dict(severity or {}), disable)
    defs = sdfs["acronyms"].where("kind = 'definition'").select("short_norm").distinct().toPandas()
    names = sdfs["entities"].select("text").distinct().toPandas()
    context = acronym_context(defs["short_norm"].tolist(), names["text"].tolist())
    jobs = [grouping_findings(g, sdfs) for g in GROUPINGS]
    jobs.append(
        sdfs["acronyms"]
        .groupBy("article")
        .cogroup(sdfs["amounts"].groupBy("article"))
        .applyInPandas(_undefined_acronyms(context), schema=FINDING_SCHEMA)
    )
    jobs += [sdfs[t].mapInPandas(_per_batch(c, t), schema=FINDING_SCHEMA) for t, c in ARTICLE_CHECKS]
    jobs.append(articles_sdf.select("id", "text").mapInPandas(_text_checks, schema=FINDING_SCHEMA))
    union = jobs[0]
    for job in jobs[1:]:
        union = union.unionByName(job)
    found = [_finding(r) for r in union.toPandas().to_dict("records")]
    return finalise(found, articles, dict(severity or {}), disable)


def findings_to_spark(spark: SparkSession, findings: list[Finding]) -> DataFrame:
    """The findings table (``gate.findings_frame``) as a Spark DataFrame, typed even when empty."""
    df = findings_frame(findings)
    types = {"int64": T.LongType(), "bool": T.BooleanType()}
    schema = T.StructType([T.StructField(c, types.get(str(df[c].dtype), T.StringType())) for c in df.columns])
    return spark.createDataFrame(df.astype({c: object for c in df.columns if str(df[c].dtype) == "str"}), schema=schema)


# --- pandera ------------------------------------------------------------------------------------


def with_provenance(sdf: DataFrame, articles_sdf: DataFrame) -> DataFrame:
    """``article_chars`` and ``span_ok`` (``text == article[start:end]``), as ``pandera_runner`` derives them."""
    art = articles_sdf.select(F.col("id").alias("_id"), F.col("text").alias("_text"))
    joined = sdf.join(art, sdf["article"] == art["_id"], "left")
    span = F.expr("substring(_text, start + 1, greatest(end - start, 0))")
    return joined.select(
        *sdf.columns,
        F.coalesce(F.length("_text").cast("long"), F.lit(-1).cast("long")).alias("article_chars"),
        F.coalesce((span == F.col("text")) & (F.col("start") <= F.length("_text")), F.lit(False)).alias("span_ok"),
    )


SPARK_DTYPES = {"str": T.StringType(), "int64": T.LongType(), "float64": T.DoubleType(), "bool": T.BooleanType()}


def pyspark_schema(model: Any) -> tuple[Any, list[tuple[str, Any]]]:
    """The pandas model's columns and column checks as a pandera pyspark schema: one declaration of each check.

    Also returns the checks the pyspark backend cannot run (its built-ins refuse boolean columns)
    and the model's dataframe checks (pandas functions): those run per partition, see below.
    """
    import pandera.pyspark as ps

    schema = model.to_schema()
    columns, on_pandas = {}, [("", c) for c in schema.checks]
    for name, col in schema.columns.items():
        dtype = SPARK_DTYPES[str(col.dtype)]
        spark_checks = [] if dtype == T.BooleanType() else list(col.checks)
        on_pandas += [(name, c) for c in col.checks if c not in spark_checks]
        columns[name] = ps.Column(dtype, checks=spark_checks, nullable=col.nullable)
    return ps.DataFrameSchema(columns, name=model.__name__), on_pandas


def _pandas_check_batches(checks: list[tuple[str, Any]]) -> Any:
    """mapInPandas body: pandera checks on each partition as a pandas frame (column "" = the whole frame)."""

    def run(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        for batch in batches:
            failed = []
            for column, check in checks:
                ok = check(batch[column] if column else batch).check_output.astype(bool)
                for _, row in batch[~ok.to_numpy()].head(50).iterrows():
                    value = row[column] if column else json.dumps(row.to_dict(), default=str)
                    failed.append({"column": column or str(check.name), "check": str(check), "value": str(value)[:120]})
            yield pd.DataFrame(failed, columns=["column", "check", "value"])

    return run


def validate_spark(sdfs: Mapping[str, DataFrame], articles_sdf: DataFrame, folder: Path | None = None) -> list[Any]:
    """``pandera_runner.validate`` on Spark DataFrames: one SchemaResult per table."""
    from pyspark import cloudpickle  # type: ignore[attr-defined]

    from newsgate.validation.pandera_runner import SchemaResult, load_schemas

    models = load_schemas(folder)
    results = []
    for table, sdf in sdfs.items():
        model = models.get(table)
        if model is None:
            continue
        if model.__module__.startswith("newsgate_corpus_schemas."):  # loaded from a file: executors cannot import it
            import sys

            cloudpickle.register_pickle_by_value(sys.modules[model.__module__])
        data = (sdf if table == "findings" else with_provenance(sdf, articles_sdf)).cache()  # read by every check
        failures: list[dict[str, object]] = []
        spark_schema, on_pandas = pyspark_schema(model)
        checked = spark_schema.validate(data, lazy=True)
        for category in (checked.pandera.errors or {}).values():
            for errors in category.values():
                for e in errors:
                    failures.append(_failure(e.get("column", ""), e.get("check", ""), e.get("error", "")))
        schema = model.to_schema()
        for name, col in schema.columns.items():
            if col.unique:
                dupes = data.groupBy(name).count().filter("count > 1").limit(50).collect()
                failures += [_failure(name, "field_uniqueness", d[name]) for d in dupes]
        if on_pandas:
            rows = data.mapInPandas(
                _pandas_check_batches(on_pandas), schema="column string, check string, value string"
            )
            failures += [_failure(r["column"], r["check"], r["value"]) for r in rows.limit(50).collect()]
        data.unpersist()
        results.append(SchemaResult(table, model.__name__, not failures, failures[:50]))
    return results


def _failure(column: object, check: object, value: object) -> dict[str, object]:
    """A failure as ``pandera_runner`` reports one; Spark has no row numbers (row -1)."""
    return {"column": str(column), "check": str(check), "value": str(value)[:120], "row": -1}


# --- Great Expectations ---------------------------------------------------------------------------


def run_suites_spark(folder: Path, sdfs: Mapping[str, DataFrame]) -> list[Any]:
    """``validation.gx.run_suites`` through a Spark data source (same suite files, same outcomes)."""
    from collections import Counter

    from newsgate.errors import NewsgateError
    from newsgate.validation import gx as gxrun

    if not folder.is_dir():
        raise NewsgateError(f"{folder}: expectations folder not found")
    paths = sorted(folder.glob("*.json"))
    if not paths:
        return []
    with gxrun._quiet():
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        import newsgate.validation.expectations  # noqa: F401  (registers the custom expectations)

        _register_spark_metrics()
        context = gx.get_context(mode="ephemeral")
        context.variables.progress_bars = ProgressBarsConfig(globally=False)
        source = context.data_sources.add_or_update_spark("newsgate")
        loaded = []
        for path in paths:
            data, table = gxrun._read_suite_json(path, sdfs)
            loaded.append((path, table, gxrun._load_suite(path, data)))
        names = Counter(suite.name for _, _, suite in loaded)
        if duplicated := sorted(n for n, count in names.items() if count > 1):
            raise NewsgateError(f"{folder}: suite name(s) used by more than one file: {', '.join(duplicated)}")
        batches: dict[str, Any] = {}
        results = []
        for path, table, suite in loaded:
            if table not in batches:
                batches[table] = source.add_dataframe_asset(name=table).add_batch_definition_whole_dataframe(table)
            outcomes = gxrun._run_suite(context, suite, batches[table], sdfs[table])
            results.append(gxrun.SuiteResult(suite.name, table, str(path), all(o.success for o in outcomes), outcomes))
    return results


def _register_spark_metrics() -> None:
    """The custom expectations' metrics for Spark (their module declares the pandas side only)."""
    from great_expectations.execution_engine import SparkDFExecutionEngine
    from great_expectations.expectations.metrics.map_metric_provider import (
        ColumnMapMetricProvider,
        ColumnPairMapMetricProvider,
        column_condition_partial,
        column_pair_condition_partial,
    )

    from newsgate.validation.schemas import iso_currencies

    class SparkIsoCurrency(ColumnMapMetricProvider):
        condition_metric_name = "column_values.newsgate_iso_currency"

        @column_condition_partial(engine=SparkDFExecutionEngine)
        def _spark(cls, column: Any, **kwargs: Any) -> Any:
            return column.isin(sorted(iso_currencies()))

    class SparkFollowMapping(ColumnPairMapMetricProvider):
        condition_metric_name = "column_pair_values.newsgate_follow_mapping"
        condition_value_keys = ("mapping",)

        @column_pair_condition_partial(engine=SparkDFExecutionEngine)
        def _spark(cls, column_A: Any, column_B: Any, mapping: dict[str, str], **kwargs: Any) -> Any:
            wanted = F.create_map(*[F.lit(x) for pair in sorted(mapping.items()) for x in pair])[column_A]
            return wanted.isNull() | (wanted == column_B)


# --- the gate -----------------------------------------------------------------------------------


def run_gate(
    config: Config,
    corpus: Path,
    mode: str | None = None,
    use_baseline: bool = True,
    expectations: bool = True,
    changed: set[str] | None = None,
    spark: SparkSession | None = None,
) -> GateResult:
    """``gate.run_gate`` on Spark: the same stages, findings and result."""
    import time

    spark = spark or session()
    problems: list[Problem] = []
    timings: dict[str, float] = {}
    start = time.perf_counter()
    articles, sdfs, tables = extract(spark, config, corpus, mode, problems, timings)
    articles_sdf = articles_frame(spark, articles).cache()
    timings["extract"] = time.perf_counter() - start
    start = time.perf_counter()
    findings = run_checks_spark(sdfs, articles_sdf, articles, config.severity, config.disable)
    timings["checks"] = time.perf_counter() - start
    start = time.perf_counter()
    findings_sdf = findings_to_spark(spark, findings)
    schema_dir = config.path(config.schemas) if config.schemas else None
    schemas = validate_spark({**sdfs, "findings": findings_sdf}, articles_sdf, schema_dir)
    timings["pandera"] = time.perf_counter() - start
    suites: list[Any] = []
    if expectations and config.expectations:
        start = time.perf_counter()
        suites = run_suites_spark(config.path(config.expectations), {**sdfs, "findings": findings_sdf})
        timings["great_expectations"] = time.perf_counter() - start
    result = GateResult(articles, tables, findings, schemas, suites, [], None, problems, timings)
    return conclude(result, config, use_baseline, changed)
