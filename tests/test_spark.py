"""The Spark engine gives the pandas engine's findings, exit codes and tables.

Runs only where pyspark is installed (``nox -s spark``); the default test run skips it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("pyspark")
pytest.importorskip("pandera.pyspark")

import pandas as pd

from newsgate.cli import main
from newsgate.config import Config, find_config
from newsgate.engines import spark as engine
from newsgate.gate import run_gate
from newsgate.model import Article
from newsgate.pipeline import extract_corpus
from newsgate.validation.pandera_runner import validate

# py4j leaves the sockets of collected results to the garbage collector
pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")
REPO = Path(__file__).resolve().parents[1]
CORPORA = REPO.parent / "shared" / "corpora"
FOLDERS = sorted(p.name for p in CORPORA.iterdir() if p.is_dir()) if CORPORA.is_dir() else []


@pytest.fixture(scope="module")
def spark():  # type: ignore[no-untyped-def]
    return engine.session("local[2]")


def keys(findings: list) -> set[tuple[str, str, int, int, str]]:  # type: ignore[type-arg]
    return {(f.rule, f.article, f.start, f.end, f.text) for f in findings}


def test_seeds_same_findings_and_verdict(spark, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(REPO)
    config = find_config()
    config.cache = "off"
    on_pandas = run_gate(config, REPO / "seeds")
    on_spark = engine.run_gate(config, REPO / "seeds", spark=spark)
    assert keys(on_spark.findings) == keys(on_pandas.findings)
    assert {"typo-merged-word", "typo-misspelling"} <= {f.rule for f in on_spark.findings}  # the seeds' known faults
    assert on_spark.passed == on_pandas.passed
    assert [(s.table, s.success) for s in on_spark.schemas] == [(s.table, s.success) for s in on_pandas.schemas]
    assert [(s.name, s.success) for s in on_spark.expectations] == [(s.name, s.success) for s in on_pandas.expectations]
    assert on_spark.expectations, "the seed suites ran through the Spark data source"


@pytest.mark.parametrize("folder", FOLDERS)
def test_shared_corpora_same_findings(spark, folder: str) -> None:  # type: ignore[no-untyped-def]
    config = Config(corpus=str(CORPORA / folder), extracted="", cache="off")
    on_pandas = run_gate(config, CORPORA / folder, mode="rules")
    on_spark = engine.run_gate(config, CORPORA / folder, mode="rules", spark=spark)
    assert keys(on_spark.findings) == keys(on_pandas.findings)
    assert on_spark.passed == on_pandas.passed


def test_no_shared_corpora_skips() -> None:
    if not FOLDERS:
        pytest.skip("../shared/corpora is absent")
    assert len(FOLDERS) >= 1


def test_cli_check_exit_code_and_json(capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(REPO)
    code_pandas = main(["check", "--format", "json", "--no-cache", "-q"])
    out_pandas = json.loads(capsys.readouterr().out)
    code_spark = main(["check", "--engine", "spark", "--format", "json", "--no-cache", "-q"])
    out_spark = json.loads(capsys.readouterr().out)
    assert code_spark == code_pandas
    assert out_spark["passed"] == out_pandas["passed"]
    assert len(out_spark["findings"]) == len(out_pandas["findings"])


def test_extract_writes_parquet_equal_to_the_pandas_tables(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(REPO)
    assert main(["extract", "--engine", "spark", "--out", str(tmp_path), "--no-cache", "-q"]) == 0
    config = find_config()
    config.cache = "off"
    from newsgate.gate import extract

    _, tables, _ = extract(config, REPO / "seeds")
    spark_tables = engine.read_parquet(engine.session(), tmp_path)
    assert set(spark_tables) == set(tables)
    for name, df in tables.items():
        back = spark_tables[name].toPandas()
        cols = ["article", "start", "end", "text"]
        assert set(map(tuple, back[cols].to_numpy().tolist())) == set(map(tuple, df[cols].to_numpy().tolist())), name
        assert len(back) == len(df), name


def test_extract_check_is_refused(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(REPO)
    assert main(["extract", "--engine", "spark", "--check"]) == 2
    assert "--check" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("table", "column", "bad"),
    [
        ("amounts", "kind", "bogus"),  # isin, through pandera's pyspark backend
        ("amounts", "currency", "XXQ"),  # a dataframe check (money needs an ISO code), per partition
        ("entities", "canonical", "Not An Id"),  # str_matches
        ("quotes", "text", "not in the article"),  # span_ok (a boolean column: pandas per partition)
    ],
)
def test_pandera_on_spark_fails_where_pandas_fails(spark, table: str, column: str, bad: str) -> None:  # type: ignore[no-untyped-def]
    text = 'The firm paid $5 million to Acme Corp, "we agreed," said Ann Lee.'
    art = Article(id="a1", text=text)
    tables = extract_corpus([art], mode="rules")
    df = tables[table]
    assert len(df), f"the example must give a {table} row"
    broken = df.copy()
    broken.loc[0, column] = bad
    if column == "currency":
        broken.loc[0, "kind"] = "money"
    on_pandas = validate({table: broken}, [art])
    sdfs = {table: engine.to_spark(spark, table, broken)}
    on_spark = engine.validate_spark(sdfs, engine.articles_frame(spark, [art]))
    assert [r.success for r in on_pandas] == [False]
    assert [r.success for r in on_spark] == [False]
    assert {str(f["column"]) for f in on_spark[0].failures} & {column, "span_ok", "money_has_iso_currency"}


def test_valid_tables_pass_on_spark(spark) -> None:  # type: ignore[no-untyped-def]
    art = Article(id="a1", text="Acme Corp paid $5 million on Monday, September 8, 2025.")
    tables = extract_corpus([art], mode="rules")
    sdfs = {t: engine.to_spark(spark, t, df) for t, df in tables.items()}
    assert all(r.success for r in engine.validate_spark(sdfs, engine.articles_frame(spark, [art])))
    assert isinstance(tables["amounts"], pd.DataFrame)
