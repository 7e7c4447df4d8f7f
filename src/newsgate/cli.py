"""The command line: ``newsgate extract | check | report | baseline | suggest``.

Exit codes: 0 nothing fails, 1 something fails (or tables are stale), 2 usage,
configuration or input error (one line on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from newsgate import __version__
from newsgate.config import Config, find_config
from newsgate.errors import NewsgateError
from newsgate.readers import Problem

MAX_PROBLEMS = 100


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("corpus", nargs="?", help="corpus folder or .jsonl file (default: from configuration, else .)")
    p.add_argument("--mode", choices=("default", "rules"), help="extraction: statistical NER + rules, or rules only")
    p.add_argument("-q", "--quiet", action="store_true", help="print only what fails (no progress bar)")
    p.add_argument("-j", "--jobs", type=int, help="extraction processes (default: one per core)")
    p.add_argument("--no-cache", action="store_true", help="extract every article again (the cache is not read)")
    p.add_argument(
        "--engine", choices=("pandas", "spark"), default="pandas", help="spark: run on Apache Spark (newsgate[spark])"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsgate", description="A data-quality gate for news corpora.")
    parser.add_argument("--version", action="version", version=f"newsgate {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="extract fact tables into extracted/")
    _common(ex)
    ex.add_argument("--out", help="folder for the tables (default: extracted/ from configuration)")
    ex.add_argument("--check", action="store_true", help="write nothing; exit 1 if the tables are stale")
    ck = sub.add_parser("check", help="run the gate: findings, schemas, expectations; exit 1 if anything fails")
    _common(ck)
    ck.add_argument(
        "--format", choices=("text", "json", "junit", "sarif", "github"), default="text", help="output format"
    )
    ck.add_argument("--no-baseline", action="store_true", help="ignore the baseline: report every finding as new")
    ck.add_argument("--since", metavar="REV", help="report only findings involving articles changed since git REV")
    ck.add_argument("--changed", nargs="+", metavar="FILE", help="report only findings involving these article files")
    bl = sub.add_parser("baseline", help="accept the current findings into the baseline file")
    _common(bl)
    bl.add_argument("--reason", help="why the new findings are accepted (required when there are new ones)")
    bl.add_argument("--prune", action="store_true", help="drop entries whose finding is gone")
    bl.add_argument("--file", help="baseline file (default: from configuration, else newsgate-baseline.yml)")
    rp = sub.add_parser("report", help="run the gate and write reports/: index.html and offline Data Docs")
    _common(rp)
    rp.add_argument("--out", help="folder for the reports (default: reports/ from configuration)")
    rp.add_argument("--no-baseline", action="store_true", help="ignore the baseline: report every finding as new")
    sg = sub.add_parser("suggest", help="draft expectation suites from the facts the corpus agrees on")
    _common(sg)
    sg.add_argument("--out", help="folder for the drafts (default: the configured expectations folder)")
    sg.add_argument("--prefix", default="suggested", help="suite name prefix (default: suggested)")
    sg.add_argument("--force", action="store_true", help="replace existing drafts of the same name")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        config = resolve_config(args.corpus)
        if args.no_cache:
            config.cache = "off"
        if args.command == "extract":
            return cmd_extract(args, config)
        if args.command == "check":
            return cmd_check(args, config)
        if args.command == "baseline":
            return cmd_baseline(args, config)
        if args.command == "suggest":
            return cmd_suggest(args, config)
        if args.command == "report":
            return cmd_report(args, config)
    except NewsgateError as exc:
        print(f"newsgate: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    parser.error(f"unknown command {args.command}")
    return 2


def run() -> None:
    """The console entry point: :func:`main`, then exit without tearing the heap down.

    A large corpus leaves millions of Python objects behind (rows, word lists, caches); freeing
    them one by one at exit costs a second or more that nobody waits for usefully. Everything
    newsgate writes is complete (atomic renames) before ``main`` returns; only the output
    streams need flushing.
    """
    import os

    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def resolve_config(corpus: str | None) -> Config:
    """The configuration for the corpus asked for.

    No corpus argument: the configuration found from the current directory. A corpus
    argument: the configuration found from the corpus's own folder if it configures that
    very corpus; otherwise none (defaults, no baseline), so a repo's pinned facts are never
    applied to another corpus.
    """
    if not corpus:
        return find_config()
    target = Path(corpus).resolve()
    config = find_config(target if target.is_dir() else target.parent)
    if config.source and config.path(config.corpus).resolve() == target:
        return config
    return Config(corpus=str(target), extracted="")


def _corpus_path(args: argparse.Namespace, config: Config) -> Path:
    """The corpus asked for (so findings print as ``seeds/000.txt:3:5``)."""
    return Path(args.corpus) if args.corpus else config.path(config.corpus)


def report_problems(problems: Sequence[Problem]) -> int:
    """Print each unreadable input as ``path: error: message`` on stderr; exit code 2."""
    for p in problems[:MAX_PROBLEMS]:
        print(p, file=sys.stderr)
    if len(problems) > MAX_PROBLEMS:
        print(f"newsgate: error: {len(problems) - MAX_PROBLEMS} more input problems not shown", file=sys.stderr)
    return 2


def cmd_extract(args: argparse.Namespace, config: Config) -> int:
    from newsgate.gate import extract
    from newsgate.tables import stale_tables, write_tables

    corpus = _corpus_path(args, config)
    if not corpus.exists():
        raise NewsgateError(f"{corpus}: no such corpus folder or file")
    if not args.out and not config.extracted:
        raise NewsgateError(f"{corpus} has no newsgate configuration naming its tables folder: pass --out DIR")
    out = Path(args.out) if args.out else config.path(config.extracted)
    problems: list[Problem] = []
    if args.engine == "spark":
        from newsgate.engines.spark_cli import extract_spark

        return extract_spark(args, config, corpus, out)
    articles, tables, _ = extract(config, corpus, args.mode, args.jobs, not args.quiet, problems)
    if problems:
        return report_problems(problems)  # no tables checked or written
    if args.check:
        stale = stale_tables(tables, out)
        if stale:
            again = " ".join(
                [
                    "newsgate extract",
                    *([args.corpus] if args.corpus else []),
                    *(["--out", args.out] if args.out else []),
                ]
            )
            print(
                f"{out}: stale tables ({', '.join(stale)}): they do not match {corpus}; regenerate with: {again}",
                file=sys.stderr,
            )
            return 1
        if not args.quiet:
            print(f"{out}: {len(tables)} tables up to date with {len(articles)} articles")
        return 0
    changed = write_tables(tables, out)
    if not args.quiet:
        rows = ", ".join(f"{name} {len(df)}" for name, df in tables.items())
        print(f"{len(articles)} articles -> {out}: {rows} ({len(changed)} files changed)")
    return 0


def changed_articles(corpus: Path, since: str | None, files: list[str] | None) -> set[str] | None:
    """Ids of the articles a change touched, or None for the whole corpus."""
    if since is None and files is None:
        return None
    from newsgate.changes import changed_ids

    return changed_ids(corpus, since, files or [])


def cmd_check(args: argparse.Namespace, config: Config) -> int:
    from newsgate.gate import run_gate
    from newsgate.output import render

    corpus = _corpus_path(args, config)
    changed = changed_articles(corpus, args.since, args.changed)
    if args.engine == "spark":
        from newsgate.engines.spark_cli import run_gate_spark as run_gate  # type: ignore[assignment]
    result = run_gate(
        config, corpus, args.mode, not args.no_baseline, changed=changed, jobs=args.jobs, progress=not args.quiet
    )
    print(render(result, args.format, quiet=args.quiet))
    if result.problems:
        return report_problems(result.problems)  # the rest was checked
    return 0 if result.passed else 1


def cmd_report(args: argparse.Namespace, config: Config) -> int:
    """Write the HTML report and offline Data Docs, print the page's path; exit code as ``check``."""
    from newsgate.gate import run_gate
    from newsgate.reports import fresh_docs_site, warn_unserved, write_reports

    corpus = _corpus_path(args, config)
    out = Path(args.out) if args.out else config.path(config.reports)
    site = fresh_docs_site(out) if config.expectations else None  # the suites build Data Docs as they run
    result = run_gate(
        config, corpus, args.mode, not args.no_baseline, jobs=args.jobs, progress=not args.quiet, data_docs_dir=site
    )
    written = write_reports(result, config, out)
    warn_unserved(written)
    print(written.index)
    if result.problems:
        return report_problems(result.problems)
    return 0 if result.passed else 1


def cmd_baseline(args: argparse.Namespace, config: Config) -> int:
    from newsgate.baseline import update_baseline
    from newsgate.gate import run_gate

    path = Path(args.file) if args.file else config.path(config.baseline or "newsgate-baseline.yml")
    result = run_gate(config, _corpus_path(args, config), args.mode, use_baseline=False, jobs=args.jobs)
    if result.problems:  # a skipped article's entries would look stale: write nothing
        return report_problems(result.problems)
    findings = [f for f in result.findings if f.rule != "baseline-stale"]
    kept, added, pruned = update_baseline(path, findings, args.reason, prune=args.prune)
    if not args.quiet:
        print(f"{path}: {kept} kept, {added} added, {pruned} pruned")
    return 0


def cmd_suggest(args: argparse.Namespace, config: Config) -> int:
    from newsgate.gate import run_gate
    from newsgate.validation.suggest import draft_suites, write_suites

    folder = Path(args.out) if args.out else config.path(config.expectations or "expectations")
    result = run_gate(config, _corpus_path(args, config), args.mode, expectations=False, jobs=args.jobs)
    if result.problems:
        return report_problems(result.problems)  # no suites drafted
    suites = draft_suites({**result.tables, "findings": result.findings_table()}, args.prefix)
    paths = write_suites(suites, folder, force=args.force)
    if not args.quiet:
        for path in paths:
            print(f"wrote {path}: review it, then commit it to gate later updates")
    return 0
