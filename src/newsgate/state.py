"""The corpus state: what the last full gate derived from a corpus, kept so that the next
run does work in proportion to what changed, not to the size of the corpus.

It holds every article's extracted rows and spots (what ``linking.relink`` needs to link a
few changed articles back in), what each cross-article grouping saw (``checks.groups.
Grouped``, for ``rejudge``), and a digest of each article's rows in every fact table (to
tell which articles' rows a change reached: new canonical ids reach articles nobody
edited; only the tables linking rewrites, as the other rows of an unedited article are as
they were). It lives in the cache folder, one folder per corpus and mode, as Parquet files
plus a manifest naming them. Like the per-article cache it is never trusted blindly: a
missing, damaged or foreign state (other code, mode or registry) is ignored and rebuilt.

Writes are atomic: the data files of a new state get fresh names, then the manifest is
replaced in one rename, then the old files are removed; a reader sees the old state or the
new one, never a mix.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from newsgate.cache import extractor_version, sources_digest
from newsgate.checks.groups import Grouped
from newsgate.linking import LINKED_TABLES, Linked
from newsgate.tables import TABLES, write_atomic

FORMAT = 1
# The corpus-level code a state depends on (per-article extraction is in extractor_version).
_SOURCES = (
    "linking.py",
    "normalise.py",
    "tables.py",
    "state.py",
    "checks/groups.py",
    "checks/consistency.py",
    "checks/context.py",
    "data/spacy-stop-words.txt",
)


@cache
def _code_version() -> str:
    return str(sources_digest(f"{FORMAT}:{extractor_version()}", _SOURCES).hexdigest()[:20])


def state_version(mode: str, registry: Mapping[str, Any] | None) -> str:
    """What a state was made with: newsgate's code, the extraction mode and the pinned names."""
    pinned = json.dumps(registry or {}, sort_keys=True, default=str)
    return hashlib.sha256(f"{_code_version()}\x1f{mode}\x1f{pinned}".encode()).hexdigest()[:20]


def article_digests(tables: Mapping[str, pd.DataFrame]) -> dict[str, str]:
    """A digest of each article's rows in the tables linking rewrites (order-independent within
    a table): what tells an article a change reached from one it did not."""
    parts: dict[str, list[str]] = {}
    for name in LINKED_TABLES:
        df = tables[name]
        if df.empty:
            continue
        hashed = pd.util.hash_pandas_object(df, index=False)
        sums = hashed.groupby(df["article"].to_numpy(), sort=False).sum()  # uint64: wraps, order-free
        counts = dict(df.groupby("article", sort=False).size().items())
        for article, total in sums.items():
            parts.setdefault(str(article), []).append(f"{name}:{counts[article]}:{int(total)}")
    return {a: hashlib.sha256("|".join(p).encode()).hexdigest()[:16] for a, p in parts.items()}


@dataclass
class CorpusState:
    """A full run's results on a corpus, as kept between runs."""

    version: str
    keys: dict[str, str]  # article id -> the cache entry key of its text (what was extracted)
    digests: dict[str, str]  # article id -> digest of its rows in the fact tables
    linked: Linked
    grouped: dict[str, Grouped]

    def dirty(self, keys: Mapping[str, str], digests: Mapping[str, str]) -> set[str]:
        """Articles that are new, gone, re-extracted, or whose rows differ in any table."""
        ids = self.keys.keys() | keys.keys()
        return {a for a in ids if self.keys.get(a) != keys.get(a) or self.digests.get(a) != digests.get(a)}


def state_folder(cache_folder: Path, corpus: Path, mode: str) -> Path:
    where = hashlib.sha256(f"{corpus.resolve()}\x1f{mode}".encode()).hexdigest()[:16]
    return cache_folder / "state" / where


def load_state(folder: Path, version: str) -> CorpusState | None:
    """The state in ``folder`` if it is whole and was made by this version; else None."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT or manifest.get("version") != version:
            return None
        files = manifest["files"]
        raw = {t: _read(folder / files[f"raw-{t}"]) for t in TABLES}
        spotted = _read(folder / files["spotted"])
        grouped = {
            name: Grouped(_read(folder / parts["members"]), _read(folder / parts["postings"]))
            for name, parts in files["grouped"].items()
        }
        keys = {str(k): str(v) for k, v in manifest["keys"].items()}
        digests = {str(k): str(v) for k, v in manifest["digests"].items()}
    except (OSError, ValueError, KeyError, TypeError):
        return None
    except Exception:  # pyarrow's own errors on a damaged file: a state is never worth a crash
        return None
    return CorpusState(version, keys, digests, Linked(raw, spotted, {}), grouped)


def save_state(folder: Path, state: CorpusState) -> None:
    """Write ``state`` (atomically, see the module's docstring). A full disk costs speed only."""
    generation = uuid.uuid4().hex[:12]
    files: dict[str, Any] = {}
    written: list[Path] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        frames = {f"raw-{t}": df for t, df in state.linked.raw.items()} | {"spotted": state.linked.spotted}
        for name, df in frames.items():
            files[name] = _write(folder, generation, name, df, written)
        files["grouped"] = {
            name: {part: _write(folder, generation, f"{name}-{part}", df, written) for part, df in parts.items()}
            for name, parts in ((n, {"members": g.members, "postings": g.postings}) for n, g in state.grouped.items())
        }
        manifest = {
            "format": FORMAT,
            "version": state.version,
            "files": files,
            "keys": state.keys,
            "digests": state.digests,
        }
        write_atomic(folder / "manifest.json", json.dumps(manifest, sort_keys=True))
    except OSError:
        for path in written:
            with contextlib.suppress(OSError):
                path.unlink()
        return
    for old in folder.glob("*.parquet"):  # earlier generations
        if not old.name.startswith(generation):
            with contextlib.suppress(OSError):
                old.unlink()


def _write(folder: Path, generation: str, name: str, df: pd.DataFrame, written: list[Path]) -> str:
    filename = f"{generation}-{name}.parquet"
    tmp = folder / f".{filename}.{os.getpid()}.tmp"
    written.append(tmp)
    df.to_parquet(tmp, index=False)
    os.replace(tmp, folder / filename)
    written[-1] = folder / filename
    return filename


def _read(path: Path) -> pd.DataFrame:
    return pd.read_parquet(path)
