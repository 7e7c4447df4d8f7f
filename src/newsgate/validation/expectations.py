"""Custom Great Expectations expectations for news fact tables.

Import this module before loading a suite that names them: GX finds an expectation type only
through its registry, which a class joins when its module is imported (an unknown type is
dropped from the suite with a logged traceback, which :mod:`newsgate.validation.gx` turns into
an error). Importing this module imports great_expectations (about 3.5 s): import it lazily.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

import pandas as pd
from great_expectations.execution_engine import PandasExecutionEngine
from great_expectations.expectations.expectation import ColumnMapExpectation, ColumnPairMapExpectation
from great_expectations.expectations.metrics.map_metric_provider import (
    ColumnMapMetricProvider,
    ColumnPairMapMetricProvider,
    column_condition_partial,
    column_pair_condition_partial,
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


class ColumnPairValuesFollowMapping(ColumnPairMapMetricProvider):
    """Row-wise metric: where column A's value is a key of ``mapping``, is column B's value its target?"""

    condition_metric_name = "column_pair_values.newsgate_follow_mapping"
    condition_value_keys = ("mapping",)

    @column_pair_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column_A: pd.Series, column_B: pd.Series, mapping: dict[str, str], **kwargs: Any) -> pd.Series:
        wanted = column_A.map(mapping)
        return (wanted.isna() | (wanted == column_B)).astype(bool)


class ExpectColumnPairValuesToFollowMapping(ColumnPairMapExpectation):
    """Expect each value of column A that ``mapping`` names to go with the value it maps to in column B.

    Why: one expectation pins how every known spelling of a name resolves ("World Health
    Organisation" -> "World Health Organization", "WHO" -> the same), where one
    ``expect_column_values_to_be_in_set`` per name, each with its own row condition, costs GX
    a pass over the table per name (and GX 1.24's column pair expectations cannot take a row
    condition on pandas). Rows whose column A value is not in the mapping pass.

    Args:
        column_A: the column whose values are looked up (e.g. ``text``).
        column_B: the column that must hold the mapped value (e.g. ``canonical_name``).
        mapping: column A value -> the column B value it must go with.
        mostly: succeed if at least this fraction of the rows follow the mapping.
    """

    mapping: dict[str, str]
    ignore_row_if: Literal["both_values_are_missing", "either_value_is_missing", "neither"] = "both_values_are_missing"
    map_metric = "column_pair_values.newsgate_follow_mapping"
    success_keys: ClassVar[tuple[str, ...]] = ("mapping", "ignore_row_if", "mostly")
    args_keys = ("column_A", "column_B", "mapping")
