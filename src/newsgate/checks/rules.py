"""Every rule newsgate reports, declared once: id, default severity, and what it means.

Rule ids are stable (baselines and SARIF refer to them) and start with their family.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str  # "error" fails the gate, "warning" is reported
    summary: str


RULES: dict[str, Rule] = {
    r.id: r
    for r in [
        Rule("amount-mismatch", "error", "Articles state the same claim with different amounts."),
        Rule(
            "date-weekday-mismatch",
            "error",
            "An explicit date's weekday contradicts the weekday given for the same event.",
        ),
        Rule("name-variant", "error", "One entity is written in a way normalisation cannot explain."),
        Rule("acronym-undefined", "warning", "An acronym is used but never defined anywhere in the corpus."),
        Rule("acronym-conflict", "error", "An acronym is defined with different long forms."),
        Rule("quote-speaker-mismatch", "warning", "The same quotation is attributed to different speakers."),
        Rule("typo-merged-word", "error", "Two words run together (a scraping or editing slip)."),
        Rule("typo-misspelling", "error", "A word is misspelt."),
        Rule("text-glued-sentence", "warning", "Two sentences are glued together without a space."),
        Rule("text-unbalanced-quote", "warning", "A quotation mark is never closed (or never opened)."),
        Rule("text-navigation-line", "warning", "A navigation or teaser line from the web page is left in the text."),
        Rule("text-markup", "warning", "HTML or Markdown markup from the web page is left in the text."),
        Rule("text-mojibake", "error", "Text decoded with the wrong encoding (\"ChargĂ©\" for \"Chargé\")."),
        Rule("schema-violation", "error", "A fact table breaks its pandera schema."),
        Rule("expectation-failed", "error", "A Great Expectations expectation failed or raised an exception."),
        Rule("baseline-stale", "warning", "A baseline entry no longer matches any finding."),
    ]
}
SEVERITIES = ("error", "warning", "off")
