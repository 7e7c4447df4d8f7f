"""Configuration: ``[tool.newsgate]`` in pyproject.toml or a ``newsgate.toml``, found from the
current directory upwards. Every key is declared here; an unknown key is an error."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from newsgate.errors import NewsgateError


@dataclass
class Config:
    """All settings, with the defaults that make ``newsgate check PATH`` work with no file at all."""

    corpus: str = "."
    extracted: str = "extracted"
    mode: str = "default"
    registry: str = ""
    baseline: str = ""
    corrections: str = ""
    expectations: str = ""
    schemas: str = ""
    reports: str = "reports"
    cache: str = ""  # "" = .newsgate-cache beside the configuration (user cache folder without one); "off"
    jobs: int = 0  # extraction processes; 0 = one per core
    max_article_bytes: int = 5_000_000
    severity: dict[str, str] = field(default_factory=dict)
    disable: list[str] = field(default_factory=list)
    root: Path = field(default_factory=Path.cwd)
    source: str = ""

    def path(self, value: str) -> Path:
        """A configured path (relative to the configuration file's folder), shown relative
        to the current directory where it lies below it."""
        path = (self.root / value) if value else self.root
        try:
            return path.resolve().relative_to(Path.cwd().resolve())
        except ValueError:
            return path

    def cache_folder(self) -> Path | None:
        """Where extraction results are cached, or None when caching is off."""
        if self.cache == "off":
            return None
        if self.cache:
            return self.path(self.cache)
        if self.source:
            return self.root / ".newsgate-cache"
        import platformdirs

        return Path(platformdirs.user_cache_dir("newsgate")) / "extract"


def default_jobs(config: Config) -> int:
    """Worker processes for extraction: as configured, else one per core this process may use."""
    import os

    if config.jobs > 0:
        return config.jobs
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def find_config(start: Path | None = None) -> Config:
    """The configuration in force in ``start`` (default: the current directory)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        own = folder / "newsgate.toml"
        if own.is_file():
            return _load(own, _read_toml(own))
        project = folder / "pyproject.toml"
        if project.is_file():
            data = _read_toml(project)
            section = data.get("tool", {}).get("newsgate")
            if section is not None:
                return _load(project, {"tool": {"newsgate": section}})
    return Config(root=here)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise NewsgateError(f"{path}: not valid TOML ({exc})") from None
    except OSError as exc:
        raise NewsgateError(f"{path}: cannot read ({exc.strerror})") from None


def _load(path: Path, data: dict[str, Any]) -> Config:
    section = data["tool"]["newsgate"] if path.name == "pyproject.toml" else data
    where = f"{path} [tool.newsgate]" if path.name == "pyproject.toml" else str(path)
    if not isinstance(section, dict):
        raise NewsgateError(f"{where}: expected a table of settings")
    known = {f.name: f for f in fields(Config) if f.name not in ("root", "source")}
    values: dict[str, Any] = {}
    for key, value in section.items():
        if key not in known:
            raise NewsgateError(f"{where}: unknown key {key!r} (known: {', '.join(sorted(known))})")
        expected = {"severity": dict, "disable": list, "jobs": int, "max_article_bytes": int}.get(key, str)
        if not isinstance(value, expected) or isinstance(value, bool):
            raise NewsgateError(f"{where}: {key!r} must be a {expected.__name__}")
        values[key] = value
    return Config(**values, root=path.parent, source=str(path))
