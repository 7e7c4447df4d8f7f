"""The baseline: findings a maintainer has reviewed and accepted, each with a reason.

Kept as YAML in the corpus repo, keyed by fingerprint (which survives edits elsewhere in
the article). Accepted findings are still reported but do not fail the gate; an entry
whose finding is gone is reported as stale. Rewriting the file never drops a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from newsgate.checks.findings import Finding
from newsgate.errors import NewsgateError
from newsgate.tables import write_atomic

HEADER = (
    "# newsgate baseline: reviewed findings that do not fail the gate.\n"
    "# Every entry needs a reason. Written by `newsgate baseline`; edit reasons by hand.\n"
)


@dataclass
class Entry:
    fingerprint: str
    rule: str
    article: str
    text: str
    reason: str


def load_baseline(path: Path) -> list[Entry]:
    """Entries of a baseline file; a missing file is an empty baseline, a broken one an error."""
    if not path.exists():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError) as exc:
        raise NewsgateError(f"{path}: cannot read baseline ({exc})") from None
    except yaml.YAMLError as exc:
        raise NewsgateError(f"{path}: baseline is not valid YAML ({str(exc).splitlines()[0]})") from None
    items = data.get("accepted") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise NewsgateError(f"{path}: baseline must be a mapping with an 'accepted' list")
    entries = []
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("fingerprint"), str):
            raise NewsgateError(f"{path}: entry {i} has no fingerprint")
        reason = item.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise NewsgateError(f"{path}: entry {i} ({item['fingerprint']}) has no reason")
        entries.append(
            Entry(
                item["fingerprint"],
                str(item.get("rule", "")),
                str(item.get("article", "")),
                str(item.get("text", "")),
                reason.strip(),
            )
        )
    return entries


def apply_baseline(findings: list[Finding], entries: list[Entry]) -> list[Entry]:
    """Mark accepted findings; return the stale entries (no finding has their fingerprint)."""
    by_fp = {e.fingerprint: e for e in entries}
    seen = set()
    for f in findings:
        entry = by_fp.get(f.fingerprint)
        if entry is not None:
            f.accepted, f.reason = True, entry.reason
            seen.add(f.fingerprint)
    return [e for e in entries if e.fingerprint not in seen]


def update_baseline(
    path: Path, findings: list[Finding], reason: str | None, prune: bool = False
) -> tuple[int, int, int]:
    """Accept every current finding. Returns (kept, added, pruned).

    Existing entries keep their reasons; new entries need ``reason``; stale entries stay
    unless ``prune`` is set.
    """
    entries = load_baseline(path)
    known = {e.fingerprint for e in entries}
    current = {f.fingerprint for f in findings}
    new = [f for f in findings if f.fingerprint not in known and f.severity in ("error", "warning")]
    if new and not (reason and reason.strip()):
        raise NewsgateError(f'{len(new)} new finding(s) need a reason: pass --reason "why they are accepted"')
    stale = [e for e in entries if e.fingerprint not in current]
    kept = [e for e in entries if not (prune and e.fingerprint not in current)]
    kept += [Entry(f.fingerprint, f.rule, f.article, f.text, str(reason).strip()) for f in new]
    kept.sort(key=lambda e: (e.article, e.rule, e.text, e.fingerprint))
    body = yaml.safe_dump({"accepted": [e.__dict__ for e in kept]}, sort_keys=False, allow_unicode=True, width=100)
    write_atomic(path, HEADER + body)
    return len(entries) - (len(stale) if prune else 0), len(new), len(stale) if prune else 0
