"""Word lists taken from spaCy's English data and shipped as files (``data/spacy-*.txt``):
splitting sentences and judging what a sentence is about then never import spaCy, which
costs seconds at start-up in a run that needs no model (rules mode, a scoped gate).

After a spaCy upgrade, regenerate the files: ``python -m newsgate.wordlists``
(a test fails until they match the installed spaCy).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path


def _abbreviations() -> list[str]:
    """Abbreviations ending in a period among the English tokenizer exceptions ("u.s.", "jan.")."""
    from spacy.lang.en.tokenizer_exceptions import TOKENIZER_EXCEPTIONS

    return sorted({k.lower() for k in TOKENIZER_EXCEPTIONS if k.endswith(".") and len(k) > 1})


def _stop_words() -> list[str]:
    """The English stop words."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return sorted(STOP_WORDS)


FROM_SPACY: dict[str, Callable[[], list[str]]] = {"abbreviations": _abbreviations, "stop-words": _stop_words}


@cache
def words(name: str) -> frozenset[str]:
    """The shipped list ``name`` (a key of :data:`FROM_SPACY`)."""
    text = resources.files("newsgate").joinpath(f"data/spacy-{name}.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def regenerate(folder: Path) -> None:
    """Write every list from the installed spaCy."""
    import spacy

    from newsgate.tables import write_atomic

    for name, make in FROM_SPACY.items():
        header = f"# {make.__doc__} From spaCy {spacy.__version__}; regenerate: python -m newsgate.wordlists\n"
        write_atomic(folder / f"spacy-{name}.txt", header + "".join(f"{w}\n" for w in make()))


if __name__ == "__main__":
    regenerate(Path(str(resources.files("newsgate").joinpath("data"))))
