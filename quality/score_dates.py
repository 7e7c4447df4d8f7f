"""Score find_dates on Microsoft Recognizers-Text English date specs (DateExtractor.json, DateParser.json).

Run from the repo root: ``python quality/score_dates.py``. Reads ../shared/peer-tests/recognizers-text/; prints a line
and exits 0 when that folder is absent. Cases marked NotSupported for python are skipped; Context.ReferenceDateTime
(when present) is the reference date.

Extraction: a gold span is found when some row overlaps it; a row is correct when it overlaps some gold span
(rows on inputs without any gold date count against precision). Resolution (DateParser only): for each gold date
that a row overlaps, the row's iso must equal the gold date; where the gold past and future readings differ
("on Friday", "Oct. 2") either one counts, and an impossible gold date (0001-01-01) expects iso "".

Scope. The specs target a chat assistant; newsgate targets news. A gold span is *in scope* when it has a form the
module documents (month name with a day number or year, numeric date with a 4-digit year, weekday with
on/last/this/next/past or a this/next/last week, today/yesterday/tomorrow/the day before or after, this/last/next
week|month|year, counted "ago"/"from now"). Out-of-scope spans are reported by category and still count in "all".
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SPECS = REPO.parent / "shared" / "peer-tests" / "recognizers-text"
sys.path.insert(0, str(REPO / "src"))

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_WDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?"
_COUNT = r"(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:day|week|month|year)s?"
_SPELLED = (
    r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|fifteen"
    r"|twenty|thirty)"
)
IN_SCOPE = [
    re.compile(
        rf"^(?:{_WDAY},?\s+)?(?:{_MONTH}[\s,/-]*(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?"
        rf"[\s-]*(?:of\s+)?{_MONTH})(?:,?\s*(?:of\s+)?\d{{4}})?$"
    ),
    re.compile(rf"^{_MONTH},?\s+\d{{4}}$"),
    re.compile(rf"^\d{{4}}[-/.](?:\d{{1,2}}|{_MONTH})[-/.]\d{{1,2}}$|^\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{4}}$"),
    re.compile(rf"^(?:on\s+)?(?:(?:last|this|next|past)\s+)?{_WDAY}$"),
    re.compile(
        rf"^(?:on\s+)?(?:{_WDAY}\s+(?:of\s+)?(?:this|next|last)\s+week|(?:this|next|last)\s+week\s+(?:on\s+)?{_WDAY})$"
    ),
    re.compile(r"^(?:the\s+day\s+(?:before|after)\s+)?(?:today|yesterday|tomorrow)$"),
    re.compile(r"^(?:this|last|next)\s+(?:week|month|year)$"),
    re.compile(rf"^{_COUNT}(?:\s+{_COUNT})*\s+(?:ago|from\s+now)$"),
]
SKIP_CATEGORIES = [
    ("nth weekday of a month", re.compile(rf"{_SPELLED}\s+{_WDAY}|{_WDAY}\s+(?:of|in)\s+\w+\s+month")),
    ("spelled-out day number", re.compile(_SPELLED)),
    ("bare day number", re.compile(rf"^(?:{_WDAY}\s+)?(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?$")),
    ("day of this/next month", re.compile(r"\b(?:of|in)\s+(?:this|next|previous)\s+month")),
    ("numeric without 4-digit year", re.compile(r"\d{1,2}[./-]\d{1,2}(?:[.,/-]\d{2})?$")),
    (
        "story-relative (next day, later, from tomorrow, the day)",
        re.compile(
            r"\b(?:day|later|from\s+(?:tomorrow|yesterday)|after\s+today|before\s+yesterday|business|in\s+\d+\s+weeks)\b"
        ),
    ),
]


def in_scope(text: str) -> bool:
    t = " ".join(text.lower().split())
    return any(p.match(t) for p in IN_SCOPE)


def category(text: str) -> str:
    t = " ".join(text.lower().split())
    return next((name for name, p in SKIP_CATEGORIES if p.search(t)), "other")


def load(name: str) -> list[dict[str, object]]:
    cases = json.loads((SPECS / name).read_text(encoding="utf-8-sig"))
    return [c for c in cases if "python" not in str(c.get("NotSupported", "")).lower()]


def gold_spans(case: dict[str, object]) -> list[tuple[int, int, dict[str, object]]]:
    spans = []
    for r in case["Results"]:  # type: ignore[attr-defined]
        start = int(r["Start"])
        end = int(r["End"]) + 1 if "End" in r else start + int(r["Length"])
        spans.append((start, end, r))
    return spans


def reference(case: dict[str, object]) -> dt.date | None:
    stamp = (case.get("Context") or {}).get("ReferenceDateTime")  # type: ignore[attr-defined]
    return dt.date.fromisoformat(stamp[:10]) if stamp else None


def main() -> int:
    if not SPECS.exists():
        print(f"skip: {SPECS} not present")
        return 0
    from newsgate.extractors.dates import find_dates

    print(f"{'file':<16}{'scope':<10}{'gold':>6}{'found':>7}{'recall':>8}{'rows':>7}{'right':>7}{'precision':>11}")
    skipped: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    resolution = Counter[str]()
    for name in ("DateTime_English_DateExtractor.json", "DateTime_English_DateParser.json"):
        cases = load(name)
        stats = Counter[str]()
        for case in cases:
            text, ref = str(case["Input"]), reference(case)
            rows = find_dates(text, ref)
            spans = gold_spans(case)
            stats["rows"] += len(rows)
            stats["right"] += sum(any(r["start"] < e and s < r["end"] for s, e, _ in spans) for r in rows)  # type: ignore[operator]
            for s, e, gold in spans:
                hit = [r for r in rows if r["start"] < e and s < r["end"]]  # type: ignore[operator]
                scope = in_scope(text[s:e])
                for key in ("all", "in scope") if scope else ("all",):
                    stats[f"gold {key}"] += 1
                    stats[f"found {key}"] += bool(hit)
                if not scope and name.endswith("Extractor.json"):
                    cat = category(text[s:e])
                    skipped[cat] += 1
                    examples.setdefault(cat, []).append(text[s:e])
                value = gold.get("Value")
                if name.endswith("Parser.json") and value and scope:
                    past, future = value["PastResolution"]["date"], value["FutureResolution"]["date"]  # type: ignore
                    want = {"" if d == "0001-01-01" else d for d in (past, future)}
                    kind = "single date" if past == future else "past/future"
                    resolution[f"{kind} gold"] += 1
                    if hit:
                        resolution[f"{kind} overlapped"] += 1
                        resolution[f"{kind} right"] += any(r["iso"] in want for r in hit)
        short = name.removeprefix("DateTime_English_").removesuffix(".json")
        for key in ("all", "in scope"):
            g, f = stats[f"gold {key}"], stats[f"found {key}"]
            prec = f"{stats['right'] / max(stats['rows'], 1):>11.3f}" if key == "all" else ""
            rows_s = f"{stats['rows']:>7}{stats['right']:>7}" if key == "all" else ""
            print(f"{short:<16}{key:<10}{g:>6}{f:>7}{f / max(g, 1):>8.3f}{rows_s}{prec}")
    print("\nresolution (DateParser, in-scope gold dates; reference = Context.ReferenceDateTime)")
    for kind in ("single date", "past/future"):
        g, o, r = resolution[f"{kind} gold"], resolution[f"{kind} overlapped"], resolution[f"{kind} right"]
        print(
            f"  {kind:<12} gold {g:>3}  overlapped {o:>3}  right {r:>3}  accuracy {r / max(o, 1):.3f} of overlapped,"
            f" {r / max(g, 1):.3f} of gold"
        )
    print("\nout-of-scope gold spans in DateExtractor (counted in 'all' only):")
    for cat, n in skipped.most_common():
        print(f"  {n:>3}  {cat:<58} e.g. {', '.join(repr(x) for x in examples[cat][:3])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
