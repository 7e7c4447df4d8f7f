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
    # With a corrections overlay: the text as in the file, and (start in text, old length,
    # new length) of each edit, so locations still point into the file on disk.
    source_text: str = ""
    edits: tuple[tuple[int, int, int], ...] = ()

    @cached_property
    def _line_starts(self) -> list[int]:
        source = self.source_text or self.text
        starts = [0]
        i = source.find("\n")
        while i >= 0:
            starts.append(i + 1)
            i = source.find("\n", i + 1)
        return starts

    def source_offset(self, offset: int) -> int:
        """Where an offset into ``text`` (corrected) lies in the file's own text."""
        for start, old_len, new_len in reversed(self.edits):
            if offset >= start + new_len:
                offset += old_len - new_len
            elif offset > start:
                offset = start
        return offset

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in the file) of a character offset into ``text``."""
        offset = self.source_offset(offset)
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1


def normalise_newlines(text: str) -> str:
    """What Python's text mode reads: drop a BOM, CRLF and lone CR become LF."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")
