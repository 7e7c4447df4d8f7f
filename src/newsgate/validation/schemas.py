"""pandera DataFrameModels for every fact table and for the findings table.

These are the generic structure every corpus shares. A corpus narrows them in its own
``schemas/`` folder (subclass a model here, export ``SCHEMAS = {"amounts": MyAmounts}``).
Two provenance columns are derived by the validator before a table is checked:
``article_chars`` (the article's length) and ``span_ok`` (``text == article[start:end]``).
"""

from __future__ import annotations

from functools import cache

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

CANONICAL_ID = r"^(person|org|place):[a-z0-9]+(?:-[a-z0-9]+)*$"
ISO_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"


@cache
def iso_currencies() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.currencies)


class Provenance(pa.DataFrameModel):
    """Columns every fact row carries: where in which article it was found."""

    article: Series[str] = pa.Field(str_length={"min_value": 1})
    start: Series[int] = pa.Field(ge=0)
    end: Series[int] = pa.Field(ge=0)
    text: Series[str]
    sentence: Series[str]
    article_chars: Series[int] = pa.Field(ge=0)
    span_ok: Series[bool] = pa.Field(isin=[True])

    @pa.dataframe_check
    def span_inside_article(cls, df: pd.DataFrame) -> Series[bool]:  # type: ignore[misc]
        return Series((df["start"] <= df["end"]) & (df["end"] <= df["article_chars"]))

    class Config:
        strict = False
        coerce = False


class Amounts(Provenance):
    kind: Series[str] = pa.Field(isin=["money", "percent", "count"])
    value: Series[float] = pa.Field(ge=0, nullable=False)
    currency: Series[str]
    unit: Series[str]
    qualifier: Series[str]
    magnitude: Series[str] = pa.Field(isin=["exact", "order"])

    @pa.dataframe_check
    def money_has_iso_currency(cls, df: pd.DataFrame) -> Series[bool]:  # type: ignore[misc]
        is_money = df["kind"] == "money"
        return Series(~is_money | df["currency"].isin(iso_currencies()))


class Entities(Provenance):
    kind: Series[str] = pa.Field(isin=["person", "org", "place"])
    title: Series[str]
    label: Series[str]
    key: Series[str]
    canonical: Series[str] = pa.Field(str_matches=CANONICAL_ID)
    canonical_name: Series[str] = pa.Field(str_length={"min_value": 1})


class Acronyms(Provenance):
    kind: Series[str] = pa.Field(isin=["definition", "use"])
    short: Series[str] = pa.Field(str_length={"min_value": 1})
    short_norm: Series[str] = pa.Field(str_length={"min_value": 1})
    long: Series[str]
    long_start: Series[int] = pa.Field(ge=-1)
    long_end: Series[int] = pa.Field(ge=-1)
    canonical: Series[str]

    @pa.dataframe_check
    def definitions_have_long_form(cls, df: pd.DataFrame) -> Series[bool]:  # type: ignore[misc]
        return Series((df["kind"] != "definition") | ((df["long"] != "") & (df["long_start"] >= 0)))


class Dates(Provenance):
    kind: Series[str] = pa.Field(isin=["explicit", "weekday", "relative"])
    iso: Series[str] = pa.Field(str_matches=r"^$|" + ISO_DATE)
    weekday: Series[str] = pa.Field(
        isin=["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    )
    stated_weekday: Series[str]
    resolved: Series[bool]


class Quotes(Provenance):
    balanced: Series[bool]
    speaker: Series[str]
    speaker_start: Series[int] = pa.Field(ge=-1)
    speaker_end: Series[int] = pa.Field(ge=-1)
    attribution: Series[str] = pa.Field(isin=["before", "after", "framing", "nearest", "none"])
    speaker_canonical: Series[str]


class Tokens(Provenance):
    kind: Series[str] = pa.Field(isin=["merged", "misspelling", "glued"])
    suggestion: Series[str] = pa.Field(str_length={"min_value": 1})
    reason: Series[str]


class Findings(pa.DataFrameModel):
    """The findings table: every finding located and fingerprinted."""

    rule: Series[str] = pa.Field(
        str_matches=r"^(amount|date|name|acronym|quote|typo|text|schema|expectation|baseline)-"
    )
    severity: Series[str] = pa.Field(isin=["error", "warning"])
    article: Series[str]
    start: Series[int] = pa.Field(ge=0)
    end: Series[int] = pa.Field(ge=0)
    line: Series[int] = pa.Field(ge=0)
    column: Series[int] = pa.Field(ge=0)
    text: Series[str]
    message: Series[str] = pa.Field(str_length={"min_value": 1})
    fingerprint: Series[str] = pa.Field(str_matches=r"^[0-9a-f]{16}$", unique=True)
    accepted: Series[bool]

    class Config:
        strict = False


BUILTIN: dict[str, type[pa.DataFrameModel]] = {
    "amounts": Amounts,
    "entities": Entities,
    "acronyms": Acronyms,
    "dates": Dates,
    "quotes": Quotes,
    "tokens": Tokens,
    "findings": Findings,
}
