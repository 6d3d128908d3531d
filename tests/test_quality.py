"""Accessibility (axe-core in the browser) and HTML validity (the Nu HTML checker) of every
page type. Both tools come from the npm registry (package.json); the checker runs on Java."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from test_browser import PAGE_TYPES

from conftest import REPO
from helpers.html_check import html_errors

AXE = REPO / "node_modules/axe-core/axe.min.js"
VNU = REPO / "node_modules/vnu-jar/build/dist/vnu.jar"
MORE_PAGE_TYPES = [
    "metrics/",
    "metrics/skills-training/",
    "tags/",
    "tags/技能提升/",
    "timeline/",
    "timeline/2024/",
    "workers/liao-zhibin/",  # a worker with a portrait (ma-ben has none)
    "no-such-page/",  # the 404 page, as a static host serves it
]


def test_every_page_type_listed_here_is_a_page_of_the_shipped_site(shipped_site: Path) -> None:
    # A listed address the site no longer has would be served the 404 page and test that page
    # twice (timeline/2022/ went when the shipped stats got their periods).
    missing = [url for url in PAGE_TYPES + MORE_PAGE_TYPES if not (shipped_site / url / "index.html").is_file()]
    assert missing == ["no-such-page/"]


@pytest.mark.parametrize("viewport", [(390, 844), (1280, 800)], ids=["phone", "desktop"])
@pytest.mark.parametrize("url", PAGE_TYPES + MORE_PAGE_TYPES)
def test_no_serious_accessibility_violation(
    browser: Browser, base_url: str, url: str, viewport: tuple[int, int]
) -> None:
    page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
    # Before the page's own scripts and outside its Content-Security-Policy, which refuses a
    # script tag added afterwards.
    page.add_init_script(path=str(AXE))
    page.goto(base_url + url, wait_until="networkidle")
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    page.close()
    serious = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"][:5]],
        }
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], json.dumps(serious, ensure_ascii=False, indent=1)


# The Nu HTML checker starts a Java VM: about 4 s of CPU however few pages it reads.
@pytest.mark.slow
def test_every_page_is_valid_html(shipped_site: Path) -> None:
    result = html_errors(sorted(shipped_site.rglob("*.html")))
    assert result.returncode == 0, result.stderr[:5000]
