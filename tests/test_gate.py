"""End to end: the gate on the seeds, and on copies of the seeds changed as a corpus update would be.

The in-process tests call ``newsgate.cli.main`` (models load once per test session); one test
runs the installed console script to check the real exit code and output lines.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsgate.cli import main

from .conftest import REPO

SEED_FINDINGS = {
    ("typo-merged-word", "003_d7f128634bf2518a", "Bakertermed"),
    ("typo-misspelling", "003_d7f128634bf2518a", "stablising"),
    ("date-weekday-mismatch", "001_572f1e0f8fdc0deb", "September 7, 2025"),
    ("acronym-undefined", "003_d7f128634bf2518a", "EGP"),
    ("text-navigation-line", "004_b0ff480cb5d96ada", "Read: US investors urged to tap into Pak’s mineral wealth"),
    (
        "text-navigation-line",
        "004_b0ff480cb5d96ada",
        "Read: Aurangzeb sees Pakistan’s minerals as key to boosting trade with US",
    ),
}


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    code = main(["check", "--format", "json", *args])
    out = capsys.readouterr().out
    return code, json.loads(out)


def keys(report: dict, accepted: bool | None = None) -> set[tuple[str, str, str]]:  # type: ignore[type-arg]
    return {
        (f["rule"], f["article"], f["text"])
        for f in report["findings"]
        if accepted is None or f["accepted"] == accepted
    }


@pytest.fixture
def corpus_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A corpus repo like this one: seeds, baseline, schemas, expectations, configuration."""
    for name in ("seeds", "schemas", "expectations"):
        shutil.copytree(REPO / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "newsgate-baseline.yml", tmp_path)
    (tmp_path / "newsgate.toml").write_text(
        'corpus = "seeds"\nbaseline = "newsgate-baseline.yml"\nschemas = "schemas"\nexpectations = "expectations"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def edit(path: Path, old: str, new: str, count: int = -1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_seeds_without_baseline_report_the_known_defects(capsys: pytest.CaptureFixture[str]) -> None:
    code, report = run_json(capsys, str(REPO / "seeds"), "--no-baseline")
    found = keys(report)
    assert found >= SEED_FINDINGS
    glued = {t for r, a, t in found if r == "text-glued-sentence"}
    assert "sector.Pakistan" in glued and all(
        a == "000_2c87b1a8c52fc0df" for r, a, t in found if r == "text-glued-sentence"
    )
    assert {a for r, a, t in found if r == "text-unbalanced-quote"} == {"002_84953487bb4cf192"}
    quote = [f for f in report["findings"] if f["rule"] == "quote-speaker-mismatch"]
    assert len(quote) == 1 and quote[0]["article"] == "000_2c87b1a8c52fc0df" and quote[0]["severity"] == "warning"
    assert quote[0]["text"].startswith("This signing is yet another example")
    assert {r["article"] for r in quote[0]["related"]} == {
        "002_84953487bb4cf192",
        "003_d7f128634bf2518a",
        "004_b0ff480cb5d96ada",
    }
    rules = {r for r, _, _ in found}
    assert not rules & {"amount-mismatch", "name-variant", "acronym-conflict", "schema-violation"}
    assert not any(r.startswith("typo-") and t not in ("Bakertermed", "stablising") for r, _, t in found)
    assert code == 1 and report["passed"] is False


def test_repo_gate_passes_with_committed_baseline(corpus_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, report = run_json(capsys)
    assert code == 0 and report["passed"]
    assert keys(report, accepted=False) == set()
    assert all(s["success"] for s in report["schemas"])
    assert {s["name"] for s in report["expectations"]} == {"seeds_deal_amount", "seeds_parties", "seeds_consistency"}
    assert all(s["success"] for s in report["expectations"])


def new_findings(capsys: pytest.CaptureFixture[str]) -> tuple[int, set[tuple[str, str, str]]]:
    code, report = run_json(capsys)
    return code, keys(report, accepted=False)


def test_update_600_million(corpus_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(corpus_repo / "seeds/000_2c87b1a8c52fc0df.txt", "$500 million", "$600 million")
    code, found = new_findings(capsys)
    assert ("amount-mismatch", "000_2c87b1a8c52fc0df", "$600 million") in found
    assert {r for r, _, _ in found} == {"amount-mismatch", "expectation-failed"}  # the pinned deal value fails too
    assert code == 1


def test_update_new_tuesday(corpus_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(
        corpus_repo / "seeds/004_b0ff480cb5d96ada.txt",
        "Both sides emphasised",
        "Officials said the memorandum of understanding was signed on Tuesday. Both sides emphasised",
    )
    code, found = new_findings(capsys)
    assert found == {("date-weekday-mismatch", "004_b0ff480cb5d96ada", "Tuesday")}
    assert code == 1


def test_update_new_typo(corpus_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(corpus_repo / "seeds/002_84953487bb4cf192.txt", "strengthen cooperation", "strenghten cooperation")
    code, found = new_findings(capsys)
    assert found == {("typo-misspelling", "002_84953487bb4cf192", "strenghten")}
    assert code == 1


def test_update_party_misspelt(corpus_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(
        corpus_repo / "seeds/004_b0ff480cb5d96ada.txt",
        "the Frontier Works Organisation (FWO)",
        "the Frontier Work Organisation (FWO)",
    )
    code, found = new_findings(capsys)
    assert ("name-variant", "004_b0ff480cb5d96ada", "Frontier Work Organisation") in found
    assert {r for r, _, _ in found} <= {"name-variant", "acronym-conflict", "expectation-failed"}
    assert code == 1


def test_update_acronym_defined_two_ways(corpus_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(
        corpus_repo / "seeds/001_572f1e0f8fdc0deb.txt",
        "However, the extraction",
        "The Federal Water Office (FWO) was not involved. However, the extraction",
    )
    code, found = new_findings(capsys)
    assert ("acronym-conflict", "001_572f1e0f8fdc0deb", "FWO") in found
    assert code == 1


def test_new_article_restates_quote_under_another_speaker(
    corpus_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (corpus_repo / "seeds/005_0123456789abcdef.txt").write_text(
        "Prime Minister Shehbaz Sharif said, “This signing is yet another example of the strength of the "
        "US-Pakistan bilateral relationship that will benefit both countries.”\n",
        encoding="utf-8",
    )
    code, found = new_findings(capsys)
    assert (
        "quote-speaker-mismatch",
        "005_0123456789abcdef",
        "This signing is yet another example of the strength of the "
        "US-Pakistan bilateral relationship that will benefit both countries.",
    ) in found
    assert code == 0  # a warning does not fail the gate


def test_harmless_edit_keeps_gate_green(corpus_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(
        corpus_repo / "seeds/004_b0ff480cb5d96ada.txt",
        "Both sides emphasised",
        "The weather in Islamabad was mild. Both sides emphasised",
    )
    code, found = new_findings(capsys)
    assert (code, found) == (0, set())


def test_console_script_prints_located_findings(tmp_path: Path) -> None:
    shutil.copytree(REPO / "seeds", tmp_path / "c")
    proc = subprocess.run(
        [sys.executable, "-m", "newsgate", "check", "c"], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    lines = proc.stdout.splitlines()
    assert proc.returncode == 1, proc.stderr
    assert (
        "c/003_d7f128634bf2518a.txt:7:209: error typo-merged-word 'Bakertermed': words run together "
        "(did you mean 'Baker termed'?)" in lines
    )
    assert (
        "c/001_572f1e0f8fdc0deb.txt:5:277: error date-weekday-mismatch 'September 7, 2025': 2025-09-07 is a "
        "Sunday, but 3 article(s) say Monday for the same event" in lines
    )
    assert lines[-1] == "newsgate: 5 articles, 3 errors, 17 warnings, 0 accepted: failed"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "nope-does-not-exist"], "no such corpus folder"),
        (["extract", "seeds-missing"], "no such corpus folder"),
    ],
)
def test_bad_input_exit_2_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "newsgate", *args], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and message in proc.stderr and "Traceback" not in proc.stderr


def test_unknown_config_key_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "newsgate.toml").write_text('corpus = "."\ncorpsu = "x"\n', encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "newsgate", "check"], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 2 and "unknown key 'corpsu'" in proc.stderr


def test_suggest_drafts_suites_that_pass_now_and_gate_later(
    corpus_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["suggest", "-q"]) == 0
    drafts = sorted(p.name for p in (corpus_repo / "expectations").glob("suggested_*.json"))
    assert drafts == ["suggested_amounts.json", "suggested_consistency.json", "suggested_entities.json"]
    suite = json.loads((corpus_repo / "expectations/suggested_amounts.json").read_text(encoding="utf-8"))
    assert suite["expectations"][0]["kwargs"]["value_set"] == [500000000.0]
    assert main(["suggest", "-q"]) == 2  # never overwrites a draft without --force
    capsys.readouterr()
    code, report = run_json(capsys)
    assert code == 0 and all(s["success"] for s in report["expectations"])
    edit(corpus_repo / "seeds/000_2c87b1a8c52fc0df.txt", "$500 million", "$600 million")
    code, report = run_json(capsys)
    failed = {s["name"] for s in report["expectations"] if not s["success"]}
    assert code == 1 and {"suggested_amounts", "suggested_consistency", "seeds_deal_amount"} <= failed


def test_baseline_survives_unrelated_edits_and_reports_stale_entries(
    corpus_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    art = corpus_repo / "seeds/003_d7f128634bf2518a.txt"
    edit(art, "ISLAMABAD:\n", "ISLAMABAD:\nAn extra opening paragraph that moves every offset below it.\n")
    code, report = run_json(capsys)
    assert code == 0 and keys(report, accepted=False) == set()
    typo = next(f for f in report["findings"] if f["text"] == "Bakertermed")
    assert typo["accepted"] and typo["line"] == 8 and typo["reason"]
    edit(art, "stablising", "stabilising")  # the typo is fixed: its baseline entry goes stale
    code, report = run_json(capsys)
    stale = [f for f in report["findings"] if f["rule"] == "baseline-stale"]
    assert code == 0 and len(stale) == 1 and "typo-misspelling" in stale[0]["message"]


def test_baseline_command_keeps_reasons_and_needs_one_for_new_entries(
    corpus_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    baseline = corpus_repo / "newsgate-baseline.yml"
    before = baseline.read_text(encoding="utf-8")
    edit(corpus_repo / "seeds/002_84953487bb4cf192.txt", "strengthen cooperation", "strenghten cooperation")
    assert main(["baseline", "-q"]) == 2  # a new finding and no --reason: nothing written
    assert baseline.read_text(encoding="utf-8") == before
    assert main(["baseline", "-q", "--reason", "typo in the source, reported upstream"]) == 0
    after = baseline.read_text(encoding="utf-8")
    assert "typo in the source, reported upstream" in after
    for line in before.splitlines():
        if line.strip().startswith("reason:"):
            assert line in after
    capsys.readouterr()
    code, report = run_json(capsys)
    assert code == 0 and keys(report, accepted=False) == set()


def test_severity_and_disable_from_configuration(corpus_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (corpus_repo / "newsgate.toml").write_text(
        'corpus = "seeds"\n[severity]\n"date-weekday-mismatch" = "warning"\n"typo-merged-word" = "off"\n',
        encoding="utf-8",
    )
    code, report = run_json(capsys)
    by_rule = {f["rule"]: f["severity"] for f in report["findings"]}
    assert by_rule["date-weekday-mismatch"] == "warning" and "typo-merged-word" not in by_rule
    assert by_rule["typo-misspelling"] == "error" and code == 1


def test_registry_pins_names(corpus_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (corpus_repo / "names.yml").write_text(
        "FWO Pakistan:\n  kind: org\n  aliases: [Frontier Works Organization]\n", encoding="utf-8"
    )
    (corpus_repo / "newsgate.toml").write_text('corpus = "seeds"\nregistry = "names.yml"\n', encoding="utf-8")
    assert main(["extract", "--out", "t", "-q"]) == 0
    ents = (corpus_repo / "t/entities.csv").read_text(encoding="utf-8")
    assert "FWO Pakistan" in ents and "org:fwo-pakistan" in ents


def test_real_disagreements_in_shared_corpora(capsys: pytest.CaptureFixture[str]) -> None:
    from .conftest import shared_or_skip

    sinai = shared_or_skip("corpora", "sinai_mosque_attack_2017")
    code, report = run_json(capsys, str(sinai))
    toll = [f for f in report["findings"] if f["rule"] == "amount-mismatch"]
    assert any("235" in f["text"] and any("305" in r["text"] for r in f["related"]) for f in toll)
    assert code == 1


def test_check_runs_on_every_shared_corpus(capsys: pytest.CaptureFixture[str]) -> None:
    from .conftest import shared_or_skip

    root = shared_or_skip("corpora")
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        code, report = run_json(capsys, str(folder))
        assert code in (0, 1) and report["articles"], folder.name
        assert all(s["success"] for s in report["schemas"]), folder.name
