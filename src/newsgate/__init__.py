"""newsgate: a data-quality gate for news corpora."""

__version__ = "0.1.0"
