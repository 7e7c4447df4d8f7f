"""find_acronyms: definitions (Schwartz-Hearst with offsets), uses, long-form cleaning, never raising."""

from __future__ import annotations

import json
import logging

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgate.extractors.acronyms import (
    drop_descriptors,
    explains,
    find_acronyms,
    is_acronym,
    normalise_short,
    trim_long_form,
)

from ..conftest import SEEDS, shared_or_skip

KEYS = {"start", "end", "text", "kind", "short", "short_norm", "long", "long_start", "long_end"}

# (text, short as written, short_norm, long, text[long_start:long_end])
MUST_DEFINE = [
    (
        "Pakistan’s Frontier Works Organisation (FWO) signed",
        "FWO",
        "FWO",
        "Frontier Works Organisation",
        "Frontier Works Organisation",
    ),
    (
        "signed a memorandum of understanding (MoU) worth",
        "MoU",
        "MoU",
        "memorandum of understanding",
        "memorandum of understanding",
    ),
    ("between US Strategic Metals (USSM) and", "USSM", "USSM", "US Strategic Metals", "US Strategic Metals"),
    (
        "with the US-based firm Strategic Metals (USSM), marking",
        "USSM",
        "USSM",
        "US Strategic Metals",
        "US-based firm Strategic Metals",
    ),
    ("including rare earth elements (REEs).", "REEs", "REE", "rare earth elements", "rare earth elements"),
    (
        "two memoranda of understanding (MoUs) aimed",
        "MoUs",
        "MoU",
        "memoranda of understanding",
        "memoranda of understanding",
    ),
    (
        "and the National Logistics Corporation of Pakistan (NLCP).",
        "NLCP",
        "NLCP",
        "National Logistics Corporation of Pakistan",
        "National Logistics Corporation of Pakistan",
    ),
    ("and the Mota-Engil Group (MEG) and", "MEG", "MEG", "Mota-Engil Group", "Mota-Engil Group"),
    (
        "Pakistan’s National Logistics Corporation (NLC) and",
        "NLC",
        "NLC",
        "National Logistics Corporation",
        "National Logistics Corporation",
    ),
    ("Pakistan and the United States (US) have signed", "US", "US", "United States", "United States"),
    (
        "an attack in Indian Illegally Occupied Jammu and Kashmir (IIOJK).",
        "IIOJK",
        "IIOJK",
        "Indian Illegally Occupied Jammu and Kashmir",
        "Indian Illegally Occupied Jammu and Kashmir",
    ),
    # robustness: reversed form, quotes, stray parenthesis, odd spacing
    (
        "The FWO (Frontier Works Organisation) said",
        "FWO",
        "FWO",
        "Frontier Works Organisation",
        "Frontier Works Organisation",
    ),
    (
        'the "Frontier Works Organisation" ("FWO") said',
        "FWO",
        "FWO",
        "Frontier Works Organisation",
        "Frontier Works Organisation",
    ),
    (
        "A stray ) mark, then the Frontier Works Organisation (FWO) signed",
        "FWO",
        "FWO",
        "Frontier Works Organisation",
        "Frontier Works Organisation",
    ),
    (
        "the Frontier  Works\u00a0 Organisation (FWO)",
        "FWO",
        "FWO",
        "Frontier Works Organisation",
        "Frontier  Works\u00a0 Organisation",
    ),
    (
        "the ‘Frontier Works Organisation’ (FWO) said",
        "FWO",
        "FWO",
        "Frontier Works Organisation",
        "Frontier Works Organisation",
    ),
    (
        "the Frontier Works Organisation ( FWO ) said",
        "FWO",
        "FWO",
        "Frontier Works Organisation",
        "Frontier Works Organisation",
    ),
]

MUST_NOT_DEFINE = [
    "the company (founded in 1990) said",
    "in Islamabad (Reuters) - officials",
    "sales rose (by 5%) last year",
    "USSM (based in St Louis, Missouri) said",
    "Pakistan (",
    "",
]

# (text, token, short)
MUST_USE = [
    ("The MoU was signed", "MoU", "MoU"),
    ("the MoUs were signed", "MoUs", "MoU"),
    ("a U.S. firm", "U.S.", "U.S."),
    ("the US embassy", "US", "US"),
    ("the US-Pakistan relationship", "US", "US"),
    ("AT&T said", "AT&T", "AT&T"),
    ("a PhD student", "PhD", "PhD"),
    ("the USSM’s refinery", "USSM", "USSM"),
]

NOT_USES = [
    "World War II and Henry VIII",
    "McDonald and DeSantis met I think",
    "A deal was signed",
    "ISLAMABAD:\nPakistan and the United States signed",
    "BERLIN/MADRID (Reuters) - Workers",
    "PAKISTAN SIGNS MINERALS DEAL WITH FIRM",
    "",
]


@pytest.mark.parametrize(("text", "short", "norm", "long", "long_text"), MUST_DEFINE)
def test_must_define(text: str, short: str, norm: str, long: str, long_text: str) -> None:
    defs = [r for r in find_acronyms(text) if r["kind"] == "definition"]
    assert len(defs) == 1, defs
    row = defs[0]
    assert (row["short"], row["short_norm"], row["long"]) == (short, norm, long)
    assert text[int(str(row["long_start"])) : int(str(row["long_end"]))] == long_text


@pytest.mark.parametrize("text", MUST_NOT_DEFINE)
def test_must_not_define(text: str) -> None:
    assert [r for r in find_acronyms(text) if r["kind"] == "definition"] == []


@pytest.mark.parametrize(("text", "token", "short"), MUST_USE)
def test_must_use(text: str, token: str, short: str) -> None:
    uses = [r for r in find_acronyms(text) if r["kind"] == "use"]
    assert [(r["text"], r["short"]) for r in uses] == [(token, short)]
    assert uses[0]["long"] == "" and uses[0]["long_start"] == uses[0]["long_end"] == -1


@pytest.mark.parametrize("text", NOT_USES)
def test_not_uses(text: str) -> None:
    assert [r["text"] for r in find_acronyms(text) if r["kind"] == "use"] == []


def test_short_form_in_parentheses_is_not_also_a_use() -> None:
    text = "the Frontier Works Organisation (FWO) said. Later the FWO added"
    rows = find_acronyms(text)
    assert [(r["kind"], r["start"]) for r in rows] == [("definition", text.index("FWO")), ("use", text.rindex("FWO"))]


@pytest.mark.parametrize(
    ("long", "short", "expected"),
    [
        ("the Frontier Works Organisation", "FWO", "Frontier Works Organisation"),
        ("firm Strategic Metals", "SM", "Strategic Metals"),
        ("United States", "US", "United States"),
        ("US-based firm Strategic Metals", "USSM", "US-based firm Strategic Metals"),  # every word is needed
        ("Frontier Works Organisation", "XYZ", "Frontier Works Organisation"),  # explains nothing: left alone
    ],
)
def test_trim_long_form(long: str, short: str, expected: str) -> None:
    assert trim_long_form(long, short) == expected


@pytest.mark.parametrize(
    ("long", "short", "expected"),
    [
        ("US-based firm Strategic Metals", "USSM", "US Strategic Metals"),
        ("Acme company Holdings", "AH", "Acme Holdings"),
        ("Acme Firm Holdings", "AFH", "Acme Firm Holdings"),  # capitalised: part of the name
        ("evidence-based medicine", "EBM", "evidence-based medicine"),
        ("firm competition authority", "FCA", "firm competition authority"),  # the F needs "firm"
    ],
)
def test_drop_descriptors(long: str, short: str, expected: str) -> None:
    assert drop_descriptors(long, short) == expected


def test_helpers() -> None:
    assert explains("Frontier Works Organisation", "FWO")
    assert not explains("Works Organisation", "FWO")
    assert not explains("", "FWO")
    assert [normalise_short(s) for s in ("REEs", "MoUs", "AAMC's", "U.S.", "US", "NGO’s")] == [
        "REE",
        "MoU",
        "AAMC",
        "US",
        "US",
        "NGO",
    ]
    assert [
        is_acronym(s) for s in ("US", "MoU", "MoUs", "IIOJK", "U.S.", "McDonald", "Reuters", "A", "e.g.", "3M")
    ] == [True, True, True, True, True, False, False, False, False, False]


def test_import_leaves_root_logger_alone() -> None:
    """The package calls logging.basicConfig at import; our import must not add handlers to the root logger."""
    from newsgate.extractors import acronyms

    acronyms._sh.cache_clear()
    before = list(logging.getLogger().handlers)
    acronyms._sh()
    assert logging.getLogger().handlers == before


def _check_rows(text: str, rows: list[dict[str, object]]) -> None:
    for row in rows:
        assert set(row) == KEYS
        start, end, ls, le = row["start"], row["end"], row["long_start"], row["long_end"]
        assert isinstance(start, int) and isinstance(end, int) and isinstance(ls, int) and isinstance(le, int)
        assert 0 <= start < end <= len(text)
        assert text[start:end] == row["text"]
        if row["kind"] == "definition":
            assert 0 <= ls < le <= len(text) and row["long"]
        else:
            assert (ls, le, row["long"]) == (-1, -1, "")
    spans = [(r["start"], r["end"]) for r in rows]
    assert spans == sorted(spans)  # type: ignore[type-var]


def test_seed_definitions() -> None:
    """Every acronym the seeds define, with its cleaned long form."""
    found = set()
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        rows = find_acronyms(text)
        _check_rows(text, rows)
        assert rows == find_acronyms(text)
        found |= {(r["short"], r["long"]) for r in rows if r["kind"] == "definition"}
    assert found == {
        ("US", "United States"),
        ("MoU", "memorandum of understanding"),
        ("MoUs", "memoranda of understanding"),
        ("USSM", "US Strategic Metals"),
        ("FWO", "Frontier Works Organisation"),
        ("FWO", "Frontier Works Organization"),
        ("IIOJK", "Indian Illegally Occupied Jammu and Kashmir"),
        ("REEs", "rare earth elements"),
        ("MEG", "Mota-Engil Group"),
        ("NLCP", "National Logistics Corporation of Pakistan"),
        ("NLC", "National Logistics Corporation"),
    }


_PIECES = [
    "the",
    "Frontier",
    "Works",
    "Organisation",
    "(",
    ")",
    "(FWO)",
    "FWO",
    "MoUs",
    "U.S.",
    "“",
    "”",
    '"',
    "'",
    ";",
    ":",
    "\n",
    "\u200f",
    "\u00a0",
    "İ",
    "ǅ",
    "II",
    "-based",
    "firm",
    "  ",
    "ISLAMABAD:",
    "&",
    "—",
]


@settings(derandomize=True, max_examples=100, deadline=None)
@given(
    st.one_of(
        st.text(),
        st.lists(st.sampled_from(_PIECES), max_size=30).map(" ".join),
        st.lists(st.sampled_from(_PIECES), max_size=30).map("".join),
    )
)
def test_arbitrary_text_never_raises(text: str) -> None:
    _check_rows(text, find_acronyms(text))


def test_secondstring_gold_targets() -> None:
    """Exact (short, long) pairs on 401 biomedical abstracts: precision >= 0.95, recall >= 0.85 (measured .959/.874)."""
    path = shared_or_skip("peer-tests", "abbreviations", "secondstring_abbvAlign_gold_pairs.jsonl")

    def norm(s: object) -> str:
        return " ".join(str(s).split()).casefold()

    n_pred = n_gold = hit = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        gold = {(norm(p["short"]), norm(p["long"])) for p in doc["pairs"]}
        pred = {(norm(r["short"]), norm(r["long"])) for r in find_acronyms(doc["text"]) if r["kind"] == "definition"}
        n_pred, n_gold, hit = n_pred + len(pred), n_gold + len(gold), hit + len(pred & gold)
    assert hit / n_pred >= 0.95
    assert hit / n_gold >= 0.85
