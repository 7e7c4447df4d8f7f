"""The extraction pipeline and ``newsgate extract``: tables, determinism, stale check, modes."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from newsgate.cli import main
from newsgate.model import Article
from newsgate.pipeline import extract_corpus, run_extraction, work_chunks
from newsgate.readers import read_corpus
from newsgate.tables import COLUMNS, read_table

from .conftest import SEEDS, shared_or_skip


@pytest.fixture(scope="module")
def seed_tables() -> dict:  # type: ignore[type-arg]
    return extract_corpus(read_corpus(SEEDS))


def test_every_row_has_provenance_and_spans_match(seed_tables: dict) -> None:  # type: ignore[type-arg]
    texts = {a.id: a.text for a in read_corpus(SEEDS)}
    for name, df in seed_tables.items():
        assert list(df.columns) == COLUMNS[name]
        for r in df.itertuples(index=False):
            assert texts[r.article][r.start : r.end] == r.text, (name, r)
            # the sentence is the one the span starts in (a quotation or glued pair may run on)
            at = [i for i in range(len(texts[r.article])) if texts[r.article].startswith(r.sentence, i)]
            assert any(i <= r.start < i + len(r.sentence) for i in at), (name, r)


def test_seed_parties_normalise_without_a_registry(seed_tables: dict) -> None:  # type: ignore[type-arg]
    ents = seed_tables["entities"]
    expected = {
        "US Strategic Metals": {"US Strategic Metals", "U.S. Strategic Metals", "USSM"},
        "Frontier Works Organization": {"Frontier Works Organization", "Frontier Works Organisation", "FWO"},
        "National Logistics Corporation": {
            "National Logistics Corp",
            "National Logistics Corporation",
            "National Logistics Corporation of Pakistan",
            "NLC",
            "NLCP",
        },
        "Mota-Engil Group": {"Mota-Engil Group", "Mota-Engil", "MEG"},
    }
    for name, variants in expected.items():
        names = set(ents[ents["text"].isin(variants)]["canonical_name"])
        assert names == {name}, (name, names)
        assert variants <= set(ents[ents["canonical_name"] == name]["text"])
    assert len(set(ents[ents["canonical_name"].str.contains("Department")]["canonical"])) == 2  # Energy vs State


def test_deal_amounts_are_500_million_usd(seed_tables: dict) -> None:  # type: ignore[type-arg]
    money = seed_tables["amounts"]
    money = money[(money["kind"] == "money") & (money["magnitude"] == "exact")]
    assert len(money) >= 6 and set(money["value"]) == {500_000_000.0} and set(money["currency"]) == {"USD"}


def test_extract_twice_changes_no_byte_and_check_detects_stale(tmp_path: Path) -> None:
    out = tmp_path / "tables"
    corpus = tmp_path / "c"
    shutil.copytree(SEEDS, corpus)
    assert main(["extract", str(corpus), "--out", str(out), "-q"]) == 0
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    assert sorted(first) == sorted(f"{t}.csv" for t in COLUMNS)
    assert main(["extract", str(corpus), "--out", str(out), "-q"]) == 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first
    assert main(["extract", str(corpus), "--out", str(out), "--check", "-q"]) == 0
    edit = corpus / "004_b0ff480cb5d96ada.txt"
    edit.write_text(edit.read_text(encoding="utf-8").replace("USD 500 million", "USD 600 million"), encoding="utf-8")
    assert main(["extract", str(corpus), "--out", str(out), "--check", "-q"]) == 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first  # --check writes nothing


def test_tables_read_back_with_types(tmp_path: Path, seed_tables: dict) -> None:  # type: ignore[type-arg]
    from newsgate.tables import write_tables

    write_tables(seed_tables, tmp_path)
    back = read_table(tmp_path / "amounts.csv", "amounts")
    assert back["value"].dtype == "float64" and back["start"].dtype == "int64"
    assert back["value"].tolist() == seed_tables["amounts"]["value"].tolist()


def test_rules_mode_runs_and_finds_the_parties() -> None:
    tables = extract_corpus(read_corpus(SEEDS), mode="rules")
    names = set(tables["entities"]["canonical_name"])
    assert {"Frontier Works Organization", "National Logistics Corporation", "Mota-Engil Group"} <= names
    assert len(tables["amounts"]) == len(extract_corpus(read_corpus(SEEDS))["amounts"])


def test_every_shared_corpus_extracts(tmp_path: Path) -> None:
    root = shared_or_skip("corpora")
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        assert main(["extract", str(folder), "--out", str(tmp_path / folder.name), "-q"]) == 0
        assert (tmp_path / folder.name / "entities.csv").stat().st_size > 100


def test_committed_tables_are_up_to_date(monkeypatch: pytest.MonkeyPatch) -> None:
    from .conftest import REPO

    monkeypatch.chdir(REPO)
    assert main(["extract", "--check", "-q"]) == 0, "extracted/ is stale: run `nox -s extract`"


@pytest.mark.parametrize(("articles", "jobs", "sizes"), [
    (150, 1, [32, 32, 32, 32, 22]),  # one process: full chunks
    (150, 2, [19] * 7 + [17]),  # two: four chunks each, so neither waits for the other's fifth
    (10, 2, [2, 2, 2, 2, 2]),
    (1000, 2, [32] * 31 + [8]),  # never more than CHUNK
])  # fmt: skip
def test_work_chunks_keep_order_and_give_every_worker_several(articles: int, jobs: int, sizes: list[int]) -> None:
    arts = [Article(id=str(i), text="x") for i in range(articles)]
    chunks = work_chunks(arts, jobs)
    assert [len(c) for c in chunks] == sizes
    assert [a for c in chunks for a in c] == arts


def test_two_processes_extract_what_one_does() -> None:
    arts = list(read_corpus(SEEDS)) * 9  # 45 articles: several chunks per worker
    arts = [dataclasses.replace(a, id=f"{a.id}-{i}") for i, a in enumerate(arts)]
    assert run_extraction(arts, "rules", jobs=2) == run_extraction(arts, "rules", jobs=1)
