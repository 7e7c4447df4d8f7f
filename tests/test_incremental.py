"""Gating corpus updates: extraction cache, --since/--changed, corrections overlay."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from newsgate.cache import ExtractionCache
from newsgate.cli import main
from newsgate.corrections import apply_corrections, load_corrections
from newsgate.errors import NewsgateError
from newsgate.pipeline import extract_article
from newsgate.readers import read_corpus
from newsgate.tables import read_table

from .conftest import REPO, SEEDS

CONTRADICTION = (
    "Pakistan signed a memorandum of understanding worth $600 million with US Strategic Metals (USSM), "
    "officials said, in a $600 million investment deal for critical minerals.\n"
)
HARMLESS = "The weather in Islamabad was mild this week, officials said.\n"


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    code = main(["check", "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def git_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A corpus repo of the seeds, committed on main; its own cache folder."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    (tmp_path / "newsgate.toml").write_text('corpus = "seeds"\ncache = ".cache"\n', encoding="utf-8")
    (tmp_path / ".gitignore").write_text(".cache/\n", encoding="utf-8")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "-c", "user.email=t@example.org", "-c", "user.name=t", "add", ".")
    git(tmp_path, "-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-qm", "seeds")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def commit_article(repo: Path, branch: str, name: str, text: str) -> None:
    git(repo, "checkout", "-q", "-b", branch, "main")
    (repo / "seeds" / name).write_text(text, encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-qm", f"add {name}")


def test_since_fails_a_contradicting_article_and_passes_a_harmless_one(
    git_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report = run_json(capsys)  # warm the cache on main: every seed is extracted once
    assert code == 1 and len(report["cache"]["extracted"]) == 5  # the seeds' own defects, no baseline here
    commit_article(git_repo, "bad", "005_contradicts.txt", CONTRADICTION)
    code, report = run_json(capsys, "--since", "main")
    assert report["cache"]["extracted"] == ["005_contradicts"]  # only the new article is extracted
    assert len(report["cache"]["reused"]) == 5
    rules = {(f["rule"], f["article"]) for f in report["findings"]}
    assert ("amount-mismatch", "005_contradicts") in rules
    assert all(f["article"] in ("005_contradicts", "") or any(r["article"] == "005_contradicts" for r in f["related"])
               for f in report["findings"])  # old contradictions nobody touched are left out
    assert code == 1
    commit_article(git_repo, "good", "006_harmless.txt", HARMLESS)
    code, report = run_json(capsys, "--since", "main")
    assert report["cache"]["extracted"] == ["006_harmless"]
    assert (code, report["findings"]) == (0, [])


def test_changed_files_and_uncommitted_edits(git_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (git_repo / "seeds/005_new.txt").write_text(CONTRADICTION, encoding="utf-8")  # untracked
    code, report = run_json(capsys, "--since", "HEAD")
    assert code == 1 and {f["article"] for f in report["findings"]} >= {"005_new"}
    code, report = run_json(capsys, "--changed", "seeds/003_d7f128634bf2518a.txt")
    involved = [{f["article"], *(r["article"] for r in f["related"])} for f in report["findings"]]
    assert involved and all("003_d7f128634bf2518a" in arts for arts in involved)
    assert {"000_2c87b1a8c52fc0df", "001_572f1e0f8fdc0deb"} & {f["article"] for f in report["findings"]}


def test_since_bad_revision_is_a_clean_error(git_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--since", "no-such-rev"]) == 2
    assert "git rev-parse" in capsys.readouterr().err


def test_cache_ignores_damaged_and_foreign_entries(tmp_path: Path) -> None:
    (art,) = [a for a in read_corpus(SEEDS) if a.id.startswith("004")]
    cache = ExtractionCache(tmp_path)
    rows = extract_article(art, "rules")
    cache.put(art.id, art.text, "rules", rows)
    (entry,) = list(tmp_path.rglob("*.json"))
    assert cache.get(art.id, art.text, "rules") is not None
    assert cache.get(art.id, art.text, "default") is None  # another mode: another entry
    for damage in ("{not json", json.dumps({"format": 1, "key": "someone-else", "rows": {}})):
        entry.write_text(damage, encoding="utf-8")
        assert cache.get(art.id, art.text, "rules") is None
    data = {"format": 1, "key": entry.stem, "rows": {t: [] for t in rows}}
    data["rows"]["amounts"] = [{**rows["amounts"][0], "start": 0}]  # a span that no longer matches the text
    entry.write_text(json.dumps(data), encoding="utf-8")
    assert cache.get(art.id, art.text, "rules") is None


def test_corrections_fix_the_text_not_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(SEEDS, tmp_path / "seeds")
    before = (tmp_path / "seeds/003_d7f128634bf2518a.txt").read_bytes()
    (tmp_path / "corrections.yml").write_text(
        "- article: 003_d7f128634bf2518a\n  old: Bakertermed\n  new: Baker termed\n"
        "  reason: the scraper glued the name to the next word\n",
        encoding="utf-8",
    )
    (tmp_path / "newsgate.toml").write_text('corpus = "seeds"\ncorrections = "corrections.yml"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    _code, report = run_json(capsys)
    texts = {(f["rule"], f["text"]) for f in report["findings"]}
    assert ("typo-merged-word", "Bakertermed") not in texts and ("typo-misspelling", "stablising") in texts
    late = next(f for f in report["findings"] if f["text"] == "stablising")
    assert (late["line"], late["column"]) == (19, 196)  # still the place in the file on disk
    assert main(["extract", "--out", "t", "-q"]) == 0
    ents = read_table(tmp_path / "t/entities.csv", "entities")
    fixed = ents[(ents["article"] == "003_d7f128634bf2518a") & ents["sentence"].str.contains("Baker termed the MoUs")]
    assert ("Natalie Baker", "person:natalie-baker") in set(zip(fixed["text"], fixed["canonical"], strict=True))
    assert (tmp_path / "seeds/003_d7f128634bf2518a.txt").read_bytes() == before


def test_correction_that_no_longer_matches_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "c.yml"
    path.write_text("- {article: 003_d7f128634bf2518a, old: Bakertermedd, new: x, reason: r}\n", encoding="utf-8")
    with pytest.raises(NewsgateError, match="no longer occurs"):
        apply_corrections(read_corpus(SEEDS), load_corrections(path))
    path.write_text("- {article: 009_missing, old: a, new: b, reason: r}\n", encoding="utf-8")
    with pytest.raises(NewsgateError, match="no article"):
        apply_corrections(read_corpus(SEEDS), load_corrections(path))
    path.write_text("- {article: 003_d7f128634bf2518a, old: the, new: a, reason: r}\n", encoding="utf-8")
    with pytest.raises(NewsgateError, match=r"occurs .* times"):
        apply_corrections(read_corpus(SEEDS), load_corrections(path))
    path.write_text("- [not, a, mapping]\n", encoding="utf-8")
    with pytest.raises(NewsgateError, match="expected a mapping"):
        load_corrections(path)


def test_offsets_map_back_through_corrections() -> None:
    (art,) = [a for a in read_corpus(SEEDS) if a.id.startswith("003")]
    path = REPO / "tests" / "data" / "corrections.yml"
    fixed = apply_corrections([art], load_corrections(path))[0]
    later = fixed.text.index("stablising")
    assert fixed.line_col(later) == art.line_col(art.text.index("stablising"))
    assert fixed.text.count("Natalie Baker termed") == 1


def test_every_extractor_module_is_in_the_cache_key() -> None:
    """A changed extractor must invalidate cached rows: each module of extractors/ is hashed into the key."""
    from newsgate import cache

    modules = {f"extractors/{p.name}" for p in (REPO / "src" / "newsgate" / "extractors").glob("*.py")}
    assert modules - {"extractors/__init__.py"} <= set(cache._SOURCES)
