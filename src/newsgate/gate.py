"""The gate: corpus -> fact tables -> findings + validations -> verdict.

This is the one place that strings the stages together; the CLI, the reports and the
tests all call :func:`run_gate`.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from newsgate.baseline import Entry, apply_baseline, load_baseline
from newsgate.cache import ExtractionCache, entry_key
from newsgate.checks import Scope, finalise, run_checks
from newsgate.checks.findings import Finding
from newsgate.checks.groups import Grouped
from newsgate.config import Config, default_jobs
from newsgate.corrections import apply_corrections, load_corrections
from newsgate.errors import NewsgateError
from newsgate.linking import Linked, link_corpus, relink
from newsgate.model import Article
from newsgate.pipeline import extract_rows, warmed_extraction
from newsgate.readers import Problem, read_corpus
from newsgate.state import CorpusState, article_digests, load_state, save_state, state_folder, state_version
from newsgate.tables import COLUMNS
from newsgate.validation.prefetch import Validator
from newsgate.workers import Prewarmed

if TYPE_CHECKING:
    from newsgate.validation.pandera_runner import SchemaResult


@dataclass
class GateResult:
    articles: list[Article]
    tables: dict[str, pd.DataFrame]
    findings: list[Finding]
    schemas: list[SchemaResult] = field(default_factory=list)
    expectations: list[Any] = field(default_factory=list)
    stale: list[Entry] = field(default_factory=list)
    cache: ExtractionCache | None = None
    problems: list[Problem] = field(default_factory=list)  # unreadable input, skipped: exit 2
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage

    @property
    def failing(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error" and not f.accepted]

    @property
    def passed(self) -> bool:
        return not self.failing

    def findings_table(self) -> pd.DataFrame:
        return findings_frame(self.findings)


def findings_frame(findings: list[Finding]) -> pd.DataFrame:
    cols = [
        "rule",
        "severity",
        "article",
        "start",
        "end",
        "line",
        "column",
        "text",
        "message",
        "suggestion",
        "fingerprint",
        "accepted",
    ]
    # Typed even when empty: a corpus with no findings must not fail the findings schema.
    types = {c: "str" for c in cols} | {"start": "int64", "end": "int64", "line": "int64", "column": "int64"}
    return pd.DataFrame([{c: getattr(f, c) for c in cols} for f in findings], columns=cols).astype(
        types | {"accepted": "bool"}
    )


def load_registry(config: Config) -> dict[str, dict[str, object]] | None:
    """The corpus's pinned names: ``{canonical: {kind, aliases}}`` from a YAML file."""
    if not config.registry:
        return None
    import yaml

    path = config.path(config.registry)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise NewsgateError(f"{path}: cannot read registry ({exc.strerror})") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise NewsgateError(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise NewsgateError(f"{path}: expected a mapping of canonical names to {{kind, aliases}}")
    return data


@dataclass
class Extraction:
    """The corpus read and linked, and the state it was linked from (if any was usable)."""

    articles: list[Article]
    linked: Linked
    cache: ExtractionCache
    keys: dict[str, str]  # article id -> entry key of what was extracted
    state: CorpusState | None
    state_dir: Path | None
    version: str


def extract(
    config: Config,
    corpus: Path,
    mode: str | None = None,
    jobs: int | None = None,
    progress: bool = False,
    problems: list[Problem] | None = None,
) -> tuple[list[Article], dict[str, pd.DataFrame], ExtractionCache]:
    """Read the corpus, apply its corrections, extract (through the cache) the fact tables.

    With ``problems`` given, unreadable files go there and the rest is extracted.
    """
    ex = extract_linked(config, corpus, mode, jobs, progress, problems)
    return ex.articles, ex.linked.tables, ex.cache


def extract_linked(
    config: Config,
    corpus: Path,
    mode: str | None = None,
    jobs: int | None = None,
    progress: bool = False,
    problems: list[Problem] | None = None,
    warmed: Prewarmed | None = None,
) -> Extraction:
    """:func:`extract`, starting from the corpus state of an earlier run where one is usable:
    then only new and changed articles are extracted and linked in (``linking.relink``),
    with the same tables as a whole run."""
    mode = mode or config.mode
    registry = load_registry(config)
    cache = ExtractionCache(config.cache_folder())
    version = state_version(mode, registry)
    state_dir = state_folder(cache.folder, corpus, mode) if cache.folder is not None else None
    articles = read_corpus(corpus, max_bytes=config.max_article_bytes, problems=problems)
    state = load_state(state_dir, version) if state_dir is not None else None
    if config.corrections:
        articles = apply_corrections(articles, load_corrections(config.path(config.corrections)))
    jobs = jobs or default_jobs(config)
    keys = {a.id: entry_key(a.text, mode, a.published) for a in articles}
    texts = {a.id: a.text for a in articles}
    if state is None:
        linked = link_corpus(texts, extract_rows(articles, mode, cache, jobs, progress, warmed), registry)
    else:
        todo = [a for a in articles if state.keys.get(a.id) != keys[a.id]]
        cache.hits.extend(a.id for a in articles if state.keys.get(a.id) == keys[a.id])
        linked = relink(state.linked, texts, extract_rows(todo, mode, cache, jobs, progress, warmed), registry)
    return Extraction(articles, linked, cache, keys, state, state_dir, version)


def run_gate(
    config: Config,
    corpus: Path,
    mode: str | None = None,
    use_baseline: bool = True,
    expectations: bool = True,
    changed: set[str] | None = None,
    jobs: int | None = None,
    progress: bool = False,
    data_docs_dir: Path | None = None,
) -> GateResult:
    """Run every stage and return what the reports need.

    ``changed``: ids of the articles a change touched; only findings that involve one of
    them (or no article at all: schemas, suites) are kept, so an old contradiction nobody
    touched does not block a new article. With a corpus state from an earlier full run, such
    a gate does work in proportion to the change: the cross-article checks judge only the
    groups the changed rows are in, and the schemas and row-by-row expectations look at the
    rows of the articles the change reached (aggregate expectations still see whole tables).
    """
    problems: list[Problem] = []
    timings: dict[str, float] = {}
    suites_dir = config.path(config.expectations) if expectations and config.expectations else None
    validator = Validator(with_suites=suites_dir is not None)  # imports pandera and GX meanwhile
    # A gated change has a few articles to extract: a worker loads the extractors meanwhile too.
    warmed = warmed_extraction(mode or config.mode) if changed is not None else None
    try:
        with _timed(timings, "extract"):
            ex = extract_linked(config, corpus, mode, jobs, progress, problems, warmed)
            articles, tables = ex.articles, ex.linked.tables
            digests = article_digests(tables) if ex.state_dir is not None else {}  # kept in the next state
        # Articles whose rows may differ from the state's (without a state: all of them).
        dirty = ex.state.dirty(ex.keys, digests) if ex.state is not None else set(ex.keys)
        scope = Scope(ex.state.grouped, dirty | changed) if ex.state is not None and changed is not None else None
        seen: dict[str, Grouped] = {}
        with _timed(timings, "checks"):
            findings = run_checks(
                tables, articles, config.severity, config.disable, only=changed, scope=scope, seen=seen
            )
        schema_dir = config.path(config.schemas) if config.schemas else None
        all_tables = {**tables, "findings": findings_frame(findings)}
        rows_of = scope.dirty if scope is not None else changed  # the articles the change reached
        with _timed(timings, "validation"):
            schemas, suites = validator.run(all_tables, articles, schema_dir, suites_dir, data_docs_dir, rows_of)
    finally:
        validator.close()
        if warmed is not None:
            warmed.close()
    if scope is None and not problems and ex.state_dir is not None and dirty:
        with _timed(timings, "state"):
            save_state(ex.state_dir, CorpusState(ex.version, ex.keys, digests, ex.linked, seen))
    result = GateResult(articles, tables, findings, schemas, suites, [], ex.cache, problems, timings)
    return conclude(result, config, use_baseline, changed)


def conclude(result: GateResult, config: Config, use_baseline: bool, changed: set[str] | None) -> GateResult:
    """The stages after validation, the same for every engine: schema and expectation
    findings, the baseline, and the changed-articles filter."""
    extra = _schema_findings(result.schemas, result.tables, config) + _expectation_findings(result.expectations, config)
    findings = result.findings
    if extra:
        findings = finalise(findings + extra, result.articles, config.severity, config.disable)
    stale: list[Entry] = []
    if use_baseline and config.baseline:
        stale = apply_baseline(findings, load_baseline(config.path(config.baseline)))
    if changed is not None:
        findings = [f for f in findings if _involves(f, changed)]
        stale = [e for e in stale if e.article in changed]
    result.findings = findings + [_stale_finding(e, config) for e in stale]
    result.stale = stale
    return result


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start


def _involves(finding: Finding, changed: set[str]) -> bool:
    """Corpus-wide findings (schemas, suites) always; others if they touch a changed article."""
    return finding.article == "" or finding.article in changed or any(r.article in changed for r in finding.related)


def _stale_finding(entry: Entry, config: Config) -> Finding:
    return Finding(
        rule="baseline-stale",
        severity=config.severity.get("baseline-stale", "warning"),
        article="",
        start=0,
        end=0,
        text=entry.text,
        message=f"baseline entry {entry.fingerprint} ({entry.rule}, {entry.article}) matches no finding any more",
        path=str(config.path(config.baseline)),
        line=1,
        column=1,
        fingerprint=entry.fingerprint,
    )


def _schema_findings(results: list[SchemaResult], tables: dict[str, pd.DataFrame], config: Config) -> list[Finding]:
    out = []
    for r in results:
        for fail in r.failures:
            row = int(fail["row"])  # type: ignore[call-overload]
            path = config.path(config.extracted or "extracted") / f"{r.table}.csv"
            df = tables.get(r.table)
            art = str(df.iloc[row]["article"]) if df is not None and 0 <= row < len(df) and r.table in COLUMNS else ""
            out.append(
                Finding(
                    rule="schema-violation",
                    severity="",
                    article="",
                    start=0,
                    end=0,
                    text=str(fail["value"]),
                    message=f"{r.table} ({r.schema}): column {fail['column']} fails {fail['check']}: {fail['value']!r}"
                    + (f" (article {art})" if art else ""),
                    path=str(path),
                    line=row + 2 if row >= 0 else 1,
                    column=1,
                )
            )
    return out


def _expectation_findings(suites: list[Any], config: Config) -> list[Finding]:
    out = []
    for s in suites:
        for e in s.expectations:
            if e.success and not e.raised_exception:
                continue
            out.append(
                Finding(
                    rule="expectation-failed",
                    severity="",
                    article="",
                    start=0,
                    end=0,
                    text=e.type,
                    message=f"{s.name}: {e.message}",
                    path=str(s.path),
                    line=1,
                    column=1,
                )
            )
    return out
