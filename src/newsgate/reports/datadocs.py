"""Make Great Expectations Data Docs self-contained: every asset served from the site folder.

GX 1.x pages load Bootstrap, jQuery, Font Awesome, bootstrap-table, bootstrap-datepicker and
Vega from CDNs, and a logo from a cloud bucket, so offline they render unstyled and phone home
when opened. :func:`make_offline` copies the same libraries from installed packages into
``static/vendor/`` and rewrites every page (and stylesheet) to load them from there:

- PyPI: XStatic-Bootstrap (4.5.3; the bundle build carries Popper), XStatic-jQuery (3.7.1),
  XStatic-Font-Awesome (6.2.1), XStatic-Bootstrap-Datepicker (1.4.0), django-js-lib-vega-embed
  (vega 5, vega-lite 5, vega-embed 6: plain static files, Django is not needed);
- npm, installed at install time (``npm ci`` in ``reports/assets/``, run by the nox sessions):
  bootstrap-table 1.19.1, which has no PyPI package.

Nothing is fetched when a report is written. A remote asset with no local copy is dropped rather
than left to load; :func:`remote_loads` (an HTML parser, independent of the rewriting) verifies
that no page or stylesheet still asks the browser for anything off the machine.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

NPM_MODULES = Path(__file__).parent / "assets" / "node_modules"
VENDOR = "static/vendor"
BACK_LINK_CLASS = "newsgate-back"


@dataclass(frozen=True)
class Asset:
    """One library file: the CDN URLs GX writes for it, where the installed copy lives, where it goes."""

    urls: str  # regex matched against the whole CDN URL
    source: str  # "python:<module>" or "npm"
    path: str  # file (or folder) inside the module's folder / node_modules
    target: str  # path under static/vendor/
    extra: tuple[str, ...] = ()  # folders the file needs beside it (fonts), copied along


ASSETS: tuple[Asset, ...] = (
    Asset(r".*/bootstrap/4\.[\d.]+/css/bootstrap\.min\.css", "python:xstatic.pkg.bootstrap",
          "data/css/bootstrap.min.css", "bootstrap/css/bootstrap.min.css"),
    Asset(r".*/bootstrap/4\.[\d.]+/js/bootstrap\.min\.js", "python:xstatic.pkg.bootstrap",
          "data/js/bootstrap.bundle.min.js", "bootstrap/js/bootstrap.bundle.min.js"),
    Asset(r".*/jquery-3\.[\d.]+\.min\.js", "python:xstatic.pkg.jquery", "data/jquery.min.js", "jquery/jquery.min.js"),
    Asset(r".*/font-awesome/6\.[\d.]+/css/all\.min\.css", "python:xstatic.pkg.font_awesome",
          "data/css/all.min.css", "font-awesome/css/all.min.css", extra=("data/webfonts",)),
    Asset(r".*/bootstrap-datepicker/1\.[\d.]+/css/bootstrap-datepicker\.min\.css",
          "python:xstatic.pkg.bootstrap_datepicker", "data/datepicker.css", "bootstrap-datepicker/datepicker.css"),
    Asset(r".*/bootstrap-datepicker/1\.[\d.]+/js/bootstrap-datepicker\.min\.js",
          "python:xstatic.pkg.bootstrap_datepicker", "data/bootstrap-datepicker.js",
          "bootstrap-datepicker/bootstrap-datepicker.js"),
    Asset(r".*/npm/vega@5", "python:js_lib_vega_embed", "static/js_lib_vega_embed/vega5.js", "vega/vega5.js"),
    Asset(r".*/npm/vega-lite@5", "python:js_lib_vega_embed", "static/js_lib_vega_embed/vega-lite5.js",
          "vega/vega-lite5.js"),
    Asset(r".*/npm/vega-embed@6", "python:js_lib_vega_embed", "static/js_lib_vega_embed/vega-embed6.js",
          "vega/vega-embed6.js"),
    Asset(r".*/bootstrap-table@1\.[\d.]+/dist/bootstrap-table\.min\.css", "npm",
          "bootstrap-table/dist/bootstrap-table.min.css", "bootstrap-table/bootstrap-table.min.css"),
    Asset(r".*/bootstrap-table@1\.[\d.]+/dist/bootstrap-table\.min\.js", "npm",
          "bootstrap-table/dist/bootstrap-table.min.js", "bootstrap-table/bootstrap-table.min.js"),
    Asset(r".*/bootstrap-table@1\.[\d.]+/dist/extensions/filter-control/bootstrap-table-filter-control(\.min)?\.css",
          "npm", "bootstrap-table/dist/extensions/filter-control/bootstrap-table-filter-control.min.css",
          "bootstrap-table/bootstrap-table-filter-control.min.css"),
    Asset(r".*/bootstrap-table@1\.[\d.]+/dist/extensions/filter-control/bootstrap-table-filter-control\.min\.js",
          "npm", "bootstrap-table/dist/extensions/filter-control/bootstrap-table-filter-control.min.js",
          "bootstrap-table/bootstrap-table-filter-control.min.js"),
)  # fmt: skip
# GX's own images are copied into the site by GX; only the URL points elsewhere.
SITE_IMAGES = {r"https://great-expectations-web-assets\.s3[^\"']*/logo-long\.png[^\"']*": "static/images/logo-long.png"}
# Loaded by GX but not needed offline: popper (inside the Bootstrap bundle), the dark theme.
DROPPED = (r".*/popper(\.js)?[@/].*", r".*/bootstrap-dark@.*")

_TAG = re.compile(r"<(script|link|img)\b[^>]*>(?:\s*</script>)?", re.IGNORECASE)
_URL_ATTR = re.compile(r"""\b(src|href)\s*=\s*(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)
_SRI_ATTR = re.compile(r"""\s+(integrity|crossorigin)(\s*=\s*(["']).*?\3)?""", re.IGNORECASE | re.DOTALL)
_CSS_REMOTE_URL = re.compile(r"""url\(\s*(["']?)\s*(?:https?:)?//[^)]*?\1\s*\)""", re.IGNORECASE)
_CSS_REMOTE_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*["']?(?:https?:)?//[^;]*;""", re.IGNORECASE)
_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)


@dataclass
class OfflineResult:
    """What :func:`make_offline` did: pages rewritten, assets copied, and what it could not serve locally."""

    pages: list[Path] = field(default_factory=list)
    copied: list[str] = field(default_factory=list)  # targets under static/vendor/
    missing: list[str] = field(default_factory=list)  # assets whose package is not installed (tag dropped)
    unknown: list[str] = field(default_factory=list)  # remote URLs no table entry knows (tag dropped)


def is_remote(url: str) -> bool:
    """True for a URL the browser would fetch from another machine (http, https, protocol-relative, ...)."""
    url = url.strip()
    if url.startswith("//"):
        return True
    return urlsplit(url).scheme.lower() in {"http", "https", "ftp", "ws", "wss"}


def package_dir(asset: Asset) -> Path | None:
    """The folder of the installed package an asset comes from, or None when it is not installed."""
    if asset.source == "npm":
        return NPM_MODULES if (NPM_MODULES / asset.path).exists() else None
    spec = importlib.util.find_spec(asset.source.removeprefix("python:"))
    if spec is None or not spec.submodule_search_locations:
        return None
    base = Path(next(iter(spec.submodule_search_locations)))
    return base if (base / asset.path).exists() else None


def make_offline(site: Path, report_index: Path | None = None) -> OfflineResult:
    """Copy the assets into ``site/static/vendor`` and rewrite every page and stylesheet under ``site``.

    ``report_index``: newsgate's own report page; each Data Docs page gets a link back to it.
    """
    result = OfflineResult()
    available: dict[Asset, str] = {}
    for asset in ASSETS:
        base = package_dir(asset)
        if base is None:
            result.missing.append(f"{asset.source}:{asset.path}")
            continue
        target = site / VENDOR / asset.target
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(base / asset.path, target)
        for folder in asset.extra:  # beside the file's own folder, where its relative URLs point
            shutil.copytree(base / folder, target.parent.parent / Path(folder).name, dirs_exist_ok=True)
        available[asset] = f"{VENDOR}/{asset.target}"
        result.copied.append(asset.target)
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        new = _rewrite_page(text, page, site, available, result)
        if report_index is not None:
            new = _add_back_link(new, _relative(report_index, page.parent))
        page.write_text(new, encoding="utf-8")
        result.pages.append(page)
    for sheet in sorted(site.rglob("*.css")):
        if VENDOR not in sheet.relative_to(site).as_posix():
            sheet.write_text(_rewrite_css(sheet.read_text(encoding="utf-8")), encoding="utf-8")
    return result


def _relative(target: Path, folder: Path) -> str:
    return Path(os.path.relpath(target, folder)).as_posix()


def _rewrite_page(text: str, page: Path, site: Path, available: dict[Asset, str], result: OfflineResult) -> str:
    def tag(match: re.Match[str]) -> str:
        whole = match.group(0)
        attr = _URL_ATTR.search(whole)
        if attr is None:
            return whole
        url = attr.group(3)
        if not is_remote(url):
            fixed = _repair_local(url, page, site)
            return whole if fixed is None else whole[: attr.start(3)] + fixed + whole[attr.end(3) :]
        local = _local_path(url, available)
        if local is None:
            if not any(re.fullmatch(p, url) for p in DROPPED) and not _known_missing(url):
                result.unknown.append(url)
            return ""
        new_url = _relative(site / local, page.parent)
        whole = whole[: attr.start(3)] + new_url + whole[attr.end(3) :]
        return _SRI_ATTR.sub("", whole)  # the hashes name the CDN's bytes, not the packaged build

    return _rewrite_css(_TAG.sub(tag, text))


def _repair_local(url: str, page: Path, site: Path) -> str | None:
    """A relative URL that misses its file, repointed to the same path from the site root.

    GX 1.24 writes the favicon of validation pages one ``../`` short.
    """
    if not _is_relative_file(url) or (page.parent / url).exists():
        return None
    rest = re.sub(r"^(\.\./)+", "", url)
    return _relative(site / rest, page.parent) if (site / rest).is_file() else None


def _is_relative_file(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.path) and not parts.scheme and not parts.netloc and not parts.path.startswith("/")


def _local_path(url: str, available: dict[Asset, str]) -> str | None:
    for pattern, local in SITE_IMAGES.items():
        if re.fullmatch(pattern, url):
            return local
    for asset, local in available.items():
        if re.fullmatch(asset.urls, url):
            return local
    return None


def _known_missing(url: str) -> bool:
    """A URL of a known asset whose package is not installed (reported as missing, not unknown)."""
    return any(re.fullmatch(a.urls, url) for a in ASSETS)


def _rewrite_css(text: str) -> str:
    """Remote images and imports in CSS: none (GX uses one for a dark-mode logo)."""
    return _CSS_REMOTE_IMPORT.sub("", _CSS_REMOTE_URL.sub("none", text))


def _add_back_link(text: str, href: str) -> str:
    link = (
        f'<div class="{BACK_LINK_CLASS} bg-light border-bottom px-3 py-1 small">'
        f'<a href="{escape(href)}">&larr; newsgate corpus report</a></div>'
    )
    return _BODY.sub(lambda m: m.group(0) + link, text, count=1)


# --- verification -------------------------------------------------------------------------------

_LOADING_ATTRS = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "source": ("src", "srcset"),
    "track": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "object": ("data",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
}
_CSS_URL = re.compile(r"""url\(\s*["']?([^"')]*)""", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"""@import\s+["']([^"']*)""", re.IGNORECASE)


def css_loads(css: str) -> list[str]:
    """URLs a stylesheet would fetch (``url(...)`` and ``@import``), data: URIs left out."""
    return [u for u in _CSS_URL.findall(css) + _CSS_IMPORT.findall(css) if not u.startswith("data:")]


def css_remote_loads(css: str) -> list[str]:
    """Remote URLs a stylesheet would fetch."""
    return [u for u in css_loads(css) if is_remote(u)]


class _LoadFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): v or "" for k, v in attrs}
        for name in _LOADING_ATTRS.get(tag, ()):
            for url in _srcset(values[name]) if name == "srcset" and name in values else [values.get(name, "")]:
                if url:
                    self.urls.append(url)
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.urls.append(values.get("content", "").partition("=")[2])
        if "style" in values:
            self.urls.extend(css_loads(values["style"]))
        self._in_style = tag == "style"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._in_style = False

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.urls.extend(css_loads(data))


def _srcset(value: str) -> Iterable[str]:
    return (part.split()[0] for part in value.split(",") if part.strip())


def _loads(html: str) -> list[str]:
    finder = _LoadFinder()
    finder.feed(html)
    finder.close()
    return finder.urls


def remote_loads(html: str) -> list[str]:
    """Every remote URL a browser would load for this page (scripts, styles, images, frames, CSS url())."""
    return [u for u in _loads(html) if is_remote(u)]


def missing_local_loads(page: Path) -> list[str]:
    """Relative URLs the page loads whose file does not exist (a request that would fail)."""
    urls = _loads(page.read_text(encoding="utf-8"))
    return [u for u in urls if _is_relative_file(u) and not (page.parent / urlsplit(u).path).exists()]
