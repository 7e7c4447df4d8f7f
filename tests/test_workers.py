"""Prewarmed workers and what a gated change sends to validation."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pandas as pd
import pytest

from newsgate.errors import NewsgateError
from newsgate.validation.gx import columns_used
from newsgate.validation.prefetch import scoped
from newsgate.workers import Prewarmed


def _fail_cleanly(request: object) -> object:
    raise NewsgateError(f"bad request {request}")


def _crash(request: object) -> object:
    raise ZeroDivisionError("boom")


@pytest.mark.parametrize("fork", [True, False], ids=["forked", "in-process"])
def test_a_prewarmed_worker_answers_and_reports_errors(fork: bool) -> None:
    warmed: list[str] = []
    worker = Prewarmed("t", lambda: warmed.append("warm"), lambda r: (r, len(warmed)), fork=fork)
    assert worker.call(3) == (3, 1)  # warmed before serving, in whichever process served
    with pytest.raises(NewsgateError, match="bad request 4"):
        Prewarmed("t", lambda: None, _fail_cleanly, fork=fork).call(4)
    with pytest.raises((RuntimeError, ZeroDivisionError), match="boom"):
        Prewarmed("t", lambda: None, _crash, fork=fork).call(5)


def test_an_unused_worker_is_not_waited_for() -> None:
    worker = Prewarmed("slow", lambda: time.sleep(30), lambda r: r)
    start = time.perf_counter()
    worker.close()
    assert time.perf_counter() - start < 5


def _suite(folder: Path, name: str, table: str, expectations: list[dict[str, object]]) -> None:
    folder.mkdir(exist_ok=True)
    body = {"name": name, "meta": {"newsgate": {"table": table}}, "expectations": expectations}
    (folder / f"{name}.json").write_text(json.dumps(body), encoding="utf-8")


def test_a_gated_change_sends_the_changed_rows_and_only_the_columns_suites_name(tmp_path: Path) -> None:
    folder = tmp_path / "suites"
    condition = {"type": "comparison", "column": {"name": "kind"}, "operator": "==", "parameter": "org"}
    _suite(folder, "a", "entities", [{"type": "x", "kwargs": {"column": "canonical", "row_condition": condition}}])
    _suite(folder, "b", "entities", [{"type": "y", "kwargs": {"column_A": "text", "column_B": "canonical_name"}}])
    _suite(folder, "c", "amounts", [{"type": "z", "kwargs": {"column": "value", "row_condition": "value > 3"}}])
    assert columns_used(folder) == {"entities": {"canonical", "kind", "text", "canonical_name"}, "amounts": None}
    entities = pd.DataFrame(
        {
            "article": ["a", "b"],
            "text": ["X", "Y"],
            "kind": ["org"] * 2,
            "canonical": ["c"] * 2,
            "canonical_name": ["C"] * 2,
            "sentence": ["s"] * 2,
        }
    )
    amounts = pd.DataFrame({"article": ["a", "b"], "value": [1.0, 5.0], "unit": ["", ""]})
    dates = pd.DataFrame({"article": ["a", "b"], "iso": ["", ""]})
    findings = pd.DataFrame({"article": ["b"], "rule": ["r"]})
    whole, rows = scoped(
        {"entities": entities, "amounts": amounts, "dates": dates, "findings": findings}, {"b"}, folder
    )
    assert {t: df["article"].tolist() for t, df in rows.items()} == {
        "entities": ["b"],
        "amounts": ["b"],
        "dates": ["b"],
        "findings": ["b"],
    }
    assert list(whole["entities"].columns) == ["text", "kind", "canonical", "canonical_name"]  # no sentence
    assert whole["amounts"].equals(amounts)  # a query-string condition may read any column
    assert whole["dates"].empty  # no suite reads the dates table
    (folder / "d.json").write_text("{not json", encoding="utf-8")
    assert columns_used(folder) == {}  # unreadable: nothing is pruned (run_suites reports the file)
