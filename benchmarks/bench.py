"""newsgate benchmarks: build corpora from real text, time every stage, print a table.

    python benchmarks/bench.py                  # sizes 100, 1000, 10000 (about 30 minutes on 2 cores)
    python benchmarks/bench.py --sizes 100 1000 --repeats 3

Every figure is the median of ``--repeats`` runs and is measured beside a reference in the
same run (spaCy's own pipeline, ``import great_expectations``), so ratios hold on a noisy
machine; figures that are compared (extraction against spaCy alone, two processes against one, the
checks on 2,000 articles against 1,000) are timed in interleaved rounds, so a machine that drifts
moves them alike. Corpora are recombined from the seeds and ../shared/corpora (when present) with
fresh ids and perturbed numbers and dates, so nothing is served from a cache by accident.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from newsgate.extractors.dates import MONTHS

REPO = Path(__file__).resolve().parents[1]
EDIT = "Officials said a further ${} million was pledged.\n"  # what an incremental run's victim gets
SHARED = REPO.parent / "shared" / "corpora"


def source_sentences() -> list[str]:
    from newsgate.sentences import sentence_spans

    files = sorted((REPO / "seeds").glob("*.txt")) + sorted(SHARED.glob("*/*.txt"))
    out = []
    for f in files:
        text = f.read_text(encoding="utf-8")
        out += [text[s:e] for s, e in sentence_spans(text) if len(text[s:e].split()) >= 4]
    return out


def perturb(sentence: str, rng: random.Random) -> str:
    """Fresh numbers, months and years, so every article is new text."""
    sentence = re.sub(r"\d+", lambda m: str(rng.randint(1, 10 ** len(m.group()) - 1)), sentence)
    return re.sub("|".join(MONTHS), lambda m: rng.choice(MONTHS), sentence)


def build_corpus(folder: Path, n: int, sentences: list[str], seed: int) -> int:
    """``n`` articles of 8-30 recombined sentences; returns the number of words."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    words = 0
    for i in range(n):
        body = [perturb(rng.choice(sentences), rng) for _ in range(rng.randint(8, 30))]
        paragraphs = [" ".join(body[j : j + 3]) for j in range(0, len(body), 3)]
        text = "\n\n".join(paragraphs) + "\n"
        words += len(text.split())
        (folder / f"{i:05d}_{rng.getrandbits(64):016x}.txt").write_text(text, encoding="utf-8")
    return words


def median_time(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def interleaved(fns: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """Median seconds of each function, run in rounds of one call each: when the machine slows down or
    speeds up during the measurement, every figure moves alike, so their ratios hold."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeats):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(ts) for name, ts in times.items()}


def newsgate(*args: str, cwd: Path | None = None) -> tuple[float, dict, int]:  # type: ignore[type-arg]
    """Run the CLI; (seconds, JSON report if asked for, peak RSS in MB of the largest process so far)."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "newsgate", *args], cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"newsgate {' '.join(args)} failed: {proc.stderr.strip()[-500:]}")
    report = json.loads(proc.stdout) if "--format" in args else {}
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, report, int(peak)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    import spacy

    from newsgate.checks import run_checks
    from newsgate.nlp import MODEL_PACKAGE
    from newsgate.pipeline import extract_corpus, extract_many, run_extraction
    from newsgate.readers import read_corpus

    rows: list[tuple[str, str, str]] = []
    work = Path(tempfile.mkdtemp(prefix="newsgate-bench-"))
    sentences = source_sentences()
    print(f"{len(sentences)} source sentences; work folder {work}", file=sys.stderr)

    # 1. Extraction speed per core, beside spaCy's small English pipeline alone.
    sample_dir = work / "sample"
    build_corpus(sample_dir, 150, sentences, seed=1)
    sample = read_corpus(sample_dir)
    sample = sample[0] if isinstance(sample, tuple) else sample
    words = sum(len(a.text.split()) for a in sample)
    reference = spacy.load(MODEL_PACKAGE)
    extract_many(sample[:3], "default")
    extract_many(sample[:3], "rules")
    secs = interleaved(
        {
            "reference": lambda: list(reference.pipe([a.text for a in sample], batch_size=16)),
            "default": lambda: extract_many(sample, "default"),
            "rules": lambda: extract_many(sample, "rules"),
        },
        args.repeats,
    )
    t_ref, t_default, t_rules = secs["reference"], secs["default"], secs["rules"]
    rows += [
        ("extraction, spaCy en_core_web_sm alone (reference)", f"{words / t_ref:,.0f} words/s/core", ""),
        (
            "extraction, default pipeline",
            f"{words / t_default:,.0f} words/s/core",
            f"{t_ref / t_default:.2f}x the reference (target >= 1)",
        ),
        ("extraction, rules only", f"{words / t_rules:,.0f} words/s/core", "target >= 50,000"),
    ]

    # 2. Processes: two against one, default pipeline.
    secs = interleaved(
        {
            "one": lambda: run_extraction(sample, "default", jobs=1),
            "two": lambda: run_extraction(sample, "default", jobs=2),
        },
        args.repeats,
    )
    t_one, t_two = secs["one"], secs["two"]
    rows.append(("extraction, 2 processes vs 1", f"{t_one / t_two:.2f}x", "target >= 1.7 on 2 cores"))

    # 3. Start-up: the gate on the seeds, cold, beside `import great_expectations`.
    t_gx = median_time(
        lambda: subprocess.run([sys.executable, "-c", "import great_expectations"], check=True), args.repeats
    )
    t_seeds = statistics.median(newsgate("check", "--no-cache", "-q", cwd=REPO)[0] for _ in range(args.repeats))
    rows.append(
        (
            "gate on the seeds, cold",
            f"{t_seeds:.1f} s",
            f"{t_seeds / t_gx:.2f}x `import great_expectations` ({t_gx:.1f} s; target < 1.5)",
        )
    )

    # 4. The full gate at each size (cold cache, drafted suites), then one changed article.
    for n in args.sizes:
        folder = work / f"corpus-{n}"
        nwords = build_corpus(folder / "articles", n, sentences, seed=n)
        cache = folder / "cache"
        (folder / "newsgate.toml").write_text(
            f'corpus = "articles"\nexpectations = "expectations"\ncache = "{cache}"\n', encoding="utf-8"
        )
        newsgate("suggest", "-q", "--no-cache", cwd=folder)
        shutil.rmtree(cache, ignore_errors=True)
        seconds, report, peak = newsgate("check", "--format", "json", "-q", cwd=folder)
        t = report.get("timings", {})
        validation = t.get("validation", 0)
        rows.append(
            (
                f"full gate, {n:,} articles ({nwords:,} words), cold",
                f"{seconds:.1f} s",
                f"extract {t.get('extract', 0):.1f} s, checks {t.get('checks', 0):.1f} s, validation "
                f"{validation:.1f} s ({validation / seconds:.0%}), state {t.get('state', 0):.1f} s, peak RSS {peak} MB",
            )
        )
        start = time.perf_counter()
        newsgate("report", "-q", "--out", str(folder / "reports"), cwd=folder)
        rows.append(
            (f"report building, {n:,} articles", f"{time.perf_counter() - start:.1f} s", "gate + HTML + Data Docs")
        )
        # One changed article, again and again: each time another article, newly edited, so its
        # extraction is never served from a cache; the corpus state is the full gate's.
        files = sorted((folder / "articles").glob("*.txt"))
        runs = []
        for k in range(args.repeats):
            victim = files[(n // 2 + 7 * k) % n]
            victim.write_text(victim.read_text(encoding="utf-8") + EDIT.format(k + 3), encoding="utf-8")
            seconds_inc, report_inc, _ = newsgate(
                "check", "--format", "json", "-q", "--changed", str(victim), cwd=folder
            )
            runs.append((seconds_inc, report_inc))
        seconds_inc, report_inc = sorted(runs, key=lambda r: r[0])[len(runs) // 2]
        t = report_inc.get("timings", {})
        rows.append(
            (
                f"incremental gate, 1 changed of {n:,}",
                f"{seconds_inc:.1f} s",
                f"{seconds_inc / t_seeds:.2f}x the seeds gate (target < 2); extracted "
                f"{len(report_inc['cache']['extracted'])} article(s); extract {t.get('extract', 0):.1f} s, checks "
                f"{t.get('checks', 0):.1f} s, validation {t.get('validation', 0):.1f} s",
            )
        )

    # 5. Cross-article checks scale with the corpus, not with its pairs.
    folder = work / "checks"
    build_corpus(folder, 2000, sentences, seed=7)
    arts = read_corpus(folder)
    arts = arts[0] if isinstance(arts, tuple) else arts
    half = arts[:1000]
    t_half = median_time(lambda: run_checks(extract_corpus(half, "rules"), half), 1)
    t_full = median_time(lambda: run_checks(extract_corpus(arts, "rules"), arts), 1)
    tables_half, tables_full = extract_corpus(half, "rules"), extract_corpus(arts, "rules")
    secs = interleaved(
        {"half": lambda: run_checks(tables_half, half), "full": lambda: run_checks(tables_full, arts)}, args.repeats
    )
    c_half, c_full = secs["half"], secs["full"]
    note = f"{c_half:.2f} s -> {c_full:.2f} s (quadratic would be 4x); extract + check {t_half:.1f} -> {t_full:.1f} s"
    rows.append(("cross-article checks, 2,000 vs 1,000 articles", f"{c_full / c_half:.2f}x", note))

    print("| measure | figure | note |\n|---|---|---|")
    for measure, figure, note in rows:
        print(f"| {measure} | {figure} | {note} |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
