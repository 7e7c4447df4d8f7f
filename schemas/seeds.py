"""pandera schemas of the seed corpus: newsgate's generic fact-table models, narrowed to
what is true of this corpus. newsgate loads every ``*.py`` here and uses its ``SCHEMAS``."""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from newsgate.validation import schemas as base

ARTICLE_ID = r"^\d{3}_[0-9a-f]{16}$"


class SeedAmounts(base.Amounts):
    """The seeds report money in US dollars only."""

    article: Series[str] = pa.Field(str_matches=ARTICLE_ID)
    currency: Series[str] = pa.Field(isin=["", "USD"])


class SeedEntities(base.Entities):
    article: Series[str] = pa.Field(str_matches=ARTICLE_ID)


class SeedDates(base.Dates):
    """Everything the seeds date falls in 2025 (or is unresolved)."""

    article: Series[str] = pa.Field(str_matches=ARTICLE_ID)
    iso: Series[str] = pa.Field(str_matches=r"^$|^2025")


SCHEMAS = {"amounts": SeedAmounts, "entities": SeedEntities, "dates": SeedDates}
