"""pandera schemas of the seed corpus: newsgate's generic fact-table models, narrowed to
what is true of this corpus. newsgate loads every ``*.py`` here and uses its ``SCHEMAS``."""

import pandera.pandas as pa
from pandera.typing import Series

from newsgate.validation import schemas as base

ARTICLE_ID = r"^\d{3}_[0-9a-f]{16}$"


def _article() -> pa.Field:  # type: ignore[valid-type]
    return pa.Field(str_matches=ARTICLE_ID)


class SeedAmounts(base.Amounts):
    """The seeds report money in US dollars only."""

    article: Series[str] = _article()
    currency: Series[str] = pa.Field(isin=["", "USD"])


class SeedEntities(base.Entities):
    article: Series[str] = _article()


class SeedAcronyms(base.Acronyms):
    article: Series[str] = _article()


class SeedDates(base.Dates):
    """Everything the seeds date falls in 2025 (or is unresolved)."""

    article: Series[str] = _article()
    iso: Series[str] = pa.Field(str_matches=r"^$|^2025")


class SeedQuotes(base.Quotes):
    article: Series[str] = _article()


class SeedTokens(base.Tokens):
    article: Series[str] = _article()


class SeedFindings(base.Findings):
    """Findings name a seed article, or none (schema, expectation and baseline findings)."""

    article: Series[str] = pa.Field(str_matches=r"^$|" + ARTICLE_ID)


SCHEMAS = {
    "amounts": SeedAmounts,
    "entities": SeedEntities,
    "acronyms": SeedAcronyms,
    "dates": SeedDates,
    "quotes": SeedQuotes,
    "tokens": SeedTokens,
    "findings": SeedFindings,
}
