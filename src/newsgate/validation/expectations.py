"""Custom Great Expectations expectations for news fact tables.

Import this module before loading a suite that names them: GX finds an expectation type only
through its registry, which a class joins when its module is imported (an unknown type is
dropped from the suite with a logged traceback, which :mod:`newsgate.validation.gx` turns into
an error). Importing this module imports great_expectations (about 3.5 s): import it lazily.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from great_expectations.execution_engine import PandasExecutionEngine
from great_expectations.expectations.expectation import ColumnMapExpectation
from great_expectations.expectations.metrics.map_metric_provider import (
    ColumnMapMetricProvider,
    column_condition_partial,
)

from newsgate.validation.schemas import iso_currencies


class ColumnValuesIsoCurrency(ColumnMapMetricProvider):
    """Row-wise metric: is the value an ISO 4217 code, written exactly (``USD``, not ``usd`` or ``$``)?"""

    condition_metric_name = "column_values.newsgate_iso_currency"

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column: pd.Series, **kwargs: Any) -> pd.Series:
        codes = iso_currencies()
        return column.map(lambda value: isinstance(value, str) and value in codes).astype(bool)


class ExpectColumnValuesToBeIsoCurrency(ColumnMapExpectation):
    """Expect every value of a column to be an ISO 4217 currency code.

    Why: an extractor that maps "$" or "Rs" to a currency must produce a real code; a made-up
    or lower-case code silently splits one currency into two when amounts are compared across
    articles. Nulls are skipped as in every column map expectation; restrict the rows with
    ``row_condition`` (e.g. only money amounts) when other rows hold an empty string.

    Args:
        column: the column name.
        mostly: succeed if at least this fraction of the values are codes.
    """

    map_metric = "column_values.newsgate_iso_currency"
    success_keys = ("mostly",)
