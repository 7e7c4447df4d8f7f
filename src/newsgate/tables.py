"""The fact tables: their columns, their order, and their CSV form in ``extracted/``.

CSV is written sorted, with fixed float formatting and LF line ends, so a second run
changes no byte and a pull request diff shows exactly which facts an edit added or removed.
"""

from __future__ import annotations

import os
import tempfile
from collections import namedtuple
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

PROVENANCE = ["article", "start", "end", "text", "sentence"]
COLUMNS: dict[str, list[str]] = {
    "amounts": [*PROVENANCE, "kind", "value", "currency", "unit", "qualifier", "magnitude"],
    "entities": [*PROVENANCE, "kind", "title", "label", "key", "canonical", "canonical_name"],
    "acronyms": [*PROVENANCE, "kind", "short", "short_norm", "long", "long_start", "long_end", "canonical"],
    "dates": [*PROVENANCE, "kind", "iso", "weekday", "stated_weekday", "resolved"],
    "quotes": [
        *PROVENANCE,
        "balanced",
        "speaker",
        "speaker_start",
        "speaker_end",
        "attribution",
        "speaker_canonical",
    ],
    "tokens": [*PROVENANCE, "kind", "suggestion", "reason"],
}
TABLES = tuple(COLUMNS)
INT_COLUMNS = {"start", "end", "long_start", "long_end", "speaker_start", "speaker_end"}
FLOAT_COLUMNS = {"value"}
BOOL_COLUMNS = {"balanced", "resolved"}


def frame(
    table: str,
    rows: Iterable[Mapping[str, Any]] | pd.DataFrame,
    extra: Sequence[str] = (),
    order: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Rows (dicts or a dataframe) -> the table's columns plus ``extra`` ones, typed, sorted by
    ``order`` (default: article, start, end, then the table's first own column; stable)."""
    cols = [*COLUMNS[table], *extra]
    if isinstance(rows, pd.DataFrame):
        df = rows.reindex(columns=cols)
    else:
        rows = list(rows)
        df = pd.DataFrame({c: [r.get(c) for r in rows] for c in cols}, columns=cols)  # by column: fast
    for c in cols:
        if c in INT_COLUMNS or c in extra:
            df[c] = df[c].astype("int64")
        elif c in FLOAT_COLUMNS:
            df[c] = df[c].astype("float64")
        elif c in BOOL_COLUMNS:
            df[c] = df[c].astype("bool")
        else:
            df[c] = df[c].fillna("").astype(str)
    order = list(order) if order else ["article", "start", "end", *cols[5:6]]
    return df.sort_values(order, kind="stable").reset_index(drop=True)


def records(df: pd.DataFrame) -> list[Any]:
    """The rows as named tuples (like ``itertuples``), but with each column converted to Python
    values at once: iterating a pandas 3 string column (Arrow) value by value costs microseconds
    a value, which adds up to seconds on a large corpus."""
    row = namedtuple("Row", list(df.columns), rename=True)  # type: ignore[misc]
    return list(map(row._make, zip(*(df[c].tolist() for c in df.columns), strict=True))) if len(df.columns) else []


def to_csv_text(df: pd.DataFrame) -> str:
    """The exact bytes written for a table (as text)."""
    return str(df.to_csv(index=False, lineterminator="\n", float_format="%.15g"))


def read_table(path: Path, table: str) -> pd.DataFrame:
    """Read a table written by :func:`write_tables` back with its types."""
    df = pd.read_csv(path, keep_default_na=False, dtype=str)
    for c in df.columns:
        if c in INT_COLUMNS:
            df[c] = df[c].astype("int64")
        elif c in FLOAT_COLUMNS:
            df[c] = pd.to_numeric(df[c]).astype("float64")
        elif c in BOOL_COLUMNS:
            df[c] = df[c].map({"True": True, "False": False}).astype("bool")
    return df


def write_atomic(path: Path, text: str) -> None:
    """Write to a temporary file beside ``path`` and rename it over: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_tables(tables: Mapping[str, pd.DataFrame], out: Path) -> list[Path]:
    """Write every table as ``out/<table>.csv``; return the paths whose bytes changed."""
    changed = []
    for name, df in tables.items():
        path = out / f"{name}.csv"
        text = to_csv_text(df)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            write_atomic(path, text)
            changed.append(path)
    return changed


def stale_tables(tables: Mapping[str, pd.DataFrame], out: Path) -> list[str]:
    """Names of the tables whose file in ``out`` differs from what extraction gives now."""
    stale = []
    for name, df in tables.items():
        path = out / f"{name}.csv"
        if not path.exists() or path.read_text(encoding="utf-8") != to_csv_text(df):
            stale.append(name)
    return stale
