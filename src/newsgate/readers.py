"""Readers: turn a folder of ``.txt`` articles (with an optional manifest) or a JSONL file
into :class:`~newsgate.model.Article` objects.

A corpus is scraped text that arrives in pull requests, so every file is untrusted. A file
that cannot be read as an article (not UTF-8, binary, empty, over the size limit, a link
out of the corpus folder, a duplicate id, a bad manifest row) is a :class:`Problem` naming
the file; the other articles are still read. Nothing here writes to the corpus, follows a
link out of it, opens a path a manifest names, or reads more than the size limit.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from newsgate.errors import NewsgateError
from newsgate.model import Article, normalise_newlines

META_FIELDS = ("outlet", "url", "published", "title")
MANIFEST_NAMES = ("manifest.csv", "manifest.yml", "manifest.yaml")
MAX_ARTICLE_BYTES = 5_000_000  # the default of ``max_article_bytes``: a long feature is 50 KB
MAX_ARTICLE_CHARS = 1_000_000  # spaCy's Language.max_length: longer texts are refused by the pipeline


@dataclass(frozen=True)
class Problem:
    """A file (or JSONL line, or manifest row) that could not be read as intended."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: error: {self.message}"


class _Bad(Exception):
    """Raised by the helpers below with the message of a :class:`Problem`."""


def read_corpus(
    path: str | Path, *, max_bytes: int = MAX_ARTICLE_BYTES, problems: list[Problem] | None = None
) -> list[Article]:
    """Read a corpus folder or JSONL file; articles come back sorted by id.

    With ``problems`` given, each unreadable file is appended to it and skipped; without
    it the first one raises :class:`NewsgateError`. A missing corpus always raises.
    """
    root = Path(path)
    if not root.exists():
        raise NewsgateError(f"{root}: no such corpus folder or file")
    found: list[Problem] = []
    if root.is_file():
        if root.suffix.lower() not in (".jsonl", ".ndjson"):
            raise NewsgateError(f"{root}: a corpus is a folder of .txt files or a .jsonl file")
        read = list(_read_jsonl(root, max_bytes, found))
    else:
        read = list(_read_folder(root, max_bytes, found))
    seen: dict[str, str] = {}
    articles = []
    for art, where in read:
        if art.id in seen:
            found.append(Problem(where, f"article id {art.id!r} is also used by {seen[art.id]}; skipped"))
            continue
        seen[art.id] = where
        articles.append(art)
    if not read and not found:
        found.append(Problem(str(root), "no articles found (a corpus is a folder of .txt files or a .jsonl file)"))
    if problems is not None:
        problems.extend(found)
    elif found:
        more = f" (and {len(found) - 1} more problems)" if len(found) > 1 else ""
        raise NewsgateError(f"{found[0].path}: {found[0].message}{more}")
    return sorted(articles, key=lambda a: a.id)


def decode(raw: bytes, where: str) -> str:
    """Strict UTF-8 (BOM accepted) or UTF-16 with a BOM; anything else is a clear error, never a guess."""
    try:
        return _decode(raw)
    except _Bad as exc:
        raise NewsgateError(f"{where}: {exc}") from None


def _decode(raw: bytes) -> str:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not raw.startswith(codecs.BOM_UTF32_LE):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise _Bad("starts with a UTF-16 byte-order mark but is not UTF-16 text") from None
    else:
        nul = raw.find(b"\x00")
        if nul >= 0:
            if _looks_utf16(raw):
                raise _Bad("looks like UTF-16 without a byte-order mark: save it as UTF-8")
            raise _Bad(f"binary content, not text (NUL byte at offset {nul})")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            byte = raw[exc.start : exc.start + 1].hex().upper()
            raise _Bad(f"not UTF-8 text (byte 0x{byte} at offset {exc.start}): save it as UTF-8") from None
    return normalise_newlines(text)


def _looks_utf16(raw: bytes) -> bool:
    """Mostly-ASCII UTF-16 has a NUL in every other byte; binary data has them anywhere."""
    half = len(raw) // 2
    return half > 0 and max(raw[0::2].count(0), raw[1::2].count(0)) >= 0.4 * half


def _check_text(text: str) -> str:
    if not text:
        raise _Bad("empty article")
    if not text.strip():
        raise _Bad("the article is only whitespace")
    if "\x00" in text:
        raise _Bad(f"binary content, not text (NUL character at offset {text.index(chr(0))})")
    if len(text) > MAX_ARTICLE_CHARS:
        raise _Bad(f"{len(text):,} characters, over the limit of {MAX_ARTICLE_CHARS:,} per article; skipped")
    return text


def _read_file(root: Path, file: Path, max_bytes: int | None) -> bytes:
    """The bytes of a regular file inside ``root``, read only if it is within ``max_bytes``."""
    try:
        info = os.lstat(file)  # one system call for the common case, a plain file
        if stat.S_ISLNK(info.st_mode):
            if not file.exists():
                raise _Bad("a broken symbolic link")
            if not file.resolve().is_relative_to(root.resolve()):
                raise _Bad("a symbolic link to a file outside the corpus folder (not followed)")
            info = file.stat()
        if stat.S_ISDIR(info.st_mode):
            raise _Bad("a directory where an article file is expected")
        if not stat.S_ISREG(info.st_mode):
            raise _Bad("not a regular file")
        if max_bytes is not None and info.st_size > max_bytes:
            raise _Bad(_too_big(info.st_size, max_bytes))
        with file.open("rb") as fh:  # at most one byte over the limit, even if the file grows meanwhile
            raw = fh.read(-1 if max_bytes is None else max_bytes + 1)
    except OSError as exc:
        raise _Bad(f"cannot read ({exc.strerror or exc})") from None
    if max_bytes is not None and len(raw) > max_bytes:
        raise _Bad(_too_big(len(raw), max_bytes))
    return raw


def _too_big(size: int, max_bytes: int) -> str:
    return f"{size:,} bytes, over the article size limit of {max_bytes:,} (max_article_bytes); not read"


def _read_folder(root: Path, max_bytes: int, problems: list[Problem]) -> Iterator[tuple[Article, str]]:
    manifest = _read_manifest(root, problems)
    try:
        files = sorted((p for p in root.iterdir() if p.suffix.lower() == ".txt"), key=lambda p: p.name)
    except OSError as exc:
        raise NewsgateError(f"{root}: cannot list the corpus folder ({exc.strerror})") from None
    for file in files:
        try:
            text = _check_text(_decode(_read_file(root, file, max_bytes)))
        except _Bad as exc:
            problems.append(Problem(str(file), str(exc)))
            manifest.pop(file.stem, None)
            continue
        meta = manifest.pop(file.stem, {})
        yield _article(file.stem, text, str(file), meta), str(file)
    if manifest:
        names = ", ".join(repr(i) for i in sorted(manifest)[:3]) + (", ..." if len(manifest) > 3 else "")
        problems.append(
            Problem(
                str(_manifest_file(root) or root),
                f"{len(manifest)} manifest entries name no .txt file in the corpus folder: {names}",
            )
        )


def _manifest_file(root: Path) -> Path | None:
    return next((root / n for n in MANIFEST_NAMES if (root / n).exists() or (root / n).is_symlink()), None)


def _read_manifest(root: Path, problems: list[Problem]) -> dict[str, dict[str, str]]:
    """``id -> metadata`` from manifest.csv / manifest.yml. Bad rows are problems; the
    articles they describe are still read, without that metadata."""
    file = _manifest_file(root)
    if file is None:
        return {}
    try:
        text = _decode(_read_file(root, file, None))
        rows = _manifest_rows(file, text)
    except _Bad as exc:
        problems.append(Problem(str(file), str(exc)))
        return {}
    table: dict[str, dict[str, str]] = {}
    first: dict[str, str] = {}
    for where, row in rows:
        try:
            if isinstance(row, _Bad):
                raise row
            if not isinstance(row, dict):
                raise _Bad("expected a mapping with an id")
            art_id = _article_id(row.get("id"))
            if "/" in art_id or "\\" in art_id or art_id in (".", ".."):
                raise _Bad(f"id {art_id!r} is not a file name in the corpus folder (nothing outside it is read)")
            if art_id in table:
                raise _Bad(f"id {art_id!r} is listed again (first at {first[art_id]})")
        except _Bad as exc:
            problems.append(Problem(where, str(exc)))
            continue
        meta = {str(k): "" if v is None else str(v) for k, v in row.items() if k not in (None, "", "id")}
        try:
            meta["published"] = _published(meta.get("published", ""))
        except _Bad as exc:
            problems.append(Problem(where, f"{exc}; the article is read without it"))
            meta["published"] = ""
        table[art_id], first[art_id] = meta, where
    return table


def _manifest_rows(file: Path, text: str) -> list[tuple[str, object]]:
    """``(where, row)`` per manifest entry (a :class:`_Bad` for a row of the wrong width);
    an error in the whole file is raised."""
    if file.suffix == ".csv":
        reader = csv.reader(io.StringIO(text, newline=""))
        rows: list[tuple[str, object]] = []
        try:
            header = [h.strip() for h in next(reader, [])]
            if "id" not in header:
                raise _Bad(f"no 'id' column (columns: {', '.join(header) or 'none'})")
            if len(set(header)) != len(header):
                raise _Bad("a column name is repeated in the header")
            for row in reader:
                where = f"{file}:{reader.line_num}"
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != len(header):
                    rows.append((where, _Bad(f"{len(row)} fields, but the header has {len(header)}")))
                else:
                    rows.append((where, dict(zip(header, row, strict=True))))
        except csv.Error as exc:
            raise _Bad(f"not valid CSV ({exc})") from None
        return rows
    import yaml

    try:
        loaded = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise _Bad(f"not valid YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(loaded, list):
        raise _Bad("expected a list of articles")
    return [(f"{file} entry {i}", row) for i, row in enumerate(loaded, start=1)]


def _article_id(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise _Bad("needs an id (a string)")
    art_id = str(value).strip()
    if not art_id or not art_id.isprintable():
        raise _Bad(f"id {art_id!r} is empty or holds control characters")
    return art_id


def _published(value: str) -> str:
    """An ISO date (a timestamp is cut to its date), or "" for none."""
    value = value.strip()
    if not value:
        return ""
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        raise _Bad(f"published date {value!r} is not an ISO date") from None


def _read_jsonl(file: Path, max_bytes: int, problems: list[Problem]) -> Iterator[tuple[Article, str]]:
    """One article per line, streamed: a line over the size limit is skipped unread."""
    try:
        fh = file.open("rb")
    except OSError as exc:
        raise NewsgateError(f"{file}: cannot read ({exc.strerror})") from None
    with fh:
        head = fh.read(4)
        fh.seek(0)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in head:
            problems.append(Problem(str(file), "UTF-16 or binary content: a JSONL corpus is UTF-8 text"))
            return
        lineno = 0
        while chunk := fh.readline(max_bytes + 1):
            lineno += 1
            if len(chunk) > max_bytes and not chunk.endswith(b"\n"):
                message = f"a line over the article size limit of {max_bytes:,} bytes (max_article_bytes); not read"
                problems.append(Problem(f"{file}:{lineno}", message))
                while chunk and not chunk.endswith(b"\n"):
                    chunk = fh.readline(max_bytes + 1)
                continue
            try:
                line = chunk.decode("utf-8")
            except UnicodeDecodeError as exc:
                problems.append(Problem(f"{file}:{lineno}", f"not UTF-8 text (byte {exc.start} of the line)"))
                continue
            pieces = line.removeprefix("\ufeff").rstrip("\r\n").split("\r")  # a lone CR ends a line too
            for i, piece in enumerate(pieces):
                where = f"{file}:{lineno + i}"
                try:
                    art = _jsonl_article(piece, str(file), where, problems)
                except _Bad as exc:
                    problems.append(Problem(where, str(exc)))
                    continue
                if art is not None:
                    yield art, where
            lineno += len(pieces) - 1


def _jsonl_article(line: str, path: str, where: str, problems: list[Problem]) -> Article | None:
    if not line.strip():
        return None
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise _Bad(f"not valid JSON ({exc.msg})") from None
    if not isinstance(obj, dict) or not isinstance(obj.get("id"), (str, int)) or not isinstance(obj.get("text"), str):
        raise _Bad("each line needs a string 'id' and 'text'")
    art_id = _article_id(obj["id"])
    text = _check_text(normalise_newlines(obj["text"]))
    meta = {str(k): str(v) for k, v in obj.items() if k not in ("id", "text") and v is not None}
    try:
        meta["published"] = _published(meta.get("published", ""))
    except _Bad as exc:
        problems.append(Problem(where, f"{exc}; the article is read without it"))
        meta["published"] = ""
    return _article(art_id, text, path, meta)


def _article(art_id: str, text: str, path: str, meta: dict[str, str]) -> Article:
    return Article(
        id=art_id,
        text=text,
        path=path,
        outlet=meta.get("outlet", ""),
        url=meta.get("url", ""),
        published=meta.get("published", ""),
        title=meta.get("title", ""),
        meta={k: v for k, v in meta.items() if k not in META_FIELDS and k != "id"},
    )
