"""The corpus state and the scoped gate: a change to a few articles is linked in and judged
from what the last full run kept, with exactly the tables and findings a full run gives."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from newsgate.checks.findings import Finding
from newsgate.checks.groups import Grouped, Grouping, judge, rejudge
from newsgate.cli import main
from newsgate.config import Config
from newsgate.gate import GateResult, run_gate
from newsgate.linking import link_corpus, relink
from newsgate.model import Article
from newsgate.pipeline import extract_many
from newsgate.readers import read_corpus
from newsgate.state import load_state, state_folder, state_version
from newsgate.tables import TABLES, frame, to_csv_text

from .conftest import SEEDS, shared_or_skip

ADDED = (
    "Officials said the memorandum was worth $600 million, signed on Tuesday, September 9, 2025.\n"
    "\u201cWe are committed to this partnership,\u201d said Natalie Baker, a spokesperson for Acme Metals Group.\n"
    "The Federal Aviation Administration (FAA) said Rolls-Royce Holdings would cut 40 percent of its staff.\n"
)


def _append(folder: Path) -> set[str]:
    f = sorted(folder.glob("*.txt"))[1]
    f.write_text(f.read_text(encoding="utf-8") + "\n" + ADDED, encoding="utf-8")
    return {f.stem}


def _new_article(folder: Path) -> set[str]:
    (folder / "zz_new.txt").write_text(ADDED, encoding="utf-8")
    return {"zz_new"}


def _delete(folder: Path) -> set[str]:
    f = sorted(folder.glob("*.txt"))[0]
    f.unlink()
    return {f.stem}


def _respell(folder: Path) -> set[str]:
    """A name another article also writes, misspelt here: names, canonical ids and spots move."""
    f = sorted(folder.glob("*.txt"))[-1]
    text = f.read_text(encoding="utf-8")
    names = sorted({w for w in text.split() if w.istitle() and len(w) > 6 and w.isalpha()})
    f.write_text(text.replace(names[0], names[0][:-1] + names[0][-1] * 2), encoding="utf-8")
    return {f.stem}


def _two_at_once(folder: Path) -> set[str]:
    return _append(folder) | _new_article(folder)


EDITS: dict[str, Callable[[Path], set[str]]] = {
    "append a contradicting paragraph": _append,
    "add an article": _new_article,
    "delete an article": _delete,
    "misspell a name": _respell,
    "two articles at once": _two_at_once,
}


def _corpus(tmp_path: Path, with_shared: bool) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    if with_shared:
        for f in sorted(shared_or_skip("corpora").glob("*/*.txt")):
            shutil.copy(f, folder / f"{f.parent.name}__{f.name}")
    return folder


def _findings(result: GateResult) -> list[tuple[object, ...]]:
    return sorted(
        (f.rule, f.article, f.start, f.end, f.text, f.message, tuple((r.article, r.start) for r in f.related))
        for f in result.findings
    )


@pytest.mark.parametrize("with_shared", [False, True], ids=["seeds", "seeds+shared"])
@pytest.mark.parametrize("edit", list(EDITS), ids=list(EDITS))
def test_scoped_gate_gives_the_full_gates_tables_and_findings(tmp_path: Path, edit: str, with_shared: bool) -> None:
    folder = _corpus(tmp_path, with_shared)
    stateful = Config(corpus=str(folder), extracted="", cache=str(tmp_path / "cache"))
    first = run_gate(stateful, folder, mode="rules", use_baseline=False)  # writes the state
    assert first.cache is not None and len(first.cache.misses) == len(first.articles)
    changed = EDITS[edit](folder)
    scoped = run_gate(stateful, folder, mode="rules", use_baseline=False, changed=changed)
    fresh = Config(corpus=str(folder), extracted="", cache="off")
    unscoped = run_gate(fresh, folder, mode="rules", use_baseline=False, changed=changed)
    whole = run_gate(fresh, folder, mode="rules", use_baseline=False)
    assert scoped.cache is not None and sorted(scoped.cache.misses) == sorted(changed & {a.id for a in whole.articles})
    assert {t: to_csv_text(df) for t, df in scoped.tables.items()} == {
        t: to_csv_text(df) for t, df in whole.tables.items()
    }
    assert _findings(scoped) == _findings(unscoped)
    assert all(f.article in changed or {r.article for r in f.related} & changed for f in scoped.findings)


def test_deleting_an_article_without_names_drops_its_rows(tmp_path: Path) -> None:
    folder = _corpus(tmp_path, with_shared=False)
    (folder / "aa_plain.txt").write_text("It rose 5 percent on Monday.\n", encoding="utf-8")
    config = Config(corpus=str(folder), extracted="", cache=str(tmp_path / "cache"))
    first = run_gate(config, folder, mode="rules", use_baseline=False)
    assert "aa_plain" in set(first.tables["amounts"]["article"]) and "aa_plain" not in set(
        first.tables["entities"]["article"]
    )
    (folder / "aa_plain.txt").unlink()
    scoped = run_gate(config, folder, mode="rules", use_baseline=False, changed={"aa_plain"})
    assert all("aa_plain" not in set(df["article"]) for df in scoped.tables.values())
    assert all(s.success for s in scoped.schemas)


def test_relink_equals_linking_the_whole_corpus() -> None:
    articles = read_corpus(SEEDS)
    rows = dict(zip([a.id for a in articles], extract_many(articles, "rules"), strict=True))
    texts = {a.id: a.text for a in articles}
    before = link_corpus(texts, rows)
    ids = sorted(texts)
    texts[ids[2]] += "\n" + ADDED
    texts["zz_new"] = ADDED
    del texts[ids[0]], rows[ids[0]]
    fresh = {i: extract_many([Article(id=i, text=texts[i])], "rules")[0] for i in (ids[2], "zz_new")}
    rows.update(fresh)
    ordered = dict(sorted(texts.items()))
    whole = link_corpus(ordered, {i: rows[i] for i in ordered})
    again = relink(before, ordered, fresh)
    for table in TABLES:
        assert to_csv_text(again.tables[table]) == to_csv_text(whole.tables[table]), table


def _shared_rows(rows: list[dict[str, object]]) -> pd.DataFrame:
    return frame(
        "amounts", [{"sentence": r["text"], "kind": "count", "unit": "", "magnitude": "exact", **r} for r in rows]
    )


def test_rejudge_finds_groups_a_changed_row_joins_or_splits() -> None:
    """Two groups an old row kept apart, joined by a changed row: the merged group is judged."""
    grouping = Grouping(
        "toy",
        "amounts",
        lambda df: df,
        lambda rows, tables: [("", tuple(str(t).split())) for t in rows["text"]],
        1,
        lambda members: [
            Finding("amount-mismatch", "", m.article, int(m.start), int(m.end), m.text, str(len(members)))
            for m in members
        ],
    )
    before_rows = [
        {"article": "a", "start": 0, "end": 3, "text": "red", "value": 1.0},
        {"article": "b", "start": 0, "end": 4, "text": "blue", "value": 1.0},
        {"article": "c", "start": 0, "end": 4, "text": "blue", "value": 1.0},
    ]
    _, articles, about, groups = judge(grouping, {"amounts": _shared_rows(before_rows)})
    kept = Grouped.build(articles, about, groups)
    after = {
        "amounts": _shared_rows(
            [*before_rows, {"article": "d", "start": 0, "end": 8, "text": "red blue", "value": 1.0}]
        )
    }
    found = rejudge(grouping, after, kept, {"d"})
    assert sorted((f.article, f.message) for f in found) == [("a", "4"), ("b", "4"), ("c", "4"), ("d", "4")]
    gone = {"amounts": _shared_rows(before_rows[:2])}  # "c" deleted: its group is judged again, now one article
    assert rejudge(grouping, gone, kept, {"c"}) == []


def test_the_state_is_reused_and_a_damaged_one_is_ignored(tmp_path: Path) -> None:
    folder = _corpus(tmp_path, with_shared=False)
    config = Config(corpus=str(folder), extracted="", cache=str(tmp_path / "cache"))
    run_gate(config, folder, mode="rules", use_baseline=False)
    where = state_folder(tmp_path / "cache", folder, "rules")
    version = state_version("rules", None)
    assert load_state(where, version) is not None
    assert load_state(where, state_version("default", None)) is None  # another mode's state is not this one
    again = run_gate(config, folder, mode="rules", use_baseline=False, changed=set())
    assert again.cache is not None and again.cache.misses == [] and again.findings == []
    manifest = json.loads((where / "manifest.json").read_text(encoding="utf-8"))
    (where / manifest["files"]["spotted"]).write_bytes(b"not parquet")
    assert load_state(where, version) is None
    changed = _append(folder)
    scoped = run_gate(config, folder, mode="rules", use_baseline=False, changed=changed)
    unscoped = run_gate(
        Config(corpus=str(folder), extracted="", cache="off"), folder, mode="rules", use_baseline=False, changed=changed
    )
    assert _findings(scoped) == _findings(unscoped) and scoped.findings
    assert load_state(where, version) is not None  # rebuilt by the full run the damage forced
    assert len(list(where.glob("*.parquet"))) == len(manifest["files"]) - 1 + 2 * len(manifest["files"]["grouped"])


SUITE = {
    "name": "pinned",
    "meta": {"newsgate": {"table": "amounts"}},
    "expectations": [
        {"type": "expect_column_values_to_be_between", "kwargs": {"column": "value", "max_value": 1e9}},
        {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 1, "max_value": 1000}},
    ],
}


def test_scoped_validation_judges_the_changed_rows_and_whole_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Row-by-row expectations look at the articles a change reached (an old failure elsewhere
    does not block it, as with findings); aggregate ones still see the whole table."""
    folder = _corpus(tmp_path, with_shared=False)
    (tmp_path / "expectations").mkdir()
    (tmp_path / "expectations/pinned.json").write_text(json.dumps(SUITE), encoding="utf-8")
    (tmp_path / "newsgate.toml").write_text(
        'corpus = "corpus"\nexpectations = "expectations"\nmode = "rules"\ncache = ".cache"\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    old = sorted(folder.glob("*.txt"))[0]
    old.write_text(old.read_text(encoding="utf-8") + "\nIt cost $5 billion.\n", encoding="utf-8")
    assert main(["check", "-q"]) == 1  # the whole corpus: the $5 billion row fails
    assert "expect_column_values_to_be_between" in capsys.readouterr().out
    _new_article(folder)  # it contradicts the seeds too: exit 1 for its findings, the suite passes
    assert main(["check", "-q", "--format", "json", "--changed", "corpus/zz_new.txt"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert {f["rule"] for f in report["findings"]} >= {"amount-mismatch"}
    (suite,) = report["expectations"]
    assert [e["success"] for e in suite["expectations"]] == [True, True]
    assert "(in the rows of the changed articles)" in suite["expectations"][0]["message"]
    (folder / "zz_new.txt").write_text(ADDED + "It cost $2 billion.\n", encoding="utf-8")
    assert main(["check", "-q", "--changed", "corpus/zz_new.txt"]) == 1
    assert "FAILED 1 of" in capsys.readouterr().out
    (tmp_path / "expectations/pinned.json").write_text(
        json.dumps({**SUITE, "expectations": [{**SUITE["expectations"][1], "kwargs": {"max_value": 5}}]}),
        encoding="utf-8",
    )
    assert main(["check", "-q", "--changed", "corpus/zz_new.txt"]) == 1  # the row count is the whole table's
    assert "expect_table_row_count_to_be_between" in capsys.readouterr().out


def test_a_changed_publication_date_is_extracted_again(tmp_path: Path) -> None:
    """Relative dates resolve against the publication date, so it is part of what is cached."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("The deal was signed on Monday.\n", encoding="utf-8")
    manifest = folder / "manifest.csv"
    manifest.write_text("id,published\na,2025-09-10\n", encoding="utf-8")
    config = Config(corpus=str(folder), extracted="", cache=str(tmp_path / "cache"))
    first = run_gate(config, folder, mode="rules", use_baseline=False)
    manifest.write_text("id,published\na,2025-10-10\n", encoding="utf-8")
    second = run_gate(config, folder, mode="rules", use_baseline=False)
    assert second.cache is not None and second.cache.misses == ["a"]
    assert first.tables["dates"]["iso"].tolist() != second.tables["dates"]["iso"].tolist()
