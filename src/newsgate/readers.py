"""Readers: turn a folder of ``.txt`` articles (with an optional manifest) or a JSONL file
into :class:`~newsgate.model.Article` objects. Nothing here writes to the corpus."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path

from newsgate.errors import NewsgateError
from newsgate.model import Article, normalise_newlines

META_FIELDS = ("outlet", "url", "published", "title")
MANIFEST_NAMES = ("manifest.csv", "manifest.yml", "manifest.yaml")


def read_corpus(path: str | Path) -> list[Article]:
    """Read a corpus folder or JSONL file; articles come back sorted by id."""
    root = Path(path)
    if not root.exists():
        raise NewsgateError(f"{root}: no such corpus folder or file")
    if root.is_file():
        if root.suffix.lower() not in (".jsonl", ".ndjson"):
            raise NewsgateError(f"{root}: a corpus is a folder of .txt files or a .jsonl file")
        articles = list(_read_jsonl(root))
    else:
        articles = list(_read_folder(root))
    seen: dict[str, Article] = {}
    for art in articles:
        if art.id in seen:
            raise NewsgateError(f"{art.path}: article id {art.id!r} is also used by {seen[art.id].path}")
        seen[art.id] = art
    return sorted(seen.values(), key=lambda a: a.id)


def decode(raw: bytes, where: str) -> str:
    """Strict UTF-8 (BOM accepted); anything else is a clear error, never a guess."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NewsgateError(f"{where}: not UTF-8 text (byte {exc.start}: {raw[exc.start : exc.start + 1]!r})") from None
    return normalise_newlines(text)


def _read_folder(root: Path) -> Iterable[Article]:
    manifest = _read_manifest(root)
    for file in sorted(root.glob("*.txt")):
        if not file.is_file():
            raise NewsgateError(f"{file}: expected an article file, found something else")
        try:
            raw = file.read_bytes()
        except OSError as exc:
            raise NewsgateError(f"{file}: cannot read ({exc.strerror})") from None
        meta = manifest.pop(file.stem, {})
        yield _article(file.stem, decode(raw, str(file)), str(file), meta, str(file))
    if manifest:
        missing = ", ".join(sorted(manifest)[:3])
        raise NewsgateError(f"{root}: manifest names articles with no .txt file: {missing}")


def _read_manifest(root: Path) -> dict[str, dict[str, str]]:
    for name in MANIFEST_NAMES:
        file = root / name
        if file.is_file():
            break
    else:
        return {}
    text = decode(file.read_bytes(), str(file))
    if file.suffix == ".csv":
        rows = list(csv.DictReader(text.splitlines()))
    else:
        import yaml

        try:
            loaded = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise NewsgateError(f"{file}: not valid YAML ({str(exc).splitlines()[0]})") from None
        rows = loaded if isinstance(loaded, list) else []
        if not isinstance(loaded, list):
            raise NewsgateError(f"{file}: expected a list of articles")
    table: dict[str, dict[str, str]] = {}
    for i, row in enumerate(rows, start=2):
        if not isinstance(row, dict) or not row.get("id"):
            raise NewsgateError(f"{file}: entry {i - 1} has no id")
        table[str(row["id"])] = {str(k): "" if v is None else str(v) for k, v in row.items() if k}
    return table


def _read_jsonl(file: Path) -> Iterable[Article]:
    text = decode(file.read_bytes(), str(file))
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{file}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise NewsgateError(f"{where}: not valid JSON ({exc.msg})") from None
        if (
            not isinstance(obj, dict)
            or not isinstance(obj.get("id"), (str, int))
            or not isinstance(obj.get("text"), str)
        ):
            raise NewsgateError(f"{where}: each line needs a string 'id' and 'text'")
        meta = {k: str(v) for k, v in obj.items() if k not in ("id", "text") and v is not None}
        yield _article(str(obj["id"]), normalise_newlines(obj["text"]), str(file), meta, where)


def _article(art_id: str, text: str, path: str, meta: dict[str, str], where: str) -> Article:
    published = meta.get("published", "").strip()
    if published:
        try:
            published = dt.date.fromisoformat(published[:10]).isoformat()
        except ValueError:
            raise NewsgateError(f"{where}: published date {published!r} is not an ISO date") from None
    return Article(
        id=art_id,
        text=text,
        path=path,
        outlet=meta.get("outlet", ""),
        url=meta.get("url", ""),
        published=published,
        title=meta.get("title", ""),
        meta={k: v for k, v in meta.items() if k not in META_FIELDS and k != "id"},
    )
