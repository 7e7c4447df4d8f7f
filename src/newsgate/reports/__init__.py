"""Reports of a gate result: the HTML corpus report and offline Data Docs (``write_reports``),
and the machine formats JUnit, SARIF and GitHub annotations (``machine``).

``write_reports`` fills a folder (``reports/`` by default)::

    index.html     newsgate's corpus report, one self-contained page
    data-docs/     Great Expectations Data Docs for every suite, rewritten to load nothing remote

Great Expectations is imported only to build Data Docs, and only when the corpus has suites.
"""

from __future__ import annotations

import dataclasses
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from newsgate.config import Config
from newsgate.gate import GateResult, findings_frame
from newsgate.reports.html import DocsLinks, render_report

DATA_DOCS = "data-docs"
# Findings that run_gate adds after the suites ran: the suites never saw them.
_LATE_RULES = frozenset({"schema-violation", "expectation-failed", "baseline-stale"})


@dataclass
class Written:
    """What ``write_reports`` wrote, and what it could not serve locally (reported, never fetched)."""

    index: Path
    data_docs: Path | None = None
    missing_assets: list[str] = field(default_factory=list)
    unknown_urls: list[str] = field(default_factory=list)


def write_reports(result: GateResult, config: Config, out: Path) -> Written:
    """Write ``out/index.html`` and, where the corpus has expectation suites, ``out/data-docs/``."""
    out.mkdir(parents=True, exist_ok=True)
    index = out / "index.html"
    written = Written(index)
    docs = None
    if result.expectations and config.expectations:
        site = out / DATA_DOCS
        docs_index = result.expectations[0].data_docs  # built while the gate ran its suites
        if docs_index is None:
            docs_index = build_data_docs(result, config, fresh_docs_site(out))
        if docs_index is not None:
            from newsgate.reports.datadocs import make_offline

            offline = make_offline(site, report_index=index)
            written.data_docs = docs_index
            written.missing_assets, written.unknown_urls = offline.missing, offline.unknown
            docs = DocsLinks(index=f"{DATA_DOCS}/index.html", suites=_suite_links(site, result))
    index.write_text(render_report(result, docs), encoding="utf-8")
    return written


def fresh_docs_site(out: Path) -> Path:
    """``out/data-docs``, emptied: GX adds a folder per run, and old runs would pile up."""
    site = out / DATA_DOCS
    if site.exists():
        shutil.rmtree(site)
    return site


def build_data_docs(result: GateResult, config: Config, site: Path) -> Path | None:
    """Run the suites again, on the tables they saw in the gate, with Data Docs built into ``site``
    (for a result from a gate run without ``data_docs_dir``; ``newsgate report`` passes one)."""
    from newsgate.validation.gx import run_suites

    seen = [dataclasses.replace(f, accepted=False, reason="") for f in result.findings if f.rule not in _LATE_RULES]
    tables = {**result.tables, "findings": findings_frame(seen)}
    suites = run_suites(config.path(config.expectations), tables, site)
    return suites[0].data_docs if suites else None


def _suite_links(site: Path, result: GateResult) -> dict[str, tuple[str, str]]:
    """Per suite: its expectation page and its latest validation page, relative to the report folder."""
    links = {}
    for suite in result.expectations:
        parts = suite.name.split(".")
        page = site / "expectations" / Path(*parts).with_suffix(".html")
        runs = sorted((site / "validations").joinpath(*parts).rglob("*.html"))
        links[suite.name] = (
            page.relative_to(site.parent).as_posix() if page.is_file() else "",
            runs[-1].relative_to(site.parent).as_posix() if runs else "",
        )
    return links


def warn_unserved(written: Written) -> None:
    """One stderr line per asset the Data Docs had to go without (the page still loads nothing remote)."""
    for asset in written.missing_assets:
        print(f"newsgate: warning: Data Docs asset not installed, left out: {asset}", file=sys.stderr)
    for url in written.unknown_urls:
        print(f"newsgate: warning: Data Docs asked for an unknown remote asset, left out: {url}", file=sys.stderr)
