"""Load the generic English rule data (``data/rules.yml``) once."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def rules() -> dict[str, Any]:
    """The parsed rule file: titles, organisation suffixes, stop list, spelling rules."""
    text = resources.files("newsgate").joinpath("data/rules.yml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data
