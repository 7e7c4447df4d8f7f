"""The README documents every rule and starts with the two commands."""

from __future__ import annotations

from newsgate.checks.rules import RULES

from .conftest import REPO


def test_readme_lists_every_rule_with_its_default() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for rule in RULES.values():
        assert f"| `{rule.id}` | {rule.severity} |" in readme, rule.id


def test_readme_starts_with_the_two_commands() -> None:
    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    block = lines[lines.index("```sh") + 1 : lines.index("```sh") + 3]
    assert block == ["python3 -m pip install nox && nox -s gate", "python3 -m pip install nox && nox -s tests"]
