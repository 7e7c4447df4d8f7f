"""find_suspicious_tokens: merged words, misspellings, glued sentences; what must pass; offsets; the lexicon cache."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgate.extractors.tokens import find_suspicious_tokens
from newsgate.lexicon import Lexicon, build_lexicon, load_lexicon

from ..conftest import SEEDS, shared_or_skip

KEYS = {"start", "end", "text", "kind", "suggestion", "reason"}
WORD_KINDS = {"merged", "misspelling"}

# (text, flagged text, kind, suggestion)
MUST_FLAG = [
    # the seed errors, in their own sentences
    ("US Chargé d’Affaires Natalie Bakertermed the MoUs an example. Natalie Baker said so.", "Bakertermed",
     "merged", "Baker termed"),
    ("The organisation specialises in defence, at a time when the country is seeking stablising the economy.",
     "stablising", "misspelling", "stabilising"),
    # the same typo in an article written in American spelling gets the American suggestion
    ("The organization specializes in defense, at a time when the country is seeking stablising the economy.",
     "stablising", "misspelling", "stabilizing"),
    ("but rain expected on Tuesday coulld hamper the search", "coulld", "misspelling", "could"),
    ("consistent with a pattern of miltary-led abuses", "miltary", "misspelling", "military"),
    ("We recieve letters every day.", "recieve", "misspelling", "receive"),
    ("The goverment said the plan's budget was approved.", "goverment", "misspelling", "government"),
    ("Pakistan’s goverment’s plans", "goverment", "misspelling", "government"),
    ("rely on alternative medicinescombined with frequent checks", "medicinescombined", "merged",
     "medicines combined"),
    ("The minister announcedthe plan on Monday.", "announcedthe", "merged", "announced the"),
    ("the deal covers mineralsPakistan holds", "mineralsPakistan", "merged", "minerals Pakistan"),
    # glued sentences
    ("in the country’s mineral sector.Pakistan’s Frontier Works", "sector.Pakistan", "glued", "sector. Pakistan"),
    ("a refinery in Pakistan.The agreement follows", "Pakistan.The", "glued", "Pakistan. The"),
    ("as per AP.US Strategic Metals said. AP reported that US firms", "AP.US", "glued", "AP. US"),
    ("that will benefit both countries.”Earlier this year", "countries.”Earlier", "glued", "countries.” Earlier"),
    ("He asked why.“Because I can,” she said.", "why.“Because", "glued", "why. “Because"),
    ("Was it worth it?Nobody knows.", "it?Nobody", "glued", "it? Nobody"),
    ("It works!Really.", "works!Really", "glued", "works! Really"),
    ("owned by Apple Inc.The company said", "Inc.The", "glued", "Inc. The"),
]

# Texts in which nothing at all may be flagged.
MUST_PASS = [
    # British and American spellings
    "The organisation specialises in defence and formalised the tokenisation plan to prioritise growth.",
    "The organization specializes in defense and formalized the tokenization plan to prioritize growth.",
    "Officials emphasised the colour, centre, programme, travelled, licence, catalogue and behaviour rules.",
    # acronyms, mixed case, names
    "USSM signed two MoUs on REEs; the IIOJK and the FWO, NLCP and MEG were named.",
    "Acting Deputy Chief of Mission Zach Harkenrider met Natalie Baker.",
    "Deposits lie in Sindh, Punjab and Khyber Pakhtunkhwa, bordering Afghanistan.",
    "Portuguese construction giant Mota-Engil Group and Barrick Gold's Reko Diq mine.",
    "Field Marshal Syed Asim Munir and Ishaq Dar met Shehbaz Sharif.",
    "Bakertermed is a name when the article never mentions the first half on its own.",
    "She flew easyJet, bought an iPhone on eBay, watched YouTube at McDonald's with LeBron.",
    # numbers, tokens with digits, hyphenated compounds, possessives, contractions
    "A $500 million deal, a 50% stake, 3.5 percent growth, on 7 September 2025 at 10.30am.",
    "The Hwasong-15 missile, the C-2A aircraft, covid19 and the 1990s.",
    "A poly-metallic refinery, large-scale mining, value-added facilities and long-term partnerships.",
    "Pakistan’s mineral wealth, the countries’ ties, it's, don't, o'clock and they’re.",
    # web addresses, e-mails, handles, hashtags are never checked
    "See https://example.com/stablising-news or www.goverment.example.org today.",
    "Write to jhon.smithh@example.org or follow @newsgatte and #stablising.",
    # not glued sentences
    "U.S. officials and the U.S.-based firm, e.g. this one, i.e. that one, met at 9 a.m. today.",
    "The J.K. Rowling book, a Ph.D. student and the No.1 seed.",
    "Visit example.com or Amazon.com, and the St.Louis and Dr.Smith offices.",
    "It runs on ASP.NET and Node.js with version 3.5.1 installed.",
    "Prices rose 3.5% to 4.2%.Analysts cited 2.5 times growth.",
]


def word_errors(text: str) -> list[tuple[str, str, str]]:
    return [(str(r["text"]), str(r["kind"]), str(r["suggestion"])) for r in find_suspicious_tokens(text)]


def check_rows(text: str, rows: list[dict[str, object]]) -> None:
    """The contract every row obeys."""
    assert [(r["start"], r["end"]) for r in rows] == sorted((r["start"], r["end"]) for r in rows)
    for row in rows:
        assert set(row) == KEYS
        start, end = row["start"], row["end"]
        assert isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)
        assert text[start:end] == row["text"]
        assert row["kind"] in WORD_KINDS | {"glued"}
        assert isinstance(row["suggestion"], str) and row["suggestion"] and row["suggestion"] != row["text"]
        assert isinstance(row["reason"], str) and row["reason"]


@pytest.mark.parametrize(("text", "flagged", "kind", "suggestion"), MUST_FLAG)
def test_must_flag(text: str, flagged: str, kind: str, suggestion: str) -> None:
    rows = find_suspicious_tokens(text)
    check_rows(text, rows)
    assert (flagged, kind, suggestion) in word_errors(text)


@pytest.mark.parametrize("text", MUST_PASS)
def test_must_pass(text: str) -> None:
    assert word_errors(text) == []


def test_reasons() -> None:
    reasons = {str(r["text"]): r["reason"] for r in find_suspicious_tokens(
        "Natalie Baker spoke. Natalie Bakertermed it good, stablising the economy.Really?Yes.")}
    assert reasons == {
        "Bakertermed": "splits-into-known-words",
        "stablising": "not-in-dictionary",
        "economy.Really": "missing-space-after-period",
        "Really?Yes": "missing-space-after-question-mark",
    }


def test_extra_words_are_never_flagged() -> None:
    text = "rain coulld hamper the search"
    assert word_errors(text) == [("coulld", "misspelling", "could")]
    assert find_suspicious_tokens(text, extra_words=frozenset({"coulld"})) == []


def test_acronym_pair_needs_both_acronyms_on_their_own() -> None:
    assert word_errors("Built with ASP.NET today.") == []
    assert word_errors("The ASP said it. The NET said no. ASP.NET works.") == [("ASP.NET", "glued", "ASP. NET")]


def test_seeds_flag_exactly_the_known_errors() -> None:
    found: dict[str, list[tuple[str, str, str]]] = {}
    for file in sorted(SEEDS.glob("*.txt")):
        text = file.read_text(encoding="utf-8")
        rows = find_suspicious_tokens(text)
        check_rows(text, rows)
        found[file.name[:3]] = [(str(r["text"]), str(r["kind"]), str(r["suggestion"])) for r in rows]
    words = [row for rows in found.values() for row in rows if row[1] != "glued"]
    assert words == [("Bakertermed", "merged", "Baker termed"), ("stablising", "misspelling", "stabilising")]
    glued = [text for text, kind, _ in found["000"] if kind == "glued"]
    assert glued == [
        "sector.Pakistan", "Pakistan.The", "AP.US", "technologies.Another", "Group.According", "resources.The",
        "AP.The", "countries.”Earlier", "loans.Much", "organisation.Deposits", "reported.The",
    ]
    assert all(kind != "glued" for name in ("001", "002", "003", "004") for _, kind, _ in found[name])


def test_real_news_false_alarm_rate() -> None:
    """At most one flagged word per 2,000 words of real news that is not a real error."""
    corpora = shared_or_skip("corpora")
    real_errors = {"coulld", "medicinescombined", "miltary"}  # judged by hand: genuine typos in these texts
    words = 0
    wrong: list[str] = []
    for file in sorted(corpora.glob("*/*.txt")):
        text = file.read_text(encoding="utf-8")
        words += len(text.split())
        rows = find_suspicious_tokens(text)
        check_rows(text, rows)
        wrong += [str(r["text"]) for r in rows if r["kind"] != "glued" and r["text"] not in real_errors]
    assert words > 10_000
    assert len(wrong) <= words / 2000, wrong


def test_deterministic() -> None:
    text = (SEEDS / "000_2c87b1a8c52fc0df.txt").read_text(encoding="utf-8")
    assert find_suspicious_tokens(text) == find_suspicious_tokens(text)


FRAGMENTS = st.sampled_from(
    ["sector.Pakistan", "Bakertermed", "Baker", "stablising", "U.S.", "AP.US", "’s", "”", "“", "-", "'", ".", "?",
     " ", "\n", "3.5", "http://x.com/", "@h", "\u200f", "\u202e", "€", "ǅ", "İ", "ß", "ﬁ", "e\u0301", "x_y"]
)


@settings(derandomize=True, max_examples=100, deadline=None)
@given(st.lists(FRAGMENTS | st.text(max_size=8), max_size=12).map("".join))
def test_arbitrary_text_never_raises(text: str) -> None:
    check_rows(text, find_suspicious_tokens(text))


# --- lexicon: a tiny pair of Hunspell files keeps these tests fast ---

def tiny_dictionaries(folder: Path) -> Path:
    folder.mkdir()
    aff = "SET UTF-8\nSFX S Y 1\nSFX S 0 s .\nPFX U Y 1\nPFX U 0 un .\n"
    for name, words in (("en_US", ["color/S", "do/U", "Paris"]), ("en_GB", ["colour/S", "do/U", "Paris"])):
        (folder / f"{name}.aff").write_text(aff, encoding="utf-8")
        (folder / f"{name}.dic").write_text(f"{len(words)}\n" + "\n".join(words) + "\n", encoding="utf-8")
    return folder


def test_lexicon_expands_affixes_and_casing(tmp_path: Path) -> None:
    lexicon = build_lexicon(tiny_dictionaries(tmp_path / "dic"))
    assert {"color", "colors", "do", "undo", "Paris"} <= lexicon.us
    assert {"colour", "colours"} <= lexicon.gb
    assert lexicon.varieties("Colours") == {"gb"}
    assert lexicon.varieties("PARIS") == {"us", "gb"}
    assert lexicon.varieties("paris") == frozenset()


def test_lexicon_cache_is_written_reused_and_rebuilt_when_damaged(tmp_path: Path) -> None:
    source, cache = tiny_dictionaries(tmp_path / "dic"), tmp_path / "cache"
    cache.mkdir()
    (cache / "lexicon-0000000000000000.json").write_text("{}", encoding="utf-8")  # an older version's cache
    built = load_lexicon(cache, source)
    [file] = cache.glob("lexicon-*.json")  # the stale one is gone
    assert load_lexicon(cache, source) == built

    data = json.loads(file.read_text(encoding="utf-8"))
    data["us"].append("tampered")  # digest no longer matches: must not be trusted
    file.write_text(json.dumps(data), encoding="utf-8")
    assert "tampered" not in load_lexicon(cache, source).us

    for damage in ("", "{not json", '{"key": 1}', "[]"):
        file.write_text(damage, encoding="utf-8")
        assert load_lexicon(cache, source) == built
        assert json.loads(file.read_text(encoding="utf-8"))["us"] == sorted(built.us)


def test_lexicon_unwritable_cache_is_not_an_error(tmp_path: Path) -> None:
    source = tiny_dictionaries(tmp_path / "dic")
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert isinstance(load_lexicon(blocker / "cache", source), Lexicon)
