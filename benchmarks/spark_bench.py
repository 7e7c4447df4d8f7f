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
    """Spark's per-article cost is extraction (its marginal cost between two sizes); everything else
    (Spark jobs for checks, pandera, GX; collecting) is taken as fixed per run. The driver-side
    checks grow with the corpus at the pandas engine's rate. From these: where a cluster pays off."""
    if len(rows) < 2:
        return
    (n1, a), (n2, b) = rows[0], rows[-1]
    per_extract = (b["spark"][1]["extract"] - a["spark"][1]["extract"]) / (n2 - n1)  # s/article on local[2]
    fixed = b["spark"][0] - n2 * per_extract
    driver = b["pandas"][1]["checks"] / n2  # the checks left on the driver, at most the pandas engine's cost
    per_pandas = b["pandas"][0] / n2
    print(
        f"\nspark: {fixed:.1f} s fixed per run + {per_extract * 1000:.1f} ms/article extraction on local[2] "
        f"({2 * per_extract * 1000:.0f} core-ms); pandas engine: {per_pandas * 1000:.1f} ms/article on 2 processes"
    )
    cluster = 2 * per_extract / cores + driver
    if per_pandas > cluster:
        print(
            f"on {cores} cores: {cluster * 1000:.2f} ms/article (driver-side checks {driver * 1000:.2f}); "
            f"beats one 2-core machine from about {fixed / (per_pandas - cluster):,.0f} articles"
        )


if __name__ == "__main__":
    main()
