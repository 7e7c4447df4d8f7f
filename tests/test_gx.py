"""The Great Expectations runner: suites as JSON files, run on small in-test dataframes."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from newsgate.errors import NewsgateError
from newsgate.validation import expectations as custom  # imports great_expectations (~3.5 s) once, here
from newsgate.validation.gx import SuiteResult, run_suites

MONEY_ONLY = {"type": "comparison", "column": {"name": "kind"}, "operator": "==", "parameter": "money"}


def amounts() -> pd.DataFrame:
    """Two money amounts and a percentage, whose currency is empty as in the extracted table."""
    return pd.DataFrame(
        {
            "article": ["a", "a", "b"],
            "kind": ["money", "money", "percent"],
            "value": [5e8, 3e9, 12.0],
            "currency": ["USD", "PKR", ""],
        }
    )


def write_suite(folder: Path, name: str, expectations: list[Any], table: str = "amounts") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    suite = {"name": name, "expectations": expectations, "meta": {"newsgate": {"table": table}}}
    path.write_text(json.dumps(suite), encoding="utf-8")
    return path


def run_one(tmp_path: Path, expectations: list[Any], df: pd.DataFrame | None = None) -> SuiteResult:
    write_suite(tmp_path / "expectations", "suite", expectations)
    (result,) = run_suites(tmp_path / "expectations", {"amounts": amounts() if df is None else df})
    return result


def test_passing_suite(tmp_path: Path) -> None:
    result = run_one(
        tmp_path,
        [
            {"type": "expect_column_to_exist", "kwargs": {"column": "currency"}},
            {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "value"}},
            {"type": "expect_column_values_to_be_between", "kwargs": {"column": "value", "min_value": 0}},
            {
                "type": "expect_column_values_to_be_iso_currency",
                "kwargs": {"column": "currency", "row_condition": MONEY_ONLY},
            },
        ],
    )
    assert (result.name, result.table, result.success) == ("suite", "amounts", True)
    assert [o.success for o in result.expectations] == [True] * 4
    assert all(o.message.endswith(": passed") for o in result.expectations)
    assert result.data_docs is None


def test_failing_suite_names_the_failure(tmp_path: Path) -> None:
    result = run_one(
        tmp_path,
        [
            {
                "type": "expect_column_values_to_be_in_set",
                "kwargs": {"column": "currency", "value_set": ["USD", "EUR"], "row_condition": MONEY_ONLY},
            },
            {"type": "expect_column_max_to_be_between", "kwargs": {"column": "value", "max_value": 1e9}},
            {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "article"}},
        ],
    )
    assert not result.success
    in_set, max_value, not_null = result.expectations  # outcomes keep the suite's order
    assert (in_set.type, in_set.success, in_set.raised_exception) == ("expect_column_values_to_be_in_set", False, False)
    assert in_set.kwargs == {"column": "currency", "value_set": ["USD", "EUR"], "row_condition": "kind == money"}
    assert in_set.unexpected["partial_unexpected_list"] == ["PKR"]
    assert in_set.unexpected["unexpected_count"] == 1
    assert in_set.message == (
        "expect_column_values_to_be_in_set column=currency where kind == money: "
        "FAILED 1 of 2 values unexpected (50%), e.g. ['PKR']"
    )
    assert not max_value.success and max_value.observed == 3e9
    assert max_value.message == "expect_column_max_to_be_between column=value: FAILED observed 3000000000.0"
    assert not_null.success
    json.dumps([dataclasses.asdict(o) for o in result.expectations])  # JSON-serialisable


@pytest.mark.parametrize(
    ("condition", "shown"),
    [
        ({"row_condition": MONEY_ONLY}, "kind == money"),  # GX 1.x Condition, as JSON
        ({"row_condition": "kind == 'money'", "condition_parser": "pandas"}, "kind == 'money'"),  # deprecated 0.x form
        (
            {
                "row_condition": {
                    "type": "and",
                    "conditions": [
                        MONEY_ONLY,
                        {"type": "comparison", "column": {"name": "value"}, "operator": ">", "parameter": 0},
                    ],
                }
            },
            "(kind == money AND value > 0)",
        ),
    ],
)
def test_row_condition_selects_the_money_rows(tmp_path: Path, condition: dict[str, Any], shown: str) -> None:
    kwargs = {"column": "currency", "value_set": ["USD", "PKR"]}
    everything, money = run_one(
        tmp_path,
        [
            {"type": "expect_column_values_to_be_in_set", "kwargs": kwargs},
            {"type": "expect_column_values_to_be_in_set", "kwargs": {**kwargs, **condition}},
        ],
    ).expectations
    assert not everything.success and everything.unexpected["partial_unexpected_list"] == [""]
    assert money.success and money.unexpected["element_count"] == 2
    assert money.kwargs["row_condition"] == shown


@pytest.mark.parametrize(
    ("expectation", "error"),
    [
        (
            {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "no_such_column"}},
            'The column "no_such_column" in BatchData does not exist',
        ),
        # SQL/Spark only: on pandas GX reports success False with an exception, never a plain failure
        (
            {"type": "unexpected_rows_expectation", "kwargs": {"unexpected_rows_query": "SELECT * FROM {batch}"}},
            "No provider found for unexpected_rows_query.table using PandasExecutionEngine",
        ),
    ],
)
def test_an_exception_counts_as_failure(tmp_path: Path, expectation: dict[str, Any], error: str) -> None:
    result = run_one(tmp_path, [expectation, {"type": "expect_column_to_exist", "kwargs": {"column": "kind"}}])
    raised, fine = result.expectations
    assert not result.success
    assert (raised.success, raised.raised_exception) == (False, True)
    assert raised.exception_message is not None and error in raised.exception_message
    assert f": ERROR {raised.exception_message}" in raised.message and "\n" not in raised.message
    assert fine.success and not fine.raised_exception


@pytest.mark.parametrize(
    ("values", "bad"),
    [
        (["USD", "EUR", "PKR", "GBP"], []),
        (["USD", "usd", "$", "US$", "XXQ", "Rs"], ["usd", "$", "US$", "XXQ", "Rs"]),
    ],
)
def test_iso_currency_expectation(tmp_path: Path, values: list[str], bad: list[str]) -> None:
    df = pd.DataFrame({"kind": ["money"] * len(values), "currency": values})
    (outcome,) = run_one(
        tmp_path, [{"type": "expect_column_values_to_be_iso_currency", "kwargs": {"column": "currency"}}], df
    ).expectations
    assert outcome.success is (not bad)
    assert outcome.unexpected.get("partial_unexpected_list", []) == bad
    assert "USD" in custom.iso_currencies() and "usd" not in custom.iso_currencies()


def test_iso_currency_mostly(tmp_path: Path) -> None:
    df = pd.DataFrame({"currency": ["USD"] * 9 + ["XXQ"]})
    expectation = {"type": "expect_column_values_to_be_iso_currency", "kwargs": {"column": "currency", "mostly": 0.9}}
    (outcome,) = run_one(tmp_path, [expectation], df).expectations
    assert outcome.success and outcome.unexpected["partial_unexpected_list"] == ["XXQ"]


SPELLINGS = {"FWO": "Frontier Works Organization", "Frontier Works Organisation": "Frontier Works Organization"}


@pytest.mark.parametrize(
    ("pairs", "bad"),
    [
        ([("FWO", "Frontier Works Organization"), ("Acme", "Acme Corp")], []),  # unmapped spellings pass
        ([("FWO", "Frontier Works Org"), ("Frontier Works Organisation", "Frontier Works Organization")], [0]),
    ],
    ids=["follows", "breaks"],
)
def test_follow_mapping_expectation(tmp_path: Path, pairs: list[tuple[str, str]], bad: list[int]) -> None:
    df = pd.DataFrame({"text": [t for t, _ in pairs], "canonical_name": [n for _, n in pairs]})
    expectation = {
        "type": "expect_column_pair_values_to_follow_mapping",
        "kwargs": {"column_A": "text", "column_B": "canonical_name", "mapping": SPELLINGS},
    }
    (outcome,) = run_one(tmp_path, [expectation], df).expectations
    assert outcome.success is (not bad) and not outcome.raised_exception
    assert outcome.unexpected.get("partial_unexpected_list", []) == [list(pairs[i]) for i in bad]


@pytest.mark.parametrize(
    ("kind", "local"),
    [
        ("ExpectColumnValuesToBeInSet", True),
        ("ExpectColumnValuesToMatchRegex", True),
        ("ExpectColumnValuesToBeUnique", False),  # a map expectation, but each row is judged against the others
        ("ExpectColumnDistinctValuesToContainSet", False),
        ("ExpectTableRowCountToBeBetween", False),
    ],
)
def test_row_local_expectations(kind: str, local: bool) -> None:
    import great_expectations.expectations as gxe

    from newsgate.validation.gx import row_local

    cls = getattr(gxe, kind)
    fields = {
        "ExpectTableRowCountToBeBetween": {"min_value": 1},
        "ExpectColumnDistinctValuesToContainSet": {"value_set": []},
    }
    kwargs = fields.get(kind, {"value_set": []} if "Set" in kind else {"regex": "x"} if "Regex" in kind else {})
    expectation = cls(**kwargs) if kind == "ExpectTableRowCountToBeBetween" else cls(column="c", **kwargs)
    assert row_local(expectation) is local
    assert row_local(custom.ExpectColumnPairValuesToFollowMapping(column_A="a", column_B="b", mapping={}))


def test_a_dropped_expectation_is_an_error(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    unregistered = {"type": "expect_column_values_to_be_iso_language", "kwargs": {"column": "currency"}}
    path = write_suite(
        tmp_path / "expectations",
        "currencies",
        [
            {"type": "expect_column_to_exist", "kwargs": {"column": "currency"}},
            unregistered,
            unregistered,
        ],
    )
    with pytest.raises(NewsgateError) as err:
        run_suites(tmp_path / "expectations", {"amounts": amounts()})
    assert str(err.value) == (
        f"{path}: GX dropped 2 expectation(s) on loading (unregistered type or invalid configuration): "
        "expect_column_values_to_be_iso_language; import the module that defines a custom expectation"
    )
    assert capfd.readouterr() == ("", "")  # GX's logged traceback is muted


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{not json", "not a readable JSON suite"),
        ("[]", "JSON object"),
        ('{"name": "x", "expectations": {}}', "JSON object"),
        ('{"name": "x", "expectations": []}', "meta must name the table"),
        ('{"name": "x", "expectations": [], "meta": {"newsgate": {"table": "widgets"}}}', "unknown table 'widgets'"),
        (
            '{"name": "x", "expectations": [], "meta": {"newsgate": {"table": "amounts"}}, "colour": 1}',
            "not a valid suite",
        ),
        ('{"name": "x", "expectations": [7], "meta": {"newsgate": {"table": "amounts"}}}', "not a valid suite"),
        (
            '{"name": "x", "expectations": [{"type": "expect_column_values_to_be_in_set",'
            ' "kwargs": {"value_set": []}}], "meta": {"newsgate": {"table": "amounts"}}}',
            "ExpectColumnValuesToBeInSet column field required",
        ),
    ],
)
def test_a_malformed_suite_file_is_an_error(tmp_path: Path, text: str, problem: str) -> None:
    folder = tmp_path / "expectations"
    folder.mkdir()
    (folder / "bad.json").write_text(text, encoding="utf-8")
    with pytest.raises(NewsgateError, match=problem) as err:
        run_suites(folder, {"amounts": amounts()})
    assert str(folder / "bad.json") in str(err.value) and "\n" not in str(err.value)


def test_folder_problems(tmp_path: Path) -> None:
    with pytest.raises(NewsgateError, match="expectations folder not found"):
        run_suites(tmp_path / "missing", {})
    (tmp_path / "empty").mkdir()
    assert run_suites(tmp_path / "empty", {}) == []
    folder = tmp_path / "expectations"
    write_suite(folder, "one", [])
    (folder / "two.json").write_text((folder / "one.json").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(NewsgateError, match="more than one file: one"):
        run_suites(folder, {"amounts": amounts()})


def test_several_suites_rerun_in_one_process(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "expectations"
    write_suite(
        folder,
        "b_money",
        [
            {
                "type": "expect_column_values_to_be_iso_currency",
                "kwargs": {"column": "currency", "row_condition": MONEY_ONLY},
            }
        ],
    )
    write_suite(folder, "a_rows", [{"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 3}}])
    write_suite(folder, "c_other", [{"type": "expect_column_to_exist", "kwargs": {"column": "label"}}], "entities")
    tables = {"amounts": amounts(), "entities": pd.DataFrame({"label": ["ORG"]})}
    first = run_suites(folder, tables)
    second = run_suites(folder, tables)
    assert [(r.name, r.table, r.success) for r in first] == [
        ("a_rows", "amounts", True),
        ("b_money", "amounts", True),
        ("c_other", "entities", True),
    ]
    assert [dataclasses.asdict(r) for r in first] == [dataclasses.asdict(r) for r in second]
    assert capfd.readouterr() == ("", "")  # no progress bars, no logging


def test_data_docs_are_built(tmp_path: Path) -> None:
    folder = tmp_path / "expectations"
    write_suite(
        folder, "money", [{"type": "expect_column_values_to_be_iso_currency", "kwargs": {"column": "currency"}}]
    )
    write_suite(folder, "rows", [{"type": "expect_table_row_count_to_equal", "kwargs": {"value": 3}}])
    docs = tmp_path / "docs"
    for _ in range(2):  # a second build into the same folder works too
        results = run_suites(folder, {"amounts": amounts()}, data_docs_dir=docs)
    assert [r.success for r in results] == [False, True]
    assert all(r.data_docs == docs / "index.html" for r in results)
    index = (docs / "index.html").read_text(encoding="utf-8")
    assert "money" in index and "rows" in index
    assert (docs / "expectations" / "money.html").is_file()
    pages = {p.relative_to(docs / "validations").parts[0] for p in (docs / "validations").rglob("*.html")}
    assert pages == {"money", "rows"}  # one validation page per suite


def test_importing_the_runner_does_not_import_gx() -> None:
    code = "import sys, newsgate.validation.gx; print('great_expectations' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
