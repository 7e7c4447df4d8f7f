"""The article: decoded text plus metadata, and offset -> line/column arithmetic."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class Article:
    """One article. ``text`` is decoded, BOM dropped, CRLF/CR turned into LF.

    Every offset newsgate reports is a Python ``str`` index into ``text``.
    """

    id: str
    text: str
    path: str = ""
    outlet: str = ""
    url: str = ""
    published: str = ""  # ISO date or ""
    title: str = ""
    meta: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @cached_property
    def _line_starts(self) -> list[int]:
        starts = [0]
        starts.extend(i + 1 for i, ch in enumerate(self.text) if ch == "\n")
        return starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1


def normalise_newlines(text: str) -> str:
    """What Python's text mode reads: drop a BOM, CRLF and lone CR become LF."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")
