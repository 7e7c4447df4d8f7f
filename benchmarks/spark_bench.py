"""The gate on Spark (local[2]) beside the pandas engine, on the same generated corpora.

    python benchmarks/spark_bench.py                       # 1,000 and 2,000 articles
    python benchmarks/spark_bench.py --sizes 10000 --cluster-cores 64

Needs the Spark environment (``nox -s spark`` or requirements/spark.txt). Prints each engine's
stage times, Spark's fixed overhead and per-article cost, and the corpus size from which a
cluster of ``--cluster-cores`` cores beats one machine, worked out from those measured costs.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import build_corpus, source_sentences


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000])
    parser.add_argument("--mode", default="default", choices=("default", "rules"))
    parser.add_argument("--cluster-cores", type=int, default=64)
    args = parser.parse_args()

    from newsgate.config import Config
    from newsgate.engines import spark as engine
    from newsgate.gate import run_gate

    start = time.perf_counter()
    spark = engine.session("local[2]")
    spark.range(1).collect()
    startup = time.perf_counter() - start
    sentences = source_sentences()
    print(f"Spark session start: {startup:.1f} s (local[2])\n")
    print("| articles | words | engine | extract | checks | validation | total | findings |")
    print("|---|---|---|---|---|---|---|---|")
    rows = []
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "corpus"
            words = build_corpus(folder, n, sentences, seed=n)
            config = Config(corpus=str(folder), extracted="", cache="off")
            times = {}
            for name in ("pandas", "spark"):
                t0 = time.perf_counter()
                if name == "pandas":
                    result = run_gate(config, folder, args.mode, jobs=2)
                else:
                    result = engine.run_gate(config, folder, args.mode, spark=spark)
                total = time.perf_counter() - t0
                t = result.timings
                t["validation"] = t.get("validation", t.get("pandera", 0.0) + t.get("great_expectations", 0.0))
                times[name] = (total, t)
                print(
                    f"| {n:,} | {words:,} | {name} | {t['extract']:.1f} | {t['checks']:.1f} | {t['validation']:.1f} "
                    f"| {total:.1f} | {len(result.findings)} |"
                )
            rows.append((n, times))
    report(rows, args.cluster_cores)


def report(rows: list, cores: int) -> None:  # type: ignore[type-arg]
    """Where Spark's time goes, and where a cluster pays off.

    Spark's per-article costs are the marginal costs between the two sizes: extraction and the
    checks (Spark jobs that spread over the cluster's cores) and linking (spotting and canonical
    ids, on the driver, which does not spread). What is left of a run is taken as fixed (session,
    job scheduling, pandera's and GX's Spark jobs). From these: when ``cores`` cores beat one
    2-core machine running the pandas engine."""
    if len(rows) < 2:
        return
    (n1, a), (n2, b) = rows[0], rows[-1]

    def per_article(stage: str) -> float:
        return (b["spark"][1].get(stage, 0.0) - a["spark"][1].get(stage, 0.0)) / (n2 - n1)

    link = per_article("link")
    spread = per_article("extract") - link + per_article("checks")  # s/article on local[2]
    fixed = b["spark"][0] - n2 * (spread + link)
    per_pandas = (b["pandas"][0] - a["pandas"][0]) / (n2 - n1)
    print(
        f"\nspark on local[2]: {fixed:.1f} s fixed per run + {spread * 1000:.1f} ms/article in Spark jobs "
        f"(extraction and checks, {2 * spread * 1000:.0f} core-ms) + {link * 1000:.2f} ms/article linking on the "
        f"driver; pandas engine: {per_pandas * 1000:.1f} ms/article on 2 processes"
    )
    cluster = 2 * spread / cores + link
    if per_pandas > cluster:
        print(
            f"on {cores} cores: {cluster * 1000:.2f} ms/article ({link * 1000:.2f} of it on the driver); "
            f"beats one 2-core machine from about {max(fixed, 0) / (per_pandas - cluster):,.0f} articles"
        )


if __name__ == "__main__":
    main()
