"""Fuzz ``newsgate check``: generate thousands of hostile articles and run them through the
gate in rules mode, in batches. Run by ``nox -s fuzz`` (not part of the default sessions):

    python tests/fuzz_corpus.py [--articles 10000] [--batch 500] [--seed 1]

Articles are random mixes of real sentences (``../shared/corpora`` when present, and the
seeds), perturbed: random Unicode, quotation marks, currency signs, digits, right-to-left
marks, mojibake, markup, glued sentences, truncation, CRLF or CR newlines, very long lines,
and now and then a file that is not UTF-8 text at all. Passes when no batch raises, every
finding points at the text it claims, and unreadable files come back as input problems
(exit 2), never as a crash. Prints articles, words, findings and seconds.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from newsgate.cli import main
from newsgate.errors import NewsgateError
from newsgate.readers import decode

REPO = Path(__file__).resolve().parents[1]
SOURCES = [REPO.parent / "shared" / "corpora", REPO / "seeds"]
ODD = "“”‘’\"'«»„$€£¥₹%\u200f\u200e\u202e\u2066\u2069\ufeff\u00a0\u200b\u0301👍🏽ﬁİßשלוםمرحبا"
CURRENCY = "$€£¥₹"
TAGS = ["<p>", "</p>", "<br/>", "<div class='x'>", "&amp;", "&nbsp;", "**", "[link](https://example.org)", "## "]


def sentences() -> list[str]:
    """Real sentences to build articles from."""
    pool: list[str] = []
    for folder in SOURCES:
        for path in sorted(folder.rglob("*.txt")) if folder.is_dir() else []:
            text = path.read_text(encoding="utf-8", errors="replace")
            pool += [s.strip() for s in re.split(r"(?<=[.!?”\"])\s+|\n+", text) if len(s.split()) >= 3]
    if not pool:
        sys.exit("no sentences: neither ../shared/corpora nor seeds/ is here")
    return pool


def random_char(rng: random.Random) -> str:
    while True:
        c = chr(rng.randrange(0x20, 0x30000))
        if not 0xD800 <= ord(c) <= 0xDFFF:
            return c


def perturb(sentence: str, rng: random.Random) -> str:
    """One sentence, changed the way scraped or hostile text is."""
    r = rng.random()
    if r < 0.10:
        at = rng.randrange(len(sentence) + 1)
        sentence = sentence[:at] + "".join(random_char(rng) for _ in range(rng.randint(1, 5))) + sentence[at:]
    elif r < 0.20:
        at = rng.randrange(len(sentence) + 1)
        sentence = sentence[:at] + rng.choice(ODD) + sentence[at:]
    elif r < 0.27:
        sentence = re.sub(r"[$€£]", lambda _: rng.choice(CURRENCY), sentence)
        sentence = re.sub(r"\d", lambda _: str(rng.randrange(10)), sentence)
    elif r < 0.32:
        sentence = sentence.replace("“", "").replace("’", "'") if rng.random() < 0.5 else f"“{sentence}"
    elif r < 0.36:
        sentence = sentence.encode("utf-8").decode(rng.choice(["latin-1", "cp1252", "cp1250"]), errors="replace")
    elif r < 0.40:
        at = rng.randrange(len(sentence) + 1)
        sentence = sentence[:at] + rng.choice(TAGS) + sentence[at:]
    elif r < 0.44:
        sentence = sentence[: rng.randrange(len(sentence) + 1)]  # truncated
    return sentence


def article(pool: list[str], rng: random.Random) -> bytes:
    """The bytes of one generated article file."""
    picked = [perturb(rng.choice(pool), rng) for _ in range(rng.randint(1, 18))]
    glue = rng.choice(["\n", "\n\n", " ", "", "\r\n", "\r"] if rng.random() < 0.3 else ["\n"])
    text = glue.join(picked)
    if rng.random() < 0.05:
        text = text[: rng.randrange(len(text) + 1)]
    r = rng.random()
    if r < 0.003:
        return text.encode("utf-16-le")  # no BOM: a problem
    if r < 0.006:
        return text.encode("utf-16")  # with BOM: read
    if r < 0.009:
        return text.encode("latin-1", errors="replace")
    if r < 0.011:
        return b"\x00\x01binary" + bytes(rng.randrange(256) for _ in range(50))
    if r < 0.013:
        return b""
    return ("\ufeff" if r < 0.02 else "").encode() + text.encode("utf-8")


def run_batch(folder: Path, count: int, pool: list[str], rng: random.Random) -> tuple[int, int, Counter[str], int]:
    """Write ``count`` articles, run the gate on them; (articles checked, words, findings by rule, problems)."""
    corpus = folder / "corpus"
    corpus.mkdir()
    texts: dict[str, str] = {}
    rows = ["id,outlet,published"]
    for i in range(count):
        raw = article(pool, rng)
        (corpus / f"{i:05d}.txt").write_bytes(raw)
        with contextlib.suppress(NewsgateError):
            texts[f"{i:05d}"] = decode(raw, "")
        date = rng.choices(["2025-09-08", "2017-11-24", "", "2025-02-30", "08/09/2025"], [50, 30, 18, 1, 1])[0]
        rows.append(f"{i:05d},Outlet {i % 7},{date}")
    (corpus / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "newsgate.toml").write_text('corpus = "corpus"\nmode = "rules"\ncache = "off"\n', encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    here = Path.cwd()
    os.chdir(folder)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["check", "--format", "json", "-q"])
    finally:
        os.chdir(here)
    problems = err.getvalue().splitlines()
    assert code in (0, 1, 2), code
    assert (code == 2) == bool(problems), err.getvalue()
    assert all(": error: " in line for line in problems), problems
    report = json.loads(out.getvalue())
    for f in report["findings"]:
        if f["article"]:
            assert texts[f["article"]][f["start"] : f["end"]] == f["text"], f
    checked = [a["id"] for a in report["articles"]]
    words = sum(len(texts[i].split()) for i in checked if i in texts)
    return len(checked), words, Counter(f["rule"] for f in report["findings"]), len(problems)


def main_fuzz() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    pool = sentences()
    started = time.perf_counter()
    done = checked = words = problems = 0
    rules: Counter[str] = Counter()
    while done < args.articles:
        count = min(args.batch, args.articles - done)
        with tempfile.TemporaryDirectory(prefix="newsgate-fuzz-") as tmp:
            try:
                n, w, found, p = run_batch(Path(tmp), count, pool, rng)
            except BaseException:
                keep = Path(tempfile.mkdtemp(prefix="newsgate-fuzz-failed-"))
                os.rename(Path(tmp) / "corpus", keep / "corpus")
                print(f"batch {done // args.batch} failed: its corpus is kept in {keep}", file=sys.stderr)
                raise
        done += count
        checked, words, problems = checked + n, words + w, problems + p
        rules.update(found)
        print(f"{done:>6} articles, {time.perf_counter() - started:6.1f} s", flush=True)
    seconds = time.perf_counter() - started
    print(
        f"fuzz: {done} articles generated, {checked} checked, {problems} input problems (exit 2, no crash), "
        f"{words:,} words, {sum(rules.values()):,} findings, {seconds:.0f} s ({words / seconds:,.0f} words/s)"
    )
    for rule, n in rules.most_common():
        print(f"  {rule:<24} {n:>7,}")
    return 0


if __name__ == "__main__":
    sys.exit(main_fuzz())
