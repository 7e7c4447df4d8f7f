"""Allow ``python -m newsgate``."""

from newsgate.cli import run

run()
