"""Score the suspicious-tokens extractor on public data in ../shared/ (skips if it is absent).

1. Spelling lists (Birkbeck, Norvig, codespell): each misspelling is put in a short sentence; we count how
   often it is flagged as a word error, how often the suggestion is the intended word, and how often the
   correct word itself is flagged (false alarms). "non-word" rows leave out misspellings that are real
   dictionary words ("there" for "their"): a dictionary method cannot see those.
2. Real news in ../shared/corpora/*/*.txt: flags per 2,000 words, and every flag printed with context so a
   human can judge it.

Run: python quality/score_tokens.py [--every N]: the two big lists are sampled (every Nth entry, default 8).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
sys.path.insert(0, str(ROOT / "src"))

from newsgate.extractors.tokens import find_suspicious_tokens  # noqa: E402
from newsgate.lexicon import get_lexicon  # noqa: E402

TEMPLATE = "We were told that {} was on the list."
OFFSET = TEMPLATE.index("{}")
WORD_KINDS = ("merged", "misspelling")


def birkbeck(path: Path, every: int) -> Iterator[tuple[str, str]]:
    """(misspelling, correct) pairs, every Nth; underscores stand for spaces."""
    correct, pairs = "", []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.strip()
        if line.startswith("$"):
            correct = line[1:].replace("_", " ")
        elif line and correct:
            pairs.append((line.replace("_", " "), correct))
    yield from pairs[::every]


def norvig(path: Path) -> Iterator[tuple[str, str]]:
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        correct, _, wrongs = line.partition("\t")
        for wrong in wrongs.split():
            yield wrong, correct


def codespell(path: Path, every: int) -> Iterator[tuple[str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if "->" in line]
    for line in lines[::every]:
        wrong, _, fixes = line.partition("->")
        yield wrong.strip(), fixes.split(",")[0].strip()


def word_flag(word: str) -> dict[str, object] | None:
    """The word-error row covering ``word`` when it sits in the template sentence, if any."""
    end = OFFSET + len(word)
    for row in find_suspicious_tokens(TEMPLATE.format(word)):
        if row["kind"] in WORD_KINDS and int(str(row["start"])) >= OFFSET and int(str(row["end"])) <= end:
            return row
    return None


def score_pairs(name: str, pairs: list[tuple[str, str]]) -> None:
    """One table line for all pairs and one for non-word errors only."""
    lexicon = get_lexicon()
    usable = [(w, c) for w, c in pairs if w != c and " " not in w and not re.search(r"[\d_]", w)]
    nonword = [(w, c) for w, c in usable if not lexicon.varieties(w)]
    for label, subset in ((name, usable), (f"{name} non-word", nonword)):
        flagged = fixed = 0
        for wrong, correct in subset:
            row = word_flag(wrong)
            flagged += row is not None
            fixed += row is not None and str(row["suggestion"]).lower() == correct.lower()
        corrects = sorted({c for _, c in subset})
        false_alarms = [c for c in corrects if word_flag(c)]
        n = max(len(subset), 1)
        print(
            f"{label:<24}{len(subset):>7}{flagged / n:>9.1%}{fixed / n:>9.1%}{fixed / max(flagged, 1):>9.1%}"
            f"{len(corrects):>9}{len(false_alarms) / max(len(corrects), 1):>8.2%}"
        )
        if label == name and false_alarms:
            print(f"    false alarms on correct words: {', '.join(false_alarms[:25])}")


def score_variants(path: Path) -> None:
    """British and American spellings must both pass."""
    words: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        british, _, american = line.partition("->")
        words.update(w.strip() for w in (british, american.split(",")[0]) if w.strip())
    flagged = [w for w in sorted(words) if word_flag(w)]
    print(f"GB/US variant words: {len(words)}, flagged {len(flagged)} ({len(flagged) / max(len(words), 1):.2%})"
          + (f": {', '.join(flagged[:25])}" if flagged else ""))


def score_corpora(folder: Path) -> None:
    total_words = total_flags = 0
    lines = []
    for file in sorted(folder.glob("*/*.txt")):
        text = file.read_text(encoding="utf-8")
        total_words += len(text.split())
        for row in find_suspicious_tokens(text):
            total_flags += 1
            start, end = int(str(row["start"])), int(str(row["end"]))
            context = text[max(0, start - 40):end + 40].replace("\n", " ")
            lines.append(f"  {file.parent.name}/{file.name} {row['kind']:<11} {row['text']!r} -> {row['suggestion']!r}"
                         f" ({row['reason']})  ...{context}...")
    print(f"\nCorpora: {total_words} words, {total_flags} flags, {2000 * total_flags / max(total_words, 1):.2f} "
          "flags per 2,000 words (judge each below)")
    print("\n".join(lines))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=int, default=8, help="use every Nth Birkbeck and codespell entry")
    args = parser.parse_args()
    spelling = SHARED / "spelling"
    if not spelling.is_dir() and not (SHARED / "corpora").is_dir():
        print(f"skip: {SHARED.resolve()} not found")
        return 0
    if spelling.is_dir():
        print(f"{'list':<24}{'pairs':>7}{'flagged':>9}{'fixed':>9}{'fix|flag':>9}{'correct':>9}{'false':>8}")
        score_pairs("norvig set 1", list(norvig(spelling / "norvig_spell-testset1.tsv")))
        score_pairs("norvig set 2", list(norvig(spelling / "norvig_spell-testset2.tsv")))
        score_pairs(f"birkbeck 1/{args.every}", list(birkbeck(spelling / "birkbeck_missp.dat", args.every)))
        score_pairs(f"codespell 1/{args.every}", list(codespell(spelling / "codespell_dictionary.txt", args.every)))
        score_variants(spelling / "codespell_dictionary_en-GB_to_en-US.txt")
    if (SHARED / "corpora").is_dir():
        score_corpora(SHARED / "corpora")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
