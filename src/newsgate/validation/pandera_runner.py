"""Validate the fact tables with pandera: built-in models, narrowed by the corpus's own
``schemas/`` folder where it has one."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from newsgate.errors import NewsgateError
from newsgate.model import Article
from newsgate.validation.schemas import BUILTIN


@dataclass
class SchemaResult:
    table: str
    schema: str
    success: bool
    failures: list[dict[str, object]] = field(default_factory=list)


def load_schemas(folder: Path | None) -> dict[str, type[pa.DataFrameModel]]:
    """Built-in models, overridden by ``SCHEMAS`` from every ``*.py`` in ``folder``."""
    models = dict(BUILTIN)
    if folder is None or not folder.is_dir():
        return models
    for file in sorted(folder.glob("*.py")):
        spec = importlib.util.spec_from_file_location(f"newsgate_corpus_schemas.{file.stem}", file)
        if spec is None or spec.loader is None:
            continue
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # pandera resolves the models' annotations through it
        try:
            spec.loader.exec_module(module)
        except Exception as exc:  # a corpus file: report, don't crash
            raise NewsgateError(f"{file}: cannot load schemas ({type(exc).__name__}: {exc})") from None
        for table, model in getattr(module, "SCHEMAS", {}).items():
            if table not in BUILTIN:
                raise NewsgateError(f"{file}: SCHEMAS names unknown table {table!r}")
            models[table] = model
    return models


def with_provenance(df: pd.DataFrame, articles: Mapping[str, Article]) -> pd.DataFrame:
    """Add ``article_chars`` and ``span_ok`` so the models can check spans against the text."""
    out = df.copy()
    lengths = {k: len(a.text) for k, a in articles.items()}
    out["article_chars"] = out["article"].map(lengths).fillna(-1).astype("int64")
    out["span_ok"] = (
        [
            isinstance(a, Article) and a.text[s:e] == t  # a row of no article (NaN) is not ok
            for a, s, e, t in zip(out["article"].map(articles), out["start"], out["end"], out["text"], strict=True)
        ]
        if len(out)
        else pd.Series([], dtype="bool")
    )
    out["span_ok"] = out["span_ok"].astype("bool")
    return out


def validate(
    tables: Mapping[str, pd.DataFrame], articles: Sequence[Article], folder: Path | None = None
) -> list[SchemaResult]:
    """One result per table; failures as short, JSON-ready rows (column, check, value, row)."""
    models = load_schemas(folder)
    by_id = {a.id: a for a in articles}
    results = []
    for table, df in tables.items():
        model = models.get(table)
        if model is None:
            continue
        data = df if table == "findings" else with_provenance(df, by_id)
        try:
            model.validate(data, lazy=True)
            results.append(SchemaResult(table, model.__name__, True))
        except pa.errors.SchemaErrors as exc:
            cases = exc.failure_cases
            failures = [
                {
                    "column": str(r.get("column", "")),
                    "check": str(r.get("check", "")),
                    "value": str(r.get("failure_case", ""))[:120],
                    "row": -1 if pd.isna(r.get("index")) else int(r["index"]),
                }
                for r in cases.head(50).to_dict("records")
            ]
            results.append(SchemaResult(table, model.__name__, False, failures))
    return results
