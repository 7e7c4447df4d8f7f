"""Entities: the model plus rules, cleaned (titles split off, stop list, determiners)."""

from __future__ import annotations

import pytest

from newsgate.extractors.entities import find_entities, leading_title, title_before
from newsgate.nlp import model_spans


def ents(text: str, mode: str = "default") -> dict[str, tuple[str, str]]:
    (spans,) = model_spans([text], mode)
    return {str(e["text"]): (str(e["kind"]), str(e["title"])) for e in find_entities(text, spans)}


@pytest.mark.parametrize(
    ("sentence", "name", "kind", "title"),
    [
        ("Chargé d’Affaires Natalie Baker said the deal was good.", "Natalie Baker", "person", "Chargé d’Affaires"),
        (
            "Chief of the Army Staff Field Marshal Syed Asim Munir attended.",
            "Syed Asim Munir",
            "person",
            "Field Marshal",
        ),
        ("Prime Minister Shehbaz Sharif met the delegation.", "Shehbaz Sharif", "person", "Prime Minister"),
        ("The deal was signed by the Frontier Works Organisation in Lahore.", "Frontier Works Organisation", "org", ""),
        ("Talks with Pakistan’s National Logistics Corp went well.", "National Logistics Corp", "org", ""),
        ("Officials from the US Department of Energy were present.", "US Department of Energy", "org", ""),
        ("Floods hit Khyber Pakhtunkhwa again.", "Khyber Pakhtunkhwa", "place", ""),
    ],
)
def test_must_find(sentence: str, name: str, kind: str, title: str) -> None:
    found = ents(sentence)
    assert found.get(name) == (kind, title), found


@pytest.mark.parametrize(
    ("sentence", "not_an_entity"),
    [
        ("The MoU was signed at the Prime Minister’s House on Monday.", "MoU"),
        ("US Chargé d’Affaires Natalie Baker described the agreement.", "US Chargé"),
        ("The MoU was signed at the House.", "House"),
        (
            "The agreement follows talks, as per AP.US Strategic Metals specialises in minerals.",
            "AP.US Strategic Metals",
        ),
    ],
)
def test_must_not_find(sentence: str, not_an_entity: str) -> None:
    assert not_an_entity not in ents(sentence)


def test_rules_mode_finds_titled_people_and_suffixed_orgs() -> None:
    found = ents("Prime Minister Shehbaz Sharif met the Frontier Works Organization in Pakistan.", mode="rules")
    assert found["Shehbaz Sharif"] == ("person", "Prime Minister")
    assert found["Frontier Works Organization"][0] == "org"
    assert found["Pakistan"][0] == "place"


def test_titles() -> None:
    assert leading_title("Acting Deputy Chief of Mission Zach Harkenrider") == "Acting Deputy Chief of Mission"
    assert leading_title("Zach Harkenrider") == ""
    text = "said CDA Baker"
    assert title_before(text, text.index("Baker")) == "CDA"


def test_spans_point_at_their_text() -> None:
    text = "The Frontier Works Organisation’s chief, Gen. Ali Khan, met Mota-Engil Group in Lisbon."
    for e in find_entities(text, next(model_spans([text], "default"))):
        assert text[int(e["start"]) : int(e["end"])] == e["text"]
