"""Which articles a change touched: from git (``--since REV``) or a list of files.

git is run with an argument list, never through a shell. A changed manifest touches every
article it describes; a changed JSONL file is compared article by article with its text at REV.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from newsgate.errors import NewsgateError
from newsgate.model import normalise_newlines
from newsgate.readers import MANIFEST_NAMES, read_corpus


def _git(cwd: Path, *args: str) -> str:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise NewsgateError("--since needs git, which is not installed") from None
    if proc.returncode != 0:
        message = (proc.stderr.strip().splitlines() or ["git failed"])[-1]
        raise NewsgateError(f"git {' '.join(args[:2])}: {message}")
    return proc.stdout


def changed_ids(corpus: Path, since: str | None, files: list[str]) -> set[str]:
    """Article ids changed since ``since`` (committed, staged, unstaged or untracked) plus ``files``."""
    corpus = corpus.resolve()
    folder = corpus if corpus.is_dir() else corpus.parent
    paths = [Path(f).resolve() for f in files]
    if since is not None:
        top = Path(_git(folder, "rev-parse", "--show-toplevel").strip())
        _git(top, "rev-parse", "--verify", "--quiet", f"{since}^{{commit}}")
        names = _git(top, "diff", "--name-only", "--no-renames", since, "--", str(folder)).splitlines()
        names += _git(top, "ls-files", "--others", "--exclude-standard", "--", str(folder)).splitlines()
        paths += [top / n for n in names]
    ids: set[str] = set()
    for path in paths:
        if corpus.is_file() and path == corpus:
            ids |= _changed_in_jsonl(corpus, since)
        elif path.parent == folder and path.name in MANIFEST_NAMES:
            ids |= {a.id for a in read_corpus(folder)}
        elif path.parent == folder and path.suffix == ".txt":
            ids.add(path.stem)
    return ids


def _changed_in_jsonl(corpus: Path, since: str | None) -> set[str]:
    now = {a.id: a.text for a in read_corpus(corpus)}
    if since is None:
        return set(now)
    top = Path(_git(corpus.parent, "rev-parse", "--show-toplevel").strip())
    rel = corpus.relative_to(top).as_posix()
    try:
        old_text = _git(top, "show", f"{since}:{rel}")
    except NewsgateError:
        return set(now)  # the file is new
    before: dict[str, str] = {}
    for line in old_text.splitlines():
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(obj, dict) and "id" in obj:
            before[str(obj["id"])] = normalise_newlines(str(obj.get("text", "")))
    return {i for i, t in now.items() if before.get(i) != t}
