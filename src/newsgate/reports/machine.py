"""Machine-readable renderings of a gate result, for CI systems.

- JUnit XML: one test case per rule (fails when the rule has unaccepted errors), per pandera
  schema and per expectation; what CI dashboards show as tests.
- SARIF 2.1.0: rule metadata, physical locations (line/column, code points), baselined findings
  as suppressions; what code-scanning services annotate pull requests from.
- GitHub workflow commands: ``::error file=...,line=...::message``, one per open finding.

All three are deterministic (no timestamps, no absolute paths a relative one can replace).
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from newsgate import __version__
from newsgate.checks.findings import Finding
from newsgate.checks.rules import RULES
from newsgate.gate import GateResult
from newsgate.model import Article

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT_KEY = "newsgate/v1"
# Characters XML 1.0 cannot carry, even escaped (control characters an article may contain).
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(value: object) -> str:
    return _NOT_XML.sub("\ufffd", str(value))


def _location(f: Finding) -> str:
    return f"{f.path}:{f.line}:{f.column}"


def _open(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if not f.accepted and f.severity in ("error", "warning")]


# --- JUnit ---------------------------------------------------------------------------------------


def to_junit(result: GateResult) -> str:
    """JUnit XML: suites ``newsgate.rules``, ``newsgate.schemas`` and one per expectation suite."""
    root = ET.Element("testsuites", name="newsgate")
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for f in result.findings:
        by_rule[f.rule].append(f)
    rules = ET.SubElement(root, "testsuite", name="newsgate.rules")
    for rule in [*RULES, *sorted(set(by_rule) - set(RULES))]:
        case = ET.SubElement(rules, "testcase", classname="newsgate.rules", name=rule)
        errors = [f for f in by_rule.get(rule, []) if f.severity == "error" and not f.accepted]
        others = [f for f in by_rule.get(rule, []) if f.accepted or f.severity != "error"]
        if errors:
            failure = ET.SubElement(
                case, "failure", type=rule, message=_xml_text(f"{len(errors)} finding(s): {errors[0].message}")
            )
            failure.text = _xml_text("\n".join(f"{_location(f)}: {f.message}" for f in errors))
        if others:
            out = ET.SubElement(case, "system-out")
            out.text = _xml_text(
                "\n".join(f"{_location(f)}: {'accepted' if f.accepted else f.severity}: {f.message}" for f in others)
            )
    schemas = ET.SubElement(root, "testsuite", name="newsgate.schemas")
    for s in result.schemas:
        case = ET.SubElement(schemas, "testcase", classname="newsgate.schemas", name=f"{s.table} ({s.schema})")
        if not s.success:
            failure = ET.SubElement(case, "failure", type="schema-violation", message=f"{len(s.failures)} failure(s)")
            failure.text = _xml_text("\n".join(json.dumps(x, default=str, ensure_ascii=False) for x in s.failures))
    for suite in result.expectations:
        node = ET.SubElement(root, "testsuite", name=f"newsgate.expectations.{suite.name}")
        for i, e in enumerate(suite.expectations, 1):
            target = e.kwargs.get("column") or e.kwargs.get("column_list") or ""
            name = f"{i:02d} {e.type}" + (f" {target}" if target else "")
            case = ET.SubElement(
                node, "testcase", classname=f"newsgate.expectations.{suite.name}", name=_xml_text(name)
            )
            if e.raised_exception:
                ET.SubElement(case, "error", type="exception", message=_xml_text(e.message))
            elif not e.success:
                ET.SubElement(case, "failure", type="expectation-failed", message=_xml_text(e.message))
    _count(root)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _count(root: ET.Element) -> None:
    """The tests/failures/errors/skipped attributes, on every suite and on the root."""
    totals = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
    for suite in root.iter("testsuite"):
        cases = suite.findall("testcase")
        counts = {
            "tests": len(cases),
            "failures": sum(1 for c in cases if c.find("failure") is not None),
            "errors": sum(1 for c in cases if c.find("error") is not None),
            "skipped": sum(1 for c in cases if c.find("skipped") is not None),
        }
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))


# --- SARIF ---------------------------------------------------------------------------------------


def _relative(path: str) -> str | None:
    """The path relative to the current folder (POSIX form), or None when it lies outside it."""
    p = Path(path)
    if not p.is_absolute():
        return p.as_posix()
    try:
        return p.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return None


def _uri(path: str) -> tuple[str, str | None]:
    """A path as a SARIF artifact URI: relative (base %SRCROOT%, which code-scanning services map to
    the checkout) where it lies below the current folder, else an absolute file URI."""
    rel = _relative(path)
    if rel is None:
        return Path(path).as_uri(), None
    return quote(rel, safe="/-._~"), "%SRCROOT%"


def _physical(path: str, region: dict[str, Any]) -> dict[str, Any]:
    uri, base = _uri(path)
    artifact: dict[str, Any] = {"uri": uri}
    if base:
        artifact["uriBaseId"] = base
    return {"physicalLocation": {"artifactLocation": artifact, "region": region}}


def _region(f: Finding, article: Article | None) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": max(1, f.line), "startColumn": max(1, f.column)}
    if article is not None and f.end > f.start:
        end_line, end_col = article.line_col(f.end)
        region.update(endLine=end_line, endColumn=end_col, snippet={"text": f.text})
    return region


def _level(severity: str) -> str:
    return {"error": "error", "warning": "warning"}.get(severity, "note")


def _rule_name(rule: str) -> str:
    return "".join(part.capitalize() for part in rule.split("-"))


def to_sarif(result: GateResult) -> str:
    """SARIF 2.1.0 log with one run; baselined findings carry an external, accepted suppression."""
    articles = {a.id: a for a in result.articles}
    rule_ids = [*RULES, *sorted({f.rule for f in result.findings} - set(RULES))]
    rules = []
    for rule in rule_ids:
        meta = RULES.get(rule)
        summary = meta.summary if meta else rule
        rules.append(
            {
                "id": rule,
                "name": _rule_name(rule),
                "shortDescription": {"text": summary},
                "fullDescription": {"text": summary},
                "defaultConfiguration": {"level": _level(meta.severity if meta else "warning")},
            }
        )
    results = []
    for f in result.findings:
        article = articles.get(f.article)
        entry: dict[str, Any] = {
            "ruleId": f.rule,
            "ruleIndex": rule_ids.index(f.rule),
            "level": _level(f.severity),
            "message": {"text": f.message + (f" (suggestion: {f.suggestion})" if f.suggestion else "")},
            "locations": [_physical(f.path, _region(f, article))],
        }
        related = [
            _related(i, r.article, r.start, r.end, r.text, articles)
            for i, r in enumerate(f.related, 1)
            if r.article in articles
        ]
        if related:
            entry["relatedLocations"] = related
        if f.fingerprint:
            entry["partialFingerprints"] = {FINGERPRINT_KEY: f.fingerprint}
        entry["suppressions"] = (
            [{"kind": "external", "status": "accepted", "justification": f.reason or "accepted in the baseline"}]
            if f.accepted
            else []
        )
        results.append(entry)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "newsgate",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def _related(i: int, article_id: str, start: int, end: int, text: str, articles: dict[str, Article]) -> dict[str, Any]:
    article = articles[article_id]
    line, col = article.line_col(start)
    end_line, end_col = article.line_col(end)
    region = {
        "startLine": line,
        "startColumn": col,
        "endLine": end_line,
        "endColumn": end_col,
        "snippet": {"text": text},
    }
    location = _physical(article.path or article.id, region)
    location["id"] = i
    location["message"] = {"text": f"stated in {article_id}"}
    return location


# --- GitHub workflow commands --------------------------------------------------------------------


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def to_github(result: GateResult) -> list[str]:
    """``::error``/``::warning`` annotation lines for open findings (accepted ones stay quiet), then a summary."""
    articles = {a.id: a for a in result.articles}
    lines = []
    for f in _open(result.findings):
        path = _relative(f.path) or Path(f.path).as_posix()
        props = [f"file={_escape_property(path)}", f"line={max(1, f.line)}", f"col={max(1, f.column)}"]
        article = articles.get(f.article)
        if article is not None and f.end > f.start:
            end_line, end_col = article.line_col(f.end)
            props += [f"endLine={end_line}", f"endColumn={end_col}"]
        props.append(f"title={_escape_property(f.rule)}")
        lines.append(f"::{f.severity} {','.join(props)}::{_escape_data(f.message)}")
    from newsgate.output import text_lines

    return [*lines, text_lines(result, quiet=True)[-1]]  # the summary line, as the text format prints it
