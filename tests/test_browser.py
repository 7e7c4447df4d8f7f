"""The reports in a real browser: headless Chromium (Debian's chromium + chromidriver, through
Selenium) with the network blocked, every request logged through the DevTools performance log.

Skips where Chromium is not installed, except in CI (``CI`` set), where ``.ci/run`` installs it
and a missing browser is a failure.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from newsgate.checks.findings import Finding
from newsgate.config import Config, find_config
from newsgate.gate import GateResult, run_gate
from newsgate.reports import write_reports

from .conftest import REPO

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
SEED_TEXTS = ("Bakertermed", "stablising", "September 7, 2025")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1280,1000",
    # The network is blocked: no name resolves, and anything that still tried would meet a closed proxy.
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=127.0.0.1:9",
)


def _require(found: object, what: str) -> None:
    if not found:
        if os.environ.get("CI"):
            pytest.fail(f"{what} not installed; .ci/run installs Debian's chromium and chromium-driver")
        pytest.skip(f"{what} not installed (apt-get install chromium chromium-driver)")


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    _require(CHROMIUM, "chromium")
    _require(CHROMEDRIVER, "chromedriver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    browser = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    try:
        yield browser
    finally:
        browser.quit()


@dataclass
class Visit:
    urls: list[str]  # every request the page made
    failed: list[tuple[str, str]]  # (url, error) of requests that did not load
    errors: list[str]  # console errors (a script that failed, a resource that did not load)


def visit(driver: Any, page: Path) -> Visit:
    """Open a page from disk; what it requested comes from the DevTools log of this load only."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get("about:blank")
    driver.get_log("performance")  # drain what the browser did before this page
    driver.get_log("browser")
    driver.get(page.resolve().as_uri())
    WebDriverWait(driver, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")
    requests: dict[str, str] = {}
    failed = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message["method"] == "Network.requestWillBeSent":
            requests[params["requestId"]] = params["request"]["url"]
        elif message["method"] == "Network.loadingFailed":
            failed.append((requests.get(params["requestId"], "?"), params.get("errorText", "")))
    errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    return Visit(list(requests.values()), failed, errors)


def assert_offline(v: Visit) -> None:
    assert v.urls, "the DevTools log recorded no request"
    assert [u for u in v.urls if not u.startswith(("file:", "data:"))] == []
    assert v.failed == []
    assert v.errors == []


def screenshot_is_not_blank(driver: Any, path: Path) -> None:
    from PIL import Image

    assert driver.save_screenshot(str(path))
    with Image.open(path) as image:
        pixels = image.convert("RGB")
        colours = pixels.getcolors(maxcolors=1 << 24) or []
        share = max(count for count, _ in colours) / (pixels.width * pixels.height)
    assert len(colours) > 200, f"{len(colours)} distinct colours"
    assert share < 0.9, f"one colour covers {share:.0%} of the page"


@pytest.fixture(scope="module")
def seeds_reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reports")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(REPO)
        config = find_config(REPO)
        written = write_reports(run_gate(config, Path("seeds")), config, out)
    assert written.missing_assets == [] and written.unknown_urls == []
    return out


def test_corpus_report_offline_shows_verdict_and_seed_findings(driver: Any, seeds_reports: Path) -> None:
    from selenium.webdriver.common.by import By

    v = visit(driver, seeds_reports / "index.html")
    assert_offline(v)
    verdict = driver.find_element(By.ID, "verdict")
    assert verdict.is_displayed() and verdict.text == "PASSED"
    for text in SEED_TEXTS:
        marks = driver.find_elements(By.XPATH, f"//section[@id='accepted']//mark[text()='{text}']")
        assert marks and marks[0].is_displayed(), text
    odd = driver.find_elements(By.CSS_SELECTOR, "#mx td.odd")
    assert any("September 7, 2025" in cell.text for cell in odd)
    screenshot_is_not_blank(driver, seeds_reports / "screenshot.png")


def test_data_docs_offline_every_asset_loads(driver: Any, seeds_reports: Path) -> None:
    from selenium.webdriver.common.by import By

    site = seeds_reports / "data-docs"
    index = visit(driver, site / "index.html")
    assert_offline(index)
    assert len([u for u in index.urls if "/static/vendor/" in u]) >= 10
    assert driver.execute_script("return typeof jQuery.fn.bootstrapTable === 'function' && typeof vegaEmbed")
    rows = driver.find_elements(By.CSS_SELECTOR, ".bootstrap-table tbody tr")
    assert len(rows) >= 3 and "seeds_deal_amount" in driver.page_source
    font = driver.execute_script("return getComputedStyle(document.querySelector('.fas'), '::before').fontFamily")
    assert "Font Awesome" in font
    page = next(site.glob("validations/seeds_deal_amount/**/*.html"))
    validation = visit(driver, page)
    assert_offline(validation)
    assert driver.find_element(By.CSS_SELECTOR, ".newsgate-back a").is_displayed()
    screenshot_is_not_blank(driver, seeds_reports / "data-docs.png")


HOSTILE = (
    "Acme Corp said <script>window.__pwned = 1; document.title = 'pwned'</script> the deal was worth $500 million.\n"
    '<img src=x onerror="window.__pwned = 2"> <svg onload="window.__pwned = 3"></svg>\n'
)


def test_hostile_article_runs_nothing(driver: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "evil.txt").write_text(HOSTILE, encoding="utf-8")
    (corpus / "calm.txt").write_text("Acme Corp said the deal was worth $500 million.\n", encoding="utf-8")
    result = run_gate(Config(corpus=str(corpus), extracted="", cache="off", root=corpus), corpus)
    written = write_reports(result, Config(root=corpus), tmp_path / "reports")
    v = visit(driver, written.index)
    assert_offline(v)
    assert driver.execute_script("return [window.__pwned === undefined, document.title]") == [
        True,
        "newsgate corpus report",
    ]
    assert driver.find_elements(By.CSS_SELECTOR, "img, svg") == []
    text = driver.find_element(By.XPATH, "//article[h3[text()='evil']]//div[@class='text']").text
    assert "<script>window.__pwned = 1" in text and '<img src=x onerror="window.__pwned = 2">' in text


def replicated(result: GateResult, n: int) -> GateResult:
    """A corpus of ``n`` articles: the seeds again and again under new ids (facts and findings too)."""
    copies = [(f"{i:04d}_{a.id}", a) for i, a in zip(range(n), itertools.cycle(result.articles), strict=False)]
    articles = [dataclasses.replace(a, id=new, path=f"big/{new}.txt") for new, a in copies]
    tables = {}
    for name, df in result.tables.items():
        rows = {a.id: df[df["article"] == a.id] for a in result.articles}
        tables[name] = pd.concat([rows[a.id].assign(article=new) for new, a in copies], ignore_index=True)
    by_article: dict[str, list[Finding]] = {}
    for f in result.findings:
        by_article.setdefault(f.article, []).append(f)
    findings = [
        dataclasses.replace(f, article=new, path=f"big/{new}.txt")
        for new, a in copies
        for f in by_article.get(a.id, [])
    ]
    return GateResult(articles, tables, findings)


def test_a_thousand_articles_stay_paged(driver: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(REPO)
        seeds = run_gate(find_config(REPO), Path("seeds"), use_baseline=False, expectations=False)
    written = write_reports(replicated(seeds, 1000), Config(root=tmp_path), tmp_path / "reports")
    assert_offline(visit(driver, written.index))
    shown = "return document.querySelectorAll('article.art:not([hidden]):not(.filtered)').length"
    assert driver.execute_script(shown) == 10
    assert "page 1 of 100" in driver.find_element(By.CSS_SELECTOR, "#articles .pager").text
    assert len(driver.find_elements(By.CSS_SELECTOR, "#mx thead th")) <= 9  # the claim column and 8 articles
    assert len(driver.find_elements(By.CSS_SELECTOR, "#mx tbody tr")) <= 25
    box = driver.find_element(By.CSS_SELECTOR, "input[data-filter='articles']")
    box.send_keys("0999_")
    assert driver.execute_script(shown) == 1
    box.clear()
    driver.execute_script("arguments[0].dispatchEvent(new Event('input'))", box)
    link = driver.find_element(By.CSS_SELECTOR, "#findings li.finding .loc a[href='#art-998']")
    driver.execute_script("arguments[0].click()", link)  # a link into page 100 turns the pager there
    assert driver.find_element(By.ID, "art-998").is_displayed()
    assert driver.execute_script(shown) == 10
