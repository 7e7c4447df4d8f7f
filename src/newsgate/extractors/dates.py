"""Date mentions: explicit dates, weekdays and relative expressions, resolved against the publication date.

Why a closed grammar: dateparser's ``search_dates`` invents dates from ordinary words ("We", "a 50%", "now"), so spans
are found here by regular expressions, and the structured ones (day, month, year) are converted with ``datetime``.
Only counted offsets ("two weeks ago", "3 days from now") go to ``dateparser.parse``, with a fixed RELATIVE_BASE.
Weekdays are resolved here too: dateparser puts "on Monday" a week early when the reference is a Monday.

Row keys: start, end, text (== text[start:end]), kind, iso, weekday, stated_weekday, resolved.

- kind "explicit": "September 7, 2025", "7 September 2025", "Sept. 7", "Monday, September 8, 2025", "2025-09-07",
  "07.09.2025", "September 2025" (iso "2025-09"), and a capitalised month after a preposition ("in August").
  Without a year, a day takes the year that puts it nearest the reference (so a January article's "December 28" is
  last year's); a month alone takes the most recent such month not after the reference ("last August": strictly
  before; "next June": strictly after; "this March": the reference's year).
  Numeric dates need a 4-digit year. Dotted ones are day first (07.09.2025 = 7 September); with "/" or "-" the order
  is only known when one part exceeds 12 (22/04/2016, 02/22/2016): otherwise the row has iso "" (an ambiguous date).
  An impossible date ("February 30, 2025") is still a row, with iso "".
- kind "weekday": "on Monday", "Monday's", "Monday morning", "last Tuesday", "this Friday", "Friday next week".
  Bare: the most recent such day on or before the reference (news reports past events); "last": strictly before;
  "coming": strictly after; "this"/"next" and "... this/next/last week": that day in the Monday-Sunday week.
- kind "relative": today, yesterday, tonight, "the day before yesterday", "this/last/next week|month|year",
  "earlier/later this ...", "two days ago", "3 weeks from now", "a year later" (later/earlier: relative to the story,
  never resolved). Months resolve to "YYYY-MM", years to "YYYY"; weeks stay unresolved (iso holds a date, a month
  or a year: the tables' schema has no ISO week).
- iso: "" when not resolved (no reference, ambiguous or impossible); resolved is ``iso != ""``.
- weekday: the stated day for weekday rows, else the weekday of iso when iso is a full date, else "".
- stated_weekday: a weekday written inside the span ("Sunday, September 8" -> "Sunday", even if wrong).

Not dates here: years alone ("in 2017"), "may" (the verb), a month without a preposition ("March" opening a sentence,
"an April attack"), bare day numbers ("on the 27th"), spelled-out days ("May twenty-first"), holidays and named
weekdays ("Good Friday", "Sunday Times").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from newsgate.extractors.leads import LeadScan

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

# Full month names, or abbreviations with an optional dot ("October." ends a sentence; "Oct." is the month).
_MON = (
    r"(?P<mon>(?:january|february|march|april|may|june|july|august|september|october|november|december)\b"
    r"|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b\.?)"
)
_WD = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
_WD_PREFIX = (
    r"(?:(?P<wdp>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b,?\s+"
    r"|(?P<wda>mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)(?:\.,?|,)\s*)?"
)
_DAY = r"(?P<day>3[01]|[12][0-9]|0?[1-9])(?![0-9])(?:st|nd|rd|th)?\b(?![.,][0-9])"
_YEAR = r"(?P<year>[12][0-9]{3})(?![0-9])"
_YEAR_TAIL = rf"(?:(?:,\s*|\s+)(?:of\s+)?{_YEAR})?"
_NUM = (
    r"a\s+few|a\s+couple\s+of|couple\s+of|few|several|an?|[0-9]{1,3}|one|two|three|four|five|six|seven|eight"
    r"|nine|ten|eleven|twelve|(?:thir|four|fif|six|seven|eigh|nine)teen"
    r"|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven"
    r"|eight|nine))?"
)
_QTY = rf"(?:{_NUM})\s+(?:day|week|month|year)s?"
_HOLIDAY = {
    "black",
    "good",
    "ash",
    "holy",
    "maundy",
    "cyber",
    "super",
    "easter",
    "palm",
    "shrove",
    "bloody",
    "giving",
    "small",
    "boxing",
}
_TITLE_AFTER = {
    "times",
    "telegraph",
    "post",
    "express",
    "mirror",
    "herald",
    "tribune",
    "mail",
    "observer",
    "independent",
    "sport",
    "school",
}

_ORDINALS = r"first|second|third|fourth|fifth|last"
# A weekday counted within a month, or pinned to a day number, is not "the nearest such day".
_ORDINAL_BEFORE = re.compile(rf"\b(?:{_ORDINALS})\s+$", re.IGNORECASE)
_ANCHORED_AFTER = re.compile(
    rf"\s+(?:(?:of|in)\s+(?:the\s+|this\s+|next\s+|last\s+|previous\s+)?(?:month|year|{_MON})"
    rf"|the\s+(?:[0-9]|{_ORDINALS}|[a-z]+teen|twenty|thirty))",
    re.IGNORECASE,
)

# (start, end, kind, iso, stated_weekday) of one mention; None when the match is not a date after all.
_Hit = tuple[int, int, str, str, str] | None


def find_dates(text: str, reference: dt.date | None = None) -> list[dict[str, object]]:
    """Date mentions in ``text``, resolved against ``reference`` (the publication date) when given."""
    if isinstance(reference, dt.datetime):
        reference = reference.date()
    hits: list[tuple[int, int, str, str, str]] = []
    for handler, m in _matches(text):
        try:
            hit = handler(m, text, reference)
        except (ValueError, OverflowError):  # date arithmetic at the ends of the calendar
            hit = None
        if hit and hit[1] > hit[0]:
            hits.append(hit)
    chosen: list[tuple[int, int, str, str, str]] = []
    for hit in sorted(hits, key=lambda h: (h[0] - h[1], h[0])):  # longest first, then leftmost
        if all(hit[1] <= c[0] or c[1] <= hit[0] for c in chosen):
            chosen.append(hit)
    return [_row(text, *hit) for hit in sorted(chosen)]


def _matches(text: str) -> list[tuple[_Handler, re.Match[str]]]:
    """(handler, match) for each rule's matches, rule by rule (see :mod:`newsgate.extractors.leads`)."""
    found = _SCAN.matches(text)
    return [(handler, m) for (_, _, handler), matches in zip(_RULES, found, strict=True) for m in matches]


def _row(text: str, start: int, end: int, kind: str, iso: str, stated: str) -> dict[str, object]:
    if kind == "weekday":
        weekday = stated
    elif len(iso) == 10:
        weekday = WEEKDAYS[dt.date.fromisoformat(iso).weekday()]
    else:
        weekday = ""
    return {
        "start": start,
        "end": end,
        "text": text[start:end],
        "kind": kind,
        "iso": iso,
        "weekday": weekday,
        "stated_weekday": stated,
        "resolved": bool(iso),
    }


def _key(word: str | None) -> str:
    """First three letters, case-folded one character at a time (so odd Unicode case pairs cannot shift them)."""
    return "".join(ch.casefold()[:1] for ch in (word or ""))[:3]


def _month(word: str | None) -> int:
    return 1 + [m[:3].lower() for m in MONTHS].index(_key(word))  # ValueError for a non-month: handled by caller


def _weekday(word: str | None) -> int:
    return [w[:3].lower() for w in WEEKDAYS].index(_key(word))


def _stated(m: re.Match[str]) -> str:
    groups = m.groupdict()
    word = groups.get("wdp") or groups.get("wda") or groups.get("wd")
    return WEEKDAYS[_weekday(word)] if word else ""


def _iso(year: int, month: int, day: int) -> str:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return ""


def _nearest(month: int, day: int, ref: dt.date | None) -> str:
    """The date with that month and day nearest the reference (earlier on a tie); "" if none is valid."""
    if ref is None:
        return ""
    options = [d for y in (ref.year - 1, ref.year, ref.year + 1) if (d := _iso(y, month, day))]
    return min(options, key=lambda d: (abs((dt.date.fromisoformat(d) - ref).days), d), default="")


def _day_month(m: re.Match[str], text: str, ref: dt.date | None) -> _Hit:
    """Month-day in either order, with an optional year and stated weekday."""
    if _verb_like(m):
        return None
    month, day = _month(m["mon"]), int(m["day"])
    iso = _iso(int(m["year"]), month, day) if m["year"] else _nearest(month, day, ref)
    return m.start(), m.end(), "explicit", iso, _stated(m)


def _verb_like(m: re.Match[str]) -> bool:
    """Lower-case "may"/"march" leading a match is the verb ("they may 5 times"); "5 may" stays a date."""
    return m.start("mon") == m.start() and m["mon"] in ("may", "march")


def _month_year(m: re.Match[str], text: str, ref: dt.date | None) -> _Hit:
    if _verb_like(m):
        return None
    return m.start(), m.end(), "explicit", f"{int(m['year']):04d}-{_month(m['mon']):02d}", ""


def _month_only(m: re.Match[str], text: str, ref: dt.date | None) -> _Hit:
    """A capitalised month after a preposition or this/last/next: "in August", "last June"."""
    if not m["mon"][0].isupper():
        return None
    month, pre = _month(m["mon"]), (m["pre"] or "").lower()
    start = m.start("pre") if pre in ("last", "this", "next") else m.start("mon")
    iso = ""
    if ref is not None:
        year = {
            "last": ref.year if month < ref.month else ref.year - 1,
            "this": ref.year,
            "next": ref.year if month > ref.month else ref.year + 1,
        }.get(pre, ref.year if month <= ref.month else ref.year - 1)
        iso = f"{year:04d}-{month:02d}"
    return start, m.end(), "explicit", iso, ""


def _numeric(m: re.Match[str], text: str, ref: dt.date | None) -> _Hit:
    """Numeric dates: year first (ISO), day first when dotted, else only when one part exceeds 12."""
    g = m.groupdict()
    year, b = int(g["year"]), int(g["b"])
    if g.get("mon"):
        iso = _iso(year, _month(g["mon"]), b)
    elif m.start("year") == m.start():
        iso = _iso(year, int(g["a"]), b)
    elif g["sep"] == "." or int(g["a"]) > 12:
        iso = _iso(year, b, int(g["a"]))
    elif b > 12 or int(g["a"]) == b:
        iso = _iso(year, int(g["a"]), b)
    else:
        iso = ""
    return m.start(), m.end(), "explicit", iso, ""


def _monday(ref: dt.date) -> dt.date:
    return ref - dt.timedelta(days=ref.weekday())


def _weekday_mention(m: re.Match[str], text: str, ref: dt.date | None) -> _Hit:
    """A weekday, alone or with last/this/next/coming, or tied to a week ("Friday next week")."""
    wd = _weekday(m["wd"])
    mod = (m.groupdict().get("mod") or "").lower()
    before = text[max(0, m.start() - 20) : m.start()]
    if not mod:
        word_before = re.search(r"([^\W\d_]+)\s+$", before)
        word_after = re.match(r"\s+([^\W\d_]+)", text[m.end() : m.end() + 20])
        if (word_before and word_before[1].lower() in _HOLIDAY) or (
            word_after and word_after[1].lower() in _TITLE_AFTER
        ):
            return None
    if _ORDINAL_BEFORE.search(before) or _ANCHORED_AFTER.match(text, m.end()):
        return m.start(), m.end(), "weekday", "", WEEKDAYS[wd]  # "first Friday of July", "Friday the 13th"
    iso = ""
    if ref is not None:
        back = (ref.weekday() - wd) % 7
        if "week" in m.groupdict() and m["week"]:
            day = _monday(ref) + dt.timedelta(days=wd + 7 * {"this": 0, "next": 1, "last": -1}[mod])
        elif mod in ("last", "past"):
            day = ref - dt.timedelta(days=back or 7)
        elif mod == "coming":
            day = ref + dt.timedelta(days=(wd - ref.weekday()) % 7 or 7)
        elif mod in ("this", "next"):
            day = _monday(ref) + dt.timedelta(days=wd + (7 if mod == "next" else 0))
        else:
            day = ref - dt.timedelta(days=back)
        iso = day.isoformat()
    return m.start(), m.end(), "weekday", iso, WEEKDAYS[wd]


def _day_word(m: re.Match[str], text: str, ref: dt.date | None) -> _Hit:
    """today, yesterday, tomorrow, tonight, ... (not "USA Today": a capitalised word right before a capital T)."""
    word = " ".join(m.group().lower().split())
    if m.group()[0].isupper() and re.search(r"\b[A-Z][\w’'-]*\s+$", text[max(0, m.start() - 40) : m.start()]):
        return None
    offsets = {
        "the day before yesterday": -2,
        "yesterday": -1,
        "last night": -1,
        "tomorrow": 1,
        "the day after tomorrow": 2,
    }
    iso = (ref + dt.timedelta(days=offsets.get(word, 0))).isoformat() if ref else ""
    return m.start(), m.end(), "relative", iso, ""


def _period(m: re.Match[str], text: str, ref: dt.date | None) -> _Hit:
    """this/last/next week|month|year (not "the last year", which is a span of time, not a calendar period).

    Weeks are not resolved: the Monday would suggest a day, and "2025-W37" is not an iso the tables accept.
    """
    if not m["pre"] and re.search(r"\bthe\s+$", text[max(0, m.start() - 10) : m.start()], re.IGNORECASE):
        return None
    iso = ""
    if ref is not None:
        step = {"this": 0, "last": -1, "next": 1}[m["mod"].lower()]
        unit = m["unit"].lower()
        if unit == "month":
            months = ref.year * 12 + ref.month - 1 + step
            iso = f"{months // 12:04d}-{months % 12 + 1:02d}"
        elif unit == "year":
            iso = f"{ref.year + step:04d}"
    return m.start(), m.end(), "relative", iso, ""


def _counted(m: re.Match[str], text: str, ref: dt.date | None) -> _Hit:
    """ "two weeks ago", "3 days from now": dateparser does the counting; "later"/"earlier" stay unresolved."""
    iso = ""
    direction = m["dir"].lower()
    if ref is not None and direction in ("ago", "from now"):
        import dateparser  # imported here: only counted offsets need it

        parsed = dateparser.parse(
            " ".join(m.group().split()),
            languages=["en"],
            settings={
                "RELATIVE_BASE": dt.datetime.combine(ref, dt.time()),
                "PREFER_DATES_FROM": "past" if direction == "ago" else "future",
            },
        )
        iso = parsed.date().isoformat() if parsed else ""
    return m.start(), m.end(), "relative", iso, ""


_I = re.IGNORECASE


_Handler = Callable[[re.Match[str], str, dt.date | None], _Hit]

# Lead words: what the first word of a match starts with (see leads.py: "sep" is Sept, September; "0" a digit).
_MON_LEADS = "jan feb mar apr may jun jul aug sep oct nov dec"
_WD_LEADS = "mon tue wed thu fri sat sun"
_NUM_LEADS = "0 a an few sev cou one two thr fou fiv six eig nin ten ele twe thi fif for"
_PRE_LEADS = "in sin dur unt til thr by fro bef aft ear lat mid of las thi nex"

# (leads, pattern, handler); patterns are case-insensitive. Order matters only for ties: same start and length.
_TABLE: list[tuple[str, str, _Handler]] = [
    (
        f"{_WD_LEADS} {_MON_LEADS}",
        rf"\b{_WD_PREFIX}{_MON}(?:\s+|\s*[-/]\s*|,\s*)(?:the\s+)?{_DAY}{_YEAR_TAIL}",
        _day_month,
    ),
    (f"{_WD_LEADS} 0", rf"(?<![\w.,/-]){_WD_PREFIX}{_DAY}(?:\s+|\s*-\s*)(?:of\s+)?{_MON}{_YEAR_TAIL}", _day_month),
    (_MON_LEADS, rf"\b{_MON}(?:,\s*|\s+)(?:of\s+)?{_YEAR}", _month_year),
    (
        _PRE_LEADS,
        rf"(?:\b(?P<pre>in|since|during|until|till|through|throughout|by|from|before|after|early|late|mid|of"
        rf"|last|this|next)\s+|\bmid-){_MON}",
        _month_only,
    ),
    (
        "0",
        rf"(?<![\w./-])(?P<year>[12][0-9]{{3}})(?P<sep>[-/.])(?:(?P<a>1[0-2]|0?[1-9])|{_MON})(?P=sep)"
        r"(?P<b>3[01]|[12][0-9]|0?[1-9])(?![0-9]|[./-][0-9])",
        _numeric,
    ),
    (
        "0",
        r"(?<![\w./-])(?P<a>[0-9]{1,2})(?P<sep>[-/.])(?P<b>[0-9]{1,2})(?P=sep)(?P<year>[12][0-9]{3})"
        r"(?![0-9]|[./-][0-9])",
        _numeric,
    ),
    (_WD_LEADS, rf"\b{_WD}(?:\s+of)?\s+(?P<mod>this|next|last)\s+(?P<week>week)\b", _weekday_mention),
    ("thi nex las", rf"\b(?P<mod>this|next|last)\s+(?P<week>week)(?:\s+on)?\s+{_WD}", _weekday_mention),
    (
        f"las thi nex pas com {_WD_LEADS}",
        rf"\b(?:(?P<mod>last|this|next|past|coming)\s+)?{_WD}(?:\s+(?:morning|afternoon|evening|night)\b)?",
        _weekday_mention,
    ),
    (_WD_LEADS, r"(?<=\bon\s)(?P<wd>mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\b(?!\.?\s+(?-i:[A-Z]))", _weekday_mention),
    (
        "the yes tod tom ton thi las",
        r"\b(?:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday|today|tomorrow|tonight"
        r"|this\s+(?:morning|afternoon|evening)|last\s+night)\b",
        _day_word,
    ),
    (
        "ear lat thi las nex",
        r"\b(?:(?P<pre>earlier|later)\s+)?(?P<mod>this|last|next)\s+(?P<unit>week|month|year)\b",
        _period,
    ),
    (_NUM_LEADS, rf"\b{_QTY}(?:(?:,\s*|\s+)(?:and\s+)?{_QTY})*\s+(?P<dir>ago|from\s+now|later|earlier)\b", _counted),
]  # fmt: skip
_RULES = [(leads, re.compile(pattern, _I), handler) for leads, pattern, handler in _TABLE]
_SCAN = LeadScan([(leads, pattern) for leads, pattern, _ in _RULES])
