"""``newsgate check|extract --engine spark``: the CLI's entry points into the Spark engine.

Kept apart from ``cli.py`` so the CLI imports pyspark only when asked, and says what to
install when it is missing (one line, exit 2) instead of a traceback.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from newsgate.config import Config
from newsgate.errors import NewsgateError

MISSING = "the Spark engine needs pyspark, pandas<3 and pandera[pyspark]: pip install -r requirements/spark.txt"


def _engine() -> Any:
    try:
        from newsgate.engines import spark
    except ImportError as exc:
        raise NewsgateError(f"{MISSING} ({exc})") from None
    return spark


def run_gate_spark(
    config: Config,
    corpus: Path,
    mode: str | None = None,
    use_baseline: bool = True,
    expectations: bool = True,
    changed: set[str] | None = None,
    jobs: int | None = None,
    progress: bool = False,
) -> Any:
    """``gate.run_gate``'s signature; ``jobs`` and ``progress`` are Spark's business here."""
    return _engine().run_gate(config, corpus, mode, use_baseline, expectations, changed)


def extract_spark(args: argparse.Namespace, config: Config, corpus: Path, out: Path) -> int:
    """Extract on Spark and write every table as Parquet (``out/<table>.parquet``)."""
    from newsgate.cli import report_problems
    from newsgate.readers import Problem

    if args.check:
        raise NewsgateError("--check compares the CSV tables: use it without --engine spark")
    spark = _engine()
    problems: list[Problem] = []
    articles, tables, _ = spark.extract(spark.session(), config, corpus, args.mode, problems)
    if problems:
        return report_problems(problems)  # no tables written
    spark.write_parquet(tables, out)
    if not args.quiet:
        print(f"{len(articles)} articles -> {out}: {', '.join(f'{t}.parquet' for t in tables)}")
    return 0
