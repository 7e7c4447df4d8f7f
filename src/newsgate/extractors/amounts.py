"""Amounts in news text: money, percentages and counts, with offsets, a value and a qualifier.

Why a hand-written grammar: quantulum3 and price-parser misread common news phrasings
("a $500 million deal" -> 1, "$500M" -> 1e6, "PKR 300m" -> metres; see RESEARCH.md).
The grammar is a few regexes built from small tables; ISO 4217 codes come from pycountry.

Each row: start, end, text (== text[start:end], the amount without its qualifier), kind
("money" | "percent" | "count"), value (float, scale words applied; cents and pence are
converted to the main unit), currency (ISO code for money), unit (counted noun, "%" or
"percentage points"), qualifier (normalised, e.g. "approximately") and magnitude ("exact" or
"order" for "millions of people" style amounts).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

import pycountry

from newsgate.extractors.leads import LeadScan


class _Amount(NamedTuple):
    start: int
    end: int
    kind: str
    value: Decimal
    currency: str
    unit: str
    magnitude: str = "exact"


# --------------------------------------------------------------------------- number words
_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
# "hundred" and "dozen" multiply the current group; the others close it ("two thousand five hundred").
_GROUP_MULTIPLIERS = {"hundred": 100, "dozen": 12}
_SCALES = {
    "thousand": 10**3, "lakh": 10**5, "lakhs": 10**5, "million": 10**6, "crore": 10**7, "crores": 10**7,
    "billion": 10**9, "trillion": 10**12,
    "k": 10**3, "m": 10**6, "mn": 10**6, "mln": 10**6, "b": 10**9, "bn": 10**9, "bln": 10**9,
    "t": 10**12, "tn": 10**12,
}  # fmt: skip
# "hundreds of", "tens of thousands of" (and "several hundred"): order-of-magnitude amounts.
_ORDERS = {"tens": 10, "dozens": 12, "scores": 20, "hundreds": 100, "thousands": 10**3, "millions": 10**6,
           "billions": 10**9, "trillions": 10**12}  # fmt: skip


def _alternation(words: Iterable[str]) -> str:
    """Regex alternation, longest first so that "eighteen" wins over "eight", grouped by first character
    ("e(?:ighteen|leven|ighty|ight)|...").

    The grouping is for speed only: the regex engine tries alternatives one by one at every position, so
    165 currency codes cost 165 attempts there; grouped, 26 (one per first letter) plus those of one group.
    It matches exactly what the flat alternation matches: words with different first characters never
    match at the same position (checked below: no two first characters differ only in case), and the
    order inside a group is the flat order.
    """
    groups: dict[str, list[str]] = {}
    for word in sorted(words, key=len, reverse=True):
        groups.setdefault(word[0], []).append(word)
    if len({first.casefold() for first in groups}) < len(groups):
        raise ValueError(f"first characters that differ only in case: {sorted(groups)}")
    alternatives = []
    for first, group in groups.items():
        rests = "|".join(re.escape(word[1:]) for word in group)
        alternatives.append(re.escape(first) + (f"(?:{rests})" if len(group) > 1 else rests))
    return "|".join(alternatives)


_ATOM = rf"(?:{_alternation([*_UNITS, *_TENS])})"
_BIG = r"thousand|lakhs?|million|crores?|billion|trillion"
# "two dozen", "twenty-one", "one hundred and five", "a thousand", "five million"; "a" only before a multiplier.
# Each word matches one alternative only and runs are capped: no runaway backtracking on long inputs.
_WORDS = (
    rf"\b(?:{_ATOM}|an?(?=[\s-]+(?:hundred|dozen|{_BIG})\b))"
    rf"(?:[\s-]+(?:and\s+)?(?:{_ATOM}|hundred|dozen|{_BIG})\b){{0,8}}\b"
)
_SP = r"[ \u00a0\u2009\u202f]"  # a space inside a number (never a newline)
# 1,234,567 | 12,34,567 (Indian grouping) | 1234; then decimals.
_DIGITS = r"(?:\d{1,3}(?:,\d{3}){1,6}|\d{1,2}(?:,\d{2}){1,6},\d{3}|\d+)(?:\.\d+)?(?![\d]|[.,]\d)"
_MONEY_DIGITS = rf"(?:\d{{1,3}}(?:{_SP}\d{{3}}){{1,4}}(?:\.\d+)?(?![\d]|[.,]\d)|{_DIGITS})"  # also "10 000"
_SCALE = rf"(?:[\s-]*(?:hundred|dozen|{_BIG})\b)"  # after digits: "5 million", "1.5bn" (with _ABBR)
_ABBR = r"(?:\s?(?:mn|mln|bn|bln|tn)|k|m|b|t)\b"
_SIGN = r"(?:[-\u2212](?=\d))?"
_NUMSTART = r"(?<![\w.,:/%=#@&+\-\u2212])"  # not inside ids ("C-2A", "doc4-1"), times, urls

# --------------------------------------------------------------------------- currencies
_SYMBOLS = {
    "$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR", "₩": "KRW", "₽": "RUB", "₺": "TRY", "₦": "NGN",
    "₱": "PHP", "₪": "ILS", "₫": "VND", "₴": "UAH", "₡": "CRC", "₾": "GEL", "₭": "LAK", "฿": "THB", "₨": "INR",
    "元": "CNY", "円": "JPY", "ரூ": "LKR",
}  # fmt: skip
# Letters written before "$" ("US$", "C$", "HK$"); keys are upper-cased without dots or spaces.
_DOLLAR_PREFIXES = {
    "US": "USD", "USD": "USD", "C": "CAD", "CA": "CAD", "CAN": "CAD", "CAD": "CAD", "A": "AUD", "AU": "AUD",
    "AUD": "AUD", "NZ": "NZD", "NZD": "NZD", "HK": "HKD", "HKD": "HKD", "S": "SGD", "SG": "SGD", "SGD": "SGD",
    "NT": "TWD", "R": "BRL", "MEX": "MXN", "MX": "MXN", "MXN": "MXN", "Z": "ZWL",
}  # fmt: skip
_LOCAL_PREFIXES = {"Rs": "INR", "RS": "INR", "Rp": "IDR", "RM": "MYR", "Tk": "BDT", "KSh": "KES"}
# ISO codes that are also English words or names: never read as currencies.
_WORDLIKE_CODES = {"ALL", "AMD", "BOB", "CHE", "COP", "COU", "CUP", "MAD", "MOP", "PEN", "SOS", "TOP", "USN", "XXX"}
_CODES = {c.alpha_3: c.alpha_3 for c in pycountry.currencies if c.alpha_3 not in _WORDLIKE_CODES} | {"RMB": "CNY"}
# Codes also accepted in lower case (tokenised or informal text); the rest must be upper case.
_LOWERCASE_OK = {"USD", "EUR", "GBP", "JPY", "CNY", "RMB", "INR", "PKR", "CAD", "AUD", "NZD", "HKD", "SGD", "CHF"}
_NOUNS = {
    "dollar": "USD", "euro": "EUR", "pound": "GBP", "sterling": "GBP", "yen": "JPY", "yuan": "CNY",
    "renminbi": "CNY", "rupee": "INR", "franc": "CHF", "peso": "MXN", "reais": "BRL", "rand": "ZAR",
    "naira": "NGN", "shilling": "KES", "ringgit": "MYR", "rupiah": "IDR", "baht": "THB", "won": "KRW",
    "rouble": "RUB", "ruble": "RUB", "lira": "TRY", "lire": "ITL", "markka": "FIM", "guilder": "NLG",
    "peseta": "ESP", "shekel": "ILS", "zloty": "PLN", "krona": "SEK", "kronor": "SEK", "krone": "NOK",
    "kroner": "NOK", "hryvnia": "UAH", "cedi": "GHS", "birr": "ETB", "taka": "BDT", "riyal": "SAR",
    "dirham": "AED", "kwacha": "ZMW", "cent": "USD", "penny": "GBP", "pence": "GBP", "pennies": "GBP",
}  # fmt: skip
_SUBUNITS = {"cent", "penny", "pence", "pennies"}  # worth 1/100 of the main unit
# Words that are money only with a scale ("20 million pounds") or a qualifying adjective:
# "a 2,000-pound bomb", "the Lakers 3 won" are not money.
_AMBIGUOUS_NOUNS = {"pound", "won", "rand"}
_ADJECTIVES = {
    "us": "USD", "u.s.": "USD", "u.s": "USD", "american": "USD", "canadian": "CAD", "australian": "AUD",
    "new zealand": "NZD", "hong kong": "HKD", "singapore": "SGD", "taiwan": "TWD", "new taiwan": "TWD",
    "zimbabwe": "ZWL", "zimbabwean": "ZWL", "swiss": "CHF", "french": "FRF", "cfa": "XOF", "mexican": "MXN",
    "philippine": "PHP", "argentine": "ARS", "chilean": "CLP", "colombian": "COP", "egyptian": "EGP",
    "british": "GBP", "indian": "INR", "pakistani": "PKR", "pakistan": "PKR", "sri lankan": "LKR",
    "nepali": "NPR", "nepalese": "NPR", "chinese": "CNY", "japanese": "JPY", "kenyan": "KES", "ugandan": "UGX",
    "tanzanian": "TZS", "nigerian": "NGN", "south african": "ZAR", "south korean": "KRW", "korean": "KRW",
    "russian": "RUB", "turkish": "TRY", "brazilian": "BRL", "finnish": "FIM", "dutch": "NLG", "spanish": "ESP",
    "italian": "ITL", "saudi": "SAR", "uae": "AED", "kuwaiti": "KWD", "iraqi": "IQD", "jordanian": "JOD",
    "israeli": "ILS", "polish": "PLN", "swedish": "SEK", "norwegian": "NOK", "danish": "DKK",
    "ukrainian": "UAH", "ghanaian": "GHS", "ethiopian": "ETB", "bangladeshi": "BDT", "malaysian": "MYR",
    "indonesian": "IDR", "thai": "THB", "euro": "EUR",
}  # fmt: skip
_NOUN_RE = (
    r"(?:dollars?|euros?|pounds?(?:\s+sterling)?|sterling|yen|yuan|renminbi|rupees?|francs?|pesos?|reais"
    r"|rand|naira|shillings?|ringgit|rupiah|baht|won|roubles?|rubles?|liras?|lire|markkas?|guilders?"
    r"|pesetas?|shekels?|zlotys?|kron[ao]r?|kron(?:e|er)|hryvnias?|cedis?|birr|taka|riyals?|dirhams?"
    r"|kwacha|cents?|pence|penny|pennies)"
)
_ADJ_RE = rf"(?P<adj>(?:{_alternation(_ADJECTIVES)})\s+)?"
_PREFIX_RE = (
    rf"(?P<cur>(?:{_alternation(k for k in _DOLLAR_PREFIXES if len(k) > 1)}|U\.S\.?)\s?\$"
    r"|(?-i:[ACSRZ])\$|(?-i:[Cc])\s\$"
    rf"|\$|{_alternation(_SYMBOLS)}"
    rf"|(?:{_alternation(_CODES)})\$?"
    rf"|(?-i:{_alternation(_LOCAL_PREFIXES)})\.?)"
)

# --------------------------------------------------------------------------- patterns
_FLAGS = re.IGNORECASE
# "$500 million", "US$0.5bn", "USD 500 million", "PKR 300m", "€10M", "Rs. 5 crore"
_MONEY_PREFIX = re.compile(
    rf"(?<![\w$£€¥₹]){_PREFIX_RE}\s?(?P<num>{_SIGN}{_MONEY_DIGITS}(?:{_SCALE}{{1,3}}|{_ABBR})?)(?!\w)", _FLAGS
)
# "20 million pounds", "five million yen", "10,000 Swiss francs", "12-cent", "3 dollars 50 cents", "100 €"
_MONEY_SUFFIX = re.compile(
    rf"{_NUMSTART}(?P<num>{_SIGN}{_MONEY_DIGITS}{_SCALE}{{0,3}}|{_WORDS})(?P<sep>\s?-?\s?)"
    rf"(?:{_ADJ_RE}(?P<noun>{_NOUN_RE})"
    # "3 dollars 50 cents", spoken "thirteen dollars forty-five" (not "5 dollars and 20 people")
    rf"(?:\s+(?:and\s+)?(?P<cnum>{_DIGITS}|{_WORDS})(?:[\s-]*(?P<sub>cents?|pence)\b|(?!\s+(?!and\b)\w|\s*[$€£%]|-)))?"
    rf"|(?P<code>{_alternation(_CODES)})(?!\s?\d)|(?P<sym>{_alternation(_SYMBOLS)})(?!\s?\d))(?!\w)",
    _FLAGS,
)
_ORDER_RE = (
    rf"(?P<ord>(?:(?:tens|dozens|hundreds|thousands)\s+of\s+)?(?:{_alternation(_ORDERS)})\s+of"
    rf"|(?:several|a\s+few|many|multiple)\s+(?:hundred|{_BIG}))"
)
# "trillions of dollars", "hundreds of millions of euros", "several billion dollars", "multibillion-dollar"
_MONEY_ORDER = re.compile(
    rf"\b(?:{_ORDER_RE}\s+{_ADJ_RE}(?P<noun>{_NOUN_RE})"
    rf"|(?P<ord2>(?:multi-?)?(?:million|billion|trillion))-(?P<noun2>dollar|euro|pound|rupee|yuan|yen))\b",
    _FLAGS,
)
# "50%", "50 per cent", "twenty percent", "minus five percent", "2 percentage points"
_PERCENT = re.compile(
    rf"{_NUMSTART}(?:(?P<minus>minus|negative)\s+)?(?P<num>{_SIGN}{_DIGITS}|{_WORDS})\s?"
    r"(?P<pct>%|％|percentage\s+points?|percent(?:age)?s?|per\s+cent|pct)(?![\w%])",
    _FLAGS,
)
# A number followed by a plural noun (checked in code): "305 people", "two dozen armed men".
_COUNT = re.compile(rf"{_NUMSTART}(?P<num>{_DIGITS}{_SCALE}{{0,3}}|{_WORDS})(?![\w%-]|[.,:/]\d)", _FLAGS)
_COUNT_ORDER = re.compile(rf"\b{_ORDER_RE}\b", _FLAGS)
# What each pattern's matches start with (see leads.py), and the one scan that finds them all.
_NUMBER_LEADS = " ".join(["0", "-", "\u2212", "a", "an", *_UNITS, *_TENS])
_ORDER_LEADS = " ".join([*_ORDERS, "several", "a", "many", "multiple", "multi", "million", "billion", "trillion"])
_PREFIX_LEADS = " ".join(["u", *_DOLLAR_PREFIXES, *_SYMBOLS, *_CODES, *_LOCAL_PREFIXES]).lower()  # u: "U.S.$"
_PATTERNS = {
    "money_prefix": (_PREFIX_LEADS, _MONEY_PREFIX),
    "money_suffix": (_NUMBER_LEADS, _MONEY_SUFFIX),
    "money_order": (_ORDER_LEADS, _MONEY_ORDER),
    "percent": (f"{_NUMBER_LEADS} minus negative", _PERCENT),
    "count": (_NUMBER_LEADS, _COUNT),
    "count_order": (_ORDER_LEADS, _COUNT_ORDER),
}
_SCAN = LeadScan(list(_PATTERNS.values()))
_Found = dict[str, list[re.Match[str]]]
_NEXT_WORD = re.compile(r"[ \t\u00a0]+([A-Za-z](?:[A-Za-z'’-]*[A-Za-z])?)['’]?")
_WORD_BEFORE = re.compile(r"(^|[.!?:;\"“‘(\n]\s*)?\b([A-Za-z]+)\.?\s+$")  # group 1: the word starts a sentence
_URL = re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\w+", _FLAGS)
_URL_NO_EMAIL = re.compile(r"https?://\S+|www\.\S+", _FLAGS)  # the same in a text without "@", and faster

_QUALIFIERS = {
    "approximately": "approximately", "about": "approximately", "around": "approximately",
    "roughly": "approximately", "some": "approximately", "an estimated": "approximately",
    "estimated": "approximately", "almost": "nearly", "nearly": "nearly", "close to": "nearly",
    "over": "more than", "just over": "more than", "more than": "more than", "above": "more than",
    "in excess of": "more than", "under": "less than", "just under": "less than", "less than": "less than",
    "below": "less than", "fewer than": "less than", "at least": "at least", "at most": "at most",
    "no more than": "at most", "up to": "up to", "as much as": "up to", "as many as": "up to",
    "initial": "initial", "an initial": "initial", "first": "initial",
}  # fmt: skip
_QUALIFIER_WORDS = {w for phrase in _QUALIFIERS for w in phrase.split()}
_QUALIFIER_ALTERNATION = _alternation(_QUALIFIERS).replace(r"\ ", r"\s+")
_QUALIFIER = re.compile(
    rf"\b(?:(?P<q>{_QUALIFIER_ALTERNATION})|(?:an\s+)?initial(?:\s+[a-z]+){{1,2}}\s+of)"
    r"\s+(?:(?:a|an|the)\s+)?$",
    _FLAGS,
)

# --------------------------------------------------------------------------- counted nouns
_IRREGULAR_PLURALS = {"people", "children", "men", "women", "police", "personnel", "staff", "crew", "aircraft",
                      "cattle", "livestock", "feet", "teeth", "mice", "geese", "militia", "youth"}  # fmt: skip
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
           "dec"}  # fmt: skip
_STOP = _MONTHS | {
    "a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "by", "from", "with", "per", "as",
    "than", "that", "this", "these", "those", "was", "were", "is", "are", "has", "have", "had", "its", "his",
    "hers", "ours", "yours", "theirs", "their", "our", "her", "him", "them", "they", "we", "you", "it", "who",
    "which", "what", "when", "where", "while", "since", "until", "into", "over", "under", "about", "after",
    "before", "between", "during", "more", "less", "also", "only", "just", "not", "no", "yes", "thus", "plus",
    "always", "perhaps", "sometimes", "besides", "towards", "afterwards", "whereas", "unless", "news", "series",
    "species", "means", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "am", "pm",
    "said", "says", "will", "would", "could", "can", "may", "might", "should", "be", "been", "do", "does", "did",
    "times", "percent", "cent", "pct", *_UNITS, *_TENS, *_GROUP_MULTIPLIERS, *_SCALES,
}  # fmt: skip
# Measures, not counts: "12 months", "500 nautical miles", "20 million pounds".
_MEASURES = {
    "seconds", "minutes", "hours", "days", "weeks", "months", "years", "decades", "centuries", "nights",
    "miles", "kilometres", "kilometers", "km", "metres", "meters", "feet", "inches", "yards", "acres",
    "hectares", "degrees", "pounds", "ounces", "tons", "tonnes", "grams", "kilograms", "kilos", "kilotons",
    "megatons", "litres", "liters", "gallons", "barrels", "knots", "mph", "points", "dollars", "euros", "cents",
    "pence", "rupees", "francs", "pesos", "yen", "yuan", "percentage",
}  # fmt: skip


def _to_decimal(number: str) -> Decimal | None:
    """Value of a number phrase: "1,234.5", "12,34,567", "two dozen", "1.5 million", "500M", "-15"."""
    text = number.lower().replace("\u2212", "-")
    total, group = Decimal(0), None  # group: the part not yet multiplied by a scale
    digits = re.match(r"-?[\d,\s\u00a0\u2009\u202f]*\d(?:\.\d+)?", text)
    if digits:
        try:
            group = Decimal(re.sub(r"[,\s\u00a0\u2009\u202f]", "", digits.group()))
        except InvalidOperation:
            return None
        text = text[digits.end() :]
    previous = ""
    for token in re.findall(r"[a-z]+", text):
        if token in _UNITS or token in _TENS:
            group = (group or Decimal(0)) + _UNITS.get(token, _TENS.get(token, 0))
        elif token in ("a", "an"):
            group = Decimal(1)
        elif token in _GROUP_MULTIPLIERS:
            group = (Decimal(1) if group is None else group) * _GROUP_MULTIPLIERS[token]
        elif token in _SCALES:
            if group is None and total:
                total *= _SCALES[token]  # "thousand million"
            else:
                total += (Decimal(1) if group is None else group) * _SCALES[token]
            group = None
        elif not (token == "and" and previous in ("hundred", "thousand")):
            return None
        previous = token
    return total + (group or 0)


def _has_scale(number: str) -> bool:
    return any(t in _SCALES for t in re.findall(r"[a-z]+", number.lower()))


def _qualifier(text: str, start: int) -> str:
    m = _QUALIFIER.search(text, max(0, start - 60), start)
    if not m:
        return ""
    return _QUALIFIERS[" ".join(m.group("q").lower().split())] if m.group("q") else "initial"


def _code(surface: str) -> str:
    """ISO code of a prefix currency: "$", "US$", "c $", "USD", "Rs.", "€"."""
    key = re.sub(r"[.\s]", "", surface)
    if key in _SYMBOLS:
        return _SYMBOLS[key]
    if key.endswith("$"):
        return _DOLLAR_PREFIXES.get(key[:-1].upper(), "USD")
    if key in _LOCAL_PREFIXES:
        return _LOCAL_PREFIXES[key]
    upper = key.upper()
    if upper in _CODES and (key.isupper() or upper in _LOWERCASE_OK):
        return _CODES[upper]
    return ""


def _noun_code(noun: str, adjective: str | None) -> str:
    if adjective:
        return _ADJECTIVES[" ".join(adjective.lower().split())]
    word = noun.lower().split()[0]
    return _NOUNS.get(word) or _NOUNS.get(word.rstrip("s"), "")


def _money(found: _Found) -> list[_Amount]:
    rows: list[_Amount] = []
    for m in found["money_prefix"]:
        value, code = _to_decimal(m.group("num")), _code(m.group("cur"))
        if value is not None and code:
            rows.append(_Amount(m.start(), m.end(), "money", value, code, ""))
    for m in found["money_suffix"]:
        value, end = _to_decimal(m.group("num")), m.end()
        if value is None:
            continue
        if m.group("noun"):
            noun = m.group("noun").lower()
            base = noun.split()[0].rstrip("s")
            if base in _AMBIGUOUS_NOUNS and not (m.group("adj") or "sterling" in noun or _has_scale(m.group("num"))):
                continue
            code = _noun_code(noun, m.group("adj"))
            if noun.split()[0] in _SUBUNITS or base in _SUBUNITS:
                value /= 100
            elif m.group("cnum"):
                cents = _to_decimal(m.group("cnum")) or Decimal(0)
                if m.group("sub") or (cents == int(cents) and 0 < cents < 100):
                    value += cents / 100
                else:
                    end = m.end("noun")  # "15 dollars 2015": the tail is not cents
        elif m.group("code"):
            code = _code(m.group("code"))
        else:
            code = _SYMBOLS[m.group("sym")] if m.group("sym") != "$" or not m.group("sep") else ""
        if code:
            rows.append(_Amount(m.start(), end, "money", value, code, ""))
    for m in found["money_order"]:
        if m.group("ord"):
            value, code = _order_value(m.group("ord")), _noun_code(m.group("noun"), m.group("adj"))
        else:
            scale = m.group("ord2").lower().removeprefix("multi").lstrip("-")
            value, code = Decimal(_SCALES[scale]), _NOUNS[m.group("noun2").lower()]
        rows.append(_Amount(m.start(), m.end(), "money", value, code, "", "order"))
    return rows


def _order_value(phrase: str) -> Decimal:
    value = Decimal(1)
    for word in re.findall(r"[a-z]+", phrase.lower()):
        value *= _ORDERS.get(word) or _SCALES.get(word) or _GROUP_MULTIPLIERS.get(word, 1)
    return value


def _percents(found: _Found) -> list[_Amount]:
    rows: list[_Amount] = []
    for m in found["percent"]:
        value = _to_decimal(m.group("num"))
        if value is None:
            continue
        unit = "percentage points" if "point" in m.group("pct").lower() else "%"
        start = m.start("num") if not m.group("minus") else m.start()
        rows.append(_Amount(start, m.end(), "percent", -value if m.group("minus") else value, "", unit))
    return rows


def _is_plural(word: str) -> bool:
    low = word.lower()
    if low in _IRREGULAR_PLURALS:
        return True
    if len(low) < 4 or low in _STOP or word.isupper():
        return False
    return low.endswith("s") and not low.endswith(("ss", "us", "is", "'s", "’s"))


def _counted_noun(text: str, pos: int) -> tuple[int, str] | None:
    """End and noun of "<up to two words> <plural noun>" right after pos, if any."""
    for _ in range(3):
        m = _NEXT_WORD.match(text, pos)
        word = m.group(1).lower() if m else ""
        if not m or word in _STOP or word in _MEASURES or word.endswith("-old"):
            return None
        if _is_plural(m.group(1)):
            return m.end(1), m.group(1).lower()
        pos = m.end(1)
    return None


def _counts(text: str, found: _Found) -> list[_Amount]:
    rows: list[_Amount] = []
    for m in found["count"]:
        value, noun = _to_decimal(m.group("num")), _counted_noun(text, m.end())
        if value is None or noun is None or value == 1 or _looks_like_label(text, m):
            continue
        rows.append(_Amount(m.start(), noun[0], "count", value, "", noun[1]))
    for m in found["count_order"]:
        noun = _counted_noun(text, m.end())
        if noun:
            rows.append(_Amount(m.start(), noun[0], "count", _order_value(m.group("ord")), "", noun[1], "order"))
    return rows


def _looks_like_label(text: str, m: re.Match[str]) -> bool:
    """Years ("2017 elections"), dates ("Sept. 15 ..."), names and models ("Boeing 737 jets", "VRC 30",
    "iPhone 8 models") are not counts; "The 305 people" and "Some 1,600 staff" are."""
    if re.fullmatch(r"(?:18|19|20)\d\d", m.group("num")):
        return True
    before = _WORD_BEFORE.search(text, max(0, m.start() - 30), m.start())
    if not before:
        return False
    word = before.group(2)
    if word.lower() in _MONTHS or (word.isupper() and len(word) > 1):
        return True
    sentence_start = before.group(1) is not None
    return not sentence_start and word.lower() not in _QUALIFIER_WORDS and any(c.isupper() for c in word)


def find_amounts(text: str) -> list[dict[str, object]]:
    """All money, percent and count amounts in text, sorted by (start, end), never overlapping.

    Overlaps are settled by kind (money, then percent, then count), then by length.
    """
    taken = bytearray(len(text))  # characters already covered by a chosen amount or a URL
    for m in (_URL if "@" in text else _URL_NO_EMAIL).finditer(text):
        taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    found = dict(zip(_PATTERNS, _SCAN.matches(text), strict=True))
    rank = {"money": 0, "percent": 1, "count": 2}
    chosen: list[_Amount] = []
    for a in sorted(
        _money(found) + _percents(found) + _counts(text, found), key=lambda a: (rank[a.kind], a.start - a.end, a.start)
    ):
        if not any(taken[a.start : a.end]):
            taken[a.start : a.end] = b"\x01" * (a.end - a.start)
            chosen.append(a)
    return [
        {
            "start": a.start,
            "end": a.end,
            "text": text[a.start : a.end],
            "kind": a.kind,
            "value": float(a.value),
            "currency": a.currency,
            "unit": a.unit,
            "qualifier": _qualifier(text, a.start),
            "magnitude": a.magnitude,
        }
        for a in sorted(chosen, key=lambda a: (a.start, a.end))
    ]
