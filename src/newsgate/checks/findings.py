"""The finding: what a check reports, located in its article (path:line:col)."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Related:
    article: str
    start: int
    end: int
    text: str


@dataclass
class Finding:
    rule: str
    severity: str
    article: str
    start: int
    end: int
    text: str
    message: str
    suggestion: str = ""
    related: list[Related] = field(default_factory=list)
    path: str = ""
    line: int = 0
    column: int = 0
    fingerprint: str = ""
    accepted: bool = False
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def finding_at(
    rule: str, row: Any, message: str, suggestion: str = "", related: list[Related] | None = None
) -> Finding:
    """A finding located at a fact-table row (anything with article, start, end, text)."""
    return Finding(
        rule=rule,
        severity="",
        article=str(row.article),
        start=int(row.start),
        end=int(row.end),
        text=str(row.text),
        message=message,
        suggestion=suggestion,
        related=related or [],
    )


def fingerprint(rule: str, article: str, text: str, occurrence: int) -> str:
    """Stable id of a finding: rule, article, the offending text and which occurrence of it.

    Offsets are left out on purpose, so an edit elsewhere in the article keeps the id.
    """
    key = "\x1f".join((rule, article, " ".join(text.split()), str(occurrence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
