"""Score newsgate's amounts extractor on other projects' money and percent test cases.

Sources (../shared/peer-tests, see its manifest.json):
- quantulum3 quantities*.json: cases whose expected quantities include a currency unit; value compared.
- Recognizers-Text CurrencyModel.json (money) and PercentModel.json (percent); cases marked NotSupported
  for python are skipped; cases expecting nothing count as right when we emit nothing of that kind.
Cents, pence and sen are compared in the main unit (our rows give 50 cents as 0.50).
A case is right when every expected value is found among our rows of that kind.
Then it counts rows per folder of ../shared/corpora and seeds/ to eyeball false positives (-v prints them).

Run: python quality/score_amounts.py [-v]
"""

from __future__ import annotations

import json
import math
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsgate.extractors.amounts import find_amounts  # noqa: E402

SHARED = ROOT / ".." / "shared"
PEER = SHARED / "peer-tests"
# quantulum3 unit names that are money, with the factor to the main unit.
QUANTULUM_MONEY = {"dollar": 1.0, "euro": 1.0, "pound sterling": 1.0, "cent": 0.01, "japanese yen": 1.0,
                   "yen": 1.0, "penny": 0.01}  # fmt: skip
RECOGNIZERS_SUBUNITS = {"Cent": 0.01, "Pence": 0.01, "Penny": 0.01, "Sen": 0.01}


def _values(text: str, kind: str) -> list[float]:
    return [float(r["value"]) for r in find_amounts(text) if r["kind"] == kind]  # type: ignore[arg-type]


def _all_found(expected: list[float], got: list[float]) -> bool:
    left = list(got)
    for value in expected:
        hit = next((g for g in left if math.isclose(g, value, rel_tol=1e-9, abs_tol=1e-9)), None)
        if hit is None:
            return False
        left.remove(hit)
    return True


def _score(name: str, cases: list[tuple[str, list[float]]], kind: str, failures: list[str]) -> tuple[int, int]:
    right = 0
    for text, expected in cases:
        got = _values(text, kind)
        ok = _all_found(expected, got) if expected else not got
        right += ok
        if not ok:
            failures.append(f"  {name}: {text[:90]!r}\n      expected {expected}, got {got}")
    print(f"{name:<44}{len(cases):>7}{right:>8}{right / max(len(cases), 1):>8.1%}")
    return len(cases), right


def quantulum_cases(path: Path) -> tuple[list[tuple[str, list[float]]], int]:
    """Money cases (expected values) and how many cases without money expect no money from us."""
    money: list[tuple[str, list[float]]] = []
    others = 0
    for entry in json.loads(path.read_text(encoding="utf-8")):
        expected = [
            float(r["value"]) * QUANTULUM_MONEY[r["unit"].split(" per ")[0]]
            for r in entry["res"]
            if r["unit"].split(" per ")[0] in QUANTULUM_MONEY
        ]
        if expected:
            money.append((entry["req"], expected))
        else:
            others += 1
    return money, others


def recognizers_cases(path: Path, parse: str) -> list[tuple[str, list[float]]]:
    cases = []
    for entry in json.loads(path.read_text(encoding="utf-8-sig")):
        if "python" in str(entry.get("NotSupported", "")).lower():
            continue
        expected = []
        for r in entry["Results"]:
            value = r["Resolution"].get("value")
            if value in (None, "null"):
                continue
            if parse == "percent":
                expected.append(float(value.rstrip("%")))
            else:
                expected.append(float(value) * RECOGNIZERS_SUBUNITS.get(r["Resolution"].get("unit", ""), 1.0))
        if expected or not entry["Results"]:
            cases.append((entry["Input"], expected))
    return cases


def corpus_counts(verbose: bool) -> None:
    folders = sorted({p.parent for p in SHARED.glob("corpora/*/*.txt")} | {ROOT / "seeds"})
    print(f"\n{'folder':<36}{'docs':>6}{'money':>7}{'percent':>8}{'count':>7}")
    for folder in folders:
        counts: Counter[str] = Counter()
        docs = sorted(folder.glob("*.txt"))
        for doc in docs:
            text = doc.read_text(encoding="utf-8-sig", errors="replace")
            for r in find_amounts(text):
                counts[str(r["kind"])] += 1
                if verbose:
                    extra = r["currency"] or r["unit"]
                    print(
                        f"  {doc.name} {r['kind']:<8}{r['value']:>16,.2f} {extra:<14}{r['qualifier']:<14}{r['text']!r}"
                    )
        print(f"{folder.name:<36}{len(docs):>6}{counts['money']:>7}{counts['percent']:>8}{counts['count']:>7}")


def main() -> int:
    verbose = "-v" in sys.argv
    if not PEER.is_dir():
        print(f"skipped: {PEER} not found")
        return 0
    failures: list[str] = []
    print(f"{'file':<44}{'cases':>7}{'right':>8}{'share':>8}")
    money_total = money_right = 0
    quiet_cases: list[tuple[str, list[float]]] = []
    for name in ("quantities.json", "quantities.ambiguity.json"):
        money, _ = quantulum_cases(PEER / "quantulum3" / name)
        n, ok = _score(f"quantulum3/{name} (money)", money, "money", failures)
        money_total, money_right = money_total + n, money_right + ok
        quiet_cases += [
            (e["req"], []) for e in json.loads((PEER / "quantulum3" / name).read_text(encoding="utf-8"))
            if not any(r["unit"].split(" per ")[0] in QUANTULUM_MONEY for r in e["res"])
        ]  # fmt: skip
    currency = recognizers_cases(PEER / "recognizers-text" / "NumberWithUnit_English_CurrencyModel.json", "money")
    n, ok = _score("recognizers CurrencyModel (money)", currency, "money", failures)
    money_total, money_right = money_total + n, money_right + ok
    print(f"{'MONEY overall':<44}{money_total:>7}{money_right:>8}{money_right / max(money_total, 1):>8.1%}")
    percent = recognizers_cases(PEER / "recognizers-text" / "Number_English_PercentModel.json", "percent")
    _score("recognizers PercentModel (percent)", percent, "percent", failures)
    _score("quantulum3 non-money cases (no money row)", quiet_cases, "money", failures)
    crashes = 0
    for text in json.loads((PEER / "quantulum3" / "errors.json").read_text(encoding="utf-8")):
        try:
            find_amounts(text)
        except Exception:  # the point of errors.json: these inputs must not raise
            crashes += 1
    print(f"quantulum3/errors.json: {crashes} inputs raised")
    print("\nfailing cases:\n" + "\n".join(failures) if failures else "\nno failing cases")
    if (SHARED / "corpora").is_dir():
        corpus_counts(verbose)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
