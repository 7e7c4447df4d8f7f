"""Score acronym definitions against the secondstring abbvAlign gold (401 biomedical abstracts, 483 pairs).

Run from the repo root: ``python quality/score_acronyms.py``. Reads ../shared/peer-tests/abbreviations/; prints a line
and exits 0 when that folder is absent.

Matching rule. Per abstract, the gold pairs and the predicted definition rows are sets of (short, long) pairs.
- exact: short and long equal after collapsing whitespace, stripping and case-folding.
- lenient: shorts equal as above, and one long form contains the other after the same normalisation (so "myeloma"
  for "multiple myeloma", or "Strategic Metals" for "US Strategic Metals", count).
Precision = matched predictions / predictions; recall = matched gold pairs / gold pairs. Targets: P 0.95, R 0.85.
The same scores are printed for the bare ``abbreviations`` package (its dict output) as a baseline.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO.parent / "shared" / "peer-tests" / "abbreviations" / "secondstring_abbvAlign_gold_pairs.jsonl"
sys.path.insert(0, str(REPO / "src"))

Pair = tuple[str, str]


def norm(s: str) -> str:
    return " ".join(s.split()).casefold()


def score(gold: list[set[Pair]], pred: list[set[Pair]], lenient: bool) -> tuple[float, float, int, int, int]:
    """(precision, recall, predictions, gold, matched gold) over all abstracts."""

    def same(p: Pair, g: Pair) -> bool:
        if p[0] != g[0]:
            return False
        return p[1] == g[1] or (lenient and bool(p[1]) and bool(g[1]) and (p[1] in g[1] or g[1] in p[1]))

    n_pred = n_gold = hit_pred = hit_gold = 0
    for g_set, p_set in zip(gold, pred, strict=True):
        n_pred += len(p_set)
        n_gold += len(g_set)
        hit_pred += sum(any(same(p, g) for g in g_set) for p in p_set)
        hit_gold += sum(any(same(p, g) for p in p_set) for g in g_set)
    return hit_pred / max(n_pred, 1), hit_gold / max(n_gold, 1), n_pred, n_gold, hit_gold


def main() -> int:
    if not GOLD.exists():
        print(f"skip: {GOLD} not present")
        return 0
    from newsgate.extractors.acronyms import _sh, find_acronyms

    docs = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    gold = [{(norm(p["short"]), norm(p["long"])) for p in d["pairs"]} for d in docs]
    ours = [
        {(norm(str(r["short"])), norm(str(r["long"]))) for r in find_acronyms(d["text"]) if r["kind"] == "definition"}
        for d in docs
    ]
    sh = _sh()
    base = [
        {(norm(str(s)), norm(str(lf))) for s, lf in sh.extract_abbreviation_definition_pairs(doc_text=t).items()}
        for t in (d["text"] for d in docs)
    ]
    print(f"secondstring abbvAlign gold: {len(docs)} abstracts, {sum(map(len, gold))} distinct (short, long) pairs")
    print(f"{'extractor':<24}{'rule':<9}{'precision':>10}{'recall':>8}{'pred':>6}{'gold':>6}{'hit':>6}")
    for name, pred in (("newsgate find_acronyms", ours), ("abbreviations (bare)", base)):
        for rule in ("exact", "lenient"):
            p, r, n_p, n_g, hit = score(gold, pred, rule == "lenient")
            print(f"{name:<24}{rule:<9}{p:>10.3f}{r:>8.3f}{n_p:>6}{n_g:>6}{hit:>6}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
