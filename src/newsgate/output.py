"""Plain-text and JSON renderings of a gate result (the HTML, JUnit and SARIF reports
live in ``reports/``)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from newsgate.gate import GateResult


def text_lines(result: GateResult, quiet: bool = False) -> list[str]:
    """``path:line:col: severity rule-id message`` per finding, then a summary line."""
    lines = []
    for f in result.findings:
        if quiet and (f.accepted or f.severity != "error"):
            continue
        mark = " (accepted)" if f.accepted else ""
        lines.append(f"{f.path}:{f.line}:{f.column}: {f.severity}{mark} {f.rule} {f.message}")
    errors = sum(1 for f in result.findings if f.severity == "error" and not f.accepted)
    warnings = sum(1 for f in result.findings if f.severity == "warning" and not f.accepted)
    accepted = sum(1 for f in result.findings if f.accepted)
    verdict = "passed" if result.passed else "failed"
    lines.append(
        f"newsgate: {len(result.articles)} articles, {errors} errors, {warnings} warnings, "
        f"{accepted} accepted: {verdict}"
    )
    return lines


FORMATS = ("text", "json", "junit", "sarif", "github")


def render(result: GateResult, fmt: str = "text", quiet: bool = False) -> str:
    """The result in one of FORMATS, as ``newsgate check --format`` prints it (machine formats: ``reports.machine``)."""
    if fmt == "json":
        return to_json(result)
    if fmt in ("junit", "sarif", "github"):
        from newsgate.reports import machine

        if fmt == "github":
            return "\n".join(machine.to_github(result))
        return (machine.to_junit(result) if fmt == "junit" else machine.to_sarif(result)).rstrip("\n")
    return "\n".join(text_lines(result, quiet=quiet))


def to_json(result: GateResult) -> str:
    """One JSON object: verdict, articles, findings, schema and expectation results."""
    data: dict[str, Any] = {
        "passed": result.passed,
        "articles": [
            {"id": a.id, "path": a.path, "outlet": a.outlet, "published": a.published} for a in result.articles
        ],
        "findings": [f.to_dict() for f in result.findings],
        "schemas": [asdict(s) for s in result.schemas],
        "expectations": [_suite_dict(s) for s in result.expectations],
        "timings": {k: round(v, 3) for k, v in result.timings.items()},
        "cache": {
            "reused": sorted(result.cache.hits) if result.cache else [],
            "extracted": sorted(result.cache.misses) if result.cache else [],
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False, default=str)


def _suite_dict(suite: Any) -> dict[str, Any]:
    try:
        return asdict(suite)
    except TypeError:
        return {"name": str(suite)}
